"""Staff change a kept point table in forms: an indicator's titles, brackets (changed, moved, added, removed), flags,
the step's cap, an R4/R5 override; the table's texts. Each save keeps the next version and leaves the old one as it
was; a change that breaks the table is listed error by error with everything typed kept; a stale form saves nothing."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

import scoring
from contest.enums import Role
from contest.forms.table_editor import IndicatorForm
from contest.models import PointTable
from contest.services import tables
from tests.contest.helpers import card_submitted, organization_in
from tests.factories import UserFactory, contest_2011, open_contest

pytestmark = pytest.mark.django_db

KEY = "krasnodar-2011"


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(role=Role.STAFF))
    return client


@pytest.fixture
def kept():
    return contest_2011().point_table


def number_of(table: scoring.Table, code: str) -> int:
    return 1 + [indicator.code for indicator in table.indicators].index(code)


def indicator_url(point_table: PointTable, code: str) -> str:
    return reverse("staff-table-indicator", args=[point_table.pk, number_of(point_table.table, code)])


def page_data(response) -> dict[str, str]:
    """What the browser posts back from the page as it is rendered: every field's shown value, ticked boxes only."""
    form = response.context["form"]
    data = {}
    for bound in form:
        value = bound.value()
        if bound.widget_type == "checkbox":
            if value:
                data[bound.html_name] = "on"
        else:
            data[bound.html_name] = bound.field.widget.format_value(value) or ""
    return data


def indicator_of(table: scoring.Table, code: str) -> scoring.Indicator:
    return next(indicator for indicator in table.indicators if indicator.code == code)


def rules_of(point_table: PointTable, code: str):
    return indicator_of(point_table.table, code).rules


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def latest() -> PointTable:
    return PointTable.objects.filter(key=KEY).latest("version")


def test_the_indicator_page_shows_every_rule_with_its_values(staff, kept):
    response = staff.get(indicator_url(kept, "K2"))

    assert response.status_code == 200
    data = page_data(response)
    assert data["title"] == "Обеспеченность работников санитарно-бытовыми помещениями, в %"
    assert (data["rule-0-label"], data["rule-0-points"], data["rule-0-low"], data["rule-0-high"]) == (
        "100 %",
        "5",
        "100",
        "",
    )
    assert "rule-1-high_inclusive" not in data  # «менее 100 %»: the upper bound is exclusive
    assert data["rule-1-position"] == "2"
    assert "new-label" in data
    assert "Сохранить как редакцию 2" in response.content.decode()


def test_changed_points_are_kept_as_the_next_version_and_the_old_one_stays(staff, kept):
    response = staff.get(indicator_url(kept, "K2"))
    data = page_data(response) | {"rule-1-points": "2,5", "rule-1-label": "от 90 до 100 %"}

    response = staff.post(indicator_url(kept, "K2"), data)

    new = latest()
    assert new.version == 2
    assert response.status_code == 302
    assert response["Location"] == reverse("staff-table", args=[new.pk])
    assert (new.note, new.created_by.is_staff_member) == ("Изменён показатель K2", True)
    bracket = rules_of(new, "K2")[1]
    assert (bracket.label, bracket.points) == ("от 90 до 100 %", Decimal("2.5"))
    assert scoring.score_card({**sample_values(new), "sanitary_pct": Decimal(95)}, table=new.table).points["K2"] == 2.5
    kept.refresh_from_db()
    assert rules_of(kept, "K2")[1].points == 2
    assert "Сохранено как редакция 2" in messages_of(response)[0]


def sample_values(point_table: PointTable) -> dict:
    return dict(point_table.table.samples[0].values)


def test_a_form_posted_unchanged_keeps_no_version(staff, kept):
    response = staff.get(indicator_url(kept, "K1/1"))

    response = staff.post(indicator_url(kept, "K1/1"), page_data(response))

    assert PointTable.objects.filter(key=KEY).count() == 1
    assert response["Location"] == reverse("staff-table", args=[kept.pk])
    assert messages_of(response) == ["Изменений нет: новая редакция не создана."]


