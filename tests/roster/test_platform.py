"""The roster's participants registered on the platform in batches, each with their own link, nobody twice or missed."""

from __future__ import annotations

import email
import html
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import attrs
import pytest

import iofs_events as ie
from iofs_events import json as event_json
from iofs_events.cli import main
from iofs_events.exceptions import CapabilityError, PlatformError, RosterError
from iofs_events.mail import compose
from iofs_events.platforms import Capabilities, Registrant
from iofs_events.platforms.jitsi import JitsiPlatform, JitsiSettings
from iofs_events.platforms.webex import WebexPlatform, WebexSettings
from iofs_events.platforms.zoom import ZoomPlatform, ZoomSettings
from iofs_events.roster import (
    Participant,
    RegistrationReport,
    RegistrationStatus,
    Roster,
    SqliteStore,
    register_on_platform,
    roster_path,
)
from tests.paths import ROOT
from tests.platforms.fake_api import FakeApi
from tests.platforms.fake_webex import FakeWebex
from tests.platforms.fake_zoom import FakeZoom
from tests.platforms.vendors import GOOGLE, TEAMS

ALMATY = ZoneInfo("Asia/Almaty")
BEFORE = datetime(2021, 12, 1, tzinfo=UTC)
TOKEN = r"/oauth/token"
BATCH = r"/v2/meetings/\d+/batch_registrants"
LISTED = r"/v2/meetings/\d+/registrants"
STATUS = r"/v2/meetings/\d+/registrants/status"


def person(number: int, **facts: Any) -> Participant:
    return Participant(email=f"Person{number:04d}@Agri.example", name=f"Person {number} Delegate", **facts)


def registered(count: int, *, start: int = 0) -> list[Participant]:
    return [person(number, status=RegistrationStatus.REGISTERED) for number in range(start, start + count)]


def api_calls(api: FakeApi, since: int) -> list[tuple[str, str]]:
    """The calls since ``since``, but those for a token."""
    return [(call.method, call.path) for call in api.calls[since:] if call.path != TOKEN]


@pytest.fixture(scope="module")
def timed(seed: ie.Event) -> ie.Event:
    """The seed with its times fixed; registration required."""
    return seed.revise(
        schedule=ie.TimeSpan(
            starts_at=datetime(2021, 12, 22, 10, tzinfo=ALMATY), ends_at=datetime(2021, 12, 22, 16, tzinfo=ALMATY)
        )
    )


@pytest.fixture
def delays() -> list[float]:
    return []


@pytest.fixture
def zoom(fake_api: FakeApi) -> Iterator[FakeZoom]:
    fake = FakeZoom(fake_api)
    yield fake
    assert fake_api.schema_errors == []


@pytest.fixture
def platform(zoom: FakeZoom, delays: list[float]) -> Iterator[ZoomPlatform]:
    adapter = ZoomPlatform(ZoomSettings(**zoom.settings_options(), registration_rate=1e6), sleep=delays.append)
    yield adapter
    adapter.close()


@pytest.fixture
def event(platform: ZoomPlatform, timed: ie.Event) -> ie.Event:
    """The event once its Zoom meeting is made."""
    return timed.revise(online_meeting=platform.create(timed).online_meeting)


@pytest.fixture
def roster(tmp_path: Path, event: ie.Event) -> Iterator[Roster]:
    opened = Roster(SqliteStore(tmp_path / "event.roster.sqlite", event_id=event.id))
    yield opened
    opened.close()


def meeting_number(event: ie.Event) -> str:
    assert event.online_meeting is not None
    return str(event.online_meeting.meeting_id)


def links(roster: Roster) -> dict[str, str | None]:
    return {participant.key: participant.join_url for participant in roster.people()}


