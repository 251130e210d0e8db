"""The quarterly summary as Excel: a title, a frozen header row, widths, and numbers stored as numbers."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from practices import selectors
from practices.exports import summary_xlsx
from practices.services import reports as services
from tests.factories import OrganizationFactory, municipality

from .helpers import current_quarter, district, representative, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def workbook():
    reporter = representative(OrganizationFactory(full_name="ООО «Альфа»", inn="2390000019"))
    submitted(
        reporter,
        kind="technology",
        productivity_change_pct=Decimal("7.5"),
        economic_effect_rub=Decimal("150000.25"),
        investment_rub=Decimal("42000"),
        injuries_before=3,
        injuries_after=1,
    )
    quiet = representative(OrganizationFactory(full_name="ООО «Бета»"))
    services.state_nothing_new(quiet.organization, actor=quiet, quarter=current_quarter())
    OrganizationFactory(full_name="ООО «Гамма»")
    summary = selectors.summary(municipality("Краснодар"), current_quarter())
    return load_workbook(BytesIO(summary_xlsx(summary)))


def test_sheets_titles_and_frozen_header_rows(workbook):
    assert workbook.sheetnames == ["Организации", "Отчёты", "По видам", "Итоги"]
    for sheet in workbook.worksheets:
        assert sheet["A1"].value.startswith("Передовой опыт в области охраны труда: Краснодар, ")
        assert str(current_quarter()) in sheet["A1"].value
        assert sheet.freeze_panes == "A5"
        assert sheet["A4"].font.bold
    organizations = workbook["Организации"]
    headers = [cell.value for cell in organizations[4]]
    assert headers[:7] == ["№", "Организация", "ИНН", "Отрасль", "Бюджетная / коммерческая", "Итог", "Отчётов"]
    assert "В области технологии" in headers
    assert organizations.column_dimensions["B"].width == 48


def test_who_reported_who_did_not_with_numbers_as_numbers(workbook):
    organizations = workbook["Организации"]
    rows = [[cell.value for cell in row] for row in organizations.iter_rows(min_row=5)]
    assert [(r[0], r[1], r[5], r[6]) for r in rows] == [
        (1, "ООО «Альфа»", "представлен отчёт", 1),
        (2, "ООО «Бета»", "нового опыта нет", 0),
        (3, "ООО «Гамма»", "не отчиталась", 0),
    ]
    assert rows[0][2] == "2390000019"  # an ИНН stays text: leading zeros and no scientific notation
    assert rows[0][4] == "коммерческая организация"
    assert rows[2][-1] == "нет"  # no representative on the portal
    filed = rows[0][11]
    assert isinstance(filed, date) or filed.date() == timezone.localdate()

    reports = workbook["Отчёты"]
    (row,) = [[cell.value for cell in r] for r in reports.iter_rows(min_row=5)]
    assert row[1] == "В области технологии"
    assert row[4:11] == [3, 1, None, None, 7.5, 150000.25, 42000]
    assert reports["J5"].number_format == "#,##0.00"
    assert reports["J5"].data_type == "n"

    totals = {r[0].value: r[1].value for r in workbook["Итоги"].iter_rows(min_row=5)}
    assert totals["Не отчитались"] == 1
    assert totals["Представили отчёт о передовом опыте"] == 1
    kinds = {r[0].value: r[1].value for r in workbook["По видам"].iter_rows(min_row=5)}
    assert kinds["В области технологии"] == 1
    assert kinds["Всего"] == 1


def test_the_export_is_served_as_an_xlsx_download(client):
    submitted()
    client.force_login(district())
    quarter = current_quarter()
    response = client.get(reverse("practices:summary-xlsx", args=[quarter.year, quarter.quarter]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == (
        f'attachment; filename="peredovoy-opyt-{quarter.year}-q{quarter.quarter}.xlsx"'
    )
    assert load_workbook(BytesIO(response.content))["Организации"]["B5"].value.startswith("Общество")
