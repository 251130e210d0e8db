"""Sign-up of representatives, the organization step and profile, and decisions on requests to represent one."""

import re
import time
from decimal import Decimal

import pytest
from django.core import mail, signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from stdnum.ru import inn as stdnum_inn
from stdnum.ru import ogrn as stdnum_ogrn

from contest.enums import JoinRequestState, LegalForm, Role
from contest.models import Organization, OrganizationJoinRequest, User
from contest.services.registration import ACTIVATION_SALT, activation_token
from tests.factories import (
    ContestFactory,
    OrganizationFactory,
    SectorFactory,
    UserFactory,
    municipal_user,
    municipality,
    organization_user,
)

pytestmark = pytest.mark.django_db

SIGNUP = {
    "last_name": "Петрова",
    "first_name": "Анна",
    "patronymic": "Сергеевна",
    "position": "специалист по охране труда",
    "phone": "+7 861 234-56-78",
    "email": "Petrova@Example.ru",
    "username": "petrova",
    "password1": "Ohrana-Truda-2011",
    "password2": "Ohrana-Truda-2011",
}


def _inn(n: int) -> str:
    body = f"2399{n:05d}"
    return body + stdnum_inn.calc_company_check_digit(body)


def _ogrn(n: int) -> str:
    body = f"1022399{n:05d}"
    return body + stdnum_ogrn.calc_check_digit(body + "0")


