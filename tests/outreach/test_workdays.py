"""Working days of the «no answer for more than two working days» flag: Monday–Friday, holidays not counted."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from outreach.workdays import is_overdue, working_days_before

MSK = ZoneInfo("Europe/Moscow")


def at(day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A moment of December 2026 in Moscow (1 December 2026 is a Tuesday)."""
    return datetime(2026, 12, day, hour, minute, tzinfo=MSK)


def working_hours_between(start: datetime, end: datetime) -> float:
    """The brute-force count: the quarters of an hour of Monday–Friday between two moments (on the quarters), in hours."""
    quarters, moment = 0, start
    while moment < end:
        if moment.weekday() < 5:
            quarters += 1
        moment += timedelta(minutes=15)
    return quarters / 4


def test_a_question_of_tuesday_is_overdue_on_thursday_after_its_hour():
    asked = at(1, 10)  # Tuesday
    assert not is_overdue(asked, at(3, 10))  # Thursday, exactly two working days
    assert is_overdue(asked, at(3, 10, 1))


def test_the_weekend_does_not_count():
    asked = at(4, 15)  # Friday 15:00
    assert not is_overdue(asked, at(7, 15))  # Monday 15:00: one working day
    assert not is_overdue(asked, at(8, 15))  # Tuesday 15:00: two
    assert is_overdue(asked, at(8, 15, 1))


def test_a_question_of_saturday_counts_from_monday():
    asked = at(5, 12)  # Saturday
    assert not is_overdue(asked, at(8, 23, 59))  # Tuesday evening: less than two working days
    assert is_overdue(asked, at(9, 0, 1))  # Wednesday just after midnight


def test_on_a_weekend_the_count_stands_still():
    asked = at(2, 12)  # Wednesday noon: two working days end on Friday noon
    assert is_overdue(asked, at(5, 9))
    assert working_days_before(at(5, 9), 2) == working_days_before(at(6, 23), 2) == at(3, 0)


@given(
    start=st.integers(min_value=0, max_value=14 * 24 * 4),
    length=st.integers(min_value=0, max_value=7 * 24 * 4),
)
def test_the_flag_agrees_with_the_working_hours_counted_by_quarters_of_an_hour(start, length):
    asked = at(1, 0) + timedelta(minutes=15 * start)
    now = asked + timedelta(minutes=15 * length)
    assert is_overdue(asked, now) == (working_hours_between(asked, now) > 48)
