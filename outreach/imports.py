"""The labour office's list of employers' addresses (Excel or CSV): read and checked row by row, like the paper cards
(contest.imports). Three columns found by their headings — the employer's name, the e-mail address, the ИНН where
known — in any order, on the first sheet; a row with a problem is reported with its number, column and what to fix,
and a file with any problem writes nothing (services.employers saves a good one).
"""

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from contest.forms.exchange import MAX_IMPORT_BYTES
from contest.imports import FileProblem, open_workbook
from contest.validators import validate_inn
from core.search import fold

MAX_ROWS = 20_000
NAME, EMAIL, INN = "name", "email", "inn"
# What a heading may say, folded (lower case, ё as е, no punctuation): the first match names the column.
HEADINGS = {
    NAME: ("наименование", "наименование работодателя", "организация", "работодатель", "название", "name"),
    EMAIL: ("электронная почта", "e-mail", "email", "почта", "адрес электронной почты", "эл. почта", "e mail"),
    INN: ("инн", "inn"),
}
LABELS = {NAME: "Наименование", EMAIL: "Электронная почта", INN: "ИНН"}
TEMPLATE_HEADINGS = ("Наименование работодателя", "ИНН", "Электронная почта")


@dataclass(frozen=True)
class Problem:
    row: int
    column: str  # the heading as the file has it, "" for the row as a whole
    message: str


@dataclass(frozen=True)
class Row:
    row: int
    name: str
    email: str
    inn: str


@dataclass
class EmployerList:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def _fold(text: Any) -> str:
    """A heading as the search compares it (core.search.fold), the asterisk of a required column left out."""
    return fold(str(text or "").replace("*", " "))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an ИНН typed as a number comes back as 2312038420.0
    return " ".join(str(value).split())


def _is_csv(uploaded) -> bool:
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    name = (getattr(uploaded, "name", "") or "").lower()
    if head.startswith(b"PK") or head.startswith(b"\xd0\xcf\x11\xe0"):
        return False
    return name.endswith((".csv", ".txt")) or not name.endswith((".xlsx", ".xls", ".ods"))


class Semicolons(csv.excel):
    """What a Russian Excel writes as «CSV (разделители — точка с запятой)»."""

    delimiter = ";"


def _csv_rows(uploaded) -> list[list[str]]:
    if uploaded.size == 0:
        raise FileProblem(_("Файл пустой."))
    if uploaded.size > MAX_IMPORT_BYTES:
        raise FileProblem(
            _("Файл слишком большой: допускается не более %(mb)s МБ.") % {"mb": MAX_IMPORT_BYTES // (1024 * 1024)}
        )
    raw = uploaded.read()
    if b"\x00" in raw[:4096]:
        raise FileProblem(_("Это не таблица: загрузите книгу Excel (.xlsx) или файл CSV."))
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover — cp1251 decodes every byte but a few; they mean the same
        raise FileProblem(_("Не удалось прочитать текст файла: сохраните его в кодировке UTF-8 или Windows-1251."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = Semicolons
    return [[_cell(value) for value in row] for row in csv.reader(io.StringIO(text), dialect)]


def _sheet_rows(uploaded) -> list[list[str]]:
    workbook = open_workbook(uploaded)
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell(value) for value in values])
            if len(rows) > MAX_ROWS + 20:
                break
        return rows
    finally:
        workbook.close()


def _columns(rows: list[list[str]]) -> tuple[int, dict[str, int]]:
    """The heading row (among the first ten) and the position of each column in it."""
    for index, values in enumerate(rows[:10]):
        found: dict[str, int] = {}
        for position, value in enumerate(values):
            folded = _fold(value)
            for key, names in HEADINGS.items():
                if key not in found and folded in names:
                    found[key] = position
        if NAME in found and EMAIL in found:
            return index, found
    raise FileProblem(
        _(
            "Не найдены заголовки столбцов. В первой строке таблицы должны быть столбцы «Наименование работодателя», "
            "«Электронная почта» и, где известен, «ИНН». Скачайте шаблон и перенесите данные в него."
        )
    )


def read_employer_list(uploaded) -> EmployerList:
    """Read and check every row; the result's `ok` says whether it may be saved."""
    rows = _csv_rows(uploaded) if _is_csv(uploaded) else _sheet_rows(uploaded)
    heading_index, columns = _columns(rows)
    heading = rows[heading_index]
    result = EmployerList()
    seen: dict[str, int] = {}

    def value(values: list[str], key: str) -> str:
        position = columns.get(key)
        return values[position] if position is not None and position < len(values) else ""

    body = rows[heading_index + 1 :]
    if len(body) > MAX_ROWS:
        raise FileProblem(_("В файле больше %(max)s строк: разделите его на части.") % {"max": MAX_ROWS})
    for offset, values in enumerate(body):
        number = heading_index + offset + 2  # the row as the spreadsheet numbers it
        if not any(values):
            continue
        name, email, inn = value(values, NAME), value(values, EMAIL).lower(), value(values, INN)

        def problem(key: str, message: str, number: int = number) -> None:
            position = columns.get(key)
            label = heading[position] if position is not None and position < len(heading) else LABELS[key]
            result.problems.append(Problem(number, label, message))

        if not name:
            problem(NAME, _("Укажите наименование работодателя."))
        elif len(name) > 500:
            problem(NAME, _("Наименование длиннее 500 знаков."))
        if not email:
            problem(EMAIL, _("Укажите адрес электронной почты."))
        else:
            try:
                validate_email(email)
            except ValidationError:
                problem(EMAIL, _("«%(value)s» — не адрес электронной почты.") % {"value": email})
            else:
                if email in seen:
                    problem(EMAIL, _("Этот адрес уже есть в строке %(row)s.") % {"row": seen[email]})
                seen.setdefault(email, number)
        if inn:
            try:
                validate_inn(inn)
            except ValidationError as error:
                problem(INN, " ".join(error.messages))
        result.rows.append(Row(number, name[:500], email, inn))
    if not result.rows and not result.problems:
        raise FileProblem(_("В таблице нет ни одной строки с работодателем под заголовками."))
    return result


def template_xlsx() -> bytes:
    """An empty list to fill: the headings, columns wide enough to read, the ИНН column as text (leading zeros)."""
    from openpyxl import Workbook  # noqa: PLC0415 — heavy: loaded only when a workbook is written (DESIGN)
    from openpyxl.styles import Font  # noqa: PLC0415

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Работодатели")
    sheet.append(list(TEMPLATE_HEADINGS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABC", (60, 16, 36), strict=True):
        sheet.column_dimensions[column].width = width
    for row in range(2, 1002):
        sheet.cell(row=row, column=2).number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
