"""Issue 11, items 2 and 3 for the contest: every workbook the portal writes keeps typed text as text (never a formula)
and stays a valid file when a control character is already stored; the forms and the paper-card import save text
without control characters (a multi-line text keeps its lines)."""

import importlib
import inspect
import io
import pkgutil
from html.parser import HTMLParser

import pytest
from django import forms
from django.urls import reverse
from openpyxl import load_workbook

import contest.forms as contest_forms
from contest import imports, selectors
from contest.enums import Role
from contest.exports import excel
from contest.forms.base import CleanTextMixin
from contest.models import Application, Contest, Organization
from tests.contest.helpers import organization_in, reload, submitted, under_review
from tests.contest.test_paper_import import paper_row, run
from tests.contest.test_results_services import forward, participant
from tests.factories import municipal_user, municipality, open_contest

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest():
    return open_contest()


def stored(contest, *, winner: str, reviewed: str, sector: str, title: str, nomination: str, head: str):
    """Participations in every list, then texts written straight into the database (no form in between): the
    organizations' names, the manufacturing sector, the contest's title, the nominations, the head in applications."""
    first = participant(contest, "108", "Первая")
    checked, _ = under_review(contest, organization_in(contest, "Сочи"))  # Краснодар forwards; Сочи still checks
    Organization.objects.filter(pk=first.organization_id).update(full_name=winner, short_name=winner)
    Organization.objects.filter(pk=checked.organization_id).update(full_name=reviewed, short_name="")
    Application.objects.filter(participation__in=[first, checked]).update(
        full_name="", head_name=head, head_position=""
    )
    contest.sectors.filter(code="manufacturing").update(name=sector)
    contest.nominations.update(name=nomination)
    Contest.objects.filter(pk=contest.pk).update(title=title)
    forward(contest)  # the winner goes to the regional ranking
    contest.refresh_from_db()


def every_workbook(contest) -> dict:
    """Each workbook of the contest, as a person's Excel opens it: the streaming writer's five and the paper template."""
    town = municipality("Краснодар")
    member = municipal_user(Role.MUNICIPAL_MEMBER, name="Сочи")
    office = municipal_user(Role.LABOUR_OFFICE)
    writers = {
        "participants": lambda out: excel.write_participants(contest, out),
        "municipal ranking": lambda out: excel.municipal_ranking_xlsx(contest, town, out),
        "regional ranking": lambda out: excel.regional_ranking_xlsx(contest, out),
        "commission cards": lambda out: excel.commission_cards_xlsx(
            selectors.commission_cards(member, contest=contest), out, contest=contest
        ),
        "applications": lambda out: excel.applications_xlsx(
            selectors.applications_to_register(office, contest=contest, show="all"), out, contest=contest
        ),
        "paper template": lambda out: excel.paper_template_xlsx(contest, town, out),
    }
    books = {}
    for name, write in writers.items():
        out = io.BytesIO()
        write(out)
        books[name] = load_workbook(io.BytesIO(out.getvalue()))
    return books


def cells(book):
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]


def test_formula_looking_text_stays_text_in_every_contest_workbook(contest):
    texts = {
        "winner": "=1+2",
        "reviewed": "@СУММ(A1)",
        "sector": "=ОБРАБАТЫВАЮЩИЕ()",
        "title": '=HYPERLINK("http://example.com","Смотр-конкурс")',
        "nomination": "+Лучшая организация",
        "head": "-A1*2",
    }
    stored(contest, **texts)
    planted = set(texts.values())
    books = every_workbook(contest)
    shown = {}
    for name, book in books.items():
        # The only formulas are the writer's own totals; every planted text is a string cell.
        assert [c.value for c in cells(book) if c.data_type == "f" and not c.value.startswith("=SUBTOTAL(")] == [], name
        assert {c.data_type for c in cells(book) if c.value in planted} <= {"s"}, name
        shown[name] = {c.value for c in cells(book) if c.value in planted}
    winner, reviewed, sector, title = texts["winner"], texts["reviewed"], texts["sector"], texts["title"]
    assert shown == {
        "participants": {winner, reviewed, sector},
        "municipal ranking": {winner, sector, title},
        "regional ranking": {winner, sector, title, texts["nomination"]},
        "commission cards": {reviewed, sector, title},  # Сочи's list
        "applications": {winner, sector, title, texts["head"]},  # Краснодар's
        "paper template": {sector},
    }
    # The contest's title opens the template's second line (and the writer's notes): still text.
    template = books["paper template"][imports.SHEET_TITLE]
    assert (template["A2"].value.startswith(texts["title"] + ". Одна строка"), template["A2"].data_type) == (True, "s")


