"""Staff set up next year's edition in the browser: point tables listed, uploaded (good, broken, unchanged), opened
with their sample cards scored, downloaded; a contest's table chosen while not locked; a contest copied to a new year."""

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import scoring
from contest.enums import Role
from contest.models import Category, Contest, Nomination, PointTable, Sector
from contest.services import contests as contest_services
from contest.services import tables
from core.exceptions import DomainError
from tests.contest.helpers import card_submitted, organization_in
from tests.factories import UserFactory, contest_2011, municipal_user, open_contest

pytestmark = pytest.mark.django_db

TABLE_2011 = "krasnodar-2011"


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(role=Role.STAFF))
    return client


def upload(client, content: bytes, note: str = ""):
    document = SimpleUploadedFile("table.json", content, content_type="application/json")
    return client.post(reverse("staff-table-upload"), {"document": document, "note": note})


def renamed_document() -> bytes:
    """The 2011 table with a new title: a changed document of the same key."""
    table = replace(scoring.get_table(TABLE_2011), title="Таблица 2012 года")
    return scoring.write_table(table).encode()


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_tables_list_shows_kept_versions_with_their_contests(staff):
    contest = contest_2011()

    response = staff.get(reverse("staff-tables"))

    assert response.status_code == 200
    [row] = response.context["rows"]
    assert row["table"] == contest.point_table
    assert [(use.contest, use.locked) for use in row["uses"]] == [(contest, False)]
    assert ("example-2026", scoring.get_table("example-2026").title) in response.context["built_in"]


def test_tables_list_marks_a_table_locked_once_a_card_is_scored(staff):
    contest = open_contest()
    card_submitted(contest, organization_in(contest, "Краснодар", "energy"))

    response = staff.get(reverse("staff-tables"))

    [row] = response.context["rows"]
    assert [use.locked for use in row["uses"]] == [True]
    assert "закреплена" in response.content.decode()


def test_upload_of_a_changed_document_keeps_the_next_version(staff):
    contest_2011()

    response = upload(staff, renamed_document(), note="Новое наименование")

    kept = PointTable.objects.get(key=TABLE_2011, version=2)
    assert response.status_code == 302
    assert response["Location"] == reverse("staff-table", args=[kept.pk])
    assert (kept.title, kept.note) == ("Таблица 2012 года", "Новое наименование")
    assert messages_of(response) == [f"Таблица «{TABLE_2011}» сохранена как редакция 2."]


def test_upload_of_a_broken_document_lists_every_error_and_keeps_nothing(staff):
    contest_2011()
    document = json.loads(scoring.write_table(scoring.get_table(TABLE_2011)))
    document["key"] = "Не ключ"
    document["indicators"][0]["code"] = ""
    content = json.dumps(document, ensure_ascii=False).encode()
    try:
        tables.read_document(content)
    except DomainError as error:
        expected = error.message.splitlines()

    response = upload(staff, content)

    assert response.status_code == 200
    assert len(expected) >= 2
    assert response.context["errors"] == expected
    page = response.content.decode()
    assert page.count("<li>") >= len(expected)
    assert PointTable.objects.count() == 1


def test_upload_of_something_that_is_not_json_says_so(staff):
    response = upload(staff, b"not json at all")

    assert response.status_code == 200
    assert len(response.context["errors"]) == 1
    assert PointTable.objects.count() == 0


def test_upload_of_an_unchanged_document_names_the_version_it_equals(staff):
    point_table = contest_2011().point_table

    response = upload(staff, tables.document_text(point_table).encode())

    assert response["Location"] == reverse("staff-table", args=[point_table.pk])
    assert messages_of(response) == [
        f"Документ совпадает с редакцией 1 таблицы «{TABLE_2011}»: новая редакция не создана."
    ]
    assert PointTable.objects.count() == 1


def test_table_page_scores_the_sample_cards(staff):
    point_table = contest_2011().point_table

    response = staff.get(reverse("staff-table", args=[point_table.pk]))

    samples = response.context["samples"]
    table = point_table.table
    assert samples.titles == [sample.title for sample in table.samples]
    assert samples.totals == [98, 130, 61, 81]
    assert [indicator.code for indicator, _ in samples.rows] == [indicator.code for indicator in table.indicators]
    assert samples.rows[0][1] == [Decimal("1.5"), 10, Decimal("0.5"), 10]
    assert response.content.decode().count('data-testid="sample-total"') == 4
    assert 'data-testid="max-total">148<' in response.content.decode()  # the public page's table, included


def test_table_document_round_trips(staff):
    point_table = contest_2011().point_table

    response = staff.get(reverse("staff-table-document", args=[point_table.pk]))

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{TABLE_2011}-v1.json"'
    assert scoring.read_table(response.content) == point_table.table


def test_public_page_shows_a_version_asked_for(client):
    contest_2011()
    tables.import_table(renamed_document(), actor=None)

    assert client.get(reverse("scoring-rules-table", args=[TABLE_2011])).context["table"].title == "Таблица 2012 года"
    first = client.get(reverse("scoring-rules-table", args=[TABLE_2011]) + "?version=1")
    assert first.context["table"] == scoring.get_table(TABLE_2011)
    assert client.get(reverse("scoring-rules-table", args=[TABLE_2011]) + "?version=3").status_code == 404
    assert client.get(reverse("scoring-rules-table", args=[TABLE_2011]) + "?version=x").status_code == 404


def test_keeping_a_built_in_table_opens_it(staff):
    response = staff.post(reverse("staff-table-keep", args=["example-2026"]))

    kept = PointTable.objects.get(key="example-2026")
    assert response["Location"] == reverse("staff-table", args=[kept.pk])
    assert kept.version == 1


