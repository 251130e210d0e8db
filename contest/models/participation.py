"""An organization in a contest: application, consent, information card, files, approvals, its history."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import AuditEntry

from ..enums import (
    ApprovalState,
    ApprovingBody,
    AttachmentKind,
    ParticipationState,
)
from .contest import Contest, Sector
from .people import Organization, User


class Participation(models.Model):
    """An organization in one contest: its state, the sector and size category it competes in."""

    contest = models.ForeignKey(
        Contest, on_delete=models.PROTECT, related_name="participations", verbose_name=_("смотр-конкурс")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="participations", verbose_name=_("организация")
    )
    state = models.CharField(
        _("состояние"), max_length=30, choices=ParticipationState.choices, default=ParticipationState.DRAFT
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="participations", verbose_name=_("отрасль")
    )
    size_category = models.CharField(
        _("группа участников"), max_length=40, help_text=_("Код группы участников смотра-конкурса (Category.code).")
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("участие в смотре-конкурсе")
        verbose_name_plural = _("участие в смотрах-конкурсах")
        ordering = ["-contest__year", "organization__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "organization"], name="participation_once_per_contest"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.contest.year}"

    @property
    def category_label(self) -> str:
        """The name of the participant's category: as a list annotated it (category_name), else read (one query)."""
        annotated = self.__dict__.get("category_name")
        if annotated:
            return annotated
        category = self.contest.categories.filter(code=self.size_category).first()
        return category.name if category is not None else self.size_category

    def clean(self) -> None:
        super().clean()
        if self.sector_id and self.contest_id and self.sector.contest_id != self.contest_id:
            raise ValidationError({"sector": _("Выберите отрасль из перечня этого смотра-конкурса.")})


