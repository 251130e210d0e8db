"""Explanatory events (issue 16, п. 5): announcing, changing and cancelling an event, the organizations' registrations
of their participants, and the materials attached after the event (public in the library once attached).

The letter of the department asks for training and explanatory events on the economics of labour safety, with speakers
from science, from planning-economic services and heads of units of enterprises that invested in safety. Letters go
through core.notifications (one `notify` call per event: the list of people), after the commit.
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from contest.enums import Role
from contest.models import Membership, Organization, User
from core.exceptions import DomainError
from core.notifications import notify
from core.permissions import require
from regions.models import Municipality

from ..files import check_material
from ..models import EventMaterial, EventRegistration, ExplanatoryEvent
from ..models.events import PARTICIPANTS_MAX
from .reports import _check_link

EVENT_FIELDS = (
    "topic",
    "description",
    "starts_at",
    "ends_at",
    "place",
    "online_url",
    "speakers",
    "registration_closes_at",
    "capacity",
)
# A change of these is told to the registered organizations.
ESSENTIAL_FIELDS = ("starts_at", "ends_at", "place", "online_url")


def when_text(moment: datetime | None) -> str:
    """A moment the Russian way, in Moscow time: «15 марта 2027, 10:00»."""
    if moment is None:
        return ""
    return dateformat.format(timezone.localtime(moment), "j E Y, H:i")


def event_page(event: ExplanatoryEvent) -> str:
    return reverse("practices:event", args=[event.pk])


def _validated(obj) -> None:
    try:
        obj.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error


def _lock(event: ExplanatoryEvent) -> ExplanatoryEvent:
    return ExplanatoryEvent.objects.select_for_update().get(pk=event.pk)


def _people_registered(event: ExplanatoryEvent, *, besides: int | None = None) -> int:
    registrations = EventRegistration.objects.filter(event=event)
    if besides is not None:
        registrations = registrations.exclude(organization_id=besides)
    return registrations.aggregate(total=Sum("participants_count"))["total"] or 0


def _check_times(event: ExplanatoryEvent, *, now: datetime) -> None:
    if event.starts_at <= now:
        raise DomainError(_("Начало мероприятия уже прошло: укажите дату и время в будущем."))
    if event.ends_at is not None and event.ends_at <= event.starts_at:
        raise DomainError(_("Окончание должно быть позже начала."))
    if event.registration_closes_at is not None and event.registration_closes_at > event.starts_at:
        raise DomainError(_("Регистрация должна закончиться не позже начала мероприятия."))
    if event.registration_closes_at is not None and event.registration_closes_at <= now:
        raise DomainError(_("Конец регистрации уже прошёл: укажите дату и время в будущем или оставьте поле пустым."))
    if not (event.place.strip() or event.online_url.strip()):
        raise DomainError(_("Укажите место проведения или ссылку для подключения (или и то, и другое)."))


def _set(event: ExplanatoryEvent, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown event fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(event, name, value.strip() if isinstance(value, str) else value)
    if event.online_url:
        event.online_url = _check_link(event.online_url)


# --- letters ---------------------------------------------------------------------------------------------------------


def invited(event: ExplanatoryEvent) -> Any:
    """The representatives of the organizations of the event's municipality (of every municipality for a region-wide
    event): those told of its announcement."""
    held = Membership.objects.filter(role=Role.ORGANIZATION, organization__isnull=False)
    if event.municipality_id is not None:
        held = held.filter(organization__municipality_id=event.municipality_id)
    return User.objects.filter(is_active=True, pk__in=held.values("user_id"))


def registered(event: ExplanatoryEvent) -> Any:
    """The representatives of the organizations registered for the event."""
    held = Membership.objects.filter(
        role=Role.ORGANIZATION, organization_id__in=event.registrations.values("organization_id")
    )
    return User.objects.filter(is_active=True, pk__in=held.values("user_id"))


def _where(event: ExplanatoryEvent) -> str:
    parts = []
    if event.place:
        parts.append(_("Место: %(place)s.") % {"place": event.place})
    if event.online_url:
        parts.append(_("Подключение: %(link)s") % {"link": event.online_url})
    return "\n".join(parts)


def _values(event: ExplanatoryEvent) -> dict[str, str]:
    return {
        "topic": event.topic,
        "when": when_text(event.starts_at),
        "where": _where(event),
        "closes": when_text(event.closes_at),
        "organizer": str(event.municipality) if event.municipality_id else _("департамент труда и занятости населения"),
    }


def _tell_announced(event: ExplanatoryEvent, actor: User | None) -> None:
    values = _values(event)
    notify(
        invited(event),
        subject=_("Разъяснительное мероприятие: %(topic)s, %(when)s") % values,
        body=_(
            "Приглашаем специалистов организации на разъяснительное мероприятие «%(topic)s» (организатор: %(organizer)s).\n\n"
            "Когда: %(when)s.\n%(where)s\n\n"
            "Зарегистрируйте участников на портале до %(closes)s."
        )
        % values,
        link=event_page(event),
        actor=actor,
    )


def _tell_changed(event: ExplanatoryEvent, actor: User | None) -> None:
    values = _values(event)
    notify(
        registered(event),
        subject=_("Изменилось мероприятие: %(topic)s") % values,
        body=_(
            "Организатор изменил время или место мероприятия «%(topic)s», на которое зарегистрированы участники "
            "вашей организации.\n\nКогда: %(when)s.\n%(where)s"
        )
        % values,
        link=event_page(event),
        actor=actor,
    )


def _tell_cancelled(event: ExplanatoryEvent, actor: User | None) -> None:
    values = _values(event) | {"reason": event.cancel_reason}
    notify(
        registered(event),
        subject=_("Мероприятие отменено: %(topic)s") % values,
        body=_(
            "Мероприятие «%(topic)s», назначенное на %(when)s, отменено.\nПричина: %(reason)s\n\n"
            "Участники вашей организации были на него зарегистрированы."
        )
        % values,
        link=event_page(event),
        actor=actor,
    )


# --- the organizer -----------------------------------------------------------------------------------------------------


def announce_event(
    municipality: Municipality | None, *, actor: User | None, notify_people: bool = True, **fields
) -> ExplanatoryEvent:
    """Announce an event of a municipality (None: the department's, for the whole region).

    Side effects: saves the event; a notification and a letter to the representatives of the municipality's
    organizations (all organizations for a region-wide event), after the commit."""
    require(actor, "practices.announce_event", municipality)
    event = ExplanatoryEvent(municipality=municipality, created_by=actor)
    _set(event, fields)
    _check_times(event, now=timezone.now())
    _validated(event)
    with transaction.atomic():
        event.save()
        if notify_people:
            _tell_announced(event, actor)
    return event


def update_event(event: ExplanatoryEvent, *, actor: User | None, **fields) -> ExplanatoryEvent:
    """Change an event that has not started and is not cancelled. The number of places may not drop below the people
    already registered.

    Side effects: saves the event; a change of time or place is told to the registered organizations."""
    require(actor, "practices.manage_event", event)
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(event)
        if locked.is_cancelled:
            raise DomainError(_("Мероприятие отменено: изменить его нельзя."))
        if locked.has_started(now):
            raise DomainError(_("Мероприятие уже началось: изменить его нельзя. Добавьте материалы."))
        before = {name: getattr(locked, name) for name in ESSENTIAL_FIELDS}
        _set(locked, fields)
        _check_times(locked, now=now)
        if locked.capacity is not None:
            taken = _people_registered(locked)
            if locked.capacity < taken:
                raise DomainError(
                    _("Уже зарегистрировано участников: %(taken)s — мест не может быть меньше.") % {"taken": taken}
                )
        _validated(locked)
        locked.save()
        if any(getattr(locked, name) != value for name, value in before.items()):
            _tell_changed(locked, actor)
    return locked


def cancel_event(event: ExplanatoryEvent, *, actor: User | None, reason: str) -> ExplanatoryEvent:
    """Cancel an event that has not started, with a reason the organizations read. Irreversible.

    Side effects: stamps the cancellation; a notification and a letter to the registered organizations'
    representatives, after the commit."""
    require(actor, "practices.manage_event", event)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Укажите причину отмены — организации её прочитают."))
    with transaction.atomic():
        locked = _lock(event)
        if locked.is_cancelled:
            raise DomainError(_("Мероприятие уже отменено."))
        if locked.has_started():
            raise DomainError(_("Мероприятие уже началось — отменить его нельзя."))
        locked.cancelled_at = timezone.now()
        locked.cancel_reason = reason
        locked.save(update_fields=["cancelled_at", "cancel_reason", "updated_at"])
        _tell_cancelled(locked, actor)
    return locked


# --- the organizations ---------------------------------------------------------------------------------------------------


def participant_lines(text: str) -> list[str]:
    """The people of a registration: one a line, blank lines and extra spaces dropped."""
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def register_participants(
    event: ExplanatoryEvent, *, actor: User | None, organization: Organization, participants: str
) -> EventRegistration:
    """Register (or change) the organization's participants until registration closes, within the places left.

    Side effects: creates or updates the organization's one registration."""
    require(actor, "practices.register_for_event", event)
    if actor is not None and actor.organization_id != organization.pk:
        raise DomainError(_("Участников регистрирует представитель своей организации."))
    people = participant_lines(participants)
    if not people:
        raise DomainError(_("Впишите участников: по одному в строке — фамилия, имя, отчество и должность."))
    if len(people) > PARTICIPANTS_MAX:
        raise DomainError(_("Не больше %(max)s участников от организации.") % {"max": PARTICIPANTS_MAX})
    with transaction.atomic():
        locked = _lock(event)  # registrations of one event queue here: the places are counted once at a time
        if locked.is_cancelled:
            raise DomainError(_("Мероприятие отменено: регистрация закрыта."))
        if not locked.registration_open():
            raise DomainError(
                _("Регистрация закрылась %(closes)s: изменить список участников уже нельзя.")
                % {"closes": when_text(locked.closes_at)}
            )
        if locked.capacity is not None:
            left = locked.capacity - _people_registered(locked, besides=organization.pk)
            if len(people) > left:
                raise DomainError(
                    _("Мест не хватает: свободно %(left)s, а в списке %(asked)s. Сократите список.")
                    % {"left": max(left, 0), "asked": len(people)}
                )
        registration = EventRegistration.objects.filter(event=locked, organization=organization).first()
        if registration is None:
            registration = EventRegistration(event=locked, organization=organization)
        registration.participants = "\n".join(people)
        registration.participants_count = len(people)
        registration.registered_by = actor
        _validated(registration)
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:
            raise DomainError(_("Организация уже зарегистрирована: обновите страницу и измените список.")) from None
    return registration


def withdraw_registration(event: ExplanatoryEvent, *, actor: User | None, organization: Organization) -> None:
    """The organization withdraws its participants until registration closes. Side effects: deletes its registration."""
    require(actor, "practices.register_for_event", event)
    if actor is not None and actor.organization_id != organization.pk:
        raise DomainError(_("Участников регистрирует представитель своей организации."))
    with transaction.atomic():
        locked = _lock(event)
        if not locked.is_cancelled and not locked.registration_open():
            raise DomainError(_("Регистрация закрылась: отозвать участников уже нельзя."))
        deleted, _rows = EventRegistration.objects.filter(event=locked, organization=organization).delete()
        if not deleted:
            raise DomainError(_("Организация не зарегистрирована на это мероприятие."))


# --- materials ---------------------------------------------------------------------------------------------------------


def add_event_material(
    event: ExplanatoryEvent, *, actor: User | None, uploaded=None, url: str = "", title: str = ""
) -> EventMaterial:
    """Attach slides, a document, a recording or a video link once the event has started; public in the library.

    Side effects: writes the file under a random name outside public paths, saves the material."""
    require(actor, "practices.manage_event", event)
    if event.is_cancelled:
        raise DomainError(_("Мероприятие отменено: материалы к нему не добавляются."))
    if not event.has_started():
        raise DomainError(
            _("Материалы добавляются после начала мероприятия — %(when)s.") % {"when": when_text(event.starts_at)}
        )
    if (uploaded is None) == (not (url or "").strip()):
        raise DomainError(_("Приложите файл или укажите ссылку на видео — что-то одно."))
    material = EventMaterial(event=event, title=(title or "").strip(), uploaded_by=actor)
    if uploaded is not None:
        try:
            file_type, name = check_material(uploaded)
        except ValidationError as error:
            raise DomainError(" ".join(error.messages)) from error
        material.original_name = name
        material.content_type = file_type.content_type
        material.size = uploaded.size
    else:
        material.url = _check_link(url)
    try:
        material.full_clean(exclude=["file"], validate_constraints=False)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    with transaction.atomic():
        if uploaded is not None:
            material.file.save(material.original_name, uploaded, save=False)
        material.save()
    return material


def delete_event_material(material: EventMaterial, *, actor: User | None) -> None:
    """Remove a material (it leaves the library). Side effects: deletes the row, and the file after the commit."""
    require(actor, "practices.manage_event", material.event)
    with transaction.atomic():
        material.delete()
        if material.file:
            transaction.on_commit(lambda: material.file.delete(save=False))
