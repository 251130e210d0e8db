"""The outbox: a letter is a row written with the change it tells about, sent by the worker after the commit, tried
again with backoff while the mail server fails, never lost and never sent twice.

The suite runs tasks with the immediate backend (config/settings_test.py); the tests of retries here switch to the
database backend and run its worker's own code on the tasks that are due (`run_worker`)."""

import email
import email.policy
import smtplib
import socket
import time
from datetime import datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from core import outbox
from core.enums import LetterStatus
from core.models import Letter
from core.notifications import absolute, notify, resend, send_after_commit, send_each_after_commit
from core.tasks import send_letters
from tests.contest.test_races import at_once, concurrent, postgresql_only

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


class Clock:
    """timezone.now() stopped at a moment the test moves (the worker's «is it due» and the outbox read it)."""

    def __init__(self, monkeypatch):
        self.now = timezone.now().replace(microsecond=0)
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def database_tasks(settings):
    """Tasks kept in the database, as in production: enqueued now, run by run_worker()."""
    settings.TASKS = DATABASE_TASKS


def run_worker() -> int:
    """What one `db_worker --batch` does, inside the test's transaction: take each task that is due (locked, claimed)
    and run it with the worker's own run_task. Returns how many ran; each must have succeeded."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        with exclusive_transaction():
            result = DBTaskResult.objects.ready().get_locked()
            if result is None:
                return ran
            result.claim(worker.worker_id)
        worker.run_task(result)
        result.refresh_from_db()
        assert result.status == "SUCCESSFUL", result.traceback
        ran += 1


def letter(**fields) -> Letter:
    values = {"recipient": "ivanova@example.ru", "subject": "Тема", "body": "Текст", "next_attempt_at": timezone.now()}
    return Letter.objects.create(**{**values, **fields})


class RefusingBackend(BaseEmailBackend):
    """A mail server that answers every letter with a temporary refusal."""

    def send_messages(self, messages):
        raise smtplib.SMTPDataError(451, b"4.3.0 Try again later")


# --- written with the change, sent after the commit ------------------------------------------------------------------


def test_a_letter_is_written_with_the_change_and_sent_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        [written] = send_after_commit(["petrov@example.ru", "", "petrov@example.ru"], subject="Тема", body="Текст")
        assert Letter.objects.get().status == LetterStatus.QUEUED
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [(["petrov@example.ru"], "Тема", "Текст")]
    written.refresh_from_db()
    assert (written.status, written.attempts, written.last_error) == (LetterStatus.SENT, 1, "")
    assert written.sent_at is not None
    assert written.next_attempt_at is None


def change_that_fails() -> None:
    with transaction.atomic():
        send_after_commit(["petrov@example.ru"], subject="Тема", body="Текст")
        raise RuntimeError("the change fails after its letter was written")


def test_a_rolled_back_change_writes_no_letter(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError):
        change_that_fails()
    assert callbacks == []
    assert not Letter.objects.exists()


def test_each_address_gets_its_own_letter_and_inactive_users_none(django_capture_on_commit_callbacks):
    from tests.factories import UserFactory

    users = [UserFactory(email="a@example.ru"), UserFactory(email="b@example.ru"), UserFactory(email="")]
    users.append(UserFactory(email="c@example.ru", is_active=False))
    with django_capture_on_commit_callbacks(execute=True):
        notify(users, subject="Тема", body="Текст")
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.ru", "b@example.ru"]
    assert Letter.objects.filter(status=LetterStatus.SENT).count() == 2


# --- retries -----------------------------------------------------------------------------------------------------------


def test_the_backoff_doubles_from_a_minute_up_to_an_hour():
    assert [outbox.backoff(n).total_seconds() / 60 for n in range(1, 10)] == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert sum((outbox.backoff(n) for n in range(1, outbox.MAX_ATTEMPTS)), timedelta()) // timedelta(hours=1) == 24


def test_a_refused_letter_waits_for_its_next_attempt_and_is_given_up_after_the_last(settings, clock):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    refused = letter()
    assert outbox.deliver([refused.pk]).retry == {refused.pk: clock.now + timedelta(minutes=1)}
    refused.refresh_from_db()
    assert (refused.status, refused.attempts) == (LetterStatus.RETRY, 1)
    assert refused.last_error == "SMTPDataError: (451, b'4.3.0 Try again later')"
    assert outbox.deliver([refused.pk]).retry == {}  # not yet due: nothing tried
    Letter.objects.filter(pk=refused.pk).update(attempts=outbox.MAX_ATTEMPTS - 1)
    clock.advance(hours=1)
    assert outbox.deliver([refused.pk]).given_up == [refused.pk]
    refused.refresh_from_db()
    assert (refused.status, refused.attempts, refused.next_attempt_at) == (LetterStatus.GIVEN_UP, 30, None)


def test_an_orphaned_letter_goes_with_the_next_run_and_a_merely_due_one_waits_for_its_own(clock):
    orphan = letter(next_attempt_at=clock.now - outbox.ORPHANED_AFTER - timedelta(seconds=1))
    due_now = letter(next_attempt_at=clock.now)
    mine = letter(next_attempt_at=clock.now)
    assert outbox.deliver([mine.pk]).sent == [orphan.pk, mine.pk]
    assert Letter.objects.get(pk=due_now.pk).status == LetterStatus.QUEUED


def test_a_letter_a_dead_worker_was_sending_is_taken_again_after_the_lease(clock):
    stuck = letter(status=LetterStatus.SENDING, attempts=1, next_attempt_at=clock.now + outbox.LEASE)
    assert outbox.deliver([stuck.pk]).sent == []
    clock.advance(seconds=outbox.LEASE.total_seconds())
    assert outbox.deliver([stuck.pk]).sent == [stuck.pk]
    assert Letter.objects.get(pk=stuck.pk).attempts == 2
    assert len(mail.outbox) == 1


class RacingBackend(BaseEmailBackend):
    """A mail server so slow that a second worker starts on the same letters while the first is still sending."""

    def send_messages(self, messages):
        if not getattr(RacingBackend, "inside", False):
            RacingBackend.inside = True
            try:
                RacingBackend.second = outbox.deliver(Letter.objects.values_list("pk", flat=True))
            finally:
                RacingBackend.inside = False
        mail.outbox.extend(messages)
        return len(messages)


def test_two_workers_on_one_letter_send_it_once(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RacingBackend"
    raced = letter()
    first = outbox.deliver([raced.pk])
    assert (first.sent, RacingBackend.second.sent) == ([raced.pk], [])
    assert len(mail.outbox) == 1
    assert Letter.objects.get(pk=raced.pk).attempts == 1


# --- staff send a given-up letter again ------------------------------------------------------------------------------


def test_a_given_up_letter_is_queued_again_with_a_fresh_round(django_capture_on_commit_callbacks):
    given_up = letter(status=LetterStatus.GIVEN_UP, attempts=30, next_attempt_at=None, last_error="SMTP: 451")
    with django_capture_on_commit_callbacks(execute=True):
        resend(given_up, actor=None)
    given_up.refresh_from_db()
    assert (given_up.status, given_up.attempts, given_up.last_error) == (LetterStatus.SENT, 1, "")
    assert [m.to for m in mail.outbox] == [["ivanova@example.ru"]]


def test_only_a_given_up_letter_is_queued_again():
    from core.exceptions import DomainError

    sent = letter(status=LetterStatus.SENT, sent_at=timezone.now(), next_attempt_at=None)
    with pytest.raises(DomainError, match="не удалось отправить"):
        resend(sent, actor=None)
    assert Letter.objects.get(pk=sent.pk).status == LetterStatus.SENT


# --- the worker and a real mail server -------------------------------------------------------------------------------


class FlakyServer:
    """An SMTP server (aiosmtpd) that answers 451 «try later» to every letter while `refusing`, then accepts."""

    def __init__(self):
        self.refusing = True
        self.received: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        if self.refusing:
            return "451 4.3.0 Mail server busy, try again later"
        self.received.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = FlakyServer()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield handler
    controller.stop()


def test_a_ten_minute_mail_server_outage_loses_no_letter_and_sends_it_once(
    smtp_server, database_tasks, clock, django_capture_on_commit_callbacks
):
    start = clock.now
    with django_capture_on_commit_callbacks(execute=True):
        [queued] = send_after_commit(["petrova@example.ru"], subject="Заявка зарегистрирована", body="Номер 12")
    assert DBTaskResult.objects.ready().count() == 1

    # The server refuses: each attempt fails, and the worker defers a run to the letter's next attempt.
    for minutes_after_start, waits in [(0, 1), (1, 2), (3, 4), (7, 8)]:
        clock.now = start + timedelta(minutes=minutes_after_start)
        assert run_worker() == 1
        queued.refresh_from_db()
        assert queued.status == LetterStatus.RETRY
        assert queued.next_attempt_at == clock.now + timedelta(minutes=waits)
        assert "451" in queued.last_error
        [deferred] = DBTaskResult.objects.filter(status="READY")
        assert deferred.run_after == queued.next_attempt_at
        assert run_worker() == 0  # nothing is due before then
    assert smtp_server.received == []

    clock.now = start + timedelta(minutes=10)
    smtp_server.refusing = False  # the outage is over
    assert run_worker() == 0  # the letter's next attempt is at 15 minutes
    clock.now = start + timedelta(minutes=15)
    assert run_worker() == 1
    queued.refresh_from_db()
    assert (queued.status, queued.attempts, queued.sent_at, queued.last_error) == (LetterStatus.SENT, 5, clock.now, "")
    [received] = smtp_server.received
    # (the encoded subject comes folded onto a line of its own: the parsed header keeps the fold's space)
    assert (received["To"], received["Subject"].strip()) == ("petrova@example.ru", "Заявка зарегистрирована")
    assert received.get_content().strip() == "Номер 12"

    clock.advance(days=2)
    assert run_worker() == 0
    assert outbox.deliver([queued.pk]).sent == []
    assert len(smtp_server.received) == 1


def test_a_letter_the_server_accepts_at_once_is_sent_by_the_worker_run_after_the_commit(
    smtp_server, database_tasks, django_capture_on_commit_callbacks
):
    smtp_server.refusing = False
    with django_capture_on_commit_callbacks(execute=True):
        send_after_commit(["a@example.ru", "b@example.ru"], subject="Тема", body="Текст")
    assert smtp_server.received == []  # the request only enqueued the task
    assert run_worker() == 1
    assert sorted(m["To"] for m in smtp_server.received) == ["a@example.ru", "b@example.ru"]
    assert not Letter.objects.exclude(status=LetterStatus.SENT).exists()
    assert send_letters.get_backend().supports_defer


# --- workers at once (PostgreSQL: rows are really locked and updated concurrently) ------------------------------------


class SlowBackend(BaseEmailBackend):
    """A mail server that takes a moment per letter, so that the workers overlap; it keeps what it was given."""

    def send_messages(self, messages):
        time.sleep(0.02)
        mail.outbox.extend(messages)
        return len(messages)


@postgresql_only
@concurrent
def test_five_workers_at_once_send_each_letter_once(settings):
    settings.EMAIL_BACKEND = f"{__name__}.SlowBackend"
    ids = [letter(recipient=f"p{index}@example.ru").pk for index in range(10)]
    results = at_once([lambda: outbox.deliver(ids)] * 5)
    assert sorted(pk for result in results for pk in result.sent) == ids
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"p{index}@example.ru" for index in range(10))
    assert set(Letter.objects.values_list("status", "attempts")) == {(LetterStatus.SENT, 1)}


@pytest.mark.django_db
def test_letters_of_their_own_are_queued_in_order_and_sent_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        letters = send_each_after_commit(
            [
                ("a@example.ru", "Тема", "Текст для А", "/announcements/1/"),
                ("", "Тема", "без адреса — не пишется", ""),
                ("b@example.ru", "Тема", "Текст для Б", ""),
            ]
        )
    assert [letter.recipient for letter in letters] == ["a@example.ru", "b@example.ru"]
    assert {message.to[0]: message.body for message in mail.outbox} == {
        "a@example.ru": "Текст для А\n\nОткрыть на портале: " + absolute("/announcements/1/"),
        "b@example.ru": "Текст для Б",
    }
    assert set(Letter.objects.values_list("status", flat=True)) == {LetterStatus.SENT}
