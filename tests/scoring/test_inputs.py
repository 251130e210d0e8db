"""Invalid cards: every bad key named at once, in Russian; accepted number notations."""

from decimal import Decimal as D

import pytest

from scoring import InvalidCard, UnknownTable, score_card
from scoring.numbers import parse_decimal
from tests.scoring.cards import full_card

REQUIRED = "Обязательное поле."
INTEGER = "Введите целое число."
NUMBER = "Введите число."
PERCENT_RANGE = "Значение должно быть от 0 до 100."
FLOAT = "Числа с плавающей точкой (float) не принимаются: передайте int, Decimal или строку."
BOOL_AS_NUMBER = "Ожидается число, а не логическое значение."
FLAG = "Ожидается логическое значение (да/нет)."


def errors_of(values) -> dict:
    with pytest.raises(InvalidCard) as caught:
        score_card(values)
    return caught.value.errors


def test_four_different_problems_are_reported_together():
    values = full_card(accidents="много", sanitary_pct="101", surprise=1)
    del values["avg_headcount"]
    assert errors_of(values) == {
        "avg_headcount": REQUIRED,
        "accidents": NUMBER,
        "sanitary_pct": PERCENT_RANGE,
        "surprise": "Неизвестный показатель.",
    }


def test_invalid_card_is_a_value_error_with_a_readable_message():
    with pytest.raises(ValueError, match=r"Информационная карта заполнена с ошибками — ppe_pct: Значение"):
        score_card(full_card(ppe_pct=-1))


def test_empty_card_names_every_required_key():
    errors = errors_of({})
    assert len(errors) == 20  # 23 inputs; the 3 conditional ones wait for the keys they depend on
    assert set(errors.values()) == {REQUIRED}
    assert "medical_exams_pct" not in errors


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_blank_values_count_as_missing(blank):
    assert errors_of(full_card(ppe_pct=blank, has_ohs_office=blank)) == {
        "ppe_pct": REQUIRED,
        "has_ohs_office": REQUIRED,
    }


@pytest.mark.parametrize("key", ["sanitary_pct", "avg_headcount", "ohs_spending_rub"])
def test_float_is_rejected_for_numbers(key):
    assert errors_of(full_card(**{key: 95.0})) == {key: FLOAT}


@pytest.mark.parametrize("key", ["sanitary_pct", "accidents", "ohs_spending_rub"])
def test_bool_is_not_a_number(key):
    assert errors_of(full_card(**{key: True})) == {key: BOOL_AS_NUMBER}


@pytest.mark.parametrize("value", ["5.5", "5,5", D("5.5"), "0.1"])
def test_integer_keys_reject_fractions(value):
    assert errors_of(full_card(accidents=value, incapacity_days=10)) == {"accidents": INTEGER}


@pytest.mark.parametrize("value", ["5", " 5 ", D("5"), D("5.0"), "5,0", 5, "+5"])
def test_integer_keys_accept_whole_numbers_in_any_notation(value):
    result = score_card(full_card(accidents=value, incapacity_days=10))
    assert result.values["accidents"] == 5
    assert type(result.values["accidents"]) is int


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("12,5", D("12.5")),
        ("12.5", D("12.5")),
        (" 12,5 ", D("12.5")),
        ("\u00a012\u00a0", D(12)),
        (D("12.50"), D("12.50")),
    ],
)
def test_decimal_keys_accept_comma_point_and_surrounding_spaces(value, parsed):
    assert score_card(full_card(sanitary_pct=value)).values["sanitary_pct"] == parsed


@pytest.mark.parametrize(
    "value",
    [
        *("abc", "1e3", "10 00", "1 0000", "1.000.000", "1,000,000", "12,5,0", ".5", "5.", "--1"),
        *(D("NaN"), D("Infinity"), [95], object()),
    ],
)
def test_things_that_are_not_plain_numbers_are_rejected(value):
    assert errors_of(full_card(sanitary_pct=value)) == {"sanitary_pct": NUMBER}


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("1 250 000", D(1250000)),
        ("1\u00a0250\u00a0000", D(1250000)),
        ("1\u202f250\u202f000", D(1250000)),
        ("1250000,5", D("1250000.5")),
        ("1 250 000.5", D("1250000.5")),
        ("\u22125", D(-5)),
    ],
)
def test_numbers_as_russians_type_them_are_read(typed, number):
    assert parse_decimal(typed) == number


def test_magnitudes_of_a_quadrillion_are_rejected():
    assert errors_of(full_card(ohs_spending_rub=10**15)) == {"ohs_spending_rub": "Слишком большое значение."}


