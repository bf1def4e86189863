"""Calendars we write, read by parsers we did not write: ical.js, libical, vobject and ical.

Each reader's UTC start and end must equal Python's zoneinfo for the event's own dates, in
zones whose rules changed (Almaty, Cairo, Tehran), that suspend daylight time for Ramadan
(Casablanca), far in the future (Berlin 2040) and on both sides of clock changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple, cast
from zoneinfo import ZoneInfo

import attrs
import pytest

import iofs_events as ie
from iofs_events.ical import Attendee, AttendeeRole, Method, feed, read_calendar, to_ical
from tests.interop import python_readers, runners
from tests.strategies import CALENDAR_ZONES

STAMP = datetime(2021, 11, 17, 9, 30, tzinfo=UTC)
ORGANIZER = Attendee(email="secretariat@iofs.example", name="IOFS Secretariat", role=AttendeeRole.CHAIR)
GUESTS = (
    Attendee(email="aida@agri.example.kz", name="Айда Нурлановна"),
    Attendee(email="omar@agri.example.sa", name="عمر الحربي", role=AttendeeRole.OPTIONAL),
)

MATRIX = [
    ("Europe/Berlin", datetime(2040, 7, 15, 10), 0),
    ("Europe/Berlin", datetime(2040, 1, 15, 10), 0),
    ("Asia/Almaty", datetime(2021, 12, 22, 10), 0),  # UTC+6 then
    ("Asia/Almaty", datetime(2024, 6, 3, 10), 0),  # UTC+5 since March 2024
    ("Africa/Cairo", datetime(2022, 7, 1, 10), 0),  # no daylight time in 2022
    ("Africa/Cairo", datetime(2023, 7, 1, 10), 0),  # daylight time again from 2023
    ("Asia/Tehran", datetime(2021, 6, 1, 10), 0),  # +04:30
    ("Asia/Tehran", datetime(2023, 6, 1, 10), 0),  # no daylight time since 2022
    ("Africa/Casablanca", datetime(2023, 4, 1, 10), 0),  # Ramadan: daylight time suspended
    ("Africa/Casablanca", datetime(2023, 5, 2, 10), 0),
    ("America/New_York", datetime(2021, 3, 14, 3, 30), 0),  # just after clocks went forward
    ("America/New_York", datetime(2021, 11, 7, 1, 30), 0),  # the repeated hour, first pass
    ("America/New_York", datetime(2021, 11, 7, 1, 30), 1),  # the repeated hour, second pass
    ("America/Sao_Paulo", datetime(2019, 6, 1, 10), 0),  # a yearly rule that ended in 2019
    ("Asia/Riyadh", datetime(2022, 3, 1, 10), 0),
    ("Asia/Jakarta", datetime(2022, 3, 1, 10), 0),
    ("Europe/Istanbul", datetime(2022, 3, 1, 10), 0),
]


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _event_at(seed: ie.Event, zone: str, local: datetime, fold: int) -> ie.Event:
    start = local.replace(tzinfo=ZoneInfo(zone), fold=fold)
    return attrs.evolve(seed, schedule=ie.TimeSpan(starts_at=start, ends_at=start + timedelta(hours=3)))


@pytest.mark.parametrize(("zone", "local", "fold"), MATRIX, ids=[f"{z}-{d:%Y%m%dT%H%M}-{f}" for z, d, f in MATRIX])
def test_every_reader_puts_the_event_where_zoneinfo_does(
    seed: ie.Event, tmp_path: Path, zone: str, local: datetime, fold: int
) -> None:
    event = _event_at(seed, zone, local, fold)
    schedule = event.schedule
    assert isinstance(schedule, ie.TimeSpan)
    expected = (_utc(schedule.starts_at), _utc(schedule.ends_at))
    path = tmp_path / "event.ics"
    path.write_bytes(to_ical(event, stamp=STAMP))

    thunderbird = runners.icaljs(path)["events"][0]
    assert (thunderbird["start_utc"], thunderbird["end_utc"]) == expected
    assert thunderbird["start_zone"] != "floating"
    evolution = runners.libical(path)
    assert evolution["unresolved_tzids"] == []
    assert (evolution["events"][0]["start_utc"], evolution["events"][0]["end_utc"]) == expected
    for reader in (python_readers.read_vobject, python_readers.read_ical):
        entry = reader(path.read_text(encoding="utf-8"))["events"][0]
        assert (_utc(entry["start_utc"]), _utc(entry["end_utc"])) == expected, reader.__name__


def _calendars(seed: ie.Event) -> dict[str, bytes]:
    almaty = ZoneInfo("Asia/Almaty")
    start = datetime(2021, 12, 22, 10, tzinfo=almaty)
    meeting = ie.OnlineMeeting(
        platform="zoom", join_url="https://zoom.example/j/87512345678", meeting_id="875 1234 5678", passcode="Fs2021"
    )
    agenda = (
        ie.AgendaSession(title="Opening", starts_at=start, ends_at=start + timedelta(minutes=30)),
        ie.AgendaSession(title="Country experiences", starts_at=start + timedelta(minutes=30)),
    )
    timed = attrs.evolve(
        seed,
        schedule=ie.TimeSpan(starts_at=start, ends_at=start + timedelta(hours=3)),
        online_meeting=meeting,
        agenda=agenda,
    )
    options = {"organizer": ORGANIZER, "stamp": STAMP}
    return {
        "publish-seed": to_ical(seed, stamp=STAMP),
        "publish-timed": to_ical(timed, reminders=(timedelta(minutes=15),), agenda=True, stamp=STAMP),
        "request": to_ical(timed, method=Method.REQUEST, attendees=GUESTS, passcode=True, **options),  # type: ignore[arg-type]
        "request-update": to_ical(
            timed.revise(title="Rescheduled"),
            method=Method.REQUEST,
            attendees=GUESTS,
            agenda=True,
            **options,  # type: ignore[arg-type]
        ),
        "cancel": to_ical(timed.cancel(), method=Method.CANCEL, attendees=GUESTS, agenda=True, **options),  # type: ignore[arg-type]
    }


@pytest.mark.parametrize("name", ["publish-seed", "publish-timed", "request", "request-update", "cancel"])
def test_libical_finds_no_itip_errors(seed: ie.Event, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.ics"
    path.write_bytes(_calendars(seed)[name])
    result = runners.libical(path)
    assert result["restriction_check_passed"] is True
    assert result["errors"] == []
    assert result["method"] == name.split("-")[0].upper()


def test_icaljs_reads_what_a_client_shows(seed: ie.Event, tmp_path: Path) -> None:
    path = tmp_path / "request.ics"
    path.write_bytes(_calendars(seed)["request"])
    result = runners.icaljs(path)
    assert result["method"] == "REQUEST"
    event = result["events"][0]
    assert event["summary"] == seed.title
    assert event["sequence"] == 0
    assert event["status"] == "CONFIRMED"
    assert event["organizer"]["value"] == "mailto:secretariat@iofs.example"
    assert [(a["value"], a["params"]["CN"], a["params"]["ROLE"]) for a in event["attendees"]] == [
        ("mailto:aida@agri.example.kz", "Айда Нурлановна", "REQ-PARTICIPANT"),
        ("mailto:omar@agri.example.sa", "عمر الحربي", "OPT-PARTICIPANT"),
    ]
    assert all(a["params"]["RSVP"] == "TRUE" for a in event["attendees"])
    conference = event["conference"][0]
    assert conference["value"] == "https://zoom.example/j/87512345678"
    assert conference["params"]["FEATURE"] in (["AUDIO", "VIDEO"], "AUDIO,VIDEO")
    assert conference["params"]["LABEL"] == "Join on Zoom"
    assert event["languages"] == {"SUMMARY": "en", "CONTACT": "en", "DESCRIPTION": "en", "LOCATION": "en"}
    assert "Passcode: Fs2021" in event["description"]


def test_cancel_replaces_the_invitation(seed: ie.Event, tmp_path: Path) -> None:
    calendars = _calendars(seed)
    read = {}
    for name in ("request", "cancel"):
        path = tmp_path / f"{name}.ics"
        path.write_bytes(calendars[name])
        read[name] = runners.icaljs(path)["events"]
    invitation, cancellation = read["request"][0], read["cancel"][0]
    assert cancellation["uid"] == invitation["uid"]
    assert cancellation["sequence"] > invitation["sequence"]
    assert cancellation["status"] == "CANCELLED"
    assert [entry["status"] for entry in read["cancel"]] == ["CANCELLED"] * 3


def test_vobject_validates_every_calendar(seed: ie.Event) -> None:
    for name, ics in _calendars(seed).items():
        result = python_readers.read_vobject(ics.decode())
        assert result["events"][0]["uid"] == "iofs-fsg-workshop-2021-12-22@iofs-events", name


def test_a_feed_with_its_time_zones_last(seed: ie.Event, tmp_path: Path) -> None:
    events = [_event_at(seed, zone, local, fold).revise(id=f"e{n}") for n, (zone, local, fold) in enumerate(MATRIX)]
    path = tmp_path / "feed.ics"
    path.write_bytes(b"".join(feed(events, name="Matrix", organizer=ORGANIZER, stamp=STAMP)))
    expected = [(_utc(e.schedule.starts_at), _utc(e.schedule.ends_at)) for e in events]  # type: ignore[union-attr]
    thunderbird = runners.icaljs(path)["events"]
    assert [(entry["start_utc"], entry["end_utc"]) for entry in thunderbird] == expected
    evolution = runners.libical(path)
    assert evolution["errors"] == []
    assert [(entry["start_utc"], entry["end_utc"]) for entry in evolution["events"]] == expected


# --- the matrix: every instant of many calendars, to UTC by ical.js, libical and vobject, against zoneinfo

IOFS = ie.Organization(name="Islamic Organization for Food Security", acronym="IOFS")
GRID_YEARS = (1975, 1990, 2000, 2008, 2014, 2020, 2024, 2026, 2040, 2060)


class Expected(NamedTuple):
    """Where one calendar entry must be: its UTC start and end, and the TZID it keeps (None: written in UTC)."""

    start: str
    end: str
    tzid: str | None


def _meeting(number: int, start: datetime, agenda: tuple[ie.AgendaSession, ...] = ()) -> ie.Event:
    return ie.Event(
        id=f"m{number}",
        kind=ie.EventKind.MEETING,
        title=f"Meeting {number}",
        format=ie.EventFormat.ONLINE,
        organizer=IOFS,
        schedule=ie.TimeSpan(starts_at=start, ends_at=start + timedelta(hours=2)),
        agenda=agenda,
    )


def _expected(start: datetime, end: datetime) -> Expected:
    repeated = start.replace(fold=0).utcoffset() != start.replace(fold=1).utcoffset()
    return Expected(_utc(start), _utc(end), None if repeated else cast(ZoneInfo, start.tzinfo).key)


def _changes(zone: ZoneInfo) -> list[datetime]:
    """A moment in the week after each change of the zone's offset from 1970 to 2030: one in each offset it had."""
    moment, end, week = datetime(1970, 1, 1, 12, tzinfo=UTC), datetime(2030, 12, 31, tzinfo=UTC), timedelta(days=7)
    found: list[datetime] = []
    while moment < end:
        if moment.astimezone(zone).utcoffset() != (moment + week).astimezone(zone).utcoffset():
            found.append(moment + week)
        moment += week
    return found


