"""The territorial commission's review of the information cards (stage 1: п. 4.4.3, 4.9, 5.2), and the organization's
answer to a document request.

The commission — members, the secretary and the labour office of the participant's municipality, and staff — takes a
submitted card into review, corrects values beside the declared ones with a reason, asks for documents, marks the card
verified, excludes a participant with a fatal accident (п. 4.9, R7) or removes one for false data, and undoes that.
Reads go through selectors, every change through services.review; a DomainError's message is shown to the user. What
the user may not see answers 404.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

import scoring
from core import codec
from core.exceptions import DomainError
from core.paging import paginate

from .. import selectors
from ..enums import (
    ATTACHMENT_STATES,
    COMMISSION_ATTACHMENT_KINDS,
    COMMISSION_ATTACHMENT_STATES,
    FORWARDED_STATES,
    REMOVED_STATES,
    REVIEW_STATES,
    AttachmentKind,
    MaterialKind,
    ParticipationState,
)
from ..files import ALLOWED, max_upload_bytes
from ..forms.participant import AttachmentForm
from ..forms.review import (
    CardFilterForm,
    CorrectionForm,
    DisqualifyForm,
    DocumentAnswerForm,
    DocumentRequestForm,
    ExcludeForm,
    ReinstateForm,
)
from ..models import Correction, Participation
from ..services import bulk, review
from ..services import participation as services
from ..templatetags.portal import points
from ..workflow import WORKFLOW, covering_decision, frozen_message
from .access import check, needs

S = ParticipationState


def _card_or_404(request, pk: int) -> Participation:
    check(request.user, "contest.list_cards_for_review")
    participation = get_object_or_404(selectors.cards_for_review(request.user), pk=pk)
    if not request.user.has_perm("contest.review_card", participation):
        raise Http404
    return participation


# ---------------------------------------------------------------------------------------------------------------------
# The work list


@dataclass(frozen=True)
class ListRow:
    participation: Participation
    r7: scoring.ExclusionProposal  # R7: the card reports a fatal accident outside the transport exception

    @property
    def totals_differ(self) -> bool:
        card = self.participation.card
        return card.verified_total is not None and card.verified_total != card.declared_total

    @property
    def bulk_action(self) -> str | None:
        """The move the list's checkbox of this row offers (a key of services.bulk.ACTIONS), or None: no checkbox."""
        actions = _actions(self.participation)
        return next((action for action in bulk.ACTIONS if actions[action]), None)


@login_required
@needs("contest.list_cards_for_review")
def cards(request):
    """The current contest's cards of the user's municipality from their submission on, filtered by GET parameters."""
    contest = selectors.current_contest()
    form = CardFilterForm(request.GET or None, contest=contest)
    filters = form.filters()
    summary = selectors.commission_summary(request.user, contest=contest, **filters)
    participations = selectors.commission_cards(request.user, contest=contest, order=form.ordering(), **filters)
    paged = paginate(request, participations, count=summary["total"])
    rows = [ListRow(participation, review.exclusion_proposal(participation)) for participation in paged.rows]
    return render(
        request,
        "contest/commission/list.html",
        {
            "contest": contest,
            "form": form,
            "rows": rows,
            "paged": paged,
            "summary": summary,
            "filtered": any(filters.values()),
            "bulk": {row.bulk_action for row in rows} - {None},  # the moves offered: a button for each
        },
    )


def _list_url(next_url: str) -> str:
    """The work list with the filters, order and page it was shown with. `next` counts only when it is the list's own address; of its
    query only the list's filters are kept, so the redirect never leaves the list."""
    url = reverse("commission-cards")
    parts = urlsplit(next_url)
    if parts.scheme or parts.netloc or parts.path != url:
        return url
    query = QueryDict(parts.query)
    kept = {name: query[name] for name in [*CardFilterForm.base_fields, "page"] if query.get(name)}
    return f"{url}?{urlencode(kept)}" if kept else url


