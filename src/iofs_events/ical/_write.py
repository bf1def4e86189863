"""Writing calendars: an event as the bytes of an ``.ics`` file, and feeds of many events.

What a calendar holds is said here once, as the components of :mod:`._component`; they are written
by :mod:`._lines`, directly. The tests' reference writer puts the same components through
icalendar's component model: the reference that every calendar written here equals byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import cast
from zoneinfo import ZoneInfo

from .. import _checks as check
from .._agenda import AgendaSession
from .._enums import EventStatus, Relation
from .._event import Event
from .._reading import Reading, read_once, reading
from .._schedule import DateSpan, TimeSpan
from .._wording import phone_text
from ..exceptions import CalendarError
from . import _lines
from ._component import NO_PARAMETERS, Component, Parameters, Property, Uri
from ._describe import described, join_label, location, to_html
from ._itip import Address, Attendee, Method, address_of, check_method, nobody_to_publish, publisher, stamp_of
from ._names import PRODID, UID_SUFFIX, uid

Serialize = Callable[[Component], bytes]
"""Writes a component and the components inside it as the bytes of a calendar."""

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
_END_CALENDAR = b"END:VCALENDAR\r\n"
_BATCH = 32  # events of a feed read and written together


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
    return written_calendar(
        event,
        method=method,
        attendees=attendees,
        organizer=organizer,
        stamp=stamp,
        reminders=reminders,
        agenda=agenda,
        passcode=passcode,
        language=language,
        catalogues=catalogues,
        serialize=_lines.write,
    )


def written_calendar(
    event: Event,
    *,
    method: Method | None,
    attendees: Sequence[Attendee],
    organizer: Attendee | None,
    stamp: datetime | None,
    reminders: Iterable[timedelta],
    agenda: bool,
    passcode: bool,
    language: str | None,
    catalogues: Path | None,
    serialize: Serialize,
) -> bytes:
    """:func:`to_ical`, its components written by ``serialize``."""
    rules = Method.PUBLISH if method is None else Method(method)
    address = address_of(organizer) if organizer is not None else publisher(event)
    stored = method is None  # a CalDAV object, not an iTIP message: an ORGANIZER only if someone is named
    address = check_method(event, rules, attendees=len(attendees), organizer=address, passcode=passcode, stored=stored)
    r = reading(event, language or event.text_language, catalogues)
    header, timezones, entries = _calendar(
        r, rules, attendees, address, stamp_of(stamp), tuple(reminders), agenda, passcode, stored, serialize
    )
    return _open(header, serialize) + timezones + b"".join(map(serialize, entries)) + _END_CALENDAR


def calendar_parts(
    r: Reading,
    *,
    method: Method,
    organizer: Address,
    stamp: datetime,
    passcode: bool,
    serialize: Serialize = _lines.write,
) -> tuple[bytes, bytes]:
    """The calendar of an invitation without attendees, for reader ``r``, cut where an ``ATTENDEE`` line goes.

    The caller has checked the method's rules with :func:`~iofs_events.ical._itip.check_method`;
    put :func:`attendee_line` between the two parts to have the calendar of one attendee.
    """
    header, timezones, (entry,) = _calendar(r, method, (), organizer, stamp, (), False, passcode, False, serialize)
    head = _open(header, serialize) + timezones + serialize(entry).removesuffix(_END_EVENT)
    return head, _END_EVENT + _END_CALENDAR


def attendee_line(attendee: Attendee, serialize: Serialize = _lines.write) -> bytes:
    """The folded ``ATTENDEE`` content line of ``attendee``, as :func:`to_ical` writes it."""
    written = serialize(Component("VEVENT", [_invited(attendee)], []))
    return written.removeprefix(b"BEGIN:VEVENT\r\n").removesuffix(_END_EVENT)


def _open(header: Component, serialize: Serialize) -> bytes:
    """The beginning of a calendar: its header, without the ``END:VCALENDAR`` that closes it."""
    return serialize(header).removesuffix(_END_CALENDAR)


def _calendar(
    r: Reading,
    method: Method,
    attendees: Sequence[Attendee],
    organizer: Address | None,
    stamp: datetime,
    reminders: tuple[timedelta, ...],
    agenda: bool,
    passcode: bool,
    stored: bool,
    serialize: Serialize,
) -> tuple[Component, bytes, list[Component]]:
    """The calendar that :func:`to_ical` writes, once the rules of ``method`` have passed it.

    Its header, its VTIMEZONEs written, and its entries: the event's, then its sessions'.
    """
    event = r.event
    address = _calendar_address("ORGANIZER", organizer) if organizer is not None else None
    text = described(r, passcode=passcode)
    entries = [_vevent(r, attendees, address, stamp, reminders, (text, to_html(text, r.language)))]
    if agenda:
        for index, session in enumerate(event.agenda):
            if session.starts_at is not None:
                entries.append(_session(r, index, session, address, attendees, stamp))
    years: dict[str, tuple[int, int]] = {}
    for entry in entries:
        _cover(years, entry)
    return _header(None if stored else method, event.title), _timezones(years, serialize), entries


def _calendar_address(name: str, address: Address, more: Parameters = NO_PARAMETERS) -> Property:
    """An ORGANIZER or ATTENDEE with its display name as ``CN``, its ``SENT-BY`` and ``more`` parameters.

    One dictionary is made: an invitation has an ATTENDEE for each recipient.
    """
    parameters: dict[str, str | tuple[str, ...]] = {"CN": address.name} if address.name else {}
    if address.sent_by:
        parameters["SENT-BY"] = address.sent_by
    parameters.update(more)
    return (name, Uri(address.uri), parameters)


def _header(method: Method | None, name: str, *properties: Property) -> Component:
    """A calendar with its required properties, its name, and the given ones.

    Names and descriptions are TEXT, escaped as such: a comma or semicolon would cut them.
    """
    required = [
        ("PRODID", PRODID, NO_PARAMETERS),
        ("VERSION", "2.0", NO_PARAMETERS),
        ("CALSCALE", "GREGORIAN", NO_PARAMETERS),
    ]
    if method is not None:
        required.append(("METHOD", str(method), NO_PARAMETERS))
    return Component(
        "VCALENDAR", [*required, ("NAME", name, NO_PARAMETERS), ("X-WR-CALNAME", name, NO_PARAMETERS), *properties], []
    )


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

    Events are read a few dozen at a time and written one chunk each, so a feed of 10,000
    events never holds 10,000 component trees; the VTIMEZONEs, which must cover every event,
    come last, as RFC 5545 allows. Events without a schedule are left out. ``refresh`` tells
    subscribed clients how often to fetch the feed again (``REFRESH-INTERVAL`` and
    ``X-PUBLISHED-TTL``); ``organizer`` publishes the events that name nobody (neither an
    organizer nor a contact with an email address); without it, such an event raises
    :class:`~iofs_events.CalendarError` when its batch is reached.
    ``language`` writes every event for a reader of that language, as :func:`to_ical` does: a
    programme in four languages is four feeds.
    """
    return written_feed(
        events,
        name=name,
        description=description,
        url=url,
        refresh=refresh,
        organizer=organizer,
        stamp=stamp,
        language=language,
        catalogues=catalogues,
        serialize=_lines.write,
    )


