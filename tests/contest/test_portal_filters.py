"""The template filters that show numbers and a point table's texts (contest.templatetags.portal)."""

from decimal import Decimal as D

import pytest
from django.template import Context, Template

from contest.templatetags.portal import plain

NBSP = "\u00a0"


def render(text: str, **context) -> str:
    return Template("{% load portal %}" + text).render(Context(context))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (D("1250000.5"), f"1{NBSP}250{NBSP}000,5"),
        (D("95.00"), "95"),
        (D("5208"), "5208"),
        (D("12500.0"), f"12{NBSP}500"),
        (D("1.50"), "1,5"),
        ("72.5", "72,5"),
        (None, "—"),
    ],
)
def test_points_and_number_show_one_rule(value, shown):
    assert render("{{ v|points }}|{{ v|number }}", v=value) == f"{shown}|{shown}"


def test_money_keeps_kopecks_only_when_there_are_some():
    assert render("{{ a|money }} / {{ b|money }}", a=D("7680000.00"), b=D("1250000.5")) == (
        f"7{NBSP}680{NBSP}000 / 1{NBSP}250{NBSP}000,50"
    )


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("округление до 0,1 по правилу «половина вверх» (R1)", "округление до 0,1 по правилу «половина вверх»"),
        ("раздел в коллективном договоре (К15 = нет; R5)", "раздел в коллективном договоре (К15 = нет)"),
        (
            "нет вредных условий труда (R4: медосмотры не требуются)",
            "нет вредных условий труда (медосмотры не требуются)",
        ),
        ("= 12 000 руб.: R6: за каждую полную тысячу → 5", "= 12 000 руб.: за каждую полную тысячу → 5"),
        ("П5: за каждые полные 5000 руб.", "за каждые полные 5000 руб."),
        ("не менее 90 % (в источнике «99 – 90 %») → 2", "не менее 90 % (в Положении «99 – 90 %») → 2"),
        ("места источника разобраны в прочтениях R1–R9.", "места Положения разобраны ниже."),
        ("Кт = 12,0: от 10,1 до 15,0 → 1,5", "Кт = 12,0: от 10,1 до 15,0 → 1,5"),
    ],
)
def test_plain_drops_the_codes_of_readings(text, words):
    assert plain(text) == words


def test_quoted_nests_russian_quotes():
    assert render("{{ name|quoted }}", name="ООО «Кубань»") == "«ООО „Кубань“»"
    assert render("{{ reason|quoted }}", reason="акт <Н-1>") == "«акт &lt;Н-1&gt;»"  # still escaped
