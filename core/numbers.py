"""Numbers as Russians type them and read them: one reading of typed text, one way of showing, the form fields of both.

Typed (``canonical``, and through it every number field of the portal, the paper-card import, the live points and
the commission's corrections): «1 250 000» with a space, a no-break space (U+00A0) or a narrow no-break space
(U+202F, as Word and Excel put it) between groups of three digits; a decimal comma or point («1250000,5»,
«1 250 000.5»); a minus as a hyphen or the sign «−». Nothing else is guessed: «1.250.000», «1,250,000», «12 5»
(a space that does not separate thousands) and exponents are not numbers.

Shown (``number_text``, ``money_text``; the template filters ``points``, ``number`` and ``money`` and the exports use
them), one rule for the whole portal:

- groups of three digits are separated by a no-break space (U+00A0: Django's own Russian separator, present in every
  font the PDFs use, and a line never breaks inside a number) from five digits on: «5208», «12 500», «1 250 000» — as
  the Положение writes its numbers («от 2501 до 3000 руб.», the brackets of the point tables) and as Russian
  typography has it; the scoring module's texts (scoring.numbers.fmt) follow the same rule;
- a decimal comma, and the minus sign «−» for a negative number;
- no trailing zeros: «95», «72,5», «0,25» — points, percentages, counts, coefficients;
- money (roubles) is the one exception: a fraction is kopecks and has both digits («1 250 000,50»), a whole sum none
  («1 250 000»).
"""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

NBSP = "\u00a0"
MINUS = "\u2212"
# What people put between thousands: a space, a no-break space, a narrow no-break space, a thin and a figure space.
GROUP_SEPARATORS = " \u00a0\u202f\u2009\u2007"
_TYPED = re.compile(
    r"(?P<sign>[-+\u2212]?)(?P<whole>\d{1,3}(?:[" + GROUP_SEPARATORS + r"]\d{3})+|\d+)(?:[.,](?P<fraction>\d+))?",
    re.ASCII,
)

MSG_NOT_NUMBER = _("Введите число.")
MSG_NOT_INTEGER = _("Введите целое число.")


def canonical(text: str) -> str | None:
    """Typed text as a plain number («-1250000.5»), or None when it is not a number as a person types one."""
    match = _TYPED.fullmatch(text.strip())
    if match is None:
        return None
    sign = "-" if match["sign"] in {"-", MINUS} else ""
    whole = "".join(digit for digit in match["whole"] if digit.isdigit())
    return f"{sign}{whole}.{match['fraction']}" if match["fraction"] else f"{sign}{whole}"


def parse_number(text: str) -> Decimal | None:
    """Typed text as a Decimal, or None when it is not a number (``canonical``)."""
    plain = canonical(text)
    return None if plain is None else Decimal(plain)


def normalized(value: Any) -> Any:
    """A typed value as the scoring module reads it: text that is a number as its plain form («1250000.5»),
    anything else as it was (so that a bad value still gets its message)."""
    if isinstance(value, str):
        return canonical(value) or value.strip()
    return value


def _digits(number: Decimal, places: int | None) -> str:
    """The number without sign, grouped, with a decimal comma; ``places`` fixed, or None for no trailing zeros."""
    number = abs(number)
    if places is None:
        number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
        text = format(number, "f")
    else:
        text = format(number, f".{places}f")
    whole, _point, fraction = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3 and (groups or len(whole) > 4):  # «5208», «12 500», «1 250 000»
        whole, group = whole[:-3], whole[-3:]
        groups.insert(0, group)
    grouped = NBSP.join([whole, *groups])
    return f"{grouped},{fraction}" if fraction else grouped


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    parsed = parse_number(str(value))
    if parsed is not None:
        return parsed
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def number_text(value: Any, *, places: int | None = None) -> str:
    """A number the Russian way: «1 250 000,5», «95», «−3,5»; «—» for nothing. Text that is not a number is
    returned as it is. ``places`` fixes the digits after the comma (otherwise there are no trailing zeros)."""
    number = _decimal(value)
    if number is None:
        return "—" if value is None or value == "" else str(value)
    text = _digits(number, places)
    return f"{MINUS}{text}" if number < 0 and any(d in "123456789" for d in text) else text


