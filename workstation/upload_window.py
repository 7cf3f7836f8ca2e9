"""When large scanned pages may go up: a daily window in local time, such as 18:00-08:00.

A township office shares a thin line between the counter's other traffic and the backlog
of scans. With a window set, pages at least `min_bytes` large wait for it (case records
and small pages go at once); a case waits for its pages, so the window delays the cases
that have large pages too. The clerk can open it early for an urgent case (sync panel).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# Store meta key: the clerk opened the window early for what was waiting then, as
# "<until, epoch seconds>:<the newest outbox id then>" (see `opened_early`).
OPENED_EARLY_KEY = "upload_window_opened_early"

_SPEC = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class UploadWindow:
    start: dt.time
    end: dt.time  # before `start`: the window runs past midnight
    min_bytes: int

    @classmethod
    def parse(cls, spec: str, min_bytes: int = 0) -> UploadWindow:
        """"HH:MM-HH:MM" (24 h, local time); raises ValueError for anything else, or for
        a window that starts where it ends."""
        match = _SPEC.match(spec.strip())
        if match is None:
            raise ValueError(f"not a window HH:MM-HH:MM: {spec!r}")
        hour, minute, end_hour, end_minute = (int(g) for g in match.groups())
        start, end = dt.time(hour, minute), dt.time(end_hour, end_minute)
        if start == end:
            raise ValueError("the window starts where it ends")
        return cls(start, end, min_bytes)

    @property
    def spec(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    def is_open(self, at: dt.datetime) -> bool:
        """`at` is local wall-clock time (naive, as `datetime.fromtimestamp` gives)."""
        now = at.time().replace(tzinfo=None)
        if self.start < self.end:
            return self.start <= now < self.end
        return now >= self.start or now < self.end

    def holds(self, size: int, at: dt.datetime) -> bool:
        """A page of `size` bytes must wait for the window."""
        return size >= self.min_bytes and not self.is_open(at)

    def next_open(self, at: dt.datetime) -> dt.datetime:
        """When the window next opens at or after `at` (`at` itself when it is open)."""
        if self.is_open(at):
            return at
        opening = at.replace(hour=self.start.hour, minute=self.start.minute, second=0,
                             microsecond=0)
        if opening <= at:
            opening += dt.timedelta(days=1)
        return opening


def opened_early(value: str | None, now: float, op_id: int) -> bool:
    """The clerk opened the window early (meta OPENED_EARLY_KEY) and it covers this
    operation: it was waiting then, and the window has not opened by itself since."""
    if not value:
        return False
    until, _, newest = value.partition(":")
    try:
        return now < float(until) and op_id <= int(newest)
    except ValueError:
        return False
