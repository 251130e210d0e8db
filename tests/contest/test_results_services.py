"""Rankings and decisions of both stages through the services: municipal groups and first places, ties at a prize place
(R9), the municipal decision and forwarding (п. 4.5, 4.7), nominations, the proposal and the regional decision (п. 4.10–4.11).
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from contest import rankings
from contest.enums import DecisionLevel, Role
from contest.enums import ParticipationState as S
from contest.models import Award, Decision, TieResolution
from contest.services import decisions, review
from core.exceptions import DomainError
from tests.contest.helpers import organization_in, reload, verified
from tests.factories import UserFactory, municipal_user, municipality, open_contest

pytestmark = pytest.mark.django_db

# Card changes that give these totals (the complete card scores 98 of 148).
TOTALS = {
    Decimal("113"): {"has_union_representative": True, "has_ohs_certification": True},
    Decimal("108"): {"has_ohs_certification": True},
    Decimal("103"): {"has_union_representative": True},
    Decimal("98"): {},
    Decimal("93"): {"has_ohs_office": False},
}


@pytest.fixture
def contest():
    return open_contest()


def participant(
    contest, total: str, name: str, *, town: str = "Краснодар", sector: str = "manufacturing", small: bool = False
):
    """A verified participation of an organization of the town, sector and size category, with that verified total."""
    organization = organization_in(
        contest, town, sector, headcount=80 if small else 150, full_name=f"ООО «{name}»", short_name=f"ООО «{name}»"
    )
    participation, _ = verified(contest, organization, **TOTALS[Decimal(total)])
    assert participation.card.verified_total == Decimal(total)
    assert participation.size_category == ("small" if small else "medium_large")
    return participation


def staff():
    return UserFactory(role=Role.STAFF)


def secretary(town: str = "Краснодар"):
    return municipal_user(Role.MUNICIPAL_SECRETARY, name=town)


def forward(contest, town: str = "Краснодар"):
    """Record the town's municipal decision: its first places become municipal winners."""
    return decisions.record_municipal_decision(
        contest, municipality_id=municipality(town).pk, actor=secretary(town), number="1", day=timezone.localdate()
    )


def summary(groups):
    """Each group as its title and its entries as (organization id, place, prize)."""
    return [
        (group.title, [(e.participation.organization_id, e.place, e.prize) for e in group.entries]) for group in groups
    ]


# ---------------------------------------------------------------------------------------------------------------------
# Stage 1


def test_municipal_groups_by_size_category_and_sector_first_place_wins(contest):
    second = participant(contest, "98", "Вторая")
    first = participant(contest, "108", "Первая")
    energy = participant(contest, "93", "Энергия", sector="energy")
    small = participant(contest, "103", "Малая", small=True)
    participant(contest, "113", "Сочинская", town="Сочи")  # another municipality is not ranked here
    groups = rankings.municipal_groups(contest, municipality("Краснодар").pk)
    assert summary(groups) == [
        (
            "средний и крупный бизнес · Обрабатывающие производства",
            [(first.organization_id, 1, True), (second.organization_id, 2, False)],
        ),
        ("средний и крупный бизнес · Производство и распределение энергии", [(energy.organization_id, 1, True)]),
        ("малый бизнес · Обрабатывающие производства", [(small.organization_id, 1, True)]),
    ]
    assert [g.tied_at_prize for g in groups] == [(), (), ()]
    assert decisions.municipal_problems(groups) == []


def test_municipal_problems_name_unverified_cards_and_no_participants(contest):
    participation = participant(contest, "98", "Альфа")
    review.correct_value(
        participation, actor=municipal_user(Role.MUNICIPAL_MEMBER), key="ppe_pct", value="96", reason="Акт"
    )
    groups = rankings.municipal_groups(contest, municipality("Краснодар").pk)
    assert decisions.municipal_problems(groups) == ["Проверьте все карты (не проверено: 1)."]
    assert decisions.municipal_problems(rankings.municipal_groups(contest, municipality("Сочи").pk)) == [
        "Нет участников для подведения итогов."
    ]


