"""Background jobs of core, run by the worker (`manage.py db_worker`): sending the outbox.

send_letters is enqueued after the commit that wrote its letters (core.notifications). A letter the mail server
refused is tried again by a run of send_letters deferred to its next attempt (run_after, which the database backend
keeps): each waiting letter has one such run, scheduled by the worker that failed it, so no sweep on a timer is needed.
Every run also sends the letters whose scheduled run was lost (core.outbox.orphans).
"""

import logging

from django_tasks import task

from . import outbox

logger = logging.getLogger(__name__)


@task()
def send_letters(letter_ids: list[int]) -> dict[str, int]:
    """Send the given letters (and any orphaned ones), and schedule a retry for each that failed.

    Side effects: e-mail; the letters' status; a deferred send_letters task per failed letter."""
    delivery = outbox.deliver(letter_ids)
    backend = send_letters.get_backend()
    for letter_id, when in delivery.retry.items():
        if backend.supports_defer:
            send_letters.using(run_after=when).enqueue([letter_id])
        else:
            # The immediate backend of the tests cannot wait: the letter waits for the next run that finds it due.
            logger.info("Повтор письма %s не запланирован: очередь задач не умеет откладывать", letter_id)
    return {"sent": len(delivery.sent), "retry": len(delivery.retry), "given_up": len(delivery.given_up)}
