"""Cards made up from a point table (contest.samples): valid for the table, whatever its inputs are called."""

import random

import pytest

import scoring
from contest import samples


@pytest.mark.parametrize("key", [key for key, _ in scoring.available_tables()])
def test_random_cards_of_every_table_score_and_keep_the_headcount(key):
    table = scoring.get_table(key)
    rng = random.Random(7)
    for headcount in (1, 3, 40, 250, 5000):
        values = samples.random_card(table, rng, headcount=headcount)
        assert scoring.score_card(values, table).total >= 0
        assert values[table.role("headcount")] == headcount


@pytest.mark.parametrize("key", [key for key, _ in scoring.available_tables()])
def test_demo_cards_come_from_the_samples_with_totals_no_two_share(key):
    table = scoring.get_table(key)
    headcounts = [12, 250, 40, 1800, 75, 300, 9, 120]
    cards = list(samples.demo_cards(table, headcounts))
    totals = [scoring.score_card(values, table).total for values in cards]
    assert len(cards) == len(headcounts)
    assert len(set(totals)) == len(totals)
    assert [values[table.role("headcount")] for values in cards] == headcounts


def test_a_table_without_samples_cannot_make_demo_cards():
    table = scoring.get_table(scoring.DEFAULT_TABLE)
    bare = type(table)(**{**{f: getattr(table, f) for f in table.__dataclass_fields__}, "samples": ()})
    with pytest.raises(ValueError, match="нет примеров карт"):
        list(samples.demo_cards(bare, [10]))


def test_mend_lowers_a_value_above_its_bound_and_zeroes_one_its_condition_forbids():
    table = scoring.get_table(scoring.DEFAULT_TABLE)
    checks = {type(check).__name__: check for check in table.checks}
    above, zero = checks["NotAbove"], checks["ZeroWhen"]
    values = {above.key: 50, above.other: 10, zero.key: 7, zero.when.key: zero.when.equals}
    mended = samples.mend(table, dict(values))
    assert (mended[above.key], mended[zero.key]) == (10, 0)
