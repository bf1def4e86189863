"""The Teams adapter against a fake Microsoft Graph on 127.0.0.1: mapping, idempotency, faults, secrets, refusals."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import httpx
import pytest

import iofs_events as ie
from iofs_events.exceptions import CapabilityError, PlatformError, SettingsError
from iofs_events.platforms import Platform, Registrant, load_platform
from iofs_events.platforms.teams import TeamsPlatform, TeamsSettings
from tests.platforms.fake_api import FakeApi
from tests.platforms.fake_teams import (
    CLIENT_ID,
    CLIENT_SECRET,
    GRAPH,
    MEETINGS,
    TENANT,
    TOKEN,
    USER_ID,
    install,
)

ALMATY = ZoneInfo("Asia/Almaty")
CREATE = rf"{MEETINGS}/createOrGet"
MEETING = rf"{MEETINGS}/[^/]+"
REGISTRATION_NOTE = "registration: Teams meetings have none (Teams webinars do); anyone with the link can join"


def span(day: int, start: int, end: int) -> ie.TimeSpan:
    return ie.TimeSpan(
        starts_at=datetime(2021, 12, day, start, tzinfo=ALMATY), ends_at=datetime(2021, 12, day, end, tzinfo=ALMATY)
    )


@pytest.fixture(scope="module")
def timed(seed: ie.Event) -> ie.Event:
    """The seed once its time is fixed, to be held on Teams, in English only: Teams has no interpretation."""
    return seed.revise(
        schedule=span(22, 10, 16),
        languages=ie.LanguagePlan(floor="en"),
        online_meeting=ie.OnlineMeeting(platform="teams"),
    )


@pytest.fixture
def graph(fake_api: FakeApi) -> Iterator[FakeApi]:
    """The fake Graph; every request body it got matched the vendor's schema (checked after the test)."""
    install(fake_api)
    yield fake_api
    assert fake_api.schema_errors == []


def settings(api: FakeApi, **changes: object) -> TeamsSettings:
    values: dict[str, object] = {
        "tenant_id": TENANT,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "user_id": USER_ID,
        "graph_url": api.url + GRAPH,
        "login_url": api.url,
    }
    return TeamsSettings(**{**values, **changes})  # type: ignore[arg-type]


@pytest.fixture
def delays() -> list[float]:
    return []


@pytest.fixture
def teams(graph: FakeApi, delays: list[float]) -> Iterator[TeamsPlatform]:
    platform = TeamsPlatform(settings(graph), sleep=delays.append)
    yield platform
    platform.close()


def tokens(api: FakeApi) -> int:
    return api.count("POST", TOKEN)


# --- the round trip ----------------------------------------------------------------------------


def test_load_platform_builds_the_adapter(graph: FakeApi) -> None:
    platform = load_platform("teams", settings=settings(graph))
    assert isinstance(platform, TeamsPlatform)
    assert isinstance(platform, Platform)
    assert platform.name == "teams"
    capabilities = platform.capabilities
    assert (capabilities.interpretation, capabilities.registration, capabilities.webinars) == (False, False, False)
    assert (capabilities.dial_in, capabilities.idempotent_create, capabilities.personal_links) == (True, True, False)
    assert capabilities.passcode_pattern is None
    platform.close()


def test_create_get_update_delete(teams: TeamsPlatform, graph: FakeApi, timed: ie.Event) -> None:
    created = teams.create(timed)
    [stored] = graph.state["meetings"].values()
    meeting = created.online_meeting
    assert meeting.platform == "teams"
    assert meeting.meeting_id == stored["id"]
    assert meeting.join_url == stored["joinWebUrl"]
    assert meeting.join_url is not None
    assert meeting.join_url.startswith("https://teams.microsoft.com/l/meetup-join/19%3ameeting_")
    assert meeting.passcode == "Tm1xQ7"
    # each number once, in E.164; "not a number" skipped
    assert [dial_in.number for dial_in in meeting.dial_in] == ["+14255550100", "+442079460000", "+18005550199"]
    assert meeting.host_url is None
    assert (created.interpretation, created.registration) == ((), False)
    assert created.not_applied == (REGISTRATION_NOTE,)
    [call] = [call for call in graph.calls if call.path.endswith("/createOrGet")]
    assert call.body == {
        "externalId": "iofs-fsg-workshop-2021-12-22",
        "startDateTime": "2021-12-22T04:00:00Z",  # 10:00 in Almaty (UTC+6)
        "endDateTime": "2021-12-22T10:00:00Z",
        "subject": timed.title,
    }
    assert graph.count("POST", CREATE) == 1
    [token] = [call for call in graph.calls if call.path.endswith("/token")]
    assert b"scope=" + quote(f"{graph.url}/.default", safe="").encode() in token.raw  # the Graph in use

    assert meeting.meeting_id is not None
    assert teams.get(meeting.meeting_id).online_meeting == meeting
    assert teams.get(meeting.meeting_id).not_applied == ()

    later = timed.revise(schedule=span(23, 11, 15), title="Food Security Governance (moved)", online_meeting=meeting)
    updated = teams.update(later)
    assert updated.online_meeting == meeting  # same meeting, link and passcode
    assert updated.not_applied == (REGISTRATION_NOTE,)
    assert stored["startDateTime"] == "2021-12-23T05:00:00.0000000Z"
    assert stored["endDateTime"] == "2021-12-23T09:00:00.0000000Z"
    assert stored["subject"] == "Food Security Governance (moved)"
    assert (graph.count("PATCH", MEETING), graph.count("GET", MEETING)) == (1, 3)  # two gets, and the read-back

    teams.delete(meeting.meeting_id)
    assert graph.state["meetings"] == {}
    assert graph.count("DELETE", MEETING) == 1
    assert tokens(graph) == 1  # one token for every call within its lifetime
    assert graph.schema_errors == []


