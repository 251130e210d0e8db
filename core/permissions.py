"""The one question a service asks before it writes: may this actor do this (to this object)?

The answer lives in the apps' rules.py (django-rules); services never compare roles themselves.
"""

from typing import Any

from django.utils.translation import gettext as _

from core.exceptions import DomainError

# What a refusal says, per permission; a permission without its own text gets the general one.
_REFUSALS: dict[str, Any] = {}


def explain(perm: str, message: Any) -> str:
    """Register the message a refused `perm` shows (a gettext_lazy text); returns the permission's name."""
    _REFUSALS[perm] = message
    return perm


def refusal(perm: str) -> str:
    return str(_REFUSALS.get(perm) or _("У вас нет права на это действие."))


def require(actor: Any, perm: str, obj: Any = None) -> None:
    """Raise DomainError with the permission's message when the actor lacks `perm` (on `obj`, if given).

    An actor of None is the system itself (demo data, background jobs): it may do everything.
    """
    if actor is None:
        return
    if not actor.has_perm(perm, obj):
        raise DomainError(refusal(perm))
