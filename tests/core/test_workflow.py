"""The door (core.workflow): permission and state checked on the locked row, one audit entry, letters only on commit."""

import pytest
from django.core import mail
from django.db import transaction

from contest.enums import ParticipationState as S
from contest.enums import Role
from contest.models import AuditRecord, Participation
from contest.services import participation as services
from contest.services import review
from core.exceptions import DomainError
from core.workflow import record, transition, workflow_of
from tests.contest.helpers import card_submitted, reload, started, submitted
from tests.factories import municipal_user, open_contest

pytestmark = pytest.mark.django_db

REFUSED = "Это действие выполняет сектор по труду муниципального образования организации."


@pytest.fixture
def contest():
    return open_contest()


def _office(participation):
    return municipal_user(Role.LABOUR_OFFICE, name=participation.organization.municipality.name)


def test_the_door_refuses_without_permission_and_changes_nothing(contest, django_capture_on_commit_callbacks):
    participation, user = submitted(contest)
    other_office = municipal_user(Role.LABOUR_OFFICE, name="Сочи")
    entries = AuditRecord.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for actor in (other_office, user):
            with pytest.raises(DomainError) as refused:
                transition(participation, "register_application", actor=actor, context={"day": "01.02.2012"})
            assert refused.value.message == REFUSED
    assert (reload(participation).state, participation.state) == (S.SUBMITTED, S.SUBMITTED)
    assert AuditRecord.objects.count() == entries
    assert (callbacks, mail.outbox) == ([], [])


def test_the_door_refuses_a_move_from_the_wrong_state(contest):
    draft, _ = started(contest)
    office = _office(draft)
    with pytest.raises(DomainError) as refused:
        transition(draft, "register_application", actor=office, context={"day": "01.02.2012"})
    assert refused.value.message == (
        "Нельзя перейти из состояния «Черновик заявки» в «Заявка зарегистрирована, заполняется карта»."
    )
    participation, _ = submitted(contest)
    services.register_application(participation, actor=office, number="1")
    with pytest.raises(DomainError) as refused:
        transition(participation, "register_application", actor=office, context={"day": "01.02.2012"})
    assert refused.value.message == "Это уже сделано: состояние — «Заявка зарегистрирована, заполняется карта»."
    assert reload(draft).state == S.DRAFT
    assert AuditRecord.objects.filter(participation=participation, action="application.registered").count() == 1


def test_a_stale_instance_is_checked_against_the_locked_row(contest):
    participation, _ = submitted(contest)
    office = _office(participation)
    stale = Participation.objects.get(pk=participation.pk)  # read before another request registers it
    services.register_application(participation, actor=office, number="1")
    assert stale.state == S.SUBMITTED  # on the stale copy «return» would still look allowed
    with pytest.raises(DomainError) as refused:
        services.return_application(stale, actor=office, reason="Неполный адрес")
    assert refused.value.message == (
        "Нельзя перейти из состояния «Заявка зарегистрирована, заполняется карта» в «Заявка возвращена на доработку»."
    )
    assert reload(participation).state == S.REGISTERED
    assert not AuditRecord.objects.filter(participation=participation, action="application.returned").exists()


def test_the_door_updates_the_callers_instance_and_writes_one_entry(contest):
    participation, user = submitted(contest)
    office = _office(participation)
    before = participation.updated_at
    transition(participation, "return_application", actor=office, reason="Нет адреса", context={"org": "ООО"})
    row = reload(participation)
    assert (participation.state, participation.updated_at) == (S.RETURNED, row.updated_at)
    assert row.updated_at > before
    entry = AuditRecord.objects.filter(participation=participation).last()
    assert (
        entry.action,
        entry.params,
        entry.actor,
        entry.actor_name,
        entry.actor_role,
        entry.from_state,
        entry.to_state,
        entry.reason,
        entry.text,
    ) == (
        "application.returned",
        {},
        office,
        office.full_name,
        "Сектор по труду · Краснодар",
        S.SUBMITTED,
        S.RETURNED,
        "Нет адреса",
        "Заявка возвращена",
    )
    assert (entry.from_state_label, entry.to_state_label) == ("Заявка подана", "Заявка возвращена на доработку")


def test_the_system_may_make_any_move(contest):
    participation, _ = submitted(contest)
    transition(participation, "register_application", actor=None, context={"day": "01.02.2012"})
    entry = AuditRecord.objects.filter(participation=participation).last()
    assert (reload(participation).state, entry.actor, entry.actor_name, entry.action) == (
        S.REGISTERED,
        None,
        "",
        "application.registered",
    )


def test_a_rolled_back_move_sends_no_mail(contest, django_capture_on_commit_callbacks):
    participation, user = submitted(contest)
    office = _office(participation)
    mail.outbox.clear()

    def move_then_fail() -> None:
        with transaction.atomic():
            services.register_application(participation, actor=office, number="1")
            raise RuntimeError("something after the move failed")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        move_then_fail()
    assert reload(participation).state == S.SUBMITTED
    assert not AuditRecord.objects.filter(participation=participation, action="application.registered").exists()
    assert (callbacks, mail.outbox) == ([], [])


def test_a_committed_move_sends_the_letters_it_declares(contest, django_capture_on_commit_callbacks):
    participation, user = submitted(contest)
    office = _office(participation)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.register_application(participation, actor=office, number="1")
    assert len(callbacks) == 1
    [letter] = mail.outbox
    day = contest.card_deadline.strftime("%d.%m.%Y")
    assert (letter.to, letter.subject, letter.body) == (
        [user.email],
        "Заявка зарегистрирована",
        f"Заявка организации «{participation.application.full_name}» на участие в смотре-конкурсе зарегистрирована. "
        f"Заполните информационную карту до {day}.\n\n"
        f"Открыть на портале: https://ot.example.ru/participation/{participation.pk}/",
    )


def test_starting_the_review_now_tells_the_organization(contest, django_capture_on_commit_callbacks):
    participation, user = card_submitted(contest)
    member = municipal_user(Role.MUNICIPAL_MEMBER, name=participation.organization.municipality.name)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        review.start_review(participation, actor=member)
    assert [(m.to, m.subject) for m in mail.outbox] == [([user.email], "Информационная карта принята на проверку")]


def test_record_writes_an_entry_and_changes_no_state(contest):
    participation, user = started(contest)
    entry = record(
        participation, "file.added", actor=user, params={"name": "акт.pdf"}, reason="Подтверждающий документ"
    )
    assert (reload(participation).state, entry.from_state, entry.to_state, entry.text, entry.reason) == (
        S.DRAFT,
        "",
        "",
        "Добавлен файл: акт.pdf",
        "Подтверждающий документ",
    )


def test_every_app_move_names_its_states_and_a_registered_action():
    from core.audit import is_registered
    from practices.models import PracticeReport

    for model in (Participation, PracticeReport):
        workflow = workflow_of(model)
        for move in workflow.moves.values():
            assert move.sources | {move.target} <= set(workflow.states.values), move.name
            assert is_registered(move.action), move.name
