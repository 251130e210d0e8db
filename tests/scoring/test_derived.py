"""Derived values: Кт and Кч (reading R1), spending per worker (reading R2)."""

from decimal import Decimal as D

import pytest

from scoring import Derived, get_table, score_card
from tests.scoring.cards import full_card


def derived(**changes) -> dict:
    return dict(score_card(full_card(**changes)).derived)


@pytest.mark.parametrize(
    ("accidents", "days", "kt"),
    [
        (0, 0, D("0")),
        (1, 41, D("41.0")),
        (3, 10, D("3.3")),  # 3,333…
        (3, 11, D("3.7")),  # 3,666…
        (20, 1, D("0.1")),  # 0,05 rounds half up
        (30, 1, D("0.1")),  # 0,033… is positive: never below 0,1
        (1000, 1, D("0.1")),  # 0,001
        (20, 81, D("4.1")),  # 4,05 rounds half up (half even would give 4,0)
        (3, 0, D("0")),  # accidents without lost days: Кт = 0
    ],
)
def test_kt_is_days_per_accident_rounded_half_up_to_one_decimal(accidents, days, kt):
    assert derived(avg_headcount=10_000, accidents=accidents, incapacity_days=days)["kt"] == kt


@pytest.mark.parametrize(
    ("accidents", "headcount", "kch"),
    [
        (0, 1, D("0")),
        (1, 10_000, D("0.1")),
        (1, 1000, D("1.0")),
        (1, 1001, D("1.0")),  # 0,999…
        (1, 30_000, D("0.1")),  # 0,033… never below 0,1
        (1, 1999, D("0.5")),  # 0,50025
        (9, 20_000, D("0.5")),  # 0,45 rounds half up (half even would give 0,4)
        (21, 20_000, D("1.1")),  # 1,05 rounds half up (half even would give 1,0)
        (1, 3, D("333.3")),
    ],
)
def test_kch_is_accidents_per_thousand_workers_rounded_half_up(accidents, headcount, kch):
    assert (
        derived(avg_headcount=headcount, hazardous_workers=0, accidents=accidents, incapacity_days=accidents)["kch"]
        == kch
    )


def test_kch_of_1_per_1001_scores_the_0_6_to_1_0_row():
    result = score_card(full_card(avg_headcount=1001, accidents=1, incapacity_days=1))
    assert result.points["K1/2"] == D(2)


def test_kch_half_up_at_1_05_scores_the_1_1_to_1_5_row():
    result = score_card(full_card(avg_headcount=20_000, accidents=21, incapacity_days=21))
    assert result.points["K1/2"] == D(1)


def test_kt_half_up_at_4_05_scores_the_4_1_to_10_row():
    result = score_card(full_card(avg_headcount=20_000, accidents=20, incapacity_days=81))
    assert result.points["K1/1"] == D(2)


def test_any_accident_leaves_the_kch_zero_row():
    result = score_card(full_card(avg_headcount=1_000_000, hazardous_workers=0, accidents=1, incapacity_days=1))
    assert result.derived["kch"] == D("0.1")
    assert result.points["K1/2"] == D(3)


def test_spending_per_worker_of_a_huge_sum_is_exact():
    result = score_card(full_card(avg_headcount=3, hazardous_workers=0, ohs_spending_rub="999999999999999.99"))
    assert result.derived["spending_per_worker"] == D("333333333333333")


def test_derived_values_are_listed_with_labels_formulas_and_readings():
    table = get_table("krasnodar-2011")
    assert [(d.key, d.label, d.readings) for d in table.derived] == [
        ("kt", "Кт", ("R1",)),
        ("kch", "Кч", ("R1",)),
        ("spending_per_worker", "Затраты на одного работника", ("R2",)),
    ]
    assert table.derived[0].formula.startswith("дни нетрудоспособности ÷ количество несчастных случаев")
    assert "× 1000" in table.derived[1].formula
    assert "до целых рублей" in table.derived[2].formula


def test_more_accidents_with_the_same_days_can_raise_severity_points():
    # Кт is days per accident, so spreading the same days over more accidents lowers it:
    # 1 accident, 30 days: Кт = 30,0 → 0; 2 accidents, 30 days: Кт = 15,0 → 1,5. Кч stays in «от 0,1 до 0,5» → 3.
    # Hence "more accidents never raise points" holds for K1/2 and for a constant Кт, not for the total as such.
    one = score_card(full_card(avg_headcount=100_000, accidents=1, incapacity_days=30))
    two = score_card(full_card(avg_headcount=100_000, accidents=2, incapacity_days=30))
    assert (one.points["K1/1"], two.points["K1/1"]) == (D(0), D("1.5"))
    assert one.points["K1/2"] == two.points["K1/2"] == D(3)
    assert two.total - one.total == D("1.5")


def test_a_single_key_numerator_is_stored_as_a_one_key_tuple():
    derived = Derived("x", "x", "", "a", "b")
    assert (derived.numerator, derived.denominator, derived.operands) == (("a",), ("b",), ("a", "b"))
    assert derived == Derived("x", "x", "", ("a",), ("b",))


def test_a_share_of_sums_is_the_sum_of_parts_times_factor_over_the_sum_of_the_whole():
    share = Derived("s", "Доля", "", ("a", "b"), ("c", "d"), factor=D(100), quantum=D("0.1"))
    assert share.compute({"a": 1, "b": D(2), "c": 4, "d": 5}) == D("33.3")
    assert share.compute({"a": 1, "b": 2, "c": 0, "d": 0}) == D(0)
    assert share.compute({"a": 1, "b": None, "c": 4, "d": 5}) is None


def test_a_derived_value_without_a_denominator_is_a_rounded_sum():
    total = Derived("t", "Всего", "", ("a", "b"), quantum=D("0.01"))
    assert total.compute({"a": D("0.005"), "b": D(1)}) == D("1.01")
    assert total.compute({"a": 0, "b": 0}) == D(0)
    assert total.operands == ("a", "b")


def test_operands_are_listed_once_when_numerator_and_denominator_share_a_key():
    assert Derived("x", "x", "", ("a", "b"), ("b", "c")).operands == ("a", "b", "c")
