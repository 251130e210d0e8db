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
