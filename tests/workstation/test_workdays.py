"""Due dates in working days, with the demo holiday calendar the server ships."""

from __future__ import annotations

import datetime as dt

import pytest

from server.seed.demo import demo_calendar
from workstation.workdays import WorkCalendar

D = dt.date
CALENDAR = WorkCalendar({D.fromisoformat(d["date"]): d["kind"] for d in demo_calendar()})
PLAIN = WorkCalendar({})


def test_plain_weeks_skip_weekends() -> None:
    monday = D(2026, 11, 23)
    assert PLAIN.add(monday, 0) == monday  # 即办
    assert PLAIN.add(monday, 1) == D(2026, 11, 24)
    assert PLAIN.add(monday, 5) == D(2026, 11, 30)  # the acceptance day is not counted
    assert PLAIN.add(D(2026, 11, 28), 1) == D(2026, 11, 30)  # accepted on a Saturday


def test_national_day_and_its_make_up_saturday() -> None:
    # Accepted Wednesday 30 September 2026: 1–7 October are holidays, Saturday 10 October
    # is a make-up working day.
    accepted = D(2026, 9, 30)
    assert CALENDAR.add(accepted, 1) == D(2026, 10, 8)
    assert CALENDAR.add(accepted, 3) == D(2026, 10, 10)
    assert CALENDAR.add(accepted, 4) == D(2026, 10, 12)
    assert CALENDAR.is_working_day(D(2026, 9, 20))  # a Sunday worked for the holiday
    assert not CALENDAR.is_working_day(D(2026, 9, 25))  # 中秋节 on a Friday


def test_remaining_counts_down_and_goes_negative() -> None:
    due = CALENDAR.add(D(2026, 9, 30), 4)  # Monday 12 October
    assert CALENDAR.remaining(D(2026, 9, 30), due) == 4
    assert CALENDAR.remaining(D(2026, 10, 3), due) == 4  # the 8th, 9th, 10th and 12th
    assert CALENDAR.remaining(D(2026, 10, 9), due) == 2
    assert CALENDAR.remaining(D(2026, 10, 11), due) == 1
    assert CALENDAR.remaining(due, due) == 0
    assert CALENDAR.remaining(D(2026, 10, 13), due) == -1
    assert CALENDAR.remaining(D(2026, 10, 19), due) == -5


def test_coverage_and_bounds() -> None:
    assert CALENDAR.covers(D(2026, 5, 1)) and not CALENDAR.covers(D(2031, 5, 1))
    with pytest.raises(ValueError, match="out of range"):
        PLAIN.add(D(2026, 1, 1), -1)
