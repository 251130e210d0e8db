"""Who may do what with best-practice reports and surveys (django-rules).

An organization's representative files and sees its own organization's reports and surveys; the district
administration of the organization's municipality reviews its reports; staff see and may review everything. The
public library and a survey's answer link need no account. Selectors return only what the user may see; views declare
the permission they need; what the user may not see answers 404.
"""

import rules
from django.utils.translation import gettext_lazy as _

from contest.enums import Role
from contest.rules import is_staff_member
from core.permissions import explain


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

# --- permissions the services require (core.permissions.require) ----------------------------------------------------
# Each with the message a refused service shows. The moves of practices/workflow.py name these too.


@rules.predicate
def represents_organization(user, organization) -> bool:
    """The representative of the organization itself (a report or a survey is started for it)."""
    return is_linked_representative(user) and organization is not None and user.organization_id == organization.pk


rules.add_perm("practices.report_for_organization", represents_organization)

explain("practices.report_for_organization", _("Это действие выполняет представитель организации."))
explain("practices.edit_report", _("Это действие выполняет представитель организации."))
explain("practices.review_report", _("Отчёт рассматривает администрация муниципального образования организации."))
