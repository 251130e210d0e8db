"""The territorial commission's review of the cards: verification (п. 4.4.3), document requests (п. 5.2), exclusion
(п. 4.9, R7) and disqualification. Ties and decisions are in services.decisions.

Every state change goes through participation.change_state; letters go to the organization after commit. A card a
decision in force covers is frozen: corrections are refused with a message naming the decision.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import scoring

from ..enums import MUNICIPAL_COMMISSION_ROLES, ParticipationState
from ..exceptions import DomainError
from ..models import Correction, DocumentRequest, Participation, User
from .participation import card_values, change_state, ensure_not_frozen, lock, log, notify, tell_organization

S = ParticipationState


# ---------------------------------------------------------------------------------------------------------------------
# Who may


def _require_commission(participation: Participation, actor: User) -> None:
    """Members, the secretary and the labour office of the participant's municipality, and staff."""
    if actor.is_staff_member:
        return
    if actor.works_in(participation.organization.municipality_id, *MUNICIPAL_COMMISSION_ROLES):
        return
    raise DomainError(
        _("Это действие выполняет территориальная конкурсная комиссия муниципального образования участника.")
    )


# ---------------------------------------------------------------------------------------------------------------------
# Verification


def verified_values(participation: Participation) -> dict[str, Any]:
    """The card's inputs with the commission's latest correction of each key in place of the declared value."""
    values = card_values(participation.card)
    for correction in participation.corrections.order_by("created_at", "pk"):
        values[correction.key] = _parse(correction.value, participation, correction.key)
    return values


def _spec(participation: Participation, key: str):
    table = scoring.get_table(participation.contest.scoring_table)
    spec = next((spec for spec in table.inputs if spec.key == key), None)
    if spec is None:
        raise DomainError(_("Такого показателя в карте нет."))
    return spec


def _parse(text: str, participation: Participation, key: str) -> Any:
    if _spec(participation, key).kind == "bool":
        return {"true": True, "false": False}.get(text)
    return text or None


