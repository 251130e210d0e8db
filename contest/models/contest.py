"""Editions of the contest: the contest with its table and deadlines, sectors, nominations, deadline history."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import scoring
from regions.models import Region

from ..enums import (
    DeadlineKind,
    SizeCategory,
)


@dataclass(frozen=True)
class Deadline:
    label: str
    day: date
    passed: bool


def scoring_table_choices() -> list[tuple[str, str]]:
    """The built-in tables (the choices of the field a contest had before PointTable; migration 0001 names this)."""
    return scoring.available_tables()


# Built tables by PointTable pk: a row's document never changes (a change is a new version, a new row), so a table is
# read and checked once per process. Tests forget them between tests (a rolled-back pk may come again).
_TABLES: dict[int, scoring.Table] = {}


def forget_tables() -> None:
    _TABLES.clear()


class PointTable(models.Model):
    """A point table (Приложение № 3 of a Положение) as the portal keeps it: a JSON document of the scoring module's
    format, one version of a key. A row never changes: a change is a new version, so a contest's points stay what
    they were counted by. Built-in documents (scoring/tables/*.json) are version 1 of their keys."""

    key = models.SlugField(_("код таблицы"), max_length=60)
    version = models.PositiveSmallIntegerField(_("редакция"), default=1)
    title = models.CharField(_("наименование"), max_length=300)
    document = models.JSONField(_("документ таблицы"))
    note = models.CharField(_("что изменено"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто загрузил"),
    )
    created_at = models.DateTimeField(_("загружена"), auto_now_add=True)

    class Meta:
        verbose_name = _("таблица оценочных показателей")
        verbose_name_plural = _("таблицы оценочных показателей")
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="point_table_one_row_per_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="point_table_version_positive"),
        ]

    def __str__(self) -> str:
        return str(_("%(title)s, редакция %(version)s") % {"title": self.title, "version": self.version})

    @property
    def table(self) -> scoring.Table:
        """The scoring module's Table of the document (checked when it was saved)."""
        table = _TABLES.get(self.pk) if self.pk is not None else None
        if table is None:
            table = scoring.load_table(self.document)
            if self.pk is not None:
                _TABLES[self.pk] = table
        return table


class Contest(models.Model):
    """One year's edition of the review-competition in a region, with its deadlines and the point table it uses."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="contests", verbose_name=_("регион"))
    year = models.PositiveSmallIntegerField(
        _("конкурсный год"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("наименование"), max_length=300)
    point_table = models.ForeignKey(
        PointTable, on_delete=models.PROTECT, related_name="contests", verbose_name=_("таблица оценочных показателей")
    )
    application_deadline = models.DateField(
        _("приём заявок до"), null=True, blank=True, help_text=_("Включительно. Пусто — срок положением не установлен.")
    )
    card_deadline = models.DateField(
        _("представление информационных карт до"), help_text=_("Включительно (п. 4.4: не позднее 1 февраля).")
    )
    forwarding_deadline = models.DateField(
        _("направление материалов победителей до"), help_text=_("Включительно (п. 4.7: до 20 февраля).")
    )

    class Meta:
        verbose_name = _("смотр-конкурс")
        verbose_name_plural = _("смотры-конкурсы")
        ordering = ["-year", "region"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="contest_one_per_region_and_year"),
            models.CheckConstraint(
                condition=Q(forwarding_deadline__gte=models.F("card_deadline")),
                name="contest_forwarding_after_cards",
                violation_error_message=_("Срок направления материалов не может быть раньше срока представления карт."),
            ),
            models.CheckConstraint(
                condition=Q(application_deadline__isnull=True) | Q(card_deadline__gte=models.F("application_deadline")),
                name="contest_cards_after_applications",
                violation_error_message=_("Срок представления карт не может быть раньше срока приёма заявок."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def table(self) -> scoring.Table:
        """The point table this contest's cards are scored by (no query once the process has read it)."""
        table = _TABLES.get(self.point_table_id)
        return table if table is not None else self.point_table.table

    def deadlines(self) -> list[Deadline]:
        """The contest's deadlines in the order they come, for display; a deadline is inclusive, Moscow time."""
        today = timezone.localdate()
        items = [
            (_("Приём заявок (приложение № 1)"), self.application_deadline),
            (_("Информационные карты и аналитические записки (п. 4.4)"), self.card_deadline),
            (_("Направление материалов победителей на второй этап (п. 4.7)"), self.forwarding_deadline),
        ]
        return [Deadline(label, day, passed=day < today) for label, day in items if day is not None]


class Sector(models.Model):
    """A sector of the economy in which results are summed up (section 5.1); each contest has its own list."""

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="sectors", verbose_name=_("смотр-конкурс")
    )
    code = models.SlugField(_("код"), max_length=40)
    name = models.CharField(_("наименование"), max_length=200)
    includes = models.TextField(_("включает"), blank=True)
    position = models.PositiveSmallIntegerField(_("порядок в списке"), default=0)

    class Meta:
        verbose_name = _("отрасль экономики")
        verbose_name_plural = _("отрасли экономики")
        ordering = ["contest", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "code"], name="sector_unique_code_in_contest"),
            models.UniqueConstraint(fields=["contest", "name"], name="sector_unique_name_in_contest"),
        ]

    def __str__(self) -> str:
        return self.name


class Nomination(models.Model):
    """A nomination of the regional stage (section 4.11): a size category, krai-wide or per sector, and its prize places."""

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="nominations", verbose_name=_("смотр-конкурс")
    )
    code = models.SlugField(_("код"), max_length=40)
    name = models.CharField(_("наименование"), max_length=300)
    size_category = models.CharField(_("категория"), max_length=20, choices=SizeCategory.choices)
    per_sector = models.BooleanField(
        _("по каждой отрасли"),
        default=False,
        help_text=_("Победители определяются отдельно в каждой отрасли экономики."),
    )
    places = models.PositiveSmallIntegerField(
        _("призовых мест"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("В каждой отрасли, если по отраслям."),
    )
    position = models.PositiveSmallIntegerField(_("порядок в списке"), default=0)

    class Meta:
        verbose_name = _("номинация")
        verbose_name_plural = _("номинации")
        ordering = ["contest", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "code"], name="nomination_unique_code_in_contest"),
            models.CheckConstraint(condition=Q(places__gte=1), name="nomination_places_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class DeadlineExtension(models.Model):
    """A deadline moved by staff, with the reason; the contest's date field holds the deadline in force."""

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="deadline_extensions", verbose_name=_("смотр-конкурс")
    )
    kind = models.CharField(_("срок"), max_length=20, choices=DeadlineKind.choices)
    old_date = models.DateField(_("прежний срок"), null=True, blank=True)
    new_date = models.DateField(_("новый срок"))
    reason = models.TextField(_("причина"))
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("кто")
    )
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        verbose_name = _("продление срока")
        verbose_name_plural = _("продления сроков")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.old_date} → {self.new_date}"
