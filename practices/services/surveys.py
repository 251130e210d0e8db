"""Anonymous surveys of an organization's workers: proposals to improve safety, and an express survey after training.

The organization opens a survey and shares its link; workers answer without an account and nothing identifies them;
the organization reads the answers and may turn one into a draft best-practice report.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.models import Organization, User
from core.exceptions import DomainError
from core.permissions import require

from ..enums import PracticeKind, SurveyKind
from ..models import PracticeReport, Survey, SurveyAnswer
from ..periods import Quarter
from .reports import create_report

ANSWER_FIELDS = {
    SurveyKind.PROPOSALS: ("department", "proposal", "problem"),
    SurveyKind.TRAINING: ("usefulness", "learned", "proposal", "unclear"),
}


def _validated(obj) -> None:
    try:
        obj.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error


def start_survey(
    organization: Organization,
    *,
    actor: User,
    kind: str,
    title: str,
    intro: str = "",
    training_name: str = "",
    training_date: date | None = None,
) -> Survey:
    """Open a survey of the organization's workers with a fresh unguessable link. Side effects: saves the survey."""
    require(actor, "practices.report_for_organization", organization)
    if kind == SurveyKind.TRAINING and not training_name.strip():
        raise DomainError(_("Укажите, после какого обучения проводится экспресс-опрос."))
    survey = Survey(
        organization=organization,
        kind=kind,
        title=title.strip(),
        intro=intro.strip(),
        training_name=training_name.strip() if kind == SurveyKind.TRAINING else "",
        training_date=training_date if kind == SurveyKind.TRAINING else None,
        created_by=actor,
    )
    _validated(survey)
    survey.save()
    return survey


def set_survey_open(survey: Survey, *, actor: User, is_open: bool) -> Survey:
    """Stop or resume taking answers through the link. Side effects: saves the survey."""
    require(actor, "practices.report_for_organization", survey.organization)
    survey.is_open = is_open
    survey.save(update_fields=["is_open"])
    return survey


def answer_survey(survey: Survey, **values) -> SurveyAnswer:
    """Store a worker's anonymous answer: only the fields of the survey's kind and the day, nothing about the person.

    Side effects: saves the answer.
    """
    if not survey.is_open:
        raise DomainError(_("Опрос закрыт: ответы больше не принимаются."))
    fields = ANSWER_FIELDS[survey.kind]
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"Unknown answer fields: {sorted(unknown)}")
    answer = SurveyAnswer(survey=survey, answered_on=timezone.localdate())
    for name, value in values.items():
        setattr(answer, name, value.strip() if isinstance(value, str) else value)
    if survey.kind == SurveyKind.PROPOSALS and not answer.proposal:
        raise DomainError(_("Напишите предложение."))
    if survey.kind == SurveyKind.TRAINING and answer.usefulness is None:
        raise DomainError(_("Оцените пользу обучения от 1 до 5."))
    _validated(answer)
    answer.save()
    return answer


@transaction.atomic
def report_from_answer(answer: SurveyAnswer, *, actor: User) -> PracticeReport:
    """Start a draft report of the current quarter from a worker's proposal; the organization completes it.

    Side effects: creates the report (see create_report), linked to the answer.
    """
    survey = answer.survey
    require(actor, "practices.report_for_organization", survey.organization)
    text = answer.proposal or answer.learned
    if not text:
        raise DomainError(_("В этом ответе нет предложения, из которого можно составить отчёт."))
    first_line = " ".join(text.split())
    title = first_line if len(first_line) <= 120 else first_line[:119].rsplit(" ", 1)[0] + "…"
    solution = answer.proposal
    if survey.kind == SurveyKind.TRAINING:
        solution = "\n\n".join(
            part
            for part in (
                answer.proposal,
                _("Что работники узнали на обучении «%(training)s»: %(learned)s")
                % {"training": survey.training_name, "learned": answer.learned}
                if answer.learned
                else "",
            )
            if part
        )
    return create_report(
        survey.organization,
        actor=actor,
        quarter=Quarter.of(timezone.localdate()),
        source_answer=answer,
        kind=PracticeKind.LABOUR_ORGANIZATION,
        title=title,
        problem=answer.problem,
        solution=solution,
    )