def test_deleting_a_meeting_already_gone_is_no_error(teams: TeamsPlatform, graph: FakeApi, timed: ie.Event) -> None:
    meeting_id = teams.create(timed).online_meeting.meeting_id
    assert meeting_id is not None
    teams.delete(meeting_id)
    teams.delete(meeting_id)
    graph.fail("DELETE", MEETING, 410)
    teams.delete(meeting_id)
    assert graph.count("DELETE", MEETING) == 3
    assert graph.schema_errors == []


def test_getting_a_meeting_that_does_not_exist_is_an_error(teams: TeamsPlatform, graph: FakeApi) -> None:
    with pytest.raises(PlatformError, match=r"teams: GET .*: 404 Meeting not found") as caught:
        teams.get("MSpub3QtYS1tZWV0aW5n")
    assert caught.value.status == 404


def test_creating_twice_gives_the_same_meeting(teams: TeamsPlatform, graph: FakeApi, timed: ie.Event) -> None:
    first = teams.create(timed)
    second = teams.create(timed)
    assert first == second
    assert len(graph.state["meetings"]) == 1
    assert graph.count("POST", CREATE) == 2
    assert graph.count("PATCH") == graph.count("GET") == 0  # createOrGet's reply was in step: nothing to change


def test_creating_a_revised_event_brings_its_earlier_meeting_in_step(
    teams: TeamsPlatform, graph: FakeApi, timed: ie.Event
) -> None:
    first = teams.create(timed)
    moved = teams.create(timed.revise(schedule=span(23, 9, 12)))
    assert moved.online_meeting == first.online_meeting
    [stored] = graph.state["meetings"].values()
    assert (stored["startDateTime"], stored["endDateTime"]) == (
        "2021-12-23T03:00:00.0000000Z",
        "2021-12-23T06:00:00.0000000Z",
    )
    assert (graph.count("POST", CREATE), graph.count("PATCH"), graph.count("GET")) == (2, 1, 1)
    assert moved.not_applied == (REGISTRATION_NOTE,)


def test_what_teams_did_not_apply_is_reported(teams: TeamsPlatform, graph: FakeApi, timed: ie.Event) -> None:
    meeting = teams.create(timed).online_meeting
    [stored] = graph.state["meetings"].values()
    held = {**stored, "startDateTime": "2021-12-22T04:00:00.0000000Z", "subject": "Truncated"}
    graph.fail("GET", MEETING, 200, held)
    updated = teams.update(timed.revise(schedule=span(22, 11, 16), online_meeting=meeting))
    assert updated.not_applied == (
        "the start time: Teams holds '2021-12-22T04:00:00.0000000Z'",
        "the title: Teams holds 'Truncated'",
        REGISTRATION_NOTE,
    )
    graph.fail("GET", MEETING, 200, {**stored, "endDateTime": "soon", "subject": None})
    assert teams.update(timed.revise(schedule=span(22, 11, 16), online_meeting=meeting)).not_applied == (
        "the end time: Teams holds 'soon'",
        "the title: Teams holds None",
        REGISTRATION_NOTE,
    )


