"""Quarterly best-practice reports, their materials and history, "nothing new" statements, reminders and surveys."""

import secrets
import uuid
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contest.models import Organization, User
from core.models import AuditEntry, Letter

from ..enums import FILED_STATES, Finance, PracticeKind, ReportState, SurveyKind, finance_of
from ..periods import MAX_YEAR, MIN_YEAR, Quarter


class ReportingPeriod(models.Model):
    """A quarter and its deadline. The deadline is fixed when the period is first used (from the settings), so that
    changing the settings later does not make old reports late; staff may move it in the admin."""

    year = models.PositiveSmallIntegerField(
        _("год"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    quarter = models.PositiveSmallIntegerField(_("квартал"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    deadline = models.DateField(_("срок представления"), help_text=_("Включительно, по московскому времени."))

    class Meta:
        verbose_name = _("отчётный квартал")
        verbose_name_plural = _("отчётные кварталы")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="practice_period_unique_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="practice_period_quarter_1_to_4"),
        ]

    def __str__(self) -> str:
        return str(self.as_quarter)

    @property
    def as_quarter(self) -> Quarter:
        return Quarter(self.year, self.quarter)

    @property
    def key(self) -> str:
        return self.as_quarter.key

    def is_late(self, moment) -> bool:
        """Whether a filing at this moment is after the deadline (a whole day in Moscow time, inclusive)."""
        return moment is not None and timezone.localdate(moment) > self.deadline


def _non_negative(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0})


class PracticeReport(models.Model):
    """One implemented best practice of an organization, reported for a quarter.

    The organization's sector, size and budget/commercial kind are read from its profile, not copied here."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="practice_reports", verbose_name=_("организация")
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="reports", verbose_name=_("отчётный квартал")
    )
    kind = models.CharField(_("вид передового опыта"), max_length=30, choices=PracticeKind.choices)
    title = models.CharField(_("название"), max_length=300)
    problem = models.TextField(
        _("проблема"),
        blank=True,
        help_text=_(
            "Какую проблему решает опыт: например, наиболее распространённая причина травматизма или "
            "профессионального заболевания в организации."
        ),
    )
    solution = models.TextField(_("что сделано"), blank=True, help_text=_("Что и как внедрено, кто участвовал, сроки."))
    results = models.TextField(_("результаты"), blank=True, help_text=_("Что изменилось, своими словами."))
    injuries_before = models.PositiveIntegerField(_("травм за год до внедрения"), null=True, blank=True)
    injuries_after = models.PositiveIntegerField(
        _("травм за год после внедрения (или за прошедший срок)"), null=True, blank=True
    )
    violations_before = models.PositiveIntegerField(_("нарушений требований охраны труда до"), null=True, blank=True)
    violations_after = models.PositiveIntegerField(_("нарушений требований охраны труда после"), null=True, blank=True)
    productivity_change_pct = models.DecimalField(
        _("изменение производительности труда, %"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-100")), MaxValueValidator(Decimal("10000"))],
        help_text=_("Например, 12,5 — выросла на 12,5 %; со знаком минус — снизилась."),
    )
    economic_effect_rub = models.DecimalField(
        _("экономический эффект, руб. в год"),
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Сокращение потерь от травматизма, простоев, штрафов и т. п."),
    )
    investment_rub = models.DecimalField(
        _("вложено средств, руб."),
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    publication_allowed = models.BooleanField(
        _("разрешаем опубликовать в открытой библиотеке передового опыта"),
        default=False,
        help_text=_(
            "Если администрация рекомендует опыт к распространению, его описание и отмеченные материалы увидят все. "
            "Разрешение можно отозвать в любой момент."
        ),
    )
    state = models.CharField(_("состояние"), max_length=20, choices=ReportState.choices, default=ReportState.DRAFT)
    remarks = models.TextField(_("замечания администрации"), blank=True)
    # Search over the text, portable across SQLite and PostgreSQL: SQLite's LIKE folds the case of Latin letters only,
    # so the services keep a case-folded copy of the text here and the library searches it with a case-folded query.
    search_text = models.TextField(_("текст для поиска"), blank=True, editable=False)
    source_answer = models.ForeignKey(
        "SurveyAnswer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("по предложению из опроса"),
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("кто создал")
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)
    first_submitted_at = models.DateTimeField(_("впервые представлен"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("представлен"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("кто рассмотрел")
    )
    reviewed_at = models.DateTimeField(_("рассмотрен"), null=True, blank=True)

    class Meta:
        verbose_name = _("отчёт о передовом опыте")
        verbose_name_plural = _("отчёты о передовом опыте")
        ordering = ["-period__year", "-period__quarter", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=_non_negative("economic_effect_rub") & _non_negative("investment_rub"),
                name="practice_report_money_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(first_submitted_at__isnull=False),
                name="practice_report_filed_has_date",
            ),
        ]
        indexes = [models.Index(fields=["state", "publication_allowed"], name="practice_report_library")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_late(self) -> bool:
        """Filed after the quarter's deadline: accepted, but marked. Counted from the first filing, so a report
        returned for corrections and filed again does not become late."""
        return self.period.is_late(self.first_submitted_at)

    @property
    def is_filed(self) -> bool:
        return self.state in FILED_STATES

    @property
    def is_published(self) -> bool:
        return self.state == ReportState.RECOMMENDED and self.publication_allowed

    @property
    def finance(self) -> Finance:
        return finance_of(self.organization.legal_form)

    @property
    def injuries_change(self) -> int | None:
        if self.injuries_before is None or self.injuries_after is None:
            return None
        return self.injuries_after - self.injuries_before

    @property
    def violations_change(self) -> int | None:
        if self.violations_before is None or self.violations_after is None:
            return None
        return self.violations_after - self.violations_before

    @property
    def has_figures(self) -> bool:
        return any(
            value is not None
            for value in (
                self.injuries_before,
                self.injuries_after,
                self.violations_before,
                self.violations_after,
                self.productivity_change_pct,
                self.economic_effect_rub,
                self.investment_rub,
            )
        )


def material_path(instance: "PracticeMaterial", filename: str) -> str:
    """Stored under a random name outside any public path: the user's file name is kept only as data."""
    return f"practices/{instance.report_id}/{uuid.uuid4().hex}"


class FileOrLink:
    """What a material that is either a stored file or a link shows of itself (a report's, an event's)."""

    @property
    def label(self) -> str:
        return self.title or self.original_name or self.url

    @property
    def is_link(self) -> bool:
        return not self.file

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def is_video(self) -> bool:
        return self.is_link or self.content_type.startswith("video/")


class PracticeMaterial(FileOrLink, models.Model):
    """A photo, document or video file of a report, or a link to a video published elsewhere."""

    report = models.ForeignKey(
        PracticeReport, on_delete=models.CASCADE, related_name="materials", verbose_name=_("отчёт")
    )
    title = models.CharField(_("подпись"), max_length=300, blank=True)
    file = models.FileField(_("файл"), upload_to=material_path, max_length=300, blank=True)
    original_name = models.CharField(_("имя файла"), max_length=200, blank=True)
    content_type = models.CharField(_("тип содержимого"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("размер, байт"), null=True, blank=True)
    url = models.URLField(_("ссылка на видео"), max_length=500, blank=True)
    public = models.BooleanField(
        _("показывать в открытой библиотеке"),
        default=False,
        help_text=_("Если отчёт будет опубликован. Не отмечайте документы с персональными данными."),
    )
    uploaded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("загрузил")
    )
    uploaded_at = models.DateTimeField(_("загружен"), auto_now_add=True)

    class Meta:
        verbose_name = _("материал")
        verbose_name_plural = _("материалы")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="practice_material_file_or_link",
                violation_error_message=_("Материал — это либо файл, либо ссылка."),
            ),
        ]

    def __str__(self) -> str:
        return self.label


