"""Every role's pages on a desktop (1366×900) and a phone (390×844): axe-core finds no serious or critical violation of
WCAG 2.1 AA and no page scrolls sideways (tests/e2e/conftest.py checks each page as it loads); «Версия для
слабовидящих» is switched from the header with the keyboard and stays on for the next page."""

import re
from urllib.parse import urlsplit

import pytest

from contest.models import User
from contest.services import review
from demo.management.commands.demo import DEMO_PASSWORD
from tests.contest.helpers import in_approval, organization_in, registered, under_review, verified

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# One demo user of each role.
ROLES = (
    "org",
    "labour",
    "member",
    "secretary",
    "git",
    "sector-body",
    "unions",
    "district",
    "regional",
    "regional-secretary",
    "staff",
)
# Files and actions, not pages: the walk does not open them.
NOT_A_PAGE = re.compile(r"\.(pdf|xlsx|json|csv|zip)$|/file$|/download|/logout/|^/admin/.+")


def world(contest) -> dict[str, int]:
    """What the key pages need in the current contest: a card under review with a corrected value (a highlighted
    row), two checked cards in the municipal ranking (prize rows), a card awaiting approval, the demo
    organization's card in progress."""
    member = User.objects.get(username="member")
    reviewed, _ = under_review(contest, organization_in(contest, full_name="ООО «Закат»", short_name="ООО «Закат»"))
    review.correct_value(
        reviewed, actor=member, key="has_ohs_certification", value=True, reason="Сертификат представлен на проверке"
    )
    for name in ("ООО «Заря»", "ООО «Восход»"):
        verified(contest, organization_in(contest, full_name=name, short_name=name))
    awaiting, _ = in_approval(contest, organization_in(contest, full_name="ООО «Рассвет»", short_name="ООО «Рассвет»"))
    own, _ = registered(contest, User.objects.get(username="org").organization)
    return {"reviewed": reviewed.pk, "awaiting": awaiting.pk, "own": own.pk, "contest": contest.pk}


def key_pages(username: str, ids: dict[str, int]) -> list[str]:
    """The pages under the menu each role works on: a card review, a ranking, the deadlines, the card form…"""
    pages = {
        "org": [f"/participation/{ids['own']}/", f"/participation/{ids['own']}/card/", "/organization/profile/"],
        "labour": ["/office/applications/", f"/office/applications/{ids['awaiting']}/"],
        "member": [f"/commission/{ids['reviewed']}/", "/commission/results/"],
        "secretary": [f"/commission/{ids['reviewed']}/", "/commission/results/"],
        "git": [f"/approvals/{ids['awaiting']}/"],
        "sector-body": [f"/approvals/{ids['awaiting']}/"],
        "unions": [f"/approvals/{ids['awaiting']}/"],
        "regional": ["/region/results/"],
        "regional-secretary": ["/region/results/"],
        "staff": [
            f"/staff/contests/{ids['contest']}/deadlines/",
            "/staff/mail/",
            "/admin/",
            f"/commission/{ids['reviewed']}/",
            "/commission/results/",
            "/region/results/",
        ],
    }
    return ["/scoring/", *pages.get(username, [])]


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{base}/")


def menu_links(page) -> list[str]:
    """The addresses of the header's menu (its dropdowns included) and of the start page's own links."""
    hrefs = page.eval_on_selector_all(
        "header nav a[href], main a[href]", "links => links.map(link => link.getAttribute('href'))"
    )
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.netloc or not parts.path.startswith("/") or NOT_A_PAGE.search(parts.path):
            continue
        paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1366", "390"])
@pytest.mark.parametrize("username", ROLES)
def test_every_page_of_a_role_passes_axe_and_fits_the_screen(demo, live_server, page, a11y, size, username):
    page.set_viewport_size(size)
    watch = a11y
    base = live_server.url
    ids = world(demo)
    log_in(page, base, username)

    phone = page.viewport_size["width"] < 992
    if phone:  # the menu and the user's menu open on a phone, and pass too
        page.get_by_role("button", name="Показать меню").click()
        page.locator("#main-nav.show").wait_for()
    page.get_by_test_id("user-menu").click()
    assert page.get_by_role("button", name="Выйти").is_visible()
    watch.check()

    visited = []
    for path in dict.fromkeys(menu_links(page) + key_pages(username, ids)):
        response = page.goto(f"{base}{path}")
        assert response is not None, path
        assert response.ok, f"{path}: {response.status}"
        visited.append(path)
    watch.check()  # the last page (the others were checked as they were left)
    assert len(visited) >= 4, visited
    assert watch.checked >= len(visited), (watch.checked, visited)
    assert watch.problems == [], "\n".join(dict.fromkeys(watch.problems))


def test_low_vision_version_is_switched_by_keyboard_and_kept_for_the_next_page(demo, live_server, page, a11y):
    base = live_server.url
    log_in(page, base, "member")
    toggle = page.get_by_role("button", name="Версия для слабовидящих")
    assert toggle.get_attribute("aria-pressed") == "false"
    size = page.evaluate("() => getComputedStyle(document.documentElement).fontSize")

    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-pressed") == "true"
    assert "portal-a11y" in page.locator("html").get_attribute("class")
    assert page.evaluate("() => getComputedStyle(document.documentElement).fontSize") != size
    a11y.check()

    # The next page comes from the server already large: the class is in the HTML, not added by the script.
    response = page.goto(f"{base}/scoring/")
    assert '<html lang="ru" class="portal-a11y">' in response.text()
    assert page.get_by_role("button", name="Версия для слабовидящих").get_attribute("aria-pressed") == "true"
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"

    # On a phone the large text still fits the screen (the watch checks each page for sideways scroll).
    page.set_viewport_size(PHONE)
    for path in ("/", "/scoring/", "/commission/", "/commission/results/"):
        page.goto(f"{base}{path}")
    assert a11y.problems == [], "\n".join(a11y.problems)

    # Switched off, it stays off.
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Версия для слабовидящих").click()
    assert "portal-a11y" not in (page.locator("html").get_attribute("class") or "")
    response = page.goto(f"{base}/")
    assert '<html lang="ru">' in response.text()
    assert page.get_by_role("button", name="Версия для слабовидящих").get_attribute("aria-pressed") == "false"
