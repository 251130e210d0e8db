"""The information card (Appendix 2): its values and their checks, the draft, the approval by three bodies (п. 4.4.1)
and the submission to the labour office. State changes go through core.workflow.transition().
"""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import scoring
from core import codec
from core.exceptions import DomainError
from core.workflow import record, transition

from ...enums import CARD_EDITABLE, ApprovalState, ApprovingBody, AttachmentKind, DeadlineKind, ParticipationState
from ...models import Approval, InfoCard, Participation, User
from ...workflow import CARD_APPROVED
from .application import _check_deadline, lock

S = ParticipationState


SECTION_1_FIELDS = ("women_count", "teenagers_count", "hazardous_women", "fatal_accidents", "fatal_transport_no_fault")


def card_values(card: InfoCard, table: str | None = None) -> dict[str, Any]:
    """The card's inputs for the scoring module: every input key of the contest's table, None where empty."""
    table_key = table or card.participation.contest.scoring_table
    # A stored Decimal(72.50) as the person typed it, 72.5, so that the reasons read «72,5 %».
    return {spec.key: codec.tidy_value(getattr(card, spec.key)) for spec in scoring.get_table(table_key).inputs}


def card_problems(card: InfoCard) -> dict[str, str]:
    """Section 1 rules the scoring module does not know (women ≤ headcount …); key → Russian message."""
    problems: dict[str, str] = {}
    headcount = card.avg_headcount
    if headcount is not None:
        for name in ("women_count", "teenagers_count"):
            value = getattr(card, name)
            if value is not None and value > headcount:
                problems[name] = _("Не может быть больше среднесписочной численности (%(n)s).") % {"n": headcount}
    if card.hazardous_women is not None:
        if card.hazardous_workers is not None and card.hazardous_women > card.hazardous_workers:
            problems["hazardous_women"] = _("Не может быть больше числа занятых во вредных и тяжёлых условиях.")
        elif card.women_count is not None and card.hazardous_women > card.women_count:
            problems["hazardous_women"] = _("Не может быть больше числа женщин.")
    if card.fatal_transport_no_fault > card.fatal_accidents:
        problems["fatal_transport_no_fault"] = _(
            "Не может быть больше числа несчастных случаев со смертельным исходом."
        )
    if card.participation.size_category == "small" and card.public_share_pct is None:
        problems["public_share_pct"] = _("Для малых организаций укажите долю в уставном капитале (раздел 1, п. 5).")
    return problems


@transaction.atomic
def update_card(card: InfoCard, *, actor: User, values: Mapping[str, Any]) -> InfoCard:
    """Save the card's draft values; keep the declared total when the card is complete and valid.

    Side effects: saves the card (drafts are not logged). Incomplete drafts are saved as they are.
    """
    if card.participation.state not in CARD_EDITABLE:
        raise DomainError(_("Карта сейчас не редактируется: она на согласовании или уже представлена."))
    for name, value in values.items():
        if not hasattr(card, name) or name in {"id", "participation", "participation_id", "declared_total"}:
            raise ValueError(f"Unknown card field: {name}")
        setattr(card, name, value)
    card.declared_total = declared_total(card)
    card.full_clean()
    card.save()
    return card


def declared_total(card: InfoCard) -> Any:
    try:
        return scoring.score_card(card_values(card), table=card.participation.contest.scoring_table).total
    except scoring.InvalidCard:
        return None


def card_readiness(card: InfoCard) -> list[str]:
    """What still prevents sending the card for approval; empty when it can go."""
    problems = []
    try:
        scoring.score_card(card_values(card), table=card.participation.contest.scoring_table)
    except scoring.InvalidCard as invalid:
        problems.append(
            _("Заполните все показатели карты без ошибок (осталось исправить: %(n)s).") % {"n": len(invalid.errors)}
        )
    if card_problems(card):
        problems.append(_("Исправьте сведения раздела 1 карты."))
    participation = card.participation
    if (
        card.fatal_transport_no_fault
        and not participation.attachments.filter(kind=AttachmentKind.INVESTIGATION_ACT).exists()
    ):
        problems.append(
            _("Приложите акт расследования несчастного случая, подтверждающий отсутствие вины организации (п. 4.9).")
        )
    return problems


