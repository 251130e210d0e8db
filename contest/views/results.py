"""Results of both stages.

Stage 1 (п. 4.5, 4.7): the territorial commission and the labour office see their municipality's rankings by size
category and sector; the secretary records the order of participants tied at the first place and the municipal
interdepartmental commission's protocol, which makes the first places municipal winners and forwards them to stage 2.
Stage 2 (п. 4.10–4.11): the regional commission studies the forwarded materials, ranks them by nomination, proposes the
best, and its secretary records the regional interdepartmental commission's protocol naming the winners.

Before a decision the pages show the live rankings; after it, the decision's snapshot (what was signed). Reads go through
selectors, rankings and services.decisions.snapshot_of, every change through services.decisions; a DomainError's
message is shown to the user. What the user may not see answers 404; what they see but may not do answers 403.
"""

import dataclasses
import mimetypes
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import codec
from core.exceptions import DomainError
from core.paging import Part, paginate, paginate_groups

from .. import rankings, selectors
from ..enums import UNVERIFIED_STATES, DecisionLevel
from ..forms.results import (
    ForwardedFilterForm,
    MunicipalDecisionForm,
    RegionalDecisionForm,
    TieOrderForm,
    tied_in_order,
)
from ..forms.review import category_choices
from ..models import Sector
from ..services import decisions, review
from ..services.participation import deadline_passed, score
from .access import check, needs
from .cards import card_figures


def _group_or_404(groups: list[rankings.Group], key: str | None) -> rankings.Group:
    group = next((group for group in groups if group.key == key), None)
    if group is None:
        raise Http404
    return group


def _cut(part: Part):
    """The rows of a part of a ranking group too big for one page, as a group of its own (its key, title and tie are
    the whole group's)."""
    return dataclasses.replace(part.group, entries=part.group.entries[part.start : part.stop])


def _shown_groups(items: list) -> tuple[list, dict[str, Part]]:
    """The groups of a page of rankings, a part cut to its rows, and the parts by group key: the page says which rows
    of the group it shows, and the tie form goes with the first part (a tie is at the prize line, at the top)."""
    groups, parts = [], {}
    for item in items:
        if isinstance(item, Part):
            groups.append(_cut(item))
            parts[item.group.key] = item
        else:
            groups.append(item)
    return groups, parts


def _tie_forms(groups: list[rankings.Group], bound: dict | None = None) -> dict[str, TieOrderForm]:
    """A tie form for every group with equal totals across the prize line; a bound (invalid) one kept as it was."""
    forms = dict(bound or {})
    for group in groups:
        if group.tied_at_prize and group.key not in forms:
            forms[group.key] = TieOrderForm(group=group)
    return forms


# ---------------------------------------------------------------------------------------------------------------------
# Stage 1: the municipality's results and the municipal decision


def _municipal_scope(request):
    """The current contest and the municipality whose results the user asks for (None: staff have not chosen yet).

    The territorial commission and the labour office see their own municipality; staff choose one with
    ?municipality=<id>. Everyone else, and anyone asking for another municipality, gets 404.
    """
    user = request.user
    contest = selectors.current_contest()
    raw = request.GET.get("municipality", "")
    if user.has_perm("contest.choose_municipality"):
        if not raw:
            return contest, None
        if not raw.isdigit():
            raise Http404
        municipality = get_object_or_404(selectors.municipalities_of(contest), pk=raw)
    else:
        # The commission's own municipality; a person on the commissions of two chooses with ?municipality=.
        own = selectors.commission_municipalities(user)
        if raw:
            if not raw.isdigit() or int(raw) not in own:
                raise Http404
            municipality = get_object_or_404(selectors.municipalities_of(contest), pk=raw)
        else:
            municipality = selectors.commission_municipality(user)
        if municipality is None:
            raise Http404
    if not user.has_perm("contest.see_municipal_results", municipality):
        raise Http404
    return contest, municipality


def _covered(groups) -> int:
    """How many ranked participants a decision on these groups would freeze (at stage 1 the removed come on top)."""
    return len({entry.participation_id for group in groups for entry in group.entries})


def _page_of(request) -> dict[str, str]:
    """The page of the rankings a tie was resolved on (the form's address carries it), to return to."""
    page = request.GET.get("page", "")
    return {"page": page} if page.isdigit() else {}


def _tie_query(request, municipality) -> str:
    """The query of a tie form's address: the municipality (for staff) and the page of the rankings shown."""
    query = {}
    if municipality is not None and request.user.has_perm("contest.choose_municipality"):
        query["municipality"] = municipality.pk
    page = _page_of(request)
    if page and int(page["page"]) > 1:
        query |= page
    return f"?{urlencode(query)}" if query else ""


