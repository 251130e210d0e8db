"""The participant's side of the contest: application, consent, information card, approvals, files, deadlines.

Every state change goes through change_state(): it checks TRANSITIONS, locks the row, saves, writes an AuditRecord and
queues notifications after commit. Functions here raise DomainError with a message for the user when a rule forbids
what was asked.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

import scoring

from ..enums import (
    APPLICATION_EDITABLE,
    APPROVER_ROLE_BODY,
    ATTACHMENT_STATES,
    CARD_EDITABLE,
    COMMISSION_ATTACHMENT_KINDS,
    COMMISSION_ATTACHMENT_STATES,
    FORWARDED_STATES,
    MUNICIPAL_COMMISSION_ROLES,
    STAGE_1_ENTRY,
    TRANSITIONS,
    ApprovalState,
    ApprovingBody,
    AttachmentKind,
    DeadlineKind,
    DecisionLevel,
    ParticipationState,
    Role,
)
from ..exceptions import DomainError
from ..files import check_upload
from ..models import (
    Application,
    Approval,
    Attachment,
    AuditRecord,
    Contest,
    DeadlineExtension,
    Decision,
    InfoCard,
    Organization,
    Participation,
    PersonalDataConsent,
    User,
)
from .notifications import send_after_commit

S = ParticipationState

# The consent text (152-ФЗ, ст. 9) is a versioned template, templates/contest/consent/<version>.txt: shown on its own
# page and stored with each consent as it was shown. A new wording is a new file and a new version here.
CONSENT_VERSION = "2026-1"


def consent_text(name: str) -> str:
    return render_to_string(f"contest/consent/{CONSENT_VERSION}.txt", {"name": name}).strip()


# ---------------------------------------------------------------------------------------------------------------------
# The one door for state changes


def change_state(
    participation: Participation, *, to: str, actor: User | None, action: str, reason: str = ""
) -> Participation:
    """Move a participation to another state.

    Side effects: locks and saves the participation, writes an AuditRecord. Raises DomainError for a move that
    TRANSITIONS does not allow from the state the row has in the database, and for any move of a participation a
    decision in force has frozen (a municipal decision leaves the stage-2 moves between the forwarded states open).
    """
    with transaction.atomic():
        locked = Participation.objects.select_for_update().get(pk=participation.pk)
        if locked.state == to:
            raise DomainError(_("Это уже сделано: состояние — «%(state)s».") % {"state": S(to).label})
        if to not in TRANSITIONS[locked.state]:
            raise DomainError(
                _("Нельзя перейти из состояния «%(from)s» в «%(to)s».")
                % {"from": S(locked.state).label, "to": S(to).label}
            )
        decision = covering_decision(locked)
        stage_2_move = locked.state in FORWARDED_STATES and to in FORWARDED_STATES
        if decision is not None and not (decision.level == DecisionLevel.MUNICIPAL and stage_2_move):
            raise DomainError(frozen_message(decision))
        if to in STAGE_1_ENTRY or (to == S.UNDER_REVIEW and locked.state == S.CARD_SUBMITTED):
            ensure_stage_open(participation)  # a card sent while the municipal decision was being recorded stays out
        from_state = locked.state
        locked.state = to
        locked.save(update_fields=["state", "updated_at"])
        AuditRecord.objects.create(
            participation=locked,
            actor=actor,
            **_identity(actor),
            action=action,
            from_state=from_state,
            to_state=to,
            reason=reason,
        )
    participation.state = to
    participation.updated_at = locked.updated_at
    return participation


def lock(participation: Participation) -> Participation:
    """Lock the participation's row until the transaction ends and refresh the instance's state from it, so that the
    caller checks its preconditions on what the database holds, not on a copy read before another request changed it.
    Call inside transaction.atomic()."""
    locked = Participation.objects.select_for_update().only("state", "updated_at").get(pk=participation.pk)
    participation.state = locked.state
    participation.updated_at = locked.updated_at
    return participation


def covering_decision(participation: Participation) -> Decision | None:
    """The decision in force that covers the participation (the regional one first), if any: it freezes the card's
    values, the files and the state (see change_state)."""
    return (
        Decision.objects.active()
        .defer("snapshot")  # only its name is needed here, not what it approved
        .filter(participations=participation.pk)
        .select_related("municipality")
        .order_by("-level")  # «regional» after «municipal» in the alphabet
        .first()
    )


def frozen_message(decision: Decision) -> str:
    commission = (
        _("краевой межведомственной комиссии")
        if decision.level == DecisionLevel.REGIONAL
        else _("межведомственной комиссии муниципального образования %(name)s") % {"name": decision.municipality}
    )
    return _(
        "Итоги утверждены решением %(commission)s (%(decision)s): значения карты, файлы и состояние участника больше "
        "не меняются. Изменить их можно, только если департамент труда отменит это решение."
    ) % {"commission": commission, "decision": decision}


def ensure_not_frozen(participation: Participation) -> None:
    """Raise DomainError naming the decision when a decision in force covers the participation."""
    decision = covering_decision(participation)
    if decision is not None:
        raise DomainError(frozen_message(decision))


def municipal_stage_decision(contest: Contest, municipality_id: int) -> Decision | None:
    """The municipal decision in force of the municipality: once it is recorded, the municipal stage is closed."""
    return (
        Decision.objects.active()
        .defer("snapshot")
        .filter(contest=contest, level=DecisionLevel.MUNICIPAL, municipality_id=municipality_id)
        .select_related("municipality")
        .first()
    )


def ensure_stage_open(participation: Participation) -> None:
    """Raise DomainError when the municipal stage of the participant's municipality is already summed up."""
    decision = municipal_stage_decision(participation.contest, participation.organization.municipality_id)
    if decision is not None:
        raise DomainError(
            _("Итоги муниципального этапа уже утверждены (%(decision)s): карты больше не принимаются.")
            % {"decision": decision}
        )


