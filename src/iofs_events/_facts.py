"""What every output that speaks to a reader says about an event: its facts, worded for one language.

Emails and the announcement page lay these facts out with their templates; they are computed
here from the reader's :class:`~iofs_events._reading.Reading`: the event's texts in the reader's
language where translated (else in the original, set in its own language and direction, with a
mark), dates and times in CLDR's forms for the reader's full locale, on the event's clock. What
only one recipient may see (the passcode, the host link) is given only when asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._schedule import TimeSpan
from ._wording import comma, day_text, moment_text, phone_text, semicolon, time_text
from .ical import calendar_links

if TYPE_CHECKING:
    from ._bidi import Fragment
    from ._meeting import OnlineMeeting
    from ._reading import Reading


def meeting(r: Reading, *, passcode: bool, host: bool = False, join_url: str | None = None) -> dict[str, Any] | None:
    """How to join online; the passcode only with ``passcode``, the host link only for a ``host``.

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
        "dial_in": [code(phone_text(number.number)) for number in held.dial_in],
        "host_url": held.host_url if host else None,
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
        "calendar_links": calendar_links(event) if event.schedule is not None else None,
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
