"""Public pages of the outreach app: the FAQ of the current contest (what the territorial commissions published, by
municipality, paged), the contest's announcements, and the unsubscribe link of their letters."""

from django.http import Http404
from django.shortcuts import render

from contest.selectors import current_contest
from core.paging import paginate

from .. import selectors
from ..forms import FaqFilterForm
from ..models import OptOut
from ..services import announcements as announcement_services
from . import file_response

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


# --- the contest's announcements (public) and the unsubscribe link of their letters -------------------------------


def announcements(request):
    """The contest's page: its deadlines, the department's announcement and the municipalities' (one municipality's
    when chosen), with the Положение."""
    contest = current_contest()
    form = FaqFilterForm(request.GET or None)
    municipality_id = form.municipality_id()
    if municipality_id is None and request.user.is_authenticated and request.user.organization_id:
        organization = request.user.organization
        municipality_id = organization.municipality_id if organization else None
    items = list(selectors.published_announcements(contest, municipality_id=municipality_id))
    return render(
        request,
        "outreach/announcements/public.html",
        {
            "contest": contest,
            "form": form,
            "region_items": [item for item in items if item.municipality_id is None],
            "municipal_items": [item for item in items if item.municipality_id is not None],
            "municipality_id": municipality_id,
        },
    )


def announcement(request, pk: int):
    item = selectors.visible_announcement(request.user, pk)
    if item is None:
        raise Http404
    return render(
        request,
        "outreach/announcements/detail.html",
        {
            "announcement": item,
            "contest": item.contest,
            "regulation": selectors.regulation_of(item),
            "editable": request.user.has_perm("outreach.edit_announcement", item),
        },
    )


def announcement_document(request, pk: int):
    item = selectors.visible_announcement(request.user, pk)
    if item is None:
        raise Http404
    return file_response(item.document, name=item.original_name, content_type=item.content_type)


def unsubscribe(request, token: str):
    """The link at the end of an announcement's letter: the address confirms (a POST: a mail client that opens links
    to check them must not unsubscribe anyone), and may subscribe again."""
    email = announcement_services.email_by_token(token)
    if email is None:
        return render(request, "outreach/unsubscribe.html", {"bad_link": True}, status=404)
    done = None
    if request.method == "POST":
        if request.POST.get("again") == "1":
            announcement_services.resubscribe(email)
            done = "again"
        else:
            announcement_services.unsubscribe(email)
            done = "off"
    opted_out = OptOut.objects.filter(email=email).exists()
    return render(request, "outreach/unsubscribe.html", {"email": email, "done": done, "opted_out": opted_out})