def test_tie_at_first_place_blocks_the_decision_until_the_secretary_orders_it(contest):
    one = participant(contest, "98", "Альфа")
    two = participant(contest, "98", "Бета")
    town = municipality("Краснодар").pk
    [group] = rankings.municipal_groups(contest, town)
    assert group.tied_at_prize == (one, two)
    assert group.unresolved_tie
    assert [(e.place, e.prize) for e in group.entries] == [(1, False), (1, False)]
    assert decisions.municipal_problems([group]) == [
        "Равенство баллов на первом месте требует решения комиссии: средний и крупный бизнес · Обрабатывающие производства."
    ]
    with pytest.raises(DomainError, match="Равенство баллов на первом месте"):
        forward(contest)

    with pytest.raises(DomainError, match="вносит секретарь"):
        decisions.resolve_tie(
            group, contest=contest, actor=municipal_user(Role.MUNICIPAL_MEMBER), order=[two.pk, one.pk], reason="x"
        )
    with pytest.raises(DomainError, match="вносит секретарь"):
        decisions.resolve_tie(group, contest=contest, actor=secretary("Сочи"), order=[two.pk, one.pk], reason="x")
    with pytest.raises(DomainError, match="Расставьте по порядку всех"):
        decisions.resolve_tie(group, contest=contest, actor=secretary(), order=[two.pk], reason="x")
    with pytest.raises(DomainError, match="Укажите основание"):
        decisions.resolve_tie(group, contest=contest, actor=secretary(), order=[two.pk, one.pk], reason="  ")
    assert not TieResolution.objects.exists()

    decisions.resolve_tie(
        group, contest=contest, actor=secretary(), order=[two.pk, one.pk], reason="Протокол № 3: меньше травм"
    )
    [group] = rankings.municipal_groups(contest, town)
    assert not group.unresolved_tie
    assert group.resolution.reason == "Протокол № 3: меньше травм"
    assert [(e.participation, e.place, e.prize) for e in group.entries] == [(two, 1, True), (one, 2, False)]
    assert decisions.municipal_problems([group]) == []
    forward(contest)
    assert (reload(two).state, reload(one).state) == (S.MUNICIPAL_WINNER, S.VERIFIED)


def test_a_resolution_no_longer_applies_when_the_tied_participants_change(contest):
    one = participant(contest, "98", "Альфа")
    two = participant(contest, "98", "Бета")
    town = municipality("Краснодар").pk
    [group] = rankings.municipal_groups(contest, town)
    decisions.resolve_tie(group, contest=contest, actor=secretary(), order=[one.pk, two.pk], reason="Решение комиссии")
    three = participant(contest, "98", "Гамма")
    [group] = rankings.municipal_groups(contest, town)
    assert group.tied_at_prize == (one, two, three)
    assert group.resolution is None
    assert group.unresolved_tie


def test_municipal_decision_makes_first_places_winners_and_writes_to_them(contest, django_capture_on_commit_callbacks):
    first = participant(contest, "108", "Первая")
    second = participant(contest, "98", "Вторая")
    small = participant(contest, "103", "Малая", small=True)
    actor = secretary()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        decision = decisions.record_municipal_decision(
            contest, municipality_id=municipality("Краснодар").pk, actor=actor, number=" 5 ", day=timezone.localdate()
        )
    assert (decision.level, decision.number, decision.recorded_by) == (DecisionLevel.MUNICIPAL, "5", actor)
    assert [reload(p).state for p in (first, second, small)] == [S.MUNICIPAL_WINNER, S.VERIFIED, S.MUNICIPAL_WINNER]
    assert sorted(
        Award.objects.filter(decision=decision).values_list("participation_id", "place", "total", "size_category")
    ) == sorted(
        [(first.pk, 1, Decimal("108"), "medium_large"), (small.pk, 1, Decimal("103"), "small")],
    )
    # the two winners, and the participant that did not win (the results are summed up: issue 15)
    assert len(callbacks) == 3
    subjects = {letter.to[0]: letter.subject for letter in mail.outbox}
    won = "Победа в муниципальном этапе смотра-конкурса"
    summed_up = "Итоги муниципального этапа смотра-конкурса подведены"
    assert subjects == {
        user.email: won if p != second else summed_up
        for p in (first, second, small)
        for user in p.organization.representatives.all()
    }
    [other] = [letter for letter in mail.outbox if letter.subject == summed_up]
    assert other.body.endswith(f"Открыть на портале: https://ot.example.ru/participation/{second.pk}/")
    assert "не вошла в число победителей этапа" in other.body
    with pytest.raises(DomainError, match="уже внесено"):
        forward(contest)