class PracticeAuditRecord(AuditEntry):
    """Who did what to a report, when, from which state to which, and why. Written by core.workflow only."""

    STATES = ReportState

    report = models.ForeignKey(
        PracticeReport, on_delete=models.CASCADE, related_name="audit_records", verbose_name=_("отчёт")
    )

    class Meta(AuditEntry.Meta):
        verbose_name = _("запись журнала")
        verbose_name_plural = _("журнал отчётов")


class NothingNewStatement(models.Model):
    """The organization states that it implemented nothing new in the quarter: it has reported, with nothing to tell."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="practice_statements", verbose_name=_("организация")
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="statements", verbose_name=_("отчётный квартал")
    )
    comment = models.TextField(_("комментарий"), blank=True)
    submitted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("кто сообщил")
    )
    submitted_at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        verbose_name = _("сообщение «нового опыта нет»")
        verbose_name_plural = _("сообщения «нового опыта нет»")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "period"], name="practice_statement_once_per_quarter"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.period}"

    @property
    def is_late(self) -> bool:
        return self.period.is_late(self.submitted_at)


class PracticeReminder(models.Model):
    """A reminder to an organization before a quarter's deadline: one per quarter and organization, with its letters
    (one per representative) in the outbox. It counts as sent once one of its letters is; when every letter has been
    given up, the next run of `practice_reminders` queues new ones (services.reminders)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="practice_reminders", verbose_name=_("организация")
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("отчётный квартал")
    )
    created_at = models.DateTimeField(_("поставлено в очередь"), auto_now_add=True)
    recipients = models.TextField(_("кому"), blank=True)
    letters = models.ManyToManyField(Letter, related_name="+", blank=True, verbose_name=_("письма"))

    class Meta:
        verbose_name = _("напоминание о сроке")
        verbose_name_plural = _("напоминания о сроке")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "period"], name="practice_reminder_once_per_quarter"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.period}"


