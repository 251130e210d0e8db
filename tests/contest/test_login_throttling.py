"""Login throttling (issue 11, item 4): repeated failed logins lock the username and the address for a cool-off,
with a Russian page in the portal's layout; staff unlock; the lockout tells nothing about whether an account exists."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory, municipal_user
from tests.page_forms import fill

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"  # tests.factories.UserFactory
LOCKED = "Вход временно закрыт"


def attempt(client: Client, username: str, password: str, address: str = "10.1.1.1"):
    """Log in through the login page as a person would: the fields the page renders, typed in."""
    page = client.get(reverse("login"), REMOTE_ADDR=address).content.decode()
    data = fill(page, username=username, password=password)
    return client.post(reverse("login"), data, REMOTE_ADDR=address)


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail(client: Client, username: str, times: int, address: str = "10.1.1.1") -> list[int]:
    return [attempt(client, username, "wrong-password", address).status_code for _ in range(times)]


def visible_text(response) -> str:
    """The page without what differs between any two renderings (the CSRF token)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_ten_wrong_passwords_then_the_right_one_is_refused_in_russian(client):
    user = municipal_user()
    statuses = fail(client, user.username, 10)
    assert statuses[:9] == [200] * 9  # the usual «wrong password» page until the limit
    assert statuses[9] == 429
    response = attempt(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)
    content = response.content.decode()
    assert '<html lang="ru">' in content
    assert "Смотр-конкурс по охране труда" in content
    assert LOCKED in content
    assert (
        "Слишком много неудачных попыток входа для этого имени пользователя или с этого адреса (предел — 10)" in content
    )
    assert re.search(r"Попробуйте снова через 30 мин\., после \d\d:\d\d \(\d+ [а-я]+, время московское\)", content)
    assert "сотруднику департамента труда" in content
    assert f'href="{reverse("password_reset")}"' in content


def test_the_lockout_page_names_the_contact_when_configured(client, settings):
    settings.PORTAL_SUPPORT_CONTACT = "+7 861 000-00-00"
    user = municipal_user()
    fail(client, user.username, 10)
    assert "+7 861 000-00-00" in attempt(client, user.username, PASSWORD).content.decode()


def test_an_account_is_locked_whatever_address_the_guesses_come_from(client):
    user = municipal_user()
    for number in range(10):
        fail(client, user.username, 1, address=f"10.2.0.{number}")
    response = attempt(client, user.username, PASSWORD, address="10.2.1.1")
    assert response.status_code == 429
    assert not logged_in(client)


def test_an_address_is_locked_whatever_usernames_it_guesses(client):
    user = municipal_user()
    for number in range(10):
        fail(client, f"guess{number}", 1, address="10.3.0.1")
    response = attempt(client, user.username, PASSWORD, address="10.3.0.1")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not logged_in(client)
    # The same person from another address is let in: the address was locked, not the account.
    other = Client()
    assert attempt(other, user.username, PASSWORD, address="10.3.0.2").status_code == 302
    assert logged_in(other)


def test_behind_the_proxy_the_address_is_the_one_the_proxy_appended(client, settings):
    settings.BEHIND_PROXY = True
    user = municipal_user()
    for number in range(10):
        # The client makes up the first entries; the proxy (REMOTE_ADDR 127.0.0.1) appends the real one.
        data = fill(client.get(reverse("login")).content.decode(), username=f"guess{number}", password="x")
        client.post(reverse("login"), data, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"1.1.1.{number}, 10.4.0.1")
    response = client.post(
        reverse("login"),
        fill(client.get(reverse("login")).content.decode(), username=user.username, password=PASSWORD),
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.4.0.1",
    )
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.4.0.1"}


