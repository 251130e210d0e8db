"""Organizations and the people who sign in."""

from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from stdnum.ru import inn as stdnum_inn

import scoring
from regions.models import Municipality

from ..enums import (
    APPROVER_ROLE_BODY,
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
from .contest import Contest, Placement, Sector


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
    headcount = models.PositiveIntegerField(
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
            models.CheckConstraint(condition=Q(headcount__gte=1), name="organization_headcount_positive"),
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
    def representatives(self) -> "models.QuerySet[User]":
        """The people whose membership «representative» names the organization (active or not), oldest first."""
        return User.objects.filter(memberships__organization=self, memberships__role=Role.ORGANIZATION).order_by("pk")

    @property
    def size_decision(self) -> scoring.SizeDecision:
        """Small or medium-and-large business by reading R8, with the reasons in Russian."""
        return scoring.size_category(
            kind=LEGAL_FORM_KIND[self.legal_form],
            headcount=self.headcount,
            public_share_pct=self.public_share_pct,
        )

    @property
    def size_category(self) -> SizeCategory:
        return SizeCategory(str(self.size_decision.category))

    def placement(self, contest: Contest | None) -> Placement:
        """The category the organization falls into by the contest's rule, with the reasons; without a contest, by
        reading R8 as the 2011 Положение sets it."""
        if contest is None:
            decision = self.size_decision
            return Placement(str(decision.category), decision.category.label, decision.reasons)
        return contest.placement(
            legal_form=self.legal_form, headcount=self.headcount, public_share_pct=self.public_share_pct
        )


class UserQuerySet(models.QuerySet):
    def holding(
        self,
        *roles: str,
        organization: "Organization | int | None" = None,
        municipality: "Municipality | int | None" = None,
    ) -> "UserQuerySet":
        """Active people who hold one of the roles, limited to the organization or municipality when one is given:
        those a notification goes to."""
        held = Membership.objects.filter(role__in=roles)
        if organization is not None:
            held = held.filter(organization=organization)
        if municipality is not None:
            held = held.filter(municipality=municipality)
        return self.filter(is_active=True, pk__in=held.values("user_id"))


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    """A person who signs in. What they may do comes from their memberships: one or more roles, each limited to an
    organization, a municipality or the region; they may do the union of what those allow."""

    objects = UserManager()

    patronymic = models.CharField(_("отчество"), max_length=150, blank=True)
    position = models.CharField(_("должность"), max_length=200, blank=True)
    phone = models.CharField(_("телефон"), max_length=50, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        name = " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)
        return name or self.username

    # --- memberships: read once per request (one query), then asked in memory -----------------------------------------

    @cached_property
    def hats(self) -> "list[Membership]":
        """The person's memberships, with their organization and municipality."""
        if self.pk is None:
            return []
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("memberships")
        if prefetched is not None:  # selectors.with_hats(): read with the list, not once per row
            return sorted(prefetched, key=lambda hat: hat.pk)
        return list(self.memberships.select_related("municipality", "organization").order_by("pk"))

    def forget_hats(self) -> None:
        """Read the memberships again at the next question (after one was added or changed)."""
        self.__dict__.pop("hats", None)

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(hat.role for hat in self.hats)

    def has_role(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)

    def municipality_ids(self, *roles: str) -> frozenset[int]:
        """The municipalities where the person holds one of the roles (any municipal role when none is named)."""
        wanted = roles or MUNICIPAL_ROLES
        return frozenset(hat.municipality_id for hat in self.hats if hat.role in wanted and hat.municipality_id)

    def municipality_for(self, *roles: str) -> Municipality | None:
        """The municipality where the person holds one of the roles (any municipal role when none is named); for the
        rare person with such a role in two municipalities, the first."""
        wanted = roles or MUNICIPAL_ROLES
        return next((hat.municipality for hat in self.hats if hat.role in wanted and hat.municipality_id), None)

    def works_in(self, municipality_id: int | None, *roles: str) -> bool:
        return municipality_id is not None and municipality_id in self.municipality_ids(*roles)

    @property
    def approving_bodies(self) -> frozenset[tuple[int, str]]:
        """(municipality, approving body) of each membership of an approving body."""
        return frozenset(
            (hat.municipality_id, APPROVER_ROLE_BODY[hat.role]) for hat in self.hats if hat.role in APPROVER_ROLE_BODY
        )

    @property
    def representative_hat(self) -> "Membership | None":
        """The membership «representative of an organization», if the person holds one (at most one)."""
        return next((hat for hat in self.hats if hat.role == Role.ORGANIZATION), None)

    @property
    def organization(self) -> Organization | None:
        """The organization the person represents, if any."""
        hat = self.representative_hat
        return hat.organization if hat is not None else None

    @property
    def organization_id(self) -> int | None:
        hat = self.representative_hat
        return hat.organization_id if hat is not None else None

    @property
    def is_representative(self) -> bool:
        return self.representative_hat is not None

    @property
    def is_staff_member(self) -> bool:
        """Staff of the department of labour (or a superuser): sees everything and sets contests up."""
        return self.is_superuser or self.has_role(Role.STAFF)

    @property
    def hat_labels(self) -> list[str]:
        """Each role the person holds, with where it applies: «Сектор по труду · Краснодар»."""
        # Roles held in the same place share it: «Сектор по труду, Секретарь … · Абинский район».
        places: dict[str, list[str]] = {}
        for hat in self.hats:
            places.setdefault(hat.place, []).append(str(hat.get_role_display()))
        labels = [", ".join(roles) + (f" · {place}" if place else "") for place, roles in places.items()]
        if not labels:
            labels = [str(_("Администратор") if self.is_superuser else _("Роль не назначена"))]
        return labels

    @property
    def municipalities_label(self) -> str:
        """The municipalities the person works in, by name: the heading of their work lists."""
        return ", ".join(dict.fromkeys(str(hat.municipality) for hat in self.hats if hat.municipality_id))

    @property
    def sees_many_municipalities(self) -> bool:
        """Lists show each row's municipality to staff and to a person working in more than one."""
        return self.is_staff_member or len(self.municipality_ids()) > 1

    @property
    def role_label(self) -> str:
        return "; ".join(self.hat_labels)

    def audit_identity(self) -> dict[str, str]:
        """The actor's name and roles as an audit record keeps them (they outlive a rename or a deleted account)."""
        return {"actor_name": self.full_name, "actor_role": self.role_label[:200]}


class Membership(models.Model):
    """One hat a person wears: a role, limited to an organization or a municipality where the role is of that level."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("пользователь"))
    role = models.CharField(_("роль"), max_length=40, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
        verbose_name=_("муниципальное образование"),
        help_text=_("Для ролей муниципального уровня."),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
        verbose_name=_("организация"),
        help_text=_("Для представителя организации; пусто, пока организация не зарегистрирована или не подтверждена."),
    )
    created_at = models.DateTimeField(_("назначена"), auto_now_add=True)

    class Meta:
        verbose_name = _("роль пользователя")
        verbose_name_plural = _("роли пользователей")
        ordering = ["user", "pk"]
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
                name="membership_scope_matches_role",
                violation_error_message=_(
                    "Муниципальное образование указывается только для ролей муниципального уровня, "
                    "организация — только для представителя организации."
                ),
            ),
            # A representative speaks for one organization; a person holds a municipal role once per municipality.
            models.UniqueConstraint(
                fields=["user"], condition=Q(role=Role.ORGANIZATION), name="membership_one_organization_per_person"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "municipality"],
                condition=Q(municipality__isnull=False),
                name="membership_role_once_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=~Q(role__in=sorted(MUNICIPAL_ROLES | ORGANIZATION_ROLES)),
                name="membership_regional_role_once",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def scope(self) -> Scope | None:
        return scope_of(self.role)

    @property
    def place(self) -> str:
        """Where the role applies: the organization, the municipality, or nothing for the region."""
        if self.scope == Scope.ORGANIZATION:
            return str(self.organization) if self.organization_id else str(_("организация не указана"))
        if self.scope == Scope.MUNICIPALITY and self.municipality_id:
            return str(self.municipality)
        return ""

    @property
    def label(self) -> str:
        role = str(self.get_role_display())
        return f"{role} · {self.place}" if self.place else role

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
