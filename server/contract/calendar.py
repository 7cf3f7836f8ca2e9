"""The holiday / working-day calendar feed.

Only exceptions to the Monday–Friday week are listed: public holidays that fall on a
weekday (kind=holiday) and weekend days that are working days (调休, kind=workday).
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