def test_the_lockout_does_not_tell_whether_the_account_exists(client):
    user = municipal_user()
    fail(client, user.username, 10, address="10.5.0.1")
    fail(client, "nobody-by-this-name", 10, address="10.5.0.2")
    known = attempt(client, user.username, PASSWORD, address="10.5.0.1")
    unknown = attempt(client, "nobody-by-this-name", PASSWORD, address="10.5.0.2")
    assert known.status_code == unknown.status_code == 429
    assert visible_text(known) == visible_text(unknown)


def test_after_the_cool_off_the_right_password_logs_in(client):
    user = municipal_user()
    fail(client, user.username, 10)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=29))
    assert attempt(client, user.username, PASSWORD).status_code == 429  # 29 minutes on: still closed
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=2))
    response = attempt(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_guesses_during_the_lockout_do_not_prolong_it(client):
    user = municipal_user()
    fail(client, user.username, 10)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=29))
    assert fail(client, user.username, 5) == [429] * 5
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=2))
    assert attempt(client, user.username, PASSWORD).status_code == 302


def test_a_success_forgets_own_typos_but_not_guesses_at_someone_else(client):
    user = municipal_user()
    fail(client, user.username, 9)
    assert attempt(client, user.username, PASSWORD).status_code == 302
    client.logout()
    assert fail(client, user.username, 9) == [200] * 9  # the count started again
    # Someone with an account of their own guesses at another's password from one address, logging in between:
    attacker, victim = municipal_user(), municipal_user()
    thief = Client()
    fail(thief, victim.username, 9, address="10.6.0.1")
    assert attempt(thief, attacker.username, PASSWORD, address="10.6.0.1").status_code == 302
    thief.logout()
    assert fail(thief, victim.username, 1, address="10.6.0.1") == [429]
    assert attempt(Client(), victim.username, PASSWORD, address="10.6.0.2").status_code == 429


def test_staff_unlock_a_user_from_the_users_list(client):
    user = municipal_user()
    fail(client, user.username, 10)
    assert attempt(client, user.username, PASSWORD).status_code == 429
    staff = Client()
    staff.force_login(UserFactory(is_staff=True, is_superuser=True))
    changelist = reverse("admin:contest_user_changelist")
    page = staff.get(changelist).content.decode()
    assert "Снять блокировку входа (после неудачных попыток)" in page
    data = fill(page, action="unlock_login", _selected_action=str(user.pk))
    response = staff.post(changelist, data, follow=True)
    assert "Блокировка входа снята. Пользователей: 1;" in response.content.decode()
    assert attempt(client, user.username, PASSWORD).status_code == 302


def test_staff_unlock_an_address_in_the_login_attempts_admin(client):
    user = municipal_user()
    for number in range(10):
        fail(client, f"guess{number}", 1, address="10.7.0.1")
    assert attempt(client, user.username, PASSWORD, address="10.7.0.1").status_code == 429
    outsider = Client()
    outsider.force_login(municipal_user())  # the admin is for staff only
    assert outsider.get(reverse("admin:axes_accessattempt_changelist")).status_code == 302
    staff = Client()
    staff.force_login(UserFactory(is_staff=True, is_superuser=True))
    changelist = reverse("admin:axes_accessattempt_changelist")
    page = staff.get(changelist).content.decode()
    assert "Попытки доступа" in page
    pks = [str(pk) for pk in AccessAttempt.objects.filter(ip_address="10.7.0.1").values_list("pk", flat=True)]
    confirm = staff.post(changelist, fill(page, action="delete_selected", _selected_action=pks))
    assert confirm.status_code == 200
    staff.post(changelist, fill(confirm.content.decode(), post="yes"), follow=True)
    assert not AccessAttempt.objects.exists()
    assert attempt(client, user.username, PASSWORD, address="10.7.0.1").status_code == 302


def test_staff_unlock_with_the_management_command(client):
    user = municipal_user()
    fail(client, user.username, 10)
    assert attempt(client, user.username, PASSWORD).status_code == 429
    call_command("axes_reset_username", user.username, verbosity=0)
    assert attempt(client, user.username, PASSWORD).status_code == 302
