from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from practices.periods import Quarter, open_quarters


@pytest.mark.parametrize(
    ("quarter", "deadline"),
    [(1, date(2025, 3, 25)), (2, date(2025, 6, 25)), (3, date(2025, 9, 25)), (4, date(2025, 12, 25))],
)
def test_deadline_is_the_25th_of_the_quarters_last_month_by_default(quarter, deadline):
    assert Quarter(2025, quarter).deadline() == deadline


def test_deadline_follows_the_settings(settings):
    settings.PRACTICE_REPORT_DAY = 10
    settings.PRACTICE_REPORT_MONTH = 1
    assert Quarter(2025, 2).deadline() == date(2025, 4, 10)


def test_deadline_month_4_is_the_month_after_the_quarter_also_across_the_year(settings):
    settings.PRACTICE_REPORT_MONTH = 4
    assert Quarter(2025, 3).deadline() == date(2025, 10, 25)
    assert Quarter(2025, 4).deadline() == date(2026, 1, 25)


def test_deadline_day_the_month_lacks_becomes_its_last_day(settings):
    settings.PRACTICE_REPORT_DAY = 31
    assert Quarter(2025, 2).deadline() == date(2025, 6, 30)
    settings.PRACTICE_REPORT_MONTH = 2
    assert Quarter(2024, 1).deadline() == date(2024, 2, 29)


@pytest.mark.parametrize(("day", "month"), [(0, 3), (32, 3), (25, 0), (25, 5)])
def test_wrong_settings_are_refused_with_a_message(settings, day, month):
    settings.PRACTICE_REPORT_DAY = day
    settings.PRACTICE_REPORT_MONTH = month
    with pytest.raises(ImproperlyConfigured):
        Quarter(2025, 1).deadline()


def test_quarter_of_a_day_and_its_neighbours():
    assert Quarter.of(date(2025, 1, 1)) == Quarter(2025, 1)
    assert Quarter.of(date(2025, 9, 30)) == Quarter(2025, 3)
    assert Quarter(2025, 1).previous() == Quarter(2024, 4)
    assert Quarter(2024, 4).next() == Quarter(2025, 1)
    assert (Quarter(2025, 2).start, Quarter(2025, 2).end) == (date(2025, 4, 1), date(2025, 6, 30))


@pytest.mark.parametrize("value", ["2025-5", "2025-0", "1999-1", "2025", "x-1", "2025-1-1", ""])
def test_parse_refuses_what_is_not_a_quarter(value):
    with pytest.raises(ValueError, match=r"^(Not a|No such) quarter: "):
        Quarter.parse(value)


def test_parse_and_label():
    quarter = Quarter.parse("2025-3")
    assert quarter == Quarter(2025, 3)
    assert quarter.key == "2025-3"
    assert str(quarter) == "III квартал 2025 г."


def test_open_quarters_are_the_current_and_four_before_newest_first():
    assert open_quarters(date(2025, 2, 10)) == [
        Quarter(2025, 1),
        Quarter(2024, 4),
        Quarter(2024, 3),
        Quarter(2024, 2),
        Quarter(2024, 1),
    ]
