"""The JSON contract: round trips, determinism, the schema, errors with paths, files."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import iofs_events.json as ijson
from iofs_events import (
    DateSpan,
    DocumentError,
    Event,
    EventFormat,
    EventKind,
    EventStatus,
    LanguagePlan,
    OnlineMeeting,
    Organization,
    Person,
    Problem,
    Programme,
    Reference,
    Registration,
    RelatedEvent,
    Relation,
    Scope,
    TimeSpan,
    UnreadableDocumentError,
    ValidationError,
    Venue,
)
from tests import strategies
from tests.paths import SEED

ALMATY = ZoneInfo("Asia/Almaty")
VALIDATOR = Draft202012Validator(ijson.schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def seed_document() -> dict[str, Any]:
    """A fresh copy of the seed document, as parsed JSON."""
    return json.loads(SEED.read_text(encoding="utf-8"))


def rebuild(value: Any) -> Any:
    """An equal copy of ``value`` built again from scratch, object by object."""
    if attrs.has(type(value)):
        return type(value)(**{field.name: rebuild(getattr(value, field.name)) for field in attrs.fields(type(value))})
    if isinstance(value, tuple):
        return tuple(rebuild(item) for item in value)
    if isinstance(value, datetime):
        return datetime(*value.timetuple()[:6], value.microsecond, ZoneInfo(value.tzinfo.key), fold=value.fold)
    if isinstance(value, date):
        return date(value.year, value.month, value.day)
    return value


# --- (a) properties over the whole model -----------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = ijson.schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["schema_version"]["enum"] == ["1.0", ijson.SCHEMA_VERSION]
    assert schema["required"][:2] == ["schema_version", "id"]
    assert schema["additionalProperties"] is False
    assert "host_url" not in schema["$defs"]["OnlineMeeting"]["properties"]


@given(strategies.events())
def test_round_trip_is_exact_deterministic_and_valid_by_the_schema(event: Event) -> None:
    # One property test for the three, so that the 500 examples of the CI profile are drawn once.
    document = ijson.dumps(event)
    again = ijson.loads(document)
    assert again == event
    # Equal aware datetimes may still differ in zone; equal bytes prove the zones survive.
    assert ijson.dumps(again) == document
    assert ijson.to_dict(again) == ijson.to_dict(event)
    # Deterministic: the same event twice, and an equal event built separately, give the same bytes.
    assert ijson.dumps(event) == document
    twin = rebuild(event)
    assert twin == event
    assert twin is not event
    assert ijson.dumps(twin) == document
    assert orjson.loads(ijson.dumps(event, indent=True)) == orjson.loads(document)
    assert next(iter(ijson.to_dict(event))) == "schema_version"
    # Every document the library writes is valid by the schema it publishes.
    errors = [f"{error.json_path}: {error.message}" for error in VALIDATOR.iter_errors(orjson.loads(document))]
    assert errors == []


@given(strategies.online_meetings, strategies.lines)
def test_host_url_never_reaches_a_document(meeting: OnlineMeeting, title: str) -> None:
    meeting = attrs.evolve(meeting, host_url="https://zoom.us/s/123?zak=SECRET-HOST-TOKEN")
    event = Event(id="x", kind=EventKind.MEETING, title=title, format=EventFormat.HYBRID, online_meeting=meeting)
    assert "host_url" not in ijson.to_dict(event)["online_meeting"]
    assert "SECRET-HOST-TOKEN" not in ijson.dumps(event)
    assert "SECRET-HOST-TOKEN" not in ijson.dumps(event, indent=True)
    again = ijson.loads(ijson.dumps(event))
    assert again == event  # host_url takes no part in equality
    assert again.online_meeting.host_url is None


def test_absent_facts_are_left_out() -> None:
    event = Event(id="x", kind=EventKind.WEBINAR, title="Webinar", format=EventFormat.ONLINE)
    assert ijson.to_dict(event) == {
        "schema_version": "1.0",
        "id": "x",
        "kind": "webinar",
        "title": "Webinar",
        "format": "online",
    }


def test_datetimes_are_written_as_rfc_9557() -> None:
    span = TimeSpan(
        starts_at=datetime(2021, 12, 22, 10, tzinfo=ALMATY),
        ends_at=datetime(2021, 12, 22, 12, 30, tzinfo=ZoneInfo("Europe/Istanbul")),
    )
    event = Event(id="x", kind=EventKind.WEBINAR, title="Webinar", format=EventFormat.ONLINE, schedule=span)
    assert ijson.to_dict(event)["schedule"] == {
        "starts_at": "2021-12-22T10:00:00+06:00[Asia/Almaty]",
        "ends_at": "2021-12-22T12:30:00+03:00[Europe/Istanbul]",
    }


def test_fold_survives_the_round_trip() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    second = datetime(2021, 10, 31, 2, 30, fold=1, tzinfo=berlin)  # the second 02:30, in CET
    span = TimeSpan(starts_at=second, ends_at=datetime(2021, 10, 31, 4, tzinfo=berlin))
    event = Event(id="x", kind=EventKind.WEBINAR, title="Webinar", format=EventFormat.ONLINE, schedule=span)
    document = ijson.dumps(event)
    assert '"2021-10-31T02:30:00+01:00[Europe/Berlin]"' in document
    again = ijson.loads(document)
    assert again.schedule.starts_at.fold == 1
    assert again.schedule.starts_at.astimezone(UTC) == datetime(2021, 10, 31, 1, 30, tzinfo=UTC)


def test_offset_may_be_left_out_or_be_z() -> None:
    document = seed_document()
    document["schedule"] = {
        "starts_at": "2021-12-22T10:00[Asia/Almaty]",
        "ends_at": "2021-12-22T06:00:00Z",
    }
    event = ijson.from_dict(document)
    assert event.schedule == TimeSpan(
        starts_at=datetime(2021, 12, 22, 10, tzinfo=ALMATY),
        ends_at=datetime(2021, 12, 22, 6, tzinfo=ZoneInfo("UTC")),
    )
    assert event.schedule.ends_at.tzinfo == ZoneInfo("UTC")


def test_equal_events_give_equal_bytes_across_a_repeated_hour() -> None:
    # 02:30 CEST and 02:30 CET are an hour apart; if the events are equal, their bytes must be too.
    berlin = ZoneInfo("Europe/Berlin")
    first = datetime(2021, 10, 31, 2, 30, tzinfo=berlin)
    second = first.replace(fold=1)
    end = datetime(2021, 10, 31, 5, tzinfo=berlin)
    a, b = (
        Event(
            id="x",
            kind=EventKind.WEBINAR,
            title="Webinar",
            format=EventFormat.ONLINE,
            schedule=TimeSpan(starts_at=start, ends_at=end),
        )
        for start in (first, second)
    )
    assert (a == b) == (ijson.dumps(a) == ijson.dumps(b))


def test_historical_offsets_with_seconds_round_trip() -> None:
    # Amsterdam kept UTC+00:19:32 until 1937; the model accepts such an event, so it must read it back.
    amsterdam = ZoneInfo("Europe/Amsterdam")
    span = TimeSpan(
        starts_at=datetime(1930, 5, 1, 10, tzinfo=amsterdam), ends_at=datetime(1930, 5, 1, 12, tzinfo=amsterdam)
    )
    event = Event(id="x", kind=EventKind.MEETING, title="Meeting", format=EventFormat.IN_PERSON, schedule=span)
    assert ijson.loads(ijson.dumps(event)) == event


# --- (b) a catalogue of bad documents --------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], Any]


def time_schedule(document: dict[str, Any]) -> dict[str, Any]:
    """Give the seed a time span (10:00 to 16:00 in Almaty) and an agenda of four sessions."""
    document["schedule"] = {
        "starts_at": "2021-12-22T10:00:00+06:00[Asia/Almaty]",
        "ends_at": "2021-12-22T16:00:00+06:00[Asia/Almaty]",
    }
    document["agenda"] = [
        {"title": "Opening", "kind": "opening", "starts_at": "2021-12-22T10:00:00+06:00[Asia/Almaty]"},
        {"title": "Country experiences", "starts_at": "2021-12-22T10:30:00+06:00[Asia/Almaty]"},
        {"title": "Discussion", "kind": "discussion", "starts_at": "2021-12-22T12:00:00+06:00[Asia/Almaty]"},
        {
            "title": "Closing",
            "kind": "closing",
            "starts_at": "2021-12-22T08:30:00+03:00[Asia/Riyadh]",
            "ends_at": "2021-12-22T16:00:00+06:00[Asia/Almaty]",
        },
    ]
    return document


def setting(*path: str | int, value: Any, timed: bool = False) -> Mutation:
    """A mutation that sets the value at ``path`` (creating nothing but the last key)."""

    def mutate(document: dict[str, Any]) -> None:
        if timed:
            time_schedule(document)
        target: Any = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def deleting(*path: str | int) -> Mutation:
    def mutate(document: dict[str, Any]) -> None:
        target: Any = document
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


def replacing_root(value: Any) -> Mutation:
    def mutate(_: dict[str, Any]) -> Any:
        return value

    return mutate


BAD = [
    # id, mutation, expected problems, whether the JSON Schema can express the rule
    ("root-is-a-list", replacing_root([]), [("$", "must be an object")], True),
    ("root-is-a-string", replacing_root("event"), [("$", "must be an object")], True),
    ("version-missing", deleting("schema_version"), [("$.schema_version", "is required")], True),
    ("version-2.0", setting("schema_version", value="2.0"), [("$.schema_version", "'2.0' is not supported")], True),
    ("version-1.2", setting("schema_version", value="1.2"), [("$.schema_version", "is not supported")], True),
    ("version-number", setting("schema_version", value=1.0), [("$.schema_version", "must be a string")], True),
    ("version-garbage", setting("schema_version", value="one"), [("$.schema_version", "is not supported")], True),
    ("version-superscript", setting("schema_version", value="1.²"), [("$.schema_version", "is not supported")], True),
    ("unknown-key", setting("foo", value=1), [("$.foo", "is not a known field")], True),
    (
        "unknown-nested-key",
        setting("organizer", "twitter", value="@iofs"),
        [("$.organizer.twitter", "is not a known field")],
        True,
    ),
    (
        "host-url-in-document",
        setting("online_meeting", "host_url", value="https://zoom.us/s/123?zak=secret"),
        [("$.online_meeting.host_url", "is not a known field")],
        True,
    ),
    ("id-missing", deleting("id"), [("$.id", "is required")], True),
    ("title-missing", deleting("title"), [("$.title", "is required")], True),
    ("id-bad", setting("id", value="-workshop 2021"), [("$.id", "must be 1 to 200 letters")], True),
    ("id-too-long", setting("id", value="a" * 201), [("$.id", "must be 1 to 200 letters")], True),
    ("title-empty", setting("title", value=""), [("$.title", "must not be empty")], True),
    ("title-blank", setting("title", value=" \t "), [("$.title", "must not be empty")], True),
    ("title-newline", setting("title", value="Workshop\nfor all"), [("$.title", "must be a single line")], True),
    ("title-number", setting("title", value=5), [("$.title", "must be a string, not a number")], True),
    ("title-null", setting("title", value=None), [("$.title", "must be a string, not null")], True),
    ("kind-unknown", setting("kind", value="party"), [("$.kind", "must be one of 'workshop'")], True),
    ("format-upper-case", setting("format", value="Online"), [("$.format", "must be one of")], True),
    ("revision-bool", setting("revision", value=True), [("$.revision", "must be a whole number, not a boolean")], True),
    ("revision-float", setting("revision", value=1.5), [("$.revision", "must be a whole number, not a number")], True),
    ("revision-negative", setting("revision", value=-1), [("$.revision", "must be between 0 and 2147483647")], True),
    (
        "revision-too-large",
        setting("revision", value=2**31),
        [("$.revision", "must be between 0 and 2147483647")],
        True,
    ),
    (
        "background-string",
        setting("background", value="text"),
        [("$.background", "must be an array, not a string")],
        True,
    ),
    ("background-item-blank", setting("background", 1, value="  "), [("$.background[1]", "must not be empty")], True),
    ("objectives-object", setting("objectives", value={}), [("$.objectives", "must be an array, not an object")], True),
    ("announced-on-format", setting("announced_on", value="17/11/2021"), [("$.announced_on", "must be a date")], True),
    ("announced-on-30-feb", setting("announced_on", value="2021-02-30"), [("$.announced_on", "is not a date")], True),
    (
        "announced-on-datetime",
        setting("announced_on", value="2021-11-17T10:00:00Z"),
        [("$.announced_on", "must be a date")],
        True,
    ),
    ("announced-on-number", setting("announced_on", value=20211117), [("$.announced_on", "not a number")], True),
    (
        "schedule-string",
        setting("schedule", value="2021-12-22"),
        [("$.schedule", "must be an object with starts_at")],
        True,
    ),
    ("schedule-empty", setting("schedule", value={}), [("$.schedule", "must be an object with starts_at")], True),
    (
        "schedule-days-reversed",
        setting("schedule", "last_day", value="2021-12-21"),
        [("$.schedule.last_day", "must not be before first_day")],
        False,
    ),
    (
        "schedule-day-missing",
        deleting("schedule", "last_day"),
        [("$.schedule.last_day", "is required")],
        True,
    ),
    (
        "schedule-naive",
        setting("schedule", "starts_at", value="2021-12-22T10:00:00", timed=True),
        [("$.schedule.starts_at", "must be time-zone-aware")],
        True,
    ),
    (
        "schedule-offset-without-zone",
        setting("schedule", "starts_at", value="2021-12-22T10:00:00+06:00", timed=True),
        [("$.schedule.starts_at", "must name its IANA time zone")],
        True,
    ),
    (
        "schedule-offset-mismatch",
        setting("schedule", "starts_at", value="2021-12-22T10:00:00+05:00[Asia/Almaty]", timed=True),
        [("$.schedule.starts_at", "offset +05:00 does not match Asia/Almaty at that time (+06:00)")],
        False,
    ),
    (
        "schedule-unknown-zone",
        setting("schedule", "ends_at", value="2021-12-22T16:00:00[Mars/Olympus]", timed=True),
        [("$.schedule.ends_at", "unknown time zone 'Mars/Olympus'")],
        False,
    ),
    (
        "schedule-garbage-datetime",
        setting("schedule", "ends_at", value="tomorrow", timed=True),
        [("$.schedule.ends_at", "must be a date and time such as")],
        True,
    ),
    (
        "schedule-hour-25",
        setting("schedule", "ends_at", value="2021-12-22T25:00:00+06:00[Asia/Almaty]", timed=True),
        [("$.schedule.ends_at", "is not a moment of the calendar")],
        False,
    ),
    (
        "schedule-ends-before-start",
        setting("schedule", "ends_at", value="2021-12-22T09:00:00+06:00[Asia/Almaty]", timed=True),
        [("$.schedule.ends_at", "must be after starts_at")],
        False,
    ),
    (
        "schedule-in-dst-gap",
        setting(
            "schedule",
            value={"starts_at": "2021-03-28T02:30:00[Europe/Berlin]", "ends_at": "2021-03-28T05:00:00[Europe/Berlin]"},
        ),
        [("$.schedule.starts_at", "does not exist in Europe/Berlin")],
        False,
    ),
    (
        "agenda-naive",
        setting("agenda", 2, "starts_at", value="2021-12-22T12:00:00", timed=True),
        [("$.agenda[2].starts_at", "must be time-zone-aware")],
        True,
    ),
    (
        "agenda-outside-schedule",
        setting("agenda", 1, "starts_at", value="2021-12-22T17:00:00+06:00[Asia/Almaty]", timed=True),
        [("$.agenda[1].starts_at", "lies outside the event's schedule")],
        False,
    ),
    (
        "agenda-outside-date-span",
        setting("agenda", value=[{"title": "Late", "starts_at": "2021-12-23T00:30:00+06:00[Asia/Almaty]"}]),
        [("$.agenda[0].starts_at", "lies outside the event's schedule")],
        False,
    ),
    (
        "agenda-end-without-start",
        setting("agenda", value=[{"title": "Panel", "ends_at": "2021-12-22T12:00:00+06:00[Asia/Almaty]"}]),
        [("$.agenda[0].starts_at", "must be given when ends_at is")],
        False,
    ),
    (
        "agenda-kind-unknown",
        setting("agenda", 3, "kind", value="lunch", timed=True),
        [("$.agenda[3].kind", "must be one of 'opening'")],
        True,
    ),
    (
        "contacts-phone-unparsable",
        setting("contacts", 0, "phone", value="call us"),
        [("$.contacts[0].phone", "'call us' is not a valid phone number")],
        True,
    ),
    (
        "contacts-phone-invalid",
        setting("contacts", 0, "phone", value="+7701881253"),
        [("$.contacts[0].phone", "'+7701881253' is not a valid phone number")],
        False,
    ),
    (
        "contacts-phone-no-such-country",
        setting("contacts", 0, "phone", value="+9991234567"),
        [("$.contacts[0].phone", "'+9991234567' is not a valid phone number")],
        False,
    ),
    (
        "contacts-email",
        setting("contacts", 0, "email", value="bakytzhan.iofs.org"),
        [("$.contacts[0].email", "is not a valid email address")],
        True,
    ),
    ("contacts-object", setting("contacts", value={}), [("$.contacts", "must be an array, not an object")], True),
    (
        "contacts-item-string",
        setting("contacts", 0, value="B. A."),
        [("$.contacts[0]", "must be an object, not a string")],
        True,
    ),
    (
        "contacts-duplicate",
        lambda document: document["contacts"].append(copy.deepcopy(document["contacts"][0])),
        [("$.contacts[1]", "repeats Person(")],
        True,
    ),
    (
        "interpretation-bad-tag",
        setting("languages", "interpretation", 1, value="fr_FR"),
        [("$.languages.interpretation[1]", "'fr_FR' is not a valid BCP 47 language tag")],
        True,
    ),
    (
        "interpretation-unregistered-tag",
        setting("languages", "interpretation", 1, value="xx-YY"),
        [("$.languages.interpretation[1]", "'xx-YY' is not a valid BCP 47 language tag")],
        False,
    ),
    (
        "interpretation-repeats",
        setting("languages", "interpretation", value=["ar", "fr", "ar"]),
        [("$.languages.interpretation[2]", "repeats 'ar'")],
        True,
    ),
    (
        "interpretation-repeats-after-normalizing",
        setting("languages", "interpretation", value=["ar", "fr", "AR"]),
        [("$.languages.interpretation[2]", "repeats 'ar'")],
        False,
    ),
    (
        "interpretation-floor",
        setting("languages", "interpretation", value=["ar", "en"]),
        [("$.languages.interpretation[1]", "repeats the floor language")],
        False,
    ),
    (
        "interpretation-string",
        setting("languages", "interpretation", value="ar"),
        [("$.languages.interpretation", "must be an array, not a string")],
        True,
    ),
    ("floor-missing", deleting("languages", "floor"), [("$.languages.floor", "is required")], True),
    (
        "related-country-unknown",
        setting("related", 1, "venue", "country", value="XX"),
        [("$.related[1].venue.country", "'XX' is not an ISO 3166-1 alpha-2 country code")],
        False,
    ),
    (
        "related-venue-empty",
        setting("related", 0, "venue", value={"country": "TR"}),
        [("$.related[0].venue.name", "a venue needs at least a name")],
        False,
    ),
    (
        "related-venue-zone",
        setting("related", 0, "venue", "time_zone", value="Europe/Ankara"),
        [("$.related[0].venue.time_zone", "unknown time zone 'Europe/Ankara'")],
        False,
    ),
    (
        "related-schedule-and-year",
        setting("related", 2, "schedule", value={"first_day": "2022-05-10", "last_day": "2022-05-12"}),
        [("$.related[2].year", "give either a schedule or a year, not both")],
        False,
    ),
    (
        "related-relation-missing",
        deleting("related", 2, "relation"),
        [("$.related[2].relation", "is required")],
        True,
    ),
    (
        "related-year-bool",
        setting("related", 2, "year", value=True),
        [("$.related[2].year", "must be a whole number, not a boolean")],
        True,
    ),
    (
        "reference-year-range",
        setting("references", 0, "year", value=20200),
        [("$.references[0].year", "must be between 1900 and 9999")],
        True,
    ),
    (
        "online-with-venue",
        setting("venue", value={"locality": "Jeddah", "country": "SA"}),
        [("$.venue", "an online event has no venue")],
        False,
    ),
    (
        "in-person-with-meeting",
        setting("format", value="in_person"),
        [("$.online_meeting", "an in-person event has no online meeting")],
        False,
    ),
    (
        "registration-deadline-after-last-day",
        setting("registration", "deadline", value="2021-12-23T09:00:00+06:00[Asia/Almaty]"),
        [("$.registration.deadline", "must not be after the event ends")],
        False,
    ),
    (
        "registration-deadline-after-end",
        setting("registration", "deadline", value="2021-12-22T16:01:00+06:00[Asia/Almaty]", timed=True),
        [("$.registration.deadline", "must not be after the event ends")],
        False,
    ),
    (
        "registration-capacity-zero",
        setting("registration", "capacity", value=0),
        [("$.registration.capacity", "must be at least 1")],
        True,
    ),
    (
        "registration-required-string",
        setting("registration", "required", value="yes"),
        [("$.registration.required", "must be true or false, not a string")],
        True,
    ),
    (
        "organizer-url-relative",
        setting("organizer", "url", value="/about"),
        [("$.organizer.url", "must be an absolute http or https URL")],
        True,
    ),
    (
        "organizer-url-ftp",
        setting("organizer", "url", value="ftp://iofs.org/"),
        [("$.organizer.url", "must be an absolute http or https URL")],
        True,
    ),
    (
        "organizer-url-space",
        setting("organizer", "url", value="https://iofs.org/about us"),
        [("$.organizer.url", "must be a URL without spaces")],
        False,  # only the "uri" format says so, and jsonschema checks it only with rfc3987 installed
    ),
    (
        "platform-upper-case",
        setting("online_meeting", "platform", value="Zoom"),
        [("$.online_meeting.platform", "must be a lower-case name such as 'zoom'")],
        True,
    ),
    ("audience-empty", setting("audience", value={}), [("$.audience.description", "an audience needs")], False),
    (
        "audience-countries-repeat-after-normalizing",
        setting("audience", "countries", value=["tr", "TR"]),
        [("$.audience.countries[1]", "repeats 'TR'")],
        False,
    ),
    ("topics-repeat", setting("topics", 3, value="Food Security Governance"), [("$.topics[3]", "repeats")], True),
    (
        "disclaimer-control",
        setting("disclaimer", 1, value="a\x00b"),
        [("$.disclaimer[1]", "control characters")],
        False,
    ),
    ("status-null", setting("status", value=None), [("$.status", "must be one of")], True),
]


def make_bad(mutation: Mutation) -> Any:
    document = seed_document()
    replaced = mutation(document)
    return document if replaced is None else replaced


@pytest.mark.parametrize(
    ("mutation", "expected", "schema_can_tell"), [case[1:] for case in BAD], ids=[case[0] for case in BAD]
)
def test_bad_document_reports_every_problem(
    mutation: Mutation, expected: list[tuple[str, str]], schema_can_tell: bool
) -> None:
    document = make_bad(mutation)
    with pytest.raises(DocumentError) as caught:
        ijson.from_dict(document)
    problems = caught.value.problems
    assert [problem.path for problem in problems] == [path for path, _ in expected], problems
    for problem, (_, reason) in zip(problems, expected, strict=True):
        assert reason in problem.reason, problem
    # The same through JSON text.
    with pytest.raises(DocumentError) as again:
        ijson.loads(json.dumps(document))
    assert again.value.problems == problems


@pytest.mark.parametrize(
    "document", [make_bad(case[1]) for case in BAD if case[3]], ids=[case[0] for case in BAD if case[3]]
)
def test_bad_document_is_rejected_by_the_schema_too(document: Any) -> None:
    assert not VALIDATOR.is_valid(document)


def test_the_catalogue_is_large_and_the_seed_itself_is_good() -> None:
    assert len(BAD) >= 35
    assert len({case[0] for case in BAD}) == len(BAD)
    assert VALIDATOR.is_valid(seed_document())
    ijson.from_dict(seed_document())


def several_problems() -> dict[str, Any]:
    document = seed_document()
    document["schema_version"] = "2.0"
    document["title"] = "   "
    document["revision"] = True
    document["objectives"][2] = ""
    document["languages"]["interpretation"] = ["ar", "fr_FR", "ru"]
    document["organizer"]["url"] = "ftp://iofs.org"
    document["contacts"][0]["phone"] = "+7 701"
    document["related"][1]["venue"]["country"] = "XX"
    document["related"][1]["schedule"]["last_day"] = "2021-09-31"
    document["deliverables"][0]["year"] = "2022"
    document["disclaimer"] = "IOFS"
    return document


def test_several_problems_are_all_reported_in_document_order() -> None:
    with pytest.raises(DocumentError) as caught:
        ijson.from_dict(several_problems(), source="several.json")
    assert [(problem.path, problem.reason) for problem in caught.value.problems] == [
        ("$.schema_version", "version '2.0' is not supported; this library reads 1.0 to 1.1"),
        ("$.title", "must not be empty"),
        ("$.objectives[2]", "must not be empty"),
        ("$.languages.interpretation[1]", "'fr_FR' is not a valid BCP 47 language tag, such as 'ar' or 'fr-CA'"),
        ("$.organizer.url", "must be an absolute http or https URL"),
        (
            "$.contacts[0].phone",
            "'+7701' is not a valid phone number in international form, such as +7 701 881 2532",
        ),
        ("$.related[1].schedule.last_day", "'2021-09-31' is not a date of the calendar"),
        ("$.related[1].venue.country", "'XX' is not an ISO 3166-1 alpha-2 country code, such as 'KZ'"),
        ("$.deliverables[0].year", "must be a whole number, not a string"),
        ("$.disclaimer", "must be an array, not a string"),
        ("$.revision", "must be a whole number, not a boolean"),  # a key added last, so reported last
    ]
    message = str(caught.value)
    assert message.startswith("several.json: 11 problems:\n")
    assert "\n  $.contacts[0].phone: '+7701' is not a valid phone number" in message


def test_unknown_keys_are_reported_where_they_stand_in_the_document() -> None:
    # Keys in the order a person wrote them: "format" before "scope" (as in the seed), an extra key last.
    document = seed_document()
    assert list(document).index("format") < list(document).index("scope")
    document["format"] = "virtual"
    document["scope"] = "global"
    document["zoom_link"] = "https://zoom.us/j/1"
    with pytest.raises(DocumentError) as caught:
        ijson.from_dict(document)
    assert [problem.path for problem in caught.value.problems] == ["$.format", "$.scope", "$.zoom_link"]


# --- (c) TOML -----------------------------------------------------------------------------------

TOML_EVENT = """\
schema_version = "1.0"
id = "iofs-webinar-2022"
kind = "webinar"
title = "Вебинар: الأمن الغذائي — sécurité alimentaire 🌾"
format = "hybrid"
announced_on = 2022-01-10
topics = ["Food Security Governance"]

