"""The office side of the participant's workflow.

The labour office registers or returns applications; the approving bodies approve information cards or return them
with a remark; staff extend deadlines. Reads go through selectors, every change through a service; a DomainError's
message is shown to the user. What the user may not see answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import scoring
from core.exceptions import DomainError
from core.paging import paginate
from core.typography import inner_quotes

from .. import selectors
from ..enums import AttachmentKind, DeadlineKind, ParticipationState
from ..forms.office import (
    APPLICATION_FILTER_LABELS,
    ApplicationFilterForm,
    ApprovalDecisionForm,
    DeadlineExtensionForm,
    RegisterApplicationForm,
    ReturnApplicationForm,
)
from ..models import InfoCard
from ..services import participation as services
from .access import check, needs
from .cards import card_figures


def card_result(card: InfoCard) -> scoring.CardResult | None:
    """The card scored with its contest's table, or None while it is incomplete or has errors."""
    return services.score(card.participation.contest.table, services.card_values(card))


# ---------------------------------------------------------------------------------------------------------------------
# Labour office: applications


def _application_or_404(request, pk: int):
    check(request.user, "contest.list_applications")
    participation = get_object_or_404(selectors.filed_applications(request.user), pk=pk)
    if not request.user.has_perm("contest.register_application", participation):
        raise Http404
    return participation


@login_required
@needs("contest.list_applications")
def applications(request):
    """The applications of the labour office's municipality in the current contest, newest first, by state."""
    show, search = ApplicationFilterForm(request.GET).values()
    contest = selectors.current_contest()
    paged = paginate(
        request, selectors.applications_to_register(request.user, contest=contest, show=show, search=search)
    )
    return render(
        request,
        "contest/office/applications.html",
        {
            "contest": contest,
            "rows": paged.rows,
            "paged": paged,
            "show": show,
            "q": search,
            "filters": APPLICATION_FILTER_LABELS.items(),
        },
    )


APPLICATION_DETAILS = ("full_name", "legal_address", "phone", "head_name", "head_position")
UNION_DETAILS = ("union_chair_name", "union_chair_position")
CONFIRMATIONS = ("agrees_with_regulation", "data_complete_and_true", "aware_of_exclusion", "joint_decision")


def _labelled(instance, names) -> list[tuple[str, object]]:
    return [(instance._meta.get_field(name).verbose_name, getattr(instance, name)) for name in names]


def _render_application(request, participation, *, register_form=None, return_form=None):
    application = participation.application
    context = {
        "participation": participation,
        "application": application,
        "details": _labelled(application, APPLICATION_DETAILS),
        "union_details": _labelled(application, UNION_DETAILS),
        "confirmations": _labelled(application, CONFIRMATIONS),
        "consent": selectors.consent_of(participation),
        "signed_scans": selectors.attachments_for(request.user).filter(
            participation=participation, kind=AttachmentKind.SIGNED_APPLICATION
        ),
        "history": selectors.history(participation),
        "can_decide": participation.state == ParticipationState.SUBMITTED,
        "register_form": register_form or RegisterApplicationForm(),
        "return_form": return_form or ReturnApplicationForm(),
    }
    return render(request, "contest/office/application.html", context)


@login_required
def application_detail(request, pk: int):
    """The application as filed, its history, and — while it waits — «register» and «return»."""
    return _render_application(request, _application_or_404(request, pk))


@login_required
@require_POST
def application_register(request, pk: int):
    participation = _application_or_404(request, pk)
    form = RegisterApplicationForm(request.POST)
    if not form.is_valid():
        return _render_application(request, participation, register_form=form)
    try:
        services.register_application(participation, actor=request.user, number=form.cleaned_data["number"])
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("office-application", pk=participation.pk)
    messages.success(
        request,
        _("Заявка «%(org)s» зарегистрирована. Организация получит письмо и сможет заполнять информационную карту.")
        % {"org": inner_quotes(participation.application.full_name)},
    )
    return redirect("office-applications")