def written_feed(
    events: Iterable[Event],
    *,
    name: str,
    description: str | None,
    url: str | None,
    refresh: timedelta,
    organizer: Attendee | None,
    stamp: datetime | None,
    language: str | None,
    catalogues: Path | None,
    serialize: Serialize,
) -> Iterator[bytes]:
    """:func:`feed`, its components written by ``serialize``."""
    problem = check.line_problem(name)
    if problem is not None:
        raise CalendarError(f"the feed's name {problem}: {check.shown(name)}")
    more: list[Property] = []
    if description is not None:
        more += [("DESCRIPTION", description, NO_PARAMETERS), ("X-WR-CALDESC", description, NO_PARAMETERS)]
    if url is not None:
        more.append(("URL", Uri(url), NO_PARAMETERS))
    more += [("REFRESH-INTERVAL", refresh, {"VALUE": "DURATION"}), ("X-PUBLISHED-TTL", refresh, NO_PARAMETERS)]
    header = _header(Method.PUBLISH, name, *more)
    fallback = address_of(organizer) if organizer is not None else None
    return _feed(events, header, fallback, stamp_of(stamp), language, catalogues, serialize)


def _feed(
    events: Iterable[Event],
    header: Component,
    fallback: Address | None,
    stamp: datetime,
    language: str | None,
    catalogues: Path | None,
    serialize: Serialize,
) -> Iterator[bytes]:
    """The feed as it is read: its header, the scheduled events a batch at a time, then the zones they use.

    Each batch goes through one stage at a time (readers, descriptions, their HTML, entries,
    bytes), which keeps each stage's code and data in the processor's caches: about a fifth
    faster than one event through every stage, for a few dozen events held at once.
    """
    yield _open(header, serialize)
    years: dict[str, tuple[int, int]] = {}
    scheduled = (event for event in events if event.schedule is not None)
    while batch := list(islice(scheduled, _BATCH)):
        organizers = [_calendar_address("ORGANIZER", _publishing(event, fallback)) for event in batch]
        # each event is read once: nothing to cache
        readings = [read_once(event, language or event.text_language, catalogues) for event in batch]
        texts = [described(r, passcode=False) for r in readings]
        pages = [to_html(text, r.language) for text, r in zip(texts, readings, strict=True)]
        entries = [
            _vevent(r, (), organizer, stamp, (), (text, page))
            for r, organizer, text, page in zip(readings, organizers, texts, pages, strict=True)
        ]
        for entry in entries:
            _cover(years, entry)
        yield from map(serialize, entries)  # a chunk an event
    yield _timezones(years, serialize)
    yield _END_CALENDAR