[schedule]
starts_at = "2022-03-01T10:00:00+06:00[Asia/Almaty]"
ends_at = "2022-03-01T12:00[Asia/Almaty]"

[languages]
floor = "en"
interpretation = ["ar", "fr", "ru"]

[venue]
name = "IOFS Secretariat"
locality = "Astana"
country = "kz"
time_zone = "Asia/Almaty"

[online_meeting]
platform = "zoom"

[[contacts]]
name = "Bakytzhan Arystanbek"
phone = "+7 701 881 2532"

[[related]]
relation = "previous"
title = "Fourth General Assembly of IOFS"

[related.schedule]
first_day = 2021-09-08
last_day = 2021-09-09
"""


def test_toml_event_is_read(tmp_path: Path) -> None:
    path = tmp_path / "webinar.toml"
    path.write_text(TOML_EVENT, encoding="utf-8")
    event = ijson.read(path)
    assert event == Event(
        id="iofs-webinar-2022",
        kind=EventKind.WEBINAR,
        title="Вебинар: الأمن الغذائي — sécurité alimentaire 🌾",
        format=EventFormat.HYBRID,
        announced_on=date(2022, 1, 10),
        topics=("Food Security Governance",),
        schedule=TimeSpan(
            starts_at=datetime(2022, 3, 1, 10, tzinfo=ALMATY), ends_at=datetime(2022, 3, 1, 12, tzinfo=ALMATY)
        ),
        languages=LanguagePlan(floor="en", interpretation=("ar", "fr", "ru")),
        venue=Venue(name="IOFS Secretariat", locality="Astana", country="KZ", time_zone="Asia/Almaty"),
        online_meeting=OnlineMeeting(platform="zoom"),
        contacts=(Person(name="Bakytzhan Arystanbek", phone="+77018812532"),),
        related=(
            RelatedEvent(
                relation=Relation.PREVIOUS,
                title="Fourth General Assembly of IOFS",
                schedule=DateSpan(first_day=date(2021, 9, 8), last_day=date(2021, 9, 9)),
            ),
        ),
    )
    # And its JSON reads back to the same event.
    assert ijson.loads(ijson.dumps(event)) == event


def test_toml_native_datetime_is_not_a_zoned_datetime(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(TOML_EVENT.replace('"2022-03-01T10:00:00+06:00[Asia/Almaty]"', "2022-03-01T10:00:00+06:00"))
    with pytest.raises(DocumentError) as caught:
        ijson.read(path)
    assert type(caught.value) is DocumentError
    [problem] = caught.value.problems
    assert problem.path == "$.schedule.starts_at"
    assert "must be a date and time such as" in problem.reason
    assert str(path) in str(caught.value)


def test_bad_toml_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('id = "x"\ntitle = \n', encoding="utf-8")
    with pytest.raises(UnreadableDocumentError) as caught:
        ijson.read(path)
    [problem] = caught.value.problems
    assert problem.path == "$"
    assert "is not valid TOML" in problem.reason
    assert caught.value.source == str(path)


# --- (d) read() -----------------------------------------------------------------------------------


def test_read_the_seed_file() -> None:
    assert ijson.read(SEED) == ijson.from_dict(seed_document())
    assert ijson.read(str(SEED)) == ijson.read(SEED)


def test_read_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        ijson.read(tmp_path / "nowhere.json")


def test_read_bad_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('{"title": "Sécurité"}'.encode("latin-1"))
    with pytest.raises(UnreadableDocumentError) as caught:
        ijson.read(path)
    assert "UTF-8" in caught.value.problems[0].reason
    assert str(path) in str(caught.value)


def test_read_utf8_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + SEED.read_bytes())
    assert ijson.read(path) == ijson.read(SEED)


def test_read_text_file_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Workshop on 22 December 2021", encoding="utf-8")
    with pytest.raises(UnreadableDocumentError) as caught:
        ijson.read(path)
    assert caught.value.problems[0].reason == "is neither a JSON document nor a .toml file"


def test_read_text_file_that_is_json(tmp_path: Path) -> None:
    path = tmp_path / "event.txt"
    path.write_bytes(SEED.read_bytes())
    assert ijson.read(path) == ijson.read(SEED)


def test_read_invalid_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"id": "x",', encoding="utf-8")
    with pytest.raises(UnreadableDocumentError) as caught:
        ijson.read(path)
    assert caught.value.problems[0].path == "$"
    assert "is not valid JSON" in caught.value.problems[0].reason
    assert str(caught.value).startswith(f"{path}: 1 problem:\n")


def test_loads_invalid_json() -> None:
    with pytest.raises(UnreadableDocumentError, match="is not valid JSON"):
        ijson.loads("{")
    with pytest.raises(UnreadableDocumentError):
        ijson.loads(b"\xff\xfe")


def test_document_error_names_the_source(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    document = seed_document()
    document["title"] = ""
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        ijson.read(path)
    assert type(caught.value) is DocumentError
    assert caught.value.source == str(path)
    assert str(caught.value) == f"{path}: 1 problem:\n  $.title: must not be empty"


# --- (e) write() ------------------------------------------------------------------------------------


def test_write_then_read(tmp_path: Path) -> None:
    event = ijson.read(SEED)
    path = tmp_path / "out.json"
    ijson.write(event, path)
    assert path.read_bytes() == ijson.dumps(event, indent=True).encode() + b"\n"
    assert ijson.read(path) == event
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_write_is_atomic_for_a_new_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        ijson.write(ijson.read(SEED), tmp_path / "out.json")
    assert list(tmp_path.iterdir()) == []


def test_write_is_atomic_for_an_existing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "out.json"
    path.write_bytes(b"previous content")

    def fail(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(KeyboardInterrupt):
        ijson.write(ijson.read(SEED), path)
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    assert path.read_bytes() == b"previous content"


# --- (f) the seed, fact by fact (BRIEF section 2) ---------------------------------------------------


IOFS_SECRETARIAT = Organization(name="Islamic Organization for Food Security", acronym="IOFS", unit="Secretariat")


def test_seed_fact_01_kind_and_title(seed: Event) -> None:
    assert seed.kind is EventKind.WORKSHOP
    assert seed.scope is Scope.INTERNATIONAL
    assert seed.title == "OIC Country Experience in Food Security Governance for Strengthening South-South Cooperation"


def test_seed_fact_02_announced_on(seed: Event) -> None:
    assert seed.announced_on == date(2021, 11, 17)


def test_seed_fact_03_date_only(seed: Event) -> None:
    assert seed.schedule == DateSpan(first_day=date(2021, 12, 22), last_day=date(2021, 12, 22))
    assert seed.is_date_only
    assert seed.schedule.end == date(2021, 12, 23)
    assert seed.agenda == ()


def test_seed_fact_04_online_on_zoom(seed: Event) -> None:
    assert seed.format is EventFormat.ONLINE
    assert seed.venue is None
    assert seed.online_meeting.platform == "zoom"


def test_seed_fact_05_languages(seed: Event) -> None:
    assert seed.languages == LanguagePlan(floor="en", interpretation=("ar", "fr", "ru"))
    assert seed.languages.spoken == ("en", "ar", "fr", "ru")
    assert seed.text_language == "en"


def test_seed_fact_06_organizer(seed: Event) -> None:
    assert seed.organizer == IOFS_SECRETARIAT


def test_seed_fact_07_programme(seed: Event) -> None:
    assert seed.programme == Programme(
        name="Food Security Governance",
        organization=Organization(name="Islamic Organization for Food Security", acronym="IOFS"),
    )


def test_seed_fact_08_related_general_assemblies(seed: Event) -> None:
    third, fourth = seed.related[:2]
    assert (third.relation, third.kind, third.title) == (
        Relation.PREVIOUS,
        EventKind.GENERAL_ASSEMBLY,
        "Third General Assembly of IOFS",
    )
    assert third.schedule == DateSpan(first_day=date(2020, 12, 2), last_day=date(2020, 12, 3))
    assert (third.venue.locality, third.venue.country) == ("Ankara", "TR")
    assert (fourth.relation, fourth.kind, fourth.title) == (
        Relation.PREVIOUS,
        EventKind.GENERAL_ASSEMBLY,
        "Fourth General Assembly of IOFS",
    )
    assert fourth.schedule == DateSpan(first_day=date(2021, 9, 8), last_day=date(2021, 9, 9))
    assert (fourth.venue.locality, fourth.venue.country) == ("Nur-Sultan", "KZ")


def test_seed_fact_09_comcec_reference(seed: Event) -> None:
    assert seed.references == (
        Reference(
            title="Good Governance for ensuring food security and nutrition in OIC Member States",
            publisher=Organization(
                name="Standing Committee for Economic and Commercial Cooperation of the Organization of the Islamic"
                " Cooperation",
                acronym="COMCEC",
            ),
            year=2020,
        ),
    )


def test_seed_fact_10_background(seed: Event) -> None:
    assert len(seed.background) == 3
    assert seed.background[0].startswith("The Good Governance Practices for Food Security")
    assert "Third General Assembly meeting of IOFS on 2-3 December 2020 in Ankara, Turkey" in seed.background[1]
    assert seed.background[2].startswith("The Standing Committee for Economic and Commercial Cooperation")


def test_seed_fact_11_objectives_in_order(seed: Event) -> None:
    assert [objective.split()[:3] for objective in seed.objectives] == [
        ["To", "share", "best"],
        ["To", "discuss", "the"],
        ["To", "receive", "the"],
        ["To", "review", "the"],
    ]


def test_seed_fact_12_audience(seed: Event) -> None:
    assert seed.audience.roles == ("strategic planners", "policy developers", "legislators", "program analysts")
    assert seed.audience.sectors == ("food security", "agriculture")
    assert seed.audience.description.startswith("Representatives of government authorities")
    assert seed.audience.countries == ()


def test_seed_fact_13_registration(seed: Event) -> None:
    assert seed.registration.required is True
    assert seed.registration.url is None
    assert seed.registration.deadline is None
    assert "register" in seed.registration.instructions


def test_seed_fact_14_join_link_not_given(seed: Event) -> None:
    assert seed.online_meeting == OnlineMeeting(platform="zoom")
    assert seed.online_meeting.join_url is None


def test_seed_fact_15_focal_point(seed: Event) -> None:
    assert seed.contacts == (
        Person(
            name="Bakytzhan Arystanbek", position="Program Manager", organization=IOFS_SECRETARIAT, phone="+77018812532"
        ),
    )
    assert seed.contacts[0].email is None


def test_seed_fact_16_follow_up(seed: Event) -> None:
    training = seed.related[2]
    assert training.relation is Relation.NEXT
    assert training.kind is EventKind.TRAINING
    assert training.title == "Regional Training Workshops on “Strategic Planning and Policy Development”"
    assert (training.year, training.schedule, training.format) == (2022, None, EventFormat.HYBRID)
    assert training.status is EventStatus.TENTATIVE
    [analysis] = seed.deliverables
    assert (analysis.title, analysis.year) == ("Analysis of Food Security Policies of OIC member states", 2022)


def test_seed_fact_17_partners(seed: Event) -> None:
    assert seed.partners == ()
    assert seed.partners_note == "other stakeholders"


def test_seed_fact_18_disclaimer(seed: Event) -> None:
    assert len(seed.disclaimer) == 2
    assert seed.disclaimer[0].startswith("The information provided by Islamic Organization for Food Security")
    assert seed.disclaimer[1].startswith("Under no circumstance IOFS shall have any liability")


def test_seed_round_trips_to_its_own_bytes(seed: Event) -> None:
    assert ijson.dumps(seed, indent=True) + "\n" == SEED.read_text(encoding="utf-8")
    assert ijson.to_dict(seed) == seed_document()


def test_seed_evolves_into_a_timed_event(seed: Event) -> None:
    timed = attrs.evolve(
        seed,
        revision=1,
        schedule=TimeSpan(
            starts_at=datetime(2021, 12, 22, 10, tzinfo=ALMATY), ends_at=datetime(2021, 12, 22, 13, tzinfo=ALMATY)
        ),
        registration=Registration(url="https://iofs.org/register", deadline=datetime(2021, 12, 21, 18, tzinfo=ALMATY)),
    )
    assert ijson.loads(ijson.dumps(timed)) == timed
    assert VALIDATOR.is_valid(ijson.to_dict(timed))
    assert timed.schedule.ends_at - timed.schedule.starts_at == timedelta(hours=3)


def test_dumps_works_before_anything_was_ever_loaded() -> None:
    # Type annotations are strings until resolved; the first thing a process does may be a dump.
    code = textwrap.dedent(
        """
        from datetime import date, datetime
        from zoneinfo import ZoneInfo
        import iofs_events as ie
        from iofs_events import json

        riyadh = ZoneInfo("Asia/Riyadh")
        event = ie.Event(
            id="x",
            kind=ie.EventKind.WORKSHOP,
            title="T",
            format=ie.EventFormat.ONLINE,
            schedule=ie.TimeSpan(
                starts_at=datetime(2022, 1, 1, 9, tzinfo=riyadh), ends_at=datetime(2022, 1, 1, 12, tzinfo=riyadh)
            ),
            agenda=(ie.AgendaSession(title="Opening", starts_at=datetime(2022, 1, 1, 9, tzinfo=riyadh)),),
            related=(
                ie.RelatedEvent(
                    relation=ie.Relation.PREVIOUS,
                    title="P",
                    schedule=ie.DateSpan(first_day=date(2021, 1, 1), last_day=date(2021, 1, 2)),
                ),
            ),
        )
        print(json.dumps(event))
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    document = orjson.loads(result.stdout)
    assert document["schedule"]["starts_at"] == "2022-01-01T09:00:00+03:00[Asia/Riyadh]"
    assert document["agenda"][0]["starts_at"] == "2022-01-01T09:00:00+03:00[Asia/Riyadh]"
    assert document["related"][0]["schedule"] == {"first_day": "2021-01-01", "last_day": "2021-01-02"}


