"""Forms of sign-up, the organization profile and requests to represent an organization."""

import re
from decimal import Decimal

from django import forms
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm, UsernameField
from django.core.exceptions import ValidationError
from django.template import loader
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.notifications import send_after_commit
from core.numbers import CountField, NumberField

from .. import selectors
from ..models import Contest, Organization, Sector, User
from ..validators import validate_inn, validate_ogrn
from .base import CleanTextMixin

PHONE_CHARACTERS = re.compile(r"^[0-9+()\-.,\s]*(?:доб\.?\s*[0-9]+)?$", re.IGNORECASE)


def clean_phone(value: str) -> str:
    """A phone number with its area code: at least 10 digits, only digits, spaces, + ( ) - and «доб.»."""
    value = " ".join(value.split())
    if not PHONE_CHARACTERS.match(value) or sum(char.isdigit() for char in value) < 10:
        raise ValidationError(_("Укажите номер телефона с кодом города, например +7 861 123-45-67."), code="phone")
    return value


class SignUpForm(CleanTextMixin, UserCreationForm):
    """A representative of an organization creates an account; it stays inactive until the e-mail is confirmed."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("last_name", "first_name", "patronymic", "position", "phone", "email", "username")
        field_classes = {"username": UsernameField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("last_name", "first_name", "position", "phone", "email"):
            self.fields[name].required = True
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["last_name"].widget.attrs["autofocus"] = True
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["patronymic"].widget.attrs["autocomplete"] = "additional-name"
        self.fields["position"].widget.attrs["autocomplete"] = "organization-title"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["phone"].widget.input_type = "tel"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["position"].help_text = _("Должность в организации, которую вы представляете.")
        self.fields["email"].help_text = _("На этот адрес придёт письмо со ссылкой для подтверждения регистрации.")

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])

    def clean_email(self) -> str:
        # An address that is registered already is not refused here: the form would tell anyone which addresses
        # are registered. services.registration.sign_up writes to its owner instead, and the page is the same.
        return User.objects.normalize_email(self.cleaned_data["email"].strip())


class ResendActivationForm(CleanTextMixin, forms.Form):
    email = forms.EmailField(
        label=_("Адрес электронной почты"),
        help_text=_("Тот, что вы указали при регистрации."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class RegistrationNumberField(forms.CharField):
    """ИНН or ОГРН as typed: spaces are dropped before the checks, so «2310 031475» is read as 2310031475."""

    def __init__(self, *, validator, **kwargs):
        super().__init__(validators=[validator], **kwargs)

    def to_python(self, value):
        return "".join(super().to_python(value).split())

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "numeric", "autocomplete": "off"}


def _label(model, name: str) -> str:
    return capfirst(model._meta.get_field(name).verbose_name)


class OrganizationForm(CleanTextMixin, forms.ModelForm):
    """The organization's profile. Sectors are those of the current contest; without a contest the field is left out."""

    inn = RegistrationNumberField(
        label=_label(Organization, "inn"),
        validator=validate_inn,
        help_text=_(
            "Юридическое лицо — 10 цифр; индивидуальный предприниматель (ИП) и крестьянское (фермерское) хозяйство, "
            "зарегистрированное главой, — 12 цифр."
        ),
    )
    ogrn = RegistrationNumberField(
        label=_label(Organization, "ogrn"),
        validator=validate_ogrn,
        help_text=_(
            "Юридическое лицо — ОГРН из 13 цифр; ИП и крестьянское (фермерское) хозяйство, зарегистрированное главой, "
            "— ОГРНИП из 15 цифр."
        ),
    )

    class Meta:
        model = Organization
        fields = (
            "full_name",
            "short_name",
            "legal_form",
            "inn",
            "ogrn",
            "legal_address",
            "municipality",
            "sector",
            "phone",
            "email",
            "headcount",
            "public_share_pct",
        )
        # Numbers as people type them («1 250»), in a text input (core.numbers).
        field_classes = {"headcount": CountField, "public_share_pct": NumberField}
        help_texts = {
            "full_name": _("Как в учредительных документах (ЕГРЮЛ, ЕГРИП)."),
            "short_name": _("Если есть; так организация будет показана в списках."),
        }

    def __init__(self, *args, contest: Contest | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("legal_address", "phone", "email"):
            self.fields[name].required = True
        self._bounded("headcount", 1, None)
        self._bounded("public_share_pct", Decimal(0), Decimal(100))
        self.fields["municipality"].queryset = selectors.municipalities_for_registration(contest)
        self.fields["phone"].widget.input_type = "tel"
        current_sector = self.instance.sector_id
        if contest is None and current_sector is None:
            del self.fields["sector"]
        else:
            sectors = Sector.objects.filter(contest=contest) if contest is not None else Sector.objects.none()
            if current_sector is not None:
                sectors = sectors | Sector.objects.filter(pk=current_sector)
            self.fields["sector"].queryset = sectors.order_by("position", "name")
            if contest is not None:
                self.fields["sector"].help_text = _(
                    "Отрасль, в которой организация участвует в смотре-конкурсе «%(contest)s». Можно указать позже."
                ) % {"contest": contest}

    def _bounded(self, name: str, low, high) -> None:
        """The model's range on the form's field, so that the message is the one every number field gives
        (core.numbers.range_message), not the model validator's own."""
        field = self.fields[name]
        digits = (
            {"max_digits": field.max_digits, "decimal_places": field.decimal_places}
            if isinstance(field, forms.DecimalField)
            else {}
        )
        self.fields[name] = type(field)(
            label=field.label,
            help_text=field.help_text,
            required=field.required,
            initial=field.initial,
            min_value=low,
            max_value=high,
            **digits,
        )

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])