def test_a_bracket_is_split_in_two_and_the_new_one_takes_its_place(staff, kept):
    response = staff.get(indicator_url(kept, "K2"))
    data = page_data(response) | {
        "rule-2-low": "87",
        "rule-2-label": "не менее 87 %, но менее 90 %",
        "new-label": "не менее 85 %, но менее 87 %",
        "new-points": "0,5",
        "new-low": "85",
        "new-low_inclusive": "on",
        "new-high": "87",
        "new-position": "4",
        "note": "K2: граница 87 %",
    }
    data.pop("new-high_inclusive", None)

    staff.post(indicator_url(kept, "K2"), data)

    new = latest()
    assert new.note == "K2: граница 87 %"
    assert [rule.label for rule in rules_of(new, "K2")] == [
        "100 %",
        "не менее 90 %, но менее 100 % (в источнике «99 – 90 %»)",
        "не менее 87 %, но менее 90 %",
        "не менее 85 %, но менее 87 %",
        "ниже 85 %",
    ]
    points = [
        scoring.score_card(sample_values(new) | {"sanitary_pct": v}, table=new.table).points["K2"] for v in (86, 88)
    ]
    assert points == [Decimal("0.5"), Decimal(1)]


def test_a_change_that_leaves_a_gap_is_named_and_nothing_is_saved(staff, kept):
    response = staff.get(indicator_url(kept, "K2"))
    data = page_data(response) | {"rule-2-delete": "on", "note": "моя заметка"}

    response = staff.post(indicator_url(kept, "K2"), data)

    assert response.status_code == 200
    assert PointTable.objects.filter(key=KEY).count() == 1
    errors = response.context["errors"]
    assert any("K2" in error and "85" in error for error in errors), errors
    page = response.content.decode()
    assert "Таблица не сохранена" in page
    assert 'value="моя заметка"' in page  # what was typed stays in the form


def test_a_number_that_is_not_a_number_is_a_field_error(staff, kept):
    response = staff.get(indicator_url(kept, "K2"))
    data = page_data(response) | {"rule-0-points": "пять", "new-label": "без баллов"}

    response = staff.post(indicator_url(kept, "K2"), data)

    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors["rule-0-points"] == ["Введите число."]
    assert form.errors["new-points"] == ["Укажите баллы новой границы."]
    assert PointTable.objects.filter(key=KEY).count() == 1


def test_a_flag_the_step_cap_and_an_override_are_edited(staff, kept):
    table = kept.table
    staff.post(indicator_url(kept, "K4"), page_data(staff.get(indicator_url(kept, "K4"))) | {"rule-0-points": "6"})
    v2 = latest()
    step = next(i for i, rule in enumerate(indicator_of(table, "K18").rules) if isinstance(rule, scoring.Step))
    staff.post(indicator_url(v2, "K18"), page_data(staff.get(indicator_url(v2, "K18"))) | {f"rule-{step}-cap": "6"})
    v3 = latest()
    override = next(i for i, rule in enumerate(indicator_of(table, "K16").rules) if isinstance(rule, scoring.Override))
    data = page_data(staff.get(indicator_url(v3, "K16"))) | {f"rule-{override}-card_text": "нет раздела"}
    staff.post(indicator_url(v3, "K16"), data)

    v4 = latest()
    assert v4.version == 4
    assert indicator_of(v4.table, "K4").rules[0].points == 6
    assert v4.table.params["k18_cap"] == 6
    assert indicator_of(v4.table, "K18").max_points == 6
    assert indicator_of(v4.table, "K16").rules[override].card_text == "нет раздела"
    assert v4.table.max_total == table.max_total + 2


