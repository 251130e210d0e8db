from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A subject of the Federation that runs its own contest (Краснодарский край)."""

    code = models.SlugField(_("код"), max_length=40, unique=True)
    name = models.CharField(_("наименование"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("регион")
        verbose_name_plural = _("регионы")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A top-level municipal formation: its labour office and territorial commission run stage 1 of the contest."""

    class Kind(models.TextChoices):
        CITY_OKRUG = "city_okrug", _("городской округ")
        MUNICIPAL_OKRUG = "municipal_okrug", _("муниципальный округ")
        DISTRICT = "district", _("муниципальный район")

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("регион")
    )
    name = models.CharField(_("наименование"), max_length=200)
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("порядок в списке"), default=0)

    class Meta:
        verbose_name = _("муниципальное образование")
        verbose_name_plural = _("муниципальные образования")
        ordering = ["region", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="municipality_unique_name_in_region"),
        ]

    def __str__(self) -> str:
        return self.name