@pytest.mark.parametrize("key", ["summary", "schedule", "languages", "online_meeting", "url"])
def test_null_is_refused_with_a_clear_reason(key: str) -> None:
    document = seed_document()
    document[key] = None
    with pytest.raises(DocumentError) as caught:
        ijson.from_dict(document)
    assert caught.value.problems == (Problem(f"$.{key}", "must be left out when unknown, not null"),)


@pytest.mark.parametrize(
    ("key", "value", "valid"),
    [
        ("background", ["First line\n\tsecond line"], True),
        ("background", ["Bell \x07 inside"], False),
        ("background", ["Line\u2028separator"], False),
        ("title", "Tab\tinside", False),
        ("title", " \u00a0 ", False),
        ("title", "Ok with spaces, and Арабский العربية", True),
        ("title", "\u200b\u200d", False),
        ("title", "\u3164 \ufe0f", False),
        ("title", "\ue000", False),
        ("title", "\u00ad\u2060", False),
        ("title", "\u200bA", True),
        ("title", "🌾", True),
        ("title", "\u0301", True),
    ],
)
def test_schema_and_model_agree_on_text(key: str, value: Any, valid: bool) -> None:
    document = seed_document()
    document[key] = value
    assert VALIDATOR.is_valid(document) is valid
    if valid:
        ijson.from_dict(document)
    else:
        with pytest.raises(DocumentError):
            ijson.from_dict(document)


