"""Year on year: a new card is offered the values of the same organization's card in its previous contest.

The values are only offered: the card form shows them as initial values, marked «значение прошлого года», and they are
saved with the user's first change (the card saves itself as the user types) or «Сохранить черновик», like anything the
organization typed. Nothing is written when the card is created, so the declared values stay what the organization
itself saved. The offer stands while the card is empty (no
value of its own besides the headcount start_participation takes from the profile), and covers only the inputs the new
contest's table has with the same key and kind (and within its range), and section 1's columns the card lacks.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import scoring
from core import codec

from ...models import Correction, InfoCard, Participation
from .cards import values_of

# Section 1 columns offered from last year's card (the fatal accidents of 4.9 are the period's own: never carried over).
PREFILLED_COLUMNS = ("women_count", "teenagers_count", "hazardous_women", "public_share_pct")


@dataclass(frozen=True)
class Prefill:
    """Last year's values offered to a new card: the contest year they come from, and field name -> value."""

    year: int
    values: dict[str, Any]


def previous_card(participation: Participation) -> InfoCard | None:
    """The organization's card in the latest earlier contest year in which it has a card with values, with that
    contest's point table; None when there is none. Never another organization's card. One query."""
    return (
        InfoCard.objects.filter(
            participation__organization_id=participation.organization_id,
            participation__contest__year__lt=participation.contest.year,
        )
        .exclude(values={})
        .select_related("participation__contest__point_table")
        .order_by("-participation__contest__year", "-pk")
        .first()
    )


def card_is_empty(card: InfoCard, table: scoring.Table) -> bool:
    """No value the organization typed yet: only the headcount the profile gave, if that, no section 1 column and
    nothing kept as typed wrongly."""
    headcount = table.role("headcount")
    return (
        not card.typed_inputs
        and not any(key != headcount for key in card.values)
        and all(getattr(card, name) is None for name in PREFILLED_COLUMNS if name != "public_share_pct")
    )


def _typed(spec: scoring.InputSpec, value: Any) -> Any:
    """A value of last year's card (a correction is text: «90») as the form takes ``spec``'s kind; None when it does
    not fit the kind or the input's range."""
    if spec.kind == "bool" or isinstance(value, bool):
        return value if spec.kind == "bool" and isinstance(value, bool) else None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    if (spec.min is not None and number < spec.min) or (spec.max is not None and number > spec.max):
        return None
    if spec.kind == "int":
        return int(number) if number == number.to_integral_value() else None
    return codec.tidy(number)


def last_year_prefill(participation: Participation) -> Prefill | None:
    """What the empty card of ``participation`` is offered from the organization's previous card: its verified values
    (the declared ones with the commission's corrections in place) for every input the contest's table also has with
    the same key and kind, and section 1's columns; the card's own values are never replaced. None when the card is not
    empty or there is nothing to offer. Reads: at most two queries. Writes nothing."""
    card = participation.card
    table = participation.contest.table
    if not card_is_empty(card, table):
        return None
    previous = previous_card(participation)
    if previous is None:
        return None
    old_table = previous.participation.contest.table
    corrections = (
        Correction.objects.filter(participation_id=previous.participation_id)
        .order_by("created_at", "pk")
        .values_list("key", "value")
    )
    old_flags = {spec.key for spec in old_table.inputs if spec.kind == "bool"}
    verified = codec.overlay(values_of(old_table, previous.values), corrections, old_flags)
    old_kinds = {spec.key: spec.kind for spec in old_table.inputs}
    offered: dict[str, Any] = {}
    for spec in table.inputs:
        value = verified.get(spec.key)
        if value is None or card.values.get(spec.key) is not None or old_kinds.get(spec.key) != spec.kind:
            continue
        value = _typed(spec, value)
        if value is not None:
            offered[spec.key] = value
    for name in PREFILLED_COLUMNS:
        value = getattr(previous, name)
        if value is not None and getattr(card, name) is None:
            offered[name] = value
    return Prefill(year=previous.participation.contest.year, values=offered) if offered else None
