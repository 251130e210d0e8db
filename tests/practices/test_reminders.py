"""Reminders before a quarter's deadline: once per quarter and organization, only to those who have not reported."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from practices.models import PracticeReminder, ReportingPeriod
from practices.services import reports as services
from practices.services.reminders import send_reminders
from tests.factories import OrganizationFactory

from .helpers import current_quarter, draft, representative, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def deadline():
    return current_quarter().deadline()


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run the reminders and deliver the letters queued for after the commit."""

    def _send(today, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return send_reminders(today, **kwargs)

    return _send


@pytest.mark.parametrize(("days_before", "sent"), [(8, 0), (7, 1), (1, 1), (0, 1), (-1, 0)])
def test_reminders_go_out_in_the_week_before_the_deadline(deadline, days_before, sent, send):
    representative()
    assert len(send(deadline - timedelta(days=days_before))) == sent
    assert len(mail.outbox) == sent


def test_the_window_follows_the_setting(settings, deadline, send):
    settings.PRACTICE_REMINDER_DAYS = 14
    representative()
    assert len(send(deadline - timedelta(days=14))) == 1


def test_only_organizations_that_have_not_reported_are_reminded(deadline, send):
    reported = representative()
    submitted(reported)
    stated = representative()
    services.state_nothing_new(stated.organization, actor=stated, quarter=current_quarter())
    drafting = representative()
    draft(drafting)
    OrganizationFactory()  # no representative: nobody to write to
    sent = send(deadline - timedelta(days=3))
    assert [item.organization for item in sent] == [drafting.organization]
    assert [m.to for m in mail.outbox] == [[drafting.email]]
    letter = mail.outbox[0]
    assert f"{deadline:%d.%m.%Y}" in letter.subject
    assert "отметьте, что нового опыта нет" in letter.body
    assert str(current_quarter()) in letter.body


def test_reminders_are_sent_once_per_quarter_and_organization(deadline, send):
    user = representative()
    colleague = representative(user.organization)
    send(deadline - timedelta(days=5))
    assert sorted(m.to[0] for m in mail.outbox) == sorted([user.email, colleague.email])
    mail.outbox.clear()
    assert send(deadline - timedelta(days=4)) == []
    assert mail.outbox == []
    reminder = PracticeReminder.objects.get()
    assert reminder.recipients == ", ".join(sorted([user.email, colleague.email]))


def test_representatives_without_an_address_or_inactive_are_not_written_and_not_marked_reminded(deadline, send):
    representative(email="")
    representative(is_active=False)
    assert send(deadline - timedelta(days=2)) == []
    assert not PracticeReminder.objects.exists()


def test_dry_run_writes_nothing(deadline, send):
    representative()
    sent = send(deadline - timedelta(days=2), dry_run=True)
    assert len(sent) == 1
    assert mail.outbox == []
    assert not PracticeReminder.objects.exists()
    assert not ReportingPeriod.objects.exists()


def test_a_deadline_after_the_quarter_reminds_about_the_previous_quarter(settings, send):
    settings.PRACTICE_REPORT_MONTH = 4
    quarter = current_quarter().previous()
    user = representative()
    sent = send(quarter.deadline() - timedelta(days=1))
    assert [(item.organization, item.quarter) for item in sent] == [(user.organization, quarter)]


def test_the_command_reports_what_it_sent_and_links_to_the_portal(deadline, django_capture_on_commit_callbacks):
    user = representative()
    out = StringIO()
    day = deadline - timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "practice_reminders", "--date", day.isoformat(), "--site-url", "https://ot.example.ru/", stdout=out
        )
    assert "Отправлено напоминаний: 1" in out.getvalue()
    assert user.email in out.getvalue()
    assert "https://ot.example.ru/practices/" in mail.outbox[0].body
    out = StringIO()
    call_command("practice_reminders", "--date", day.isoformat(), stdout=out)
    assert "Отправлено напоминаний: 0" in out.getvalue()


def test_the_command_dry_run_and_a_bad_date(deadline):
    representative()
    out = StringIO()
    call_command("practice_reminders", "--date", (deadline - timedelta(days=1)).isoformat(), "--dry-run", stdout=out)
    assert "Будет отправлено напоминаний: 1" in out.getvalue()
    with pytest.raises(CommandError, match="ГГГГ-ММ-ДД"):
        call_command("practice_reminders", "--date", "25.09.2025")
