"""Numbers as Russians type and read them (core.numbers), and that the scoring module reads and writes them the same."""

from decimal import Decimal as D

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from core import numbers
from core.numbers import CountField, NumberField
from scoring import numbers as scoring_numbers

NBSP, NNBSP = "\u00a0", "\u202f"

TYPED = [
    ("1 250 000", "1250000"),
    (f"1{NBSP}250{NBSP}000", "1250000"),
    (f"1{NNBSP}250{NNBSP}000", "1250000"),
    ("1250000,5", "1250000.5"),
    ("1 250 000.5", "1250000.5"),
    (f"1{NBSP}250{NBSP}000,50", "1250000.50"),
    ("  72,5 ", "72.5"),
    ("\u22125", "-5"),
    ("-0,25", "-0.25"),
    ("+7", "7"),
]
NOT_NUMBERS = [
    "",
    "abc",
    "12 5",
    "1 0000",
    "1250 000",
    "1.250.000",
    "1,250,000",
    "1e3",
    "5.",
    ",5",
    "--1",
    "1 250 000,5 руб.",
]


@pytest.mark.parametrize(("typed", "plain"), TYPED)
def test_canonical_reads_numbers_as_russians_type_them(typed, plain):
    assert numbers.canonical(typed) == plain
    assert scoring_numbers.parse_decimal(typed) == D(plain)  # the points panel reads them the same


@pytest.mark.parametrize("typed", NOT_NUMBERS)
def test_canonical_refuses_what_is_not_a_number_as_typed(typed):
    assert numbers.canonical(typed) is None
    assert numbers.normalized(typed) == typed.strip()  # left for its message


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (D("1250000.5"), f"1{NBSP}250{NBSP}000,5"),
        (D("95.00"), "95"),
        (5208, "5208"),
        (12500, f"12{NBSP}500"),
        (D("0.25"), "0,25"),
        (D("-3.50"), "\u22123,5"),
        (D("-0"), "0"),
        (None, "—"),
        ("", "—"),
        ("1250000.5", f"1{NBSP}250{NBSP}000,5"),
        ("нет данных", "нет данных"),
    ],
)
def test_number_text_writes_the_russian_way(value, text):
    assert numbers.number_text(value) == text


def test_money_text_has_kopecks_only_when_there_are_some():
    assert [numbers.money_text(v) for v in (D("1250000.5"), D("1250000.00"), 7680000, None)] == [
        f"1{NBSP}250{NBSP}000,50",
        f"1{NBSP}250{NBSP}000",
        f"7{NBSP}680{NBSP}000",
        "—",
    ]


decimals = st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, allow_infinity=False, places=3)


@given(decimals)
def test_what_is_shown_reads_back_as_the_same_number(number):
    assert numbers.parse_number(numbers.number_text(number)) == number
    kopecks = number.quantize(D("0.01"))  # money is kept to the kopeck
    assert numbers.parse_number(numbers.money_text(kopecks)) == kopecks


@given(decimals)
def test_core_and_scoring_show_a_number_alike(number):
    tidy = number.quantize(D(1)) if number == number.to_integral_value() else number.normalize()
    assert numbers.number_text(number) == scoring_numbers.fmt(tidy)


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([" ", NBSP, NNBSP]), st.sampled_from([",", "."]))
def test_grouped_typing_with_any_space_and_either_separator_is_read(whole, space, point):
    grouped = f"{whole:,}".replace(",", space)
    assert numbers.parse_number(f"{grouped}{point}5") == D(whole) + D("0.5")
    assert scoring_numbers.parse_decimal(f"{grouped}{point}5") == D(whole) + D("0.5")


def test_number_field_takes_spaces_and_a_comma_and_says_the_range():
    field = NumberField(min_value=D(0), max_value=D(100), max_digits=15, decimal_places=2)
    assert field.clean("10,5") == D("10.5")
    for typed in ("abc", "12 5"):
        with pytest.raises(forms.ValidationError) as caught:
            field.clean(typed)
        assert caught.value.messages == ["Введите число."]
    with pytest.raises(forms.ValidationError) as caught:
        field.clean("150")
    assert caught.value.messages == ["Значение должно быть от 0 до 100."]
    money = NumberField(min_value=D(0), max_digits=15, decimal_places=2)
    assert [money.clean(typed) for typed, _plain in TYPED[:6]] == [D(plain) for _typed, plain in TYPED[:6]]


def test_count_field_tells_a_fraction_from_a_word():
    field = CountField(min_value=1, required=False)
    assert [field.clean(t) for t in ("1 250", f"12{NBSP}500", "5,0", "")] == [1250, 12500, 5, None]
    for typed, message in (
        ("abc", "Введите число."),
        ("5,5", "Введите целое число."),
        ("0", "Значение должно быть не меньше 1."),
    ):
        with pytest.raises(forms.ValidationError) as caught:
            field.clean(typed)
        assert caught.value.messages == [message]


def test_number_fields_show_their_value_grouped_in_a_text_input():
    field = NumberField(max_digits=15, decimal_places=2)
    assert field.prepare_value(D("1250000.50")) == f"1{NBSP}250{NBSP}000,5"
    assert field.prepare_value("1 250 000") == "1 250 000"  # typed text is shown as typed
    form_class = type("NumberForm", (forms.Form,), {"n": field})
    html = str(form_class(initial={"n": D("1250000")})["n"])
    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html
    assert f'value="1{NBSP}250{NBSP}000"' in html
    assert CountField(grouped=False).prepare_value(2026) == 2026  # a year
    assert CountField().prepare_value(12500) == f"12{NBSP}500"
