"""What the commissions decide: decisions (snapshots), tie resolutions, awards and certificates."""

import uuid

from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from regions.models import Municipality

from ..enums import (
    CertificateKind,
    DecisionLevel,
    TieMode,
)
from .contest import Contest, Nomination, Sector
from .participation import Participation
from .people import User


def decision_path(instance: "Decision", filename: str) -> str:
    return f"decisions/{instance.contest_id}/{uuid.uuid4().hex}"


class DecisionQuerySet(models.QuerySet):
    def active(self) -> "DecisionQuerySet":
        """Decisions in force: not reopened (voided) by staff."""
        return self.filter(voided_at__isnull=True)


class Decision(models.Model):
    """A protocol of an interdepartmental commission: the municipal one approves the first places (п. 4.5), the
    regional one names the winners (п. 4.11).

    It is a snapshot of what it approved (`snapshot`: every group with its entries, totals, places, shared places, tie
    resolutions and the verified values behind them; the excluded and disqualified with reasons), and the result tables
    as printed when it was recorded (`annex`). Documents and results read these, never live data. The participations it
    covers (`participations`) are frozen while it is in force; staff reopen it with a reason, which voids it (kept).
    """

    contest = models.ForeignKey(
        Contest, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("смотр-конкурс")
    )
    level = models.CharField(_("комиссия"), max_length=20, choices=DecisionLevel.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("муниципальное образование"),
    )
    number = models.CharField(_("номер протокола"), max_length=50)
    date = models.DateField(_("дата протокола"))
    file = models.FileField(_("скан протокола"), upload_to=decision_path, max_length=300, blank=True)
    original_name = models.CharField(_("имя файла"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("кто внёс"))
    created_at = models.DateTimeField(_("внесено"), auto_now_add=True)
    late_reason = models.TextField(_("причина направления после срока"), blank=True)
    snapshot = models.JSONField(_("что утверждено"), default=dict, blank=True)
    annex = models.FileField(_("итоговые таблицы (PDF)"), upload_to=decision_path, max_length=300, blank=True)
    participations = models.ManyToManyField(
        Participation, related_name="decisions", blank=True, verbose_name=_("участники, которых касается решение")
    )
    voided_at = models.DateTimeField(_("отменено"), null=True, blank=True)
    voided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("кто отменил")
    )
    void_reason = models.TextField(_("причина отмены"), blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("решение комиссии (протокол)")
        verbose_name_plural = _("решения комиссий (протоколы)")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "municipality"],
                condition=Q(level="municipal", voided_at__isnull=True),
                name="decision_one_municipal_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["contest"],
                condition=Q(level="regional", voided_at__isnull=True),
                name="decision_one_regional_per_contest",
            ),
            models.CheckConstraint(
                condition=(Q(level="municipal") & Q(municipality__isnull=False))
                | (Q(level="regional") & Q(municipality__isnull=True)),
                name="decision_municipality_only_for_municipal",
            ),
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True) | ~Q(void_reason=""),
                name="decision_void_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("Протокол № %(number)s от %(date)s") % {"number": self.number, "date": self.date.strftime("%d.%m.%Y")}
        )

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None


class TieResolution(models.Model):
    """How a commission resolved equal totals across the prize line (R9): an order of places or a shared place, and why."""

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="tie_resolutions", verbose_name=_("смотр-конкурс")
    )
    group = models.CharField(_("группа"), max_length=100)
    mode = models.CharField(_("решение"), max_length=10, choices=TieMode.choices, default=TieMode.ORDER)
    order = models.JSONField(_("участники (при порядке мест — лучший первым)"))
    reason = models.TextField(_("основание"))
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("кто внёс"))
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        verbose_name = _("решение о равенстве баллов")
        verbose_name_plural = _("решения о равенстве баллов")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.group


class Award(models.Model):
    """A prize place: a municipal first place in a sector and size category, or a regional place in a nomination.

    A regional place is proposed by the regional commission (no decision yet) and named by the regional decision."""

    contest = models.ForeignKey(
        Contest, on_delete=models.PROTECT, related_name="awards", verbose_name=_("смотр-конкурс")
    )
    participation = models.ForeignKey(
        Participation, on_delete=models.PROTECT, related_name="awards", verbose_name=_("участие")
    )
    level = models.CharField(_("этап"), max_length=20, choices=DecisionLevel.choices)
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, null=True, blank=True, related_name="awards", verbose_name=_("номинация")
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("отрасль")
    )
    size_category = models.CharField(
        _("группа участников"), max_length=20, blank=True, help_text=_("Код группы; пусто — номинация для всех групп.")
    )
    place = models.PositiveSmallIntegerField(_("место"))
    total = models.DecimalField(_("сумма баллов"), max_digits=6, decimal_places=2)
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="awards", verbose_name=_("решение")
    )
    # As the decision named them: the papers and results read these, not the organization's profile of today.
    organization_name = models.CharField(_("организация (как в решении)"), max_length=500, blank=True)
    municipality_name = models.CharField(_("муниципальное образование (как в решении)"), max_length=200, blank=True)
    sector_name = models.CharField(_("отрасль (как в решении)"), max_length=200, blank=True)
    nomination_name = models.CharField(_("номинация (как в решении)"), max_length=300, blank=True)
    category_name = models.CharField(_("группа участников (как в решении)"), max_length=200, blank=True)
    category_genitive = models.CharField(
        _("группа участников после слов «среди организаций» (как в решении)"), max_length=200, blank=True
    )
    voided_at = models.DateTimeField(_("отменено вместе с решением"), null=True, blank=True)

    class Meta:
        verbose_name = _("призовое место")
        verbose_name_plural = _("призовые места")
        ordering = ["level", "nomination", "sector", "place"]
        constraints = [
            models.CheckConstraint(condition=Q(place__gte=1), name="award_place_positive"),
            # NULL nomination/sector count as equal (portable: SQLite has no NULLS NOT DISTINCT).
            models.UniqueConstraint(
                "participation",
                "level",
                Coalesce("nomination", 0),
                Coalesce("sector", 0),
                condition=Q(voided_at__isnull=True),
                name="award_once_per_participation_and_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participation} — {self.place}"


class Certificate(models.Model):
    """An issued honorary certificate or diploma, numbered in the register: who issued it, when, for what award."""

    award = models.ForeignKey(
        Award, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("призовое место")
    )
    kind = models.CharField(_("вид"), max_length=20, choices=CertificateKind.choices)
    number = models.CharField(_("номер в реестре"), max_length=30)
    signatory_position = models.CharField(_("должность подписывающего"), max_length=300)
    signatory_name = models.CharField(_("подписывающий, инициалы и фамилия"), max_length=200)
    issued_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("кто выдал"))
    issued_at = models.DateTimeField(_("когда"), auto_now_add=True)
    # A paper of a reopened (void) decision stays in the register, marked void; the new decision's paper gets a new number.
    voided_at = models.DateTimeField(_("аннулирована"), null=True, blank=True)

    class Meta:
        verbose_name = _("выданная грамота (диплом)")
        verbose_name_plural = _("реестр грамот и дипломов")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="certificate_number_unique"),
            # One paper per prize place: a reprint reads the register, it does not issue a new number.
            models.UniqueConstraint(fields=["award"], name="certificate_once_per_award"),
        ]

    def __str__(self) -> str:
        return f"№ {self.number} — {self.get_kind_display()}"
