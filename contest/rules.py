"""Who may do what: permission predicates of the contest app (django-rules).

Views declare the permission they need; selectors return only rows the user may see. The names differ from
Django's model permissions (view_/change_…) on purpose: those belong to the admin.
"""

import rules
from django.utils.translation import gettext_lazy as _

from core.permissions import explain

from .enums import (
    APPROVER_ROLE_BODY,
    MUNICIPAL_COMMISSION_ROLES,
    MUNICIPAL_ROLES,
    REGIONAL_COMMISSION_ROLES,
    DecisionLevel,
    Role,
)


@rules.predicate
def is_staff_member(user) -> bool:
    return user.is_authenticated and user.is_staff_member


@rules.predicate
def is_representative_of(user, organization) -> bool:
    return user.is_authenticated and organization is not None and user.organization_id == organization.pk


@rules.predicate
def works_in_municipality_of(user, organization) -> bool:
    return (
        user.is_authenticated
        and organization is not None
        and user.works_in(organization.municipality_id, *MUNICIPAL_ROLES)
    )


rules.add_perm("contest.see_organization", is_staff_member | is_representative_of | works_in_municipality_of)
rules.add_perm("contest.edit_organization", is_staff_member | is_representative_of)
rules.add_perm("contest.manage_contests", is_staff_member)
# Next year's edition set up in the browser: point tables (upload, download, choose) and copying a contest.
rules.add_perm("contest.manage_editions", is_staff_member)


@rules.predicate
def represents_participant(user, participation) -> bool:
    return (
        user.is_authenticated
        and participation is not None
        and user.organization_id is not None
        and user.organization_id == participation.organization_id
    )


@rules.predicate
def is_labour_office_of_participant(user, participation) -> bool:
    return (
        user.is_authenticated
        and participation is not None
        and user.works_in(participation.organization.municipality_id, Role.LABOUR_OFFICE)
    )


@rules.predicate
def approves_for_participant(user, participation) -> bool:
    return (
        user.is_authenticated
        and participation is not None
        and user.works_in(participation.organization.municipality_id, *APPROVER_ROLE_BODY)
    )


rules.add_perm("contest.edit_participation", represents_participant)
rules.add_perm("contest.register_application", is_staff_member | is_labour_office_of_participant)
rules.add_perm("contest.decide_approval", approves_for_participant)
rules.add_perm("contest.extend_deadline", is_staff_member)


@rules.predicate
def may_register_organization(user) -> bool:
    """A representative whose account is not linked to an organization yet: registers one or asks to join one."""
    return user.is_authenticated and user.is_representative and user.organization_id is None


@rules.predicate
def represents_requested_organization(user, join_request) -> bool:
    return join_request is not None and is_representative_of(user, join_request.organization)


@rules.predicate
def is_labour_office_for_unrepresented(user, join_request) -> bool:
    """The labour office of the organization's municipality decides while the organization has no active representative."""
    return (
        user.is_authenticated
        and join_request is not None
        and user.works_in(join_request.organization.municipality_id, Role.LABOUR_OFFICE)
        and not join_request.organization.memberships.filter(role=Role.ORGANIZATION, user__is_active=True).exists()
    )


rules.add_perm("contest.register_organization", may_register_organization)
rules.add_perm(
    "contest.decide_join_request",
    is_staff_member | represents_requested_organization | is_labour_office_for_unrepresented,
)


@rules.predicate
def may_decide_join_requests(user) -> bool:
    """Someone who decides on requests to represent organizations: a linked representative, a labour office, staff."""
    return user.is_authenticated and (
        user.is_staff_member or user.has_role(Role.LABOUR_OFFICE) or user.organization_id is not None
    )


rules.add_perm("contest.list_join_requests", may_decide_join_requests)


# --- results of both stages: the municipal decision (п. 4.5), the regional commission (п. 4.10–4.11) -----------------


@rules.predicate
def sits_on_municipal_commission_of(user, municipality) -> bool:
    """A member, the secretary or the labour office of the municipality: they see its results."""
    return (
        user.is_authenticated
        and municipality is not None
        and user.works_in(municipality.pk, *MUNICIPAL_COMMISSION_ROLES)
    )


@rules.predicate
def is_municipal_secretary_of(user, municipality) -> bool:
    """The territorial commission's secretary records the order of tied participants and the protocol."""
    return (
        user.is_authenticated and municipality is not None and user.works_in(municipality.pk, Role.MUNICIPAL_SECRETARY)
    )


