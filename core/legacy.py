"""Turning the sentences an audit log stored before action codes existed into codes and params, and back.

The apps' data migrations call these with their own frozen list of (code, sentence template) pairs: a template is the
Russian source text with %(name)s placeholders, as the services wrote it. A sentence no template matches becomes the
code core.audit.NOTE with params {"text": sentence}, so nothing is lost.
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any

NOTE = "note"
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")

Known = Iterable[tuple[str, str]]


def _pattern(template: str, narrow: Mapping[str, str]) -> re.Pattern[str]:
    parts = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[position : match.start()]))
        name = match.group(1)
        parts.append(f"(?P<{name}>{narrow.get(name, '.+?')})")
        position = match.end()
    parts.append(re.escape(template[position:]))
    return re.compile("".join(parts), re.DOTALL)


def to_code(sentence: str, known: Known, narrow: Mapping[str, str] | None = None) -> tuple[str, dict[str, Any]]:
    """The code and params of a stored sentence; `narrow` gives a placeholder a tighter pattern (place: r"\\d+")."""
    for code, template in known:
        match = _pattern(template, narrow or {}).fullmatch(sentence)
        if match is not None:
            return code, match.groupdict()
    return NOTE, {"text": sentence}


def to_sentence(code: str, params: Mapping[str, Any], known: Known) -> str:
    """The sentence back (to undo the migration)."""
    if code == NOTE:
        return str(params.get("text", ""))
    templates = dict(known)
    if code not in templates:
        return code
    return templates[code] % {key: params.get(key, "") for key in _PLACEHOLDER.findall(templates[code])}
