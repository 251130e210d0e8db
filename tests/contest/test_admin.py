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
