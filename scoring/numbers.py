"""Parsing numbers from forms and code, and printing them the Russian way (decimal comma).

Accepted: ``int``, ``Decimal`` and ``str`` holding a decimal number as Russians type it ("12.5", "12,5", " 7 ",
"1 250 000,5" with spaces or no-break spaces between groups of three digits, "−5" with the minus sign).
Rejected: ``bool`` (it is an ``int`` in Python, but never a number here), ``float`` (binary fractions
have no place in points), exponents, NaN and infinities, and anything of magnitude 10^15 or more.
"""

import re
from decimal import Decimal

MAX_MAGNITUDE = Decimal(10) ** 15
NBSP = "\u00a0"
MINUS = "\u2212"
# Thousands apart by a space, a no-break, narrow no-break, thin or figure space (core.numbers reads the same).
_GROUP_SEPARATORS = " \u00a0\u202f\u2009\u2007"
_PLAIN_NUMBER = re.compile(r"([+\-\u2212]?)(\d{1,3}(?:[" + _GROUP_SEPARATORS + r"]\d{3})+|\d+)((?:[.,]\d+)?)", re.ASCII)

MSG_FLOAT = "Числа с плавающей точкой (float) не принимаются: передайте int, Decimal или строку."
MSG_BOOL = "Ожидается число, а не логическое значение."
# The same words as the portal's form fields (core.numbers, Django's own): one wording of each error everywhere.
MSG_NOT_NUMBER = "Введите число."
MSG_NOT_INTEGER = "Введите целое число."
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
    elif isinstance(value, str) and (match := _PLAIN_NUMBER.fullmatch(value.strip())):
        sign, whole, fraction = match.groups()
        digits = "".join(digit for digit in whole if digit.isdigit())
        number = Decimal(("-" if sign in {"-", MINUS} else "") + digits + fraction.replace(",", "."))
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
    """Russian notation, as the portal shows numbers: thousands apart by a no-break space from five digits on (2501,
    12 500, as the Положение writes them), a decimal comma, the minus sign, no exponent, digits kept as given
    (Decimal("1.0") -> "1,0")."""
    text = format(Decimal(number), "f")
    sign, text = (MINUS, text[1:]) if text.startswith("-") else ("", text)
    whole, point, fraction = text.partition(".")
    if len(whole) > 4:  # «2501» as the Положение writes it, «12 500»
        whole = NBSP.join(reversed([whole[max(end - 3, 0) : end] for end in range(len(whole), 0, -3)]))
    return sign + whole + ("," + fraction if point else "")


def fmt_unit(number: Decimal | int, unit: str) -> str:
    """A number with its unit: "95 %", "12 500 руб.", "3,5"."""
    return f"{fmt(number)} {unit}" if unit else fmt(number)
