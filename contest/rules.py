"""Who may do what: permission predicates of the contest app (django-rules).

Views declare the permission they need; selectors return only rows the user may see. The names differ from
Django's model permissions (view_/change_…) on purpose: those belong to the admin.
"""

import rules

from .enums import APPROVER_ROLE_BODY, MUNICIPAL_ROLES, Role


@rules.predicate
def is_staff_member(user) -> bool:
    return user.is_authenticated and user.is_staff_member


@rules.predicate
def is_representative_of(user, organization) -> bool:
    return (
        user.is_authenticated
        and user.role == Role.ORGANIZATION
        and organization is not None
        and user.organization_id == organization.pk
    )


@rules.predicate
def works_in_municipality_of(user, organization) -> bool:
    return (
        user.is_authenticated
        and user.role in MUNICIPAL_ROLES
        and organization is not None
        and user.municipality_id == organization.municipality_id
    )


rules.add_perm("contest.see_organization", is_staff_member | is_representative_of | works_in_municipality_of)
rules.add_perm("contest.edit_organization", is_staff_member | is_representative_of)
rules.add_perm("contest.manage_contests", is_staff_member)


@rules.predicate
def represents_participant(user, participation) -> bool:
    return (
        user.is_authenticated
        and user.role == Role.ORGANIZATION
        and participation is not None
        and user.organization_id == participation.organization_id
    )


@rules.predicate
def is_labour_office_of_participant(user, participation) -> bool:
    return (
        user.is_authenticated
        and user.role == Role.LABOUR_OFFICE
        and participation is not None
        and user.municipality_id == participation.organization.municipality_id
    )


@rules.predicate
def approves_for_participant(user, participation) -> bool:
    return (
        user.is_authenticated
        and user.role in APPROVER_ROLE_BODY
        and participation is not None
        and user.municipality_id == participation.organization.municipality_id
    )


rules.add_perm("contest.edit_participation", represents_participant)
rules.add_perm("contest.register_application", is_staff_member | is_labour_office_of_participant)
rules.add_perm("contest.decide_approval", approves_for_participant)
rules.add_perm("contest.extend_deadline", is_staff_member)


@rules.predicate
def may_register_organization(user) -> bool:
    """A representative whose account is not linked to an organization yet: registers one or asks to join one."""
    return user.is_authenticated and user.role == Role.ORGANIZATION and user.organization_id is None


@rules.predicate
def represents_requested_organization(user, join_request) -> bool:
    return join_request is not None and is_representative_of(user, join_request.organization)


@rules.predicate
def is_labour_office_for_unrepresented(user, join_request) -> bool:
    """The labour office of the organization's municipality decides while the organization has no active representative."""
    return (
        user.is_authenticated
        and user.role == Role.LABOUR_OFFICE
        and join_request is not None
        and user.municipality_id == join_request.organization.municipality_id
        and not join_request.organization.representatives.filter(role=Role.ORGANIZATION, is_active=True).exists()
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
        user.is_staff_member
        or user.role == Role.LABOUR_OFFICE
        or (user.role == Role.ORGANIZATION and user.organization_id is not None)
    )


rules.add_perm("contest.list_join_requests", may_decide_join_requests)
