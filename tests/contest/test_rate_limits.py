"""Rate limits (issue 11, item 5) on sign-up, activation re-send, password reset and survey links, and a sign-up that
does not tell which addresses are registered (item 6)."""

import re
import threading
import time

import pytest
from django.core import mail
from django.core.cache import caches
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from contest.enums import Role
from contest.models import User
from practices.models import SurveyAnswer
from practices.services import surveys
from tests.factories import UserFactory, organization_user
from tests.page_forms import fill

pytestmark = pytest.mark.django_db

LIMITED = re.compile(r"Слишком много запросов за короткое время\. Повторите через \d+ мин\.")
NEW_PERSON = {
    "last_name": "Петрова",
    "first_name": "Анна",
    "patronymic": "Сергеевна",
    "position": "специалист по охране труда",
    "phone": "+7 861 234-56-78",
    "password1": "Ohrana-Truda-2011",
    "password2": "Ohrana-Truda-2011",
}


@pytest.fixture
def send_mail_now(django_capture_on_commit_callbacks):
    """Letters leave after the transaction commits; here, at once."""

    def post(client: Client, url: str, data: dict, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, **extra)

    return post


def post_form(send, client: Client, url_name: str, address: str = "10.9.0.1", **typed):
    """Open the page, type into the fields it renders, send it."""
    page = client.get(reverse(url_name), REMOTE_ADDR=address).content.decode()
    return send(client, reverse(url_name), fill(page, **typed), REMOTE_ADDR=address)


def sign_up(send, client: Client, email: str, username: str, address: str = "10.9.0.1"):
    return post_form(send, client, "signup", address, email=email, username=username, **NEW_PERSON)


def assert_limited(response) -> str:
    assert response.status_code == 429
    content = response.content.decode()
    assert LIMITED.search(content), content
    assert '<html lang="ru">' in content
    assert "Смотр-конкурс по охране труда" in content
    return content


def unconfirmed(email: str) -> User:
    return UserFactory(role=Role.ORGANIZATION, organization=None, is_active=False, email=email)


# --- sign-up does not tell which addresses are registered --------------------------------------------------------


def test_signup_with_a_taken_email_shows_the_same_page_and_tells_the_owner(send_mail_now):
    owner = UserFactory(role=Role.ORGANIZATION, organization=None, username="kuznetsova", email="owner@example.ru")
    new, taken = Client(), Client()
    new_answer = sign_up(send_mail_now, new, "fresh@example.ru", "petrova")
    taken_answer = sign_up(send_mail_now, taken, "OWNER@example.ru", "petrova2")
    assert new_answer.status_code == taken_answer.status_code == 302
    assert new_answer["Location"] == taken_answer["Location"] == reverse("signup-sent")
    new_page = new.get(new_answer["Location"]).content.decode().replace("fresh@example.ru", "@")
    taken_page = taken.get(taken_answer["Location"]).content.decode().replace("OWNER@example.ru", "@")
    assert new_page == taken_page
    assert "отправлено письмо" in taken_page

    assert not User.objects.filter(username="petrova2").exists()
    owner.refresh_from_db()
    assert owner.check_password("secret-pass-123")
    assert owner.is_active
    confirmation, warning = mail.outbox
    assert confirmation.to == ["fresh@example.ru"]
    assert warning.to == ["owner@example.ru"]
    assert warning.subject == "Попытка регистрации с вашим адресом на портале смотра-конкурса по охране труда"
    assert "пытался зарегистрироваться" in warning.body
    assert "имя пользователя: kuznetsova" in warning.body
    assert "http://testserver/accounts/login/" in warning.body
    assert "http://testserver/accounts/password_reset/" in warning.body
    assert "/accounts/signup/confirm/" not in warning.body


def test_signup_page_has_no_word_about_a_taken_address(send_mail_now, client):
    UserFactory(email="owner@example.ru")
    response = sign_up(send_mail_now, client, "owner@example.ru", "petrova")
    assert response.status_code == 302
    assert "уже зарегистрирован" not in client.get(response["Location"]).content.decode()


# --- sign-up -----------------------------------------------------------------------------------------------------


def test_signup_with_one_email_is_limited_and_the_owner_gets_three_letters(send_mail_now, client):
    UserFactory(email="owner@example.ru")
    answers = [sign_up(send_mail_now, client, "owner@example.ru", f"taker{n}").status_code for n in range(3)]
    assert answers == [302] * 3
    content = assert_limited(sign_up(send_mail_now, client, "owner@example.ru", "taker3"))
    assert 'value="Петрова"' in content  # what was typed stays on the page
    assert len(mail.outbox) == 3


def test_signup_from_one_address_is_limited(send_mail_now, client):
    for n in range(20):
        assert sign_up(send_mail_now, client, f"person{n}@example.ru", f"person{n}").status_code == 302
    assert_limited(sign_up(send_mail_now, client, "person20@example.ru", "person20"))
    assert not User.objects.filter(username="person20").exists()
    # Another address is not held back.
    assert sign_up(send_mail_now, Client(), "person21@example.ru", "person21", address="10.9.0.2").status_code == 302


# --- activation re-send ------------------------------------------------------------------------------------------


