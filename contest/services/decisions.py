"""The commissions' decisions: ties across the prize line (R9), the municipal protocol and forwarding (п. 4.5, 4.7), the
regional commission's proposal and protocol (п. 4.10–4.11), and staff's reopening of a decision.

A decision is a snapshot of what it approved (see contest.snapshots): recording one stores every ranked entry of
every group with its total, place, shared place, tie resolution and the verified values behind it, plus the excluded
and disqualified with their reasons, and links the participations it covers; change_state and the write services then
refuse to change them while it is in force. Reopening is staff's act with a reason: the decision is voided (kept), its
awards and certificates with it, municipal winners go back to «verified» and regional winners to «municipal winner»
(the regional commission proposes again), and a new decision is needed. The regional decision closes forwarding: no
municipal decision is accepted after it.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import scoring

from .. import rankings, snapshots
from ..enums import (
    FORWARDED_STATES,
    MUNICIPAL_COMMISSION_ROLES,
    REGIONAL_COMMISSION_ROLES,
    REMOVED_STATES,
    DecisionLevel,
    ParticipationState,
    Role,
    TieMode,
)
from ..exceptions import DomainError
from ..files import check_upload
from ..models import (
    AuditRecord,
    Award,
    Certificate,
    Contest,
    Correction,
    Decision,
    Participation,
    TieResolution,
    User,
)
from .participation import (
    card_values,
    change_state,
    deadline_passed,
    log,
    municipal_stage_decision,
    notify,
    tell_organization,
)
from .review import value_text

S = ParticipationState

# ---------------------------------------------------------------------------------------------------------------------
# Who may


def _require_secretary(actor: User, municipality_id: int) -> None:
    if actor.is_staff_member or (actor.works_in(municipality_id, Role.MUNICIPAL_SECRETARY)):
        return
    raise DomainError(_("Решение межведомственной комиссии вносит секретарь территориальной конкурсной комиссии."))


def _require_regional(actor: User, *, secretary: bool = False) -> None:
    if actor.is_staff_member:
        return
    roles = {Role.REGIONAL_SECRETARY} if secretary else REGIONAL_COMMISSION_ROLES
    if not actor.has_role(*roles):
        raise DomainError(
            _("Это действие выполняет секретарь краевой конкурсной комиссии.")
            if secretary
            else _("Это действие выполняет краевая конкурсная комиссия.")
        )


def _lock_contest(contest: Contest) -> None:
    """Decisions, tie resolutions, proposals and reopenings of one contest run one at a time: each checks what it may
    do after taking this lock, inside its transaction, so two clicks at once never record two protocols."""
    Contest.objects.select_for_update().filter(pk=contest.pk).first()


def regional_decision_of(contest: Contest) -> Decision | None:
    """The regional decision in force, if any."""
    return Decision.objects.active().defer("snapshot").filter(contest=contest, level=DecisionLevel.REGIONAL).first()


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
        _require_secretary(actor, participants[0].organization.municipality_id)
    else:
        _require_regional(actor)
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
    action = (
        _("Решение при равенстве баллов — участники делят место: %(group)s")
        if mode == TieMode.SHARE
        else _("Решение при равенстве баллов — порядок мест: %(group)s")
    )
    for participation in participants:
        log(participation, actor=actor, action=action % {"group": group.title}, reason=resolution.reason)
    return resolution


# ---------------------------------------------------------------------------------------------------------------------
# Snapshots


def _corrections_by_participation(ids: Iterable[int]) -> dict[int, list[Correction]]:
    corrections: dict[int, list[Correction]] = defaultdict(list)
    for correction in Correction.objects.filter(participation_id__in=list(ids)).order_by("created_at", "pk"):
        corrections[correction.participation_id].append(correction)
    return corrections


def _entry_data(
    entry: rankings.Entry, corrections: list[Correction], labels: dict[str, str], state: str
) -> dict[str, Any]:
    participation = entry.participation
    organization = participation.organization
    values = {key: value_text(value) for key, value in card_values(participation.card).items()}
    for correction in corrections:  # the latest correction of a key is the verified value
        values[correction.key] = correction.value
    return {
        "participation": participation.pk,
        "organization": organization.pk,
        "name": organization.short_name or organization.full_name,
        "full_name": organization.full_name,
        "inn": organization.inn,
        "municipality": organization.municipality.name,
        "sector": participation.sector.name,
        "state": state,
        "total": str(entry.total),
        "declared_total": None if participation.card.declared_total is None else str(participation.card.declared_total),
        "place": entry.place,
        "tied": entry.tied,
        "shared": entry.shared,
        "prize": entry.prize,
        "values": values,
        "corrections": [
            {
                "key": c.key,
                "label": labels.get(c.key, c.key),
                "declared": c.declared,
                "value": c.value,
                "reason": c.reason,
            }
            for c in corrections
        ],
    }


def _tie_data(group: rankings.Group) -> dict[str, Any] | None:
    resolution = group.resolution
    if resolution is None:
        return None
    return {
        "participants": list(resolution.order),
        "mode": resolution.mode,
        "reason": resolution.reason,
        "decided_by": resolution.decided_by.full_name,
        "decided_at": resolution.created_at.isoformat(),
    }


def _removed(contest: Contest, municipality_id: int) -> list[Participation]:
    return list(
        Participation.objects.filter(
            contest=contest, organization__municipality_id=municipality_id, state__in=REMOVED_STATES
        )
        .select_related("organization__municipality", "sector")
        .order_by("organization__full_name", "pk")
    )


def _removed_data(participations: list[Participation]) -> list[dict[str, Any]]:
    reasons: dict[int, str] = {}
    records = AuditRecord.objects.filter(
        participation_id__in=[p.pk for p in participations], to_state__in=REMOVED_STATES
    ).order_by("created_at", "pk")
    states = {p.pk: p.state for p in participations}
    for record in records:
        if record.to_state == states[record.participation_id]:
            reasons[record.participation_id] = record.reason  # the latest move to the current state
    return [
        {
            "participation_id": p.pk,
            "name": p.organization.short_name or p.organization.full_name,
            "full_name": p.organization.full_name,
            "inn": p.organization.inn,
            "municipality": p.organization.municipality.name,
            "sector": p.sector.name,
            "state": p.state,
            "reason": reasons.get(p.pk, ""),
        }
        for p in participations
    ]


def removed_in(contest: Contest, municipality_id: int) -> list[snapshots.Removed]:
    """The municipality's excluded and disqualified participants with the reasons, as a decision would record them."""
    return [snapshots.Removed(**item) for item in _removed_data(_removed(contest, municipality_id))]


