"""The information card (Appendix 2): its values and their checks, the draft, the approval by three bodies (п. 4.4.1)
and the submission to the labour office. State changes go through core.workflow.transition().
"""

from collections.abc import Mapping
from decimal import Decimal
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
from ...workflow import CARD_APPROVED, tell_approvals_complete
from .application import _check_deadline, lock

S = ParticipationState


SECTION_1_FIELDS = ("women_count", "teenagers_count", "hazardous_women", "fatal_accidents", "fatal_transport_no_fault")
CARD_COLUMNS = ("women_count", "teenagers_count", "hazardous_women", "public_share_pct", *SECTION_1_FIELDS[3:])


def encode(spec: scoring.InputSpec, value: Any) -> Any:
    """A value of ``spec`` as InfoCard.values keeps it: a flag, a whole number, a decimal as text; None for nothing."""
    if value is None or value == "":
        return None
    if spec.kind == "bool":
        return bool(value)
    if spec.kind == "int":
        return int(value)
    return codec.value_text(Decimal(str(value)))


def decode(spec: scoring.InputSpec, stored: Any) -> Any:
    """A kept value back as the scoring module reads it (bool, int, Decimal as typed: 72.5, not 72.50)."""
    if stored is None:
        return None
    if spec.kind == "decimal":
        return codec.tidy(Decimal(str(stored)))
    return stored


def values_of(table: scoring.Table, stored: Mapping[str, Any]) -> dict[str, Any]:
    """Every input of ``table`` from kept values (InfoCard.values), None where empty; keys the table lacks are left."""
    return {spec.key: decode(spec, stored.get(spec.key)) for spec in table.inputs}


def card_values(card: InfoCard, table: scoring.Table | None = None) -> dict[str, Any]:
    """The card's inputs for the scoring module: every input key of the contest's table, None where empty."""
    return values_of(table or card.participation.contest.table, card.values)


def fill_card(card: InfoCard, values: Mapping[str, Any], table: scoring.Table | None = None) -> InfoCard:
    """Put ``values`` (section 1 columns and the table's input keys, mixed) on the unsaved card; None empties a value.

    ValueError for a name that is neither a card column nor an input of the table. Recounts the declared points.
    """
    table = table or card.participation.contest.table
    specs = {spec.key: spec for spec in table.inputs}
    kept = dict(card.values)
    for name, value in values.items():
        if name in specs:
            encoded = encode(specs[name], value)
            if encoded is None:
                kept.pop(name, None)
            else:
                kept[name] = encoded
        elif name in CARD_COLUMNS:
            setattr(card, name, value)
        else:
            raise ValueError(f"Unknown card field: {name}")
    card.values = kept
    result = score(table, card_values(card, table))
    card.declared_points = points_of(result)
    card.declared_total = None if result is None else result.total
    return card


def score(table: scoring.Table, values: Mapping[str, Any]) -> scoring.CardResult | None:
    """The scored card, None while it is incomplete or invalid."""
    try:
        return scoring.score_card(values, table=table)
    except scoring.InvalidCard:
        return None


def points_of(result: scoring.CardResult | None) -> dict[str, str]:
    """Indicator code -> points as text (as InfoCard keeps them); empty for an incomplete card."""
    return {} if result is None else {code: codec.value_text(points) for code, points in result.points.items()}


def card_problems(card: InfoCard) -> dict[str, str]:
    """Section 1 rules the scoring module does not know (women ≤ headcount …); key → Russian message."""
    columns = {name: getattr(card, name) for name in CARD_COLUMNS}
    return section_1_problems(card.participation, columns, card_values(card))


def section_1_problems(
    participation: Participation, columns: Mapping[str, Any], values: Mapping[str, Any]
) -> dict[str, str]:
    """card_problems() of section 1 columns and table inputs as given (what is being typed); key → Russian message."""
    table = participation.contest.table
    problems: dict[str, str] = {}
    headcount = values.get(table.role("headcount") or "")
    if headcount is not None:
        for name in ("women_count", "teenagers_count"):
            value = columns.get(name)
            if value is not None and value > headcount:
                problems[name] = _("Не может быть больше среднесписочной численности (%(n)s).") % {"n": headcount}
    hazardous = values.get(table.role("hazardous_headcount") or "")
    hazardous_women, women = columns.get("hazardous_women"), columns.get("women_count")
    if hazardous_women is not None:
        if hazardous is not None and hazardous_women > hazardous:
            problems["hazardous_women"] = _("Не может быть больше числа занятых во вредных и тяжёлых условиях.")
        elif women is not None and hazardous_women > women:
            problems["hazardous_women"] = _("Не может быть больше числа женщин.")
    if (columns.get("fatal_transport_no_fault") or 0) > (columns.get("fatal_accidents") or 0):
        problems["fatal_transport_no_fault"] = _(
            "Не может быть больше числа несчастных случаев со смертельным исходом."
        )
    if participation.size_category == "small" and columns.get("public_share_pct") is None:
        problems["public_share_pct"] = _("Для малых организаций укажите долю в уставном капитале (раздел 1, п. 5).")
    return problems


