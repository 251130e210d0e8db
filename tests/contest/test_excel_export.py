"""The Excel exports, read back with openpyxl: titles, headers, values and their types, number formats, the frozen
header, the autofilter, totals, print setup; and the template for cards that came on paper."""

import io
import itertools
import zipfile
from datetime import datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

import scoring
from contest import rankings
from contest.enums import ParticipationState as S
from contest.enums import Role
from contest.exports import excel
from contest.exports.xlsx import TEXT, Book, Column
from contest.models import Participation
from contest.services import decisions, review
from tests.contest.helpers import card_submitted, organization_in, reload, submitted, under_review
from tests.contest.test_results_services import forward, participant
from tests.factories import municipal_user, municipality, open_contest

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest():
    return open_contest()


def workbook(write) -> object:
    """Run an export into memory and load the result as a person's Excel would."""
    out = io.BytesIO()
    write(out)
    return load_workbook(io.BytesIO(out.getvalue()))


def header_row(sheet) -> int:
    """The header row: the one the autofilter starts at."""
    return int(sheet.auto_filter.ref.split(":")[0][1:])


def table(sheet) -> tuple[list[str], list[list]]:
    """The header and the data rows (the totals row left out)."""
    first = header_row(sheet)
    rows = [list(row) for row in sheet.iter_rows(min_row=first, values_only=True)]
    header, body = rows[0], rows[1:]
    return header, [row for row in body if row[0] != "Итого"]


def column(sheet, label: str, nth: int = 0) -> int:
    """1-based index of the nth column with this header."""
    labels = [cell.value for cell in sheet[header_row(sheet)]]
    return [i for i, value in enumerate(labels, start=1) if value == label][nth]


def correct(participation, key, value):
    review.correct_value(
        participation, actor=municipal_user(Role.MUNICIPAL_MEMBER), key=key, value=value, reason="Акт проверки"
    )
    return reload(participation)


# ---------------------------------------------------------------------------------------------------------------------
# Participants with every value and all points


