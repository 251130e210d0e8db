"""Excel workbooks of the portal: rankings of both stages, the participants with every card value and all points, the
commissions' working lists (written by the streaming writer of exports.xlsx), and the template for cards that came on
paper (openpyxl, imported inside the function).

write_participants(contest, out, *, municipality=None) is the large one: 10 000 participations with cards in about two
seconds and ~40 MiB of memory; one streaming query for the rows and one for the corrections of each chunk of 2000, none
per row. It writes the points the cards keep rather than scoring every card again (that was two thirds of its time).
"""

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import IO, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

import scoring
from core import codec
from scoring.inputs import clean_values

from .. import imports, rankings
from ..enums import ParticipationState
from ..models import Contest, Correction, InfoCard, Participation
from ..services.participation import card_values, score
from .xlsx import CENTER, CODE, DATE, INT, MONEY, NUMBER, PERCENT, TEXT, Book, Column, stamp, xml_safe

# ---------------------------------------------------------------------------------------------------------------------
# Participants: every declared and verified value of every card input, the derived values and every indicator's points


_CARD_KIND = {"int": INT, "percent": PERCENT, "money": MONEY, "flag": CENTER}


def _participant_columns(contest: Contest) -> tuple[list[Column], list[tuple[str, int]], list[str], list[str]]:
    """The columns, the blocks over them, the card keys in column order, the input keys that can be corrected."""
    table = contest.table
    card = imports.card_fields(contest)
    inputs = [spec.key for spec in table.inputs]
    kinds = {field.key: _CARD_KIND[field.kind] for field in card}
    identity = [
        Column(_("№"), CENTER, 5),
        Column(_("Муниципальное образование"), TEXT, 16),
        Column(_("Организация"), TEXT, 36, total="count"),
        Column(_("ИНН"), CODE, 13),
        Column(_("Отрасль"), TEXT, 18),
        Column(_("Категория"), TEXT, 13),
        Column(_("Состояние"), TEXT, 17),
        Column(_("Сумма баллов (заявлено)"), NUMBER, 10, total="average"),
        Column(_("Сумма баллов (после проверки)"), NUMBER, 10, total="average"),
    ]
    declared = [Column(field.label, kinds[field.key], _width(kinds[field.key])) for field in card]
    verified = [
        Column(field.label, kinds[key], _width(kinds[key])) for key in inputs for field in card if field.key == key
    ]
    derived = [Column(f"{spec.label}" + (f", {spec.unit}" if spec.unit else ""), NUMBER, 11) for spec in table.derived]
    points = [
        Column(f"{indicator.code.replace('K', 'К')}", NUMBER, 7, total="average") for indicator in table.indicators
    ]
    blocks = [
        (_("Участник"), len(identity)),
        (_("Информационная карта: заявлено организацией"), len(declared)),
        (_("Значения после проверки комиссией"), len(verified)),
        (_("Расчётные величины"), len(derived)),
        (_("Баллы по показателям (после проверки)"), len(points)),
    ]
    return identity + declared + verified + derived + points, blocks, [f.key for f in card], inputs


def _width(kind: str) -> float:
    return {INT: 11, PERCENT: 11, MONEY: 15, TEXT: 14}.get(kind, 11)


IDENTITY = (
    "pk",
    "state",
    "size_category",
    "organization__municipality__name",
    "organization__full_name",
    "organization__inn",
    "sector__name",
)


def participants_queryset(contest: Contest, *, municipality=None, participations: QuerySet | None = None) -> QuerySet:
    """The participations of the export: filed ones (drafts stay the organization's own) of the contest, of one
    municipality if given, by municipality and name."""
    queryset = participations if participations is not None else Participation.objects.all()
    queryset = queryset.filter(contest=contest).exclude(state=ParticipationState.DRAFT)
    if municipality is not None:
        queryset = queryset.filter(organization__municipality=municipality)
    return queryset.order_by("organization__municipality__name", "organization__full_name", "pk")


