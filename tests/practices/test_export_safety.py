"""Issue 11, items 2 and 3 for best practice: the quarterly summary keeps typed text as text (never a formula), a
control character already stored does not break it, and the forms save text without control characters."""

from html.parser import HTMLParser
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from contest.models import Organization
from practices import selectors
from practices.exports import summary_xlsx
from practices.models import PracticeReport
from tests.factories import OrganizationFactory, municipality

from .helpers import current_quarter, district, representative, submitted

pytestmark = pytest.mark.django_db

FORMULA_LOOKING = ["=1+2", '=HYPERLINK("http://example.com","Открыть")', "+7 861 000-00-00", "-5", "@СУММ(A1)"]


def cells(book):
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]


def test_formula_looking_titles_and_names_stay_text_in_the_summary():
    for text in FORMULA_LOOKING:
        submitted(representative(OrganizationFactory(full_name=text, short_name=text)), title=text)
    book = load_workbook(BytesIO(summary_xlsx(selectors.summary(municipality("Краснодар"), current_quarter()))))
    found = [(cell.value, cell.data_type) for cell in cells(book) if cell.value in FORMULA_LOOKING]
    # Each text three times: the full name on «Организации», the short name and the title on «Отчёты».
    assert sorted(found) == sorted((text, "s") for text in FORMULA_LOOKING for _ in range(3))
    assert [cell.coordinate for cell in cells(book) if cell.data_type == "f"] == []


def test_a_control_character_stored_in_a_title_still_gives_the_district_a_valid_summary(client):
    report = submitted(title="Ограждение приводов")
    PracticeReport.objects.filter(pk=report.pk).update(title="Ограждение\x01 приводов\x0b\ufffe")
    Organization.objects.filter(pk=report.organization_id).update(full_name="ООО\x1f «Альфа»\x7f", short_name="")
    client.force_login(district())
    quarter = current_quarter()
    page = client.get(reverse("practices:summary", args=[quarter.year, quarter.quarter]))
    assert page.status_code == 200
    response = client.get(reverse("practices:summary-xlsx", args=[quarter.year, quarter.quarter]))
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    reports = book["Отчёты"]
    # What was stored, without the characters a workbook cannot carry (DEL it can).
    assert [reports["A5"].value, reports["C5"].value] == ["ООО «Альфа»\x7f", "Ограждение приводов"]
    assert book["Организации"]["B5"].value == "ООО «Альфа»\x7f"


class _Fields(HTMLParser):
    """The names of the fields a page renders inside the form posting to ``action`` (or to the page itself)."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.names = action, False, set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            posts_here = attrs.get("action") in {self.action, "", None}
            self.inside = posts_here and attrs.get("method", "get").lower() == "post"
        elif self.inside and tag in {"input", "textarea", "select"} and attrs.get("name"):
            self.names.add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def rendered_fields(page: str, action: str) -> set[str]:
    parser = _Fields(action)
    parser.feed(page)
    assert parser.names, f"no form posting to {action}"
    return parser.names


def test_a_report_typed_with_control_characters_is_saved_without_them_and_keeps_its_lines(client):
    client.force_login(representative())
    url = reverse("practices:report-new")
    fields = rendered_fields(client.get(url).content.decode(), url)
    data = {
        "quarter": current_quarter().key,
        "kind": "technology",
        "title": "Ограждение\x01 приводов\tконвейера\x7f",
        "problem": "Затягивание рук в приводы.\r\nГлавная\x02 причина травм.\r\n\tВ 2024 году — три случая.",
        "solution": "Сетчатые ограждения\x1b[0m с блокировкой.\nТросовые выключатели\ufffe.",
        "results": "Травм нет восемь месяцев.",
    }
    assert set(data) <= fields  # only what the page renders
    response = client.post(url, data)
    report = PracticeReport.objects.get()
    assert response["Location"] == reverse("practices:report", args=[report.pk])
    assert report.title == "Ограждение приводов конвейера"
    assert report.problem == "Затягивание рук в приводы.\nГлавная причина травм.\n\tВ 2024 году — три случая."
    assert report.solution == "Сетчатые ограждения[0m с блокировкой.\nТросовые выключатели."


def test_a_survey_answer_typed_with_control_characters_is_saved_without_them(client):
    from practices.models import SurveyAnswer
    from practices.services import surveys

    user = representative()
    survey = surveys.start_survey(user.organization, actor=user, kind="proposals", title="Опрос")
    url = reverse("practices:survey-answer", args=[survey.token])
    fields = rendered_fields(client.get(url).content.decode(), url)
    data = {"proposal": "Разметить\x08 проходы.\r\nПовесить знаки.", "department": "Склад\x00\x03 № 2"}
    assert set(data) <= fields
    client.post(url, data)
    # NUL is refused (Django's own check, said next to the field): nothing is saved until it is gone.
    assert not SurveyAnswer.objects.exists()
    client.post(url, {**data, "department": "Склад\x03 № 2"})
    answer = SurveyAnswer.objects.get()
    assert (answer.proposal, answer.department) == ("Разметить проходы.\nПовесить знаки.", "Склад № 2")
