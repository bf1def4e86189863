"""iCalendar (RFC 5545, 5546, 7986): an event as a calendar that real clients read the same way.

:func:`to_ical` writes the calendar for one iTIP method: ``PUBLISH`` for downloads and feeds
(an organizer, no attendees), ``REQUEST`` for invitations (an organizer and attendees) and
``CANCEL`` for a cancelled event (same UID, a higher ``SEQUENCE``). The UID derives from the
event's ``id`` and ``SEQUENCE`` is its ``revision``, so an update or a cancellation replaces
the entry that a participant already has. Times carry their IANA zone with a VTIMEZONE that
ical.js, libical and Outlook read right; an event whose time is not fixed is date-only.
:func:`feed` streams a calendar of many events, :func:`from_ical` reads calendars back
(:func:`read_calendar` with notes on what the events cannot show), and
:class:`InvitationCalendar` writes one calendar for many invitations, one ``ATTENDEE`` each;
:func:`describe` is the event told in plain text, as calendar entries describe it, and
:func:`calendar_links` the links that add it to Google Calendar or Outlook on the web.

The writer writes content lines itself, byte for byte what icalendar would (a test compares them),
and never loads icalendar; the reader loads it on first use. Importing this module loads neither.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

from ..exceptions import CalendarError
from ._describe import describe
from ._invitation import InvitationCalendar
from ._itip import Attendee, AttendeeRole, Method
from ._links import CalendarLinks, calendar_links
from ._names import uid
from ._notes import CalendarNote, CalendarReading

if TYPE_CHECKING:
    from ._read import read_calendar
    from ._read import read_ical as from_ical
    from ._write import feed, to_ical

__all__ = [
    "Attendee",
    "AttendeeRole",
    "CalendarError",
    "CalendarLinks",
    "CalendarNote",
    "CalendarReading",
    "InvitationCalendar",
    "Method",
    "calendar_links",
    "describe",
    "feed",
    "from_ical",
    "read_calendar",
    "to_ical",
    "uid",
]

_LAZY = {
    "to_ical": ("_write", "to_ical"),
    "feed": ("_write", "feed"),
    "from_ical": ("_read", "read_ical"),
    "read_calendar": ("_read", "read_calendar"),
}


def __getattr__(name: str) -> Any:
    """Load the writer and the reader (icalendar with it) when first asked for."""
    if name in _LAZY:
        from importlib import import_module

        module, attribute = _LAZY[name]
        value = getattr(import_module(f".{module}", __name__), attribute)
        globals()[name] = value
        return value
    if name == "Role":
        warnings.warn(
            "iofs_events.ical.Role is deprecated and will be removed in 0.3: use AttendeeRole",
            DeprecationWarning,
            stacklevel=2,
        )
        return AttendeeRole
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