def _municipal_url(request, municipality) -> str:
    query = {"municipality": municipality.pk} if request.user.has_perm("contest.choose_municipality") else {}
    query |= _page_of(request)
    url = reverse("municipal-results")
    return f"{url}?{urlencode(query)}" if query else url


def _render_municipal(request, contest, municipality, *, tie_forms=None, decision_form=None):
    user = request.user
    context = {
        "contest": contest,
        "municipality": municipality,
        "municipalities": selectors.municipalities_of(contest)
        if user.has_perm("contest.choose_municipality")
        else None,
    }
    if contest is None or municipality is None:
        return render(request, "contest/results/municipal.html", context)
    decision = selectors.municipal_decision(contest, municipality.pk)
    regional = selectors.regional_decision(contest, snapshot=False)  # only whether it is recorded
    if decision is not None:
        snapshot = decisions.snapshot_of(decision)
        groups, removed, problems = list(snapshot.groups), list(snapshot.removed), []
    else:
        groups = rankings.municipal_groups(contest, municipality.pk)
        waiting = decisions.not_taken_into_review(contest, municipality.pk)
        removed, problems = (
            decisions.removed_in(contest, municipality.pk),
            decisions.municipal_problems(groups, waiting=waiting),
        )
        if regional is not None:
            problems = [_("Решение краевой комиссии уже внесено: итоги муниципального этапа больше не принимаются.")]
    late = deadline_passed(contest.forwarding_deadline)
    can_decide = (
        decision is None and regional is None and user.has_perm("contest.decide_municipal_results", municipality)
    )
    can_record = can_decide and (not late or user.has_perm("contest.decide_after_deadline"))
    # A page of about 50 rows: whole groups, a group of more cut into parts of 50; what the decision covers, the
    # winners and the ties are of all groups.
    shown = paginate_groups(request, groups, size=lambda group: len(group.entries), cut=True)
    page_groups, parts = _shown_groups(shown.rows)
    context.update(
        {
            "groups": page_groups,
            "parts": parts,
            "paged": shown,
            "decision": decision,
            "void_decisions": selectors.void_decisions(contest, municipality_id=municipality.pk),
            "removed": removed,
            "winners": [(group, entry) for group in groups for entry in group.winners] if decision else [],
            "problems": problems,
            "late": late,
            "can_decide": can_decide,
            "can_record": can_record,
            "tie_forms": _tie_forms(groups, tie_forms) if can_decide else {},
            "tied": {group.key: tied_in_order(group) for group in groups},
            "decision_form": decision_form
            or MunicipalDecisionForm(
                late=late and user.has_perm("contest.decide_after_deadline"), covered=_covered(groups) + len(removed)
            ),
            "action_query": f"?municipality={municipality.pk}" if user.has_perm("contest.choose_municipality") else "",
            # A tie resolved on page N of the rankings returns to page N.
            "tie_query": _tie_query(request, municipality),
            "unverified_states": UNVERIFIED_STATES,
        }
    )
    return render(request, "contest/results/municipal.html", context)


@login_required
def municipal_results(request):
    """The municipality's rankings (one table per size category and sector), ties at the first place, what still
    prevents approval, and the secretary's forms; after the decision, the protocol and the winners."""
    contest, municipality = _municipal_scope(request)
    return _render_municipal(request, contest, municipality)


def _municipal_action(request):
    """The contest and municipality of a secretary's action; 404 for those who may not see the results, 403 for
    those who see them but do not decide."""
    contest, municipality = _municipal_scope(request)
    if contest is None or municipality is None:
        raise Http404
    if not request.user.has_perm("contest.decide_municipal_results", municipality):
        raise PermissionDenied  # members and the labour office look; the secretary records
    return contest, municipality


