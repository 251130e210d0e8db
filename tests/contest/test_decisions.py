"""Results that hold (issue 10): a decision is a snapshot, what it covers is frozen, staff reopen it with a reason, the
regional decision closes forwarding, ties follow R9 (equal totals share a place; only a tie across the prize line
needs the commission, which orders or lets them share), and the participant learns its outcome."""

from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

import scoring
from contest import rankings, selectors
from contest.enums import AttachmentKind, CertificateKind, DecisionLevel, Role, TieMode
from contest.enums import ParticipationState as S
from contest.models import Award, Certificate, Decision
from contest.outcome import participant_outcome
from contest.services import awards, decisions, review
from contest.services import participation as services
from core.exceptions import DomainError
from core.workflow import transition
from tests.contest.helpers import pdf, registered, reload
from tests.contest.test_results_services import forward, participant, secretary, staff
from tests.factories import COMPLETE_CARD, UserFactory, municipal_user, municipality, open_contest

pytestmark = pytest.mark.django_db

SIGNATORY = awards.Signatory("Глава администрации (губернатор) Краснодарского края", "А. Н. Ткачёв")


@pytest.fixture
def contest():
    return open_contest()


def member(town: str = "Краснодар"):
    return municipal_user(Role.MUNICIPAL_MEMBER, name=town)


def regional_secretary():
    return UserFactory(role=Role.REGIONAL_SECRETARY)


def decide_regional(contest, number: str = "1-к") -> Decision:
    decisions.propose_regional_winners(contest, actor=UserFactory(role=Role.REGIONAL_MEMBER))
    return decisions.record_regional_decision(
        contest, actor=regional_secretary(), number=number, day=timezone.localdate()
    )


def places(group):
    return [(e.participation.organization.short_name, e.place, e.tied, e.prize) for e in group.entries]


# ---------------------------------------------------------------------------------------------------------------------
# Ties (R9)


def test_equal_totals_inside_the_prize_places_share_the_place_and_both_win(contest):
    participant(contest, "113", "Первая", small=True)
    participant(contest, "108", "Вторая-А", town="Сочи", small=True)
    participant(contest, "108", "Вторая-Б", town="Новороссийск", small=True)
    participant(contest, "98", "Четвёртая", town="Анапа", small=True)
    for town in ("Краснодар", "Сочи", "Новороссийск", "Анапа"):
        forward(contest, town)
    [small] = [g for g in rankings.nomination_groups(contest) if g.nomination.code == "best-small"]
    assert places(small) == [
        ("ООО «Первая»", 1, False, True),
        ("ООО «Вторая-А»", 2, True, True),
        ("ООО «Вторая-Б»", 2, True, True),
        ("ООО «Четвёртая»", 4, False, False),
    ]
    assert small.tied_at_prize == ()
    assert not small.unresolved_tie
    assert decisions.regional_problems(rankings.nomination_groups(contest)) == []
    decision = decide_regional(contest)
    shared = Award.objects.filter(decision=decision, nomination=small.nomination).order_by("place", "pk")
    assert [(a.organization_name, a.place) for a in shared] == [
        ("ООО «Первая»", 1),
        ("ООО «Вторая-А»", 2),
        ("ООО «Вторая-Б»", 2),
    ]
    # Shared winners each get their paper.
    issued = awards.issue_certificates(
        decision, actor=staff(), kind=CertificateKind.DIPLOMA, signatory=SIGNATORY, places=awards.PLACES_OTHER
    )
    assert sorted(c.award.organization_name for c in issued) == ["ООО «Вторая-А»", "ООО «Вторая-Б»"]


def test_a_shared_first_place_of_a_municipal_group_forwards_both(contest):
    one = participant(contest, "98", "Альфа")
    two = participant(contest, "98", "Бета")
    town = municipality("Краснодар").pk
    [group] = rankings.municipal_groups(contest, town)
    assert group.unresolved_tie
    decisions.resolve_tie(
        group, contest=contest, actor=secretary(), mode=TieMode.SHARE, order=[two.pk, one.pk], reason="Протокол № 3"
    )
    [group] = rankings.municipal_groups(contest, town)
    assert places(group) == [("ООО «Альфа»", 1, True, True), ("ООО «Бета»", 1, True, True)]
    decision = forward(contest)
    assert (reload(one).state, reload(two).state) == (S.MUNICIPAL_WINNER, S.MUNICIPAL_WINNER)
    assert sorted(decision.awards.values_list("participation_id", "place")) == sorted([(one.pk, 1), (two.pk, 1)])
    [snapshot_group] = decisions.snapshot_of(decision).groups
    assert (snapshot_group.tie.mode, snapshot_group.tie.reason, snapshot_group.tie.decided_by) == (
        TieMode.SHARE,
        "Протокол № 3",
        secretary().full_name,
    )


