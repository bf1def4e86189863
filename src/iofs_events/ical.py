"""iCalendar (RFC 5545, 5546, 7986): an event as a calendar that real clients read the same way.

:func:`to_ical` writes the calendar for one iTIP method: ``PUBLISH`` for downloads and feeds
(an organizer, no attendees), ``REQUEST`` for invitations (an organizer and attendees) and
``CANCEL`` for a cancelled event (same UID, a higher ``SEQUENCE``). The UID derives from the
event's ``id`` and ``SEQUENCE`` is its ``revision``, so an update or a cancellation replaces
the entry that a participant already has. Times carry their IANA zone with a VTIMEZONE that
ical.js, libical and Outlook read right; an event whose time is not fixed is date-only.
:func:`feed` streams a calendar of many events, and :func:`from_ical` reads calendars back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, cast
from uuid import NAMESPACE_URL, uuid5
from zoneinfo import ZoneInfo

from attrs import field, frozen
from icalendar import Alarm, Calendar, vCalAddress, vDuration, vText
from icalendar import Event as VEvent
from icalendar.parser import Contentline

from . import _checks as check
from ._agenda import AgendaSession
from ._enums import EventStatus, Relation
from ._event import Event
from ._ical_names import PRODID, UID_SUFFIX, kind_category
from ._ical_read import read_ical as from_ical
from ._parties import Person
from ._schedule import DateSpan, TimeSpan
from ._text import describe, location, organization_name, platform_name, to_html
from ._vtimezone import vtimezone
from .exceptions import IofsEventsError

__all__ = ["Attendee", "CalendarError", "Method", "Role", "feed", "from_ical", "to_ical", "uid"]

_STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.RESCHEDULED: "CONFIRMED",
    EventStatus.TENTATIVE: "TENTATIVE",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}
_RELTYPE = {Relation.PARENT: "PARENT", Relation.CHILD: "CHILD", Relation.NEXT: "NEXT", Relation.PREVIOUS: "SIBLING"}
_JOIN_BUTTONS = {"teams": "X-MICROSOFT-SKYPETEAMSMEETINGURL", "google_meet": "X-GOOGLE-CONFERENCE"}


class CalendarError(IofsEventsError, ValueError):
    """An event cannot be written as the calendar asked for (no schedule, no organizer address...)."""


class Method(StrEnum):
    """The iTIP method of a calendar (RFC 5546)."""

    PUBLISH = "PUBLISH"
    REQUEST = "REQUEST"
    CANCEL = "CANCEL"


class Role(StrEnum):
    """The part an attendee plays (the ``ROLE`` parameter)."""

    CHAIR = "CHAIR"
    REQUIRED = "REQ-PARTICIPANT"
    OPTIONAL = "OPT-PARTICIPANT"
    INFORMATION = "NON-PARTICIPANT"


@frozen(kw_only=True)
class Attendee:
    """Someone a calendar invites, or the organizer who sends it."""

    email: str = field(validator=check.email)
    name: str | None = field(default=None, validator=check.optional(check.line))
    role: Role = field(default=Role.REQUIRED, validator=check.member(Role))

    def address(self, **parameters: str) -> vCalAddress:
        """The ``mailto:`` address with ``CN`` and the given parameters."""
        return _address(f"mailto:{self.email}", self.name, **parameters)


def _address(uri: str, name: str | None, **parameters: str) -> vCalAddress:
    """A calendar address (ORGANIZER, ATTENDEE) with its display name as ``CN``."""
    address = vCalAddress(uri)
    if name:
        address.params["CN"] = name
    address.params.update(parameters)
    return address


def uid(event: Event, session: int | None = None) -> str:
    """The UID of ``event`` (or of its agenda session number ``session``): stable across revisions."""
    return f"{event.id}{UID_SUFFIX}" if session is None else f"{event.id}.session-{session + 1}{UID_SUFFIX}"


def to_ical(
    event: Event,
    *,
    method: Method = Method.PUBLISH,
    attendees: Sequence[Attendee] = (),
    organizer: Attendee | None = None,
    stamp: datetime | None = None,
    reminders: Iterable[timedelta] = (),
    agenda: bool = False,
    passcode: bool = False,
) -> bytes:
    """The calendar of ``event`` for ``method``, as the bytes of an ``.ics`` file.

    ``organizer`` defaults to the event's organizer, or its first contact, with an email
    address. ``stamp`` (``DTSTAMP``) defaults to now; give it for reproducible output.
    ``reminders`` adds an alarm that long before the start. ``agenda`` adds each timed agenda
    session as its own entry linked to the event. ``passcode`` shows the meeting passcode,
    for invitations to registered participants only: never in ``PUBLISH``.
    """
    method = Method(method)
    address = organizer.address() if organizer is not None else _publisher(event)
    _check(event, method, attendees, address, passcode)
    return _calendar(event, method, attendees, address, _stamp(stamp), tuple(reminders), agenda, passcode)


def _check(
    event: Event, method: Method, attendees: Sequence[Attendee], organizer: vCalAddress | None, passcode: bool
) -> None:
    """Refuse a calendar that breaks the rules of ``method`` (RFC 5546) or cannot be written at all."""
    if event.schedule is None:
        raise CalendarError("the event has no schedule yet: a calendar entry needs at least its days")
    if method is Method.REQUEST and not attendees:
        raise CalendarError("a REQUEST invites someone: give at least one attendee")
    if method is Method.PUBLISH and attendees:
        raise CalendarError("a PUBLISH calendar has no attendees; send a REQUEST to invite people")
    if method is Method.CANCEL and event.status is not EventStatus.CANCELLED:
        raise CalendarError("cancel the event first: event.cancel() marks it cancelled as a new revision")
    if method is Method.PUBLISH and passcode:
        raise CalendarError("a passcode is never published; it goes only in invitations (REQUEST)")
    if method is not Method.PUBLISH and not str(organizer or "").startswith("mailto:"):
        raise CalendarError(f"a {method} needs the organizer's email address: give the event's organizer an email")


def _calendar(
    event: Event,
    method: Method,
    attendees: Sequence[Attendee],
    organizer: vCalAddress | None,
    stamp: datetime,
    reminders: tuple[timedelta, ...],
    agenda: bool,
    passcode: bool,
) -> bytes:
    """The calendar that :func:`to_ical` writes, once :func:`_check` has passed it."""
    result = _header(method, event.title)
    spans: dict[str, list[datetime]] = {}
    _cover(spans, _zoned_times(event, agenda))
    for component in _timezones(spans):
        result.add_component(component)
    result.add_component(_vevent(event, attendees, organizer, stamp, reminders, passcode))
    if agenda:
        for index, session in enumerate(event.agenda):
            if session.starts_at is not None:
                result.add_component(_session(event, index, session, organizer, attendees, stamp))
    return _serialize(result)


def _stamp(stamp: datetime | None) -> datetime:
    """``DTSTAMP``: the given moment, or now, in UTC to the second."""
    return (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)


def _header(method: Method, name: str, **properties: object) -> Calendar:
    """A calendar with its required properties, its name, and the given ones that are not ``None``."""
    calendar = Calendar()
    for key, value in (
        ("prodid", PRODID),
        ("version", "2.0"),
        ("calscale", "GREGORIAN"),
        ("method", str(method)),
        ("name", name),
        ("x-wr-calname", name),
        *properties.items(),
    ):
        if value is not None:
            calendar.add(key.replace("_", "-"), value)
    return calendar


def feed(
    events: Iterable[Event],
    *,
    name: str,
    description: str | None = None,
    url: str | None = None,
    refresh: timedelta = timedelta(hours=12),
    organizer: Attendee | None = None,
    stamp: datetime | None = None,
) -> Iterator[bytes]:
    """A ``PUBLISH`` calendar of many events (a programme, a series), as chunks of an ``.ics`` file.

    Events are read and written one at a time, so a feed of 10,000 events never holds 10,000
    component trees; the VTIMEZONEs, which must cover every event, come last, as RFC 5545
    allows. Events without a schedule are left out. ``refresh`` tells subscribed clients how
    often to fetch the feed again (``REFRESH-INTERVAL`` and ``X-PUBLISHED-TTL``); ``organizer``
    publishes the events that name no organizer of their own.
    """
    fallback = organizer.address() if organizer is not None else None
    stamp = _stamp(stamp)
    header = _header(Method.PUBLISH, name, description=description, x_wr_caldesc=description, url=url)
    header.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    header.add("x-published-ttl", vDuration(refresh))
    yield header.to_ical().removesuffix(b"END:VCALENDAR\r\n")
    spans: dict[str, list[datetime]] = {}
    for event in events:
        if event.schedule is None:
            continue
        _cover(spans, _zoned_times(event, agenda=False))
        yield _serialize(_vevent(event, (), _publisher(event) or fallback, stamp, (), passcode=False))
    for component in _timezones(spans):
        yield _serialize(component)
    yield b"END:VCALENDAR\r\n"


def _publisher(event: Event) -> vCalAddress | None:
    """The ORGANIZER an event names itself, with an email address if it has one.

    That is its organizer's or its first contact's address; else its organizer by name, at
    its web address or a stable ``urn:uuid``, since RFC 5546 wants an ORGANIZER in every
    PUBLISH and no email address may be invented.
    """
    who = event.organizer
    name = organization_name(who) if who is not None else None
    if who is not None and who.email:
        return _address(f"mailto:{who.email}", name)
    contact = next((person for person in event.contacts if person.email), None)
    if contact is not None:
        return _address(f"mailto:{contact.email}", contact.name)
    if who is not None:
        return _address(who.url or f"urn:uuid:{uuid5(NAMESPACE_URL, who.name)}", name)
    return None


def _vevent(
    event: Event,
    attendees: Sequence[Attendee],
    organizer: vCalAddress | None,
    stamp: datetime,
    reminders: tuple[timedelta, ...],
    passcode: bool,
) -> VEvent:
    language = {"LANGUAGE": event.text_language}
    entry = _entry(event, uid(event), stamp, organizer, attendees)
    _schedule(entry, event.schedule)  # type: ignore[arg-type]
    entry.add("summary", event.title, parameters=language)
    text = describe(event, passcode=passcode)
    entry.add("description", text, parameters=language)
    entry.add("x-alt-desc", vText(to_html(text)), parameters={"FMTTYPE": "text/html"})  # Outlook shows this one
    where = location(event)
    if where:
        entry.add("location", where, parameters=language)
    entry.add("categories", [kind_category(event.kind), *event.topics])
    if event.url:
        entry.add("url", event.url)
    for person in event.contacts:
        entry.add("contact", _contact(person), parameters=language)
    _meeting(entry, event)
    for other in event.related:
        if other.event_id:
            entry.add("related-to", f"{other.event_id}{UID_SUFFIX}", parameters={"RELTYPE": _RELTYPE[other.relation]})
    for before in reminders:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", -before)
        alarm.add("description", event.title)
        entry.add_component(alarm)
    return entry


def _entry(
    event: Event, entry_uid: str, stamp: datetime, organizer: vCalAddress | None, attendees: Sequence[Attendee]
) -> VEvent:
    """A VEVENT with what every entry of ``event`` has: UID, stamp, revision, status and people.

    A CANCEL needs no status of its own: only a cancelled event can be cancelled.
    """
    entry = VEvent()
    entry.add("uid", entry_uid)
    entry.add("dtstamp", stamp)
    entry.add("sequence", event.revision)
    entry.add("status", _STATUS[event.status])
    if organizer is not None:
        entry.add("organizer", organizer)
    for attendee in attendees:
        entry.add("attendee", _invited(attendee))
    return entry


def _invited(attendee: Attendee) -> vCalAddress:
    """An ATTENDEE whose answer is awaited (RFC 5546 ``PARTSTAT`` and ``RSVP``)."""
    return attendee.address(ROLE=attendee.role, PARTSTAT="NEEDS-ACTION", RSVP="TRUE", CUTYPE="INDIVIDUAL")


def _attendee_line(attendee: Attendee) -> bytes:
    """The folded ``ATTENDEE`` content line of ``attendee``, as :func:`to_ical` writes it."""
    address = _invited(attendee)
    return _fold(str(Contentline.from_parts("ATTENDEE", address.params, address.to_ical().decode()))) + b"\r\n"


def _schedule(entry: VEvent, schedule: TimeSpan | DateSpan) -> None:
    if isinstance(schedule, DateSpan):
        entry.add("dtstart", schedule.first_day)
        entry.add("dtend", schedule.end)  # exclusive, the day after the last
        return
    entry.add("dtstart", _moment(schedule.starts_at))
    entry.add("dtend", _moment(schedule.ends_at))


def _moment(value: datetime) -> datetime:
    """A time with its ``TZID``, or in UTC (``Z``) for the zone UTC and in a repeated hour.

    Readers resolve a local time in the hour that clocks repeat differently, although
    RFC 5545 says it is the first one; UTC leaves them nothing to resolve.
    """
    repeated = value.replace(fold=0).utcoffset() != value.replace(fold=1).utcoffset()
    return value.astimezone(UTC) if repeated or cast(ZoneInfo, value.tzinfo).key == "UTC" else value


def _contact(person: Person) -> str:
    organization = person.organization.acronym or person.organization.name if person.organization else None
    parts = [person.name, person.position, organization, person.phone, person.email]
    return ", ".join(part for part in parts if part)


def _meeting(entry: VEvent, event: Event) -> None:
    meeting = event.online_meeting
    if meeting is None:
        return
    label = f"Join on {platform_name(meeting.platform)}"
    if meeting.join_url:
        entry.add("conference", meeting.join_url, parameters=_conference(["AUDIO", "VIDEO"], label))
        button = _JOIN_BUTTONS.get(meeting.platform)
        if button:
            entry.add(button, vText(meeting.join_url))
    for number in meeting.dial_in:
        entry.add(
            "conference",
            f"tel:{number.number}",
            parameters=_conference(["PHONE"], f"Dial in: {number.number}"),
        )


def _conference(features: list[str], label: str) -> dict[str, Any]:
    """RFC 7986 parameters; FEATURE is a list, so icalendar must not quote it as one value."""
    return {"VALUE": "URI", "FEATURE": features, "LABEL": label}


def _session(
    event: Event,
    index: int,
    session: AgendaSession,
    organizer: vCalAddress | None,
    attendees: Sequence[Attendee],
    stamp: datetime,
) -> VEvent:
    language = {"LANGUAGE": session.language or event.text_language}
    entry = _entry(event, uid(event, index), stamp, organizer, attendees)
    starts_at = cast(datetime, session.starts_at)
    entry.add("dtstart", _moment(starts_at))
    if session.ends_at is not None:
        entry.add("dtend", _moment(session.ends_at))
    entry.add("summary", session.title, parameters=language)
    speakers = "\n".join(
        f"{speaker.person.name} ({speaker.role})" if speaker.role else speaker.person.name
        for speaker in session.speakers
    )
    text = "\n\n".join(part for part in (session.description, speakers) if part)
    if text:
        entry.add("description", text, parameters=language)
    entry.add("categories", [session.kind.title()])
    entry.add("related-to", uid(event), parameters={"RELTYPE": "PARENT"})
    return entry


def _zoned_times(event: Event, agenda: bool) -> Iterator[datetime]:
    """The times of the calendar entries of ``event`` that are written with a ``TZID``."""
    times: list[datetime | None] = []
    if isinstance(event.schedule, TimeSpan):
        times += [event.schedule.starts_at, event.schedule.ends_at]
    if agenda:
        times += [moment for session in event.agenda for moment in (session.starts_at, session.ends_at)]
    for moment in times:
        if moment is not None and _moment(moment) is moment:
            yield moment


def _cover(spans: dict[str, list[datetime]], moments: Iterable[datetime]) -> None:
    """Widen the span of each zone, first and last moment, to take in ``moments``."""
    for moment in moments:
        span = spans.setdefault(cast(ZoneInfo, moment.tzinfo).key, [moment, moment])
        span[0], span[1] = min(span[0], moment, key=check.instant), max(span[1], moment, key=check.instant)


def _timezones(spans: dict[str, list[datetime]]) -> list[Any]:
    """One VTIMEZONE for each zone, covering its span."""
    return [vtimezone(key, first, last) for key, (first, last) in sorted(spans.items())]


def _serialize(component: Any) -> bytes:
    """The bytes of ``component.to_ical()``, folded on bytes rather than character by character.

    icalendar's folding walks every character of every line and takes most of the time of a
    large feed; this gives the same bytes several times faster.
    """
    return b"\r\n".join([_fold(line) for line in component.content_lines() if line]) + b"\r\n"


def _fold(line: str) -> bytes:
    """One content line in pieces of at most 75 octets, never cut inside a UTF-8 character."""
    data = line.encode()
    if len(data) <= 74:
        return data
    parts, start = [], 0
    while len(data) - start > 74:
        end = start + 74
        while data[end] & 0xC0 == 0x80:  # a continuation byte: the character began earlier
            end -= 1
        if data[end - 1] in b"\\^" and end - 1 > start:  # keep an escape with what it escapes, as icalendar does
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return b"\r\n ".join(parts)
