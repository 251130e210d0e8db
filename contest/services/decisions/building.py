"""A decision's snapshot: what it approved, built when it is recorded (contest.snapshots reads it)."""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from core import codec

from ... import rankings, snapshots
from ...enums import REMOVED_STATES, DecisionLevel, ParticipationState
from ...models import AuditRecord, Contest, Correction, Decision, Participation
from ..participation import card_values

S = ParticipationState


def _corrections_by_participation(ids: Iterable[int]) -> dict[int, list[Correction]]:
    corrections: dict[int, list[Correction]] = defaultdict(list)
    for correction in Correction.objects.filter(participation_id__in=list(ids)).order_by("created_at", "pk"):
        corrections[correction.participation_id].append(correction)
    return corrections


def _entry_data(
    entry: rankings.Entry, corrections: list[Correction], labels: dict[str, str], state: str
) -> dict[str, Any]:
    participation = entry.participation
    organization = participation.organization
    values = {key: codec.value_text(value) for key, value in card_values(participation.card).items()}
    for correction in corrections:  # the latest correction of a key is the verified value
        values[correction.key] = correction.value
    return {
        "participation": participation.pk,
        "organization": organization.pk,
        "name": organization.short_name or organization.full_name,
        "full_name": organization.full_name,
        "inn": organization.inn,
        "municipality": organization.municipality.name,
        "sector": participation.sector.name,
        "state": state,
        "total": str(entry.total),
        "declared_total": None if participation.card.declared_total is None else str(participation.card.declared_total),
        "place": entry.place,
        "tied": entry.tied,
        "shared": entry.shared,
        "prize": entry.prize,
        "values": values,
        "corrections": [
            {
                "key": c.key,
                "label": labels.get(c.key, c.key),
                "declared": c.declared,
                "value": c.value,
                "reason": c.reason,
            }
            for c in corrections
        ],
    }


def _tie_data(group: rankings.Group) -> dict[str, Any] | None:
    resolution = group.resolution
    if resolution is None:
        return None
    return {
        "participants": list(resolution.order),
        "mode": resolution.mode,
        "reason": resolution.reason,
        "decided_by": resolution.decided_by.full_name,
        "decided_at": resolution.created_at.isoformat(),
    }


def _removed(contest: Contest, municipality_id: int) -> list[Participation]:
    return list(
        Participation.objects.filter(
            contest=contest, organization__municipality_id=municipality_id, state__in=REMOVED_STATES
        )
        .select_related("organization__municipality", "sector")
        .order_by("organization__full_name", "pk")
    )


def _removed_data(participations: list[Participation]) -> list[dict[str, Any]]:
    reasons: dict[int, str] = {}
    records = AuditRecord.objects.filter(
        participation_id__in=[p.pk for p in participations], to_state__in=REMOVED_STATES
    ).order_by("created_at", "pk")
    states = {p.pk: p.state for p in participations}
    for record in records:
        if record.to_state == states[record.participation_id]:
            reasons[record.participation_id] = record.reason  # the latest move to the current state
    return [
        {
            "participation_id": p.pk,
            "name": p.organization.short_name or p.organization.full_name,
            "full_name": p.organization.full_name,
            "inn": p.organization.inn,
            "municipality": p.organization.municipality.name,
            "sector": p.sector.name,
            "state": p.state,
            "reason": reasons.get(p.pk, ""),
        }
        for p in participations
    ]


def removed_in(contest: Contest, municipality_id: int) -> list[snapshots.Removed]:
    """The municipality's excluded and disqualified participants with the reasons, as a decision would record them."""
    return [snapshots.Removed(**item) for item in _removed_data(_removed(contest, municipality_id))]


def build_snapshot(
    contest: Contest,
    *,
    level: str,
    groups: list[rankings.Group],
    removed: list[Participation] = (),
    municipal_decisions: Iterable[Decision] = (),
) -> dict[str, Any]:
    """The JSON snapshot of what a decision approves (contest.snapshots reads it), each entry in the state the decision
    leaves it (its winners moved on). Reads the corrections in one query."""
    labels = {spec.key: spec.label for spec in contest.table.inputs}
    ids = {entry.participation.pk for group in groups for entry in group.entries}
    corrections = _corrections_by_participation(ids)
    winners = {entry.participation.pk for group in groups for entry in group.winners}
    winner_state = S.MUNICIPAL_WINNER if level == DecisionLevel.MUNICIPAL else S.REGIONAL_WINNER

    def state_of(participation: Participation) -> str:
        return winner_state if participation.pk in winners else participation.state

    return {
        "version": snapshots.VERSION,
        "level": level,
        "groups": [
            {
                "key": group.key,
                "title": group.title,
                "size_category": group.size_category,
                "category": group.category_name,
                "sector": group.sector.name if group.sector else "",
                "nomination": group.nomination.name if group.nomination else "",
                "nomination_id": group.nomination.pk if group.nomination else None,
                "places": group.places,
                "entries": [
                    _entry_data(
                        entry, corrections.get(entry.participation.pk, []), labels, state_of(entry.participation)
                    )
                    for entry in group.entries
                ],
                "tie": _tie_data(group),
            }
            for group in groups
        ],
        "removed": _removed_data(list(removed)),
        "municipal_decisions": [
            {
                "decision_id": decision.pk,
                "municipality": decision.municipality.name,
                "number": decision.number,
                "date": decision.date.isoformat(),
            }
            for decision in municipal_decisions
        ],
    }


def snapshot_of(decision: Decision) -> snapshots.Snapshot:
    """What the decision approved. A decision recorded before snapshots existed gets one from today's data, once."""
    if not decision.snapshot:
        decision.snapshot = _backfill(decision)
        decision.save(update_fields=["snapshot"])
    return snapshots.read(decision.snapshot)


def _backfill(decision: Decision) -> dict[str, Any]:
    contest = decision.contest
    if decision.level == DecisionLevel.MUNICIPAL:
        groups = rankings.municipal_groups(contest, decision.municipality_id)
        removed = _removed(contest, decision.municipality_id)
        refs: list[Decision] = []
    else:
        groups = [group for group in rankings.nomination_groups(contest) if group.entries]
        removed = []
        refs = list(_municipal_decisions_in_force(contest))
    return build_snapshot(contest, level=decision.level, groups=groups, removed=removed, municipal_decisions=refs)


def _municipal_decisions_in_force(contest: Contest):
    return (
        Decision.objects.active()
        .filter(contest=contest, level=DecisionLevel.MUNICIPAL)
        .select_related("municipality")
        .order_by("municipality__position", "municipality__name")
    )


def _award_names(entry: rankings.Entry, group: rankings.Group) -> dict[str, str]:
    organization = entry.participation.organization
    return {
        "organization_name": organization.full_name,
        "municipality_name": organization.municipality.name,
        "sector_name": group.sector.name if group.sector else "",
        "nomination_name": group.nomination.name if group.nomination else "",
        "category_name": group.category_name,
        "category_genitive": group.category_genitive,
    }