def test_an_unknown_tie_mode_is_refused(contest):
    one = participant(contest, "98", "Альфа")
    two = participant(contest, "98", "Бета")
    [group] = rankings.municipal_groups(contest, municipality("Краснодар").pk)
    with pytest.raises(DomainError, match="порядок мест или общее место"):
        decisions.resolve_tie(
            group, contest=contest, actor=secretary(), mode="coin", order=[one.pk, two.pk], reason="x"
        )


# ---------------------------------------------------------------------------------------------------------------------
# The snapshot and freezing


def test_the_decision_stores_what_it_approved(contest):
    winner = participant(contest, "108", "Первая")
    runner_up = participant(contest, "98", "Вторая")
    review.correct_value(
        reload(runner_up), actor=member(), key="has_ohs_office", value=False, reason="Кабинета нет (акт № 7)"
    )
    review.mark_verified(reload(runner_up), actor=member())
    removed = participant(contest, "103", "Исключённая")
    review.exclude(reload(removed), actor=member(), reason="Смертельный несчастный случай 12.05.2011")
    decision = forward(contest)

    snapshot = decisions.snapshot_of(decision)
    [group] = snapshot.groups
    assert group.title == "средний и крупный бизнес · Обрабатывающие производства"
    assert [(e.participation_id, e.place, e.prize, e.total, e.declared_total) for e in group.entries] == [
        (winner.pk, 1, True, Decimal("108"), Decimal("108")),
        (runner_up.pk, 2, False, Decimal("93"), Decimal("98")),
    ]
    behind = group.entries[1]
    assert behind.values["has_ohs_office"] == "false"
    assert behind.values["ppe_pct"] == "100"
    assert [(c.key, c.declared, c.value, c.reason) for c in behind.corrections] == [
        ("has_ohs_office", "true", "false", "Кабинета нет (акт № 7)")
    ]
    assert [(r.participation_id, r.state, r.reason) for r in snapshot.removed] == [
        (removed.pk, S.EXCLUDED, "Смертельный несчастный случай 12.05.2011")
    ]
    assert set(decision.participations.values_list("pk", flat=True)) == {winner.pk, runner_up.pk, removed.pk}


def test_after_the_decision_values_states_and_files_of_everyone_it_covers_are_frozen(contest):
    winner = participant(contest, "108", "Первая")
    runner_up = participant(contest, "98", "Вторая")
    removed = participant(contest, "103", "Исключённая")
    review.exclude(reload(removed), actor=member(), reason="Смертельный несчастный случай")
    decision = forward(contest)
    frozen = (
        f"Итоги утверждены решением межведомственной комиссии муниципального образования Краснодар \\({decision}\\)"
    )

    # The issue's case: five corrections of a non-winner would lift it above the recorded winner.
    with pytest.raises(DomainError, match=frozen):
        review.correct_value(reload(runner_up), actor=member(), key="has_ohs_certification", value=True, reason="x")
    for move in (
        lambda p: review.exclude(p, actor=member(), reason="x"),
        lambda p: review.disqualify(p, actor=member(), reason="x"),
        lambda p: review.start_review(p, actor=member()),
    ):
        with pytest.raises(DomainError, match=frozen):
            move(reload(runner_up))
    with pytest.raises(DomainError, match=frozen):
        review.reinstate(reload(removed), actor=member(), reason="Ошибка")
    assert (reload(runner_up).state, reload(removed).state) == (S.VERIFIED, S.EXCLUDED)
    assert reload(runner_up).card.verified_total == Decimal("98")
    assert not runner_up.corrections.exists()
    # The municipal stage is closed: the ranking the page shows is the snapshot's.
    [group] = decisions.snapshot_of(decision).groups
    assert [e.participation_id for e in group.winners] == [winner.pk]


