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
from core import codec

from ..enums import ApprovalState, ApprovingBody, SizeCategory
from ..models import Application, Approval, InfoCard, Participation, User
from ..services.participation import card_values
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
    try:
        result = scoring.score_card(values, table)
    except scoring.InvalidCard:
        result = None
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
        "general": _general_rows(participation, card),
        "rows": _card_rows(card, derived, points),
        "total": _number(result.total) if result is not None else "",
        "approvals": _approvals(participation),
    }
    return render_pdf(render_to_string("contest/pdf/card.html", context))


# Formatting: Russian notation, non-breaking spaces where a number and its unit must stay together.


def _number(value: Decimal | int) -> str:
    """5 -> "5", Decimal("1.50") -> "1,5", Decimal("95.00") -> "95"."""
    return format(codec.tidy(Decimal(value)), "f").replace(".", ",")


def _grouped(value: Decimal | int) -> str:
    """1250000 -> "1 250 000", Decimal("1250000.50") -> "1 250 000,50" (kopecks only when there are any)."""
    number = Decimal(value)
    whole = int(number)
    text = f"{whole:,}".replace(",", NBSP)
    kopecks = number - whole
    if kopecks:
        text += "," + format(kopecks.quantize(Decimal("0.01")), "f")[2:]
    return text


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
    """A derived value of an incomplete card, when its operands are there (Кт may be known before K18 is)."""
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
    code: str = ""  # printed as in the source, with a Cyrillic К: "К2", "К17/1"
    value: str = ""
    note: str = ""  # a second, smaller line under the value
    points: str = ""
    formula: tuple[str, str, str] | None = None  # symbol, numerator, denominator
    group: bool = False  # a heading row of sub-items (1., 17.)
    sub: bool = False  # a sub-item (– руководителей и специалистов)


