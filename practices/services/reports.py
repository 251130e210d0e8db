"""Reports of best practice: drafts, materials, filing, "nothing new", and the district administration's review.

Every state change goes through change_state(): it checks TRANSITIONS, locks the row, saves and writes a
PracticeAuditRecord; the functions around it queue e-mails after commit (notify=False leaves them out: the demo data
uses it). A rule that forbids what was asked raises DomainError with a message for the user.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.enums import Role
from contest.exceptions import DomainError
from contest.models import Organization, User
from contest.services.notifications import send_after_commit

from ..enums import EDITABLE_STATES, FILED_STATES, TRANSITIONS, ReportState
from ..files import check_material
from ..models import NothingNewStatement, PracticeAuditRecord, PracticeMaterial, PracticeReport, ReportingPeriod
from ..periods import Quarter, open_quarters
from ..selectors import normalize

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
# The one door for state changes, the history, the letters


def change_state(
    report: PracticeReport, *, to: str, actor: User | None, action: str, reason: str = ""
) -> PracticeReport:
    """Move a report to another state.

    Side effects: locks and saves the report, writes a PracticeAuditRecord. Raises DomainError for a move TRANSITIONS
    does not allow from the state the row has in the database.
    """
    with transaction.atomic():
        locked = PracticeReport.objects.select_for_update().get(pk=report.pk)
        if locked.state == to:
            raise DomainError(_("Это уже сделано: состояние — «%(state)s».") % {"state": S(to).label})
        if to not in TRANSITIONS[locked.state]:
            raise DomainError(
                _("Нельзя перейти из состояния «%(from)s» в «%(to)s».")
                % {"from": S(locked.state).label, "to": S(to).label}
            )
        from_state = locked.state
        locked.state = to
        locked.save(update_fields=["state", "updated_at"])
        PracticeAuditRecord.objects.create(
            report=locked,
            actor=actor,
            **(actor.audit_identity() if actor is not None else {}),
            action=action,
            from_state=from_state,
            to_state=to,
            reason=reason,
        )
    report.state = to
    report.updated_at = locked.updated_at
    return report


def log(report: PracticeReport, *, actor: User | None, action: str, reason: str = "") -> PracticeAuditRecord:
    """Record an action that does not change the state (a file added, publication allowed)."""
    return PracticeAuditRecord.objects.create(
        report=report,
        actor=actor,
        **(actor.audit_identity() if actor is not None else {}),
        action=action,
        reason=reason,
    )


def _notify(users: Iterable[User], *, subject: str, body: str) -> None:
    send_after_commit((user.email for user in users if user.is_active), subject=subject, body=body)


def _tell_organization(report: PracticeReport, *, subject: str, body: str, notify: bool = True) -> None:
    if not notify:
        return
    _notify(User.objects.holding(Role.ORGANIZATION, organization=report.organization_id), subject=subject, body=body)


def _tell_administration(organization: Organization, *, subject: str, body: str, notify: bool = True) -> None:
    if not notify:
        return
    _notify(
        User.objects.holding(Role.DISTRICT_ADMINISTRATION, municipality=organization.municipality_id),
        subject=subject,
        body=body,
    )


def _require_representative(organization: Organization, actor: User) -> None:
    if actor.organization_id is None or actor.organization_id != organization.pk:
        raise DomainError(_("Это действие выполняет представитель организации."))


def _require_reviewer(report: PracticeReport, actor: User) -> None:
    allowed = actor.is_staff_member or (
        actor.works_in(report.organization.municipality_id, Role.DISTRICT_ADMINISTRATION)
    )
    if not allowed:
        raise DomainError(_("Отчёт рассматривает администрация муниципального образования организации."))


# ---------------------------------------------------------------------------------------------------------------------
# Drafts


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
    _require_representative(organization, actor)
    check_quarter_open(quarter)
    report = PracticeReport(
        organization=organization, period=period_for(quarter), created_by=actor, source_answer=source_answer
    )
    _set_fields(report, fields)
    _validated(report)
    report.save()
    log(report, actor=actor, action=_("Создан черновик отчёта"))
    return report


@transaction.atomic
def update_report(
    report: PracticeReport, *, actor: User, quarter: Quarter | None = None, **fields: Any
) -> PracticeReport:
    """Save a draft or returned report's text and figures, and its quarter while it is a draft. Side effects: saves."""
    _require_representative(report.organization, actor)
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
    _require_representative(report.organization, actor)
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
    _require_representative(report.organization, actor)
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
        if uploaded is not None:
            material.file.save(material.original_name, uploaded, save=False)
        material.save()
        log(
            report,
            actor=actor,
            action=_("Добавлен материал: %(name)s") % {"name": material.original_name or material.url},
        )
    return material


def delete_material(material: PracticeMaterial, *, actor: User) -> None:
    """Remove a material of a draft or returned report. Side effects: deletes the row and the file, PracticeAuditRecord."""
    report = material.report
    _require_representative(report.organization, actor)
    if report.state not in EDITABLE_STATES:
        raise DomainError(_("Материалы представленного отчёта не удаляются."))
    name = material.original_name or material.url
    with transaction.atomic():
        material.delete()
        log(report, actor=actor, action=_("Удалён материал: %(name)s") % {"name": name})
        if material.file:
            transaction.on_commit(lambda: material.file.delete(save=False))