def test_stage_2_moves_stay_open_under_the_municipal_decision_and_close_under_the_regional(contest):
    winner = participant(contest, "108", "Первая")
    forward(contest)
    decisions.propose_regional_winners(contest, actor=staff())
    assert reload(winner).state == S.REGIONAL_SHORTLIST
    regional = decisions.record_regional_decision(
        contest, actor=regional_secretary(), number="1-к", day=timezone.localdate()
    )
    assert reload(winner).state == S.REGIONAL_WINNER
    with pytest.raises(DomainError, match="решением краевой межведомственной комиссии"):
        transition(reload(winner), "void_regional_win", actor=staff())
    assert regional.participations.get() == winner


def test_a_card_cannot_be_sent_or_submitted_once_the_municipal_stage_is_decided(contest):
    participant(contest, "108", "Первая")
    late, user = registered(contest)
    services.update_card(late.card, actor=user, values=COMPLETE_CARD)
    decision = forward(contest)
    with pytest.raises(DomainError, match=f"Итоги муниципального этапа уже утверждены \\({decision}\\)"):
        services.send_card_for_approval(reload(late), actor=user)
    assert reload(late).state == S.REGISTERED


def test_the_decision_waits_for_every_submitted_card_to_be_taken_into_review(contest):
    from tests.contest.helpers import card_submitted

    participant(contest, "108", "Первая")
    card_submitted(contest)
    town = municipality("Краснодар").pk
    groups = rankings.municipal_groups(contest, town)
    waiting = decisions.not_taken_into_review(contest, town)
    assert decisions.municipal_problems(groups, waiting=waiting) == [
        "Примите на проверку все представленные карты (не принято: 1)."
    ]
    with pytest.raises(DomainError, match="не принято: 1"):
        forward(contest)


# ---------------------------------------------------------------------------------------------------------------------
# The regional decision closes forwarding; reopening


def test_a_municipal_decision_after_the_regional_one_is_refused(contest):
    participant(contest, "108", "Первая")
    forward(contest)
    regional = decide_regional(contest)
    participant(contest, "113", "Сочинская", town="Сочи")
    with pytest.raises(DomainError, match=f"Решение краевой комиссии уже внесено \\({regional}\\)"):
        forward(contest, "Сочи")
    assert not Decision.objects.filter(municipality__name="Сочи").exists()
    # The published results name the one municipality the regional decision ranked.
    assert [a.organization_name for a in selectors.public_awards(contest, DecisionLevel.MUNICIPAL)] == ["ООО «Первая»"]
    assert [ref.municipality for ref in decisions.snapshot_of(regional).municipal_decisions] == ["Краснодар"]


def test_only_staff_reopen_a_decision_with_a_reason(contest):
    participant(contest, "108", "Первая")
    decision = forward(contest)
    with pytest.raises(DomainError, match="только сотрудник департамента труда"):
        decisions.void_decision(decision, actor=secretary(), reason="Ошибка")
    with pytest.raises(DomainError, match="Укажите причину отмены"):
        decisions.void_decision(decision, actor=staff(), reason="  ")
    assert not reload_decision(decision).is_void


def reload_decision(decision: Decision) -> Decision:
    return Decision.objects.get(pk=decision.pk)