@dataclass
class Matrix:
    """Calendars written by us, and where each of their entries must be, file by file."""

    paths: list[Path]
    expected: list[list[Expected]]

    def add(self, directory: Path, ics: bytes, expected: list[Expected]) -> None:
        path = directory / f"{len(self.paths)}.ics"
        path.write_bytes(ics)
        self.paths.append(path)
        self.expected.append(expected)


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> Matrix:
    """For each zone: one event alone in each year of the grid and after its last two changes (a
    calendar covers only its own years); a moment after each change from 1970 to 2030 in one feed
    (a calendar that spans decades); and agenda sessions in every zone, each in its own zone."""
    directory = tmp_path_factory.mktemp("matrix")
    result = Matrix([], [])
    everything: list[ie.Event] = []
    for zone in map(ZoneInfo, CALENDAR_ZONES):
        changes = _changes(zone)
        alone = [datetime(year, 7, 15, 10, tzinfo=zone) for year in GRID_YEARS]
        alone += [moment.astimezone(zone) for moment in changes[-2:]]
        for number, start in enumerate(alone):
            event = _meeting(number, start)
            result.add(directory, to_ical(event, stamp=STAMP), [_expected(start, start + timedelta(hours=2))])
        everything += [_meeting(len(everything), moment.astimezone(zone)) for moment in changes]
    expected = [_expected(e.schedule.starts_at, e.schedule.ends_at) for e in everything]  # type: ignore[union-attr]
    result.add(directory, b"".join(feed(everything, name="Every zone", stamp=STAMP)), expected)
    for year in (2008, 2022, 2040):
        opening = datetime(year, 3, 1, 9, tzinfo=ZoneInfo("Asia/Riyadh"))
        sessions = tuple(
            ie.AgendaSession(
                title=f"Session in {zone}",
                starts_at=(opening + timedelta(minutes=30 * n)).astimezone(ZoneInfo(zone)),
                ends_at=(opening + timedelta(minutes=30 * n + 25)).astimezone(ZoneInfo(zone)),
            )
            for n, zone in enumerate(CALENDAR_ZONES)
        )
        event = attrs.evolve(
            _meeting(year, opening),
            schedule=ie.TimeSpan(starts_at=opening, ends_at=opening + timedelta(days=2)),
            agenda=sessions,
        )
        entries = [_expected(opening, opening + timedelta(days=2))]
        entries += [_expected(s.starts_at, s.ends_at) for s in sessions]  # type: ignore[arg-type]
        result.add(directory, to_ical(event, agenda=True, stamp=STAMP), entries)
    return result


