"""Issue 14, «Lists that scale», for best practice: the district's review list, the organization's reports and the
quarterly summary show one page at a time (the page size is patched to 2 here to keep the worlds small), search by an
organization's name or ИНН, keep their filters in the page links and in the workbook, and answer 200 to any bad value
in the address; the admin finds an organization by ИНН."""

import io

import pytest
from django.urls import reverse

from contest.enums import Role
from practices.models import PracticeReport
from practices.services import reports as services
from tests.factories import OrganizationFactory, UserFactory

from .helpers import current_quarter, district, draft, representative, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_pages(monkeypatch):
    for module in ("practices.views.review", "practices.views.organization"):
        monkeypatch.setattr(f"{module}.PAGE_SIZE", 2)


def organization(name: str, **kwargs):
    return OrganizationFactory(full_name=f"ООО «{name}»", short_name=f"ООО «{name}»", **kwargs)


def reporters(*names: str):
    """A submitted report of each named organization (in Краснодар), titled by the name."""
    return [submitted(representative(organization(name)), title=f"Опыт {name}") for name in names]


# --- the district's review list ---------------------------------------------------------------------------------------


def test_review_list_shows_one_page_and_the_rest_on_the_next(client, small_pages):
    reports = reporters("Альфа", "Бета", "Гамма")
    client.force_login(district())
    url = reverse("practices:review")
    first = client.get(url)
    assert [r.pk for r in first.context["rows"]] == [reports[0].pk, reports[1].pk]
    assert first.context["paged"].page.paginator.count == 3
    assert 'data-testid="pagination"' in first.content.decode()
    second = client.get(url, {"page": 2})
    assert [r.pk for r in second.context["rows"]] == [reports[2].pk]


def test_review_list_of_51_reports_shows_50_then_1(client):
    for index in range(51):
        submitted(representative(organization(f"Строка {index:02d}")), title=f"Опыт {index:02d}")
    client.force_login(district())
    url = reverse("practices:review")
    assert len(client.get(url).context["rows"]) == 50
    assert [r.title for r in client.get(url, {"page": 2}).context["rows"]] == ["Опыт 50"]


@pytest.mark.parametrize("typed", ["бета", "БЕТА", "Бета", "ООО «Бета»"])
def test_review_list_searches_by_the_organizations_name_in_any_case(client, typed):
    _alpha, beta, _gamma = reporters("Альфа", "Бета", "Гамма")
    client.force_login(district())
    rows = client.get(reverse("practices:review"), {"q": typed}).context["rows"]
    assert [r.pk for r in rows] == [beta.pk]


def test_review_list_searches_by_inn_whole_or_its_first_digits(client):
    alpha, beta = reporters("Альфа", "Бета")
    inn = beta.organization.inn
    assert not alpha.organization.inn.startswith(inn[:9])
    client.force_login(district())
    url = reverse("practices:review")
    assert [r.pk for r in client.get(url, {"q": inn}).context["rows"]] == [beta.pk]
    assert [r.pk for r in client.get(url, {"q": inn[:9]}).context["rows"]] == [beta.pk]
    assert [r.pk for r in client.get(url, {"q": inn[1:]}).context["rows"]] == []  # not from the middle


def test_review_list_keeps_its_filters_in_the_link_to_the_next_page(client, small_pages):
    reporters("Альфа", "Бета", "Гамма")
    client.force_login(district())
    response = client.get(reverse("practices:review"), {"state": "submitted", "q": "ООО", "sort": "organization"})
    page = response.content.decode()
    assert "?state=submitted&amp;q=%D0%9E%D0%9E%D0%9E&amp;sort=organization&amp;page=2" in page
    second = client.get(
        reverse("practices:review"), {"state": "submitted", "q": "ООО", "sort": "organization", "page": 2}
    )
    assert [r.organization.full_name for r in second.context["rows"]] == ["ООО «Гамма»"]


