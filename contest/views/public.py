from django.http import Http404
from django.shortcuts import render

import scoring

from .. import selectors
from ..enums import APPROVER_ROLES, MUNICIPAL_COMMISSION_ROLES, REGIONAL_COMMISSION_ROLES, DecisionLevel, Role, Scope


def _start_page_kind(user) -> str:
    """Which start page a user gets: one per kind of work."""
    if not user.is_authenticated:
        return "anonymous"
    if user.is_staff_member:
        return "staff"
    if user.role == Role.ORGANIZATION:
        return "organization"
    if user.role in MUNICIPAL_COMMISSION_ROLES:
        return "municipal"
    if user.role in APPROVER_ROLES:
        return "approver"
    if user.role == Role.DISTRICT_ADMINISTRATION:
        return "district_administration"
    if user.role in REGIONAL_COMMISSION_ROLES:
        return "regional"
    return "no_role"


def home(request):
    """The start page: what this kind of user does next, and the current contest's deadlines."""
    user = request.user
    kind = _start_page_kind(user)
    context = {"kind": kind, "contest": selectors.current_contest(), "organization": None, "organizations_count": None}
    if kind == "organization" and user.organization_id:
        context["organization"] = selectors.organizations_for(user).first()
        context["participation"] = selectors.participation_of(user.organization_id, context["contest"])
    elif kind == "organization":
        context["pending_join_request"] = selectors.pending_join_request_of(user)
    elif user.is_authenticated and user.scope == Scope.MUNICIPALITY:
        context["organizations_count"] = selectors.organizations_for(user).count()
    context["waiting"] = selectors.waiting_work(user, context["contest"])
    return render(request, "contest/home.html", context)


def scoring_rules(request, table_key: str | None = None):
    """Public page «how points are counted»: the point table and readings R1–R9, rendered from the scoring module's data."""
    contest = selectors.current_contest()
    key = table_key or (contest.scoring_table if contest else scoring.DEFAULT_TABLE)
    try:
        table = scoring.get_table(key)
    except (KeyError, ValueError):
        raise Http404("Нет такой таблицы показателей") from None
    return render(request, "contest/scoring_rules.html", {"table": table, "contest": contest})


# ---------------------------------------------------------------------------------------------------------------------
# Public results (п. 6.2): after the regional decision, the winners of the krai and of the municipal stage


def _published_or_404(year: int | None):
    contests = selectors.published_contests()
    contest = contests.filter(year=year).first() if year is not None else contests.first()
    if contest is None and year is not None:
        raise Http404("Итоги этого года не опубликованы")
    return contest, contests


def _results_context(contest) -> dict:
    regional = list(selectors.public_awards(contest, DecisionLevel.REGIONAL))
    municipal = list(selectors.public_awards(contest, DecisionLevel.MUNICIPAL))
    return {
        "contest": contest,
        "decision": selectors.regional_decision(contest),
        "regional": regional,
        "municipal": municipal,
        "municipal_count": len({award.participation.organization.municipality_id for award in municipal}),
    }


def results(request, year: int | None = None):
    """The published results of a year (the latest by default); before the regional decision, nothing but a notice."""
    contest, contests = _published_or_404(year)
    context = {"contest": None, "years": [c.year for c in contests]}
    if contest is not None:
        context.update(_results_context(contest))
    return render(request, "contest/public/results.html", context)


def press_release(request, year: int):
    """A printable press release on the results of the year (п. 6.2), for the media and the department's site."""
    contest, _contests = _published_or_404(year)
    return render(request, "contest/public/press_release.html", _results_context(contest))
