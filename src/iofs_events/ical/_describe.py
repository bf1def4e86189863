"""An event told in plain text, for calendar descriptions: every fact where a reader looks for it.

Facts that are not known yet are said to be so ("the link will be announced") rather than
left out, because a reader who finds nothing assumes there is nothing. Names of languages and
countries, and dates, are written for the event's text language with Babel (CLDR).
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import TYPE_CHECKING, cast
from zoneinfo import ZoneInfo

from .._enums import EventFormat
from .._schedule import DateSpan, TimeSpan
from .._wording import (
    country_name,
    day_text,
    days_text,
    language_name,
    list_text,
    organization_text,
    person_text,
    platform_name,
    reference_text,
    related_text,
    time_text,
    venue_text,
)

if TYPE_CHECKING:
    from .._event import Event


def when(event: Event) -> str | None:
    """The days and times of the event, or ``None`` when there are none yet."""
    schedule, reader = event.schedule, event.text_language
    if isinstance(schedule, DateSpan):
        return f"{days_text(schedule.first_day, schedule.last_day, reader)} (the time will be announced)"
    if isinstance(schedule, TimeSpan):
        start, end = schedule.starts_at, schedule.ends_at.astimezone(schedule.starts_at.tzinfo)
        until = time_text(end, reader) if end.date() == start.date() else _date_and_time(end, reader)
        return f"{_date_and_time(start, reader)} \u2013 {until} ({schedule.time_zone}, UTC{start.isoformat()[19:]})"
    return None


def _date_and_time(value: datetime, reader: str) -> str:
    return f"{day_text(value.date(), reader)}, {time_text(value, reader)}"


def location(event: Event) -> str | None:
    """Where the event happens: the venue, the platform, or both."""
    parts = []  # the model keeps venues out of online events and meetings out of in-person ones
    if event.venue is not None:
        parts.append(venue_text(event.venue, event.text_language))
    meeting = event.online_meeting
    if meeting is not None:
        online = f"Online ({platform_name(meeting.platform)})"
        parts.append(f"{online}: {meeting.join_url}" if meeting.join_url else online)
    elif event.format is EventFormat.ONLINE:
        parts.append("Online")
    return "; ".join(parts) or None


def languages_text(event: Event) -> str | None:
    """The floor language and the interpretation, captions and sign languages offered."""
    plan, reader = event.languages, event.text_language
    if plan is None:
        return None
    text = language_name(plan.floor, reader)
    extras = [
        (plan.interpretation, "with interpretation into"),
        (plan.captions, "with captions in"),
        (plan.sign_languages, "with sign language interpretation in"),
    ]
    for tags, words in extras:
        if tags:
            text += f", {words} " + list_text([language_name(tag, reader) for tag in tags], reader)
    return text


def describe(event: Event, *, passcode: bool = False) -> str:
    """The whole event as plain text, as the ``DESCRIPTION`` of its calendar entry tells it.

    Every fact is where a reader looks for it, and facts not known yet are said to be so.
    ``passcode`` adds the meeting passcode, for invitations to registered participants only.
    """
    reader = event.text_language
    sections: list[str] = [event.summary or event.title]
    kind = " ".join(part for part in (event.scope, event.kind) if part).replace("_", " ")
    facts = [
        ("Event", kind.capitalize()),
        ("Status", event.status.replace("_", " ") if event.status.value != "scheduled" else None),
        ("When", when(event)),
        ("Format", event.format.replace("_", " ")),
        ("Where", location(event)),
        ("Languages", languages_text(event)),
    ]
    sections.append("\n".join(f"{label}: {value}" for label, value in facts if value))
    if event.objectives:
        sections.append("Objectives:\n" + "\n".join(f"• {objective}" for objective in event.objectives))
    if event.audience is not None:
        audience = event.audience.description or list_text(list(event.audience.roles), reader)
        countries = [country_name(code, reader) for code in event.audience.countries]
        sections.append(f"Audience: {audience}" + (f"\nCountries: {list_text(countries, reader)}" if countries else ""))
    sections.append(_joining(event, passcode))
    if event.registration is not None:
        sections.append(_registration(event))
    if event.contacts:
        sections.append("Contact:\n" + "\n".join(person_text(person) for person in event.contacts))
    who = []
    if event.organizer is not None:
        who.append(f"Organizer: {organization_text(event.organizer)}")
    partners = [organization_text(partner) for partner in event.partners]
    if event.partners_note:
        partners.append(event.partners_note)
    if partners:
        who.append(f"Partners: {'; '.join(partners)}")
    if event.programme is not None:
        who.append(f"Programme: {event.programme.name}")
    if who:
        sections.append("\n".join(who))
    if event.agenda:
        sections.append("Agenda:\n" + "\n".join(f"• {session.title}" for session in event.agenda))
    if event.background:
        sections.append("Background:\n" + "\n\n".join(event.background))
    if event.related:
        sections.append("Related events:\n" + "\n".join(f"• {related_text(o, reader)}" for o in event.related))
    if event.deliverables:
        planned = [f"• {item.title}" + (f" ({item.year})" if item.year else "") for item in event.deliverables]
        sections.append("Planned outputs:\n" + "\n".join(planned))
    if event.references:
        sections.append("References:\n" + "\n".join(f"• {reference_text(ref)}" for ref in event.references))
    if event.topics:
        sections.append(f"Topics: {', '.join(event.topics)}")
    if event.url:
        sections.append(f"More: {event.url}")
    if event.disclaimer:
        sections.append("\n\n".join(event.disclaimer))
    return "\n\n".join(sections)


_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)]")


def to_html(text: str) -> str:
    """The plain text of :func:`describe` as simple HTML: paragraphs, bullet lists, links.

    Every piece of event text is escaped, so a title cannot inject markup.
    """
    blocks = []
    for block in text.split("\n\n"):
        lines = block.split("\n")
        bullets = [line for line in lines if line.startswith("\u2022 ")]
        heads = [_linked(line) for line in lines if not line.startswith("\u2022 ")]
        paragraph = "<br>".join(heads)
        items = "".join(f"<li>{_linked(line[2:])}</li>" for line in bullets)
        blocks.append((f"<p>{paragraph}</p>" if paragraph else "") + (f"<ul>{items}</ul>" if items else ""))
    return "<html><body>" + "".join(blocks) + "</body></html>"


def _linked(line: str) -> str:
    parts, last = [], 0
    for match in _URL.finditer(line):
        url = html.escape(match.group())
        parts += [html.escape(line[last : match.start()]), f'<a href="{url}">{url}</a>']
        last = match.end()
    return "".join([*parts, html.escape(line[last:])])


def _joining(event: Event, passcode: bool) -> str:
    meeting = event.online_meeting
    if meeting is None:
        return "How to attend: in person, at the venue above." if event.venue else "How to attend: to be announced."
    platform = platform_name(meeting.platform)
    lines = [f"How to join: {meeting.join_url or f'the {platform} link will be announced.'}"]
    if meeting.meeting_id:
        lines.append(f"Meeting ID: {meeting.meeting_id}")
    if passcode and meeting.passcode:
        lines.append(f"Passcode: {meeting.passcode}")
    lines += [f"Dial in: {number.number}" for number in meeting.dial_in]
    return "\n".join(lines)


def _registration(event: Event) -> str:
    registration = event.registration
    assert registration is not None
    lines = ["Registration: required." if registration.required else "Registration: optional."]
    if registration.instructions:
        lines.append(registration.instructions)
    lines.append(f"Register at: {registration.url}" if registration.url else "The registration link will be announced.")
    if registration.deadline is not None:
        zone = cast(ZoneInfo, registration.deadline.tzinfo).key
        lines.append(f"Deadline: {_date_and_time(registration.deadline, event.text_language)} ({zone})")
    if registration.capacity is not None:
        lines.append(f"Places: {registration.capacity}")
    return "\n".join(lines)
