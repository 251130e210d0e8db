"""Choices of the outreach app: the state of a question and what it is about."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionState(models.TextChoices):
    """Whose turn it is in a question's thread: the commission's (a new question, or the asker wrote again) or the
    asker's (the commission answered)."""

    WAITING = "waiting", _("ждёт ответа")
    ANSWERED = "answered", _("отвечен")


class QuestionTopic(models.TextChoices):
    PARTICIPATION = "participation", _("об участии в смотре-конкурсе")
    GENERAL = "general", _("общий вопрос")


class Author(models.TextChoices):
    """Who wrote a message of a thread."""

    ASKER = "asker", _("спрашивающий")
    COMMISSION = "commission", _("комиссия")


class QuestionFilter(models.TextChoices):
    """The commission's filter of its list of questions."""

    WAITING = "waiting", _("ждут ответа")
    OVERDUE = "overdue", _("без ответа больше двух рабочих дней")
    ANSWERED = "answered", _("отвеченные")
    PUBLISHED = "published", _("опубликованные")


class MailingFilter(models.TextChoices):
    """The filter of an announcement's table of letters."""

    NOT_SENT = "not_sent", _("письмо не ушло")
    REGISTERED = "registered", _("зарегистрировались")
    NOT_REGISTERED = "not_registered", _("не зарегистрировались")
    APPLIED = "applied", _("подали заявку")