def test_municipal_winners_go_to_the_nomination_rankings(contest):
    winner = participant(contest, "108", "Первая")
    participant(contest, "98", "Вторая")
    assert [g.entries for g in rankings.nomination_groups(contest)] == [(), ()]
    forward(contest)
    groups = rankings.nomination_groups(contest)
    assert [(g.title, [e.participation for e in g.entries]) for g in groups] == [
        ("Три лучшие организации среднего и крупного бизнеса в крае", [winner]),
        (
            "Лучшие организации среднего и крупного бизнеса в основных отраслях экономики края: Обрабатывающие производства",
            [winner],
        ),
        ("Три лучшие организации малого бизнеса в крае", []),
    ]


def test_municipal_decision_after_the_forwarding_deadline_only_by_staff_with_a_reason(contest):
    participation = participant(contest, "98", "Альфа")
    open_contest(
        application_deadline=timezone.localdate() - timedelta(days=3),
        card_deadline=timezone.localdate() - timedelta(days=2),
        forwarding_deadline=timezone.localdate() - timedelta(days=1),
    )
    contest.refresh_from_db()
    town = municipality("Краснодар").pk
    with pytest.raises(DomainError, match="может только департамент труда"):
        decisions.record_municipal_decision(
            contest, municipality_id=town, actor=secretary(), number="1", day=timezone.localdate(), late_reason="x"
        )
    with pytest.raises(DomainError, match="Укажите причину направления после срока"):
        decisions.record_municipal_decision(
            contest, municipality_id=town, actor=staff(), number="1", day=timezone.localdate()
        )
    assert not Decision.objects.exists()
    decision = decisions.record_municipal_decision(
        contest, municipality_id=town, actor=staff(), number="1", day=timezone.localdate(), late_reason=" Паводок "
    )
    assert decision.late_reason == "Паводок"
    assert reload(participation).state == S.MUNICIPAL_WINNER


def test_municipal_results_keep_the_winner_after_stage_2(contest):
    winner = participant(contest, "108", "Первая")
    runner_up = participant(contest, "98", "Вторая")
    forward(contest)
    decisions.propose_regional_winners(contest, actor=staff())
    assert reload(winner).state == S.REGIONAL_SHORTLIST
    [group] = rankings.municipal_groups(contest, municipality("Краснодар").pk)
    assert [(e.participation, e.place, e.prize) for e in group.entries] == [(winner, 1, True), (runner_up, 2, False)]


def test_the_order_cannot_change_after_the_municipal_decision(contest):
    one = participant(contest, "98", "Альфа")
    two = participant(contest, "98", "Бета")
    town = municipality("Краснодар").pk
    [group] = rankings.municipal_groups(contest, town)
    decisions.resolve_tie(group, contest=contest, actor=secretary(), order=[one.pk, two.pk], reason="Решение комиссии")
    forward(contest)
    [group] = rankings.municipal_groups(contest, town)
    with pytest.raises(DomainError, match="Решение муниципальной комиссии уже внесено"):
        decisions.resolve_tie(group, contest=contest, actor=secretary(), order=[two.pk, one.pk], reason="Передумали")
    assert TieResolution.objects.count() == 1
    [group] = rankings.municipal_groups(contest, town)
    assert [e.participation for e in group.winners] == [one]


