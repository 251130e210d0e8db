"""The moves of a participation and the actions of its history: the contest's table for the door in core.workflow.

A new move is a Move in MOVES (from which states, to which, the permission it needs on the participation in rules.py,
its action code, who is told); a new entry that changes no state is an action code registered here and written with
core.workflow.record(). The door also obeys the freeze: a decision in force covers the participation (guard below).
"""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import register
from core.exceptions import DomainError
from core.notifications import notify
from core.workflow import Move, Notice, Workflow

from .enums import (
    APPROVER_ROLE_BODY,
    FORWARDED_STATES,
    MUNICIPAL_COMMISSION_ROLES,
    REGIONAL_COMMISSION_ROLES,
    STAGE_1_ENTRY,
    DecisionLevel,
    ParticipationState,
    Role,
)
from .models import AuditRecord, Contest, Decision, Participation, User

S = ParticipationState
L = gettext_lazy

# ---------------------------------------------------------------------------------------------------------------------
# Action codes (what the history says), with their params

APPLICATION_CREATED = register("application.created", L("Создан черновик заявки"))
CONSENT_GIVEN = register("consent.given", L("Дано согласие на обработку персональных данных"))
APPLICATION_SUBMITTED = register("application.submitted", L("Заявка подана"))
APPLICATION_REGISTERED = register("application.registered", L("Заявка зарегистрирована"))
APPLICATION_RETURNED = register("application.returned", L("Заявка возвращена"))
CARD_SENT_FOR_APPROVAL = register("card.sent_for_approval", L("Карта направлена на согласование"))
CARD_APPROVED = register("card.approved", L("Карта согласована: %(body)s"))
CARD_APPROVAL_RETURNED = register("card.approval_returned", L("Карта возвращена с замечанием: %(body)s"))
CARD_SUBMITTED = register("card.submitted", L("Карта представлена в сектор по труду"))
FILE_ADDED = register("file.added", L("Добавлен файл: %(name)s"))
FILE_DELETED = register("file.deleted", L("Удалён файл: %(name)s"))
COMMISSION_FILE_ADDED = register("file.commission_added", L("Комиссия добавила файл: %(name)s"))
COMMISSION_FILE_DELETED = register("file.commission_deleted", L("Комиссия удалила файл: %(name)s"))
REVIEW_STARTED = register("review.started", L("Карта принята на проверку"))
VALUE_CORRECTED = register(
    "review.value_corrected", L("Исправлено значение «%(label)s»: %(old)s → %(new)s; сумма баллов %(total)s")
)
REVIEW_REOPENED = register("review.reopened", L("Карта возвращена на проверку после исправления"))
CARD_VERIFIED = register("review.verified", L("Карта проверена комиссией"))
DOCUMENTS_REQUESTED = register("documents.requested", L("Запрошены документы"))
DOCUMENTS_ANSWERED = register("documents.answered", L("Организация ответила на запрос"))
EXCLUDED = register("review.excluded", L("Исключена из смотра-конкурса (п. 4.9)"))
DISQUALIFIED = register("review.disqualified", L("Отстранена: недостоверные сведения или неполный пакет документов"))
REINSTATED = register("review.reinstated", L("Возвращена к проверке"))
TIE_SHARED = register("tie.shared", L("Решение при равенстве баллов — участники делят место: %(group)s"))
TIE_ORDERED = register("tie.ordered", L("Решение при равенстве баллов — порядок мест: %(group)s"))
MUNICIPAL_WINNER = register("stage1.winner", L("Победитель муниципального этапа: %(group)s; направлен на краевой этап"))
REGIONAL_PROPOSED = register("stage2.proposed", L("Предложена краевой комиссией: %(group)s, %(place)s место"))
PROPOSAL_REVISED = register("stage2.proposal_revised", L("Предложение пересмотрено"))
PROPOSAL_WITHDRAWN = register(
    "stage2.proposal_withdrawn", L("Предложение краевой комиссии снято: решение муниципальной комиссии отменено")
)
REGIONAL_WINNER = register("stage2.winner", L("Победитель смотра-конкурса"))
DECISION_VOIDED = register("decision.voided", L("Решение отменено департаментом труда: %(decision)s"))
AWARD_ISSUED = register("award.issued", L("Выдана награда: %(kind)s № %(number)s"))
PAPER_SUBMITTED = register("paper.submitted", L("Заявка подана на бумажном носителе"))
PAPER_APPROVED = register("paper.approved", L("Карта согласована на бумажном носителе"))
# The last step of a card entered from paper: the import finds its own earlier work by this code.
PAPER_ENTERED = register("paper.entered", L("Карта внесена с бумажного носителя"))
PAPER_UPDATED = register("paper.updated", L("Карта обновлена по бумажному носителю (повторная загрузка)"))