def money_text(value: Any) -> str:
    """Roubles: «1 250 000» for a whole sum, «1 250 000,50» with kopecks."""
    number = _decimal(value)
    if number is None or number == number.to_integral_value():
        return number_text(value)
    return number_text(number, places=2)


def range_message(low: Any, high: Any) -> str:
    """What a number outside its range is told, in the scoring module's words («Значение должно быть от 0 до 100.»)."""
    if low is not None and high is not None:
        return str(
            _("Значение должно быть от %(low)s до %(high)s.") % {"low": number_text(low), "high": number_text(high)}
        )
    if low is not None:
        return str(_("Значение должно быть не меньше %(low)s.") % {"low": number_text(low)})
    return str(_("Значение должно быть не больше %(high)s.") % {"high": number_text(high)})


_range_text = range_message  # the fields' keyword of the same name hides it


class _TypedNumber:
    """What the number fields share: typed text is read by ``canonical``; a value is shown grouped («1 250 000»);
    a value outside the range is told both limits; the input is a text field with the right keyboard on a phone
    (a browser's number field refuses «1 250 000»)."""

    inputmode = "decimal"
    widget = forms.TextInput
    # Set by the fields that mix this in (Django's min_value and max_value).
    min_value: Any
    max_value: Any
    validators: list[Any]
    error_messages: dict[str, Any]

    def __init__(self, *args: Any, grouped: bool = True, range_message: str | None = None, **kwargs: Any) -> None:
        self.grouped = grouped
        super().__init__(*args, **kwargs)
        low, high = self.min_value, self.max_value
        if low is not None or high is not None:
            message = (range_message or _range_text(low, high)).replace("%", "%%")
            self.validators = [
                validator
                for validator in self.validators
                if not isinstance(validator, MinValueValidator | MaxValueValidator)
            ]
            if low is not None:
                self.validators.append(MinValueValidator(low, message=message))
            if high is not None:
                self.validators.append(MaxValueValidator(high, message=message))

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs: dict[str, Any] = super().widget_attrs(widget)  # type: ignore[misc]
        if isinstance(widget, forms.TextInput) and not isinstance(widget, forms.NumberInput):
            attrs.setdefault("inputmode", self.inputmode)
            attrs.setdefault("autocomplete", "off")
        return attrs

    def prepare_value(self, value: Any) -> Any:
        if self.grouped and isinstance(value, int | Decimal) and not isinstance(value, bool):
            return number_text(value)
        return super().prepare_value(value)  # type: ignore[misc]


class NumberField(_TypedNumber, forms.DecimalField):
    """A decimal as Russians type it («1 250 000,5»); a Decimal in cleaned_data."""

    default_error_messages = {"invalid": MSG_NOT_NUMBER}

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # Django's stubs say int
        if isinstance(value, str) and value.strip():
            plain = canonical(value)
            if plain is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            value = plain
        result: Decimal | None = super().to_python(value)
        return result


class CountField(_TypedNumber, forms.IntegerField):
    """A whole number as Russians type it («1 250»; «5,0» is 5); an int in cleaned_data. Text that is no number is
    told «Введите число.», a fraction «Введите целое число.» — as the scoring module says it."""

    inputmode = "numeric"
    default_error_messages = {"invalid": MSG_NOT_INTEGER, "not_a_number": MSG_NOT_NUMBER}

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str) and value.strip():
            plain = canonical(value)
            if plain is None:
                raise ValidationError(self.error_messages["not_a_number"], code="invalid")
            number = Decimal(plain)
            if number != number.to_integral_value():
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            value = str(int(number))
        result: int | None = super().to_python(value)
        return result