def test_the_texts_form_changes_a_field_label_and_a_reading(staff, kept):
    url = reverse("staff-table-edit", args=[kept.pk])
    data = page_data(staff.get(url))
    index = [spec.key for spec in kept.table.inputs].index("sanitary_pct")
    reading = list(kept.table.readings).index("R3")
    data |= {
        f"input-{index}-label": "Обеспеченность санитарно-бытовыми помещениями",
        f"input-{index}-help": "По нормам СП 44.13330",
        f"reading-{reading}-text": "Новый текст прочтения.",
        "title": "Таблица 2027 года",
    }

    staff.post(url, data)

    new = latest()
    spec = new.table.input_spec("sanitary_pct")
    assert (spec.label, spec.help) == ("Обеспеченность санитарно-бытовыми помещениями", "По нормам СП 44.13330")
    assert new.table.readings["R3"].text == "Новый текст прочтения."
    assert (new.title, new.note) == ("Таблица 2027 года", "Изменены тексты таблицы")


def test_an_older_version_opens_the_latest_one(staff, kept):
    response = staff.get(indicator_url(kept, "K2"))
    staff.post(indicator_url(kept, "K2"), page_data(response) | {"rule-0-points": "6"})
    v2 = latest()

    response = staff.get(indicator_url(kept, "K3"))

    assert response["Location"] == indicator_url(v2, "K3")
    assert messages_of(response)[-1] == "Открыта последняя редакция (2): изменения вносятся в неё."


def test_a_form_opened_before_another_save_saves_nothing(staff, kept):
    stale = page_data(staff.get(indicator_url(kept, "K3")))
    staff.post(indicator_url(kept, "K2"), page_data(staff.get(indicator_url(kept, "K2"))) | {"rule-0-points": "6"})

    response = staff.post(indicator_url(kept, "K3"), stale | {"rule-0-points": "7"})

    assert response.status_code == 200
    assert PointTable.objects.filter(key=KEY).count() == 2
    assert "Пока вы редактировали, сохранена редакция 2" in response.context["errors"][0]
    assert indicator_of(latest().table, "K2").rules[0].points == 6


def test_the_table_of_a_scored_card_stays_and_its_contest_keeps_scoring_by_it(staff):
    contest = open_contest()
    card_submitted(contest, organization_in(contest, "Краснодар", "energy"))
    kept = contest.point_table

    page = staff.get(indicator_url(kept, "K2"))
    staff.post(indicator_url(kept, "K2"), page_data(page) | {"rule-0-points": "6"})

    contest.refresh_from_db()
    assert contest.point_table_id == kept.pk
    assert latest().version == 2
    assert "продолжат считать по ней" in page.content.decode()


def test_an_indicator_number_the_table_has_not_is_404(staff, kept):
    assert staff.get(reverse("staff-table-indicator", args=[kept.pk, 99])).status_code == 404
    assert staff.get(reverse("staff-table-indicator", args=[kept.pk, 0])).status_code == 404


def test_the_table_page_links_each_indicator_to_its_editor_on_the_latest_version_only(staff, kept):
    page = staff.get(reverse("staff-table", args=[kept.pk])).content.decode()
    assert indicator_url(kept, "K19") in page
    assert reverse("staff-table-edit", args=[kept.pk]) in page

    staff.post(indicator_url(kept, "K2"), page_data(staff.get(indicator_url(kept, "K2"))) | {"rule-0-points": "6"})

    page = staff.get(reverse("staff-table", args=[kept.pk])).content.decode()
    assert indicator_url(kept, "K19") not in page
    assert "Это не последняя редакция" in page


def test_all_brackets_cannot_be_removed():
    document = tables.document_of(contest_2011().point_table)
    position = number_of(scoring.get_table(KEY), "K2") - 1
    form = IndicatorForm(document=document, position=position)
    data = {name: "" for name in form.fields} | {"title": "T"}
    for index in form.brackets:
        data |= {f"rule-{index}-label": "x", f"rule-{index}-points": "1", f"rule-{index}-delete": "on"}

    bound = IndicatorForm(data, document=document, position=position)

    assert not bound.is_valid()
    assert bound.non_field_errors() == ["Нельзя удалить все границы показателя."]
