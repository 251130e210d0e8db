"""The organization's pages: its participation, application, consent, information card with live points, files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import scoring
from core import codec, numbers
from core.exceptions import DomainError
from core.views import run as _run

from .. import exports, selectors
from ..enums import (
    APPLICATION_EDITABLE,
    ATTACHMENT_STATES,
    CARD_EDITABLE,
    ApprovingBody,
    MaterialKind,
    ParticipationState,
)
from ..forms.participant import ApplicationForm, AttachmentForm, ConsentForm, InfoCardForm, card_layout
from ..outcome import participant_outcome
from ..services import participation as services
from .access import check
from .responses import pdf_response


def _own(request, pk: int):
    """The participation of the user's organization, or 404 — also for every other role: these pages are the organization's."""
    check(request.user, "contest.participate")
    own = selectors.participations_for(request.user).filter(organization_id=request.user.organization_id)
    return get_object_or_404(own, pk=pk)


@login_required
def overview(request):
    """The organization's dashboard for the current contest: where it stands and what to do next."""
    check(request.user, "contest.participate")
    contest = selectors.current_contest()
    participation = selectors.participation_of(request.user.organization_id, contest)
    if participation is not None:
        return redirect("participation", pk=participation.pk)
    return render(request, "contest/participant/start.html", {"contest": contest})


@login_required
@require_POST
def start(request):
    check(request.user, "contest.start_participation")
    contest = selectors.current_contest()
    if contest is None:
        raise Http404
    participation = None

    def action():
        nonlocal participation
        participation = services.start_participation(request.user.organization, contest=contest, actor=request.user)

    if _run(request, action, _("Черновик заявки создан. Заполните его и подайте.")):
        return redirect("application-edit", pk=participation.pk)
    return redirect("participation-overview")


@login_required
def detail(request, pk: int):
    participation = _own(request, pk)
    approvals = {a.body: a for a in participation.approvals.select_related("decided_by")}
    context = {
        "participation": participation,
        "application": participation.application,
        "card": participation.card,
        "approvals": [(body, approvals.get(body)) for body in ApprovingBody],
        "attachments": participation.attachments.all(),
        "consent": services.current_consent(participation, request.user),
        "application_problems": services.application_problems(participation.application, user=request.user)
        if participation.state in APPLICATION_EDITABLE
        else [],
        "card_problems": services.card_readiness(participation.card) if participation.state in CARD_EDITABLE else [],
        "submission_problems": services.submission_problems(participation)
        if participation.state == ParticipationState.CARD_APPROVAL
        else [],
        "history": selectors.history(participation),
        "deadline_passed": services.deadline_passed(participation.contest.card_deadline),
        "outcome": participant_outcome(participation),
    }
    return render(request, "contest/participant/detail.html", context)


@login_required
def application_edit(request, pk: int):
    participation = _own(request, pk)
    application = participation.application
    editable = participation.state in APPLICATION_EDITABLE
    form = ApplicationForm(request.POST or None, instance=application, participation=participation)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            saved = _run(
                request,
                lambda: services.update_application(application, actor=request.user, **form.service_fields()),
                "" if request.POST.get("action") == "submit" else _("Заявка сохранена."),
            )
            if saved and request.POST.get("action") == "submit":
                # The consent is asked only once the application itself is complete.
                if not form.check_submission():
                    messages.error(
                        request,
                        _(
                            "Заявка сохранена, но не подана: заполните поля и отметьте подтверждения, "
                            "выделенные красным."
                        ),
                    )
                elif services.current_consent(participation, request.user) is None:
                    messages.info(
                        request, _("Заявка сохранена. Осталось дать согласие на обработку персональных данных.")
                    )
                    return redirect("consent", pk=participation.pk)
                elif _run(
                    request,
                    lambda: services.submit_application(participation, actor=request.user),
                    _("Заявка подана в сектор по труду. Мы сообщим, когда её зарегистрируют."),
                ):
                    return redirect("participation", pk=participation.pk)
            elif saved:
                return redirect("application-edit", pk=participation.pk)
        else:
            messages.error(
                request, _("Заявка не сохранена: исправьте поля, выделенные красным. Введённое не потеряно.")
            )
    return render(
        request,
        "contest/participant/application.html",
        {"participation": participation, "form": form, "editable": editable},
    )


@login_required
def consent(request, pk: int):
    participation = _own(request, pk)
    form = ConsentForm(request.POST or None, initial={"subject_name": request.user.full_name})
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["subject_name"]
        if _run(
            request,
            lambda: services.give_consent(participation, user=request.user, subject_name=name),
            _("Согласие на обработку персональных данных записано."),
        ):
            return redirect("application-edit", pk=participation.pk)
    return render(
        request,
        "contest/participant/consent.html",
        {
            "participation": participation,
            "form": form,
            "text": services.consent_text(request.user.full_name),
            "consent": services.current_consent(participation, request.user),
        },
    )


