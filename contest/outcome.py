"""What a participant learns of its outcome: the commission's check of its card (declared and verified values side by
side, the reasons, the points of each indicator) once the card is checked, and, from the decisions in force that cover
it, its place in each group and nomination with the protocol and its certificates. Reads only; no side effects.

The places come from the decisions' snapshots (what was signed), not from the live rankings.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from core.codec import shown, value_text

from .enums import CHECKED_STATES
from .models import Certificate, Decision, Participation
from .services.decisions import snapshot_of
from .services.participation import card_values
from .snapshots import Entry, Group, Removed


@dataclass(frozen=True)
class IndicatorPoints:
    code: str
    title: str
    declared: Decimal | None
    verified: Decimal | None

    @property
    def differs(self) -> bool:
        return self.declared != self.verified


@dataclass(frozen=True)
class ChangedValue:
    label: str
    declared: str
    verified: str
    reason: str


@dataclass(frozen=True)
class Standing:
    decision: Decision
    group: Group
    entry: Entry
    ranked: int  # how many were ranked in the group


@dataclass
class Outcome:
    checked: bool
    declared_total: Decimal | None = None
    verified_total: Decimal | None = None
    max_total: Decimal | None = None
    indicators: list[IndicatorPoints] = field(default_factory=list)
    changes: list[ChangedValue] = field(default_factory=list)
    standings: list[Standing] = field(default_factory=list)
    removed: list[tuple[Decision, Removed]] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)
    void_decisions: list[Decision] = field(default_factory=list)


def _points(kept: dict[str, str]) -> dict[str, Decimal]:
    """The points the card keeps (code -> text) as numbers."""
    return {code: Decimal(points) for code, points in kept.items()}


def participant_outcome(participation: Participation) -> Outcome:
    """The participant's outcome so far (see the module's docstring)."""
    outcome = Outcome(checked=participation.state in CHECKED_STATES)
    if not outcome.checked:
        return outcome
    table = participation.contest.table
    card = participation.card
    declared = card_values(card)
    declared_points, verified_points = _points(card.declared_points), _points(card.verified_points)
    outcome.declared_total = participation.card.declared_total
    outcome.verified_total = participation.card.verified_total
    outcome.max_total = table.max_total
    outcome.indicators = [
        IndicatorPoints(
            indicator.code, indicator.title, declared_points.get(indicator.code), verified_points.get(indicator.code)
        )
        for indicator in table.indicators
    ]
    labels = {spec.key: spec.label for spec in table.inputs}
    latest = {}
    for correction in participation.corrections.order_by("created_at", "pk"):
        latest[correction.key] = correction  # the latest correction of a value is the verified one
    outcome.changes = [
        ChangedValue(labels.get(key, key), shown(value_text(declared.get(key))), shown(c.value), c.reason)
        for key, c in latest.items()
        if value_text(declared.get(key)) != c.value
    ]
    for decision in participation.decisions.select_related("contest", "municipality").order_by("level", "pk"):
        if decision.is_void:
            outcome.void_decisions.append(decision)
            continue
        snapshot = snapshot_of(decision)
        for group, entry in snapshot.entries_of(participation.pk):
            outcome.standings.append(Standing(decision, group, entry, len(group.entries)))
        removed = snapshot.removed_of(participation.pk)
        if removed is not None:
            outcome.removed.append((decision, removed))
    outcome.certificates = list(
        Certificate.objects.filter(award__participation=participation, voided_at__isnull=True)
        .select_related("award__decision")
        .order_by("number")
    )
    return outcome
