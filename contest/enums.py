"""Choices of the contest app: roles and their scopes, legal forms, size categories."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from scoring import OrgKind


class Role(models.TextChoices):
    ORGANIZATION = "organization", _("Представитель организации")
    LABOUR_OFFICE = "labour_office", _("Сектор по труду")
    MUNICIPAL_MEMBER = "municipal_member", _("Член территориальной конкурсной комиссии")
    MUNICIPAL_SECRETARY = "municipal_secretary", _("Секретарь территориальной конкурсной комиссии")
    APPROVER_INSPECTORATE = "approver_inspectorate", _("Государственная инспекция труда (согласование карт)")
    APPROVER_SECTOR_BODY = "approver_sector_body", _("Отраслевой орган администрации (согласование карт)")
    APPROVER_UNIONS = "approver_unions", _("Координационный совет профсоюзов (согласование карт)")
    DISTRICT_ADMINISTRATION = "district_administration", _("Администрация муниципального образования (передовой опыт)")
    REGIONAL_MEMBER = "regional_member", _("Член краевой конкурсной комиссии")
    REGIONAL_SECRETARY = "regional_secretary", _("Секретарь краевой конкурсной комиссии")
    STAFF = "staff", _("Сотрудник департамента труда")


class Scope(models.TextChoices):
    """What part of the data a role is limited to."""

    ORGANIZATION = "organization", _("своя организация")
    MUNICIPALITY = "municipality", _("своё муниципальное образование")
    REGION = "region", _("весь регион")


ORGANIZATION_ROLES = frozenset({Role.ORGANIZATION})
MUNICIPAL_COMMISSION_ROLES = frozenset({Role.LABOUR_OFFICE, Role.MUNICIPAL_MEMBER, Role.MUNICIPAL_SECRETARY})
APPROVER_ROLES = frozenset({Role.APPROVER_INSPECTORATE, Role.APPROVER_SECTOR_BODY, Role.APPROVER_UNIONS})
MUNICIPAL_ROLES = MUNICIPAL_COMMISSION_ROLES | APPROVER_ROLES | {Role.DISTRICT_ADMINISTRATION}
REGIONAL_COMMISSION_ROLES = frozenset({Role.REGIONAL_MEMBER, Role.REGIONAL_SECRETARY})
REGIONAL_ROLES = REGIONAL_COMMISSION_ROLES | {Role.STAFF}


def scope_of(role: str) -> Scope | None:
    """The scope a role works in; None for a user who has no role yet."""
    if role in ORGANIZATION_ROLES:
        return Scope.ORGANIZATION
    if role in MUNICIPAL_ROLES:
        return Scope.MUNICIPALITY
    if role in REGIONAL_ROLES:
        return Scope.REGION
    return None


class SizeCategory(models.TextChoices):
    """Section 4.11 and reading R8: results are summed up separately for the two categories."""

    SMALL = "small", _("малый бизнес")
    MEDIUM_LARGE = "medium_large", _("средний и крупный бизнес")


class LegalForm(models.TextChoices):
    OOO = "ooo", _("Общество с ограниченной ответственностью")
    AO = "ao", _("Акционерное общество")
    PAO = "pao", _("Публичное акционерное общество")
    OTHER_COMMERCIAL = (
        "other_commercial",
        _("Иная коммерческая организация (товарищество, производственный кооператив)"),
    )
    CONSUMER_COOPERATIVE = "consumer_cooperative", _("Потребительский кооператив")
    INDIVIDUAL_ENTREPRENEUR = "individual_entrepreneur", _("Индивидуальный предприниматель")
    PEASANT_FARM = "peasant_farm", _("Крестьянское (фермерское) хозяйство")
    STATE_UNITARY = "state_unitary", _("Государственное унитарное предприятие")
    MUNICIPAL_UNITARY = "municipal_unitary", _("Муниципальное унитарное предприятие")
    BUDGET_INSTITUTION = "budget_institution", _("Бюджетное учреждение")
    STATE_INSTITUTION = "state_institution", _("Казённое учреждение")
    AUTONOMOUS_INSTITUTION = "autonomous_institution", _("Автономное учреждение")
    NONPROFIT = "nonprofit", _("Иная некоммерческая организация")


# What each legal form is for reading R8 (who may count as small business).
LEGAL_FORM_KIND: dict[str, OrgKind] = {
    LegalForm.OOO: OrgKind.COMMERCIAL,
    LegalForm.AO: OrgKind.COMMERCIAL,
    LegalForm.PAO: OrgKind.COMMERCIAL,
    LegalForm.OTHER_COMMERCIAL: OrgKind.COMMERCIAL,
    LegalForm.CONSUMER_COOPERATIVE: OrgKind.CONSUMER_COOPERATIVE,
    LegalForm.INDIVIDUAL_ENTREPRENEUR: OrgKind.INDIVIDUAL_ENTREPRENEUR,
    LegalForm.PEASANT_FARM: OrgKind.PEASANT_FARM,
    LegalForm.STATE_UNITARY: OrgKind.UNITARY_ENTERPRISE,
    LegalForm.MUNICIPAL_UNITARY: OrgKind.UNITARY_ENTERPRISE,
    LegalForm.BUDGET_INSTITUTION: OrgKind.INSTITUTION,
    LegalForm.STATE_INSTITUTION: OrgKind.INSTITUTION,
    LegalForm.AUTONOMOUS_INSTITUTION: OrgKind.INSTITUTION,
    LegalForm.NONPROFIT: OrgKind.NONPROFIT,
}

# Forms registered by a person rather than a legal entity: 12-digit ИНН and 15-digit ОГРНИП.
INDIVIDUAL_FORMS = frozenset({LegalForm.INDIVIDUAL_ENTREPRENEUR})
# A peasant farm may be either a legal entity or registered by its head as a person.
EITHER_FORMS = frozenset({LegalForm.PEASANT_FARM})