def _zone_name(name: str | None) -> str | None:
    return None if name in (None, "UTC") else name


def _read_icaljs(paths: list[Path]) -> list[list[Expected]]:
    return [
        [Expected(e["start_utc"], e["end_utc"], _zone_name(e["start_zone"])) for e in read["events"]]
        for read in runners.icaljs_all(paths)
    ]


def _read_libical(paths: list[Path]) -> list[list[Expected]]:
    results = runners.libical_all(paths)
    assert [read["unresolved_tzids"] for read in results] == [[]] * len(paths)
    return [
        [Expected(e["start_utc"], e["end_utc"], _zone_name(e["start_zone"])) for e in read["events"]]
        for read in results
    ]


def _read_vobject(paths: list[Path]) -> list[list[Expected]]:
    read = [python_readers.read_vobject(path.read_text(encoding="utf-8"))["events"] for path in paths]
    return [
        [Expected(_utc(e["start_utc"]), _utc(e["end_utc"]), _zone_name(e["tzid"])) for e in events] for events in read
    ]


def _read_ours(paths: list[Path]) -> list[list[Expected]]:
    """Our own reader, which reads the VTIMEZONEs as Thunderbird and Evolution do: never a note on our calendars."""
    found = []
    for path in paths:
        reading = read_calendar(path.read_bytes())
        assert reading.notes == (), path.name
        entries = [(e.schedule, e.agenda) for e in reading.events]
        found.append(
            [
                Expected(_utc(start), _utc(end), _zone_name(cast(ZoneInfo, start.tzinfo).key))
                for schedule, agenda in entries
                for start, end in [(schedule.starts_at, schedule.ends_at), *((s.starts_at, s.ends_at) for s in agenda)]  # type: ignore[union-attr]
            ]
        )
    return found


