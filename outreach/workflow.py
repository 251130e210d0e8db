"""The moves of a question and the actions of its history: the table for the door in core.workflow.

The letters of a question are not the moves' notices: a visitor has no account, and every letter carries a link to
the thread that depends on who reads it (services.questions writes them)."""

from django.utils.translation import gettext_lazy as L

from core.audit import register
from core.workflow import Move, Workflow

from .enums import QuestionState
from .models import Question, QuestionRecord

S = QuestionState

ASKED = register("question.asked", L("Задан вопрос"))
ANSWERED = register("question.answered", L("Комиссия ответила"))
COMMISSION_WROTE = register("question.commission_wrote", L("Комиссия дополнила ответ"))
FOLLOWED_UP = register("question.followed_up", L("Спрашивающий написал снова"))
PUBLISHED = register("question.published", L("Вопрос и ответ опубликованы в разделе «Вопросы и ответы»"))
FAQ_EDITED = register("question.faq_edited", L("Опубликованный текст изменён"))
WITHDRAWN = register("question.withdrawn", L("Вопрос снят с публикации"))

WORKFLOW = Workflow(model=Question, states=QuestionState, audit_model=QuestionRecord, subject_field="question")
WORKFLOW.add(
    Move("answer", frozenset({S.WAITING}), S.ANSWERED, "outreach.answer_question", ANSWERED),
    # The asker writes again after an answer; a visitor (actor None) reaches it through the thread's signed link.
    Move("follow_up", frozenset({S.ANSWERED}), S.WAITING, "outreach.reply_question", FOLLOWED_UP),
)
