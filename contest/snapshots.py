"""What a recorded decision approved, read back from its snapshot (Decision.snapshot, written by services.decisions).

A snapshot is plain JSON, written once when the protocol is recorded: its groups with every ranked entry (total, place,
shared place, prize, the verified values and the commission's corrections behind the total), how ties across the prize
line were resolved, and the excluded and disqualified participants with the reasons. Protocol annexes, results pages,
the public results and the participant's outcome read it through these classes, never the live data, so that a signed
protocol stays what was signed. The entries carry the same attribute names as the live rankings.Entry, so one template
shows both. No database access here.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.dateparse import parse_datetime

from .enums import ParticipationState, TieMode

VERSION = 1


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text not in (None, "") else None


@dataclass(frozen=True)
class CorrectionRow:
    key: str
    label: str
    declared: str  # as stored: «true»/«false», a decimal point, "" for nothing
    value: str
    reason: str


@dataclass(frozen=True)
class Entry:
    participation_id: int
    organization_id: int
    name: str  # the short name where there is one
    full_name: str
    inn: str
    municipality: str
    sector: str
    state: str  # as the decision left it: its winners moved on
    total: Decimal
    declared_total: Decimal | None
    place: int
    tied: bool  # equal totals with another entry
    prize: bool
    values: dict[str, str]
    corrections: tuple[CorrectionRow, ...]
    undecided: bool = False  # a recorded decision has every tie resolved
    shared: bool = False  # shares its place with another entry

    @property
    def state_label(self) -> str:
        return ParticipationState(self.state).label


@dataclass(frozen=True)
class Tie:
    participants: tuple[int, ...]  # for an order: the best first
    mode: str
    reason: str
    decided_by: str
    decided_at: datetime | None

    @property
    def mode_label(self) -> str:
        return TieMode(self.mode).label

    @property
    def shared(self) -> bool:
        return self.mode == TieMode.SHARE


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    size_category: str  # the code of the group's category; "" for a nomination over all of them
    sector: str  # the sector's name, "" for a krai-wide nomination
    nomination: str  # the nomination's name, "" at stage 1
    nomination_id: int | None
    places: int
    entries: tuple[Entry, ...]
    tie: Tie | None
    category: str = ""  # the category's name as the decision named it ("" in snapshots older than categories)

    # Read as a live rankings.Group is: a recorded decision has no open tie.
    unresolved_tie = False
    tied_at_prize: tuple = ()

    @property
    def resolution(self) -> Tie | None:
        return self.tie

    @property
    def sector_name(self) -> str:
        return self.sector

    @property
    def winners(self) -> tuple[Entry, ...]:
        return tuple(entry for entry in self.entries if entry.prize)


@dataclass(frozen=True)
class Removed:
    participation_id: int
    name: str
    full_name: str
    inn: str
    municipality: str
    sector: str
    state: str
    reason: str

    @property
    def state_label(self) -> str:
        return ParticipationState(self.state).label


@dataclass(frozen=True)
class MunicipalDecisionRef:
    """A municipal protocol whose winners a regional decision ranked."""

    decision_id: int
    municipality: str
    number: str
    date: date


@dataclass(frozen=True)
class Snapshot:
    level: str
    groups: tuple[Group, ...]
    removed: tuple[Removed, ...]
    municipal_decisions: tuple[MunicipalDecisionRef, ...]

    @property
    def winners(self) -> list[tuple[Group, Entry]]:
        return [(group, entry) for group in self.groups for entry in group.winners]

    def entries_of(self, participation_id: int) -> list[tuple[Group, Entry]]:
        """Where a participation stands in the decision: each group it was ranked in, with its entry."""
        return [
            (group, entry)
            for group in self.groups
            for entry in group.entries
            if entry.participation_id == participation_id
        ]

    def removed_of(self, participation_id: int) -> Removed | None:
        return next((item for item in self.removed if item.participation_id == participation_id), None)

    @property
    def participation_ids(self) -> set[int]:
        ranked = {entry.participation_id for group in self.groups for entry in group.entries}
        return ranked | {item.participation_id for item in self.removed}


def _entry(data: dict[str, Any]) -> Entry:
    return Entry(
        participation_id=data["participation"],
        organization_id=data["organization"],
        name=data["name"],
        full_name=data["full_name"],
        inn=data["inn"],
        municipality=data["municipality"],
        sector=data["sector"],
        state=data["state"],
        total=Decimal(data["total"]),
        declared_total=_decimal(data.get("declared_total")),
        place=data["place"],
        tied=data["tied"],
        shared=data.get("shared", data["tied"]),
        prize=data["prize"],
        values=dict(data.get("values", {})),
        corrections=tuple(CorrectionRow(**row) for row in data.get("corrections", [])),
    )


def _tie(data: dict[str, Any] | None) -> Tie | None:
    if not data:
        return None
    return Tie(
        participants=tuple(data["participants"]),
        mode=data["mode"],
        reason=data["reason"],
        decided_by=data["decided_by"],
        decided_at=parse_datetime(data["decided_at"]) if data.get("decided_at") else None,
    )


def read(data: dict[str, Any]) -> Snapshot:
    """The snapshot of a decision as objects; an empty dict (nothing recorded) reads as an empty snapshot."""
    if data and data.get("version") != VERSION:
        raise ValueError(f"Неизвестная версия снимка решения: {data.get('version')}")
    return Snapshot(
        level=data.get("level", ""),
        groups=tuple(
            Group(
                key=group["key"],
                title=group["title"],
                size_category=group["size_category"],
                sector=group.get("sector", ""),
                nomination=group.get("nomination", ""),
                nomination_id=group.get("nomination_id"),
                places=group["places"],
                entries=tuple(_entry(entry) for entry in group["entries"]),
                tie=_tie(group.get("tie")),
                category=group.get("category", ""),
            )
            for group in data.get("groups", [])
        ),
        removed=tuple(Removed(**item) for item in data.get("removed", [])),
        municipal_decisions=tuple(
            MunicipalDecisionRef(
                decision_id=ref["decision_id"],
                municipality=ref["municipality"],
                number=ref["number"],
                date=date.fromisoformat(ref["date"]),
            )
            for ref in data.get("municipal_decisions", [])
        ),
    )
