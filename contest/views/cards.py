"""What the read-only card (templates/contest/components/card_readonly.html) shows in section 1, read from the
contest's point table: the headcounts by their roles with the card's «из них» columns, the public share, the inputs the
derived values are computed from (their labels and units), the fatal accidents of 4.9."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

import scoring
from core import numbers

from ..models import InfoCard

NBSP = "\u00a0"


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    note: str = ""
    alert: bool = False
    key: str = ""  # the input key, or the card's column


def shown(value: Any, unit: str = "") -> str:
    """«—» for nothing, «да»/«нет», a number the Russian way with its unit («1200», «12 500», «72,5 %», «7 680 000 руб.», core.numbers)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("да") if value else _("нет")
    text = numbers.money_text(value) if unit == "руб." else numbers.number_text(value)
    return f"{text}{NBSP}{unit}" if unit else text


def card_figures(card: InfoCard, values: Mapping[str, Any], table: scoring.Table) -> list[Figure]:
    """Section 1 of the read-only card; ``values`` are the card's inputs (declared, or verified where corrected)."""

    def role(name: str) -> tuple[str, Any]:
        key = table.role(name)
        return (key or "", values.get(key) if key else None)

    headcount_key, headcount = role("headcount")
    hazardous_key, hazardous = role("hazardous_headcount")
    figures = [
        Figure(
            _("Среднесписочная численность"),
            shown(headcount),
            _("женщин %(women)s, подростков %(teens)s")
            % {"women": shown(card.women_count), "teens": shown(card.teenagers_count)},
            key=headcount_key,
        ),
        Figure(
            _("Во вредных и тяжёлых условиях"),
            shown(hazardous),
            _("из них женщин %(women)s") % {"women": shown(card.hazardous_women)},
            key=hazardous_key,
        ),
        Figure(
            _("Доля гос., муниц. и обществ. собственности"),
            shown(card.public_share_pct, "%"),
            key="public_share_pct",
        ),
    ]
    done = {headcount_key, hazardous_key}
    for derived in table.derived:
        for key in derived.operands:
            if key in done:
                continue
            done.add(key)
            spec = table.input_spec(key)
            figures.append(Figure(spec.label, shown(values.get(key), spec.unit), key=key))
    fatal = card.fatal_accidents
    figures.append(
        Figure(
            _("Со смертельным исходом (п. 4.9)"),
            shown(fatal),
            _("из них транспортных без вины организации: %(n)s") % {"n": card.fatal_transport_no_fault}
            if fatal
            else "",
            alert=bool(fatal),
            key="fatal_accidents",
        )
    )
    return figures
