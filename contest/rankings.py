"""Rankings of both stages, from the verified totals, by the scoring module's rank() (R9: equal totals share a place).

Stage 1 ranks a municipality's participants in each size category and sector; stage 2 ranks the forwarded winners in
each nomination of the contest (and in each sector for a per-sector nomination). A tie at a prize place is flagged
until a commission records how it is resolved (TieResolution); no hidden tie-break is applied.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

import scoring

from .enums import FORWARDED_STATES, RANKED_STATES, SizeCategory
from .models import Contest, Nomination, Participation, Sector, TieResolution


@dataclass(frozen=True)
class Entry:
    participation: Participation
    total: Decimal
    place: int
    tied: bool  # shares its total with another participant of the group
    prize: bool  # within the group's prize places (False for everyone in a tie not yet resolved)


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    size_category: str
    sector: Sector | None
    nomination: Nomination | None
    places: int
    entries: tuple[Entry, ...]
    tied_at_prize: tuple[Participation, ...]  # the participants whose order a commission must decide
    resolution: TieResolution | None  # the decision applied, if any

    @property
    def unresolved_tie(self) -> bool:
        return bool(self.tied_at_prize) and self.resolution is None

    @property
    def winners(self) -> tuple[Entry, ...]:
        return tuple(entry for entry in self.entries if entry.prize)


def total_of(participation: Participation) -> Decimal:
    card = participation.card
    total = card.verified_total if card.verified_total is not None else card.declared_total
    return total if total is not None else Decimal(0)


def rank_group(
    participations: Iterable[Participation],
    *,
    key: str,
    title: str,
    size_category: str,
    places: int,
    sector: Sector | None = None,
    nomination: Nomination | None = None,
    resolutions: dict[str, TieResolution] | None = None,
) -> Group:
    """Rank one group; apply the latest recorded resolution when it orders exactly the participants tied at a prize place."""
    by_pk = {p.pk: p for p in participations}
    ranked = scoring.rank([(pk, total_of(p)) for pk, p in by_pk.items()])
    tied_at_prize = [r.key for r in ranked if r.tied and r.place <= places]
    resolution = (resolutions or {}).get(key)
    if resolution is not None and sorted(resolution.order) != sorted(tied_at_prize):
        resolution = None  # the totals changed since: the old decision no longer fits
    places_of = {r.key: r.place for r in ranked}
    if resolution is not None:
        # Within each block of equal totals, the commission's order gives consecutive places.
        position = {pk: index for index, pk in enumerate(resolution.order)}
        for place in sorted({places_of[pk] for pk in tied_at_prize}):
            block = sorted((pk for pk in tied_at_prize if places_of[pk] == place), key=position.get)
            for offset, pk in enumerate(block):
                places_of[pk] = place + offset
    entries = sorted(
        (
            Entry(
                participation=by_pk[r.key],
                total=r.total,
                place=places_of[r.key],
                tied=r.tied,
                # An unresolved tie at a prize place leaves the prize undecided for everyone in it.
                prize=places_of[r.key] <= places and (resolution is not None or r.key not in tied_at_prize),
            )
            for r in ranked
        ),
        key=lambda entry: (entry.place, entry.participation.organization.full_name),
    )
    return Group(
        key=key,
        title=title,
        size_category=size_category,
        sector=sector,
        nomination=nomination,
        places=places,
        entries=tuple(entries),
        tied_at_prize=tuple(by_pk[pk] for pk in tied_at_prize),
        resolution=resolution,
    )


def _resolutions(contest: Contest) -> dict[str, TieResolution]:
    latest: dict[str, TieResolution] = {}
    for resolution in contest.tie_resolutions.select_related("decided_by").order_by("created_at", "pk"):
        latest[resolution.group] = resolution
    return latest


def _participations(contest: Contest, states: Iterable[str]) -> QuerySet[Participation]:
    return (
        Participation.objects.filter(contest=contest, state__in=list(states))
        .select_related("organization__municipality", "sector", "card")
        .order_by("pk")
    )


def municipal_key(municipality_id: int, size_category: str, sector_id: int) -> str:
    return f"m:{municipality_id}:{size_category}:{sector_id}"


def municipal_groups(contest: Contest, municipality_id: int) -> list[Group]:
    """Stage 1 (п. 4.4.3, 5.1): one group per size category and sector of the municipality; the first place wins."""
    # The municipal winners stay in their municipality's ranking after they move on in stage 2.
    states = RANKED_STATES | FORWARDED_STATES
    participations = _participations(contest, states).filter(organization__municipality_id=municipality_id)
    buckets: dict[tuple[str, int], list[Participation]] = {}
    for participation in participations:
        buckets.setdefault((participation.size_category, participation.sector_id), []).append(participation)
    resolutions = _resolutions(contest)
    sectors = {s.pk: s for s in contest.sectors.all()}
    groups = []
    for size, sector_id in sorted(buckets, key=lambda k: (k[0] != SizeCategory.MEDIUM_LARGE, sectors[k[1]].position)):
        sector = sectors[sector_id]
        groups.append(
            rank_group(
                buckets[(size, sector_id)],
                key=municipal_key(municipality_id, size, sector_id),
                title=f"{SizeCategory(size).label} · {sector.name}",
                size_category=size,
                places=1,
                sector=sector,
                resolutions=resolutions,
            )
        )
    return groups


def nomination_key(nomination_id: int, sector_id: int | None) -> str:
    return f"n:{nomination_id}" + (f":{sector_id}" if sector_id else "")


def nomination_groups(contest: Contest) -> list[Group]:
    """Stage 2 (п. 4.10–4.11): the forwarded winners of the whole region in each nomination, from the contest's data."""
    forwarded = list(_participations(contest, FORWARDED_STATES))
    resolutions = _resolutions(contest)
    groups = []
    for nomination in contest.nominations.all():
        candidates = [p for p in forwarded if p.size_category == nomination.size_category]
        if not nomination.per_sector:
            groups.append(
                rank_group(
                    candidates,
                    key=nomination_key(nomination.pk, None),
                    title=nomination.name,
                    size_category=nomination.size_category,
                    places=nomination.places,
                    nomination=nomination,
                    resolutions=resolutions,
                )
            )
            continue
        for sector in contest.sectors.all():
            in_sector = [p for p in candidates if p.sector_id == sector.pk]
            if in_sector:
                groups.append(
                    rank_group(
                        in_sector,
                        key=nomination_key(nomination.pk, sector.pk),
                        title=_("%(nomination)s: %(sector)s") % {"nomination": nomination.name, "sector": sector.name},
                        size_category=nomination.size_category,
                        places=nomination.places,
                        sector=sector,
                        nomination=nomination,
                        resolutions=resolutions,
                    )
                )
    return groups
