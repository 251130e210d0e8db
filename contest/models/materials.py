"""Methodological materials of a contest (п. 3.4): a sample analytical note (п. 4.4.2), the list of documents a
commission may ask for (п. 5.2), how to fill the information card. The department publishes them for the whole
region (no municipality), a territorial commission for its municipality. A material explains some indicators of the
contest's point table (their codes); the card page links it beside them."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regions.models import Municipality

from ..enums import MaterialKind
from .contest import Contest

MATERIAL_TEXT_MAX_LENGTH = 20_000
MATERIAL_TITLE_MAX_LENGTH = 200


def material_path(instance: "MethodMaterial", filename: str) -> str:
    """Stored under a random name: the user's file name is kept only as data, never as a path."""
    return f"materials/{instance.contest_id}/{uuid.uuid4().hex}"


def unknown_indicators(contest: Contest, codes: object) -> list[str]:
    """The codes that are not indicators of the contest's point table (all of them when `codes` is not a list of
    strings)."""
    if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
        return [str(codes)]
    known = {indicator.code for indicator in contest.table.indicators}
    return [code for code in codes if code not in known]


class MethodMaterial(models.Model):
    """One material: a text, a file or a link (at least one of them), for one contest; region-wide when
    `municipality` is empty. Withdrawn materials are kept, unpublished."""

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="method_materials", verbose_name=_("смотр-конкурс")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="method_materials",
        verbose_name=_("муниципальное образование"),
        help_text=_("Пусто — материал департамента для всего края."),
    )
    kind = models.CharField(_("вид материала"), max_length=30, choices=MaterialKind.choices)
    title = models.CharField(_("заголовок"), max_length=MATERIAL_TITLE_MAX_LENGTH)
    text = models.TextField(_("текст"), blank=True, validators=[MaxLengthValidator(MATERIAL_TEXT_MAX_LENGTH)])
    file = models.FileField(_("файл"), upload_to=material_path, max_length=300, blank=True)
    original_name = models.CharField(_("имя файла"), max_length=200, blank=True)
    content_type = models.CharField(_("тип содержимого"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("размер, байт"), null=True, blank=True)
    link = models.URLField(_("ссылка"), max_length=500, blank=True)
    indicators = models.JSONField(
        _("показатели"),
        default=list,
        blank=True,
        help_text=_("Коды показателей таблицы смотра-конкурса, которые материал поясняет."),
    )
    is_published = models.BooleanField(_("опубликован"), default=False)
    published_at = models.DateTimeField(_("опубликован"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто добавил"),
    )
    created_at = models.DateTimeField(_("добавлен"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("методический материал")
        verbose_name_plural = _("методические материалы")
        ordering = ["kind", "title", "pk"]
        indexes = [models.Index(fields=["contest", "is_published"], name="contest_material_published")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text="") | ~Q(file="") | ~Q(link=""),
                name="contest_material_has_content",
                violation_error_message=_("Добавьте текст, файл или ссылку: пустой материал не публикуется."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_regional(self) -> bool:
        return self.municipality_id is None

    def clean(self) -> None:
        super().clean()
        if self.contest_id is None:
            return
        unknown = unknown_indicators(self.contest, self.indicators)
        if unknown:
            raise ValidationError(
                {
                    "indicators": _("В таблице показателей этого смотра-конкурса нет показателей: %(codes)s.")
                    % {"codes": ", ".join(unknown)}
                }
            )
