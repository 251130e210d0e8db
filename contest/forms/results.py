"""Forms of the results pages: the order of participants with equal totals, the commissions' protocols, the regional
commission's filters.

They check only what the user typed; the rules of the workflow stay in the services.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import TieMode
from ..files import check_upload
from ..rankings import Group
from ..services.awards import PLACES_ONE
from .base import CleanTextMixin, search_field
from .office import REASON_MAX_LENGTH

SMALL_SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})


def tie_prefix(group_key: str) -> str:
    """A form prefix (and HTML id part) for a group's tie form: m:12:small:3 → tie-m-12-small-3."""
    return "tie-" + group_key.replace(":", "-")


def tied_in_order(group: Group) -> list:
    """The participants tied across the prize line in the order the ranking table lists them (none in a snapshot)."""
    if not group.tied_at_prize:
        return []
    return [entry.participation for entry in group.entries if entry.participation in group.tied_at_prize]


class TieOrderForm(CleanTextMixin, forms.Form):
    """The commission's decision on equal totals across the prize line (R9): the tied participants share the place,
    or the commission orders them (a numbered select per participant)."""

    mode = forms.ChoiceField(
        label=_("Решение комиссии"),
        choices=TieMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Выберите: участники делят место или комиссия устанавливает порядок.")},
    )
    reason = forms.CharField(
        label=_("Основание решения"),
        max_length=REASON_MAX_LENGTH,
        help_text=_("Например: решение комиссии по дополнительным показателям, протокол заседания."),
        error_messages={"required": _("Укажите основание решения комиссии.")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, group: Group, **kwargs):
        kwargs.setdefault("prefix", tie_prefix(group.key))
        super().__init__(*args, **kwargs)
        self.group = group
        tied = tied_in_order(group)
        resolution = group.resolution
        current = list(resolution.order) if resolution is not None and resolution.mode == TieMode.ORDER else []
        if resolution is not None:
            self.fields["mode"].initial = resolution.mode
        choices = [("", "—"), *((str(n), str(n)) for n in range(1, len(tied) + 1))]
        self.place_names = []
        for participation in tied:
            name = f"place_{participation.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=str(participation.organization),
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.Select(attrs={"class": "form-select form-select-sm w-auto"}),
                initial=current.index(participation.pk) + 1 if participation.pk in current else "",
            )
            self.place_names.append(name)
        self.order_fields(["mode", *self.place_names, "reason"])  # as it is read: what, the order, why

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mode") != TieMode.ORDER:
            return cleaned
        numbers = [cleaned.get(name) for name in self.place_names]
        for name, number in zip(self.place_names, numbers, strict=True):
            if number is None:
                self.add_error(name, _("Выберите номер по порядку."))
        if None not in numbers and len(set(numbers)) != len(numbers):
            raise ValidationError(_("У каждого участника должен быть свой номер по порядку: номера не повторяются."))
        return cleaned

    @property
    def order(self) -> list[int]:
        """Participation ids: for an order, the one placed highest first; for a shared place, as the table lists them."""
        if self.cleaned_data["mode"] != TieMode.ORDER:
            return [participation.pk for participation in tied_in_order(self.group)]
        by_number = sorted(
            (self.cleaned_data[f"place_{participation.pk}"], participation.pk)
            for participation in self.group.tied_at_prize
        )
        return [pk for _, pk in by_number]


