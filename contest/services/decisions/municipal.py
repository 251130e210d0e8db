"""Stage 1 of the results: ties across the prize line (R9) and the municipal interdepartmental commission's protocol,
which forwards the first places to stage 2 (п. 4.5, 4.7)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import DomainError
from core.permissions import require
from core.workflow import record, transition
from regions.models import Municipality

from ... import rankings
from ...enums import DecisionLevel, ParticipationState, TieMode
from ...models import Award, Contest, Decision, Participation, TieResolution, User
from ...workflow import TIE_ORDERED, TIE_SHARED, municipal_stage_decision, tell_stage_results
from ..participation import deadline_passed
from .building import _award_names, _removed, build_snapshot
from .common import _attach_scan, _lock_contest, regional_decision_of

S = ParticipationState

# ---------------------------------------------------------------------------------------------------------------------
# Ties (R9)


def resolve_tie(
    group: rankings.Group, *, contest: Contest, actor: User, mode: str = TieMode.ORDER, order: list[int], reason: str
) -> TieResolution:
    """Record how the commission resolves equal totals across the prize line: an order of places (best first) or a
    shared place, with the reason. Side effects: saves a TieResolution, an AuditRecord per tied participant."""
    participants = group.tied_at_prize
    if not participants:
        raise DomainError(_("В этой группе нет равенства баллов, которое требует решения комиссии."))
    if group.nomination is None:
        require(actor, "contest.decide_municipal_results", participants[0].organization.municipality)
    else:
        require(actor, "contest.rank_regional_stage")
    with transaction.atomic():
        _lock_contest(contest)
        return _record_tie(group, contest=contest, actor=actor, mode=mode, order=order, reason=reason)


def _record_tie(
    group: rankings.Group, *, contest: Contest, actor: User, mode: str, order: list[int], reason: str
) -> TieResolution:
    participants = group.tied_at_prize
    if group.nomination is None:
        decided = municipal_stage_decision(contest, participants[0].organization.municipality_id) is not None
    else:
        decided = regional_decision_of(contest) is not None
    if decided:
        # The protocol named the places: a new order would change the ranking but not the awards.
        raise DomainError(
            _("Решение муниципальной комиссии уже внесено: порядок мест изменить нельзя.")
            if group.nomination is None
            else _("Решение краевой комиссии уже внесено: порядок мест изменить нельзя.")
        )
    if mode not in TieMode.values:
        raise DomainError(_("Выберите, как комиссия решила: порядок мест или общее место."))
    if sorted(order) != sorted(p.pk for p in participants):
        raise DomainError(_("Расставьте по порядку всех участников с равными баллами."))
    if not reason.strip():
        raise DomainError(_("Укажите основание решения комиссии."))
    resolution = TieResolution.objects.create(
        contest=contest, group=group.key, mode=mode, order=list(order), reason=reason.strip(), decided_by=actor
    )
    action = TIE_SHARED if mode == TieMode.SHARE else TIE_ORDERED
    for participation in participants:
        record(participation, action, actor=actor, params={"group": group.title}, reason=resolution.reason)
    return resolution


# ---------------------------------------------------------------------------------------------------------------------
# Stage 1: the municipal decision


def not_taken_into_review(contest: Contest, municipality_id: int) -> int:
    """Cards of the municipality submitted and not yet taken into review: a decision would leave them out."""
    return Participation.objects.filter(
        contest=contest, organization__municipality_id=municipality_id, state=S.CARD_SUBMITTED
    ).count()


def municipal_problems(groups: list[rankings.Group], *, waiting: int = 0) -> list[str]:
    """What prevents approving the municipal results; empty when the protocol can be recorded. `waiting`: cards
    submitted and not taken into review."""
    if not groups and not waiting:
        return [_("Нет участников для подведения итогов.")]
    problems = []
    if waiting:
        problems.append(_("Примите на проверку все представленные карты (не принято: %(n)s).") % {"n": waiting})
    unverified = sum(1 for g in groups for e in g.entries if e.participation.state != S.VERIFIED)
    if unverified:
        problems.append(_("Проверьте все карты (не проверено: %(n)s).") % {"n": unverified})
    unresolved = [g.title for g in groups if g.unresolved_tie]
    if unresolved:
        problems.append(
            _("Равенство баллов на первом месте требует решения комиссии: %(groups)s.")
            % {"groups": "; ".join(unresolved)}
        )
    return problems


def record_municipal_decision(
    contest: Contest,
    *,
    municipality_id: int,
    actor: User,
    number: str,
    day: date,
    scan=None,
    late_reason: str = "",
) -> Decision:
    """Record the municipal interdepartmental commission's protocol approving the first places (п. 4.5): the first place
    of every group (each of those sharing it, R9) becomes a municipal winner and is forwarded to stage 2 (п. 4.7).

    Side effects: Decision with its snapshot and covered participations, Awards, states «победитель муниципального
    этапа», AuditRecords, letters. After the forwarding deadline only staff may record it, with a reason; after the
    regional decision nobody may.
    """
    require(actor, "contest.decide_municipal_results", Municipality.objects.get(pk=municipality_id))
    with transaction.atomic():
        _lock_contest(contest)
        # The municipality's participations too: a correction or a move in flight finishes before the snapshot is
        # taken, and one that comes after finds them frozen.
        list(
            Participation.objects.select_for_update()
            .filter(contest=contest, organization__municipality_id=municipality_id)
            .values_list("pk", flat=True)
        )
        regional = regional_decision_of(contest)
        if regional is not None:
            raise DomainError(
                _(
                    "Решение краевой комиссии уже внесено (%(decision)s): итоги муниципального этапа больше не принимаются. "
                    "Направить победителей можно, только если департамент труда отменит решение краевой комиссии."
                )
                % {"decision": regional}
            )
        if deadline_passed(contest.forwarding_deadline):
            if not actor.is_staff_member:
                raise DomainError(
                    _(
                        "Срок направления материалов истёк %(day)s: направить победителей теперь может только департамент труда."
                    )
                    % {"day": contest.forwarding_deadline.strftime("%d.%m.%Y")}
                )
            if not late_reason.strip():
                raise DomainError(_("Укажите причину направления после срока."))
        if not number.strip():
            raise DomainError(_("Укажите номер протокола."))
        if municipal_stage_decision(contest, municipality_id) is not None:
            raise DomainError(_("Решение муниципальной комиссии уже внесено."))
        groups = rankings.municipal_groups(contest, municipality_id)
        problems = municipal_problems(groups, waiting=not_taken_into_review(contest, municipality_id))
        if problems:
            raise DomainError(" ".join(problems))
        removed = _removed(contest, municipality_id)
        decision = Decision(
            contest=contest,
            level=DecisionLevel.MUNICIPAL,
            municipality_id=municipality_id,
            number=number.strip(),
            date=day,
            recorded_by=actor,
            late_reason=late_reason.strip(),
            snapshot=build_snapshot(contest, level=DecisionLevel.MUNICIPAL, groups=groups, removed=removed),
        )
        _attach_scan(decision, scan)
        decision.full_clean()
        decision.save()
        for group in groups:
            for entry in group.winners:
                participation = entry.participation
                Award.objects.create(
                    contest=contest,
                    participation=participation,
                    level=DecisionLevel.MUNICIPAL,
                    sector=group.sector,
                    size_category=group.size_category,
                    place=entry.place,
                    total=entry.total,
                    decision=decision,
                    **_award_names(entry, group),
                )
                transition(
                    participation,
                    "win_municipal_stage",
                    actor=actor,
                    params={"group": group.title},
                    reason=str(decision),
                )
        covered = {entry.participation.pk for group in groups for entry in group.entries} | {p.pk for p in removed}
        decision.participations.set(covered)
        winners = {entry.participation.pk for group in groups for entry in group.winners}
        others = Participation.objects.filter(pk__in=covered - winners).select_related("organization").order_by("pk")
        tell_stage_results(decision, others, actor=actor)
        return decision