def test_review_list_sorts_by_what_is_asked_and_falls_back_on_unknown_orders(client):
    first, second = reporters("Бета", "Альфа")
    PracticeReport.objects.filter(pk=first.pk).update(first_submitted_at=second.first_submitted_at.replace(year=2020))
    client.force_login(district())
    url = reverse("practices:review")
    pks = lambda sort: [r.pk for r in client.get(url, {"sort": sort}).context["rows"]]  # noqa: E731
    assert pks("organization") == [second.pk, first.pk]
    assert pks("waiting") == [first.pk, second.pk]
    assert pks("submitted") == [second.pk, first.pk]
    assert pks("") == pks("no-such-order") == [second.pk, first.pk]  # the default: the quarter, then the organization


@pytest.mark.parametrize(
    "query", [{"page": "x"}, {"page": "999"}, {"page": "-1"}, {"sort": "<script>"}, {"sort": "pk"}, {"q": "x" * 500}]
)
def test_review_list_answers_200_to_bad_values(client, query):
    reporters("Альфа")
    client.force_login(district())
    response = client.get(reverse("practices:review"), query)
    assert response.status_code == 200


def test_review_list_says_what_to_do_when_nothing_is_found(client):
    reporters("Альфа")
    client.force_login(district())
    page = client.get(reverse("practices:review"), {"q": "Омега"}).content.decode()
    assert "Ничего не найдено — измените условия поиска" in page


# --- the organization's own reports -------------------------------------------------------------------------------------


def test_organization_reports_show_one_page_and_the_quarters_still_count_every_filed_one(client, small_pages):
    user = representative()
    made = [submitted(user, title=f"Опыт {index}") for index in range(3)]
    client.force_login(user)
    url = reverse("practices:index")
    response = client.get(url)
    assert len(response.context["reports"]) == 2
    current = next(item for item in response.context["quarters"] if item["current"])
    assert {r.pk for r in current["filed"]} == {r.pk for r in made}
    rest = client.get(url, {"page": 2}).context["reports"]
    assert len(rest) == 1
    assert client.get(url, {"page": "последняя"}).status_code == 200


def test_organization_reports_of_51_show_50_then_1(client):
    user = representative()
    for index in range(51):
        draft(user, title=f"Опыт {index:02d}")
    client.force_login(user)
    url = reverse("practices:index")
    assert len(client.get(url).context["reports"]) == 50
    assert len(client.get(url, {"page": 2}).context["reports"]) == 1


# --- the quarterly summary ----------------------------------------------------------------------------------------------


def summary_world():
    """Альфа reported, Бета stated nothing new, Гамма did not report."""
    reporters("Альфа")
    quiet = representative(organization("Бета"))
    services.state_nothing_new(quiet.organization, actor=quiet, quarter=current_quarter())
    representative(organization("Гамма"))


def names(response) -> list[str]:
    return [row.organization.full_name for row in response.context["summary"].rows]


def test_summary_shows_one_page_of_organizations_and_counts_them_all(client, small_pages):
    summary_world()
    client.force_login(district())
    url = reverse("practices:summary-current")
    response = client.get(url)
    assert names(response) == ["ООО «Альфа»", "ООО «Бета»"]
    counts = response.context["summary"].counts
    assert counts == {"total": 3, "reported": 1, "nothing_new": 1, "missing": 1, "late": 0}
    assert 'data-testid="missing-count">1<' in response.content.decode()
    assert names(client.get(url, {"page": 2})) == ["ООО «Гамма»"]


def test_summary_searches_by_name_and_inn_and_filters_by_status(client):
    summary_world()
    client.force_login(district())
    url = reverse("practices:summary-current")
    assert names(client.get(url, {"q": "бета"})) == ["ООО «Бета»"]
    inn = PracticeReport.objects.get().organization.inn
    assert names(client.get(url, {"q": inn})) == ["ООО «Альфа»"]
    response = client.get(url, {"status": "missing"})
    assert names(response) == ["ООО «Гамма»"]
    assert response.context["summary"].counts["total"] == 1
    kinds = {kind: count for kind, _label, count, _rec in client.get(url, {"q": "Гамма"}).context["summary"].by_kind()}
    assert sum(kinds.values()) == 0  # the reports by kind are the found organizations' reports