BULK_DONE = {
    "start": gettext_lazy("Карт принято на проверку: %(count)s."),
    "verify": gettext_lazy("Карт отмечено проверенными: %(count)s."),
}


@login_required
@require_POST
@needs("contest.list_cards_for_review")
def cards_bulk(request):
    """Accept for review or verify the cards checked on the work list (`ids`, the pressed button's `action`), each
    through its service; one message says what was done and what was refused; back to the list with its filters.
    An id that is not one of the user's cards of the current contest, or not a number, is counted as not found."""
    back = redirect(_list_url(request.POST.get("next", "")))
    action = request.POST.get("action", "")
    if action not in bulk.ACTIONS:
        messages.error(request, _("Выберите действие: принять карты на проверку или отметить их проверенными."))
        return back
    given = {value.strip() for value in request.POST.getlist("ids") if value.strip()}
    if not given:
        messages.error(request, _("Не отмечено ни одной карты: отметьте карты в списке и нажмите кнопку ещё раз."))
        return back
    ids = {int(value) for value in given if value.isascii() and value.isdigit() and len(value) <= 18}
    contest = selectors.current_contest()
    found = (
        selectors.cards_for_review(request.user)
        .filter(contest=contest, pk__in=ids)
        .order_by("organization__full_name", "pk")
        if contest is not None
        else Participation.objects.none()
    )
    participations = [p for p in found if request.user.has_perm("contest.review_card", p)]
    result = bulk.bulk_review(participations, actor=request.user, action=action)

    parts = [BULK_DONE[action] % {"count": len(result.done)}] if result.done else [_("Ни одна карта не изменена.")]
    if result.failed:
        parts.append(_("Не выполнено (%(count)s):") % {"count": len(result.failed)})
        refused: dict[str, list[str]] = defaultdict(list)  # one reason, the organizations it was given for
        for failure in result.failed:
            refused[failure.message].append(str(failure.participation.organization))
        parts.extend(f"{', '.join(names)} — {message}" for message, names in refused.items())
    missing = len(given) - len(participations)
    if missing:
        parts.append(_("Не найдено среди карт списка: %(count)s.") % {"count": missing})
    level = messages.SUCCESS if result.done and len(parts) == 1 else messages.WARNING if result.done else messages.ERROR
    messages.add_message(request, level, " ".join(parts))
    return back


# ---------------------------------------------------------------------------------------------------------------------
# The review page


@dataclass(frozen=True)
class InputRow:
    """One input of the card: the declared value, the verified one and the corrections that led to it (oldest first)."""

    spec: scoring.InputSpec
    declared: Any
    verified: Any
    corrections: list[Correction] = field(default_factory=list)

    @property
    def latest(self) -> Correction | None:
        return self.corrections[-1] if self.corrections else None

    @property
    def earlier(self) -> list[Correction]:
        return list(reversed(self.corrections[:-1]))

    @property
    def differs(self) -> bool:
        return _comparable(self.declared) != _comparable(self.verified)


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator with its points from the declared and from the verified values, and the inputs first needed there."""

    code: str
    title: str
    declared: scoring.Line | None
    verified: scoring.Line | None
    inputs: list[InputRow]
    change: "YearChange | None" = None  # against the organization's previous contest; None when it has no card there

    @property
    def points_differ(self) -> bool:
        return self.declared is not None and self.verified is not None and self.declared.points != self.verified.points


@dataclass(frozen=True)
class YearChange:
    """An indicator's points against the same indicator (by code) in the organization's previous contest: last year's
    points, None for an indicator new this year; the difference, None while this year's points are not counted."""

    last: Decimal | None
    delta: Decimal | None

    @property
    def is_new(self) -> bool:
        return self.last is None

    @property
    def magnitude(self) -> Decimal | None:
        return None if self.delta is None else abs(self.delta)


def _year_change(now: Decimal | None, last: Decimal | None) -> YearChange:
    return YearChange(last, None if now is None or last is None else now - last)


