"""When an event happens: a span of time in a time zone, or whole days when no time is fixed."""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import cast
from zoneinfo import ZoneInfo

from attrs import field, frozen

from . import _checks as check
from .exceptions import ValidationError

__all__ = ["DateSpan", "Schedule", "TimeSpan"]


@frozen(kw_only=True)
class TimeSpan:
    """From ``starts_at`` to ``ends_at`` (exclusive), each in an IANA time zone."""

    starts_at: datetime = field(converter=check.aware, validator=check.zoned, eq=check.same_moment)
    """The moment the event starts, in an IANA time zone (a :class:`zoneinfo.ZoneInfo`): the event's zone."""
    ends_at: datetime = field(converter=check.aware, validator=check.zoned, eq=check.same_moment)
    """The moment it ends, exclusive (the event is over at that moment), after ``starts_at``, in an IANA zone."""

    def __attrs_post_init__(self) -> None:
        if check.instant(self.ends_at) <= check.instant(self.starts_at):
            raise ValidationError("ends_at", "must be after starts_at")

    @property
    def time_zone(self) -> str:
        """The IANA name of the zone the event is planned in (that of ``starts_at``)."""
        return cast("ZoneInfo", self.starts_at.tzinfo).key

    def contains(self, moment: datetime) -> bool:
        """Whether ``moment`` falls within the span, ends included."""
        return within(self)(moment)

    def has_ended_by(self, moment: datetime) -> bool:
        """Whether the span is over at ``moment``."""
        return check.instant(moment) > check.instant(self.ends_at)


@frozen(kw_only=True)
class DateSpan:
    """Whole days from ``first_day`` to ``last_day`` (both included): an event whose times are not fixed."""

    first_day: date = field(validator=check.day)
    """The first day of the event."""
    last_day: date = field(validator=check.day)
    """The last day, inclusive: a one-day event has ``last_day == first_day``."""

    def __attrs_post_init__(self) -> None:
        if self.last_day < self.first_day:
            raise ValidationError("last_day", "must not be before first_day")

    @property
    def end(self) -> date:
        """The day after ``last_day``: the exclusive end that iCalendar's ``DTEND`` wants."""
        return self.last_day + timedelta(days=1)

    def contains(self, moment: datetime) -> bool:
        """Whether the local date of ``moment`` is one of the span's days."""
        return self.first_day <= moment.date() <= self.last_day

    def has_ended_by(self, moment: datetime) -> bool:
        """Whether the last day is over at ``moment`` (by the local date of ``moment``)."""
        return moment.date() > self.last_day


Schedule = TimeSpan | DateSpan
"""A schedule: a :class:`TimeSpan` or, when only the dates are known, a :class:`DateSpan`."""


def within(schedule: Schedule) -> Callable[[datetime], bool]:
    """The ``contains`` of ``schedule`` for many moments: the instants a time span is between are found once."""
    if isinstance(schedule, DateSpan):
        return schedule.contains
    first, last = check.instant(schedule.starts_at), check.instant(schedule.ends_at)
    return lambda moment: first <= check.instant(moment) <= last