def test_participants_workbook_has_every_declared_and_verified_value_and_points(contest):
    checked, _ = under_review(contest, organization_in(contest, full_name="ООО «Проверенная»"))
    checked = correct(checked, "ppe_pct", "96")
    checked = correct(checked, "has_ohs_office", "false")
    waiting, _ = card_submitted(contest, organization_in(contest, "Сочи", full_name="ООО «Сочинская»"))
    out = io.BytesIO()
    assert excel.write_participants(contest, out) == 2
    book = load_workbook(io.BytesIO(out.getvalue()))
    assert book.sheetnames == ["Участники"]
    sheet = book["Участники"]
    assert sheet["A1"].value == "Участники смотра-конкурса: значения информационных карт и баллы"
    assert sheet["A1"].font.b
    assert sheet["A2"].value == f"{contest.title} · все муниципальные образования"
    header, rows = table(sheet)
    first = header_row(sheet)
    assert header[:9] == [
        "№",
        "Муниципальное образование",
        "Организация",
        "ИНН",
        "Отрасль",
        "Категория",
        "Состояние",
        "Сумма баллов (заявлено)",
        "Сумма баллов (после проверки)",
    ]
    assert all(sheet.cell(row=first, column=n).font.b for n in range(1, len(header) + 1))
    # Blocks over the columns: declared 29 values, verified 23 inputs, 3 derived values, 21 indicators.
    blocks = [(cell.column, cell.value) for cell in sheet[first - 1] if cell.value]
    assert [name for _, name in blocks] == [
        "Участник",
        "Информационная карта: заявлено организацией",
        "Значения после проверки комиссией",
        "Расчётные величины",
        "Баллы по показателям (после проверки)",
    ]
    assert [b - a for (a, _), (b, _) in itertools.pairwise(blocks)] == [9, 29, 23, 3]
    assert len(header) == 9 + 29 + 23 + 3 + 21
    # Rows by municipality, then name.
    assert [row[1:4] for row in rows] == [
        ["Краснодар", "ООО «Проверенная»", checked.organization.inn],
        ["Сочи", "ООО «Сочинская»", waiting.organization.inn],
    ]
    row = rows[0]
    assert row[6] == "На проверке комиссии"
    # Declared and verified values side by side; percentages as fractions with a % format.
    ppe = column(sheet, "Обеспеченность сертифицированной спецобувью, спецодеждой и другими СИЗ, % от нормы")
    ppe_verified = column(
        sheet, "Обеспеченность сертифицированной спецобувью, спецодеждой и другими СИЗ, % от нормы", 1
    )
    assert (row[ppe - 1], row[ppe_verified - 1]) == (1, 0.96)
    assert sheet.cell(row=first + 1, column=ppe).number_format == "0.0%"
    office = column(sheet, "Оборудованный кабинет по охране труда")
    assert (row[office - 1], row[column(sheet, "Оборудованный кабинет по охране труда", 1) - 1]) == ("да", "нет")
    headcount = column(sheet, "Среднесписочная численность работников")
    assert row[headcount - 1] == 240
    assert isinstance(row[headcount - 1], int)
    spending = column(
        sheet,
        "Израсходовано на мероприятия по улучшению условий и охраны труда (пост. Минтруда № 11 от 27.02.95), всего, руб.",
    )
    assert row[spending - 1] == 1500000
    assert sheet.cell(row=first + 1, column=spending).number_format == "#,##0.00"
    # Points of every indicator from the verified values, as the scoring module counts them.
    result = scoring.score_card(review.verified_values(checked), table=contest.table)
    codes = [indicator.code for indicator in contest.table.indicators]
    points = [row[column(sheet, code.replace("K", "К")) - 1] for code in codes]
    assert points == [float(result.points[code]) for code in codes]
    assert row[column(sheet, "К3") - 1] == 3  # 96 % of the norm: 3 points instead of 5
    assert (row[7], row[8]) == (98, float(result.total)) == (98, 91)
    assert row[column(sheet, "Затраты на одного работника, руб.") - 1] == 6250
    # The card not yet checked: no verified total, points from its declared values.
    assert rows[1][8] is None
    assert rows[1][column(sheet, "К3") - 1] == 5
    # Numbers are numbers, the ИНН is text.
    assert isinstance(row[3], str)
    assert isinstance(row[7], int)
    # Totals that follow the filter, the frozen header and names, the autofilter, print setup.
    totals = next(r for r in sheet.iter_rows(min_row=first, values_only=True) if r[0] == "Итого")
    assert totals[2] == f"=SUBTOTAL(103,C{first + 1}:C{first + 2})"
    assert totals[8] == f"=SUBTOTAL(101,I{first + 1}:I{first + 2})"
    assert sheet.freeze_panes == f"D{first + 1}"
    assert sheet.auto_filter.ref == f"A{first}:CG{first + 2}"
    assert sheet.print_title_rows == f"${first - 1}:${first}"
    assert sheet.page_setup.orientation == "landscape"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.column_dimensions["C"].width == 36


def test_participants_of_one_municipality_and_no_drafts(contest):
    krasnodar, _ = card_submitted(contest)
    card_submitted(contest, organization_in(contest, "Сочи"))
    from tests.contest.helpers import started

    started(contest)  # a draft stays the organization's own
    book = workbook(lambda out: excel.write_participants(contest, out, municipality=municipality("Краснодар")))
    _, rows = table(book.active)
    assert [row[3] for row in rows] == [krasnodar.organization.inn]
    assert book.active["A2"].value == f"{contest.title} · Краснодар"


def test_a_registered_participant_without_card_values_has_empty_cells(contest):
    from tests.contest.helpers import registered

    participation, _ = registered(contest)
    header, rows = table(workbook(lambda out: excel.write_participants(contest, out)).active)
    [row] = rows
    assert row[6] == "Заявка зарегистрирована, заполняется карта"
    assert row[7:9] == [None, None]
    # The headcount and the public share come from the profile; everything else is still empty, nothing is scored.
    assert row[9] == 150
    assert row[14] == 0
    assert [(header[i], value) for i, value in enumerate(row) if i >= 15 and value is not None] == [
        ("Несчастных случаев на производстве со смертельным исходом в период смотра-конкурса", 0),
        (
            "Несчастных случаев на производстве со смертельным исходом в период смотра-конкурса — из них при катастрофах, авариях, повреждениях транспортных средств без вины организации",
            0,
        ),
        ("Среднесписочная численность работников", 150),  # the verified block: nothing corrected
    ]