def test_200_participants_are_registered_in_7_calls_each_with_their_own_link(
    roster: Roster, event: ie.Event, platform: ZoomPlatform, zoom: FakeZoom, fake_api: FakeApi
) -> None:
    roster.merge([*registered(200), person(900), person(901, status=RegistrationStatus.DECLINED)])
    before = len(fake_api.calls)
    seen: list[tuple[int, int]] = []
    report = register_on_platform(roster, event, platform, progress=lambda done, total: seen.append((done, total)))
    calls = api_calls(fake_api, before)
    assert len(calls) == 7
    assert set(calls) == {("POST", f"/v2/meetings/{meeting_number(event)}/batch_registrants")}
    assert (len(report.registered), report.links, report.unchanged, report.cancelled, report.failed) == (
        200,
        200,
        0,
        (),
        (),
    )
    assert seen == [(min(done, 200), 200) for done in range(30, 211, 30)]
    people = {participant.key: participant for participant in roster.people()}
    own = [people[p.key].join_url for p in registered(200)]
    assert len(set(own)) == 200
    held = zoom.registrants(meeting_number(event))
    for participant in registered(200):
        kept = people[participant.key]
        assert kept.platform_id == held[participant.key]["id"]
        assert kept.join_url == held[participant.key]["join_url"]
        assert kept.platform_sent_at is None
        assert kept.recipient().join_url == kept.join_url
    assert people["person0900@agri.example"].platform_id is None  # invited, not registered
    assert set(zoom.registrations[meeting_number(event)].values()) == {1}

    before = len(fake_api.calls)
    again = register_on_platform(roster, event, platform)
    assert fake_api.calls[before:] == []  # nothing left to do: no call, not even for a token
    assert again == RegistrationReport((), 0, 200, (), ())


