"""Reports through the services: drafts, materials, filing on time and late, "nothing new", the review's moves and
letters, and who may do each."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone

from contest.enums import Role
from core.exceptions import DomainError
from practices.enums import PracticeKind, ReportState
from practices.models import NothingNewStatement, PracticeAuditRecord, PracticeMaterial, PracticeReport, ReportingPeriod
from practices.services import reports as services
from practices.workflow import WORKFLOW
from tests.factories import OrganizationFactory, UserFactory, municipal_user, municipality

from .helpers import (
    MP4_BYTES,
    PDF_BYTES,
    current_quarter,
    district,
    draft,
    filed_at,
    pdf,
    png,
    recommended,
    reload,
    representative,
    submitted,
)

pytestmark = pytest.mark.django_db
S = ReportState


# --- drafts -------------------------------------------------------------------------------------------------------


def test_create_report_makes_the_period_with_the_deadline_of_the_settings(settings):
    settings.PRACTICE_REPORT_DAY = 20
    quarter = current_quarter()
    report = draft(quarter=quarter)
    period = ReportingPeriod.objects.get()
    assert (period.year, period.quarter) == (quarter.year, quarter.quarter)
    assert period.deadline == quarter.deadline()
    assert period.deadline.day == 20
    assert report.state == S.DRAFT
    assert [(r.action, r.text) for r in report.audit_records.all()] == [("practice.created", "Создан черновик отчёта")]


def test_a_period_keeps_its_deadline_when_the_settings_change_later(settings):
    draft()
    settings.PRACTICE_REPORT_DAY = 5
    second = draft()
    assert second.period.deadline.day == 25


def test_create_report_refuses_a_future_quarter_and_one_too_old():
    user = representative()
    too_old = current_quarter().previous().previous().previous().previous().previous()
    for quarter in (current_quarter().next(), too_old):
        with pytest.raises(DomainError, match="текущий квартал и за четыре предыдущих"):
            draft(user, quarter=quarter)
    assert not PracticeReport.objects.exists()


def test_only_a_representative_of_the_organization_creates_and_changes_its_reports():
    report = draft()
    stranger = representative()
    with pytest.raises(DomainError, match="представитель организации"):
        services.create_report(
            report.organization, actor=stranger, quarter=current_quarter(), title="x", kind="technique"
        )
    with pytest.raises(DomainError, match="представитель организации"):
        services.update_report(report, actor=stranger, title="Чужое")
    with pytest.raises(DomainError, match="представитель организации"):
        services.update_report(report, actor=district(), title="Чужое")
    assert reload(report).title == "Ограждение приводов конвейера"


def test_update_report_keeps_the_text_searchable_case_folded():
    report = draft(title="Ёмкости для ЛКМ", problem="Пролив КРАСКИ", solution="Поддоны", results="")
    assert report.search_text == "емкости для лкм пролив краски поддоны"
    services.update_report(report, actor=report.created_by, results="Меньше ОТРАВЛЕНИЙ")
    assert reload(report).search_text.endswith("поддоны меньше отравлений")


def test_update_report_refuses_unknown_fields_and_invalid_values():
    report = draft()
    with pytest.raises(ValueError, match="state"):
        services.update_report(report, actor=report.created_by, state=S.RECOMMENDED)
    with pytest.raises(DomainError):
        services.update_report(report, actor=report.created_by, kind="magic")
    assert reload(report).kind == PracticeKind.TECHNIQUE


def test_a_draft_may_move_to_another_open_quarter_a_filed_report_may_not():
    report = draft()
    earlier = current_quarter().previous()
    services.update_report(report, actor=report.created_by, quarter=earlier)
    assert reload(report).period.as_quarter == earlier
    services.submit_report(report, actor=report.created_by)
    services.return_report(report, actor=district(), remarks="Добавьте цифры")
    with pytest.raises(DomainError, match="Квартал представленного отчёта не меняется"):
        services.update_report(reload(report), actor=report.created_by, quarter=current_quarter())


def test_a_filed_report_cannot_be_changed_until_returned():
    report = submitted()
    with pytest.raises(DomainError, match="изменить его нельзя"):
        services.update_report(report, actor=report.created_by, title="Другое")
    services.return_report(report, actor=district(), remarks="Уточните результаты")
    services.update_report(reload(report), actor=report.created_by, title="Другое")
    assert reload(report).title == "Другое"


def test_delete_draft_removes_it_and_its_files_but_not_a_filed_report(django_capture_on_commit_callbacks):
    report = draft()
    with django_capture_on_commit_callbacks(execute=True):
        material = services.add_material(report, actor=report.created_by, uploaded=pdf())
    path = Path(material.file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_draft(report, actor=report.created_by)
    assert not PracticeReport.objects.filter(pk=report.pk).exists()
    assert not PracticeMaterial.objects.exists()
    assert not path.exists()

    filed = submitted()
    with pytest.raises(DomainError, match="только черновик"):
        services.delete_draft(filed, actor=filed.created_by)


# --- materials ------------------------------------------------------------------------------------------------------


def test_material_file_is_stored_under_a_random_name_with_its_real_type(private_files):
    report = draft()
    material = services.add_material(
        report, actor=report.created_by, uploaded=pdf("../../etc/Акт внедрения.exe"), title="Акт", public=True
    )
    assert material.original_name == "Акт_внедрения.pdf"
    assert material.content_type == "application/pdf"
    assert material.size == len(PDF_BYTES)
    assert material.file.name.startswith(f"practices/{report.pk}/")
    assert "Акт" not in material.file.name
    assert material.file.path.startswith(str(private_files))
    assert material.public is True
    assert report.audit_records.filter(action="practice.material_added", params={"name": "Акт_внедрения.pdf"}).exists()


def test_material_video_file_is_recognised_by_its_content():
    report = draft()
    video = SimpleUploadedFile("ролик.avi", MP4_BYTES, content_type="video/x-msvideo")
    material = services.add_material(report, actor=report.created_by, uploaded=video)
    assert (material.original_name, material.content_type) == ("ролик.mp4", "video/mp4")
    assert material.is_video


def test_material_webm_video_and_heif_pictures_are_told_apart():
    report = draft()
    webm = SimpleUploadedFile("ролик", b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm" + b"\x00" * 16)
    assert services.add_material(report, actor=report.created_by, uploaded=webm).content_type == "video/webm"
    heif = SimpleUploadedFile("фото.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 16)
    with pytest.raises(DomainError, match="Этот вид файла не принимается"):
        services.add_material(report, actor=report.created_by, uploaded=heif)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ\x90\x00 an executable", "Этот вид файла не принимается"),
        (b"", "Файл пустой"),
        (b"<html><script>alert(1)</script>", "Этот вид файла не принимается"),
    ],
)
def test_material_bad_files_are_refused(content, message):
    report = draft()
    with pytest.raises(DomainError, match=message):
        services.add_material(
            report, actor=report.created_by, uploaded=SimpleUploadedFile("photo.jpg", content, "image/jpeg")
        )
    assert not PracticeMaterial.objects.exists()


def test_material_size_limits_differ_for_documents_and_video(settings):
    settings.PORTAL_MAX_UPLOAD_MB = 0
    report = draft()
    with pytest.raises(DomainError, match="Файл слишком большой"):
        services.add_material(report, actor=report.created_by, uploaded=pdf())
    video = SimpleUploadedFile("v.mp4", MP4_BYTES, "video/mp4")
    assert services.add_material(report, actor=report.created_by, uploaded=video).content_type == "video/mp4"
    settings.PRACTICE_MAX_VIDEO_MB = 0
    with pytest.raises(DomainError, match="видеохостинге"):
        services.add_material(report, actor=report.created_by, uploaded=SimpleUploadedFile("v.mp4", MP4_BYTES))


def test_material_link_must_be_http_and_is_either_a_file_or_a_link():
    report = draft()
    link = services.add_material(report, actor=report.created_by, url=" https://video.example.ru/v/1 ", title="Ролик")
    assert (link.url, link.file.name, link.is_link) == ("https://video.example.ru/v/1", "", True)
    with pytest.raises(DomainError, match="https://"):
        services.add_material(report, actor=report.created_by, url="javascript:alert(1)")
    with pytest.raises(DomainError, match="что-то одно"):
        services.add_material(report, actor=report.created_by, url="https://x.example.ru", uploaded=pdf())
    with pytest.raises(DomainError, match="что-то одно"):
        services.add_material(report, actor=report.created_by)
    assert PracticeMaterial.objects.count() == 1


def test_material_both_file_and_link_is_refused_by_the_database():
    report = draft()
    with pytest.raises(IntegrityError):
        PracticeMaterial.objects.create(report=report, url="https://x.example.ru", file="practices/x")


def test_materials_are_added_and_removed_only_while_the_report_is_editable():
    report = draft()
    material = services.add_material(report, actor=report.created_by, uploaded=png())
    services.submit_report(report, actor=report.created_by)
    with pytest.raises(DomainError, match="черновику или к отчёту, возвращённому"):
        services.add_material(report, actor=report.created_by, uploaded=pdf())
    with pytest.raises(DomainError, match="не удаляются"):
        services.delete_material(material, actor=report.created_by)
    services.return_report(report, actor=district(), remarks="Фото нечёткое")
    services.delete_material(PracticeMaterial.objects.get(pk=material.pk), actor=report.created_by)
    assert not PracticeMaterial.objects.exists()
    assert report.audit_records.filter(action="practice.material_deleted", params={"name": "фото.png"}).exists()


def test_another_organization_cannot_add_or_remove_materials():
    report = draft()
    material = services.add_material(report, actor=report.created_by, uploaded=png())
    stranger = representative()
    with pytest.raises(DomainError):
        services.add_material(report, actor=stranger, uploaded=pdf())
    with pytest.raises(DomainError):
        services.delete_material(material, actor=stranger)
    assert PracticeMaterial.objects.count() == 1


# --- filing ---------------------------------------------------------------------------------------------------------


def test_submit_requires_the_problem_the_solution_and_some_results():
    report = draft(
        problem="",
        solution=" ",
        results="",
        injuries_before=None,
        injuries_after=None,
        economic_effect_rub=None,
        investment_rub=None,
    )
    with pytest.raises(DomainError) as error:
        services.submit_report(report, actor=report.created_by)
    assert "Заполните: проблема; что сделано." in error.value.message
    assert "Опишите результаты" in error.value.message
    assert reload(report).state == S.DRAFT
    services.update_report(report, actor=report.created_by, problem="П", solution="Р", investment_rub=Decimal("1"))
    services.submit_report(reload(report), actor=report.created_by)
    assert reload(report).state == S.SUBMITTED


def test_submit_writes_the_time_the_history_and_tells_the_district_administration(django_capture_on_commit_callbacks):
    report = draft()
    administration = district()
    district("Сочи")  # another municipality's administration hears nothing
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_report(report, actor=report.created_by)
    report = reload(report)
    assert report.state == S.SUBMITTED
    assert report.first_submitted_at == report.submitted_at is not None
    assert report.is_late is False
    record = report.audit_records.get(to_state=S.SUBMITTED)
    assert (record.from_state, record.actor, record.reason) == (S.DRAFT, report.created_by, "")
    assert [m.to for m in mail.outbox] == [[administration.email]]
    assert "Ограждение приводов конвейера" in mail.outbox[0].body


def test_a_report_after_the_deadline_is_accepted_and_marked_late():
    report = draft(quarter=current_quarter().previous())
    deadline = report.period.deadline
    assert timezone.localdate() > deadline
    services.submit_report(report, actor=report.created_by)
    report = reload(report)
    assert report.state == S.SUBMITTED
    assert report.is_late is True
    assert report.audit_records.get(to_state=S.SUBMITTED).reason == f"после срока {deadline:%d.%m.%Y}"


def test_the_deadline_day_itself_is_on_time_the_next_day_is_late():
    report = submitted()
    deadline = report.period.deadline
    assert filed_at(report, deadline).is_late is False
    assert filed_at(report, deadline + timedelta(days=1)).is_late is True


def test_a_report_returned_and_filed_again_keeps_its_first_filing_for_lateness():
    report = submitted(quarter=current_quarter().previous())
    report = filed_at(report, report.period.deadline - timedelta(days=1))
    services.return_report(report, actor=district(), remarks="Цифры")
    services.submit_report(reload(report), actor=report.created_by)
    report = reload(report)
    assert report.submitted_at > report.first_submitted_at
    assert report.is_late is False
    assert report.audit_records.filter(action="practice.resubmitted").count() == 1


def test_a_filed_report_cannot_be_filed_twice():
    report = submitted()
    first = reload(report).submitted_at
    with pytest.raises(DomainError, match="Это уже сделано"):
        services.submit_report(report, actor=report.created_by)
    assert reload(report).submitted_at == first


def test_the_database_refuses_a_filed_report_without_a_filing_time():
    report = draft()
    with pytest.raises(IntegrityError):
        PracticeReport.objects.filter(pk=report.pk).update(state=S.SUBMITTED)


# --- nothing new ----------------------------------------------------------------------------------------------------


def test_nothing_new_is_recorded_once_per_quarter():
    user = representative()
    statement = services.state_nothing_new(user.organization, actor=user, quarter=current_quarter(), comment=" ок ")
    assert (statement.comment, statement.submitted_by, statement.is_late) == ("ок", user, False)
    with pytest.raises(DomainError, match="уже сообщила"):
        services.state_nothing_new(user.organization, actor=user, quarter=current_quarter())
    assert NothingNewStatement.objects.count() == 1


def test_nothing_new_is_refused_after_a_filed_report_but_not_after_a_draft():
    user = representative()
    report = draft(user)
    services.state_nothing_new(user.organization, actor=user, quarter=current_quarter().previous())
    services.submit_report(report, actor=user)
    with pytest.raises(DomainError, match="уже представлен отчёт"):
        services.state_nothing_new(user.organization, actor=user, quarter=current_quarter())


def test_nothing_new_only_by_the_organization_and_for_an_open_quarter():
    user = representative()
    with pytest.raises(DomainError, match="представитель организации"):
        services.state_nothing_new(user.organization, actor=representative(), quarter=current_quarter())
    with pytest.raises(DomainError, match="четыре предыдущих"):
        services.state_nothing_new(user.organization, actor=user, quarter=current_quarter().next())
    assert not NothingNewStatement.objects.exists()


def test_publication_may_be_allowed_and_withdrawn_at_any_time_with_history():
    report = recommended(publication_allowed=False)
    services.set_publication(report, actor=report.created_by, allowed=True)
    assert reload(report).is_published
    services.set_publication(reload(report), actor=report.created_by, allowed=False)
    assert not reload(report).is_published
    actions = list(report.audit_records.values_list("action", flat=True))
    assert actions[-2:] == ["practice.publication_allowed", "practice.publication_withdrawn"]
    with pytest.raises(DomainError):
        services.set_publication(report, actor=district(), allowed=True)


# --- review ---------------------------------------------------------------------------------------------------------


def test_the_moves_name_only_report_states_and_reach_every_state():
    moves = WORKFLOW.moves.values()
    assert all(move.sources | {move.target} <= set(S.values) for move in moves)
    assert {move.target for move in moves} == set(S.values) - {S.DRAFT}


def test_accept_return_recommend_write_history_and_tell_the_organization(django_capture_on_commit_callbacks):
    report = submitted()
    colleague = representative(report.organization)
    reviewer = district()
    with django_capture_on_commit_callbacks(execute=True):
        services.return_report(report, actor=reviewer, remarks="  Приложите фото  ")
    report = reload(report)
    assert (report.state, report.remarks, report.reviewed_by) == (S.RETURNED, "Приложите фото", reviewer)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([report.created_by.email, colleague.email])
    assert "Приложите фото" in mail.outbox[0].body

    services.submit_report(report, actor=report.created_by)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_report(reload(report), actor=reviewer)
    report = reload(report)
    assert (report.state, report.remarks) == (S.ACCEPTED, "")
    assert mail.outbox[0].subject == "Передовой опыт: отчёт принят"

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.recommend_report(report, actor=reviewer, comment="Всем пищевикам")
    report = reload(report)
    assert report.state == S.RECOMMENDED
    assert report.is_published
    assert "опубликован в открытой библиотеке" in mail.outbox[0].body
    moves = list(report.audit_records.exclude(to_state="").values_list("from_state", "to_state"))
    assert moves == [
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.RETURNED),
        (S.RETURNED, S.SUBMITTED),
        (S.SUBMITTED, S.ACCEPTED),
        (S.ACCEPTED, S.RECOMMENDED),
    ]


def test_recommending_a_report_that_may_not_be_published_says_so(django_capture_on_commit_callbacks):
    report = submitted(publication_allowed=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.recommend_report(report, actor=district())
    assert "если организация разрешит публикацию" in mail.outbox[-1].body
    assert not reload(report).is_published


def test_withdrawing_a_recommendation_needs_a_reason_and_leaves_the_report_accepted():
    report = recommended()
    reviewer = district()
    with pytest.raises(DomainError, match="почему рекомендация снимается"):
        services.accept_report(report, actor=reviewer)
    services.accept_report(report, actor=reviewer, comment="Опыт устарел")
    report = reload(report)
    assert report.state == S.ACCEPTED
    assert report.audit_records.last().text == "Рекомендация к распространению снята"


def test_returning_needs_remarks():
    report = submitted()
    with pytest.raises(DomainError, match="Укажите замечания"):
        services.return_report(report, actor=district(), remarks="   ")
    assert reload(report).state == S.SUBMITTED


@pytest.mark.parametrize(
    ("state_of", "call"),
    [
        (draft, lambda r, a: services.accept_report(r, actor=a)),
        (draft, lambda r, a: services.recommend_report(r, actor=a)),
        (draft, lambda r, a: services.return_report(r, actor=a, remarks="x")),
        (recommended, lambda r, a: services.return_report(r, actor=a, remarks="x")),
        (recommended, lambda r, a: services.recommend_report(r, actor=a)),
    ],
)
def test_moves_the_table_does_not_allow_are_refused(state_of, call):
    report = state_of()
    before = report.state
    with pytest.raises(DomainError, match=r"Нельзя перейти|Это уже сделано"):
        call(report, district())
    assert reload(report).state == before


@pytest.mark.parametrize(
    "reviewer",
    [
        lambda: district("Сочи"),
        lambda: municipal_user(Role.LABOUR_OFFICE),
        lambda: municipal_user(Role.MUNICIPAL_MEMBER),
        lambda: UserFactory(role=Role.REGIONAL_MEMBER),
        lambda: representative(),
    ],
    ids=["other-district", "labour-office", "commission", "regional", "organization"],
)
def test_only_the_district_administration_of_the_municipality_or_staff_review(reviewer):
    report = submitted()
    with pytest.raises(DomainError, match="администрация муниципального образования организации"):
        services.recommend_report(report, actor=reviewer())
    assert reload(report).state == S.SUBMITTED
    services.recommend_report(report, actor=UserFactory(role=Role.STAFF))
    assert reload(report).state == S.RECOMMENDED


def test_an_organization_in_another_municipality_is_reviewed_by_its_own_district():
    organization = OrganizationFactory(municipality=municipality("Сочи"))
    report = submitted(representative(organization))
    with pytest.raises(DomainError):
        services.accept_report(report, actor=district("Краснодар"))
    services.accept_report(report, actor=district("Сочи"))
    assert reload(report).state == S.ACCEPTED


def test_every_state_change_has_one_audit_record():
    report = recommended()
    assert PracticeAuditRecord.objects.filter(report=report).exclude(to_state="").count() == 2
