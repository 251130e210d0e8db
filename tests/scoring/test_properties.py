"""Properties that hold for every valid card and every ranking."""

import itertools
from collections import Counter
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from scoring import rank, score_card
from scoring.numbers import fmt, parse_decimal
from tests.scoring.cards import PERCENTS, cards, money


@given(cards())
def test_total_is_the_sum_of_points_within_zero_and_max(values):
    result = score_card(values)
    assert result.total == sum(result.points.values())
    assert D(0) <= result.total <= result.max_total == D(148)
    assert all(D(0) <= line.points <= line.max_points for line in result.lines)


@given(cards(), st.integers(1, 500))
def test_more_incapacity_days_never_raise_points(values, extra):
    values["accidents"] = max(values["accidents"], 1)
    before = score_card(values)
    after = score_card({**values, "incapacity_days": values["incapacity_days"] + extra})
    assert after.points["K1/1"] <= before.points["K1/1"]
    assert after.total <= before.total


@given(cards(), st.integers(1, 50))
def test_more_accidents_with_the_same_days_never_raise_frequency_points(values, extra):
    before = score_card(values)
    after = score_card({**values, "accidents": values["accidents"] + extra})
    assert after.points["K1/2"] <= before.points["K1/2"]


@given(cards(), st.integers(0, 100), st.integers(1, 50))
def test_more_accidents_at_the_same_days_per_accident_never_raise_points(values, days_each, extra):
    before = score_card({**values, "incapacity_days": values["accidents"] * days_each})
    more = values["accidents"] + extra
    after = score_card({**values, "accidents": more, "incapacity_days": more * days_each})
    assert after.total <= before.total


@given(cards(), st.sampled_from(PERCENTS), st.data())
def test_a_lower_percentage_never_raises_points(values, key, data):
    if values[key] is None:
        values[key] = D(100)
    lower = data.draw(st.decimals(min_value=0, max_value=values[key], places=2, allow_nan=False))
    assert score_card({**values, key: lower}).total <= score_card(values).total


@given(cards(), money)
def test_more_spending_never_lowers_points(values, extra):
    before = score_card(values)
    after = score_card({**values, "ohs_spending_rub": values["ohs_spending_rub"] + extra})
    assert after.total >= before.total


@given(st.lists(st.tuples(st.integers(), st.decimals(min_value=0, max_value=148, places=1, allow_nan=False))))
def test_rank_places_are_non_decreasing_and_ties_share_places(entries):
    ranked = rank(entries)
    assert [e.key for e in ranked] == [e.key for e in sorted(ranked, key=lambda e: -e.total)]
    counts = Counter(total for _, total in entries)
    for before, after in itertools.pairwise(ranked):
        assert before.total >= after.total
        assert before.place <= after.place
        assert (before.place == after.place) == (before.total == after.total)
    for entry in ranked:
        assert entry.place == 1 + sum(1 for _, total in entries if total > entry.total)
        assert entry.tied == (counts[entry.total] > 1)


@given(st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, allow_infinity=False, places=4))
def test_russian_notation_parses_back_to_the_same_number(number):
    assert parse_decimal(fmt(number)) == number