class DecisionForm(CleanTextMixin, forms.Form):
    """A protocol of an interdepartmental commission: number, date and the signed scan."""

    number = forms.CharField(
        label=_("Номер протокола"),
        max_length=50,
        error_messages={"required": _("Укажите номер протокола.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    day = forms.DateField(
        label=_("Дата протокола"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Укажите дату протокола."), "invalid": _("Введите дату, например 15.02.2012.")},
    )
    scan = forms.FileField(
        label=_("Скан подписанного протокола"),
        help_text=_("PDF, JPEG или PNG."),
        error_messages={"required": _("Приложите скан подписанного протокола.")},
    )

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise ValidationError(_("Дата протокола не может быть позже сегодняшнего дня."))
        return day

    confirm = forms.BooleanField(
        error_messages={"required": _("Подтвердите, что понимаете последствия: решение замораживает итоги.")}
    )

    def __init__(self, *args, covered: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = self.confirm_label(covered)

    def confirm_label(self, covered: int) -> str:
        raise NotImplementedError

    def clean_scan(self):
        scan = self.cleaned_data["scan"]
        check_upload(scan, kind="decision")  # the service checks again; here for the field
        return scan


class MunicipalDecisionForm(DecisionForm):
    """The municipal commission's protocol; after the forwarding deadline (staff only) with the reason for the delay."""

    late_reason = forms.CharField(
        label=_("Причина направления после срока"),
        max_length=REASON_MAX_LENGTH,
        error_messages={"required": _("Укажите причину направления после срока.")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, late: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not late:
            del self.fields["late_reason"]
        self.order_fields(["number", "day", "scan", "late_reason", "confirm"])

    def confirm_label(self, covered: int) -> str:
        return _(
            "Подтверждаю: итоги утверждаются протоколом; значения карт, файлы и состояния участников (их %(n)s) будут "
            "заморожены, победители направлены на краевой этап и получат письма. Изменить итоги после этого можно, "
            "только если департамент труда отменит решение."
        ) % {"n": covered}


class RegionalDecisionForm(DecisionForm):
    """The regional commission's protocol naming the winners."""

    def confirm_label(self, covered: int) -> str:
        return _(
            "Подтверждаю: протокол называет победителей смотра-конкурса; итоги участников краевого этапа (их %(n)s) "
            "будут заморожены, приём итогов муниципального этапа закроется, победители получат письма. Изменить итоги "
            "после этого можно, только если департамент труда отменит решение."
        ) % {"n": covered}


class VoidDecisionForm(CleanTextMixin, forms.Form):
    """Staff reopen a decision: the reason, and the confirmation of what follows."""

    reason = forms.CharField(
        label=_("Причина отмены"),
        max_length=REASON_MAX_LENGTH,
        help_text=_("Её увидят комиссия и участники; она остаётся в истории решения."),
        error_messages={"required": _("Укажите причину отмены решения.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_(
            "Подтверждаю: решение будет отменено (оно останется в истории с отметкой «отменено»), его грамоты "
            "аннулированы, его победители вернутся в прежнее состояние (победители муниципального этапа — в «Проверена "
            "комиссией», победители краевого — в «Победитель муниципального этапа»); понадобится новое решение комиссии."
        ),
        error_messages={"required": _("Подтвердите отмену решения.")},
    )


class ForwardedFilterForm(CleanTextMixin, forms.Form):
    """The regional commission's filters of the forwarded participations; a value that does not fit is ignored."""

    q = search_field(**{"class": "form-control form-control-sm"})
    municipality = forms.ModelChoiceField(
        label=_("Муниципальное образование"), queryset=None, required=False, empty_label=_("все"), widget=SMALL_SELECT
    )
    size_category = forms.ChoiceField(label=_("Категория"), required=False, widget=SMALL_SELECT)
    sector = forms.ModelChoiceField(
        label=_("Отрасль"), queryset=None, required=False, empty_label=_("все"), widget=SMALL_SELECT
    )

    def __init__(self, *args, municipalities, sectors, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["size_category"].choices = categories
        self.fields["municipality"].queryset = municipalities
        self.fields["sector"].queryset = sectors

    def filters(self) -> dict:
        """The valid filters given: search, municipality_id, size_category, sector_id."""
        if not self.is_bound:
            return {}
        self.is_valid()  # cleaned_data keeps the valid fields only
        data = self.cleaned_data
        filters = {}
        if data.get("q"):
            filters["search"] = data["q"]
        if data.get("municipality"):
            filters["municipality_id"] = data["municipality"].pk
        if data.get("size_category"):
            filters["size_category"] = data["size_category"]
        if data.get("sector"):
            filters["sector_id"] = data["sector"].pk
        return filters


class CertificateIssueForm(CleanTextMixin, forms.Form):
    """Number and register the papers of a decision's prize places: for which places (all at once, or one by one),
    who signs. `places` lists the choices: («all»|«first»|«other», label) and («award-<id>», label) for single awards."""

    places = forms.ChoiceField(label=_("Кому"), widget=forms.Select(attrs={"class": "form-select"}))
    signatory_position = forms.CharField(
        label=_("Должность подписывающего"),
        max_length=300,
        error_messages={"required": _("Укажите должность подписывающего.")},
    )
    signatory_name = forms.CharField(
        label=_("Инициалы и фамилия"),
        max_length=200,
        help_text=_("Как на подписи: «А. Н. Иванов»."),
        error_messages={"required": _("Укажите, кто подписывает.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, places: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["places"].choices = places
        self.fields["places"].error_messages["invalid_choice"] = _(
            "Выберите, кому выдать: этого варианта в списке нет (возможно, награда уже выдана)."
        )

    def selection(self) -> tuple[str, int | None]:
        """(places, award id): the batch chosen, or PLACES_ONE and the one award."""
        value = self.cleaned_data["places"]
        if value.startswith("award-"):
            return PLACES_ONE, int(value.removeprefix("award-"))
        return value, None