def test_reopening_the_municipal_decision_unfreezes_and_a_new_one_gets_new_certificate_numbers(
    contest, django_capture_on_commit_callbacks
):
    winner = participant(contest, "108", "Первая")
    runner_up = participant(contest, "98", "Вторая")
    decision = forward(contest)
    [old_paper] = awards.issue_certificates(
        decision, actor=staff(), kind=CertificateKind.MUNICIPAL, signatory=SIGNATORY
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decisions.void_decision(decision, actor=staff(), reason="Протокол подписан неправомочным составом")
    decision = reload_decision(decision)
    assert decision.is_void
    assert decision.void_reason == "Протокол подписан неправомочным составом"
    assert (reload(winner).state, reload(runner_up).state) == (S.VERIFIED, S.VERIFIED)
    assert Award.objects.get(decision=decision).voided_at is not None
    assert Certificate.objects.get(pk=old_paper.pk).voided_at is not None
    assert selectors.municipal_decision(contest, municipality("Краснодар").pk) is None
    assert {m.subject for m in mail.outbox} >= {"Решение комиссии отменено"}
    last = reload(winner).audit_records.order_by("-pk").first()
    assert (last.text, last.from_state, last.to_state, last.reason) == (
        f"Решение отменено департаментом труда: {decision}",
        S.MUNICIPAL_WINNER,
        S.VERIFIED,
        "Протокол подписан неправомочным составом",
    )

    # Unfrozen: the commission corrects, the ranking changes, a new decision names the other winner.
    review.correct_value(reload(winner), actor=member(), key="has_ohs_certification", value=False, reason="Нет акта")
    review.mark_verified(reload(winner), actor=member())
    review.correct_value(reload(runner_up), actor=member(), key="has_union_representative", value=True, reason="Есть")
    review.mark_verified(reload(runner_up), actor=member())
    again = forward(contest)
    assert (reload(winner).state, reload(runner_up).state) == (S.VERIFIED, S.MUNICIPAL_WINNER)
    [new_paper] = awards.issue_certificates(again, actor=staff(), kind=CertificateKind.MUNICIPAL, signatory=SIGNATORY)
    assert new_paper.number != old_paper.number
    assert new_paper.number.endswith("0002")
    with pytest.raises(DomainError, match="Решение отменено"):
        awards.issue_certificates(decision, actor=staff(), kind=CertificateKind.MUNICIPAL, signatory=SIGNATORY)


def test_a_municipal_decision_is_reopened_only_after_the_regional_one(contest):
    winner = participant(contest, "108", "Первая")
    municipal = forward(contest)
    regional = decide_regional(contest)
    assert decisions.void_problems(municipal) == [
        f"Сначала отмените решение краевой комиссии ({regional}): победители этого муниципального образования уже "
        "вошли в него."
    ]
    with pytest.raises(DomainError, match="Сначала отмените решение краевой комиссии"):
        decisions.void_decision(municipal, actor=staff(), reason="Ошибка")

    decisions.void_decision(regional, actor=staff(), reason="Ошибка в протоколе")
    assert reload(winner).state == S.MUNICIPAL_WINNER
    assert not selectors.published_contests().exists()
    assert decisions.void_problems(reload_decision(regional)) == ["Это решение уже отменено."]
    # Forwarding is open again: a late municipality joins, and the krai decides anew.
    participant(contest, "113", "Сочинская", town="Сочи")
    forward(contest, "Сочи")
    new_regional = decide_regional(contest, number="2-к")
    assert selectors.regional_decision(contest) == new_regional
    assert sorted(ref.municipality for ref in decisions.snapshot_of(new_regional).municipal_decisions) == [
        "Краснодар",
        "Сочи",
    ]
    assert list(selectors.published_contests()) == [contest]


def test_reopening_a_municipal_decision_withdraws_its_winners_regional_proposal(contest):
    winner = participant(contest, "108", "Первая")
    municipal = forward(contest)
    decisions.propose_regional_winners(contest, actor=staff())
    assert reload(winner).state == S.REGIONAL_SHORTLIST
    decisions.void_decision(municipal, actor=staff(), reason="Ошибка")
    assert reload(winner).state == S.VERIFIED
    assert not selectors.regional_proposals(contest).exists()


def test_the_regional_decision_waits_for_a_proposal_that_matches_the_rankings(contest):
    participant(contest, "108", "Первая")
    forward(contest)
    decisions.propose_regional_winners(contest, actor=staff())
    participant(contest, "113", "Сочинская", town="Сочи")
    forward(contest, "Сочи")  # a late winner outranks the proposal
    with pytest.raises(DomainError, match="Рейтинги изменились после предложения"):
        decisions.record_regional_decision(contest, actor=regional_secretary(), number="1", day=timezone.localdate())
    assert decide_regional(contest).level == DecisionLevel.REGIONAL


# ---------------------------------------------------------------------------------------------------------------------
# Papers and the participant's outcome


def test_the_draft_resolution_lists_each_organization_under_each_kind_it_gets(contest):
    from contest.exports.papers import resolution_draft_pdf
    from tests.contest.test_documents import pdf_text

    # «Первая» is first in its sector's nomination and third of the krai's three best.
    participant(contest, "108", "Первая")
    participant(contest, "113", "Энергия", town="Сочи", sector="energy")
    participant(contest, "113", "Стройка", town="Анапа", sector="construction")
    for town in ("Краснодар", "Сочи", "Анапа"):
        forward(contest, town)
    decision = decide_regional(contest)
    awards.issue_certificates(
        decision, actor=staff(), kind=CertificateKind.HONORARY, signatory=SIGNATORY, places=awards.PLACES_FIRST
    )
    awards.issue_certificates(
        decision, actor=staff(), kind=CertificateKind.DIPLOMA, signatory=SIGNATORY, places=awards.PLACES_OTHER
    )
    text = pdf_text(resolution_draft_pdf(decision))
    honorary, diplomas = text.split("Наградить Почётной грамотой")[1].split("Наградить дипломами")
    assert "ООО «Первая» (город Краснодар) — 1 место в номинации «Лучшие организации" in honorary
    assert "ООО «Первая» (город Краснодар) — 3 место в номинации «Три лучшие организации" in diplomas
    assert "3 место" not in honorary


def test_the_participant_sees_its_verified_outcome_place_decision_and_certificate(contest):
    winner = participant(contest, "108", "Первая")
    review.correct_value(reload(winner), actor=member(), key="ppe_pct", value="96", reason="Акт проверки № 3")
    review.mark_verified(reload(winner), actor=member())
    participant(contest, "98", "Вторая")
    before = participant_outcome(reload(winner))
    assert before.checked
    assert before.standings == []
    decision = forward(contest)
    [paper] = awards.issue_certificates(decision, actor=staff(), kind=CertificateKind.MUNICIPAL, signatory=SIGNATORY)
    outcome = participant_outcome(reload(winner))
    assert (outcome.declared_total, outcome.verified_total) == (Decimal("108"), reload(winner).card.verified_total)
    ppe_label = next(spec.label for spec in scoring.get_table("krasnodar-2011").inputs if spec.key == "ppe_pct")
    assert [(c.label, c.declared, c.verified, c.reason) for c in outcome.changes] == [
        (ppe_label, "100", "96", "Акт проверки № 3")
    ]
    assert [(s.decision, s.entry.place, s.entry.prize, s.ranked) for s in outcome.standings] == [(decision, 1, True, 2)]
    assert outcome.certificates == [paper]
    # Not checked yet: nothing to show.
    under_review, _ = registered(contest)
    assert not participant_outcome(under_review).checked


def test_the_participant_of_an_excluded_card_sees_the_reason_in_the_decision(contest):
    participant(contest, "108", "Первая")
    removed = participant(contest, "103", "Исключённая")
    review.exclude(reload(removed), actor=member(), reason="Смертельный несчастный случай")
    decision = forward(contest)
    outcome = participant_outcome(reload(removed))
    assert [(d, r.state, r.reason) for d, r in outcome.removed] == [
        (decision, S.EXCLUDED, "Смертельный несчастный случай")
    ]


def test_files_are_frozen_with_the_card(contest):
    participant(contest, "108", "Первая")
    participation = participant(contest, "98", "Вторая")  # verified, not a winner: the commission could add files
    forward(contest)
    office = municipal_user(Role.LABOUR_OFFICE)
    with pytest.raises(DomainError, match="Итоги утверждены решением"):
        services.add_commission_attachment(
            reload(participation), actor=office, kind=AttachmentKind.SIGNED_CARD, uploaded=pdf("карта.pdf")
        )
    assert not reload(participation).attachments.filter(kind=AttachmentKind.SIGNED_CARD).exists()


def test_an_ordered_tie_is_not_shown_as_a_shared_place(contest):
    one = participant(contest, "98", "Альфа")
    two = participant(contest, "98", "Бета")
    [group] = rankings.municipal_groups(contest, municipality("Краснодар").pk)
    decisions.resolve_tie(
        group, contest=contest, actor=secretary(), mode=TieMode.ORDER, order=[two.pk, one.pk], reason="Протокол № 3"
    )
    [group] = rankings.municipal_groups(contest, municipality("Краснодар").pk)
    assert [(e.participation, e.place, e.tied, e.shared, e.prize) for e in group.entries] == [
        (two, 1, True, False, True),
        (one, 2, True, False, False),
    ]
    [snapshot_group] = decisions.snapshot_of(forward(contest)).groups
    assert [(e.place, e.tied, e.shared) for e in snapshot_group.entries] == [(1, True, False), (2, True, False)]


def test_a_card_moving_into_a_decided_municipal_stage_is_refused_at_the_door(contest):
    from tests.contest.helpers import approved

    participant(contest, "108", "Первая")
    late, user = approved(contest)  # approved, not yet submitted, when the decision is recorded
    decision = forward(contest)
    with pytest.raises(DomainError, match=f"Итоги муниципального этапа уже утверждены \\({decision}\\)"):
        transition(reload(late), "submit_card", actor=user)
    assert reload(late).state == S.CARD_APPROVAL
