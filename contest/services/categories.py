"""The category of participants (группа участников) an organization competes in, by its contest's rule."""

from django.utils.translation import gettext as _

from core.exceptions import DomainError

from ..models import Contest, Organization, Participation, Placement


def placement(contest: Contest | None, organization: Organization) -> Placement:
    """The organization's category in the contest with the reasons; DomainError (in Russian) when the contest's
    categories cannot place it (headcount bands with a gap, say)."""
    try:
        return organization.placement(contest)
    except ValueError as error:
        raise DomainError(
            _("Группу участников определить нельзя: %(error)s Сообщите в департамент труда.") % {"error": error}
        ) from None


def category_code(contest: Contest, organization: Organization) -> str:
    """The code of the contest's category the organization falls into (what Participation.size_category holds)."""
    return placement(contest, organization).code


def clean_participation(participation: Participation) -> None:
    """full_clean() of a participation whose category was placed by its contest's rule (category_code), so it is one
    of the contest's categories by construction."""
    participation.full_clean()


def placement_shown(contest: Contest | None, organization: Organization) -> Placement:
    """What the organization's pages show: its category in the contest with the reasons, or by reading R8 when the
    contest's categories cannot place it (the application then says why it cannot be filed)."""
    try:
        return organization.placement(contest)
    except ValueError:
        return organization.placement(None)