def test_a_run_killed_between_a_reply_and_its_storing_registers_nobody_twice_when_run_again(
    roster: Roster,
    event: ie.Event,
    platform: ZoomPlatform,
    zoom: FakeZoom,
    fake_api: FakeApi,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    roster.merge(registered(200))
    kept = roster.link
    stored: list[str] = []

    def link(email: str, **facts: Any) -> Participant:
        if len(stored) == 60:  # the third batch: registered on Zoom, not yet kept
            raise KeyboardInterrupt
        stored.append(email)
        return kept(email, **facts)

    monkeypatch.setattr(roster, "link", link)
    with pytest.raises(KeyboardInterrupt):
        register_on_platform(roster, event, platform)
    monkeypatch.undo()
    people = roster.people()
    assert sum(participant.platform_id is not None for participant in people) == 60  # the third batch rolled back
    assert sum(participant.platform_sent_at is not None for participant in people) == 30  # noted as sent
    before = len(fake_api.calls)
    report = register_on_platform(roster, event, platform)
    calls = api_calls(fake_api, before)
    assert calls[0] == ("GET", f"/v2/meetings/{meeting_number(event)}/registrants")  # the batch in doubt, looked up
    assert calls[1:] == [("POST", f"/v2/meetings/{meeting_number(event)}/batch_registrants")] * 4
    assert (len(report.registered), report.unchanged) == (140, 60)
    assert all(participant.platform_id is not None for participant in roster.people())
    assert len({participant.join_url for participant in roster.people()}) == 200
    counts = zoom.registrations[meeting_number(event)]
    assert (len(counts), set(counts.values())) == (200, {1})


_KILLED = """
import json, os, signal, sys
from iofs_events import json as event_json
from iofs_events.platforms.zoom import ZoomPlatform, ZoomSettings
from iofs_events.roster import Roster, SqliteStore, register_on_platform

event_file, roster_file, settings = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
event = event_json.read(event_file)
roster = Roster(SqliteStore(roster_file, event_id=event.id))
stored = []
link = roster.link

def dying_link(email, **facts):
    if len(stored) == 30:  # the second batch is registered on Zoom: die before keeping it
        os.kill(os.getpid(), signal.SIGKILL)
    stored.append(email)
    return link(email, **facts)

roster.link = dying_link
register_on_platform(roster, event, ZoomPlatform(ZoomSettings(**settings), sleep=lambda seconds: None))
"""


def test_a_process_killed_after_a_reply_and_run_again_misses_nobody_and_registers_nobody_twice(
    tmp_path: Path, roster: Roster, event: ie.Event, platform: ZoomPlatform, zoom: FakeZoom
) -> None:
    roster.merge(registered(100))
    event_file = tmp_path / "event.json"
    event_json.write(event, event_file)
    settings = json.dumps(zoom.settings_options())
    path = str(roster.store.path)  # type: ignore[attr-defined]
    done = subprocess.run(
        [sys.executable, "-c", _KILLED, str(event_file), path, settings], cwd=ROOT, timeout=120, check=False
    )
    assert done.returncode == -9  # killed
    assert sum(participant.platform_id is not None for participant in roster.people()) == 30
    report = register_on_platform(roster, event, platform)
    assert (len(report.registered), report.unchanged) == (70, 30)
    assert all(participant.join_url is not None for participant in roster.people())
    counts = zoom.registrations[meeting_number(event)]
    assert (len(counts), set(counts.values())) == (100, {1})


def test_a_lost_reply_and_a_429_on_the_way_register_everyone_once(
    roster: Roster, event: ie.Event, platform: ZoomPlatform, zoom: FakeZoom, fake_api: FakeApi, delays: list[float]
) -> None:
    roster.merge(registered(90))
    fake_api.fail("POST", BATCH, 429, {"code": 429, "message": "Too many requests."}, {"Retry-After": "3"})
    fake_api.drop("POST", BATCH, after=True)  # the first batch, sent again after the 429: its reply lost
    report = register_on_platform(roster, event, platform)
    assert len(report.registered) == 90
    assert 3.0 in delays
    assert fake_api.count("GET", LISTED) == 1
    assert fake_api.count("POST", BATCH) == 4  # a 429, then 3 batches
    assert set(zoom.registrations[meeting_number(event)].values()) == {1}
    assert len({participant.join_url for participant in roster.people()}) == 90


def test_those_no_longer_registered_are_cancelled_and_their_places_go_on(
    tmp_path: Path, event: ie.Event, platform: ZoomPlatform, zoom: FakeZoom, fake_api: FakeApi
) -> None:
    roster = Roster(SqliteStore(tmp_path / "capped.sqlite", event_id=event.id), capacity=40)
    roster.merge(registered(42))  # two on the waiting list
    assert register_on_platform(roster, event, platform).registered == tuple(p.email for p in registered(40))
    roster.withdraw("person0001@agri.example")
    roster.decline("person0002@agri.example")
    roster.cancel("person0003@agri.example")
    before = len(fake_api.calls)
    seen: list[tuple[int, int]] = []
    report = register_on_platform(roster, event, platform, batch=10, progress=lambda *done: seen.append(done))
    assert seen == [(3, 5), (5, 5)]
    assert report.cancelled == ("Person0001@Agri.example", "Person0002@Agri.example", "Person0003@Agri.example")
    assert report.registered == ("Person0040@Agri.example", "Person0041@Agri.example")  # promoted from the list
    assert report.unchanged == 37
    assert api_calls(fake_api, before) == [
        ("PUT", f"/v2/meetings/{meeting_number(event)}/registrants/status"),
        ("POST", f"/v2/meetings/{meeting_number(event)}/batch_registrants"),
    ]
    for number in (1, 2, 3):
        gone = roster.get(f"person{number:04d}@agri.example")
        assert (gone.join_url, gone.platform_id) == (None, None)
        assert zoom.registrants(meeting_number(event))[gone.key]["status"] == "cancelled"
    roster.close()


def test_a_batch_can_be_smaller_than_the_platforms_not_larger(
    roster: Roster, event: ie.Event, platform: ZoomPlatform, fake_api: FakeApi
) -> None:
    roster.merge(registered(25))
    before = len(fake_api.calls)
    register_on_platform(roster, event, platform, batch=10)
    assert len(api_calls(fake_api, before)) == 3
    roster.merge(registered(35, start=100))
    before = len(fake_api.calls)
    register_on_platform(roster, event, platform, batch=1000)
    assert len(api_calls(fake_api, before)) == 2  # 30 a call at most, Zoom's own batch
    with pytest.raises(RosterError, match="a batch is 1 person or more, not 0"):
        register_on_platform(roster, event, platform, batch=0)


def test_a_refusal_raises_once_earlier_batches_are_kept_and_a_run_again_goes_on(
    roster: Roster, event: ie.Event, platform: ZoomPlatform, zoom: FakeZoom, fake_api: FakeApi
) -> None:
    roster.merge(registered(40))
    refused = {"code": 3161, "message": "Meeting hosting and scheduling capabilities are not allowed."}

    def second_fails(done: int, total: int) -> None:  # once the first batch is kept, Zoom refuses the next
        fake_api.fail("POST", BATCH, 400, refused)

    with pytest.raises(PlatformError, match="not allowed") as caught:
        register_on_platform(roster, event, platform, progress=second_fails)
    assert not caught.value.uncertain
    people = roster.people()
    assert sum(participant.platform_id is not None for participant in people) == 30  # the first batch, kept
    assert all(participant.platform_sent_at is None for participant in people)  # nobody left in doubt
    before = len(fake_api.calls)
    assert len(register_on_platform(roster, event, platform).registered) == 10
    assert api_calls(fake_api, before) == [("POST", f"/v2/meetings/{meeting_number(event)}/batch_registrants")]
    assert set(zoom.registrations[meeting_number(event)].values()) == {1}


def test_a_batch_whose_outcome_stays_unknown_is_looked_up_by_the_next_run(
    roster: Roster, event: ie.Event, platform: ZoomPlatform, zoom: FakeZoom, fake_api: FakeApi
) -> None:
    roster.merge(registered(5))
    fake_api.drop("POST", BATCH, after=True)
    fake_api.fail("GET", LISTED, 500, {"message": "down"}, times=4)
    with pytest.raises(PlatformError, match="some may be registered") as caught:
        register_on_platform(roster, event, platform)
    assert caught.value.uncertain
    assert all(participant.platform_sent_at is not None for participant in roster.people())
    roster.withdraw("person0004@agri.example")  # before the next run: registered on Zoom, but no longer here
    report = register_on_platform(roster, event, platform)
    assert report.registered == tuple(p.email for p in registered(4))
    assert report.cancelled == ("Person0004@Agri.example",)
    assert fake_api.count("POST", BATCH) == 1  # never sent again
    assert zoom.registrants(meeting_number(event))["person0004@agri.example"]["status"] == "cancelled"
    assert set(zoom.registrations[meeting_number(event)].values()) == {1}


def test_people_noted_as_sent_but_not_found_are_sent(
    roster: Roster, event: ie.Event, platform: ZoomPlatform, fake_api: FakeApi
) -> None:
    roster.merge(registered(3))
    fake_api.drop("POST", BATCH, after=False, times=5)  # the batch never reached Zoom, nor the next tries
    fake_api.fail("GET", LISTED, 500, {"message": "down"}, times=20)
    with pytest.raises(PlatformError, match="some may be registered"):
        register_on_platform(roster, event, platform)
    fake_api.faults.clear()
    report = register_on_platform(roster, event, platform)
    assert len(report.registered) == 3
    assert fake_api.count("GET", LISTED) > 0


def test_a_person_without_a_name_is_registered_by_the_first_part_of_their_email(
    roster: Roster, event: ie.Event, platform: ZoomPlatform, fake_api: FakeApi
) -> None:
    roster.merge(
        [
            Participant(email="aida@agri.example.kz", status=RegistrationStatus.REGISTERED),
            Participant(email="sukarno@agri.example.id", name="Sukarno", status=RegistrationStatus.REGISTERED),
            Participant(
                email="omar@agri.example.sa", name="Omar Al-Harbi Al-Qahtani", status=RegistrationStatus.REGISTERED
            ),
        ]
    )
    register_on_platform(roster, event, platform)
    (body,) = [call.body for call in fake_api.calls if "batch_registrants" in call.path]
    assert body["registrants"] == [
        {"email": "aida@agri.example.kz", "first_name": "aida"},
        {"email": "sukarno@agri.example.id", "first_name": "Sukarno"},
        {"email": "omar@agri.example.sa", "first_name": "Omar", "last_name": "Al-Harbi Al-Qahtani"},
    ]


def _parts(message: bytes) -> dict[str, str]:
    parsed = cast("EmailMessage", email.message_from_bytes(message, policy=policy.default))
    parts = {}
    for part in parsed.walk():
        if part.get_content_maintype() == "text":
            content = part.get_content()
            text = content if isinstance(content, str) else content.decode()
            parts[part.get_content_type()] = unquote(html.unescape(text))  # links inside links too
    return parts


def test_each_ones_email_and_calendar_carry_their_own_link_never_the_shared_one_or_anothers(
    roster: Roster, event: ie.Event, platform: ZoomPlatform
) -> None:
    roster.merge(registered(2))
    register_on_platform(roster, event, platform)
    first, second = roster.people()
    assert event.online_meeting is not None
    shared = str(event.online_meeting.join_url)
    for me, other in ((first, second), (second, first)):
        parts = _parts(compose(event, me.recipient(), sender="IOFS <events@iofs.example>").data)
        assert set(parts) == {"text/plain", "text/html", "text/calendar"}
        for text in parts.values():
            assert str(me.join_url) in text
            assert shared not in text
            assert str(other.join_url) not in text
            assert str(other.platform_id) not in text


# Webex.


@pytest.fixture
def webex(fake_api: FakeApi) -> Iterator[FakeWebex]:
    fake = FakeWebex(fake_api)
    yield fake
    assert fake_api.schema_errors == []


def test_webex_registers_everyone_once_without_links_and_cancels_withdrawals(
    tmp_path: Path, webex: FakeWebex, fake_api: FakeApi, timed: ie.Event
) -> None:
    settings = WebexSettings(**webex.settings_options(), registration_rate=1e6)  # type: ignore[arg-type]
    platform = WebexPlatform(settings, sleep=lambda seconds: None, now=lambda: BEFORE)
    wanted = timed.revise(online_meeting=ie.OnlineMeeting(platform="webex"))
    event = wanted.revise(online_meeting=platform.create(wanted).online_meeting)
    roster = Roster(SqliteStore(tmp_path / "webex.sqlite", event_id=event.id))
    solo = Participant(email="solo@agri.example", name="Solo", status=RegistrationStatus.REGISTERED)
    roster.merge([*registered(150), solo])
    fake_api.drop("POST", r"/v1/meetings/[^/]+/registrants/bulkInsert", after=True)
    report = register_on_platform(roster, event, platform)
    assert (len(report.registered), report.links) == (150, 0)
    assert report.failed == (("solo@agri.example", "Webex requires a registrant's last name (lastName)"),)
    assert fake_api.count("POST", r".*/bulkInsert") == 2  # 100 and 51 less the one refused; one reply lost
    assert fake_api.count("POST", r".*/query") == 1
    people = {participant.key: participant for participant in roster.people()}
    assert all(people[p.key].platform_id and people[p.key].join_url is None for p in registered(150))
    assert people["solo@agri.example"].platform_sent_at is None
    assert set(webex.registrations[str(event.online_meeting.meeting_id)].values()) == {1}  # type: ignore[union-attr]
    roster.withdraw("person0007@agri.example")
    again = register_on_platform(roster, event, platform)
    assert again.cancelled == ("Person0007@Agri.example",)
    assert again.failed == report.failed  # tried again: still without a last name
    (cancel,) = [call.body for call in fake_api.calls if call.path.endswith("/cancel")]
    assert cancel == {"sendEmail": False, "registrants": [{"id": people["person0007@agri.example"].platform_id}]}
    roster.close()
    platform.close()


# Refusals before any call.


def test_platforms_without_bulk_registration_are_refused_before_any_call(
    tmp_path: Path, fake_api: FakeApi, timed: ie.Event
) -> None:
    roster = Roster(SqliteStore(tmp_path / "roster.sqlite", event_id=timed.id))
    roster.merge(registered(3))
    adapters = [vendor.platform(vendor.install(fake_api)) for vendor in (TEAMS, GOOGLE)]
    adapters.append(JitsiPlatform(JitsiSettings()))
    for adapter in adapters:
        event = timed.revise(online_meeting=ie.OnlineMeeting(platform=adapter.name, meeting_id="m1"), languages=None)
        with pytest.raises(CapabilityError, match="it has no registration of participants"):
            register_on_platform(roster, event, adapter)
        adapter.close()
    assert fake_api.calls == []
    assert all(participant.platform_sent_at is None for participant in roster.people())
    roster.close()


class _Declared:
    """An adapter that says it registers in bulk, and does not."""

    name = "declared"
    capabilities = Capabilities(registration=True, bulk_registration=True, interpretation=True)

    def register(self, event: ie.Event, registrant: Registrant) -> str | None:
        return None


def test_an_adapter_that_only_declares_bulk_registration_is_refused(roster: Roster, event: ie.Event) -> None:
    with pytest.raises(CapabilityError, match="declares bulk registration, but does not implement it"):
        register_on_platform(roster, event, _Declared())  # type: ignore[arg-type]


def test_the_meeting_must_be_on_the_platform(
    roster: Roster, event: ie.Event, platform: ZoomPlatform, fake_api: FakeApi
) -> None:
    roster.merge(registered(1))
    before = len(fake_api.calls)
    for meeting, where in (
        (None, "none yet"),
        (ie.OnlineMeeting(platform="zoom"), "none yet"),
        (ie.OnlineMeeting(platform="webex", meeting_id="abc"), "on webex"),
    ):
        with pytest.raises(PlatformError, match=rf"zoom: the event's meeting is not there \({where}\)"):
            register_on_platform(roster, attrs.evolve(event, online_meeting=meeting), platform)
    assert fake_api.calls[before:] == []


# The command line.


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, zoom: FakeZoom) -> None:
    for name, value in zoom.settings_options().items():
        monkeypatch.setenv(f"IOFS_ZOOM_{name.upper()}", value)
    monkeypatch.setenv("IOFS_ZOOM_REGISTRATION_RATE", "1000000")


