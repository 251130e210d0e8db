"""The territorial commission's work on several cards at once: accept them for review or mark them verified.

Each card is still its own audited state change through services.review, in a transaction of its own: a card the
rules refuse is reported with the service's message and does not undo the others.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction

from core.exceptions import DomainError

from ..models import Participation, User
from . import review

# The bulk actions and the single-card service each one calls.
ACTIONS: dict[str, Callable[..., Participation]] = {
    "start": review.start_review,
    "verify": review.mark_verified,
}


@dataclass(frozen=True)
class BulkFailure:
    """A card the service refused, with the DomainError's message (translated, for the user)."""

    participation: Participation
    message: str


@dataclass
class BulkResult:
    """What a bulk action did: the cards moved, in the order given, and the ones refused with their reasons."""

    done: list[Participation] = field(default_factory=list)
    failed: list[BulkFailure] = field(default_factory=list)


def bulk_review(participations: Iterable[Participation], *, actor: User, action: str) -> BulkResult:
    """Apply one review action to each participation: «start» (review.start_review) or «verify» (review.mark_verified).

    Side effects, per card and in its own transaction: everything the single-card service does — the state change
    with its AuditRecord, the recount of the verified total (InfoCard.verified_total) and the letters queued on
    commit. A DomainError rolls back that card only and is collected in BulkResult.failed. Raises ValueError for an
    unknown action, before anything is changed.
    """
    try:
        service = ACTIONS[action]
    except KeyError:
        raise ValueError(f"unknown bulk review action: {action!r}") from None
    result = BulkResult()
    for participation in participations:
        try:
            with transaction.atomic():
                service(participation, actor=actor)
        except DomainError as error:
            result.failed.append(BulkFailure(participation, error.message))
        else:
            result.done.append(participation)
    return result