# ---------------------------------------------------------------------------------------------------------------------
# Who is told


def organization(participation: Participation) -> Any:
    """The organization's representatives."""
    return User.objects.holding(Role.ORGANIZATION, organization=participation.organization_id)


def _municipal(*roles: str):
    def audience(participation: Participation) -> Any:
        return User.objects.holding(*roles, municipality=participation.organization.municipality_id)

    return audience


approvers = _municipal(*APPROVER_ROLE_BODY)
labour_office = _municipal(Role.LABOUR_OFFICE)
municipal_commission = _municipal(*sorted(MUNICIPAL_COMMISSION_ROLES))


# The page each of them sees the participation on: the path a notification links to.


def participation_page(participation: Participation) -> str:
    """The organization's page of its participation."""
    return reverse("participation", args=[participation.pk])


def application_page(participation: Participation) -> str:
    """The labour office's page of the application."""
    return reverse("office-application", args=[participation.pk])


def approval_page(participation: Participation) -> str:
    """The approving bodies' page of the card."""
    return reverse("approval", args=[participation.pk])


def review_page(participation: Participation) -> str:
    """The territorial commission's page of the card."""
    return reverse("commission-card", args=[participation.pk])


# Who is told of what: every state change of a participation → who is told → the page the notification opens. The actor
# is never told of their own action. The moves below say it with their Notice; the rest is told by the service that
# makes the change. Practices: practices/workflow.py; card-deadline reminders: services.reminders.
#
# change                                                       who is told                                             page
# submit_application                                           the municipality's labour office                        the application
# register_application, return_application                     the organization's representatives                      the participation
# send_card_for_approval                                       the municipality's three approving bodies               the card to approve
# the third approval (services.participation.decide_approval)  the organization: submit the card now                   the participation
# return_card (an approving body's remark)                     the organization                                        the participation
# submit_card                                                  the territorial commission: office, members, secretary  the card under review
# start_review, verify, request_documents                      the organization                                        the participation
# exclude, disqualify, reinstate                               the organization                                        the participation
# a correction (services.review.correct_value), reopen_review  the organization                                        the participation
# answer_documents                                             the territorial commission                              the card under review
# win_municipal_stage                                          the organization                                        the participation
# the municipal decision (services.decisions.municipal)        the other organizations it covers                       the participation
#                                                              the regional commission: winners forwarded              the forwarded materials
# propose_regional, revise_proposal                            — the commission's working step                         —
# win_regional_stage                                           the organization                                        the participation
# the regional decision (services.decisions.regional)          the other organizations it covers                       the participation
# a decision voided (services.decisions.reopening)             every organization it covered                           the participation
#   void_*_win, withdraw_proposal                              the commission whose decision it was                    the results
# paper_submit … paper_enter                                   — the office enters a paper card itself                 —


# ---------------------------------------------------------------------------------------------------------------------
# The freeze: a decision in force covers the participation


def covering_decision(participation: Participation) -> Decision | None:
    """The decision in force that covers the participation (the regional one first), if any: it freezes the card's
    values, the files and the state."""
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


def guard(locked: Participation, move: Move) -> None:
    """Any move of a participation a decision in force covers is refused (a municipal decision leaves the stage-2
    moves between the forwarded states open); a card entering the municipal stage is refused once it is summed up."""
    decision = covering_decision(locked)
    stage_2_move = locked.state in FORWARDED_STATES and move.target in FORWARDED_STATES
    if decision is not None and not (decision.level == DecisionLevel.MUNICIPAL and stage_2_move):
        raise DomainError(frozen_message(decision))
    if move.target in STAGE_1_ENTRY or (move.target == S.UNDER_REVIEW and locked.state == S.CARD_SUBMITTED):
        ensure_stage_open(locked)  # a card sent while the municipal decision was being recorded stays out


def _context(participation: Participation) -> dict[str, Any]:
    return {"org": str(participation.organization)}


