"""Forms of the territorial commission's pages (stage 1) and of the organization's answer to a document request.

They check only what the user typed; the rules of the workflow stay in services.review.
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import scoring
from core import numbers

from ..enums import COMMISSION_STATES, ParticipationState
from ..models import Sector
from .base import CleanTextMixin, search_field
from .office import REASON_MAX_LENGTH

# The «state» filter of the work list: the cards waiting for the commission, then every state it sees.
WAITING = "waiting"


def category_choices(contest, empty_label) -> Callable[[], list[tuple[str, str]]]:
    """The contest's categories of participants as choices (code, name) after «all»; read when the field is rendered
    or given a value, so an unfiltered export asks nothing of them."""

    read: list[tuple[str, str]] = []

    def choices() -> list[tuple[str, str]]:
        if not read:
            categories = contest.categories.all() if contest is not None else []
            read.extend([("", empty_label), *((category.code, category.name) for category in categories)])
        return read

    return choices


class CardFilterForm(CleanTextMixin, forms.Form):
    """The work list's filters (GET). A value that is not on the list is an error of that field and filters nothing."""

    q = search_field()
    sector = forms.ModelChoiceField(label=_("Отрасль"), queryset=Sector.objects.none(), required=False)
    size_category = forms.ChoiceField(label=_("Категория"), required=False)
    state = forms.ChoiceField(label=_("Состояние"), required=False)
    order = forms.ChoiceField(
        label=_("Порядок"),
        required=False,
        choices=[
            ("name", _("по наименованию")),
            ("declared", _("по заявленной сумме, от большей")),
            ("verified", _("по сумме после проверки, от большей")),
            ("submitted", _("по дате представления")),
            ("municipality", _("по муниципальному образованию")),
        ],
    )

    def __init__(self, *args, contest=None, **kwargs):
        super().__init__(*args, **kwargs)
        sector = self.fields["sector"]
        sector.queryset = contest.sectors.all() if contest is not None else Sector.objects.none()
        sector.empty_label = _("Все отрасли")
        self.fields["size_category"].choices = category_choices(contest, _("Все категории"))
        self.fields["state"].choices = [
            ("", _("Все состояния")),
            (WAITING, _("Ожидают проверки комиссии")),
            *((state.value, state.label) for state in ParticipationState if state in COMMISSION_STATES),
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"
        self.fields["q"].widget.attrs.update(
            {"class": "form-control form-control-sm", "placeholder": _("Например, «Кубань» или 2309")}
        )

    def filters(self) -> dict[str, Any]:
        """The valid filters as keyword arguments of selectors.commission_summary (an invalid one is left out)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "sector": data.get("sector"),
            "size_category": data.get("size_category") or "",
            "state": data.get("state") or "",
            "search": data.get("q") or "",
        }

    def ordering(self) -> str:
        """The chosen order of the list (a key of selectors.CARD_ORDERS), by name unless another valid one is chosen."""
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("order") or "name"


class InputSelect(forms.Select):
    """A select of the point table's inputs whose options say the kind of value (data-kind), so the page can offer
    «да/нет» for a flag and a text field for a number."""

    def __init__(self, *args, kinds: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        if value in self.kinds:
            option["attrs"]["data-kind"] = self.kinds[value]
        return option


FLAG_CHOICES = [("true", _("да")), ("false", _("нет"))]


class ActionForm(CleanTextMixin, forms.Form):
    """A form of one action on the review page: its fields get ids of their own (exclude_reason, reinstate_reason …),
    since several forms with a «reason» stand on the same page."""

    id_prefix = "action"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class CorrectionForm(ActionForm):
    """One verified value of the card with its reason (п. 4.4.3). A flag is chosen «да/нет», a number is typed."""

    key = forms.ChoiceField(
        label=_("Показатель"),
        error_messages={
            "required": _("Выберите показатель."),
            "invalid_choice": _("Выберите показатель из списка."),
        },
    )
    value = forms.CharField(
        label=_("Новое значение"),
        max_length=40,
        required=False,
        help_text=_("Число, например 1 250 000 или 72,5."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    flag = forms.ChoiceField(
        label=_("Новое значение"),
        choices=FLAG_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Выберите «да» или «нет».")},
    )
    reason = forms.CharField(
        label=_("Основание исправления"),
        max_length=REASON_MAX_LENGTH,
        help_text=_("Например: акт проверки, документ, который подтверждает значение. Организация увидит его."),
        error_messages={"required": _("Укажите основание исправления.")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    id_prefix = "correct"

    def __init__(self, *args, table: scoring.Table, **kwargs):
        super().__init__(*args, **kwargs)
        self.specs = {spec.key: spec for spec in table.inputs}
        key = self.fields["key"]
        key.choices = [("", _("— выберите показатель —")), *((spec.key, spec.label) for spec in table.inputs)]
        key.widget = InputSelect(kinds={spec.key: spec.kind for spec in table.inputs})
        key.widget.choices = key.choices

    @property
    def spec(self) -> scoring.InputSpec | None:
        key = self.cleaned_data.get("key") if hasattr(self, "cleaned_data") else self.initial.get("key")
        return self.specs.get(key)

    @property
    def value_field(self) -> str:
        """The field the new value was given in: where a message about it belongs."""
        spec = self.spec
        return "flag" if spec is not None and spec.kind == "bool" else "value"

    def clean(self):
        cleaned = super().clean()
        spec = self.specs.get(cleaned.get("key"))
        if spec is None:
            return cleaned
        if spec.kind == "bool":
            if cleaned.get("flag") not in {"true", "false"}:
                if "flag" not in self.errors:
                    self.add_error("flag", _("Выберите «да» или «нет»."))
            else:
                cleaned["new_value"] = cleaned["flag"] == "true"
        else:
            value = (cleaned.get("value") or "").strip()
            if not value and spec.optional_when is None and "value" not in self.errors:
                self.add_error("value", _("Укажите новое значение."))
            cleaned["new_value"] = numbers.normalized(value)  # «1 250 000,5» as 1250000.5; a word keeps its message
        return cleaned


class DocumentRequestForm(ActionForm):
    id_prefix = "documents"
    message = forms.CharField(
        label=_("Какие документы представить"),
        max_length=REASON_MAX_LENGTH,
        help_text=_("По каким позициям карты нужны подтверждающие документы (п. 5.2)."),
        error_messages={"required": _("Напишите, какие документы нужны.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    due_date = forms.DateField(
        label=_("Срок (включительно)"),
        initial=lambda: timezone.localdate() + timedelta(days=7),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Укажите срок представления документов."),
            "invalid": _("Введите дату, например 15.02.2012."),
        },
    )


def _reason_field(label, required_message, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=REASON_MAX_LENGTH,
        help_text=help_text,
        error_messages={"required": required_message},
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _confirm_field(label, required_message) -> forms.BooleanField:
    """The box a user ticks before an irreversible step: its label says what follows (issue 10, item 6)."""
    return forms.BooleanField(label=label, error_messages={"required": required_message})


class ExcludeForm(ActionForm):
    id_prefix = "exclude"
    reason = _reason_field(
        _("Основание исключения"),
        _("Укажите основание решения — организация увидит его."),
        _("Дата несчастного случая, реквизиты акта расследования. Организация получит письмо с основанием."),
    )
    confirm = _confirm_field(
        _(
            "Подтверждаю: организация исключается из дальнейшего участия в смотре-конкурсе (п. 4.9), её материалы "
            "не рассматриваются и в подведении итогов не участвуют; организация получит письмо с основанием."
        ),
        _("Отметьте подтверждение: без него участник не исключается."),
    )


class DisqualifyForm(ActionForm):
    id_prefix = "disqualify"
    reason = _reason_field(
        _("Основание отстранения"),
        _("Укажите основание решения — организация увидит его."),
        _("Какие сведения оказались недостоверными или каких документов нет. Организация получит письмо с основанием."),
    )
    confirm = _confirm_field(
        _(
            "Подтверждаю: организация отстраняется от участия в смотре-конкурсе за недостоверные или неполные "
            "сведения, её материалы не рассматриваются и в подведении итогов не участвуют; организация получит письмо "
            "с основанием."
        ),
        _("Отметьте подтверждение: без него участник не отстраняется."),
    )


class ReinstateForm(ActionForm):
    id_prefix = "reinstate"
    reason = _reason_field(_("Основание"), _("Укажите основание."), _("Почему решение пересмотрено."))


class DocumentAnswerForm(CleanTextMixin, forms.Form):
    answer = forms.CharField(
        label=_("Ответ комиссии"),
        max_length=REASON_MAX_LENGTH,
        help_text=_("Какие документы приложены и где их найти; пояснения по запросу."),
        error_messages={"required": _("Напишите ответ: какие документы приложены.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )
