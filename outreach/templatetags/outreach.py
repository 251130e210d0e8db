"""What the start page asks of the outreach app: how many questions of a commission's municipality wait for an
answer, and the current contest's announcements."""

from django import template

from contest.selectors import current_contest

from .. import selectors

register = template.Library()


@register.simple_tag
def unanswered_questions(municipality) -> dict[str, int]:
    """{"waiting": n, "overdue": m} for the municipality's questions waiting for the commission's answer."""
    waiting, overdue = selectors.unanswered_count(getattr(municipality, "pk", None))
    return {"waiting": waiting, "overdue": overdue}


@register.simple_tag
def current_announcements(user, limit: int = 3) -> list:
    """The current contest's newest published announcements: the region's and, for an organization's
    representative, its municipality's."""
    municipality_id = None
    if user.is_authenticated and user.organization_id:
        organization = user.organization
        municipality_id = organization.municipality_id if organization else None
    items = selectors.published_announcements(current_contest(), municipality_id=municipality_id)
    if municipality_id is None:
        items = items.filter(municipality__isnull=True)
    return list(items[:limit])
