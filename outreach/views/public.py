"""The public FAQ of the current contest: what the territorial commissions published, by municipality, paged."""

from django.shortcuts import render

from contest.selectors import current_contest
from core.paging import paginate

from .. import selectors
from ..forms import FaqFilterForm

PAGE_SIZE = 20


def faq(request):
    contest = current_contest()
    form = FaqFilterForm(request.GET or None)
    municipality_id = form.municipality_id()
    paged = paginate(request, selectors.faq(contest, municipality_id=municipality_id), PAGE_SIZE)
    return render(
        request,
        "outreach/faq.html",
        {
            "contest": contest,
            "form": form,
            "paged": paged,
            "entries": paged.rows,
            "filtered": municipality_id is not None,
            "can_ask_as_organization": request.user.has_perm("outreach.ask_question"),
        },
    )