def test_ten_resends_to_one_mailbox_send_three_letters(send_mail_now, client):
    unconfirmed("petrova@example.ru")
    answers = [
        post_form(send_mail_now, client, "signup-resend", f"10.8.0.{n}", email="petrova@example.ru") for n in range(10)
    ]
    assert [answer.status_code for answer in answers[:3]] == [302] * 3
    for answer in answers[3:]:
        content = assert_limited(answer)
        assert 'value="petrova@example.ru"' in content
    assert len(mail.outbox) == 3


def test_resend_from_one_address_is_limited(send_mail_now, client):
    for n in range(10):
        assert post_form(send_mail_now, client, "signup-resend", email=f"x{n}@example.ru").status_code == 302
    assert_limited(post_form(send_mail_now, client, "signup-resend", email="x10@example.ru"))


def test_resend_works_again_in_the_next_hour(send_mail_now, client, monkeypatch):
    unconfirmed("petrova@example.ru")
    for _ in range(3):
        post_form(send_mail_now, client, "signup-resend", email="petrova@example.ru")
    assert_limited(post_form(send_mail_now, client, "signup-resend", email="petrova@example.ru"))
    later = time.time() + 3600
    monkeypatch.setattr("django_ratelimit.core.time.time", lambda: later)
    assert post_form(send_mail_now, client, "signup-resend", email="petrova@example.ru").status_code == 302
    assert len(mail.outbox) == 4


def test_the_counters_live_in_the_database_shared_by_all_workers(send_mail_now, client):
    post_form(send_mail_now, client, "signup-resend", email="petrova@example.ru")
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM portal_rate_limits")
        assert cursor.fetchone()[0] == 2  # per address and per e-mail


@pytest.mark.concurrent
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="только на PostgreSQL запросы идут параллельно")
def test_parallel_requests_are_each_counted():
    """Eight workers counting at once: Django's own database cache loses most of the increments."""
    cache = caches["ratelimit"]
    cache.add("parallel", 0)

    def count():
        for _ in range(25):
            caches["ratelimit"].incr("parallel")
        connections.close_all()

    workers = [threading.Thread(target=count) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert cache.get("parallel") == 200
    cache.delete("parallel")


# --- password reset ----------------------------------------------------------------------------------------------


def test_password_reset_to_one_email_is_limited(send_mail_now, client):
    user = organization_user(email="petrova@example.ru")
    answers = [post_form(send_mail_now, client, "password_reset", f"10.7.0.{n}", email=user.email) for n in range(5)]
    assert [answer.status_code for answer in answers[:3]] == [302] * 3
    content = assert_limited(answers[3])
    assert 'value="petrova@example.ru"' in content
    assert len(mail.outbox) == 3


def test_password_reset_answers_the_same_over_the_limit_for_unknown_addresses(send_mail_now, client):
    organization_user(email="known@example.ru")
    for _ in range(3):
        post_form(send_mail_now, client, "password_reset", "10.6.0.1", email="known@example.ru")
        post_form(send_mail_now, client, "password_reset", "10.6.0.2", email="unknown@example.ru")
    known = post_form(send_mail_now, client, "password_reset", "10.6.0.1", email="known@example.ru")
    unknown = post_form(send_mail_now, client, "password_reset", "10.6.0.2", email="unknown@example.ru")
    assert_limited(known)
    assert_limited(unknown)


def test_password_reset_from_one_address_is_limited(send_mail_now, client):
    for n in range(10):
        assert post_form(send_mail_now, client, "password_reset", email=f"x{n}@example.ru").status_code == 302
    assert_limited(post_form(send_mail_now, client, "password_reset", email="x10@example.ru"))


# --- survey links ------------------------------------------------------------------------------------------------


def test_a_survey_link_takes_sixty_answers_an_hour_from_one_address(send_mail_now):
    user = organization_user()
    survey = surveys.start_survey(user.organization, actor=user, kind="proposals", title="Предложения")
    other = surveys.start_survey(user.organization, actor=user, kind="proposals", title="Ещё предложения")
    url = reverse("practices:survey-answer", args=[survey.token])
    client = Client()
    page = client.get(url, REMOTE_ADDR="10.5.0.1").content.decode()
    for n in range(60):
        response = client.post(url, fill(page, proposal=f"Предложение {n}"), REMOTE_ADDR="10.5.0.1")
        assert "Спасибо, ответ принят" in response.content.decode()
    content = assert_limited(client.post(url, fill(page, proposal="Ещё одно"), REMOTE_ADDR="10.5.0.1"))
    assert "Ещё одно" in content
    assert SurveyAnswer.objects.filter(survey=survey).count() == 60
    # Another address, and another survey from the same address, are not held back.
    assert client.post(url, fill(page, proposal="С другого"), REMOTE_ADDR="10.5.0.2").status_code == 200
    other_url = reverse("practices:survey-answer", args=[other.token])
    other_page = client.get(other_url, REMOTE_ADDR="10.5.0.1").content.decode()
    assert client.post(other_url, fill(other_page, proposal="Другой опрос"), REMOTE_ADDR="10.5.0.1").status_code == 200
    assert SurveyAnswer.objects.count() == 62