def test_teams_sets_its_own_passcode_and_facts_replace_another_platforms(
    teams: TeamsPlatform, graph: FakeApi, timed: ie.Event
) -> None:
    zoom = ie.OnlineMeeting(
        platform="zoom",
        join_url="https://zoom.example/j/87512345678",
        meeting_id="875 1234 5678",
        passcode="Fs2021",
        host_url="https://zoom.example/s/87512345678?zak=host-secret",
        dial_in=(ie.DialIn(number="+77172696969"),),
        registration_url="https://iofs.example/register",
    )
    created = teams.create(timed.revise(online_meeting=zoom, registration=None))
    meeting = created.online_meeting
    assert meeting.platform == "teams"
    assert meeting.passcode == "Tm1xQ7"
    assert meeting.host_url is None
    assert "+77172696969" not in [dial_in.number for dial_in in meeting.dial_in]
    assert meeting.registration_url is None  # the other platform's registration page is not carried over
    assert created.not_applied == ("the event's passcode: Teams sets its own passcode and takes none",)
    assert "Fs2021" not in repr(created)
    # the event now holding Teams' passcode, an update reports nothing about it
    assert teams.update(timed.revise(online_meeting=meeting, registration=None)).not_applied == ()


def test_no_dial_in_without_audio_conferencing(teams: TeamsPlatform, graph: FakeApi, timed: ie.Event) -> None:
    graph.state["audio"] = False
    asked = ie.OnlineMeeting(platform="teams", dial_in=(ie.DialIn(number="+77172696969"),))
    created = teams.create(timed.revise(online_meeting=asked, registration=None))
    assert created.online_meeting.dial_in == ()
    assert created.not_applied == ("dial-in by telephone: the organizer has no Teams audio conferencing",)
    meeting_id = created.online_meeting.meeting_id
    assert meeting_id is not None
    assert teams.get(meeting_id).online_meeting.dial_in == ()


# --- replies that are not meetings -------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (["not", "an", "object"], "createOrGet: the reply is not an online meeting"),
        (None, "createOrGet: the reply is not an online meeting"),
        (
            {"joinWebUrl": "https://teams.microsoft.com/l/meetup-join/x"},
            r"the reply is not an online meeting \(no id\)",
        ),
        ({"id": "MSo=", "joinWebUrl": "not a link"}, "the meeting Graph returned is not usable: join_url"),
        ({"id": "MSo=", "subject": "No link"}, r"the meeting Graph returned has no join link \(joinWebUrl\)"),
    ],
)
def test_a_reply_that_is_not_a_meeting_is_an_error(
    teams: TeamsPlatform, graph: FakeApi, timed: ie.Event, body: object, message: str
) -> None:
    graph.fail("POST", CREATE, 201, body)
    with pytest.raises(PlatformError, match=message):
        teams.create(timed)


def test_the_older_join_url_field_serves_when_join_web_url_is_absent(
    teams: TeamsPlatform, graph: FakeApi, timed: ie.Event
) -> None:
    body = {
        "id": "MSo=",
        "joinUrl": "https://teams.microsoft.com/l/meetup-join/old",
        "joinMeetingIdSettings": None,
        "audioConferencing": {"tollNumber": None, "tollNumbers": [None, "+1 425"], "conferenceId": "1234567"},
    }
    graph.fail("POST", CREATE, 201, body)
    meeting = teams.create(timed).online_meeting
    assert (meeting.join_url, meeting.meeting_id, meeting.passcode, meeting.dial_in) == (
        "https://teams.microsoft.com/l/meetup-join/old",
        "MSo=",
        None,
        (),
    )


# --- faults ------------------------------------------------------------------------------------


def test_a_lost_create_reply_makes_no_second_meeting(
    teams: TeamsPlatform, graph: FakeApi, timed: ie.Event, delays: list[float]
) -> None:
    graph.drop("POST", CREATE, after=True)  # the meeting is made, the reply lost
    created = teams.create(timed)
    [stored] = graph.state["meetings"].values()
    assert created.online_meeting.meeting_id == stored["id"]
    assert graph.count("POST", CREATE) == 2
    assert delays == [0.5]
    assert graph.count("PATCH") == 0


def test_a_timeout_is_retried_and_makes_no_second_meeting(graph: FakeApi, timed: ie.Event) -> None:
    delays: list[float] = []
    client = httpx.Client(timeout=0.5)
    platform = TeamsPlatform(settings(graph), client=client, sleep=delays.append)
    graph.stall("POST", CREATE, 1.0)
    created = platform.create(timed)
    assert delays == [0.5]
    time.sleep(0.8)  # the stalled request reaches createOrGet too, and gets the same meeting
    assert graph.count("POST", CREATE) == 2
    [stored] = graph.state["meetings"].values()
    assert created.online_meeting.meeting_id == stored["id"]
    platform.close()
    assert not client.is_closed  # the caller's client is the caller's to close
    client.close()


