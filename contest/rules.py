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