@pytest.mark.parametrize("value", ["да", 1, 0, "True", 1.0, None])
def test_flags_must_be_real_bool(value):
    expected = REQUIRED if value is None else FLAG
    assert errors_of(full_card(has_ohs_office=value)) == {"has_ohs_office": expected}


@pytest.mark.parametrize(("value", "ok"), [("-0.01", False), ("0", True), ("100", True), ("100.01", False)])
def test_percentages_must_lie_between_0_and_100(value, ok):
    if ok:
        assert score_card(full_card(assessment_pct=value)).values["assessment_pct"] == D(value)
    else:
        assert errors_of(full_card(assessment_pct=value)) == {"assessment_pct": PERCENT_RANGE}


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("avg_headcount", 0, "Значение должно быть не меньше 1."),
        ("accidents", -1, "Значение должно быть не меньше 0."),
        ("incapacity_days", "-3", "Значение должно быть не меньше 0."),
        ("hazardous_workers", -1, "Значение должно быть не меньше 0."),
        ("ohs_spending_rub", "-0,01", "Значение должно быть не меньше 0."),
    ],
)
def test_counts_and_money_below_their_minimum_are_rejected(key, value, message):
    assert errors_of(full_card(**{key: value})) == {key: message}


def test_incapacity_days_without_accidents_are_inconsistent():
    assert errors_of(full_card(accidents=0, incapacity_days=3)) == {
        "incapacity_days": "Дней нетрудоспособности не может быть больше 0 без несчастных случаев."
    }


def test_hazardous_workers_above_headcount_are_inconsistent():
    assert errors_of(full_card(avg_headcount=10, hazardous_workers=11)) == {
        "hazardous_workers": "Не может превышать среднесписочную численность."
    }


def test_hazardous_workers_equal_to_headcount_are_fine():
    assert score_card(full_card(avg_headcount=10, hazardous_workers=10)).total == D(148)


def test_consistency_is_not_checked_against_a_bad_key():
    assert errors_of(full_card(avg_headcount="x", hazardous_workers=11)) == {"avg_headcount": NUMBER}
    assert errors_of(full_card(accidents=None, incapacity_days=3)) == {"accidents": REQUIRED}


def test_medical_exams_may_be_missing_without_hazardous_workers():
    assert score_card(full_card(hazardous_workers=0, medical_exams_pct=None)).points["K14"] == D(10)


def test_medical_exams_are_required_with_hazardous_workers():
    assert errors_of(full_card(hazardous_workers=3, medical_exams_pct="")) == {"medical_exams_pct": REQUIRED}


def test_medical_exams_requirement_waits_for_a_valid_hazardous_workers():
    values = full_card(hazardous_workers="три")
    del values["medical_exams_pct"]
    assert errors_of(values) == {"hazardous_workers": NUMBER}


def test_a_given_optional_value_is_still_range_checked():
    values = full_card(
        hazardous_workers=0,
        medical_exams_pct="120",
        has_agreement_section=False,
        agreement_done_pct=-5,
        has_joint_committee=False,
        training_committee_pct=True,
    )
    assert errors_of(values) == {
        "medical_exams_pct": PERCENT_RANGE,
        "agreement_done_pct": PERCENT_RANGE,
        "training_committee_pct": BOOL_AS_NUMBER,
    }


def test_agreement_done_is_optional_only_without_agreement_section():
    assert score_card(full_card(has_agreement_section=False, agreement_done_pct=None)).points["K16"] == D(0)
    assert errors_of(full_card(has_agreement_section=True, agreement_done_pct=None)) == {"agreement_done_pct": REQUIRED}


def test_training_committee_is_optional_only_without_joint_committee():
    assert score_card(full_card(has_joint_committee=False, training_committee_pct="")).points["K17/2"] == D(0)
    assert errors_of(full_card(has_joint_committee=True, training_committee_pct="")) == {
        "training_committee_pct": REQUIRED
    }


def test_errors_follow_the_table_order_with_unknown_keys_last():
    values = {"zzz": 1, **full_card(ppe_pct="x", avg_headcount=None)}
    assert list(errors_of(values)) == ["avg_headcount", "ppe_pct", "zzz"]


def test_values_must_be_a_mapping():
    with pytest.raises(TypeError, match="словарём"):
        score_card([("avg_headcount", 1)])


def test_unknown_table_is_both_key_error_and_value_error():
    with pytest.raises(UnknownTable) as caught:
        score_card(full_card(), table="krasnodar-2099")
    assert isinstance(caught.value, KeyError)
    assert isinstance(caught.value, ValueError)
    assert str(caught.value) == "Таблица оценочных показателей «krasnodar-2099» не зарегистрирована."
    assert caught.value.key == "krasnodar-2099"
