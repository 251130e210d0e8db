"""Forms of the participant's pages: the application, the consent, the information card, files."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

import scoring
from core.numbers import CountField, NumberField
from scoring import inputs as scoring_inputs

from ..enums import AttachmentKind
from ..files import check_upload
from ..models import Application, InfoCard
from ..services import participation as services
from .base import CleanTextMixin

YES_NO = [(True, _("да")), (False, _("нет"))]
LARGEST_COUNT = 2_147_483_647  # a PositiveIntegerField on PostgreSQL
TOO_LARGE = _("Слишком большое число: проверьте, что введено.")


# What the submission of the application needs (services.application_problems checks the same on the saved draft).
TO_SUBMIT = ("full_name", "legal_address", "phone", "head_name", "head_position")
UNION_SIGNATORY = ("union_chair_name", "union_chair_position")
CONFIRMATIONS = ("agrees_with_regulation", "data_complete_and_true", "aware_of_exclusion", "joint_decision")


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
        for name in TO_SUBMIT:
            self.fields[name].required = False  # a draft may be incomplete; submission checks completeness
        # What the submission needs is marked: a star after the label (crispy-forms' own mark, as on «Отрасль»),
        # and `required` for assistive technology; the form is novalidate, so a draft is still saved without them.
        for name in (*TO_SUBMIT, *CONFIRMATIONS):
            field = self.fields[name]
            field.widget.attrs.update({"required": True, "aria-required": "true"})
            field.label = format_html('{}<span class="asteriskField" aria-hidden="true">*</span>', field.label)

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["sector_id"] = data.pop("sector").pk
        return data

    def check_submission(self) -> bool:
        """After the draft is saved: a message at every field the submission still needs (the union's signatory
        only when there is a union body). True when the application can go on to the consent and submission."""
        data = self.cleaned_data
        needed = [*TO_SUBMIT, *(UNION_SIGNATORY if data.get("has_union_body") else ())]
        for name in needed:
            if not (data.get(name) or "").strip():
                self.add_error(name, _("Заполните: без этого заявку не подать."))
        for name in CONFIRMATIONS:
            if not data.get(name):
                self.add_error(name, _("Отметьте, чтобы подать заявку (приложение № 1, п. 4.2)."))
        return not self.errors


class ConsentForm(CleanTextMixin, forms.Form):
    subject_name = forms.CharField(label=_("Фамилия, имя, отчество"), max_length=300)


def _number_input(mode: str) -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": mode, "autocomplete": "off"})


def _percent(label, help_text="", range_message=None) -> forms.DecimalField:
    return NumberField(
        label=label,
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        help_text=help_text,
        range_message=range_message,
        widget=_number_input("decimal"),
    )


def _count(label, help_text="", min_value=0, max_value=None, range_message=None) -> forms.IntegerField:
    return CountField(
        label=label,
        required=False,
        min_value=min_value,
        max_value=max_value,
        help_text=help_text,
        range_message=range_message,
        widget=_number_input("numeric"),
    )


def _flag(label, help_text="") -> forms.NullBooleanField:
    return forms.NullBooleanField(
        label=label, required=False, help_text=help_text, widget=forms.RadioSelect(choices=YES_NO)
    )


def _label(spec: scoring.InputSpec) -> str:
    """The input's label, with its unit when the label does not already say it («…, руб.», «…, % от нормы»)."""
    unit = spec.unit.rstrip(".")
    if not unit or re.search(rf"(^|[\s,(]){re.escape(unit)}\.?(?=[\s,)]|$)", spec.label):
        return spec.label
    return f"{spec.label}, {spec.unit}"