def _publishing(event: Event, fallback: Address | None) -> Address:
    """Who publishes ``event`` in a feed: the event's own organizer or contact, else the feed's."""
    address = publisher(event) or fallback
    if address is None:
        raise nobody_to_publish(event)
    return address


def _vevent(
    r: Reading,
    attendees: Sequence[Attendee],
    organizer: Property | None,
    stamp: datetime,
    reminders: tuple[timedelta, ...],
    description: tuple[str, str],
) -> Component:
    """The entry of the event, with its ``description`` told as plain text and as HTML."""
    event = r.event
    words = {"LANGUAGE": r.language}  # the labels' language; the event's texts say their own
    entry = _entry(event, uid(event), stamp, organizer, attendees)
    properties = entry.properties
    properties += _schedule(event.schedule)  # type: ignore[arg-type]
    properties.append(("SUMMARY", event.title, {"LANGUAGE": r.localized.language_of("title")}))
    text, page = description
    properties.append(("DESCRIPTION", text, words))
    properties.append(("X-ALT-DESC", page, {"FMTTYPE": "text/html"}))  # for Outlook
    where = location(r)
    if where:
        properties.append(("LOCATION", where, words))
    properties.append(("CATEGORIES", [r.vocabulary()[event.kind], *event.topics], NO_PARAMETERS))
    if event.url:
        properties.append(("URL", Uri(event.url), NO_PARAMETERS))
    for index, person in enumerate(event.contacts):
        properties.append(("CONTACT", str(r.person(person, f"contacts[{index}]")), words))
    properties += _meeting(r)
    for other in event.related:
        if other.event_id:
            related = f"{other.event_id}{UID_SUFFIX}"
            properties.append(("RELATED-TO", related, {"RELTYPE": _RELTYPE[other.relation]}))
    for before in reminders:
        # the title in the reader's language where translated
        alarm: list[Property] = [
            ("ACTION", "DISPLAY", NO_PARAMETERS),
            ("TRIGGER", -before, NO_PARAMETERS),
            ("DESCRIPTION", event.title, NO_PARAMETERS),
        ]
        entry.components.append(Component("VALARM", alarm, []))
    return entry


def _entry(
    event: Event, entry_uid: str, stamp: datetime, organizer: Property | None, attendees: Sequence[Attendee]
) -> Component:
    """A VEVENT with what every entry of ``event`` has: UID, stamp, revision, status and people.

    A CANCEL needs no status of its own: only a cancelled event can be cancelled.
    """
    properties: list[Property] = [
        ("UID", entry_uid, NO_PARAMETERS),
        ("DTSTAMP", stamp, NO_PARAMETERS),
        ("SEQUENCE", event.revision, NO_PARAMETERS),
        ("STATUS", _STATUS[event.status], NO_PARAMETERS),
    ]
    if organizer is not None:
        properties.append(organizer)
    properties += map(_invited, attendees)
    return Component("VEVENT", properties, [])


def _invited(attendee: Attendee) -> Property:
    """An ATTENDEE whose answer is awaited (RFC 5546 ``PARTSTAT`` and ``RSVP``)."""
    answer = {"ROLE": str(attendee.role), "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE", "CUTYPE": "INDIVIDUAL"}
    return _calendar_address("ATTENDEE", address_of(attendee), answer)


def _schedule(schedule: TimeSpan | DateSpan) -> list[Property]:
    if isinstance(schedule, DateSpan):  # its end is exclusive: the day after the last
        return [("DTSTART", schedule.first_day, NO_PARAMETERS), ("DTEND", schedule.end, NO_PARAMETERS)]
    return [_time("DTSTART", schedule.starts_at), _time("DTEND", schedule.ends_at)]