# ---------------------------------------------------------------------------------------------------------------------
# The moves

WORKFLOW = Workflow(
    model=Participation,
    states=ParticipationState,
    audit_model=AuditRecord,
    subject_field="participation",
    guard=guard,
    context=_context,
)
REMOVABLE = frozenset({S.UNDER_REVIEW, S.DOCUMENTS_REQUESTED, S.VERIFIED})

WORKFLOW.add(
    # Stage 1: the application (Appendix 1)
    Move(
        "submit_application",
        frozenset({S.DRAFT, S.RETURNED}),
        S.SUBMITTED,
        "contest.edit_participation",
        APPLICATION_SUBMITTED,
        notify=(
            Notice(
                labour_office,
                L("Новая заявка на смотр-конкурс: %(org)s"),
                L(
                    "Организация «%(org)s» подала заявку на участие в смотре-конкурсе. Зарегистрируйте её или верните с указанием причины."
                ),
                link=application_page,
            ),
        ),
    ),
    Move(
        "register_application",
        frozenset({S.SUBMITTED}),
        S.REGISTERED,
        "contest.register_application",
        APPLICATION_REGISTERED,
        notify=(
            Notice(
                organization,
                L("Заявка зарегистрирована"),
                L(
                    "Заявка организации «%(org)s» на участие в смотре-конкурсе зарегистрирована. Заполните информационную карту до %(day)s."
                ),
                link=participation_page,
            ),
        ),
    ),
    Move(
        "return_application",
        frozenset({S.SUBMITTED}),
        S.RETURNED,
        "contest.register_application",
        APPLICATION_RETURNED,
        notify=(
            Notice(
                organization,
                L("Заявка возвращена на доработку"),
                L("Заявка организации «%(org)s» возвращена. Причина: %(reason)s\nИсправьте заявку и подайте её снова."),
                link=participation_page,
            ),
        ),
    ),
    # The information card (Appendix 2) and its approval (п. 4.4.1)
    Move(
        "send_card_for_approval",
        frozenset({S.REGISTERED}),
        S.CARD_APPROVAL,
        "contest.edit_participation",
        CARD_SENT_FOR_APPROVAL,
        notify=(
            Notice(
                approvers,
                L("Информационная карта на согласование: %(org)s"),
                L("Организация «%(org)s» направила информационную карту смотра-конкурса на согласование."),
                link=approval_page,
            ),
        ),
    ),
    Move(
        "return_card",
        frozenset({S.CARD_APPROVAL}),
        S.REGISTERED,
        "contest.decide_approval",
        CARD_APPROVAL_RETURNED,
        notify=(
            Notice(
                organization,
                L("Информационная карта возвращена с замечанием"),
                L(
                    "%(body)s вернул(а) информационную карту с замечанием: %(reason)s\nИсправьте карту и направьте её на согласование снова."
                ),
                link=participation_page,
            ),
        ),
    ),
    Move(
        "submit_card",
        frozenset({S.CARD_APPROVAL}),
        S.CARD_SUBMITTED,
        "contest.edit_participation",
        CARD_SUBMITTED,
        notify=(
            Notice(
                municipal_commission,
                L("Представлена информационная карта: %(org)s"),
                L("Организация «%(org)s» представила согласованную информационную карту и аналитическую записку."),
                link=review_page,
            ),
        ),
    ),
    # A card that came on paper, entered by the labour office step by step (no letters: the commission sees its list)
    Move("paper_submit", frozenset({S.DRAFT}), S.SUBMITTED, "contest.register_application", PAPER_SUBMITTED),
    Move(
        "paper_register", frozenset({S.SUBMITTED}), S.REGISTERED, "contest.register_application", APPLICATION_REGISTERED
    ),
    Move("paper_approve", frozenset({S.REGISTERED}), S.CARD_APPROVAL, "contest.register_application", PAPER_APPROVED),
    Move("paper_enter", frozenset({S.CARD_APPROVAL}), S.CARD_SUBMITTED, "contest.register_application", PAPER_ENTERED),
    # The territorial commission's review (п. 4.4.3, 4.9, 5.2)
    Move(
        "start_review",
        frozenset({S.CARD_SUBMITTED}),
        S.UNDER_REVIEW,
        "contest.review_card",
        REVIEW_STARTED,
        notify=(
            Notice(
                organization,
                L("Информационная карта принята на проверку"),
                L(
                    "Территориальная конкурсная комиссия приняла информационную карту организации «%(org)s» на проверку."
                ),
                link=participation_page,
            ),
        ),
    ),
    Move("reopen_review", frozenset({S.VERIFIED}), S.UNDER_REVIEW, "contest.review_card", REVIEW_REOPENED),
    Move(
        "verify",
        frozenset({S.UNDER_REVIEW}),
        S.VERIFIED,
        "contest.review_card",
        CARD_VERIFIED,
        notify=(
            Notice(
                organization,
                L("Информационная карта проверена комиссией"),
                L(
                    "Территориальная конкурсная комиссия проверила информационную карту организации «%(org)s». Итоги подведёт межведомственная комиссия."
                ),
                link=participation_page,
            ),
        ),
    ),
    Move(
        "request_documents",
        frozenset({S.UNDER_REVIEW}),
        S.DOCUMENTS_REQUESTED,
        "contest.review_card",
        DOCUMENTS_REQUESTED,
        notify=(
            Notice(
                organization,
                L("Комиссия запросила документы"),
                L(
                    "Территориальная конкурсная комиссия просит представить до %(day)s: %(reason)s\nЗагрузите файлы и ответьте на портале."
                ),
                link=participation_page,
            ),
        ),
    ),
    Move(
        "answer_documents",
        frozenset({S.DOCUMENTS_REQUESTED}),
        S.UNDER_REVIEW,
        "contest.answer_document_request",
        DOCUMENTS_ANSWERED,
        notify=(
            Notice(municipal_commission, L("Ответ на запрос документов: %(org)s"), L("%(reason)s"), link=review_page),
        ),
    ),
    Move(
        "exclude",
        REMOVABLE,
        S.EXCLUDED,
        "contest.review_card",
        EXCLUDED,
        notify=(
            Notice(
                organization,
                L("Исключена из смотра-конкурса (п. 4.9)"),
                L("Основание: %(reason)s"),
                link=participation_page,
            ),
        ),
    ),
    Move(
        "disqualify",
        REMOVABLE,
        S.DISQUALIFIED,
        "contest.review_card",
        DISQUALIFIED,
        notify=(
            Notice(
                organization,
                L("Отстранена: недостоверные сведения или неполный пакет документов"),
                L("Основание: %(reason)s"),
                link=participation_page,
            ),
        ),
    ),
    Move(
        "reinstate",
        frozenset({S.EXCLUDED, S.DISQUALIFIED}),
        S.UNDER_REVIEW,
        "contest.review_card",
        REINSTATED,
        notify=(
            Notice(
                organization,
                L("Организация возвращена к проверке"),
                L(
                    "Территориальная конкурсная комиссия отменила своё решение и вернула информационную карту организации «%(org)s» к проверке. Основание: %(reason)s"
                ),
                link=participation_page,
            ),
        ),
    ),
    # Results: the municipal decision (п. 4.5, 4.7), the regional commission (п. 4.10–4.11), staff's reopening
    Move(
        "win_municipal_stage",
        frozenset({S.VERIFIED}),
        S.MUNICIPAL_WINNER,
        "contest.record_municipal_decision",
        MUNICIPAL_WINNER,
        notify=(
            Notice(
                organization,
                L("Победа в муниципальном этапе смотра-конкурса"),
                L(
                    "Организация заняла первое место (%(group)s) в муниципальном этапе и направлена на краевой этап. %(reason)s."
                ),
                link=participation_page,
            ),
        ),
    ),
    Move(
        "propose_regional",
        frozenset({S.MUNICIPAL_WINNER}),
        S.REGIONAL_SHORTLIST,
        "contest.rank_regional_stage",
        REGIONAL_PROPOSED,
    ),
    Move(
        "revise_proposal",
        frozenset({S.REGIONAL_SHORTLIST}),
        S.MUNICIPAL_WINNER,
        "contest.rank_regional_stage",
        PROPOSAL_REVISED,
    ),
    Move(
        "withdraw_proposal",
        frozenset({S.REGIONAL_SHORTLIST}),
        S.MUNICIPAL_WINNER,
        "contest.void_decision",
        PROPOSAL_WITHDRAWN,
    ),
    Move(
        "win_regional_stage",
        frozenset({S.REGIONAL_SHORTLIST}),
        S.REGIONAL_WINNER,
        "contest.record_regional_decision",
        REGIONAL_WINNER,
        notify=(
            Notice(
                organization,
                L("Организация — победитель смотра-конкурса"),
                L(
                    "Решением краевой межведомственной комиссии по охране труда (%(reason)s) организация признана победителем: %(names)s."
                ),
                link=participation_page,
            ),
        ),
    ),
    Move("void_municipal_win", frozenset({S.MUNICIPAL_WINNER}), S.VERIFIED, "contest.void_decision", DECISION_VOIDED),
    Move(
        "void_regional_win",
        frozenset({S.REGIONAL_WINNER}),
        S.MUNICIPAL_WINNER,
        "contest.void_decision",
        DECISION_VOIDED,
    ),
)


