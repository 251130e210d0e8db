"""Small template helpers of the portal."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from core import codec

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
    """Points the Russian way without trailing zeros: 10, 1,5, 98."""
    if value is None or value == "":
        return "—"
    number = Decimal(value)
    return number_format(codec.tidy(number), use_l10n=True)


@register.filter
def dom_id(code: str) -> str:
    """An indicator code as an HTML id part: K1/1 → k1-1 (K11 stays k11, so the two never collide)."""
    return str(code).lower().replace("/", "-")
