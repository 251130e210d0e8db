"""The overview of a contest (issue 15, point 9): progress by municipality, the spread of totals, average points per
indicator, Кч and Кт, the years before — as charts with their figures.

Staff and the regional commission see the region and may narrow it to one municipality (?municipality=<id>); the
territorial commission and the labour office see their own municipality (a person on two commissions sees both).
Everyone else gets 404. A contest of another year: ?year=.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from core import charts

from .. import selectors
from ..enums import REGIONAL_COMMISSION_ROLES
from ..models import Contest
from ..selectors import dashboard as figures
from ..templatetags.portal import points


def _scope(request, contest: Contest):
    """(the municipalities shown — None for the whole region —, the one chosen, the ones to choose from)."""
    user = request.user
    raw = request.GET.get("municipality", "")
    if raw and not raw.isdigit():
        raise Http404
    whole_region = user.is_staff_member or user.has_role(*REGIONAL_COMMISSION_ROLES)
    choices = selectors.municipalities_of(contest).order_by("position", "name")
    if not whole_region:
        choices = choices.filter(pk__in=selectors.commission_municipalities(user))
    chosen = get_object_or_404(choices, pk=raw) if raw else None
    if chosen is not None:
        return [chosen.pk], chosen, choices
    if whole_region:
        return None, None, choices
    return [item.pk for item in choices], None, choices


@login_required
def overview(request):
    if not request.user.has_perm("contest.see_dashboard"):
        raise Http404
    contests = Contest.objects.select_related("region", "point_table").order_by("-year")
    raw_year = request.GET.get("year", "")
    if raw_year:
        if not raw_year.isdigit():
            raise Http404
        contest = get_object_or_404(contests, year=raw_year)
    else:
        contest = contests.first()
    if contest is None:
        return render(request, "contest/dashboard/overview.html", {"contest": None})
    shown, chosen, choices = _scope(request, contest)
    total, by_municipality = figures.progress(contest, shown)
    stage_labels = [str(label) for _key, label, _states in figures.STAGES]
    progress_chart = charts.horizontal_bars(
        [
            (
                item.municipality.name,
                [item.stages.get(key, 0) for key, _label, _states in figures.STAGES],
                " / ".join(str(item.stages.get(key, 0)) for key, _label, _states in figures.STAGES),
            )
            for item in by_municipality
        ],
        series=stage_labels,
    )
    spread = figures.spread(contest, shown)
    averages = figures.indicator_averages(contest, shown)
    indicator_chart = charts.horizontal_bars(
        [
            (
                f"{item.code} {item.title}",
                [item.share],
                _("%(average)s из %(max)s") % {"average": points(item.average), "max": points(item.max_points)},
            )
            for item in averages
        ],
        series=[_("Средний балл, % от наибольшего")],
        scale=100,
    )
    region_rates, municipal_rates = figures.rates(contest, shown)
    rate_rows = [item for item in municipal_rates if item.municipality is not None]
    kch_chart = charts.horizontal_bars(
        [(item.municipality.name, [item.kch or 0], points(item.kch)) for item in rate_rows],
        series=[_("Кч")],
        marker=region_rates.kch,
        marker_label=_("по всем"),
    )
    kt_chart = charts.horizontal_bars(
        [(item.municipality.name, [item.kt or 0], points(item.kt)) for item in rate_rows],
        series=[_("Кт")],
        marker=region_rates.kt,
        marker_label=_("по всем"),
    )
    years = figures.years(contest, shown)
    context = {
        "contest": contest,
        "contests": contests,
        "chosen": chosen,
        "choices": choices,
        "whole_region": shown is None,
        "total": total,
        "stages": [(key, label, total.stages.get(key, 0), total.share(key)) for key, label, _states in figures.STAGES],
        "by_municipality": by_municipality,
        "progress_chart": progress_chart,
        "spread": spread,
        # Under each column its lower bound only (15 ranges don't fit a phone); the table has the ranges.
        "spread_chart": charts.columns([(label.split("–")[0], count) for label, count in spread]),
        "spread_count": sum(count for _label, count in spread),
        "averages": averages,
        "indicator_chart": indicator_chart,
        "region_rates": region_rates,
        "municipal_rates": rate_rows,
        "kch_chart": kch_chart,
        "kt_chart": kt_chart,
        "years": years,
        "years_chart": charts.columns([(str(item.year), item.average_total or 0) for item in years]),
    }
    return render(request, "contest/dashboard/overview.html", context)
