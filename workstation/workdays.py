"""Working days from the synced holiday calendar (法定节假日 and 调休 make-up days).

Time limits of service items are counted in working days. The day of acceptance is not
counted: a 5-working-day limit accepted on a Monday with no holiday ends on the next
Monday. A limit of 0 means 即办, due the same day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

ONE_DAY = dt.timedelta(days=1)
MAX_DAYS = 3650  # the contract's cap on any time limit


@dataclass(frozen=True)
class WorkCalendar:
    """Dates that differ from the Monday–Friday week: date → 'holiday' or 'workday'."""

    exceptions: Mapping[dt.date, str]

    def is_working_day(self, day: dt.date) -> bool:
        kind = self.exceptions.get(day)
        if kind is not None:
            return kind == "workday"
        return day.weekday() < 5

    def covers(self, day: dt.date) -> bool:
        """Whether the calendar knows the holidays of that day's year (a due date in a year
        the State Council has not announced yet is an estimate)."""
        return any(d.year == day.year for d in self.exceptions)

    def add(self, start: dt.date, working_days: int) -> dt.date:
        """The day `working_days` working days after `start` (0: `start` itself)."""
        if not 0 <= working_days <= MAX_DAYS:
            raise ValueError(f"time limit out of range: {working_days}")
        day, left = start, working_days
        while left:
            day += ONE_DAY
            if self.is_working_day(day):
                left -= 1
        return day

    def remaining(self, today: dt.date, due: dt.date) -> int:
        """Working days from today up to the due date: 0 on the due day itself (and on a
        non-working day just before it), negative once the due date has passed."""
        if today > due:
            return -self._between(due, today)
        return self._between(today, due)

    def _between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]."""
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            count += self.is_working_day(day)
        return count