def _chunks(queryset: QuerySet, fields: list[str], size: int = 2000):
    """The rows as dictionaries, a list of up to ``size`` at a time, read with one streaming query."""
    chunk = []
    for values in queryset.values_list(*fields).iterator(chunk_size=size):
        chunk.append(dict(zip(fields, values, strict=True)))
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write_participants(
    contest: Contest,
    out: IO[bytes],
    *,
    municipality=None,
    participations: QuerySet | None = None,
    notes=(),
    progress: Callable[[int], object] | None = None,
) -> int:
    """Write the participants workbook of the contest to the binary file object ``out``; return the number of rows.

    ``municipality`` limits it to one municipality; ``participations`` is the user's scoped queryset (selectors), all
    participations of the contest when None. No side effects besides writing ``out``. Reads plain values, not
    models (building 10 000 cards with Model.__init__ costs more than scoring them): one streaming query for the rows with
    their cards, one query for the corrections of each chunk of 2000, none per row. ``progress`` is called with the
    number of rows written after each chunk (the worker's progress).
    """
    table = contest.table
    columns, blocks, card_keys, inputs = _participant_columns(contest)
    flags = {spec.key for spec in table.inputs if spec.kind == "bool"}
    codes = [indicator.code for indicator in table.indicators]
    derived_keys = [spec.key for spec in table.derived]
    states = {code: str(label) for code, label in ParticipationState.choices}  # translated once, not on every row
    sizes = dict(contest.categories.values_list("code", "name"))
    card_names = [f.name for f in InfoCard._meta.concrete_fields if f.name not in {"participation", "updated_at"}]
    fields = [*IDENTITY, *(f"card__{name}" for name in card_names)]
    queryset = participants_queryset(contest, municipality=municipality, participations=participations)
    book = Book(out)
    scope = str(municipality) if municipality is not None else _("все муниципальные образования")
    number = 0
    with book.sheet(
        _("Участники"),
        columns=columns,
        blocks=blocks,
        title=_("Участники смотра-конкурса: значения информационных карт и баллы"),
        notes=[f"{contest.title} · {scope}", *notes, stamp()],
        freeze_cols=3,
    ) as sheet:
        for chunk in _chunks(queryset, fields):
            corrections: dict[int, list[tuple[str, str]]] = {}
            for participation_id, key, value in (
                Correction.objects.filter(participation_id__in=[row["pk"] for row in chunk])
                .order_by("created_at", "pk")
                .values_list("participation_id", "key", "value")
            ):
                corrections.setdefault(participation_id, []).append((key, value))
            for data in chunk:
                number += 1
                row = [
                    number,
                    data["organization__municipality__name"],
                    data["organization__full_name"],
                    data["organization__inn"],
                    data["sector__name"],
                    sizes.get(data["size_category"], data["size_category"]),
                    states.get(data["state"], data["state"]),
                ]
                if data["card__id"] is None:
                    sheet.append(row + [None] * (len(columns) - len(row)))
                    continue
                card = _card_row(card_names, data)
                declared = card_values(card, table)
                changes = corrections.get(data["pk"])
                verified = codec.overlay(declared, changes, flags) if changes else declared
                result = _verified_result(table, card, verified, corrected=bool(changes), codes=codes)
                row += [card.declared_total, card.verified_total]
                row += [declared[key] if key in declared else getattr(card, key) for key in card_keys]
                if result is not None:
                    values, derived, points = result
                    row += [values[key] for key in inputs]
                    row += [derived[key] for key in derived_keys]
                    row += [points[code] for code in codes]
                else:
                    row += [_plain(verified.get(key)) for key in inputs]
                    row += [None] * (len(derived_keys) + len(codes))
                sheet.append(row)
            if progress is not None:
                progress(number)
    book.close()
    return sheet.rows


def _verified_result(
    table: scoring.Table, card: InfoCard, verified: dict[str, Any], *, corrected: bool, codes: list[str]
) -> tuple[Any, Any, Any] | None:
    """The card's verified values (cleaned as the scoring module cleans them), its derived values and its points by
    indicator; None while it is incomplete or invalid, as score() says.

    The points are those the card keeps: the verified ones (services.review.recount) once the commission has taken it
    into review or corrected it, the declared ones (fill_card) before, when the verified values are the declared. A
    card without kept points is scored again."""
    try:
        clean = clean_values(table, verified)
    except scoring.InvalidCard:
        return None
    kept = card.verified_points if corrected or card.verified_total is not None else card.declared_points
    if not kept or any(code not in kept for code in codes):
        result = score(table, verified)
        return None if result is None else (result.values, result.derived, result.points)
    derived = {spec.key: spec.compute(clean) for spec in table.derived}
    return clean, derived, {code: Decimal(kept[code]) for code in codes}