def log(participation: Participation, *, actor: User | None, action: str, reason: str = "") -> AuditRecord:
    """Record an action that does not change the state (a saved draft, an uploaded file, an approval)."""
    return AuditRecord.objects.create(
        participation=participation, actor=actor, **_identity(actor), action=action, reason=reason
    )


def _identity(actor: User | None) -> dict[str, str]:
    return actor.audit_identity() if actor is not None else {}


def notify(recipients: Iterable[User], *, subject: str, body: str) -> None:
    """Write to each active recipient with an address, after the transaction commits."""
    send_after_commit((user.email for user in recipients if user.is_active), subject=subject, body=body)


def tell_organization(participation: Participation, *, subject: str, body: str) -> None:
    """Write to the organization's representatives, after commit."""
    notify(
        User.objects.holding(Role.ORGANIZATION, organization=participation.organization_id),
        subject=subject,
        body=body,
    )


def _municipal(participation: Participation, roles: Iterable[str]) -> Iterable[User]:
    return User.objects.holding(*roles, municipality=participation.organization.municipality_id)


# ---------------------------------------------------------------------------------------------------------------------
# Deadlines


def deadline_passed(day: date | None, *, today: date | None = None) -> bool:
    """A deadline is a whole day in Moscow time, inclusive: «не позднее 1 февраля» still allows 1 February."""
    return day is not None and (today or timezone.localdate()) > day


def _check_deadline(contest: Contest, kind: str) -> None:
    day = {
        DeadlineKind.APPLICATION: contest.application_deadline,
        DeadlineKind.CARD: contest.card_deadline,
        DeadlineKind.FORWARDING: contest.forwarding_deadline,
    }[kind]
    if deadline_passed(day):
        raise DomainError(
            _("Срок «%(what)s» истёк %(day)s. Если срок продлят, подать можно будет снова.")
            % {"what": DeadlineKind(kind).label, "day": day.strftime("%d.%m.%Y")}
        )


