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


class Grouping(models.TextChoices):
    """How a contest's rule puts a participant into one of its categories (группы участников)."""

    SIZE = "size", _("малый бизнес / средний и крупный (правило R8)")
    HEADCOUNT = "headcount", _("по среднесписочной численности работников")


# The categories the size rule (R8) puts participants in; their codes are SizeCategory's.
SIZE_RULE_CODES = (SizeCategory.MEDIUM_LARGE, SizeCategory.SMALL)


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


class ParticipationState(models.TextChoices):
    """The life of an organization in one contest. Its moves are the table in contest/workflow.py; the door
    (core.workflow.transition) makes them."""

    DRAFT = "draft", _("Черновик заявки")
    SUBMITTED = "submitted", _("Заявка подана")
    RETURNED = "returned", _("Заявка возвращена на доработку")
    REGISTERED = "registered", _("Заявка зарегистрирована, заполняется карта")
    CARD_APPROVAL = "card_approval", _("Карта на согласовании")
    CARD_SUBMITTED = "card_submitted", _("Карта представлена")
    UNDER_REVIEW = "under_review", _("На проверке комиссии")
    DOCUMENTS_REQUESTED = "documents_requested", _("Запрошены документы")
    VERIFIED = "verified", _("Проверена комиссией")
    EXCLUDED = "excluded", _("Исключена (п. 4.9)")
    DISQUALIFIED = "disqualified", _("Отстранена (недостоверные или неполные сведения)")
    MUNICIPAL_WINNER = "municipal_winner", _("Победитель муниципального этапа")
    REGIONAL_SHORTLIST = "regional_shortlist", _("Предложена краевой комиссией")
    REGIONAL_WINNER = "regional_winner", _("Победитель смотра-конкурса")


# States in which the organization may still change its application, and its card.
APPLICATION_EDITABLE = frozenset({ParticipationState.DRAFT, ParticipationState.RETURNED})
CARD_EDITABLE = frozenset({ParticipationState.REGISTERED})


class ApprovingBody(models.TextChoices):
    """The bodies that approve an information card (п. 4.4.1), in the order of Appendix 2."""

    INSPECTORATE = "inspectorate", _("Государственная инспекция труда в Краснодарском крае")
    SECTOR_BODY = "sector_body", _("Отраслевой орган администрации муниципального образования")
    UNIONS = "unions", _("Координационный совет организаций профсоюзов в муниципальном образовании")


APPROVER_ROLE_BODY: dict[str, ApprovingBody] = {
    Role.APPROVER_INSPECTORATE: ApprovingBody.INSPECTORATE,
    Role.APPROVER_SECTOR_BODY: ApprovingBody.SECTOR_BODY,
    Role.APPROVER_UNIONS: ApprovingBody.UNIONS,
}


class ApprovalState(models.TextChoices):
    PENDING = "pending", _("ожидает согласования")
    APPROVED = "approved", _("согласовано")
    RETURNED = "returned", _("возвращено с замечанием")


class AttachmentKind(models.TextChoices):
    ANALYTICAL_NOTE = "analytical_note", _("Аналитическая записка (п. 4.4.2)")
    INFO_MATERIALS = "info_materials", _("Информационно-аналитические материалы, фотографии")
    SUPPORTING = "supporting", _("Подтверждающий документ")
    SIGNED_APPLICATION = "signed_application", _("Скан подписанной заявки")
    INVESTIGATION_ACT = "investigation_act", _("Акт расследования несчастного случая (п. 4.9)")
    SIGNED_CARD = "signed_card", _("Скан подписанной информационной карты")


# What the labour office and the territorial commission attach for a card that came on paper (or any card they review).
COMMISSION_ATTACHMENT_KINDS = (
    AttachmentKind.ANALYTICAL_NOTE,
    AttachmentKind.INVESTIGATION_ACT,
    AttachmentKind.INFO_MATERIALS,
    AttachmentKind.SIGNED_CARD,
)


class DeadlineKind(models.TextChoices):
    APPLICATION = "application", _("приём заявок")
    CARD = "card", _("представление информационных карт")
    FORWARDING = "forwarding", _("направление материалов победителей")


class JoinRequestState(models.TextChoices):
    PENDING = "pending", _("ожидает подтверждения")
    ACCEPTED = "accepted", _("подтверждён")
    REJECTED = "rejected", _("отклонён")


class DecisionLevel(models.TextChoices):
    MUNICIPAL = "municipal", _("городская (районная) межведомственная комиссия по охране труда")
    REGIONAL = "regional", _("краевая межведомственная комиссия по охране труда")