def _card_row(names: list[str], data: dict[str, Any]) -> InfoCard:
    """A card holding the row's values, built without Model.__init__ (ten times cheaper: 10 000 rows in 50 ms instead
    of 700), so that card_values reads it as it reads a card from the database. Not for saving: it has no state."""
    card = InfoCard.__new__(InfoCard)
    card.__dict__.update((name, data[f"card__{name}"]) for name in names)
    return card


def _card_of(participation: Participation):
    try:
        return participation.card
    except Participation.card.RelatedObjectDoesNotExist:
        return None


def _plain(value: Any) -> Any:
    """A corrected value kept as text («96.5») as a number for the sheet; anything else as it is."""
    if isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            return value
    return value


# ---------------------------------------------------------------------------------------------------------------------
# Rankings


def _ranking_row(entry, *, regional: bool, proposed: dict[int, int] | None = None) -> list[Any]:
    """A ranked entry: a live rankings.Entry or a decision's snapshots.Entry (they read alike)."""
    row = [entry.place, entry.full_name, entry.inn]
    if regional:
        row += [entry.municipality, entry.sector]
    row += [
        entry.state_label,
        entry.total,
        entry.declared_total,
        _("да") if entry.tied else "",
        _("да") if entry.prize else "",
    ]
    if proposed is not None:
        row.append(proposed.get(entry.participation_id))
    return row


def _ranking_columns(*, regional: bool, proposed: bool) -> list[Column]:
    columns = [
        Column(_("Место"), CENTER, 8),
        Column(_("Организация"), TEXT, 44, total="count"),
        Column(_("ИНН"), CODE, 13),
    ]
    if regional:
        columns += [Column(_("Муниципальное образование"), TEXT, 18), Column(_("Отрасль"), TEXT, 20)]
    columns += [
        Column(_("Состояние"), TEXT, 20),
        Column(_("Сумма баллов (после проверки)"), NUMBER, 12, total="average"),
        Column(_("Сумма баллов (заявлено)"), NUMBER, 12),
        Column(_("Равные баллы"), CENTER, 9),
        Column(_("Призовое место"), CENTER, 9),
    ]
    if proposed:
        columns.append(Column(_("Предложено краевой комиссией, место"), CENTER, 12))
    return columns


def municipal_ranking_xlsx(contest: Contest, municipality, out: IO[bytes], *, groups: list | None = None) -> int:
    """The municipality's rankings as on the municipal results page (live, or the decision's snapshot groups): one
    block per size category and sector, first places marked. Returns the number of ranked rows. No side effects
    besides writing ``out``."""
    groups = rankings.municipal_groups(contest, municipality.pk) if groups is None else groups
    book = Book(out)
    columns = [
        Column(_("Категория"), TEXT, 16),
        Column(_("Отрасль"), TEXT, 22),
        *_ranking_columns(regional=False, proposed=False),
    ]
    with book.sheet(
        _("Итоги %(municipality)s") % {"municipality": municipality.name},
        columns=columns,
        title=_("Итоги муниципального этапа: %(municipality)s") % {"municipality": municipality.name},
        notes=[
            contest.title,
            _(
                "Рейтинг по баллам после проверки комиссией в каждой отрасли отдельно для каждой группы участников (п. 5.1); первое место — призовое (п. 4.5)."
            ),
            stamp(),
        ],
        freeze_cols=0,
    ) as sheet:
        names = {category.code: category.name for category in contest.categories.all()}
        for group in groups:
            # A live group names its category; a decision's snapshot as the decision named it (older ones: the code).
            size = (
                getattr(group, "category_name", "")
                or getattr(group, "category", "")
                or names.get(group.size_category, group.size_category)
            )
            for entry in group.entries:
                sheet.append(
                    [size, group.sector_name, *_ranking_row(entry, regional=False)],
                    prize=entry.prize,
                )
    book.close()
    return sum(len(group.entries) for group in groups)


