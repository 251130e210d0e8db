"""Printable forms of a participation, as PDF bytes: the application (Приложение № 1) and the card (Приложение № 2).

HTML comes from templates/contest/pdf/; WeasyPrint (imported inside the functions) lays it out with the installed
DejaVu fonts, which it embeds. Nothing is fetched: the HTML has no URLs and the URL fetcher refuses every request.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

import scoring
from core import numbers

from ..enums import ApprovalState, ApprovingBody, SizeCategory
from ..models import Application, Approval, InfoCard, Participation, User
from ..services.participation import card_values, score
from .pdf import render_pdf

NBSP = "\u00a0"


def application_pdf(participation: Participation) -> bytes:
    """The application of Appendix 1 as it is signed by the head and the union chair. No side effects."""
    application = participation.application
    context = {
        "participation": participation,
        "application": application,
        "sector": participation.sector.name,
        "registered_on": _date(application.registered_at),
    }
    return render_pdf(render_to_string("contest/pdf/application.html", context))


def card_pdf(participation: Participation) -> bytes:
    """The information card of Appendix 2. Column 4 holds the points when the card is complete, else stays empty.

    No side effects: the declared values are printed as typed; points come from the contest's point table.
    """
    prefetch_related_objects([participation], "approvals__decided_by")
    card = participation.card
    table = participation.contest.table
    values = card_values(card)
    result = score(table, values)
    if result is not None:
        derived = dict(result.derived)
        points = {code: _number(value) for code, value in result.points.items()}
    else:
        derived = {spec.key: _derived_or_none(spec, values) for spec in table.derived}
        points = {}
    context = {
        "participation": participation,
        "application": _application(participation),
        "card": card,
        "general": _general_rows(participation, card, table, values),
        "rows": _card_rows(table, values, derived, points),
        "total": _number(result.total) if result is not None else "",
        "approvals": _approvals(participation),
    }
    return render_pdf(render_to_string("contest/pdf/card.html", context))


# Formatting: Russian notation, non-breaking spaces where a number and its unit must stay together.


def _number(value: Decimal | int) -> str:
    """5 -> "5", Decimal("1.50") -> "1,5", Decimal("95.00") -> "95" (core.numbers: the portal's one rule)."""
    return numbers.number_text(value)


def _grouped(value: Decimal | int) -> str:
    """1250000 -> "1 250 000", Decimal("1250000.50") -> "1 250 000,50" (kopecks only when there are any)."""
    return numbers.money_text(value)


def _percent(value: Decimal | None) -> str:
    return "" if value is None else f"{_number(value)}{NBSP}%"


def _roubles(value: Decimal | None) -> str:
    return "" if value is None else f"{_grouped(value)}{NBSP}руб."


def _count(value: int | None) -> str:
    return "" if value is None else _grouped(value)


def _flag(value: bool | None) -> str:
    if value is None:
        return ""
    return _("да") if value else _("нет")


def _date(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y") if moment else ""


def _short_name(user: User) -> str:
    """«Орлов П. Д.»: the surname with initials, or the full name when the parts are not filled in."""
    if not (user.last_name and user.first_name):
        return user.full_name
    initials = " ".join(f"{part[0]}." for part in (user.first_name, user.patronymic) if part)
    return f"{user.last_name}{NBSP}{initials.replace(' ', NBSP)}"


def _derived_or_none(spec: scoring.Derived, values: dict[str, Any]) -> Decimal | None:
    """A derived value of an incomplete card, when its operands are there (one may be known before another is)."""
    try:
        return spec.compute(values)
    except (ArithmeticError, TypeError, ValueError):
        return None


def _application(participation: Participation) -> Application | None:
    try:
        return participation.application
    except ObjectDoesNotExist:
        return None


# Section 1 and section 2 of the card, row by row as in Appendix 2.


@dataclass(frozen=True)
class Row:
    number: str
    title: str
    code: str = ""  # the indicator's code as the source prints it, with a Cyrillic К
    value: str = ""
    note: str = ""  # a second, smaller line under the value
    points: str = ""
    formula: tuple[str, str, str] | None = None  # symbol, numerator, denominator
    group: bool = False  # a heading row of sub-items (1., 17.)
    sub: bool = False  # a sub-item (– руководителей и специалистов)


def _general_rows(
    participation: Participation, card: InfoCard, table: scoring.Table, values: dict[str, Any]
) -> list[Row]:
    """Section 1: the form's own lines; the headcounts are the inputs playing the table's roles, the «из них» lines and
    the public share are the card's section-1 columns."""
    application = _application(participation)
    name = application.full_name if application else participation.organization.full_name
    small = participation.size_category == SizeCategory.SMALL

    def role(name: str) -> str:
        key = table.role(name)
        return _count(values.get(key)) if key is not None else ""

    return [
        Row("1.", _("Наименование организации"), value=name),
        Row(
            "2.", _("Отрасль экономики в соответствии с Положением о смотре-конкурсе"), value=participation.sector.name
        ),
        Row("3.", _("Среднесписочная численность работников, из них:"), value=role("headcount")),
        Row("", _("женщин"), value=_count(card.women_count), sub=True),
        Row("", _("подростков"), value=_count(card.teenagers_count), sub=True),
        Row(
            "4.",
            _("Численность работников, занятых во вредных и тяжелых условиях труда, из них:"),
            value=role("hazardous_headcount"),
        ),
        Row("", _("женщин"), value=_count(card.hazardous_women), sub=True),
        Row(
            "5.",
            _(
                "Доля государственной, муниципальной собственности и собственности общественных объединений "
                "в уставном капитале для малых организаций"
            ),
            value=_percent(card.public_share_pct) if small else "—",
        ),
    ]


def _value(value: Any, *, kind: str, unit: str) -> str:
    """A value as Appendix 2 prints it: «да»/«нет», «72,5 %», «1 250 000,50 руб.», a count grouped «1 200 дн.»."""
    if value is None or value == "":
        return ""
    if kind == "bool":
        return _flag(value)
    if unit == "%":
        return _percent(value)
    if unit == "руб.":
        return _roubles(value)
    text = _grouped(value) if kind == "int" else _grouped_decimal(value)
    return f"{text}{NBSP}{unit}" if unit else text


def _grouped_decimal(value: Decimal | int) -> str:
    """Decimal("12500.50") -> "12 500,5", Decimal("12.5") -> "12,5": thousands grouped, no trailing zeros."""
    return numbers.number_text(value)


def _operands_note(spec: scoring.Derived, table: scoring.Table, values: dict[str, Any]) -> str:
    """The small line under a derived value: its operands as the card gives them. A value printed as a fraction names
    both («25 дн. / 2», «2 × 1000 / 1 200 чел.»); an average per unit names the total it comes from («всего …»)."""
    numerator = table.input_spec(spec.numerator[0])  # the unit of a sum is its parts' unit
    top = _sum(values, spec.numerator)
    if not any(spec.fraction) or not spec.denominator:
        return _("всего {total}").format(total=_value(top, kind=numerator.kind, unit=numerator.unit)) if top else ""
    denominator = table.input_spec(spec.denominator[0])
    bottom = _sum(values, spec.denominator)
    if top is None or bottom is None:
        return ""
    top_text = _value(top, kind=numerator.kind, unit=numerator.unit)
    if spec.factor != 1:
        top_text = f"{top_text} × {_number(spec.factor)}"
    return _("{numerator} / {denominator}").format(
        numerator=top_text, denominator=_value(bottom, kind=denominator.kind, unit=denominator.unit)
    )


def _sum(values: dict[str, Any], keys: tuple[str, ...]) -> Any:
    """The sum of the values of ``keys``, None while one of them is empty."""
    parts = [values.get(key) for key in keys]
    return None if any(part is None for part in parts) else sum(parts)


def _card_rows(
    table: scoring.Table, values: dict[str, Any], derived: dict[str, Decimal | None], points: dict[str, str]
) -> list[Row]:
    """Section 2: a row per indicator of the point table, in its order, with its printed number and title; a heading row
    before a run of indicators sharing a heading (numbered by the part of the first number before the dot)."""
    derived_specs = {spec.key: spec for spec in table.derived}
    yes_no = _(", да – нет")
    rows: list[Row] = []
    heading = ""
    for indicator in table.indicators:
        if indicator.heading and indicator.heading != heading:
            rows.append(Row(indicator.number.split(".")[0] + ".", indicator.heading, group=True))
        heading = indicator.heading
        code = indicator.code.replace("K", "К")  # printed as in the source, with a Cyrillic К
        title = indicator.print_title or indicator.title
        formula, note = None, ""
        source = derived_specs.get(indicator.source)
        if source is not None:
            value = _value(derived.get(source.key), kind="decimal", unit=source.unit)
            note = _operands_note(source, table, values)
            if any(source.fraction):
                formula = (source.label, *source.fraction)
        else:
            spec = table.input_spec(indicator.source)
            value = _value(values.get(spec.key), kind=spec.kind, unit=spec.unit)
            if spec.kind == "bool":
                title += yes_no
            if not value:  # the indicator does not apply and no value was given (readings R4, R5)
                value = next((o.card_text for o in indicator.overrides if o.card_text and o.when.holds(values)), value)
        rows.append(
            Row(
                indicator.number,
                "" if formula else title,
                code,
                value,
                note,
                points.get(indicator.code, ""),
                formula=formula,
                sub=bool(indicator.heading) and formula is None,
            )
        )
    return rows


@dataclass(frozen=True)
class ApprovalLine:
    number: int
    body: str
    decided: str  # "согласовано 12.01.2012, Орлов П. Д."; empty: a line for the signature


def _approvals(participation: Participation) -> list[ApprovalLine]:
    by_body: dict[str, Approval] = {approval.body: approval for approval in participation.approvals.all()}
    lines = []
    for number, body in enumerate(ApprovingBody, start=1):
        approval = by_body.get(body)
        decided = ""
        if approval is not None and approval.state != ApprovalState.PENDING and approval.decided_at:
            parts = [f"{approval.get_state_display()} {_date(approval.decided_at)}"]
            if approval.decided_by is not None:
                parts.append(_short_name(approval.decided_by))
            decided = ", ".join(parts)
        lines.append(ApprovalLine(number, body.label, decided))
    return lines
