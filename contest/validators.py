"""Field validators for Russian registration numbers: ИНН on top of python-stdnum's checksums, ОГРН/ОГРНИП our own;
and the cleaning of typed text from control characters (forms.base.CleanTextMixin applies it to every form)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.ru import inn

# ОГРН (13 digits) and ОГРНИП (15 digits) are checked here, not with stdnum.ru.ogrn: python-stdnum 2.2 compares the
# check digit of a 15-digit number with the whole remainder mod 13, which has two digits for remainders 10–12, so it
# refuses every such ОГРНИП (about 3 in 13). The rule takes the remainder's last digit («младший разряд остатка»).
_OGRN_DIVISORS = {12: 11, 14: 13}  # length of the body (all digits but the check digit) → divisor


def _format_error(name: str) -> ValidationError:
    return ValidationError(_("%(name)s содержит только цифры."), code="format", params={"name": name})


def _length_error(name: str, lengths: str) -> ValidationError:
    return ValidationError(
        _("%(name)s состоит из %(lengths)s цифр."), code="length", params={"name": name, "lengths": lengths}
    )


def _checksum_error(name: str) -> ValidationError:
    return ValidationError(
        _("%(name)s не прошёл проверку контрольной суммы — проверьте цифры."), code="checksum", params={"name": name}
    )


def _check(module, value: str, *, name: str, lengths: str) -> None:
    if not (value.isascii() and value.isdigit()):
        raise _format_error(name)
    try:
        module.validate(value)
    except InvalidLength:
        raise _length_error(name, lengths) from None
    except (InvalidChecksum, InvalidComponent, InvalidFormat):
        raise _checksum_error(name) from None


def validate_inn(value: str) -> None:
    """ИНН: 10 digits for a legal entity, 12 for a person, with valid check digits."""
    _check(inn, value, name=_("ИНН"), lengths=_("10 или 12"))


def ogrn_check_digit(body: str) -> str:
    """The check digit of an ОГРН from its first 12 digits (remainder mod 11) or of an ОГРНИП from its first 14
    (remainder mod 13): the last digit of the remainder, so a remainder of 10, 11 or 12 gives 0, 1 or 2."""
    if not (body.isascii() and body.isdigit()) or len(body) not in _OGRN_DIVISORS:
        raise ValueError(f"an ОГРН body has 12 or 14 digits, not {body!r}")
    return str(int(body) % _OGRN_DIVISORS[len(body)] % 10)


def is_valid_ogrn(value: object) -> bool:
    """Whether value is an ОГРН (13 digits starting with 1 or 5) or an ОГРНИП (15 digits starting with 3) with the
    right check digit. Other first digits mark state registration numbers of later records (ГРН, ГРНИП), not the
    number of the entity."""
    if not (isinstance(value, str) and value.isascii() and value.isdigit()):
        return False
    if len(value) == 13:
        well_formed = value[0] in "15"
    elif len(value) == 15:
        well_formed = value[0] == "3"
    else:
        return False
    return well_formed and value[-1] == ogrn_check_digit(value[:-1])


def validate_ogrn(value: str) -> None:
    """ОГРН (13 digits) or ОГРНИП (15 digits), with a valid check digit."""
    name = _("ОГРН")
    if not (value.isascii() and value.isdigit()):
        raise _format_error(name)
    if len(value) not in (13, 15):
        raise _length_error(name, _("13 или 15"))
    if not is_valid_ogrn(value):
        raise _checksum_error(name)


# Characters no one types: C0 controls (but tab, line feed and carriage return), DEL and the non-characters U+FFFE and
# U+FFFF. XML 1.0 (xlsx, the PDF's HTML) cannot carry most of them. NUL stays for Django's own refusal of it
# (ProhibitNullCharactersValidator says so next to the field).
_CONTROL_CHARACTERS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_LINE_BREAK = re.compile(r"\r\n?")
_SINGLE_LINE_BREAK = re.compile(r"[\t\n\r]+")


def strip_control_characters(value: str, *, multiline: bool = False) -> str:
    """Text as a person meant to type it: control characters dropped. A multi-line text keeps its line breaks (as
    \\n: a browser sends \\r\\n) and tabs; a single-line text gets a space for a tab or a line break."""
    value = _CONTROL_CHARACTERS.sub("", value)
    if multiline:
        return _LINE_BREAK.sub("\n", value)
    return _SINGLE_LINE_BREAK.sub(" ", value)