def regional_ranking_xlsx(
    contest: Contest,
    out: IO[bytes],
    *,
    groups: list | None = None,
    proposed: dict[str, dict[int, int]] | None = None,
) -> int:
    """The rankings of stage 2 as on the regional results page (live, or the decision's snapshot groups): a sheet per
    nomination (a block per sector for a per-sector nomination), prize places and the regional commission's
    proposal. Returns the number of rows."""
    groups = rankings.nomination_groups(contest) if groups is None else groups
    book = Book(out)
    rows = 0
    for position, nomination in enumerate(contest.nominations.all(), start=1):
        own = [group for group in groups if group.nomination_id == nomination.pk]
        columns = _ranking_columns(regional=True, proposed=proposed is not None)
        if nomination.per_sector:
            columns = [Column(_("Отрасль номинации"), TEXT, 20), *columns]
        with book.sheet(
            f"{position}. {nomination.name}",
            columns=columns,
            title=nomination.name,
            notes=[
                contest.title,
                _("%(size)s · призовых мест: %(places)s%(per_sector)s · рейтинг по баллам после проверки (п. 4.11)")
                % {
                    "size": (
                        nomination.category.name if nomination.category else _("все группы участников")
                    ).capitalize(),
                    "places": nomination.places,
                    "per_sector": _(" в каждой отрасли") if nomination.per_sector else "",
                },
                stamp(),
            ],
        ) as sheet:
            for group in own:
                marks = (proposed or {}).get(group.key, {}) if proposed is not None else None
                for entry in group.entries:
                    row = _ranking_row(entry, regional=True, proposed=marks)
                    if nomination.per_sector:
                        row = [group.sector_name, *row]
                    sheet.append(row, prize=entry.prize)
                    rows += 1
    if not book.sheets:
        with book.sheet(_("Номинации"), columns=[Column(_("Номинации"), TEXT, 40)], title=_("Номинации не заданы")):
            pass
    book.close()
    return rows


# ---------------------------------------------------------------------------------------------------------------------
# The commissions' working lists


def commission_cards_xlsx(rows: Iterable[Participation], out: IO[bytes], *, contest: Contest, notes=()) -> int:
    """The territorial commission's list of cards as the page shows it (with its filters): state and its reason,
    totals declared and after verification, approvals, files. Rows come from selectors.commission_cards()."""
    sizes = dict(contest.categories.values_list("code", "name"))
    columns = [
        Column(_("№"), CENTER, 5),
        Column(_("Организация"), TEXT, 40, total="count"),
        Column(_("ИНН"), CODE, 13),
        Column(_("Муниципальное образование"), TEXT, 16),
        Column(_("Отрасль"), TEXT, 20),
        Column(_("Категория"), TEXT, 14),
        Column(_("Состояние"), TEXT, 18),
        Column(_("Основание (исключение, отстранение)"), TEXT, 24),
        Column(_("Сумма баллов (заявлено)"), NUMBER, 11, total="average"),
        Column(_("Сумма баллов (после проверки)"), NUMBER, 11, total="average"),
        Column(_("Согласования"), TEXT, 26),
        Column(_("Файлов"), INT, 8, total="sum"),
    ]
    book = Book(out)
    with book.sheet(
        _("Карты участников"),
        columns=columns,
        title=_("Информационные карты участников"),
        notes=[contest.title, *notes, stamp()],
        freeze_cols=2,
    ) as sheet:
        for number, participation in enumerate(rows, start=1):
            card = _card_of(participation)
            removed = participation.state in {ParticipationState.EXCLUDED, ParticipationState.DISQUALIFIED}
            approvals = "; ".join(
                f"{a.get_body_display()}: {a.get_state_display()}" for a in participation.approvals.all()
            )
            sheet.append(
                [
                    number,
                    participation.organization.full_name,
                    participation.organization.inn,
                    participation.organization.municipality.name,
                    participation.sector.name,
                    sizes.get(participation.size_category, participation.size_category),
                    participation.get_state_display(),
                    (getattr(participation, "state_reason", "") or "") if removed else "",
                    card.declared_total if card is not None else None,
                    card.verified_total if card is not None else None,
                    approvals,
                    getattr(participation, "attachments_count", None),
                ]
            )
    book.close()
    return sheet.rows


