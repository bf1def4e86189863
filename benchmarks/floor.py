"""The floor: calendars written by hand, with nothing but formatting, escaping and folding.

What the machine does at the least to write the calendars that ``iofs_events.ical`` writes for
the events of ``peers.py``: the same properties with the same kinds of values, the text of the
description told in plain English with f-strings (no catalogue, no locale, no bidirectional
isolation, no check), TEXT escaped, lines folded at 75 octets without cutting a character, and
one VTIMEZONE per zone written once. It is not a library: it knows these events and nothing
else. Its output is parsed back and compared with ours in ``peers.py`` before it is timed.
"""

from __future__ import annotations

import html
from binascii import b2a_base64
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import iofs_events as ie
from iofs_events.ical import Attendee, uid

PRODID = "-//Example//floor writer//EN"


def escape(text: str) -> str:
    """RFC 5545 TEXT."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> bytes:
    """A content line in pieces of at most 75 octets, never inside a UTF-8 character, ended by CRLF."""
    data = line.encode()
    if len(data) < 75:
        return data + b"\r\n"
    pieces, start = [], 0
    while len(data) - start > 74:
        end = start + 74
        while data[end] & 0xC0 == 0x80:
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces) + b"\r\n"


def _time(value: datetime) -> str:
    return f"{value:%Y%m%dT%H%M%S}"


def describe(event: ie.Event) -> str:
    """The facts of one event of the workload, in English."""
    schedule = event.schedule
    assert isinstance(schedule, ie.TimeSpan)
    meeting = event.online_meeting
    organizer = event.organizer
    lines = [
        f"Type: {event.kind.replace('_', ' ').title()}",
        f"When: {schedule.starts_at:%A, %d %B %Y, %H:%M}-{schedule.ends_at:%H:%M} ({schedule.time_zone})",
        f"Format: {event.format.replace('_', ' ').title()}",
    ]
    sections = [event.summary or event.title, "\n".join(lines)]
    if meeting is not None:
        sections.append(f"How to join ({meeting.platform.title()}):\nLink: {meeting.join_url}")
    if organizer is not None:
        sections.append(f"Organizer: {organizer.name} ({organizer.acronym}), {organizer.email}")
    return "\n\n".join(sections)


def html_of(text: str) -> str:
    """The description as HTML paragraphs."""
    paragraphs = "".join(f"<p>{html.escape(block).replace(chr(10), '<br>')}</p>" for block in text.split("\n\n"))
    return f"<html><body>{paragraphs}</body></html>"


def vevent(event: ie.Event, stamp: datetime, attendees: Sequence[Attendee] = ()) -> bytes:
    """One VEVENT of the workload."""
    schedule = event.schedule
    assert isinstance(schedule, ie.TimeSpan)
    zone, meeting, organizer = schedule.time_zone, event.online_meeting, event.organizer
    assert meeting is not None
    assert organizer is not None
    text = describe(event)
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY;LANGUAGE={event.text_language}:{escape(event.title)}",
        f"DTSTART;TZID={zone}:{_time(schedule.starts_at)}",
        f"DTEND;TZID={zone}:{_time(schedule.ends_at)}",
        f"DTSTAMP:{_time(stamp)}Z",
        f"UID:{uid(event)}",
        f"SEQUENCE:{event.revision}",
        *(f'ATTENDEE;CN="{person.name}";ROLE={person.role};RSVP=TRUE:mailto:{person.email}' for person in attendees),
        f"CATEGORIES:{escape(event.kind.title())}",
        f'CONFERENCE;VALUE=URI;FEATURE=AUDIO,VIDEO;LABEL="Join on {meeting.platform.title()}":{meeting.join_url}',
        f"DESCRIPTION;LANGUAGE=en:{escape(text)}",
        f"LOCATION;LANGUAGE=en:Online: {meeting.join_url}",
        f'ORGANIZER;CN="{organizer.name}":mailto:{organizer.email}',
        "STATUS:CONFIRMED",
        f"X-ALT-DESC;FMTTYPE=text/html:{escape(html_of(text))}",
        "END:VEVENT",
    ]
    return b"".join(map(fold, lines))


@cache
def vtimezone(zone: str, year: int) -> bytes:
    """The zone's offset that year, as one STANDARD observance (the workload's zones keep one offset a year)."""
    offset = ZoneInfo(zone).utcoffset(datetime(year, 7, 1)) or timedelta(0)
    sign, minutes = ("-" if offset < timedelta(0) else "+"), abs(int(offset.total_seconds())) // 60
    lines = [
        "BEGIN:VTIMEZONE",
        f"TZID:{zone}",
        "BEGIN:STANDARD",
        f"DTSTART:{year - 1}0101T000000",
        f"TZOFFSETFROM:{sign}{minutes // 60:02}{minutes % 60:02}",
        f"TZOFFSETTO:{sign}{minutes // 60:02}{minutes % 60:02}",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]
    return b"".join(map(fold, lines))


def _header(method: str, name: str) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", f"METHOD:{method}"]
    return b"".join(map(fold, [*lines, f"NAME:{escape(name)}", f"X-WR-CALNAME:{escape(name)}"]))


def feed(events: Iterable[ie.Event], name: str, stamp: datetime) -> Iterator[bytes]:
    """A PUBLISH calendar of the events, chunk by chunk; the VTIMEZONEs last."""
    yield _header("PUBLISH", name)
    zones = set()
    for event in events:
        schedule = event.schedule
        assert isinstance(schedule, ie.TimeSpan)
        zones.add((schedule.time_zone, schedule.starts_at.year))
        yield vevent(event, stamp)
    yield b"".join(vtimezone(zone, year) for zone, year in sorted(zones))
    yield b"END:VCALENDAR\r\n"


def invitation(event: ie.Event, attendees: Sequence[Attendee], stamp: datetime | None = None) -> bytes:
    """The REQUEST calendar of one event for its attendees."""
    schedule = event.schedule
    assert isinstance(schedule, ie.TimeSpan)
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    zone = vtimezone(schedule.time_zone, schedule.starts_at.year)
    return _header("REQUEST", event.title) + zone + vevent(event, stamp, attendees) + b"END:VCALENDAR\r\n"


# --- invitations by email -------------------------------------------------------------------------

NAME = "\x00NAME\x00"  # where a recipient's name goes in bodies written once


def _base64(data: bytes) -> bytes:
    encoded = b2a_base64(data, newline=False)
    return b"\r\n".join([encoded[start : start + 76] for start in range(0, len(encoded), 76)]) + b"\r\n"


def _header_text(value: str) -> str:
    """A header value: as it is in ASCII, else one RFC 2047 encoded word a line."""
    if value.isascii():
        return value
    data = value.encode()
    words = []
    start = 0
    while start < len(data):
        end = min(start + 45, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:
            end -= 1
        words.append(f"=?utf-8?b?{b2a_base64(data[start:end], newline=False).decode()}?=")
        start = end
    return "\r\n ".join(words)


def message(
    calendar: tuple[bytes, bytes],
    bodies: tuple[str, str, str],
    person: tuple[str, str, str],
    sender: str,
    stamp: str,
    number: int,
) -> bytes:
    """One invitation: the bodies written once with the person's name put in, the calendar with their ATTENDEE.

    ``person`` is a name, an address and an ATTENDEE role; ``calendar`` the calendar cut where that line goes.
    """
    subject, text, page = bodies
    name, email, role = person
    head, tail = calendar
    attendee = fold(f'ATTENDEE;CN="{name}";ROLE={role};PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{email}')
    ics = _base64(head + attendee + tail)
    mixed, alternative = f"=_mix_{number}", f"=_alt_{number}"
    parts = [
        f"From: {sender}\r\nTo: {_header_text(name)} <{email}>\r\nSubject: {_header_text(subject)}\r\n"
        f"Date: {stamp}\r\nMessage-ID: <{number}@floor.example>\r\nMIME-Version: 1.0\r\n"
        f'Content-Type: multipart/mixed; boundary="{mixed}"\r\n\r\n--{mixed}\r\n'
        f'Content-Type: multipart/alternative; boundary="{alternative}"\r\n\r\n--{alternative}\r\n'
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n".encode(),
        _base64(text.replace(NAME, name).encode()),
        f"--{alternative}\r\nContent-Type: text/html; charset=utf-8\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n".encode(),
        _base64(page.replace(NAME, html.escape(name)).encode()),
        f"--{alternative}\r\nContent-Type: text/calendar; method=REQUEST; charset=UTF-8\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n".encode(),
        ics,
        f'--{alternative}--\r\n--{mixed}\r\nContent-Type: application/ics; name="invite.ics"\r\n'
        'Content-Disposition: attachment; filename="invite.ics"\r\nContent-Transfer-Encoding: base64\r\n\r\n'.encode(),
        ics,
        f"--{mixed}--\r\n".encode(),
    ]
    return b"".join(parts)


def calendar_parts(whole: bytes, line: bytes) -> tuple[bytes, bytes]:
    """A calendar written once for one attendee, cut around that attendee's (folded) ``line``."""
    head, found, tail = whole.partition(line)
    assert found, "the attendee's line is not in the calendar"
    return head, tail