@transaction.atomic
def extend_deadline(contest: Contest, *, kind: str, new_date: date, reason: str, actor: User) -> DeadlineExtension:
    """Move one of the contest's deadlines (staff only), keeping the old date and the reason.

    Side effects: saves the contest's deadline field and writes a DeadlineExtension.
    """
    if not actor.is_staff_member:
        raise DomainError(_("Продлевать сроки могут только сотрудники департамента труда."))
    if not reason.strip():
        raise DomainError(_("Укажите причину продления срока."))
    field = {
        DeadlineKind.APPLICATION: "application_deadline",
        DeadlineKind.CARD: "card_deadline",
        DeadlineKind.FORWARDING: "forwarding_deadline",
    }[kind]
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    old_date = getattr(contest, field)
    if old_date is not None and new_date <= old_date:
        raise DomainError(
            _("Новый срок должен быть позже прежнего (%(day)s).") % {"day": old_date.strftime("%d.%m.%Y")}
        )
    setattr(contest, field, new_date)
    try:
        contest.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    contest.save(update_fields=[field])
    return DeadlineExtension.objects.create(
        contest=contest, kind=kind, old_date=old_date, new_date=new_date, reason=reason.strip(), extended_by=actor
    )


# ---------------------------------------------------------------------------------------------------------------------
# Application (Appendix 1)


@transaction.atomic
def start_participation(organization: Organization, *, contest: Contest, actor: User) -> Participation:
    """Open a draft application of the organization to the contest, filled in from its profile.

    Side effects: creates Participation, Application and an empty InfoCard; writes an AuditRecord.
    """
    if Participation.objects.filter(contest=contest, organization=organization).exists():
        raise DomainError(_("Организация уже участвует в этом смотре-конкурсе."))
    _check_deadline(contest, DeadlineKind.APPLICATION)
    # The profile's sector may come from an earlier contest's list: the same code in this contest's list.
    sector = contest.sectors.filter(code=organization.sector.code).first() if organization.sector_id else None
    if sector is None:
        raise DomainError(_("Укажите в профиле организации отрасль экономики — от неё зависит, с кем вы соревнуетесь."))
    participation = Participation(
        contest=contest, organization=organization, sector=sector, size_category=organization.size_category
    )
    participation.full_clean()
    participation.save()
    Application.objects.create(
        participation=participation,
        full_name=organization.full_name,
        legal_address=organization.legal_address,
        phone=organization.phone,
    )
    InfoCard.objects.create(
        participation=participation,
        avg_headcount=organization.avg_headcount,
        public_share_pct=organization.public_share_pct,
    )
    log(participation, actor=actor, action=_("Создан черновик заявки"))
    return participation


APPLICATION_FIELDS = (
    "full_name",
    "legal_address",
    "phone",
    "head_name",
    "head_position",
    "has_union_body",
    "union_chair_name",
    "union_chair_position",
    "agrees_with_regulation",
    "data_complete_and_true",
    "aware_of_exclusion",
    "joint_decision",
)


