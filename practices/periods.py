"""Quarters and their deadlines: pure date arithmetic, read from two settings.

The letter asks for information «в срок до 25 числа месяца отчетного квартала». The portal reads it as the 25th of the
last month of the quarter (25 March, 25 June, 25 September, 25 December). Since the wording can be read otherwise, both
numbers are settings (config/settings.py, README «Передовой опыт»):

- PRACTICE_REPORT_DAY — the day of the month (1–31; a day the month lacks becomes its last day), 25 by default;
- PRACTICE_REPORT_MONTH — which month: 1, 2 or 3 of the quarter, or 4 for the first month after it; 3 by default.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    quarter: int

    def __post_init__(self) -> None:
        if not (MIN_YEAR <= self.year <= MAX_YEAR and 1 <= self.quarter <= 4):
            raise ValueError(f"No such quarter: {self.year}-{self.quarter}")

    @classmethod
    def of(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, value: str) -> "Quarter":
        """«2025-3» → Quarter(2025, 3); ValueError for anything else."""
        year, _sep, quarter = str(value).partition("-")
        if not (year.isdigit() and quarter.isdigit()):
            raise ValueError(f"Not a quarter: {value!r}")
        return cls(int(year), int(quarter))

    @property
    def key(self) -> str:
        return f"{self.year}-{self.quarter}"

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> date:
        month = 3 * self.quarter
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def previous(self) -> "Quarter":
        return Quarter(self.year, self.quarter - 1) if self.quarter > 1 else Quarter(self.year - 1, 4)

    def next(self) -> "Quarter":
        return Quarter(self.year, self.quarter + 1) if self.quarter < 4 else Quarter(self.year + 1, 1)

    def deadline(self) -> date:
        """The day by which the quarter's report is due (inclusive), by the two settings."""
        day, month_of_quarter = report_day_settings()
        month = 3 * self.quarter - 3 + month_of_quarter
        year = self.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        return date(year, month, min(day, calendar.monthrange(year, month)[1]))

    def label(self) -> str:
        return _("%(roman)s квартал %(year)s г.") % {"roman": ROMAN[self.quarter], "year": self.year}

    def __str__(self) -> str:
        return self.label()


def report_day_settings() -> tuple[int, int]:
    day = int(getattr(settings, "PRACTICE_REPORT_DAY", 25))
    month = int(getattr(settings, "PRACTICE_REPORT_MONTH", 3))
    if not 1 <= day <= 31:
        raise ImproperlyConfigured("PRACTICE_REPORT_DAY: число месяца от 1 до 31.")
    if not 1 <= month <= 4:
        raise ImproperlyConfigured("PRACTICE_REPORT_MONTH: 1, 2, 3 — месяц квартала, 4 — первый месяц следующего.")
    return day, month


def open_quarters(today: date, *, back: int = 4) -> list[Quarter]:
    """Quarters an organization may report for today, newest first: the current one and `back` before it (late reports
    are accepted and marked late)."""
    quarters = [Quarter.of(today)]
    for _step in range(back):
        quarters.append(quarters[-1].previous())
    return quarters