# --- hostile documents: repeated keys, bounds, echoes -------------------------------------------


def _repeating(document: dict[str, Any], keys: tuple[str, ...], first: str) -> str:
    """The JSON text of ``document`` where the key at ``keys`` is written twice: ``first``, then its own value."""
    target = document
    for key in keys[:-1]:
        target = target[key]
    original, target[keys[-1]] = target[keys[-1]], "marker"
    text = json.dumps(document, ensure_ascii=False)
    written = f'"{keys[-1]}": "marker"'
    assert text.count(written) == 1
    return text.replace(written, f'"{keys[-1]}": {first}, "{keys[-1]}": {json.dumps(original)}')


@pytest.mark.parametrize(
    ("keys", "first", "path"),
    [
        (("title",), '"A title the reader never sees"', "$.title"),
        (("schedule", "last_day"), '"2021-12-30"', "$.schedule.last_day"),
        (("online_meeting", "platform"), '"jitsi"', "$.online_meeting.platform"),
        (("organizer", "acronym"), '"XYZ"', "$.organizer.acronym"),
    ],
)
def test_a_repeated_key_is_refused_with_its_path(keys: tuple[str, ...], first: str, path: str) -> None:
    with pytest.raises(DocumentError) as caught:
        ijson.loads(_repeating(seed_document(), keys, first))
    assert caught.value.problems == (Problem(path, "is repeated; a key appears once in an object"),)


