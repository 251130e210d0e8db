"""The commission's review of a card: corrections of values and requests for documents."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .participation import Participation
from .people import User


class Correction(models.Model):
    """A commission's correction of one value of a card (п. 4.4.3). The declared value is never overwritten: the latest
    correction of a key is the verified value, and points are counted from it."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("участие")
    )
    key = models.CharField(_("показатель"), max_length=40)
    declared = models.CharField(_("заявленное значение"), max_length=40, blank=True)
    value = models.CharField(_("проверенное значение"), max_length=40, blank=True)
    reason = models.TextField(_("основание"))
    corrected_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("кто исправил"))
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        verbose_name = _("исправление комиссии")
        verbose_name_plural = _("исправления комиссии")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.key}: {self.declared} → {self.value}"


class DocumentRequest(models.Model):
    """The commission asks for confirming documents (п. 5.2); the organization answers with files and a comment."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="document_requests", verbose_name=_("участие")
    )
    message = models.TextField(_("что представить"))
    due_date = models.DateField(_("срок"))
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("кто запросил"))
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)
    answer = models.TextField(_("ответ организации"), blank=True)
    answered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("кто ответил")
    )
    answered_at = models.DateTimeField(_("когда ответили"), null=True, blank=True)

    class Meta:
        verbose_name = _("запрос документов")
        verbose_name_plural = _("запросы документов")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.message[:60]
