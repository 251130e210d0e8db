"""Best-practice panels for the role start pages (the contest app renders those pages; these tags add to them)."""

from django import template
from django.utils import timezone

from .. import selectors
from ..enums import FILED_STATES
from ..periods import Quarter

register = template.Library()


@register.inclusion_tag("practices/home/_organization.html", takes_context=True)
def practices_organization_panel(context) -> dict:
    """The current quarter for an organization: its deadline, and whether it has reported."""
    user = context["user"]
    today = timezone.localdate()
    quarter = Quarter.of(today)
    filed = selectors.own_reports(user).filter(
        period__year=quarter.year, period__quarter=quarter.quarter, state__in=FILED_STATES
    )
    return {
        "quarter": quarter,
        "deadline": selectors.deadline_of(quarter),
        "filed_count": filed.count(),
        "statement": selectors.statement_of(user.organization_id, quarter) if user.organization_id else None,
        "user": user,
    }


@register.inclusion_tag("practices/home/_district.html", takes_context=True)
def practices_district_panel(context) -> dict:
    """Reports waiting for the district administration's decision, and the current quarter's deadline."""
    user = context["user"]
    quarter = Quarter.of(timezone.localdate())
    return {
        "quarter": quarter,
        "deadline": selectors.deadline_of(quarter),
        "waiting": selectors.waiting_count(user),
        "user": user,
    }
