"""Notifications (core.notifications): one call writes a letter and a list entry; the list «Уведомления», its unread
count in the header, opening one and marking all read."""

import re

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from contest.enums import Role
from core import notifications
from core.models import Letter, Notification
from core.paging import PAGE_SIZE
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def entries(user):
    return list(Notification.objects.filter(recipient=user).values_list("subject", "link", "read_at"))


# ---------------------------------------------------------------------------------------------------------------------
# One call: a letter and an entry


def test_notify_writes_a_letter_ending_with_the_link_and_an_entry(django_capture_on_commit_callbacks):
    user = UserFactory(role=Role.STAFF)
    with django_capture_on_commit_callbacks(execute=True):
        letters = notifications.notify([user], subject="Тема", body="Текст письма.", link="/participation/5/")
    assert [letter.recipient for letter in letters] == [user.email]
    [sent] = mail.outbox
    assert sent.body == "Текст письма.\n\nОткрыть на портале: https://ot.example.ru/participation/5/"
    assert entries(user) == [("Тема", "/participation/5/", None)]
    assert Notification.objects.get(recipient=user).body == "Текст письма."


def test_a_person_without_an_address_gets_the_entry_only():
    user = UserFactory(role=Role.STAFF, email="")
    assert notifications.notify([user], subject="Тема", body="Текст", link="/") == []
    assert entries(user) == [("Тема", "/", None)]
    assert not Letter.objects.exists()


def test_the_actor_an_inactive_person_and_a_repeated_one_are_told_once_or_not_at_all():
    actor, told, inactive = UserFactory(), UserFactory(), UserFactory(is_active=False)
    letters = notifications.notify([actor, told, told, inactive], subject="Тема", body="Текст", actor=actor)
    assert [letter.recipient for letter in letters] == [told.email]
    assert Notification.objects.filter(recipient=told).count() == 1
    assert not Notification.objects.filter(recipient__in=[actor, inactive]).exists()


def test_a_rolled_back_change_writes_no_entry_and_no_letter(django_capture_on_commit_callbacks):
    user = UserFactory()

    def change_then_fail() -> None:
        with transaction.atomic():
            notifications.notify([user], subject="Тема", body="Текст", link="/")
            raise RuntimeError("the change failed")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        change_then_fail()
    assert (entries(user), mail.outbox, Letter.objects.count()) == ([], [], 0)


def test_the_link_of_a_letter_comes_from_portal_url_or_the_served_address(settings, monkeypatch):
    assert notifications.absolute("/notifications/") == "https://ot.example.ru/notifications/"
    settings.PORTAL_URL = "https://ot.kuban.ru/"
    assert notifications.absolute("/x/") == "https://ot.kuban.ru/x/"
    settings.PORTAL_URL = ""
    monkeypatch.setenv("PORTAL_ADDRESS", "0.0.0.0:8100")
    assert notifications.absolute("/x/") == "http://localhost:8100/x/"
    monkeypatch.setenv("PORTAL_ADDRESS", "10.0.0.5:8000,unix:/run/portal/web.sock")
    assert notifications.absolute("/x/") == "http://10.0.0.5:8000/x/"
    monkeypatch.setenv("PORTAL_ADDRESS", "unix:/run/portal/web.sock")
    assert notifications.portal_url() == "http://localhost"
    assert notifications.with_link("Текст", "") == "Текст"


def test_an_entry_links_only_to_a_page_of_the_portal():
    user = UserFactory()
    for link in ("https://evil.example/", "//evil.example/"):
        with pytest.raises(Exception, match="core_notification_link_is_a_path"), transaction.atomic():
            Notification.objects.create(recipient=user, subject="Тема", link=link)


# ---------------------------------------------------------------------------------------------------------------------
# The page «Уведомления»


@pytest.fixture
def person(client):
    user = UserFactory(role=Role.STAFF)
    client.force_login(user)
    return user


def tell(user, n=1, link="/participation/1/", **kwargs):
    for i in range(n):
        notifications.notify([user], subject=f"Уведомление {i + 1}", body=f"Текст {i + 1}", link=link, **kwargs)