def _comparable(value: Any) -> Any:
    """A value as typed or stored («96», Decimal('96.00'), True, '') in a form that compares by meaning."""
    if value is None or value == "" or isinstance(value, bool):
        return None if value == "" else value
    try:
        return Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        return str(value)


def _review_rows(
    participation: Participation, last_year: selectors.LastYearPoints | None = None
) -> tuple[list[IndicatorRow], Any, Any]:
    """The card indicator by indicator, each with the inputs it is the first to need (as the card form asks them) and,
    given the organization's previous points, the change since then."""
    table = participation.contest.table
    declared = services.card_values(participation.card)
    verified = review.verified_values(participation)
    declared_result, verified_result = services.score(table, declared), services.score(table, verified)
    corrections: dict[str, list[Correction]] = defaultdict(list)
    for correction in selectors.corrections_of(participation):
        corrections[correction.key].append(correction)
    specs = {spec.key: spec for spec in table.inputs}
    order = {key: position for position, key in enumerate(specs)}

    def input_rows(keys) -> list[InputRow]:
        return [InputRow(specs[k], declared.get(k), verified.get(k), corrections.get(k, [])) for k in keys]

    shown: set[str] = set()
    rows = []
    for indicator in table.indicators:
        keys = sorted((k for k in table.dependencies(indicator) if k in specs and k not in shown), key=order.get)
        shown.update(keys)
        declared_line = declared_result.line(indicator.code) if declared_result else None
        verified_line = verified_result.line(indicator.code) if verified_result else None
        change = None
        if last_year is not None:
            now = (verified_line or declared_line).points if (verified_line or declared_line) else None
            change = _year_change(now, last_year.points.get(indicator.code))
        rows.append(
            IndicatorRow(indicator.code, indicator.title, declared_line, verified_line, input_rows(keys), change)
        )
    rest = [key for key in specs if key not in shown]
    if rest:
        rows.append(IndicatorRow("", _("Прочие сведения карты"), None, None, input_rows(rest)))
    return rows, declared_result, verified_result


def _actions(participation: Participation) -> dict[str, bool]:
    """The actions the participation's state allows (the moves of contest/workflow.py), as the page offers them. A forwarded participation
    has none here: its stage-1 review is closed by the municipal decision (reopening is staff's, on the decision)."""
    state = participation.state
    allowed = WORKFLOW.targets(state) if state not in FORWARDED_STATES else frozenset()
    return {
        "start": state == S.CARD_SUBMITTED and S.UNDER_REVIEW in allowed,
        "correct": state in REVIEW_STATES,
        "request_documents": S.DOCUMENTS_REQUESTED in allowed,
        "verify": S.VERIFIED in allowed,
        "exclude": S.EXCLUDED in allowed,
        "disqualify": S.DISQUALIFIED in allowed,
        "reinstate": state in REMOVED_STATES and S.UNDER_REVIEW in allowed,
    }


# Section 1 of the card as declared: a role of the point table's inputs or a column of the card, and whether it is shown
# as «из них» of the line above.
SECTION_1 = (
    ("role", "headcount", False),
    ("column", "women_count", True),
    ("column", "teenagers_count", True),
    ("role", "hazardous_headcount", False),
    ("column", "hazardous_women", True),
    ("column", "public_share_pct", False),
    ("column", "fatal_accidents", False),
    ("column", "fatal_transport_no_fault", True),
)


def _section_1(card, table: scoring.Table, declared: dict[str, Any]) -> list[tuple[str, Any, bool]]:
    """(label, declared value, «из них») of section 1: an input playing a role is named by the table's label."""
    lines = []
    for source, name, part in SECTION_1:
        if source == "column":
            lines.append((card._meta.get_field(name).verbose_name, getattr(card, name), part))
        elif (key := table.role(name)) is not None:
            lines.append((table.input_spec(key).label, declared.get(key), part))
    return lines


