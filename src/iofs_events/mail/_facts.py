"""What an email says about an event, worded for one reader: their language, clock and role.

Templates lay these facts out; here they are computed: dates and times in CLDR's forms for the
reader's locale (Babel), in the event's zone and the reader's, names of languages and
countries in the reader's language, and what the reader may see (the passcode if registered,
the host link if a host).
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from .._schedule import DateSpan, TimeSpan
from .._wording import (
    day_text,
    days_text,
    language_name,
    list_text,
    locale,
    organization_name,
    organization_text,
    person_text,
    platform_name,
    reference_text,
    related_text,
    time_text,
    venue_text,
)
from ._words import RecipientRole

if TYPE_CHECKING:
    from collections.abc import Callable

    from .._event import Event
    from .._meeting import OnlineMeeting

    Gettext = Callable[[str], str]


@lru_cache(maxsize=1024)
def _zone(key: str, moment: datetime, reader: str) -> str:
    """The zone as a reader knows it: its city, and its offset from GMT at ``moment``."""
    from babel.dates import format_datetime, get_timezone_location

    zone = ZoneInfo(key)
    city = get_timezone_location(zone, locale=locale(reader), return_city=True)
    offset = format_datetime(moment.astimezone(zone), "ZZZZ", locale=locale(reader))
    return f"{city}{_comma(reader)}{offset}"


def _comma(reader: str) -> str:
    """The comma of the reader's script, as CLDR puts one between a date and a time (Arabic "، ")."""
    pattern = str(locale(reader).datetime_formats["full"])
    return pattern.partition("{1}")[2].partition("{0}")[0] or ", "


def time_range(starts_at: datetime, ends_at: datetime, key: str, reader: str) -> str:
    """``Wednesday, 22 December 2021, 10:00-16:00 (Almaty, GMT+06:00)`` as the clock of zone ``key`` shows it."""
    zone = ZoneInfo(key)
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    until = time_text(end, reader) if end.date() == start.date() else _date_time(end, reader)
    times = f"{time_text(start, reader)}\u2013{until}"
    return f"{_date_time(start, reader, times)} ({_zone(key, start, reader)})"


def _date_time(value: datetime, reader: str, time: str | None = None) -> str:
    """A date and a time joined as the reader's locale joins them (``{1}, {0}``; Arabic with its own comma)."""
    pattern = locale(reader).datetime_formats["full"]
    day = day_text(value.date(), reader, "full")
    return str(pattern).replace("{1}", day).replace("{0}", time or time_text(value, reader))


def when(event: Event, reader: str, _: Gettext) -> str | None:
    """The event's days and times in its own zone, or ``None`` while it has no schedule."""
    schedule = event.schedule
    if isinstance(schedule, TimeSpan):
        return time_range(schedule.starts_at, schedule.ends_at, schedule.time_zone, reader)
    if isinstance(schedule, DateSpan):
        days = days_text(schedule.first_day, schedule.last_day, reader)
        return _("{days} (the time will be announced)").format(days=days)
    return None


def local_time(event: Event, zone: str | None, reader: str) -> str | None:
    """The event's times on the reader's clock, when that clock differs from the event's."""
    schedule = event.schedule
    if zone is None or not isinstance(schedule, TimeSpan):
        return None
    start = schedule.starts_at
    if start.astimezone(ZoneInfo(zone)).utcoffset() == start.utcoffset():
        return None
    return time_range(schedule.starts_at, schedule.ends_at, zone, reader)


def languages(event: Event, reader: str) -> dict[str, str | None] | None:
    """The floor language, and the lists of what is offered beside it, named in the reader's language."""
    plan = event.languages
    if plan is None:
        return None
    offered = {"interpretation": plan.interpretation, "captions": plan.captions, "sign": plan.sign_languages}
    result: dict[str, str | None] = {"floor": language_name(plan.floor, reader)}
    for name, tags in offered.items():
        result[name] = list_text([language_name(tag, reader) for tag in tags], reader) if tags else None
    return result


def names(_: Gettext) -> dict[str, str]:
    """The words of the model's vocabularies (kinds, scopes, formats, statuses) in the reader's language."""
    return {
        "workshop": _("Workshop"),
        "training": _("Training"),
        "webinar": _("Webinar"),
        "seminar": _("Seminar"),
        "meeting": _("Meeting"),
        "conference": _("Conference"),
        "general_assembly": _("General Assembly"),
        "national": _("National"),
        "regional": _("Regional"),
        "international": _("International"),
        "online": _("Online"),
        "in_person": _("In person"),
        "hybrid": _("Hybrid"),
        "scheduled": _("Scheduled"),
        "tentative": _("Tentative"),
        "postponed": _("Postponed"),
        "rescheduled": _("Rescheduled"),
        "cancelled": _("Cancelled"),
    }


