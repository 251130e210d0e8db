"""Reading R9 at the prize line: equal totals share a place; only a tie across the prize line needs the commission."""

from decimal import Decimal as D

import pytest

from scoring import ORDER, SHARE, TieDecision, prize_line_tie, rank, standings


def table(entries, places, decision=None):
    return [(s.key, s.place, s.prize, s.undecided) for s in standings(rank(entries), places, decision)]


def test_no_tie_first_places_win():
    assert table([("a", 90), ("b", 120), ("c", 100), ("d", 80)], 3) == [
        ("b", 1, True, False),
        ("c", 2, True, False),
        ("a", 3, True, False),
        ("d", 4, False, False),
    ]


def test_tie_within_the_prize_places_shares_the_place_and_both_win():
    # «three best»: 100, 90, 90, 80 → places 1, 2, 2, 4; the two tied second both win, no decision needed.
    ranked = rank([("a", 100), ("b", 90), ("c", 90), ("d", 80)])
    assert prize_line_tie(ranked, 3) == ()
    assert table([("a", 100), ("b", 90), ("c", 90), ("d", 80)], 3) == [
        ("a", 1, True, False),
        ("b", 2, True, False),
        ("c", 2, True, False),
        ("d", 4, False, False),
    ]


def test_tie_filling_the_last_prize_places_exactly_needs_no_decision():
    assert table([("a", 100), ("b", 90), ("c", 90)], 3) == [
        ("a", 1, True, False),
        ("b", 2, True, False),
        ("c", 2, True, False),
    ]


def test_tie_across_the_prize_line_is_undecided_and_nobody_in_it_wins():
    entries = [("a", 100), ("b", 90), ("c", 90), ("d", 90), ("e", 10)]
    assert prize_line_tie(rank(entries), 3) == ("b", "c", "d")
    assert table(entries, 3) == [
        ("a", 1, True, False),
        ("b", 2, False, True),
        ("c", 2, False, True),
        ("d", 2, False, True),
        ("e", 5, False, False),
    ]


def test_tie_at_a_single_first_place_crosses_the_line():
    assert prize_line_tie(rank([("a", 98), ("b", 98), ("c", 50)]), 1) == ("a", "b")
    assert table([("a", 98), ("b", 98), ("c", 50)], 1) == [
        ("a", 1, False, True),
        ("b", 1, False, True),
        ("c", 3, False, False),
    ]


def test_tie_below_the_prize_places_is_nobodys_business():
    entries = [("a", 100), ("b", 50), ("c", 50)]
    assert prize_line_tie(rank(entries), 1) == ()
    assert table(entries, 1) == [("a", 1, True, False), ("b", 2, False, False), ("c", 2, False, False)]


def test_order_decision_gives_consecutive_places_in_its_order():
    entries = [("a", 100), ("b", 90), ("c", 90), ("d", 90)]
    decision = TieDecision(ORDER, ("d", "b", "c"))
    assert table(entries, 3, decision) == [
        ("a", 1, True, False),
        ("d", 2, True, False),
        ("b", 3, True, False),
        ("c", 4, False, False),
    ]


def test_share_decision_lets_every_tied_entry_win_the_place():
    entries = [("a", 98), ("b", 98), ("c", 50)]
    assert table(entries, 1, TieDecision(SHARE, ("b", "a"))) == [
        ("a", 1, True, False),
        ("b", 1, True, False),
        ("c", 3, False, False),
    ]


def test_decision_that_no_longer_fits_the_tie_is_ignored():
    entries = [("a", 98), ("b", 98), ("c", 98)]
    assert table(entries, 1, TieDecision(SHARE, ("a", "b"))) == [
        ("a", 1, False, True),
        ("b", 1, False, True),
        ("c", 1, False, True),
    ]
    # And a decision where there is no tie at all changes nothing.
    assert table([("a", 98), ("b", 90)], 1, TieDecision(ORDER, ("b", "a"))) == [
        ("a", 1, True, False),
        ("b", 2, False, False),
    ]


def test_standing_keeps_total_and_tied_flag():
    [first, second] = standings(rank([("a", "95,5"), ("b", D("95.5"))]), 2)
    assert (first.total, first.tied, second.tied) == (D("95.5"), True, True)


def test_unknown_decision_mode_and_no_prize_places_are_errors():
    ranked = rank([("a", 1), ("b", 1)])
    with pytest.raises(ValueError, match="Неизвестное решение"):
        standings(ranked, 1, TieDecision("coin", ("a", "b")))
    with pytest.raises(ValueError, match="не меньше одного"):
        standings(ranked, 0)


def test_empty_group_has_no_standings():
    assert standings([], 3) == []
    assert prize_line_tie([], 3) == ()
