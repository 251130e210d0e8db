"""The district administration's pages: the municipality's filed reports, the decision on one, and the quarterly
summary (page and Excel). Staff see every municipality and choose one for the summary."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contest.views.access import check, needs
from core.paging import PAGE_SIZE, paginate

from .. import exports, selectors
from ..forms import ReviewFilterForm, ReviewForm, SummaryChoiceForm, SummaryFilterForm
from ..models import ReportingPeriod
from ..periods import Quarter
from ..services import reports as services
from . import run
from .organization import detail_context


@login_required
@needs("practices.review_reports")
def reports(request):
    """Filed reports of the municipality (every municipality for staff): searched by organization, filtered by quarter
    and state, sorted, one page at a time."""
    quarters = [p.as_quarter for p in ReportingPeriod.objects.order_by("-year", "-quarter")]
    form = ReviewFilterForm(request.GET or None, quarters=quarters)
    paged = paginate(request, selectors.reports_to_review(request.user, **form.filters()), PAGE_SIZE)
    return render(request, "practices/review/list.html", {"form": form, "paged": paged, "rows": paged.rows})


@login_required
@require_POST
@needs("practices.review_reports")
def decide(request, pk: int):
    """Accept, return with remarks, recommend for dissemination, or withdraw a recommendation."""
    report = get_object_or_404(selectors.reports_for(request.user), pk=pk)
    if not request.user.has_perm("practices.review_report", report):
        raise Http404
    form = ReviewForm(request.POST)
    if form.is_valid():
        comment = form.cleaned_data["comment"]
        action, success = {
            "accept": (
                lambda: services.accept_report(report, actor=request.user, comment=comment),
                _("Отчёт принят."),
            ),
            "return": (
                lambda: services.return_report(report, actor=request.user, remarks=comment),
                _("Отчёт возвращён организации с замечаниями."),
            ),
            "recommend": (
                lambda: services.recommend_report(report, actor=request.user, comment=comment),
                _("Опыт рекомендован к распространению."),
            ),
            "withdraw": (
                lambda: services.accept_report(report, actor=request.user, comment=comment),
                _("Рекомендация снята; отчёт остаётся принятым."),
            ),
        }[form.cleaned_data["action"]]
        if run(request, action, success):
            return redirect("practices:report", pk=report.pk)
    return render(request, "practices/report.html", detail_context(request, report, review_form=form))


def _neighbour(step) -> Quarter | None:
    try:
        return step()
    except ValueError:
        return None


def _summary_of(request, year: int | None, quarter: int | None):
    check(request.user, "practices.review_reports")
    try:
        period = Quarter(year, quarter) if year is not None else Quarter.of(timezone.localdate())
    except ValueError:
        raise Http404 from None
    municipalities = selectors.municipalities_for(request.user)
    if request.user.has_perm("contest.choose_municipality"):
        form = SummaryChoiceForm(request.GET or None, user=request.user)
        municipality = form.cleaned_data["municipality"] if form.is_bound and form.is_valid() else None
    else:
        form = None
        municipality = municipalities.first()
    return period, municipality, form


def _filters(request) -> tuple[SummaryFilterForm, dict]:
    form = SummaryFilterForm(request.GET or None)
    return form, form.filters()


@login_required
def summary(request, year: int | None = None, quarter: int | None = None):
    """Who of the municipality reported for the quarter, who stated nothing new, who did not; by kind. Searched by
    organization and filtered by status; the counts are the database's, the table one page of organizations."""
    period, municipality, form = _summary_of(request, year, quarter)
    filter_form, filters = _filters(request)
    found = paged = None
    if municipality is not None:
        found = selectors.summary(municipality, period, rows=False, **filters)
        paged = paginate(request, found.organizations, PAGE_SIZE)
        found = found.with_rows(paged.rows)
    context = {
        "quarter": period,
        "previous": _neighbour(period.previous),
        "next": _neighbour(period.next) if period < Quarter.of(timezone.localdate()) else None,
        "form": form,
        "filter_form": filter_form,
        "summary": found,
        "paged": paged,
        # the address's conditions (municipality, search, status) without the page, for the quarters and the workbook
        "query": paged.query if paged is not None else request.GET.urlencode(),
    }
    return render(request, "practices/review/summary.html", context)


@login_required
def summary_xlsx(request, year: int, quarter: int):
    """The summary as a workbook, with the page's search and status filter: every matching organization."""
    period, municipality, _form = _summary_of(request, year, quarter)
    if municipality is None:
        raise Http404
    _filter_form, filters = _filters(request)
    data = exports.summary_xlsx(selectors.summary(municipality, period, **filters))
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="peredovoy-opyt-{period.year}-q{period.quarter}.xlsx"'
    return response