def test_a_key_repeated_in_a_list_item_or_through_an_escape_is_refused() -> None:
    document = seed_document()
    document["contacts"] = [document["contacts"][0], {"name": "B", "email": "b@example.org"}]
    text = json.dumps(document).replace('"name": "B"', '"name": "B", "\\u006eame": "C"')
    with pytest.raises(DocumentError) as caught:
        ijson.loads(text.encode())
    assert caught.value.problems == (Problem("$.contacts[1].name", "is repeated; a key appears once in an object"),)


def test_colons_and_escapes_in_text_are_not_taken_for_repeats() -> None:
    document = seed_document()
    document["title"] = 'Time: 10:00, ratio 1:2 \\u003a "quoted": {"a": 1}'
    document["summary"] = "Escaped colons \u003a and \\\\u003a"
    text = json.dumps(document).replace("ratio 1:2", "ratio 1\\u003a2")
    assert ijson.loads(text).title == document["title"]


def test_a_repeated_key_in_an_indented_document_is_refused() -> None:
    text = ijson.dumps(ijson.read(SEED), indent=True)
    repeated = text.replace('\n  "title": ', '\n  "title": "Unseen",\n  "title": ', 1)
    with pytest.raises(DocumentError) as caught:
        ijson.loads(repeated)
    assert caught.value.problems == (Problem("$.title", "is repeated; a key appears once in an object"),)


