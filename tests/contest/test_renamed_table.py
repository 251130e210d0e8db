"""A contest whose point table renames an input (assessment_pct → sout_pct, with its own label and indicator title):
the printed card, the participants workbook, the paper-card template and its import follow the table, not the 2011 keys.

A card's values are kept by input key, so a card moved to such a table has its value moved to the new key.
"""

import io
from dataclasses import replace
from decimal import Decimal

import pytest
from openpyxl import load_workbook

import scoring
from contest import imports
from contest.enums import Role
from contest.exports import card_pdf, excel
from contest.models import InfoCard, Organization
from contest.services.participation import card_values
from contest.views.cards import card_figures
from contest.views.review import _section_1
from tests.contest.test_exports import complete_participation, pdf_text, row_line, section_2
from tests.contest.test_paper_import import filled, letter, paper_row
from tests.factories import municipal_user, open_contest, use_table

pytestmark = pytest.mark.django_db

LABEL = "Доля рабочих мест, на которых проведена специальная оценка условий труда, %"
TITLE = "Доля рабочих мест с проведённой специальной оценкой условий труда (СОУТ), в %"


@pytest.fixture
def sout_table():
    base = scoring.get_table("krasnodar-2011")
    inputs = tuple(
        replace(spec, key="sout_pct", label=LABEL) if spec.key == "assessment_pct" else spec for spec in base.inputs
    )
    indicators = tuple(
        replace(indicator, source="sout_pct", title=TITLE) if indicator.source == "assessment_pct" else indicator
        for indicator in base.indicators
    )
    return replace(
        base, key="test-sout", title="Тест: СОУТ вместо аттестации", inputs=inputs, indicators=indicators, samples=()
    )


def use(contest, table, **renamed):
    """The contest scores by ``table``; its cards' values of an old key (``renamed``: old key=new key) move over."""
    use_table(contest, table)
    for card in InfoCard.objects.filter(participation__contest=contest):
        for old, new in renamed.items():
            if old in card.values:
                card.values[new] = card.values.pop(old)
        card.save(update_fields=["values"])
    return contest


def test_the_printed_card_takes_the_renamed_input_and_its_indicator_title(sout_table, tmp_path):
    participation = complete_participation()
    use(participation.contest, sout_table, assessment_pct="sout_pct")
    participation.refresh_from_db()
    assert card_values(participation.card)["sout_pct"] == 72.5

    raw = section_2(pdf_text(card_pdf(participation), tmp_path))

    assert row_line(raw, "12.").split()[-3:] == ["72,5", "%", "10"]
    assert row_line(raw, "12.").split()[1:4] == TITLE.split()[:3]
    assert row_line(raw, "ИТОГО").split() == ["ИТОГО", "108,5"]


def test_the_participants_workbook_has_a_column_of_the_renamed_input(sout_table):
    participation = complete_participation()
    contest = use(participation.contest, sout_table, assessment_pct="sout_pct")
    out = io.BytesIO()

    excel.write_participants(contest, out)

    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(row for row in rows if "Организация" in row)
    data = rows[rows.index(header) + 1]
    columns = [index for index, label in enumerate(header) if label == LABEL]
    assert len(columns) == 2  # declared and verified
    assert [float(data[index]) for index in columns] == [0.725, 0.725]  # a percent cell holds the fraction
    assert "Доля рабочих мест, охваченных аттестацией по условиям труда, %" not in header


def test_the_paper_template_and_import_use_the_renamed_key_and_label(sout_table):
    contest = use(open_contest(), sout_table, assessment_pct="sout_pct")
    office = municipal_user(Role.LABOUR_OFFICE)
    column = next(c for c in imports.template_columns(contest) if c.key == "sout_pct")
    assert (column.label, column.kind, column.required) == (LABEL, "percent", True)
    assert "assessment_pct" not in [c.key for c in imports.template_columns(contest)]

    row = paper_row(1, sout_pct=150)
    del row["assessment_pct"]
    report = imports.import_paper_cards(filled(contest, [row]), contest=contest, actor=office)

    assert [(p.row, p.column, p.label) for p in report.problems] == [
        (imports.FIRST_DATA_ROW, letter(contest, "sout_pct"), LABEL)
    ]
    assert not Organization.objects.filter(inn=row["inn"]).exists()

    row["sout_pct"] = 72.5
    report = imports.import_paper_cards(filled(contest, [row]), contest=contest, actor=office)

    assert report.problems == []
    card = InfoCard.objects.get(participation__organization__inn=row["inn"])
    values = card_values(card)
    assert values["sout_pct"] == 72.5
    assert card.declared_total == scoring.score_card(values, table=sout_table).total