class OrganizationCreateForm(OrganizationForm):
    """A new organization. An ИНН that is registered already is refused, and the form remembers whose it is."""

    existing_organization: Organization | None = None

    def clean_inn(self) -> str:
        inn = self.cleaned_data["inn"]
        existing = selectors.registered_organization(inn)
        if existing is not None:
            self.existing_organization = existing
            raise ValidationError(
                _("Организация с ИНН %(inn)s уже зарегистрирована на портале."), code="registered", params={"inn": inn}
            )
        return inn


class OrganizationProfileForm(OrganizationForm):
    """The profile of a registered organization: everything but the ИНН may change."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inn"].disabled = True
        self.fields["inn"].help_text = _("ИНН после регистрации не меняется.")


class JoinRequestForm(CleanTextMixin, forms.Form):
    """Ask to represent an organization that is registered already, found by its ИНН."""

    inn = RegistrationNumberField(
        label=_("ИНН организации"), validator=validate_inn, help_text=_("10 цифр, для ИП — 12.")
    )
    message = forms.CharField(
        label=_("Сообщение"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Необязательно: кто вы и почему представляете организацию — это поможет принять решение."),
    )

    organization: Organization | None = None

    @classmethod
    def for_organization(cls, organization: Organization) -> "JoinRequestForm":
        """The offer to join shown after a registered ИНН was typed: the ИНН is known, only the message is asked."""
        form = cls(initial={"inn": organization.inn}, auto_id="join_%s")
        form.fields["inn"].widget = forms.HiddenInput()
        return form

    def clean_inn(self) -> str:
        inn = self.cleaned_data["inn"]
        self.organization = selectors.registered_organization(inn)
        if self.organization is None:
            raise ValidationError(
                _("Организация с таким ИНН на портале не зарегистрирована. Проверьте номер или зарегистрируйте её."),
                code="unknown",
            )
        return inn


class JoinRequestDecisionForm(CleanTextMixin, forms.Form):
    ACCEPT = "accept"
    REJECT = "reject"

    decision = forms.ChoiceField(label=_("Решение"), choices=[(ACCEPT, _("Подтвердить")), (REJECT, _("Отклонить"))])
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    @property
    def accept(self) -> bool:
        return self.cleaned_data["decision"] == self.ACCEPT


class OutboxPasswordResetForm(CleanTextMixin, PasswordResetForm):
    """Django's password reset, its letter sent through the outbox like every other letter of the portal: the worker
    sends it, with retries, and the person asking waits for no mail server."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        send_after_commit([to_email], subject=subject, body=loader.render_to_string(email_template_name, context))
