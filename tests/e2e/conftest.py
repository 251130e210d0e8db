"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

They run when RUN_E2E=1 (bin/test sets it when /usr/bin/chromium is there). Playwright never downloads a browser here:
it launches the system Chromium given by CHROMIUM (default /usr/bin/chromium).
Screenshots of the pages the tests visit are written to var/screenshots/ for a person to look at.

Every page a test's browser loads is checked as it loads (`AccessibilityWatch`): axe-core (bundled with
axe-playwright-python, nothing is downloaded) must find no serious or critical violation of WCAG 2.1 A/AA, and the page
must not scroll sideways. A test whose pages fail is reported at teardown with each page's address, the rule and the
element. axe is evaluated through the DevTools protocol, which the Content-Security-Policy does not govern, so the pages
are checked under their real policy.
"""

import importlib
import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def pytest_collection_modifyitems(config, items):
    if os.environ.get("RUN_E2E") == "1":
        return
    skip = pytest.mark.skip(reason="браузерные тесты запускаются с RUN_E2E=1 (bin/test, .ci/run)")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM in the same thread is still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


AXE = Axe()
# WCAG 2.0/2.1 levels A and AA (ГОСТ Р 52872-2019 follows WCAG 2.1), plus axe's best practices that are serious or worse
# (an unnamed region that scrolls, for one).
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}
FAILING_IMPACTS = {"serious", "critical"}
PAGE_STATE = """() => ({
    html: document.contentType === "text/html",
    complete: document.readyState === "complete",
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    size: document.body ? document.body.innerHTML.length : 0,
})"""


class AccessibilityWatch:
    """Checks each page of one browser page before the test leaves it: axe-core and sideways scroll; collects what fails.

    A page is checked before the first action on it (click, fill, press…: a Playwright locator handler, which the
    action waits for), before page.goto/reload/go_back leave it, and at teardown (the last page). A check at the
    `load` event would race the test's next click. `check()` checks the page as it is now, for a state the test
    reached without loading a page (htmx, a menu opened); the same address, width and content is checked once.
    """

    MARK = "data-a11y-checked"

    def __init__(self, page):
        self.page = page
        self.seen: set[tuple[str, int, int]] = set()
        self.problems: list[str] = []
        self.checked = 0
        page.add_locator_handler(
            page.locator(f"html:not([{self.MARK}])"), lambda _locator: self.check(quiet=True), no_wait_after=True
        )
        for name in ("goto", "reload", "go_back", "go_forward"):
            setattr(page, name, self._checked_first(getattr(page, name)))

    def _checked_first(self, navigate):
        def leave_checked(*args, **kwargs):
            self.check(quiet=True)
            return navigate(*args, **kwargs)

        return leave_checked

    def check(self, *, quiet: bool = False) -> list[str]:
        """Check the current page; return its problems (also kept for teardown)."""
        from playwright.sync_api import Error

        page = self.page
        try:
            url = page.url.split("#")[0]
            if not url.startswith("http"):
                return []
            state = page.evaluate(PAGE_STATE)
            if not state["complete"]:
                page.wait_for_load_state("load")
                state = page.evaluate(PAGE_STATE)
            page.evaluate(f"() => document.documentElement.setAttribute('{self.MARK}', '')")
            key = (url, state["innerWidth"], state["size"])
            if not state["html"] or key in self.seen:
                return []
            found = []
            if state["scrollWidth"] > state["innerWidth"]:
                found.append(
                    f"{url} at {state['innerWidth']} px: the page scrolls sideways "
                    f"(document {state['scrollWidth']} px wide)"
                )
            if not page.evaluate("() => typeof window.axe === 'object'"):
                page.evaluate(AXE.axe_script)
            results = page.evaluate("options => window.axe.run(document, options)", AXE_OPTIONS)
        except Error:
            if quiet:  # the page went away (closed, a download, a navigation already under way)
                return []
            raise
        self.seen.add(key)
        self.checked += 1
        for violation in results["violations"]:
            if violation["impact"] not in FAILING_IMPACTS:
                continue
            for node in violation["nodes"]:
                found.append(
                    f"{url} at {state['innerWidth']} px: {violation['id']} ({violation['impact']}) "
                    f"{' '.join(map(str, node['target']))} — {node.get('failureSummary', '').splitlines()[-1].strip()}"
                )
        self.problems.extend(found)
        return found


@pytest.fixture
def page(browser):
    # Reduced motion: Bootstrap then draws no transitions, so a check right after a click sees the final colours.
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(15_000)
    watch = AccessibilityWatch(page)
    page.accessibility_watch = watch  # type: ignore[attr-defined]
    yield page
    if not page.is_closed():
        watch.check(quiet=True)
    context.close()
    if watch.problems:
        pytest.fail(
            "Страницы не прошли проверку доступности (axe-core, WCAG 2.1 AA) или прокручиваются вбок:\n"
            + "\n".join(dict.fromkeys(watch.problems)),
            pytrace=False,
        )


@pytest.fixture
def a11y(page) -> AccessibilityWatch:
    """The page's accessibility watch: `a11y.check()` after an interaction that changes the page without loading one."""
    return page.accessibility_watch


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under var/screenshots/<name>.png."""

    def _shot(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot


@pytest.fixture
def demo(transactional_db):
    """The demo data in a database the browser's server thread can see (committed, flushed after the test).

    The flush after a browser test also empties the tables that migrations fill; they are filled again here
    with the migration's own function rather than relying on Django's serialized rollback.
    """
    from django.apps import apps
    from django.core.management import call_command

    from regions.models import Region

    if not Region.objects.exists():
        migration = importlib.import_module("regions.migrations.0002_krasnodar_municipalities")
        migration.add_krasnodar(apps, None)
    call_command("demo", verbosity=0)
    from contest.models import Contest

    return Contest.objects.get(year=2011)  # the current contest; 2010 is the decided archive
