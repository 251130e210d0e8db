"""Field validators for Russian registration numbers, on top of python-stdnum's checksums."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.ru import inn, ogrn


def _check(module, value: str, *, name: str, lengths: str) -> None:
    if not value.isdigit():
        raise ValidationError(_("%(name)s содержит только цифры."), code="format", params={"name": name})
    try:
        module.validate(value)
    except InvalidLength:
        raise ValidationError(
            _("%(name)s состоит из %(lengths)s цифр."), code="length", params={"name": name, "lengths": lengths}
        ) from None
    except (InvalidChecksum, InvalidComponent, InvalidFormat):
        raise ValidationError(
            _("%(name)s не прошёл проверку контрольной суммы — проверьте цифры."),
            code="checksum",
            params={"name": name},
        ) from None


def validate_inn(value: str) -> None:
    """ИНН: 10 digits for a legal entity, 12 for a person, with valid check digits."""
    _check(inn, value, name=_("ИНН"), lengths=_("10 или 12"))


def validate_ogrn(value: str) -> None:
    """ОГРН (13 digits) or ОГРНИП (15 digits), with a valid check digit."""
    _check(ogrn, value, name=_("ОГРН"), lengths=_("13 или 15"))