# ---------------------------------------------------------------------------------------------------------------------
# Filing


def submit_report(report: PracticeReport, *, actor: User, notify: bool = True) -> PracticeReport:
    """File the report with the district administration; after the deadline it is accepted and marked late.

    Side effects: stamps the filing time (the first one stays), state «представлен», PracticeAuditRecord, e-mail to the
    district administration after commit.
    """
    _require_representative(report.organization, actor)
    problems = report_problems(report)
    if problems:
        raise DomainError(" ".join(problems))
    now = timezone.now()
    again = report.state == S.RETURNED
    with transaction.atomic():
        late = report.period.is_late(report.first_submitted_at or now)
        # The filing time first (the database requires it of a filed report); a refused move rolls it back.
        report.submitted_at = now
        report.first_submitted_at = report.first_submitted_at or now
        report.save(update_fields=["submitted_at", "first_submitted_at", "updated_at"])
        change_state(
            report,
            to=S.SUBMITTED,
            actor=actor,
            action=_("Отчёт представлен повторно") if again else _("Отчёт представлен"),
            reason=_("после срока %(day)s") % {"day": report.period.deadline.strftime("%d.%m.%Y")} if late else "",
        )
        organization = report.organization
        _tell_administration(
            organization,
            notify=notify,
            subject=_("Передовой опыт: отчёт %(org)s") % {"org": organization},
            body=_(
                "Организация «%(org)s» представила отчёт о передовом опыте за %(quarter)s: «%(title)s». Рассмотрите его на портале."
            )
            % {"org": organization, "quarter": report.period, "title": report.title},
        )
    return report


def state_nothing_new(
    organization: Organization, *, actor: User, quarter: Quarter, comment: str = ""
) -> NothingNewStatement:
    """Record that the organization implemented nothing new in the quarter (it has then reported for it).

    Side effects: creates the ReportingPeriod on first use and a NothingNewStatement.
    """
    _require_representative(organization, actor)
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
    _require_representative(report.organization, actor)
    if report.publication_allowed == allowed:
        return report
    report.publication_allowed = allowed
    report.save(update_fields=["publication_allowed", "updated_at"])
    log(report, actor=actor, action=_("Публикация разрешена") if allowed else _("Разрешение на публикацию отозвано"))
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
    _require_reviewer(report, actor)
    withdrawing = report.state == S.RECOMMENDED
    if withdrawing and not comment.strip():
        raise DomainError(_("Укажите, почему рекомендация снимается, — организация увидит это."))
    with transaction.atomic():
        change_state(
            report,
            to=S.ACCEPTED,
            actor=actor,
            action=_("Рекомендация к распространению снята") if withdrawing else _("Отчёт принят"),
            reason=comment.strip(),
        )
        _reviewed(report, actor)
        _tell_organization(
            report,
            notify=notify,
            subject=_("Передовой опыт: отчёт принят") if not withdrawing else _("Передовой опыт: рекомендация снята"),
            body=(
                _("Администрация сняла рекомендацию к распространению с отчёта «%(title)s». Причина: %(comment)s")
                if withdrawing
                else _("Администрация приняла отчёт о передовом опыте «%(title)s» за %(quarter)s.")
            )
            % {"title": report.title, "quarter": report.period, "comment": comment.strip()},
        )
    return report


def return_report(report: PracticeReport, *, actor: User, remarks: str, notify: bool = True) -> PracticeReport:
    """Return a filed report to the organization with remarks. Side effects: state «возвращён», PracticeAuditRecord,
    e-mail to the organization."""
    _require_reviewer(report, actor)
    remarks = remarks.strip()
    if not remarks:
        raise DomainError(_("Укажите замечания — организация увидит их."))
    with transaction.atomic():
        change_state(report, to=S.RETURNED, actor=actor, action=_("Отчёт возвращён с замечаниями"), reason=remarks)
        _reviewed(report, actor, remarks=remarks)
        _tell_organization(
            report,
            notify=notify,
            subject=_("Передовой опыт: отчёт возвращён с замечаниями"),
            body=_(
                "Администрация вернула отчёт «%(title)s» за %(quarter)s. Замечания: %(remarks)s\nИсправьте отчёт и представьте его снова."
            )
            % {"title": report.title, "quarter": report.period, "remarks": remarks},
        )
    return report


def recommend_report(report: PracticeReport, *, actor: User, comment: str = "", notify: bool = True) -> PracticeReport:
    """Recommend a filed or accepted report for dissemination (it is accepted with it); it appears in the public
    library if the organization allowed publication.

    Side effects: state «рекомендован», reviewer stamped, PracticeAuditRecord, e-mail to the organization.
    """
    _require_reviewer(report, actor)
    with transaction.atomic():
        change_state(
            report, to=S.RECOMMENDED, actor=actor, action=_("Рекомендован к распространению"), reason=comment.strip()
        )
        _reviewed(report, actor)
        where = (
            _("Он опубликован в открытой библиотеке передового опыта.")
            if report.publication_allowed
            else _("В открытой библиотеке он появится, если организация разрешит публикацию.")
        )
        _tell_organization(
            report,
            notify=notify,
            subject=_("Передовой опыт рекомендован к распространению"),
            body=_("Администрация рекомендовала к распространению опыт «%(title)s». %(where)s")
            % {"title": report.title, "where": where},
        )
    return report