@login_required
@require_POST
def municipal_tie(request):
    """The secretary records how equal totals at the first place are resolved — an order or a shared place — with the
    reason (R9)."""
    contest, municipality = _municipal_action(request)
    group = _group_or_404(rankings.municipal_groups(contest, municipality.pk), request.POST.get("group"))
    form = TieOrderForm(request.POST, group=group)
    if not form.is_valid():
        return _render_municipal(request, contest, municipality, tie_forms={group.key: form})
    try:
        decisions.resolve_tie(
            group,
            contest=contest,
            actor=request.user,
            mode=form.cleaned_data["mode"],
            order=form.order,
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Решение при равенстве баллов записано: %(group)s.") % {"group": group.title})
    return redirect(_municipal_url(request, municipality))


@login_required
@require_POST
def municipal_decision(request):
    """The secretary records the municipal interdepartmental commission's protocol (п. 4.5); after the forwarding
    deadline only staff may, with the reason for the delay (п. 4.7)."""
    contest, municipality = _municipal_action(request)
    late_allowed = deadline_passed(contest.forwarding_deadline) and request.user.has_perm(
        "contest.decide_after_deadline"
    )
    covered = _covered(rankings.municipal_groups(contest, municipality.pk)) + len(
        decisions.removed_in(contest, municipality.pk)
    )
    form = MunicipalDecisionForm(request.POST, request.FILES, late=late_allowed, covered=covered)
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = decisions.record_municipal_decision(
                contest,
                municipality_id=municipality.pk,
                actor=request.user,
                number=data["number"],
                day=data["day"],
                scan=data["scan"],
                late_reason=data.get("late_reason", ""),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "%(decision)s внесён. Победители муниципального этапа направлены на краевой этап; организации получат письма."
                )
                % {"decision": decision},
            )
            return redirect(_municipal_url(request, municipality))
    return _render_municipal(request, contest, municipality, decision_form=form)


@login_required
def decision_file(request, pk: int):
    """The scan of a commission's protocol, for those who may see the decision; everyone else gets 404."""
    decision = get_object_or_404(selectors.decisions_for(request.user), pk=pk)
    if not decision.file:
        raise Http404
    try:
        handle = decision.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = decision.original_name or "protocol"
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Content-Type"] = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------------------------------------------------------------
# Stage 2: the regional commission


@login_required
@needs("contest.see_regional_stage")
def regional_participants(request):
    """Every participation forwarded to stage 2, filterable by municipality, size category and sector."""
    contest = selectors.current_contest()
    form = ForwardedFilterForm(
        request.GET or None,
        municipalities=selectors.municipalities_with_forwarded(request.user, contest),
        sectors=contest.sectors.all() if contest else Sector.objects.none(),
        categories=category_choices(contest, _("все")),
    )
    participations = selectors.forwarded_participations(request.user, contest, **form.filters()) if contest else []
    paged = paginate(request, participations)
    return render(
        request,
        "contest/region/participants.html",
        {"contest": contest, "rows": paged.rows, "paged": paged, "form": form, "filtered": bool(form.filters())},
    )


@login_required
@needs("contest.see_regional_stage")
def regional_participant(request, pk: int):
    """A forwarded participation's full materials: the card with the verified values and their points, the
    commission's corrections beside the declared values, files, protocols and history."""
    participation = get_object_or_404(selectors.forwarded_participations(request.user), pk=pk)
    table = participation.contest.table
    values = review.verified_values(participation)
    result = score(table, values)
    card = participation.card
    labels = {spec.key: spec.label for spec in table.inputs}
    corrections = [
        {
            "label": labels.get(correction.key, correction.key),
            "declared": codec.shown(correction.declared),
            "value": codec.shown(correction.value),
            "reason": correction.reason,
            "by": correction.corrected_by,
            "at": correction.created_at,
        }
        for correction in participation.corrections.select_related("corrected_by").order_by("created_at", "pk")
    ]
    context = {
        "participation": participation,
        "card": card,
        "figures": card_figures(card, values, table),  # the verified values in place of corrected ones
        "result": result,
        "corrections": corrections,
        "awards": selectors.awards_of_participation(participation),
        "attachments": selectors.attachments_for(request.user).filter(participation=participation),
        "history": selectors.history(participation),
    }
    return render(request, "contest/region/participant.html", context)


def _regional_sections(items: list) -> tuple[list, dict[str, Part]]:
    """A page of the regional rankings as (nomination, its groups on the page) in order, a part cut to its rows, and
    the parts by group key."""
    sections: list[tuple] = []
    parts = {}
    for item in items:
        if isinstance(item, Part):
            nomination, group = item.group
            part = Part(group, item.start, item.stop, item.rows)
            group = _cut(part)
            parts[group.key] = part
        else:
            nomination, group = item
        if not sections or sections[-1][0] != nomination:
            sections.append((nomination, []))
        if group is not None:
            sections[-1][1].append(group)
    return sections, parts


