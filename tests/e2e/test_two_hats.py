"""One person, two roles: in a small district the labour-office employee is also the territorial commission's
secretary (the demo's «abinsk»). With one account she registers an application as the labour office and records the
municipal decision as the secretary; the header names both hats."""

import pytest
from django.utils import timezone

from contest.enums import ParticipationState
from demo.management.commands.demo import DEMO_PASSWORD
from tests.contest.helpers import PDF_BYTES, organization_in, reload, submitted, verified

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_labour_office_and_secretary_with_one_account(demo, live_server, page, screenshot, tmp_path):
    base = live_server.url
    applicant, _ = submitted(
        demo,
        organization_in(demo, "Абинский район", full_name="ООО «Абинский завод»", short_name="ООО «Абинский завод»"),
    )
    winner, _ = verified(
        demo, organization_in(demo, "Абинский район", full_name="ООО «Абинский хлеб»", short_name="ООО «Абинский хлеб»")
    )

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Имя пользователя").fill("abinsk")
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{base}/")

    hats = page.get_by_test_id("user-hat").all_inner_texts()
    assert hats == ["Сектор по труду, Секретарь территориальной конкурсной комиссии · Абинский район"]
    # One panel for the district, naming both roles: the labour office's applications and the commission's cards.
    panel = page.get_by_test_id("start-panel-municipal")
    assert "Сектор по труду, Секретарь территориальной конкурсной комиссии" in panel.inner_text()
    assert panel.get_by_role("link", name="Открыть заявки").is_visible()
    screenshot("two-hats-start")

    # As the labour office: register the application.
    page.get_by_role("navigation", name="Основная навигация").get_by_role("link", name="Заявки").click()
    page.get_by_role("link", name="ООО «Абинский завод»").click()
    page.get_by_label("Регистрационный номер").fill("А-15")
    page.get_by_role("button", name="Зарегистрировать").click()
    assert reload(applicant).state == ParticipationState.REGISTERED
    assert reload(applicant).application.registration_number == "А-15"

    # As the secretary: record the municipal decision of her district.
    page.goto(f"{base}/")
    page.get_by_test_id("start-panel-municipal").get_by_role("link", name="Открыть итоги").click()
    assert "ООО «Абинский хлеб»" in page.locator("main").inner_text()
    page.get_by_label("Номер протокола").fill("3")
    page.get_by_label("Дата протокола").fill(timezone.localdate().isoformat())
    scan = tmp_path / "Протокол 3.pdf"
    scan.write_bytes(PDF_BYTES)
    page.get_by_label("Скан подписанного протокола").set_input_files(str(scan))
    page.get_by_label("Подтверждаю: итоги утверждаются протоколом").check()
    page.get_by_role("button", name="Внести решение и направить победителей").click()
    assert reload(winner).state == ParticipationState.MUNICIPAL_WINNER
    screenshot("two-hats-decision")
