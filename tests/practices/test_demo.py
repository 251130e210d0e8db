"""The demo data of best practice, loaded by contest's demo command."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from practices.enums import ReportState
from practices.models import NothingNewStatement, PracticeReport, Survey

pytestmark = pytest.mark.django_db


def test_demo_has_reports_in_every_state_a_published_one_and_surveys(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", verbosity=0)
    # The best-practice demo writes to nobody (the contest's part of the demo may).
    assert [m.subject for m in mail.outbox if "опыт" in m.subject.lower()] == []
    states = set(PracticeReport.objects.values_list("state", flat=True))
    assert states == {ReportState.SUBMITTED, ReportState.RETURNED, ReportState.RECOMMENDED}
    published = [r.title for r in client.get(reverse("practices:library")).context["page"]]
    assert "Блокировка крышек тестомесильных машин" in published
    guards = PracticeReport.objects.get(title="Блокировка крышек тестомесильных машин")
    assert guards.is_late is False
    assert guards.materials.get().public is True
    assert PracticeReport.objects.get(title__startswith="Заправка").is_late is True
    assert NothingNewStatement.objects.count() == 1
    assert Survey.objects.count() == 2
    assert client.get(reverse("practices:library-material", args=[guards.materials.get().pk])).status_code == 200


def test_demo_has_an_upcoming_event_with_a_registration_and_a_held_one_in_the_library(client):
    from practices.models import EventRegistration, ExplanatoryEvent

    call_command("demo", verbosity=0)
    upcoming = ExplanatoryEvent.objects.get(municipality__name="Краснодар")
    registration = EventRegistration.objects.get(event=upcoming)
    assert registration.organization.short_name == "ООО «Кубанский хлебозавод»"
    assert registration.participants_count == 3
    held = ExplanatoryEvent.objects.get(municipality__isnull=True)
    page = client.get(reverse("practices:library")).content.decode()
    assert held.topic in page
    assert upcoming.topic not in page
    slides = held.materials.exclude(file="").get()
    download = client.get(reverse("practices:library-event-material", args=[slides.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.4")
    assert held.materials.filter(url__startswith="https://").count() == 1
