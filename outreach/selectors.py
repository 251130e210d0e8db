"""Reads of the outreach app, already limited to what the user may see."""

from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.lookups import Contains
from django.utils import timezone

from contest.enums import MUNICIPAL_COMMISSION_ROLES
from core.search import SEARCH_MAX_LENGTH, Folded, by_name_or_inn, fold

from .enums import QuestionFilter, QuestionState
from .models import FaqEntry, Question, QuestionMessage, QuestionRecord
from .workdays import working_days_before

OVERDUE_AFTER_WORKING_DAYS = 2


def overdue_cutoff(now: datetime | None = None) -> datetime:
    """A question waiting since before this moment has had no answer for more than two working days."""
    return working_days_before(now or timezone.now(), OVERDUE_AFTER_WORKING_DAYS)


def _base() -> QuerySet[Question]:
    return Question.objects.select_related("municipality", "organization", "asked_by", "faq")


def questions_for(user) -> QuerySet[Question]:
    """The questions the user may open: the organization's own, the commission's municipalities', all for staff."""
    if not user.is_authenticated:
        return Question.objects.none()
    if user.is_staff_member:
        return _base()
    seen = Q(municipality_id__in=user.municipality_ids(*MUNICIPAL_COMMISSION_ROLES))
    if user.organization_id:
        seen |= Q(organization_id=user.organization_id)
    return _base().filter(seen)


def own_questions(user) -> QuerySet[Question]:
    """«Мои вопросы»: every question of the representative's organization, by any of its representatives."""
    if not user.is_authenticated or not user.organization_id:
        return Question.objects.none()
    return _base().filter(organization_id=user.organization_id).order_by("-created_at", "-pk")


def commission_questions(user, *, search: str = "", state: str = "", now: datetime | None = None) -> QuerySet[Question]:
    """The commission's list: the questions of its municipalities (all for staff), waiting ones first, found by the
    organization's name or ИНН, the visitor's name or address, or a word of the subject or of a message."""
    if not user.is_authenticated:
        return Question.objects.none()
    questions = _base()
    if not user.is_staff_member:
        questions = questions.filter(municipality_id__in=user.municipality_ids(*MUNICIPAL_COMMISSION_ROLES))
    text = fold(search[:SEARCH_MAX_LENGTH])
    if text:
        in_messages = QuestionMessage.objects.filter(Contains(Folded("text"), text), question=OuterRef("pk"))
        questions = questions.filter(
            by_name_or_inn(text, "organization")
            | Q(Contains(Folded("subject"), text))
            | Q(Contains(Folded("visitor_name"), text))
            | Q(Contains(Folded("visitor_email"), text))
            | Q(Exists(in_messages))
        )
    if state == QuestionFilter.WAITING:
        questions = questions.filter(state=QuestionState.WAITING)
    elif state == QuestionFilter.OVERDUE:
        questions = questions.filter(state=QuestionState.WAITING, waiting_since__lt=overdue_cutoff(now))
    elif state == QuestionFilter.ANSWERED:
        questions = questions.filter(state=QuestionState.ANSWERED)
    elif state == QuestionFilter.PUBLISHED:
        questions = questions.filter(faq__is_published=True)
    return questions.order_by("-state", "waiting_since", "-created_at", "-pk")


def unanswered_count(municipality_id: int | None) -> tuple[int, int]:
    """The questions of a municipality waiting for the commission's answer, and how many of them for more than two
    working days (the start page's panel)."""
    counts = Question.objects.filter(municipality_id=municipality_id, state=QuestionState.WAITING).aggregate(
        waiting=Count("pk"), overdue=Count("pk", filter=Q(waiting_since__lt=overdue_cutoff()))
    )
    return counts["waiting"], counts["overdue"]


def thread(question: Question) -> QuerySet[QuestionMessage]:
    return question.messages.select_related("written_by").order_by("created_at", "pk")


def history(question: Question) -> QuerySet[QuestionRecord]:
    return question.records.select_related("actor").order_by("created_at", "pk")


def message_for(user, pk: int) -> QuestionMessage | None:
    """A message with a file of a question the user may open."""
    return (
        QuestionMessage.objects.select_related("question")
        .filter(pk=pk, question__in=questions_for(user))
        .exclude(file="")
        .first()
    )


def faq(contest, *, municipality_id: int | None = None) -> QuerySet[FaqEntry]:
    """The published questions and answers of a contest, newest first; of one municipality when given."""
    if contest is None:
        return FaqEntry.objects.none()
    entries = FaqEntry.objects.select_related("municipality").filter(contest=contest, is_published=True)
    if municipality_id is not None:
        entries = entries.filter(municipality_id=municipality_id)
    return entries.order_by("-published_at", "-pk")
