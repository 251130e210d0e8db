from django.http import Http404
from django.shortcuts import render

import scoring

from .. import selectors
from ..enums import APPROVER_ROLES, MUNICIPAL_COMMISSION_ROLES, REGIONAL_COMMISSION_ROLES, Role, Scope


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
