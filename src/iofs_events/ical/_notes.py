"""What reading a calendar gives: its events, and notes on what they cannot show."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from attrs import frozen

if TYPE_CHECKING:
    from .._event import Event


class CalendarNote(NamedTuple):
    """Something a reader of the events should know: where in the calendar (``VEVENT[2].RRULE``), and what.

    A note is no error: the events were read. It says what they do not show, such as a
    recurrence that was not carried, or a ``VTIMEZONE`` whose offsets differ from the time
    zone database's.
    """

    path: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}: {self.text}"


@frozen
class CalendarReading:
    """The events of a calendar, as :func:`~iofs_events.ical.from_ical` gives them, and the notes on them."""

    events: tuple[Event, ...]
    notes: tuple[CalendarNote, ...] = ()
