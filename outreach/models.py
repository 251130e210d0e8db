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


# --- announcements of the contest and the letters that tell employers of it (п. 3.4: «доводит до сведения
# работодателей информацию о проводимом смотре-конкурсе и условиях его проведения») ---------------------------------


def document_path(instance: "Announcement", filename: str) -> str:
    return f"outreach/announcements/{uuid.uuid4().hex}"


class Announcement(models.Model):
    """The department's announcement of a contest for the region (no municipality) or a territorial commission's for
    its municipality: the conditions, the contacts, the Положение as a document. Public once published; the
    contest's deadlines are shown from the contest itself, never typed again."""

    contest = models.ForeignKey(
        Contest, on_delete=models.PROTECT, related_name="announcements", verbose_name=_("смотр-конкурс")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="announcements",
        verbose_name=_("муниципальное образование"),
        help_text=_("Пусто — объявление департамента для всего края."),
    )
    title = models.CharField(_("заголовок"), max_length=300)
    text = models.TextField(
        _("условия участия"),
        validators=[MaxLengthValidator(TEXT_MAX_LENGTH)],
        help_text=_("Кто может участвовать, что и куда представить, как подводятся итоги."),
    )
    contacts = models.TextField(
        _("контакты"),
        blank=True,
        validators=[MaxLengthValidator(2000)],
        help_text=_("Кому звонить и писать: сектор по труду, телефон, адрес, часы приёма."),
    )
    document = models.FileField(_("Положение о смотре-конкурсе"), upload_to=document_path, max_length=300, blank=True)
    original_name = models.CharField(_("имя файла"), max_length=200, blank=True)
    content_type = models.CharField(_("тип содержимого"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("размер, байт"), null=True, blank=True)
    published_at = models.DateTimeField(_("опубликовано"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("кто написал")
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("объявление о смотре-конкурсе")
        verbose_name_plural = _("объявления о смотре-конкурсе")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def scope_label(self) -> str:
        return str(self.municipality) if self.municipality_id else str(_("весь край"))


class EmployerContact(models.Model):
    """An employer of a municipality the labour office knows the address of (uploaded from its list): the
    announcements are sent to these and to the organizations registered on the portal. The address is kept in lower
    case, one per municipality."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="employer_contacts",
        verbose_name=_("муниципальное образование"),
    )
    name = models.CharField(_("наименование работодателя"), max_length=500)
    inn = models.CharField(_("ИНН"), max_length=12, blank=True, db_index=True)
    email = models.EmailField(_("электронная почта"))
    added_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("кто загрузил")
    )
    created_at = models.DateTimeField(_("добавлен"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("адрес работодателя")
        verbose_name_plural = _("адреса работодателей")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "email"], name="outreach_contact_once_per_municipality"),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class OptOut(models.Model):
    """An address that asked for no more announcements (the link at the end of every announcement's letter). Letters
    about one's own participation still go: they are not announcements."""

    email = models.EmailField(_("электронная почта"), unique=True)
    created_at = models.DateTimeField(_("отписался"), auto_now_add=True)

    class Meta:
        verbose_name = _("отказ от рассылки")
        verbose_name_plural = _("отказы от рассылки")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email


class AnnouncementLetter(models.Model):
    """An announcement sent to one employer's address: the letter in the outbox (whether it went out), or why it was
    not written (the address had unsubscribed). Kept with the employer's name and ИНН as they were when sent, so that
    the commission sees later whether the employer registered and applied."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="letters", verbose_name=_("объявление")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("муниципальное образование")
    )
    email = models.EmailField(_("адрес"))
    name = models.CharField(_("работодатель"), max_length=500)
    inn = models.CharField(_("ИНН"), max_length=12, blank=True, db_index=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("организация на портале"),
    )
    letter = models.ForeignKey(
        "core.Letter", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("письмо")
    )
    opted_out = models.BooleanField(_("отказался от рассылки"), default=False)
    created_at = models.DateTimeField(_("отправлено"), auto_now_add=True)

    class Meta:
        verbose_name = _("письмо с объявлением")
        verbose_name_plural = _("письма с объявлением")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["announcement", "email"], name="outreach_announcement_once_per_address"),
        ]
        indexes = [models.Index(fields=["municipality", "announcement"], name="outreach_letter_municipality")]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"
