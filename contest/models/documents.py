"""Documents the worker builds for a user: all certificates of a decision, the protocol's result tables, the
participants workbook (contest.tasks.build_document). The view that used to build one in the request now asks for a
job, shows its progress and serves its file."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..enums import ACTIVE_JOB_STATUSES, DocumentKind, JobStatus
from .awards import Decision
from .people import User


def document_job_path(instance: "DocumentJob", filename: str) -> str:
    """Stored under a random name, as attachments are; served only to the one who asked (views.jobs)."""
    return f"documents/{instance.requested_by_id}/{uuid.uuid4().hex}"


class DocumentJob(models.Model):
    """One document asked for by one user: what (kind, the decision, the parameters), how far the worker is, the file.

    `key` names the document (kind, decision, parameters) so that asking twice finds the same job: at most one job per
    user and key is at work (queued or running) at a time, and a done one is served again while it is valid
    (services.documents.usable_job)."""

    requested_by = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="document_jobs", verbose_name=_("кто заказал")
    )
    kind = models.CharField(_("документ"), max_length=20, choices=DocumentKind.choices)
    decision = models.ForeignKey(
        Decision,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="document_jobs",
        verbose_name=_("решение"),
    )
    parameters = models.JSONField(_("параметры"), default=dict, blank=True)
    key = models.CharField(_("ключ документа"), max_length=64, db_index=True)
    title = models.CharField(_("название"), max_length=500)
    filename = models.CharField(_("имя файла"), max_length=200)
    status = models.CharField(_("состояние"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(_("сделано"), default=0)
    total = models.PositiveIntegerField(_("всего"), default=0)
    file = models.FileField(_("файл"), upload_to=document_job_path, max_length=300, blank=True)
    error = models.TextField(_("ошибка"), blank=True)
    created_at = models.DateTimeField(_("заказан"), auto_now_add=True)
    started_at = models.DateTimeField(_("начат"), null=True, blank=True)
    finished_at = models.DateTimeField(_("закончен"), null=True, blank=True)

    class Meta:
        verbose_name = _("подготовка документа")
        verbose_name_plural = _("подготовка документов")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["requested_by", "key"],
                condition=Q(status__in=ACTIVE_JOB_STATUSES),
                name="document_job_one_active_per_user_and_document",
            ),
            models.CheckConstraint(condition=Q(done__lte=models.F("total")), name="document_job_done_within_total"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_JOB_STATUSES

    @property
    def percent(self) -> int:
        return min(100, self.done * 100 // self.total) if self.total else 0
