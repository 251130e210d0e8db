"""Who is told of what (contest.workflow, «Who is told of what»): every letter of a participation ends with the link to
the page its reader sees it on, the same notification is an entry of their list, and the changes that used to tell no
one — approvals complete, a correction, the results for those who did not win — tell the organization."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from contest.enums import APPROVER_ROLE_BODY, AttachmentKind, Role
from contest.models import Approval
from contest.services import decisions, review
from contest.services import participation as services
from core.models import Notification
from tests.contest.helpers import in_approval, pdf, reload, submitted, under_review
from tests.contest.test_results_services import forward, participant
from tests.factories import COMPLETE_CARD, UserFactory, add_hat, municipal_user, open_contest

pytestmark = pytest.mark.django_db

LINK = re.compile(r"\n\nОткрыть на портале: https://ot\.example\.ru(/\S*)$")


@pytest.fixture
def contest():
    return open_contest()


def link_of(letter) -> str:
    """The path the letter ends with (fails when it ends with none)."""
    found = LINK.search(letter.body)
    assert found, f"no link at the end of «{letter.subject}»: {letter.body!r}"
    return found.group(1)


def letters_to(user):
    return [letter for letter in mail.outbox if letter.to == [user.email]]


def test_every_letter_of_a_card_s_way_links_to_the_page_its_reader_opens(contest, django_capture_on_commit_callbacks):
    office = municipal_user(Role.LABOUR_OFFICE)
    member = municipal_user(Role.MUNICIPAL_MEMBER)
    approvers = {role: municipal_user(role) for role in APPROVER_ROLE_BODY}
    with django_capture_on_commit_callbacks(execute=True):
        participation, user = submitted(contest)
        pk = participation.pk
        services.register_application(participation, actor=office, number="1")
        services.update_card(participation.card, actor=user, values=COMPLETE_CARD)
        services.send_card_for_approval(participation, actor=user)
        for role, body in APPROVER_ROLE_BODY.items():
            services.decide_approval(
                Approval.objects.get(participation=participation, body=body), actor=approvers[role], approve=True
            )
        services.add_attachment(participation, actor=user, kind=AttachmentKind.ANALYTICAL_NOTE, uploaded=pdf())
        services.submit_card(participation, actor=user)
        review.start_review(participation, actor=member)
        review.correct_value(reload(participation), actor=member, key="has_ohs_office", value=False, reason="Акт")
        review.mark_verified(reload(participation), actor=member)
    assert [(letter.subject.split(":")[0], link_of(letter)) for letter in letters_to(office)] == [
        ("Новая заявка на смотр-конкурс", f"/office/applications/{pk}/"),
        ("Представлена информационная карта", f"/commission/{pk}/"),
    ]
    for approver in approvers.values():
        assert [link_of(letter) for letter in letters_to(approver)] == [f"/approvals/{pk}/"]
    assert [(letter.subject, link_of(letter)) for letter in letters_to(user)] == [
        ("Заявка зарегистрирована", f"/participation/{pk}/"),
        ("Информационная карта согласована всеми органами", f"/participation/{pk}/"),
        ("Информационная карта принята на проверку", f"/participation/{pk}/"),
        ("Комиссия исправила значение в информационной карте", f"/participation/{pk}/"),
        ("Информационная карта проверена комиссией", f"/participation/{pk}/"),
    ]
    # The member hears of the submitted card, as the whole commission does, and of none of their own actions.
    assert [link_of(letter) for letter in letters_to(member)] == [f"/commission/{pk}/"]
    # Each letter to a person is an entry of their list too, with the same subject and page.
    for person in (office, member, user, *approvers.values()):
        assert sorted(Notification.objects.filter(recipient=person).values_list("subject", "link")) == sorted(
            (letter.subject, link_of(letter)) for letter in letters_to(person)
        )


def test_the_organization_hears_of_its_approvals_only_when_all_three_are_in(
    contest, django_capture_on_commit_callbacks
):
    participation, user = in_approval(contest)
    approvals = [
        (Approval.objects.get(participation=participation, body=body), municipal_user(role))
        for role, body in APPROVER_ROLE_BODY.items()
    ]
    mail.outbox.clear()
    for index, (approval, approver) in enumerate(approvals):
        with django_capture_on_commit_callbacks(execute=True):
            services.decide_approval(approval, actor=approver, approve=True)
        assert len(letters_to(user)) == (1 if index == 2 else 0)
    [letter] = letters_to(user)
    day = contest.card_deadline.strftime("%d.%m.%Y")
    assert letter.body.startswith(
        f"Информационную карту организации «{participation.organization}» согласовали все три органа. Представьте её "
        f"с аналитической запиской в сектор по труду не позднее {day}."
    )


def test_a_correction_tells_the_organization_what_changed_and_why(contest, django_capture_on_commit_callbacks):
    participation, user = under_review(contest)
    member = municipal_user(Role.MUNICIPAL_MEMBER)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        review.correct_value(
            participation, actor=member, key="avg_headcount", value=230, reason="Табель учёта рабочего времени"
        )
    [letter] = mail.outbox
    assert letter.to == [user.email]
    total = reload(participation).card.verified_total
    assert f"Сумма баллов по проверенным значениям: {total:f}".replace(".", ",").rstrip("0").rstrip(",") in letter.body
    assert "исправила значение «" in letter.body
    assert ": 240 → 230. Основание: Табель учёта рабочего времени" in letter.body
    assert link_of(letter) == f"/participation/{participation.pk}/"


def test_no_one_is_told_of_their_own_action(contest, django_capture_on_commit_callbacks):
    participation, user = under_review(contest)
    # The representative is also the commission's member and corrects the card: no letter to themselves.
    add_hat(user, Role.MUNICIPAL_MEMBER, municipality=participation.organization.municipality)
    colleague = UserFactory(role=Role.ORGANIZATION, organization=participation.organization)
    mail.outbox.clear()
    before = Notification.objects.filter(recipient=user).count()
    with django_capture_on_commit_callbacks(execute=True):
        review.correct_value(participation, actor=user, key="avg_headcount", value=230, reason="Табель")
        review.mark_verified(reload(participation), actor=user)
    assert [letter.to for letter in mail.outbox] == [[colleague.email], [colleague.email]]
    assert Notification.objects.filter(recipient=user).count() == before
    assert Notification.objects.filter(recipient=colleague).count() == 2


def test_the_results_reach_those_who_did_not_win_and_the_regional_commission(
    contest, django_capture_on_commit_callbacks
):
    winner = participant(contest, "108", "Первая")
    runner_up = participant(contest, "98", "Вторая")
    regional = UserFactory(role=Role.REGIONAL_SECRETARY)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decision = forward(contest)
    [told] = letters_to(regional)
    assert told.subject == "Победители муниципального этапа направлены: Краснодар"
    assert link_of(told) == "/region/"
    assert str(decision) in told.body
    [winner_rep] = winner.organization.representatives.all()
    [runner_rep] = runner_up.organization.representatives.all()
    assert [letter.subject for letter in letters_to(winner_rep)] == ["Победа в муниципальном этапе смотра-конкурса"]
    assert [letter.subject for letter in letters_to(runner_rep)] == [
        "Итоги муниципального этапа смотра-конкурса подведены"
    ]


def test_the_regional_decision_tells_the_forwarded_who_did_not_win(contest, django_capture_on_commit_callbacks):
    # Four municipalities forward a winner each into one nomination; the regional decision names the three best (top
    # 3, п. 4.10): the fourth is told the results too, with no win.
    names = ("Альфа", "Бета", "Гамма", "Дельта")
    totals = ("113", "108", "103", "98")
    towns = ("Краснодар", "Сочи", "Новороссийск", "Анапа")
    forwarded = [
        participant(contest, total, name, town=town) for total, name, town in zip(totals, names, towns, strict=True)
    ]
    for town in towns:
        forward(contest, town)
    staff = UserFactory(role=Role.STAFF)
    decisions.propose_regional_winners(contest, actor=staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decision = decisions.record_regional_decision(contest, actor=staff, number="3-к", day=timezone.localdate())
    subjects = {}
    for participation in forwarded:
        [rep] = participation.organization.representatives.all()
        subjects[participation.organization.short_name] = [letter.subject for letter in letters_to(rep)]
    won = ["Организация — победитель смотра-конкурса"]
    lost = ["Итоги смотра-конкурса подведены"]
    assert subjects == {"ООО «Альфа»": won, "ООО «Бета»": won, "ООО «Гамма»": won, "ООО «Дельта»": lost}
    [rep] = forwarded[3].organization.representatives.all()
    [letter] = letters_to(rep)
    assert str(decision) in letter.body
    assert link_of(letter) == f"/participation/{forwarded[3].pk}/"
    assert Decimal("98") == reload(forwarded[3]).card.verified_total
