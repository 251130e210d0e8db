"""The commission's start-page panel asks how many questions of its municipality wait for an answer."""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def unanswered_questions(municipality) -> dict[str, int]:
    """{"waiting": n, "overdue": m} for the municipality's questions waiting for the commission's answer."""
    waiting, overdue = selectors.unanswered_count(getattr(municipality, "pk", None))
    return {"waiting": waiting, "overdue": overdue}