# ---------------------------------------------------------------------------------------------------------------------
# What the services tell beyond the moves' own notices (the table «Who is told of what» above)


def tell_approvals_complete(participation: Participation, *, actor: Any) -> None:
    """The last of the three approving bodies approved the card: the organization may submit it now. Side effects: the
    organization's notifications (letters and list entries), after the commit."""
    deadline = participation.contest.card_deadline
    notify(
        organization(participation),
        subject=_("Информационная карта согласована всеми органами"),
        body=_(
            "Информационную карту организации «%(org)s» согласовали все три органа. Представьте её с аналитической "
            "запиской в сектор по труду не позднее %(day)s."
        )
        % {"org": participation.organization, "day": deadline.strftime("%d.%m.%Y")},
        link=participation_page(participation),
        actor=actor,
    )


def tell_value_corrected(
    participation: Participation, *, actor: Any, label: str, old: str, new: str, total: str, reason: str
) -> None:
    """The commission corrected a value of the card (a verified card goes back to review). Side effects: the
    organization's notifications, after the commit."""
    notify(
        organization(participation),
        subject=_("Комиссия исправила значение в информационной карте"),
        body=_(
            "Территориальная конкурсная комиссия исправила значение «%(label)s» в информационной карте организации "
            "«%(org)s»: %(old)s → %(new)s. Основание: %(reason)s\nСумма баллов по проверенным значениям: %(total)s. "
            "Заявленное вами значение сохранено рядом с исправленным."
        )
        % {
            "label": label,
            "org": participation.organization,
            "old": old,
            "new": new,
            "reason": reason,
            "total": total,
        },
        link=participation_page(participation),
        actor=actor,
    )


