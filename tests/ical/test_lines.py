"""The direct writer gives, byte for byte, what icalendar's component model writes, for every event generated."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
from hypothesis import given
from hypothesis import strategies as st

import iofs_events as ie
from iofs_events._reading import reading
from iofs_events.ical import Attendee, AttendeeRole, InvitationCalendar, Method, feed, to_ical
from iofs_events.ical._write import attendee_line, calendar_parts
from tests import strategies
from tests.ical import reference
from tests.strategies import CALENDAR_ZONES, emails, lines, optional, texts, urls

# Text that icalendar escapes, quotes or reads in its own way: each must come out the same.
HOSTILE = (
    'Semi; colon, comma \\ backslash "quoted" ^caret',
    "C:\\Net and C:\\N",  # icalendar writes \N as a line break
    "’apostrophe, ‘quotes’: colon",
    "O'Brien & Sons",
    "x" * 73 + "\\;",  # an escape where a line folds
    "Ŝ" * 40 + "^" + "é" * 40,
)
hostile = st.sampled_from(HOSTILE)
attendees = st.builds(Attendee, email=emails, name=optional(lines | hostile), role=st.sampled_from(list(AttendeeRole)))


def rezoned(event: ie.Event, zone: ZoneInfo) -> ie.Event:
    """The same event at the same instants, on the clock of ``zone``."""
    schedule = event.schedule
    if not isinstance(schedule, ie.TimeSpan):
        return event
    agenda = tuple(
        attrs.evolve(
            session,
            starts_at=session.starts_at and session.starts_at.astimezone(zone),
            ends_at=session.ends_at and session.ends_at.astimezone(zone),
        )
        for session in event.agenda
    )
    starts_at, ends_at = schedule.starts_at.astimezone(zone), schedule.ends_at.astimezone(zone)
    return attrs.evolve(event, schedule=ie.TimeSpan(starts_at=starts_at, ends_at=ends_at), agenda=agenda)


@st.composite
def scheduled_events(draw: st.DrawFn) -> ie.Event:
    """An event with a schedule, sometimes in a zone readers once read wrong, sometimes with hostile text."""
    event = draw(strategies.events().filter(lambda event: event.schedule is not None))
    if draw(st.booleans()):
        event = rezoned(event, ZoneInfo(draw(st.sampled_from(CALENDAR_ZONES))))
    if draw(st.booleans()):
        event = attrs.evolve(event, title=draw(hostile), summary=event.summary and draw(hostile))
    return event


stamps = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC))
reminders = st.lists(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)), max_size=2)
languages = optional(strategies.language_tags)


@st.composite
def options(draw: st.DrawFn, event: ie.Event) -> tuple[ie.Event, dict[str, Any]]:
    """The event, ready for a method drawn among all (``None`` is the stored object), and valid options for it."""
    method = draw(st.sampled_from([Method.PUBLISH, Method.REQUEST, Method.CANCEL, None]))
    if method is Method.CANCEL:
        event = attrs.evolve(event, status=ie.EventStatus.CANCELLED)
    publishing = method in (Method.PUBLISH, None)
    guests = [] if publishing else draw(st.lists(attendees, min_size=method is Method.REQUEST, max_size=5))
    chosen = {
        "method": method,
        "attendees": guests,
        "organizer": draw(attendees),
        "stamp": draw(stamps),
        "reminders": draw(reminders),
        "agenda": draw(st.booleans()),
        "passcode": not publishing and draw(st.booleans()),
        "language": draw(languages),
    }
    return event, chosen


@given(st.data())
def test_a_calendar_is_what_icalendar_writes(data: st.DataObject) -> None:
    event, chosen = data.draw(options(data.draw(scheduled_events())))
    assert to_ical(event, **chosen) == reference.to_ical(event, **chosen)


@given(
    st.lists(scheduled_events(), min_size=1, max_size=3),
    lines | hostile,
    optional(texts | hostile),
    optional(urls),
    st.timedeltas(min_value=timedelta(minutes=1), max_value=timedelta(days=8)),
    stamps,
    languages,
)
def test_a_feed_is_what_icalendar_writes(
    events: list[ie.Event],
    name: str,
    description: str | None,
    url: str | None,
    refresh: timedelta,
    stamp: datetime,
    language: str | None,
) -> None:
    chosen: dict[str, Any] = {"name": name, "description": description, "url": url, "refresh": refresh}
    chosen |= {"organizer": Attendee(email="secretariat@iofs.example"), "stamp": stamp, "language": language}
    assert b"".join(feed(events, **chosen)) == b"".join(reference.feed(events, **chosen))


@given(scheduled_events(), attendees, attendees, stamps, st.booleans(), languages)
def test_an_invitation_is_what_icalendar_writes(
    event: ie.Event, sender: Attendee, guest: Attendee, stamp: datetime, passcode: bool, language: str | None
) -> None:
    calendar = InvitationCalendar(
        event, method=Method.REQUEST, sender=sender, stamp=stamp, passcode=passcode, language=language
    )
    r = reading(event, calendar.language)
    chosen = {"method": Method.REQUEST, "organizer": calendar.organizer, "stamp": calendar.stamp, "passcode": passcode}
    head, tail = reference.parts(r, **chosen)
    assert calendar_parts(r, **chosen) == (head, tail)
    assert attendee_line(guest) == reference.attendee(guest)
    assert calendar.for_attendee(guest) == head + reference.attendee(guest) + tail
