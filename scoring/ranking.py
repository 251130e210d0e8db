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
