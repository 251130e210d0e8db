"""Who may do what with best-practice reports and surveys (django-rules).

An organization's representative files and sees its own organization's reports and surveys; the district
administration of the organization's municipality reviews its reports; staff see and may review everything. The
public library and a survey's answer link need no account. Selectors return only what the user may see; views declare
the permission they need; what the user may not see answers 404.
"""

import rules

from contest.enums import Role
from contest.rules import is_staff_member


@rules.predicate
def is_linked_representative(user) -> bool:
    """A representative whose account is linked to an organization."""
    return user.is_authenticated and user.organization_id is not None


@rules.predicate
def is_district_administration(user) -> bool:
    return user.is_authenticated and user.has_role(Role.DISTRICT_ADMINISTRATION)


@rules.predicate
def represents_owner(user, obj) -> bool:
    """The representative of the organization that owns a report or a survey."""
    return is_linked_representative(user) and obj is not None and user.organization_id == obj.organization_id


@rules.predicate
def administers_municipality_of(user, report) -> bool:
    """The district administration of the municipality of the report's organization."""
    return (
        is_district_administration(user)
        and report is not None
        and user.works_in(report.organization.municipality_id, Role.DISTRICT_ADMINISTRATION)
    )


rules.add_perm("practices.file_reports", is_linked_representative)
rules.add_perm("practices.see_report", is_staff_member | represents_owner | administers_municipality_of)
rules.add_perm("practices.edit_report", represents_owner)
rules.add_perm("practices.review_reports", is_staff_member | is_district_administration)
rules.add_perm("practices.review_report", is_staff_member | administers_municipality_of)
rules.add_perm("practices.manage_surveys", is_linked_representative)
rules.add_perm("practices.see_survey", represents_owner)

# The main menu's «Передовой опыт»: the organization's reports, the administration's review, or the public library.
rules.add_perm("practices.menu_reports", is_linked_representative)
rules.add_perm("practices.menu_review", is_district_administration)
