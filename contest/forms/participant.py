"""Forms of the participant's pages: the application, the consent, the information card, files."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

import scoring

from ..enums import AttachmentKind
from ..files import check_upload
from ..models import Application, InfoCard
from ..services import participation as services
from .base import CleanTextMixin

YES_NO = [(True, _("да")), (False, _("нет"))]


class ApplicationForm(CleanTextMixin, forms.ModelForm):
    sector = forms.ModelChoiceField(
        label=_("Отрасль экономики (п. 5.1)"),
        queryset=None,
        empty_label=None,
        help_text=_("Итоги подводятся по отраслям: выберите ту, в которой организация соревнуется."),
    )

    class Meta:
        model = Application
        fields = services.APPLICATION_FIELDS
        widgets = {"legal_address": forms.TextInput()}

    def __init__(self, *args, participation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = participation.contest.sectors.all()
        self.fields["sector"].initial = participation.sector_id
        for name in ("full_name", "legal_address", "phone", "head_name", "head_position"):
            self.fields[name].required = False  # a draft may be incomplete; submission checks completeness

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["sector_id"] = data.pop("sector").pk
        return data


class ConsentForm(CleanTextMixin, forms.Form):
    subject_name = forms.CharField(label=_("Фамилия, имя, отчество"), max_length=300)


def _percent(label) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def _count(label, help_text="") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


def _flag(label) -> forms.NullBooleanField:
    return forms.NullBooleanField(label=label, required=False, widget=forms.RadioSelect(choices=YES_NO))


class InfoCardForm(CleanTextMixin, forms.ModelForm):
    """Every value of Appendix 2; empty values are allowed in a draft. Ranges and the cross-field rules of the scoring
    module and of section 1 are checked on every save, with the messages next to the fields."""

    class Meta:
        model = InfoCard
        fields = [
            "avg_headcount",
            "women_count",
            "teenagers_count",
            "hazardous_workers",
            "hazardous_women",
            "public_share_pct",
            *(
                name
                for name in (spec.key for spec in scoring.get_table(scoring.DEFAULT_TABLE).inputs)
                if name not in {"avg_headcount", "hazardous_workers"}
            ),
            "fatal_accidents",
            "fatal_transport_no_fault",
        ]

    def __init__(self, *args, participation, **kwargs):
        super().__init__(*args, **kwargs)
        self.participation = participation
        self.table = scoring.get_table(participation.contest.scoring_table)
        for spec in self.table.inputs:
            if spec.key not in self.fields:
                continue
            if spec.kind == "bool":
                self.fields[spec.key] = _flag(spec.label)
            elif spec.kind == "int":
                self.fields[spec.key] = _count(spec.label)
            elif spec.max == 100:
                self.fields[spec.key] = _percent(spec.label)
            else:
                self.fields[spec.key] = forms.DecimalField(
                    label=spec.label,
                    required=False,
                    min_value=Decimal("0"),
                    max_digits=15,
                    decimal_places=2,
                    localize=True,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                )
        self.fields["avg_headcount"] = _count(_("Среднесписочная численность работников"))
        self.fields["women_count"] = _count(_("из них женщин"))
        self.fields["teenagers_count"] = _count(_("из них подростков"))
        self.fields["hazardous_workers"] = _count(
            _("Численность работников, занятых во вредных и тяжёлых условиях труда")
        )
        self.fields["hazardous_women"] = _count(_("из них женщин"))
        self.fields["public_share_pct"] = _percent(
            _(
                "Доля государственной, муниципальной собственности и собственности общественных объединений в уставном капитале, %"
            )
        )
        self.fields["fatal_accidents"] = _count(
            _("Несчастных случаев на производстве со смертельным исходом в период смотра-конкурса"),
            help_text=_("Организации, допустившие такие случаи, исключаются из смотра-конкурса (п. 4.9)."),
        )
        self.fields["fatal_transport_no_fault"] = _count(
            _("из них при катастрофах, авариях, повреждениях транспортных средств без вины организации"),
            help_text=_("По акту комиссии по расследованию — приложите его в разделе «Файлы»."),
        )
        for name in ("fatal_accidents", "fatal_transport_no_fault"):
            self.fields[name].required = True
        if participation.size_category != "small":
            del self.fields["public_share_pct"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        # The scoring module's own checks (ranges, days only with accidents, hazardous ≤ headcount), but a draft may
        # leave values empty: only messages about given values count here.
        values = {spec.key: cleaned.get(spec.key) for spec in self.table.inputs}
        preview = scoring.preview_card(values, table=self.table.key)
        for key, message in preview.errors.items():
            if values.get(key) is not None and key in self.fields:
                self.add_error(key, message)
        probe = InfoCard(participation=self.participation, **{k: v for k, v in cleaned.items() if k in self.fields})
        for key, message in services.card_problems(probe).items():
            if key in self.fields and key not in self.errors and cleaned.get(key) is not None:
                self.add_error(key, message)
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.fields}


class AttachmentForm(CleanTextMixin, forms.Form):
    """A file with its kind; `kinds` limits the choice (the commission attaches only a paper card's materials)."""

    kind = forms.ChoiceField(label=_("Что это за файл"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("Файл"), error_messages={"required": _("Выберите файл для загрузки.")})
    comment = forms.CharField(label=_("Комментарий"), max_length=500, required=False)

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") and cleaned.get("file"):
            try:
                check_upload(cleaned["file"], kind=cleaned["kind"])  # the service checks again; here for the field
            except ValidationError as error:
                self.add_error("file", error)
        return cleaned


SECTION_1 = (
    "avg_headcount",
    "women_count",
    "teenagers_count",
    "hazardous_workers",
    "hazardous_women",
    "public_share_pct",
)
FATAL = ("fatal_accidents", "fatal_transport_no_fault")


def card_layout(form: InfoCardForm) -> dict:
    """Section 1, then one group per indicator (or run of indicators sharing inputs, like К1/1 and К1/2) with the fields
    it needs first asked there, then the fatal accidents of 4.9; read from the point table, not written out by hand."""
    order = {name: position for position, name in enumerate(form.fields)}
    shown = {name for name in SECTION_1 if name in form.fields}
    groups: list[dict] = []
    for indicator in form.table.indicators:
        new = sorted(
            (k for k in form.table.dependencies(indicator) if k in form.fields and k not in shown), key=order.get
        )
        if new or not groups:
            groups.append({"codes": [indicator.code], "title": indicator.title, "fields": [form[k] for k in new]})
            groups[-1]["single"] = len(new) == 1
            shown.update(new)
        else:
            groups[-1]["codes"].append(indicator.code)
            # К1/1 «Состояние травматизма на производстве: коэффициент тяжести» and К1/2 share the part before «:».
            groups[-1]["title"] = groups[-1]["title"].split(":")[0]
    return {
        "section_1": [form[name] for name in SECTION_1 if name in form.fields],
        "groups": groups,
        "fatal": [form[name] for name in FATAL],
    }
