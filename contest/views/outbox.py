"""Staff see the outbox: every letter the portal sends, newest first, with its status, attempts and the mail server's
last error; a letter the outbox gave up can be queued again. Anyone else gets 404."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import notifications
from core.enums import LetterStatus
from core.exceptions import DomainError
from core.models import Letter

from .access import needs

PAGE_SIZE = 50


@login_required
@needs("core.see_outbox")
def outbox(request):
    """The letters, 50 a page, filtered by ?status= (an unknown status shows all)."""
    status = request.GET.get("status", "")
    if status not in LetterStatus.values:
        status = ""
    letters = Letter.objects.order_by("-created_at", "-pk").defer("body")
    if status:
        letters = letters.filter(status=status)
    page = Paginator(letters, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "contest/staff/outbox.html",
        {"page": page, "status": status, "statuses": LetterStatus.choices, "given_up": LetterStatus.GIVEN_UP},
    )


@login_required
@require_POST
@needs("core.resend_letter")
def letter_resend(request, pk: int):
    """Queue a given-up letter again; the worker sends it after the commit."""
    letter = get_object_or_404(Letter, pk=pk)
    try:
        notifications.resend(letter, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Письмо на %(address)s снова в очереди.") % {"address": letter.recipient})
    return redirect(_back(request.POST))


def _back(data) -> str:
    """The outbox page the button was on: its status filter and page number."""
    query = {}
    if data.get("status") in LetterStatus.values:
        query["status"] = data["status"]
    if str(data.get("page", "")).isdigit():
        query["page"] = data["page"]
    return reverse("staff-outbox") + (f"?{urlencode(query)}" if query else "")
