"""What an email says to one recipient alone: the event's times and deadline on the recipient's own clock.

The facts every reader of a language shares come from the root's ``_facts``; these depend on
the recipient's time zone, and are given only when it differs from the event's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from .._schedule import TimeSpan
from .._wording import moment_text, time_range

if TYPE_CHECKING:
    from datetime import datetime

    from .._reading import Reading


def local_time(r: Reading, zone: str | None) -> str | None:
    """The event's times on the reader's clock, when that clock differs from the event's."""
    schedule = r.event.schedule
    if zone is None or not isinstance(schedule, TimeSpan) or not _other_clock(schedule.starts_at, zone):
        return None
    return str(r.voice.mixed(time_range(schedule.starts_at, schedule.ends_at, zone, r.locale)))


def local_deadline(r: Reading, zone: str | None) -> str | None:
    """The registration deadline on the reader's clock, when that clock differs from the deadline's."""
    registration = r.event.registration
    deadline = registration.deadline if registration is not None else None
    if zone is None or deadline is None or not _other_clock(deadline, zone):
        return None
    return str(r.voice.mixed(moment_text(deadline.astimezone(ZoneInfo(zone)), r.locale)))


def _other_clock(moment: datetime, zone: str) -> bool:
    return moment.astimezone(ZoneInfo(zone)).utcoffset() != moment.utcoffset()