def test_a_document_as_dumps_writes_it_is_read_without_searching_for_repeats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    event = attrs.evolve(ijson.read(SEED), title="Ratio 1\\u003a2")  # what the count of colons cannot tell
    ijson.write(event, tmp_path / "event.json")

    def searching(document: object) -> list[Problem]:
        raise AssertionError("searched a document written as dumps writes it")

    monkeypatch.setattr(ijson, "repeated_keys", searching)
    assert ijson.loads(ijson.dumps(event)) == event
    assert ijson.loads(ijson.dumps(event, indent=True).encode()) == event
    assert ijson.read(tmp_path / "event.json") == event


def test_a_document_too_large_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    document = seed_document()
    document["summary"] = "x" * 11_000_000
    for text in (json.dumps(document), json.dumps(document).encode()):
        with pytest.raises(UnreadableDocumentError) as caught:
            ijson.loads(text)
        unit = "characters" if isinstance(text, str) else "bytes"
        reason = f"is larger than 10,485,760 {unit}, the most a document may have"
        assert caught.value.problems == (Problem("$", reason),)
    path = tmp_path / "large.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(UnreadableDocumentError) as caught:
        ijson.read(path)
    assert caught.value.problems == (Problem("$", "is larger than 10,485,760 bytes, the most a document may have"),)