class Application(models.Model):
    """The application of Appendix 1, with the organization's details as they were when it was filed.

    A draft may be incomplete; services.participation.application_problems says what submission still needs."""

    participation = models.OneToOneField(
        Participation, on_delete=models.CASCADE, related_name="application", verbose_name=_("участие")
    )
    full_name = models.CharField(_("полное наименование организации"), max_length=500, blank=True)
    legal_address = models.CharField(_("юридический адрес"), max_length=500, blank=True)
    phone = models.CharField(_("телефон/факс для связи"), max_length=100, blank=True)
    head_name = models.CharField(_("руководитель организации, Ф. И. О."), max_length=200, blank=True)
    head_position = models.CharField(_("должность руководителя"), max_length=200, blank=True)
    has_union_body = models.BooleanField(
        _("есть профсоюзный комитет или иной выборный орган работников"),
        default=True,
        help_text=_("Решение об участии принимается работодателем совместно с ним при его наличии (п. 4.2)."),
    )
    union_chair_name = models.CharField(
        _("председатель профкома (выборного органа), Ф. И. О."), max_length=200, blank=True
    )
    union_chair_position = models.CharField(_("должность, наименование выборного органа"), max_length=200, blank=True)
    agrees_with_regulation = models.BooleanField(
        _("С Положением о проведении конкурса ознакомлены и согласны"), default=False
    )
    data_complete_and_true = models.BooleanField(
        _("Полноту и достоверность сведений, указанных в заявке и прилагаемых документах, гарантируем"), default=False
    )
    aware_of_exclusion = models.BooleanField(
        _(
            "Уведомлены, что участники, представившие недостоверные данные или неполный пакет документов, "
            "к участию не допускаются или отстраняются от участия"
        ),
        default=False,
    )
    joint_decision = models.BooleanField(
        _(
            "Решение об участии принято работодателем совместно с профсоюзным или иным представительным органом работников (п. 4.2)"
        ),
        default=False,
    )
    submitted_at = models.DateTimeField(_("подана"), null=True, blank=True)
    registered_at = models.DateTimeField(_("зарегистрирована"), null=True, blank=True)
    registration_number = models.CharField(_("регистрационный номер"), max_length=50, blank=True)
    return_reason = models.TextField(_("причина возврата"), blank=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    class Meta:
        verbose_name = _("заявка")
        verbose_name_plural = _("заявки")

    def __str__(self) -> str:
        return str(_("Заявка: %(name)s") % {"name": self.full_name})


class PersonalDataConsent(models.Model):
    """A separate consent to the processing of personal data (152-ФЗ, ст. 9), given by the person who files."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="consents", verbose_name=_("субъект"))
    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="consents", verbose_name=_("участие")
    )
    subject_name = models.CharField(_("Ф. И. О. субъекта"), max_length=300)
    text_version = models.CharField(_("редакция текста согласия"), max_length=20)
    text = models.TextField(_("текст согласия, как он был показан"))
    given_at = models.DateTimeField(_("дано"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("отозвано"), null=True, blank=True)

    class Meta:
        verbose_name = _("согласие на обработку персональных данных")
        verbose_name_plural = _("согласия на обработку персональных данных")
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.subject_name}, {self.given_at:%d.%m.%Y}"


class InfoCard(models.Model):
    """The information card of Appendix 2.

    Section 1 (women, teenagers, hazardous women, the public share) and the fatal accidents of 4.9 are columns; every
    value the contest's point table asks is in ``values``, keyed by the table's input keys (read them with
    services.participation.card_values). The points of the declared values and of the verified ones (the commission's
    corrections in place) are kept when they change, for lists, rankings and exports. A draft may be incomplete.
    """

    participation = models.OneToOneField(
        Participation, on_delete=models.CASCADE, related_name="card", verbose_name=_("участие")
    )
    # Section 1.
    women_count = models.PositiveIntegerField(_("из них женщин"), null=True, blank=True)
    teenagers_count = models.PositiveIntegerField(_("из них подростков"), null=True, blank=True)
    hazardous_women = models.PositiveIntegerField(_("из них женщин"), null=True, blank=True)
    public_share_pct = models.DecimalField(
        _("доля государственной, муниципальной и общественной собственности в уставном капитале, %"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    # The values of the point table's inputs as the organization declared them: key -> true/false, a whole number,
    # or a decimal as text ("72.5"); a missing key is an empty value.
    values = models.JSONField(_("значения показателей (заявлено)"), default=dict, blank=True)
    # What the organization typed that did not pass the checks (a draft keeps it, with its message shown beside it):
    # form field name (a table input or a column above) -> the text as typed. Its value above is empty meanwhile;
    # the card cannot be sent for approval while anything is here.
    typed_inputs = models.JSONField(_("введённое с ошибкой"), default=dict, blank=True)
    # Section 4.9: fatal accidents during the contest period.
    fatal_accidents = models.PositiveIntegerField(_("несчастных случаев со смертельным исходом"), default=0)
    fatal_transport_no_fault = models.PositiveIntegerField(
        _("из них при транспортных происшествиях без вины организации (по акту расследования)"), default=0
    )
    # The declared points (indicator code -> points as text) and total, kept when the card is complete and valid.
    declared_points = models.JSONField(_("баллы (заявлено)"), default=dict, blank=True)
    declared_total = models.DecimalField(
        _("сумма баллов (заявлено)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    # The same from the verified values (the declared ones where the commission corrected nothing), for rankings.
    verified_points = models.JSONField(_("баллы (после проверки)"), default=dict, blank=True)
    verified_total = models.DecimalField(
        _("сумма баллов (после проверки)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    class Meta:
        verbose_name = _("информационная карта")
        verbose_name_plural = _("информационные карты")
        constraints = [
            models.CheckConstraint(
                condition=Q(fatal_transport_no_fault__lte=models.F("fatal_accidents")),
                name="card_transport_exception_within_fatal",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Информационная карта: %(org)s") % {"org": self.participation.organization})


def attachment_path(instance: "Attachment", filename: str) -> str:
    """Stored under a random name: the user's file name is kept only as data, never as a path."""
    return f"participations/{instance.participation_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file of a participation, stored outside any public path and served only to those who may see it."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("участие")
    )
    kind = models.CharField(_("вид"), max_length=30, choices=AttachmentKind.choices)
    file = models.FileField(_("файл"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("имя файла"), max_length=200)
    content_type = models.CharField(_("тип содержимого"), max_length=100)
    size = models.PositiveBigIntegerField(_("размер, байт"))
    comment = models.CharField(_("комментарий"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("загрузил")
    )
    uploaded_at = models.DateTimeField(_("загружен"), auto_now_add=True)

    class Meta:
        verbose_name = _("файл")
        verbose_name_plural = _("файлы")
        ordering = ["kind", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class Approval(models.Model):
    """One approving body's decision on a card (п. 4.4.1)."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("участие")
    )
    body = models.CharField(_("согласующий орган"), max_length=20, choices=ApprovingBody.choices)
    state = models.CharField(
        _("состояние"), max_length=20, choices=ApprovalState.choices, default=ApprovalState.PENDING
    )
    remark = models.TextField(_("замечание"), blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("решение принял")
    )
    decided_at = models.DateTimeField(_("решение принято"), null=True, blank=True)

    class Meta:
        verbose_name = _("согласование карты")
        verbose_name_plural = _("согласования карт")
        ordering = ["participation", "body"]
        constraints = [
            models.UniqueConstraint(fields=["participation", "body"], name="approval_one_per_body"),
        ]

    def __str__(self) -> str:
        return f"{self.get_body_display()}: {self.get_state_display()}"


class AuditRecord(AuditEntry):
    """Who did what to a participation, when, from which state to which, and why. Written by core.workflow only."""

    STATES = ParticipationState

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="audit_records", verbose_name=_("участие")
    )

    class Meta(AuditEntry.Meta):
        verbose_name = _("запись журнала")
        verbose_name_plural = _("журнал")
