"""What the decision services share: one decision at a time per contest, the regional decision in force, the scan."""

from django.core.exceptions import ValidationError

from core.exceptions import DomainError

from ...enums import DecisionLevel
from ...files import check_upload
from ...models import Contest, Decision


def _lock_contest(contest: Contest) -> None:
    """Decisions, tie resolutions, proposals and reopenings of one contest run one at a time: each checks what it may
    do after taking this lock, inside its transaction, so two clicks at once never record two protocols."""
    Contest.objects.select_for_update().filter(pk=contest.pk).first()


def regional_decision_of(contest: Contest) -> Decision | None:
    """The regional decision in force, if any."""
    return Decision.objects.active().defer("snapshot").filter(contest=contest, level=DecisionLevel.REGIONAL).first()


def _attach_scan(decision: Decision, uploaded) -> None:
    if uploaded is None:
        return
    try:
        _, name = check_upload(uploaded, kind="decision")
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    decision.original_name = name
    decision.file.save(name, uploaded, save=False)