def build_snapshot(
    contest: Contest,
    *,
    level: str,
    groups: list[rankings.Group],
    removed: list[Participation] = (),
    municipal_decisions: Iterable[Decision] = (),
) -> dict[str, Any]:
    """The JSON snapshot of what a decision approves (contest.snapshots reads it), each entry in the state the decision
    leaves it (its winners moved on). Reads the corrections in one query."""
    labels = {spec.key: spec.label for spec in scoring.get_table(contest.scoring_table).inputs}
    ids = {entry.participation.pk for group in groups for entry in group.entries}
    corrections = _corrections_by_participation(ids)
    winners = {entry.participation.pk for group in groups for entry in group.winners}
    winner_state = S.MUNICIPAL_WINNER if level == DecisionLevel.MUNICIPAL else S.REGIONAL_WINNER

    def state_of(participation: Participation) -> str:
        return winner_state if participation.pk in winners else participation.state

    return {
        "version": snapshots.VERSION,
        "level": level,
        "groups": [
            {
                "key": group.key,
                "title": group.title,
                "size_category": group.size_category,
                "sector": group.sector.name if group.sector else "",
                "nomination": group.nomination.name if group.nomination else "",
                "nomination_id": group.nomination.pk if group.nomination else None,
                "places": group.places,
                "entries": [
                    _entry_data(
                        entry, corrections.get(entry.participation.pk, []), labels, state_of(entry.participation)
                    )
                    for entry in group.entries
                ],
                "tie": _tie_data(group),
            }
            for group in groups
        ],
        "removed": _removed_data(list(removed)),
        "municipal_decisions": [
            {
                "decision_id": decision.pk,
                "municipality": decision.municipality.name,
                "number": decision.number,
                "date": decision.date.isoformat(),
            }
            for decision in municipal_decisions
        ],
    }


def snapshot_of(decision: Decision) -> snapshots.Snapshot:
    """What the decision approved. A decision recorded before snapshots existed gets one from today's data, once."""
    if not decision.snapshot:
        decision.snapshot = _backfill(decision)
        decision.save(update_fields=["snapshot"])
    return snapshots.read(decision.snapshot)


def _backfill(decision: Decision) -> dict[str, Any]:
    contest = decision.contest
    if decision.level == DecisionLevel.MUNICIPAL:
        groups = rankings.municipal_groups(contest, decision.municipality_id)
        removed = _removed(contest, decision.municipality_id)
        refs: list[Decision] = []
    else:
        groups = [group for group in rankings.nomination_groups(contest) if group.entries]
        removed = []
        refs = list(_municipal_decisions_in_force(contest))
    return build_snapshot(contest, level=decision.level, groups=groups, removed=removed, municipal_decisions=refs)


def _municipal_decisions_in_force(contest: Contest):
    return (
        Decision.objects.active()
        .filter(contest=contest, level=DecisionLevel.MUNICIPAL)
        .select_related("municipality")
        .order_by("municipality__position", "municipality__name")
    )


def _award_names(entry: rankings.Entry, group: rankings.Group) -> dict[str, str]:
    organization = entry.participation.organization
    return {
        "organization_name": organization.full_name,
        "municipality_name": organization.municipality.name,
        "sector_name": group.sector.name if group.sector else "",
        "nomination_name": group.nomination.name if group.nomination else "",
    }


# ---------------------------------------------------------------------------------------------------------------------
# Stage 1: the municipal decision


