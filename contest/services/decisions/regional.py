"""Stage 2 of the results: the regional commission's proposal and the regional interdepartmental commission's
protocol naming the winners (п. 4.10–4.12)."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import DomainError
from core.permissions import require
from core.workflow import transition

from ... import rankings
from ...enums import FORWARDED_STATES, DecisionLevel, ParticipationState
from ...models import Award, Contest, Decision, Participation, User
from ...workflow import tell_stage_results
from .building import _award_names, _municipal_decisions_in_force, build_snapshot
from .common import _attach_scan, _lock_contest, regional_decision_of

S = ParticipationState

# ---------------------------------------------------------------------------------------------------------------------
# Stage 2: the regional proposal and decision


def regional_problems(groups: list[rankings.Group]) -> list[str]:
    if not any(g.entries for g in groups):
        return [_("Победителей муниципального этапа пока нет.")]
    unresolved = [g.title for g in groups if g.unresolved_tie]
    if unresolved:
        return [
            _("Равенство баллов на призовом месте требует решения комиссии: %(groups)s.")
            % {"groups": "; ".join(unresolved)}
        ]
    return []


def proposal_map(awards: Iterable[Award]) -> dict[str, dict[int, int]]:
    """Undecided regional proposals as group key → participation id → proposed place."""
    proposed: dict[str, dict[int, int]] = {}
    for award in awards:
        key = rankings.nomination_key(award.nomination_id, award.sector_id)
        proposed.setdefault(key, {})[award.participation_id] = award.place
    return proposed


def _winners_map(groups: list[rankings.Group]) -> dict[str, dict[int, int]]:
    return {group.key: {e.participation.pk: e.place for e in group.winners} for group in groups if group.winners}


def proposal_outdated(proposals: list[Award], groups: list[rankings.Group]) -> bool:
    """The rankings changed since the proposal (a tie resolved, a municipality's winners forwarded or withdrawn)."""
    return bool(proposals) and proposal_map(proposals) != _winners_map(groups)


def propose_regional_winners(contest: Contest, *, actor: User) -> list[Award]:
    """The regional commission proposes the best of each nomination (п. 4.10) from the current rankings.

    Side effects: replaces earlier undecided proposals with Award rows, states «предложена краевой комиссией».
    """
    require(actor, "contest.rank_regional_stage")
    with transaction.atomic():
        _lock_contest(contest)
        if regional_decision_of(contest) is not None:
            raise DomainError(_("Решение краевой комиссии уже внесено."))
        groups = rankings.nomination_groups(contest)
        problems = regional_problems(groups)
        if problems:
            raise DomainError(" ".join(problems))
        _withdraw_proposals(Award.objects.filter(contest=contest), actor=actor)
        awards = []
        for group in groups:
            for entry in group.winners:
                participation = Participation.objects.get(pk=entry.participation.pk)
                awards.append(
                    Award.objects.create(
                        contest=contest,
                        participation=participation,
                        level=DecisionLevel.REGIONAL,
                        nomination=group.nomination,
                        sector=group.sector,
                        size_category=group.size_category,
                        place=entry.place,
                        total=entry.total,
                        **_award_names(entry, group),
                    )
                )
                if participation.state == S.MUNICIPAL_WINNER:
                    transition(
                        participation,
                        "propose_regional",
                        actor=actor,
                        params={"group": group.title, "place": entry.place},
                    )
    return awards


def _withdraw_proposals(awards, *, actor: User, move: str = "revise_proposal") -> None:
    """Delete the undecided regional proposals among `awards` and move their participations back to «municipal
    winner» (a participation proposed in two nominations goes back once): the commission revises its proposal, or
    (move="withdraw_proposal") staff reopened the municipal decision behind it."""
    previous = awards.filter(level=DecisionLevel.REGIONAL, decision__isnull=True, voided_at__isnull=True)
    for participation in Participation.objects.filter(
        pk__in=previous.values("participation_id"), state=S.REGIONAL_SHORTLIST
    ):
        transition(participation, move, actor=actor)
    previous.delete()


def record_regional_decision(contest: Contest, *, actor: User, number: str, day: date, scan=None) -> Decision:
    """Record the regional interdepartmental commission's protocol naming the winners (п. 4.11–4.12).

    Side effects: Decision with its snapshot and covered participations (every forwarded one), the proposed Awards
    bound to it, states «победитель смотра-конкурса», letters. Refused while the proposal no longer matches the rankings.
    """
    require(actor, "contest.record_regional_decision")
    if not number.strip():
        raise DomainError(_("Укажите номер протокола."))
    with transaction.atomic():
        _lock_contest(contest)
        return _record_regional(contest, actor=actor, number=number, day=day, scan=scan)


def _record_regional(contest: Contest, *, actor: User, number: str, day: date, scan) -> Decision:
    if regional_decision_of(contest) is not None:
        raise DomainError(_("Решение краевой комиссии уже внесено."))
    list(
        Participation.objects.select_for_update()
        .filter(contest=contest, state__in=FORWARDED_STATES)
        .values_list("pk", flat=True)
    )
    awards = list(
        Award.objects.filter(
            contest=contest, level=DecisionLevel.REGIONAL, decision__isnull=True, voided_at__isnull=True
        ).select_related("participation__organization", "nomination", "sector")
    )
    if not awards:
        raise DomainError(_("Сначала краевая комиссия должна предложить победителей в номинациях."))
    groups = rankings.nomination_groups(contest)
    if proposal_outdated(awards, groups):
        raise DomainError(
            _("Рейтинги изменились после предложения победителей: краевая комиссия должна предложить их заново.")
        )
    ranked = [group for group in groups if group.entries]
    decision = Decision(
        contest=contest,
        level=DecisionLevel.REGIONAL,
        number=number.strip(),
        date=day,
        recorded_by=actor,
        snapshot=build_snapshot(
            contest,
            level=DecisionLevel.REGIONAL,
            groups=ranked,
            municipal_decisions=_municipal_decisions_in_force(contest),
        ),
    )
    _attach_scan(decision, scan)
    decision.full_clean()
    decision.save()
    for award in awards:
        award.decision = decision
        award.save(update_fields=["decision"])
    for participation in {award.participation for award in awards}:
        names = "; ".join(
            f"{a.nomination}{' (' + a.sector.name + ')' if a.sector else ''} — {a.place} место"
            for a in awards
            if a.participation_id == participation.pk
        )
        transition(participation, "win_regional_stage", actor=actor, reason=str(decision), context={"names": names})
    covered = {entry.participation.pk for group in ranked for entry in group.entries}
    decision.participations.set(covered)
    winners = {award.participation_id for award in awards}
    others = Participation.objects.filter(pk__in=covered - winners).select_related("organization").order_by("pk")
    tell_stage_results(decision, others, actor=actor)
    return decision