def applications_xlsx(rows: Iterable[Participation], out: IO[bytes], *, contest: Contest, notes=()) -> int:
    """The labour office's list of applications as the page shows it (with its filter): dates as dates."""
    sizes = dict(contest.categories.values_list("code", "name"))
    columns = [
        Column(_("№"), CENTER, 5),
        Column(_("Организация (по заявке)"), TEXT, 40, total="count"),
        Column(_("ИНН"), CODE, 13),
        Column(_("Муниципальное образование"), TEXT, 16),
        Column(_("Отрасль"), TEXT, 20),
        Column(_("Категория"), TEXT, 14),
        Column(_("Подана"), DATE, 11),
        Column(_("Зарегистрирована"), DATE, 11),
        Column(_("Регистрационный номер"), CODE, 12),
        Column(_("Состояние"), TEXT, 20),
        Column(_("Телефон"), CODE, 16),
        Column(_("Руководитель"), TEXT, 24),
    ]
    book = Book(out)
    with book.sheet(
        _("Заявки"),
        columns=columns,
        title=_("Заявки на участие в смотре-конкурсе"),
        notes=[contest.title, *notes, stamp()],
        freeze_cols=2,
    ) as sheet:
        for number, participation in enumerate(rows, start=1):
            application = participation.application
            sheet.append(
                [
                    number,
                    application.full_name or participation.organization.full_name,
                    participation.organization.inn,
                    participation.organization.municipality.name,
                    participation.sector.name,
                    sizes.get(participation.size_category, participation.size_category),
                    application.submitted_at,
                    application.registered_at,
                    application.registration_number,
                    participation.get_state_display(),
                    application.phone,
                    ", ".join(part for part in (application.head_name, application.head_position) if part),
                ]
            )
    book.close()
    return sheet.rows


# ---------------------------------------------------------------------------------------------------------------------
# The template for cards that came on paper (openpyxl: data validation lists, a hidden row of keys)