def _points_context(participation, values: dict | None = None) -> dict:
    if values is None:
        values = services.card_values(participation.card)
    table = participation.contest.table
    preview = scoring.preview_card(values, table=table)
    lines = {}
    for line in preview.lines:
        # A pending line says why: the message of a value typed wrongly, else that something is still empty.
        given = [key for key in getattr(line, "missing", ()) if values.get(key) not in (None, "")]
        note = next((preview.errors[key] for key in given if key in preview.errors), "")
        lines[line.code] = {"line": line, "note": note}
    # The derived values (Кт, Кч, spending per worker in 2011), named and in the order of the table: in the panel those
    # known so far, beside the card's fields each one with what it still needs.
    derived = [
        (spec.label, _derived_text(preview.derived[spec.key], spec))
        for spec in table.derived
        if preview.derived.get(spec.key) is not None
    ]
    figures = {
        spec.key: {
            "key": spec.key,
            "label": spec.label,
            "value": _derived_text(preview.derived.get(spec.key), spec),
            "needs": ", ".join(f"«{services.field_label(key, table)}»" for key in spec.operands),
        }
        for spec in table.derived
    }
    return {"preview": preview, "lines": lines, "derived": derived, "figures": figures}


def _derived_text(value, spec) -> str:
    """A derived value as its table rounds it («12,0», «32 000 руб.»); empty while it cannot be counted."""
    if value is None:
        return ""
    places = max(0, -spec.quantum.as_tuple().exponent)
    text = numbers.number_text(value, places=places)  # the portal's one way of showing numbers
    return f"{text}\u00a0{spec.unit}" if spec.unit else text


def _saved_text(card) -> str:
    """«Сохранено в 10:42» (today, Moscow time), or with the date for an earlier day."""
    saved_at = timezone.localtime(card.updated_at)
    if saved_at.date() == timezone.localdate():
        return _("Сохранено в %(time)s") % {"time": date_format(saved_at, "H:i")}
    return _("Сохранено %(date)s в %(time)s") % {
        "date": date_format(saved_at, "d.m.Y"),
        "time": date_format(saved_at, "H:i"),
    }


def _save_draft(request, form: InfoCardForm) -> bool:
    """Keep what the form holds, valid or not (a value typed wrongly as text, with its message on the page)."""
    return _run(
        request,
        lambda: services.update_card(form.card, actor=request.user, values=form.values(), typed=form.typed()),
    )


@login_required
def card_edit(request, pk: int):
    participation = _own(request, pk)
    card = participation.card
    editable = participation.state in CARD_EDITABLE
    # An empty card is offered last year's values; they are saved with the first change or «Сохранить черновик».
    prefill = services.last_year_prefill(participation) if editable else None
    form = InfoCardForm(request.POST or None, card=card, participation=participation, prefill=prefill)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form.is_valid()  # every value gets its message; the draft keeps them all, the valid and the typed wrongly
        if _save_draft(request, form):
            if request.POST.get("action") == "send":
                if _run(
                    request,
                    lambda: services.send_card_for_approval(participation, actor=request.user),
                    _(
                        "Карта направлена на согласование: ГИТ, отраслевой орган администрации, координационный совет профсоюзов."
                    ),
                ):
                    return redirect("participation", pk=participation.pk)
            elif card.typed_inputs:
                messages.warning(
                    request,
                    _(
                        "Черновик сохранён вместе со значениями, введёнными с ошибкой: они отмечены красным. "
                        "Исправьте их до отправки карты на согласование."
                    ),
                )
            else:
                messages.success(request, _("Черновик карты сохранён."))
        return redirect("card-edit", pk=participation.pk)
    if editable and prefill is None:
        # What the card holds, with the message of every value that needs one (a reload shows what was typed).
        form = InfoCardForm(form.stored_data(), card=card, participation=participation)
        form.is_valid()
    if form.is_bound:
        values = _bound_values(form)
    elif form.prefilled:  # the points of what the form shows, last year's values included
        values = {spec.key: form.initial.get(spec.key) for spec in form.table.inputs}
    else:
        values = None
    layout = card_layout(form)
    # The region's and the municipality's published materials of the card's contest, in one query; each group of
    # indicators links the ones that explain it.
    municipality_id = participation.organization.municipality_id
    materials = selectors.materials_for_card(participation.contest, municipality_id)
    for group, explained in zip(
        layout["groups"], selectors.by_indicator_groups(materials, (g["codes"] for g in layout["groups"])), strict=True
    ):
        group["materials"] = explained
    context = {
        "participation": participation,
        "form": form,
        "layout": layout,
        "materials_municipality": municipality_id,
        "editable": editable,
        "saved_text": _saved_text(card) if card.pk and (card.values or card.typed_inputs) else "",
        "card_version": card.updated_at.isoformat() if card.pk else "",
        **_points_context(participation, values),
    }
    return render(request, "contest/participant/card.html", context)