def test_choosing_a_table_for_an_open_contest(staff):
    contest = contest_2011()
    newer, _ = tables.import_table(renamed_document(), actor=None)

    response = staff.post(reverse("staff-table-choose", args=[newer.pk]), {"contest": contest.pk})

    contest.refresh_from_db()
    assert contest.point_table == newer
    assert response["Location"] == reverse("staff-table", args=[newer.pk])


def test_a_locked_contest_keeps_its_table_and_the_page_says_why(staff):
    contest = open_contest()
    card_submitted(contest, organization_in(contest, "Краснодар", "energy"))
    newer, _ = tables.import_table(renamed_document(), actor=None)

    page = staff.get(reverse("staff-table", args=[newer.pk]))
    response = staff.post(reverse("staff-table-choose", args=[newer.pk]), {"contest": contest.pk})

    assert [choice.locked for choice in page.context["choices"]] == [True]
    assert str(contest_services.TABLE_LOCKED) in page.content.decode()
    assert "staff-table-choose" not in page.content.decode()
    contest.refresh_from_db()
    assert contest.point_table.version == 1
    assert messages_of(response) == [str(contest_services.TABLE_LOCKED)]


def copy_form(client, source: Contest) -> dict:
    """The copy form as the page fills it, confirmed."""
    form = client.get(reverse("staff-contest-copy", args=[source.pk])).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: ("" if value is None else value) for name, value in data.items()}
    data["confirm"] = "on"
    return data


def test_copy_form_is_prefilled_for_the_next_year(staff):
    source = contest_2011()

    form = staff.get(reverse("staff-contest-copy", args=[source.pk])).context["form"]

    assert form["year"].value() == 2012
    assert form["title"].value() == source.title.replace("2011", "2012")
    assert form["card_deadline"].value() == date(2013, 2, 1)
    assert form["forwarding_deadline"].value() == date(2013, 2, 20)
    assert form["application_deadline"].value() is None
    assert form["point_table"].value() == source.point_table_id


def test_copy_creates_the_contest_with_sectors_categories_and_nominations(staff):
    source = contest_2011()
    newer, _ = tables.import_table(renamed_document(), actor=None)
    data = copy_form(staff, source) | {"point_table": newer.pk}

    response = staff.post(reverse("staff-contest-copy", args=[source.pk]), data)

    copy = Contest.objects.get(year=2012)
    assert response["Location"] == reverse("staff-deadlines", args=[copy.pk])
    assert messages_of(response) == ["Смотр-конкурс 2012 года создан. Проверьте его сроки."]
    assert (copy.region, copy.point_table, copy.title) == (source.region, newer, source.title.replace("2011", "2012"))
    assert (copy.card_deadline, copy.forwarding_deadline, copy.application_deadline) == (
        date(2013, 2, 1),
        date(2013, 2, 20),
        None,
    )
    assert (copy.grouping, copy.small_max_headcount, copy.small_max_public_share_pct, copy.small_kinds) == (
        source.grouping,
        source.small_max_headcount,
        source.small_max_public_share_pct,
        source.small_kinds,
    )

    def categories(contest):
        return list(Category.objects.filter(contest=contest).values_list("code", "name", "genitive", "position"))

    def sectors(contest):
        return list(Sector.objects.filter(contest=contest).values_list("code", "name", "includes", "position"))

    def nominations(contest):
        rows = Nomination.objects.filter(contest=contest)
        return [(n.code, n.name, n.category.code if n.category else "", n.per_sector, n.places) for n in rows]

    assert categories(copy) == categories(source)
    assert sectors(copy) == sectors(source)
    assert nominations(copy) == nominations(source)
    assert all(n.category.contest_id == copy.pk for n in copy.nominations.all() if n.category_id)
    assert len(nominations(copy)) > 0


def test_copy_refuses_a_year_that_has_a_contest(staff):
    source = contest_2011()
    data = copy_form(staff, source) | {"year": "2011"}

    response = staff.post(reverse("staff-contest-copy", args=[source.pk]), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Смотр-конкурс 2011 года в регионе «Краснодарский край» уже есть."
    ]
    assert Contest.objects.count() == 1


def test_copy_needs_the_confirmation(staff):
    source = contest_2011()
    data = copy_form(staff, source)
    del data["confirm"]

    response = staff.post(reverse("staff-contest-copy", args=[source.pk]), data)

    assert response.context["form"].errors == {"confirm": ["Отметьте, что данные проверены."]}
    assert Contest.objects.count() == 1


def test_copy_service_refuses_someone_who_is_not_staff():
    source = contest_2011()
    with pytest.raises(DomainError) as error:
        contest_services.copy_contest(
            source,
            year=2012,
            title="2012",
            point_table=source.point_table,
            application_deadline=None,
            card_deadline=date(2013, 2, 1),
            forwarding_deadline=date(2013, 2, 20),
            actor=municipal_user(),
        )
    assert error.value.message == (
        "Таблицы показателей и смотры-конкурсы новых лет ведут только сотрудники департамента труда."
    )
    assert Contest.objects.count() == 1


@pytest.mark.parametrize("name", ["staff-tables", "staff-table", "staff-table-document", "staff-contest-copy"], ids=str)
def test_pages_answer_404_to_someone_who_is_not_staff(client, name):
    contest = contest_2011()
    client.force_login(municipal_user(Role.MUNICIPAL_SECRETARY))
    args = {
        "staff-tables": [],
        "staff-table": [contest.point_table.pk],
        "staff-table-document": [contest.point_table.pk],
    }

    response = client.get(reverse(name, args=args.get(name, [contest.pk])))

    assert response.status_code == 404


def test_an_unknown_table_or_contest_answers_404(staff):
    assert staff.get(reverse("staff-table", args=[999999])).status_code == 404
    assert staff.get(reverse("staff-contest-copy", args=[999999])).status_code == 404
