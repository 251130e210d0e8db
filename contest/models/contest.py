"""Editions of the contest: the contest with its table and deadlines, sectors, nominations, deadline history."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import scoring
from regions.models import Region
from scoring.eligibility import (
    SMALL_BUSINESS_KINDS,
    SMALL_MAX_HEADCOUNT,
    SMALL_MAX_PUBLIC_SHARE_PCT,
    Band,
    OrgKind,
    band_for,
)

from ..enums import (
    LEGAL_FORM_KIND,
    DeadlineKind,
    Grouping,
)


@dataclass(frozen=True)
class Deadline:
    label: str
    day: date
    passed: bool


@dataclass(frozen=True)
class Placement:
    """The category (группа участников) an organization falls into in a contest, with the reasons in Russian."""

    code: str
    name: str
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.name


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


def default_small_kinds() -> list[str]:
    return sorted(str(kind) for kind in SMALL_BUSINESS_KINDS)


def validate_small_kinds(value: object) -> None:
    known = {str(kind) for kind in OrgKind}
    if not isinstance(value, list) or any(item not in known for item in value):
        raise ValidationError(
            _("Укажите список видов организаций из: %(kinds)s.") % {"kinds": ", ".join(sorted(known))}
        )


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
    grouping = models.CharField(
        _("группы участников"),
        max_length=20,
        choices=Grouping.choices,
        default=Grouping.SIZE,
        help_text=_(
            "По правилу R8 — группы с кодами «small» и «medium_large»; по численности — у каждой группы "
            "наименьшая и наибольшая численность (включительно), без разрывов и пересечений."
        ),
    )
    small_max_headcount = models.PositiveIntegerField(
        _("малый бизнес: численность не более"), default=SMALL_MAX_HEADCOUNT, help_text=_("Только для правила R8.")
    )
    small_max_public_share_pct = models.DecimalField(
        _("малый бизнес: доля государственной, муниципальной и общественной собственности не более, %"),
        max_digits=5,
        decimal_places=2,
        default=SMALL_MAX_PUBLIC_SHARE_PCT,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Только для правила R8."),
    )
    small_kinds = models.JSONField(
        _("малый бизнес: виды организаций"),
        default=default_small_kinds,
        validators=[validate_small_kinds],
        help_text=_("Только для правила R8: коды видов организаций, которые могут относиться к малому бизнесу."),
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

    def bands(self, categories: "list[Category] | None" = None) -> tuple[Band, ...]:
        """The contest's categories as headcount bands (for the headcount rule)."""
        rows = self.categories.all() if categories is None else categories
        return tuple(Band(c.code, c.min_headcount, c.max_headcount) for c in rows)

    def placement(self, *, legal_form: str, headcount: int, public_share_pct: Decimal | int | str) -> Placement:
        """The category an organization falls into by this contest's rule, with the reasons (raises ValueError in
        Russian for impossible input or bands)."""
        categories = list(self.categories.all())
        names = {category.code: category.name for category in categories}
        if self.grouping == Grouping.HEADCOUNT:
            band = band_for(headcount, self.bands(categories))
            return Placement(band.code, names[band.code], band.reasons)
        decision = scoring.size_category(
            kind=LEGAL_FORM_KIND[legal_form],
            headcount=headcount,
            public_share_pct=public_share_pct,
            max_headcount=self.small_max_headcount,
            max_public_share_pct=self.small_max_public_share_pct,
            small_kinds=self.small_kinds,
        )
        code = str(decision.category)
        return Placement(code, names.get(code, decision.category.label), decision.reasons)


class Category(models.Model):
    """A category of participants (группа участников) of a contest: stage 1 ranks within a category and sector, and a
    nomination names the category it is for. The contest's rule (Contest.grouping) says who falls into which."""

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="categories", verbose_name=_("смотр-конкурс")
    )
    code = models.SlugField(_("код"), max_length=20)
    name = models.CharField(_("наименование"), max_length=200, help_text=_("Например: «малый бизнес»."))
    genitive = models.CharField(
        _("после слов «среди организаций»"),
        max_length=200,
        help_text=_("Как пишется в грамоте: «малого бизнеса», «с численностью работников до 50 человек»."),
    )
    position = models.PositiveSmallIntegerField(_("порядок в списке"), default=0)
    min_headcount = models.PositiveIntegerField(
        _("численность от"), null=True, blank=True, help_text=_("Включительно; только для групп по численности.")
    )
    max_headcount = models.PositiveIntegerField(
        _("численность до"), null=True, blank=True, help_text=_("Включительно; пусто — без ограничения сверху.")
    )

    class Meta:
        verbose_name = _("группа участников")
        verbose_name_plural = _("группы участников")
        ordering = ["contest", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "code"], name="category_unique_code_in_contest"),
            models.UniqueConstraint(fields=["contest", "name"], name="category_unique_name_in_contest"),
            models.CheckConstraint(
                condition=Q(min_headcount__isnull=True)
                | Q(max_headcount__isnull=True)
                | Q(max_headcount__gte=models.F("min_headcount")),
                name="category_headcount_bounds_ordered",
                violation_error_message=_("Наибольшая численность группы не может быть меньше наименьшей."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


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


class NominationManager(models.Manager):
    """A nomination is read with its category: the pages and papers name both."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().select_related("category")


class Nomination(models.Model):
    """A nomination of the regional stage (section 4.11): a category of participants (or all of them), krai-wide or per
    sector, and its prize places."""

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="nominations", verbose_name=_("смотр-конкурс")
    )
    code = models.SlugField(_("код"), max_length=40)
    name = models.CharField(_("наименование"), max_length=300)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("группа участников"),
        help_text=_("Пусто — среди всех участников, какой бы группы они ни были."),
    )
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

    objects = NominationManager()

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

    def clean(self) -> None:
        super().clean()
        if self.category_id and self.contest_id and self.category.contest_id != self.contest_id:
            raise ValidationError({"category": _("Выберите группу участников этого смотра-конкурса.")})

    @property
    def size_category(self) -> str:
        """The code of the nomination's category, "" for a nomination over all of them."""
        return self.category.code if self.category_id else ""

    @property
    def category_name(self) -> str:
        return self.category.name if self.category_id else ""


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