def test_summary_keeps_its_filters_in_the_page_links_the_quarters_and_the_workbook(client, small_pages):
    summary_world()
    client.force_login(district())
    quarter = current_quarter()
    response = client.get(reverse("practices:summary-current"), {"q": "ООО", "page": 1})
    page = response.content.decode()
    assert "?q=%D0%9E%D0%9E%D0%9E&amp;page=2" in page
    xlsx = reverse("practices:summary-xlsx", args=[quarter.year, quarter.quarter])
    assert f'href="{xlsx}?q=%D0%9E%D0%9E%D0%9E"' in page  # the workbook: the same conditions, every page


def test_the_workbook_takes_the_search_and_lists_every_matching_organization(client, small_pages):
    from openpyxl import load_workbook

    summary_world()
    client.force_login(district())
    quarter = current_quarter()
    url = reverse("practices:summary-xlsx", args=[quarter.year, quarter.quarter])
    book = load_workbook(io.BytesIO(client.get(url).content))
    organizations = [row[1] for row in book.worksheets[0].iter_rows(min_row=5, values_only=True) if row[1]]
    assert organizations == ["ООО «Альфа»", "ООО «Бета»", "ООО «Гамма»"]  # not one page: all of them
    book = load_workbook(io.BytesIO(client.get(url, {"q": "гамма", "status": "missing"}).content))
    sheet = book.worksheets[0]
    text = [str(value) for row in sheet.iter_rows(values_only=True) for value in row if value]
    assert "ООО «Гамма»" in text
    assert "ООО «Альфа»" not in text
    assert "ООО «Бета»" not in text
    assert "Отбор: поиск «гамма»; итог: не отчиталась." in text
    totals = {row[0]: row[1] for row in book.worksheets[3].iter_rows(values_only=True) if row[0]}
    assert totals["Не отчитались"] == 1
    assert totals["Представили отчёт о передовом опыте"] == 0


@pytest.mark.parametrize("query", [{"page": "x"}, {"page": "0"}, {"status": "nobody"}, {"q": "'; drop table"}])
def test_summary_answers_200_to_bad_values(client, query):
    summary_world()
    client.force_login(district())
    assert client.get(reverse("practices:summary-current"), query).status_code == 200
    quarter = current_quarter()
    assert client.get(reverse("practices:summary-xlsx", args=[quarter.year, quarter.quarter]), query).status_code == 200


def test_summary_says_what_to_do_when_nothing_is_found(client):
    summary_world()
    client.force_login(district())
    page = client.get(reverse("practices:summary-current"), {"q": "Омега"}).content.decode()
    assert "Ничего не найдено — измените условия поиска." in page


# --- the admin --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changelist", "shown"),
    [
        ("admin:contest_organization_changelist", "ООО «Бета»"),
        ("admin:practices_practicereport_changelist", "Опыт Бета"),
        ("admin:practices_nothingnewstatement_changelist", "ООО «Бета»"),
    ],
)
def test_admin_changelist_finds_an_organization_by_inn(client, changelist, shown):
    alpha, beta = reporters("Альфа", "Бета")
    quiet = representative(beta.organization)
    services.state_nothing_new(quiet.organization, actor=quiet, quarter=current_quarter().previous())
    client.force_login(UserFactory(role=Role.STAFF, is_staff=True, is_superuser=True))
    response = client.get(reverse(changelist), {"q": beta.organization.inn})
    assert response.status_code == 200
    page = response.content.decode()
    assert shown in page
    assert "Альфа" not in page
    assert response.context["cl"].list_per_page == 50
