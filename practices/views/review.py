"""The district administration's pages: the municipality's filed reports, the decision on one, and the quarterly
summary (page and Excel). Staff see every municipality and choose one for the summary."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contest.views.access import check, needs

from .. import exports, selectors
from ..forms import ReviewFilterForm, ReviewForm, SummaryChoiceForm
from ..models import ReportingPeriod
from ..periods import Quarter
from ..services import reports as services
from . import run
from .organization import detail_context


@login_required
@needs("practices.review_reports")
def reports(request):
    """Filed reports of the municipality (every municipality for staff), by quarter and state."""
    quarters = [p.as_quarter for p in ReportingPeriod.objects.order_by("-year", "-quarter")]
    form = ReviewFilterForm(request.GET or None, quarters=quarters)
    rows = selectors.reports_to_review(request.user, **form.filters())
    return render(request, "practices/review/list.html", {"form": form, "rows": rows})


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


@login_required
def summary(request, year: int | None = None, quarter: int | None = None):
    """Who of the municipality reported for the quarter, who stated nothing new, who did not; by kind."""
    period, municipality, form = _summary_of(request, year, quarter)
    context = {
        "quarter": period,
        "previous": _neighbour(period.previous),
        "next": _neighbour(period.next) if period < Quarter.of(timezone.localdate()) else None,
        "form": form,
        "summary": selectors.summary(municipality, period) if municipality is not None else None,
    }
    return render(request, "practices/review/summary.html", context)


@login_required
def summary_xlsx(request, year: int, quarter: int):
    period, municipality, _form = _summary_of(request, year, quarter)
    if municipality is None:
        raise Http404
    data = exports.summary_xlsx(selectors.summary(municipality, period))
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="peredovoy-opyt-{period.year}-q{period.quarter}.xlsx"'
    return response
