"""The log of reminders that must go out once (core.models.Reminder), for the apps' reminder commands.

A reminder is recorded under its key with the notifications that carry it (core.notifications.notify: a letter to each
person with an address and an entry of their list). It counts as sent once one of its letters is sent — or at once when
none of its people has an address (the list entry is all there is). A reminder every letter of which the outbox gave up
(about a day of refusals) is *undelivered*: the next run queues new letters for it (no second list entry) and says so.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet

from .enums import PENDING, LetterStatus
from .models import Reminder
from .notifications import notify, send_after_commit


def _letters_of_reminder(**filters: Any) -> QuerySet[Any]:
    return Reminder.letters.through.objects.filter(reminder_id=OuterRef("pk"), **filters)


def undelivered() -> QuerySet[Reminder]:
    """Reminders none of whose letters was sent or is still waiting: the outbox gave each of them up."""
    return Reminder.objects.filter(
        Exists(_letters_of_reminder(letter__status=LetterStatus.GIVEN_UP)),
        ~Exists(_letters_of_reminder(letter__status__in=[LetterStatus.SENT, *PENDING])),
    )


def waiting() -> QuerySet[Reminder]:
    """Reminders with a letter queued or being retried and none sent yet."""
    return Reminder.objects.filter(Exists(_letters_of_reminder(letter__status__in=PENDING))).exclude(
        Exists(_letters_of_reminder(letter__status=LetterStatus.SENT))
    )


@dataclass(frozen=True)
class Queued:
    """A reminder queued now; `again` when its earlier letters were all given up (only letters are queued then)."""

    reminder: Reminder
    again: bool


def remind(key: str, users: Iterable[Any], *, subject: str, body: str, link: str = "") -> Queued | None:
    """Record the reminder `key` and tell the users; None when it is recorded already and sent or waiting (also by a
    run at the same time) — nothing is queued then.

    Side effects: a Reminder row; Notification rows and letters (core.notifications.notify), or, for an undelivered
    reminder, new letters only. In a transaction of its own (a savepoint inside the caller's)."""
    people = [user for user in users if user.is_active]
    try:
        with transaction.atomic():
            reminder = Reminder.objects.select_for_update().filter(key=key).first()
            again = reminder is not None
            addresses = sorted({user.email for user in people if user.email})
            if reminder is None:
                reminder = Reminder.objects.create(key=key, subject=subject[:500], recipients=", ".join(addresses))
                letters = notify(people, subject=subject, body=body, link=link)
            elif undelivered().filter(pk=reminder.pk).exists():
                reminder.recipients = ", ".join(addresses)
                reminder.save(update_fields=["recipients"])
                letters = send_after_commit(addresses, subject=subject, body=body, link=link)
            else:
                return None
            reminder.letters.add(*letters)
    except IntegrityError:
        return None  # another run recorded it a moment ago
    return Queued(reminder, again)


@dataclass(frozen=True)
class Delivery:
    """How a set of reminders stands in the outbox."""

    sent: int
    waiting: int
    undelivered: int


def delivery(reminders: QuerySet[Reminder]) -> Delivery:
    """Of these reminders: sent (a letter went out, or it had none to send), waiting (no letter sent yet, one queued
    or being retried), undelivered (every letter given up)."""
    total = reminders.count()
    waiting_count = reminders.filter(pk__in=waiting().values("pk")).count()
    failed = reminders.filter(pk__in=undelivered().values("pk")).count()
    return Delivery(sent=total - waiting_count - failed, waiting=waiting_count, undelivered=failed)


# --- what the reminder commands (practice_reminders, card_reminders) say alike --------------------------------------


def command_day(value: str) -> date:
    """The --date of a reminder command; a clear error for anything else than ГГГГ-ММ-ДД."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Дата в формате ГГГГ-ММ-ДД, а не «{value}».") from None


def fail_if_undelivered(queued: Iterable[Any], *, dry_run: bool) -> None:
    """Exit status 1 (CommandError) when some of the queued reminders are queued again (``again``): the mail server
    accepted none of their letters in a day of attempts."""
    undelivered = sum(1 for item in queued if item.again)
    if undelivered:
        then = "Запуск без --dry-run поставит их в очередь снова." if dry_run else "Они поставлены в очередь снова."
        raise CommandError(
            f"Не доставлено напоминаний: {undelivered} — почтовый сервер не принял ни одного их письма за сутки "
            f"попыток (страница «Письма» на портале). {then}"
        )