def _paper_form(data=None, files=None) -> AttachmentForm:
    """The participant's file form, limited to the materials of a paper card; ids of its own on the review page."""
    return AttachmentForm(data, files, kinds=COMMISSION_ATTACHMENT_KINDS, auto_id="paper_%s")


def _files(request, participation: Participation) -> dict[str, Any]:
    """The card's files: the organization's, the ones the commission added from paper (each with `by_commission`),
    the investigation acts (п. 4.9) among all of them, and whether the commission may add and remove files now."""
    attachments = list(
        selectors.attachments_for(request.user)
        .filter(participation=participation)
        .select_related("uploaded_by")
        .prefetch_related(selectors.with_hats("uploaded_by"))
    )
    for attachment in attachments:
        attachment.by_commission = services.added_by_commission(attachment)
    return {
        "attachments": [a for a in attachments if not a.by_commission],
        "paper_attachments": [a for a in attachments if a.by_commission],
        "investigation_acts": [a for a in attachments if a.kind == AttachmentKind.INVESTIGATION_ACT],
        "can_attach": participation.state in COMMISSION_ATTACHMENT_STATES,
        "paper_formats": [
            (AttachmentKind(kind).label, ", ".join(file_type.label for file_type in ALLOWED[kind]))
            for kind in COMMISSION_ATTACHMENT_KINDS
        ],
        "max_upload_bytes": max_upload_bytes(),
    }


def _render_card(request, participation: Participation, **forms):
    card = participation.card
    table = participation.contest.table
    last_year = selectors.last_year_points(participation)  # one query, whatever the number of indicators
    rows, declared_result, verified_result = _review_rows(participation, last_year)
    history = list(selectors.history(participation))
    removal = None
    if participation.state in REMOVED_STATES:
        removal = next((record for record in reversed(history) if record.to_state == participation.state), None)
    key = request.GET.get("key", "")  # «исправить» beside a value chooses it in the correction form
    initial = {"key": key} if key in {spec.key for spec in table.inputs} else {}
    frozen_by = covering_decision(participation)
    actions = _actions(participation)
    if frozen_by is not None:  # a decision in force: nothing here may change
        actions = dict.fromkeys(actions, False)
    files = _files(request, participation)
    if frozen_by is not None:
        files["can_attach"] = False
    context = {
        "participation": participation,
        "frozen_by": frozen_by,
        "frozen_message": frozen_message(frozen_by) if frozen_by is not None else "",
        "card": card,
        "rows": rows,
        "declared_result": declared_result,
        "verified_result": verified_result,
        "max_total": table.max_total,
        "totals_differ": card.verified_total is not None and card.verified_total != card.declared_total,
        "last_year": last_year,
        "total_change": _year_change(
            verified_result.total if verified_result else declared_result.total if declared_result else None,
            last_year.total,
        )
        if last_year is not None
        else None,
        "section_1": _section_1(card, table, services.card_values(card)),
        "r7": review.exclusion_proposal(participation),
        "removal": removal,
        **files,
        "paper_form": forms.get("paper_form") or _paper_form(),
        "approvals": participation.approvals.select_related("decided_by"),
        "document_requests": selectors.document_requests_of(participation),
        "history": history,
        "actions": actions,
        "has_actions": any(actions.values()),
        "correction_form": forms.get("correction_form") or CorrectionForm(table=table, initial=initial),
        "documents_form": forms.get("documents_form") or DocumentRequestForm(),
        # The list of documents a commission may ask for (п. 5.2), of the region and the participant's municipality.
        "document_lists": selectors.published_of_kind(
            participation.contest, participation.organization.municipality_id, MaterialKind.DOCUMENT_LIST
        )
        if actions.get("request_documents")
        else [],
        "exclude_form": forms.get("exclude_form") or ExcludeForm(),
        "disqualify_form": forms.get("disqualify_form") or DisqualifyForm(),
        "reinstate_form": forms.get("reinstate_form") or ReinstateForm(),
    }
    return render(request, "contest/commission/card.html", context)