# ---------------------------------------------------------------------------------------------------------------------
# Stage 2


@pytest.fixture
def stage2(contest):
    """Municipal winners of three towns: medium-large in two sectors, and small ones."""
    winners = {
        "krd-manufacturing": participant(contest, "113", "krd-manufacturing"),
        "krd-energy": participant(contest, "98", "krd-energy", sector="energy"),
        "krd-small": participant(contest, "103", "krd-small", small=True),
        "sochi-manufacturing": participant(contest, "108", "sochi-manufacturing", town="Сочи"),
        "sochi-small": participant(contest, "93", "sochi-small", town="Сочи", sector="agriculture", small=True),
        "nvr-construction": participant(contest, "103", "nvr-construction", town="Новороссийск", sector="construction"),
        "nvr-manufacturing-small": participant(
            contest, "113", "nvr-manufacturing-small", town="Новороссийск", small=True
        ),
    }
    participant(contest, "93", "Отстающая")  # second in Krasnodar's manufacturing: stays at stage 1
    for town in ("Краснодар", "Сочи", "Новороссийск"):
        forward(contest, town)
    return {key: reload(p) for key, p in winners.items()}


def test_nominations_from_the_contest_data(contest, stage2):
    w = stage2
    groups = rankings.nomination_groups(contest)
    assert [(g.title, g.places, [(e.participation, e.place, e.prize) for e in g.entries]) for g in groups] == [
        (
            "Три лучшие организации среднего и крупного бизнеса в крае",
            3,
            [
                (w["krd-manufacturing"], 1, True),
                (w["sochi-manufacturing"], 2, True),
                (w["nvr-construction"], 3, True),
                (w["krd-energy"], 4, False),
            ],
        ),
        (
            "Лучшие организации среднего и крупного бизнеса в основных отраслях экономики края: Обрабатывающие производства",
            1,
            [(w["krd-manufacturing"], 1, True), (w["sochi-manufacturing"], 2, False)],
        ),
        (
            "Лучшие организации среднего и крупного бизнеса в основных отраслях экономики края: Производство и распределение энергии",
            1,
            [(w["krd-energy"], 1, True)],
        ),
        (
            "Лучшие организации среднего и крупного бизнеса в основных отраслях экономики края: Строительство",
            1,
            [(w["nvr-construction"], 1, True)],
        ),
        (
            "Три лучшие организации малого бизнеса в крае",
            3,
            [(w["nvr-manufacturing-small"], 1, True), (w["krd-small"], 2, True), (w["sochi-small"], 3, True)],
        ),
    ]
    assert decisions.regional_problems(groups) == []


def test_propose_then_the_regional_decision_names_the_winners(contest, stage2, django_capture_on_commit_callbacks):
    w = stage2
    with pytest.raises(DomainError, match="Сначала краевая комиссия должна предложить"):
        decisions.record_regional_decision(
            contest, actor=UserFactory(role=Role.REGIONAL_SECRETARY), number="1", day=timezone.localdate()
        )
    with pytest.raises(DomainError, match="выполняет краевая конкурсная комиссия"):
        decisions.propose_regional_winners(contest, actor=secretary())
    awards = decisions.propose_regional_winners(contest, actor=UserFactory(role=Role.REGIONAL_MEMBER))
    assert len(awards) == 9
    assert {key: reload(p).state for key, p in w.items()} == {
        "krd-manufacturing": S.REGIONAL_SHORTLIST,
        "krd-energy": S.REGIONAL_SHORTLIST,
        "krd-small": S.REGIONAL_SHORTLIST,
        "sochi-manufacturing": S.REGIONAL_SHORTLIST,
        "sochi-small": S.REGIONAL_SHORTLIST,
        "nvr-construction": S.REGIONAL_SHORTLIST,
        "nvr-manufacturing-small": S.REGIONAL_SHORTLIST,
    }
    with pytest.raises(DomainError, match="выполняет секретарь краевой"):
        decisions.record_regional_decision(
            contest, actor=UserFactory(role=Role.REGIONAL_MEMBER), number="1", day=timezone.localdate()
        )
    with django_capture_on_commit_callbacks(execute=True):
        decision = decisions.record_regional_decision(
            contest, actor=UserFactory(role=Role.REGIONAL_SECRETARY), number="12-к", day=timezone.localdate()
        )
    assert decision.level == DecisionLevel.REGIONAL
    assert Award.objects.filter(level=DecisionLevel.REGIONAL, decision=decision).count() == 9
    assert {reload(p).state for p in w.values()} == {S.REGIONAL_WINNER}
    addresses = {user.email for user in w["krd-manufacturing"].organization.representatives.all()}
    [letter] = [
        m for m in mail.outbox if m.subject == "Организация — победитель смотра-конкурса" and m.to[0] in addresses
    ]
    assert (
        "Три лучшие организации среднего и крупного бизнеса в крае — 1 место; "
        "Лучшие организации среднего и крупного бизнеса в основных отраслях экономики края (Обрабатывающие производства) — 1 место"
    ) in letter.body
    with pytest.raises(DomainError, match="уже внесено"):
        decisions.propose_regional_winners(contest, actor=staff())


