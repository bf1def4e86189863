"""The reference writer: the same calendars written through icalendar's component model.

The writer of ``iofs_events.ical._write`` says what a calendar holds and ``_lines`` writes it directly;
here each component becomes icalendar's (``Calendar``, ``Event``, ``Timezone``...), each property
is added with ``Component.add`` and the whole is written by icalendar's ``to_ical``. The direct
writer must give the same bytes for every event: the tests compare the two.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from inspect import signature
from typing import Any

from iofs_events._event import Event
from iofs_events._reading import Reading
from iofs_events.ical import _write
from iofs_events.ical._component import Component, Uri, UtcOffset
from iofs_events.ical._itip import Address, Attendee, Method


def serialize(component: Component) -> bytes:
    """The bytes of ``component``, as icalendar writes it."""
    return bytes(_icalendar(component).to_ical())


def _icalendar(component: Component) -> Any:
    import icalendar

    kinds = {
        "VCALENDAR": icalendar.Calendar,
        "VEVENT": icalendar.Event,
        "VTIMEZONE": icalendar.Timezone,
        "STANDARD": icalendar.TimezoneStandard,
        "DAYLIGHT": icalendar.TimezoneDaylight,
        "VALARM": icalendar.Alarm,
    }
    made: Any = kinds[component.name]()
    for name, value, parameters in component.properties:
        if isinstance(value, datetime) and "TZID" in parameters:
            value = value.replace(tzinfo=None)  # icalendar takes a local time with its TZID naive
        made.add(name.lower(), _value(value), parameters=dict(parameters) or None)
    for inner in component.components:
        made.add_component(_icalendar(inner))
    return made


def _value(value: object) -> object:
    """The value as icalendar takes it: TEXT as ``vText`` (icalendar writes unknown properties unescaped)."""
    from icalendar import vDuration, vRecur, vText, vUTCOffset

    if type(value) is str:
        return vText(value)
    if isinstance(value, Uri):
        return str(value)
    if isinstance(value, UtcOffset):
        return vUTCOffset(value.offset)
    if isinstance(value, timedelta):
        return vDuration(value)
    if isinstance(value, dict):
        return vRecur(value)
    return value


def to_ical(event: Event, **options: Any) -> bytes:
    """:func:`~iofs_events.ical.to_ical` written through icalendar."""
    bound = signature(_write.to_ical).bind(event, **options)
    bound.apply_defaults()
    return _write.written_calendar(*bound.args, **bound.kwargs, serialize=serialize)


def feed(events: Iterable[Event], **options: Any) -> Iterator[bytes]:
    """:func:`~iofs_events.ical.feed` written through icalendar."""
    bound = signature(_write.feed).bind(events, **options)
    bound.apply_defaults()
    return _write.written_feed(*bound.args, **bound.kwargs, serialize=serialize)


def parts(r: Reading, *, method: Method, organizer: Address, stamp: datetime, passcode: bool) -> tuple[bytes, bytes]:
    """The two parts of an invitation's calendar, written through icalendar."""
    return _write.calendar_parts(
        r, method=method, organizer=organizer, stamp=stamp, passcode=passcode, serialize=serialize
    )


def attendee(person: Attendee) -> bytes:
    """The ``ATTENDEE`` line of ``person``, written through icalendar."""
    return _write.attendee_line(person, serialize)
