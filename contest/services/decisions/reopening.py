"""Staff's reopening of a recorded decision: it is voided (kept) with its awards and certificates, and the
participations it covered go back."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import DomainError
from core.notifications import notify
from core.permissions import require
from core.workflow import record, transition

from ...enums import MUNICIPAL_COMMISSION_ROLES, REGIONAL_COMMISSION_ROLES, DecisionLevel, ParticipationState
from ...models import Award, Certificate, Decision, User
from ...workflow import DECISION_VOIDED, organization, participation_page
from .common import _lock_contest, regional_decision_of
from .regional import _withdraw_proposals

S = ParticipationState

# ---------------------------------------------------------------------------------------------------------------------
# Reopening (staff)


def void_problems(decision: Decision) -> list[str]:
    """What prevents reopening the decision; empty when staff may."""
    if decision.is_void:
        return [_("Это решение уже отменено.")]
    if decision.level == DecisionLevel.MUNICIPAL:
        regional = regional_decision_of(decision.contest)
        if regional is not None:
            return [
                _(
                    "Сначала отмените решение краевой комиссии (%(decision)s): победители этого муниципального "
                    "образования уже вошли в него."
                )
                % {"decision": regional}
            ]
    return []


def void_decision(decision: Decision, *, actor: User, reason: str) -> Decision:
    """Reopen a recorded decision (staff only, with a reason): it is marked void and kept, with its snapshot, awards
    and certificates (marked void in the register); the participations it covered are unfrozen, municipal winners go back
    to «verified» and regional winners to «municipal winner» (the regional commission proposes again), and a new
    decision is needed.
    A municipal decision is reopened only while no regional decision is in force; undecided regional proposals of its
    winners are withdrawn.

    Side effects: saves the Decision, Awards and Certificates, state changes and AuditRecords, letters to the
    organizations, the commission's secretaries told.
    """
    require(actor, "contest.void_decision", decision)
    if not reason.strip():
        raise DomainError(_("Укажите причину отмены решения — её увидят комиссия и участники."))
    with transaction.atomic():
        _lock_contest(decision.contest)
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        problems = void_problems(decision)
        if problems:
            raise DomainError(" ".join(problems))
        now = timezone.now()
        decision.voided_at = now
        decision.voided_by = actor
        decision.void_reason = reason.strip()
        decision.full_clean()
        decision.save(update_fields=["voided_at", "voided_by", "void_reason"])
        Award.objects.filter(decision=decision).update(voided_at=now)
        Certificate.objects.filter(award__decision=decision, voided_at__isnull=True).update(voided_at=now)
        covered = list(decision.participations.select_related("organization").order_by("pk"))
        params = {"decision": str(decision)}
        if decision.level == DecisionLevel.MUNICIPAL:
            _withdraw_proposals(
                Award.objects.filter(participation__in=covered),
                actor=actor,
                move="withdraw_proposal",
            )
            back_from, move = S.MUNICIPAL_WINNER, "void_municipal_win"
        else:
            back_from, move = S.REGIONAL_WINNER, "void_regional_win"
        for participation in covered:
            participation.refresh_from_db(fields=["state"])
            if participation.state == back_from:
                transition(participation, move, actor=actor, params=params, reason=decision.void_reason)
            else:
                record(participation, DECISION_VOIDED, actor=actor, params=params, reason=decision.void_reason)
            notify(
                organization(participation),
                subject=_("Решение комиссии отменено"),
                body=_(
                    "Департамент труда отменил решение (%(decision)s). Причина: %(reason)s\n"
                    "Итоги будут подведены заново; мы сообщим о новом решении."
                )
                % {"decision": decision, "reason": decision.void_reason},
                link=participation_page(participation),
                actor=actor,
            )
        if decision.level == DecisionLevel.MUNICIPAL:
            secretaries = User.objects.holding(*MUNICIPAL_COMMISSION_ROLES, municipality=decision.municipality_id)
        else:
            secretaries = User.objects.holding(*REGIONAL_COMMISSION_ROLES)
        notify(
            secretaries,
            subject=_("Решение комиссии отменено: %(decision)s") % {"decision": decision},
            body=_("Причина: %(reason)s\nНужно новое решение комиссии.") % {"reason": decision.void_reason},
            link=reverse("municipal-results" if decision.level == DecisionLevel.MUNICIPAL else "regional-results"),
            actor=actor,
        )
    return decision
