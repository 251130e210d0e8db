"""The value codec: numbers and flags as text and back, as people read them."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from core import codec, numbers


def test_tidy_writes_a_decimal_as_typed():
    assert [str(codec.tidy(Decimal(text))) for text in ("72.50", "95.00", "100", "0.0", "1250000.5")] == [
        "72.5",
        "95",
        "100",
        "0",
        "1250000.5",
    ]
    assert codec.tidy_value(7) == 7


def test_value_text_and_back():
    assert [codec.value_text(v) for v in (None, True, False, Decimal("69.50"), Decimal("100"), " 69,5 ", 3)] == [
        "",
        "true",
        "false",
        "69.5",
        "100",
        "69.5",
        "3",
    ]
    assert [codec.parse_value(t, flag=True) for t in ("true", "false", "", "TRUE")] == [True, False, None, True]
    assert [codec.parse_value(t, flag=False) for t in ("69.5", "")] == ["69.5", None]


def test_parse_flag_reads_only_true_and_false():
    assert [codec.parse_flag(t) for t in ("true", "True", "false", "False", "да", "", None)] == [
        True,
        True,
        False,
        False,
        None,
        None,
        None,
    ]


def test_shown_reads_as_a_person_would():
    assert [codec.shown(t) for t in ("true", "false", "", "72.5")] == ["да", "нет", "—", "72,5"]


def test_overlay_puts_the_latest_correction_in_place_of_the_declared_value():
    declared = {"ppe_pct": Decimal("100"), "has_ohs_office": True, "accidents": 0}
    corrections = [("ppe_pct", "96"), ("has_ohs_office", "false"), ("ppe_pct", "97.5"), ("unknown", "1")]
    assert codec.overlay(declared, corrections, {"has_ohs_office"}) == {
        "ppe_pct": "97.5",
        "has_ohs_office": False,
        "accidents": 0,
    }
    assert declared["ppe_pct"] == Decimal("100")  # the declared values stay


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False, allow_infinity=False))
def test_a_number_survives_the_round_trip(number):
    text = codec.value_text(number)
    assert Decimal(text) == number
    assert "E" not in text
    assert codec.value_text(Decimal(text)) == text
    assert codec.shown(text) == numbers.number_text(number)  # «−1 250 000,5»: grouped, a comma, the minus sign
    assert numbers.parse_number(codec.shown(text)) == number


def test_a_typed_number_is_kept_plain_and_shown_grouped():
    assert codec.value_text(" 1\u00a0250\u00a0000,5 ") == "1250000.5"
    assert codec.value_text("1 250 000") == "1250000"
    assert codec.value_text("сто") == "сто"  # not a number: kept for its message
    assert codec.shown("1250000.5") == "1\u00a0250\u00a0000,5"
    assert codec.shown("5208") == "5208"


@given(st.booleans())
def test_a_flag_survives_the_round_trip(flag):
    assert codec.parse_value(codec.value_text(flag), flag=True) is flag