def send_card_for_approval(participation: Participation, *, actor: User) -> Participation:
    """Send the completed card to the three approving bodies (п. 4.4.1); their earlier decisions are reset.

    Side effects: creates or resets three Approval rows, state «на согласовании», AuditRecord, e-mails to approvers.
    """

    def check(locked: Participation) -> None:
        problems = card_readiness(participation.card)
        if problems:
            raise DomainError(" ".join(problems))
        _check_deadline(participation.contest, DeadlineKind.CARD)

    with transaction.atomic():
        transition(participation, "send_card_for_approval", actor=actor, check=check)
        for body in ApprovingBody:
            Approval.objects.update_or_create(
                participation=participation,
                body=body,
                defaults={"state": ApprovalState.PENDING, "remark": "", "decided_by": None, "decided_at": None},
            )
    return participation


def decide_approval(approval: Approval, *, actor: User, approve: bool, remark: str = "") -> Approval:
    """An approving body approves the card or returns it with a remark; a return sends the card back to the organization.

    Side effects: saves the Approval, AuditRecord; on return also state «зарегистрирована» and an e-mail.
    """
    participation = approval.participation
    if not actor.has_perm("contest.decide_card_approval", approval):
        raise DomainError(_("Согласовать эту карту может только %(body)s.") % {"body": approval.get_body_display()})
    if not approve and not remark.strip():
        raise DomainError(_("Укажите замечание — организация увидит его."))
    with transaction.atomic():
        lock(participation)
        approval.state = Approval.objects.select_for_update().get(pk=approval.pk).state
        if participation.state != S.CARD_APPROVAL or approval.state != ApprovalState.PENDING:
            raise DomainError(_("Карта сейчас не ожидает вашего согласования."))
        approval.state = ApprovalState.APPROVED if approve else ApprovalState.RETURNED
        approval.remark = remark.strip()
        approval.decided_by = actor
        approval.decided_at = timezone.now()
        approval.save()
        params = {"body": approval.get_body_display()}
        if approve:
            record(participation, CARD_APPROVED, actor=actor, params=params)
        else:
            transition(participation, "return_card", actor=actor, params=params, reason=approval.remark)
    return approval


def submission_problems(participation: Participation) -> list[str]:
    """What still prevents submitting the card to the labour office (п. 4.4); empty when it can go."""
    problems = []
    approvals = {a.body: a.state for a in participation.approvals.all()}
    if participation.state != S.CARD_APPROVAL or any(
        approvals.get(body) != ApprovalState.APPROVED for body in ApprovingBody
    ):
        problems.append(_("Карту должны согласовать все три органа (п. 4.4.1)."))
    kinds = set(participation.attachments.values_list("kind", flat=True))
    if AttachmentKind.ANALYTICAL_NOTE not in kinds:
        problems.append(_("Приложите аналитическую записку (п. 4.4.2)."))
    if participation.card.has_info_materials and AttachmentKind.INFO_MATERIALS not in kinds:
        problems.append(_("В карте указано, что информационно-аналитические материалы есть (К19): приложите их."))
    return problems


def submit_card(participation: Participation, *, actor: User) -> Participation:
    """Submit the approved card with its analytical note to the labour office, before the card deadline.

    Side effects: state «карта представлена», AuditRecord, e-mail to the labour office and the territorial commission.
    """

    def check(locked: Participation) -> None:
        problems = submission_problems(participation)
        if problems:
            raise DomainError(" ".join(problems))
        _check_deadline(participation.contest, DeadlineKind.CARD)

    transition(participation, "submit_card", actor=actor, check=check)
    return participation