def test_participants_export_reads_in_bulk(contest, django_assert_num_queries):
    for _ in range(3):
        participation, _ = under_review(contest)
        correct(participation, "ppe_pct", "96")
    # The names of the categories, the rows with their cards in one query, the corrections of the chunk in another;
    # none per row.
    with django_assert_num_queries(3):
        excel.write_participants(contest, io.BytesIO())


# ---------------------------------------------------------------------------------------------------------------------
# Rankings


def test_municipal_ranking_as_on_the_results_page(contest):
    second = participant(contest, "98", "Вторая")
    first = participant(contest, "108", "Первая")
    participant(contest, "93", "Энергия", sector="energy")
    participant(contest, "103", "Малая", small=True)
    participant(contest, "113", "Сочинская", town="Сочи")
    second = correct(second, "ppe_pct", "96")
    town = municipality("Краснодар")
    book = workbook(lambda out: excel.municipal_ranking_xlsx(contest, town, out))
    sheet = book.active
    assert sheet.title == "Итоги Краснодар"
    assert sheet["A1"].value == "Итоги муниципального этапа: Краснодар"
    header, rows = table(sheet)
    assert header == [
        "Категория",
        "Отрасль",
        "Место",
        "Организация",
        "ИНН",
        "Состояние",
        "Сумма баллов (после проверки)",
        "Сумма баллов (заявлено)",
        "Равные баллы",
        "Призовое место",
    ]
    assert [(r[0], r[1], r[2], r[3], r[6], r[7], r[9]) for r in rows] == [
        ("средний и крупный бизнес", "Обрабатывающие производства", 1, "ООО «Первая»", 108, 108, "да"),
        ("средний и крупный бизнес", "Обрабатывающие производства", 2, "ООО «Вторая»", 96, 98, None),
        ("средний и крупный бизнес", "Производство и распределение энергии", 1, "ООО «Энергия»", 93, 93, "да"),
        ("малый бизнес", "Обрабатывающие производства", 1, "ООО «Малая»", 103, 103, "да"),
    ]
    assert rows[1][5] == "На проверке комиссии"
    first_row = header_row(sheet) + 1
    assert sheet.cell(row=first_row, column=3).fill.fgColor.rgb == "FFE2F0D9"  # a prize place is marked
    assert sheet.freeze_panes == f"A{first_row}"
    assert [first.pk] == [g.winners[0].participation.pk for g in rankings.municipal_groups(contest, town.pk)][:1]


def test_municipal_ranking_marks_a_tie(contest):
    participant(contest, "98", "Альфа")
    participant(contest, "98", "Бета")
    book = workbook(lambda out: excel.municipal_ranking_xlsx(contest, municipality("Краснодар"), out))
    _, rows = table(book.active)
    assert [(r[2], r[3], r[8], r[9]) for r in rows] == [(1, "ООО «Альфа»", "да", None), (1, "ООО «Бета»", "да", None)]


def test_regional_ranking_has_a_sheet_per_nomination_with_the_proposal(contest):
    participant(contest, "108", "Краснодарская")
    participant(contest, "113", "Сочинская", town="Сочи")
    participant(contest, "103", "Малая", small=True)
    forward(contest)
    forward(contest, "Сочи")
    decisions.propose_regional_winners(contest, actor=municipal_user_regional())
    from contest.views.exchange import regional_results_xlsx  # noqa: F401 — the view builds «proposed» the same way

    proposals = {}
    for award in contest.awards.filter(level="regional"):
        proposals.setdefault(rankings.nomination_key(award.nomination_id, award.sector_id), {})[
            award.participation_id
        ] = award.place
    out = io.BytesIO()
    rows_written = excel.regional_ranking_xlsx(contest, out, proposed=proposals)
    book = load_workbook(io.BytesIO(out.getvalue()))
    nominations = list(contest.nominations.all())
    assert len(book.sheetnames) == len(nominations)
    assert all(name.startswith(f"{n}. ") and len(name) <= 31 for n, name in enumerate(book.sheetnames, start=1))
    largest = book.worksheets[0]
    assert largest["A1"].value == nominations[0].name
    header, rows = table(largest)
    assert header[-1] == "Предложено краевой комиссией, место"
    assert [(r[0], r[1], r[3], r[6], r[-1]) for r in rows] == [
        (1, "ООО «Сочинская»", "Сочи", 113, 1),
        (2, "ООО «Краснодарская»", "Краснодар", 108, 2),
    ]
    per_sector = next(
        sheet
        for sheet, n in zip(book.worksheets, nominations, strict=True)
        if n.per_sector and n.size_category == "medium_large"
    )
    header, rows = table(per_sector)
    assert header[0] == "Отрасль номинации"
    assert {r[0] for r in rows} == {"Обрабатывающие производства"}
    assert rows_written == sum(len(table(sheet)[1]) for sheet in book.worksheets)


