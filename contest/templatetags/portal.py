"""Small template helpers of the portal."""

from django import template

from core import numbers

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


@register.filter
def dom_id(code: str) -> str:
    """An indicator code as an HTML id part: K1/1 → k1-1 (K11 stays k11, so the two never collide)."""
    return str(code).lower().replace("/", "-")
