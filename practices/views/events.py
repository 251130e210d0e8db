"""Explanatory events: the organizer's list, announcement, changes, cancellation and materials; the organization's
upcoming and past events and its registration of participants. The event page is shared: the organizer sees the
registered organizations there, the organization its own registration."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from contest.views.access import check, needs
from core.exceptions import DomainError
from core.paging import PAGE_SIZE, paginate

from .. import exports, selectors
from ..forms import CancelEventForm, EventForm, EventMaterialForm, RegistrationForm
from ..models import ExplanatoryEvent
from ..services import events as services
from . import run

NOT_SAVED = gettext_lazy("Мероприятие не сохранено: исправьте отмеченное красным. Введённое не потеряно.")


def _event(request, pk: int, perm: str = "practices.see_event") -> ExplanatoryEvent:
    """An event the user may open and act on (perm), or 404."""
    event = get_object_or_404(selectors.events_for(request.user), pk=pk)
    check(request.user, perm, event)
    return event


def _announce_choices(user):
    """Where the user may announce: (municipalities, whether region-wide is allowed)."""
    return selectors.municipalities_for(user).order_by("name"), user.has_perm("practices.announce_event", None)


@login_required
@needs("practices.see_events")
def events(request):
    """The organizer's events (paged, with registrations) and the organization's upcoming and past events."""
    user = request.user
    context = {"organizer": user.has_perm("practices.organize_events"), "invited": bool(user.organization_id)}
    if context["organizer"]:
        context["organized"] = paginate(request, selectors.organized_events(user), PAGE_SIZE)
    if context["invited"]:
        context["upcoming"] = list(selectors.invitations(user))
        context["past"] = paginate(request, selectors.past_events(user), PAGE_SIZE)
    context["now"] = timezone.now()
    return render(request, "practices/events/list.html", context)


@login_required
@needs("practices.organize_events")
def event_new(request):
    municipalities, regional = _announce_choices(request.user)
    form = EventForm(request.POST or None, municipalities=municipalities, regional=regional)
    if request.method == "POST":
        if form.is_valid():
            try:
                event = services.announce_event(
                    form.cleaned_data["municipality"], actor=request.user, **form.service_fields()
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Мероприятие объявлено. Представители организаций получили приглашение."))
                return redirect("practices:event", pk=event.pk)
        messages.error(request, NOT_SAVED)
    return render(request, "practices/events/form.html", {"form": form, "event": None})


@login_required
def event_edit(request, pk: int):
    event = _event(request, pk, "practices.manage_event")
    if event.is_cancelled or event.has_started():
        messages.info(request, _("Мероприятие отменено или уже началось: изменить его нельзя."))
        return redirect("practices:event", pk=event.pk)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_event(event, actor=request.user, **form.service_fields())
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Мероприятие сохранено."))
                return redirect("practices:event", pk=event.pk)
        messages.error(request, NOT_SAVED)
    return render(request, "practices/events/form.html", {"form": form, "event": event})


def detail_context(request, event: ExplanatoryEvent, **forms) -> dict:
    user = request.user
    organizer = user.has_perm("practices.manage_event", event)
    invited = user.has_perm("practices.register_for_event", event)
    now = timezone.now()
    context = {
        "event": event,
        "organizer": organizer,
        "invited": invited,
        "started": event.has_started(now),
        "open": event.registration_open(now),
        "materials": selectors.event_materials(event),
        "people": selectors.people_registered(event),
    }
    if event.capacity is not None:
        context["left"] = max(event.capacity - context["people"], 0)
    if organizer:
        context["registrations"] = selectors.registrations_of(event)
        if not event.is_cancelled and not context["started"]:
            context["cancel_form"] = forms.get("cancel_form") or CancelEventForm()
    if invited:
        own = selectors.registration_of(event, user.organization_id)
        context["own"] = own
        if context["open"]:
            context["registration_form"] = forms.get("registration_form") or RegistrationForm(
                initial={"participants": own.participants} if own else None
            )
    return context


@login_required
def event_detail(request, pk: int):
    event = _event(request, pk)
    return render(request, "practices/events/detail.html", detail_context(request, event))


@login_required
@require_POST
def event_cancel(request, pk: int):
    event = _event(request, pk, "practices.manage_event")
    form = CancelEventForm(request.POST)
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        if run(
            request,
            lambda: services.cancel_event(event, actor=request.user, reason=reason),
            _("Мероприятие отменено. Зарегистрированные организации получили письмо."),
        ):
            return redirect("practices:event", pk=event.pk)
    else:
        messages.error(request, _("Мероприятие не отменено: укажите причину."))
    return render(request, "practices/events/detail.html", detail_context(request, event, cancel_form=form))


@login_required
def event_register(request, pk: int):
    """The organization's participants: registered, changed (the same form), until registration closes."""
    event = _event(request, pk, "practices.register_for_event")
    if request.method != "POST":  # the form is on the event's page
        return redirect(reverse("practices:event", args=[event.pk]) + "#registration")
    form = RegistrationForm(request.POST)
    if form.is_valid():
        changed = event.registrations.filter(organization_id=request.user.organization_id).exists()
        try:
            registration = services.register_participants(
                event,
                actor=request.user,
                organization=request.user.organization,
                participants=form.cleaned_data["participants"],
            )
        except DomainError as error:
            form.add_error("participants", error.message)
        else:
            text = _("Список участников изменён: %(n)s.") if changed else _("Участники зарегистрированы: %(n)s.")
            messages.success(request, text % {"n": registration.participants_count})
            return redirect("practices:event", pk=event.pk)
    messages.error(request, _("Участники не зарегистрированы: исправьте отмеченное красным. Список не потерян."))
    return render(request, "practices/events/detail.html", detail_context(request, event, registration_form=form))


@login_required
@require_POST
def event_withdraw(request, pk: int):
    event = _event(request, pk, "practices.register_for_event")
    run(
        request,
        lambda: services.withdraw_registration(event, actor=request.user, organization=request.user.organization),
        _("Регистрация отозвана."),
    )
    return redirect("practices:event", pk=event.pk)


@login_required
def event_materials(request, pk: int):
    """The organizer's materials of the event: the list, adding a file or a link (after the event starts)."""
    event = _event(request, pk, "practices.manage_event")
    form = EventMaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.add_event_material(
                    event, actor=request.user, uploaded=data["file"], url=data["url"], title=data["title"]
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Материал добавлен и виден в библиотеке передового опыта."))
                return redirect("practices:event-materials", pk=event.pk)
        messages.error(request, _("Материал не добавлен: исправьте отмеченное красным."))
    context = {
        "event": event,
        "form": form,
        "materials": selectors.event_materials(event),
        "can_add": not event.is_cancelled and event.has_started(),
    }
    return render(request, "practices/events/materials.html", context)


@login_required
@require_POST
def event_material_delete(request, pk: int):
    material = get_object_or_404(selectors.event_materials_for(request.user), pk=pk)
    check(request.user, "practices.manage_event", material.event)
    run(request, lambda: services.delete_event_material(material, actor=request.user), _("Материал удалён."))
    return redirect("practices:event-materials", pk=material.event_id)


@login_required
def event_registrations_xlsx(request, pk: int):
    """The registered organizations and their participants as a workbook, for the organizer."""
    event = _event(request, pk, "practices.manage_event")
    data = exports.event_registrations_xlsx(event, selectors.registrations_of(event))
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="meropriyatie-{event.pk}-uchastniki.xlsx"'
    return response