@pytest.mark.parametrize(
    ("key", "value", "path", "reason"),
    [
        ("summary", "x" * 100_001, "$.summary", "has 100,001 characters; a text may have 100,000 at most"),
        ("topics", ["t"] * 10_001, "$.topics", "has 10,001 items; a list may have 10,000 at most"),
        ("colour" * 20, 1, "$." + "colour" * 10 + "…", "is a key of 120 characters; a key may have 100 at most"),
        (1, "one", "$.1", "is a key that is not text"),
    ],
)
def test_strings_lists_and_keys_are_bounded(key: Any, value: Any, path: str, reason: str) -> None:
    document = seed_document()
    document[key] = value
    with pytest.raises(DocumentError) as caught:
        ijson.from_dict(document)
    assert caught.value.problems == (Problem(path, reason),)


@pytest.mark.parametrize("depth", [40, 300, 1000])  # orjson writes 254 levels at most, and reads 1024
def test_nesting_is_bounded_with_the_path(depth: int) -> None:
    document = seed_document()
    document["topics"] = "deep"
    text = json.dumps(document).replace('"deep"', "[" * depth + '"bottom"' + "]" * depth)
    with pytest.raises(DocumentError) as caught:
        ijson.loads(text)
    assert caught.value.problems == (Problem("$.topics" + "[0]" * 31, "is nested more than 32 levels deep"),)