def municipal_user_regional():
    from tests.factories import UserFactory

    return UserFactory(role=Role.REGIONAL_MEMBER)


# ---------------------------------------------------------------------------------------------------------------------
# Working lists


def test_commission_list_with_states_reasons_totals_and_files(contest):
    from contest import selectors

    checked, _ = under_review(contest, organization_in(contest, full_name="ООО «Альфа»"))
    correct(checked, "ppe_pct", "96")
    removed, _ = under_review(contest, organization_in(contest, full_name="ООО «Бета»"))
    review.exclude(removed, actor=municipal_user(Role.MUNICIPAL_MEMBER), reason="Смертельный случай 12.03")
    member = municipal_user(Role.MUNICIPAL_MEMBER)
    rows = selectors.commission_cards(member, contest=contest)
    book = workbook(lambda out: excel.commission_cards_xlsx(rows, out, contest=contest, notes=["Краснодар", ""]))
    sheet = book.active
    header, data = table(sheet)
    assert header[:8] == [
        "№",
        "Организация",
        "ИНН",
        "Муниципальное образование",
        "Отрасль",
        "Категория",
        "Состояние",
        "Основание (исключение, отстранение)",
    ]
    assert [(r[1], r[6], r[7], r[8], r[9], r[11]) for r in data] == [
        ("ООО «Альфа»", "На проверке комиссии", None, 98, 96, 1),
        ("ООО «Бета»", "Исключена (п. 4.9)", "Смертельный случай 12.03", 98, 98, 1),
    ]
    assert "Государственная инспекция труда в Краснодарском крае: согласовано" in data[0][10]
    assert sheet.freeze_panes == f"C{header_row(sheet) + 1}"
    assert [sheet["A2"].value, sheet["A3"].value] == [contest.title, "Краснодар"]


def test_applications_list_with_dates_as_dates(contest):
    from contest import selectors

    participation, _ = submitted(contest)
    office = municipal_user(Role.LABOUR_OFFICE)
    rows = selectors.applications_to_register(office, contest=contest, show="all")
    sheet = workbook(lambda out: excel.applications_xlsx(rows, out, contest=contest)).active
    header, data = table(sheet)
    assert header[6:9] == ["Подана", "Зарегистрирована", "Регистрационный номер"]
    [row] = data
    assert isinstance(row[6], datetime)
    assert row[6].date() == participation.application.submitted_at.astimezone().date()
    assert sheet.cell(row=header_row(sheet) + 1, column=7).number_format == "dd.mm.yyyy"
    assert row[7] is None
    assert row[9] == "Заявка подана"
    assert row[11] == "Петров Пётр Петрович, генеральный директор"


# ---------------------------------------------------------------------------------------------------------------------
# The writer


def test_writer_keeps_text_safe_and_sheet_names_valid():
    out = io.BytesIO()
    book = Book(out)
    for _ in range(2):
        with book.sheet("Итоги: край/район [1]", columns=[Column("Текст", TEXT, 20)], title="Заголовок") as sheet:
            sheet.append(["ООО «A&B» <тест>\x07"])
            sheet.append([" с пробелом "])
    book.close()
    loaded = load_workbook(io.BytesIO(out.getvalue()))
    assert loaded.sheetnames == ["Итоги  край район  1", "Итоги  край район  1 (2)"]
    _, rows = table(loaded.worksheets[0])
    assert [r[0] for r in rows] == ["ООО «A&B» <тест>", " с пробелом "]
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        assert archive.testzip() is None
        assert "_xlnm.Print_Titles" in archive.read("xl/workbook.xml").decode()


# ---------------------------------------------------------------------------------------------------------------------
# The template for cards on paper


