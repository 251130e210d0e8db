"""Small template helpers of the portal."""

import re

from django import template

from core import numbers, typography

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ mapping|get_item:key }}`` — a dictionary lookup by a variable key."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def points(value) -> str:
    """Points, percentages, counts the Russian way without trailing zeros: 10, 1,5, 98, 12 500 (core.numbers)."""
    return numbers.number_text(value)


@register.filter
def number(value) -> str:
    """Any number the Russian way: «1 250 000,5», «5208», «−3» (core.numbers.number_text)."""
    return numbers.number_text(value)


@register.filter
def money(value) -> str:
    """Roubles: «1 250 000», «1 250 000,50» (kopecks only when there are any)."""
    return numbers.money_text(value)


# The codes of a point table's readings («R1», «П5»): the portal's working names, which mean nothing to an organization.
_CODE = r"[RП]\d+"
_PLAIN = [
    (re.compile(rf"\s*\({_CODE}(?:\s*[,–-]\s*{_CODE})*\)"), ""),  # «… вверх (R2)» → «… вверх»
    (re.compile(rf";\s*{_CODE}\)"), ")"),  # «(К15 = нет; R5)» → «(К15 = нет)»
    (re.compile(rf"\b{_CODE}(?:/{_CODE})?:\s*"), ""),  # «R6: за каждую …», «(R4: медосмотры …» → the text itself
    (re.compile(rf"\s+в\s+прочтениях\s+{_CODE}\s*[–-]\s*{_CODE}"), " ниже"),  # «разобраны в прочтениях R1–R9»
    (re.compile(r"\bв источнике\b"), "в Положении"),  # «(в источнике «99 – 90 %»)» → «(в Положении …)»
    (re.compile(r"\bисточника\b"), "Положения"),
]


@register.filter
def plain(text) -> str:
    """A point table's text (a formula, a rule, the basis of a line's points) in plain words for an organization:
    without the codes of the readings, which the page explains in words, and «в Положении» for «в источнике»."""
    if not text:
        return text
    result = str(text)
    for pattern, replacement in _PLAIN:
        result = pattern.sub(replacement, result)
    return result


@register.filter
def quoted(text) -> str:
    """``{{ reason|quoted }}``: the text in Russian quotes «…», its own quotes becoming the inner ones „…“, so that
    a name such as ООО «Кубань» reads «ООО „Кубань“», never «ООО «Кубань»»."""
    return typography.quoted(text)


@register.filter
def dom_id(code: str) -> str:
    """An indicator code as an HTML id part: K1/1 → k1-1 (K11 stays k11, so the two never collide)."""
    return str(code).lower().replace("/", "-")
