"""The Content-Security-Policy in a real browser: the key pages work under it and Chromium reports no violation.

Chromium reports a refused inline script, handler, style or eval both as a `securitypolicyviolation` event and as a
console error; the test listens to both (and to uncaught script errors) on every page it visits.
"""

import pytest

from contest.models import Attachment
from demo.management.commands.demo import DEMO_PASSWORD
from tests.contest.helpers import approved, card_submitted, organization_in, registered, under_review

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


class Watch:
    """What a page says about the policies: violations, console complaints, script errors."""

    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))

    def _console(self, message):
        text = message.text
        if "Content Security Policy" in text or "Permissions-Policy" in text or message.type == "error":
            self.problems.append(f"console {message.type}: {text}")

    def goto(self, url: str):
        response = self.page.goto(url)
        assert response is not None, url
        assert response.ok, url
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy
        assert "'unsafe-inline'" not in policy
        assert "camera=()" in response.headers["permissions-policy"]
        return response

    def assert_clean(self, where: str) -> None:
        violations = self.page.evaluate("window.__cspViolations || []")
        assert violations == [], f"{where}: {violations}"
        assert self.problems == [], f"{where}: {self.problems}"


def log_in(watch: Watch, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page = watch.page
    watch.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{base}/")


def with_password(user, password: str = "Politika-2011!"):
    user.set_password(password)
    user.save()
    return user.username, password


def test_public_pages_and_the_start_page_keep_to_the_policy(demo, live_server, page):
    base = live_server.url
    watch = Watch(page)
    for path in ("/", "/scoring/", "/results/", "/results/2010/press-release/", "/library/", "/accounts/login/"):
        watch.goto(f"{base}{path}")
        watch.assert_clean(path)
    # The press release's print button works without an inline handler.
    watch.goto(f"{base}/results/2010/press-release/")
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.get_by_role("button", name="Напечатать").click()
    assert page.evaluate("window.__printed") == 1
    log_in(watch, base, "member")
    assert "проверьте их соответствие" in page.locator("main").inner_text()
    watch.assert_clean("start page of a member")


def test_card_form_counts_points_live_under_the_policy(demo, live_server, page):
    base = live_server.url
    participation, user = registered(demo, organization_in(demo))
    username, password = with_password(user)
    watch = Watch(page)
    log_in(watch, base, username, password)

    watch.goto(f"{base}/participation/{participation.pk}/card/")
    assert page.get_by_test_id("points-total").inner_text().strip() == "0"
    page.fill("#id_accidents", "1")
    page.fill("#id_incapacity_days", "12")
    # htmx swaps the total and, out of band, the line's points: Кт 12,0 → 1,5.
    # (A function, not an expression: Playwright evaluates an expression with eval, which the policy refuses.)
    page.wait_for_function("() => document.querySelector('[data-testid=points-total]').innerText.trim() === '1,5'")
    assert "Кт = 12,0" in page.get_by_test_id("points-K1/1").inner_text()
    # The bar is drawn without an inline style.
    assert page.locator("#points-total svg.portal-progress-bar rect").get_attribute("width") != "0"
    assert page.locator("style").count() == 0  # htmx injected no indicator styles
    watch.assert_clean("card form")


def test_delete_asks_first_through_data_confirm(demo, live_server, page):
    base = live_server.url
    participation, user = approved(demo, organization_in(demo))
    username, password = with_password(user)
    watch = Watch(page)
    log_in(watch, base, username, password)
    watch.goto(f"{base}/participation/{participation.pk}/files/")
    assert Attachment.objects.filter(participation=participation).count() == 1

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Удалить").click()
    page.wait_for_timeout(300)
    assert Attachment.objects.filter(participation=participation).count() == 1  # «Отмена» sent nothing

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="Удалить").click()
    assert Attachment.objects.filter(participation=participation).count() == 0
    watch.assert_clean("files page")


def test_commission_pages_keep_to_the_policy(demo, live_server, page):
    base = live_server.url
    card_submitted(demo, organization_in(demo, full_name="ООО «Рассвет»", short_name="ООО «Рассвет»"))
    reviewed, _ = under_review(demo, organization_in(demo, full_name="ООО «Закат»", short_name="ООО «Закат»"))
    watch = Watch(page)
    log_in(watch, base, "member")

    watch.goto(f"{base}/commission/")
    # commission-bulk.js: «отметить все» is shown and checks every box.
    page.locator("#bulk-all").check()
    assert page.locator('input[name="ids"]:checked').count() == page.locator('input[name="ids"]').count() > 0
    watch.assert_clean("commission list")

    watch.goto(f"{base}/commission/{reviewed.pk}/")
    # commission-correct.js: a yes/no indicator offers да/нет instead of the number field.
    page.select_option("#correct_key", "has_ohs_certification")
    assert page.locator('[data-kind-field="bool"]').is_visible()
    assert not page.locator('[data-kind-field="number"]').is_visible()
    watch.assert_clean("commission card")

    watch.goto(f"{base}/commission/results/")
    assert page.locator("main h1").count() == 1
    watch.assert_clean("municipal results")


def test_error_page_keeps_to_the_policy(demo, live_server, page):
    watch = Watch(page)
    response = page.goto(f"{live_server.url}/net-takoy-stranicy/")
    assert response.status == 404
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "Страница не найдена" in page.locator("main").inner_text()
    watch.problems = [problem for problem in watch.problems if "404" not in problem]
    watch.assert_clean("404 page")