def test_template_has_labels_hidden_keys_lists_and_instructions(contest):
    from contest import imports

    book = workbook(lambda out: excel.paper_template_xlsx(contest, municipality("Краснодар"), out))
    assert book.sheetnames == ["Карты", "Инструкция", "Списки"]
    assert book["Списки"].sheet_state == "hidden"
    sheet = book["Карты"]
    columns = imports.template_columns(contest)
    keys = [cell.value for cell in sheet[imports.KEY_ROW]]
    assert keys == [c.key for c in columns]
    assert sheet.row_dimensions[imports.KEY_ROW].hidden
    labels = [cell.value for cell in sheet[imports.LABEL_ROW]]
    assert labels[:5] == [
        "Полное наименование *",
        "Сокращённое наименование",
        "Организационно-правовая форма *",
        "ИНН *",
        "ОГРН (ОГРНИП) *",
    ]
    assert "Несчастных случаев на производстве со смертельным исходом в период смотра-конкурса *" in labels
    assert (
        "Несчастных случаев на производстве со смертельным исходом в период смотра-конкурса — из них при катастрофах, авариях, повреждениях транспортных средств без вины организации *"
        in labels
    )
    # Every card input of the point table has its column; headcount and public share once (profile and card): the
    # profile's headcount column feeds the card's headcount input.
    table_keys = {spec.key for spec in contest.table.inputs} - {contest.table.role("headcount")}
    assert table_keys <= set(keys)
    assert keys.count("headcount") == 1
    assert contest.table.role("headcount") not in keys
    assert sheet.freeze_panes == f"C{imports.FIRST_DATA_ROW}"
    assert sheet.cell(row=imports.FIRST_DATA_ROW, column=keys.index("inn") + 1).number_format == "@"
    validations = {dv.formula1: str(dv.sqref) for dv in sheet.data_validations.dataValidation}
    letter = lambda key: get_column_letter(keys.index(key) + 1)  # noqa: E731
    lists = {formula: sqref for formula, sqref in validations.items() if formula and formula.startswith("'Списки'")}
    assert len(lists) == 3
    flags = next(sqref for formula, sqref in lists.items() if "$A$" in formula)
    assert f"{letter('has_ohs_office')}{imports.FIRST_DATA_ROW}" in flags
    sectors = book["Списки"]
    assert [c.value for c in sectors["B"] if c.value][1:] == [s.name for s in contest.sectors.all()]
    instructions = [row[0] for row in book["Инструкция"].iter_rows(values_only=True) if row[0]]
    assert instructions[0] == "Как заполнить шаблон"
    assert any("ничего не сохраняется" in line for line in instructions)
    assert f"{letter('inn')} — ИНН" in instructions


def test_participants_of_every_state_are_listed_with_its_label(contest):
    participation, _ = card_submitted(contest)
    Participation.objects.filter(pk=participation.pk).update(state=S.VERIFIED)
    _, rows = table(workbook(lambda out: excel.write_participants(contest, out)).active)
    assert rows[0][6] == "Проверена комиссией"
    assert Decimal(str(rows[0][7])) == participation.card.declared_total


def test_participants_export_writes_the_kept_points_and_scores_a_card_that_keeps_none(contest):
    reviewed, _ = under_review(contest, organization_in(contest, full_name="ООО «Проверенная»"))
    reviewed = correct(reviewed, "ppe_pct", "96")
    waiting, _ = card_submitted(contest, organization_in(contest, "Сочи", full_name="ООО «Сочинская»"))
    codes = [indicator.code for indicator in contest.table.indicators]
    # Kept points stand for the scoring module's count (recount and fill_card keep them), so the export reads them.
    reviewed.card.verified_points = {**reviewed.card.verified_points, "K3": "4"}
    reviewed.card.save(update_fields=["verified_points"])
    type(waiting.card).objects.filter(pk=waiting.card.pk).update(declared_points={})  # kept by none: scored again

    sheet = workbook(lambda out: excel.write_participants(contest, out))["Участники"]

    _, rows = table(sheet)
    points = [[row[column(sheet, code.replace("K", "К")) - 1] for code in codes] for row in rows]
    verified = scoring.score_card(review.verified_values(reviewed), table=contest.table)
    declared = scoring.score_card(review.verified_values(waiting), table=contest.table)
    assert points[0] == [4 if code == "K3" else float(verified.points[code]) for code in codes]
    assert points[1] == [float(declared.points[code]) for code in codes]
