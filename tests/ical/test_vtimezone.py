"""VTIMEZONEs that give every reader zoneinfo's offset wherever the calendar uses the zone.

Readers differ at the edges of a VTIMEZONE (see ``test_interop_harness.py``): before its first
observance ical.js uses UTC, libical the first ``TZOFFSETFROM`` and dateutil (vobject) the first
``STANDARD`` offset; dateutil reads a UTC ``UNTIL`` as a local time. So the first observance must
start at or before the first time the calendar uses, and each ``UNTIL`` must mean the same either
way. vobject runs in this process; ical.js and libical read the same calendars in
``test_interop.py``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Component

import iofs_events as ie
from iofs_events.ical import feed, to_ical
from tests.interop.python_readers import read_vobject
from tests.strategies import CALENDAR_ZONES

STAMP = datetime(2021, 11, 17, 9, 30, tzinfo=UTC)
IOFS = ie.Organization(name="Islamic Organization for Food Security", acronym="IOFS")


def event_at(start: datetime, number: int = 0) -> ie.Event:
    return ie.Event(
        id=f"e{number}",
        kind=ie.EventKind.MEETING,
        title="Meeting",
        format=ie.EventFormat.ONLINE,
        organizer=IOFS,
        schedule=ie.TimeSpan(starts_at=start, ends_at=start + timedelta(hours=2)),
    )


def vtimezone(ics: bytes) -> Component:
    (zone,) = Calendar.from_ical(ics).walk("VTIMEZONE")
    return zone


def first_onset(zone: Component) -> datetime:
    """The UTC instant of the earliest observance: its DTSTART, a time on the clock before it."""
    return min(
        (observance["DTSTART"].dt - observance["TZOFFSETFROM"].td).replace(tzinfo=UTC)
        for observance in zone.subcomponents
    )


def vobject_instants(ics: bytes) -> list[tuple[datetime, datetime]]:
    return [(entry["start_utc"], entry["end_utc"]) for entry in read_vobject(ics.decode())["events"]]


def instants(events: list[ie.Event]) -> list[tuple[datetime, datetime]]:
    return [(e.schedule.starts_at.astimezone(UTC), e.schedule.ends_at.astimezone(UTC)) for e in events]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("zone", "local"),
    [
        ("Asia/Dhaka", datetime(2008, 6, 1, 10)),  # +06:00 since 1971; daylight time came in 2009
        ("Asia/Pyongyang", datetime(2014, 6, 1, 10)),  # +09:00 since 1961; +08:30 from 2015 to 2018
        ("America/Guyana", datetime(1975, 6, 1, 10)),  # -03:45 since 1915; -03:00 from August 1975
        ("Asia/Riyadh", datetime(1965, 6, 1, 10)),  # +03:00 since 1947, before 1970
        ("Africa/Abidjan", datetime(2024, 6, 1, 10)),  # GMT since 1912
        ("Asia/Dubai", datetime(2030, 6, 1, 10)),  # +04:00 since 1920
    ],
)
def test_the_first_observance_starts_at_or_before_the_first_time(zone: str, local: datetime) -> None:
    start = local.replace(tzinfo=ZoneInfo(zone))
    ics = to_ical(event_at(start), stamp=STAMP)
    assert first_onset(vtimezone(ics)) <= start
    assert vobject_instants(ics) == instants([event_at(start)])


@pytest.mark.parametrize(
    ("zone", "local"),
    [
        ("Asia/Damascus", datetime(2022, 7, 1, 10)),  # the last summer of a yearly rule
        ("Africa/Tunis", datetime(2008, 7, 1, 10)),
        ("Asia/Baku", datetime(2015, 7, 1, 10)),
        ("Europe/Istanbul", datetime(2015, 7, 1, 10)),
        ("Asia/Amman", datetime(2021, 7, 1, 10)),
        ("Asia/Almaty", datetime(2004, 7, 1, 10)),
        ("Asia/Oral", datetime(2004, 7, 1, 10)),
        ("America/Sao_Paulo", datetime(2018, 12, 1, 10)),
    ],
)
def test_a_rule_that_ended_keeps_its_last_change_for_vobject(zone: str, local: datetime) -> None:
    start = local.replace(tzinfo=ZoneInfo(zone))
    ics = to_ical(event_at(start), stamp=STAMP)
    assert b"UNTIL=" in ics
    assert vobject_instants(ics) == instants([event_at(start)])


@settings(max_examples=100)  # each example samples decades of a zone; the matrix of test_interop.py is wider
@given(
    st.sampled_from(CALENDAR_ZONES),
    st.lists(
        st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2070, 12, 31)).map(
            lambda moment: moment.replace(second=0, microsecond=0)  # calendars keep whole seconds
        ),
        min_size=1,
        max_size=5,
    ),
)
def test_a_calendar_of_events_gives_vobject_zoneinfos_instants(zone: str, moments: list[datetime]) -> None:
    events = [event_at(moment.replace(tzinfo=UTC).astimezone(ZoneInfo(zone)), n) for n, moment in enumerate(moments)]
    ics = b"".join(feed(events, name="Events", stamp=STAMP))
    assert vobject_instants(ics) == instants(events)
    if b"BEGIN:VTIMEZONE" in ics:  # not when every time is in a repeated hour, written in UTC
        assert first_onset(vtimezone(ics)) <= min(moment.replace(tzinfo=UTC) for moment in moments)
