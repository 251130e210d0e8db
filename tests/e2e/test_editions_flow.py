"""Staff set up next year's edition in a real browser: upload a point table document that renames an input, see it
listed and opened with its sample totals, then copy the 2011 contest to a new year with that table."""

import json
from dataclasses import replace

import pytest

import scoring
from contest.models import Contest, PointTable
from tests.e2e.test_commission_flow import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 390)


def sout_document() -> bytes:
    """The 2011 table with assessment_pct renamed to sout_pct everywhere: inputs, derived values, checks, roles,
    indicator sources and the samples' values (the document's text, so nothing that names the key is missed)."""
    table = replace(scoring.get_table("krasnodar-2011"), key="krasnodar-sout", title="Таблица с СОУТ вместо аттестации")
    text = json.dumps(scoring.dump_table(table), ensure_ascii=False).replace('"assessment_pct"', '"sout_pct"')
    assert "assessment_pct" not in text
    return text.encode()


def shots(page, screenshot, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(f"{name}-{width}")
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def test_staff_upload_a_table_and_copy_the_contest_with_it(demo, live_server, page, screenshot, tmp_path):
    base = live_server.url
    good = tmp_path / "krasnodar-sout.json"
    good.write_bytes(sout_document())
    broken = tmp_path / "broken.json"
    document = json.loads(sout_document())
    document["key"] = "Не ключ"
    document["indicators"][0]["source"] = "no_such_input"
    broken.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    log_in(page, base, "staff")

    page.get_by_role("button", name="Управление").click()  # staff's tools are one menu in the header

    page.get_by_role("link", name="Таблицы и годы").click()
    page.wait_for_url(f"{base}/staff/tables/")
    shots(page, screenshot, "staff-tables")

    # A broken document: every error listed, nothing kept.
    page.get_by_label("Документ таблицы (JSON)").set_input_files(str(broken))
    page.get_by_role("button", name="Загрузить").click()
    errors = page.get_by_test_id("document-errors").locator("li")
    assert errors.count() >= 2
    assert not PointTable.objects.filter(key="krasnodar-sout").exists()
    shots(page, screenshot, "staff-tables-upload-errors")

    page.get_by_label("Документ таблицы (JSON)").set_input_files(str(good))
    page.get_by_label("Что изменено").fill("СОУТ вместо аттестации рабочих мест")
    page.get_by_role("button", name="Загрузить").click()
    page.wait_for_url(f"{base}/staff/tables/*/")
    assert "сохранена как редакция 1" in page.locator("main").inner_text()
    totals = page.get_by_test_id("sample-total").all_inner_texts()
    assert totals == ["98", "130", "61", "81"]
    shots(page, screenshot, "staff-table")

    page.get_by_role("link", name="Таблицы показателей").first.click()
    listed = page.get_by_test_id("kept-table").filter(has_text="Таблица с СОУТ вместо аттестации")
    assert listed.count() == 1
    listed.get_by_role("link").click()
    assert page.get_by_role("heading", name="Таблица с СОУТ вместо аттестации").is_visible()
    page.get_by_role("link", name="Таблицы показателей").first.click()

    page.get_by_role("link", name="Скопировать смотр-конкурс 2011 года на новый год").click()
    assert page.get_by_label("Конкурсный год").input_value() == "2012"
    assert "2012 году" in page.get_by_role("textbox", name="Наименование").input_value()
    card_deadline = demo.card_deadline.replace(year=demo.card_deadline.year + 1)  # the demo moved it to today's
    assert page.get_by_label("Представление информационных карт до").input_value() == card_deadline.isoformat()
    page.get_by_label("Таблица оценочных показателей").select_option(
        label="Таблица с СОУТ вместо аттестации — krasnodar-sout, редакция 1"
    )
    assert "Что будет скопировано" in page.get_by_test_id("what-is-copied").inner_text()
    shots(page, screenshot, "staff-contest-copy")
    page.get_by_label("Проверено: создать смотр-конкурс с этими данными").check()
    page.get_by_role("button", name="Создать смотр-конкурс").click()

    page.wait_for_url(f"{base}/staff/contests/*/deadlines/")
    assert "Смотр-конкурс 2012 года создан" in page.locator("main").inner_text()
    copy = Contest.objects.get(year=2012)
    source = Contest.objects.get(year=2011)
    assert copy.point_table.key == "krasnodar-sout"
    assert copy.table.role("headcount") == source.table.role("headcount")
    assert "sout_pct" in {spec.key for spec in copy.table.inputs}
    assert copy.sectors.count() == source.sectors.count()
    assert copy.nominations.count() == source.nominations.count()
    assert list(copy.categories.values_list("code", flat=True)) == list(
        source.categories.values_list("code", flat=True)
    )
