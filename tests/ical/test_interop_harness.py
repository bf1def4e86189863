"""The interoperability harness reads correctly: hand-written calendars (not written by this library).

Each reader of ``tests/interop`` runs on fixtures whose meaning is known, so a later test that feeds it a
calendar written by ``iofs_events`` can trust what the reader reports. Several tests also pin down what a
reader does with a known trap, which is why the writer avoids that construct.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import vobject.base

from tests.interop import runners
from tests.interop.python_readers import read_ical, read_vobject

FIXTURES = Path(__file__).parents[1] / "interop" / "fixtures"
ORGANIZER = {"value": "mailto:events@iofs.example", "params": {"CN": "IOFS Secretariat"}}


def by_uid(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {event["uid"]: event for event in result["events"]}


# ---------------------------------------------------------------- (a) VTIMEZONE with yearly RRULEs


def test_icaljs_reads_a_publish_calendar_with_an_rrule_vtimezone() -> None:
    result = runners.icaljs(FIXTURES / "publish_berlin_rrule.ics")
    assert result["method"] == "PUBLISH"
    assert result["version"] == "2.0"
    assert result["prodid"] == "-//IOFS interop harness//hand-written fixture//EN"
    assert result["calendar"] == {"CALSCALE": "GREGORIAN", "X-WR-CALNAME": "Harness fixture"}
    assert result["timezones"] == ["Europe/Berlin"]
    events = by_uid(result)
    summer, winter = events["summer-2040@interop.example"], events["winter-2040@interop.example"]
    assert summer["start_utc"] == "2040-07-15T08:00:00Z"  # CEST, +02:00
    assert summer["end_utc"] == "2040-07-15T09:30:00Z"
    assert winter["start_utc"] == "2040-01-15T09:00:00Z"  # CET, +01:00
    assert winter["end_utc"] == "2040-01-15T10:00:00Z"
    for event in (summer, winter):
        assert event["tzid"] == "Europe/Berlin"
        assert event["start_zone"] == event["end_zone"] == "Europe/Berlin"  # not "floating"
        assert event["start_is_date"] is False
        assert event["dtstamp"] == "2024-01-01T12:00:00Z"
        assert event["sequence"] == 0
        assert event["organizer"] == ORGANIZER
    assert summer["start"] == "20400715T100000"
    assert summer["end"] == "20400715T113000"
    assert summer["summary"] == "Summer workshop"
    assert summer["status"] == "CONFIRMED"
    assert summer["description"] == "First line, with a comma\nSecond line"  # unescaped
    assert summer["location"] == "Salle de conférence"
    assert summer["url"] == "https://example.org/events/summer-2040"
    assert summer["categories"] == ["Workshop", "Food security"]
    # The folded line is unfolded; ical.js keeps VALUE=URI as the value type, not as a parameter.
    assert summer["conference"] == [
        {"value": "https://meet.example.org/summer-2040", "params": {"FEATURE": "VIDEO", "LABEL": "Join online"}}
    ]
    assert summer["related_to"] == ["programme-2040@interop.example"]
    assert summer["alarms"] == [{"action": "DISPLAY", "trigger": "-PT15M"}]
    assert summer["x"] == {"X-IOFS-KIND": "workshop"}
    assert summer["languages"] == {"SUMMARY": "en", "LOCATION": "fr"}
    assert summer["attendees"] == []
    assert winter["status"] is None
    assert winter["x"] == {}
    assert winter["languages"] == {}


def test_libical_reads_a_publish_calendar_with_an_rrule_vtimezone() -> None:
    result = runners.libical(FIXTURES / "publish_berlin_rrule.ics")
    assert result["method"] == "PUBLISH"
    assert result["restriction_check_passed"] is True
    assert result["errors"] == []
    assert result["timezones"] == ["Europe/Berlin"]
    assert result["unresolved_tzids"] == []
    events = by_uid(result)
    summer, winter = events["summer-2040@interop.example"], events["winter-2040@interop.example"]
    assert (summer["start_utc"], summer["end_utc"]) == ("2040-07-15T08:00:00Z", "2040-07-15T09:30:00Z")
    assert (winter["start_utc"], winter["end_utc"]) == ("2040-01-15T09:00:00Z", "2040-01-15T10:00:00Z")
    for event in (summer, winter):
        assert event["tzid"] == event["start_zone"] == event["end_zone"] == "Europe/Berlin"
        assert event["start_is_date"] is False
        assert event["sequence"] == 0
        assert event["organizer"] == ORGANIZER
    assert summer["summary"] == "Summer workshop"
    assert summer["status"] == "CONFIRMED"


# ---------------------------------------------------------------- the readers use the calendar's own VTIMEZONE


def test_icaljs_and_libical_use_the_calendars_own_vtimezone_not_a_zone_database() -> None:
    # fake_berlin.ics defines "Europe/Berlin" as a fixed +05:30: a reader that looked the TZID up in its
    # own zone database would say 08:00Z (CEST); one that used the calendar's VTIMEZONE says 04:30Z.
    for result in (runners.icaljs(FIXTURES / "fake_berlin.ics"), runners.libical(FIXTURES / "fake_berlin.ics")):
        (event,) = result["events"]
        assert (event["start_utc"], event["end_utc"]) == ("2022-07-01T04:30:00Z", "2022-07-01T05:30:00Z")
        assert event["start_zone"] == "Europe/Berlin"


def test_vobject_uses_the_vtimezone_but_ical_prefers_the_system_zone_for_an_iana_tzid() -> None:
    text = (FIXTURES / "fake_berlin.ics").read_text(encoding="utf-8")
    (from_vobject,) = read_vobject(text)["events"]
    assert from_vobject["start_utc"] == datetime(2022, 7, 1, 4, 30, tzinfo=UTC)
    assert from_vobject["zone_from_calendar"] is True
    # ical (allenporter) resolves an IANA TZID with zoneinfo and ignores the VTIMEZONE's rules, so for
    # IANA TZIDs it checks the name, not our VTIMEZONE: only ical.js, libical and vobject check the rules.
    (from_ical,) = read_ical(text)["events"]
    assert from_ical["start_utc"] == datetime(2022, 7, 1, 8, 0, tzinfo=UTC)
    assert from_ical["zone_from_calendar"] is False
    assert from_ical["tzid"] == "Europe/Berlin"


def test_vobject_reads_each_calendars_vtimezone_afresh() -> None:
    # vobject keeps VTIMEZONEs in a process-wide registry where the first definition of a TZID wins;
    # read_vobject reads with a fresh registry, so an earlier calendar cannot change a later one.
    fake = (FIXTURES / "fake_berlin.ics").read_text(encoding="utf-8")
    real = (FIXTURES / "publish_berlin_rrule.ics").read_text(encoding="utf-8")
    assert read_vobject(fake)["events"][0]["start_utc"] == datetime(2022, 7, 1, 4, 30, tzinfo=UTC)
    assert by_uid(read_vobject(real))["summer-2040@interop.example"]["start_utc"] == datetime(
        2040, 7, 15, 8, 0, tzinfo=UTC
    )
    assert read_vobject(fake)["events"][0]["start_utc"] == datetime(2022, 7, 1, 4, 30, tzinfo=UTC)


def test_the_readers_show_a_tzid_without_vtimezone() -> None:
    # A TZID the calendar does not define: ical.js falls back SILENTLY to a floating time (10:00 read as
    # 10:00Z), libical's restriction check does not mind, our libical reader refuses to guess, vobject
    # and ical take the system zone. The "zone" fields are how a test notices.
    path = FIXTURES / "missing_vtimezone.ics"
    (from_icaljs,) = runners.icaljs(path)["events"]
    assert from_icaljs["tzid"] == "Europe/Berlin"
    assert (from_icaljs["start_zone"], from_icaljs["start_utc"]) == ("floating", "2022-07-01T10:00:00Z")
    from_libical = runners.libical(path)
    assert from_libical["errors"] == []
    assert from_libical["unresolved_tzids"] == ["Europe/Berlin"]
    assert from_libical["events"][0]["start_utc"] is None
    text = path.read_text(encoding="utf-8")
    for read in (read_vobject, read_ical):
        (event,) = read(text)["events"]
        assert event["zone_from_calendar"] is False
        assert event["start_utc"] == datetime(2022, 7, 1, 8, 0, tzinfo=UTC)


# ---------------------------------------------------------------- (b) the RDATE-list trap


def test_icaljs_reads_only_the_first_date_of_each_rdate_list() -> None:
    # FINDING (ical.js 2.2.1, lib/ical/timezone.js, Timezone._expandComponent): for each RDATE property of
    # a STANDARD/DAYLIGHT it takes rdate.getFirstValue() only. With "RDATE:20200329T020000,20210328T020000,
    # 20220327T020000" (and the same for October) it knows the 2020 changes and no later one, so from
    # 2020-10-25 on Berlin stays at +01:00: 2022-07-01 10:00 reads as 09:00Z instead of 08:00Z. Summer
    # times after the first year are an hour off, winter times are right. Hence our writer uses RRULEs
    # (or one date per RDATE line, see the next test), never an RDATE list.
    events = by_uid(runners.icaljs(FIXTURES / "berlin_rdate_list.ics"))
    assert events["summer-2020@interop.example"]["start_utc"] == "2020-07-01T08:00:00Z"  # first dates: right
    assert events["summer-2022@interop.example"]["start_utc"] == "2022-07-01T09:00:00Z"  # WRONG, should be 08:00Z
    assert events["summer-2022@interop.example"]["end_utc"] == "2022-07-01T10:00:00Z"
    # libical reads the whole list.
    result = runners.libical(FIXTURES / "berlin_rdate_list.ics")
    assert result["errors"] == []
    events = by_uid(result)
    assert events["summer-2020@interop.example"]["start_utc"] == "2020-07-01T08:00:00Z"
    assert events["summer-2022@interop.example"]["start_utc"] == "2022-07-01T08:00:00Z"


def test_icaljs_reads_every_rdate_when_each_is_on_its_own_line() -> None:
    # The same zone with one date per RDATE property: ical.js gets every change.
    for result in (
        runners.icaljs(FIXTURES / "berlin_rdate_lines.ics"),
        runners.libical(FIXTURES / "berlin_rdate_lines.ics"),
    ):
        events = by_uid(result)
        assert events["summer-2020@interop.example"]["start_utc"] == "2020-07-01T08:00:00Z"
        assert events["summer-2022@interop.example"]["start_utc"] == "2022-07-01T08:00:00Z"


# ---------------------------------------------------------------- (c) a date-only event


def test_icaljs_and_libical_read_a_date_only_event() -> None:
    for result in (runners.icaljs(FIXTURES / "date_only.ics"), runners.libical(FIXTURES / "date_only.ics")):
        (event,) = result["events"]
        assert event["uid"] == "all-day-2021@interop.example"
        assert event["start_is_date"] is True
        assert (event["start_utc"], event["end_utc"]) == ("2021-12-22", "2021-12-23")
        assert event["tzid"] is None
    icaljs_event = runners.icaljs(FIXTURES / "date_only.ics")["events"][0]
    assert (icaljs_event["start"], icaljs_event["end"]) == ("20211222", "20211223")
    assert runners.libical(FIXTURES / "date_only.ics")["errors"] == []


# ---------------------------------------------------------------- (d) iTIP REQUEST, RFC 5546 restrictions

ATTENDEE_PARAMS = {
    "CUTYPE": "INDIVIDUAL",
    "ROLE": "REQ-PARTICIPANT",
    "PARTSTAT": "NEEDS-ACTION",
    "RSVP": "TRUE",
    "CN": "Diallo, Aïcha",
}


def test_libical_finds_no_restriction_error_in_a_request_with_an_attendee() -> None:
    result = runners.libical(FIXTURES / "request_with_attendee.ics")
    assert result["method"] == "REQUEST"
    assert result["restriction_check_passed"] is True
    assert result["errors"] == []
    (event,) = result["events"]
    assert event["organizer"] == ORGANIZER
    assert event["attendees"] == [{"value": "mailto:aicha.diallo@example.org", "params": ATTENDEE_PARAMS}]
    assert (event["start_utc"], event["end_utc"]) == ("2030-03-10T08:00:00Z", "2030-03-10T09:30:00Z")
    assert event["start_zone"] == "UTC"


def test_icaljs_reads_the_organizer_and_attendee_of_a_request() -> None:
    result = runners.icaljs(FIXTURES / "request_with_attendee.ics")
    assert result["method"] == "REQUEST"
    (event,) = result["events"]
    assert event["organizer"] == ORGANIZER
    # The folded ATTENDEE line is unfolded and the quoted CN (with its comma) unquoted.
    assert event["attendees"] == [{"value": "mailto:aicha.diallo@example.org", "params": ATTENDEE_PARAMS}]
    assert event["start_zone"] == "UTC"


def test_libical_reports_a_request_without_attendee() -> None:
    result = runners.libical(FIXTURES / "request_without_attendee.ics")
    assert result["restriction_check_passed"] is False
    assert result["errors"] == [
        "Failed iTIP restrictions for ATTENDEE property. Expected one or more instances of the property and got 0"
    ]
    assert [detail["component"] for detail in result["error_details"]] == ["VEVENT"]


def test_libical_reports_a_publish_without_dtstamp() -> None:
    result = runners.libical(FIXTURES / "missing_dtstamp.ics")
    assert result["errors"] == [
        "Failed iTIP restrictions for DTSTAMP property. Expected 1 instances of the property and got 0"
    ]


# ---------------------------------------------------------------- (e) vobject and ical


@pytest.mark.parametrize("read", [read_vobject, read_ical], ids=["vobject", "ical"])
def test_python_readers_read_the_rrule_vtimezone(read: Any) -> None:
    result = read((FIXTURES / "publish_berlin_rrule.ics").read_text(encoding="utf-8"))
    assert result["method"] == "PUBLISH"
    events = by_uid(result)
    summer, winter = events["summer-2040@interop.example"], events["winter-2040@interop.example"]
    assert summer["start_utc"] == datetime(2040, 7, 15, 8, 0, tzinfo=UTC)
    assert summer["end_utc"] == datetime(2040, 7, 15, 9, 30, tzinfo=UTC)
    assert winter["start_utc"] == datetime(2040, 1, 15, 9, 0, tzinfo=UTC)
    assert winter["end_utc"] == datetime(2040, 1, 15, 10, 0, tzinfo=UTC)
    assert summer["summary"] == "Summer workshop"
    assert summer["status"] == "CONFIRMED"
    assert summer["sequence"] == winter["sequence"] == 0
    assert summer["tzid"] == "Europe/Berlin"
    assert summer["organizer"] == ORGANIZER
    assert summer["attendees"] == []


@pytest.mark.parametrize("read", [read_vobject, read_ical], ids=["vobject", "ical"])
def test_python_readers_read_a_date_only_event(read: Any) -> None:
    (event,) = read((FIXTURES / "date_only.ics").read_text(encoding="utf-8"))["events"]
    assert event["uid"] == "all-day-2021@interop.example"
    assert event["start_is_date"] is True
    assert (event["start_utc"], event["end_utc"]) == (date(2021, 12, 22), date(2021, 12, 23))
    assert not isinstance(event["start_utc"], datetime)
    assert event["tzid"] is None
    assert event["zone_from_calendar"] is None


def test_vobject_and_ical_agree_on_the_fixtures() -> None:
    keys = ("uid", "summary", "sequence", "status", "start_utc", "end_utc", "start_is_date", "organizer")
    for name in ("publish_berlin_rrule.ics", "date_only.ics"):
        text = (FIXTURES / name).read_text(encoding="utf-8")
        assert [{key: event[key] for key in keys} for event in read_vobject(text)["events"]] == [
            {key: event[key] for key in keys} for event in read_ical(text)["events"]
        ]


@pytest.mark.parametrize("read", [read_vobject, read_ical], ids=["vobject", "ical"])
def test_python_readers_read_the_attendee_of_a_request(read: Any) -> None:
    (event,) = read((FIXTURES / "request_with_attendee.ics").read_text(encoding="utf-8"))["events"]
    assert event["organizer"] == ORGANIZER
    assert event["attendees"] == [{"value": "mailto:aicha.diallo@example.org", "params": ATTENDEE_PARAMS}]
    assert event["start_utc"] == datetime(2030, 3, 10, 8, 0, tzinfo=UTC)


def test_vobject_validation_rejects_a_vevent_without_dtstamp() -> None:
    with pytest.raises(vobject.base.ValidateError, match="DTSTAMP"):
        read_vobject((FIXTURES / "missing_dtstamp.ics").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- (f) the edges of a VTIMEZONE


def _utc_of_each(path: Path) -> dict[str, dict[str, str]]:
    """The UTC start that ical.js, libical and vobject read for each event of a fixture, by UID without domain."""
    read = {
        "icaljs": runners.icaljs(path)["events"],
        "libical": runners.libical(path)["events"],
        "vobject": read_vobject(path.read_text(encoding="utf-8"))["events"],
    }
    return {
        reader: {
            event["uid"].split("@")[0]: (
                event["start_utc"]
                if isinstance(event["start_utc"], str)
                else f"{event['start_utc']:%Y-%m-%dT%H:%M:%SZ}"
            )
            for event in events
        }
        for reader, events in read.items()
    }


def test_each_reader_has_its_own_offset_before_the_first_observance() -> None:
    # The first observance (DAYLIGHT, +04:00 to +05:00) starts in 2000; a STANDARD one (+06:00) in 2005.
    # Before 2000, ical.js uses UTC, libical the first TZOFFSETFROM (+04:00), vobject (dateutil) the
    # TZOFFSETTO of the first STANDARD observance (+06:00): three readers, three instants. Hence the
    # writer starts its first observance at or before the first time it is used for.
    read = _utc_of_each(FIXTURES / "before_first_observance.ics")
    assert {reader: times["before-1990"] for reader, times in read.items()} == {
        "icaljs": "1990-06-01T10:00:00Z",
        "libical": "1990-06-01T06:00:00Z",
        "vobject": "1990-06-01T04:00:00Z",
    }
    for times in read.values():  # from the first observance on, they agree
        assert (times["during-2002"], times["after-2010"]) == ("2002-06-01T05:00:00Z", "2010-06-01T04:00:00Z")


def test_vobject_reads_a_utc_until_as_local_time() -> None:
    # Daylight time (+05:00) from 2000 to 2003, its RRULE ending at its last onset, 2003-03-30 02:00 at
    # +04:00, which is UNTIL=20030329T220000Z. ical.js and libical read UNTIL as UTC and keep that onset;
    # dateutil (vobject, and CalDAV servers built on it) compares it with local times, 22:00 before 02:00,
    # and drops it: summer 2003 comes out an hour off. With UNTIL a day later every reader agrees. After
    # the last RRULE ends, every reader keeps the offset of the last onset.
    read = _utc_of_each(FIXTURES / "until_in_utc.ics")
    assert read["icaljs"]["exact-2003"] == read["libical"]["exact-2003"] == "2003-06-01T05:00:00Z"
    assert read["vobject"]["exact-2003"] == "2003-06-01T06:00:00Z"
    for times in read.values():
        assert times["margin-2003"] == "2003-06-01T05:00:00Z"
        assert times["exact-2004"] == times["margin-2004"] == "2004-06-01T06:00:00Z"


# ---------------------------------------------------------------- the harness itself


def test_runners_report_a_parse_error_with_the_readers_output(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ics"
    bad.write_text("this is not a calendar\r\n", encoding="utf-8")
    for run in (runners.icaljs, runners.libical):
        with pytest.raises(AssertionError, match=r"could not read .*bad\.ics \(exit status 1\)"):
            run(bad)
        assert set(run(bad, allow_error=True)) == {"error"}


@pytest.mark.parametrize(
    ("run", "probe", "step"),
    [
        (runners.icaljs, "_node", "npm ci"),
        (runners.libical, "_libical_importable", "gir1.2-ical-3.0"),
    ],
    ids=["icaljs", "libical"],
)
def test_a_missing_tool_skips_locally_and_fails_on_ci(
    monkeypatch: pytest.MonkeyPatch, run: Any, probe: str, step: str
) -> None:
    monkeypatch.setattr(runners, probe, lambda: None if probe == "_node" else False)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=step):
        run(FIXTURES / "date_only.ics")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=step):
        run(FIXTURES / "date_only.ics")