@rules.predicate
def sits_on_regional_commission(user) -> bool:
    return user.is_authenticated and user.has_role(*REGIONAL_COMMISSION_ROLES)


@rules.predicate
def is_regional_secretary(user) -> bool:
    return user.is_authenticated and user.has_role(Role.REGIONAL_SECRETARY)


rules.add_perm("contest.see_municipal_results", is_staff_member | sits_on_municipal_commission_of)
rules.add_perm("contest.decide_municipal_results", is_staff_member | is_municipal_secretary_of)
rules.add_perm("contest.see_regional_stage", is_staff_member | sits_on_regional_commission)
rules.add_perm("contest.rank_regional_stage", is_staff_member | sits_on_regional_commission)
rules.add_perm("contest.record_regional_decision", is_staff_member | is_regional_secretary)
# Reopening a signed decision voids it: only the department of labour, with a reason (services.decisions).
rules.add_perm("contest.void_decision", is_staff_member)


# --- territorial commission: review of the cards (п. 4.4.3, 4.9, 5.2) ------------------------------------------------


@rules.predicate
def is_municipal_commission(user) -> bool:
    """A member, the secretary or the labour office of a municipality: the territorial commission's work list."""
    return user.is_authenticated and user.has_role(*MUNICIPAL_COMMISSION_ROLES)


@rules.predicate
def reviews_cards_of_participant(user, participation) -> bool:
    """The territorial commission of the participant's municipality checks its card."""
    return (
        is_municipal_commission(user)
        and participation is not None
        and user.works_in(participation.organization.municipality_id, *MUNICIPAL_COMMISSION_ROLES)
    )


rules.add_perm("contest.list_cards_for_review", is_staff_member | is_municipal_commission)
rules.add_perm("contest.review_card", is_staff_member | reviews_cards_of_participant)
rules.add_perm("contest.answer_document_request", represents_participant)


# --- the certificate register (п. 4.6, 6.1): those who see the decisions see their papers ----------------------------
rules.add_perm(
    "contest.see_certificate_register", is_staff_member | sits_on_regional_commission | is_municipal_commission
)


# --- what a person's hats open: the work lists and pages of each kind of work ---------------------------------------


@rules.predicate
def is_representative(user) -> bool:
    """Holds the membership «representative of an organization» (linked to one or not yet)."""
    return user.is_authenticated and user.is_representative


@rules.predicate
def is_linked_representative(user) -> bool:
    """A representative whose membership names the organization: works on its participation."""
    return user.is_authenticated and user.organization_id is not None


@rules.predicate
def is_labour_office(user) -> bool:
    return user.is_authenticated and user.has_role(Role.LABOUR_OFFICE)


@rules.predicate
def is_approver(user) -> bool:
    return user.is_authenticated and user.has_role(*APPROVER_ROLE_BODY)


rules.add_perm("contest.participate", is_representative)
rules.add_perm("contest.start_participation", is_linked_representative)
rules.add_perm("contest.list_applications", is_staff_member | is_labour_office)
rules.add_perm("contest.list_approvals", is_staff_member | is_approver)
rules.add_perm("contest.export_participants", is_staff_member | is_municipal_commission)
# The overview (views.dashboard): the region for staff and the regional commission, their municipality for the
# territorial commission and labour office; figures only, no organization named.
rules.add_perm("contest.see_dashboard", is_staff_member | sits_on_regional_commission | is_municipal_commission)
rules.add_perm("contest.use_paper_template", is_municipal_commission)
rules.add_perm("contest.import_paper_cards", is_labour_office)


# --- methodological materials (п. 3.4): the department for the region, a territorial commission for its municipality --


@rules.predicate
def keeps_materials_of(user, material) -> bool:
    """The territorial commission (labour office, member, secretary) of the material's municipality; a region-wide
    material (no municipality) is the department's."""
    return (
        user.is_authenticated
        and material is not None
        and material.municipality_id is not None
        and user.works_in(material.municipality_id, *MUNICIPAL_COMMISSION_ROLES)
    )


# The management list and the form of a new material; which municipality's, the form offers and edit_material checks.
rules.add_perm("contest.manage_materials", is_staff_member | is_municipal_commission)
rules.add_perm("contest.edit_material", is_staff_member | keeps_materials_of)


