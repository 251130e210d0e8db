"""Issue 11, item 7: every precondition is checked on the locked row inside the transaction; a lost race is a Russian
message, never a 500. Stale copies everywhere; two requests at once on PostgreSQL (where rows are really locked)."""

import threading

import pytest
from django.db import connection

from contest.enums import APPROVER_ROLE_BODY, Role
from contest.enums import ParticipationState as S
from contest.models import Approval, Decision, DocumentRequest, Organization
from contest.services import participation as services
from contest.services import review
from core.exceptions import DomainError
from tests.contest.helpers import in_approval, reload, under_review
from tests.contest.test_paper_import import filled, paper_row
from tests.contest.test_results_services import forward, participant
from tests.factories import municipal_user, municipality, open_contest


@pytest.fixture
def contest(db):
    return open_contest()


def member():
    return municipal_user(Role.MUNICIPAL_MEMBER)


def test_a_correction_from_a_stale_copy_sends_the_card_verified_meanwhile_back_to_review(contest):
    participation, _ = under_review(contest)
    stale = reload(participation)  # the correction page was opened while the card was under review
    review.mark_verified(reload(participation), actor=member())
    review.correct_value(stale, actor=member(), key="ppe_pct", value="96", reason="Акт проверки")
    assert reload(participation).state == S.UNDER_REVIEW  # not «verified» with a value changed after verification


def test_an_approval_decided_meanwhile_cannot_be_decided_again_from_a_stale_copy(contest):
    participation, _ = in_approval(contest)
    role, body = next(iter(APPROVER_ROLE_BODY.items()))
    approver = municipal_user(role)
    stale = Approval.objects.get(participation=participation, body=body)
    services.decide_approval(Approval.objects.get(pk=stale.pk), actor=approver, approve=True)
    with pytest.raises(DomainError, match="Карта сейчас не ожидает вашего согласования"):
        services.decide_approval(stale, actor=approver, approve=False, remark="Передумали")
    assert reload(participation).state == S.CARD_APPROVAL
    assert Approval.objects.get(pk=stale.pk).remark == ""


def test_a_document_request_answered_meanwhile_is_not_answered_twice(contest):
    participation, user = under_review(contest)
    from django.utils import timezone

    request = review.request_documents(
        reload(participation), actor=member(), message="Акт СОУТ", due_date=timezone.localdate()
    )
    stale = DocumentRequest.objects.get(pk=request.pk)
    review.answer_documents(DocumentRequest.objects.get(pk=request.pk), actor=user, answer="Приложили акт")
    with pytest.raises(DomainError, match="На этот запрос уже ответили"):
        review.answer_documents(stale, actor=user, answer="Ещё раз")
    assert DocumentRequest.objects.get(pk=request.pk).answer == "Приложили акт"


# ---------------------------------------------------------------------------------------------------------------------
# Two requests at once (PostgreSQL)

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="только на PostgreSQL строки блокируются по-настоящему"
)


def at_once(calls) -> list:
    """Run the calls in threads started together; each result is the return value or the exception raised."""
    results: list = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(index, call):
        barrier.wait()
        try:
            results[index] = call()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


# The flush after a transactional test would also empty what the migrations filled (the municipalities): serialized
# rollback restores it for the tests that follow.
def concurrent(test):
    """Committed data and real threads: kept apart from the suite's rolled-back worlds (see the `concurrent` marker)."""
    return pytest.mark.concurrent(pytest.mark.django_db(transaction=True, serialized_rollback=True)(test))


@postgresql_only
@concurrent
def test_five_imports_of_one_file_at_once_give_one_import_and_russian_messages():
    from contest import imports

    contest = open_contest()
    office = municipal_user(Role.LABOUR_OFFICE)
    rows = [paper_row(1), paper_row(2)]

    def send():
        return imports.import_paper_cards(filled(contest, rows), contest=contest, actor=office)

    results = at_once([send] * 5)
    errors = [result for result in results if isinstance(result, Exception)]
    assert all(isinstance(error, DomainError) for error in errors), errors  # never an IntegrityError (a 500)
    assert len(errors) <= 4
    assert Organization.objects.filter(inn__in=[row["inn"] for row in rows]).count() == 2
    assert contest.participations.count() == 2


@postgresql_only
@concurrent
def test_two_municipal_decisions_at_once_record_one():
    contest = open_contest()
    participant(contest, "108", "Первая")
    town = municipality("Краснодар").pk
    results = at_once([lambda: forward(contest), lambda: forward(contest)])
    assert sorted(type(result).__name__ for result in results) == ["Decision", "DomainError"]
    [error] = [result for result in results if isinstance(result, DomainError)]
    assert error.message == "Решение муниципальной комиссии уже внесено."
    assert Decision.objects.filter(municipality_id=town).count() == 1
