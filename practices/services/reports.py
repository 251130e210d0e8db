"""Reports of best practice: drafts, materials, filing, "nothing new", and the district administration's review.

Every state change goes through the door, core.workflow.transition(): the moves (practices/workflow.py) name the
permission, the action code and the letters, queued after commit (notify=False leaves them out: the demo data uses
it). A rule that forbids what was asked raises DomainError with a message for the user.
"""

from datetime import date
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.models import Organization, User
from core.exceptions import DomainError
from core.permissions import require
from core.workflow import record, transition

from ..enums import EDITABLE_STATES, FILED_STATES, ReportState
from ..files import check_material
from ..models import NothingNewStatement, PracticeMaterial, PracticeReport, ReportingPeriod
from ..periods import Quarter, open_quarters
from ..selectors import normalize
from ..workflow import (
    MATERIAL_ADDED,
    MATERIAL_DELETED,
    PUBLICATION_ALLOWED,
    PUBLICATION_WITHDRAWN,
    REPORT_CREATED,
)

S = ReportState

REPORT_FIELDS = (
    "kind",
    "title",
    "problem",
    "solution",
    "results",
    "injuries_before",
    "injuries_after",
    "violations_before",
    "violations_after",
    "productivity_change_pct",
    "economic_effect_rub",
    "investment_rub",
    "publication_allowed",
)


# ---------------------------------------------------------------------------------------------------------------------
# Periods


def period_for(quarter: Quarter) -> ReportingPeriod:
    """The stored period of a quarter, created with the deadline the settings give on first use."""
    period, _created = ReportingPeriod.objects.get_or_create(
        year=quarter.year, quarter=quarter.quarter, defaults={"deadline": quarter.deadline()}
    )
    return period


def check_quarter_open(quarter: Quarter, *, today: date | None = None) -> None:
    """An organization reports for the current quarter or one of the four before it (late, but accepted)."""
    if quarter not in open_quarters(today or timezone.localdate()):
        raise DomainError(_("Отчитаться можно за текущий квартал и за четыре предыдущих."))


# ---------------------------------------------------------------------------------------------------------------------
# Drafts


def _lock(report: PracticeReport) -> PracticeReport:
    """Lock the report's row until the transaction ends and refresh the instance's state from it, so that the caller
    checks its preconditions on what the database holds. Call inside transaction.atomic()."""
    locked = PracticeReport.objects.select_for_update().only("state", "updated_at").get(pk=report.pk)
    report.state, report.updated_at = locked.state, locked.updated_at
    return report


def _index(report: PracticeReport) -> None:
    report.search_text = normalize(" ".join((report.title, report.problem, report.solution, report.results)))


