"""Places by total points (reading R9): equal totals share a place, no hidden tie-break."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .numbers import NumberError, parse_decimal


@dataclass(frozen=True)
class RankedEntry:
    key: Any
    total: Decimal
    place: int  # 1 + the number of entries with a strictly higher total
    tied: bool  # another entry has the same total (the commission decides; R9)


def rank(entries: Iterable[tuple[Any, Decimal | int | str]]) -> list[RankedEntry]:
    """``(key, total)`` pairs, best first; places 1, 1, 3 … for ties; equal totals keep their input order."""
    parsed = []
    for key, total in entries:
        try:
            parsed.append((key, parse_decimal(total)))
        except NumberError as error:
            raise ValueError(f"Сумма баллов участника {key}: {error}") from None
    counts = Counter(total for _, total in parsed)
    ordered = sorted(parsed, key=lambda entry: entry[1], reverse=True)  # stable: ties keep input order
    ranked: list[RankedEntry] = []
    for index, (key, total) in enumerate(ordered):
        place = ranked[-1].place if ranked and ranked[-1].total == total else index + 1
        ranked.append(RankedEntry(key, total, place, counts[total] > 1))
    return ranked


# Reading R9 at a prize line: how a commission resolved equal totals that cross it.
ORDER = "order"  # the commission orders the tied entries: they get consecutive places
SHARE = "share"  # the tied entries share the place, and each wins it


@dataclass(frozen=True)
class TieDecision:
    mode: str  # ORDER or SHARE
    keys: tuple[Any, ...]  # the tied entries; for ORDER the best first


@dataclass(frozen=True)
class Standing:
    key: Any
    total: Decimal
    place: int
    tied: bool  # shares its total with another entry
    shared: bool  # shares its place with another entry (equal totals the commission did not order)
    prize: bool  # within the prize places (never while `undecided`)
    undecided: bool  # in a tie across the prize line that awaits the commission's decision


def prize_line_tie(ranked: list[RankedEntry], places: int) -> tuple[Any, ...]:
    """The keys of the entries whose equal totals cross the prize line: a block of equal totals that starts within
    the ``places`` prize places and has more entries than prize places are left (R9). Empty when there is none.

    Entries tied wholly within the prize places share their place and all win; only a tie across the line needs the
    commission, since the regulation names no tie-break."""
    for entry in ranked:
        if entry.place > places:
            break
        block = [other.key for other in ranked if other.place == entry.place]
        if len(block) > 1 and entry.place + len(block) - 1 > places:
            return tuple(block)
    return ()


def standings(ranked: list[RankedEntry], places: int, decision: TieDecision | None = None) -> list[Standing]:
    """Places and prizes of a ranked group with ``places`` prize places (at least 1).

    A ``decision`` applies only when it names exactly the entries tied across the prize line (after a change of
    totals an old decision no longer fits and is ignored): ORDER gives them consecutive places in its order, SHARE
    lets them share the place and all win it. Without a fitting decision those entries win nothing yet (undecided).
    Returned best first; within a place, in the input order (ORDER: in the decision's order)."""
    if places < 1:
        raise ValueError("Призовых мест должно быть не меньше одного.")
    crossing = prize_line_tie(ranked, places)
    applied = decision if decision is not None and crossing and sorted(decision.keys) == sorted(crossing) else None
    place_of = {entry.key: entry.place for entry in ranked}
    if applied is not None and applied.mode == ORDER:
        first = place_of[crossing[0]]
        for offset, key in enumerate(applied.keys):
            place_of[key] = first + offset
    elif applied is not None and applied.mode != SHARE:
        raise ValueError(f"Неизвестное решение при равенстве баллов: {applied.mode}")
    at_place = Counter(place_of.values())
    result = [
        Standing(
            key=entry.key,
            total=entry.total,
            place=place_of[entry.key],
            tied=entry.tied,
            shared=at_place[place_of[entry.key]] > 1,
            prize=place_of[entry.key] <= places and (applied is not None or entry.key not in crossing),
            undecided=applied is None and entry.key in crossing,
        )
        for entry in ranked
    ]
    return sorted(result, key=lambda standing: standing.place)  # stable: a place keeps the order given
