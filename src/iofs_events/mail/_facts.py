"""What an email says about an event, worded for one reader: their language, clock and role.

Templates lay these facts out; here they are computed from the reader's :class:`Reading`: the
event's texts in the reader's language where translated (else in the original, set in its own
language and direction, with a mark), dates and times in CLDR's forms for the reader's full locale
(Babel), in the event's zone and the reader's, and what the reader may see (the passcode if
registered, the host link if a host).
"""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from .._schedule import TimeSpan
from .._wording import comma, day_text, moment_text, phone_text, semicolon, time_range, time_text, venue_text
from ._words import RecipientRole

if TYPE_CHECKING:
    from datetime import datetime

    from .._bidi import Fragment
    from .._event import Event
    from .._meeting import OnlineMeeting
    from .._reading import Reading


def local_time(r: Reading, zone: str | None) -> str | None:
    """The event's times on the reader's clock, when that clock differs from the event's."""
    schedule = r.event.schedule
    if zone is None or not isinstance(schedule, TimeSpan) or not _other_clock(schedule.starts_at, zone):
        return None
    return str(r.voice.mixed(time_range(schedule.starts_at, schedule.ends_at, zone, r.locale)))


def local_deadline(r: Reading, zone: str | None) -> str | None:
    """The registration deadline on the reader's clock, when that clock differs from the deadline's."""
    registration = r.event.registration
    deadline = registration.deadline if registration is not None else None
    if zone is None or deadline is None or not _other_clock(deadline, zone):
        return None
    return str(r.voice.mixed(moment_text(deadline.astimezone(ZoneInfo(zone)), r.locale)))


def _other_clock(moment: datetime, zone: str) -> bool:
    return moment.astimezone(ZoneInfo(zone)).utcoffset() != moment.utcoffset()


def meeting(r: Reading, role: RecipientRole, passcode: bool, join_url: str | None = None) -> dict[str, Any] | None:
    """How to join online, with the passcode and the host link only for those who may see them.

    ``join_url`` is the reader's own link, when the platform gave them one: it replaces the shared one.
    """
    held: OnlineMeeting | None = r.event.online_meeting
    if held is None:
        return None
    code = r.voice.code
    link = join_url or held.join_url
    return {
        "platform": r.platform(held.platform),
        "join_url": link,
        "join_link": code(link) if link else None,
        "meeting_id": code(held.meeting_id) if held.meeting_id else None,
        "passcode": code(held.passcode) if passcode and held.passcode else None,
        "dial_in": [code(phone_text(number.number, r.locale)) for number in held.dial_in],
        "host_url": held.host_url if role is RecipientRole.HOST else None,
    }


def agenda(r: Reading, email: str | None = None) -> list[dict[str, Any]]:
    """The agenda, each session with its time on the event's clock (and its day, if the event has several).

    With ``email``, only the sessions where that address speaks (compared without regard to case).
    """
    event = r.event
    schedule = event.schedule
    several_days = isinstance(schedule, TimeSpan) and schedule.starts_at.date() != schedule.ends_at.date()
    sessions = []
    for index, session in enumerate(event.agenda):
        speaking = {(speaker.person.email or "").lower() for speaker in session.speakers}
        if email is not None and email.lower() not in speaking:
            continue
        time = None
        if session.starts_at is not None:
            time = time_text(session.starts_at, r.locale)
            if several_days:
                time = f"{day_text(session.starts_at.date(), r.locale, 'medium')}{comma(r.locale)}{time}"
            if session.ends_at is not None:
                time += f"\u2013{time_text(session.ends_at.astimezone(session.starts_at.tzinfo), r.locale)}"
        speakers = r.names(speaker.person.name for speaker in session.speakers)
        sessions.append(
            {
                "time": r.voice.mixed(time) if time else None,
                "title": r.text(session.title, f"agenda[{index}].title"),
                "speakers": speakers or None,
            }
        )
    return sessions


def time_and_place(r: Reading) -> dict[str, Any]:
    """When and where the event is, for the reader: what an update shows of the previous revision too."""
    return {"when": r.when(), "venue": r.venue(r.event.venue, "venue") if r.event.venue is not None else None}


def common(r: Reading) -> dict[str, Any]:
    """The facts that are the same for every reader of one language."""
    event = r.event
    registration = event.registration
    deadline = registration.deadline if registration is not None else None
    audience = event.audience
    paths = [f"agenda[{index}].title" for index in range(len(event.agenda))]
    partners = [r.organization(partner, f"partners[{index}]") for index, partner in enumerate(event.partners)]
    return {
        "event": event,
        "names": r.vocabulary(),
        "title": r.text(event.title, "title"),
        "title_note": r.note("title"),
        "summary": _text(r, event.summary, "summary"),
        "objectives": r.texts(event.objectives, "objectives"),
        "objectives_note": r.note("objectives"),
        "audience": _text(r, audience.description if audience else None, "audience.description"),
        "background": r.texts(event.background, "background"),
        "background_note": r.note("background"),
        "topics": r.line(r.texts(event.topics, "topics")) if event.topics else None,
        "topics_note": r.note("topics"),
        "disclaimer": r.texts(event.disclaimer, "disclaimer"),
        "disclaimer_note": r.note("disclaimer"),
        **time_and_place(r),
        "languages": r.languages(),
        "registration": registration,
        "instructions": _text(r, registration.instructions if registration else None, "registration.instructions"),
        "registration_url": r.voice.code(registration.url) if registration and registration.url else None,
        "deadline": str(r.voice.mixed(moment_text(deadline, r.locale))) if deadline else None,
        "agenda": agenda(r),
        "agenda_note": r.note(*paths),
        "organizer": r.organization_name(event.organizer, "organizer") if event.organizer is not None else None,
        "contacts": [r.person(person, f"contacts[{index}]") for index, person in enumerate(event.contacts)],
        "calendar_links": calendar_links(event),
        "programme": r.text(event.programme.name, "programme.name") if event.programme is not None else None,
        "partners": partners + ([r.text(event.partners_note, "partners_note")] if event.partners_note else []),
        "semicolon": semicolon(r.locale),
        "related": [r.related(other, index) for index, other in enumerate(event.related)],
        "deliverables": [r.deliverable(item, index) for index, item in enumerate(event.deliverables)],
        "references": [r.reference(reference, index) for index, reference in enumerate(event.references)],
        "url": r.voice.code(event.url) if event.url else None,
    }


def _text(r: Reading, value: str | None, path: str) -> dict[str, Fragment | str] | None:
    """A text of the event with the mark that says it stayed in the original, or ``None`` without one."""
    return {"text": r.text(value, path), "note": r.note(path)} if value else None


def calendar_links(event: Event, join_url: str | None = None) -> dict[str, str]:
    """Links that add the event to Google Calendar or Outlook on the web, with no private detail.

    ``join_url`` is the reader's own link, when the platform gave them one: it replaces the shared one.
    """
    schedule = event.schedule
    assert schedule is not None  # a Composer refuses an event without one
    summary = event.summary or ""
    if len(summary) > 300:
        summary = summary[:300].rsplit(" ", 1)[0] + "\u2026"
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
    return {
        "google": "https://calendar.google.com/calendar/render?" + urlencode(google, quote_via=quote),
        "outlook": "https://outlook.office.com/calendar/0/deeplink/compose?" + urlencode(outlook, quote_via=quote),
    }
