import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

import scoring
from contest.enums import Role
from contest.templatetags.portal import plain
from tests.factories import ContestFactory, OrganizationFactory, UserFactory, municipal_user, organization_user

pytestmark = pytest.mark.django_db


def test_home_anonymous_explains_the_contest_and_offers_login(client):
    ContestFactory()
    response = client.get(reverse("home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Смотр-конкурс на лучшую организацию работы в области охраны труда" in content
    assert reverse("login") in content
    assert "до 1 февраля 2012 г. включительно" in content
    assert "до 20 февраля 2012 г. включительно" in content


def test_home_without_contest_says_none_is_announced(client):
    response = client.get(reverse("home"))
    assert "Смотр-конкурс ещё не объявлен" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.LABOUR_OFFICE, "зарегистрируйте поступившие заявки"),
        (Role.MUNICIPAL_MEMBER, "проверьте их соответствие фактическому состоянию охраны труда"),
        (Role.MUNICIPAL_SECRETARY, "Внесите решение межведомственной комиссии"),
        (Role.APPROVER_INSPECTORATE, "согласуйте каждую или верните с замечанием"),
        (Role.APPROVER_SECTOR_BODY, "согласуйте каждую или верните с замечанием"),
        (Role.APPROVER_UNIONS, "согласуйте каждую или верните с замечанием"),
        (Role.DISTRICT_ADMINISTRATION, "передовом опыте"),
    ],
)
def test_home_municipal_roles_see_their_next_step_and_municipality(login, role, expected):
    ContestFactory()
    user = municipal_user(role=role, name="Сочи")
    content = login(user).get(reverse("home")).content.decode()
    assert expected in content
    assert "Сочи" in content
    assert escape(str(Role(role).label)) in content


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.REGIONAL_MEMBER, "определите по три лучших организации в каждой номинации"),
        (Role.REGIONAL_SECRETARY, "Секретарь вносит решение краевой межведомственной комиссии"),
        (Role.STAFF, "Объявите смотр-конкурс"),
    ],
)
def test_home_regional_roles_see_their_next_step(login, role, expected):
    ContestFactory()
    content = login(UserFactory(role=role)).get(reverse("home")).content.decode()
    assert expected in content


def test_home_organization_shows_its_size_category_with_reasons(login):
    ContestFactory()
    organization = OrganizationFactory(headcount=85)
    organization.refresh_from_db()
    content = login(organization_user(organization)).get(reverse("home")).content.decode()
    assert escape(organization.full_name) in content
    assert "малый бизнес" in content
    for reason in organization.size_decision.reasons:
        assert escape(reason) in content
    assert "Подайте заявку на участие" in content


def test_home_organization_user_without_organization_is_told_whom_to_ask(login):
    user = UserFactory(role=Role.ORGANIZATION)
    content = login(user).get(reverse("home")).content.decode()
    assert "Ваша учётная запись ещё не связана с организацией" in content


def test_home_user_without_role_is_told_to_ask_for_one(login):
    content = login(UserFactory(role="")).get(reverse("home")).content.decode()
    assert "Роль не назначена" in content


def test_header_shows_name_role_and_municipality(login):
    user = municipal_user(role=Role.MUNICIPAL_SECRETARY, name="Армавир")
    content = login(user).get(reverse("home")).content.decode()
    header = re.search(r'data-testid="current-user">(.*?)</form>', content, re.S).group(1)
    assert "Иванова Мария Петровна" in header
    assert "Секретарь территориальной конкурсной комиссии · Армавир" in header


def test_home_organization_sees_its_own_organization_only(login):
    mine = OrganizationFactory()
    other = OrganizationFactory()
    content = login(organization_user(mine)).get(reverse("home")).content.decode()
    assert escape(mine.full_name) in content
    assert escape(other.full_name) not in content


def test_home_municipal_query_count_does_not_grow_with_organizations(login, django_assert_num_queries):
    ContestFactory()
    user = municipal_user()
    client = login(user)
    OrganizationFactory()
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("home"))
    OrganizationFactory.create_batch(19)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("home"))
    assert "организаций: 20" in response.content.decode()


def test_scoring_rules_page_renders_every_indicator_and_reading(client):
    table = scoring.get_table("krasnodar-2011")
    response = client.get(reverse("scoring-rules"))
    assert response.status_code == 200
    content = response.content.decode()
    for indicator in table.indicators:
        assert f'id="indicator-{indicator.code.lower().replace("/", "-")}"' in content
        assert escape(indicator.title) in content
        for rule in indicator.rules:
            assert escape(plain(rule.label)) in content
    for code, reading in table.readings.items():
        assert f'id="reading-{code}"' in content
        assert escape(reading.title) in content
    assert len(table.readings) == 9
    # Plain words: the readings by their titles, never by the portal's codes; «в Положении», not «в источнике».
    main = re.sub(r"<[^>]+>", " ", content.split('<main id="content"')[1].split("</main>")[0])
    assert re.findall(r"\b[RП][1-9]\b", main) == []
    assert "в источнике" not in main
    assert "(в Положении «99 – 90 %»)" in main
    ids = re.findall(r'id="([^"]+)"', content)
    assert len(ids) == len(set(ids))  # K1/1 and K11 must not share an id
    assert re.search(r'data-testid="max-total">\s*148\s*<', content)


def test_scoring_rules_unknown_table_is_404(client):
    assert client.get(reverse("scoring-rules-table", args=["no-such-table"])).status_code == 404


def test_login_with_good_password_goes_to_start_page(client):
    user = municipal_user()
    response = client.post(reverse("login"), {"username": user.username, "password": "secret-pass-123"})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_login_with_bad_password_says_so_in_russian(client):
    user = municipal_user()
    response = client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert "Пожалуйста, введите правильные имя пользователя и пароль" in response.content.decode()


def test_logout_is_a_post_and_returns_to_start_page(login):
    client = login(municipal_user())
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_russian_letter_with_a_working_link(client, django_capture_on_commit_callbacks):
    user = municipal_user()
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends it after the commit
        response = client.post(reverse("password_reset"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.subject == "Смена пароля на портале смотра-конкурса по охране труда"
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", letter.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Задайте новый пароль" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Nov0e-parol-2011", "new_password2": "Nov0e-parol-2011"},
        follow=True,
    )
    assert "Пароль изменён" in done.content.decode()
    user.refresh_from_db()
    assert user.check_password("Nov0e-parol-2011")


def test_the_password_reset_letter_goes_through_the_outbox(client, django_capture_on_commit_callbacks):
    from core.enums import LetterStatus
    from core.models import Letter

    user = municipal_user()
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(reverse("password_reset"), {"email": user.email})
    [letter] = Letter.objects.all()
    assert (letter.recipient, letter.status, len(callbacks)) == (user.email, LetterStatus.QUEUED, 1)
    assert mail.outbox == []
    assert letter.subject == "Смена пароля на портале смотра-конкурса по охране труда"
    assert "/accounts/reset/" in letter.body


def test_pages_are_in_russian(client):
    response = client.get(reverse("login"))
    assert '<html lang="ru">' in response.content.decode()
    assert "Вход на портал" in response.content.decode()
