"""E-mail to users through the outbox: letters are written in the caller's transaction (a rolled-back change writes
none) and sent by the worker once it commits, with retries while the mail server fails (core.outbox, core.tasks)."""

import logging
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from django.db import transaction

from . import outbox
from .models import Letter
from .tasks import send_letters

logger = logging.getLogger(__name__)


def send_after_commit(addresses: Iterable[str], *, subject: str, body: str) -> list[Letter]:
    """Queue one letter per address (no one sees the others' addresses) and have the worker send them after the
    commit. A mail server that fails never turns into an error page for the person whose action triggered the letter:
    the worker tries again later, and staff see the letter on the outbox page.

    Side effects: Letter rows now; a send_letters task on commit. Returns the letters written."""
    letters = outbox.write(addresses, subject=subject, body=body)
    if letters:
        _send_on_commit(letters)
    return letters


def notify(users: Iterable[Any], *, subject: str, body: str) -> list[Letter]:
    """Write to each active user with an address, after the transaction commits."""
    return send_after_commit((user.email for user in users if user.is_active), subject=subject, body=body)


def resend(letter: Letter, *, actor: Any) -> Letter:
    """Queue a given-up letter again and send it after the commit (staff: «Отправить снова»).

    Side effects: the letter's status (core.outbox.requeue); a send_letters task on commit."""
    letter = outbox.requeue(letter, actor=actor)
    _send_on_commit([letter])
    return letter


def _send_on_commit(letters: Sequence[Letter]) -> None:
    # robust: an enqueue that fails (the database gone after the commit) is logged and must not fail the request whose
    # change is already saved; its letters are orphans that the next run of send_letters sends.
    transaction.on_commit(partial(send_letters.enqueue, [letter.pk for letter in letters]), robust=True)
