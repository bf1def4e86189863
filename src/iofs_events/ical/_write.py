"""Writing calendars: an event as the bytes of an ``.ics`` file, and feeds of many events, through icalendar."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, vCalAddress, vDuration, vText
from icalendar import Event as VEvent
from icalendar.parser import Contentline

from .. import _checks as check
from .._agenda import AgendaSession
from .._enums import EventStatus, Relation
from .._event import Event
from .._parties import Person
from .._schedule import DateSpan, TimeSpan
from .._wording import platform_name
from ..exceptions import CalendarError
from ._describe import describe, location, to_html
from ._itip import Address, Attendee, Method, address_of, check_method, publisher, stamp_of
from ._names import PRODID, UID_SUFFIX, kind_category, uid
from ._vtimezone import vtimezone

_STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.RESCHEDULED: "CONFIRMED",
    EventStatus.TENTATIVE: "TENTATIVE",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}
_RELTYPE = {Relation.PARENT: "PARENT", Relation.CHILD: "CHILD", Relation.NEXT: "NEXT", Relation.PREVIOUS: "SIBLING"}
_JOIN_BUTTONS = {"teams": "X-MICROSOFT-SKYPETEAMSMEETINGURL", "google_meet": "X-GOOGLE-CONFERENCE"}
_END_EVENT = b"END:VEVENT\r\n"


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
    address = address_of(organizer) if organizer is not None else publisher(event)
    check_method(event, method, attendees=len(attendees), organizer=address, passcode=passcode)
    calendar = _calendar(event, method, attendees, address, stamp_of(stamp), tuple(reminders), agenda, passcode)
    return _serialize(calendar)


def calendar_parts(
    event: Event, *, method: Method, organizer: Address, stamp: datetime, passcode: bool
) -> tuple[bytes, bytes]:
    """The calendar of an invitation without attendees, cut where an ``ATTENDEE`` line goes.

    The caller has checked the method's rules with :func:`~iofs_events.ical._itip.check_method`;
    put :func:`attendee_line` between the two parts to have the calendar of one attendee.
    """
    calendar = _calendar(event, method, (), organizer, stamp, (), False, passcode)
    *others, entry = calendar.subcomponents
    calendar.subcomponents = others
    head = _serialize(calendar).removesuffix(b"END:VCALENDAR\r\n") + _serialize(entry).removesuffix(_END_EVENT)
    return head, _END_EVENT + b"END:VCALENDAR\r\n"


def attendee_line(attendee: Attendee) -> bytes:
    """The folded ``ATTENDEE`` content line of ``attendee``, as :func:`to_ical` writes it."""
    address = _invited(attendee)
    return _fold(str(Contentline.from_parts("ATTENDEE", address.params, address.to_ical().decode()))) + b"\r\n"


def _calendar(
    event: Event,
    method: Method,
    attendees: Sequence[Attendee],
    organizer: Address | None,
    stamp: datetime,
    reminders: tuple[timedelta, ...],
    agenda: bool,
    passcode: bool,
) -> Calendar:
    """The calendar that :func:`to_ical` writes, once the rules of ``method`` have passed it."""
    result = _header(method, event.title)
    spans: dict[str, list[datetime]] = {}
    _cover(spans, _zoned_times(event, agenda))
    for component in _timezones(spans):
        result.add_component(component)
    address = _calendar_address(organizer) if organizer is not None else None
    result.add_component(_vevent(event, attendees, address, stamp, reminders, passcode))
    if agenda:
        for index, session in enumerate(event.agenda):
            if session.starts_at is not None:
                result.add_component(_session(event, index, session, address, attendees, stamp))
    return result


def _calendar_address(address: Address) -> vCalAddress:
    """An ORGANIZER or ATTENDEE value with its display name as ``CN`` and its ``SENT-BY``."""
    value = vCalAddress(address.uri)
    if address.name:
        value.params["CN"] = address.name
    if address.sent_by:
        value.params["SENT-BY"] = address.sent_by
    return value


def _header(method: Method, name: str, **properties: object) -> Calendar:
    """A calendar with its required properties, its name, and the given ones that are not ``None``.

    Names and descriptions are TEXT, escaped as such: icalendar writes the properties it does not
    know (``NAME``, ``X-WR-CALNAME``) as they are, and a comma or semicolon would cut them.
    """
    calendar = Calendar()
    for key, value in (
        ("prodid", PRODID),
        ("version", "2.0"),
        ("calscale", "GREGORIAN"),
        ("method", str(method)),
        ("name", vText(name)),
        ("x-wr-calname", vText(name)),
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
    problem = check.line_problem(name)
    if problem is not None:
        raise CalendarError(f"the feed's name {problem}: {check.shown(name)}")
    fallback = address_of(organizer) if organizer is not None else None
    stamp = stamp_of(stamp)
    text = vText(description) if description is not None else None
    header = _header(Method.PUBLISH, name, description=text, x_wr_caldesc=text, url=url)
    header.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    header.add("x-published-ttl", vDuration(refresh))
    yield header.to_ical().removesuffix(b"END:VCALENDAR\r\n")
    spans: dict[str, list[datetime]] = {}
    for event in events:
        if event.schedule is None:
            continue
        _cover(spans, _zoned_times(event, agenda=False))
        address = publisher(event) or fallback
        entry = _vevent(event, (), _calendar_address(address) if address else None, stamp, (), passcode=False)
        yield _serialize(entry)
    for component in _timezones(spans):
        yield _serialize(component)
    yield b"END:VCALENDAR\r\n"


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
    address = _calendar_address(address_of(attendee))
    address.params.update(ROLE=attendee.role, PARTSTAT="NEEDS-ACTION", RSVP="TRUE", CUTYPE="INDIVIDUAL")
    return address


def _schedule(entry: VEvent, schedule: TimeSpan | DateSpan) -> None:
    if isinstance(schedule, DateSpan):
        entry.add("dtstart", schedule.first_day)
        entry.add("dtend", schedule.end)  # exclusive, the day after the last
        return
    entry.add("dtstart", _written_time(schedule.starts_at))
    entry.add("dtend", _written_time(schedule.ends_at))


def _written_time(value: datetime) -> datetime:
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
    entry.add("dtstart", _written_time(starts_at))
    if session.ends_at is not None:
        entry.add("dtend", _written_time(session.ends_at))
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
        if moment is not None and _written_time(moment) is moment:
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