@pytest.mark.parametrize(
    "read", [_read_icaljs, _read_libical, _read_vobject, _read_ours], ids=["icaljs", "libical", "vobject", "ours"]
)
def test_every_reader_puts_every_entry_where_zoneinfo_does(matrix: Matrix, read: Any) -> None:
    got = read(matrix.paths)
    wrong = [
        (path.name, number, want, have)
        for path, wanted, had in zip(matrix.paths, matrix.expected, got, strict=True)
        for number, (want, have) in enumerate(zip(wanted, had, strict=True))
        if want != have
    ]
    assert wrong == [], f"{len(wrong)} entries wrong, the first ones: {wrong[:20]}"


# --- calendars from elsewhere: read as Thunderbird and Evolution read them

FIXTURES = Path(__file__).parents[1] / "interop" / "fixtures"


@pytest.mark.parametrize(
    ("name", "readers"),
    [
        ("fake_berlin.ics", "icaljs libical"),  # a VTIMEZONE "Europe/Berlin" at +05:30: the file's, noted
        ("until_in_utc.ics", "icaljs libical"),  # UNTIL read as UTC, unlike dateutil
        ("publish_berlin_rrule.ics", "icaljs libical"),
        ("before_first_observance.ics", "libical"),  # ical.js reads UTC there, which no calendar means
        ("berlin_rdate_lines.ics", "icaljs libical"),
        ("berlin_rdate_list.ics", "libical"),  # ical.js reads the first date of a list only
        ("mixed_observances.ics", "libical"),  # ical.js forgets the DTSTART of an observance with RDATEs
    ],
)
def test_from_ical_puts_foreign_times_where_thunderbird_and_evolution_do(name: str, readers: str) -> None:
    path = FIXTURES / name
    ours = [_utc(event.schedule.starts_at) for event in read_calendar(path.read_bytes()).events]  # type: ignore[union-attr]
    for reader in readers.split():
        assert [event["start_utc"] for event in getattr(runners, reader)(path)["events"]] == ours, reader
