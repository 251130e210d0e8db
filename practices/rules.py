"""Who may do what with best-practice reports, surveys and explanatory events (django-rules).

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

# --- explanatory events (issue 16, п. 5) -----------------------------------------------------------------------------
# The district administration organizes its municipality's events, staff any municipality's and the region-wide ones
# (without a municipality); a linked representative sees and registers for the events of the organization's
# municipality and the region-wide ones.


@rules.predicate
def organizes_event(user, event) -> bool:
    """The district administration of the event's municipality (a region-wide event is the department's)."""
    return (
        is_district_administration(user)
        and event is not None
        and event.municipality_id is not None
        and user.works_in(event.municipality_id, Role.DISTRICT_ADMINISTRATION)
    )


@rules.predicate
def administers_municipality(user, municipality) -> bool:
    """The district administration of this municipality (None: the whole region, which is no administration's)."""
    return (
        is_district_administration(user)
        and municipality is not None
        and user.works_in(municipality.pk, Role.DISTRICT_ADMINISTRATION)
    )


@rules.predicate
def invited_to_event(user, event) -> bool:
    """A representative of an organization of the event's municipality, or any representative for a region-wide one."""
    if not is_linked_representative(user) or event is None:
        return False
    return event.municipality_id is None or event.municipality_id == user.organization.municipality_id


rules.add_perm("practices.see_events", is_staff_member | is_district_administration | is_linked_representative)
rules.add_perm("practices.organize_events", is_staff_member | is_district_administration)
rules.add_perm("practices.announce_event", is_staff_member | administers_municipality)
rules.add_perm("practices.manage_event", is_staff_member | organizes_event)
rules.add_perm("practices.see_event", is_staff_member | organizes_event | invited_to_event)
rules.add_perm("practices.register_for_event", invited_to_event)
# The main menu's «Мероприятия» (the header, added by the lead).
rules.add_perm("practices.menu_events", is_staff_member | is_district_administration | is_linked_representative)

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
explain(
    "practices.announce_event",
    _(
        "Мероприятие своего муниципального образования объявляет его администрация; мероприятие для всего края — "
        "департамент."
    ),
)
explain("practices.manage_event", _("Мероприятием распоряжается администрация, которая его объявила, или департамент."))
explain(
    "practices.register_for_event",
    _("Регистрирует участников представитель организации муниципального образования, для которого мероприятие."),
)
