"""Explanatory events (issue 16, п. 5): the district administration (or the department, for the whole region)
announces a training or explanatory event on the economics of labour safety; organizations of the municipality
register their participants; after the event the organizer attaches its materials, which the public library shows."""

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contest.models import Organization, User
from regions.models import Municipality

from .reports import FileOrLink

TOPIC_MAX_LENGTH = 300
PARTICIPANTS_MAX = 200  # lines of one organization's registration


class ExplanatoryEvent(models.Model):
    """An event: a topic, a time, a place or an online link (or both), its speakers. Without a municipality it is the
    department's event for the whole region."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="explanatory_events",
        verbose_name=_("муниципальное образование"),
        help_text=_("Пусто — мероприятие департамента для всего края."),
    )
    topic = models.CharField(_("тема"), max_length=TOPIC_MAX_LENGTH)
    description = models.TextField(
        _("о чём мероприятие"),
        blank=True,
        help_text=_(
            "Например: экономические потери от травматизма и ненадлежащих условий труда, рост производительности "
            "в результате инвестиций в безопасность."
        ),
    )
    starts_at = models.DateTimeField(_("начало"))
    ends_at = models.DateTimeField(_("окончание"), null=True, blank=True)
    place = models.CharField(_("место проведения (адрес)"), max_length=500, blank=True)
    online_url = models.URLField(_("ссылка для подключения"), max_length=500, blank=True)
    speakers = models.TextField(
        _("спикеры"),
        blank=True,
        help_text=_(
            "По одному в строке: имя, должность, организация. Например, представители науки, планово-экономических "
            "служб и руководители подразделений предприятий, инвестирующих в безопасность."
        ),
    )
    registration_closes_at = models.DateTimeField(
        _("регистрация до"), null=True, blank=True, help_text=_("Пусто — до начала мероприятия.")
    )
    capacity = models.PositiveIntegerField(
        _("мест"), null=True, blank=True, help_text=_("Наибольшее число участников; пусто — без ограничения.")
    )
    cancelled_at = models.DateTimeField(_("отменено"), null=True, blank=True)
    cancel_reason = models.TextField(_("причина отмены"), blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("кто объявил")
    )
    created_at = models.DateTimeField(_("объявлено"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("разъяснительное мероприятие")
        verbose_name_plural = _("разъяснительные мероприятия")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(online_url=""),
                name="practice_event_place_or_link",
                violation_error_message=_("Укажите место проведения или ссылку для подключения."),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="practice_event_ends_after_start",
                violation_error_message=_("Окончание должно быть позже начала."),
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__isnull=True) | Q(registration_closes_at__lte=F("starts_at")),
                name="practice_event_registration_before_start",
                violation_error_message=_("Регистрация должна закончиться не позже начала мероприятия."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="practice_event_capacity_positive",
                violation_error_message=_("Число мест — не меньше одного."),
            ),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True) | ~Q(cancel_reason=""),
                name="practice_event_cancel_has_reason",
                violation_error_message=_("Укажите причину отмены."),
            ),
        ]
        indexes = [models.Index(fields=["municipality", "starts_at"], name="practice_event_when")]

    def __str__(self) -> str:
        return self.topic

    @property
    def is_regional(self) -> bool:
        return self.municipality_id is None

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def closes_at(self):
        """When registration closes: the set moment, else the start."""
        return self.registration_closes_at or self.starts_at

    def registration_open(self, now=None) -> bool:
        return not self.is_cancelled and (now or timezone.now()) < self.closes_at

    def has_started(self, now=None) -> bool:
        return (now or timezone.now()) >= self.starts_at

    @property
    def speaker_lines(self) -> list[str]:
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]


class EventRegistration(models.Model):
    """An organization's participants of an event: one registration per organization, changed or withdrawn by the
    organization until registration closes. The people are lines of text (name, position), their count stored beside
    them for the totals and the capacity."""

    event = models.ForeignKey(
        ExplanatoryEvent, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("мероприятие")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="event_registrations", verbose_name=_("организация")
    )
    participants = models.TextField(
        _("участники"), help_text=_("По одному в строке: фамилия, имя, отчество, должность.")
    )
    participants_count = models.PositiveIntegerField(_("число участников"))
    registered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("кто зарегистрировал")
    )
    created_at = models.DateTimeField(_("зарегистрированы"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("регистрация на мероприятие")
        verbose_name_plural = _("регистрации на мероприятия")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "organization"], name="practice_event_registration_once"),
            models.CheckConstraint(
                condition=Q(participants_count__gte=1), name="practice_event_registration_has_people"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.event}"

    @property
    def participant_lines(self) -> list[str]:
        return [line.strip() for line in self.participants.splitlines() if line.strip()]


def event_material_path(instance: "EventMaterial", filename: str) -> str:
    """Stored under a random name outside any public path: the user's file name is kept only as data."""
    return f"practices/events/{instance.event_id}/{uuid.uuid4().hex}"


class EventMaterial(FileOrLink, models.Model):
    """Slides, a handout or a recording of an event, or a link to its video: public in the library once attached."""

    event = models.ForeignKey(
        ExplanatoryEvent, on_delete=models.CASCADE, related_name="materials", verbose_name=_("мероприятие")
    )
    title = models.CharField(_("подпись"), max_length=300, blank=True)
    file = models.FileField(_("файл"), upload_to=event_material_path, max_length=300, blank=True)
    original_name = models.CharField(_("имя файла"), max_length=200, blank=True)
    content_type = models.CharField(_("тип содержимого"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("размер, байт"), null=True, blank=True)
    url = models.URLField(_("ссылка на видео"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("загрузил")
    )
    uploaded_at = models.DateTimeField(_("загружен"), auto_now_add=True)

    class Meta:
        verbose_name = _("материал мероприятия")
        verbose_name_plural = _("материалы мероприятий")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="practice_event_material_file_or_link",
                violation_error_message=_("Материал — это либо файл, либо ссылка."),
            ),
        ]

    def __str__(self) -> str:
        return self.label
