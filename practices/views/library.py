"""The public library of best practice: what the district administrations recommended and the organizations allowed
to publish, searchable and filterable, open to everyone without an account."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from core.paging import paginate

from .. import selectors
from ..forms import LibraryFilterForm
from . import serve_material

PAGE_SIZE = 20
EVENTS_ON_INDEX = 3  # the latest events with materials above the practices; the rest on their own page


def index(request):
    form = LibraryFilterForm(request.GET or None)
    practices = selectors.library(**form.filters())
    paged = paginate(request, practices, PAGE_SIZE)
    events = selectors.library_events().prefetch_related("materials")[:EVENTS_ON_INDEX]
    return render(
        request,
        "practices/library/index.html",
        {
            "form": form,
            "paged": paged,
            "page": paged.page,
            "filtered": any(form.filters().values()),
            "events": events,
        },
    )


def detail(request, pk: int):
    report = get_object_or_404(selectors.published(), pk=pk)
    return render(
        request,
        "practices/library/detail.html",
        {"report": report, "materials": selectors.public_materials(report)},
    )


def material(request, pk: int):
    """A public material of a published practice; anything else answers 404."""
    found = selectors.public_material(pk)
    if found is None:
        raise Http404
    return serve_material(found, public=True)


# --- materials of explanatory events: public once attached -----------------------------------------------------------


def events(request):
    """Every held event with materials, the latest first, with its materials."""
    paged = paginate(request, selectors.library_events().prefetch_related("materials"), PAGE_SIZE)
    return render(request, "practices/library/events.html", {"paged": paged, "events": paged.rows})


def event_detail(request, pk: int):
    event = get_object_or_404(selectors.library_events(), pk=pk)
    return render(
        request,
        "practices/library/event.html",
        {"event": event, "materials": selectors.event_materials(event)},
    )


def event_material(request, pk: int):
    """A file of an event in the library; anything else answers 404."""
    found = selectors.public_event_material(pk)
    if found is None:
        raise Http404
    return serve_material(found, public=True)
