"""Parsing numbers from forms and code, and printing them the Russian way (decimal comma).

Accepted: ``int``, ``Decimal`` and ``str`` holding a plain decimal number ("12.5", "12,5", " 7 ").
Rejected: ``bool`` (it is an ``int`` in Python, but never a number here), ``float`` (binary fractions
have no place in points), exponents, NaN and infinities, and anything of magnitude 10^15 or more.
"""

import re
from decimal import Decimal

MAX_MAGNITUDE = Decimal(10) ** 15
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?", re.ASCII)

MSG_FLOAT = "Числа с плавающей точкой (float) не принимаются: передайте int, Decimal или строку."
MSG_BOOL = "Ожидается число, а не логическое значение."
MSG_NOT_NUMBER = "Ожидается число."
MSG_NOT_INTEGER = "Ожидается целое число."
MSG_TOO_LARGE = "Слишком большое значение."


class NumberError(ValueError):
    """A value that is not an acceptable number; ``str(error)`` is the Russian message."""


def is_blank(value: object) -> bool:
    """None and empty (or all-space) strings count as "not given"."""
    return value is None or (isinstance(value, str) and not value.strip())


def parse_decimal(value: object) -> Decimal:
    """Return ``value`` as a finite Decimal or raise NumberError with a Russian message."""
    if isinstance(value, bool):
        raise NumberError(MSG_BOOL)
    if isinstance(value, float):
        raise NumberError(MSG_FLOAT)
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise NumberError(MSG_NOT_NUMBER)
        number = value
    elif isinstance(value, str) and _PLAIN_NUMBER.fullmatch(value.strip()):
        number = Decimal(value.strip().replace(",", "."))
    else:
        raise NumberError(MSG_NOT_NUMBER)
    if abs(number) >= MAX_MAGNITUDE:
        raise NumberError(MSG_TOO_LARGE)
    return number


def parse_int(value: object) -> int:
    """Like parse_decimal, but the value must be whole ("5", Decimal("5.0") and 5 are; "5.5" is not)."""
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise NumberError(MSG_NOT_INTEGER)
    return int(number)


def fmt(number: Decimal | int) -> str:
    """Russian notation: decimal comma, no exponent, digits kept as given (Decimal("1.0") -> "1,0")."""
    return format(Decimal(number), "f").replace(".", ",")


def fmt_unit(number: Decimal | int, unit: str) -> str:
    """A number with its unit: "95 %", "2501 руб.", "3,5"."""
    return f"{fmt(number)} {unit}" if unit else fmt(number)
