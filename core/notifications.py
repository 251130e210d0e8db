"""E-mail to users, sent only after the transaction commits: a rolled-back change sends nothing."""

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

logger = logging.getLogger(__name__)


def send_after_commit(addresses: Iterable[str], *, subject: str, body: str) -> None:
    """Queue one letter per address (no one sees the others' addresses). A mail server that fails is logged,
    never turned into an error page for the person whose action triggered the letter."""
    recipients = sorted({address for address in addresses if address})
    if not recipients:
        return
    subject, body = str(subject), str(body)

    def send() -> None:
        for address in recipients:
            try:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
            except Exception:
                logger.exception("Письмо «%s» на %s не отправлено", subject, address)

    transaction.on_commit(send)


def notify(users: Iterable[Any], *, subject: str, body: str) -> None:
    """Write to each active user with an address, after the transaction commits."""
    send_after_commit((user.email for user in users if user.is_active), subject=subject, body=body)