def test_propose_again_replaces_the_earlier_proposal(contest, stage2):
    first = decisions.propose_regional_winners(contest, actor=staff())
    again = decisions.propose_regional_winners(contest, actor=staff())
    assert len(again) == len(first) == 9
    assert Award.objects.filter(level=DecisionLevel.REGIONAL).count() == 9
    assert {reload(p).state for p in stage2.values()} == {S.REGIONAL_SHORTLIST}


def test_tie_at_a_prize_place_of_a_nomination_is_flagged_and_resolved(contest):
    # Two small winners share the third place of «три лучшие организации малого бизнеса».
    first = participant(contest, "113", "Первая", small=True)
    second = participant(contest, "108", "Вторая", town="Сочи", small=True)
    third_a = participant(contest, "98", "Третья-А", town="Новороссийск", small=True)
    third_b = participant(contest, "98", "Третья-Б", town="Анапа", small=True)
    for town in ("Краснодар", "Сочи", "Новороссийск", "Анапа"):
        forward(contest, town)
    [small] = [g for g in rankings.nomination_groups(contest) if g.nomination.code == "best-small"]
    assert [(e.participation, e.place, e.prize) for e in small.entries] == [
        (first, 1, True),
        (second, 2, True),
        (third_a, 3, False),
        (third_b, 3, False),
    ]
    assert small.tied_at_prize == (third_a, third_b)
    problems = decisions.regional_problems(rankings.nomination_groups(contest))
    assert problems == [
        "Равенство баллов на призовом месте требует решения комиссии: Три лучшие организации малого бизнеса в крае."
    ]
    with pytest.raises(DomainError, match="Равенство баллов на призовом месте"):
        decisions.propose_regional_winners(contest, actor=staff())
    with pytest.raises(DomainError, match="выполняет краевая конкурсная комиссия"):
        decisions.resolve_tie(small, contest=contest, actor=secretary(), order=[third_b.pk, third_a.pk], reason="x")

    decisions.resolve_tie(
        small,
        contest=contest,
        actor=UserFactory(role=Role.REGIONAL_MEMBER),
        order=[third_b.pk, third_a.pk],
        reason="Меньше дней нетрудоспособности",
    )
    [small] = [g for g in rankings.nomination_groups(contest) if g.nomination.code == "best-small"]
    assert [(e.participation, e.place, e.prize) for e in small.entries] == [
        (first, 1, True),
        (second, 2, True),
        (third_b, 3, True),
        (third_a, 4, False),
    ]
    awards = decisions.propose_regional_winners(contest, actor=staff())
    assert sorted((a.participation_id, a.place) for a in awards if a.nomination.code == "best-small") == sorted(
        [(first.pk, 1), (second.pk, 2), (third_b.pk, 3)]
    )
    assert reload(third_a).state == S.MUNICIPAL_WINNER
