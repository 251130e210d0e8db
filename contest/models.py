import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.ru import inn as stdnum_inn

import scoring
from regions.models import Municipality, Region

from .enums import (
    EITHER_FORMS,
    INDIVIDUAL_FORMS,
    LEGAL_FORM_KIND,
    MUNICIPAL_ROLES,
    ORGANIZATION_ROLES,
    ApprovalState,
    ApprovingBody,
    AttachmentKind,
    CertificateKind,
    DeadlineKind,
    DecisionLevel,
    JoinRequestState,
    LegalForm,
    ParticipationState,
    Role,
    Scope,
    SizeCategory,
    TieMode,
    scope_of,
)
from .validators import is_valid_ogrn, validate_inn, validate_ogrn


@dataclass(frozen=True)
class Deadline:
    label: str
    day: date
    passed: bool


def scoring_table_choices() -> list[tuple[str, str]]:
    return scoring.available_tables()


class Contest(models.Model):
    """One year's edition of the review-competition in a region, with its deadlines and the point table it uses."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="contests", verbose_name=_("регион"))
    year = models.PositiveSmallIntegerField(
        _("конкурсный год"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("наименование"), max_length=300)
    scoring_table = models.CharField(
        _("таблица оценочных показателей"), max_length=40, choices=scoring_table_choices, default=scoring.DEFAULT_TABLE
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


class Organization(models.Model):
    """An employer that takes part in contests: the profile its representatives keep."""

    full_name = models.CharField(_("полное наименование"), max_length=500)
    short_name = models.CharField(_("сокращённое наименование"), max_length=200, blank=True)
    legal_form = models.CharField(_("организационно-правовая форма"), max_length=40, choices=LegalForm.choices)
    inn = models.CharField(_("ИНН"), max_length=12, unique=True, validators=[validate_inn])
    ogrn = models.CharField(_("ОГРН (ОГРНИП)"), max_length=15, unique=True, validators=[validate_ogrn])
    legal_address = models.CharField(_("юридический адрес"), max_length=500, blank=True)
    phone = models.CharField(_("телефон"), max_length=50, blank=True)
    email = models.EmailField(_("электронная почта"), blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="organizations",
        verbose_name=_("муниципальное образование"),
    )
    sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        related_name="organizations",
        null=True,
        blank=True,
        verbose_name=_("отрасль экономики"),
    )
    avg_headcount = models.PositiveIntegerField(
        _("среднесписочная численность работников"),
        validators=[MinValueValidator(1)],
        help_text=_("За предшествующий календарный год."),
    )
    public_share_pct = models.DecimalField(
        _("доля государственной, муниципальной и общественной собственности, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Доля в уставном (складочном) капитале; для малого бизнеса — не более 25 %."),
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    class Meta:
        verbose_name = _("организация")
        verbose_name_plural = _("организации")
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(condition=Q(avg_headcount__gte=1), name="organization_headcount_positive"),
            models.CheckConstraint(
                condition=Q(public_share_pct__gte=0) & Q(public_share_pct__lte=100),
                name="organization_public_share_is_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.full_name

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.legal_form in INDIVIDUAL_FORMS:
            expected_inn, expected_ogrn = {12}, {15}
        elif self.legal_form in EITHER_FORMS:
            expected_inn, expected_ogrn = {10, 12}, {13, 15}
        else:
            expected_inn, expected_ogrn = {10}, {13}
        # Only numbers that passed the field's own checks are compared with the legal form, so each mistake is told once.
        inn_valid = bool(self.inn) and self.inn.isdigit() and stdnum_inn.is_valid(self.inn)
        ogrn_valid = bool(self.ogrn) and self.ogrn.isdigit() and is_valid_ogrn(self.ogrn)
        if inn_valid and len(self.inn) not in expected_inn:
            errors["inn"] = _("Для этой организационно-правовой формы ИНН состоит из %(n)s цифр.") % {
                "n": _(" или ").join(str(n) for n in sorted(expected_inn))
            }
        if ogrn_valid and len(self.ogrn) not in expected_ogrn:
            errors["ogrn"] = _("Для этой организационно-правовой формы ОГРН состоит из %(n)s цифр.") % {
                "n": _(" или ").join(str(n) for n in sorted(expected_ogrn))
            }
        mixed = inn_valid and ogrn_valid and (len(self.inn) == 12) != (len(self.ogrn) == 15)
        if self.legal_form in EITHER_FORMS and mixed and not errors:
            errors["ogrn"] = _("ИНН из 12 цифр сочетается с ОГРНИП из 15 цифр, ИНН из 10 цифр — с ОГРН из 13 цифр.")
        if errors:
            raise ValidationError(errors)

    @property
    def size_decision(self) -> scoring.SizeDecision:
        """Small or medium-and-large business by reading R8, with the reasons in Russian."""
        return scoring.size_category(
            kind=LEGAL_FORM_KIND[self.legal_form],
            avg_headcount=self.avg_headcount,
            public_share_pct=self.public_share_pct,
        )

    @property
    def size_category(self) -> SizeCategory:
        return SizeCategory(str(self.size_decision.category))


class User(AbstractUser):
    """A person who signs in: one role, and the organization or municipality that role is limited to."""

    patronymic = models.CharField(_("отчество"), max_length=150, blank=True)
    position = models.CharField(_("должность"), max_length=200, blank=True)
    phone = models.CharField(_("телефон"), max_length=50, blank=True)
    role = models.CharField(_("роль"), max_length=40, choices=Role.choices, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        verbose_name=_("муниципальное образование"),
        help_text=_("Для ролей муниципального уровня."),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="representatives",
        null=True,
        blank=True,
        verbose_name=_("организация"),
        help_text=_("Для представителя организации."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role__in=sorted(MUNICIPAL_ROLES), municipality__isnull=False, organization__isnull=True)
                    | Q(role__in=sorted(ORGANIZATION_ROLES), municipality__isnull=True)
                    | (
                        ~Q(role__in=sorted(MUNICIPAL_ROLES | ORGANIZATION_ROLES))
                        & Q(municipality__isnull=True, organization__isnull=True)
                    )
                ),
                name="user_scope_matches_role",
                violation_error_message=_(
                    "Муниципальное образование указывается только для ролей муниципального уровня, "
                    "организация — только для представителя организации."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        super().clean()
        scope = self.scope
        errors = {}
        if scope == Scope.MUNICIPALITY and self.municipality_id is None:
            errors["municipality"] = _("Для этой роли укажите муниципальное образование.")
        if scope != Scope.MUNICIPALITY and self.municipality_id is not None:
            errors["municipality"] = _("Для этой роли муниципальное образование не указывается.")
        if scope != Scope.ORGANIZATION and self.organization_id is not None:
            errors["organization"] = _("Организация указывается только для представителя организации.")
        if errors:
            raise ValidationError(errors)

    @property
    def full_name(self) -> str:
        name = " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)
        return name or self.username

    @property
    def scope(self) -> Scope | None:
        if self.is_superuser and not self.role:
            return Scope.REGION
        return scope_of(self.role)

    @property
    def is_staff_member(self) -> bool:
        """Staff of the department of labour (or a superuser): sees everything and sets contests up."""
        return self.is_superuser or self.role == Role.STAFF

    @property
    def role_label(self) -> str:
        if self.role:
            return self.get_role_display()
        return _("Администратор") if self.is_superuser else _("Роль не назначена")

    def audit_identity(self) -> dict[str, str]:
        """The actor's name and role as an audit record keeps them (they outlive a rename or a deleted account)."""
        return {"actor_name": self.full_name, "actor_role": str(self.role_label)}

    @property
    def scope_label(self) -> str:
        """Where the user works: the organization, the municipality or the region."""
        if self.scope == Scope.ORGANIZATION:
            return str(self.organization) if self.organization_id else _("организация не указана")
        if self.scope == Scope.MUNICIPALITY:
            return str(self.municipality)
        return ""


