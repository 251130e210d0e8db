"""A new representative goes the whole way in a real browser: signs up, registers the organization, files the
application, fills in the card watching the points change, uploads the note, gets the three approvals and submits the
card before the deadline; another organization cannot submit after it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from stdnum.ru import inn, ogrn

from contest.enums import ParticipationState
from contest.models import Contest, Participation
from demo.management.commands.demo import DEMO_PASSWORD
from tests.contest.helpers import PDF_BYTES, approved
from tests.factories import OrganizationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{base}/")


def log_out(page) -> None:
    page.get_by_test_id("user-menu").click()  # «Выйти» is in the menu under the name
    page.get_by_role("button", name="Выйти").click()


def total(page) -> str:
    return page.get_by_test_id("points-total").inner_text().strip()


def wait_for_total(page, expected: str) -> None:
    page.wait_for_function(
        "expected => document.querySelector('[data-testid=points-total]').innerText.trim() === expected", arg=expected
    )


def test_new_representative_files_and_submits_before_the_deadline(demo, live_server, page, screenshot, tmp_path):
    base = live_server.url

    # Sign up and confirm the e-mail.
    page.goto(f"{base}/")
    page.get_by_role("link", name="Зарегистрироваться").first.click()
    page.fill("#id_last_name", "Кузнецова")
    page.fill("#id_first_name", "Ольга")
    page.fill("#id_patronymic", "Сергеевна")
    page.fill("#id_position", "инженер по охране труда")
    page.fill("#id_phone", "+7 861 255-11-22")
    page.fill("#id_email", "kuznetsova@zavod.example.ru")
    page.fill("#id_username", "kuznetsova")
    page.fill("#id_password1", "Zavod-ohrana-2011")
    page.fill("#id_password2", "Zavod-ohrana-2011")
    page.get_by_role("button", name="Зарегистрироваться").click()
    assert "kuznetsova@zavod.example.ru" in page.locator("main").inner_text()
    link = re.search(r"https?://\S+/accounts/signup/confirm/\S+", mail.outbox[-1].body).group(0)
    page.goto(link.replace(re.match(r"https?://[^/]+", link).group(0), base))

    # Register the organization.
    page.wait_for_url(re.compile(r".*/organization/.*"))
    body = "2310099"
    company_inn = body + "00" + inn.calc_company_check_digit(body + "00")
    ogrn_body = "112230000999"
    page.fill("#id_full_name", "Общество с ограниченной ответственностью «Кубанский машиностроительный завод»")
    page.fill("#id_short_name", "ООО «КМЗ»")
    page.select_option("#id_legal_form", "ooo")
    page.fill("#id_inn", company_inn)
    page.fill("#id_ogrn", ogrn_body + ogrn.calc_check_digit(ogrn_body + "0"))
    page.fill("#id_legal_address", "350000, г. Краснодар, ул. Северная, д. 10")
    page.fill("#id_phone", "+7 861 255-11-00")
    page.fill("#id_email", "info@zavod.example.ru")
    page.select_option("#id_municipality", label="Краснодар")
    page.select_option("#id_sector", label="Обрабатывающие производства")
    page.fill("#id_headcount", "240")
    page.fill("#id_public_share_pct", "0")
    page.get_by_role("button", name="Зарегистрировать организацию").click()
    assert "средний и крупный бизнес" in page.locator("main").inner_text()

    # File the application, with the separate consent.
    page.goto(f"{base}/participation/")
    page.get_by_role("button", name="Начать заявку").click()
    page.get_by_label("Руководитель организации, Ф. И. О.").fill("Петров Пётр Петрович")
    page.get_by_label("Должность руководителя").fill("генеральный директор")
    page.get_by_label("Председатель профкома (выборного органа), Ф. И. О.").fill("Сидорова Анна Ивановна")
    page.get_by_label("Должность, наименование выборного органа").fill("председатель профкома")
    for checkbox in page.locator("input[type=checkbox]").all():
        checkbox.check()
    page.get_by_role("button", name="Подать заявку").click()
    page.get_by_role("button", name="Даю согласие").click()
    page.get_by_role("button", name="Подать заявку").click()
    assert page.get_by_test_id("participation-state").inner_text() == "Заявка подана"
    participation = Participation.objects.get(organization__inn=company_inn)
    log_out(page)

    # The labour office registers it.
    log_in(page, base, "labour")
    page.goto(f"{base}/office/applications/{participation.pk}/")
    page.get_by_role("button", name="Зарегистрировать").click()
    log_out(page)

    # Fill in the card, watching the points change.
    log_in(page, base, "kuznetsova", "Zavod-ohrana-2011")
    page.goto(f"{base}/participation/{participation.pk}/card/")
    assert total(page) == "0"
    page.fill("#id_accidents", "1")
    page.fill("#id_incapacity_days", "12")
    wait_for_total(page, "1,5")  # Кт 12,0 → 1,5; Кч 4,2 → 0
    assert "Кт = 12,0: от 10,1 до 15,0 → 1,5" in page.get_by_test_id("points-K1/1").inner_text()
    values = {
        "#id_women_count": "120",
        "#id_teenagers_count": "0",
        "#id_hazardous_workers": "30",
        "#id_hazardous_women": "10",
        "#id_sanitary_pct": "95",
        "#id_ppe_pct": "100",
        "#id_assessment_pct": "72,5",
        "#id_medical_exams_pct": "100",
        "#id_agreement_done_pct": "100",
        "#id_training_managers_pct": "100",
        "#id_training_committee_pct": "90",
        "#id_ohs_spending_rub": "1500000",
    }
    for selector, value in values.items():
        page.fill(selector, value)
    answers = {
        "has_ohs_office": "True",
        "has_ohs_corners": "True",
        "has_ohs_regulation": "True",
        "has_legal_acts": "True",
        "has_ohs_service": "True",
        "has_ohs_records": "True",
        "has_joint_committee": "True",
        "has_union_representative": "False",
        "has_ohs_certification": "False",
        "has_agreement_section": "True",
        "has_info_materials": "False",
    }
    for name, value in answers.items():
        page.check(f"input[name={name}][value={value}]")
    wait_for_total(page, "98")
    # The total reaches 98 before the last answer (K19 «нет» adds nothing) is counted: wait for the card to be complete.
    page.get_by_test_id("points-complete").wait_for(state="visible")
    screenshot("flow-card-complete")
    page.get_by_role("button", name="Сохранить и направить на согласование").click()
    assert page.get_by_test_id("participation-state").inner_text() == "Карта на согласовании"
    log_out(page)

    # The three approving bodies approve.
    for approver in ("git", "sector-body", "unions"):
        log_in(page, base, approver)
        page.goto(f"{base}/approvals/{participation.pk}/")
        page.get_by_role("button", name="Согласовать").click()
        log_out(page)

    # Upload the analytical note and submit before the deadline.
    log_in(page, base, "kuznetsova", "Zavod-ohrana-2011")
    note = tmp_path / "Аналитическая записка.pdf"
    note.write_bytes(PDF_BYTES)
    page.goto(f"{base}/participation/{participation.pk}/files/")
    page.select_option("#id_kind", "analytical_note")
    page.set_input_files("#id_file", str(note))
    page.get_by_role("button", name="Загрузить").click()
    assert "Аналитическая_записка.pdf" in page.locator("main").inner_text()
    page.goto(f"{base}/participation/{participation.pk}/")
    assert page.get_by_test_id("approvals").inner_text().count("согласовано") == 3
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Представить карту в сектор по труду").click()
    assert page.get_by_test_id("participation-state").inner_text() == "Карта представлена"
    screenshot("flow-card-submitted")
    participation.refresh_from_db()
    assert participation.state == ParticipationState.CARD_SUBMITTED
    assert str(participation.card.declared_total) == "98.00"


def test_representative_cannot_submit_after_the_deadline(demo, live_server, page, screenshot):
    late, representative = approved(demo, OrganizationFactory(sector=demo.sectors.get(code="energy")))
    representative.set_password("Pozdno-2011!")
    representative.save()
    Contest.objects.filter(pk=demo.pk).update(
        application_deadline=timezone.localdate() - timedelta(days=20),
        card_deadline=timezone.localdate() - timedelta(days=1),
    )

    log_in(page, live_server.url, representative.username, "Pozdno-2011!")
    page.goto(f"{live_server.url}/participation/{late.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Представить карту в сектор по труду").click()
    message = page.locator(".alert-danger").inner_text()
    assert "Срок «представление информационных карт» истёк" in message
    assert page.get_by_test_id("participation-state").inner_text() == "Карта на согласовании"
    screenshot("flow-after-deadline")
    late.refresh_from_db()
    assert late.state == ParticipationState.CARD_APPROVAL
