"""The admin works, in Russian, for every model, and only for staff."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from contest.enums import Role
from contest.models import Contest, Organization, User
from regions.models import Municipality, Region
from tests.factories import UserFactory, municipal_user

pytestmark = pytest.mark.django_db

MODELS = [Contest, Organization, User, Region, Municipality]


@pytest.fixture
def demo():
    call_command("demo", verbosity=0)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_changelist_and_change_form_open_for_staff(demo, client, model):
    client.force_login(User.objects.get(username="staff"))
    meta = model._meta
    changelist = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    assert changelist.status_code == 200
    assert "Смотр-конкурс по охране труда — администрирование" in changelist.content.decode()
    obj = model.objects.order_by("pk").first()
    change = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]))
    assert change.status_code == 200
    add = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
    assert add.status_code == 200


def test_admin_organization_shows_size_category_reasons(demo, client):
    client.force_login(User.objects.get(username="staff"))
    organization = Organization.objects.get(short_name="ООО «Связьинформ-Юг»")
    content = client.get(reverse("admin:contest_organization_change", args=[organization.pk])).content.decode()
    assert "средний и крупный бизнес: " in content
    assert "30 % &gt; 25 %" in content


@pytest.mark.parametrize(
    ("make_user", "expected"),
    [
        (lambda: None, 302),
        (lambda: municipal_user(role=Role.LABOUR_OFFICE), 302),
        (lambda: UserFactory(role=Role.REGIONAL_MEMBER), 302),
        (lambda: UserFactory(role=Role.STAFF, is_staff=True, is_superuser=True), 200),
    ],
    ids=["anonymous", "labour_office", "regional_member", "staff"],
)
def test_admin_index_is_for_staff_only(client, make_user, expected):
    user = make_user()
    if user:
        client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("admin:login"))


def test_create_contest_command_announces_the_2011_contest(capsys):
    call_command("create_contest", "krasnodar-2011")
    assert Contest.objects.get().sectors.count() == 12
    assert "Создан смотр-конкурс" in capsys.readouterr().out


# ---------------------------------------------------------------------------------------------------------------------
# The admin goes through the services (issue 12, item 4)


def _change_form_data(client, contest):
    """The contest's change form as the admin renders it: every field it posts, with its current value."""
    from html.parser import HTMLParser

    class Fields(HTMLParser):
        def __init__(self):
            super().__init__()
            self.data, self.select, self.textarea = {}, None, None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            name = attrs.get("name")
            if tag == "input" and name and attrs.get("type") not in ("submit", "checkbox"):
                self.data[name] = attrs.get("value", "")
            elif tag == "input" and name and "checked" in attrs:
                self.data[name] = attrs.get("value", "on")
            elif tag in ("select", "textarea") and name:
                self.select = name if tag == "select" else None
                self.textarea = name if tag == "textarea" else None
                self.data.setdefault(name, "")
            elif tag == "option" and self.select and "selected" in attrs:
                self.data[self.select] = attrs.get("value", "")

        def handle_data(self, data):
            if self.textarea:
                self.data[self.textarea] += data

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None
            elif tag == "textarea":
                self.textarea = None

    page = client.get(reverse("admin:contest_contest_change", args=[contest.pk]))
    parser = Fields()
    parser.feed(page.content.decode())
    return page, parser.data


def test_the_admin_shows_deadlines_read_only_and_sends_to_the_deadlines_page(demo, client):
    from contest.models import DeadlineExtension

    client.force_login(User.objects.get(username="staff"))
    contest = Contest.objects.get(year=2011)
    before = (contest.card_deadline, DeadlineExtension.objects.count())
    page, data = _change_form_data(client, contest)
    assert "card_deadline" not in data  # read-only: no field to change it here
    assert reverse("staff-deadlines", args=[contest.pk]) in page.content.decode()
    response = client.post(reverse("admin:contest_contest_change", args=[contest.pk]), {**data, "_save": "1"})
    assert response.status_code == 302
    contest.refresh_from_db()
    assert (contest.card_deadline, DeadlineExtension.objects.count()) == before


def test_the_point_table_is_fixed_once_a_card_is_scored(db):
    from contest.services import contests
    from contest.services import participation as services
    from tests.contest.helpers import registered
    from tests.factories import COMPLETE_CARD, open_contest

    contest = open_contest()
    participation, user = registered(contest)
    assert not contests.table_locked(contest)
    services.update_card(participation.card, actor=user, values=COMPLETE_CARD)  # a complete card is scored
    assert contests.table_locked(contest)
    import dataclasses

    import scoring
    from contest.services import tables
    from core.exceptions import DomainError

    another, _ = tables.import_table(
        scoring.dump_table(dataclasses.replace(contest.table, key="another-table")), actor=None
    )
    kept = contest.point_table_id
    with pytest.raises(DomainError, match="Таблицу показателей сменить нельзя"):
        contests.change_scoring_table(contest, table=another)
    contest.refresh_from_db()
    assert contest.point_table_id == kept


