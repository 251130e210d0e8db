"""The commissions in a real browser: a member corrects a value with a reason, the points and the municipal ranking
change, the secretary records the decision, and the winner appears at stage 2 for the regional commission."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from contest.enums import ParticipationState
from demo.management.commands.demo import DEMO_PASSWORD
from tests.contest.helpers import PDF_BYTES, organization_in, reload, verified

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{base}/")


def first_place_in(page, group_text: str) -> str:
    """The organization on the first row of the ranking table whose group title contains group_text."""
    table = page.locator("section", has_text=group_text).locator("tbody tr").first
    return table.inner_text()


def test_correction_changes_ranking_and_the_winner_reaches_stage_two(demo, live_server, page, screenshot, tmp_path):
    base = live_server.url
    # Two medium-large manufacturers of Krasnodar: «Восход» has the standard card, 98 points
    # (tests/factories.COMPLETE_CARD); «Заря» also declares the certification of its OHS work (K13 +10) → 108.
    zarya, _ = verified(
        demo, organization_in(demo, full_name="ООО «Заря»", short_name="ООО «Заря»"), has_ohs_certification=True
    )
    voskhod, _ = verified(demo, organization_in(demo, full_name="ООО «Восход»", short_name="ООО «Восход»"))
    assert zarya.card.verified_total == Decimal("108")
    assert voskhod.card.verified_total == Decimal("98")

    log_in(page, base, "member")
    page.goto(f"{base}/commission/results/")
    assert "ООО «Заря»" in first_place_in(page, "Обрабатывающие производства")
    screenshot("commission-results-before")

    # The member finds no certificate: K13 is corrected to «нет» with a reason; 108 → 98, a tie with «Восход».
    page.goto(f"{base}/commission/{zarya.pk}/")
    page.select_option("#correct_key", "has_ohs_certification")
    page.check("input[name=flag][value=false]")
    page.fill("#correct_reason", "Сертификат соответствия работ по охране труда не представлен")
    page.get_by_role("button", name="Исправить значение").click()
    assert "Сертификат соответствия работ по охране труда не представлен" in page.locator("main").inner_text()
    assert reload(zarya).card.verified_total == Decimal("98")
    # The correction sent the card back to review: the member checks it again.
    page.get_by_role("button", name="Карта проверена").click()
    screenshot("commission-card-corrected")

    # Equal totals at the first place: the secretary must decide the order, with a reason (R9).
    page.get_by_test_id("user-menu").click()  # «Выйти» is in the menu under the name
    page.get_by_role("button", name="Выйти").click()
    log_in(page, base, "secretary")
    page.goto(f"{base}/commission/results/")
    assert "Равенство баллов" in page.locator("main").inner_text()
    tie = page.locator("form", has=page.get_by_role("button", name="Записать решение"))
    tie.get_by_label("установить порядок мест").check()
    selects = tie.locator("select")
    labels = [tie.locator(f"label[for='{selects.nth(i).get_attribute('id')}']").inner_text() for i in range(2)]
    for index, label in enumerate(labels):
        selects.nth(index).select_option("1" if "Восход" in label else "2")
    tie.locator("textarea").fill("Протокол заседания № 3: у ООО «Восход» нет несчастных случаев с тяжёлым исходом")
    tie.get_by_role("button", name="Записать решение").click()
    assert "ООО «Восход»" in first_place_in(page, "Обрабатывающие производства")

    page.get_by_label("Номер протокола").fill("7")
    page.get_by_label("Дата протокола").fill(timezone.localdate().isoformat())
    scan = tmp_path / "Протокол 7.pdf"
    scan.write_bytes(PDF_BYTES)
    page.get_by_label("Скан подписанного протокола").set_input_files(str(scan))
    page.get_by_label("Подтверждаю: итоги утверждаются протоколом").check()
    page.get_by_role("button", name="Внести решение и направить победителей").click()
    assert reload(voskhod).state == ParticipationState.MUNICIPAL_WINNER
    assert reload(zarya).state == ParticipationState.VERIFIED
    screenshot("commission-decision")

    # Stage 2: the regional commission sees the winner, and only it.
    page.get_by_test_id("user-menu").click()  # «Выйти» is in the menu under the name
    page.get_by_role("button", name="Выйти").click()
    log_in(page, base, "regional")
    page.goto(f"{base}/region/")
    listing = page.locator("main").inner_text()
    assert "ООО «Восход»" in listing
    assert "ООО «Заря»" not in listing
    page.goto(f"{base}/region/results/")
    assert "ООО «Восход»" in page.locator("main").inner_text()
    screenshot("regional-results")


def test_paper_act_is_attached_and_the_exclusion_confirmed_by_clicking(demo, live_server, page, tmp_path):
    """The labour office attaches the scan of a paper investigation act (п. 4.9), then excludes the participant: the
    exclusion goes only after the confirmation box is ticked."""
    base = live_server.url
    fatal, _ = verified(
        demo,
        organization_in(demo, full_name="ООО «Гроза»", short_name="ООО «Гроза»"),
        fatal_accidents=1,
        fatal_transport_no_fault=0,
    )
    log_in(page, base, "labour")
    page.goto(f"{base}/commission/{fatal.pk}/")
    assert "Акт расследования несчастного случая не приложен" in page.get_by_test_id("investigation-act").inner_text()

    paper = page.get_by_test_id("paper-materials")
    paper.get_by_label("Что это за файл").select_option(label="Акт расследования несчастного случая (п. 4.9)")
    scan = tmp_path / "Акт Н-1.pdf"
    scan.write_bytes(PDF_BYTES)
    paper.get_by_label(re.compile(r"^\s*Файл")).set_input_files(str(scan))
    paper.get_by_label("Комментарий").fill("Поступил вместе с бумажной картой")
    paper.get_by_role("button", name="Приложить файл").click()
    assert "Файл добавлен к материалам карты: Акт_Н-1.pdf" in page.locator("main").inner_text()
    assert "Акт_Н-1.pdf" in page.get_by_test_id("investigation-act").inner_text()
    assert "Акт_Н-1.pdf" in page.get_by_test_id("paper-attachments").inner_text()

    remove = page.get_by_test_id("action-remove")
    remove.get_by_label("Основание исключения").fill("Смертельный случай 12.05.2011, акт Н-1 № 3")
    remove.get_by_role("button", name="Исключить (п. 4.9)").click()
    assert (
        page.locator("#exclude_confirm_error").inner_text()
        == "Отметьте подтверждение: без него участник не исключается."
    )
    assert page.get_by_label("Основание исключения").input_value() == "Смертельный случай 12.05.2011, акт Н-1 № 3"
    assert reload(fatal).state == ParticipationState.VERIFIED

    page.get_by_role("checkbox", name="Подтверждаю: организация исключается").check()
    page.get_by_test_id("action-remove").get_by_role("button", name="Исключить (п. 4.9)").click()
    assert "«Смертельный случай 12.05.2011, акт Н-1 № 3»" in page.get_by_test_id("removal").inner_text()
    assert reload(fatal).state == ParticipationState.EXCLUDED
