"""The holiday / working-day calendar feed.

Every official public-holiday day (kind=holiday, weekends included) and every weekend day
that is a make-up working day (调休, kind=workday). A day is a working day when it is a
workday entry, or a Monday–Friday that is not a holiday entry.
"""

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class DayKind(StrEnum):
    HOLIDAY = "holiday"
    WORKDAY = "workday"


class CalendarDay(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    date: dt.date
    kind: DayKind
    name: str = Field(max_length=64)


class CalendarPage(BaseModel):
    model_config = ConfigDict(extra="ignore")

    days: list[CalendarDay]
    removed: list[dt.date] = Field(description="Tombstones: dates no longer exceptional")
    cursor: str = Field(min_length=1)
    has_more: bool
