"""Live rankings of both stages, from the verified totals, by the scoring module's rank() and standings() (R9).

Stage 1 ranks a municipality's participants in each category of participants (группа участников: small or medium and
large business by R8, or a headcount band) and sector; stage 2 ranks the forwarded winners in each nomination of the
contest (in its category, or among all of them; in each sector for a per-sector nomination). Equal totals share a place; a tie
across the prize line (more tied entries than prize places left) is flagged until a commission records how it is
resolved (TieResolution: an order, or a shared place); no hidden tie-break is applied. Once a decision is recorded, its
snapshot (contest.snapshots) is what the pages and papers show, not these.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

import scoring

from .enums import FORWARDED_STATES, RANKED_STATES
from .models import Category, Contest, Nomination, Participation, Sector, TieResolution


@dataclass(frozen=True)
class Entry:
    participation: Participation
    total: Decimal
    place: int
    tied: bool  # shares its total with another participant of the group
    prize: bool  # within the group's prize places (False for everyone in a tie not yet resolved)
    undecided: bool = False  # in a tie across the prize line that awaits the commission
    shared: bool = False  # shares its place (equal totals not ordered by the commission)

    # What the ranking tables show, named as in a decision's snapshot entry (contest.snapshots.Entry).
    @property
    def participation_id(self) -> int:
        return self.participation.pk

    @property
    def name(self) -> str:
        organization = self.participation.organization
        return organization.short_name or organization.full_name

    @property
    def full_name(self) -> str:
        return self.participation.organization.full_name

    @property
    def inn(self) -> str:
        return self.participation.organization.inn

    @property
    def municipality(self) -> str:
        return self.participation.organization.municipality.name

    @property
    def sector(self) -> str:
        return self.participation.sector.name

    @property
    def state(self) -> str:
        return self.participation.state

    @property
    def state_label(self) -> str:
        return self.participation.get_state_display()

    @property
    def declared_total(self) -> Decimal | None:
        return self.participation.card.declared_total


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    size_category: str  # the code of the group's category; "" for a nomination over all of them
    sector: Sector | None
    nomination: Nomination | None
    places: int
    entries: tuple[Entry, ...]
    tied_at_prize: tuple[Participation, ...]  # tied across the prize line: a commission must decide (R9)
    resolution: TieResolution | None  # the decision applied, if any
    category_name: str = ""  # "" for a nomination over all categories
    category_genitive: str = ""  # after «среди организаций», as a certificate prints it

    @property
    def unresolved_tie(self) -> bool:
        return bool(self.tied_at_prize) and self.resolution is None

    @property
    def winners(self) -> tuple[Entry, ...]:
        return tuple(entry for entry in self.entries if entry.prize)

    @property
    def nomination_id(self) -> int | None:
        return self.nomination.pk if self.nomination else None

    @property
    def sector_name(self) -> str:
        return self.sector.name if self.sector else ""


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
    category_name: str = "",
    category_genitive: str = "",
    resolutions: dict[str, TieResolution] | None = None,
) -> Group:
    """Rank one group; apply the latest recorded resolution when it names exactly the participants tied across the
    prize line (after a change of totals an old one no longer fits)."""
    by_pk = {p.pk: p for p in participations}
    ranked = scoring.rank([(pk, total_of(p)) for pk, p in by_pk.items()])
    crossing = scoring.prize_line_tie(ranked, places)
    resolution = (resolutions or {}).get(key)
    if resolution is not None and sorted(resolution.order) != sorted(crossing):
        resolution = None
    decision = scoring.TieDecision(resolution.mode, tuple(resolution.order)) if resolution is not None else None
    standings = scoring.standings(ranked, places, decision)
    entries = sorted(
        (
            Entry(
                participation=by_pk[s.key],
                total=s.total,
                place=s.place,
                tied=s.tied,
                shared=s.shared,
                prize=s.prize,
                undecided=s.undecided,
            )
            for s in standings
        ),
        # Equal places by name, except where the commission set an order (then the places differ anyway).
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
        tied_at_prize=tuple(by_pk[pk] for pk in crossing),
        resolution=resolution,
        category_name=category_name,
        category_genitive=category_genitive,
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
    """Stage 1 (п. 4.4.3, 5.1): one group per category of participants and sector of the municipality, in the order of
    the contest's categories and sectors; the first place wins."""
    # The municipal winners stay in their municipality's ranking after they move on in stage 2.
    states = RANKED_STATES | FORWARDED_STATES
    # The category of each participation comes with it (no query for the contest's categories).
    of_category = Category.objects.filter(contest_id=OuterRef("contest_id"), code=OuterRef("size_category"))
    participations = (
        _participations(contest, states)
        .filter(organization__municipality_id=municipality_id)
        .annotate(
            category_position=Subquery(of_category.values("position")[:1]),
            category_name=Subquery(of_category.values("name")[:1]),
            category_genitive=Subquery(of_category.values("genitive")[:1]),
        )
    )
    buckets: dict[tuple[str, int], list[Participation]] = {}
    categories: dict[str, tuple[int, str, str]] = {}  # code → position, name, genitive
    for p in participations:
        buckets.setdefault((p.size_category, p.sector_id), []).append(p)
        categories[p.size_category] = (
            p.category_position or 0,
            p.category_name or p.size_category,
            p.category_genitive or "",
        )
    resolutions = _resolutions(contest)
    sectors = {s.pk: s for s in contest.sectors.all()}
    groups = []
    for code, sector_id in sorted(buckets, key=lambda k: (categories[k[0]][0], k[0], sectors[k[1]].position)):
        sector = sectors[sector_id]
        _position, name, genitive = categories[code]
        groups.append(
            rank_group(
                buckets[(code, sector_id)],
                key=municipal_key(municipality_id, code, sector_id),
                title=f"{name} · {sector.name}",
                size_category=code,
                places=1,
                sector=sector,
                category_name=name,
                category_genitive=genitive,
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
    for nomination in contest.nominations.select_related("category"):
        code = nomination.size_category
        candidates = [p for p in forwarded if not code or p.size_category == code]
        if not nomination.per_sector:
            groups.append(
                rank_group(
                    candidates,
                    key=nomination_key(nomination.pk, None),
                    title=nomination.name,
                    size_category=code,
                    places=nomination.places,
                    nomination=nomination,
                    category_name=nomination.category_name,
                    category_genitive=nomination.category.genitive if nomination.category else "",
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
                        size_category=code,
                        places=nomination.places,
                        sector=sector,
                        nomination=nomination,
                        category_name=nomination.category_name,
                        category_genitive=nomination.category.genitive if nomination.category else "",
                        resolutions=resolutions,
                    )
                )
    return groups
