"""Explanatory events for the tests, made through the services."""

from datetime import timedelta

from django.utils import timezone

from contest.enums import Role
from practices.models import ExplanatoryEvent
from practices.services import events as services
from tests.factories import UserFactory, municipality

from .helpers import district


def staff():
    return UserFactory(role=Role.STAFF)


def fields(**overrides) -> dict:
    """An event a week ahead, two hours long, in a hall and online."""
    starts = timezone.now().replace(second=0, microsecond=0) + timedelta(days=7)
    data = {
        "topic": "Экономика охраны труда: потери от травматизма",
        "description": "Во что обходится предприятию несчастный случай и как окупаются вложения в безопасность.",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "place": "г. Краснодар, ул. Красная, 35, зал заседаний",
        "online_url": "",
        "speakers": "Петров П. П., доцент, КубГУ\nСидорова А. В., начальник планово-экономического отдела, АО «Кубань»",
        "registration_closes_at": None,
        "capacity": None,
    }
    return {**data, **overrides}


def announced(town: str | None = "Краснодар", *, actor=None, **overrides) -> ExplanatoryEvent:
    """An event of the town's administration (None: the department's, for the whole region)."""
    if actor is None:
        actor = district(town) if town else staff()
    place = municipality(town) if town else None
    return services.announce_event(place, actor=actor, notify_people=False, **fields(**overrides))


def moved_to_past(event: ExplanatoryEvent, *, days: int = 3) -> ExplanatoryEvent:
    """The event took place `days` ago (the services refuse a start in the past, so the row is moved)."""
    starts = timezone.now() - timedelta(days=days)
    ExplanatoryEvent.objects.filter(pk=event.pk).update(
        starts_at=starts, ends_at=starts + timedelta(hours=2), registration_closes_at=None
    )
    return ExplanatoryEvent.objects.select_related("municipality").get(pk=event.pk)