def _render_regional(request, contest, *, tie_forms=None, decision_form=None):
    user = request.user
    context = {"contest": contest}
    if contest is None:
        return render(request, "contest/results/regional.html", context)
    decision = selectors.regional_decision(contest)
    if decision is not None:
        groups = list(decisions.snapshot_of(decision).groups)
        proposals = []
    else:
        groups = rankings.nomination_groups(contest)
        proposals = list(selectors.regional_proposals(contest))
    proposed = decisions.proposal_map(proposals)
    can_rank = decision is None and user.has_perm("contest.rank_regional_stage")
    # A page of about 50 rows: the nominations' groups in order (a nomination without candidates too), whole, a group
    # of more cut into parts of 50; what the decision covers, the winners and the ties are of all groups.
    units: list[tuple] = []
    for nomination in contest.nominations.select_related("category"):
        own = [group for group in groups if group.nomination_id == nomination.pk]
        units += [(nomination, group) for group in own] or [(nomination, None)]
    shown = paginate_groups(request, units, size=lambda unit: len(unit[1].entries) if unit[1] else 0, cut=True)
    sections, parts = _regional_sections(shown.rows)
    context.update(
        {
            "sections": sections,
            "parts": parts,
            "paged": shown,
            "tie_query": _tie_query(request, None),
            "decision": decision,
            "void_decisions": selectors.void_decisions(contest, level=DecisionLevel.REGIONAL),
            "winners": [(group, entry) for group in groups for entry in group.winners] if decision else [],
            "problems": decisions.regional_problems(groups) if decision is None else [],
            "proposals": proposals,
            # Per group: participation id → proposed place; no column at all while nothing is proposed.
            "proposed": {group.key: proposed.get(group.key, {}) for group in groups} if proposals else {},
            # The rankings changed since the proposal (a tie resolved, a late winner forwarded): propose again.
            "proposal_outdated": decision is None and decisions.proposal_outdated(proposals, groups),
            "can_rank": can_rank,
            "can_record": decision is None and user.has_perm("contest.record_regional_decision"),
            "tie_forms": _tie_forms(groups, tie_forms) if can_rank else {},
            "tied": {group.key: tied_in_order(group) for group in groups},
            "decision_form": decision_form or RegionalDecisionForm(covered=_covered(groups)),
            "forwarded_count": _covered(groups),
        }
    )
    return render(request, "contest/results/regional.html", context)


@login_required
@needs("contest.see_regional_stage")
def regional_results(request):
    """The forwarded winners ranked in each nomination (per sector for a per-sector one), the prize places, ties,
    the proposal and the regional decision; after it, the winners with the protocol."""
    return _render_regional(request, selectors.current_contest())


def _regional_action(request, permission: str):
    check(request.user, "contest.see_regional_stage")
    contest = selectors.current_contest()
    if contest is None:
        raise Http404
    if not request.user.has_perm(permission):
        raise PermissionDenied  # members rank and propose; the secretary records the decision
    return contest


@login_required
@require_POST
def regional_tie(request):
    """The regional commission records how equal totals across a nomination's prize line are resolved — an order or a
    shared place — with the reason (R9)."""
    contest = _regional_action(request, "contest.rank_regional_stage")
    group = _group_or_404(rankings.nomination_groups(contest), request.POST.get("group"))
    form = TieOrderForm(request.POST, group=group)
    if not form.is_valid():
        return _render_regional(request, contest, tie_forms={group.key: form})
    try:
        decisions.resolve_tie(
            group,
            contest=contest,
            actor=request.user,
            mode=form.cleaned_data["mode"],
            order=form.order,
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Решение при равенстве баллов записано: %(group)s.") % {"group": group.title})
    page = _page_of(request)
    return redirect(f"{reverse('regional-results')}?{urlencode(page)}" if page else reverse("regional-results"))


@login_required
@require_POST
def regional_propose(request):
    """The regional commission proposes the best of each nomination from the current rankings (п. 4.10)."""
    contest = _regional_action(request, "contest.rank_regional_stage")
    try:
        awards = decisions.propose_regional_winners(contest, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Победители предложены: призовых мест — %(n)s. Секретарь может внести решение краевой комиссии.")
            % {"n": len(awards)},
        )
    return redirect("regional-results")


@login_required
@require_POST
def regional_decision(request):
    """The regional secretary records the regional interdepartmental commission's protocol naming the winners."""
    contest = _regional_action(request, "contest.record_regional_decision")
    form = RegionalDecisionForm(request.POST, request.FILES, covered=_covered(rankings.nomination_groups(contest)))
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = decisions.record_regional_decision(
                contest, actor=request.user, number=data["number"], day=data["day"], scan=data["scan"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("%(decision)s внесён: победители смотра-конкурса определены; организации получат письма.")
                % {"decision": decision},
            )
            return redirect("regional-results")
    return _render_regional(request, contest, decision_form=form)
