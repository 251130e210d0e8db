"""Reading R9: places by total, equal totals share a place, no hidden tie-break."""

import dataclasses
from decimal import Decimal as D

import pytest

from scoring import RankedEntry, rank


def places(entries):
    return [(entry.key, entry.place, entry.tied) for entry in rank(entries)]


def test_rank_orders_best_first_with_places():
    assert places([("a", 90), ("b", 120), ("c", 100)]) == [("b", 1, False), ("c", 2, False), ("a", 3, False)]


def test_rank_equal_totals_share_a_place_and_skip_the_next_r9():
    assert places([("a", 100), ("b", 120), ("c", 120), ("d", 99)]) == [
        ("b", 1, True),
        ("c", 1, True),
        ("a", 3, False),
        ("d", 4, False),
    ]


def test_rank_ties_below_the_top_are_flagged_too():
    assert places([("a", 5), ("b", 3), ("c", 3), ("d", 3), ("e", 1)]) == [
        ("a", 1, False),
        ("b", 2, True),
        ("c", 2, True),
        ("d", 2, True),
        ("e", 5, False),
    ]


def test_rank_keeps_input_order_among_equal_totals():
    assert [e.key for e in rank([("z", 7), ("a", 7), ("m", 7)])] == ["z", "a", "m"]
    assert [e.place for e in rank([("z", 7), ("a", 7), ("m", 7)])] == [1, 1, 1]


def test_rank_accepts_decimal_int_and_str_totals_and_compares_by_value():
    ranked = rank([("a", "95,5"), ("b", D("95.50")), ("c", 96), ("d", " 95.5 ")])
    assert [(e.key, e.total, e.place, e.tied) for e in ranked] == [
        ("c", D(96), 1, False),
        ("a", D("95.5"), 2, True),
        ("b", D("95.50"), 2, True),
        ("d", D("95.5"), 2, True),
    ]


def test_rank_of_nothing_is_empty():
    assert rank([]) == []


def test_rank_accepts_any_iterable_of_pairs():
    assert places(iter([(1, 1)])) == [(1, 1, False)]


@pytest.mark.parametrize(
    ("total", "message"),
    [(95.5, "float"), (True, "логическое"), ("много", "Введите число")],
)
def test_rank_rejects_totals_that_are_not_decimal_numbers(total, message):
    with pytest.raises(ValueError, match=f"Сумма баллов участника x: .*{message}"):
        rank([("ok", 1), ("x", total)])


def test_ranked_entry_is_frozen():
    entry = rank([("a", 1)])[0]
    assert entry == RankedEntry("a", D(1), 1, False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.place = 2
