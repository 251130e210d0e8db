"""The territorial commission's list of questions of its municipality (staff: of every municipality)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from contest.views.access import needs
from core.paging import paginate

from .. import selectors
from ..forms import CommissionFilterForm

PAGE_SIZE = 20


@login_required
@needs("outreach.list_questions")
def questions(request):
    """Waiting questions first, the oldest wait on top; search, filter and pages on the server."""
    form = CommissionFilterForm(request.GET or None)
    filters = form.filters()
    now = timezone.now()
    rows = selectors.commission_questions(request.user, now=now, **filters)
    paged = paginate(request, rows, PAGE_SIZE)
    return render(
        request,
        "outreach/commission/list.html",
        {
            "form": form,
            "paged": paged,
            "questions": paged.rows,
            "cutoff": selectors.overdue_cutoff(now),
            "filtered": any(filters.values()),
        },
    )
