"""The value codec: how numbers and flags are stored as text, read back and shown.

A card's value travels as text in corrections, snapshots and forms: «true»/«false» for a flag, a decimal point and no
trailing zeros for a number, "" for nothing. Shown to a person it reads да/нет, with a decimal comma, a dash for nothing.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from . import numbers

TRUE = "true"
FALSE = "false"


def tidy(number: Decimal) -> Decimal:
    """Decimal(72.50) as a person typed it, 72.5; Decimal(95.00) as 95 (no exponent: 100 stays 100, not 1E+2)."""
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()


def tidy_value(value: Any) -> Any:
    """tidy() for a Decimal, anything else as it is."""
    return tidy(value) if isinstance(value, Decimal) else value


def flag_text(value: bool) -> str:
    return TRUE if value else FALSE


def parse_flag(text: Any) -> bool | None:
    """«true»/«false» (as a form or a stored value has it, any case) → True/False; anything else → None."""
    return {TRUE: True, FALSE: False}.get(str(text).strip().lower()) if text is not None else None


def value_text(value: Any) -> str:
    """A value as a correction and a snapshot store it: «true»/«false», a decimal point, "" for nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return flag_text(value)
    if isinstance(value, Decimal):
        return format(tidy(value), "f")
    text = str(value).strip()
    plain = numbers.canonical(text)  # «1 250 000,5» typed is kept as 1250000.5
    return plain if plain is not None else text.replace(",", ".")


def parse_value(text: str, *, flag: bool) -> Any:
    """A stored value back as the scoring module reads it: a flag as True/False/None, anything else as text or None."""
    if flag:
        return parse_flag(text)
    return text or None


def shown(text: str) -> str:
    """A stored value as a person reads it: да/нет, a number the Russian way («1 250 000,5», core.numbers), a dash
    for nothing."""
    if text in {TRUE, FALSE, ""}:
        return {TRUE: _("да"), FALSE: _("нет"), "": "—"}[text]
    number = numbers.parse_number(text)
    return numbers.number_text(number) if number is not None else text.replace(".", ",")


def overlay(declared: Mapping[str, Any], corrections: Iterable[tuple[str, str]], flags: set[str]) -> dict[str, Any]:
    """The verified values: the declared ones with the latest correction of each key in place (corrections as
    (key, stored text), oldest first; `flags` the keys that are yes/no). Keys the card does not have are left out."""
    values = dict(declared)
    for key, text in corrections:
        if key in values:
            values[key] = parse_value(text, flag=key in flags)
    return values