def value_text(value: Any) -> str:
    """A value as a correction and a snapshot store it: «true»/«false», a decimal point, "" for nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize() if value != value.to_integral_value() else value.quantize(Decimal(1)), "f")
    return str(value).strip().replace(",", ".")


def value_shown(text: str) -> str:
    """A stored value as a person reads it: да/нет, a decimal comma, a dash for nothing."""
    return {"true": _("да"), "false": _("нет"), "": "—"}.get(text, text.replace(".", ","))


def recount(participation: Participation) -> Decimal | None:
    """Recompute and keep the verified total. Side effects: saves InfoCard.verified_total."""
    card = participation.card
    try:
        total = scoring.score_card(verified_values(participation), table=participation.contest.scoring_table).total
    except scoring.InvalidCard:
        total = None
    card.verified_total = total
    card.save(update_fields=["verified_total", "updated_at"])
    return total


def start_review(participation: Participation, *, actor: User) -> Participation:
    """The commission takes a submitted card into review. Side effects: state «на проверке», verified total, AuditRecord."""
    _require_commission(participation, actor)
    with transaction.atomic():
        change_state(participation, to=S.UNDER_REVIEW, actor=actor, action=_("Карта принята на проверку"))
        recount(participation)
    return participation


def correct_value(participation: Participation, *, actor: User, key: str, value: Any, reason: str) -> Correction:
    """Record the commission's verified value of one input, with its reason; the declared value stays.

    Side effects: writes a Correction, recounts the verified total, AuditRecord; a verified card goes back to review.
    Raises DomainError when the value is not valid for the card (the scoring module's own checks).
    """
    _require_commission(participation, actor)
    if not reason.strip():
        raise DomainError(_("Укажите основание исправления."))
    spec = _spec(participation, key)
    new_text = value_text(value)
    with transaction.atomic():
        # Checked on the locked row: a member verifying the card at the same moment waits, and then this correction
        # sends the verified card back to review.
        lock(participation)
        ensure_not_frozen(participation)
        if participation.state not in {S.UNDER_REVIEW, S.DOCUMENTS_REQUESTED, S.VERIFIED}:
            raise DomainError(_("Исправлять значения можно, пока карта на проверке."))
        values = {**verified_values(participation), key: _parse(new_text, participation, key)}
        try:
            scoring.score_card(values, table=participation.contest.scoring_table)
        except scoring.InvalidCard as invalid:
            raise DomainError(" ".join(f"{_label(participation, k)}: {m}" for k, m in invalid.errors.items())) from None
        declared = value_text(card_values(participation.card)[key])
        previous = value_text(verified_values(participation)[key])
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
        log(
            participation,
            actor=actor,
            action=_("Исправлено значение «%(label)s»: %(old)s → %(new)s; сумма баллов %(total)s")
            % {
                "label": spec.label,
                "old": value_shown(previous),
                "new": value_shown(new_text),
                "total": "—" if total is None else value_shown(value_text(total)),
            },
            reason=correction.reason,
        )
        if participation.state == S.VERIFIED:
            change_state(
                participation,
                to=S.UNDER_REVIEW,
                actor=actor,
                action=_("Карта возвращена на проверку после исправления"),
            )
    return correction


def _label(participation: Participation, key: str) -> str:
    try:
        return _spec(participation, key).label
    except DomainError:
        return key


def mark_verified(participation: Participation, *, actor: User) -> Participation:
    """The commission has checked the card. Side effects: state «проверена», AuditRecord."""
    _require_commission(participation, actor)
    with transaction.atomic():
        lock(participation)  # a correction being saved at this moment is counted first
        if recount(participation) is None:
            raise DomainError(_("Карта заполнена не полностью: проверить её нельзя."))
        change_state(participation, to=S.VERIFIED, actor=actor, action=_("Карта проверена комиссией"))
    return participation


# ---------------------------------------------------------------------------------------------------------------------
# Document requests (п. 5.2)


def request_documents(participation: Participation, *, actor: User, message: str, due_date: date) -> DocumentRequest:
    """Ask the organization for confirming documents. Side effects: DocumentRequest, state, AuditRecord, e-mail."""
    _require_commission(participation, actor)
    if not message.strip():
        raise DomainError(_("Напишите, какие документы нужны."))
    if due_date < timezone.localdate():
        raise DomainError(_("Срок представления документов не может быть в прошлом."))
    with transaction.atomic():
        change_state(
            participation,
            to=S.DOCUMENTS_REQUESTED,
            actor=actor,
            action=_("Запрошены документы"),
            reason=message.strip(),
        )
        request = DocumentRequest.objects.create(
            participation=participation, message=message.strip(), due_date=due_date, requested_by=actor
        )
        tell_organization(
            participation,
            subject=_("Комиссия запросила документы"),
            body=_(
                "Территориальная конкурсная комиссия просит представить до %(day)s: %(message)s\nЗагрузите файлы и ответьте на портале."
            )
            % {"day": due_date.strftime("%d.%m.%Y"), "message": request.message},
        )
    return request


def answer_documents(request: DocumentRequest, *, actor: User, answer: str) -> DocumentRequest:
    """The organization answers a document request (files are uploaded beforehand). Side effects: state back to review."""
    participation = request.participation
    if actor.organization_id is None or actor.organization_id != participation.organization_id:
        raise DomainError(_("Ответить на запрос может представитель организации."))
    if not answer.strip():
        raise DomainError(_("Напишите ответ: какие документы приложены."))
    with transaction.atomic():
        lock(participation)
        request.answered_at = DocumentRequest.objects.select_for_update().get(pk=request.pk).answered_at
        if request.answered_at is not None:
            raise DomainError(_("На этот запрос уже ответили."))
        if participation.state != S.DOCUMENTS_REQUESTED:
            raise DomainError(_("Комиссия больше не ждёт ответа: материалы уже рассмотрены."))
        request.answer = answer.strip()
        request.answered_by = actor
        request.answered_at = timezone.now()
        request.save()
        change_state(
            participation,
            to=S.UNDER_REVIEW,
            actor=actor,
            action=_("Организация ответила на запрос"),
            reason=request.answer,
        )
        notify(
            User.objects.holding(*MUNICIPAL_COMMISSION_ROLES, municipality=participation.organization.municipality_id),
            subject=_("Ответ на запрос документов: %(org)s") % {"org": participation.organization},
            body=request.answer,
        )
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
    return _remove(
        participation, actor=actor, reason=reason, to=S.EXCLUDED, action=_("Исключена из смотра-конкурса (п. 4.9)")
    )


def disqualify(participation: Participation, *, actor: User, reason: str) -> Participation:
    """Remove for false data or an incomplete set of documents (приложение № 1). Side effects as exclude()."""
    return _remove(
        participation,
        actor=actor,
        reason=reason,
        to=S.DISQUALIFIED,
        action=_("Отстранена: недостоверные сведения или неполный пакет документов"),
    )


def _remove(participation: Participation, *, actor: User, reason: str, to: str, action: str) -> Participation:
    _require_commission(participation, actor)
    if not reason.strip():
        raise DomainError(_("Укажите основание решения — организация увидит его."))
    with transaction.atomic():
        change_state(participation, to=to, actor=actor, action=action, reason=reason.strip())
        tell_organization(participation, subject=action, body=_("Основание: %(reason)s") % {"reason": reason.strip()})
    return participation


def reinstate(participation: Participation, *, actor: User, reason: str) -> Participation:
    """Undo an exclusion or disqualification recorded by mistake. Side effects: state «на проверке», AuditRecord."""
    _require_commission(participation, actor)
    if not reason.strip():
        raise DomainError(_("Укажите основание."))
    change_state(
        participation, to=S.UNDER_REVIEW, actor=actor, action=_("Возвращена к проверке"), reason=reason.strip()
    )
    return participation
