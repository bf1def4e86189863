"""Reading iCalendar back into events, for what the format carries.

A calendar holds much less than an event: no background, objectives, audience, partners or
references; contacts only as text. What it does hold (the UID, title, revision, status,
days or times in their zone, categories, link, organizer, online meeting and agenda
entries) is read back; nothing else is guessed. Calendars we wrote are recognized by their
``PRODID`` and read a little further, from the facts at the top of their description.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache, partial
from typing import Any, NamedTuple, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import attrs
from icalendar import Calendar, Component, vBroken
from icalendar.error import GloballyUniqueTZIDGuessed

from .. import _checks as check
from .._agenda import AgendaSession
from .._enums import EventFormat, EventKind, EventStatus, SessionKind
from .._event import Event
from .._i18n import message_language, translations
from .._meeting import DialIn, OnlineMeeting
from .._parties import Organization
from .._places import Venue
from .._reading import vocabulary
from .._schedule import DateSpan, Schedule, TimeSpan
from .._wording import PLATFORMS
from ..exceptions import DocumentError, Problem, UnreadableDocumentError, ValidationError
from ._names import PRODID_PREFIX, UID_SUFFIX
from ._notes import CalendarNote, CalendarReading
from ._own_zones import OwnZone, iana_name

__all__ = ["read_calendar", "read_ical"]

_T = TypeVar("_T")

_STATUS = {"CONFIRMED": EventStatus.SCHEDULED, "TENTATIVE": EventStatus.TENTATIVE, "CANCELLED": EventStatus.CANCELLED}
# Our descriptions say "Status: Postponed" or "Rescheduled", which STATUS cannot.
_REFINED_STATUS = {
    (EventStatus.TENTATIVE, EventStatus.POSTPONED): EventStatus.POSTPONED,
    (EventStatus.SCHEDULED, EventStatus.RESCHEDULED): EventStatus.RESCHEDULED,
}
_SESSION_KINDS = {kind.casefold(): kind for kind in SessionKind}
_ID_CHARACTERS = re.compile(r"[^A-Za-z0-9._~-]")
# "Online", "Online (Zoom)" or "Online (Zoom): https://...", after a venue and "; " for hybrid events.
_URL = re.compile(r"[Hh][Tt][Tt][Pp][Ss]?://\S+")
_LABELS = {name.casefold(): platform for platform, name in PLATFORMS.items()}
# What other clients put in LOCATION for a meeting that has no place.
_ONLINE_PLACES = {**_LABELS, "microsoft teams meeting": "teams", "zoom meeting": "zoom", "zoom": "zoom"}
_HOSTS = {
    "zoom.us": "zoom",
    "teams.microsoft.com": "teams",
    "teams.live.com": "teams",
    "webex.com": "webex",
    "meet.google.com": "google_meet",
    "meet.jit.si": "jitsi",
}
_VENDOR_LINKS = ("X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL")
_RECURRENCE = ("RRULE", "RDATE")
_ISOLATES = "\u2066\u2067\u2068\u2069"  # around a text of ours set in another direction than its reader's


class _Words(NamedTuple):
    """The words our calendars use in one language, to read back what they state."""

    kinds: dict[str, EventKind]
    facts: dict[str, str]  # a label ("Format:") and the fact it states ("format")
    values: dict[str, EventFormat | EventStatus]  # a format's or a status's name
    online: re.Pattern[str]
    note: re.Pattern[str]  # "(original text in English)" after a text that stayed in the original
    platforms: dict[str, str]  # what our LOCATION calls a meeting that is only a link, in this language


@lru_cache(maxsize=16)
def _words(language: str) -> _Words:
    """How our calendars word their facts in ``language`` (English, or a language we have a catalogue for)."""
    _ = translations(message_language(language)).gettext
    names = vocabulary(_)
    online = re.escape(_("Online (%(platform)s)")).replace(re.escape("%(platform)s"), "(?P<label>[^()]*)")
    link = r"(?:: \u2066?(?P<url>[^\s\u2069]+)\u2069?)?"  # isolated in a right-to-left text
    pattern = rf"(?:(?P<venue>.+)[;\u061b] )?(?:{online}{link}|{re.escape(_('Online'))})"
    note = re.escape(_("(original text in %(language)s)")).replace(re.escape("%(language)s"), ".+?")
    return _Words(
        note=re.compile(rf" {note}$"),
        platforms={_("the online meeting").casefold(): "link"},
        kinds={names[kind].casefold(): kind for kind in EventKind},
        facts={_("Type:"): "type", _("Format:"): "format", _("Status:"): "status"},
        values={names[value].casefold(): value for value in (*EventFormat, *EventStatus)},
        online=re.compile(pattern, re.DOTALL),
    )


def read_ical(data: bytes | str) -> tuple[Event, ...]:
    """The events of an iCalendar (``.ics``) document, for what the format carries.

    Read as :func:`~iofs_events.ical.read_calendar` reads them, with the same errors, but
    without its notes on what the events cannot show (a recurrence not carried, a
    ``VTIMEZONE`` at odds with the time zone database).
    """
    return read_calendar(data).events


def read_calendar(data: bytes | str) -> CalendarReading:
    """The events of an iCalendar (``.ics``) document, for what the format carries, and notes on them.

    Each ``VEVENT`` becomes an :class:`~iofs_events.Event`, in the order of the calendar,
    except the agenda entries that :func:`to_ical` writes with ``agenda=True`` (entries whose
    ``RELATED-TO;RELTYPE=PARENT`` names another entry of the calendar): those become the
    :class:`~iofs_events.AgendaSession` entries of their event, in order of start.

    What is read: ``UID`` (the event ``id``; ours lose their ``@iofs-events`` ending, others
    are made a valid id), ``SUMMARY`` and its ``LANGUAGE`` (``title``, ``text_language``),
    ``SEQUENCE`` (``revision``), ``STATUS`` (``status``; a ``CANCEL`` cancels), ``DTSTART``
    with ``DTEND`` or ``DURATION`` (a :class:`~iofs_events.DateSpan` for dates, a
    :class:`~iofs_events.TimeSpan` for times; a floating time takes the calendar's
    ``X-WR-TIMEZONE``, and a time that a clock change skips is moved forward as RFC 5545
    says), ``CATEGORIES`` (the ``kind`` when the first one names one, then ``topics``),
    ``URL``, ``ORGANIZER`` (an :class:`~iofs_events.Organization` when it has a ``CN``),
    ``CONFERENCE`` and the Google and Teams join links (the
    :class:`~iofs_events.OnlineMeeting`: its link, its platform, ``tel:`` numbers to dial
    in), ``LOCATION`` (a venue by name, or the meeting) and ``DESCRIPTION`` (the
    ``summary``; in calendars we wrote, only the summary part of it).
    Contacts, attendees and alarms are not read back.

    Times are read as Thunderbird and Evolution read them: through the calendar's own
    ``VTIMEZONE`` of their ``TZID``, read for this calendar alone, and else through the IANA
    zone that the ``TZID`` names (directly, behind a vendor's prefix such as
    ``/freeassociation.sourceforge.net/``, or as a Windows zone or display name). A time keeps
    the IANA zone its ``TZID`` names; where the calendar's ``VTIMEZONE`` puts it at another
    instant than the time zone database does (a file written before the rules changed), the
    calendar's instant is kept, with a note. A ``VTIMEZONE`` that names no known zone
    (``Customized Time Zone``) gives its times' instants, in UTC, with a note.

    Recurrences are not carried: a recurring event is read as its first occurrence and a
    changed occurrence (``RECURRENCE-ID``) is left out, each with a note. The model's
    ``format`` follows from what is found: a meeting or an "Online" location makes it online,
    with a venue too hybrid, else in person.

    Raises :class:`~iofs_events.UnreadableDocumentError` (path ``$``) when ``data`` is not
    an iCalendar document, and :class:`~iofs_events.DocumentError` listing every problem
    (``VEVENT[0].DTSTART: is required``) when entries cannot become valid events.
    """
    with warnings.catch_warnings():  # icalendar warns when it reads "/vendor/Europe/Berlin" as "Europe/Berlin"
        warnings.simplefilter("ignore", GloballyUniqueTZIDGuessed)
        reader = _Reader(_parse(data))
        events = reader.events()
    return CalendarReading(events=events, notes=tuple(dict.fromkeys(reader.notes)))


def _parse(data: bytes | str) -> Calendar:
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UnreadableDocumentError([Problem("$", f"is not valid UTF-8 ({error.reason})")]) from None
    elif not isinstance(data, str):
        kind = type(data).__name__
        raise UnreadableDocumentError([Problem("$", f"must be the bytes or text of a calendar, not {kind}")])
    try:
        calendar = Calendar.from_ical(data.lstrip("\ufeff"))
    except Exception as error:
        reason = " ".join(str(error).split())[:200]
        raise UnreadableDocumentError([Problem("$", f"is not an iCalendar document ({reason})")]) from None
    if not isinstance(calendar, Calendar):
        name = calendar.name
        raise UnreadableDocumentError([Problem("$", f"is a {name}, not a calendar (BEGIN:VCALENDAR)")])
    return calendar


def _all(component: Component, name: str) -> list[Any]:
    """Every value of property ``name`` (icalendar gives one value, or a list when it repeats)."""
    value = component.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _first(component: Component, name: str) -> Any:
    values = _all(component, name)
    return values[0] if values else None


def _valid(cls: type, name: str, value: _T) -> _T:
    """``value`` converted and checked as field ``name`` of model class ``cls``."""
    attribute = attrs.fields_dict(cls)[name]
    if attribute.converter is not None:
        value = attribute.converter(value)  # type: ignore[operator]
    assert attribute.validator is not None  # every field of the model has one
    attribute.validator(None, attribute, value)
    return value


def _event_id(uid: str) -> str:
    """A valid event id from a UID: ours lose their suffix, other characters become '-'."""
    uid = uid.removesuffix(UID_SUFFIX)
    cleaned = _ID_CHARACTERS.sub("-", uid).lstrip("._~-")[:200]
    return cleaned or f"uid-{hashlib.sha256(uid.encode()).hexdigest()[:16]}"


def _platform(host: str) -> str:
    host = host.lower()
    return next((name for domain, name in _HOSTS.items() if host == domain or host.endswith(f".{domain}")), "link")


def _existing(value: datetime) -> datetime:
    """A local time that exists: one that a clock change skips moves forward (RFC 5545 §3.3.5)."""
    zone = value.tzinfo
    return value.astimezone(UTC).astimezone(zone)


class _Reader:
    """Reads the entries of one calendar, collecting every problem before raising."""

    def __init__(self, calendar: Calendar) -> None:
        self.calendar = calendar
        self.problems: list[Problem] = []
        self.notes: list[CalendarNote] = []
        self.zones: dict[str, OwnZone] = {}  # this calendar's own VTIMEZONEs, by TZID
        for index, component in enumerate(calendar.walk("VTIMEZONE")):
            tzid = str(component.get("TZID", ""))
            try:
                self.zones[tzid] = OwnZone(component)
            except ValueError as error:
                self.note(f"VTIMEZONE[{index}]", f"{tzid!r} is left aside, since {error}: its TZID is read as a name")
                continue
            if iana_name(tzid) is None:
                self.note(f"VTIMEZONE[{index}]", f"{tzid!r} names no known time zone: its times are kept as instants")
        self.ours = str(calendar.get("PRODID", "")).startswith(PRODID_PREFIX)
        self.cancel = str(calendar.get("METHOD", "")).upper() == "CANCEL"
        self.entries = [component for component in calendar.subcomponents if component.name == "VEVENT"]

    def problem(self, path: str, reason: str) -> None:
        self.problems.append(Problem(path, reason))

    def note(self, path: str, text: str) -> None:
        self.notes.append(CalendarNote(path, text))

    def attempt(self, path: str, build: Callable[[], _T], field: bool = False) -> _T | None:
        """``build()``, or ``None`` with a problem at ``path`` when the model rejects the value.

        ``field`` names the field of the value that was wrong (for objects built from several properties).
        """
        try:
            return build()
        except ValidationError as error:
            self.problem(path, str(error) if field else error.reason)
            return None

    # --- the calendar -------------------------------------------------------------------------

    def events(self) -> tuple[Event, ...]:
        uids = [str(entry.get("UID", "")) for entry in self.entries]
        parents = [self._parent(entry, uid, set(uids)) for entry, uid in zip(self.entries, uids, strict=True)]
        top = {uid for uid, parent in zip(uids, parents, strict=True) if parent is None}
        sessions: dict[str, list[int]] = {}
        events: list[int] = []
        for index, parent in enumerate(parents):
            if "RECURRENCE-ID" in self.entries[index]:
                self.note(f"VEVENT[{index}].RECURRENCE-ID", "a changed occurrence of a recurring event is left out")
            elif parent in top:
                sessions.setdefault(parent, []).append(index)
            else:
                events.append(index)
        found = [self._event(index, sessions.get(uids[index], [])) for index in events]
        if self.problems:
            raise DocumentError(list(dict.fromkeys(self.problems)))
        return tuple(event for event in found if event is not None)

    def _parent(self, entry: Component, uid: str, uids: set[str]) -> str | None:
        """The UID of the entry of this calendar that ``entry`` belongs to (``RELTYPE`` defaults to PARENT)."""
        for related in _all(entry, "RELATED-TO"):
            if str(related.params.get("RELTYPE", "PARENT")).upper() == "PARENT" and str(related) in uids - {uid}:
                return str(related)
        return None

    # --- one event ----------------------------------------------------------------------------

    def _event(self, index: int, session_indexes: list[int]) -> Event | None:
        entry, path = self.entries[index], f"VEVENT[{index}]"
        before = len(self.problems)
        for name in _RECURRENCE:
            if name in entry:
                self.note(f"{path}.{name}", "the recurrence is not carried: the event is its first occurrence alone")
        uid = _first(entry, "UID")
        if uid is None:
            self.problem(f"{path}.UID", "is required")
        title = self._title(entry, path)
        schedule = self._schedule(entry, path)
        revision = self._revision(entry, path)
        words = _words(self._words_language(entry))
        kind, topics = self._categories(entry, path, words)
        description = self._description(entry, path, title, words)
        facts = description[1]
        status = self._status(entry, path, facts, words)
        venue, meeting, online = self._place(entry, path, words)
        fields: dict[str, Any] = {
            "kind": kind,
            "status": status,
            "revision": revision,
            "topics": topics,
            "summary": description[0],
            "text_language": self._language(_first(entry, "SUMMARY")) or "en",
            "venue": venue,
            "online_meeting": meeting,
            "format": self._format(words.values.get(facts.get("format", "")), venue, meeting, online),
            "url": self._url(entry, path),
            "organizer": self._organizer(entry, path),
        }
        paths = {"schedule": f"{path}.DTSTART"}
        agenda = []
        for number, (session_path, session) in enumerate(self._sessions(session_indexes)):
            paths[f"agenda[{number}]"] = session_path
            agenda.append(session)
        if len(self.problems) > before or uid is None or title is None or schedule is None:
            return None
        try:
            return Event(id=_event_id(str(uid)), title=title, schedule=schedule, agenda=tuple(agenda), **fields)
        except ValidationError as error:  # the agenda entries must lie within the event's days or times
            head, _, rest = error.field.partition(".")
            self.problem(f"{paths.get(head, path)}.{'DTEND' if rest == 'ends_at' else 'DTSTART'}", error.reason)
            return None

    def _title(self, entry: Component, path: str) -> str | None:
        summary = _first(entry, "SUMMARY")
        if summary is None:
            self.problem(f"{path}.SUMMARY", "is required")
            return None
        return self.attempt(f"{path}.SUMMARY", lambda: _valid(Event, "title", str(summary)))

    def _revision(self, entry: Component, path: str) -> int:
        sequence = _first(entry, "SEQUENCE")
        if sequence is None:
            return 0
        if isinstance(sequence, vBroken):
            self.problem(f"{path}.SEQUENCE", f"must be a whole number, not {check.shown(str(sequence))}")
            return 0
        return self.attempt(f"{path}.SEQUENCE", lambda: _valid(Event, "revision", int(sequence))) or 0

    def _words_language(self, entry: Component) -> str:
        """The language of the words of our calendar's entry (its description's ``LANGUAGE``), else English."""
        description = _first(entry, "DESCRIPTION")
        tag = description.params.get("LANGUAGE") if self.ours and description is not None else None
        return str(tag) if tag and check.is_language_tag(str(tag)) else "en"

    def _status(self, entry: Component, path: str, facts: dict[str, str], words: _Words) -> EventStatus:
        if self.cancel:
            return EventStatus.CANCELLED
        value = str(_first(entry, "STATUS") or "CONFIRMED").upper()
        status = _STATUS.get(value)
        if status is None:
            reason = f"{check.shown(value)} is not the status of an event: CONFIRMED, TENTATIVE or CANCELLED"
            self.problem(f"{path}.STATUS", reason)
            return EventStatus.SCHEDULED
        stated = words.values.get(facts.get("status", ""))
        return _REFINED_STATUS.get((status, stated), status)  # type: ignore[arg-type]

    def _language(self, summary: Any) -> str | None:
        """The valid language tag of ``LANGUAGE``, if any."""
        tag = summary.params.get("LANGUAGE") if summary is not None else None
        if tag is None:
            return None
        try:
            return _valid(Event, "text_language", str(tag))
        except ValidationError:
            return None

    def _categories(self, entry: Component, path: str, words: _Words) -> tuple[EventKind, tuple[str, ...]]:
        names = [str(name) for categories in _all(entry, "CATEGORIES") for name in categories.cats]
        names = [name for name in names if name.strip()]
        kind = words.kinds.get(names[0].casefold()) if names else None
        if kind is not None:
            names = names[1:]
        topics = tuple(dict.fromkeys(names))
        checked = self.attempt(f"{path}.CATEGORIES", lambda: _valid(Event, "topics", topics))
        return kind or EventKind.MEETING, checked or ()

    def _description(
        self, entry: Component, path: str, title: str | None, words: _Words
    ) -> tuple[str | None, dict[str, str]]:
        """The summary, and (in our own calendars) the facts that follow it ("Format: Online")."""
        text = str(_first(entry, "DESCRIPTION") or "").replace("\r\n", "\n")
        facts: dict[str, str] = {}
        if self.ours:
            # Ours: the summary (or the title), then a block of facts, "Type: ..." first.
            kind_label = next(iter(words.facts))
            head, marker, rest = text.partition(f"\n\n{kind_label} ")
            if not marker:
                head = text.split("\n\n", 1)[0]
            for line in f"{kind_label} {rest}".split("\n\n", 1)[0].split("\n") if marker else ():
                label = next((label for label in words.facts if line.startswith(f"{label} ")), None)
                if label is not None:
                    facts[words.facts[label]] = line[len(label) + 1 :].strip(_ISOLATES).casefold()
            head = words.note.sub("", head).strip(_ISOLATES)
            text = "" if head == title else head
        if not text.strip():
            return None, facts
        return self.attempt(f"{path}.DESCRIPTION", lambda: _valid(Event, "summary", text)), facts

    def _url(self, entry: Component, path: str) -> str | None:
        url = _first(entry, "URL")
        if url is None or not _URL.match(str(url)):
            return None
        return self.attempt(f"{path}.URL", lambda: _valid(Event, "url", str(url)))

    def _organizer(self, entry: Component, path: str) -> Organization | None:
        organizer = _first(entry, "ORGANIZER")
        name = organizer.params.get("CN") if organizer is not None else None
        if not name:
            return None
        name, acronym, address = str(name), None, str(organizer)
        match = re.fullmatch(r"(.+) \(([^()]+)\)", name)
        if self.ours and match and match[1].strip() and match[2].strip():  # ours write "Name (ACRONYM)"
            name, acronym = match[1], match[2]
        email = address[len("mailto:") :] if address.lower().startswith("mailto:") else None
        url = address if _URL.match(address) else None
        return self.attempt(
            f"{path}.ORGANIZER", lambda: Organization(name=name, acronym=acronym, email=email, url=url), field=True
        )

    # --- where: a venue, an online meeting, or both ------------------------------------------------

    def _place(self, entry: Component, path: str, words: _Words) -> tuple[Venue | None, OnlineMeeting | None, bool]:
        """The venue, the meeting, and whether the entry says it is online."""
        location = _first(entry, "LOCATION")
        place = str(location).strip() if location is not None else ""
        label = link = None
        online = words.online.fullmatch(place)
        if online:
            place, label, link = online["venue"] or "", online["label"], online["url"]
            label = words.platforms.get((label or "").casefold(), label)
        elif not self.ours and place.casefold() in _ONLINE_PLACES:  # "Microsoft Teams Meeting"
            place, label = "", place
        elif not self.ours and _URL.fullmatch(place):  # a bare link, as Zoom's invitations have
            place, link = "", place
        is_online = bool(online) or label is not None or link is not None
        venue = self.attempt(f"{path}.LOCATION", lambda: Venue(name=place)) if place else None
        meeting = self._meeting(entry, path, label, link)
        return venue, meeting, is_online

    def _meeting(self, entry: Component, path: str, label: str | None, link: str | None) -> OnlineMeeting | None:
        conferences = _all(entry, "CONFERENCE")
        links = [value for value in conferences if _URL.fullmatch(str(value))]
        # The video link first, then any other link, the vendors' own properties, and the location.
        candidates = [
            *((str(value), "CONFERENCE") for value in links if "VIDEO" in _features(value)),
            *((str(value), "CONFERENCE") for value in links),
            *((str(_first(entry, name)), name) for name in _VENDOR_LINKS if name in entry),
            *([(link, "LOCATION")] if link else []),
        ]
        join_url, source = candidates[0] if candidates else (None, "CONFERENCE")
        numbers = [str(value)[4:] for value in conferences if str(value).lower().startswith("tel:")]
        dial_in: list[DialIn] = []
        for number in dict.fromkeys(re.split(r"[,;]", number)[0] for number in numbers):
            found = self.attempt(f"{path}.CONFERENCE", partial(DialIn, number=number), field=True)
            dial_in += [found] if found is not None else []
        if join_url is None and not dial_in and label is None:
            return None
        platform = _LABELS.get((label or "").casefold()) or _ONLINE_PLACES.get((label or "").casefold())
        custom = (label or "").lower().replace(" ", "_")
        if platform is None and re.fullmatch(r"[a-z][a-z0-9_]*", custom):
            platform = custom
        if platform is None:
            platform = _platform(urlsplit(join_url).hostname or "") if join_url else "link"
        meeting = partial(OnlineMeeting, platform=platform, join_url=join_url, dial_in=tuple(dict.fromkeys(dial_in)))
        return self.attempt(f"{path}.{source}", meeting, field=True)

    def _format(self, stated: object, venue: Venue | None, meeting: OnlineMeeting | None, online: bool) -> EventFormat:
        """The format our description states when it agrees with what was found, else what was found."""
        found = stated if isinstance(stated, EventFormat) else None
        if found is EventFormat.HYBRID or (found is EventFormat.ONLINE and venue is None):
            return found
        if found is EventFormat.IN_PERSON and meeting is None and not online:
            return found
        if meeting is not None or online:
            return EventFormat.HYBRID if venue is not None else EventFormat.ONLINE
        return EventFormat.IN_PERSON

    # --- when -------------------------------------------------------------------------------------

    def _schedule(self, entry: Component, path: str) -> Schedule | None:
        if "DTSTART" not in entry:
            self.problem(f"{path}.DTSTART", "is required")
            return None
        start = self._read_time(entry, "DTSTART", path)
        end, end_path = self._end(entry, path, start)
        if start is None or end is None:
            return None
        if isinstance(start, datetime):
            if not isinstance(end, datetime) or end.astimezone(UTC) <= start.astimezone(UTC):
                self.problem(end_path, "must be a date-time after DTSTART")
                return None
            return TimeSpan(starts_at=start, ends_at=end)
        if isinstance(end, datetime) or end <= start:
            self.problem(end_path, "must be a date after DTSTART")
            return None
        return DateSpan(first_day=start, last_day=end - timedelta(days=1))

    def _end(self, entry: Component, path: str, start: date | None) -> tuple[date | None, str]:
        """The exclusive end: ``DTEND``, or ``DTSTART`` plus ``DURATION``, or one day for a date."""
        if "DTEND" in entry:
            return self._read_time(entry, "DTEND", path), f"{path}.DTEND"
        if "DURATION" not in entry:
            if isinstance(start, datetime):
                self.problem(f"{path}.DTEND", "is missing, and so is DURATION: the event has no end")
                return None, f"{path}.DTEND"
            return (start + timedelta(days=1) if start is not None else None), f"{path}.DTEND"
        duration = _first(entry, "DURATION")
        value = getattr(duration, "dt", None) if not isinstance(duration, vBroken) else None
        if not isinstance(value, timedelta):
            self.problem(f"{path}.DURATION", f"is not a duration such as PT1H: {check.shown(str(duration))}")
            return None, f"{path}.DURATION"
        if start is None:
            return None, f"{path}.DURATION"
        if not isinstance(start, datetime):
            if value.seconds or value.microseconds:
                self.problem(f"{path}.DURATION", "must be whole days for an event on dates (VALUE=DATE)")
                return None, f"{path}.DURATION"
            return start + value, f"{path}.DURATION"
        days = _existing(start + timedelta(days=value.days))  # days are nominal, hours exact (RFC 5545 §3.3.6)
        exact = days.astimezone(UTC) + timedelta(seconds=value.seconds, microseconds=value.microseconds)
        return exact.astimezone(start.tzinfo), f"{path}.DURATION"

    def _read_time(self, entry: Component, name: str, path: str) -> date | None:
        """The date, or the datetime in an IANA zone, of property ``name``."""
        prop = _first(entry, name)
        value = getattr(prop, "dt", None) if not isinstance(prop, vBroken) else None
        where = f"{path}.{name}"
        if not isinstance(value, date):
            self.problem(where, f"is not a date or a date-time: {check.shown(str(prop))}")
            return None
        if not isinstance(value, datetime):
            return value
        tzid = prop.params.get("TZID")
        if tzid is not None:  # not icalendar's zone for it, which comes from a cache shared by every calendar
            return self._zoned(value.replace(tzinfo=None), str(tzid), where)
        zone = self._zone(value.tzinfo is not None, where)
        return _existing(value.replace(tzinfo=zone)) if zone is not None else None

    def _zoned(self, local: datetime, tzid: str, where: str) -> datetime | None:
        """The local time ``local`` of zone ``tzid``: by the calendar's own VTIMEZONE, or else by name."""
        name, own = iana_name(tzid), self.zones.get(tzid)
        if own is None:
            if name is None:
                reason = (
                    f"uses TZID {check.shown(tzid)}, neither a VTIMEZONE of the calendar nor a known IANA time zone"
                )
                self.problem(where, reason)
                return None
            return _existing(local.replace(tzinfo=ZoneInfo(name)))
        instant = own.instant(local)
        if name is None:
            return instant.astimezone(ZoneInfo("UTC"))
        by_name = _existing(local.replace(tzinfo=ZoneInfo(name)))
        if by_name.astimezone(UTC) != instant:
            self.note(
                where,
                f"the calendar's VTIMEZONE {tzid!r} puts {local:%Y-%m-%d %H:%M} at {instant:%H:%M} UTC, and the time "
                f"zone database {name} at {by_name.astimezone(UTC):%H:%M} UTC: the calendar's instant is kept, as "
                "Thunderbird and Evolution show it",
            )
        return instant.astimezone(ZoneInfo(name))

    def _zone(self, utc: bool, where: str) -> ZoneInfo | None:
        """The zone of a time without TZID: UTC for one with ``Z``, else the calendar's ``X-WR-TIMEZONE``."""
        if utc:
            return ZoneInfo("UTC")
        default = self.calendar.get("X-WR-TIMEZONE")
        if default is None:
            self.problem(where, "is a floating time (no TZID, no Z) and the calendar has no X-WR-TIMEZONE to place it")
            return None
        name = iana_name(str(default))
        if name is None:
            self.problem("X-WR-TIMEZONE", f"{check.shown(str(default))} is not a known IANA time zone")
            return None
        return ZoneInfo(name)

    # --- agenda entries --------------------------------------------------------------------------

    def _sessions(self, indexes: list[int]) -> Iterator[tuple[str, AgendaSession]]:
        """The agenda entries, in order of start (then of the calendar)."""
        read = [session for index in indexes if (session := self._session(index)) is not None]
        read.sort(key=lambda item: item[1].starts_at.astimezone(UTC))  # type: ignore[union-attr]
        yield from read

    def _session(self, index: int) -> tuple[str, AgendaSession] | None:
        entry, path = self.entries[index], f"VEVENT[{index}]"
        title = self._title(entry, path)
        if "DTSTART" not in entry:
            self.problem(f"{path}.DTSTART", "is required")
            return None
        start = self._read_time(entry, "DTSTART", path)
        end, end_path = None, f"{path}.DTEND"
        if "DTEND" in entry or "DURATION" in entry:
            end, end_path = self._end(entry, path, start)
        categories = [str(name) for categories in _all(entry, "CATEGORIES") for name in categories.cats]
        kind = _SESSION_KINDS.get(categories[0].casefold() if categories else "", SessionKind.PRESENTATION)
        if not isinstance(start, datetime):
            if start is not None:
                self.problem(f"{path}.DTSTART", "must be a date-time for an agenda entry")
            return None
        ends_at = end if isinstance(end, datetime) and end.astimezone(UTC) > start.astimezone(UTC) else None
        if end is not None and ends_at is None:
            self.problem(end_path, "must be a date-time after DTSTART")
            return None
        if title is None:
            return None
        language = self._language(_first(entry, "SUMMARY"))
        return path, AgendaSession(title=title, kind=kind, starts_at=start, ends_at=ends_at, language=language)


def _features(conference: Any) -> str:
    """The ``FEATURE`` parameter as one upper-case string ("AUDIO,VIDEO")."""
    features = conference.params.get("FEATURE", "")
    return ",".join(features).upper() if isinstance(features, list) else str(features).upper()
