"""The territorial commission's review of the cards: verification (п. 4.4.3), document requests (п. 5.2), exclusion
(п. 4.9, R7) and disqualification. Ties and decisions are in services.decisions.

Every state change goes through the door (core.workflow.transition); the moves declare their letters. A card a
decision in force covers is frozen: corrections are refused with a message naming the decision.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import scoring
from core import codec
from core.exceptions import DomainError
from core.permissions import require
from core.workflow import record, transition

from ..enums import ParticipationState
from ..models import Correction, DocumentRequest, Participation, User
from ..workflow import VALUE_CORRECTED, ensure_not_frozen, tell_value_corrected
from .participation import card_values, lock
from .participation.cards import points_of, score

S = ParticipationState


# ---------------------------------------------------------------------------------------------------------------------
# Verification


def verified_values(participation: Participation) -> dict[str, Any]:
    """The card's inputs with the commission's latest correction of each key in place of the declared value."""
    corrections = participation.corrections.order_by("created_at", "pk").values_list("key", "value")
    return codec.overlay(card_values(participation.card), corrections, flags(participation.contest.table))


def flags(table: scoring.Table) -> set[str]:
    """The yes/no inputs of a point table."""
    return {spec.key for spec in table.inputs if spec.kind == "bool"}


def _spec(participation: Participation, key: str):
    table = participation.contest.table
    spec = next((spec for spec in table.inputs if spec.key == key), None)
    if spec is None:
        raise DomainError(_("Такого показателя в карте нет."))
    return spec


def _parse(text: str, participation: Participation, key: str) -> Any:
    return codec.parse_value(text, flag=_spec(participation, key).kind == "bool")


def recount(participation: Participation) -> Decimal | None:
    """Recompute and keep the verified points and total. Side effects: saves them on the InfoCard."""
    card = participation.card
    result = score(participation.contest.table, verified_values(participation))
    card.verified_points = points_of(result)
    card.verified_total = None if result is None else result.total
    card.save(update_fields=["verified_points", "verified_total", "updated_at"])
    return card.verified_total


def start_review(participation: Participation, *, actor: User) -> Participation:
    """The commission takes a submitted card into review. Side effects: state «на проверке», verified total, AuditRecord,
    a letter to the organization."""
    with transaction.atomic():
        transition(participation, "start_review", actor=actor)
        recount(participation)
    return participation


def correct_value(participation: Participation, *, actor: User, key: str, value: Any, reason: str) -> Correction:
    """Record the commission's verified value of one input, with its reason; the declared value stays.

    Side effects: writes a Correction, recounts the verified total, AuditRecord, the organization's notifications; a
    verified card goes back to review.
    Raises DomainError when the value is not valid for the card (the scoring module's own checks).
    """
    with transaction.atomic():
        # Checked on the locked row: a member verifying the card at the same moment waits, and then this correction
        # sends the verified card back to review.
        lock(participation)
        require(actor, "contest.review_card", participation)
        if not reason.strip():
            raise DomainError(_("Укажите основание исправления."))
        spec = _spec(participation, key)
        new_text = codec.value_text(value)
        ensure_not_frozen(participation)
        if participation.state not in {S.UNDER_REVIEW, S.DOCUMENTS_REQUESTED, S.VERIFIED}:
            raise DomainError(_("Исправлять значения можно, пока карта на проверке."))
        values = {**verified_values(participation), key: _parse(new_text, participation, key)}
        try:
            scoring.score_card(values, table=participation.contest.table)
        except scoring.InvalidCard as invalid:
            raise DomainError(" ".join(f"{_label(participation, k)}: {m}" for k, m in invalid.errors.items())) from None
        declared = codec.value_text(card_values(participation.card)[key])
        previous = codec.value_text(verified_values(participation)[key])
        if new_text == previous:
            raise DomainError(_("Это значение уже учтено."))
        correction = Correction.objects.create(
            participation=participation,
            key=key,
            declared=declared,
            value=new_text,
            reason=reason.strip(),
            corrected_by=actor,
        )
        total = recount(participation)
        params = {
            "label": spec.label,
            "old": codec.shown(previous),
            "new": codec.shown(new_text),
            "total": "—" if total is None else codec.shown(codec.value_text(total)),
        }
        record(participation, VALUE_CORRECTED, actor=actor, params=params, reason=correction.reason)
        tell_value_corrected(participation, actor=actor, reason=correction.reason, **params)
        if participation.state == S.VERIFIED:
            transition(participation, "reopen_review", actor=actor)
    return correction


def _label(participation: Participation, key: str) -> str:
    try:
        return _spec(participation, key).label
    except DomainError:
        return key


def mark_verified(participation: Participation, *, actor: User) -> Participation:
    """The commission has checked the card. Side effects: state «проверена», AuditRecord, a letter to the organization."""
    with transaction.atomic():
        lock(participation)  # a correction being saved at this moment is counted first
        require(actor, "contest.review_card", participation)
        if recount(participation) is None:
            raise DomainError(_("Карта заполнена не полностью: проверить её нельзя."))
        transition(participation, "verify", actor=actor)
    return participation


# ---------------------------------------------------------------------------------------------------------------------
# Document requests (п. 5.2)


def request_documents(participation: Participation, *, actor: User, message: str, due_date: date) -> DocumentRequest:
    """Ask the organization for confirming documents. Side effects: DocumentRequest, state, AuditRecord, e-mail."""

    def check(locked: Participation) -> None:
        if not message.strip():
            raise DomainError(_("Напишите, какие документы нужны."))
        if due_date < timezone.localdate():
            raise DomainError(_("Срок представления документов не может быть в прошлом."))

    with transaction.atomic():
        transition(
            participation,
            "request_documents",
            actor=actor,
            reason=message.strip(),
            context={"day": due_date.strftime("%d.%m.%Y")},
            check=check,
        )
        request = DocumentRequest.objects.create(
            participation=participation, message=message.strip(), due_date=due_date, requested_by=actor
        )
    return request


def answer_documents(request: DocumentRequest, *, actor: User, answer: str) -> DocumentRequest:
    """The organization answers a document request (files are uploaded beforehand). Side effects: state back to review,
    a letter to the territorial commission."""
    participation = request.participation
    with transaction.atomic():
        lock(participation)
        require(actor, "contest.answer_document_request", participation)
        if not answer.strip():
            raise DomainError(_("Напишите ответ: какие документы приложены."))
        request.answered_at = DocumentRequest.objects.select_for_update().get(pk=request.pk).answered_at
        if request.answered_at is not None:
            raise DomainError(_("На этот запрос уже ответили."))
        if participation.state != S.DOCUMENTS_REQUESTED:
            raise DomainError(_("Комиссия больше не ждёт ответа: материалы уже рассмотрены."))
        request.answer = answer.strip()
        request.answered_by = actor
        request.answered_at = timezone.now()
        request.save()
        transition(participation, "answer_documents", actor=actor, reason=request.answer)
    return request


# ---------------------------------------------------------------------------------------------------------------------
# Exclusion (п. 4.9, R7) and disqualification (приложение № 1)


def exclusion_proposal(participation: Participation) -> scoring.ExclusionProposal:
    card = participation.card
    return scoring.exclusion_proposal(
        fatal_accidents=card.fatal_accidents, fatal_transport_no_fault=card.fatal_transport_no_fault
    )


def exclude(participation: Participation, *, actor: User, reason: str) -> Participation:
    """Exclude for a fatal accident (п. 4.9). Side effects: state «исключена», AuditRecord, e-mail. Not ranked after."""
    return _remove(participation, actor=actor, reason=reason, move="exclude")


def disqualify(participation: Participation, *, actor: User, reason: str) -> Participation:
    """Remove for false data or an incomplete set of documents (приложение № 1). Side effects as exclude()."""
    return _remove(participation, actor=actor, reason=reason, move="disqualify")


def _remove(participation: Participation, *, actor: User, reason: str, move: str) -> Participation:
    def check(locked: Participation) -> None:
        if not reason.strip():
            raise DomainError(_("Укажите основание решения — организация увидит его."))

    return transition(participation, move, actor=actor, reason=reason.strip(), check=check)


def reinstate(participation: Participation, *, actor: User, reason: str) -> Participation:
    """Undo an exclusion or disqualification recorded by mistake. Side effects: state «на проверке», AuditRecord,
    a letter to the organization."""

    def check(locked: Participation) -> None:
        if not reason.strip():
            raise DomainError(_("Укажите основание."))

    return transition(participation, "reinstate", actor=actor, reason=reason.strip(), check=check)
