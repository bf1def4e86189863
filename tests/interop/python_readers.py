"""Read iCalendar text with two Python parsers we did not write: vobject and ical (allenporter).

Both functions return the same shape, one dict per VEVENT in ``"events"``::

    {"method": ..., "events": [{"uid", "summary", "sequence", "status", "start_utc", "end_utc",
      "start_is_date", "tzid", "zone_from_calendar", "organizer", "attendees"}]}

``start_utc``/``end_utc`` are aware datetimes in UTC, or ``datetime.date`` for DATE values (or a naive
datetime for a floating time, which has no instant). ``organizer`` and each attendee are
``{"value": "mailto:...", "params": {"CN": ..., ...}}``.

``zone_from_calendar`` says whether the parser used the calendar's own VTIMEZONE for DTSTART (True), some
other zone database (False), or there was no TZID (None). It matters:

* vobject builds a tzinfo from the VTIMEZONE, but keeps it in a process-wide registry where the FIRST
  definition of a TZID wins, and falls back to pytz for an unknown TZID. ``read_vobject`` therefore
  reads with a fresh registry (as in a new process) and restores the previous one afterwards.
* ical (allenporter) deliberately prefers the system IANA database (zoneinfo) when the TZID is an IANA
  name and only uses the VTIMEZONE for other TZIDs: for "Europe/Berlin" it checks the TZID, not our
  VTIMEZONE's rules.

Parse errors propagate: ``vobject.base.ValidateError``/``ParseError`` and ``ical.exceptions.CalendarParseError``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import vobject
import vobject.icalendar
from dateutil.tz.tz import _tzicalvtz  # the class of the zones dateutil builds from a VTIMEZONE
from ical.calendar_stream import IcsCalendarStream
from ical.timezone import IcsTimezoneInfo
from ical.types import CalAddress

__all__ = ["read_ical", "read_vobject"]


def _utc(value: date | datetime | None) -> date | datetime | None:
    """Aware datetimes in UTC; dates and floating (naive) datetimes unchanged."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    return value


# ---------------------------------------------------------------- vobject

_VOBJECT_REGISTRY: dict[str, Any] = vars(vobject.icalendar)["__tzidMap"]


@contextmanager
def _fresh_vobject_tzids() -> Iterator[None]:
    """Give vobject the TZID registry of a new process ({"UTC": ...}) for one read, then restore it."""
    saved = dict(_VOBJECT_REGISTRY)
    _VOBJECT_REGISTRY.clear()
    _VOBJECT_REGISTRY["UTC"] = saved["UTC"]
    try:
        yield
    finally:
        _VOBJECT_REGISTRY.clear()
        _VOBJECT_REGISTRY.update(saved)


def _vobject_params(line: Any) -> dict[str, str]:
    return {
        name.upper(): ",".join(values) for name, values in line.params.items() if name.upper() != "X-VOBJ-ORIGINAL-TZID"
    }


def _vobject_value(component: Any, name: str) -> Any:
    line = component.contents.get(name)
    return None if not line else line[0].value


def _vobject_event(event: Any) -> dict[str, Any]:
    start = event.dtstart.value
    if "dtend" in event.contents:
        end = event.dtend.value
    elif "duration" in event.contents:
        end = start + event.duration.value
    else:
        end = start + timedelta(days=1) if not isinstance(start, datetime) else start
    # vobject turns TZID into the tzinfo and keeps the name as X-VOBJ-ORIGINAL-TZID.
    tzid = event.dtstart.params.get("X-VOBJ-ORIGINAL-TZID", event.dtstart.params.get("TZID", [None]))[0]
    sequence = _vobject_value(event, "sequence")
    organizer = event.contents.get("organizer")
    return {
        "uid": _vobject_value(event, "uid"),
        "summary": _vobject_value(event, "summary"),
        "sequence": None if sequence is None else int(sequence),
        "status": _vobject_value(event, "status"),
        "start_utc": _utc(start),
        "end_utc": _utc(end),
        "start_is_date": not isinstance(start, datetime),
        "tzid": tzid,
        # A VTIMEZONE becomes a dateutil tzical zone; the pytz fallback for an unknown TZID does not.
        "zone_from_calendar": None if tzid is None else isinstance(start.tzinfo, _tzicalvtz),
        "organizer": None if not organizer else {"value": organizer[0].value, "params": _vobject_params(organizer[0])},
        "attendees": [
            {"value": line.value, "params": _vobject_params(line)} for line in event.contents.get("attendee", [])
        ],
    }


def read_vobject(ics_text: str) -> dict[str, Any]:
    """Read with ``vobject.readOne(text, validate=True)``; a ValidateError means vobject refused the calendar."""
    with _fresh_vobject_tzids():
        calendar = vobject.readOne(ics_text, validate=True)
        events = [_vobject_event(event) for event in calendar.contents.get("vevent", [])]
    return {"method": _vobject_value(calendar, "method"), "events": events}


# ---------------------------------------------------------------- ical


def _ical_address(address: CalAddress) -> dict[str, Any]:
    params = {
        "CN": address.common_name,
        "CUTYPE": address.user_type,
        "ROLE": address.role,
        "PARTSTAT": address.status,
        "RSVP": None if address.rsvp is None else str(address.rsvp).upper(),
        "SENT-BY": address.sent_by,
        "LANGUAGE": address.language,
    }
    return {
        "value": address.uri,
        "params": {name: str(getattr(value, "value", value)) for name, value in params.items() if value is not None},
    }


def read_ical(ics_text: str) -> dict[str, Any]:
    """Read with ``IcsCalendarStream.calendar_from_ics`` (strict: pydantic models of RFC 5545)."""
    calendar = IcsCalendarStream.calendar_from_ics(ics_text)
    events = []
    for event in calendar.events:
        start = event.dtstart
        zone = start.tzinfo if isinstance(start, datetime) else None
        if isinstance(zone, IcsTimezoneInfo):  # built from the calendar's VTIMEZONE
            tzid = str(zone)
        elif zone is not None and zone is not UTC:
            tzid = getattr(zone, "key", str(zone))  # a zoneinfo.ZoneInfo from the system database
        else:
            tzid = None
        events.append(
            {
                "uid": event.uid,
                "summary": event.summary,
                "sequence": event.sequence,
                "status": None if event.status is None else str(event.status.value),
                "start_utc": _utc(start),
                "end_utc": _utc(event.end),
                "start_is_date": not isinstance(start, datetime),
                "tzid": tzid,
                "zone_from_calendar": None if tzid is None else isinstance(zone, IcsTimezoneInfo),
                "organizer": None if event.organizer is None else _ical_address(event.organizer),
                "attendees": [_ical_address(attendee) for attendee in event.attendees],
            }
        )
    return {"method": calendar.method, "events": events}
