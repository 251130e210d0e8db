"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

They run when RUN_E2E=1 (bin/test sets it when /usr/bin/chromium is there). Playwright never downloads a browser here:
it launches the system Chromium given by CHROMIUM (default /usr/bin/chromium).
Screenshots of the pages the tests visit are written to var/screenshots/ for a person to look at.
"""

import importlib
import os
from pathlib import Path

import pytest

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


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


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