def new_token() -> str:
    """An unguessable link token: 192 random bits."""
    return secrets.token_urlsafe(24)


class Survey(models.Model):
    """An anonymous survey of the organization's own workers, answered through a link the organization shares."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="surveys", verbose_name=_("организация")
    )
    kind = models.CharField(_("вид опроса"), max_length=20, choices=SurveyKind.choices)
    title = models.CharField(_("название"), max_length=300)
    intro = models.TextField(_("обращение к работникам"), blank=True)
    training_name = models.CharField(_("обучение (курс, программа)"), max_length=300, blank=True)
    training_date = models.DateField(_("дата обучения"), null=True, blank=True)
    token = models.CharField(_("код ссылки"), max_length=64, unique=True, default=new_token, editable=False)
    is_open = models.BooleanField(_("принимает ответы"), default=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("кто создал")
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    class Meta:
        verbose_name = _("опрос работников")
        verbose_name_plural = _("опросы работников")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class SurveyAnswer(models.Model):
    """One worker's anonymous answer. Nothing identifies the person: no account, no address, only the day."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers", verbose_name=_("опрос"))
    answered_on = models.DateField(_("дата ответа"), default=timezone.localdate)
    department = models.CharField(_("подразделение"), max_length=200, blank=True)
    proposal = models.TextField(_("предложение"), blank=True)
    problem = models.TextField(_("какую проблему решает"), blank=True)
    usefulness = models.PositiveSmallIntegerField(
        _("польза обучения, от 1 до 5"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    learned = models.TextField(_("что нового узнали"), blank=True)
    unclear = models.TextField(_("что осталось непонятным"), blank=True)

    class Meta:
        verbose_name = _("ответ работника")
        verbose_name_plural = _("ответы работников")
        ordering = ["-answered_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(usefulness__isnull=True) | Q(usefulness__gte=1, usefulness__lte=5),
                name="survey_answer_usefulness_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return (self.proposal or self.learned)[:60]
