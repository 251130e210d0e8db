"""The audit entry every app's history is made of (an abstract model: each app keeps its own table and link)."""

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import audit


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
