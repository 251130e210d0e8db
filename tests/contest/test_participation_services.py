"""Every move of the participant's workflow and the rules that guard it, through the services."""

import os
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from contest.enums import APPROVER_ROLE_BODY, ApprovalState, ApprovingBody, AttachmentKind, DeadlineKind, Role
from contest.enums import ParticipationState as S
from contest.models import Approval, AuditRecord, Participation
from contest.services import participation as services
from core.exceptions import DomainError
from tests.contest.helpers import approved, in_approval, pdf, registered, reload, started, submitted
from tests.factories import (
    COMPLETE_CARD,
    FILLED_APPLICATION,
    OrganizationFactory,
    UserFactory,
    municipal_user,
    open_contest,
    organization_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest():
    return open_contest()


def test_start_participation_prefills_application_from_profile(contest):
    organization = OrganizationFactory(
        sector=contest.sectors.get(code="energy"), legal_address="Краснодар, ул. Мира, 5"
    )
    participation, user = started(contest, organization)
    assert participation.state == S.DRAFT
    assert participation.sector.code == "energy"
    assert participation.application.full_name == organization.full_name
    assert participation.application.legal_address == "Краснодар, ул. Мира, 5"
    assert participation.card.values == {"avg_headcount": organization.headcount}
    assert [(r.action, r.text) for r in participation.audit_records.all()] == [
        ("application.created", "Создан черновик заявки")
    ]


def test_start_participation_twice_is_refused(contest):
    participation, user = started(contest)
    with pytest.raises(DomainError, match="уже участвует"):
        services.start_participation(participation.organization, contest=contest, actor=user)


def test_start_participation_without_sector_asks_for_it(contest):
    organization = OrganizationFactory(sector=None)
    with pytest.raises(DomainError, match="Укажите в профиле организации отрасль"):
        services.start_participation(organization, contest=contest, actor=UserFactory(role=Role.ORGANIZATION))


def test_start_participation_after_application_deadline_is_refused():
    contest = open_contest(application_deadline=timezone.localdate() - timedelta(days=1))
    with pytest.raises(DomainError, match="истёк"):
        started(contest)


def test_submit_application_needs_confirmations_and_consent(contest):
    participation, user = started(contest)
    with pytest.raises(DomainError) as caught:
        services.submit_application(participation, actor=user)
    message = caught.value.message
    assert message.startswith(
        "Заполните: юридический адрес; телефон/факс для связи; руководитель организации, Ф. И. О.; должность руководителя; "
        "председатель профкома (выборного органа), Ф. И. О.; должность, наименование выборного органа."
    )
    assert "Отметьте все подтверждения заявки" in message
    assert "Дайте согласие на обработку персональных данных" in message
    assert reload(participation).state == S.DRAFT


def test_submit_application_without_union_body_does_not_ask_for_its_chair(contest):
    participation, user = started(contest)
    fields = {**FILLED_APPLICATION, "has_union_body": False, "union_chair_name": "", "union_chair_position": ""}
    services.update_application(participation.application, actor=user, **fields)
    services.give_consent(participation, user=user, subject_name="Иванова Мария Петровна")
    services.submit_application(participation, actor=user)
    assert reload(participation).state == S.SUBMITTED


def test_submit_application_moves_state_fixes_category_and_tells_the_labour_office(
    contest, django_capture_on_commit_callbacks
):
    office = municipal_user(Role.LABOUR_OFFICE)
    municipal_user(Role.LABOUR_OFFICE, name="Сочи")  # another municipality: not told
    with django_capture_on_commit_callbacks(execute=True):
        participation, user = submitted(contest)
    participation = reload(participation)
    assert participation.state == S.SUBMITTED
    assert participation.size_category == "medium_large"
    assert participation.application.submitted_at is not None
    assert [letter.to for letter in mail.outbox] == [[office.email]]
    assert mail.outbox[0].subject.startswith("Новая заявка на смотр-конкурс")


def test_consent_stores_the_text_as_shown(contest):
    participation, user = started(contest)
    consent = services.give_consent(participation, user=user, subject_name="  Иванова   Мария Петровна ")
    assert consent.subject_name == "Иванова Мария Петровна"
    assert consent.text.startswith("Я, Иванова Мария Петровна, в соответствии со статьёй 9")
    assert consent.text_version == services.CONSENT_VERSION


def test_register_application_by_labour_office(contest, django_capture_on_commit_callbacks):
    participation, user = submitted(contest)
    office = municipal_user(Role.LABOUR_OFFICE)
    with django_capture_on_commit_callbacks(execute=True):
        services.register_application(participation, actor=office, number="17")
    participation = reload(participation)
    assert participation.state == S.REGISTERED
    assert participation.application.registration_number == "17"
    assert mail.outbox[-1].to == [user.email]
    assert mail.outbox[-1].subject == "Заявка зарегистрирована"


def test_register_application_by_another_municipality_is_refused(contest):
    participation, _ = submitted(contest)
    with pytest.raises(DomainError, match="сектор по труду"):
        services.register_application(participation, actor=municipal_user(Role.LABOUR_OFFICE, name="Сочи"))
    assert reload(participation).state == S.SUBMITTED


def test_return_application_needs_a_reason_and_the_organization_resubmits(contest, django_capture_on_commit_callbacks):
    participation, user = submitted(contest)
    office = municipal_user(Role.LABOUR_OFFICE)
    with pytest.raises(DomainError, match="Укажите причину возврата"):
        services.return_application(participation, actor=office, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.return_application(participation, actor=office, reason="Нет подписи председателя профкома")
    participation = reload(participation)
    assert participation.state == S.RETURNED
    assert participation.application.return_reason == "Нет подписи председателя профкома"
    assert "Нет подписи председателя профкома" in mail.outbox[-1].body

    services.update_application(participation.application, actor=user, union_chair_name="Сидорова А. И.")
    services.submit_application(participation, actor=user)
    participation = reload(participation)
    assert participation.state == S.SUBMITTED
    assert participation.application.return_reason == ""


def test_update_application_after_submission_is_refused(contest):
    participation, user = submitted(contest)
    with pytest.raises(DomainError, match="Заявка уже подана"):
        services.update_application(participation.application, actor=user, phone="112")


def test_the_door_refuses_a_move_not_in_the_table(contest):
    from core.workflow import transition

    participation, user = started(contest)
    with pytest.raises(DomainError, match="Нельзя перейти из состояния «Черновик заявки» в «Карта представлена»"):
        transition(participation, "submit_card", actor=user)


def test_the_door_writes_who_when_from_to_and_why(contest):
    participation, user = submitted(contest)
    office = municipal_user(Role.LABOUR_OFFICE)
    services.return_application(participation, actor=office, reason="Неполный адрес")
    record = AuditRecord.objects.filter(participation=participation).last()
    assert (record.actor, record.from_state, record.to_state, record.reason) == (
        office,
        S.SUBMITTED,
        S.RETURNED,
        "Неполный адрес",
    )


def test_update_card_keeps_declared_total_only_when_complete(contest):
    participation, user = registered(contest)
    card = services.update_card(participation.card, actor=user, values={"accidents": 0, "incapacity_days": 0})
    assert card.declared_total is None
    card = services.update_card(card, actor=user, values=COMPLETE_CARD)
    # 148 less: K1/1 8,5 (Кт 12,0), K1/2 10 (Кч 4,2), K2 3, K11 5, K12 5, K13 10, K17/2 2, K18 1,5 (6250 руб.), K19 5.
    assert card.declared_total == Decimal("98")


def test_update_card_before_registration_is_refused(contest):
    participation, user = submitted(contest)
    with pytest.raises(DomainError, match="Карта сейчас не редактируется"):
        services.update_card(participation.card, actor=user, values={"accidents": 0})


def test_update_card_keeps_a_value_typed_wrongly_as_text_until_a_valid_one_comes(contest):
    participation, user = registered(contest)
    card = services.update_card(
        participation.card,
        actor=user,
        values={**COMPLETE_CARD, "sanitary_pct": None},
        typed={"sanitary_pct": "95 %", "fatal_transport_no_fault": "2"},
    )
    card = reload(participation).card
    assert card.typed_inputs == {"sanitary_pct": "95 %", "fatal_transport_no_fault": "2"}
    assert services.card_values(card)["sanitary_pct"] is None
    assert card.fatal_transport_no_fault == 0  # a column that may not be empty holds its default meanwhile
    assert card.declared_total is None  # incomplete while a value is typed wrongly
    # A later save of other values keeps what was typed wrongly; a valid value for the name replaces it.
    services.update_card(card, actor=user, values={"ppe_pct": Decimal("90")})
    assert reload(participation).card.typed_inputs == {"sanitary_pct": "95 %", "fatal_transport_no_fault": "2"}
    services.update_card(card, actor=user, values={"sanitary_pct": Decimal("95"), "fatal_transport_no_fault": 0})
    card = reload(participation).card
    assert (card.typed_inputs, services.card_values(card)["sanitary_pct"]) == ({}, Decimal("95"))


def test_update_card_cuts_a_long_typed_text_and_logs_no_draft(contest):
    participation, user = registered(contest)
    before = AuditRecord.objects.filter(participation=participation).count()
    services.update_card(participation.card, actor=user, values={}, typed={"accidents": "x" * 5000})
    assert reload(participation).card.typed_inputs == {"accidents": "x" * services.TYPED_MAX_LENGTH}
    assert AuditRecord.objects.filter(participation=participation).count() == before


def test_send_for_approval_refuses_while_a_value_is_typed_wrongly_and_names_it(contest):
    participation, user = registered(contest)
    services.update_card(
        participation.card,
        actor=user,
        values={**COMPLETE_CARD, "ppe_pct": None, "women_count": None},
        typed={"ppe_pct": "сто", "women_count": "много"},
    )
    with pytest.raises(DomainError) as refused:
        services.send_card_for_approval(participation, actor=user)
    assert refused.value.message.startswith(
        "Исправьте значения, введённые с ошибкой (они отмечены на странице карты): «Обеспеченность сертифицированной "
        "спецобувью, спецодеждой и другими СИЗ, % от нормы», «раздел 1: из них женщин»."
    )
    assert reload(participation).state == S.REGISTERED


def test_card_problems_check_section_one():
    contest = open_contest()
    participation, user = registered(contest)
    card = participation.card
    card.values = {"avg_headcount": 10, "hazardous_workers": 3}
    card.women_count, card.teenagers_count, card.hazardous_women = 11, 12, 4
    card.fatal_accidents, card.fatal_transport_no_fault = 1, 2
    assert services.card_problems(card) == {
        "women_count": "Не может быть больше среднесписочной численности (10).",
        "teenagers_count": "Не может быть больше среднесписочной численности (10).",
        "hazardous_women": "Не может быть больше числа занятых во вредных и тяжёлых условиях.",
        "fatal_transport_no_fault": "Не может быть больше числа несчастных случаев со смертельным исходом.",
    }


def test_send_for_approval_needs_a_complete_card(contest):
    participation, user = registered(contest)
    with pytest.raises(DomainError, match="Заполните все показатели карты"):
        services.send_card_for_approval(participation, actor=user)


def test_send_for_approval_with_transport_exception_needs_the_act(contest):
    participation, user = registered(contest)
    services.update_card(
        participation.card, actor=user, values={**COMPLETE_CARD, "fatal_accidents": 1, "fatal_transport_no_fault": 1}
    )
    with pytest.raises(DomainError, match="Приложите акт расследования"):
        services.send_card_for_approval(participation, actor=user)
    services.add_attachment(participation, actor=user, kind=AttachmentKind.INVESTIGATION_ACT, uploaded=pdf("акт.pdf"))
    services.send_card_for_approval(participation, actor=user)
    assert reload(participation).state == S.CARD_APPROVAL


def test_send_for_approval_creates_three_pending_approvals(contest, django_capture_on_commit_callbacks):
    approvers = [municipal_user(role) for role in APPROVER_ROLE_BODY]
    with django_capture_on_commit_callbacks(execute=True):
        participation, user = in_approval(contest)
    assert reload(participation).state == S.CARD_APPROVAL
    assert sorted(Approval.objects.filter(participation=participation).values_list("body", "state")) == sorted(
        (body, ApprovalState.PENDING) for body in ApprovingBody
    )
    told = {address for letter in mail.outbox for address in letter.to}
    assert {a.email for a in approvers} <= told


def test_send_for_approval_after_card_deadline_is_refused(contest):
    participation, user = registered(contest)
    services.update_card(participation.card, actor=user, values=COMPLETE_CARD)
    contest.card_deadline = timezone.localdate() - timedelta(days=1)
    contest.application_deadline = contest.card_deadline - timedelta(days=10)
    contest.save()
    with pytest.raises(DomainError, match="Срок «представление информационных карт» истёк"):
        services.send_card_for_approval(reload(participation), actor=user)


def test_decide_approval_by_wrong_body_or_municipality_is_refused(contest):
    participation, user = in_approval(contest)
    approval = Approval.objects.get(participation=participation, body=ApprovingBody.INSPECTORATE)
    with pytest.raises(DomainError, match="Согласовать эту карту может только"):
        services.decide_approval(approval, actor=municipal_user(Role.APPROVER_UNIONS), approve=True)
    with pytest.raises(DomainError, match="Согласовать эту карту может только"):
        services.decide_approval(approval, actor=municipal_user(Role.APPROVER_INSPECTORATE, name="Сочи"), approve=True)


def test_decide_approval_return_sends_the_card_back_and_resend_resets(contest, django_capture_on_commit_callbacks):
    participation, user = in_approval(contest)
    inspectorate = municipal_user(Role.APPROVER_INSPECTORATE)
    unions = municipal_user(Role.APPROVER_UNIONS)
    services.decide_approval(
        Approval.objects.get(participation=participation, body=ApprovingBody.UNIONS), actor=unions, approve=True
    )
    approval = Approval.objects.get(participation=participation, body=ApprovingBody.INSPECTORATE)
    with pytest.raises(DomainError, match="Укажите замечание"):
        services.decide_approval(approval, actor=inspectorate, approve=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_approval(approval, actor=inspectorate, approve=False, remark="СИЗ выданы не всем: 98 %")
    participation = reload(participation)
    assert participation.state == S.REGISTERED
    assert "СИЗ выданы не всем: 98 %" in mail.outbox[-1].body

    services.update_card(participation.card, actor=user, values={"ppe_pct": Decimal("98")})
    services.send_card_for_approval(participation, actor=user)
    assert set(Approval.objects.filter(participation=participation).values_list("state", flat=True)) == {
        ApprovalState.PENDING
    }


def test_submit_card_needs_all_approvals_and_the_note(contest):
    participation, user = in_approval(contest)
    with pytest.raises(DomainError) as caught:
        services.submit_card(participation, actor=user)
    assert "Карту должны согласовать все три органа" in caught.value.message
    assert "Приложите аналитическую записку" in caught.value.message


def test_submit_card_with_info_materials_claimed_needs_them(contest):
    participation, user = registered(contest)
    services.update_card(participation.card, actor=user, values={**COMPLETE_CARD, "has_info_materials": True})
    services.send_card_for_approval(participation, actor=user)
    for role, body in APPROVER_ROLE_BODY.items():
        services.decide_approval(
            Approval.objects.get(participation=participation, body=body), actor=municipal_user(role), approve=True
        )
    services.add_attachment(participation, actor=user, kind=AttachmentKind.ANALYTICAL_NOTE, uploaded=pdf())
    with pytest.raises(DomainError, match="приложите их"):
        services.submit_card(participation, actor=user)


def test_submit_card_before_deadline_then_closed(contest, django_capture_on_commit_callbacks):
    participation, user = approved(contest)
    member = municipal_user(Role.MUNICIPAL_MEMBER)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_card(participation, actor=user)
    assert reload(participation).state == S.CARD_SUBMITTED
    assert member.email in mail.outbox[-1].to or any(member.email in letter.to for letter in mail.outbox)
    with pytest.raises(DomainError):
        services.update_card(reload(participation).card, actor=user, values={"accidents": 0})
    with pytest.raises(DomainError, match="материалы уже у комиссии"):
        services.add_attachment(reload(participation), actor=user, kind=AttachmentKind.SUPPORTING, uploaded=pdf())


def test_submit_card_after_deadline_is_refused_and_extension_reopens(contest):
    participation, user = approved(contest)
    today = timezone.localdate()
    contest.card_deadline = today - timedelta(days=1)
    contest.application_deadline = today - timedelta(days=30)
    contest.save()
    with pytest.raises(DomainError, match="истёк"):
        services.submit_card(reload(participation), actor=user)
    staff = UserFactory(role=Role.STAFF)
    extension = services.extend_deadline(
        contest, kind=DeadlineKind.CARD, new_date=today + timedelta(days=3), reason="Паводок в районе", actor=staff
    )
    assert extension.old_date == today - timedelta(days=1)
    services.submit_card(reload(participation), actor=user)
    assert reload(participation).state == S.CARD_SUBMITTED


def test_card_deadline_day_itself_is_still_open(contest):
    participation, user = approved(contest)
    contest.card_deadline = timezone.localdate()
    contest.application_deadline = contest.card_deadline - timedelta(days=30)
    contest.save()
    services.submit_card(reload(participation), actor=user)
    assert reload(participation).state == S.CARD_SUBMITTED


def test_extend_deadline_rules(contest):
    staff = UserFactory(role=Role.STAFF)
    with pytest.raises(DomainError, match="только сотрудники"):
        services.extend_deadline(
            contest, kind=DeadlineKind.CARD, new_date=contest.card_deadline, reason="x", actor=municipal_user()
        )
    with pytest.raises(DomainError, match="Укажите причину"):
        services.extend_deadline(
            contest, kind=DeadlineKind.CARD, new_date=contest.card_deadline, reason=" ", actor=staff
        )
    with pytest.raises(DomainError, match="позже прежнего"):
        services.extend_deadline(
            contest, kind=DeadlineKind.CARD, new_date=contest.card_deadline, reason="x", actor=staff
        )
    with pytest.raises(DomainError, match="раньше срока представления карт"):
        services.extend_deadline(
            contest,
            kind=DeadlineKind.CARD,
            new_date=contest.forwarding_deadline + timedelta(days=5),
            reason="Поздно",
            actor=staff,
        )


def test_add_attachment_checks_content_not_name(contest):
    participation, user = started(contest)
    fake = SimpleUploadedFile("записка.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf")
    with pytest.raises(
        DomainError, match=re.escape("Этот вид файла не принимается. Допустимые форматы: PDF, DOCX, ODT.")
    ):
        services.add_attachment(participation, actor=user, kind=AttachmentKind.ANALYTICAL_NOTE, uploaded=fake)
    assert participation.attachments.count() == 0


def test_add_attachment_sanitises_the_name_and_stores_outside_public_paths(contest, private_files):
    participation, user = started(contest)
    upload = pdf("../../etc/Анализ <работы> 2011.PDF")
    attachment = services.add_attachment(
        participation, actor=user, kind=AttachmentKind.ANALYTICAL_NOTE, uploaded=upload
    )
    assert attachment.original_name == "Анализ_работы_2011.pdf"
    assert attachment.content_type == "application/pdf"
    path = attachment.file.path
    assert path.startswith(str(private_files))
    assert "Анализ" not in path
    with open(path, "rb") as stored:
        assert stored.read().startswith(b"%PDF-")


def test_add_attachment_too_large_or_empty_is_refused(contest, settings):
    settings.PORTAL_MAX_UPLOAD_MB = 1
    participation, user = started(contest)
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (1024 * 1024), content_type="application/pdf")
    with pytest.raises(DomainError, match="Файл слишком большой"):
        services.add_attachment(participation, actor=user, kind=AttachmentKind.SUPPORTING, uploaded=big)
    empty = SimpleUploadedFile("empty.pdf", b"", content_type="application/pdf")
    with pytest.raises(DomainError, match="Файл пустой"):
        services.add_attachment(participation, actor=user, kind=AttachmentKind.SUPPORTING, uploaded=empty)


def test_delete_attachment_removes_file_after_commit(contest, django_capture_on_commit_callbacks):
    participation, user = started(contest)
    attachment = services.add_attachment(participation, actor=user, kind=AttachmentKind.SUPPORTING, uploaded=pdf())
    path = attachment.file.path
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_attachment(attachment, actor=user)
    assert participation.attachments.count() == 0
    assert not os.path.exists(path)


def test_participation_is_once_per_contest_in_the_database(contest):
    participation, user = started(contest)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(
            contest=contest, organization=participation.organization, sector=participation.sector, size_category="small"
        )


def test_files_of_a_participation_are_added_and_removed_by_its_representative_only(contest):
    participation, owner = registered(contest)
    attachment = services.add_attachment(participation, actor=owner, kind=AttachmentKind.SUPPORTING, uploaded=pdf())
    stranger = organization_user()
    with pytest.raises(DomainError, match="представитель организации"):
        services.add_attachment(participation, actor=stranger, kind=AttachmentKind.SUPPORTING, uploaded=pdf())
    with pytest.raises(DomainError, match="представитель организации"):
        services.delete_attachment(attachment, actor=stranger)
    assert list(participation.attachments.all()) == [attachment]
