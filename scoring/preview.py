"""Partial scoring of a card being filled in: ``preview_card(values, table=...)`` for the live form.

A line is scored only when no valid completion or correction of the card could change it: every input it
depends on (``Table.dependencies``) is present and valid, or an override (R4, R5) that holds decides it
whatever its value input is. Every other line is pending and names the inputs still missing or invalid.
A complete, valid card previews exactly as ``score_card`` scores it.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .engine import resolve_table
from .inputs import check_values
from .model import FrozenMap, Indicator, Table
from .scorer import Line, override_line, value_line
from .tables import DEFAULT_TABLE


@dataclass(frozen=True)
class PendingLine:
    """An indicator that cannot be scored yet; ``missing``: its input keys still missing or invalid, in table terms."""

    code: str
    title: str
    max_points: Decimal
    missing: tuple[str, ...]


@dataclass(frozen=True)
class CardPreview:
    """The card so far. ``lines`` follow the table's indicator order: a Line or a PendingLine each.

    ``total``: the sum of the scored lines; ``complete``: every line scored and no error (then the
    preview equals ``score_card``); ``errors``: key → Russian message, as InvalidCard would carry them;
    ``derived``: the derived values, None while an operand is missing or invalid.
    """

    table_key: str
    lines: tuple[Line | PendingLine, ...]
    total: Decimal
    max_total: Decimal
    complete: bool
    errors: dict[Any, str]
    derived: Mapping[str, Decimal | None]

    def line(self, code: str) -> Line | PendingLine:
        return next(line for line in self.lines if line.code == code)


def preview_card(values: Mapping[str, Any], table: "Table | str" = DEFAULT_TABLE) -> CardPreview:
    """Score what can be scored of ``values``; never raises for a bad value (UnknownTable for an unknown table key)."""
    table = resolve_table(table)
    checked = check_values(table, values)
    usable = {key: value for key, value in checked.clean.items() if key not in checked.inconsistent}
    operands = {spec.key: usable.get(spec.key) for spec in table.inputs}
    derived = {spec.key: spec.compute(operands) for spec in table.derived}
    lines = tuple(_preview(table, indicator, usable, derived) for indicator in table.indicators)
    scored = [line for line in lines if isinstance(line, Line)]
    return CardPreview(
        table_key=table.key,
        lines=lines,
        total=sum((line.points for line in scored), Decimal(0)),
        max_total=table.max_total,
        complete=len(scored) == len(lines) and not checked.errors,
        errors=checked.errors,
        derived=FrozenMap(derived),
    )


def _preview(
    table: Table, indicator: Indicator, usable: dict[str, Any], derived: dict[str, Decimal | None]
) -> Line | PendingLine:
    for rule in indicator.overrides:
        if rule.when.key not in usable:
            return _pending(table, indicator, usable)  # this override may yet hold and decide the line
        if rule.when.holds(usable):
            return override_line(indicator, rule)
    value = derived[indicator.source] if indicator.source in derived else usable.get(indicator.source)
    if value is None:
        return _pending(table, indicator, usable)
    return value_line(table, indicator, value)


def _pending(table: Table, indicator: Indicator, usable: dict[str, Any]) -> PendingLine:
    missing = tuple(key for key in table.dependencies(indicator) if key not in usable)
    return PendingLine(indicator.code, indicator.title, indicator.max_points, missing)