def tell_stage_results(decision: Decision, participations: Any, *, actor: Any) -> None:
    """A decision was recorded: each covered organization that did not win (the winners have their own letter) learns
    that the results are summed up; after a municipal decision the regional commission learns that the municipality's
    winners are forwarded. Side effects: notifications, after the commit."""
    if decision.level == DecisionLevel.MUNICIPAL:
        subject = _("Итоги муниципального этапа смотра-конкурса подведены")
        body = _(
            "Межведомственная комиссия муниципального образования подвела итоги муниципального этапа (%(decision)s). "
            "Организация «%(org)s» не вошла в число победителей этапа. Итоги и баллы по проверенным значениям — на "
            "странице участия."
        )
    else:
        subject = _("Итоги смотра-конкурса подведены")
        body = _(
            "Краевая межведомственная комиссия по охране труда подвела итоги смотра-конкурса (%(decision)s). "
            "Организация «%(org)s» не вошла в число победителей. Благодарим за участие; итоги — на странице участия."
        )
    for participation in participations:
        notify(
            organization(participation),
            subject=subject,
            body=body % {"decision": decision, "org": participation.organization},
            link=participation_page(participation),
            actor=actor,
        )
    if decision.level == DecisionLevel.MUNICIPAL:
        notify(
            User.objects.holding(*REGIONAL_COMMISSION_ROLES),
            subject=_("Победители муниципального этапа направлены: %(municipality)s")
            % {"municipality": decision.municipality},
            body=_(
                "Межведомственная комиссия муниципального образования %(municipality)s подвела итоги (%(decision)s) "
                "и направила победителей на краевой этап. Их материалы — в разделе «Материалы»."
            )
            % {"municipality": decision.municipality, "decision": decision},
            link=reverse("regional-participants"),
            actor=actor,
        )
