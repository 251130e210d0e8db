"""Working days for the «no answer for more than two working days» flag of a question.

A working day is Monday to Friday, in Moscow time (TIME_ZONE). Public holidays and the days moved by the
government's yearly decree are NOT counted: a question asked before the New Year holidays is flagged earlier than a
calendar of holidays would flag it. The time that counts is the working time between two moments: the hours of
Monday–Friday only (a question asked on Saturday starts counting on Monday at 00:00).
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

DAY = timedelta(days=1)
SATURDAY = 5
MIDNIGHT = time(0, 0)


def _is_weekend(moment: datetime) -> bool:
    return moment.weekday() >= SATURDAY


def working_days_before(moment: datetime, days: int) -> datetime:
    """The moment `days` working days of working time before `moment` (local time): whatever was asked before it
    has waited more than `days` working days at `moment`."""
    moment = timezone.localtime(moment)
    if _is_weekend(moment):
        # The weekend adds no working time: count back from the end of Friday (Saturday 00:00).
        moment = moment.replace(hour=0, minute=0, second=0, microsecond=0) - DAY * (moment.weekday() - SATURDAY)
    for _ in range(days):
        moment -= DAY
        if _is_weekend(moment):
            moment -= 2 * DAY
    if moment.weekday() == 0 and moment.time() == MIDNIGHT:
        # Monday 00:00 is as far from `moment` in working time as the whole weekend before it: the earliest of those
        # moments, Saturday 00:00, is the line (a question of Sunday has waited exactly `days`, not more).
        moment -= 2 * DAY
    return moment


def is_overdue(since: datetime, now: datetime, days: int = 2) -> bool:
    """Whether a question waiting since `since` has waited more than `days` working days at `now`."""
    return since < working_days_before(now, days)