def test_a_deeply_nested_toml_file_is_refused_without_a_traceback(tmp_path: Path) -> None:
    inline = tmp_path / "inline.toml"
    inline.write_text('schema_version = "1.0"\ntopics = ' + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    with pytest.raises(UnreadableDocumentError) as caught:
        ijson.read(inline)
    assert caught.value.problems == (Problem("$", "is nested too deeply to read"),)
    tables = tmp_path / "tables.toml"
    tables.write_text("[" + ".".join(["a"] * 40) + "]\nb = 1\n", encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        ijson.read(tables)
    assert caught.value.problems[0] == Problem("$" + ".a" * 32, "is nested more than 32 levels deep")


def test_a_huge_list_is_refused_in_linear_time() -> None:
    document = seed_document()
    document["topics"] = ["t"] * 1_000_000
    text = json.dumps(document)
    started = time.perf_counter()
    with pytest.raises(DocumentError) as caught:
        ijson.loads(text)
    assert time.perf_counter() - started < 10
    assert caught.value.problems == (Problem("$.topics", "has 1,000,000 items; a list may have 10,000 at most"),)


def test_a_model_list_built_in_python_has_the_bound_of_a_document_list() -> None:
    with pytest.raises(ValidationError) as caught:
        attrs.evolve(ijson.read(SEED), topics=tuple(f"topic {index}" for index in range(10_001)))
    assert (caught.value.field, caught.value.reason) == ("topics", "must have at most 10,000 items, not 10,001")


def test_a_repeat_at_the_end_of_a_long_list_is_found_in_linear_time() -> None:
    topics = tuple(f"topic {index}" for index in range(10_000))
    started = time.perf_counter()
    with pytest.raises(ValidationError) as caught:
        attrs.evolve(ijson.read(SEED), topics=(*topics[:-1], topics[0]))
    assert time.perf_counter() - started < 1
    assert (caught.value.field, caught.value.reason) == ("topics[9999]", "repeats 'topic 0'")


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("kind", "w" * 50_000),
        ("announced_on", "2021-02-30" + "x" * 50_000),
        ("schedule", {"first_day": "2021-02-30", "last_day": "2" * 50_000}),
        ("text_language", "x" * 50_000),
        ("topics", ["y" * 5_000, "y" * 5_000]),
        ("schema_version", "1." + "9" * 50_000),
    ],
)
def test_errors_echo_a_long_value_cut(key: str, value: Any) -> None:
    document = seed_document()
    document[key] = value
    with pytest.raises(DocumentError) as caught:
        ijson.from_dict(document)
    assert all(len(problem.reason) < 250 for problem in caught.value.problems), caught.value.problems


def test_a_long_title_is_refused_by_the_model() -> None:
    with pytest.raises(ValidationError) as caught:
        attrs.evolve(ijson.read(SEED), title="T" * 20_000_000)
    assert caught.value.reason == "must have at most 1,000 characters, not 20,000,000"


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


@given(data=st.data())
def test_any_value_anywhere_gives_an_event_or_problems_never_another_error(data: st.DataObject) -> None:
    document = seed_document()
    for _ in range(data.draw(st.integers(1, 3))):
        *parents, last = data.draw(st.sampled_from(strategies.places(document)[1:]))
        target = document
        for step in parents:
            target = target[step]
        target[last] = data.draw(_json_values)
    for read in (ijson.from_dict, lambda document: ijson.loads(json.dumps(document))):
        try:
            events, problems = [read(document)], ()
        except DocumentError as error:
            events, problems = [], error.problems
        assert len(events) + len(problems) > 0
        assert all(isinstance(event, Event) for event in events)
        assert all(problem.path.startswith("$") and len(problem.reason) < 400 for problem in problems)