# --- the main menu: which work lists a person's hats put in the header ----------------------------------------------
rules.add_perm("contest.menu_participation", is_linked_representative)
rules.add_perm("contest.menu_applications", is_labour_office)
rules.add_perm("contest.menu_cards", is_municipal_commission)
rules.add_perm("contest.menu_regional_materials", sits_on_regional_commission)
rules.add_perm("contest.menu_regional_results", sits_on_regional_commission | is_staff_member)
rules.add_perm("contest.menu_municipal_results", is_municipal_commission)
rules.add_perm("contest.menu_editions", is_staff_member)
rules.add_perm("contest.menu_materials", is_staff_member | is_municipal_commission)


# --- what only the department does across municipalities ------------------------------------------------------------
# Pages of one municipality (results, exports, summaries) let staff choose it with ?municipality=; everyone else
# sees their own.
rules.add_perm("contest.choose_municipality", is_staff_member)
# After the forwarding deadline (20 February) only the department records a municipal decision, with the reason.
rules.add_perm("contest.decide_after_deadline", is_staff_member)
# The outbox of core (every letter the portal sends, its status and errors): the department sees it and queues a
# letter the mail server never took again. core knows no roles; this app says who its staff are.
rules.add_perm("core.see_outbox", is_staff_member)
rules.add_perm("core.resend_letter", is_staff_member)


# --- permissions the services require (core.permissions.require) ----------------------------------------------------
# Each with the message a refused service shows. The moves of contest/workflow.py name these too.


@rules.predicate
def is_municipal_secretary_of_participant(user, participation) -> bool:
    return participation is not None and is_municipal_secretary_of(user, participation.organization.municipality)


@rules.predicate
def decides_approval_as_its_body(user, approval) -> bool:
    """The approving body an approval waits for, in the participant's municipality."""
    if approval is None or not user.is_authenticated:
        return False
    return (approval.participation.organization.municipality_id, approval.body) in user.approving_bodies


@rules.predicate
def issues_papers_of(user, decision) -> bool:
    """The secretary of the commission that took the decision issues its papers."""
    if decision is None:
        return False
    if decision.level == DecisionLevel.MUNICIPAL:
        return is_municipal_secretary_of(user, decision.municipality)
    return is_regional_secretary(user)


rules.add_perm("contest.record_municipal_decision", is_staff_member | is_municipal_secretary_of_participant)
rules.add_perm("contest.decide_card_approval", decides_approval_as_its_body)
rules.add_perm("contest.issue_certificates", is_staff_member | issues_papers_of)

explain("contest.edit_participation", _("Это действие выполняет представитель организации."))
explain(
    "contest.register_application", _("Это действие выполняет сектор по труду муниципального образования организации.")
)
explain(
    "contest.review_card",
    _("Это действие выполняет территориальная конкурсная комиссия муниципального образования участника."),
)
explain("contest.answer_document_request", _("Ответить на запрос может представитель организации."))
explain(
    "contest.record_municipal_decision",
    _("Решение межведомственной комиссии вносит секретарь территориальной конкурсной комиссии."),
)
explain(
    "contest.decide_municipal_results",
    _("Решение межведомственной комиссии вносит секретарь территориальной конкурсной комиссии."),
)
explain("contest.rank_regional_stage", _("Это действие выполняет краевая конкурсная комиссия."))
explain("contest.record_regional_decision", _("Это действие выполняет секретарь краевой конкурсной комиссии."))
explain("contest.void_decision", _("Отменить решение комиссии может только сотрудник департамента труда."))
explain(
    "contest.manage_editions",
    _("Таблицы показателей и смотры-конкурсы новых лет ведут только сотрудники департамента труда."),
)
explain("core.resend_letter", _("Снова отправить письмо может только сотрудник департамента труда."))
explain("contest.extend_deadline", _("Продлевать сроки могут только сотрудники департамента труда."))
explain("contest.issue_certificates", _("Грамоты выдаёт секретарь комиссии, принявшей решение, или департамент труда."))
explain(
    "contest.import_paper_cards", _("Карты с бумажного носителя вносит сектор по труду муниципального образования.")
)
explain(
    "contest.edit_material",
    _(
        "Материалы муниципального образования ведёт его территориальная конкурсная комиссия, материалы для всего "
        "края — департамент труда."
    ),
)
