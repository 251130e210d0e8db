"""Reads of explanatory events, already limited to what the user may see: the organizer's events, an organization's
invitations and past events, an event's registrations, and the events of the public library."""

from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from contest.enums import Role

from ..models import EventMaterial, EventRegistration, ExplanatoryEvent


def _events() -> QuerySet[ExplanatoryEvent]:
    return ExplanatoryEvent.objects.select_related("municipality")


def _invited(user) -> Q:
    """The events a representative is invited to: the organization's municipality's and the region-wide ones."""
    return Q(municipality__isnull=True) | Q(municipality_id=user.organization.municipality_id)


def events_for(user) -> QuerySet[ExplanatoryEvent]:
    """Events the user may open: all for staff, the municipality's for its district administration, the
    organization's municipality's and the region-wide ones for a representative."""
    if not user.is_authenticated:
        return ExplanatoryEvent.objects.none()
    if user.is_staff_member:
        return _events()
    seen = Q(pk__in=[])
    administered = user.municipality_ids(Role.DISTRICT_ADMINISTRATION)
    if administered:
        seen |= Q(municipality_id__in=administered)
    if user.organization_id:
        seen |= _invited(user)
    return _events().filter(seen)


def organized_events(user) -> QuerySet[ExplanatoryEvent]:
    """The events the user organizes (every one for staff), the latest start first, with the organizations and the
    people registered."""
    if not user.is_authenticated:
        return ExplanatoryEvent.objects.none()
    events = _events()
    if not user.is_staff_member:
        events = events.filter(municipality_id__in=user.municipality_ids(Role.DISTRICT_ADMINISTRATION))
    return events.annotate(
        registrations_count=Count("registrations"), people_count=Sum("registrations__participants_count")
    ).order_by("-starts_at", "-pk")


def _not_over(now: datetime) -> Q:
    return Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now)


def _own_people(user) -> Subquery:
    own = EventRegistration.objects.filter(event=OuterRef("pk"), organization_id=user.organization_id)
    return Subquery(own.values("participants_count")[:1])


def invitations(user, *, now: datetime | None = None) -> QuerySet[ExplanatoryEvent]:
    """The representative's upcoming events (not over yet), the soonest first, with the people the organization
    registered (own_people) and all registered (people_count); cancelled ones only where the organization had
    registered, so that it sees the cancellation."""
    if not (user.is_authenticated and user.organization_id):
        return ExplanatoryEvent.objects.none()
    now = now or timezone.now()
    mine = Exists(EventRegistration.objects.filter(event=OuterRef("pk"), organization_id=user.organization_id))
    return (
        _events()
        .filter(_invited(user), _not_over(now))
        .filter(Q(cancelled_at__isnull=True) | mine)
        .annotate(own_people=_own_people(user), people_count=Sum("registrations__participants_count"))
        .order_by("starts_at", "pk")
    )


def past_events(user, *, now: datetime | None = None) -> QuerySet[ExplanatoryEvent]:
    """The representative's past events that took place, the latest first, with their materials and the people the
    organization registered."""
    if not (user.is_authenticated and user.organization_id):
        return ExplanatoryEvent.objects.none()
    now = now or timezone.now()
    return (
        _events()
        .filter(_invited(user), cancelled_at__isnull=True)
        .exclude(_not_over(now))
        .annotate(own_people=_own_people(user))
        .prefetch_related(Prefetch("materials", queryset=EventMaterial.objects.order_by("uploaded_at", "pk")))
        .order_by("-starts_at", "-pk")
    )


def registration_of(event: ExplanatoryEvent, organization_id: int | None) -> EventRegistration | None:
    if organization_id is None:
        return None
    return EventRegistration.objects.filter(event=event, organization_id=organization_id).first()


def registrations_of(event: ExplanatoryEvent) -> QuerySet[EventRegistration]:
    """Who registered for the event (the organizer's list), by organization."""
    return event.registrations.select_related("organization", "registered_by").order_by("organization__full_name", "pk")


def people_registered(event: ExplanatoryEvent) -> int:
    return event.registrations.aggregate(total=Sum("participants_count"))["total"] or 0


def event_materials(event: ExplanatoryEvent) -> QuerySet[EventMaterial]:
    return event.materials.order_by("uploaded_at", "pk")


def event_materials_for(user) -> QuerySet[EventMaterial]:
    """Materials of the events the user organizes (to delete them)."""
    return EventMaterial.objects.select_related("event").filter(event__in=organized_events(user).values("pk"))


def library_events(*, now: datetime | None = None) -> QuerySet[ExplanatoryEvent]:
    """Events of the public library: held (started), not cancelled, with materials; the latest first."""
    now = now or timezone.now()
    return (
        _events()
        .filter(cancelled_at__isnull=True, starts_at__lte=now)
        .filter(Exists(EventMaterial.objects.filter(event=OuterRef("pk"))))
        .order_by("-starts_at", "-pk")
    )


def public_event_material(pk: int) -> EventMaterial | None:
    """A file of an event in the library; anything else is None."""
    return (
        EventMaterial.objects.select_related("event")
        .filter(pk=pk, event__in=library_events().values("pk"))
        .exclude(file="")
        .first()
    )