@login_required
def card(request, pk: int):
    """The card with declared and verified values side by side, points, files, approvals, requests, history; actions."""
    return _render_card(request, _card_or_404(request, pk))


def _done(request, participation: Participation, call, success: str):
    """Run a service call on the card; show its DomainError or the success message; back to the card."""
    try:
        call()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("commission-card", pk=participation.pk)


@login_required
@require_POST
def card_start(request, pk: int):
    participation = _card_or_404(request, pk)
    return _done(
        request,
        participation,
        lambda: review.start_review(participation, actor=request.user),
        _("Карта принята на проверку: %(org)s.") % {"org": participation.organization},
    )


@login_required
@require_POST
def card_correct(request, pk: int):
    participation = _card_or_404(request, pk)
    table = participation.contest.table
    form = CorrectionForm(request.POST, table=table)
    if not form.is_valid():
        return _render_card(request, participation, correction_form=form)
    data = form.cleaned_data
    try:
        correction = review.correct_value(
            participation, actor=request.user, key=data["key"], value=data["new_value"], reason=data["reason"]
        )
    except DomainError as error:
        if participation.state not in REVIEW_STATES:
            messages.error(request, error.message)
            return redirect("commission-card", pk=participation.pk)
        form.add_error(form.value_field, error.message)  # the value does not fit the card: say it next to the value
        return _render_card(request, participation, correction_form=form)
    messages.success(
        request,
        _(
            "Значение «%(label)s» исправлено: после проверки %(new)s (заявлено %(old)s). Сумма баллов после проверки: %(total)s."
        )
        % {
            "label": form.spec.label,
            "old": codec.shown(correction.declared),
            "new": codec.shown(correction.value),
            "total": points(participation.card.verified_total),
        },
    )
    return redirect("commission-card", pk=participation.pk)


@login_required
@require_POST
def card_request_documents(request, pk: int):
    participation = _card_or_404(request, pk)
    form = DocumentRequestForm(request.POST)
    if not form.is_valid():
        return _render_card(request, participation, documents_form=form)
    data = form.cleaned_data
    try:
        review.request_documents(participation, actor=request.user, message=data["message"], due_date=data["due_date"])
    except DomainError as error:
        if S.DOCUMENTS_REQUESTED not in WORKFLOW.targets(participation.state):
            messages.error(request, error.message)
            return redirect("commission-card", pk=participation.pk)
        form.add_error("due_date", error.message)  # the message is checked by the form: what is left is the date
        return _render_card(request, participation, documents_form=form)
    messages.success(
        request,
        _("Запрос документов направлен, организация получит письмо; срок — до %(day)s включительно.")
        % {"day": data["due_date"].strftime("%d.%m.%Y")},
    )
    return redirect("commission-card", pk=participation.pk)


@login_required
@require_POST
def card_verify(request, pk: int):
    participation = _card_or_404(request, pk)
    return _done(
        request,
        participation,
        lambda: review.mark_verified(participation, actor=request.user),
        _("Карта проверена: %(org)s.") % {"org": participation.organization},
    )