@pytest.mark.parametrize(("headers", "expected"), [({"Retry-After": "7"}, [7.0]), ({}, [0.5])])
def test_rate_limits_wait_and_retry(
    teams: TeamsPlatform,
    graph: FakeApi,
    timed: ie.Event,
    delays: list[float],
    headers: dict[str, str],
    expected: list[float],
) -> None:
    graph.fail("POST", CREATE, 429, {"error": {"code": "TooManyRequests", "message": "Throttled"}}, headers)
    teams.create(timed)
    assert delays == expected
    assert len(graph.state["meetings"]) == 1


def test_a_server_error_is_retried(teams: TeamsPlatform, graph: FakeApi, timed: ie.Event, delays: list[float]) -> None:
    graph.fail("POST", CREATE, 500, {"error": {"code": "InternalServerError", "message": "Oops"}})
    assert teams.create(timed).online_meeting.meeting_id is not None
    assert delays == [0.5]


def test_retries_are_bounded(teams: TeamsPlatform, graph: FakeApi, timed: ie.Event, delays: list[float]) -> None:
    graph.fail("POST", CREATE, 503, {"error": {"code": "ServiceUnavailable", "message": "Try later"}}, times=10)
    with pytest.raises(PlatformError) as caught:
        teams.create(timed)
    assert (
        str(caught.value)
        == f"teams: POST /users/{USER_ID.replace('@', '%40')}/onlineMeetings/createOrGet: 503 Try later"
    )
    assert caught.value.status == 503
    assert delays == [0.5, 1.0, 2.0]
    assert graph.count("POST", CREATE) == 4
    assert graph.state["meetings"] == {}


def test_an_expired_token_is_fetched_again_once(teams: TeamsPlatform, graph: FakeApi, timed: ie.Event) -> None:
    meeting_id = teams.create(timed).online_meeting.meeting_id
    assert meeting_id is not None
    graph.state["tokens"].clear()  # Graph no longer honours the token: 401
    assert teams.get(meeting_id).online_meeting.meeting_id == meeting_id
    assert tokens(graph) == 2
    assert graph.count("GET", MEETING) == 2


def test_a_token_is_fetched_again_when_its_lifetime_is_over(
    teams: TeamsPlatform, graph: FakeApi, timed: ie.Event
) -> None:
    graph.state["token_lifetime"] = 30  # less than the minute's margin: over at once
    meeting_id = teams.create(timed).online_meeting.meeting_id
    assert meeting_id is not None
    teams.get(meeting_id)
    assert tokens(graph) == 2
    assert graph.count("GET", MEETING) == 1  # no 401 on the way


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        ((200, {"token_type": "Bearer"}), r"the reply is not a token \(no access_token\): .* keys token_type$"),
        ((503, None), "503 Service Unavailable$"),  # after the retries
        ((400, {"error": "invalid_scope"}), "400 invalid_scope$"),
    ],
)
def test_a_token_reply_without_a_token_is_an_error(
    teams: TeamsPlatform, graph: FakeApi, timed: ie.Event, reply: tuple[int, object], message: str
) -> None:
    graph.fail("POST", TOKEN, *reply, times=10)
    with pytest.raises(PlatformError, match=f"^teams: token request for tenant {TENANT}: {message}") as caught:
        teams.create(timed)
    assert caught.value.status == reply[0]
    assert graph.count(path=MEETINGS) == 0


# --- secrets -----------------------------------------------------------------------------------


