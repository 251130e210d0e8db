"""One page of a list: every list of the portal shows at most PAGE_SIZE rows, the page chosen by ``?page=N`` (a page
out of range or not a number gives the nearest one, never an error), the list's other parameters (filters, search,
sort) kept in the links to the other pages (``templates/components/pagination.html``).

A list of groups (the rankings: a table per sector and category) is paged by whole groups, about PAGE_SIZE rows a page
(``paginate_groups``); a group larger than a page has a page to itself, or, when the list allows it (``cut=True``), is
cut into parts of a page each (``Part``), so that no page renders more than PAGE_SIZE rows."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 50


@dataclass(frozen=True)
class Paged:
    """The page shown and the list's query without ``page`` (for the links to the other pages)."""

    page: Page[Any]
    query: str
    grouped: bool = False  # the page holds groups (or parts of them): its items are groups, not rows

    @property
    def rows(self) -> Any:
        """The rows of the page (a slice of the queryset or of the list); of a grouped page, its groups."""
        return self.page.object_list[0] if self.grouped and self.page.object_list else self.page.object_list


def paginate(
    request: HttpRequest, items: QuerySet[Any] | Sequence[Any], per_page: int | None = None, *, count: int | None = None
) -> Paged:
    """The page of ``items`` the request asks for (a queryset is counted once and sliced, never read whole);
    ``count``: the number of items when the page has counted them already (no second COUNT query)."""
    paginator = Paginator(items, per_page or PAGE_SIZE)
    if count is not None:
        paginator.__dict__["count"] = count  # Paginator.count is a cached_property
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return Paged(page, query.urlencode())


@dataclass(frozen=True)
class Part:
    """Rows ``start`` to ``stop`` (from 0, ``stop`` not included) of a ``group`` of ``rows`` rows too big for one page;
    its other rows are on the neighbouring pages."""

    group: Any
    start: int
    stop: int
    rows: int

    @property
    def first(self) -> bool:
        return self.start == 0


def paginate_groups(
    request: HttpRequest,
    groups: Sequence[Any],
    *,
    size: Callable[[Any], int],
    per_page: int | None = None,
    cut: bool = False,
) -> Paged:
    """``groups`` packed whole, in order, into pages of at most ``per_page`` rows (``size``: the rows of a group). A
    group larger than a page has a page to itself; with ``cut``, it is cut into parts (``Part``) of ``per_page`` rows, a
    page each, its last part sharing a page with the groups after it. The page's items are groups and parts."""
    limit = per_page or PAGE_SIZE
    pages: list[list[Any]] = []
    rows = 0

    def place(item: Any, rows_of: int) -> None:
        nonlocal rows
        if not pages or (rows + rows_of > limit and pages[-1]):
            pages.append([])
            rows = 0
        pages[-1].append(item)
        rows += rows_of

    for group in groups:
        rows_of = size(group)
        if cut and rows_of > limit:
            for start in range(0, rows_of, limit):
                stop = min(start + limit, rows_of)
                place(Part(group, start, stop, rows_of), stop - start)
        else:
            place(group, rows_of)
    paged = paginate(request, pages, per_page=1)
    return Paged(paged.page, paged.query, grouped=True)
