"""The one door for every state change of every app.

An app declares its workflow once (contest/workflow.py, practices/workflow.py): the model, its states, its audit
model, and a table of moves — from which states, to which, the permission the actor needs on the object, the audit
action code, and who is told. transition() makes a move; record() writes an entry that changes no state.

transition(), in one transaction: locks the row, checks the permission on the locked row (django-rules), runs the
app's guard and the caller's check on the locked row, checks that the locked row's state is one the move starts from,
saves, writes the audit entry, and queues the move's letters for after the commit (a rolled-back move sends nothing).
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from core.exceptions import DomainError

from .models import AuditEntry
from .notifications import notify as send_notice
from .permissions import refusal

# Who a letter goes to: a function of the (locked) object that returns users.
Audience = Callable[[Any], Iterable[Any]]
# The page a letter is about: a function of the (locked) object that returns a path of the portal.
Page = Callable[[Any], str]


@dataclass(frozen=True)
class Notice:
    """A notification a move sends (core.notifications.notify: a letter and an entry of the list «Уведомления»): to
    whom, its subject and body (gettext_lazy texts with %(name)s placeholders filled from the move's params, its
    context, `reason` and the app's context of the object), and the page it is about — the path the letter ends with
    and the list opens (the page those people see the object on, e.g. the organization's participation or the
    commission's card)."""

    audience: Audience
    subject: Any
    body: Any
    link: Page | None = None


@dataclass(frozen=True)
class Move:
    name: str
    sources: frozenset[str]
    target: str
    permission: str | None
    action: str
    notify: tuple[Notice, ...] = ()


@dataclass
class Workflow:
    """The moves of one model. `guard(locked, move)` raises DomainError for a move the app forbids beyond the table
    (contest: a decision in force freezes the participation); `context(obj)` gives the letters' common placeholders."""

    model: type[models.Model]
    states: Any
    audit_model: type[AuditEntry]
    subject_field: str
    moves: dict[str, Move] = field(default_factory=dict)
    guard: Callable[[Any, Move], None] | None = None
    context: Callable[[Any], Mapping[str, Any]] | None = None

    def __post_init__(self) -> None:
        _WORKFLOWS[self.model._meta.label_lower] = self

    def add(self, *moves: Move) -> None:
        for move in moves:
            if move.name in self.moves:
                raise ValueError(f"Move {move.name!r} is declared twice")
            if move.target in move.sources:
                raise ValueError(f"Move {move.name!r} goes from a state to itself")
            self.moves[move.name] = move

    def targets(self, state: str) -> frozenset[str]:
        """The states a move leads to from `state`."""
        return frozenset(move.target for move in self.moves.values() if state in move.sources)

    def label(self, state: str) -> str:
        return str(self.states(state).label)


_WORKFLOWS: dict[str, Workflow] = {}


def workflow_of(obj: models.Model | type[models.Model]) -> Workflow:
    model = obj if isinstance(obj, type) else type(obj)
    try:
        return _WORKFLOWS[model._meta.label_lower]
    except KeyError:
        raise LookupError(f"No workflow is declared for {model._meta.label}") from None


def _json(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """Params as the JSON column keeps them: numbers, flags and text; anything else (a lazy text, a date, a model)
    as its text."""
    return {
        key: value if isinstance(value, str | int | float | bool | type(None)) else str(value)
        for key, value in (params or {}).items()
    }


def _identity(actor: Any) -> dict[str, str]:
    return actor.audit_identity() if actor is not None else {}


def transition(
    obj: Any,
    move_name: str,
    *,
    actor: Any,
    reason: str = "",
    params: Mapping[str, Any] | None = None,
    context: Mapping[str, Any] | None = None,
    check: Callable[[Any], None] | None = None,
    notify: bool = True,
) -> Any:
    """Make the move `move_name` of the object's workflow.

    Side effects: locks and saves the row (state, updated_at), writes an audit entry (the move's action code with
    `params`, the actor's name and role, from, to, reason), queues the move's letters after commit (`context` adds
    placeholders the letters need but the history does not; notify=False sends none — the demo data; the actor is never
    told of their own move). Updates the caller's instance (state, updated_at).
    Raises DomainError, changing nothing, when the actor lacks the move's permission on the locked row (actor None is
    the system: allowed), when the locked row's state is not one the move starts from, or when the app's guard or the
    caller's `check` (called with the locked row) refuses.
    """
    workflow = workflow_of(obj)
    move = workflow.moves[move_name]
    params = _json(params)
    with transaction.atomic():
        locked = type(obj).objects.select_for_update().get(pk=obj.pk)
        if actor is not None and move.permission and not actor.has_perm(move.permission, locked):
            raise DomainError(refusal(move.permission))
        if locked.state == move.target:
            raise DomainError(_("Это уже сделано: состояние — «%(state)s».") % {"state": workflow.label(move.target)})
        # The app's guard and the caller's check speak first: «frozen by the decision», «fill in the card» tell more
        # than «not from this state».
        if workflow.guard is not None:
            workflow.guard(locked, move)
        if check is not None:
            check(locked)
        if locked.state not in move.sources:
            raise DomainError(
                _("Нельзя перейти из состояния «%(from)s» в «%(to)s».")
                % {"from": workflow.label(locked.state), "to": workflow.label(move.target)}
            )
        from_state = locked.state
        locked.state = move.target
        locked.save(update_fields=["state", "updated_at"])
        workflow.audit_model._default_manager.create(
            **{workflow.subject_field: locked},
            actor=actor,
            **_identity(actor),
            action=move.action,
            params=params,
            from_state=from_state,
            to_state=move.target,
            reason=reason,
        )
        if notify and move.notify:
            values = {**(workflow.context(locked) if workflow.context else {}), **params, **(context or {})}
            values.setdefault("reason", reason)
            for notice in move.notify:
                send_notice(
                    notice.audience(locked),
                    subject=str(notice.subject) % values,
                    body=str(notice.body) % values,
                    link=notice.link(locked) if notice.link else "",
                    actor=actor,
                )
    obj.state = locked.state
    obj.updated_at = locked.updated_at
    return obj


def record(
    obj: Any, action: str, *, actor: Any, params: Mapping[str, Any] | None = None, reason: str = ""
) -> AuditEntry:
    """Write an audit entry that changes no state (a saved file, an approval, an issued paper). Side effects: one row."""
    workflow = workflow_of(obj)
    return workflow.audit_model._default_manager.create(
        **{workflow.subject_field: obj},
        actor=actor,
        **_identity(actor),
        action=action,
        params=_json(params),
        reason=reason,
    )