def test_control_characters_stored_in_the_database_leave_every_contest_workbook_valid(contest):
    stored(
        contest,
        winner="ООО\x01 «Первая»\x0b",
        reviewed="ООО «Вторая»\ufffe",
        sector="Обрабатывающие\x1f производства",
        title="Смотр-конкурс\x02 2025",
        nomination="Лучшая\x01 организация",
        head="Петров\x08 Пётр",
    )
    books = every_workbook(contest)  # each opens: no part of any file is invalid XML
    clean = {"ООО «Первая»", "ООО «Вторая»", "Обрабатывающие производства", "Лучшая организация"}
    for name, book in books.items():
        values = [c.value for c in cells(book) if isinstance(c.value, str)]
        assert not any(ch in value for value in values for ch in "\x01\x02\x08\x0b\x1f\ufffe"), name
        assert clean & set(values), name
    assert all(name.endswith(". Лучшая организация") for name in books["regional ranking"].sheetnames)
    assert books["paper template"][imports.SHEET_TITLE]["A2"].value.startswith("Смотр-конкурс 2025. ")
    assert books["paper template"][imports.LISTS_TITLE]["B2"].value == "Обрабатывающие производства"


class _Fields(HTMLParser):
    """The names of the fields a page renders inside the form posting to ``action``."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.names = action, False, set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action") == self.action
        elif self.inside and tag in {"input", "textarea", "select"} and attrs.get("name"):
            self.names.add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def post_rendered(client, page_url: str, action: str, data: dict):
    """Post ``data`` to the form of the page that posts to ``action``, after checking the page renders each field."""
    parser = _Fields(action)
    parser.feed(client.get(page_url).content.decode())
    assert set(data) <= parser.names
    return client.post(action, data)


def test_typed_control_characters_are_dropped_and_a_reason_keeps_its_lines(contest, login):
    client = login(municipal_user(Role.LABOUR_OFFICE))
    registered, _ = submitted(contest)
    returned, _ = submitted(contest)
    page = reverse("office-application", args=[registered.pk])
    post_rendered(
        client, page, reverse("office-application-register", args=[registered.pk]), {"number": "17\x01/2011\x7f"}
    )
    page = reverse("office-application", args=[returned.pk])
    reason = "Нет подписи\x01 председателя профкома.\r\nПодпишите\x1b и подайте снова:\r\n\tстраница 2\ufffe"
    post_rendered(client, page, reverse("office-application-return", args=[returned.pk]), {"reason": reason})
    assert reload(registered).application.registration_number == "17/2011"
    assert reload(returned).application.return_reason == (
        "Нет подписи председателя профкома.\nПодпишите и подайте снова:\n\tстраница 2"
    )


def test_the_paper_import_saves_names_without_control_characters(contest):
    office = municipal_user(Role.LABOUR_OFFICE)
    row = paper_row(1, full_name="Общество\x7f «Бумажная 1»", head_name="Петров\x7f Пётр Петрович")
    report = run(contest, office, [row])
    assert report.ok, report.problems
    organization = Organization.objects.get(inn=row["inn"])
    assert organization.full_name == "Общество «Бумажная 1»"
    assert Application.objects.get(participation__organization=organization).head_name == "Петров Пётр Петрович"


def test_every_form_of_the_portal_cleans_its_text():
    import practices.forms

    modules = [practices.forms] + [
        importlib.import_module(f"contest.forms.{info.name}") for info in pkgutil.iter_modules(contest_forms.__path__)
    ]
    found = [
        cls
        for module in modules
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__
    ]
    assert len(found) > 30
    assert [cls.__qualname__ for cls in found if not issubclass(cls, CleanTextMixin)] == []
