"""Import of paper cards from the workbook template (contest.exports.excel.paper_template_xlsx builds it).

Every row is checked with the web forms' own rules — PaperOrganizationForm (the organization profile: ИНН, ОГРН and
the legal form, phone, ranges), PaperApplicationForm, InfoCardForm (ranges and cross-field rules of the card) — fed
with the row as form data, then with the scoring module (a submitted card must be complete). Every problem is
reported with its row, column letter and column name; a file with any problem writes nothing. A good file goes to
services.paper_cards in one transaction.

Idempotent by ИНН + contest:
- no participation of the organization in the contest → created (organization found by ИНН or created);
- a participation entered from paper earlier, row unchanged → skipped («без изменений»);
- entered from paper, row changed, card not yet taken into review → updated in place, the change logged;
- entered from paper, row changed, card already with the commission → an error for that row (the commission
  corrects values itself, with reasons);
- the organization takes part through the portal (not from paper) → an error for that row;
- the organization is registered in another municipality → an error for that row.

Sits beside forms and exports (it depends on both forms and services), like DESIGN.md's layering asks.
"""

import copy
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

import scoring
from core.exceptions import DomainError
from core.numbers import CountField, NumberField
from scoring import inputs as scoring_inputs

from . import files
from .enums import LegalForm, ParticipationState, Role, SizeCategory
from .forms.exchange import MAX_IMPORT_BYTES, PaperApplicationForm, PaperOrganizationForm
from .forms.participant import FATAL, InfoCardForm
from .models import Contest, Organization, Participation, User
from .services import paper_cards

SHEET_TITLE = "Карты"
LISTS_TITLE = "Списки"
INSTRUCTIONS_TITLE = "Инструкция"
BLOCK_ROW, LABEL_ROW, KEY_ROW, FIRST_DATA_ROW = 3, 4, 5, 6
TEMPLATE_ROWS = 300  # rows of the template that carry the lists and formats
MAX_ROWS = 2000
MAX_UNPACKED_BYTES = 80 * 1024 * 1024  # a few kilobytes of zip must not unpack into gigabytes

YES = {"да", "д", "yes", "y", "true", "истина", "1", "+"}
NO = {"нет", "н", "no", "n", "false", "ложь", "0", "-"}

PROFILE_HEADCOUNT = "headcount"  # the organization profile's column (not a card input) feeding the headcount role
ORGANIZATION_KEYS = (
    "full_name",
    "short_name",
    "legal_form",
    "inn",
    "ogrn",
    "legal_address",
    "phone",
    "email",
    "sector",
    PROFILE_HEADCOUNT,
    "public_share_pct",
)
APPLICATION_KEYS = ("head_name", "head_position", "registration_number")
# The card's section-1 columns (not inputs of a point table): the «из них» lines and the public share of section 1.
SECTION_1_COLUMNS = ("women_count", "teenagers_count", "hazardous_women", "public_share_pct")


def from_organization(table: scoring.Table) -> dict[str, str]:
    """Card keys whose column is the organization's (one column feeds the profile and the card): card key → profile key."""
    mapping = {"public_share_pct": "public_share_pct"}
    headcount = table.role("headcount")
    if headcount is not None:
        mapping[headcount] = PROFILE_HEADCOUNT
    return mapping


@dataclass(frozen=True)
class CardField:
    key: str
    label: str
    kind: str  # int | percent | money | flag


@dataclass(frozen=True)
class TemplateColumn:
    key: str
    label: str
    kind: str  # text | code | int | percent | money | flag | choice
    required: bool
    block: str
    width: float = 14
    hint: str = ""
    choices: str = ""  # the name of a list of choice_lists()


def _probe(contest: Contest, size: str = SizeCategory.SMALL) -> Participation:
    return Participation(contest=contest, size_category=size)


def spec_kind(spec: scoring.InputSpec) -> str:
    """The column kind of a point-table input: flag, int, percent (0…100) or money (any other decimal)."""
    if spec.kind == "bool":
        return "flag"
    if spec.kind == "int":
        return "int"
    return "percent" if spec.unit == "%" or spec.max == 100 else "money"


