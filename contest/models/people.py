"""Organizations and the people who sign in."""

from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from stdnum.ru import inn as stdnum_inn

import scoring
from regions.models import Municipality

from ..enums import (
    EITHER_FORMS,
    INDIVIDUAL_FORMS,
    LEGAL_FORM_KIND,
    MUNICIPAL_ROLES,
    ORGANIZATION_ROLES,
    JoinRequestState,
    LegalForm,
    Role,
    Scope,
    SizeCategory,
    scope_of,
)
from ..validators import is_valid_ogrn, validate_inn, validate_ogrn
from .contest import Sector


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


class UserQuerySet(models.QuerySet):
    def holding(
        self,
        *roles: str,
        organization: "Organization | int | None" = None,
        municipality: "Municipality | int | None" = None,
    ) -> "UserQuerySet":
        """Active people who hold one of the roles, limited to the organization or municipality when one is given:
        those a notification goes to."""
        found = self.filter(is_active=True, role__in=roles)
        if organization is not None:
            found = found.filter(organization=organization)
        if municipality is not None:
            found = found.filter(municipality=municipality)
        return found


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    """A person who signs in: one role, and the organization or municipality that role is limited to."""

    objects = UserManager()

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