def test_the_command_registers_the_roster_beside_the_event_file(
    tmp_path: Path,
    environment: None,
    roster: Roster,
    event: ie.Event,
    zoom: FakeZoom,
    capsys: pytest.CaptureFixture[str],
) -> None:
    event_file = tmp_path / "fsg.json"
    event_json.write(event, event_file)
    beside = Roster(SqliteStore(roster_path(event_file), event_id=event.id))
    beside.merge(registered(31))
    assert main(["roster", "register", str(event_file), "--platform", "zoom"]) == 0
    out = capsys.readouterr().out
    assert out == "registered 31 (31 with a personal link), 0 registered before, cancelled 0, failed 0\n"
    assert all(participant.join_url is not None for participant in beside.people())
    roster.merge([Participant(email="solo@agri.example", status=RegistrationStatus.REGISTERED)])
    assert main(["roster", "register", str(event_file), "--platform", "zoom", "--roster", str(roster.store.path)]) == 0  # type: ignore[attr-defined]
    assert capsys.readouterr().out.startswith("registered 1 (1 with a personal link)")
    beside.close()


def test_the_command_says_each_failure_and_exits_with_1(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    webex: FakeWebex,
    timed: ie.Event,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name, value in webex.settings_options().items():
        monkeypatch.setenv(f"IOFS_WEBEX_{name.upper()}", value)
    platform = WebexPlatform(now=lambda: BEFORE)
    wanted = timed.revise(online_meeting=ie.OnlineMeeting(platform="webex"))
    event = wanted.revise(online_meeting=platform.create(wanted).online_meeting)
    platform.close()
    event_file = tmp_path / "fsg.json"
    event_json.write(event, event_file)
    roster = Roster(SqliteStore(roster_path(event_file), event_id=event.id))
    roster.merge(
        [*registered(2), Participant(email="solo@agri.example", name="Solo", status=RegistrationStatus.REGISTERED)]
    )
    assert main(["roster", "register", str(event_file), "--platform", "webex"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "registered 2 (0 with a personal link), 0 registered before, cancelled 0, failed 1\n"
    assert captured.err.endswith("iofs-events: solo@agri.example: Webex requires a registrant's last name (lastName)\n")
    roster.close()


def test_the_command_refuses_what_cannot_be_done(
    tmp_path: Path, seed: ie.Event, capsys: pytest.CaptureFixture[str]
) -> None:
    event_file = tmp_path / "fsg.json"
    event_json.write(seed.revise(online_meeting=ie.OnlineMeeting(platform="jitsi"), languages=None), event_file)
    assert main(["roster", "register", str(event_file), "--platform", "jitsi"]) == 1
    assert capsys.readouterr().err == f"iofs-events: no such file: {roster_path(event_file)}\n"
    Roster.beside(event_file, seed).close()
    assert main(["roster", "register", str(event_file), "--platform", "jitsi"]) == 1
    assert (
        capsys.readouterr().err
        == "iofs-events: jitsi cannot do what the event asks: it has no registration of participants\n"
    )
    with pytest.raises(SystemExit) as usage:
        main(["roster"])
    assert usage.value.code == 2
    with pytest.raises(SystemExit) as helped:
        main(["roster", "register", "--help"])
    assert helped.value.code == 0
    assert "IOFS_ZOOM_REGISTRATION_RATE" in capsys.readouterr().out