def card_fields(contest: Contest) -> list[CardField]:
    """Every value of the information card in the card's order: section 1 (the headcounts are the inputs playing the
    table's roles, each followed by its «из них» lines, named with the line they belong to, so a flat table reads
    without the card's indents), the other inputs of the contest's point table, the fatal accidents of 4.9."""
    table = contest.table
    form = InfoCardForm(participation=_probe(contest))

    def column(name: str) -> CardField:
        return CardField(name, str(form.fields[name].label), _kind(form.fields[name]))

    def role(name: str) -> list[CardField]:
        key = table.role(name)
        return [CardField(key, table.input_spec(key).label, spec_kind(table.input_spec(key)))] if key else []

    fields = [
        *role("headcount"),
        column("women_count"),
        column("teenagers_count"),
        *role("hazardous_headcount"),
        column("hazardous_women"),
        column("public_share_pct"),
    ]
    shown = {item.key for item in fields}
    fields += [CardField(spec.key, spec.label, spec_kind(spec)) for spec in table.inputs if spec.key not in shown]
    fields += [column(name) for name in FATAL]
    named, parent = [], ""
    for item in fields:
        if item.label.startswith(_("из них")):
            item = CardField(item.key, f"{parent} — {item.label}", item.kind)
        else:
            parent = item.label
        named.append(item)
    return named


def _kind(form_field) -> str:
    if isinstance(form_field, forms.NullBooleanField):
        return "flag"
    if isinstance(form_field, forms.DecimalField):  # a subclass of IntegerField: asked first
        return "percent" if form_field.max_value == 100 else "money"
    return "int"


def _required_card_keys(contest: Contest) -> dict[str, str]:
    """Card keys a submitted card needs → "" (always) or the condition under which it may stay empty."""
    table = contest.table
    form = InfoCardForm(participation=_probe(contest))
    required: dict[str, str] = {name: "" for name, f in form.fields.items() if f.required}
    for spec in table.inputs:
        if spec.optional_when is None:
            required[spec.key] = ""
        else:
            condition = table.input_spec(spec.optional_when.key)
            answer = spec.optional_when.equals
            shown = (_("да") if answer else _("нет")) if isinstance(answer, bool) else str(answer)
            required[spec.key] = _("можно не заполнять, если «%(label)s» — %(value)s") % {
                "label": condition.label,
                "value": shown,
            }
    return required


HINTS = {
    "int": gettext_noop("Целое число, не меньше 0."),
    "percent": gettext_noop("Число от 0 до 100 без знака %; дробная часть — через запятую."),
    "money": gettext_noop("Сумма в рублях, не меньше 0."),
    "flag": gettext_noop("«да» или «нет» (выберите из списка)."),
}


def template_columns(contest: Contest) -> list[TemplateColumn]:
    """The template's columns: the organization (profile form), the application, the card (card form)."""
    organization_form = PaperOrganizationForm(contest=contest)
    application_form = PaperApplicationForm()
    block_organization = _("Организация (заявка, приложение № 1)")
    block_application = _("Заявка: руководитель и регистрация")
    columns = []
    kinds = {
        "legal_form": ("choice", 30, "legal_form"),
        "sector": ("choice", 26, "sector"),
        "inn": ("code", 14, ""),
        "ogrn": ("code", 17, ""),
        "phone": ("code", 17, ""),
        "full_name": ("text", 40, ""),
        "legal_address": ("text", 32, ""),
        PROFILE_HEADCOUNT: ("int", 13, ""),
        "public_share_pct": ("percent", 14, ""),
    }
    hints = {
        "legal_form": _("Выберите из списка."),
        "sector": _("Отрасль экономики, в которой организация участвует (п. 5.1); выберите из списка."),
        "inn": _("10 цифр для организации, 12 — для индивидуального предпринимателя."),
        "phone": _("С кодом города, например +7 861 123-45-67."),
        "public_share_pct": _("Доля в уставном капитале, от 0 до 100; для малого бизнеса — не более 25 %."),
    }
    for key in ORGANIZATION_KEYS:
        form_field = organization_form.fields[key]
        kind, width, choices = kinds.get(key, ("text", 20, ""))
        hint = " ".join(str(part) for part in (hints.get(key) or form_field.help_text, _(HINTS.get(kind, ""))) if part)
        columns.append(
            TemplateColumn(
                key, str(form_field.label), kind, form_field.required, block_organization, width, hint, choices
            )
        )
    for key in APPLICATION_KEYS:
        form_field = application_form.fields[key]
        columns.append(
            TemplateColumn(
                key, str(form_field.label).capitalize(), "text", False, block_application, 22, _("Необязательно.")
            )
        )
    required = _required_card_keys(contest)
    shared = from_organization(contest.table)
    section_1 = {*SECTION_1_COLUMNS, contest.table.role("headcount"), contest.table.role("hazardous_headcount")}
    for card_field in card_fields(contest):
        if card_field.key in shared:
            continue
        if card_field.key in section_1:
            block = _("Информационная карта, раздел 1")
        elif card_field.key in FATAL:
            block = _("Несчастные случаи со смертельным исходом (п. 4.9)")
        else:
            block = _("Раздел 2: показатели на 1 января отчётного года")
        condition = required.get(card_field.key)
        hint = " ".join(part for part in (_(HINTS[card_field.kind]), condition or "") if part)
        columns.append(
            TemplateColumn(
                card_field.key,
                card_field.label,
                card_field.kind,
                condition == "",
                block,
                16 if card_field.kind != "flag" else 13,
                hint,
                "yes_no" if card_field.kind == "flag" else "",
            )
        )
    return columns


