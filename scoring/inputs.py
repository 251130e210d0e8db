"""Checking and converting the raw values of an information card against a table's input specs."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import InvalidCard
from .model import InputSpec, Table
from .numbers import NumberError, fmt, is_blank, parse_decimal, parse_int

MSG_REQUIRED = "Обязательное поле."
MSG_UNKNOWN = "Неизвестный показатель."
MSG_FLAG = "Ожидается логическое значение (да/нет)."


def range_message(spec: InputSpec) -> str:
    if spec.min is not None and spec.max is not None:
        return f"Значение должно быть от {fmt(spec.min)} до {fmt(spec.max)}."
    if spec.min is not None:
        return f"Значение должно быть не меньше {fmt(spec.min)}."
    assert spec.max is not None, "range_message is only for a bounded spec"
    return f"Значение должно быть не больше {fmt(spec.max)}."


def parse_value(spec: InputSpec, raw: Any) -> Any:
    """One given (non-blank) value: bool, int or Decimal; NumberError with a Russian message if bad."""
    if spec.kind == "bool":
        if not isinstance(raw, bool):
            raise NumberError(MSG_FLAG)
        return raw
    value = parse_int(raw) if spec.kind == "int" else parse_decimal(raw)
    if (spec.min is not None and value < spec.min) or (spec.max is not None and value > spec.max):
        raise NumberError(range_message(spec))
    return value


def _missing_is_error(spec: InputSpec, clean: Mapping[str, Any]) -> bool:
    """A missing value is an error unless its ``optional_when`` condition is known to hold."""
    condition = spec.optional_when
    if condition is None:
        return True
    return condition.key in clean and not condition.holds(clean)


@dataclass(frozen=True)
class CheckedValues:
    """The outcome of checking a card's values (``check_values``).

    ``clean``: every given, well-formed input, converted (bool, int, Decimal; nothing for a missing one);
    ``errors``: key → Russian message, exactly as InvalidCard would carry them;
    ``inconsistent``: the keys of every violated consistency check (all its keys, not only the one with the message).
    """

    clean: dict[str, Any]
    errors: dict[Any, str]
    inconsistent: frozenset[str]


def check_values(table: Table, values: Mapping[str, Any]) -> CheckedValues:
    """Check every value of ``values`` against ``table`` without raising for a bad one."""
    if not isinstance(values, Mapping):
        raise TypeError("Значения карты передаются словарём (Mapping) «показатель → значение».")
    clean: dict[str, Any] = {}
    errors: dict[Any, str] = {}
    for spec in table.inputs:
        raw = values.get(spec.key)
        if is_blank(raw):
            continue
        try:
            clean[spec.key] = parse_value(spec, raw)
        except NumberError as error:
            errors[spec.key] = str(error)
    for spec in table.inputs:
        if spec.key not in clean and spec.key not in errors and _missing_is_error(spec, clean):
            errors[spec.key] = MSG_REQUIRED
    inconsistent: set[str] = set()
    for check in table.checks:
        if all(key in clean for key in check.keys) and check.violated(clean):
            errors[check.key] = check.message
            inconsistent.update(check.keys)
    known = [spec.key for spec in table.inputs]
    for key in values:
        if key not in known:
            errors[key] = MSG_UNKNOWN
    order = [*known, *(key for key in values if key not in known)]
    return CheckedValues(clean, {key: errors[key] for key in order if key in errors}, frozenset(inconsistent))


def clean_values(table: Table, values: Mapping[str, Any]) -> dict[str, Any]:
    """All inputs of ``table`` converted (missing optional ones as None), or InvalidCard naming every bad key."""
    checked = check_values(table, values)
    if checked.errors:
        raise InvalidCard(checked.errors)
    return {spec.key: checked.clean.get(spec.key) for spec in table.inputs}
