"""The lists in a real browser, on a phone: the commission's cards page by page with the filter kept, a search by
part of a name, the Excel link carrying the search; the labour office's applications searched by ИНН."""

import pytest

from tests.contest.helpers import card_submitted, organization_in, submitted
from tests.e2e.test_commission_flow import log_in
from tests.e2e.test_editions_flow import shots

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_commission_pages_through_its_cards_and_searches_them(demo, live_server, page, screenshot, monkeypatch):
    monkeypatch.setattr("core.paging.PAGE_SIZE", 2)  # the server thread reads it per request
    for name in ("Ромашка", "Ромашка-2", "Василёк"):
        card_submitted(demo, organization_in(demo, full_name=f"ООО «{name}»", short_name=f"ООО «{name}»"))
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base, "member")

    page.goto(f"{base}/commission/")
    page.get_by_label("Состояние").select_option(label="Ожидают проверки комиссии")
    page.get_by_role("button", name="Показать", exact=True).click()
    pages = page.get_by_test_id("pagination")
    assert "1 из" in pages.inner_text()
    pages.get_by_role("link", name="Дальше").click()
    assert "page=2" in page.url
    assert "state=waiting" in page.url
    assert "2 из" in page.get_by_test_id("pagination").inner_text()
    assert page.get_by_label("Состояние").input_value() == "waiting"

    page.get_by_label("Поиск по наименованию или ИНН").fill("ромашка")
    page.get_by_role("button", name="Показать", exact=True).click()
    rows = page.get_by_test_id("card-row")
    assert rows.count() == 2
    assert all("Ромашка" in text for text in rows.all_inner_texts())
    assert "q=%D1%80%D0%BE%D0%BC%D0%B0%D1%88%D0%BA%D0%B0" in page.get_by_test_id("excel").get_attribute("href")
    shots(page, screenshot, "commission-list-search")


def test_the_labour_office_finds_an_application_by_its_inn(demo, live_server, page, screenshot):
    participation, _ = submitted(demo, organization_in(demo, full_name="ООО «Искомая»", inn="2310031475"))
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base, "labour")

    page.goto(f"{base}/office/applications/")
    page.get_by_label("Поиск по наименованию или ИНН").fill("231003")
    page.get_by_role("button", name="Найти", exact=True).click()

    links = page.get_by_test_id("applications").locator("tbody a")
    assert links.all_inner_texts() == [participation.application.full_name]
    page.get_by_role("link", name="Все").click()
    assert "q=231003" in page.url  # the tabs keep the search
    shots(page, screenshot, "office-applications-search")
