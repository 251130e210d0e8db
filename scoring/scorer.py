"""Scoring one information card with a Table object: ``score_with(table, values)``.

The registry is not used here (``engine.score_card`` resolves a table key), so a point table document can be
checked by scoring its samples while the registry is still loading it.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .errors import TableError
from .inputs import clean_values
from .model import FrozenMap, Indicator, Override, Table, first_match, unique
from .numbers import fmt, fmt_unit


@dataclass(frozen=True)
class Line:
    """How one indicator was scored on this card.

    ``value``: the input or derived value scored (None when an override applied);
    ``basis``: Russian text naming the row or reading that gave the points;
    ``readings``: codes of the readings applied on this card; ``not_required``: the R4 case.
    """

    code: str
    title: str
    value: Any
    points: Decimal
    max_points: Decimal
    basis: str
    readings: tuple[str, ...]
    not_required: bool = False


@dataclass(frozen=True)
class CardResult:
    """The scored card. ``points`` and ``lines`` follow the table's indicator order."""

    table_key: str
    points: Mapping[str, Decimal]
    total: Decimal
    max_total: Decimal
    derived: Mapping[str, Decimal | None]  # None only if an operand is a missing optional input
    lines: tuple[Line, ...]
    values: Mapping[str, Any]  # the cleaned inputs (bool, int, Decimal; None for a missing optional one)

    def line(self, code: str) -> Line:
        return next(line for line in self.lines if line.code == code)


def score_with(table: Table, values: Mapping[str, Any]) -> CardResult:
    """Score ``values`` with ``table``: InvalidCard naming every bad key, TableError if no row of the table takes a value."""
    clean = clean_values(table, values)
    derived = {spec.key: spec.compute(clean) for spec in table.derived}
    lines = tuple(_score(table, indicator, clean, derived) for indicator in table.indicators)
    return CardResult(
        table_key=table.key,
        points=FrozenMap((line.code, line.points) for line in lines),
        total=sum((line.points for line in lines), Decimal(0)),
        max_total=table.max_total,
        derived=FrozenMap(derived),
        lines=lines,
        values=FrozenMap(clean),
    )


def _score(table: Table, indicator: Indicator, clean: dict[str, Any], derived: dict[str, Decimal | None]) -> Line:
    for rule in indicator.overrides:
        if rule.when.holds(clean):
            return override_line(indicator, rule)
    value = derived[indicator.source] if indicator.source in derived else clean[indicator.source]
    return value_line(table, indicator, value)


def override_line(indicator: Indicator, rule: Override) -> Line:
    """The line of ``indicator`` when ``rule`` (R4, R5) holds: its points, without a value."""
    points = rule.max_points  # an override's points, resolved when the table was built
    basis = f"{rule.reading}: {rule.text} → {fmt(points)}"
    return Line(
        indicator.code,
        indicator.title,
        None,
        points,
        indicator.max_points,
        basis,
        rule.readings,
        rule.not_required,
    )


def value_line(table: Table, indicator: Indicator, value: Any) -> Line:
    """The line of ``indicator`` scored by its value rules; TableError when no row takes ``value``."""
    rule = None if value is None else first_match(indicator.value_rules, value)
    if rule is None:
        raise TableError(f"{indicator.code}: нет строки таблицы для значения {value!r}.")
    points, detail = rule.score(value)
    subject = _subject(table, indicator.source, value)
    basis = f"{subject}: {detail}" if subject else detail
    readings = unique([*indicator.base_readings, *rule.readings])
    return Line(indicator.code, indicator.title, value, points, indicator.max_points, basis, readings)


def _subject(table: Table, source: str, value: Any) -> str:
    """What was scored, e.g. "Кт = 3,5", "95 %"; empty for a yes/no answer (the rule says "да"/"нет")."""
    if isinstance(value, bool):
        return ""
    spec = next((d for d in table.derived if d.key == source), None)
    if spec is not None:
        return f"{spec.label} = {fmt_unit(value, spec.unit)}"
    return fmt_unit(value, table.input_spec(source).unit)