def meeting(meeting: OnlineMeeting | None, role: RecipientRole, passcode: bool) -> dict[str, Any] | None:
    """How to join online, with the passcode and the host link only for those who may see them."""
    if meeting is None:
        return None
    return {
        "platform": platform_name(meeting.platform) if meeting.platform != "link" else None,
        "join_url": meeting.join_url,
        "meeting_id": meeting.meeting_id,
        "passcode": meeting.passcode if passcode else None,
        "dial_in": [number.number for number in meeting.dial_in],
        "host_url": meeting.host_url if role is RecipientRole.HOST else None,
    }


def agenda(event: Event, reader: str, email: str | None = None) -> list[dict[str, Any]]:
    """The agenda, each session with its time on the event's clock (and its day, if the event has several).

    With ``email``, only the sessions where that address speaks (compared without regard to case).
    """
    schedule = event.schedule
    several_days = isinstance(schedule, TimeSpan) and schedule.starts_at.date() != schedule.ends_at.date()
    sessions = []
    for session in event.agenda:
        speaking = {(speaker.person.email or "").lower() for speaker in session.speakers}
        if email is not None and email.lower() not in speaking:
            continue
        time = None
        if session.starts_at is not None:
            time = time_text(session.starts_at, reader)
            if several_days:
                time = f"{day_text(session.starts_at.date(), reader, 'medium')}, {time}"
            if session.ends_at is not None:
                time += f"\u2013{time_text(session.ends_at.astimezone(session.starts_at.tzinfo), reader)}"
        speakers = [speaker.person.name for speaker in session.speakers]
        sessions.append({"time": time, "title": session.title, "speakers": list_text(speakers, reader) or None})
    return sessions


def time_and_place(event: Event, reader: str, _: Gettext) -> dict[str, str | None]:
    """When and where the event is, for the reader: what an update shows of the previous revision too."""
    venue = venue_text(event.venue, reader) if event.venue is not None else None
    return {"when": when(event, reader, _), "venue": venue}


def common(event: Event, reader: str, _: Gettext) -> dict[str, Any]:
    """The facts that are the same for every reader of one language."""
    registration = event.registration
    deadline = None
    if registration is not None and registration.deadline is not None:
        moment = registration.deadline
        deadline = f"{_date_time(moment, reader)} ({_zone(str(moment.tzinfo), moment, reader)})"
    return {
        "event": event,
        "names": names(_),
        **time_and_place(event, reader, _),
        "languages": languages(event, reader),
        "registration": registration,
        "deadline": deadline,
        "audience": event.audience.description if event.audience is not None else None,
        "agenda": agenda(event, reader),
        "organizer": organization_name(event.organizer) if event.organizer is not None else None,
        "contacts": [person_text(person) for person in event.contacts],
        "calendar_links": calendar_links(event),
        "programme": event.programme.name if event.programme is not None else None,
        "partners": [organization_text(partner) for partner in event.partners]
        + ([event.partners_note] if event.partners_note else []),
        "related": [related_text(other, reader, names(_)) for other in event.related],
        "deliverables": [f"{item.title} ({item.year})" if item.year else item.title for item in event.deliverables],
        "references": [reference_text(reference) for reference in event.references],
    }


def calendar_links(event: Event) -> dict[str, str]:
    """Links that add the event to Google Calendar or Outlook on the web, with no private detail."""
    schedule = event.schedule
    assert schedule is not None  # a Composer refuses an event without one
    summary = event.summary or ""
    if len(summary) > 300:
        summary = summary[:300].rsplit(" ", 1)[0] + "\u2026"
    join = event.online_meeting.join_url if event.online_meeting is not None else None
    details = "\n\n".join(part for part in (summary, join, event.url) if part)
    where = join or (venue_text(event.venue, "en") if event.venue is not None else None)
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
    return {
        "google": "https://calendar.google.com/calendar/render?" + urlencode(google, quote_via=quote),
        "outlook": "https://outlook.office.com/calendar/0/deeplink/compose?" + urlencode(outlook, quote_via=quote),
    }
