"""The unread count of the header: read once per request, whatever asks for it (one query for a signed-in page, none
for a visitor)."""

from typing import Any

from django import template

from core.notifications import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: template.Context) -> int:
    """The signed-in person's unread notifications (0 for a visitor), cached on the request."""
    request: Any = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    if request is None:
        return unread_count(user)
    cached: int | None = getattr(request, "_unread_notifications", None)
    if cached is None:
        cached = unread_count(user)
        request._unread_notifications = cached
    return cached
