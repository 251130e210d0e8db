"""Stage 1 verification through the services: corrections beside declared values, document requests, exclusion."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from contest.enums import ParticipationState as S
from contest.enums import Role
from contest.models import AuditRecord, Correction
from contest.services import review
from contest.services.participation import card_values
from core.exceptions import DomainError
from tests.contest.helpers import card_submitted, organization_in, reload, under_review, verified
from tests.factories import UserFactory, municipal_user, open_contest

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest():
    return open_contest()


@pytest.fixture
def member():
    return municipal_user(Role.MUNICIPAL_MEMBER)


def test_start_review_keeps_the_declared_total_as_verified(contest, member):
    participation, _ = card_submitted(contest)
    review.start_review(participation, actor=member)
    participation = reload(participation)
    assert participation.state == S.UNDER_REVIEW
    assert participation.card.verified_total == participation.card.declared_total == Decimal("98")


def test_start_review_by_another_municipality_is_refused(contest):
    participation, _ = card_submitted(contest)
    with pytest.raises(DomainError, match="территориальная конкурсная комиссия"):
        review.start_review(participation, actor=municipal_user(Role.MUNICIPAL_MEMBER, name="Сочи"))
    with pytest.raises(DomainError):
        review.start_review(participation, actor=municipal_user(Role.APPROVER_UNIONS))
    assert reload(participation).state == S.CARD_SUBMITTED


def test_correct_value_keeps_declared_and_counts_verified(contest, member):
    participation, _ = under_review(contest)
    # Declared ppe 100 % → K3 5; verified 96 % → 3 (95 to under 100). Total 98 → 96.
    correction = review.correct_value(
        participation, actor=member, key="ppe_pct", value="96", reason="Акт проверки: выдано 96 % СИЗ"
    )
    participation = reload(participation)
    assert (correction.declared, correction.value) == ("100", "96")
    assert card_values(participation.card)["ppe_pct"] == Decimal("100")  # the declared value stays
    assert participation.card.declared_total == Decimal("98")
    assert participation.card.verified_total == Decimal("96")
    assert review.verified_values(participation)["ppe_pct"] == "96"
    record = AuditRecord.objects.filter(participation=participation).last()
    assert record.action == "review.value_corrected"
    assert record.text.startswith("Исправлено значение «Обеспеченность сертифицированной спецобувью")
    assert record.reason == "Акт проверки: выдано 96 % СИЗ"


def test_correct_a_flag_and_the_latest_correction_wins(contest, member):
    participation, _ = under_review(contest)
    review.correct_value(participation, actor=member, key="has_ohs_office", value=False, reason="Кабинета нет")
    assert reload(participation).card.verified_total == Decimal("93")  # K4 5 → 0
    review.correct_value(participation, actor=member, key="has_ohs_office", value=True, reason="Кабинет оборудован")
    assert reload(participation).card.verified_total == Decimal("98")
    assert Correction.objects.filter(participation=participation).count() == 2


def test_correct_value_refuses_bad_values_and_saves_nothing(contest, member):
    participation, _ = under_review(contest)
    with pytest.raises(DomainError, match="Значение должно быть от 0 до 100"):
        review.correct_value(participation, actor=member, key="ppe_pct", value="150", reason="x")
    with pytest.raises(DomainError, match="Укажите основание"):
        review.correct_value(participation, actor=member, key="ppe_pct", value="90", reason=" ")
    with pytest.raises(DomainError, match="Такого показателя в карте нет"):
        review.correct_value(participation, actor=member, key="no_such_key", value="1", reason="x")
    with pytest.raises(DomainError, match="уже учтено"):
        review.correct_value(participation, actor=member, key="ppe_pct", value="100", reason="x")
    with pytest.raises(DomainError, match="больше 0 без несчастных случаев"):
        review.correct_value(participation, actor=member, key="accidents", value="0", reason="x")
    assert not Correction.objects.exists()
    assert reload(participation).card.verified_total == Decimal("98")


def test_correct_value_of_a_verified_card_sends_it_back_to_review(contest, member):
    participation, _ = verified(contest)
    review.correct_value(participation, actor=member, key="sanitary_pct", value="84", reason="Нет душевых")
    participation = reload(participation)
    assert participation.state == S.UNDER_REVIEW
    assert participation.card.verified_total == Decimal("96")  # K2 2 → 0


def test_correct_value_before_review_is_refused(contest, member):
    participation, _ = card_submitted(contest)
    with pytest.raises(DomainError, match="пока карта на проверке"):
        review.correct_value(participation, actor=member, key="ppe_pct", value="90", reason="x")


def test_request_and_answer_documents(contest, member, django_capture_on_commit_callbacks):
    participation, user = under_review(contest)
    due = timezone.localdate() + timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        request = review.request_documents(
            participation, actor=member, message="Копии актов о выдаче СИЗ", due_date=due
        )
    assert reload(participation).state == S.DOCUMENTS_REQUESTED
    assert mail.outbox[-1].to == [user.email]
    assert "Копии актов о выдаче СИЗ" in mail.outbox[-1].body

    with pytest.raises(DomainError, match="представитель организации"):
        review.answer_documents(request, actor=member, answer="x")
    with django_capture_on_commit_callbacks(execute=True):
        review.answer_documents(request, actor=user, answer="Акты приложены")
    participation = reload(participation)
    assert participation.state == S.UNDER_REVIEW
    request.refresh_from_db()
    assert (request.answer, request.answered_by) == ("Акты приложены", user)
    assert member.email in {address for letter in mail.outbox for address in letter.to}
    with pytest.raises(DomainError, match="уже ответили"):
        review.answer_documents(request, actor=user, answer="ещё")


def test_request_documents_with_a_past_due_date_is_refused(contest, member):
    participation, _ = under_review(contest)
    with pytest.raises(DomainError, match="не может быть в прошлом"):
        review.request_documents(
            participation, actor=member, message="x", due_date=timezone.localdate() - timedelta(days=1)
        )


def test_exclusion_proposal_follows_r7(contest):
    participation, _ = verified(contest, fatal_accidents=1, fatal_transport_no_fault=0)
    assert review.exclusion_proposal(participation).propose is True
    clean, _ = verified(contest, organization_in(contest, sector="energy"))
    assert review.exclusion_proposal(clean).propose is False


def test_exclude_needs_a_reason_tells_the_organization_and_can_be_undone(
    contest, member, django_capture_on_commit_callbacks
):
    participation, user = under_review(contest)
    with pytest.raises(DomainError, match="Укажите основание"):
        review.exclude(participation, actor=member, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        review.exclude(participation, actor=member, reason="Смертельный случай 12.05.2011, акт Н-1 № 3")
    assert reload(participation).state == S.EXCLUDED
    assert "Смертельный случай 12.05.2011" in mail.outbox[-1].body
    review.reinstate(reload(participation), actor=member, reason="Случай признан не связанным с производством")
    assert reload(participation).state == S.UNDER_REVIEW


def test_disqualify_for_false_data(contest, member):
    participation, _ = under_review(contest)
    review.disqualify(participation, actor=member, reason="Данные о травматизме не подтвердились")
    assert reload(participation).state == S.DISQUALIFIED
    record = AuditRecord.objects.filter(participation=participation).last()
    assert record.to_state == S.DISQUALIFIED
    assert record.reason == "Данные о травматизме не подтвердились"


def test_mark_verified_by_staff(contest):
    participation, _ = under_review(contest)
    review.mark_verified(participation, actor=UserFactory(role=Role.STAFF))
    assert reload(participation).state == S.VERIFIED


def test_award_is_unique_per_participation_and_group_even_without_nomination(contest):
    from django.db import IntegrityError, transaction

    from contest.models import Award

    participation, _ = verified(contest)
    fields = {"contest": contest, "participation": participation, "level": "municipal", "size_category": "small"}
    Award.objects.create(**fields, sector=participation.sector, place=1, total=Decimal("98"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(**fields, sector=participation.sector, place=2, total=Decimal("98"))
    Award.objects.create(**fields, sector=None, place=1, total=Decimal("98"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(**fields, sector=None, place=1, total=Decimal("98"))


def test_correction_history_reads_as_a_person_would(contest, member):
    participation, _ = under_review(contest)
    review.correct_value(participation, actor=member, key="has_ohs_office", value=False, reason="Кабинета нет")
    review.correct_value(participation, actor=member, key="assessment_pct", value="69,5", reason="Карты СОУТ: 69,5 %")
    records = list(AuditRecord.objects.filter(participation=participation))[-2:]
    assert [record.params for record in records] == [
        {"label": "Оборудованный кабинет по охране труда", "old": "да", "new": "нет", "total": "93"},
        {
            "label": "Доля рабочих мест, охваченных аттестацией по условиям труда, %",
            "old": "72,5",
            "new": "69,5",
            "total": "88",
        },
    ]
    assert [record.text for record in records] == [
        "Исправлено значение «Оборудованный кабинет по охране труда»: да → нет; сумма баллов 93",
        "Исправлено значение «Доля рабочих мест, охваченных аттестацией по условиям труда, %»: 72,5 → 69,5; сумма баллов 88",
    ]
