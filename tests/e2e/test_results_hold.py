"""Results that hold (issue 10) in a real browser: two municipalities record their decisions, a later change of live
data changes neither the winners nor the protocol annex, certificates of both stages are issued by clicking, the
participant sees its verified outcome, and staff reopen a municipal decision."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contest.enums import CertificateKind, ParticipationState, Role
from contest.models import Certificate, Decision, InfoCard, Organization, User
from contest.services import decisions, review
from demo.management.commands.demo import DEMO_PASSWORD
from tests.contest.helpers import PDF_BYTES, organization_in, reload, verified
from tests.factories import municipal_user, municipality

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CORRECTION_REASON = "Представитель профсоюза не избран: протокол собрания трудового коллектива не представлен"


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{base}/")


def log_out(page) -> None:
    page.get_by_test_id("user-menu").click()  # «Выйти» is in the menu under the name
    page.get_by_role("button", name="Выйти").click()
    expect(page.get_by_role("button", name="Войти").or_(page.get_by_role("link", name="Войти")).first).to_be_visible()


def demo_user_with_password(role: str, town: str, username: str):
    user = municipal_user(role, name=town, username=username, last_name="Гречко", first_name="Алла")
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def scan_file(tmp_path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(PDF_BYTES)
    return str(path)


def record_municipal_decision(page, *, number: str, scan: str) -> None:
    """The secretary fills the protocol form of the results page, ticks the confirmation and records the decision."""
    form = page.get_by_test_id("decision-form")
    form.get_by_label("Номер протокола").fill(number)
    form.get_by_label("Дата протокола").fill(timezone.localdate().isoformat())
    form.get_by_label("Скан подписанного протокола").set_input_files(scan)
    form.get_by_label(re.compile(r"^\s*Подтверждаю: итоги утверждаются протоколом")).check()
    form.get_by_role("button", name="Внести решение и направить победителей").click()
    expect(page.get_by_test_id("winners")).to_be_visible()


def winners_listed(page) -> str:
    return page.get_by_test_id("winners").inner_text()


def annex_bytes(page) -> bytes:
    """The annex PDF behind the link the decision's documents page renders, fetched with the browser's session."""
    link = page.get_by_role("link", name="Итоговые таблицы к протоколу (PDF)")
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.ok, response.status
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF")
    return body


def issue_form(page, kind: str):
    return page.get_by_test_id(f"issue-{kind}")


def test_decisions_hold_certificates_are_issued_by_clicking_and_the_participant_sees_the_outcome(
    demo, live_server, page, screenshot, tmp_path
):
    base = live_server.url
    sochi_secretary = demo_user_with_password(Role.MUNICIPAL_SECRETARY, "Сочи", "sochi-secretary")

    # Krasnodar. The demo's «Кубанский хлебозавод» (the `org` user's organization) declares a union representative
    # and a certificate of its OHS work: 98 + 5 + 10 = 113. The commission finds no representative (K12 → «нет»):
    # 108, with a reason. «Восход» (98) is second in the same group; «Агрофирма «Рассвет»» (small, agriculture) wins
    # its own group.
    bakery = Organization.objects.get(short_name="ООО «Кубанский хлебозавод»")
    bakery_participation, _ = verified(demo, bakery, has_union_representative=True, has_ohs_certification=True)
    member = User.objects.get(username="member")  # the demo's commission member of Krasnodar
    review.correct_value(
        bakery_participation, actor=member, key="has_union_representative", value=False, reason=CORRECTION_REASON
    )
    review.mark_verified(reload(bakery_participation), actor=member)
    bakery_participation = reload(bakery_participation)
    assert bakery_participation.card.declared_total == Decimal("113")
    assert bakery_participation.card.verified_total == Decimal("108")
    voskhod, _ = verified(demo, organization_in(demo, full_name="ООО «Восход»", short_name="ООО «Восход»"))
    assert voskhod.card.verified_total == Decimal("98")
    farm, _ = verified(demo, Organization.objects.get(short_name="ООО «Агрофирма «Рассвет»"))
    assert farm.size_category == "small"

    # Sochi: two manufacturers, «Сочинский завод» (103) ahead of «Южный» (93).
    sochi_plant, _ = verified(
        demo,
        organization_in(demo, "Сочи", full_name="ООО «Сочинский завод»", short_name="ООО «Сочинский завод»"),
        has_union_representative=True,
    )
    yuzhny, _ = verified(
        demo,
        organization_in(demo, "Сочи", full_name="ООО «Южный»", short_name="ООО «Южный»"),
        has_ohs_office=False,
    )
    assert (sochi_plant.card.verified_total, yuzhny.card.verified_total) == (Decimal("103"), Decimal("93"))

    # 1. The secretary of each municipality records its decision on the results page.
    log_in(page, base, "secretary")
    page.goto(f"{base}/commission/results/")
    expect(page.get_by_test_id("ready")).to_be_visible()
    screenshot("hold-krasnodar-before-decision")
    record_municipal_decision(page, number="7", scan=scan_file(tmp_path, "Протокол 7.pdf"))
    assert "ООО «Кубанский хлебозавод»" in winners_listed(page)
    assert "ООО «Агрофирма «Рассвет»" in winners_listed(page)
    assert "ООО «Восход»" not in winners_listed(page)
    screenshot("hold-krasnodar-decision")
    page.get_by_test_id("decision-documents").click()
    expect(page.get_by_role("heading", name="Награды и документы")).to_be_visible()
    annex_at_recording = annex_bytes(page)
    krasnodar_decision = Decision.objects.get(
        contest=demo, municipality=municipality("Краснодар"), voided_at__isnull=True
    )
    assert reload(voskhod).state == ParticipationState.VERIFIED
    assert reload(bakery_participation).state == ParticipationState.MUNICIPAL_WINNER
    log_out(page)

    log_in(page, base, sochi_secretary.username)
    page.goto(f"{base}/commission/results/")
    record_municipal_decision(page, number="3-С", scan=scan_file(tmp_path, "Протокол 3.pdf"))
    assert "ООО «Сочинский завод»" in winners_listed(page)
    assert "ООО «Южный»" not in winners_listed(page)
    assert reload(sochi_plant).state == ParticipationState.MUNICIPAL_WINNER
    log_out(page)

    # A commission member opens the non-winner's card: the decision is named, there is nothing to correct.
    log_in(page, base, "member")
    page.goto(f"{base}/commission/{voskhod.pk}/")
    frozen = page.get_by_test_id("frozen")
    expect(frozen).to_contain_text(str(krasnodar_decision))
    expect(page.get_by_test_id("action-correct")).to_have_count(0)
    expect(page.get_by_role("button", name="Исправить значение")).to_have_count(0)
    expect(page.get_by_role("link", name="исправить")).to_have_count(0)
    screenshot("hold-frozen-card")

    # Someone changes live data behind the portal's back: «Восход» now has more points than the winner.
    InfoCard.objects.filter(participation=voskhod).update(verified_total=Decimal("140"))
    page.goto(f"{base}/commission/results/")
    assert "ООО «Кубанский хлебозавод»" in winners_listed(page)
    assert "ООО «Восход»" not in winners_listed(page)
    first_row = (
        page.get_by_test_id("group").filter(has_text="Обрабатывающие производства").get_by_test_id("entry").first
    )
    expect(first_row).to_contain_text("ООО «Кубанский хлебозавод»")
    expect(first_row.get_by_test_id("total")).to_have_text("108")
    expect(page.get_by_text("140")).to_have_count(0)
    screenshot("hold-results-after-live-change")
    page.get_by_test_id("decision-documents").click()
    expect(page.get_by_role("heading", name="Награды и документы")).to_be_visible()
    assert annex_bytes(page) == annex_at_recording
    log_out(page)

    # 2. Municipal certificates (п. 4.6): one place by its «выдать» link, then the rest at once.
    log_in(page, base, "secretary")
    page.goto(f"{base}/decisions/{krasnodar_decision.pk}/")
    places = page.get_by_test_id("places")
    bakery_row = places.get_by_role("row").filter(has_text="Кубанский хлебозавод")
    bakery_row.get_by_role("link", name=re.compile("выдать")).click()
    form = issue_form(page, CertificateKind.MUNICIPAL)
    expect(form.get_by_label("Кому")).to_have_value(re.compile(r"^award-\d+$"))
    chosen = form.get_by_label("Кому").evaluate("select => select.options[select.selectedIndex].text")
    assert "Кубанский хлебозавод" in chosen
    form.get_by_label("Инициалы и фамилия").fill("В. Л. Евланов")
    screenshot("hold-municipal-issue-one")
    page.once("dialog", lambda dialog: dialog.accept())  # «Присвоить номера в реестре и выдать?»
    form.get_by_role("button", name="Присвоить номера и выдать").click()
    expect(page.get_by_role("alert").or_(page.locator(".alert-success")).first).to_contain_text("Выдано:")
    bakery_certificate = Certificate.objects.get(
        award__decision=krasnodar_decision, award__participation=bakery_participation
    )
    expect(bakery_row.get_by_test_id("certificate")).to_contain_text(f"№\u00a0{bakery_certificate.number}")
    farm_row = places.get_by_role("row").filter(has_text="Рассвет")
    expect(farm_row.get_by_test_id("certificate")).to_contain_text("не выдана")

    form = issue_form(page, CertificateKind.MUNICIPAL)
    form.get_by_label("Кому").select_option(label="всем победителям без грамоты")
    expect(form.get_by_label("Инициалы и фамилия")).to_have_value("В. Л. Евланов")  # who signed the last one
    page.once("dialog", lambda dialog: dialog.accept())  # «Присвоить номера в реестре и выдать?»
    form.get_by_role("button", name="Присвоить номера и выдать").click()
    expect(page.get_by_test_id("all-issued")).to_be_visible()
    farm_certificate = Certificate.objects.get(award__decision=krasnodar_decision, award__participation=farm)
    expect(farm_row.get_by_test_id("certificate")).to_contain_text(f"№\u00a0{farm_certificate.number}")
    assert farm_certificate.number != bakery_certificate.number
    screenshot("hold-municipal-issued")
    log_out(page)

    # Stage 2: the regional commission proposes, its secretary records the decision.
    log_in(page, base, "regional")
    page.goto(f"{base}/region/results/")
    page.get_by_role("button", name="Предложить победителей").click()
    expect(page.get_by_test_id("proposed-count")).to_be_visible()
    screenshot("hold-regional-proposal")
    log_out(page)

    log_in(page, base, "regional-secretary")
    page.goto(f"{base}/region/results/")
    form = page.get_by_test_id("decision-form")
    form.get_by_label("Номер протокола").fill("1-к")
    form.get_by_label("Дата протокола").fill(timezone.localdate().isoformat())
    form.get_by_label("Скан подписанного протокола").set_input_files(scan_file(tmp_path, "Протокол 1-к.pdf"))
    form.get_by_label(re.compile(r"^\s*Подтверждаю: протокол называет победителей")).check()
    form.get_by_role("button", name="Внести решение").click()
    winners = page.get_by_test_id("regional-winners")
    expect(winners).to_contain_text("ООО «Кубанский хлебозавод»")
    expect(winners).to_contain_text("ООО «Сочинский завод»")
    expect(winners).to_contain_text("ООО «Агрофирма «Рассвет»")
    screenshot("hold-regional-decision")
    regional_decision = Decision.objects.get(contest=demo, level="regional", voided_at__isnull=True)

    # Honorary certificates for the first places, diplomas for the others (п. 6.1).
    page.get_by_test_id("decision-documents").click()
    expect(page.get_by_role("heading", name="Награды и документы")).to_be_visible()
    form = issue_form(page, CertificateKind.HONORARY)
    form.get_by_label("Кому").select_option(label="первым местам")
    form.get_by_label("Инициалы и фамилия").fill("А. Н. Ткачёв")
    page.once("dialog", lambda dialog: dialog.accept())  # «Присвоить номера в реестре и выдать?»
    form.get_by_role("button", name="Присвоить номера и выдать").click()
    expect(page.locator(".alert-success").first).to_contain_text("Выдано:")
    form = issue_form(page, CertificateKind.DIPLOMA)
    form.get_by_label("Кому").select_option(label="вторым и третьим местам")
    form.get_by_label("Инициалы и фамилия").fill("В. В. Петров")
    page.once("dialog", lambda dialog: dialog.accept())  # «Присвоить номера в реестре и выдать?»
    form.get_by_role("button", name="Присвоить номера и выдать").click()
    expect(page.get_by_test_id("all-issued")).to_be_visible()
    regional_certificates = list(Certificate.objects.filter(award__decision=regional_decision).select_related("award"))
    kinds = {(c.award.participation_id, c.award.place, c.kind) for c in regional_certificates}
    assert (sochi_plant.pk, 2, CertificateKind.DIPLOMA) in kinds
    assert (bakery_participation.pk, 1, CertificateKind.HONORARY) in kinds
    assert (farm.pk, 1, CertificateKind.HONORARY) in kinds
    assert all(c.kind == CertificateKind.HONORARY for c in regional_certificates if c.award.place == 1)
    cells = page.get_by_test_id("places").get_by_test_id("certificate")
    page_text = " ".join(cells.all_inner_texts())
    for certificate in regional_certificates:
        assert f"№\u00a0{certificate.number}" in page_text
    expect(page.get_by_text("не выдана")).to_have_count(0)
    screenshot("hold-regional-issued")
    log_out(page)

    # 3. The organization's representative sees its outcome.
    log_in(page, base, "org")
    page.get_by_role("link", name=re.compile("^Открыть")).click()
    page.wait_for_url(f"{base}/participation/{bakery_participation.pk}/")
    outcome = page.get_by_test_id("outcome")
    expect(outcome.get_by_test_id("verified-total")).to_have_text("108")
    expect(outcome).to_contain_text("Заявлено организацией: 113.")
    changes = outcome.get_by_test_id("changes")
    expect(changes).to_contain_text(CORRECTION_REASON)
    standings = outcome.get_by_test_id("standing")
    municipal_standing = standings.filter(has_text="Муниципальный этап")
    expect(municipal_standing).to_contain_text("1 место")
    expect(municipal_standing).to_contain_text("победитель этапа")
    expect(municipal_standing).to_contain_text("Протокол № 7 от")
    regional_standings = standings.filter(has_text="Краевой этап")
    expect(regional_standings.first).to_contain_text("1 место")
    expect(regional_standings.first).to_contain_text("Протокол № 1-к от")
    certificates = outcome.get_by_test_id("certificate")
    certificate_text = " ".join(certificates.all_inner_texts())
    assert f"№ {bakery_certificate.number} в реестре" in certificate_text
    honorary = next(
        c
        for c in regional_certificates
        if c.award.participation_id == bakery_participation.pk and c.kind == CertificateKind.HONORARY
    )
    assert f"№ {honorary.number} в реестре" in certificate_text
    screenshot("hold-participant-outcome")


def test_staff_reopen_a_municipal_decision_and_the_results_are_live_again(demo, live_server, page, screenshot):
    """A municipal decision with no regional decision yet: staff reopen it with a reason and a confirmation; the
    decision is kept as «отменено» and the municipality's results page is live again (a new decision can be made)."""
    base = live_server.url
    winner, _ = verified(demo, organization_in(demo, full_name="ООО «Восход»", short_name="ООО «Восход»"))
    decision = decisions.record_municipal_decision(
        demo,
        municipality_id=municipality("Краснодар").pk,
        actor=municipal_user(Role.MUNICIPAL_SECRETARY),
        number="5",
        day=timezone.localdate(),
    )
    assert reload(winner).state == ParticipationState.MUNICIPAL_WINNER

    log_in(page, base, "staff")
    page.goto(f"{base}/decisions/{decision.pk}/")
    form = page.get_by_test_id("void-form")
    form.get_by_label("Причина отмены").fill("Протокол № 5 внесён по ошибке: заседание комиссии перенесено")
    form.get_by_role("button", name="Отменить решение").click()
    expect(page.get_by_test_id("void-form").locator(".invalid-feedback, .alert-danger").first).to_be_visible()
    assert reload(winner).state == ParticipationState.MUNICIPAL_WINNER  # not without the confirmation

    form = page.get_by_test_id("void-form")
    expect(form.get_by_label("Причина отмены")).to_have_value(
        "Протокол № 5 внесён по ошибке: заседание комиссии перенесено"
    )
    form.get_by_label(re.compile(r"^\s*Подтверждаю: решение будет отменено")).check()
    form.get_by_role("button", name="Отменить решение").click()
    expect(page.get_by_test_id("void")).to_contain_text("Решение отменено")
    expect(page.get_by_test_id("void")).to_contain_text("заседание комиссии перенесено")
    expect(page.locator("main")).to_contain_text("отменён")
    assert reload(winner).state == ParticipationState.VERIFIED
    screenshot("hold-decision-void")

    page.get_by_role("link", name="Итоги муниципального этапа").click()
    expect(page.get_by_test_id("void-decision")).to_contain_text(str(decision))
    expect(page.get_by_test_id("decision-form")).to_be_visible()
    expect(page.get_by_test_id("ready")).to_be_visible()
    expect(page.get_by_test_id("winners")).to_have_count(0)
    screenshot("hold-results-live-again")