def _decide(request, pk: int, form_class, form_name: str, service, success: str):
    """Exclude, remove or reinstate with a reason: the reason is told next to its field; the rest as a message."""
    participation = _card_or_404(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return _render_card(request, participation, **{form_name: form})
    return _done(
        request,
        participation,
        lambda: service(participation, actor=request.user, reason=form.cleaned_data["reason"]),
        success % {"org": participation.organization},
    )


@login_required
@require_POST
def card_exclude(request, pk: int):
    return _decide(
        request,
        pk,
        ExcludeForm,
        "exclude_form",
        review.exclude,
        _("%(org)s: участник исключён из смотра-конкурса (п. 4.9). Организация получит письмо с основанием."),
    )


@login_required
@require_POST
def card_disqualify(request, pk: int):
    return _decide(
        request,
        pk,
        DisqualifyForm,
        "disqualify_form",
        review.disqualify,
        _("%(org)s: участник отстранён от смотра-конкурса. Организация получит письмо с основанием."),
    )


@login_required
@require_POST
def card_reinstate(request, pk: int):
    return _decide(
        request,
        pk,
        ReinstateForm,
        "reinstate_form",
        review.reinstate,
        _("%(org)s: участник возвращён к проверке."),
    )


# ---------------------------------------------------------------------------------------------------------------------
# Materials that came on paper: the labour office and the commission attach their scans (issue 10, item 7)


@login_required
@require_POST
def card_attach(request, pk: int):
    """Attach a scan of a paper card's material; a bad file is told next to the field, the page keeps what was typed."""
    participation = _card_or_404(request, pk)
    form = _paper_form(request.POST, request.FILES)
    if not form.is_valid():
        return _render_card(request, participation, paper_form=form)
    data = form.cleaned_data
    try:
        attachment = services.add_commission_attachment(
            participation, actor=request.user, kind=data["kind"], uploaded=data["file"], comment=data["comment"]
        )
    except DomainError as error:
        if participation.state not in COMMISSION_ATTACHMENT_STATES:
            messages.error(request, error.message)
            return redirect("commission-card", pk=participation.pk)
        form.add_error("file", error.message)
        return _render_card(request, participation, paper_form=form)
    messages.success(
        request,
        _("Файл добавлен к материалам карты: %(name)s (%(kind)s).")
        % {"name": attachment.original_name, "kind": attachment.get_kind_display()},
    )
    return redirect(f"{reverse('commission-card', args=[participation.pk])}#paper-heading")


@login_required
@require_POST
def card_attachment_delete(request, pk: int, file_pk: int):
    """Remove a file the commission added by mistake; the organization's own files are refused with a message."""
    participation = _card_or_404(request, pk)
    attachment = get_object_or_404(
        selectors.attachments_for(request.user)
        .filter(participation=participation)
        .select_related("uploaded_by")
        .prefetch_related(selectors.with_hats("uploaded_by")),
        pk=file_pk,
    )
    name = attachment.original_name
    try:
        services.delete_commission_attachment(attachment, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Файл удалён: %(name)s.") % {"name": name})
    return redirect(f"{reverse('commission-card', args=[participation.pk])}#paper-heading")


# ---------------------------------------------------------------------------------------------------------------------
# The organization answers a document request (п. 5.2)


@login_required
def document_answer(request, pk: int, request_pk: int):
    """The request as the commission wrote it, the files, and — while it is open — the answer form."""
    participation = get_object_or_404(selectors.participations_for(request.user), pk=pk)
    check(request.user, "contest.answer_document_request", participation)
    document_request = get_object_or_404(selectors.document_requests_of(participation), pk=request_pk)
    is_open = document_request.answered_at is None and participation.state == S.DOCUMENTS_REQUESTED
    form = DocumentAnswerForm(request.POST or None)
    # A closed request is the service's to refuse, with its message, whatever was typed.
    if request.method == "POST" and (form.is_valid() or not is_open):
        try:
            review.answer_documents(document_request, actor=request.user, answer=form.cleaned_data.get("answer", ""))
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("document-answer", pk=participation.pk, request_pk=document_request.pk)
        messages.success(request, _("Ответ направлен комиссии: карта снова на проверке."))
        return redirect("participation", pk=participation.pk)
    return render(
        request,
        "contest/commission/document_answer.html",
        {
            "participation": participation,
            "document_request": document_request,
            "is_open": is_open,
            "form": form,
            "attachments": participation.attachments.select_related("uploaded_by"),
            "can_upload": participation.state in ATTACHMENT_STATES,
            # What a commission may ask for (п. 5.2), as the department and the municipality's commission published it.
            "document_lists": selectors.published_of_kind(
                participation.contest, participation.organization.municipality_id, MaterialKind.DOCUMENT_LIST
            ),
        },
    )
