"""Best practice in a real browser: an organization files a quarterly report with a photo, the district administration
recommends it for dissemination, and a visitor without an account finds it in the public library by a word of its text
and by its kind."""

import pytest

from demo.management.commands.demo import DEMO_PASSWORD
from practices.enums import ReportState
from practices.models import PracticeReport
from tests.practices.helpers import PNG_BYTES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Аспирация мучной пыли на участке просеивания"


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{base}/")


def log_out(page) -> None:
    page.get_by_test_id("user-menu").click()  # «Выйти» is in the menu under the name
    page.get_by_role("button", name="Выйти").click()


def test_report_is_recommended_and_found_in_the_library(demo, live_server, page, screenshot, tmp_path):
    base = live_server.url

    # The organization files the report from its start page.
    log_in(page, base, "org")
    page.get_by_test_id("practices-panel").get_by_role("link", name="Отчёты о передовом опыте").click()
    screenshot("practices-organization")
    page.get_by_role("link", name="Сообщить о передовом опыте").click()
    page.check("input[name=kind][value=technique]")
    page.get_by_label("Название").fill(TITLE)
    page.get_by_label("Проблема").fill("Мучная пыль вызывала аллергические заболевания у просевальщиков.")
    page.get_by_label("Что сделано").fill("Над просеивателями установлены местные отсосы с рукавным фильтром.")
    page.get_by_label("Что изменилось").fill("Запылённость воздуха рабочей зоны ниже ПДК.")
    page.get_by_label("Вложено средств, руб.").fill("310 000")
    page.get_by_label("Разрешаем опубликовать").check()
    screenshot("practices-report-form")
    page.get_by_role("button", name="Сохранить").click()
    assert page.get_by_test_id("report-title").inner_text() == TITLE

    photo = tmp_path / "Отсос над просеивателем.png"
    photo.write_bytes(PNG_BYTES)
    form = page.get_by_test_id("material-form")
    form.locator("input[type=file]").set_input_files(str(photo))
    form.get_by_label("Подпись").fill("Местный отсос")
    form.get_by_role("button", name="Добавить материал").click()
    assert "Материал добавлен." in page.locator(".alert-success").inner_text()
    assert "Местный отсос" in page.get_by_test_id("materials").inner_text()
    page.get_by_role("button", name="Представить отчёт").click()
    assert page.get_by_test_id("report-state").inner_text() == "Представлен"
    screenshot("practices-report-submitted")
    log_out(page)

    # The district administration of Krasnodar recommends it.
    log_in(page, base, "district")
    assert page.get_by_test_id("practices-waiting").is_visible()
    page.get_by_role("link", name="Рассмотреть отчёты").click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Рекомендовать к распространению").click()
    assert page.get_by_test_id("report-state").inner_text() == "Рекомендован к распространению"
    screenshot("practices-report-recommended")
    page.goto(f"{base}/practices/summary/")
    assert page.get_by_test_id("missing-count").inner_text() == "3"
    screenshot("practices-summary")
    log_out(page)
    report = PracticeReport.objects.get(title=TITLE)
    assert report.state == ReportState.RECOMMENDED
    assert str(report.investment_rub) == "310000.00"

    # A visitor finds it by a word of its text, in another case, and by its kind.
    page.goto(f"{base}/")
    page.get_by_role("link", name="Библиотека передового опыта").click()
    page.get_by_label("Поиск по тексту").fill("ПРОСЕИВАТЕЛЯМИ")
    page.get_by_role("button", name="Найти").click()
    items = page.get_by_test_id("library-item")
    assert items.count() == 1
    assert TITLE in items.first.inner_text()
    screenshot("practices-library-search")

    page.get_by_role("link", name="Сбросить").click()
    page.get_by_label("Вид опыта").select_option(label="В области техники")
    page.get_by_role("button", name="Найти").click()
    titles = page.get_by_test_id("library-item").all_inner_texts()
    assert any(TITLE in text for text in titles)
    assert all("В области техники" in text for text in titles)
    page.get_by_role("link", name=TITLE).click()
    assert page.get_by_test_id("library-title").inner_text() == TITLE
    picture = page.get_by_role("img", name="Местный отсос")
    assert picture.is_visible()
    # On a busy machine the picture may still be loading: wait for it, then check it is the real image.
    page.wait_for_function("img => img.complete", arg=picture.element_handle())
    assert picture.evaluate("img => img.naturalWidth") == 24
    screenshot("practices-library-detail")