@transaction.atomic
def update_application(
    application: Application, *, actor: User, sector_id: int | None = None, **fields: Any
) -> Application:
    """Save the draft application's fields (and the sector it competes in). Side effects: saves (drafts are not logged)."""
    participation = application.participation
    if participation.state not in APPLICATION_EDITABLE:
        raise DomainError(_("Заявка уже подана — изменить её нельзя."))
    unknown = set(fields) - set(APPLICATION_FIELDS)
    if unknown:
        raise ValueError(f"Unknown application fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(application, name, value)
    application.full_clean()
    application.save()
    if sector_id is not None and sector_id != participation.sector_id:
        participation.sector = participation.contest.sectors.get(pk=sector_id)
        participation.full_clean()
        participation.save(update_fields=["sector", "updated_at"])
    return application


def give_consent(participation: Participation, *, user: User, subject_name: str) -> PersonalDataConsent:
    """Record the person's consent to the processing of personal data, with the text as shown. Side effects: saves."""
    name = " ".join(subject_name.split())
    if not name:
        raise DomainError(_("Укажите фамилию, имя и отчество."))
    consent = PersonalDataConsent.objects.create(
        user=user,
        participation=participation,
        subject_name=name,
        text_version=CONSENT_VERSION,
        text=consent_text(name),
    )
    log(participation, actor=user, action=_("Дано согласие на обработку персональных данных"))
    return consent


def current_consent(participation: Participation, user: User) -> PersonalDataConsent | None:
    return (
        PersonalDataConsent.objects.filter(participation=participation, user=user, withdrawn_at__isnull=True)
        .order_by("-given_at")
        .first()
    )


def application_problems(application: Application, *, user: User) -> list[str]:
    """What still prevents submitting the application, in the user's words; empty when it can go."""
    problems = []
    missing = [
        application._meta.get_field(name).verbose_name
        for name in ("full_name", "legal_address", "phone", "head_name", "head_position")
        if not getattr(application, name).strip()
    ]
    if application.has_union_body:
        missing += [
            application._meta.get_field(name).verbose_name
            for name in ("union_chair_name", "union_chair_position")
            if not getattr(application, name).strip()
        ]
    if missing:
        problems.append(_("Заполните: %(fields)s.") % {"fields": "; ".join(str(m) for m in missing)})
    unconfirmed = [
        name
        for name in ("agrees_with_regulation", "data_complete_and_true", "aware_of_exclusion", "joint_decision")
        if not getattr(application, name)
    ]
    if unconfirmed:
        problems.append(_("Отметьте все подтверждения заявки (приложение № 1) и решение об участии (п. 4.2)."))
    if current_consent(application.participation, user) is None:
        problems.append(_("Дайте согласие на обработку персональных данных — это отдельный документ."))
    return problems


def submit_application(participation: Participation, *, actor: User) -> Participation:
    """Send the application to the municipal labour office.

    Side effects: fixes the size category, stamps submitted_at, changes state to «подана», writes an AuditRecord,
    e-mails the labour office after commit.
    """
    application = participation.application
    problems = application_problems(application, user=actor)
    if problems:
        raise DomainError(" ".join(problems))
    _check_deadline(participation.contest, DeadlineKind.APPLICATION)
    with transaction.atomic():
        change_state(participation, to=S.SUBMITTED, actor=actor, action=_("Заявка подана"))
        participation.size_category = participation.organization.size_category
        participation.save(update_fields=["size_category", "updated_at"])
        application.submitted_at = timezone.now()
        application.return_reason = ""
        application.save(update_fields=["submitted_at", "return_reason", "updated_at"])
        notify(
            _municipal(participation, [Role.LABOUR_OFFICE]),
            subject=_("Новая заявка на смотр-конкурс: %(org)s") % {"org": application.full_name},
            body=_(
                "Организация «%(org)s» подала заявку на участие в смотре-конкурсе. Зарегистрируйте её или верните с указанием причины."
            )
            % {"org": application.full_name},
        )
    return participation


def register_application(participation: Participation, *, actor: User, number: str = "") -> Participation:
    """The labour office registers the application. Side effects: state «зарегистрирована», AuditRecord, e-mail."""
    _require_municipal(participation, actor, {Role.LABOUR_OFFICE})
    with transaction.atomic():
        change_state(participation, to=S.REGISTERED, actor=actor, action=_("Заявка зарегистрирована"), reason=number)
        application = participation.application
        application.registered_at = timezone.now()
        application.registration_number = number.strip()
        application.save(update_fields=["registered_at", "registration_number", "updated_at"])
        tell_organization(
            participation,
            subject=_("Заявка зарегистрирована"),
            body=_(
                "Заявка организации «%(org)s» на участие в смотре-конкурсе зарегистрирована. Заполните информационную карту до %(day)s."
            )
            % {"org": application.full_name, "day": participation.contest.card_deadline.strftime("%d.%m.%Y")},
        )
    return participation


def return_application(participation: Participation, *, actor: User, reason: str) -> Participation:
    """The labour office returns the application with a reason. Side effects: state «возвращена», AuditRecord, e-mail."""
    _require_municipal(participation, actor, {Role.LABOUR_OFFICE})
    if not reason.strip():
        raise DomainError(_("Укажите причину возврата — организация увидит её."))
    with transaction.atomic():
        change_state(participation, to=S.RETURNED, actor=actor, action=_("Заявка возвращена"), reason=reason.strip())
        application = participation.application
        application.return_reason = reason.strip()
        application.save(update_fields=["return_reason", "updated_at"])
        tell_organization(
            participation,
            subject=_("Заявка возвращена на доработку"),
            body=_("Заявка организации «%(org)s» возвращена. Причина: %(reason)s\nИсправьте заявку и подайте её снова.")
            % {"org": application.full_name, "reason": reason.strip()},
        )
    return participation


def _require_municipal(participation: Participation, actor: User, roles: set[str]) -> None:
    allowed = actor.is_staff_member or (actor.works_in(participation.organization.municipality_id, *roles))
    if not allowed:
        raise DomainError(_("Это действие выполняет сектор по труду муниципального образования организации."))


# ---------------------------------------------------------------------------------------------------------------------
# Information card (Appendix 2)

SECTION_1_FIELDS = ("women_count", "teenagers_count", "hazardous_women", "fatal_accidents", "fatal_transport_no_fault")


def card_values(card: InfoCard, table: str | None = None) -> dict[str, Any]:
    """The card's inputs for the scoring module: every input key of the contest's table, None where empty."""
    table_key = table or card.participation.contest.scoring_table
    return {spec.key: _tidy(getattr(card, spec.key)) for spec in scoring.get_table(table_key).inputs}


def _tidy(value: Any) -> Any:
    """A stored Decimal(72.50) as the person typed it, 72.5, so that the reasons read «72,5 %»."""
    if isinstance(value, Decimal):
        return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return value


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
    problems = card_readiness(participation.card)
    if problems:
        raise DomainError(" ".join(problems))
    _check_deadline(participation.contest, DeadlineKind.CARD)
    ensure_stage_open(participation)
    with transaction.atomic():
        change_state(participation, to=S.CARD_APPROVAL, actor=actor, action=_("Карта направлена на согласование"))
        for body in ApprovingBody:
            Approval.objects.update_or_create(
                participation=participation,
                body=body,
                defaults={"state": ApprovalState.PENDING, "remark": "", "decided_by": None, "decided_at": None},
            )
        notify(
            _municipal(participation, APPROVER_ROLE_BODY),
            subject=_("Информационная карта на согласование: %(org)s") % {"org": participation.organization},
            body=_("Организация «%(org)s» направила информационную карту смотра-конкурса на согласование.")
            % {"org": participation.organization},
        )
    return participation


def decide_approval(approval: Approval, *, actor: User, approve: bool, remark: str = "") -> Approval:
    """An approving body approves the card or returns it with a remark; a return sends the card back to the organization.

    Side effects: saves the Approval, AuditRecord; on return also state «зарегистрирована» and an e-mail.
    """
    participation = approval.participation
    bodies = {APPROVER_ROLE_BODY[role] for role in actor.roles if role in APPROVER_ROLE_BODY}
    if approval.body not in bodies or not actor.works_in(
        participation.organization.municipality_id, *APPROVER_ROLE_BODY
    ):
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
        if approve:
            log(
                participation,
                actor=actor,
                action=_("Карта согласована: %(body)s") % {"body": approval.get_body_display()},
            )
        else:
            change_state(
                participation,
                to=S.REGISTERED,
                actor=actor,
                action=_("Карта возвращена с замечанием: %(body)s") % {"body": approval.get_body_display()},
                reason=approval.remark,
            )
            tell_organization(
                participation,
                subject=_("Информационная карта возвращена с замечанием"),
                body=_(
                    "%(body)s вернул(а) информационную карту с замечанием: %(remark)s\nИсправьте карту и направьте её на согласование снова."
                )
                % {"body": approval.get_body_display(), "remark": approval.remark},
            )
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
    problems = submission_problems(participation)
    if problems:
        raise DomainError(" ".join(problems))
    _check_deadline(participation.contest, DeadlineKind.CARD)
    ensure_stage_open(participation)
    with transaction.atomic():
        change_state(participation, to=S.CARD_SUBMITTED, actor=actor, action=_("Карта представлена в сектор по труду"))
        notify(
            _municipal(participation, [Role.LABOUR_OFFICE, Role.MUNICIPAL_MEMBER, Role.MUNICIPAL_SECRETARY]),
            subject=_("Представлена информационная карта: %(org)s") % {"org": participation.organization},
            body=_("Организация «%(org)s» представила согласованную информационную карту и аналитическую записку.")
            % {"org": participation.organization},
        )
    return participation


# ---------------------------------------------------------------------------------------------------------------------
# Files


def _store(participation: Participation, *, actor: User, kind: str, uploaded, comment: str, action: str) -> Attachment:
    """Check the file's real type and size for its kind, store it and log `action` (with %(name)s). Refused while a
    decision in force covers the participation."""
    ensure_not_frozen(participation)
    try:
        file_type, name = check_upload(uploaded, kind=kind)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    with transaction.atomic():
        attachment = Attachment(
            participation=participation,
            kind=kind,
            original_name=name,
            content_type=file_type.content_type,
            size=uploaded.size,
            comment=comment.strip(),
            uploaded_by=actor,
        )
        attachment.file.save(name, uploaded, save=False)
        attachment.save()
        log(participation, actor=actor, action=action % {"name": name}, reason=attachment.get_kind_display())
    return attachment


def _remove_file(attachment: Attachment, *, actor: User, action: str) -> None:
    participation = attachment.participation
    ensure_not_frozen(participation)
    name = attachment.original_name
    with transaction.atomic():
        attachment.delete()
        log(participation, actor=actor, action=action % {"name": name})
        transaction.on_commit(lambda: attachment.file.delete(save=False))


def added_by_commission(attachment: Attachment) -> bool:
    """Whether the file was added by the labour office, a commission member or secretary, or staff (not the organization)."""
    user = attachment.uploaded_by
    return user is not None and (user.is_staff_member or user.has_role(*MUNICIPAL_COMMISSION_ROLES))


def add_attachment(participation: Participation, *, actor: User, kind: str, uploaded, comment: str = "") -> Attachment:
    """Store an uploaded file after checking its real type and size. Side effects: writes the file, an AuditRecord."""
    if participation.state not in ATTACHMENT_STATES:
        raise DomainError(_("Сейчас добавлять файлы нельзя: материалы уже у комиссии."))
    return _store(
        participation, actor=actor, kind=kind, uploaded=uploaded, comment=comment, action=_("Добавлен файл: %(name)s")
    )


def delete_attachment(attachment: Attachment, *, actor: User) -> None:
    """Remove a file the organization added by mistake. Side effects: deletes the row and the file, AuditRecord."""
    if attachment.participation.state not in ATTACHMENT_STATES:
        raise DomainError(_("Сейчас удалять файлы нельзя: материалы уже у комиссии."))
    if added_by_commission(attachment):
        raise DomainError(_("Этот файл добавила комиссия; удалить его может только она."))
    _remove_file(attachment, actor=actor, action=_("Удалён файл: %(name)s"))


def add_commission_attachment(
    participation: Participation, *, actor: User, kind: str, uploaded, comment: str = ""
) -> Attachment:
    """The labour office, the territorial commission or staff attach a scan of the card's paper materials: the analytical
    note, the accident investigation act (п. 4.9), photos and information materials (К19), the signed card. The same
    content checks as the organization's files. Side effects: writes the file, an AuditRecord.
    """
    if not actor.has_perm("contest.review_card", participation):
        raise DomainError(
            _("Материалы карты прикладывает сектор по труду или территориальная конкурсная комиссия участника.")
        )
    if participation.state not in COMMISSION_ATTACHMENT_STATES:
        raise DomainError(
            _("Сейчас комиссия не может добавлять файлы: состояние — «%(state)s».")
            % {"state": S(participation.state).label}
        )
    if kind not in COMMISSION_ATTACHMENT_KINDS:
        raise DomainError(_("Выберите вид материала из списка."))
    return _store(
        participation,
        actor=actor,
        kind=kind,
        uploaded=uploaded,
        comment=comment,
        action=_("Комиссия добавила файл: %(name)s"),
    )


def delete_commission_attachment(attachment: Attachment, *, actor: User) -> None:
    """Remove a file the labour office, the commission or staff added by mistake, while the commission reviews the card.
    The organization's own files stay. Side effects: deletes the row and the file, AuditRecord."""
    participation = attachment.participation
    if not actor.has_perm("contest.review_card", participation):
        raise DomainError(
            _("Материалы карты удаляет сектор по труду или территориальная конкурсная комиссия участника.")
        )
    if not added_by_commission(attachment):
        raise DomainError(_("Этот файл представила организация; комиссия его не удаляет."))
    if participation.state not in COMMISSION_ATTACHMENT_STATES:
        raise DomainError(
            _("Сейчас комиссия не может удалять файлы: состояние — «%(state)s».")
            % {"state": S(participation.state).label}
        )
    _remove_file(attachment, actor=actor, action=_("Комиссия удалила файл: %(name)s"))
