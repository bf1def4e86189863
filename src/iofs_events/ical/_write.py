"""Writing calendars: an event as the bytes of an ``.ics`` file, and feeds of many events, through icalendar."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, vCalAddress, vDuration, vText
from icalendar import Event as VEvent
from icalendar.parser import Contentline

from .. import _checks as check
from .._agenda import AgendaSession
from .._enums import EventStatus, Relation
from .._event import Event
from .._reading import Reading, reading
from .._schedule import DateSpan, TimeSpan
from .._wording import phone_text
from ..exceptions import CalendarError
from ._describe import described, join_label, location, to_html
from ._itip import Address, Attendee, Method, address_of, check_method, nobody_to_publish, publisher, stamp_of
from ._names import PRODID, UID_SUFFIX, uid
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
    method: Method | None = Method.PUBLISH,
    attendees: Sequence[Attendee] = (),
    organizer: Attendee | None = None,
    stamp: datetime | None = None,
    reminders: Iterable[timedelta] = (),
    agenda: bool = False,
    passcode: bool = False,
    language: str | None = None,
    catalogues: Path | None = None,
) -> bytes:
    """The calendar of ``event`` for ``method``, as the bytes of an ``.ics`` file.

    ``method=None`` writes the calendar object that a CalDAV server stores (RFC 4791 §4.1
    forbids ``METHOD`` there): the ``PUBLISH`` calendar without its method, under the same rules.
    ``organizer`` defaults to the event's organizer, or its first contact, with an email
    address, else to the event's organizer by name; an event that names nobody needs it, since
    every calendar has an ``ORGANIZER`` (RFC 5546) and no address is ever invented.
    ``stamp`` (``DTSTAMP``) defaults to now; give it for reproducible output.
    ``reminders`` adds an alarm that long before the start. ``agenda`` adds each timed agenda
    session as its own entry linked to the event. ``passcode`` shows the meeting passcode,
    for invitations to registered participants only: never in ``PUBLISH``. ``language`` (a
    BCP 47 tag) writes the calendar for a reader of that language: its texts from the event's
    translation in it where there is one, its labels from the message catalogues (``catalogues``
    is a folder of your own), with ``LANGUAGE`` saying which is which. RFC 5545 allows one
    ``SUMMARY`` per entry, so a calendar speaks one language: write one per language.
    """
    rules = Method.PUBLISH if method is None else Method(method)
    address = address_of(organizer) if organizer is not None else publisher(event)
    stored = method is None  # a CalDAV object, not an iTIP message: an ORGANIZER only if someone is named
    address = check_method(event, rules, attendees=len(attendees), organizer=address, passcode=passcode, stored=stored)
    r = reading(event, language or event.text_language, catalogues)
    calendar = _calendar(r, rules, attendees, address, stamp_of(stamp), tuple(reminders), agenda, passcode)
    if method is None:
        del calendar["METHOD"]
    return _serialize(calendar)


def calendar_parts(
    r: Reading, *, method: Method, organizer: Address, stamp: datetime, passcode: bool
) -> tuple[bytes, bytes]:
    """The calendar of an invitation without attendees, for reader ``r``, cut where an ``ATTENDEE`` line goes.

    The caller has checked the method's rules with :func:`~iofs_events.ical._itip.check_method`;
    put :func:`attendee_line` between the two parts to have the calendar of one attendee.
    """
    calendar = _calendar(r, method, (), organizer, stamp, (), False, passcode)
    *others, entry = calendar.subcomponents
    calendar.subcomponents = others
    head = _serialize(calendar).removesuffix(b"END:VCALENDAR\r\n") + _serialize(entry).removesuffix(_END_EVENT)
    return head, _END_EVENT + b"END:VCALENDAR\r\n"


def attendee_line(attendee: Attendee) -> bytes:
    """The folded ``ATTENDEE`` content line of ``attendee``, as :func:`to_ical` writes it."""
    address = _invited(attendee)
    return _fold(str(Contentline.from_parts("ATTENDEE", address.params, address.to_ical().decode()))) + b"\r\n"


def _calendar(
    r: Reading,
    method: Method,
    attendees: Sequence[Attendee],
    organizer: Address | None,
    stamp: datetime,
    reminders: tuple[timedelta, ...],
    agenda: bool,
    passcode: bool,
) -> Calendar:
    """The calendar that :func:`to_ical` writes, once the rules of ``method`` have passed it."""
    event = r.event
    result = _header(method, event.title)
    spans: dict[str, list[datetime]] = {}
    _cover(spans, _zoned_times(event, agenda))
    for component in _timezones(spans):
        result.add_component(component)
    address = _calendar_address(organizer) if organizer is not None else None
    result.add_component(_vevent(r, attendees, address, stamp, reminders, passcode))
    if agenda:
        for index, session in enumerate(event.agenda):
            if session.starts_at is not None:
                result.add_component(_session(r, index, session, address, attendees, stamp))
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
    language: str | None = None,
    catalogues: Path | None = None,
) -> Iterator[bytes]:
    """A ``PUBLISH`` calendar of many events (a programme, a series), as chunks of an ``.ics`` file.

    Events are read and written one at a time, so a feed of 10,000 events never holds 10,000
    component trees; the VTIMEZONEs, which must cover every event, come last, as RFC 5545
    allows. Events without a schedule are left out. ``refresh`` tells subscribed clients how
    often to fetch the feed again (``REFRESH-INTERVAL`` and ``X-PUBLISHED-TTL``); ``organizer``
    publishes the events that name nobody (neither an organizer nor a contact with an email
    address); without it, such an event raises :class:`~iofs_events.CalendarError` when reached.
    ``language`` writes every event for a reader of that language, as :func:`to_ical` does: a
    programme in four languages is four feeds.
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
        address = publisher(event) or fallback
        if address is None:
            raise nobody_to_publish(event)
        _cover(spans, _zoned_times(event, agenda=False))
        r = reading(event, language or event.text_language, catalogues)
        yield _serialize(_vevent(r, (), _calendar_address(address), stamp, (), passcode=False))
    for component in _timezones(spans):
        yield _serialize(component)
    yield b"END:VCALENDAR\r\n"