def _attach_scan(decision: Decision, uploaded) -> None:
    if uploaded is None:
        return
    try:
        _, name = check_upload(uploaded, kind="decision")
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    decision.original_name = name
    decision.file.save(name, uploaded, save=False)


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
    _require_secretary(actor, municipality_id)
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
                change_state(
                    participation,
                    to=S.MUNICIPAL_WINNER,
                    actor=actor,
                    action=_("Победитель муниципального этапа: %(group)s; направлен на краевой этап")
                    % {"group": group.title},
                    reason=str(decision),
                )
                tell_organization(
                    participation,
                    subject=_("Победа в муниципальном этапе смотра-конкурса"),
                    body=_(
                        "Организация заняла первое место (%(group)s) в муниципальном этапе и направлена на краевой этап. %(decision)s."
                    )
                    % {"group": group.title, "decision": decision},
                )
        covered = {entry.participation.pk for group in groups for entry in group.entries} | {p.pk for p in removed}
        decision.participations.set(covered)
        return decision


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
    _require_regional(actor)
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
                    change_state(
                        participation,
                        to=S.REGIONAL_SHORTLIST,
                        actor=actor,
                        action=_("Предложена краевой комиссией: %(group)s, %(place)s место")
                        % {"group": group.title, "place": entry.place},
                    )
    return awards


def _withdraw_proposals(awards, *, actor: User, action: str = "") -> None:
    """Delete the undecided regional proposals among `awards` and move their participations back to «municipal
    winner» (a participation proposed in two nominations goes back once)."""
    previous = awards.filter(level=DecisionLevel.REGIONAL, decision__isnull=True, voided_at__isnull=True)
    for participation in Participation.objects.filter(
        pk__in=previous.values("participation_id"), state=S.REGIONAL_SHORTLIST
    ):
        change_state(participation, to=S.MUNICIPAL_WINNER, actor=actor, action=action or _("Предложение пересмотрено"))
    previous.delete()


def record_regional_decision(contest: Contest, *, actor: User, number: str, day: date, scan=None) -> Decision:
    """Record the regional interdepartmental commission's protocol naming the winners (п. 4.11–4.12).

    Side effects: Decision with its snapshot and covered participations (every forwarded one), the proposed Awards
    bound to it, states «победитель смотра-конкурса», letters. Refused while the proposal no longer matches the rankings.
    """
    _require_regional(actor, secretary=True)
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
        change_state(
            participation,
            to=S.REGIONAL_WINNER,
            actor=actor,
            action=_("Победитель смотра-конкурса"),
            reason=str(decision),
        )
        names = "; ".join(
            f"{a.nomination}{' (' + a.sector.name + ')' if a.sector else ''} — {a.place} место"
            for a in awards
            if a.participation_id == participation.pk
        )
        tell_organization(
            participation,
            subject=_("Организация — победитель смотра-конкурса"),
            body=_(
                "Решением краевой межведомственной комиссии по охране труда (%(decision)s) организация признана победителем: %(names)s."
            )
            % {"decision": decision, "names": names},
        )
    decision.participations.set({entry.participation.pk for group in ranked for entry in group.entries})
    return decision


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
    if not actor.is_staff_member:
        raise DomainError(_("Отменить решение комиссии может только сотрудник департамента труда."))
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
        action = _("Решение отменено департаментом труда: %(decision)s") % {"decision": decision}
        if decision.level == DecisionLevel.MUNICIPAL:
            _withdraw_proposals(
                Award.objects.filter(participation__in=covered),
                actor=actor,
                action=_("Предложение краевой комиссии снято: решение муниципальной комиссии отменено"),
            )
            back_from = S.MUNICIPAL_WINNER
            back_to = S.VERIFIED
        else:
            back_from = S.REGIONAL_WINNER
            back_to = S.MUNICIPAL_WINNER
        for participation in covered:
            participation.refresh_from_db(fields=["state"])
            if participation.state == back_from:
                change_state(participation, to=back_to, actor=actor, action=action, reason=decision.void_reason)
            else:
                log(participation, actor=actor, action=action, reason=decision.void_reason)
            tell_organization(
                participation,
                subject=_("Решение комиссии отменено"),
                body=_(
                    "Департамент труда отменил решение (%(decision)s). Причина: %(reason)s\n"
                    "Итоги будут подведены заново; мы сообщим о новом решении."
                )
                % {"decision": decision, "reason": decision.void_reason},
            )
        if decision.level == DecisionLevel.MUNICIPAL:
            secretaries = User.objects.holding(*MUNICIPAL_COMMISSION_ROLES, municipality=decision.municipality_id)
        else:
            secretaries = User.objects.holding(*REGIONAL_COMMISSION_ROLES)
        notify(
            secretaries,
            subject=_("Решение комиссии отменено: %(decision)s") % {"decision": decision},
            body=_("Причина: %(reason)s\nНужно новое решение комиссии.") % {"reason": decision.void_reason},
        )
    return decision