# States whose card the territorial commission reviews, and the ones that take part in the municipal ranking.
REVIEW_STATES = frozenset(
    {ParticipationState.UNDER_REVIEW, ParticipationState.DOCUMENTS_REQUESTED, ParticipationState.VERIFIED}
)
RANKED_STATES = REVIEW_STATES | {ParticipationState.MUNICIPAL_WINNER}
FORWARDED_STATES = frozenset(
    {ParticipationState.MUNICIPAL_WINNER, ParticipationState.REGIONAL_SHORTLIST, ParticipationState.REGIONAL_WINNER}
)


# State groups of the contest's workflow — one place for all of them.
_P = ParticipationState
# The territorial commission has a card from its submission on, excluded and removed ones included, and the winners.
COMMISSION_STATES = frozenset(_P) - {_P.DRAFT, _P.SUBMITTED, _P.RETURNED, _P.REGISTERED, _P.CARD_APPROVAL}
# The cards that wait for the commission: to take into review, or under review (also after the organization answered).
AWAITING_REVIEW_STATES = frozenset({_P.CARD_SUBMITTED, _P.UNDER_REVIEW})
# Removed from the contest by the commission: excluded (п. 4.9) or disqualified.
REMOVED_STATES = frozenset({_P.EXCLUDED, _P.DISQUALIFIED})
# Ranked before the card is checked: the place may still change.
UNVERIFIED_STATES = frozenset({_P.UNDER_REVIEW, _P.DOCUMENTS_REQUESTED})
# From these states on the commission's check is done (or the participant was removed): the participant sees it.
CHECKED_STATES = frozenset({_P.VERIFIED, *REMOVED_STATES, *FORWARDED_STATES})
# The organization adds and removes its own files.
ATTACHMENT_STATES = frozenset({_P.DRAFT, _P.RETURNED, _P.REGISTERED, _P.CARD_APPROVAL, _P.DOCUMENTS_REQUESTED})
# The labour office and the commission add the materials of a paper card while they review it.
COMMISSION_ATTACHMENT_STATES = frozenset(
    {_P.CARD_SUBMITTED, _P.UNDER_REVIEW, _P.DOCUMENTS_REQUESTED, _P.VERIFIED, _P.EXCLUDED, _P.DISQUALIFIED}
)
# Moves that bring a card into the municipal stage: refused once the municipality's decision is recorded.
STAGE_1_ENTRY = frozenset({_P.CARD_APPROVAL, _P.CARD_SUBMITTED})
# A card sent on from these states has been scored by the contest's point table.
SCORED_STATES = frozenset(_P) - {_P.DRAFT, _P.SUBMITTED, _P.RETURNED, _P.REGISTERED}
# How far a participation has come, each with the later states (the overview and the coordination figures count so):
# applied (anything but a draft), the application registered by the labour office; then SCORED_STATES (the card sent
# for approvals), COMMISSION_STATES (approved and submitted), CHECKED_STATES.
APPLIED_STATES = frozenset(_P) - {_P.DRAFT}
APPLICATION_REGISTERED_STATES = SCORED_STATES | {_P.REGISTERED}
del _P


class TieMode(models.TextChoices):
    """How a commission resolves equal totals across the prize line (R9): an order of places, or a shared place."""

    ORDER = "order", _("установить порядок мест")
    SHARE = "share", _("участники делят место")


class CertificateKind(models.TextChoices):
    """Awards of section 6.1 and 4.6."""

    HONORARY = "honorary", _("Почётная грамота главы администрации Краснодарского края")
    DIPLOMA = "diploma", _("Диплом")
    MUNICIPAL = "municipal", _("Грамота администрации муниципального образования")


class DocumentKind(models.TextChoices):
    """Documents too heavy to build inside a request: the worker builds them (contest.tasks.build_document)."""

    CERTIFICATES = "certificates", _("Все грамоты решения одним файлом")
    ANNEX = "annex", _("Итоговые таблицы к протоколу")
    PARTICIPANTS = "participants", _("Участники и баллы (Excel)")


class JobStatus(models.TextChoices):
    """A document job's way: queued → running → done, or → failed (a new job is asked for to try again)."""

    QUEUED = "queued", _("в очереди")
    RUNNING = "running", _("готовится")
    DONE = "done", _("готов")
    FAILED = "failed", _("ошибка")


# A job still at work: one per requester and document at a time (a database constraint).
ACTIVE_JOB_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)


class MaterialKind(models.TextChoices):
    """Methodological materials the department and the territorial commissions publish for a contest (п. 3.4:
    «оказывает консультативную и методическую помощь организациям»), in the order the public page shows them."""

    SAMPLE_NOTE = "sample_note", _("Образец аналитической записки (п. 4.4.2)")
    DOCUMENT_LIST = "document_list", _("Перечень документов, которые комиссия может запросить (п. 5.2)")
    CARD_HOWTO = "card_howto", _("Как заполнить информационную карту")
    OTHER = "other", _("Другое")
