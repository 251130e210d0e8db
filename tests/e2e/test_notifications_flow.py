"""A representative sees the unread count in the header, opens «Уведомления», opens one — it takes her to its page and
the count drops — and marks the rest read. axe-core checks the list at 1366 and 390 px: no serious or critical
violation."""

import pytest
from django.urls import reverse
from django.utils import timezone

from contest.models import Participation, User
from core import notifications
from core.models import Notification
from demo.management.commands.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def unread(page) -> tuple[str, str] | None:
    """The header's badge and its words for a screen reader; None without unread notifications."""
    link = page.get_by_test_id("notifications-link")
    if not link.get_by_test_id("notifications-unread").count():
        return None
    return (
        link.get_by_test_id("notifications-unread").inner_text(),
        link.get_by_test_id("notifications-unread-text").text_content(),
    )


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']} — {[node['target'] for node in violation['nodes']]}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_the_unread_count_drops_when_a_notification_is_opened(demo, live_server, page, screenshot):
    base = live_server.url
    rep = User.objects.get(username="org")
    participation = Participation.objects.filter(organization=rep.organization).order_by("-contest__year").first()
    page_of_it = reverse("participation", args=[participation.pk])
    # What the demo's decisions told her she has read; three new ones come.
    Notification.objects.filter(recipient=rep).update(read_at=timezone.now())
    for subject in (
        "Заявка зарегистрирована",
        "Комиссия запросила документы",
        "Информационная карта проверена комиссией",
    ):
        notifications.notify([rep], subject=subject, body=f"{subject}.", link=page_of_it)

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Имя пользователя").fill("org")
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{base}/")
    assert unread(page) == ("3", "3 непрочитанных уведомления")

    page.get_by_test_id("notifications-link").click()
    page.wait_for_url(f"{base}/notifications/")
    items = page.get_by_test_id("notification")
    assert items.count() == Notification.objects.filter(recipient=rep).count()
    assert page.get_by_test_id("notification-new").count() == 3
    assert items.first.get_by_test_id("notification-link").inner_text() == "Информационная карта проверена комиссией"
    assert serious_violations(page) == []
    screenshot("notifications-list-1366")

    items.first.get_by_role("link", name="Информационная карта проверена комиссией").click()
    page.wait_for_url(f"{base}{page_of_it}")
    assert unread(page) == ("2", "2 непрочитанных уведомления")

    page.get_by_test_id("notifications-link").click()
    assert page.get_by_test_id("notification-new").count() == 2
    page.get_by_role("button", name="Отметить все как прочитанные").click()
    page.wait_for_url(f"{base}/notifications/")
    assert "Отмечено как прочитанные уведомлений: 2." in page.locator("main").inner_text()
    assert unread(page) is None
    assert page.get_by_test_id("notification-new").count() == 0

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_violations(page) == []
    screenshot("notifications-list-390")