def paper_template_xlsx(contest: Contest, municipality, out: IO[bytes]) -> None:
    """The workbook a labour office fills with the cards of organizations that submitted on paper: one row per
    organization, Russian labels, a hidden row of column keys (row imports.KEY_ROW) that the import reads,
    lists for yes/no, sector and legal form, and an instructions sheet. No side effects besides writing ``out``."""
    # openpyxl is heavy: loaded when the template is built, not with the module (DESIGN).
    from openpyxl import Workbook  # noqa: PLC0415
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # noqa: PLC0415
    from openpyxl.utils import get_column_letter, quote_sheetname  # noqa: PLC0415
    from openpyxl.worksheet.datavalidation import DataValidation  # noqa: PLC0415

    columns = imports.template_columns(contest)
    lists = imports.choice_lists(contest)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = imports.SHEET_TITLE
    thin = Side(style="thin", color="FFB0B7C0")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_fill = PatternFill("solid", fgColor="FFE7ECF2")
    block_fill = PatternFill("solid", fgColor="FFF4F6F9")
    last = get_column_letter(len(columns))

    heading = _("Информационные карты, представленные на бумажном носителе — %(municipality)s") % {
        "municipality": municipality.name
    }
    _text_cell(sheet, 1, 1, heading).font = Font(bold=True, size=13)
    note = _(
        "%(contest)s. Одна строка — одна организация, начиная со строки %(row)s. Порядок заполнения — на листе «%(sheet)s»."
    ) % {
        "contest": contest.title,
        "row": imports.FIRST_DATA_ROW,
        "sheet": imports.INSTRUCTIONS_TITLE,
    }
    _text_cell(sheet, 2, 1, note).font = Font(italic=True, size=9, color="FF555555")
    sheet.merge_cells(f"A1:{last}1")
    sheet.merge_cells(f"A2:{last}2")
    block_start = 1
    for block, span in imports.blocks(columns):
        cell = _text_cell(sheet, imports.BLOCK_ROW, block_start, block)
        cell.font, cell.fill, cell.border = Font(bold=True), block_fill, border
        if span > 1:
            sheet.merge_cells(
                start_row=imports.BLOCK_ROW,
                start_column=block_start,
                end_row=imports.BLOCK_ROW,
                end_column=block_start + span - 1,
            )
        block_start += span
    validations: dict[str, DataValidation] = {}
    list_sheet = workbook.create_sheet(imports.LISTS_TITLE)
    list_columns = {}
    for index, (name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        _text_cell(list_sheet, 1, index, name).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            _text_cell(list_sheet, row, index, value)
        list_sheet.column_dimensions[letter].width = max(len(v) for v in values) + 2
        list_columns[name] = f"{quote_sheetname(imports.LISTS_TITLE)}!${letter}$2:${letter}${len(values) + 1}"
    list_sheet.sheet_state = "hidden"
    data_rows = f"{imports.FIRST_DATA_ROW}:{imports.FIRST_DATA_ROW + imports.TEMPLATE_ROWS - 1}"
    first, final = data_rows.split(":")
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        label = _text_cell(sheet, imports.LABEL_ROW, index, column.label + (" *" if column.required else ""))
        label.font, label.fill, label.border = Font(bold=True), header_fill, border
        label.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        _text_cell(sheet, imports.KEY_ROW, index, column.key)
        sheet.column_dimensions[letter].width = column.width
        key = column.choices or column.kind
        if key not in validations:
            validation = _validation(DataValidation, column, list_columns)
            if validation is not None:
                validations[key] = validation
                sheet.add_data_validation(validation)
        if key in validations:
            validations[key].add(f"{letter}{first}:{letter}{final}")
        if column.kind in {"text", "code"}:
            for row in range(int(first), int(final) + 1):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.row_dimensions[imports.LABEL_ROW].height = 120
    sheet.row_dimensions[imports.KEY_ROW].hidden = True
    sheet.freeze_panes = sheet.cell(row=imports.FIRST_DATA_ROW, column=3)
    sheet.auto_filter.ref = f"A{imports.LABEL_ROW}:{last}{final}"
    sheet.print_title_rows = f"{imports.BLOCK_ROW}:{imports.LABEL_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    instructions = workbook.create_sheet(imports.INSTRUCTIONS_TITLE, 1)
    instructions.column_dimensions["A"].width = 42
    instructions.column_dimensions["B"].width = 16
    instructions.column_dimensions["C"].width = 70
    _text_cell(instructions, 1, 1, _("Как заполнить шаблон")).font = Font(bold=True, size=13)
    row = 3
    for line in imports.instructions():
        _text_cell(instructions, row, 1, line).alignment = Alignment(wrap_text=True, vertical="top")
        instructions.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        instructions.row_dimensions[row].height = 15 * (1 + len(line) // 120)
        row += 1
    row += 1
    for col, text in enumerate((_("Столбец"), _("Обязательный"), _("Что вписать")), start=1):
        cell = _text_cell(instructions, row, col, text)
        cell.font, cell.fill, cell.border = Font(bold=True), header_fill, border
    for index, column in enumerate(columns, start=1):
        row += 1
        values = (f"{get_column_letter(index)} — {column.label}", _("да") if column.required else _("нет"), column.hint)
        for col, text in enumerate(values, start=1):
            cell = _text_cell(instructions, row, col, text)
            cell.alignment, cell.border = Alignment(wrap_text=True, vertical="top"), border
    workbook.active = 0
    workbook.save(out)


def _text_cell(worksheet, row: int, column: int, value: str):
    """A text cell of an openpyxl sheet that stays text: openpyxl makes a string starting with «=» a formula (a
    sector or a contest named «=…» would be one) and «#N/A» an error, and refuses the characters XML cannot carry
    (dropped here, as the streaming writer drops them)."""
    cell = worksheet.cell(row=row, column=column)
    cell.value = xml_safe(str(value))
    cell.data_type = "s"
    return cell


def _validation(data_validation, column: "imports.TemplateColumn", list_columns: dict[str, str]):
    def rule(error: str, **kwargs):
        return data_validation(
            allow_blank=True, showErrorMessage=True, errorTitle=_("Значение не подходит"), error=error, **kwargs
        )

    if column.choices:
        return rule(_("Выберите значение из списка."), type="list", formula1=list_columns[column.choices])
    if column.kind == "int":
        return rule(_("Целое число, не меньше 0."), type="whole", operator="greaterThanOrEqual", formula1="0")
    if column.kind == "percent":
        return rule(
            _("Число от 0 до 100 (проценты — без знака %)."),
            type="decimal",
            operator="between",
            formula1="0",
            formula2="100",
        )
    if column.kind == "money":
        return rule(_("Сумма в рублях, не меньше 0."), type="decimal", operator="greaterThanOrEqual", formula1="0")
    return None