def _general_rows(participation: Participation, card: InfoCard) -> list[Row]:
    application = _application(participation)
    name = application.full_name if application else participation.organization.full_name
    small = participation.size_category == SizeCategory.SMALL
    return [
        Row("1.", _("Наименование организации"), value=name),
        Row(
            "2.", _("Отрасль экономики в соответствии с Положением о смотре-конкурсе"), value=participation.sector.name
        ),
        Row("3.", _("Среднесписочная численность работников, из них:"), value=_count(card.avg_headcount)),
        Row("", _("женщин"), value=_count(card.women_count), sub=True),
        Row("", _("подростков"), value=_count(card.teenagers_count), sub=True),
        Row(
            "4.",
            _("Численность работников, занятых во вредных и тяжелых условиях труда, из них:"),
            value=_count(card.hazardous_workers),
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


def _card_rows(card: InfoCard, derived: dict[str, Decimal | None], points: dict[str, str]) -> list[Row]:
    def row(number: str, code: str, title: str, value: str, note: str = "", sub: bool = False) -> Row:
        return Row(number, title, "К" + code[1:], value, note, points.get(code, ""), sub=sub)

    def pct(key: str) -> str:
        return _percent(getattr(card, key))

    def flag(key: str) -> str:
        return _flag(getattr(card, key))

    def unless(value: str, absent: bool, text: str) -> str:
        """The value, or ``text`` when the indicator does not apply and no value was given (readings R4, R5)."""
        return text if absent and not value else value

    kt, kch, per_worker = derived.get("kt"), derived.get("kch"), derived.get("spending_per_worker")
    yes_no = _(", да – нет")
    return [
        Row("1.", _("Состояние травматизма на производстве:"), group=True),
        Row(
            "1.1",
            "",
            "К1/1",
            "" if kt is None else _number(kt),
            _cases_note(card.incapacity_days, card.accidents),
            points.get("K1/1", ""),
            formula=("Кт", _("кол-во дней нетрудоспособности"), _("кол-во случаев")),
        ),
        Row(
            "1.2",
            "",
            "К1/2",
            "" if kch is None else _number(kch),
            _frequency_note(card.accidents, card.avg_headcount),
            points.get("K1/2", ""),
            formula=("Кч", _("кол-во несчастных случаев × 1000"), _("среднесписочная численность")),
        ),
        row("2.", "K2", _("Обеспеченность работников санитарно-бытовыми помещениями, в %"), pct("sanitary_pct")),
        row(
            "3.",
            "K3",
            _(
                "Обеспеченность работников сертифицированной специальной обувью, спецодеждой и другими средствами "
                "индивидуальной защиты, в процентах от нормы"
            ),
            pct("ppe_pct"),
        ),
        row("4.", "K4", _("Наличие оборудованного кабинета по охране труда") + yes_no, flag("has_ohs_office")),
        row("5.", "K5", _("Наличие оформленных уголков по охране труда") + yes_no, flag("has_ohs_corners")),
        row(
            "6.",
            "K6",
            _(
                "Наличие утвержденного в установленном порядке положения об организации работы по охране труда "
                "(о системе управления охраной труда) в организации"
            )
            + yes_no,
            flag("has_ohs_regulation"),
        ),
        row(
            "7.",
            "K7",
            _(
                "Наличие комплекта нормативно-правовых актов по специфике деятельности, содержащих государственные "
                "нормативные требования по охране труда"
            )
            + yes_no,
            flag("has_legal_acts"),
        ),
        row(
            "8.",
            "K8",
            _(
                "Наличие службы (специалиста) по охране труда или договора на оказание услуг с аккредитованной "
                "организацией по договору"
            )
            + yes_no,
            flag("has_ohs_service"),
        ),
        row(
            "9.",
            "K9",
            _("Наличие распорядительной и учетной документации по охране труда") + yes_no,
            flag("has_ohs_records"),
        ),
        row(
            "10.",
            "K10",
            _("Наличие совместных комитетов (комиссий) по охране труда, планов работы комиссии, их выполнение")
            + yes_no,
            flag("has_joint_committee"),
        ),
        row(
            "11.",
            "K11",
            _(
                "Наличие уполномоченного (доверенного) лица по охране труда профсоюзного комитета или иного "
                "уполномоченного работниками представительного органа организации, планов работы, их выполнение"
            )
            + yes_no,
            flag("has_union_representative"),
        ),
        row("12.", "K12", _("Доля рабочих мест, охваченных аттестацией по условиям труда, в %"), pct("assessment_pct")),
        row(
            "13.",
            "K13",
            _("Наличие сертификации организации работ по охране труда") + yes_no,
            flag("has_ohs_certification"),
        ),
        row(
            "14.",
            "K14",
            _(
                "Охват периодическими медицинскими осмотрами работников, занятых во вредных и тяжелых условиях труда "
                "за счет организации, в %"
            ),
            unless(pct("medical_exams_pct"), card.hazardous_workers == 0, _("не требуется")),
        ),
        row(
            "15.",
            "K15",
            _(
                "Наличие в коллективном договоре раздела «Охрана труда» и плана мероприятий по охране труда "
                "(соглашения по охране труда)"
            )
            + yes_no,
            flag("has_agreement_section"),
        ),
        row(
            "16.",
            "K16",
            _(
                "Выполнение раздела «Охрана труда» и плана мероприятий по охране труда (соглашения по охране труда) "
                "в коллективном договоре в установленные сроки, в %"
            ),
            unless(pct("agreement_done_pct"), card.has_agreement_section is False, "—"),
        ),
        Row("17.", _("Обучение и проверка знаний по охране труда, в %, К17:"), group=True),
        row("17.1", "K17/1", _("руководителей и специалистов"), pct("training_managers_pct"), sub=True),
        row(
            "17.2",
            "K17/2",
            _("членов совместных комитетов (комиссий) по охране труда"),
            unless(pct("training_committee_pct"), card.has_joint_committee is False, "—"),
            sub=True,
        ),
        row(
            "18.",
            "K18",
            _(
                "Израсходовано средств на реализацию мероприятий по улучшению условий и охраны труда в соответствии "
                "с постановлением Минтруда РФ от 27.02.95 №\u00a011 в среднем на одного работающего, руб."
            ),
            "" if per_worker is None else _roubles(per_worker),
            _("всего {total}").format(total=_roubles(card.ohs_spending_rub))
            if card.ohs_spending_rub is not None
            else "",
        ),
        row(
            "19.",
            "K19",
            _(
                "Наличие в конкурсных материалах информационно-аналитических материалов о работе в области охраны "
                "труда, достижениях и наградах организаций, сопровождаемых фотографиями производственных процессов, "
                "безопасных технологий производства работ и другие по усмотрению участника"
            )
            + yes_no,
            flag("has_info_materials"),
        ),
    ]


def _cases_note(days: int | None, accidents: int | None) -> str:
    if days is None or accidents is None:
        return ""
    return _("{days} дн. / {accidents} сл.").format(days=_grouped(days), accidents=_grouped(accidents))


def _frequency_note(accidents: int | None, headcount: int | None) -> str:
    if accidents is None or headcount is None:
        return ""
    return _("{accidents} × 1000 / {headcount} чел.").format(
        accidents=_grouped(accidents), headcount=_grouped(headcount)
    )


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