def _set_fields(report: PracticeReport, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown report fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(report, name, value.strip() if isinstance(value, str) else value)
    _index(report)


def _validated(report: PracticeReport) -> None:
    try:
        report.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error


@transaction.atomic
def create_report(
    organization: Organization, *, actor: User, quarter: Quarter, source_answer=None, **fields: Any
) -> PracticeReport:
    """Start a draft report of the organization for a quarter.

    Side effects: creates the ReportingPeriod on first use, saves the report, writes a PracticeAuditRecord.
    """
    require(actor, "practices.report_for_organization", organization)
    check_quarter_open(quarter)
    report = PracticeReport(
        organization=organization, period=period_for(quarter), created_by=actor, source_answer=source_answer
    )
    _set_fields(report, fields)
    _validated(report)
    report.save()
    record(report, REPORT_CREATED, actor=actor)
    return report


@transaction.atomic
def update_report(
    report: PracticeReport, *, actor: User, quarter: Quarter | None = None, **fields: Any
) -> PracticeReport:
    """Save a draft or returned report's text and figures, and its quarter while it is a draft. Side effects: saves."""
    require(actor, "practices.edit_report", report)
    _lock(report)
    if report.state not in EDITABLE_STATES:
        raise DomainError(_("Отчёт представлен в администрацию — изменить его нельзя, пока его не вернут."))
    if quarter is not None and quarter != report.period.as_quarter:
        if report.state != S.DRAFT:
            raise DomainError(_("Квартал представленного отчёта не меняется."))
        check_quarter_open(quarter)
        report.period = period_for(quarter)
    _set_fields(report, fields)
    _validated(report)
    report.save()
    return report


def report_problems(report: PracticeReport) -> list[str]:
    """What still prevents filing the report; empty when it can go."""
    missing = [
        str(report._meta.get_field(name).verbose_name)
        for name in ("title", "problem", "solution")
        if not getattr(report, name).strip()
    ]
    problems = []
    if missing:
        problems.append(_("Заполните: %(fields)s.") % {"fields": "; ".join(missing)})
    if not (report.results.strip() or report.has_figures):
        problems.append(_("Опишите результаты: словами или цифрами (травмы и нарушения до и после, эффект, затраты)."))
    return problems


@transaction.atomic
def delete_draft(report: PracticeReport, *, actor: User) -> None:
    """Remove a draft that will not be filed. Side effects: deletes the report, its materials and their files."""
    require(actor, "practices.edit_report", report)
    _lock(report)
    if report.state != S.DRAFT:
        raise DomainError(_("Удалить можно только черновик."))
    files = [m.file for m in report.materials.all() if m.file]
    report.delete()
    transaction.on_commit(lambda: [f.delete(save=False) for f in files])


# ---------------------------------------------------------------------------------------------------------------------
# Materials


def _check_link(url: str) -> str:
    url = url.strip()
    if urlsplit(url).scheme.lower() not in {"http", "https"}:
        raise DomainError(_("Ссылка должна начинаться с https:// или http://."))
    return url


def add_material(
    report: PracticeReport,
    *,
    actor: User,
    uploaded=None,
    url: str = "",
    title: str = "",
    public: bool = False,
) -> PracticeMaterial:
    """Attach a file (type checked by its content) or a video link to a draft or returned report.

    Side effects: writes the file under a random name outside public paths, saves the material, a PracticeAuditRecord.
    """
    require(actor, "practices.edit_report", report)
    if report.state not in EDITABLE_STATES:
        raise DomainError(_("Материалы добавляются к черновику или к отчёту, возвращённому с замечаниями."))
    if (uploaded is None) == (not url.strip()):
        raise DomainError(_("Приложите файл или укажите ссылку на видео — что-то одно."))
    material = PracticeMaterial(report=report, title=title.strip(), public=public, uploaded_by=actor)
    if uploaded is not None:
        try:
            file_type, name = check_material(uploaded)
        except ValidationError as error:
            raise DomainError(" ".join(error.messages)) from error
        material.original_name = name
        material.content_type = file_type.content_type
        material.size = uploaded.size
    else:
        material.url = _check_link(url)
    try:
        # The file is checked above and written below; the database constraint holds «a file or a link».
        material.full_clean(exclude=["file"], validate_constraints=False)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    with transaction.atomic():
        _lock(report)  # filed meanwhile: the material is refused
        if report.state not in EDITABLE_STATES:
            raise DomainError(_("Материалы добавляются к черновику или к отчёту, возвращённому с замечаниями."))
        if uploaded is not None:
            material.file.save(material.original_name, uploaded, save=False)
        material.save()
        record(report, MATERIAL_ADDED, actor=actor, params={"name": material.original_name or material.url})
    return material


def delete_material(material: PracticeMaterial, *, actor: User) -> None:
    """Remove a material of a draft or returned report. Side effects: deletes the row and the file, PracticeAuditRecord."""
    report = material.report
    require(actor, "practices.edit_report", report)
    if report.state not in EDITABLE_STATES:
        raise DomainError(_("Материалы представленного отчёта не удаляются."))
    name = material.original_name or material.url
    with transaction.atomic():
        _lock(report)
        if report.state not in EDITABLE_STATES:
            raise DomainError(_("Материалы представленного отчёта не удаляются."))
        material.delete()
        record(report, MATERIAL_DELETED, actor=actor, params={"name": name})
        if material.file:
            transaction.on_commit(lambda: material.file.delete(save=False))


# ---------------------------------------------------------------------------------------------------------------------
# Filing


def submit_report(report: PracticeReport, *, actor: User, notify: bool = True) -> PracticeReport:
    """File the report with the district administration; after the deadline it is accepted and marked late.

    Side effects: stamps the filing time (the first one stays), state «представлен», PracticeAuditRecord, e-mail to the
    district administration after commit.
    """
    require(actor, "practices.edit_report", report)
    problems = report_problems(report)
    if problems:
        raise DomainError(" ".join(problems))
    now = timezone.now()
    with transaction.atomic():
        late = report.period.is_late(report.first_submitted_at or now)
        # The filing time first (the database requires it of a filed report); a refused move rolls it back.
        report.submitted_at = now
        report.first_submitted_at = report.first_submitted_at or now
        report.save(update_fields=["submitted_at", "first_submitted_at", "updated_at"])
        transition(
            report,
            "resubmit" if report.state == S.RETURNED else "submit",
            actor=actor,
            reason=_("после срока %(day)s") % {"day": report.period.deadline.strftime("%d.%m.%Y")} if late else "",
            notify=notify,
        )
    return report


def state_nothing_new(
    organization: Organization, *, actor: User, quarter: Quarter, comment: str = ""
) -> NothingNewStatement:
    """Record that the organization implemented nothing new in the quarter (it has then reported for it).

    Side effects: creates the ReportingPeriod on first use and a NothingNewStatement.
    """
    require(actor, "practices.report_for_organization", organization)
    check_quarter_open(quarter)
    filed = PracticeReport.objects.filter(
        organization=organization,
        period__year=quarter.year,
        period__quarter=quarter.quarter,
        state__in=FILED_STATES,
    )
    if filed.exists():
        raise DomainError(_("За этот квартал уже представлен отчёт о передовом опыте."))
    try:
        with transaction.atomic():
            return NothingNewStatement.objects.create(
                organization=organization, period=period_for(quarter), comment=comment.strip(), submitted_by=actor
            )
    except IntegrityError:
        raise DomainError(_("Организация уже сообщила, что нового опыта за этот квартал нет.")) from None


@transaction.atomic
def set_publication(report: PracticeReport, *, actor: User, allowed: bool) -> PracticeReport:
    """The organization allows or forbids publishing the report in the public library; it may change its mind any time.

    Side effects: saves the flag, PracticeAuditRecord.
    """
    require(actor, "practices.edit_report", report)
    if report.publication_allowed == allowed:
        return report
    report.publication_allowed = allowed
    report.save(update_fields=["publication_allowed", "updated_at"])
    record(report, PUBLICATION_ALLOWED if allowed else PUBLICATION_WITHDRAWN, actor=actor)
    return report


# ---------------------------------------------------------------------------------------------------------------------
# Review by the district administration


def _reviewed(report: PracticeReport, actor: User, *, remarks: str = "") -> None:
    report.reviewed_by = actor
    report.reviewed_at = timezone.now()
    report.remarks = remarks
    report.save(update_fields=["reviewed_by", "reviewed_at", "remarks", "updated_at"])


def accept_report(report: PracticeReport, *, actor: User, comment: str = "", notify: bool = True) -> PracticeReport:
    """Accept a filed report, or withdraw a recommendation (the report stays accepted).

    Side effects: state «принят», reviewer stamped, PracticeAuditRecord, e-mail to the organization.
    """
    withdrawing = report.state == S.RECOMMENDED

    def check(locked: PracticeReport) -> None:
        if withdrawing and not comment.strip():
            raise DomainError(_("Укажите, почему рекомендация снимается, — организация увидит это."))

    with transaction.atomic():
        transition(
            report,
            "withdraw_recommendation" if withdrawing else "accept",
            actor=actor,
            reason=comment.strip(),
            check=check,
            notify=notify,
        )
        _reviewed(report, actor)
    return report


def return_report(report: PracticeReport, *, actor: User, remarks: str, notify: bool = True) -> PracticeReport:
    """Return a filed report to the organization with remarks. Side effects: state «возвращён», PracticeAuditRecord,
    e-mail to the organization."""
    remarks = remarks.strip()

    def check(locked: PracticeReport) -> None:
        if not remarks:
            raise DomainError(_("Укажите замечания — организация увидит их."))

    with transaction.atomic():
        transition(report, "return", actor=actor, reason=remarks, check=check, notify=notify)
        _reviewed(report, actor, remarks=remarks)
    return report


def recommend_report(report: PracticeReport, *, actor: User, comment: str = "", notify: bool = True) -> PracticeReport:
    """Recommend a filed or accepted report for dissemination (it is accepted with it); it appears in the public
    library if the organization allowed publication.

    Side effects: state «рекомендован», reviewer stamped, PracticeAuditRecord, e-mail to the organization.
    """
    where = (
        _("Он опубликован в открытой библиотеке передового опыта.")
        if report.publication_allowed
        else _("В открытой библиотеке он появится, если организация разрешит публикацию.")
    )
    with transaction.atomic():
        transition(report, "recommend", actor=actor, reason=comment.strip(), context={"where": where}, notify=notify)
        _reviewed(report, actor)
    return report