# How much of a value typed wrongly a draft keeps: more than any number of the card, less than a page of garbage.
TYPED_MAX_LENGTH = 100

# The names of section 1's columns and of 4.9 where a message lists what is still typed wrongly (the tables' inputs are
# named by their labels).
COLUMN_LABELS = {
    "women_count": _("раздел 1: из них женщин"),
    "teenagers_count": _("раздел 1: из них подростков"),
    "hazardous_women": _("раздел 1: из занятых во вредных и тяжёлых условиях — женщин"),
    "public_share_pct": _("раздел 1: доля государственной, муниципальной и общественной собственности"),
    "fatal_accidents": _("несчастные случаи со смертельным исходом (п. 4.9)"),
    "fatal_transport_no_fault": _("из них при транспортных происшествиях без вины организации (п. 4.9)"),
}


def field_label(name: str, table: scoring.Table) -> str:
    """The name of a card field (a table input or a column) in a message to the organization."""
    if name in COLUMN_LABELS:
        return str(COLUMN_LABELS[name])
    return next((spec.label for spec in table.inputs if spec.key == name), name)


def _emptied(name: str) -> Any:
    """What a column holds while its value is typed wrongly: empty, or its default where it may not be empty (4.9: 0)."""
    field = InfoCard._meta.get_field(name)
    return None if field.null else field.get_default()


@transaction.atomic
def update_card(
    card: InfoCard, *, actor: User, values: Mapping[str, Any], typed: Mapping[str, str] | None = None
) -> InfoCard:
    """Save the card's draft: ``values`` (section 1 columns and the table's inputs, valid), and ``typed``: field name ->
    the text typed where it did not pass the form's checks. A typed value is kept as text (typed_inputs, cut to
    TYPED_MAX_LENGTH characters) with its value emptied, until a valid value for the name comes; the declared points and
    total are kept when the card is complete and valid. Checked on the locked participation row: a card sent for
    approval meanwhile is not changed.

    Side effects: saves the card. Drafts are not logged: the form saves as the user types, and the audit log records
    what happens to the card (sent, approved, returned, corrected), not keystrokes. Incomplete drafts are saved as they are.
    """
    lock(card.participation)
    if card.participation.state not in CARD_EDITABLE:
        raise DomainError(_("Карта сейчас не редактируется: она на согласовании или уже представлена."))
    typed = {name: str(text)[:TYPED_MAX_LENGTH] for name, text in (typed or {}).items()}
    table = card.participation.contest.table
    inputs = {spec.key for spec in table.inputs}
    emptied = {name: None if name in inputs else _emptied(name) for name in typed if name not in values}
    fill_card(card, {**values, **emptied}, table)
    kept = {name: text for name, text in card.typed_inputs.items() if name not in values and name not in typed}
    card.typed_inputs = {**kept, **typed}
    card.full_clean()
    card.save()
    return card


def typed_problems(card: InfoCard) -> list[str]:
    """The values of the card kept as typed because they did not pass the checks, by name; empty when there are none."""
    if not card.typed_inputs:
        return []
    table = card.participation.contest.table
    names = ", ".join(f"«{field_label(name, table)}»" for name in card.typed_inputs)
    return [
        _("Исправьте значения, введённые с ошибкой (они отмечены на странице карты): %(names)s.") % {"names": names}
    ]


def card_readiness(card: InfoCard) -> list[str]:
    """What still prevents sending the card for approval; empty when it can go."""
    problems = typed_problems(card)
    try:
        scoring.score_card(card_values(card), table=card.participation.contest.table)
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

    Side effects: saves the Approval, AuditRecord; on return also state «зарегистрирована» and an e-mail; the last of
    the three approvals tells the organization (contest.workflow.tell_approvals_complete).
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
            if participation.approvals.filter(state=ApprovalState.APPROVED).count() == len(ApprovingBody):
                tell_approvals_complete(participation, actor=actor)
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
    info_materials = participation.contest.table.role("info_materials")
    if (
        info_materials
        and card_values(participation.card).get(info_materials)
        and AttachmentKind.INFO_MATERIALS not in kinds
    ):
        problems.append(_("В карте указано, что информационно-аналитические материалы есть: приложите их."))
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
