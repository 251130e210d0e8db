"""The outbox: letters written with the change they tell about, sent later by the worker, with retries.

A letter's status moves only here, each move a conditional UPDATE of one row (its WHERE names the status it moves
from), so that of two workers that pick the same letter only one sends it:

- claim: a pending letter whose next attempt has come → sending, attempts + 1, next attempt = now + LEASE;
- sent: sending → sent;
- failed: sending → retry, next attempt after the backoff (1, 2, 4 … minutes, then hourly), or → given up after
  MAX_ATTEMPTS attempts (about a day of trying);
- requeue (staff): given up → queued, with a fresh round of attempts.

A worker that dies while sending leaves the letter «sending»; once the lease has run out it is pending again and the
next run of the task picks it (`orphans`). The lease is longer than EMAIL_TIMEOUT, so a letter still being sent is
never claimed twice; a worker killed after the mail server accepted a letter but before marking it sent makes the
letter go out again — at least once, never lost.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .enums import PENDING, LetterStatus
from .exceptions import DomainError
from .models import Letter
from .permissions import require

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)
FIRST_BACKOFF = timedelta(minutes=1)
MAX_BACKOFF = timedelta(hours=1)
# 1 + 2 + 4 + 8 + 16 + 32 minutes, then 23 hourly waits: the 30th attempt comes about 24 hours after the first.
MAX_ATTEMPTS = 30
# A pending letter overdue by more than this has lost its scheduled run (a worker died, an enqueue failed): any run of
# the task sends it too.
ORPHANED_AFTER = LEASE


def write(addresses: Iterable[str], *, subject: str, body: str) -> list[Letter]:
    """Put one letter per distinct address into the outbox (no one sees the others' addresses), due at once.

    Side effects: Letter rows, in the caller's transaction. Nothing is sent here."""
    now = timezone.now()
    letters = [
        Letter(recipient=address, subject=str(subject)[:500], body=str(body), next_attempt_at=now)
        for address in sorted({address for address in addresses if address})
    ]
    return Letter.objects.bulk_create(letters)


def write_each(letters: Iterable[tuple[str, str, str]]) -> list[Letter]:
    """Put letters of their own into the outbox, one per (address, subject, body), due at once — a mailing whose every
    letter carries links of its reader's (an unsubscribe link). Addresses are kept as given: the caller makes them
    distinct.

    Side effects: Letter rows, in the caller's transaction. Nothing is sent here."""
    now = timezone.now()
    return Letter.objects.bulk_create(
        [
            Letter(recipient=address, subject=str(subject)[:500], body=str(body), next_attempt_at=now)
            for address, subject, body in letters
            if address
        ],
        batch_size=500,
    )


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: 1, 2, 4, 8 … minutes, at most MAX_BACKOFF."""
    wait: timedelta = FIRST_BACKOFF * 2 ** min(max(attempts - 1, 0), 16)
    return min(wait, MAX_BACKOFF)


@dataclass
class Delivery:
    """What one run did: the letters it sent, those to try again (with when), those it gave up."""

    sent: list[int] = field(default_factory=list)
    retry: dict[int, datetime] = field(default_factory=dict)
    given_up: list[int] = field(default_factory=list)


def due(now: datetime) -> Any:
    """Pending letters whose next attempt has come."""
    return Letter.objects.filter(status__in=PENDING, next_attempt_at__lte=now)


def orphans(now: datetime) -> Any:
    """Pending letters that should have been tried long ago: their scheduled run was lost."""
    return due(now - ORPHANED_AFTER)


def deliver(letter_ids: Iterable[int], *, now: datetime | None = None) -> Delivery:
    """Try the given letters that are due, and every orphaned one; each is sent at most once however many workers run.

    Side effects: e-mail through EMAIL_BACKEND; the letters' status, attempts, next attempt, last error, sent time."""
    now = now or timezone.now()
    ids = set(letter_ids) | set(orphans(now).values_list("pk", flat=True))
    delivery = Delivery()
    for letter in due(now).filter(pk__in=ids).order_by("pk"):
        if not _claim(letter, now):
            continue  # another worker has it
        try:
            EmailMessage(letter.subject, letter.body, settings.DEFAULT_FROM_EMAIL, [letter.recipient]).send()
        except Exception as error:
            _failed(letter, error, now, delivery)
        else:
            Letter.objects.filter(pk=letter.pk, status=LetterStatus.SENDING).update(
                status=LetterStatus.SENT, sent_at=now, next_attempt_at=None, last_error=""
            )
            delivery.sent.append(letter.pk)
    return delivery


def _claim(letter: Letter, now: datetime) -> bool:
    claimed = (
        due(now)
        .filter(pk=letter.pk)
        .update(status=LetterStatus.SENDING, attempts=F("attempts") + 1, next_attempt_at=now + LEASE)
    )
    letter.attempts += 1
    return bool(claimed)


def _failed(letter: Letter, error: Exception, now: datetime, delivery: Delivery) -> None:
    text = f"{type(error).__name__}: {error}"[:2000]
    if letter.attempts >= MAX_ATTEMPTS:
        status, next_attempt = LetterStatus.GIVEN_UP, None
        delivery.given_up.append(letter.pk)
        logger.error(
            "Письмо %s на %s не отправлено после %s попыток: %s", letter.pk, letter.recipient, letter.attempts, text
        )
    else:
        status, next_attempt = LetterStatus.RETRY, now + backoff(letter.attempts)
        delivery.retry[letter.pk] = next_attempt
        logger.warning(
            "Письмо %s на %s не отправлено (попытка %s), повтор в %s: %s",
            letter.pk,
            letter.recipient,
            letter.attempts,
            next_attempt,
            text,
        )
    Letter.objects.filter(pk=letter.pk, status=LetterStatus.SENDING).update(
        status=status, next_attempt_at=next_attempt, last_error=text
    )


def requeue(letter: Letter, *, actor: Any) -> Letter:
    """Queue a given-up letter again, due at once, with a fresh round of MAX_ATTEMPTS attempts (staff: «Отправить
    снова»). The last error stays for the record.

    Side effects: the letter's status, attempts and next attempt. The caller sends it (core.notifications.resend)."""
    require(actor, "core.resend_letter", letter)
    moved = Letter.objects.filter(pk=letter.pk, status=LetterStatus.GIVEN_UP).update(
        status=LetterStatus.QUEUED, attempts=0, next_attempt_at=timezone.now()
    )
    letter.refresh_from_db()
    if not moved:
        raise DomainError(_("Снова отправить можно только письмо, которое не удалось отправить."))
    return letter