def _vevent(
    r: Reading,
    attendees: Sequence[Attendee],
    organizer: vCalAddress | None,
    stamp: datetime,
    reminders: tuple[timedelta, ...],
    passcode: bool,
) -> VEvent:
    event = r.event
    words = {"LANGUAGE": r.language}  # the labels' language; the event's texts say their own
    entry = _entry(event, uid(event), stamp, organizer, attendees)
    _schedule(entry, event.schedule)  # type: ignore[arg-type]
    entry.add("summary", event.title, parameters={"LANGUAGE": r.localized.language_of("title")})
    text = described(r, passcode=passcode)
    entry.add("description", text, parameters=words)
    entry.add("x-alt-desc", vText(to_html(text, r.language)), parameters={"FMTTYPE": "text/html"})  # for Outlook
    where = location(r)
    if where:
        entry.add("location", where, parameters=words)
    entry.add("categories", [r.vocabulary()[event.kind], *event.topics])
    if event.url:
        entry.add("url", event.url)
    for index, person in enumerate(event.contacts):
        entry.add("contact", str(r.person(person, f"contacts[{index}]")), parameters=words)
    _meeting(entry, r)
    for other in event.related:
        if other.event_id:
            entry.add("related-to", f"{other.event_id}{UID_SUFFIX}", parameters={"RELTYPE": _RELTYPE[other.relation]})
    for before in reminders:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", -before)
        alarm.add("description", event.title)  # in the reader's language where translated
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
    _add_time(entry, "dtstart", schedule.starts_at)
    _add_time(entry, "dtend", schedule.ends_at)


def _add_time(entry: VEvent, name: str, value: datetime) -> None:
    """Add the time ``value`` as property ``name``, with its ``TZID`` or in UTC (see :func:`_written_time`).

    icalendar writes ``Z`` instead of the ``TZID`` of every zone it deems equal to UTC
    (Africa/Dakar, Africa/Abidjan...), which loses the zone the organizer chose: the ``TZID``
    is written here.
    """
    written = _written_time(value)
    if written is value:
        entry.add(name, value.replace(tzinfo=None), parameters={"TZID": cast(ZoneInfo, value.tzinfo).key})
    else:
        entry.add(name, written)


def _written_time(value: datetime) -> datetime:
    """A time with its ``TZID``, or in UTC (``Z``) for the zone UTC and in a repeated hour.

    Readers resolve a local time in the hour that clocks repeat differently, although
    RFC 5545 says it is the first one; UTC leaves them nothing to resolve.
    """
    repeated = value.replace(fold=0).utcoffset() != value.replace(fold=1).utcoffset()
    return value.astimezone(UTC) if repeated or cast(ZoneInfo, value.tzinfo).key == "UTC" else value


def _meeting(entry: VEvent, r: Reading) -> None:
    meeting = r.event.online_meeting
    if meeting is None:
        return
    label = join_label(r, meeting.platform)
    if meeting.join_url:
        entry.add("conference", meeting.join_url, parameters=_conference(["AUDIO", "VIDEO"], label))
        button = _JOIN_BUTTONS.get(meeting.platform)
        if button:
            entry.add(button, vText(meeting.join_url))
    for number in meeting.dial_in:
        entry.add(
            "conference",
            f"tel:{number.number}",
            parameters=_conference(["PHONE"], r.gettext("Dial in:") + " " + phone_text(number.number, r.locale)),
        )


def _conference(features: list[str], label: str) -> dict[str, Any]:
    """RFC 7986 parameters; FEATURE is a list, so icalendar must not quote it as one value."""
    return {"VALUE": "URI", "FEATURE": features, "LABEL": label}


def _session(
    r: Reading,
    index: int,
    session: AgendaSession,
    organizer: vCalAddress | None,
    attendees: Sequence[Attendee],
    stamp: datetime,
) -> VEvent:
    event, path = r.event, f"agenda[{index}]"
    entry = _entry(event, uid(event, index), stamp, organizer, attendees)
    starts_at = cast(datetime, session.starts_at)
    _add_time(entry, "dtstart", starts_at)
    if session.ends_at is not None:
        _add_time(entry, "dtend", session.ends_at)
    translated = r.localized.translated is not None and f"{path}.title" not in r.localized.fallbacks
    language = r.localized.language_of(f"{path}.title") if translated else session.language or r.localized.original
    entry.add("summary", session.title, parameters={"LANGUAGE": language})
    speakers = [
        f"{r.voice.mixed(speaker.person.name)} ({r.text(speaker.role, f'{path}.speakers[{number}].role')})"
        if speaker.role
        else str(r.voice.mixed(speaker.person.name))
        for number, speaker in enumerate(session.speakers)
    ]
    description = str(r.text(session.description, f"{path}.description")) if session.description else None
    text = "\n\n".join(part for part in (description, "\n".join(speakers)) if part)
    if text:
        entry.add("description", text, parameters={"LANGUAGE": r.language})
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
