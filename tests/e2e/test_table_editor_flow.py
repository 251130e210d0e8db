"""Staff change a point table in the browser, on a phone: keep a built-in table, open the 2011 table, press «Изменить» at K2, change a
bracket's points, try a new bracket that overlaps (every error named, everything typed kept), save the next version,
see the sample cards scored by it, choose it for the example contest and open its public page."""

import pytest

from contest.editions import EXAMPLE_MODERN
from contest.models import PointTable
from tests.e2e.test_commission_flow import log_in
from tests.e2e.test_editions_flow import shots
from tests.factories import open_edition

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

KEY = "krasnodar-2011"


def test_staff_change_a_bracket_in_forms_and_choose_the_new_version(demo, live_server, page, screenshot):
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base, "staff")

    # A built-in table no contest has chosen yet is kept as version 1 to be opened.
    page.goto(f"{base}/staff/tables/")
    page.get_by_test_id("built-in-table").filter(has_text="example-2026").get_by_role(
        "button", name="Сохранить как редакцию 1"
    ).click()
    page.wait_for_url(f"{base}/staff/tables/*/")
    assert PointTable.objects.filter(key="example-2026", version=1).exists()
    example = open_edition(EXAMPLE_MODERN)  # a contest with no cards yet: its table may be changed

    page.goto(f"{base}/staff/tables/")
    page.get_by_test_id("kept-table").filter(has_text="Краснодарский край, 2011").get_by_role("link").first.click()
    totals_before = page.get_by_test_id("sample-total").all_inner_texts()
    page.get_by_role("link", name="Изменить показатель K2").click()
    assert page.get_by_role("heading", name="Показатель K2").is_visible()

    second = page.get_by_role("group", name="Граница 2")
    assert second.get_by_label("Баллы").input_value() == "2"
    second.get_by_label("Баллы").fill("2,5")
    added = page.get_by_role("group", name="Новая граница")
    added.get_by_label("Условие").fill("от 50 до 95 %")
    added.get_by_label("Баллы").fill("1")
    added.get_by_label("От", exact=True).fill("50")
    added.get_by_label("До", exact=True).fill("95")
    page.get_by_label("Что изменено").fill("K2: 2,5 балла за 90–100 %")
    page.get_by_role("button", name="Сохранить как редакцию 2").click()

    errors = page.get_by_test_id("editor-errors")
    assert "пересекаются" in errors.inner_text()
    assert PointTable.objects.filter(key=KEY).count() == 1
    assert page.get_by_role("group", name="Граница 2").get_by_label("Баллы").input_value() == "2,5"
    assert page.get_by_label("Что изменено").input_value() == "K2: 2,5 балла за 90–100 %"
    shots(page, screenshot, "staff-table-editor-errors")
    page.set_viewport_size({"width": 390, "height": 844})

    added = page.get_by_role("group", name="Новая граница")
    for label in ("Условие", "Баллы"):
        added.get_by_label(label).fill("")
    added.get_by_label("От", exact=True).fill("")
    added.get_by_label("До", exact=True).fill("")
    page.get_by_role("button", name="Сохранить как редакцию 2").click()

    page.wait_for_url(f"{base}/staff/tables/*/")
    assert "Сохранено как редакция 2" in page.locator("main").inner_text()
    new = PointTable.objects.get(key=KEY, version=2)
    assert new.note == "K2: 2,5 балла за 90–100 %"
    totals = page.get_by_test_id("sample-total").all_inner_texts()
    assert totals != totals_before
    shots(page, screenshot, "staff-table-edited")
    page.set_viewport_size({"width": 390, "height": 844})

    page.get_by_role("button", name=f"Считать по этой таблице смотр-конкурс {example.year} года").click()
    assert "считает баллы по таблице" in page.locator("main").inner_text()
    example.refresh_from_db()
    assert example.point_table_id == new.pk

    page.get_by_role("link", name="Открыть публичную страницу этой редакции").click()
    row = page.locator("#indicator-k2 tr", has_text="не менее 90 %, но менее 100 %")
    assert row.locator("td.points").inner_text() == "2,5"
