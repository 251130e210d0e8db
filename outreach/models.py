"""Consultations of the territorial commission (п. 3.4: «оказывает консультативную и методическую помощь
организациям»): a question is a thread of messages between an asker and the commission of a municipality; the
commission may publish an edited copy of a question and its answer to the contest's public FAQ.

The asker is either a signed-in representative of an organization (the question belongs to the organization: its
other representatives see it too) or a visitor before registering, known by a name and an e-mail, who reaches the
thread through a signed link sent by letter (no account)."""

import secrets
import uuid

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contest.models import Contest, Organization, User
from core.models import AuditEntry
from regions.models import Municipality

from .enums import Author, QuestionState, QuestionTopic

SUBJECT_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 10_000


def _visitor_key() -> str:
    return secrets.token_urlsafe(12)


class Question(models.Model):
    """A question to the territorial commission of a municipality, and its thread (`messages`)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="questions", verbose_name=_("муниципальное образование")
    )
    contest = models.ForeignKey(
        Contest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("смотр-конкурс"),
        help_text=_("Текущий смотр-конкурс, когда вопрос задан."),
    )
    topic = models.CharField(_("о чём вопрос"), max_length=20, choices=QuestionTopic.choices)
    subject = models.CharField(_("тема"), max_length=SUBJECT_MAX_LENGTH)
    state = models.CharField(
        _("состояние"), max_length=20, choices=QuestionState.choices, default=QuestionState.WAITING
    )
    # A representative's question: the organization and the person who asked.
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("организация"),
    )
    asked_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions", verbose_name=_("кто задал")
    )
    # A visitor's question: the name and the address the letters go to; the key makes the thread's link revocable.
    visitor_name = models.CharField(_("имя спрашивающего"), max_length=200, blank=True)
    visitor_email = models.EmailField(_("электронная почта спрашивающего"), blank=True)
    visitor_key = models.CharField(max_length=32, default=_visitor_key, editable=False)
    # Since when the commission owes an answer (the first message of the asker it has not answered; empty once
    # answered): the flag «Без ответа больше двух рабочих дней» (workdays.py) compares it with now. Kept by
    # services.questions next to the door's state change (the door saves the state alone).
    waiting_since = models.DateTimeField(_("ждёт ответа с"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("задан"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("вопрос комиссии")
        verbose_name_plural = _("вопросы комиссии")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(organization__isnull=False) & Q(visitor_email=""))
                | (Q(organization__isnull=True) & ~Q(visitor_email="")),
                name="outreach_question_organization_or_visitor",
                violation_error_message=_("Вопрос задаёт либо организация, либо посетитель с адресом почты."),
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_visitor(self) -> bool:
        return self.organization_id is None

    @property
    def asker_label(self) -> str:
        """Who asked, as the commission sees it."""
        if self.is_visitor:
            return f"{self.visitor_name} <{self.visitor_email}>"
        person = self.asked_by.full_name if self.asked_by else ""
        return f"{self.organization}{' · ' + person if person else ''}"


def attachment_path(instance: "QuestionMessage", filename: str) -> str:
    """Stored under a random name outside any public path: the user's file name is kept only as data."""
    return f"outreach/questions/{instance.question_id}/{uuid.uuid4().hex}"


class QuestionMessage(models.Model):
    """One message of a question's thread: the first one is the question itself."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="messages", verbose_name=_("вопрос"))
    author = models.CharField(_("чьё"), max_length=20, choices=Author.choices)
    written_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("кто написал")
    )
    # The name as it was when written: it outlives a renamed or deleted account.
    author_name = models.CharField(_("кто написал (Ф. И. О.)"), max_length=300, blank=True)
    text = models.TextField(_("текст"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    file = models.FileField(_("файл"), upload_to=attachment_path, max_length=300, blank=True)
    original_name = models.CharField(_("имя файла"), max_length=200, blank=True)
    content_type = models.CharField(_("тип содержимого"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("размер, байт"), null=True, blank=True)
    created_at = models.DateTimeField(_("написано"), auto_now_add=True)

    class Meta:
        verbose_name = _("сообщение")
        verbose_name_plural = _("сообщения")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class FaqEntry(models.Model):
    """A question and its answer as the commission published them to the contest's public FAQ: texts of their own,
    edited so that the asker is not named (the thread stays private). Withdrawn entries are kept, unpublished."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="faq", verbose_name=_("вопрос"))
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="faq", verbose_name=_("смотр-конкурс"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="faq", verbose_name=_("муниципальное образование")
    )
    question_text = models.TextField(_("вопрос"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    answer_text = models.TextField(_("ответ"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    is_published = models.BooleanField(_("опубликован"), default=True)
    published_at = models.DateTimeField(_("опубликован"), null=True, blank=True)
    published_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("кто опубликовал")
    )

    class Meta:
        verbose_name = _("вопрос и ответ")
        verbose_name_plural = _("вопросы и ответы")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.question_text[:80]


class QuestionRecord(AuditEntry):
    """Who did what with a question, when, from which state to which. Written by core.workflow only."""

    STATES = QuestionState

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="records", verbose_name=_("вопрос"))

    class Meta(AuditEntry.Meta):
        verbose_name = _("запись журнала")
        verbose_name_plural = _("журнал вопросов")