@pytest.fixture
def first_aid_table():
    """The 2011 table with a run of two new indicators under a heading: a yes/no one and a percentage."""
    base = scoring.get_table("krasnodar-2011")
    heading = "Первая помощь пострадавшим, К20:"
    inputs = (
        *base.inputs,
        scoring.InputSpec("has_first_aid_kits", "Аптечки первой помощи на участках", "bool"),
        scoring.InputSpec(
            "first_aid_trained_pct", "Обучено оказанию первой помощи, %", "decimal", Decimal(0), Decimal(100), unit="%"
        ),
    )
    indicators = (
        *base.indicators,
        scoring.Indicator(
            "K20/1",
            "Аптечки первой помощи на участках",
            "has_first_aid_kits",
            (scoring.Flag(True, Decimal(2)), scoring.Flag(False, Decimal(0))),
            number="20.1",
            heading=heading,
            print_title="аптечки на участках",
        ),
        scoring.Indicator(
            "K20/2",
            "Обучение оказанию первой помощи, в %",
            "first_aid_trained_pct",
            (
                scoring.Bracket("100 %", Decimal(3), Decimal(100), Decimal(100)),
                scoring.Bracket("менее 100 %", Decimal(0), None, Decimal(100), high_inclusive=False),
            ),
            number="20.2",
            heading=heading,
            print_title="обучено работников, в %",
        ),
    )
    return replace(
        base, key="test-first-aid", title="Тест: первая помощь", inputs=inputs, indicators=indicators, samples=()
    )


def test_the_printed_card_has_the_new_indicators_under_their_heading(first_aid_table, tmp_path):
    participation = complete_participation()
    use(participation.contest, first_aid_table)
    participation.refresh_from_db()
    participation.card.values.update({"has_first_aid_kits": True, "first_aid_trained_pct": "87.5"})

    raw = section_2(pdf_text(card_pdf(participation), tmp_path))

    assert row_line(raw, "20.").split() == ["20.", "Первая", "помощь", "пострадавшим,", "К20:"]
    assert row_line(raw, "20.1").split() == [
        "20.1",
        "–",
        "аптечки",
        "на",
        "участках,",
        "да",
        "–",
        "нет,",
        "К20/1",
        "да",
        "2",
    ]
    assert row_line(raw, "20.2").split()[-3:] == ["87,5", "%", "0"]
    assert row_line(raw, "ИТОГО").split() == ["ИТОГО", "110,5"]


def _rename(table: scoring.Table, old: str, new: str, label: str) -> scoring.Table:
    """``table`` with input ``old`` called ``new`` everywhere the table names it (derived values, checks, roles)."""

    def key(name: str) -> str:
        return new if name == old else name

    def condition(when):
        return None if when is None else replace(when, key=key(when.key))

    inputs = tuple(
        replace(
            spec,
            key=key(spec.key),
            label=label if spec.key == old else spec.label,
            optional_when=condition(spec.optional_when),
        )
        for spec in table.inputs
    )
    derived = tuple(
        replace(d, numerator=tuple(map(key, d.numerator)), denominator=tuple(map(key, d.denominator)))
        for d in table.derived
    )
    checks = tuple(
        replace(c, key=key(c.key), other=key(c.other))
        if isinstance(c, scoring.NotAbove)
        else replace(c, key=key(c.key), when=condition(c.when))
        for c in table.checks
    )
    indicators = tuple(
        replace(
            i,
            source=key(i.source),
            rules=tuple(replace(r, when=condition(r.when)) if isinstance(r, scoring.Override) else r for r in i.rules),
        )
        for i in table.indicators
    )
    roles = {role: key(name) for role, name in table.roles.items()}
    return replace(table, inputs=inputs, derived=derived, checks=checks, indicators=indicators, roles=roles)


STAFF = "Численность работников (штат), чел."


@pytest.fixture
def staff_table():
    """The 2011 table whose headcount input is ``staff_count``: section 1 finds it by its role."""
    base = _rename(scoring.get_table("krasnodar-2011"), "avg_headcount", "staff_count", STAFF)
    return replace(base, key="test-staff", title="Тест: численность под другим ключом", samples=())


def test_section_1_finds_the_headcount_by_its_role(staff_table, tmp_path):
    participation = complete_participation()
    use(participation.contest, staff_table, avg_headcount="staff_count")
    participation.refresh_from_db()
    card = participation.card
    assert "avg_headcount" not in card_values(card)

    general = pdf_text(card_pdf(participation), tmp_path).split("Раздел 1.")[1].split("Раздел 2.")[0]
    figures = card_figures(card, card_values(card), staff_table)
    review_lines = _section_1(card, staff_table, card_values(card))

    assert row_line(general, "3.").split()[-1] == "1200"  # four digits stay together (core.numbers)
    assert (figures[0].key, figures[0].value) == ("staff_count", "1200")  # four digits stay together (core.numbers)
    assert review_lines[0] == (STAFF, 1200, False)
    assert STAFF in [field.label for field in imports.card_fields(participation.contest)]


def test_the_review_page_scores_a_card_by_a_kept_table_the_registry_does_not_know(sout_table, client):
    from django.urls import reverse

    from tests.contest.helpers import under_review

    participation, _ = under_review(open_contest())
    use(participation.contest, sout_table, assessment_pct="sout_pct")
    with pytest.raises(scoring.UnknownTable):
        scoring.get_table(sout_table.key)  # kept by the portal only, as an uploaded document is
    client.force_login(municipal_user(Role.MUNICIPAL_MEMBER))
    response = client.get(reverse("commission-card", args=[participation.pk]))
    assert response.status_code == 200
    assert TITLE in response.content.decode()