def blocks(columns: list[TemplateColumn]) -> list[tuple[str, int]]:
    result: list[tuple[str, int]] = []
    for column in columns:
        if result and result[-1][0] == column.block:
            result[-1] = (column.block, result[-1][1] + 1)
        else:
            result.append((column.block, 1))
    return result


def choice_lists(contest: Contest) -> dict[str, list[str]]:
    return {
        "yes_no": [_("да"), _("нет")],
        "sector": [sector.name for sector in contest.sectors.all()],
        "legal_form": [str(label) for _value, label in LegalForm.choices],
    }


def instructions() -> list[str]:
    return [
        _(
            "1. Впишите на листе «%(sheet)s» по одной строке на каждую организацию, представившую карту на бумажном носителе, начиная со строки %(row)s."
        )
        % {"sheet": SHEET_TITLE, "row": FIRST_DATA_ROW},
        _(
            "2. Столбцы, отмеченные звёздочкой (*), обязательны. Отрасль, организационно-правовую форму и ответы «да/нет» выберите из списков."
        ),
        _(
            "3. Проценты — числом от 0 до 100 без знака %, дробная часть — через запятую. ИНН и ОГРН — цифрами, как в документах."
        ),
        _(
            "4. Не меняйте порядок и названия столбцов и не удаляйте скрытую строку %(row)s с ключами столбцов — по ней портал узнаёт столбцы."
        )
        % {"row": KEY_ROW},
        _(
            "5. Загрузите файл на странице «Карты на бумажном носителе». Портал проверит каждую строку по тем же правилам, что и форму карты на портале, и покажет все ошибки с номером строки и столбцом. Если ошибка есть хотя бы в одной строке, ничего не сохраняется: исправьте файл и загрузите его снова."
        ),
        _(
            "6. Без ошибок: для каждой организации создаются (или находятся по ИНН) организация, зарегистрированная заявка и информационная карта с суммой баллов, карта попадает в список территориальной комиссии."
        ),
        _(
            "7. Повторная загрузка того же файла ничего не дублирует: неизменённые строки пропускаются; изменённая строка обновляет карту, пока комиссия не приняла её на проверку, после этого — показывается как ошибка (исправления вносит комиссия)."
        ),
    ]


# ---------------------------------------------------------------------------------------------------------------------
# Reading and checking


class FileProblem(DomainError):
    """The file as a whole cannot be read as the template (not xlsx, damaged, too large, wrong columns)."""