def organization_data(**overrides) -> dict:
    data = {
        "full_name": "Общество с ограниченной ответственностью «Кубаньстрой»",
        "short_name": "ООО «Кубаньстрой»",
        "legal_form": LegalForm.OOO,
        "inn": _inn(1),
        "ogrn": _ogrn(1),
        "legal_address": "350000, г. Краснодар, ул. Красная, д. 10",
        "municipality": municipality().pk,
        "phone": "+7 861 200-10-10",
        "email": "office@kubanstroy.example.ru",
        "headcount": "85",
        "public_share_pct": "0",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def newcomer(**kwargs) -> User:
    """A confirmed representative whose account is not linked to an organization yet."""
    return UserFactory(role=Role.ORGANIZATION, organization=None, **kwargs)


def confirmation_path(letter) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", letter.body).group(1)


def sign_up(client, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("signup"), {**SIGNUP, **overrides})


def field_errors(response, field: str) -> list[str]:
    return [str(error) for error in response.context["form"].errors.get(field, [])]


# --- sign-up -----------------------------------------------------------------------------------------------------


def test_signup_creates_inactive_user_and_sends_one_russian_letter(client, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("signup-sent")
    user = User.objects.get(username="petrova")
    assert user.is_active is False
    assert user.roles == {Role.ORGANIZATION}
    assert user.organization_id is None
    assert user.email == "Petrova@example.ru"
    assert (user.last_name, user.first_name, user.patronymic) == ("Петрова", "Анна", "Сергеевна")
    assert user.position == "специалист по охране труда"
    assert user.check_password("Ohrana-Truda-2011")
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == ["Petrova@example.ru"]
    assert letter.subject == "Подтверждение регистрации на портале смотра-конкурса по охране труда"
    assert letter.body.startswith("Здравствуйте, Анна!")
    assert "Имя пользователя: petrova." in letter.body
    assert "она действует 3 дня" in letter.body
    sent = client.get(response["Location"]).content.decode()
    assert "На адрес Petrova@example.ru отправлено письмо со ссылкой для подтверждения регистрации." in sent


def test_signup_letter_is_not_sent_before_commit(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("signup"), SIGNUP)
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_signup_inactive_user_cannot_log_in(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    response = client.post(reverse("login"), {"username": "petrova", "password": "Ohrana-Truda-2011"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_signup_link_activates_logs_in_and_leads_to_organization_step(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    response = client.get(confirmation_path(mail.outbox[0]))
    assert response.status_code == 302
    assert response["Location"] == reverse("organization-register")
    user = User.objects.get(username="petrova")
    assert user.is_active is True
    assert client.session["_auth_user_id"] == str(user.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Адрес электронной почты подтверждён. Теперь укажите свою организацию." in page
    assert "Зарегистрировать организацию" in page


def test_signup_link_used_again_does_not_log_in(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    path = confirmation_path(mail.outbox[0])
    client.get(path)
    client.post(reverse("logout"))
    response = client.get(path)
    assert response.status_code == 200
    assert (
        "Адрес уже подтверждён. Войдите на портал со своим именем пользователя и паролем." in response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_signup_tampered_link_shows_error_page_with_resend_form(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    path = confirmation_path(mail.outbox[0])
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    response = client.get(tampered)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Не удалось подтвердить регистрацию" in content
    assert "Ссылка повреждена: возможно, она скопирована из письма не полностью." in content
    assert f'action="{reverse("signup-resend")}"' in content
    assert User.objects.get(username="petrova").is_active is False
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("token", ["garbage", "a:b:c", "eyJ1c2VyIjoxfQ:1abc:xyz", "%00", "x" * 300])
def test_signup_bad_token_shows_error_page(client, token):
    response = client.get(reverse("signup-confirm", args=[token]))
    assert response.status_code == 200
    assert "Не удалось подтвердить регистрацию" in response.content.decode()


class SignedLongAgo(signing.TimestampSigner):
    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 3 * 24 * 3600 - 60)


def test_signup_expired_link_shows_error_page(client):
    user = UserFactory(role=Role.ORGANIZATION, is_active=False)
    token = SignedLongAgo(salt=ACTIVATION_SALT).sign_object({"user": user.pk, "email": user.email.lower()})
    response = client.get(reverse("signup-confirm", args=[token]))
    assert response.status_code == 200
    assert "Срок действия ссылки истёк: ссылка действует 3 дня." in response.content.decode()
    user.refresh_from_db()
    assert user.is_active is False


def test_signup_link_after_email_change_is_refused(client):
    user = UserFactory(role=Role.ORGANIZATION, is_active=False)
    token = activation_token(user)
    user.email = "other@example.ru"
    user.save()
    response = client.get(reverse("signup-confirm", args=[token]))
    assert "Ссылка недействительна" in response.content.decode()


def test_signup_link_does_not_reactivate_a_switched_off_account(client):
    user = UserFactory(role=Role.ORGANIZATION, is_active=False, last_login="2011-05-01T10:00:00+03:00")
    response = client.get(reverse("signup-confirm", args=[activation_token(user)]))
    assert "Учётная запись отключена. Обратитесь в департамент труда." in response.content.decode()
    user.refresh_from_db()
    assert user.is_active is False


def test_signup_duplicate_email_creates_nothing_and_answers_like_a_new_one(client, django_capture_on_commit_callbacks):
    # The form no longer says «already registered» (issue 11, item 6): the owner is told by mail instead
    # (tests/contest/test_rate_limits.py compares the pages and reads the letter).
    UserFactory(email="petrova@example.ru")
    response = sign_up(client, django_capture_on_commit_callbacks, email="PETROVA@example.RU")
    assert response.status_code == 302
    assert response["Location"] == reverse("signup-sent")
    assert not User.objects.filter(username="petrova").exists()
    assert [letter.to for letter in mail.outbox] == [["petrova@example.ru"]]
    assert "Подтверждение регистрации" not in mail.outbox[0].subject


def test_signup_duplicate_username_in_other_case_is_refused(client, django_capture_on_commit_callbacks):
    UserFactory(username="Petrova")
    response = sign_up(client, django_capture_on_commit_callbacks)
    assert field_errors(response, "username") == ["Пользователь с таким именем уже существует."]


def test_signup_weak_or_mismatched_password_is_refused(client, django_capture_on_commit_callbacks):
    weak = sign_up(client, django_capture_on_commit_callbacks, password1="12345678", password2="12345678")
    assert "Введённый пароль слишком широко распространён." in field_errors(weak, "password2")
    mismatched = sign_up(client, django_capture_on_commit_callbacks, password2="Ohrana-Truda-2012")
    assert field_errors(mismatched, "password2") == ["Введенные пароли не совпадают."]
    assert not User.objects.filter(username="petrova").exists()


def test_signup_bad_phone_is_refused_next_to_the_field(client, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks, phone="позвоните")
    assert field_errors(response, "phone") == ["Укажите номер телефона с кодом города, например +7 861 123-45-67."]


def test_signup_empty_post_lists_required_fields(client):
    response = client.post(reverse("signup"), {})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {
        "last_name",
        "first_name",
        "position",
        "phone",
        "email",
        "username",
        "password1",
        "password2",
    }
    assert errors["last_name"] == ["Обязательное поле."]


def test_signup_page_sends_signed_in_user_home(login):
    response = login(municipal_user()).get(reverse("signup"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_signup_is_linked_from_login_and_start_page(client):
    assert f'href="{reverse("signup")}"' in client.get(reverse("login")).content.decode()
    assert f'href="{reverse("signup")}"' in client.get(reverse("home")).content.decode()


def test_signup_resend_sends_a_new_letter_for_an_unconfirmed_account(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("signup-resend"), {"email": "PETROVA@example.ru"}, follow=True)
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == ["Petrova@example.ru"]
    assert (
        "Если адрес PETROVA@example.ru указан при регистрации и ещё не подтверждён, на него отправлено новое письмо"
        in response.content.decode()
    )
    client.get(confirmation_path(mail.outbox[1]))
    assert User.objects.get(username="petrova").is_active is True


@pytest.mark.parametrize("email", ["nobody@example.ru", "active@example.ru"])
def test_signup_resend_answers_the_same_and_sends_nothing_for_unknown_or_active(
    client, django_capture_on_commit_callbacks, email
):
    UserFactory(role=Role.ORGANIZATION, organization=None, email="active@example.ru")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("signup-resend"), {"email": email}, follow=True)
    assert mail.outbox == []
    assert f"Если адрес {email} указан при регистрации и ещё не подтверждён" in response.content.decode()


def test_signup_resend_with_bad_email_is_refused_next_to_the_field(client):
    response = client.post(reverse("signup-resend"), {"email": "not-an-address"})
    assert response.status_code == 200
    assert field_errors(response, "email") == ["Введите правильный адрес электронной почты."]


# --- the organization step ---------------------------------------------------------------------------------------


def test_organization_create_with_bad_inn_shows_field_error_and_saves_nothing(login):
    user = newcomer()
    response = login(user).post(reverse("organization-register"), organization_data(inn="2399000011"))
    assert response.status_code == 200
    assert field_errors(response, "inn") == ["ИНН не прошёл проверку контрольной суммы — проверьте цифры."]
    assert not Organization.objects.exists()
    user.refresh_from_db()
    assert user.organization_id is None
    content = response.content.decode()
    assert escape("Общество с ограниченной ответственностью «Кубаньстрой»") in content
    assert 'value="350000, г. Краснодар, ул. Красная, д. 10"' in content


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("inn", "23990", "ИНН состоит из 10 или 12 цифр."),
        ("inn", "23990-0001", "ИНН содержит только цифры."),
        ("ogrn", "1022399", "ОГРН состоит из 13 или 15 цифр."),
        ("headcount", "0", "Значение должно быть не меньше 1."),
        ("public_share_pct", "101", "Значение должно быть от 0 до 100."),
    ],
)
def test_organization_create_bad_value_is_refused_next_to_its_field(login, field, value, error):
    response = login(newcomer()).post(reverse("organization-register"), organization_data(**{field: value}))
    assert field_errors(response, field) == [error]
    assert not Organization.objects.exists()


def test_organization_create_inn_of_a_person_for_a_company_is_refused(login):
    body = "2399000000"
    person_inn = body + stdnum_inn.calc_personal_check_digits(body)
    response = login(newcomer()).post(reverse("organization-register"), organization_data(inn=person_inn))
    assert field_errors(response, "inn") == ["Для этой организационно-правовой формы ИНН состоит из 10 цифр."]


def test_organization_create_empty_post_does_not_fail(login):
    response = login(newcomer()).post(reverse("organization-register"), {})
    assert response.status_code == 200
    errors = response.context["form"].errors
    for field in ("full_name", "legal_form", "inn", "ogrn", "legal_address", "municipality", "headcount"):
        assert errors[field] == ["Обязательное поле."]


def test_organization_create_makes_the_user_its_representative_and_shows_size_with_reasons(login):
    user = newcomer()
    client = login(user)
    spaced_inn = " ".join([_inn(1)[:4], _inn(1)[4:]])
    response = client.post(reverse("organization-register"), organization_data(inn=spaced_inn))
    assert response.status_code == 302
    assert response["Location"] == reverse("organization-profile")
    organization = Organization.objects.get()
    assert organization.inn == _inn(1)
    assert organization.headcount == 85
    assert organization.sector is None
    user.refresh_from_db()
    assert user.organization == organization
    page = client.get(response["Location"]).content.decode()
    assert "Организация зарегистрирована. Вы — её представитель на портале." in page
    assert re.search(r'data-testid="size-category">\s*малый бизнес\s*<', page)
    assert len(organization.size_decision.reasons) == 3
    for reason in organization.size_decision.reasons:
        assert escape(reason) in page


def test_organization_create_offers_sectors_of_the_current_contest(login):
    contest = ContestFactory()
    sector = SectorFactory(contest=contest)
    old = SectorFactory(contest=ContestFactory(year=2010), code="old", name="Прежняя отрасль")
    client = login(newcomer())
    form = client.get(reverse("organization-register")).context["form"]
    assert list(form.fields["sector"].queryset) == [sector]
    refused = client.post(reverse("organization-register"), organization_data(sector=old.pk))
    assert field_errors(refused, "sector") == [
        "Выберите корректный вариант. Вашего варианта нет среди допустимых значений."
    ]
    client.post(reverse("organization-register"), organization_data(sector=sector.pk))
    assert Organization.objects.get().sector == sector


def test_organization_create_without_contest_has_no_sector_field(login):
    form = login(newcomer()).get(reverse("organization-register")).context["form"]
    assert "sector" not in form.fields


def test_organization_create_with_registered_inn_offers_to_join(login, django_capture_on_commit_callbacks):
    existing = OrganizationFactory(inn=_inn(1))
    representative = organization_user(existing)
    user = newcomer()
    client = login(user)
    response = client.post(reverse("organization-register"), organization_data())
    assert response.status_code == 200
    assert field_errors(response, "inn") == [f"Организация с ИНН {_inn(1)} уже зарегистрирована на портале."]
    assert Organization.objects.count() == 1
    content = response.content.decode()
    assert "Эта организация уже зарегистрирована" in content
    assert escape(existing.full_name) in content
    assert f'action="{reverse("organization-join")}"' in content
    assert f'<input type="hidden" name="inn" value="{_inn(1)}" id="join_inn">' in content
    assert 'data-testid="form-errors"' in content
    with django_capture_on_commit_callbacks(execute=True):
        joined = client.post(reverse("organization-join"), {"inn": _inn(1), "message": "Я инженер по охране труда."})
    assert joined.status_code == 302
    join_request = OrganizationJoinRequest.objects.get()
    assert (join_request.user, join_request.organization) == (user, existing)
    assert join_request.state == JoinRequestState.PENDING
    assert join_request.message == "Я инженер по охране труда."
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [representative.email]
    assert mail.outbox[0].subject == f"Запрос на представительство организации {existing}"
    assert "Сообщение: Я инженер по охране труда." in mail.outbox[0].body
    assert reverse("organization-profile") in mail.outbox[0].body
    page = client.get(joined["Location"]).content.decode()
    assert "Запрос ожидает подтверждения" in page
    user.refresh_from_db()
    assert user.organization_id is None


def test_join_request_to_organization_without_representative_notifies_labour_office(
    login, django_capture_on_commit_callbacks
):
    organization = OrganizationFactory(municipality=municipality("Сочи"))
    office = municipal_user(name="Сочи")
    municipal_user(name="Краснодар")
    municipal_user(role=Role.MUNICIPAL_MEMBER, name="Сочи")
    with django_capture_on_commit_callbacks(execute=True):
        login(newcomer()).post(reverse("organization-join"), {"inn": organization.inn})
    assert [letter.to for letter in mail.outbox] == [[office.email]]
    assert reverse("join-requests") in mail.outbox[0].body


def test_join_with_unknown_inn_is_refused_next_to_the_field(login):
    response = login(newcomer()).post(reverse("organization-join"), {"inn": _inn(7)})
    assert field_errors(response, "inn") == [
        "Организация с таким ИНН на портале не зарегистрирована. Проверьте номер или зарегистрируйте её."
    ]
    assert not OrganizationJoinRequest.objects.exists()


def test_join_with_missing_fields_does_not_fail(login):
    response = login(newcomer()).post(reverse("organization-join"), {})
    assert response.status_code == 200
    assert field_errors(response, "inn") == ["Обязательное поле."]


def test_pending_requester_cannot_register_an_organization_or_ask_again(login):
    user = newcomer()
    organization = OrganizationFactory()
    OrganizationJoinRequest.objects.create(user=user, organization=organization)
    client = login(user)
    response = client.post(reverse("organization-register"), organization_data())
    assert response.status_code == 200
    assert 'data-testid="pending-join-request"' in response.content.decode()
    assert Organization.objects.count() == 1
    again = client.get(reverse("organization-join"))
    assert again.status_code == 302
    assert again["Location"] == reverse("organization-register")


def test_pending_requester_withdraws_the_request(login):
    user = newcomer()
    OrganizationJoinRequest.objects.create(user=user, organization=OrganizationFactory())
    response = login(user).post(reverse("join-request-withdraw"), follow=True)
    assert "Запрос отозван." in response.content.decode()
    assert not OrganizationJoinRequest.objects.exists()


def test_home_tells_pending_requester_that_the_request_awaits_confirmation(login):
    # Needs `pending_join_request` in the start page's context (contest/views/public.py home()).
    user = newcomer()
    organization = OrganizationFactory()
    OrganizationJoinRequest.objects.create(user=user, organization=organization)
    content = login(user).get(reverse("home")).content.decode()
    assert "Ваша учётная запись ещё не связана с организацией" in content
    assert escape(f"Ваш запрос на представительство организации {organization.full_name}") in content
    assert "ожидает подтверждения" in content


def test_home_offers_newcomer_to_register_or_join(login):
    content = login(newcomer()).get(reverse("home")).content.decode()
    assert f'href="{reverse("organization-register")}"' in content
    assert f'href="{reverse("organization-join")}"' in content


# --- the profile -------------------------------------------------------------------------------------------------


def test_profile_edit_saves_and_keeps_the_inn(login):
    organization = OrganizationFactory(headcount=85)
    client = login(organization_user(organization))
    data = organization_data(inn="2399000019", ogrn=organization.ogrn, headcount="300", sector=organization.sector_id)
    response = client.post(reverse("organization-profile"), data, follow=True)
    assert "Профиль организации сохранён." in response.content.decode()
    organization.refresh_from_db()
    assert organization.headcount == 300
    assert organization.full_name == "Общество с ограниченной ответственностью «Кубаньстрой»"
    assert organization.inn != "2399000019"
    assert organization.sector is not None
    assert re.search(r'data-testid="size-category">\s*средний и крупный бизнес\s*<', response.content.decode())


def test_profile_shows_inn_read_only(login):
    organization = OrganizationFactory()
    content = login(organization_user(organization)).get(reverse("organization-profile")).content.decode()
    assert re.search(rf'name="inn"[^>]*value="{organization.inn}"[^>]*disabled|disabled[^>]*name="inn"', content)
    assert "ИНН после регистрации не меняется." in content


def test_profile_validation_error_keeps_what_was_typed(login):
    organization = OrganizationFactory(headcount=85, public_share_pct=Decimal("0"))
    client = login(organization_user(organization))
    data = organization_data(
        ogrn=organization.ogrn, full_name="Новое наименование", public_share_pct="150", headcount="0"
    )
    response = client.post(reverse("organization-profile"), data)
    assert response.status_code == 200
    assert field_errors(response, "public_share_pct") == ["Значение должно быть от 0 до 100."]
    content = response.content.decode()
    assert 'value="Новое наименование"' in content
    assert 'value="150"' in content
    assert re.search(r'data-testid="size-category">\s*малый бизнес\s*<', content)
    organization.refresh_from_db()
    assert organization.full_name != "Новое наименование"
    assert organization.headcount == 85


def test_profile_keeps_a_sector_of_an_earlier_contest_among_the_choices(login):
    earlier = SectorFactory(contest=ContestFactory(year=2010), code="old", name="Прежняя отрасль")
    current = SectorFactory(contest=ContestFactory(year=2011))
    organization = OrganizationFactory(sector=earlier)
    form = login(organization_user(organization)).get(reverse("organization-profile")).context["form"]
    assert list(form.fields["sector"].queryset) == [current, earlier]
    assert form.initial["sector"] == earlier.pk


def test_profile_empty_post_does_not_fail(login):
    response = login(organization_user()).post(reverse("organization-profile"), {})
    assert response.status_code == 200
    assert field_errors(response, "full_name") == ["Обязательное поле."]


def test_profile_of_another_organization_is_never_shown(login):
    mine, other = OrganizationFactory(), OrganizationFactory()
    content = login(organization_user(mine)).get(reverse("organization-profile")).content.decode()
    assert escape(mine.full_name) in content
    assert escape(other.full_name) not in content


# --- decisions ---------------------------------------------------------------------------------------------------


def decide(client, join_request, decision: str, django_capture_on_commit_callbacks, **extra):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("join-request-decide", args=[join_request.pk]), {"decision": decision, **extra}, follow=True
        )


def test_representative_sees_pending_requests_on_the_profile(login):
    organization = OrganizationFactory()
    requester = newcomer(last_name="Смирнов", first_name="Олег", patronymic="")
    OrganizationJoinRequest.objects.create(user=requester, organization=organization, message="Инженер ОТ")
    OrganizationJoinRequest.objects.create(user=newcomer(), organization=OrganizationFactory())
    content = login(organization_user(organization)).get(reverse("organization-profile")).content.decode()
    assert content.count('data-testid="join-request"') == 1
    assert "Смирнов Олег" in content
    assert "«Инженер ОТ»" in content


def test_representative_accepts_a_request(login, django_capture_on_commit_callbacks):
    organization = OrganizationFactory()
    representative = organization_user(organization)
    requester = newcomer()
    join_request = OrganizationJoinRequest.objects.create(user=requester, organization=organization)
    response = decide(login(representative), join_request, "accept", django_capture_on_commit_callbacks)
    assert response.redirect_chain == [(reverse("organization-profile"), 302)]
    assert escape(f"{requester.full_name} теперь представитель организации {organization}.") in (
        response.content.decode()
    )
    requester.refresh_from_db()
    join_request.refresh_from_db()
    assert requester.organization == organization
    assert join_request.state == JoinRequestState.ACCEPTED
    assert join_request.decided_by == representative
    assert join_request.decided_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [requester.email]
    assert mail.outbox[0].subject == f"Ваш запрос подтверждён: {organization}"
    assert "теперь вы представитель организации" in mail.outbox[0].body


def test_representative_rejects_a_request(login, django_capture_on_commit_callbacks):
    organization = OrganizationFactory()
    requester = newcomer()
    join_request = OrganizationJoinRequest.objects.create(user=requester, organization=organization)
    decide(login(organization_user(organization)), join_request, "reject", django_capture_on_commit_callbacks)
    requester.refresh_from_db()
    join_request.refresh_from_db()
    assert requester.organization_id is None
    assert join_request.state == JoinRequestState.REJECTED
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == f"Ваш запрос отклонён: {organization}"
    assert "отклонён" in mail.outbox[0].body


def test_decision_is_not_sent_before_commit(login, django_capture_on_commit_callbacks):
    organization = OrganizationFactory()
    join_request = OrganizationJoinRequest.objects.create(user=newcomer(), organization=organization)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        login(organization_user(organization)).post(
            reverse("join-request-decide", args=[join_request.pk]), {"decision": "reject"}
        )
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_decision_on_a_decided_request_answers_404(login, django_capture_on_commit_callbacks):
    organization = OrganizationFactory()
    join_request = OrganizationJoinRequest.objects.create(user=newcomer(), organization=organization)
    client = login(organization_user(organization))
    decide(client, join_request, "reject", django_capture_on_commit_callbacks)
    again = client.post(reverse("join-request-decide", args=[join_request.pk]), {"decision": "accept"})
    assert again.status_code == 404
    join_request.refresh_from_db()
    assert join_request.state == JoinRequestState.REJECTED


@pytest.mark.parametrize("data", [{}, {"decision": "maybe"}, {"decision": "accept", "next": "https://evil.example/"}])
def test_decision_with_bad_input_does_not_fail(login, data):
    organization = OrganizationFactory()
    join_request = OrganizationJoinRequest.objects.create(user=newcomer(), organization=organization)
    response = login(organization_user(organization)).post(reverse("join-request-decide", args=[join_request.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("organization-profile")


def test_accepting_a_requester_who_joined_elsewhere_meanwhile_is_refused(login, django_capture_on_commit_callbacks):
    organization, elsewhere = OrganizationFactory(), OrganizationFactory()
    requester = newcomer()
    join_request = OrganizationJoinRequest.objects.create(user=requester, organization=organization)
    requester.memberships.update(organization=elsewhere)
    response = decide(
        login(organization_user(organization)), join_request, "accept", django_capture_on_commit_callbacks
    )
    assert escape(f"{requester} уже представляет организацию {elsewhere}.") in response.content.decode()
    join_request.refresh_from_db()
    assert join_request.state == JoinRequestState.PENDING
    assert mail.outbox == []


def test_labour_office_decides_for_an_organization_without_representative(login, django_capture_on_commit_callbacks):
    organization = OrganizationFactory()
    requester = newcomer()
    join_request = OrganizationJoinRequest.objects.create(user=requester, organization=organization)
    office = municipal_user()
    client = login(office)
    page = client.get(reverse("join-requests")).content.decode()
    assert page.count('data-testid="join-request"') == 1
    assert escape(organization.full_name) in page
    response = decide(client, join_request, "accept", django_capture_on_commit_callbacks)
    assert response.redirect_chain == [(reverse("join-requests"), 302)]
    assert 'data-testid="no-join-requests"' in response.content.decode()
    requester.refresh_from_db()
    assert requester.organization == organization
    assert len(mail.outbox) == 1


def test_labour_office_does_not_decide_when_the_organization_has_a_representative(login):
    organization = OrganizationFactory()
    organization_user(organization)
    join_request = OrganizationJoinRequest.objects.create(user=newcomer(), organization=organization)
    client = login(municipal_user())
    assert 'data-testid="no-join-requests"' in client.get(reverse("join-requests")).content.decode()
    response = client.post(reverse("join-request-decide", args=[join_request.pk]), {"decision": "accept"})
    assert response.status_code == 404


def test_labour_office_decides_again_when_the_only_representative_is_switched_off(login):
    organization = OrganizationFactory()
    organization_user(organization, is_active=False)
    OrganizationJoinRequest.objects.create(user=newcomer(), organization=organization)
    page = login(municipal_user()).get(reverse("join-requests")).content.decode()
    assert page.count('data-testid="join-request"') == 1


def test_labour_office_of_another_municipality_gets_404_for_a_request(login):
    organization = OrganizationFactory(municipality=municipality("Краснодар"))
    join_request = OrganizationJoinRequest.objects.create(user=newcomer(), organization=organization)
    client = login(municipal_user(name="Сочи"))
    assert 'data-testid="no-join-requests"' in client.get(reverse("join-requests")).content.decode()
    response = client.post(reverse("join-request-decide", args=[join_request.pk]), {"decision": "accept"})
    assert response.status_code == 404
    join_request.refresh_from_db()
    assert join_request.state == JoinRequestState.PENDING


def test_representative_of_another_organization_gets_404_on_decisions(login):
    organization = OrganizationFactory()
    join_request = OrganizationJoinRequest.objects.create(user=newcomer(), organization=organization)
    client = login(organization_user(OrganizationFactory()))
    for decision in ("accept", "reject"):
        response = client.post(reverse("join-request-decide", args=[join_request.pk]), {"decision": decision})
        assert response.status_code == 404
    join_request.refresh_from_db()
    assert join_request.state == JoinRequestState.PENDING


@pytest.mark.parametrize("pk", [0, 999999, 10**30])
def test_decision_on_a_missing_request_answers_404(login, pk):
    response = login(UserFactory(role=Role.STAFF)).post(
        reverse("join-request-decide", args=[pk]), {"decision": "accept"}
    )
    assert response.status_code == 404


def test_decision_page_is_post_only(login):
    organization = OrganizationFactory()
    join_request = OrganizationJoinRequest.objects.create(user=newcomer(), organization=organization)
    response = login(organization_user(organization)).get(reverse("join-request-decide", args=[join_request.pk]))
    assert response.status_code == 405


# --- who may open what -------------------------------------------------------------------------------------------


@pytest.fixture
def people():
    organization = OrganizationFactory(municipality=municipality("Краснодар"))
    representative = organization_user(organization)
    requester = newcomer()
    join_request = OrganizationJoinRequest.objects.create(user=requester, organization=organization)
    return {
        "join_request": join_request,
        "anonymous": None,
        "representative": representative,
        "other_representative": organization_user(OrganizationFactory(municipality=municipality("Краснодар"))),
        "labour_office": municipal_user(name="Краснодар"),
        "other_labour_office": municipal_user(name="Сочи"),
        "staff": UserFactory(role=Role.STAFF),
        "newcomer": newcomer(),
        "requester": requester,
    }


USERS = (
    "anonymous",
    "representative",
    "other_representative",
    "labour_office",
    "other_labour_office",
    "staff",
    "newcomer",
    "requester",
)
LOGIN = "login"
# URL name, method, then the expected status for each user in USERS («login»: redirected to the login page).
MATRIX = [
    ("organization-register", "get", (LOGIN, 302, 302, 404, 404, 404, 200, 200)),
    ("organization-join", "get", (LOGIN, 302, 302, 404, 404, 404, 200, 302)),
    ("join-request-withdraw", "post", (LOGIN, 404, 404, 404, 404, 404, 404, 302)),
    ("organization-profile", "get", (LOGIN, 200, 200, 404, 404, 404, 302, 302)),
    ("join-requests", "get", (LOGIN, 200, 200, 200, 200, 200, 404, 404)),
    ("join-request-decide", "post", (LOGIN, 302, 404, 404, 404, 302, 404, 404)),
]


@pytest.mark.parametrize(
    ("url_name", "method", "who", "expected"),
    [
        pytest.param(url_name, method, who, expected, id=f"{url_name}-{who}")
        for url_name, method, statuses in MATRIX
        for who, expected in zip(USERS, statuses, strict=True)
    ],
)
def test_access_matrix(client, people, url_name, method, who, expected):
    args = [people["join_request"].pk] if url_name == "join-request-decide" else []
    url = reverse(url_name, args=args)
    if people[who] is not None:
        client.force_login(people[who])
    response = getattr(client, method)(url, {"decision": "reject"} if method == "post" else {})
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url}"
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("url_name", ["signup", "signup-sent", "signup-resend"])
def test_signup_pages_are_open_to_anonymous_users(client, url_name):
    assert client.get(reverse(url_name)).status_code == 200


# --- list pages do not grow in queries with rows -----------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_join_requests_page_query_count_does_not_grow(login, django_assert_num_queries):
    client = login(municipal_user())
    OrganizationJoinRequest.objects.create(user=newcomer(), organization=OrganizationFactory())
    one = _queries(client, reverse("join-requests"))
    for _ in range(19):
        OrganizationJoinRequest.objects.create(user=newcomer(), organization=OrganizationFactory())
    with django_assert_num_queries(one):
        response = client.get(reverse("join-requests"))
    assert response.content.decode().count('data-testid="join-request"') == 20


def test_profile_page_query_count_does_not_grow(login, django_assert_num_queries):
    organization = OrganizationFactory()
    client = login(organization_user(organization))
    OrganizationJoinRequest.objects.create(user=newcomer(), organization=organization)
    one = _queries(client, reverse("organization-profile"))
    for _ in range(19):
        OrganizationJoinRequest.objects.create(user=newcomer(), organization=organization)
    with django_assert_num_queries(one):
        response = client.get(reverse("organization-profile"))
    assert response.content.decode().count('data-testid="join-request"') == 20
