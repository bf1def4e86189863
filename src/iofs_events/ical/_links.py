"""Links that open a new entry of Google Calendar or Outlook on the web, filled in with the event."""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import quote, urlencode

from .._schedule import TimeSpan
from .._wording import shortened, venue_text
from ..exceptions import CalendarError

if TYPE_CHECKING:
    from .._event import Event


class CalendarLinks(NamedTuple):
    """The addresses that add an event to a calendar on the web, with no private detail."""

    google: str
    """Google Calendar's form for a new event, filled in."""
    outlook: str
    """Outlook on the web's form for a new event, filled in."""


def calendar_links(event: Event, *, join_url: str | None = None) -> CalendarLinks:
    """Links that add ``event`` to Google Calendar or Outlook on the web: title, times, place, summary, join link.

    They carry what a ``PUBLISH`` calendar carries, never the passcode. Give the event as its
    reader reads it (``event.localized(tag).event``) to have its texts in their language.
    ``join_url`` is the reader's own link, when the platform gave them one: it replaces the shared one.
    """
    schedule = event.schedule
    if schedule is None:
        raise CalendarError("the event has no schedule yet: a calendar entry needs at least its days")
    summary = shortened(event.summary or "", 300)
    meeting = event.online_meeting
    join = (join_url or meeting.join_url) if meeting is not None else None
    details = "\n\n".join(part for part in (summary, join, event.url) if part)
    where = join or (venue_text(event.venue, event.text_language) if event.venue is not None else None)
    if isinstance(schedule, TimeSpan):
        start, end = (moment.astimezone(UTC) for moment in (schedule.starts_at, schedule.ends_at))
        google_dates = f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}"
        outlook = {"startdt": f"{start:%Y-%m-%dT%H:%M:%SZ}", "enddt": f"{end:%Y-%m-%dT%H:%M:%SZ}"}
    else:
        google_dates = f"{schedule.first_day:%Y%m%d}/{schedule.end:%Y%m%d}"
        outlook = {"startdt": schedule.first_day.isoformat(), "enddt": schedule.end.isoformat(), "allday": "true"}
    google = {"action": "TEMPLATE", "text": event.title, "dates": google_dates, "details": details}
    outlook = {"path": "/calendar/action/compose", "rru": "addevent", "subject": event.title, **outlook}
    outlook["body"] = details
    if where:
        google["location"] = outlook["location"] = where
    return CalendarLinks(
        google="https://calendar.google.com/calendar/render?" + urlencode(google, quote_via=quote),
        outlook="https://outlook.office.com/calendar/0/deeplink/compose?" + urlencode(outlook, quote_via=quote),
    )