class OrganizationJoinRequest(models.Model):
    """A registered person asks to represent an existing organization; a representative or the labour office decides."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("пользователь")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("организация")
    )
    state = models.CharField(
        _("состояние"), max_length=20, choices=JoinRequestState.choices, default=JoinRequestState.PENDING
    )
    message = models.TextField(_("сообщение"), blank=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("решение принял")
    )
    decided_at = models.DateTimeField(_("решение принято"), null=True, blank=True)

    class Meta:
        verbose_name = _("запрос на представительство")
        verbose_name_plural = _("запросы на представительство")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"],
                condition=Q(state="pending"),
                name="join_request_one_pending_per_user_and_organization",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organization}"


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
    size_category = models.CharField(_("категория"), max_length=20, choices=SizeCategory.choices)
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
    """The information card of Appendix 2. Field names of section 2 are the scoring module's input keys.

    Every value may be empty while the card is a draft; scoring and submission require them all.
    """

    participation = models.OneToOneField(
        Participation, on_delete=models.CASCADE, related_name="card", verbose_name=_("участие")
    )
    # Section 1.
    avg_headcount = models.PositiveIntegerField(_("среднесписочная численность работников"), null=True, blank=True)
    women_count = models.PositiveIntegerField(_("из них женщин"), null=True, blank=True)
    teenagers_count = models.PositiveIntegerField(_("из них подростков"), null=True, blank=True)
    hazardous_workers = models.PositiveIntegerField(
        _("занятых во вредных и тяжёлых условиях труда"), null=True, blank=True
    )
    hazardous_women = models.PositiveIntegerField(_("из них женщин"), null=True, blank=True)
    public_share_pct = models.DecimalField(
        _("доля государственной, муниципальной и общественной собственности в уставном капитале, %"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    # Section 2 (as of 1 January of the reporting year).
    accidents = models.PositiveIntegerField(_("несчастных случаев"), null=True, blank=True)
    incapacity_days = models.PositiveIntegerField(_("дней нетрудоспособности по ним"), null=True, blank=True)
    sanitary_pct = models.DecimalField(
        _("Обеспеченность санитарно-бытовыми помещениями, %"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    ppe_pct = models.DecimalField(
        _("Обеспеченность сертифицированной спецобувью, спецодеждой и другими СИЗ, % от нормы"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    has_ohs_office = models.BooleanField(_("Оборудованный кабинет по охране труда"), null=True, blank=True)
    has_ohs_corners = models.BooleanField(_("Оформленные уголки по охране труда"), null=True, blank=True)
    has_ohs_regulation = models.BooleanField(
        _("Утверждённое положение об организации работы по ОТ (о СУОТ)"), null=True, blank=True
    )
    has_legal_acts = models.BooleanField(
        _("Комплект нормативно-правовых актов по специфике деятельности"), null=True, blank=True
    )
    has_ohs_service = models.BooleanField(
        _("Служба (специалист) по ОТ или договор с аккредитованной организацией"), null=True, blank=True
    )
    has_ohs_records = models.BooleanField(_("Распорядительная и учётная документация по ОТ"), null=True, blank=True)
    has_joint_committee = models.BooleanField(
        _("Совместный комитет (комиссия) по ОТ, план работы и его выполнение"), null=True, blank=True
    )
    has_union_representative = models.BooleanField(
        _("Уполномоченное (доверенное) лицо по ОТ, планы работы, их выполнение"), null=True, blank=True
    )
    assessment_pct = models.DecimalField(
        _("Доля рабочих мест, охваченных аттестацией по условиям труда, %"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    has_ohs_certification = models.BooleanField(_("Сертификация организации работ по ОТ"), null=True, blank=True)
    medical_exams_pct = models.DecimalField(
        _("Охват периодическими медосмотрами занятых во вредных условиях, %"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    has_agreement_section = models.BooleanField(
        _("Раздел «Охрана труда» в коллективном договоре и план мероприятий (соглашение)"), null=True, blank=True
    )
    agreement_done_pct = models.DecimalField(
        _("Выполнение этого раздела и плана в установленные сроки, %"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    training_managers_pct = models.DecimalField(
        _("Обучение и проверка знаний руководителей и специалистов, %"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    training_committee_pct = models.DecimalField(
        _("Обучение членов совместных комитетов (комиссий), %"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    ohs_spending_rub = models.DecimalField(
        _("израсходовано на мероприятия по охране труда, всего, руб."),
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
    )
    has_info_materials = models.BooleanField(
        _("Информационно-аналитические материалы с фотографиями в конкурсных материалах"), null=True, blank=True
    )
    # Section 4.9: fatal accidents during the contest period.
    fatal_accidents = models.PositiveIntegerField(_("несчастных случаев со смертельным исходом"), default=0)
    fatal_transport_no_fault = models.PositiveIntegerField(
        _("из них при транспортных происшествиях без вины организации (по акту расследования)"), default=0
    )
    # The declared total, kept when the card is complete, for lists and rankings.
    declared_total = models.DecimalField(
        _("сумма баллов (заявлено)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    # The total from the verified values (the declared ones where the commission corrected nothing), for rankings.
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


class AuditRecord(models.Model):
    """Who did what to a participation, when, from which state to which, and why. Written by services only."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="audit_records", verbose_name=_("участие")
    )
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("кто")
    )
    # Who acted, as they were named and in which role at the time: kept when the account is renamed or deleted.
    actor_name = models.CharField(_("кто (Ф. И. О.)"), max_length=300, blank=True)
    actor_role = models.CharField(_("в роли"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("когда"), auto_now_add=True, db_index=True)
    action = models.CharField(_("действие"), max_length=200)
    from_state = models.CharField(_("из состояния"), max_length=30, choices=ParticipationState.choices, blank=True)
    to_state = models.CharField(_("в состояние"), max_length=30, choices=ParticipationState.choices, blank=True)
    reason = models.TextField(_("причина, комментарий"), blank=True)

    class Meta:
        verbose_name = _("запись журнала")
        verbose_name_plural = _("журнал")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%d.%m.%Y %H:%M} {self.action}"


class DeadlineExtension(models.Model):
    """A deadline moved by staff, with the reason; the contest's date field holds the deadline in force."""

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="deadline_extensions", verbose_name=_("смотр-конкурс")
    )
    kind = models.CharField(_("срок"), max_length=20, choices=DeadlineKind.choices)
    old_date = models.DateField(_("прежний срок"), null=True, blank=True)
    new_date = models.DateField(_("новый срок"))
    reason = models.TextField(_("причина"))
    extended_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("кто"))
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        verbose_name = _("продление срока")
        verbose_name_plural = _("продления сроков")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.old_date} → {self.new_date}"


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
    size_category = models.CharField(_("категория"), max_length=20, choices=SizeCategory.choices)
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