def test_the_list_shows_mine_newest_first_with_the_unread_marked_in_words(client, person):
    tell(person, 2)
    Notification.objects.filter(subject="Уведомление 1").update(read_at=timezone.now())
    tell(UserFactory(), 1)  # someone else's
    page = client.get(reverse("notifications")).content.decode()
    items = re.findall(r'data-testid="notification"( data-unread="1")?>', page)
    assert items == [' data-unread="1"', ""]
    assert page.index("Уведомление 2") < page.index("Уведомление 1")
    assert page.count('data-testid="notification-new">Новое</span>') == 1
    assert "Уведомлений: 2, 1 непрочитанное." in page
    assert page.count("Отметить все как прочитанные") == 1


def test_an_empty_list_says_what_will_come(client, person):
    page = client.get(reverse("notifications")).content.decode()
    assert "Уведомлений пока нет." in page
    assert "Отметить все как прочитанные" not in page


def test_the_list_is_paged(client, person):
    tell(person, PAGE_SIZE + 1)
    first = client.get(reverse("notifications")).content.decode()
    second = client.get(reverse("notifications") + "?page=2").content.decode()
    assert first.count('data-testid="notification"') == PAGE_SIZE
    assert re.findall(r">(Уведомление \d+)<", second) == ["Уведомление 1"]
    assert client.get(reverse("notifications") + "?page=abc").status_code == 200


def test_the_header_counts_the_unread_with_russian_plurals(client, person):
    def header():
        page = client.get(reverse("home")).content.decode()
        badge = re.search(r'data-testid="notifications-unread">(\d+)<', page)
        text = re.search(r'data-testid="notifications-unread-text">([^<]+)<', page)
        return (badge and badge.group(1), text and text.group(1))

    assert header() == (None, None)
    expected = {1: "1 непрочитанное уведомление", 3: "3 непрочитанных уведомления", 5: "5 непрочитанных уведомлений"}
    told = 0
    for n, words in expected.items():
        tell(person, n - told)
        told = n
        assert header() == (str(n), words)
    tell(person, 16)
    assert header() == ("21", "21 непрочитанное уведомление")


def test_opening_one_marks_it_read_and_goes_to_its_page(client, person):
    tell(person, 1, link="/participation/7/")
    notification = Notification.objects.get(recipient=person)
    response = client.get(reverse("notification", args=[notification.pk]))
    assert (response.status_code, response["Location"]) == (302, "/participation/7/")
    notification.refresh_from_db()
    first_read = notification.read_at
    assert first_read is not None
    client.get(reverse("notification", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.read_at == first_read  # the first reading is kept


def test_one_without_a_page_opens_the_list(client, person):
    tell(person, 1, link="")
    notification = Notification.objects.get(recipient=person)
    response = client.get(reverse("notification", args=[notification.pk]))
    assert response["Location"] == reverse("notifications")


def test_someone_elses_notification_answers_404_and_stays_unread(client, person):
    other = UserFactory()
    tell(other, 1)
    notification = Notification.objects.get(recipient=other)
    assert client.get(reverse("notification", args=[notification.pk])).status_code == 404
    assert client.get(reverse("notification", args=[notification.pk + 1000])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_marks_only_mine(client, person):
    tell(person, 3)
    other = UserFactory()
    tell(other, 1)
    response = client.post(reverse("notifications-read"), follow=True)
    assert "Отмечено как прочитанные уведомлений: 3." in response.content.decode()
    assert not Notification.objects.filter(recipient=person, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 1
    again = client.post(reverse("notifications-read"), follow=True).content.decode()
    assert "Непрочитанных уведомлений нет." in again
    assert client.get(reverse("notifications-read")).status_code == 405


def test_the_pages_ask_a_visitor_to_sign_in(client):
    for url in (reverse("notifications"), reverse("notification", args=[1])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_header_costs_one_query_for_the_count(client, person, django_assert_num_queries):
    tell(person, 3)
    client.get(reverse("notifications"))  # warm up the caches of the process
    with django_assert_num_queries(8) as queries:
        # the session, the user, their memberships, the permissions the menu's rules read (2); the page of
        # notifications and its COUNT; the unread count once (the header reuses the page's)
        client.get(reverse("notifications"))
    unread = [q["sql"] for q in queries.captured_queries if '"read_at" IS NULL' in q["sql"]]
    assert len(unread) == 1