def input_field(spec: scoring.InputSpec) -> forms.Field:
    """The form field of one input of a point table: yes/no, a whole number or a decimal within the input's range."""
    if spec.kind == "bool":
        return _flag(spec.label, spec.help)
    # The messages of a value out of range are the scoring module's, as the points panel shows them (one wording).
    message = scoring_inputs.range_message(spec) if spec.min is not None or spec.max is not None else None
    if spec.kind == "int":
        return _count(
            _label(spec),
            spec.help,
            min_value=None if spec.min is None else int(spec.min),
            max_value=None if spec.max is None else int(spec.max),
            range_message=message,
        )
    if spec.min == 0 and spec.max == 100:
        return _percent(_label(spec), spec.help, range_message=message)
    return NumberField(
        label=_label(spec),
        required=False,
        min_value=spec.min,
        max_value=spec.max,
        max_digits=15,
        decimal_places=2,
        help_text=spec.help,
        range_message=message,
        widget=_number_input("decimal"),
    )


class InfoCardForm(CleanTextMixin, forms.Form):
    """Every value of Appendix 2: section 1, the inputs of the contest's point table, the fatal accidents of 4.9; empty
    values are allowed in a draft. Ranges and the cross-field rules of the table and of section 1 are checked on every
    save, with the messages next to the fields."""

    def __init__(
        self,
        data=None,
        *,
        participation,
        card: InfoCard | None = None,
        prefill: services.Prefill | None = None,
        **kwargs,
    ):
        self.participation = participation
        self.card = card = card if card is not None else InfoCard(participation=participation)
        self.table = participation.contest.table
        initial = {name: getattr(card, name) for name in services.CARD_COLUMNS}
        initial.update(services.card_values(card, self.table))
        # Last year's values (services.last_year_prefill) are offered as initial values where the card has none.
        offered = {
            name: value for name, value in (prefill.values if prefill else {}).items() if initial.get(name) is None
        }
        initial.update(offered)
        super().__init__(data, initial=initial, **kwargs)
        section_1: dict[str, forms.Field] = {}
        headcount, hazardous = self.table.role("headcount"), self.table.role("hazardous_headcount")
        inputs = {spec.key: input_field(spec) for spec in self.table.inputs}
        if headcount in inputs:
            section_1[headcount] = inputs.pop(headcount)
        section_1["women_count"] = _count(_("из них женщин"))
        section_1["teenagers_count"] = _count(_("из них подростков"))
        if hazardous in inputs:
            section_1[hazardous] = inputs.pop(hazardous)
            section_1["hazardous_women"] = _count(_("из них женщин"))
        if participation.size_category == "small":
            section_1["public_share_pct"] = _percent(
                _(
                    "Доля государственной, муниципальной собственности и собственности общественных объединений "
                    "в уставном капитале, %"
                )
            )
        fatal = {
            "fatal_accidents": _count(
                _("Несчастных случаев на производстве со смертельным исходом в период смотра-конкурса"),
                help_text=_("Организации, допустившие такие случаи, исключаются из смотра-конкурса (п. 4.9)."),
            ),
            "fatal_transport_no_fault": _count(
                _("из них при катастрофах, авариях, повреждениях транспортных средств без вины организации"),
                help_text=_("По акту комиссии по расследованию — приложите его в разделе «Файлы»."),
            ),
        }
        for field in fatal.values():
            field.required = True
        self.section_1_names = tuple(section_1)
        self.input_names = tuple(key for key in (spec.key for spec in self.table.inputs) if key not in section_1)
        self.fatal_names = tuple(fatal)
        self.fields.update({**section_1, **inputs, **fatal})
        for field in self.fields.values():
            if isinstance(field, forms.IntegerField) and field.max_value is None:  # what the database column holds
                field.validators.append(MaxValueValidator(LARGEST_COUNT, message=TOO_LARGE))
        self.last_year = prefill.year if prefill else None
        self.prefilled = self._mark_prefilled(offered)

    def _mark_prefilled(self, offered: dict) -> set[str]:
        """Mark each field still holding last year's value: a badge in its help text, so that it is part of the field's
        description (aria-describedby), not a colour only. A bound form marks only what the user left unchanged."""
        marked = set()
        for name in offered:
            if name not in self.fields:
                continue
            field = self.fields[name]
            # Not self[name]: a bound field, once made, keeps the help text it was made with.
            typed = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            if self.is_bound and field.has_changed(self.get_initial_for_field(field, name), typed):
                continue
            badge = format_html(
                '<span class="badge text-bg-info last-year-badge" data-last-year-for="{}">{}</span>',
                name,
                _("значение прошлого года"),
            )
            field.help_text = format_html("{} {}", badge, field.help_text) if field.help_text else badge
            marked.add(name)
        return marked

    def clean(self):
        cleaned = super().clean()
        # The scoring module's own checks (ranges, days only with accidents, hazardous ≤ headcount), but a draft may
        # leave values empty: only messages about given values count here. A value typed wrongly counts as empty, so
        # that every other value still gets its message.
        values = {spec.key: cleaned.get(spec.key) for spec in self.table.inputs}
        preview = scoring.preview_card(values, table=self.table)
        for key, message in preview.errors.items():
            if values.get(key) is not None and key in self.fields:
                self.add_error(key, message)
        columns = {
            name: cleaned.get(name) if name in self.fields else getattr(self.card, name)
            for name in services.CARD_COLUMNS
        }
        for key, message in services.section_1_problems(self.participation, columns, values).items():
            if key in self.fields and key not in self.errors and cleaned.get(key) is not None:
                self.add_error(key, message)
        return cleaned

    def values(self) -> dict:
        """The values that passed every check (all of them when the form is valid), for services.update_card."""
        return {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}

    def typed(self) -> dict[str, str]:
        """Field name -> the text typed, for every value with a message: the draft keeps it as typed."""
        return {name: str(self.data.get(self.add_prefix(name)) or "") for name in self.fields if name in self.errors}

    def stored_data(self) -> dict[str, str]:
        """What the card holds as the browser would send it: the saved values as the fields show them, and the text of
        the values kept as typed wrongly (typed_inputs). A form bound to it shows every value with its message."""
        data = {}
        for name, field in self.fields.items():
            value = self[name].value()
            if value is None:
                data[name] = ""
            elif isinstance(field, forms.NullBooleanField):
                data[name] = str(bool(value))
            else:
                data[name] = str(field.widget.format_value(value) or "")
        data.update({name: text for name, text in self.card.typed_inputs.items() if name in self.fields})
        return data


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