def _time(name: str, value: datetime) -> Property:
    """The time ``value`` as property ``name``: its local time with its ``TZID``, or in UTC (``Z``).

    UTC for the zone UTC and in a repeated hour: readers resolve a local time in the hour that
    clocks repeat differently, although RFC 5545 says it is the first one, and UTC leaves them
    nothing to resolve. icalendar writes ``Z`` instead of the ``TZID`` of every zone it deems
    equal to UTC (Africa/Dakar, Africa/Abidjan...), which loses the zone the organizer chose:
    the ``TZID`` is written here.
    """
    key = cast(ZoneInfo, value.tzinfo).key
    repeated = value.utcoffset() != value.replace(fold=1 - value.fold).utcoffset()  # another offset at the other fold
    if key == "UTC" or repeated:
        return (name, value.astimezone(UTC), NO_PARAMETERS)
    return (name, value, {"TZID": key})


def _meeting(r: Reading) -> list[Property]:
    meeting = r.event.online_meeting
    if meeting is None:
        return []
    properties: list[Property] = []
    if meeting.join_url:
        label = join_label(r, meeting.platform)
        properties.append(("CONFERENCE", Uri(meeting.join_url), _conference(("AUDIO", "VIDEO"), label)))
        button = _JOIN_BUTTONS.get(meeting.platform)
        if button:
            properties.append((button, meeting.join_url, NO_PARAMETERS))
    for number in meeting.dial_in:
        label = r.gettext("Dial in:") + " " + phone_text(number.number)
        properties.append(("CONFERENCE", Uri(f"tel:{number.number}"), _conference(("PHONE",), label)))
    return properties


def _conference(features: tuple[str, ...], label: str) -> Parameters:
    """RFC 7986 parameters; FEATURE is a list, so it is not quoted as one value."""
    return {"VALUE": "URI", "FEATURE": features, "LABEL": label}


def _session(
    r: Reading,
    index: int,
    session: AgendaSession,
    organizer: Property | None,
    attendees: Sequence[Attendee],
    stamp: datetime,
) -> Component:
    event, path = r.event, f"agenda[{index}]"
    entry = _entry(event, uid(event, index), stamp, organizer, attendees)
    properties = entry.properties
    properties.append(_time("DTSTART", cast(datetime, session.starts_at)))
    if session.ends_at is not None:
        properties.append(_time("DTEND", session.ends_at))
    translated = r.localized.translated is not None and f"{path}.title" not in r.localized.fallbacks
    language = r.localized.language_of(f"{path}.title") if translated else session.language or r.localized.original
    properties.append(("SUMMARY", session.title, {"LANGUAGE": language}))
    speakers = [
        f"{r.voice.mixed(speaker.person.name)} ({r.text(speaker.role, f'{path}.speakers[{number}].role')})"
        if speaker.role
        else str(r.voice.mixed(speaker.person.name))
        for number, speaker in enumerate(session.speakers)
    ]
    description = str(r.text(session.description, f"{path}.description")) if session.description else None
    text = "\n\n".join(part for part in (description, "\n".join(speakers)) if part)
    if text:
        properties.append(("DESCRIPTION", text, {"LANGUAGE": r.language}))
    properties.append(("CATEGORIES", [session.kind.title()], NO_PARAMETERS))
    properties.append(("RELATED-TO", uid(event), {"RELTYPE": "PARENT"}))
    return entry


def _cover(years: dict[str, tuple[int, int]], entry: Component) -> None:
    """Widen the years of each zone, first and last, to take in the local times that ``entry`` writes with a TZID.

    A VTIMEZONE covers whole years and a year on either side, so the local years are enough.
    """
    for _, value, parameters in entry.properties:
        if "TZID" in parameters:
            key, year = cast(str, parameters["TZID"]), cast(datetime, value).year
            first, last = years.get(key, (year, year))
            years[key] = min(first, year), max(last, year)


def _timezones(years: dict[str, tuple[int, int]], serialize: Serialize) -> bytes:
    """One VTIMEZONE for each zone, covering its years, written."""
    return b"".join(_timezone(serialize, key, first, last) for key, (first, last) in sorted(years.items()))


@lru_cache(maxsize=256)
def _timezone(serialize: Serialize, key: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of zone ``key`` for those years, written once: invitations and feeds repeat it."""
    from ._vtimezone import vtimezone  # not for calendars of days, or in UTC

    return serialize(vtimezone(key, first_year, last_year))