def _bound_values(form: InfoCardForm) -> dict:
    """What the user typed, as the scoring module takes it (strings and booleans), for the live points."""
    values = {}
    for spec in form.table.inputs:
        raw = form.data.get(spec.key, "")
        if spec.kind == "bool":
            values[spec.key] = codec.parse_flag(raw)
        else:
            values[spec.key] = numbers.normalized(raw)  # «1 250 000,5» read as the form reads it
    return values


@login_required
@require_POST
def card_autosave(request, pk: int):
    """The card page's script sends the form here as the user types: the draft is kept as on «Сохранить черновик»
    (every value, valid or not) and the answer is JSON — when it was saved, each field's message, the points panel."""
    participation = _own(request, pk)
    card = participation.card
    if participation.state not in CARD_EDITABLE:
        return JsonResponse(
            {"error": _("Карта сейчас не редактируется: она на согласовании или уже представлена.")}, status=409
        )
    form = InfoCardForm(request.POST, card=card, participation=participation)
    form.is_valid()
    try:
        services.update_card(card, actor=request.user, values=form.values(), typed=form.typed())
    except DomainError as error:
        return JsonResponse({"error": str(error.message)}, status=409)
    context = {
        "participation": participation,
        **_points_context(participation, _bound_values(form)),
        "oob": True,
        "autosave": True,
    }
    return JsonResponse(
        {
            "saved": _saved_text(card),
            "version": card.updated_at.isoformat(),
            "errors": {name: " ".join(str(message) for message in errors) for name, errors in form.errors.items()},
            "points": render_to_string("contest/participant/_points.html", context, request=request),
        }
    )


@login_required
@require_POST
def card_points(request, pk: int):
    """The live points panel: the server's scoring of what is typed so far (htmx posts the form here)."""
    participation = _own(request, pk)
    form = InfoCardForm(request.POST, card=participation.card, participation=participation)
    context = {"participation": participation, **_points_context(participation, _bound_values(form))}
    return render(request, "contest/participant/_points.html", {**context, "oob": True})


@login_required
@require_POST
def card_submit(request, pk: int):
    participation = _own(request, pk)
    _run(
        request,
        lambda: services.submit_card(participation, actor=request.user),
        _("Информационная карта и материалы представлены в сектор по труду."),
    )
    return redirect("participation", pk=participation.pk)


@login_required
def attachments(request, pk: int):
    participation = _own(request, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(
            request,
            lambda: services.add_attachment(
                participation, actor=request.user, kind=data["kind"], uploaded=data["file"], comment=data["comment"]
            ),
            _("Файл добавлен."),
        ):
            return redirect("attachments", pk=participation.pk)
    attachments = list(
        participation.attachments.select_related("uploaded_by").prefetch_related(selectors.with_hats("uploaded_by"))
    )
    for attachment in attachments:  # scans the commission added from paper: shown, not deleted by the organization
        attachment.by_commission = services.added_by_commission(attachment)
    return render(
        request,
        "contest/participant/attachments.html",
        {
            "participation": participation,
            "form": form,
            "attachments": attachments,
            "can_change": participation.state in ATTACHMENT_STATES,
            # The sample analytical notes (п. 4.4.2) of the region and the municipality, beside the upload form.
            "sample_notes": selectors.published_of_kind(
                participation.contest, participation.organization.municipality_id, MaterialKind.SAMPLE_NOTE
            ),
            "materials_municipality": participation.organization.municipality_id,
        },
    )


@login_required
@require_POST
def attachment_delete(request, pk: int):
    check(request.user, "contest.participate")
    own = selectors.attachments_for(request.user).filter(participation__organization_id=request.user.organization_id)
    attachment = get_object_or_404(own, pk=pk)
    participation_pk = attachment.participation_id
    _run(request, lambda: services.delete_attachment(attachment, actor=request.user), _("Файл удалён."))
    return redirect("attachments", pk=participation_pk)


@login_required
def attachment_download(request, pk: int):
    """Serve a stored file to whoever may see its participation; everyone else gets 404."""
    attachment = get_object_or_404(selectors.attachments_for(request.user), pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name)
    response["Content-Type"] = attachment.content_type
    response["Cache-Control"] = "private, no-store"
    return response


def _pdf(request, pk: int, builder, filename: str) -> HttpResponse:
    participation = get_object_or_404(selectors.participations_for(request.user), pk=pk)
    return pdf_response(builder(participation), filename)


@login_required
def application_pdf(request, pk: int):
    return _pdf(request, pk, exports.application_pdf, f"zayavka-{pk}.pdf")


@login_required
def card_pdf(request, pk: int):
    return _pdf(request, pk, exports.card_pdf, f"karta-{pk}.pdf")
