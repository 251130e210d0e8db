"""Helpers the views of every app share."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from core import notifications
from core.exceptions import DomainError
from core.paging import paginate


def run(request: HttpRequest, action: Callable[[], Any], success: str = "") -> bool:
    """Run a service call; show its DomainError as a message. True when it went through."""
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
        return False
    if success:
        messages.success(request, success)
    return True


# ---------------------------------------------------------------------------------------------------------------------
# «Уведомления»: the signed-in person's own list (someone else's notification answers 404, as a foreign object does)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The person's notifications, newest first, PAGE_SIZE a page; the unread ones marked."""
    paged = paginate(request, notifications.mine(request.user))
    unread = notifications.unread_count(request.user)
    request._unread_notifications = unread  # type: ignore[attr-defined]  # the header's count: no second query
    return render(request, "core/notifications.html", {"paged": paged, "unread": unread})


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open one: it is marked read and the person goes to its page (the list, when it names none)."""
    notification = get_object_or_404(notifications.mine(request.user), pk=pk)
    notifications.mark_read(notification)
    link = notification.link
    if not link or not url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        return redirect("notifications")
    return redirect(link)


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    """«Отметить все как прочитанные»."""
    marked = notifications.mark_all_read(request.user)
    if marked:
        messages.success(
            request,
            ngettext(
                "Уведомление отмечено как прочитанное.",
                "Отмечено как прочитанные уведомлений: %(n)s.",
                marked,
            )
            % {"n": marked},
        )
    else:
        messages.info(request, gettext("Непрочитанных уведомлений нет."))
    return redirect("notifications")
