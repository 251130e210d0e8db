"""The commissions' side: verification (п. 4.4.3), document requests (п. 5.2), exclusion (п. 4.9, R7), ranking ties (R9),
the municipal decision and forwarding (п. 4.5, 4.7), and stage 2: proposals by nomination and the regional decision.

Every state change goes through participation.change_state; letters go to the organization after commit.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import scoring

from .. import rankings
from ..enums import (
    MUNICIPAL_COMMISSION_ROLES,
    REGIONAL_COMMISSION_ROLES,
    DecisionLevel,
    ParticipationState,
    Role,
)
from ..exceptions import DomainError
from ..files import check_upload
from ..models import Award, Contest, Correction, Decision, DocumentRequest, Participation, TieResolution, User
from .participation import card_values, change_state, deadline_passed, log, notify, tell_organization

S = ParticipationState


# ---------------------------------------------------------------------------------------------------------------------
# Who may


def _require_commission(participation: Participation, actor: User) -> None:
    """Members, the secretary and the labour office of the participant's municipality, and staff."""
    if actor.is_staff_member:
        return
    if actor.role in MUNICIPAL_COMMISSION_ROLES and actor.municipality_id == participation.organization.municipality_id:
        return
    raise DomainError(
        _("Это действие выполняет территориальная конкурсная комиссия муниципального образования участника.")
    )


def _require_secretary(actor: User, municipality_id: int) -> None:
    if actor.is_staff_member or (actor.role == Role.MUNICIPAL_SECRETARY and actor.municipality_id == municipality_id):
        return
    raise DomainError(_("Решение межведомственной комиссии вносит секретарь территориальной конкурсной комиссии."))


def _require_regional(actor: User, *, secretary: bool = False) -> None:
    if actor.is_staff_member:
        return
    roles = {Role.REGIONAL_SECRETARY} if secretary else REGIONAL_COMMISSION_ROLES
    if actor.role not in roles:
        raise DomainError(
            _("Это действие выполняет секретарь краевой конкурсной комиссии.")
            if secretary
            else _("Это действие выполняет краевая конкурсная комиссия.")
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


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize() if value != value.to_integral_value() else value.quantize(Decimal(1)), "f")
    return str(value).strip().replace(",", ".")


def _shown(text: str) -> str:
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
    if participation.state not in {S.UNDER_REVIEW, S.DOCUMENTS_REQUESTED, S.VERIFIED}:
        raise DomainError(_("Исправлять значения можно, пока карта на проверке."))
    if not reason.strip():
        raise DomainError(_("Укажите основание исправления."))
    spec = _spec(participation, key)
    new_text = _text(value)
    values = {**verified_values(participation), key: _parse(new_text, participation, key)}
    try:
        scoring.score_card(values, table=participation.contest.scoring_table)
    except scoring.InvalidCard as invalid:
        raise DomainError(" ".join(f"{_label(participation, k)}: {m}" for k, m in invalid.errors.items())) from None
    declared = _text(card_values(participation.card)[key])
    previous = _text(verified_values(participation)[key])
    if new_text == previous:
        raise DomainError(_("Это значение уже учтено."))
    with transaction.atomic():
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
                "old": _shown(previous),
                "new": _shown(new_text),
                "total": "—" if total is None else _shown(_text(total)),
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
    if participation.card.verified_total is None and recount(participation) is None:
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
    if actor.role != Role.ORGANIZATION or actor.organization_id != participation.organization_id:
        raise DomainError(_("Ответить на запрос может представитель организации."))
    if request.answered_at is not None:
        raise DomainError(_("На этот запрос уже ответили."))
    if participation.state != S.DOCUMENTS_REQUESTED:
        raise DomainError(_("Комиссия больше не ждёт ответа: материалы уже рассмотрены."))
    if not answer.strip():
        raise DomainError(_("Напишите ответ: какие документы приложены."))
    with transaction.atomic():
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
            participation.organization.municipality.users.filter(role__in=list(MUNICIPAL_COMMISSION_ROLES)),
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


# ---------------------------------------------------------------------------------------------------------------------
# Ties (R9)