@dataclass(frozen=True)
class Problem:
    row: int
    column: str  # the letter, "" for the row as a whole
    label: str
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[tuple[str, list[str]]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def open_workbook(uploaded):
    """The uploaded workbook (.xlsx, read only) or a FileProblem that says in Russian what is wrong with the file:
    empty, too large, an old .xls, not a workbook, a zip bomb, damaged. Shared with the other imports of the portal."""
    from openpyxl import load_workbook  # noqa: PLC0415 — heavy: loaded only when a workbook is read (DESIGN)

    if uploaded.size == 0:
        raise FileProblem(_("Файл пустой."))
    if uploaded.size > MAX_IMPORT_BYTES:
        raise FileProblem(
            _("Файл слишком большой: допускается не более %(mb)s МБ. В шаблоне — одна строка на организацию.")
            % {"mb": MAX_IMPORT_BYTES // (1024 * 1024)}
        )
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    try:
        found = files.sniff(uploaded)  # reads a few KiB at most; refuses archives with absurd declared contents
    except files.UnsafeArchive:
        raise FileProblem(_("Файл слишком большой после распаковки: это не похоже на заполненный шаблон.")) from None
    if found is not files.XLSX:
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            message = _(
                "Это файл старого формата Excel (.xls). Откройте его в Excel и сохраните как «Книга Excel (*.xlsx)»."
            )
        elif found is files.ODT or head.startswith(b"PK"):
            message = _(
                "Это не книга Excel (.xlsx). Сохраните таблицу в формате «Книга Excel (*.xlsx)» и загрузите снова."
            )
        else:
            message = _("Это не файл Excel. Загрузите шаблон, заполненный и сохранённый в формате .xlsx.")
        raise FileProblem(message)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        uploaded.seek(0)
        if unpacked > MAX_UNPACKED_BYTES:
            raise FileProblem(_("Файл слишком большой после распаковки: это не похоже на заполненный шаблон."))
        return load_workbook(uploaded, read_only=True, data_only=True)
    except FileProblem:
        raise
    except Exception:  # openpyxl raises many kinds (zip, XML, KeyError) for a damaged file: all mean the same here
        raise FileProblem(
            _(
                "Файл повреждён или сохранён с ошибкой: прочитать его не удалось. Сохраните его в Excel заново как .xlsx."
            )
        ) from None


def _normal(text: Any) -> str:
    return " ".join(str(text or "").replace("*", " ").split()).casefold()


def _header(sheet, columns: list[TemplateColumn]) -> tuple[dict[str, int], int]:
    """Column index (0-based) of every template key, and the first data row; FileProblem naming what is missing."""
    keys = {column.key for column in columns}
    labels = {_normal(column.label): column.key for column in columns}
    top = [list(row) for row in sheet.iter_rows(min_row=1, max_row=KEY_ROW + 5, values_only=True)]
    best: tuple[dict[str, int], int] = ({}, 0)
    for number, row in enumerate(top, start=1):
        by_key = {str(v).strip(): i for i, v in enumerate(row) if isinstance(v, str) and str(v).strip() in keys}
        by_label = {labels[_normal(v)]: i for i, v in enumerate(row) if _normal(v) in labels}
        for found in (by_key, by_label):
            if len(found) > len(best[0]):
                best = (found, number + 1)
    found, first = best
    if len(found) < len(columns) // 2:
        raise FileProblem(
            _(
                "Это не шаблон карт на бумажном носителе: столбцы не найдены. Скачайте шаблон на этой странице и заполните его."
            )
        )
    missing = [column.label for column in columns if column.key not in found]
    if missing:
        raise FileProblem(
            _(
                "Столбцы файла не совпадают с шаблоном: нет столбцов %(missing)s. Скачайте шаблон заново и перенесите в него данные."
            )
            % {"missing": ", ".join(f"«{label}»" for label in missing)}
        )
    # The label row is followed by the hidden row of keys: start after it when it is there.
    if first <= len(top) and any(isinstance(v, str) and v.strip() in keys for v in top[first - 1]):
        first += 1
    return found, first


def _text(value: Any, number_format: str | None, kind: str) -> str:
    """A cell as a form would get it from a person typing: text, numbers without a float's tail."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("да") if value else _("нет")
    if isinstance(value, datetime | date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, int | float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if kind == "percent" and "%" in (number_format or ""):
            number *= 100  # typed as 95 % into a percent-formatted cell: Excel keeps 0.95
        if number == number.to_integral_value():
            return str(int(number))
        return format(number.normalize(), "f")
    return " ".join(str(value).split())


def import_paper_cards(uploaded, *, contest: Contest | None, actor: User) -> ImportReport:
    """Check every row of the uploaded workbook; when there is no problem, save them all in one transaction.

    Side effects only for a file without problems (services.paper_cards.save_paper_cards). FileProblem (a
    DomainError) for a file that cannot be read as the template; DomainError when the actor may not import now.
    """
    paper_cards.check_may_import(contest, actor)
    columns = template_columns(contest)
    workbook = open_workbook(uploaded)
    try:
        sheet = workbook[SHEET_TITLE] if SHEET_TITLE in workbook.sheetnames else workbook.worksheets[0]
        position, first = _header(sheet, columns)
        rows = []
        for number, cells in enumerate(sheet.iter_rows(min_row=first), start=first):
            values = {}
            for column in columns:
                index = position[column.key]
                cell = cells[index] if index < len(cells) else None
                value = getattr(cell, "value", None)
                values[column.key] = _text(value, getattr(cell, "number_format", None), column.kind)
            if any(values.values()):
                rows.append((number, values))
                if len(rows) > MAX_ROWS:
                    raise FileProblem(_("В файле больше %(n)s строк: разделите его на части.") % {"n": MAX_ROWS})
    except FileProblem:
        raise
    except Exception:  # a damaged sheet may fail only while it is read
        raise FileProblem(
            _("Файл повреждён: прочитать строки не удалось. Сохраните его в Excel заново как .xlsx.")
        ) from None
    finally:
        workbook.close()
    if not rows:
        raise FileProblem(
            _("В файле нет заполненных строк: впишите карты начиная со строки %(row)s шаблона.")
            % {"row": FIRST_DATA_ROW}
        )
    return _check_and_save(contest, actor, columns, position, rows)


class _Row:
    """The checks of one row, collecting problems by column."""

    def __init__(self, number: int, columns: list[TemplateColumn], position: dict[str, int]):
        self.number = number
        self.by_key = {column.key: column for column in columns}
        self.position = position
        self.problems: list[Problem] = []
        self.keys_with_problems: set[str] = set()

    def add(self, key: str | None, message: str) -> None:
        if key in self.keys_with_problems:
            return
        column = self.by_key.get(key) if key else None
        if column is None:
            self.problems.append(Problem(self.number, "", "", message))
            return
        from openpyxl.utils import get_column_letter  # noqa: PLC0415 — heavy, as in _open

        self.keys_with_problems.add(key)
        self.problems.append(Problem(self.number, get_column_letter(self.position[key] + 1), column.label, message))

    def sorted(self) -> list[Problem]:
        """The row's problems from the first column to the last (the row as a whole first)."""
        return sorted(self.problems, key=lambda p: (len(p.column), p.column))

    def form_errors(self, form, names: dict[str, str] | None = None) -> None:
        for name, messages in form.errors.items():
            key = (names or {}).get(name, name)
            for message in messages:
                self.add(None if key == "__all__" else key, message)


def _input_field(spec: scoring.InputSpec) -> forms.Field:
    """A form field of one point-table input, with the spec's range."""
    if spec.kind == "bool":
        return forms.NullBooleanField(required=False)
    low = None if spec.min is None else int(spec.min) if spec.kind == "int" else spec.min
    high = None if spec.max is None else int(spec.max) if spec.kind == "int" else spec.max
    # The card's own fields (core.numbers): a cell typed as «1 250 000» or «72,5» is read as a person typing it.
    message = scoring_inputs.range_message(spec) if low is not None or high is not None else None
    if spec.kind == "int":
        return CountField(required=False, min_value=low, max_value=high, range_message=message)
    return NumberField(
        required=False, min_value=low, max_value=high, max_digits=15, decimal_places=2, range_message=message
    )


def _check_and_save(contest: Contest, actor: User, columns, position, rows) -> ImportReport:
    report = ImportReport(rows=len(rows))
    office = actor.municipality_for(Role.LABOUR_OFFICE)  # check_may_import made sure there is one
    sectors = {_normal(sector.name): sector for sector in contest.sectors.all()}
    forms_of = {_normal(label): value for value, label in LegalForm.choices} | {
        value: value for value in LegalForm.values
    }
    flags = [column.key for column in columns if column.kind == "flag"]
    card_keys = [f.key for f in card_fields(contest)]
    table = contest.table
    shared = from_organization(table)
    inns = {"".join(values["inn"].split()) for _number, values in rows}
    organizations = {o.inn: o for o in Organization.objects.select_related("municipality").filter(inn__in=inns)}
    participations = {
        p.organization_id: p
        for p in Participation.objects.select_related("organization", "application", "card").filter(
            contest=contest, organization__in=organizations.values()
        )
    }
    from_paper = paper_cards.paper_participation_ids(p.pk for p in participations.values())
    labels = {column.key: column.label for column in columns}
    seen_inn: dict[str, int] = {}
    seen_ogrn: dict[str, int] = {}
    create, update = [], []
    for number, values in rows:
        row = _Row(number, columns, position)
        data = dict(values)
        for key in flags:
            text = data[key].casefold()
            data[key] = "True" if text in YES else "False" if text in NO else ""
            if text and not data[key]:
                row.add(key, _("Укажите «да» или «нет»."))
        sector = sectors.get(_normal(data["sector"]))
        data["sector"] = sector.pk if sector is not None else data["sector"]
        data["legal_form"] = forms_of.get(_normal(data["legal_form"]), data["legal_form"])
        inn = "".join(data["inn"].split())
        existing = organizations.get(inn)
        organization_form = PaperOrganizationForm(
            {**data, "municipality": office.pk},
            instance=copy.copy(existing) if existing is not None else None,
            contest=contest,
        )
        organization_ok = organization_form.is_valid()
        row.form_errors(organization_form)
        if not data["sector"]:
            row.add("sector", _("Укажите отрасль экономики: от неё зависит, с кем организация соревнуется."))
        application_form = PaperApplicationForm(data)
        application_form.is_valid()
        row.form_errors(application_form)
        size = SizeCategory.MEDIUM_LARGE
        if organization_ok:
            size = organization_form.instance.size_category
        card_data = {key: data.get(shared.get(key, key), "") for key in card_keys}
        card_form = InfoCardForm(card_data, participation=_probe(contest, size))
        card_form.is_valid()
        row.form_errors(card_form, shared)
        cleaned = dict(getattr(card_form, "cleaned_data", {}))
        for spec in table.inputs:  # an input the card form does not ask (yet): checked by its spec alone
            if spec.key not in card_form.fields:
                input_field = _input_field(spec)
                try:
                    cleaned[spec.key] = input_field.clean(card_data.get(spec.key, ""))
                except forms.ValidationError as error:
                    for message in error.messages:
                        row.add(spec.key, message)
        try:
            scoring.score_card({spec.key: cleaned.get(spec.key) for spec in table.inputs}, table=table)
        except scoring.InvalidCard as invalid:
            for key, message in invalid.errors.items():
                row.add(shared.get(str(key), str(key)), message)
        if inn in seen_inn:
            row.add("inn", _("Этот ИНН уже есть в строке %(row)s файла.") % {"row": seen_inn[inn]})
        seen_inn.setdefault(inn, number)
        ogrn = organization_form.cleaned_data.get("ogrn") if hasattr(organization_form, "cleaned_data") else None
        if ogrn and ogrn in seen_ogrn:
            row.add("ogrn", _("Этот ОГРН уже есть в строке %(row)s файла.") % {"row": seen_ogrn[ogrn]})
        if ogrn:
            seen_ogrn.setdefault(ogrn, number)
        if existing is not None and existing.municipality_id != office.pk:
            row.add(
                "inn",
                _(
                    "Организация с этим ИНН зарегистрирована в муниципальном образовании «%(municipality)s»: её карту вносит сектор по труду этого образования."
                )
                % {"municipality": existing.municipality},
            )
        if row.problems:
            report.problems.extend(row.sorted())
            continue
        paper = paper_cards.PaperCard(
            inn=inn,
            organization={name: organization_form.cleaned_data[name] for name in paper_cards.ORGANIZATION_FIELDS},
            application={name: application_form.cleaned_data[name] for name in paper_cards.APPLICATION_FIELDS},
            sector=organization_form.cleaned_data["sector"],
            card={
                **{key: cleaned.get(key) for key in card_keys if key not in shared},
                **{key: organization_form.cleaned_data[column] for key, column in shared.items()},
            },
        )
        name = paper.organization["full_name"]
        participation = participations.get(existing.pk) if existing is not None else None
        if participation is None:
            create.append(paper)
            report.created.append(name)
            continue
        if participation.pk not in from_paper:
            row.add(
                "inn",
                _(
                    "Организация участвует в смотре-конкурсе через портал (состояние «%(state)s»): её карту представляет сама организация."
                )
                % {"state": ParticipationState(participation.state).label},
            )
            report.problems.extend(row.sorted())
            continue
        changed = paper_cards.differences(participation, paper)
        if not changed:
            report.unchanged.append(name)
        elif participation.state == ParticipationState.CARD_SUBMITTED:
            changed_labels = [labels.get(key, key) for key in changed]
            update.append((participation, paper, changed_labels))
            report.updated.append((name, changed_labels))
        else:
            row.add(
                None,
                _(
                    "Карта уже у комиссии (состояние «%(state)s»), а в строке изменено: %(fields)s. Изменить её загрузкой файла нельзя — исправления вносит комиссия."
                )
                % {
                    "state": ParticipationState(participation.state).label,
                    "fields": ", ".join(f"«{labels.get(key, key)}»" for key in changed),
                },
            )
            report.problems.extend(row.sorted())
    if report.problems:
        report.created, report.updated, report.unchanged = [], [], []
        return report
    try:
        paper_cards.save_paper_cards(contest, actor=actor, create=create, update=update)
    except DomainError as error:
        report.problems.append(Problem(0, "", "", error.message))
        report.created, report.updated, report.unchanged = [], [], []
    return report
