"""What the portal tells people: every notification is a letter through the outbox and an entry of the person's list
«Уведомления» (core.models.Notification), written by one call, `notify`, in the caller's transaction (a rolled-back
change writes neither) and sent by the worker once it commits, with retries while the mail server fails (core.outbox,
core.tasks). A person without an address gets the entry only.

A notification names the page it is about by its path (``link``); the letter ends with that page's absolute address,
built from the portal's address (`portal_url`: settings.PORTAL_URL, else the address bin/start serves, PORTAL_ADDRESS).
"""

import logging
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import outbox
from .links import portal_url
from .models import Letter, Notification
from .tasks import send_letters

logger = logging.getLogger(__name__)


def absolute(link: str) -> str:
    """The absolute address of a path of the portal (an absolute address is kept as it is)."""
    if not link or "://" in link:
        return link
    return portal_url() + (link if link.startswith("/") else "/" + link)


def with_link(body: str, link: str) -> str:
    """A letter's body that ends with the address of the page it is about."""
    if not link:
        return body
    return f"{body.rstrip()}\n\n{_('Открыть на портале:')} {absolute(link)}"


def send_after_commit(addresses: Iterable[str], *, subject: str, body: str, link: str = "") -> list[Letter]:
    """Queue one letter per address (no one sees the others' addresses) and have the worker send them after the
    commit; the body ends with the page's address when a `link` is given. For addresses that are not (or not yet)
    people of the portal — a sign-up, a password reset; a person gets `notify`. A mail server that fails never turns
    into an error page for the person whose action triggered the letter: the worker tries again later, and staff see
    the letter on the outbox page.

    Side effects: Letter rows now; a send_letters task on commit. Returns the letters written."""
    letters = outbox.write(addresses, subject=subject, body=with_link(body, link))
    if letters:
        _send_on_commit(letters)
    return letters


def send_each_after_commit(letters: Iterable[tuple[str, str, str, str]]) -> list[Letter]:
    """Like `send_after_commit`, for letters that differ by reader: one per (address, subject, body, link).

    Side effects: Letter rows now; a send_letters task on commit. Returns the letters written, in the given order."""
    written = outbox.write_each((address, subject, with_link(body, link)) for address, subject, body, link in letters)
    if written:
        _send_on_commit(written)
    return written


def notify(users: Iterable[Any], *, subject: str, body: str, link: str = "", actor: Any = None) -> list[Letter]:
    """Tell each active user (once, however often they are named), except the `actor` — no one is told of their own
    action: an entry in their list «Уведомления» with the page's path `link`, and a letter whose body ends with the
    page's absolute address when they have an e-mail address.

    Side effects: Notification rows and Letter rows in the caller's transaction; a send_letters task on commit.
    Returns the letters written."""
    actor_id = getattr(actor, "pk", None)
    people: dict[Any, Any] = {}
    for user in users:
        if user.is_active and user.pk != actor_id:
            people.setdefault(user.pk, user)
    if not people:
        return []
    subject, body = str(subject), str(body)
    Notification.objects.bulk_create(
        Notification(recipient_id=pk, subject=subject[:500], body=body, link=link[:500]) for pk in people
    )
    return send_after_commit((user.email for user in people.values()), subject=subject, body=body, link=link)


# ---------------------------------------------------------------------------------------------------------------------
# The list «Уведомления»: each person reads and marks only their own


def mine(user: Any) -> Any:
    """The person's notifications, newest first."""
    return Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-pk")


def unread_count(user: Any) -> int:
    """How many of the person's notifications are unread (one COUNT over the partial index of the unread)."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def mark_read(notification: Notification) -> Notification:
    """The person opened the notification. Side effects: its read time, the first time only."""
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def mark_all_read(user: Any) -> int:
    """«Отметить все как прочитанные». Side effects: the read time of the person's unread notifications; returns how
    many there were."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(read_at=timezone.now())


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
