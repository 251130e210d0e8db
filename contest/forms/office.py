"""Forms of the office pages: registering or returning an application, deciding on a card, extending a deadline.

They check only what the user typed; the rules of the workflow stay in the services.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..enums import DeadlineKind
from .base import CleanTextMixin, search_field

APPLICATION_FILTER_LABELS = {
    "submitted": _("Ожидают регистрации"),
    "returned": _("Возвращены"),
    "registered": _("Зарегистрированы"),
    "all": _("Все"),
}


class ApplicationFilterForm(CleanTextMixin, forms.Form):
    """The labour office's list of applications (GET): which ones (``show``) and a search by name or ИНН. A value
    not on the list shows the applications waiting for registration."""

    show = forms.ChoiceField(choices=list(APPLICATION_FILTER_LABELS.items()), required=False)
    q = search_field()

    def values(self) -> tuple[str, str]:
        """(show, search) as the selector takes them."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("show") or "submitted", data.get("q") or ""


REASON_MAX_LENGTH = 2000


class RegisterApplicationForm(CleanTextMixin, forms.Form):
    number = forms.CharField(
        label=_("Регистрационный номер"),
        max_length=50,
        required=False,
        help_text=_("Необязательно: номер по журналу регистрации сектора по труду."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class ReturnApplicationForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Причина возврата"),
        max_length=REASON_MAX_LENGTH,
        help_text=_("Организация увидит её и сможет исправить и подать заявку снова."),
        error_messages={"required": _("Укажите причину возврата — организация увидит её.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ApprovalDecisionForm(CleanTextMixin, forms.Form):
    APPROVE = "approve"
    RETURN = "return"

    decision = forms.ChoiceField(
        label=_("Решение"),
        choices=[(APPROVE, _("Согласовать")), (RETURN, _("Вернуть с замечанием"))],
        error_messages={"required": _("Выберите решение: согласовать или вернуть с замечанием.")},
        widget=forms.HiddenInput,
    )
    remark = forms.CharField(
        label=_("Замечание"),
        max_length=REASON_MAX_LENGTH,
        required=False,
        help_text=_("Обязательно при возврате: организация увидит замечание и исправит карту."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.RETURN and not cleaned.get("remark"):
            self.add_error("remark", _("Укажите замечание — организация увидит его."))
        return cleaned

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == self.APPROVE


class DeadlineExtensionForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Срок"), choices=DeadlineKind.choices)
    new_date = forms.DateField(
        label=_("Новый срок (включительно)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Укажите новый срок."), "invalid": _("Введите дату, например 15.02.2012.")},
    )
    reason = forms.CharField(
        label=_("Причина продления"),
        max_length=REASON_MAX_LENGTH,
        error_messages={"required": _("Укажите причину продления срока.")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )
