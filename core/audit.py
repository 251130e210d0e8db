"""The registry of audit action codes: an entry stores a short code and its parameters, and is rendered in the
reader's language at display.

Each app registers its codes once (contest/workflow.py, practices/workflow.py); a text is a gettext_lazy string with
%(name)s placeholders filled from the entry's params. An entry whose code is not registered (older data, a code since
removed) shows its params' "text" if it has one, else the code itself, so nothing written is ever lost.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

_TEXTS: dict[str, Any] = {}

# A sentence written before the codes existed, kept word for word in params["text"] (see the apps' data migrations).
NOTE = "note"


def register(code: str, text: Any) -> str:
    """Register the text of an action code; returns the code, so a module can name it: SUBMITTED = register(...)."""
    if len(code) > 64:
        raise ValueError(f"An action code has at most 64 characters: {code!r}")
    known = _TEXTS.get(code)
    if known is not None and str(known) != str(text):
        raise ValueError(f"Action code {code!r} is already registered with another text")
    _TEXTS[code] = text
    return code


def is_registered(code: str) -> bool:
    return code in _TEXTS


def render(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The action in words, in the active language: the code's text with the params in place."""
    params = dict(params or {})
    text = _TEXTS.get(code)
    if text is None:
        return str(params.get("text") or code)
    try:
        return str(text) % {key: "" if value is None else value for key, value in params.items()}
    except (KeyError, TypeError, ValueError):
        return str(text)


register(NOTE, _("%(text)s"))