@login_required
@require_POST
def application_return(request, pk: int):
    participation = _application_or_404(request, pk)
    form = ReturnApplicationForm(request.POST)
    if not form.is_valid():
        return _render_application(request, participation, return_form=form)
    try:
        services.return_application(participation, actor=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("office-application", pk=participation.pk)
    messages.success(
        request,
        _("Заявка «%(org)s» возвращена на доработку. Организация получит письмо с причиной.")
        % {"org": inner_quotes(participation.application.full_name)},
    )
    return redirect("office-applications")


# ---------------------------------------------------------------------------------------------------------------------
# Approving bodies: information cards


def _card_or_404(request, pk: int):
    check(request.user, "contest.list_approvals")
    return get_object_or_404(selectors.cards_in_approval(request.user), pk=pk)


@login_required
@needs("contest.list_approvals")
def approvals(request):
    """Cards of the body's municipality: those waiting for its decision (all: the work to do), and those already
    seen, a page of 50 at a time (they grow all season)."""
    contest = selectors.current_contest()
    rows = list(selectors.cards_in_approval(request.user, contest=contest)) if contest else []
    if request.user.has_perm("contest.choose_municipality"):
        waiting = [p for p in rows if p.state == ParticipationState.CARD_APPROVAL]
    else:
        waiting = [p for p in rows if selectors.awaits_decision_of(p, request.user)]
    waiting_ids = {p.pk for p in waiting}
    seen = paginate(request, [p for p in rows if p.pk not in waiting_ids])
    # Which bodies the person speaks for, and where: «Государственная инспекция труда · Краснодар».
    hats = selectors.approver_hats(request.user)
    return render(
        request,
        "contest/approvals/list.html",
        {"contest": contest, "waiting": waiting, "seen": seen.rows, "paged": seen, "hats": hats},
    )


def _render_card(request, participation, *, form=None):
    card = participation.card
    approval = selectors.own_approval(participation, request.user)
    context = {
        "participation": participation,
        "card": card,
        "figures": card_figures(card, services.card_values(card), participation.contest.table),
        "result": card_result(card),
        "attachments": selectors.attachments_for(request.user).filter(participation=participation),
        "approvals": participation.approvals.all(),
        "own_approval": approval,
        "can_decide": selectors.awaits_decision_of(participation, request.user)
        and request.user.has_perm("contest.decide_approval", participation),
        "form": form or ApprovalDecisionForm(),
    }
    return render(request, "contest/approvals/card.html", context)


@login_required
def approval_detail(request, pk: int):
    """The card read-only with its points, files and approvals; the body's own decision while it is pending."""
    return _render_card(request, _card_or_404(request, pk))


@login_required
@require_POST
def approval_decide(request, pk: int):
    participation = _card_or_404(request, pk)
    approval = selectors.own_approval(participation, request.user)
    if approval is None or not request.user.has_perm("contest.decide_approval", participation):
        raise PermissionDenied  # staff look at cards, the bodies decide
    form = ApprovalDecisionForm(request.POST)
    if not form.is_valid():
        return _render_card(request, participation, form=form)
    try:
        services.decide_approval(approval, actor=request.user, approve=form.approve, remark=form.cleaned_data["remark"])
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("approval", pk=participation.pk)
    organization = participation.organization
    if form.approve:
        messages.success(request, _("Карта «%(org)s» согласована.") % {"org": inner_quotes(organization)})
    else:
        messages.success(
            request,
            _("Карта «%(org)s» возвращена организации с замечанием.") % {"org": inner_quotes(organization)},
        )
    return redirect("approvals")


# ---------------------------------------------------------------------------------------------------------------------
# Staff: deadlines

DEADLINE_FIELDS = {
    DeadlineKind.APPLICATION: "application_deadline",
    DeadlineKind.CARD: "card_deadline",
    DeadlineKind.FORWARDING: "forwarding_deadline",
}


@login_required
def deadlines(request, pk: int):
    """The contest's three deadlines with the history of their extensions, and a form to extend one."""
    contest = get_object_or_404(selectors.managed_contests(request.user), pk=pk)
    if not request.user.has_perm("contest.extend_deadline"):
        raise Http404
    form = DeadlineExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            extension = services.extend_deadline(
                contest, kind=data["kind"], new_date=data["new_date"], reason=data["reason"], actor=request.user
            )
        except DomainError as error:
            # The form already checked the reason and the actor is staff: what is left concerns the new date.
            form.add_error("new_date", error.message)
        else:
            messages.success(
                request,
                _("Срок «%(what)s» продлён до %(day)s.")
                % {"what": extension.get_kind_display(), "day": extension.new_date.strftime("%d.%m.%Y")},
            )
            return redirect("staff-deadlines", pk=contest.pk)
    history = list(selectors.deadline_history(contest))
    rows = [
        {
            "kind": kind,
            "label": kind.label,
            "day": getattr(contest, DEADLINE_FIELDS[kind]),
            "passed": services.deadline_passed(getattr(contest, DEADLINE_FIELDS[kind])),
            "extensions": [extension for extension in history if extension.kind == kind],
        }
        for kind in DeadlineKind
    ]
    return render(request, "contest/staff/deadlines.html", {"contest": contest, "rows": rows, "form": form})