def test_the_admin_shows_a_locked_point_table_read_only(demo, client):
    from contest.models import InfoCard

    client.force_login(User.objects.get(username="staff"))
    contest = Contest.objects.get(year=2010)  # the decided archive: its cards are scored
    assert InfoCard.objects.filter(participation__contest=contest, declared_total__isnull=False).exists()
    _page, data = _change_form_data(client, contest)
    assert "point_table" not in data


def _admin(client):
    staff = UserFactory(role=Role.STAFF, is_staff=True, is_superuser=True)
    client.force_login(staff)


def test_the_admin_edits_a_contests_categories_inline(client):
    from contest.editions import EXAMPLE_BANDS
    from contest.services.contests import create_contest_from_edition

    _admin(client)
    contest = create_contest_from_edition(EXAMPLE_BANDS)
    _page, data = _change_form_data(client, contest)
    assert data["categories-0-code"] == "to-50"
    data["categories-2-name"] = "более 1000 человек"
    response = client.post(reverse("admin:contest_contest_change", args=[contest.pk]), {**data, "_save": "1"})
    assert response.status_code == 302
    assert list(contest.categories.values_list("name", flat=True)) == [
        "до 50 человек",
        "от 51 до 1000 человек",
        "более 1000 человек",
    ]


def test_the_admin_refuses_bands_with_a_gap_in_russian(client):
    from contest.editions import EXAMPLE_BANDS
    from contest.services.contests import create_contest_from_edition

    _admin(client)
    contest = create_contest_from_edition(EXAMPLE_BANDS)
    _page, data = _change_form_data(client, contest)
    data["categories-1-min_headcount"] = "60"
    response = client.post(reverse("admin:contest_contest_change", args=[contest.pk]), {**data, "_save": "1"})
    assert response.status_code == 200
    assert "Между группами пропущена численность от 51 до 59 человек." in response.content.decode()
    assert contest.categories.get(code="51-1000").min_headcount == 51


def test_the_admin_refuses_r8_without_its_two_categories(client):
    from contest.editions import KRASNODAR_2011
    from contest.services.contests import create_contest_from_edition

    _admin(client)
    contest = create_contest_from_edition(KRASNODAR_2011)
    _page, data = _change_form_data(client, contest)
    data["categories-1-code"] = "tiny"
    response = client.post(reverse("admin:contest_contest_change", args=[contest.pk]), {**data, "_save": "1"})
    assert response.status_code == 200
    assert "По правилу R8 нужны ровно две группы с кодами «medium_large», «small»." in response.content.decode()


def test_document_jobs_are_listed_read_only_in_the_admin(client):
    from contest.enums import DocumentKind
    from contest.models import DocumentJob

    staff = UserFactory(role=Role.STAFF, is_staff=True, is_superuser=True)
    job = DocumentJob.objects.create(
        requested_by=staff, kind=DocumentKind.PARTICIPANTS, key="k", title="Все участники", filename="u.xlsx"
    )
    client.force_login(staff)

    changelist = client.get(reverse("admin:contest_documentjob_changelist"), {"q": "участники"})
    change = client.get(reverse("admin:contest_documentjob_change", args=[job.pk]))

    assert changelist.status_code == 200
    assert "Все участники" in changelist.content.decode()
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()  # read only: nothing to save
    assert client.get(reverse("admin:contest_documentjob_add")).status_code == 403


def test_every_model_admin_names_its_object_in_the_accusative():
    from django.contrib import admin

    from core.admin import RussianTitles

    missing = [
        model.__name__
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in {"contest", "core", "practices", "regions"}
        and not (isinstance(model_admin, RussianTitles) and model_admin.accusative)
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("url_name", "args", "title"),
    [
        ("admin:contest_user_changelist", [], "Выберите пользователя для изменения"),
        ("admin:contest_organization_changelist", [], "Выберите организацию для изменения"),
        ("admin:contest_organization_add", [], "Добавить организацию"),
        ("admin:core_letter_changelist", [], "Выберите письмо для просмотра"),
    ],
)
def test_admin_titles_are_in_the_right_russian_case(demo, client, url_name, args, title):
    client.force_login(User.objects.get(username="staff"))
    content = client.get(reverse(url_name, args=args)).content.decode()
    assert f"<title>{title} |" in content
    assert f"<h1>{title}</h1>" in content
    assert "Выберите пользователь" not in content
    assert "Добавить организация" not in content


def test_admin_change_form_of_a_user_says_whom_it_changes(demo, client):
    client.force_login(User.objects.get(username="staff"))
    user = User.objects.get(username="member")
    content = client.get(reverse("admin:contest_user_change", args=[user.pk])).content.decode()
    assert "<h1>Изменить пользователя</h1>" in content
    changelist = client.get(reverse("admin:contest_user_changelist")).content.decode()
    assert "Добавить пользователя" in changelist
