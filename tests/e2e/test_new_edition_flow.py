"""Issue 13 end to end in a real browser: staff upload a point table document with a renamed input (СОУТ for
attestation) and a new one (micro-injury records), and create next year's edition from the headcount-bands example
with it; an organization fills its card there with the points counted as it types and submits it; the commission
verifies it, and the municipal decision ranks it in its band."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

import scoring
from contest.editions import EXAMPLE_BANDS
from contest.enums import APPROVER_ROLE_BODY, AttachmentKind, ParticipationState
from contest.models import Approval, Contest
from contest.services import participation as services
from contest.services.contests import create_contest_from_edition
from core import codec
from tests.contest.helpers import organization_in, pdf, registered, reload
from tests.e2e.test_participant_flow import log_in, log_out, total, wait_for_total
from tests.factories import municipal_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_KEY = "has_microtrauma_records"


def new_document() -> dict:
    """The 2011 table with assessment_pct renamed to sout_pct everywhere, and a new yes/no input with its indicator
    (K20, 4 points) that the sample cards answer too."""
    table = scoring.get_table("krasnodar-2011")
    text = json.dumps(scoring.dump_table(table), ensure_ascii=False).replace('"assessment_pct"', '"sout_pct"')
    document = json.loads(text)
    document.update(key="krasnodar-2027", title="Таблица 2027 года: СОУТ и микроповреждения")
    document["inputs"].append(
        {"key": NEW_KEY, "label": "Учёт и рассмотрение микроповреждений (микротравм) работников", "kind": "bool"}
    )
    document["indicators"].append(
        {
            "code": "K20",
            "title": "Учёт и рассмотрение микроповреждений (микротравм) работников",
            "source": NEW_KEY,
            "number": "20.",
            "rules": [{"type": "flag", "value": True, "points": "4"}, {"type": "flag", "value": False, "points": "0"}],
        }
    )
    for sample in document["samples"]:
        sample["values"][NEW_KEY] = True
    return document


def typed(value) -> str:
    """A number as a person types it: «72,5», «102»."""
    return format(codec.tidy(Decimal(str(value))), "f").replace(".", ",")


def test_a_new_edition_from_an_uploaded_table_runs_from_card_to_decision(demo, live_server, page, tmp_path):
    base = live_server.url
    bands = create_contest_from_edition(EXAMPLE_BANDS)
    document = tmp_path / "krasnodar-2027.json"
    document.write_text(json.dumps(new_document(), ensure_ascii=False), encoding="utf-8")

    # Staff keep the document and copy the bands example to the next year with it.
    log_in(page, base, "staff")
    page.get_by_role("button", name="Управление").click()  # staff's tools are one menu in the header
    page.get_by_role("link", name="Таблицы и годы").click()
    page.get_by_label("Документ таблицы (JSON)").set_input_files(str(document))
    page.get_by_role("button", name="Загрузить").click()
    page.wait_for_url(f"{base}/staff/tables/*/")
    page.get_by_role("link", name="Таблицы показателей").first.click()
    page.get_by_role("link", name=f"Скопировать смотр-конкурс {bands.year} года на новый год").click()
    page.get_by_label("Таблица оценочных показателей").select_option(
        label="Таблица 2027 года: СОУТ и микроповреждения — krasnodar-2027, редакция 1"
    )
    page.get_by_label("Проверено: создать смотр-конкурс с этими данными").check()
    page.get_by_role("button", name="Создать смотр-конкурс").click()
    page.wait_for_url(f"{base}/staff/contests/*/deadlines/")
    log_out(page)
    edition = Contest.objects.get(year=bands.year + 1)
    assert edition.point_table.key == "krasnodar-2027"
    assert list(edition.categories.values_list("code", flat=True)) == ["to-50", "51-1000", "over-1000"]
    today = timezone.localdate()
    Contest.objects.filter(pk=edition.pk).update(
        application_deadline=today + timedelta(days=10),
        card_deadline=today + timedelta(days=20),
        forwarding_deadline=today + timedelta(days=30),
    )

    # A registered organization of Krasnodar with 240 workers (the band 51–1000) fills its card in the browser.
    organization = organization_in(edition, headcount=240, full_name="ООО «Новый год»", short_name="ООО «Новый год»")
    participation, representative = registered(reload_contest(edition), organization)
    assert participation.size_category == "51-1000"
    representative.set_password("Novyi-god-2027")
    representative.save()
    table = reload_contest(edition).table
    sample = dict(table.samples[0].values)
    log_in(page, base, representative.username, "Novyi-god-2027")
    page.goto(f"{base}/participation/{participation.pk}/card/")
    assert total(page) == "0"
    assert page.get_by_label(table.input_spec("sout_pct").label).is_visible()
    for key, value in sample.items():
        if isinstance(value, bool):
            page.check(f"input[name={key}][value={value}]")
        else:
            page.fill(f"#id_{key}", typed(value))
    expected = scoring.score_card(sample, table)
    page.get_by_test_id("points-complete").wait_for(state="visible")
    wait_for_total(page, typed(expected.total))
    assert "K20" in page.locator("main").inner_text().replace("К", "K")
    page.get_by_role("button", name="Сохранить и направить на согласование").click()
    assert page.get_by_test_id("participation-state").inner_text() == "Карта на согласовании"
    for role, body in APPROVER_ROLE_BODY.items():
        services.decide_approval(
            Approval.objects.get(participation=participation, body=body), actor=municipal_user(role), approve=True
        )
    for kind in (AttachmentKind.ANALYTICAL_NOTE, AttachmentKind.INFO_MATERIALS):
        services.add_attachment(reload(participation), actor=representative, kind=kind, uploaded=pdf())
    page.goto(f"{base}/participation/{participation.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Представить карту в сектор по труду").click()
    assert page.get_by_test_id("participation-state").inner_text() == "Карта представлена"
    log_out(page)
    assert reload(participation).card.declared_total == expected.total

    # The commission takes it into review and verifies it; the secretary's decision ranks it first in its band.
    log_in(page, base, "member")
    page.goto(f"{base}/commission/{participation.pk}/")
    page.get_by_role("button", name="Принять на проверку").click()
    page.get_by_role("button", name="Карта проверена").click()
    assert reload(participation).state == ParticipationState.VERIFIED
    log_out(page)
    log_in(page, base, "secretary")
    page.goto(f"{base}/commission/results/")
    ranking = page.locator("main").inner_text()
    assert "от 51 до 1000 человек" in ranking
    assert "ООО «Новый год»" in ranking
    page.get_by_label("Номер протокола").fill("1-2027")
    page.get_by_label("Дата протокола").fill(today.isoformat())
    scan = tmp_path / "Протокол.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.get_by_label("Скан подписанного протокола").set_input_files(str(scan))
    page.get_by_label("Подтверждаю: итоги утверждаются протоколом").check()
    page.get_by_role("button", name="Внести решение и направить победителей").click()
    assert reload(participation).state == ParticipationState.MUNICIPAL_WINNER
    award = participation.awards.get(level="municipal")
    assert (award.place, award.category_name) == (1, "от 51 до 1000 человек")


def reload_contest(contest: Contest) -> Contest:
    return Contest.objects.get(pk=contest.pk)