SECTION_1 = ("women_count", "teenagers_count", "hazardous_women", "public_share_pct")  # besides the table's roles
FATAL = ("fatal_accidents", "fatal_transport_no_fault")


def card_layout(form: InfoCardForm) -> dict:
    """Section 1, then one group per indicator (or run of indicators sharing inputs, like К1/1 and К1/2) with the fields
    it needs first asked there, then the fatal accidents of 4.9; read from the point table, not written out by hand."""
    order = {name: position for position, name in enumerate(form.fields)}
    shown = set(form.section_1_names)
    derived = {spec.key for spec in form.table.derived}
    groups: list[dict] = []
    for indicator in form.table.indicators:
        new = sorted(
            (k for k in form.table.dependencies(indicator) if k in form.fields and k not in shown), key=order.get
        )
        if new or not groups:
            groups.append(
                {"codes": [indicator.code], "title": indicator.title, "fields": [form[k] for k in new], "derived": []}
            )
            shown.update(new)
        else:
            groups[-1]["codes"].append(indicator.code)
        if indicator.source in derived:  # Кт, Кч, spending per worker: shown beside the fields they come from
            groups[-1]["derived"].append(indicator.source)
            # К1/1 «Состояние травматизма на производстве: коэффициент тяжести» and К1/2 share the part before «:».
            groups[-1]["title"] = groups[-1]["title"].split(":")[0]
    return {
        "section_1": [form[name] for name in form.section_1_names],
        "wide": {form.table.role("headcount"), form.table.role("hazardous_headcount"), "public_share_pct"},
        "groups": groups,
        "fatal": [form[name] for name in form.fatal_names],
    }