def resolve_tie(
    group: rankings.Group, *, contest: Contest, actor: User, order: list[int], reason: str
) -> TieResolution:
    """Record how the commission orders participants tied at a prize place, with the reason. Side effects: saves."""
    participants = group.tied_at_prize
    if not participants:
        raise DomainError(_("В этой группе нет равенства баллов на призовом месте."))
    if group.nomination is None:
        municipality_id = participants[0].organization.municipality_id
        _require_secretary(actor, municipality_id)
        decided = Decision.objects.filter(
            contest=contest, level=DecisionLevel.MUNICIPAL, municipality_id=municipality_id
        ).exists()
    else:
        _require_regional(actor)
        decided = Decision.objects.filter(contest=contest, level=DecisionLevel.REGIONAL).exists()
    if decided:
        # The protocol named the places: a new order would change the ranking but not the awards.
        raise DomainError(
            _("Решение муниципальной комиссии уже внесено: порядок мест изменить нельзя.")
            if group.nomination is None
            else _("Решение краевой комиссии уже внесено: порядок мест изменить нельзя.")
        )
    if sorted(order) != sorted(p.pk for p in participants):
        raise DomainError(_("Расставьте по порядку всех участников с равными баллами."))
    if not reason.strip():
        raise DomainError(_("Укажите основание решения о порядке мест."))
    with transaction.atomic():
        resolution = TieResolution.objects.create(
            contest=contest, group=group.key, order=list(order), reason=reason.strip(), decided_by=actor
        )
        for participation in participants:
            log(
                participation,
                actor=actor,
                action=_("Решение при равенстве баллов: %(group)s") % {"group": group.title},
                reason=resolution.reason,
            )
    return resolution


# ---------------------------------------------------------------------------------------------------------------------
# Decisions


def _attach_scan(decision: Decision, uploaded) -> None:
    if uploaded is None:
        return
    try:
        _, name = check_upload(uploaded, kind="decision")
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    decision.original_name = name
    decision.file.save(name, uploaded, save=False)


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
    of every group becomes a municipal winner and is forwarded to stage 2 (п. 4.7).

    Side effects: Decision, Awards, states «победитель муниципального этапа», AuditRecords, letters. After the
    forwarding deadline only staff may record it, with a reason.
    """
    _require_secretary(actor, municipality_id)
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
    if Decision.objects.filter(
        contest=contest, level=DecisionLevel.MUNICIPAL, municipality_id=municipality_id
    ).exists():
        raise DomainError(_("Решение муниципальной комиссии уже внесено."))
    groups = rankings.municipal_groups(contest, municipality_id)
    problems = municipal_problems(groups)
    if problems:
        raise DomainError(" ".join(problems))
    with transaction.atomic():
        decision = Decision(
            contest=contest,
            level=DecisionLevel.MUNICIPAL,
            municipality_id=municipality_id,
            number=number.strip(),
            date=day,
            recorded_by=actor,
            late_reason=late_reason.strip(),
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
    return decision


def municipal_problems(groups: list[rankings.Group]) -> list[str]:
    """What prevents approving the municipal results; empty when the protocol can be recorded."""
    if not groups:
        return [_("Нет участников для подведения итогов.")]
    problems = []
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


def propose_regional_winners(contest: Contest, *, actor: User) -> list[Award]:
    """The regional commission proposes the best of each nomination (п. 4.10) from the current rankings.

    Side effects: replaces earlier undecided proposals with Award rows, states «предложена краевой комиссией».
    """
    _require_regional(actor)
    if Decision.objects.filter(contest=contest, level=DecisionLevel.REGIONAL).exists():
        raise DomainError(_("Решение краевой комиссии уже внесено."))
    groups = rankings.nomination_groups(contest)
    problems = regional_problems(groups)
    if problems:
        raise DomainError(" ".join(problems))
    with transaction.atomic():
        previous = Award.objects.filter(contest=contest, level=DecisionLevel.REGIONAL, decision__isnull=True)
        # A participation proposed in two nominations goes back once.
        for participation in Participation.objects.filter(
            pk__in=previous.values("participation_id"), state=S.REGIONAL_SHORTLIST
        ):
            change_state(participation, to=S.MUNICIPAL_WINNER, actor=actor, action=_("Предложение пересмотрено"))
        previous.delete()
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


def record_regional_decision(contest: Contest, *, actor: User, number: str, day: date, scan=None) -> Decision:
    """Record the regional interdepartmental commission's protocol naming the winners (п. 4.11–4.12).

    Side effects: Decision, the proposed Awards bound to it, states «победитель смотра-конкурса», letters.
    """
    _require_regional(actor, secretary=True)
    if not number.strip():
        raise DomainError(_("Укажите номер протокола."))
    awards = list(
        Award.objects.filter(contest=contest, level=DecisionLevel.REGIONAL, decision__isnull=True).select_related(
            "participation__organization", "nomination", "sector"
        )
    )
    if not awards:
        raise DomainError(_("Сначала краевая комиссия должна предложить победителей в номинациях."))
    if Decision.objects.filter(contest=contest, level=DecisionLevel.REGIONAL).exists():
        raise DomainError(_("Решение краевой комиссии уже внесено."))
    with transaction.atomic():
        decision = Decision(
            contest=contest, level=DecisionLevel.REGIONAL, number=number.strip(), date=day, recorded_by=actor
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
    return decision
