"""Staff see the outbox: newest letters first, 50 a page, filtered by status, and queue a given-up letter again."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contest.enums import Role
from core.enums import LetterStatus
from core.models import Letter
from tests.factories import UserFactory, organization_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(role=Role.STAFF)


def letter(index: int, **fields) -> Letter:
    made = Letter.objects.create(
        recipient=f"person{index:02d}@example.ru", subject=f"Письмо {index:02d}", body="Текст", **fields
    )
    Letter.objects.filter(pk=made.pk).update(created_at=timezone.now() - timedelta(minutes=100 - index))
    return made


def given_up(index: int = 1) -> Letter:
    return letter(index, status=LetterStatus.GIVEN_UP, attempts=30, last_error="SMTPDataError: (451, b'busy')")


def test_staff_see_the_letters_newest_first_with_status_attempts_and_error(login, staff):
    letter(1, status=LetterStatus.SENT, attempts=1, sent_at=timezone.now())
    given_up(2)
    letter(3, status=LetterStatus.RETRY, attempts=2, next_attempt_at=timezone.now(), last_error="Connection refused")
    page = login(staff).get(reverse("staff-outbox"))
    assert page.status_code == 200
    rows = page.context["page"].object_list
    assert [row.subject for row in rows] == ["Письмо 03", "Письмо 02", "Письмо 01"]
    text = page.content.decode()
    assert "ошибка, повтор" in text
    assert "Connection refused" in text
    assert text.count("Отправить снова") == 1  # only the given-up letter
    assert f'action="{reverse("staff-letter-resend", args=[rows[1].pk])}"' in text
    assert 'data-confirm="Отправить письмо на person02@example.ru снова?"' in text


def test_the_outbox_pages_by_50_and_filters_by_status(login, staff):
    for index in range(51):
        letter(index)
    given_up(99)
    client = login(staff)
    first = client.get(reverse("staff-outbox"))
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].paginator.num_pages == 2
    assert "?page=2" in first.content.decode()
    assert len(client.get(reverse("staff-outbox") + "?page=2").context["page"].object_list) == 2
    filtered = client.get(reverse("staff-outbox") + "?status=given_up")
    assert [row.subject for row in filtered.context["page"].object_list] == ["Письмо 99"]
    unknown = client.get(reverse("staff-outbox") + "?status=nonsense")
    assert unknown.context["status"] == ""
    assert unknown.context["page"].paginator.count == 52


def test_a_given_up_letter_is_sent_again_and_staff_return_to_their_page(
    login, staff, django_capture_on_commit_callbacks
):
    failed = given_up()
    with django_capture_on_commit_callbacks(execute=True):
        answer = login(staff).post(
            reverse("staff-letter-resend", args=[failed.pk]), {"status": "given_up", "page": "1"}
        )
    assert answer.status_code == 302
    assert answer["Location"] == reverse("staff-outbox") + "?status=given_up&page=1"
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (LetterStatus.SENT, 1)
    assert [m.to for m in mail.outbox] == [["person01@example.ru"]]


def test_a_letter_that_was_not_given_up_is_not_sent_again(login, staff, django_capture_on_commit_callbacks):
    sent = letter(1, status=LetterStatus.SENT, attempts=1, sent_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        answer = login(staff).post(reverse("staff-letter-resend", args=[sent.pk]), follow=True)
    assert "Снова отправить можно только письмо, которое не удалось отправить." in answer.content.decode()
    assert mail.outbox == []
    assert Letter.objects.get(pk=sent.pk).attempts == 1


def test_others_get_404_and_the_menu_has_no_outbox(login):
    failed = given_up()
    client = login(organization_user())
    assert client.get(reverse("staff-outbox")).status_code == 404
    assert client.post(reverse("staff-letter-resend", args=[failed.pk])).status_code == 404
    assert Letter.objects.get(pk=failed.pk).status == LetterStatus.GIVEN_UP
    assert reverse("staff-outbox") not in client.get(reverse("home")).content.decode()


def test_the_menu_of_staff_links_to_the_outbox(login, staff):
    assert f'href="{reverse("staff-outbox")}"' in login(staff).get(reverse("home")).content.decode()


def test_the_admin_shows_letters_read_only(login, staff_user):
    failed = given_up()
    client = login(staff_user)
    listing = client.get(reverse("admin:core_letter_changelist") + "?status=given_up")
    assert listing.status_code == 200
    assert "person01@example.ru" in listing.content.decode()
    assert client.get(reverse("admin:core_letter_change", args=[failed.pk])).status_code == 200
    assert client.get(reverse("admin:core_letter_add")).status_code == 403
    assert client.post(reverse("admin:core_letter_delete", args=[failed.pk]), {"post": "yes"}).status_code == 403
    assert Letter.objects.filter(pk=failed.pk).exists()