def test_secrets_appear_in_no_error_repr_or_log(
    graph: FakeApi, timed: ie.Event, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    platform = TeamsPlatform(settings(graph), sleep=lambda _: None)
    meeting_id = platform.create(timed).online_meeting.meeting_id
    assert meeting_id is not None
    graph.state["tokens"].clear()
    platform.get(meeting_id)
    graph.fail("GET", MEETING, 500, times=10)
    errors: list[Exception] = []
    with pytest.raises(PlatformError) as caught:
        platform.get(meeting_id)
    errors.append(caught.value)
    wrong = TeamsPlatform(settings(graph, client_secret="wrong-" + CLIENT_SECRET), sleep=lambda _: None)
    with pytest.raises(
        PlatformError, match=r"401 invalid_client: AADSTS7000215: Invalid client secret provided\.$"
    ) as refused:
        wrong.create(timed)
    errors.append(refused.value)
    issued = [call.headers["Authorization"][7:] for call in graph.calls if "Authorization" in call.headers]
    assert len(set(issued)) == 2
    secrets = [CLIENT_SECRET, *issued]
    texts = [caplog.text, repr(platform), repr(platform.settings), str(platform.settings), repr(wrong)]
    texts += [str(error) for error in errors] + [repr(error) for error in errors]
    texts += [repr(error.__cause__) + repr(error.__context__) for error in errors]
    assert caplog.records  # the retries were logged
    for secret in secrets:
        for text in texts:
            assert secret not in text
    platform.close()
    wrong.close()


def test_a_secret_echoed_in_a_token_error_is_hidden(teams: TeamsPlatform, graph: FakeApi, timed: ie.Event) -> None:
    graph.fail("POST", TOKEN, 401, {"error": "invalid_client", "error_description": f"Bad secret {CLIENT_SECRET}"})
    with pytest.raises(PlatformError, match=r"invalid_client: Bad secret \*\*\*$"):
        teams.create(timed)


# --- refusals before any call ------------------------------------------------------------------


def test_interpretation_is_refused_before_any_call(teams: TeamsPlatform, graph: FakeApi, seed: ie.Event) -> None:
    event = seed.revise(schedule=span(22, 10, 16))  # the seed asks for Arabic, French and Russian
    for action in (teams.create, teams.update):
        with pytest.raises(CapabilityError, match=r"simultaneous interpretation .*Arabic.* is not offered"):
            action(event)
    assert graph.calls == []


def test_registration_is_refused_before_any_call(teams: TeamsPlatform, graph: FakeApi, timed: ie.Event) -> None:
    with pytest.raises(CapabilityError, match="no registration of participants"):
        teams.register(timed, Registrant(email="omar@agri.example.sa", first_name="Omar"))
    assert graph.calls == []


def test_webinars_are_refused_before_any_call(teams: TeamsPlatform, graph: FakeApi, timed: ie.Event) -> None:
    with pytest.raises(CapabilityError, match="no webinars"):
        teams.create(timed.revise(kind=ie.EventKind.WEBINAR))
    assert graph.calls == []


@pytest.mark.parametrize(
    ("schedule", "has"),
    [
        (ie.DateSpan(first_day=datetime(2021, 12, 22).date(), last_day=datetime(2021, 12, 22).date()), "only days"),
        (None, "no schedule"),
    ],
)
def test_an_event_without_times_gets_no_meeting(
    teams: TeamsPlatform, graph: FakeApi, timed: ie.Event, schedule: ie.DateSpan | None, has: str
) -> None:
    for action in (teams.create, teams.update):
        with pytest.raises(PlatformError, match=f"needs the event's start and end times, and it has {has}"):
            action(timed.revise(schedule=schedule))
    assert graph.calls == []


@pytest.mark.parametrize(
    ("meeting", "message"),
    [
        (None, "no meeting to update"),
        (ie.OnlineMeeting(platform="teams"), "no meeting to update"),
        (ie.OnlineMeeting(platform="zoom", meeting_id="87512345678"), "on zoom, not Teams"),
    ],
)
def test_an_update_needs_the_teams_meeting(
    teams: TeamsPlatform, graph: FakeApi, timed: ie.Event, meeting: ie.OnlineMeeting | None, message: str
) -> None:
    with pytest.raises(PlatformError, match=message):
        teams.update(timed.revise(online_meeting=meeting))
    assert graph.calls == []


# --- settings ----------------------------------------------------------------------------------


def test_settings_come_from_the_environment(
    graph: FakeApi, timed: ie.Event, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env
    for name, value in settings(graph).model_dump().items():
        monkeypatch.setenv(f"IOFS_TEAMS_{name.upper()}", str(value))
    monkeypatch.setenv("IOFS_TEAMS_CLIENT_SECRET", CLIENT_SECRET)
    platform = TeamsPlatform(sleep=lambda _: None)
    assert platform.settings.client_secret.get_secret_value() == CLIENT_SECRET
    assert platform.create(timed).online_meeting.meeting_id is not None
    platform.close()


def test_missing_settings_name_the_variables(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("TENANT_ID", "CLIENT_ID", "CLIENT_SECRET", "USER_ID"):
        monkeypatch.delenv(f"IOFS_TEAMS_{name}", raising=False)
    with pytest.raises(SettingsError) as caught:
        TeamsPlatform()
    for name in ("TENANT_ID", "CLIENT_ID", "CLIENT_SECRET", "USER_ID"):
        assert f"IOFS_TEAMS_{name}" in str(caught.value)
