"""The results pages of both stages: the municipality's rankings and decision, the regional commission's materials,
rankings by nomination, proposal and decision; who may open and do what; query counts of the lists.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contest import rankings
from contest.enums import AttachmentKind, DecisionLevel, Role
from contest.enums import ParticipationState as S
from contest.forms.results import tie_prefix
from contest.models import Award, Decision, Participation, TieResolution
from contest.services import decisions, review
from tests.contest.helpers import PDF_BYTES, reload
from tests.contest.test_results_services import forward, participant
from tests.factories import UserFactory, municipal_user, municipality, open_contest

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest():
    return open_contest()


def content_of(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def field_error(content: str, field: str) -> str:
    """The error shown next to a form field (crispy's invalid-feedback), or "" when there is none."""
    match = re.search(rf'id="error_\d+_id_{field}"[^>]*>\s*<strong>(.*?)</strong>', content, re.S)
    return match.group(1).strip() if match else ""


def scan(name: str = "протокол.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def town_query(town: str = "Краснодар") -> str:
    return f"?municipality={municipality(town).pk}"


def tie_data(group: rankings.Group, order: list, reason: str = "Протокол № 4: меньше дней нетрудоспособности") -> dict:
    """The tie form's POST data: the order given as participations, the highest first."""
    prefix = tie_prefix(group.key)
    data = {"group": group.key, f"{prefix}-mode": "order", f"{prefix}-reason": reason}
    for number, participation in enumerate(order, start=1):
        data[f"{prefix}-place_{participation.pk}"] = str(number)
    return data


def decision_data(**changes) -> dict:
    return {"number": "7", "day": timezone.localdate().isoformat(), "scan": scan(), "confirm": "on", **changes}


def krasnodar_groups(contest):
    return rankings.municipal_groups(contest, municipality("Краснодар").pk)


def staff():
    return UserFactory(role=Role.STAFF)


def snapshot() -> tuple:
    """Everything the results pages may change."""
    return (
        sorted(Participation.objects.values_list("pk", "state")),
        sorted(TieResolution.objects.values_list("group", "order")),
        sorted(Decision.objects.values_list("level", "municipality_id", "number")),
        sorted(Award.objects.values_list("participation_id", "level", "place", "decision_id")),
    )


# ---------------------------------------------------------------------------------------------------------------------
# Stage 1: the municipality's results


def test_municipal_results_show_groups_and_first_places_as_ranked(contest, login):
    second = participant(contest, "98", "Вторая")
    first = participant(contest, "108", "Первая")
    energy = participant(contest, "93", "Энергия", sector="energy")
    small = participant(contest, "103", "Малая", small=True)
    participant(contest, "113", "Сочинская", town="Сочи")
    review.correct_value(
        second, actor=municipal_user(Role.MUNICIPAL_MEMBER), key="ppe_pct", value="96", reason="Акт проверки"
    )
    response = login(municipal_user(Role.MUNICIPAL_MEMBER)).get(reverse("municipal-results"))
    assert response.status_code == 200
    assert [
        (group.title, [(e.participation.pk, e.place, e.prize) for e in group.entries])
        for group in response.context["groups"]
    ] == [
        (
            "средний и крупный бизнес · Обрабатывающие производства",
            [(first.pk, 1, True), (second.pk, 2, False)],
        ),
        ("средний и крупный бизнес · Производство и распределение энергии", [(energy.pk, 1, True)]),
        ("малый бизнес · Обрабатывающие производства", [(small.pk, 1, True)]),
    ]
    content = content_of(response)
    assert content.count('class="table-success" data-testid="entry"') == 3
    # The corrected card: verified 96, declared 98, still under review and marked.
    row = re.search(rf'data-participation="{second.pk}">(.*?)</tr>', content, re.S).group(1)
    assert re.search(r'data-testid="total">(.*?)<', row).group(1) == "96"
    assert "заявлено 98" in row
    assert "карта не проверена — место предварительное" in row
    assert response.context["problems"] == ["Проверьте все карты (не проверено: 1)."]
    assert "Сочинская" not in content
    # A member sees the results but neither the secretary's forms nor a tie form.
    assert 'data-testid="decision-form"' not in content
    assert "Решение межведомственной комиссии вносит секретарь территориальной конкурсной комиссии." in content


def test_staff_choose_the_municipality(contest, login):
    participant(contest, "98", "Сочинская", town="Сочи")
    client = login(staff())
    response = client.get(reverse("municipal-results"))
    assert response.context["municipality"] is None
    assert 'data-testid="choose-municipality"' in content_of(response)
    response = client.get(reverse("municipal-results") + town_query("Сочи"))
    assert response.context["municipality"] == municipality("Сочи")
    assert [g.title for g in response.context["groups"]] == ["средний и крупный бизнес · Обрабатывающие производства"]
    assert client.get(reverse("municipal-results") + "?municipality=abc").status_code == 404
    assert client.get(reverse("municipal-results") + "?municipality=999999").status_code == 404


def test_tie_at_first_place_blocks_the_decision_until_the_secretary_records_the_order(contest, login):
    one = participant(contest, "98", "Альфа")
    two = participant(contest, "98", "Бета")
    client = login(municipal_user(Role.MUNICIPAL_SECRETARY))
    url = reverse("municipal-results")
    content = content_of(client.get(url))
    assert 'data-testid="tie-flag"' in content
    assert "Равенство баллов на первом месте" in content
    assert 'data-testid="tie-form"' in content
    assert content.count('class="table-danger" data-testid="entry"') == 2

    # The decision is refused and says why; what was typed stays.
    response = client.post(reverse("municipal-decision"), decision_data(number="15/2012"))
    assert response.status_code == 200
    assert re.search(r'data-testid="decision-error">(.*?)</div>', content_of(response)).group(1) == (
        "Равенство баллов на первом месте требует решения комиссии: средний и крупный бизнес · Обрабатывающие производства."
    )
    assert 'value="15/2012"' in content_of(response)
    assert not Decision.objects.exists()

    # The same number twice, and no reason: told next to the fields, nothing saved.
    [group] = krasnodar_groups(contest)
    data = tie_data(group, [one, two], reason=" ")
    data[f"{tie_prefix(group.key)}-place_{two.pk}"] = "1"
    response = client.post(reverse("municipal-tie"), data)
    assert response.status_code == 200
    content = content_of(response)
    assert "У каждого участника должен быть свой номер по порядку: номера не повторяются." in content
    assert field_error(content, f"{tie_prefix(group.key)}-reason") == "Укажите основание решения комиссии."
    assert not TieResolution.objects.exists()

    response = client.post(reverse("municipal-tie"), tie_data(group, [two, one]), follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert messages_of(response) == [
        "Решение при равенстве баллов записано: средний и крупный бизнес · Обрабатывающие производства."
    ]
    [group] = response.context["groups"]
    assert [(e.participation, e.place, e.prize) for e in group.entries] == [(two, 1, True), (one, 2, False)]
    content = content_of(response)
    assert 'data-testid="tie-flag"' not in content
    resolution = re.search(r'data-testid="tie-resolution">(.*?)</div>\s*</div>', content, re.S).group(1)
    assert "Протокол № 4: меньше дней нетрудоспособности" in resolution
    assert "Иванова Мария Петровна" in resolution
    assert response.context["problems"] == []

    response = client.post(reverse("municipal-decision"), decision_data(), follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert (reload(two).state, reload(one).state) == (S.MUNICIPAL_WINNER, S.VERIFIED)


def test_the_decision_makes_first_places_winners_forwarded_to_the_region(
    contest, login, django_capture_on_commit_callbacks
):
    first = participant(contest, "108", "Первая")
    second = participant(contest, "98", "Вторая")
    small = participant(contest, "103", "Малая", small=True)
    secretary = municipal_user(Role.MUNICIPAL_SECRETARY)
    client = login(secretary)
    content = content_of(client.get(reverse("municipal-results")))
    deadline = re.search(r'data-testid="forwarding-deadline">(.*?)</p>', content, re.S).group(1)
    assert f"до {contest.forwarding_deadline.day} " in deadline
    assert 'data-testid="late"' not in content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("municipal-decision"),
            decision_data(number=" 15/2012 ", scan=scan("Протокол МВК.pdf")),
            follow=True,
        )
    assert response.redirect_chain == [(reverse("municipal-results"), 302)]
    decision = Decision.objects.get()
    assert messages_of(response) == [
        f"Протокол № 15/2012 от {decision.date:%d.%m.%Y} внесён. Победители муниципального этапа направлены на краевой "
        "этап; организации получат письма."
    ]
    assert (decision.level, decision.municipality, decision.recorded_by) == (
        DecisionLevel.MUNICIPAL,
        municipality("Краснодар"),
        secretary,
    )
    assert decision.original_name == "Протокол_МВК.pdf"
    assert [reload(p).state for p in (first, second, small)] == [S.MUNICIPAL_WINNER, S.VERIFIED, S.MUNICIPAL_WINNER]
    assert sorted(Award.objects.values_list("participation_id", "level", "place", "decision_id")) == sorted(
        [(first.pk, "municipal", 1, decision.pk), (small.pk, "municipal", 1, decision.pk)]
    )
    winners_mail = [m for m in mail.outbox if m.subject == "Победа в муниципальном этапе смотра-конкурса"]
    assert sorted(m.to[0] for m in winners_mail) == sorted(
        u.email for p in (first, small) for u in p.organization.representatives.all()
    )

    content = content_of(response)
    assert 'data-testid="decision-form"' not in content
    assert f'href="{reverse("decision-file", args=[decision.pk])}"' in content
    winners = re.search(r'data-testid="winners">(.*?)</ul>', content, re.S).group(1)
    assert "ООО «Первая»" in winners
    assert "ООО «Малая»" in winners
    assert "ООО «Вторая»" not in winners
    download = client.get(reverse("decision-file", args=[decision.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF_BYTES

    regional = login(UserFactory(role=Role.REGIONAL_MEMBER))
    response = regional.get(reverse("regional-participants"))
    assert [p.pk for p in response.context["rows"]] == [first.pk, small.pk]
    response = regional.get(reverse("regional-results"))
    groups = [g for _, groups in response.context["sections"] for g in groups]
    assert [(g.title, [e.participation.pk for e in g.entries]) for g in groups] == [
        ("Три лучшие организации среднего и крупного бизнеса в крае", [first.pk]),
        (
            "Лучшие организации среднего и крупного бизнеса в основных отраслях экономики края: Обрабатывающие производства",
            [first.pk],
        ),
        ("Три лучшие организации малого бизнеса в крае", [small.pk]),
    ]


def test_decision_form_tells_bad_input_next_to_the_fields(contest, login):
    participant(contest, "98", "Альфа")
    client = login(municipal_user(Role.MUNICIPAL_SECRETARY))
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        reverse("municipal-decision"),
        {"number": "", "day": tomorrow.isoformat(), "scan": scan("протокол.pdf", b"not a pdf at all")},
    )
    assert response.status_code == 200
    content = content_of(response)
    assert field_error(content, "number") == "Укажите номер протокола."
    assert field_error(content, "day") == "Дата протокола не может быть позже сегодняшнего дня."
    assert field_error(content, "scan") == "Этот вид файла не принимается. Допустимые форматы: PDF, JPEG, PNG."
    response = client.post(reverse("municipal-decision"), {"number": "1", "day": "2012-02-10"})
    assert field_error(content_of(response), "scan") == "Приложите скан подписанного протокола."
    assert not Decision.objects.exists()


def past_forwarding_deadline(contest):
    today = timezone.localdate()
    open_contest(
        application_deadline=today - timedelta(days=3),
        card_deadline=today - timedelta(days=2),
        forwarding_deadline=today - timedelta(days=1),
    )


def test_after_the_forwarding_deadline_only_staff_record_the_decision_with_a_reason(contest, login):
    participation = participant(contest, "98", "Альфа")
    past_forwarding_deadline(contest)
    secretary = login(municipal_user(Role.MUNICIPAL_SECRETARY))
    content = content_of(secretary.get(reverse("municipal-results")))
    assert 'data-testid="decision-form"' not in content
    assert "Срок истёк." in content
    assert 'data-testid="late"' in content
    response = secretary.post(reverse("municipal-decision"), decision_data())
    assert response.status_code == 200
    assert "направить победителей теперь может только департамент труда" in content_of(response)
    assert not Decision.objects.exists()

    client = login(staff())
    url = reverse("municipal-results") + town_query()
    content = content_of(client.get(url))
    assert 'name="late_reason"' in content
    response = client.post(reverse("municipal-decision") + town_query(), decision_data())
    assert field_error(content_of(response), "late_reason") == "Укажите причину направления после срока."
    assert not Decision.objects.exists()
    response = client.post(
        reverse("municipal-decision") + town_query(), decision_data(late_reason="Протокол подписан 21.02"), follow=True
    )
    assert response.redirect_chain == [(url, 302)]
    assert Decision.objects.get().late_reason == "Протокол подписан 21.02"
    assert reload(participation).state == S.MUNICIPAL_WINNER
    assert "«Протокол подписан 21.02»" in content_of(response)


# ---------------------------------------------------------------------------------------------------------------------
# Stage 2: the regional commission


@pytest.fixture
def stage2(contest):
    winners = {
        "krd-manufacturing": participant(contest, "113", "Кубань-Маш"),
        "krd-energy": participant(contest, "98", "Энергосеть", sector="energy"),
        "krd-small": participant(contest, "103", "Малая Кубань", small=True),
        "sochi-manufacturing": participant(contest, "108", "Сочи-Маш", town="Сочи"),
        "sochi-small": participant(contest, "93", "Малый Сочи", town="Сочи", sector="agriculture", small=True),
        "nvr-construction": participant(contest, "103", "НовоСтрой", town="Новороссийск", sector="construction"),
    }
    runner_up = participant(contest, "93", "Отстающая")
    for town in ("Краснодар", "Сочи", "Новороссийск"):
        forward(contest, town)
    return {**{key: reload(p) for key, p in winners.items()}, "runner-up": reload(runner_up)}


def test_regional_participants_list_and_filters(contest, stage2, login):
    w = stage2
    client = login(UserFactory(role=Role.REGIONAL_MEMBER))
    response = client.get(reverse("regional-participants"))
    assert [p.pk for p in response.context["rows"]] == [
        w[key].pk
        for key in (
            "krd-manufacturing",
            "sochi-manufacturing",
            "krd-small",
            "nvr-construction",
            "krd-energy",
            "sochi-small",
        )
    ]
    assert w["runner-up"].pk not in [p.pk for p in response.context["rows"]]
    assert re.search(r'data-testid="count">(.*?)</p>', content_of(response)).group(1) == "Организаций: 6"
    sochi = municipality("Сочи").pk
    response = client.get(reverse("regional-participants"), {"municipality": sochi})
    assert [p.pk for p in response.context["rows"]] == [w["sochi-manufacturing"].pk, w["sochi-small"].pk]
    response = client.get(reverse("regional-participants"), {"size_category": "small"})
    assert [p.pk for p in response.context["rows"]] == [w["krd-small"].pk, w["sochi-small"].pk]
    energy = contest.sectors.get(code="energy").pk
    response = client.get(reverse("regional-participants"), {"sector": energy, "size_category": "medium_large"})
    assert [p.pk for p in response.context["rows"]] == [w["krd-energy"].pk]
    # A value that does not fit is ignored rather than an error.
    response = client.get(reverse("regional-participants"), {"municipality": "abc", "size_category": "huge"})
    assert len(response.context["rows"]) == 6
    # Only municipalities that forwarded anyone are offered.
    choices = [str(m) for m in response.context["form"].fields["municipality"].queryset]
    assert sorted(choices) == ["Краснодар", "Новороссийск", "Сочи"]


def test_regional_participants_search_and_pages_keeping_the_filters(contest, stage2, login, monkeypatch):
    monkeypatch.setattr("core.paging.PAGE_SIZE", 2)
    client = login(UserFactory(role=Role.REGIONAL_MEMBER))

    found = client.get(reverse("regional-participants"), {"q": stage2["nvr-construction"].organization.inn})
    first = client.get(reverse("regional-participants"), {"size_category": "medium_large"})
    last = client.get(reverse("regional-participants"), {"size_category": "medium_large", "page": 2})

    assert [p.pk for p in found.context["rows"]] == [stage2["nvr-construction"].pk]
    assert [p.pk for p in first.context["rows"]] == [stage2["krd-manufacturing"].pk, stage2["sochi-manufacturing"].pk]
    assert [p.pk for p in last.context["rows"]] == [stage2["nvr-construction"].pk, stage2["krd-energy"].pk]
    page = content_of(first)
    assert re.search(r'data-testid="count">(.*?)</p>', page).group(1).startswith("Организаций: 4")
    assert 'href="?size_category=medium_large&amp;page=2"' in page
    name = client.get(reverse("regional-participants"), {"q": "новострой"})
    assert [p.pk for p in name.context["rows"]] == [stage2["nvr-construction"].pk]


def test_regional_participant_shows_verified_values_points_files_and_history(contest, login):
    participation = participant(contest, "98", "Кубань-Маш")
    member = municipal_user(Role.MUNICIPAL_MEMBER)
    review.correct_value(participation, actor=member, key="ppe_pct", value="96", reason="Акт: выдано 96 % СИЗ")
    review.mark_verified(reload(participation), actor=member)
    forward(contest)
    client = login(UserFactory(role=Role.REGIONAL_MEMBER))
    response = client.get(reverse("regional-participant", args=[participation.pk]))
    assert response.status_code == 200
    content = content_of(response)
    assert response.context["result"].total == Decimal("96")
    assert re.search(r'data-testid="card-total"><span class="fw-bold">(.*?)<', content).group(1) == "96"
    k3 = re.search(r'<tr data-code="K3">(.*?)</tr>', content, re.S).group(1)
    assert re.search(r'class="text-end text-nowrap line-value">(.*?)</td>', k3).group(1) == "96"
    corrections = re.search(r'data-testid="corrections">(.*?)</table>', content, re.S).group(1)
    assert "Акт: выдано 96 % СИЗ" in corrections
    assert ">100<" in corrections
    assert ">96<" in corrections
    attachment = participation.attachments.get(kind=AttachmentKind.ANALYTICAL_NOTE)
    assert f'href="{reverse("attachment-download", args=[attachment.pk])}"' in content
    assert client.get(reverse("attachment-download", args=[attachment.pk])).status_code == 200
    assert "Победитель муниципального этапа" in content_of(response)
    assert 'data-testid="history"' in content


def test_regional_commission_cannot_open_a_participation_that_was_not_forwarded(contest, login):
    participation = participant(contest, "98", "Альфа")
    attachment = participation.attachments.first()
    client = login(UserFactory(role=Role.REGIONAL_MEMBER))
    assert client.get(reverse("regional-participant", args=[participation.pk])).status_code == 404
    assert client.get(reverse("attachment-download", args=[attachment.pk])).status_code == 404


def test_propose_and_record_the_regional_decision_through_the_pages(
    contest, stage2, login, django_capture_on_commit_callbacks
):
    w = stage2
    member = login(UserFactory(role=Role.REGIONAL_MEMBER))
    content = content_of(member.get(reverse("regional-results")))
    assert content.count('data-testid="nomination"') == 3
    assert "Предложить победителей" in content
    assert 'data-testid="decision-form"' not in content
    response = member.post(reverse("regional-propose"), follow=True)
    assert response.redirect_chain == [(reverse("regional-results"), 302)]
    assert messages_of(response) == [
        "Победители предложены: призовых мест — 8. Секретарь может внести решение краевой комиссии."
    ]
    assert {reload(p).state for key, p in w.items() if key != "runner-up"} == {S.REGIONAL_SHORTLIST}
    content = content_of(response)
    assert content.count('data-testid="proposed"') == 8
    assert "Предложить победителей заново" in content
    assert 'data-testid="proposal-outdated"' not in content
    # The member may not record the decision: nothing changes.
    before = snapshot()
    assert member.post(reverse("regional-decision"), decision_data()).status_code == 403
    assert snapshot() == before

    secretary = login(UserFactory(role=Role.REGIONAL_SECRETARY))
    assert 'data-testid="decision-form"' in content_of(secretary.get(reverse("regional-results")))
    with django_capture_on_commit_callbacks(execute=True):
        response = secretary.post(reverse("regional-decision"), decision_data(number="3-к"), follow=True)
    assert response.redirect_chain == [(reverse("regional-results"), 302)]
    decision = Decision.objects.get(level=DecisionLevel.REGIONAL)
    assert messages_of(response) == [
        f"Протокол № 3-к от {decision.date:%d.%m.%Y} внесён: победители смотра-конкурса определены; организации получат письма."
    ]
    assert {reload(p).state for key, p in w.items() if key != "runner-up"} == {S.REGIONAL_WINNER}
    assert Award.objects.filter(level=DecisionLevel.REGIONAL, decision=decision).count() == 8
    content = content_of(response)
    winners = re.findall(r'data-testid="winner">(.*?)</div>', content, re.S)
    assert len(winners) == 8
    assert "1 место" in winners[0]
    assert "Кубань-Маш" in winners[0]
    assert f'href="{reverse("decision-file", args=[decision.pk])}"' in content
    assert "Предложить победителей" not in content
    assert 'data-testid="decision-form"' not in content
    assert any(m.subject == "Организация — победитель смотра-конкурса" for m in mail.outbox)


def test_regional_tie_at_a_prize_place_is_flagged_and_resolved_through_the_page(contest, login):
    first = participant(contest, "113", "Первая", small=True)
    second = participant(contest, "108", "Вторая", town="Сочи", small=True)
    third_a = participant(contest, "98", "Третья-А", town="Новороссийск", small=True)
    third_b = participant(contest, "98", "Третья-Б", town="Анапа", small=True)
    for town in ("Краснодар", "Сочи", "Новороссийск", "Анапа"):
        forward(contest, town)
    client = login(UserFactory(role=Role.REGIONAL_MEMBER))
    response = client.get(reverse("regional-results"))
    content = content_of(response)
    assert content.count('data-testid="tie-flag"') == 1
    assert "Равенство баллов на призовом месте" in content
    problems = re.search(r'data-testid="problems">(.*?)</ul>', content, re.S).group(1)
    assert "Три лучшие организации малого бизнеса в крае" in problems
    response = client.post(reverse("regional-propose"), follow=True)
    assert messages_of(response) == [
        "Равенство баллов на призовом месте требует решения комиссии: Три лучшие организации малого бизнеса в крае."
    ]
    assert not Award.objects.filter(level=DecisionLevel.REGIONAL).exists()

    [group] = [g for g in rankings.nomination_groups(contest) if g.tied_at_prize]
    response = client.post(reverse("regional-tie"), tie_data(group, [third_b, third_a]), follow=True)
    assert messages_of(response) == [
        "Решение при равенстве баллов записано: Три лучшие организации малого бизнеса в крае."
    ]
    [small] = [g for _, groups in response.context["sections"] for g in groups if g.nomination.code == "best-small"]
    assert [(e.participation, e.place, e.prize) for e in small.entries] == [
        (first, 1, True),
        (second, 2, True),
        (third_b, 3, True),
        (third_a, 4, False),
    ]
    assert 'data-testid="tie-flag"' not in content_of(response)
    response = client.post(reverse("regional-propose"), follow=True)
    assert reload(third_b).state == S.REGIONAL_SHORTLIST
    assert reload(third_a).state == S.MUNICIPAL_WINNER


def test_a_changed_ranking_marks_the_proposal_outdated(contest, login):
    participant(contest, "108", "Первая")
    forward(contest)
    client = login(UserFactory(role=Role.REGIONAL_MEMBER))
    client.post(reverse("regional-propose"))
    participant(contest, "113", "Поздняя", town="Сочи")
    forward(contest, "Сочи")
    content = content_of(client.get(reverse("regional-results")))
    assert 'data-testid="proposal-outdated"' in content


# ---------------------------------------------------------------------------------------------------------------------
# Start pages and navigation


def test_start_pages_link_to_the_results_with_counts(contest, stage2, login):
    content = content_of(login(UserFactory(role=Role.REGIONAL_MEMBER)).get(reverse("home")))
    worklist = re.search(r'data-testid="worklist">(.*?)</section>', content, re.S).group(1)
    assert "Направлено организаций: 6." in worklist
    assert f'href="{reverse("regional-participants")}"' in worklist
    link = re.search(r'data-testid="regional-results-link">(.*?)</section>', content, re.S).group(1)
    assert "Победители ещё не предложены." in link
    assert f'href="{reverse("regional-results")}"' in link
    decisions.propose_regional_winners(contest, actor=staff())
    content = content_of(login(UserFactory(role=Role.REGIONAL_SECRETARY)).get(reverse("home")))
    assert "Предложено призовых мест: 8; ждут решения краевой межведомственной комиссии." in content
    nav = re.search(r'<ul class="navbar-nav.*?</ul>', content, re.S).group(0)
    assert f'href="{reverse("regional-participants")}"' in nav
    assert f'href="{reverse("regional-results")}"' in nav

    content = content_of(login(municipal_user(Role.MUNICIPAL_MEMBER)).get(reverse("home")))
    link = re.search(r'data-testid="municipal-results-link">(.*?)</section>', content, re.S).group(1)
    assert f'href="{reverse("municipal-results")}"' in link
    nav = re.search(r'<ul class="navbar-nav.*?</ul>', content, re.S).group(0)
    assert reverse("regional-results") not in nav


def test_waiting_work_of_the_regional_commission(contest, stage2):
    from contest import selectors

    member = UserFactory(role=Role.REGIONAL_MEMBER)
    assert selectors.waiting_work(member, contest) == {"forwarded": 6, "proposed": 0, "regional_decision": 0}
    decisions.propose_regional_winners(contest, actor=member)
    decisions.record_regional_decision(
        contest, actor=UserFactory(role=Role.REGIONAL_SECRETARY), number="1", day=timezone.localdate()
    )
    assert selectors.waiting_work(member, contest) == {"forwarded": 6, "proposed": 0, "regional_decision": 1}


# ---------------------------------------------------------------------------------------------------------------------
# Who may open and do what


def test_own_municipality_without_a_query_and_another_one_is_404(contest, login):
    participant(contest, "98", "Альфа")
    client = login(municipal_user(Role.MUNICIPAL_SECRETARY, name="Сочи"))
    response = client.get(reverse("municipal-results"))
    assert response.context["municipality"] == municipality("Сочи")
    assert response.context["groups"] == []
    assert client.get(reverse("municipal-results") + town_query("Краснодар")).status_code == 404
    assert client.get(reverse("municipal-results") + town_query("Сочи")).status_code == 200


def test_actions_answer_405_to_get(login):
    client = login(staff())
    for name in ("municipal-tie", "municipal-decision", "regional-tie", "regional-propose", "regional-decision"):
        assert client.get(reverse(name)).status_code == 405


def test_unknown_group_or_decision_is_404(contest, login):
    participant(contest, "98", "Альфа")
    participant(contest, "98", "Бета")
    client = login(municipal_user(Role.MUNICIPAL_SECRETARY))
    assert client.post(reverse("municipal-tie"), {"group": "m:999:small:1"}).status_code == 404
    assert login(staff()).post(reverse("regional-tie"), {"group": "n:999"}).status_code == 404
    assert client.get(reverse("decision-file", args=[999999])).status_code == 404
    assert client.get("/region/abc/").status_code == 404


def test_a_decision_without_a_scan_has_no_file(contest, login):
    participant(contest, "98", "Альфа")
    decision = forward(contest)
    assert login(staff()).get(reverse("decision-file", args=[decision.pk])).status_code == 404


# ---------------------------------------------------------------------------------------------------------------------
# Query counts: the lists cost the same with 1 and 20 rows


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


SECTORS = (
    "manufacturing",
    "energy",
    "construction",
    "transport",
    "communications",
    "housing_utilities",
    "agriculture",
    "healthcare",
    "social_protection",
    "consumer_services",
)


def winners_in(contest, town: str, count: int) -> None:
    """`count` municipal winners of the town, each first in its own size category and sector."""
    for index in range(count):
        participant(contest, "98", f"{town} {index}", town=town, sector=SECTORS[index // 2], small=bool(index % 2))
    forward(contest, town)


def test_regional_lists_query_count_does_not_grow(contest, login, django_assert_num_queries):
    winners_in(contest, "Краснодар", 1)
    client = login(UserFactory(role=Role.REGIONAL_SECRETARY))
    counts = {name: queries_for(client, reverse(name)) for name in ("regional-participants", "regional-results")}
    winners_in(contest, "Сочи", 19)
    with django_assert_num_queries(counts["regional-participants"]):
        response = client.get(reverse("regional-participants"))
    assert len(response.context["rows"]) == 20
    with django_assert_num_queries(counts["regional-results"]):
        response = client.get(reverse("regional-results"))
    assert response.context["forwarded_count"] == 20


def test_regional_results_with_proposals_query_count_does_not_grow(contest, login, django_assert_num_queries):
    participant(contest, "98", "Единственная")
    forward(contest)
    client = login(UserFactory(role=Role.REGIONAL_SECRETARY))
    decisions.propose_regional_winners(contest, actor=staff())
    one = queries_for(client, reverse("regional-results"))
    for index in range(19):
        # Distinct sectors keep the per-sector nomination free of ties; the top-3 ones tie and are flagged.
        participant(contest, "93", f"Сочи {index}", town="Сочи", sector=SECTORS[index // 2], small=bool(index % 2))
    forward(contest, "Сочи")
    with django_assert_num_queries(one):
        response = client.get(reverse("regional-results"))
    assert response.context["forwarded_count"] == 20


def test_municipal_results_are_paged_by_whole_groups_and_the_decision_covers_every_group(contest, login, monkeypatch):
    monkeypatch.setattr("core.paging.PAGE_SIZE", 2)
    first, second = participant(contest, "108", "Первая"), participant(contest, "98", "Вторая")
    energy = participant(contest, "93", "Энергия", sector="energy")
    small = participant(contest, "103", "Малая", small=True)
    client = login(municipal_user(Role.MUNICIPAL_MEMBER))

    pages = [client.get(reverse("municipal-results"), {"page": n}) for n in (1, 2)]

    shown = [[[e.participation.pk for e in group.entries] for group in page.context["groups"]] for page in pages]
    assert shown == [[[first.pk, second.pk]], [[energy.pk], [small.pk]]]  # two rows a page, no group cut in two
    # What the decision will cover is every group's, on each page.
    assert ["(их 4)" in page.context["decision_form"].fields["confirm"].label for page in pages] == [True, True]
    assert 'href="?page=2"' in content_of(pages[0])
    assert "Строки" not in content_of(pages[0])  # its pages count groups, not rows


def test_a_tie_resolved_on_the_second_page_of_the_rankings_returns_to_it(contest, login, monkeypatch):
    monkeypatch.setattr("core.paging.PAGE_SIZE", 1)
    participant(contest, "108", "Первая")
    one, two = participant(contest, "98", "Альфа", sector="energy"), participant(contest, "98", "Бета", sector="energy")
    client = login(municipal_user(Role.MUNICIPAL_SECRETARY))
    page = content_of(client.get(reverse("municipal-results"), {"page": 2}))
    url = re.search(r'action="([^"]+)" novalidate data-testid="tie-form"', page).group(1).replace("&amp;", "&")
    assert url == reverse("municipal-tie") + "?page=2"
    [group] = [g for g in krasnodar_groups(contest) if len(g.entries) == 2]

    response = client.post(url, tie_data(group, [two, one]))

    assert response["Location"] == reverse("municipal-results") + "?page=2"


def test_municipal_results_query_count_does_not_grow(contest, login, django_assert_num_queries):
    participant(contest, "98", "Первая")
    client = login(municipal_user(Role.MUNICIPAL_SECRETARY))
    url = reverse("municipal-results")
    one = queries_for(client, url)
    for index in range(19):
        participant(contest, "98", f"Участник {index}", sector=SECTORS[index % 5], small=index % 3 == 0)
    with django_assert_num_queries(one):
        response = client.get(url)
    assert sum(len(group.entries) for group in response.context["groups"]) == 20
    assert response.context["tie_forms"]  # the ties are flagged with forms: they cost nothing more


def test_municipal_results_after_the_decision_query_count_does_not_grow(contest, login, django_assert_num_queries):
    winners_in(contest, "Краснодар", 1)
    client = login(staff())
    one = queries_for(client, reverse("municipal-results") + town_query("Краснодар"))
    winners_in(contest, "Сочи", 20)
    url = reverse("municipal-results") + town_query("Сочи")
    with django_assert_num_queries(one):
        response = client.get(url)
    assert len(response.context["winners"]) == 20


def test_a_municipal_group_bigger_than_a_page_is_cut_and_its_tie_form_is_with_its_first_rows(
    contest, login, monkeypatch
):
    monkeypatch.setattr("core.paging.PAGE_SIZE", 2)
    tied = [participant(contest, "98", name) for name in ("Альфа", "Бета", "Гамма")]
    energy = participant(contest, "93", "Энергия", sector="energy")
    client = login(municipal_user(Role.MUNICIPAL_SECRETARY))

    first, second = (client.get(reverse("municipal-results"), {"page": n}) for n in (1, 2))

    rows = [
        [[e.participation.pk for e in group.entries] for group in page.context["groups"]] for page in (first, second)
    ]
    assert rows == [[[tied[0].pk, tied[1].pk]], [[tied[2].pk], [energy.pk]]]  # no page holds more than two rows
    assert "Строки 1–2 из 3; остальные — на соседних страницах." in content_of(first)
    assert "Строки 3–3 из 3; остальные — на соседних страницах." in content_of(second)
    # The three-way tie at the first place is resolved on the page with the top of the table, naming all three.
    form = re.search(r'action="([^"]+)" novalidate data-testid="tie-form"', content_of(first)).group(1)
    assert form.replace("&amp;", "&") == reverse("municipal-tie")
    assert 'data-testid="tie-form"' not in content_of(second)
    assert len(first.context["tied"][first.context["groups"][0].key]) == 3
    assert "(их 4)" in second.context["decision_form"].fields["confirm"].label


def test_regional_rankings_pages_cut_a_nomination_bigger_than_a_page_and_repeat_its_heading(
    contest, login, monkeypatch
):
    monkeypatch.setattr("core.paging.PAGE_SIZE", 2)
    winners_in(contest, "Сочи", 6)  # three of medium and large business in three sectors, three of small business
    client = login(UserFactory(role=Role.REGIONAL_MEMBER))

    pages = [client.get(reverse("regional-results"), {"page": n}) for n in range(1, 6)]

    shown = [
        [(nomination.pk, [len(group.entries) for group in groups]) for nomination, groups in page.context["sections"]]
        for page in pages
    ]
    top, per_sector, small = (n.pk for n in contest.nominations.order_by("position", "pk"))
    assert shown == [
        [(top, [2])],
        [(top, [1]), (per_sector, [1])],
        [(per_sector, [1, 1])],
        [(small, [2])],
        [(small, [1])],
    ]
    assert pages[0].context["paged"].page.paginator.num_pages == 5
    assert content_of(pages[1]).count('data-testid="nomination"') == 2  # the top-3 continued, then the next one
    assert all(page.context["forwarded_count"] == 6 for page in pages)
