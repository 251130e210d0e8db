"""The audit entry every app's history is made of (an abstract model: each app keeps its own table and link), and the
outbox of letters."""

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import audit
from .enums import LetterStatus


class AuditEntry(models.Model):
    """Who did what, when, from which state to which, and why. Written by core.workflow only (transition, record).

    `action` is a code of the registry in core.audit and `params` the values its text needs: the entry is rendered
    in the reader's language (`text`), and can be queried by code. The actor's name and role are kept as they were
    at the time: they outlive a rename or a deleted account.
    """

    # The subclass names its states (a TextChoices), so that the history shows their labels.
    STATES: ClassVar[Any] = None

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто"),
    )
    actor_name = models.CharField(_("кто (Ф. И. О.)"), max_length=300, blank=True)
    actor_role = models.CharField(_("в роли"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("когда"), auto_now_add=True, db_index=True)
    action = models.CharField(_("действие"), max_length=64, db_index=True)
    params = models.JSONField(_("параметры действия"), default=dict, blank=True)
    from_state = models.CharField(_("из состояния"), max_length=30, blank=True)
    to_state = models.CharField(_("в состояние"), max_length=30, blank=True)
    reason = models.TextField(_("причина, комментарий"), blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%d.%m.%Y %H:%M} {self.text}"

    @property
    def text(self) -> str:
        """The action in words, in the active language."""
        return audit.render(self.action, self.params)

    def _label(self, state: str) -> str:
        if self.STATES is None or not state:
            return state
        try:
            return str(self.STATES(state).label)
        except ValueError:
            return state

    @property
    def from_state_label(self) -> str:
        return self._label(self.from_state)

    @property
    def to_state_label(self) -> str:
        return self._label(self.to_state)


class Letter(models.Model):
    """One e-mail to one address: the outbox. Written in the transaction of the change it tells about (a rolled-back
    change leaves no letter) and sent by the worker (core.tasks.send_letters) after the commit, with retries.

    `next_attempt_at` is when a worker may next try: the creation time for a new letter, the end of the backoff after a
    failure, the end of the lease while one worker is sending it. core.outbox moves the status, with conditional
    updates, so that two workers never send one letter twice.
    """

    recipient = models.EmailField(_("кому"), max_length=254)
    subject = models.CharField(_("тема"), max_length=500)
    body = models.TextField(_("текст"))
    created_at = models.DateTimeField(_("создано"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("состояние"), max_length=16, choices=LetterStatus.choices, default=LetterStatus.QUEUED, db_index=True
    )
    attempts = models.PositiveIntegerField(_("попыток"), default=0)
    next_attempt_at = models.DateTimeField(_("следующая попытка"), null=True, blank=True)
    last_error = models.TextField(_("последняя ошибка"), blank=True)
    sent_at = models.DateTimeField(_("отправлено"), null=True, blank=True)

    class Meta:
        verbose_name = _("письмо")
        verbose_name_plural = _("письма")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="core_letter_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status=LetterStatus.SENT, sent_at__isnull=False)
                | (~models.Q(status=LetterStatus.SENT) & models.Q(sent_at__isnull=True)),
                name="core_letter_sent_at_when_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"


class Notification(models.Model):
    """One entry of a person's list «Уведомления»: what a letter told them, with the page it is about. Written by
    core.notifications.notify in the same call (and transaction) as the letter, so that every notification is a letter
    and an entry; a person without an address gets the entry only.

    `link` is a path inside the portal (``/participation/5/``), never another site: the letter turns it into an absolute
    address (settings.PORTAL_URL), the list opens it. `read_at` is empty while the notification is unread."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("кому")
    )
    subject = models.CharField(_("тема"), max_length=500)
    body = models.TextField(_("текст"), blank=True)
    link = models.CharField(_("страница"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    read_at = models.DateTimeField(_("прочитано"), null=True, blank=True)

    class Meta:
        verbose_name = _("уведомление")
        verbose_name_plural = _("уведомления")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # «Мои уведомления», newest first
            models.Index(fields=["recipient", "-created_at", "-id"], name="core_notification_mine"),
            # the unread count in the header of every page
            models.Index(
                fields=["recipient"], condition=models.Q(read_at__isnull=True), name="core_notification_unread"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(link="") | (models.Q(link__startswith="/") & ~models.Q(link__startswith="//")),
                name="core_notification_link_is_a_path",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class Reminder(models.Model):
    """A reminder that must go out once: its `key` names what it reminds of and to whom (e.g. the card deadline of
    one participation, N days before a given date), and its letters are in the outbox. It counts as sent once one of
    its letters is; when every letter has been given up, the app's reminder command takes it up again (core.reminders).
    The apps keep their reminders here so that the log needs no table of theirs."""

    key = models.CharField(_("напоминание"), max_length=200, unique=True)
    subject = models.CharField(_("тема"), max_length=500, blank=True)
    recipients = models.TextField(_("кому"), blank=True)
    created_at = models.DateTimeField(_("поставлено в очередь"), auto_now_add=True)
    letters = models.ManyToManyField(Letter, related_name="+", blank=True, verbose_name=_("письма"))

    class Meta:
        verbose_name = _("напоминание")
        verbose_name_plural = _("напоминания")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject or self.key
