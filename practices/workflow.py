"""The moves of a best-practice report and the actions of its history: the table for the door in core.workflow."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as L

from contest.enums import Role
from contest.models import User
from core.audit import register
from core.workflow import Move, Notice, Workflow

from .enums import ReportState
from .models import PracticeAuditRecord, PracticeReport

S = ReportState

REPORT_CREATED = register("practice.created", L("Создан черновик отчёта"))
MATERIAL_ADDED = register("practice.material_added", L("Добавлен материал: %(name)s"))
MATERIAL_DELETED = register("practice.material_deleted", L("Удалён материал: %(name)s"))
REPORT_SUBMITTED = register("practice.submitted", L("Отчёт представлен"))
REPORT_RESUBMITTED = register("practice.resubmitted", L("Отчёт представлен повторно"))
PUBLICATION_ALLOWED = register("practice.publication_allowed", L("Публикация разрешена"))
PUBLICATION_WITHDRAWN = register("practice.publication_withdrawn", L("Разрешение на публикацию отозвано"))
REPORT_ACCEPTED = register("practice.accepted", L("Отчёт принят"))
RECOMMENDATION_WITHDRAWN = register("practice.recommendation_withdrawn", L("Рекомендация к распространению снята"))
REPORT_RETURNED = register("practice.returned", L("Отчёт возвращён с замечаниями"))
REPORT_RECOMMENDED = register("practice.recommended", L("Рекомендован к распространению"))


def organization(report: PracticeReport) -> Any:
    """The representatives of the report's organization."""
    return User.objects.holding(Role.ORGANIZATION, organization=report.organization_id)


def administration(report: PracticeReport) -> Any:
    """The district administration of the organization's municipality."""
    return User.objects.holding(Role.DISTRICT_ADMINISTRATION, municipality=report.organization.municipality_id)


def report_page(report: PracticeReport) -> str:
    """The report's page: the organization's and the administration's alike (the latter decides there)."""
    return reverse("practices:report", args=[report.pk])


# Who is told (the actor never of their own move): submit, resubmit → the district administration of the organization's
# municipality; accept, return, recommend, withdraw_recommendation → the organization's representatives; each opens the
# report's page. Quarter-deadline reminders: services.reminders (the organizations that have not reported).


def _context(report: PracticeReport) -> dict[str, Any]:
    return {"org": str(report.organization), "title": report.title, "quarter": str(report.period)}


_filed = Notice(
    administration,
    L("Передовой опыт: отчёт %(org)s"),
    L(
        "Организация «%(org)s» представила отчёт о передовом опыте за %(quarter)s: «%(title)s». Рассмотрите его на портале."
    ),
    link=report_page,
)

WORKFLOW = Workflow(
    model=PracticeReport,
    states=ReportState,
    audit_model=PracticeAuditRecord,
    subject_field="report",
    context=_context,
)
WORKFLOW.add(
    Move("submit", frozenset({S.DRAFT}), S.SUBMITTED, "practices.edit_report", REPORT_SUBMITTED, notify=(_filed,)),
    Move(
        "resubmit", frozenset({S.RETURNED}), S.SUBMITTED, "practices.edit_report", REPORT_RESUBMITTED, notify=(_filed,)
    ),
    Move(
        "accept",
        frozenset({S.SUBMITTED}),
        S.ACCEPTED,
        "practices.review_report",
        REPORT_ACCEPTED,
        notify=(
            Notice(
                organization,
                L("Передовой опыт: отчёт принят"),
                L("Администрация приняла отчёт о передовом опыте «%(title)s» за %(quarter)s."),
                link=report_page,
            ),
        ),
    ),
    Move(
        "withdraw_recommendation",
        frozenset({S.RECOMMENDED}),
        S.ACCEPTED,
        "practices.review_report",
        RECOMMENDATION_WITHDRAWN,
        notify=(
            Notice(
                organization,
                L("Передовой опыт: рекомендация снята"),
                L("Администрация сняла рекомендацию к распространению с отчёта «%(title)s». Причина: %(reason)s"),
                link=report_page,
            ),
        ),
    ),
    Move(
        "return",
        frozenset({S.SUBMITTED}),
        S.RETURNED,
        "practices.review_report",
        REPORT_RETURNED,
        notify=(
            Notice(
                organization,
                L("Передовой опыт: отчёт возвращён с замечаниями"),
                L(
                    "Администрация вернула отчёт «%(title)s» за %(quarter)s. Замечания: %(reason)s\nИсправьте отчёт и представьте его снова."
                ),
                link=report_page,
            ),
        ),
    ),
    Move(
        "recommend",
        frozenset({S.SUBMITTED, S.ACCEPTED}),
        S.RECOMMENDED,
        "practices.review_report",
        REPORT_RECOMMENDED,
        notify=(
            Notice(
                organization,
                L("Передовой опыт рекомендован к распространению"),
                L("Администрация рекомендовала к распространению опыт «%(title)s». %(where)s"),
                link=report_page,
            ),
        ),
    ),
)
