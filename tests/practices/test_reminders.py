"""Reminders before a quarter's deadline: once per quarter and organization, only to those who have not reported; a
reminder counts as sent when one of its letters is, and one the mail server never took is queued again."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings

from core.enums import LetterStatus
from core.models import Letter
from practices.models import PracticeReminder, ReportingPeriod
from practices.services import reports as services
from practices.services.reminders import Delivery, delivery, send_reminders
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
    assert "Поставлено в очередь напоминаний: 1" in out.getvalue()
    assert user.email in out.getvalue()
    assert "https://ot.example.ru/practices/" in mail.outbox[0].body
    out = StringIO()
    call_command("practice_reminders", "--date", day.isoformat(), stdout=out)
    assert out.getvalue().splitlines() == [
        f"Поставлено в очередь напоминаний: 0 (за 7 дн. до срока, на {day:%d.%m.%Y}).",
        "Напоминания за эти кварталы: отправлено 1, ждут отправки 0 (письма отправляет фоновый процесс db_worker).",
    ]


def test_the_command_dry_run_and_a_bad_date(deadline):
    representative()
    out = StringIO()
    call_command("practice_reminders", "--date", (deadline - timedelta(days=1)).isoformat(), "--dry-run", stdout=out)
    assert "Будет поставлено в очередь напоминаний: 1" in out.getvalue()
    with pytest.raises(CommandError, match="ГГГГ-ММ-ДД"):
        call_command("practice_reminders", "--date", "25.09.2025")


# --- the outbox: sent when a letter is, queued again when none was ---------------------------------------------------


class RefusingBackend:
    """A mail server that refuses every letter for now (451)."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPDataError(451, b"4.3.0 Try again later")


def give_up_letters() -> None:
    """What a day of refusals ends in: the outbox gives every waiting letter up."""
    Letter.objects.filter(status=LetterStatus.RETRY).update(status=LetterStatus.GIVEN_UP, next_attempt_at=None)


def test_a_reminder_the_mail_server_refused_waits_and_is_not_counted_as_sent(deadline, send):
    user = representative()
    day = deadline - timedelta(days=3)
    with override_settings(EMAIL_BACKEND=f"{__name__}.RefusingBackend"):
        [queued] = send(day)
    reminder = PracticeReminder.objects.get()
    assert [(letter.recipient, letter.status) for letter in reminder.letters.all()] == [
        (user.email, LetterStatus.RETRY)
    ]
    assert delivery(day) == Delivery(sent=0, waiting=1, undelivered=0)
    assert send(day) == []  # still being retried: not queued twice


def test_an_undelivered_reminder_is_queued_again_and_the_command_fails(deadline, django_capture_on_commit_callbacks):
    user = representative()
    day = deadline - timedelta(days=3)
    with (
        override_settings(EMAIL_BACKEND=f"{__name__}.RefusingBackend"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("practice_reminders", "--date", day.isoformat(), stdout=StringIO())
    give_up_letters()
    assert delivery(day).undelivered == 1

    out = StringIO()
    with pytest.raises(CommandError, match="Не доставлено напоминаний: 1") as failure:
        call_command("practice_reminders", "--date", day.isoformat(), "--dry-run", stdout=out)
    assert "Запуск без --dry-run поставит их в очередь снова" in str(failure.value)
    assert mail.outbox == []

    out = StringIO()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(CommandError, match="поставлены в очередь снова"),
    ):
        call_command("practice_reminders", "--date", day.isoformat(), stdout=out)
    assert f"{user.email} (повторно: прежние письма не доставлены)" in out.getvalue()
    assert [m.to for m in mail.outbox] == [[user.email]]
    reminder = PracticeReminder.objects.get()
    assert sorted(letter.status for letter in reminder.letters.all()) == [LetterStatus.GIVEN_UP, LetterStatus.SENT]
    assert delivery(day) == Delivery(sent=1, waiting=0, undelivered=0)

    out = StringIO()
    call_command("practice_reminders", "--date", day.isoformat(), stdout=out)  # delivered now: nothing to do, exit 0
    assert "Поставлено в очередь напоминаний: 0" in out.getvalue()
