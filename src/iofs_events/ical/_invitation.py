"""One calendar for many invitations: written once, then given to each attendee with their own ATTENDEE line."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from ..exceptions import CalendarError
from ._itip import Attendee, Method, check_method, sent_for, stamp_of

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from .._event import Event


class InvitationCalendar:
    """The calendar part of the emails about ``event`` that ``sender`` sends, for each attendee.

    The ORGANIZER is the event's own email address with ``SENT-BY`` the sender, or the sender
    (RFC 6047 wants the two to match). The rules of ``method`` are checked here, at once, and
    raise :class:`~iofs_events.CalendarError`; the calendar itself is written on first use, once,
    and :meth:`for_attendee` adds one ``ATTENDEE`` line to it, which makes a thousand
    invitations cost about one calendar. ``passcode`` shows the meeting passcode (never in a
    ``PUBLISH``); ``stamp`` is the ``DTSTAMP`` (default: now); ``language`` and ``catalogues``
    write it for a reader of that language, as :func:`~iofs_events.ical.to_ical` does.
    """

    def __init__(
        self,
        event: Event,
        *,
        method: Method,
        sender: Attendee,
        stamp: datetime | None = None,
        passcode: bool = False,
        language: str | None = None,
        catalogues: Path | None = None,
    ) -> None:
        self.event, self.method, self.passcode = event, Method(method), passcode
        self.language, self.catalogues = language or event.text_language, catalogues
        self.organizer = sent_for(event, sender)
        self.stamp = stamp_of(stamp)
        attendees = 0 if self.method is Method.PUBLISH else 1
        check_method(event, self.method, attendees=attendees, organizer=self.organizer, passcode=passcode)
        self._parts: tuple[bytes, bytes] | None = None

    def for_attendee(self, attendee: Attendee | None = None, *, join_url: str | None = None) -> bytes:
        """The calendar with ``attendee`` as its ``ATTENDEE``; a ``PUBLISH`` takes none.

        ``join_url`` is the attendee's personal join link: their calendar carries it, in place of
        the shared one, and is then written for them alone.
        """
        from ._write import attendee_line

        if join_url is None:
            if self._parts is None:
                self._parts = self._written(self.event)
            head, tail = self._parts
        else:
            meeting = self.event.online_meeting
            if meeting is None:
                raise CalendarError("a personal join link needs an online meeting to join")
            head, tail = self._written(
                attrs.evolve(self.event, online_meeting=attrs.evolve(meeting, join_url=join_url))
            )
        if self.method is Method.PUBLISH:
            if attendee is not None:
                raise CalendarError("a PUBLISH calendar has no attendees")
            return head + tail
        if attendee is None:
            raise CalendarError(f"a {self.method} calendar needs its attendee")
        return head + attendee_line(attendee) + tail

    def _written(self, event: Event) -> tuple[bytes, bytes]:
        from .._reading import reading
        from ._write import calendar_parts

        r = reading(event, self.language, self.catalogues)
        return calendar_parts(r, method=self.method, organizer=self.organizer, stamp=self.stamp, passcode=self.passcode)
