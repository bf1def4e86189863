"""The Google Meet adapter against a fake Google Calendar: round trips, faults, idempotency, secrets, refusals."""

from __future__ import annotations

import logging
import re
import socket
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import httpx
import pytest
from pydantic import SecretStr

import iofs_events as ie
from iofs_events.exceptions import CapabilityError, PlatformError, SettingsError
from iofs_events.platforms import Platform, Registrant, load_platform
from iofs_events.platforms.google_meet import GoogleMeetPlatform, GoogleSettings
from tests.platforms.fake_api import FakeApi
from tests.platforms.fake_google import CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, FakeGoogle, error

ALMATY = ZoneInfo("Asia/Almaty")
EVENTS = r"^/calendars/primary/events$"
ONE = r"^/calendars/primary/events/\w+$"
TOKEN = r"^/token$"


@pytest.fixture
def timed(seed: ie.Event) -> ie.Event:
    """The seed with its times fixed and without interpretation, which Meet does not offer."""
    return seed.revise(
        schedule=ie.TimeSpan(
            starts_at=datetime(2021, 12, 22, 10, tzinfo=ALMATY), ends_at=datetime(2021, 12, 22, 16, tzinfo=ALMATY)
        ),
        languages=ie.LanguagePlan(floor="en"),
        online_meeting=None,
    )


@pytest.fixture
def google(fake_api: FakeApi) -> Iterator[FakeGoogle]:
    yield FakeGoogle(fake_api)
    assert fake_api.schema_errors == []


@pytest.fixture
def delays() -> list[float]:
    return []


def settings(fake_api: FakeApi, **overrides: Any) -> GoogleSettings:
    values: dict[str, Any] = {
        "client_id": CLIENT_ID,
        "client_secret": SecretStr(CLIENT_SECRET),
        "refresh_token": SecretStr(REFRESH_TOKEN),
        "api_url": fake_api.url,
        "token_url": fake_api.url + "/token",
        **overrides,
    }
    return GoogleSettings(**values)


@pytest.fixture
def meet(fake_api: FakeApi, google: FakeGoogle, delays: list[float]) -> Iterator[GoogleMeetPlatform]:
    platform = GoogleMeetPlatform(settings(fake_api), sleep=delays.append)
    yield platform
    platform.close()


def body_of(fake_api: FakeApi, method: str, path: str = "") -> Any:
    return next(call.body for call in reversed(fake_api.calls) if call.method == method and path in call.path)


# Building the adapter


def test_load_platform_builds_it_from_its_entry_point(fake_api: FakeApi) -> None:
    platform = load_platform("google_meet", settings=settings(fake_api))
    try:
        assert isinstance(platform, GoogleMeetPlatform)
        assert isinstance(platform, Platform)
        assert platform.name == "google_meet"
        capabilities = platform.capabilities
        assert capabilities.dial_in
        assert capabilities.idempotent_create
        assert not capabilities.interpretation
        assert not capabilities.registration
        assert not capabilities.webinars
        assert not capabilities.personal_links
        assert capabilities.passcode_pattern is None
    finally:
        platform.close()
    assert fake_api.calls == []


def test_settings_come_from_the_environment(
    fake_api: FakeApi, google: FakeGoogle, timed: ie.Event, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IOFS_GOOGLE_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("IOFS_GOOGLE_CLIENT_SECRET", CLIENT_SECRET)
    monkeypatch.setenv("IOFS_GOOGLE_REFRESH_TOKEN", REFRESH_TOKEN)
    monkeypatch.setenv("IOFS_GOOGLE_CALENDAR_ID", "team#iofs@group.calendar.google.com")
    monkeypatch.setenv("IOFS_GOOGLE_API_URL", fake_api.url)
    monkeypatch.setenv("IOFS_GOOGLE_TOKEN_URL", fake_api.url + "/token")
    platform = GoogleMeetPlatform()
    try:
        meeting = platform.create(timed)
        assert platform.get(meeting.online_meeting.meeting_id or "").online_meeting == meeting.online_meeting
    finally:
        platform.close()
    # The calendar id is one path segment, percent-encoded ("#" would end the path).
    assert fake_api.count("POST", r"^/calendars/team%23iofs%40group\.calendar\.google\.com/events$") == 1
    assert list(google.events("team#iofs@group.calendar.google.com")) == [meeting.online_meeting.meeting_id]


def test_missing_settings_name_the_variables(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("CLIENT_ID", "CLIENT_SECRET", "REFRESH_TOKEN"):
        monkeypatch.delenv(f"IOFS_GOOGLE_{name}", raising=False)
    with pytest.raises(SettingsError) as raised:
        GoogleMeetPlatform()
    for name in ("IOFS_GOOGLE_CLIENT_ID", "IOFS_GOOGLE_CLIENT_SECRET", "IOFS_GOOGLE_REFRESH_TOKEN"):
        assert name in str(raised.value)


def test_close_keeps_a_client_it_was_given(fake_api: FakeApi) -> None:
    with httpx.Client() as client:
        GoogleMeetPlatform(settings(fake_api), client=client).close()
        assert not client.is_closed


# The round trip


def test_create_get_update_delete(
    meet: GoogleMeetPlatform, fake_api: FakeApi, google: FakeGoogle, timed: ie.Event
) -> None:
    created = meet.create(timed)
    om = created.online_meeting
    event_id = meet.calendar_event_id(timed)
    stored = google.events()[event_id]
    code = stored["conferenceData"]["conferenceId"]
    assert om.platform == "google_meet"
    assert om.meeting_id == event_id
    assert om.join_url == f"https://meet.google.com/{code}" == stored["hangoutLink"]
    assert om.passcode is None
    assert om.host_url is None
    assert om.dial_in == (ie.DialIn(number="+16502530000", country="US"),)
    assert created.interpretation == ()
    assert created.registration is False
    assert created.not_applied == ("registration of participants: Google Meet has none (register them elsewhere)",)

    sent = body_of(fake_api, "POST", "/events")
    assert sent["id"] == event_id
    assert sent["summary"] == timed.title
    assert sent["description"] == timed.summary
    assert sent["status"] == "confirmed"
    assert sent["start"] == {"dateTime": "2021-12-22T10:00:00+06:00", "timeZone": "Asia/Almaty"}
    assert sent["end"] == {"dateTime": "2021-12-22T16:00:00+06:00", "timeZone": "Asia/Almaty"}
    request = sent["conferenceData"]["createRequest"]
    assert request["conferenceSolutionKey"] == {"type": "hangoutsMeet"}
    assert sent["extendedProperties"] == {"private": {"iofsEventId": timed.id}}
    assert fake_api.calls[-1].query == {"conferenceDataVersion": ["1"]}
    assert fake_api.count("POST", EVENTS) == 1
    assert fake_api.count("GET") == 0  # the insert's reply carries the whole event

    assert meet.get(event_id).online_meeting == om
    assert meet.get(event_id).not_applied == ()

    later = timed.revise(
        title="Food Security Governance: OIC Country Experience",
        status=ie.EventStatus.TENTATIVE,
        schedule=ie.TimeSpan(
            starts_at=datetime(2021, 12, 23, 9, tzinfo=ALMATY), ends_at=datetime(2021, 12, 23, 13, tzinfo=ALMATY)
        ),
        online_meeting=om,
    )
    updated = meet.update(later)
    assert updated.online_meeting == om
    assert fake_api.count("PATCH", ONE) == 1
    assert fake_api.count("GET", ONE) == 3  # two gets, and the update's read-back
    patch = body_of(fake_api, "PATCH")
    assert patch == {
        "summary": later.title,
        "description": timed.summary,
        "start": {"dateTime": "2021-12-23T09:00:00+06:00", "timeZone": "Asia/Almaty"},
        "end": {"dateTime": "2021-12-23T13:00:00+06:00", "timeZone": "Asia/Almaty"},
        "status": "tentative",
    }
    assert stored["summary"] == later.title
    assert stored["start"]["dateTime"] == "2021-12-23T09:00:00+06:00"
    assert stored["hangoutLink"] == om.join_url  # the conference is kept

    meet.delete(event_id)
    assert stored["status"] == "cancelled"
    assert fake_api.count("DELETE", ONE) == 1
    with pytest.raises(PlatformError, match="has been deleted") as raised:
        meet.get(event_id)
    assert raised.value.status == 410
    assert fake_api.count("POST", TOKEN) == 1  # one token for every call within its lifetime


def test_delete_of_a_meeting_already_gone_is_no_error(
    meet: GoogleMeetPlatform, fake_api: FakeApi, timed: ie.Event
) -> None:
    meeting_id = meet.create(timed).online_meeting.meeting_id or ""
    meet.delete(meeting_id)
    meet.delete(meeting_id)  # 410 "Resource has been deleted"
    meet.delete("iofsneverexisted")  # 404
    assert [call.method for call in fake_api.calls if call.path != "/token"] == ["POST", "DELETE", "DELETE", "DELETE"]


def test_update_clears_a_description_the_event_no_longer_has(
    meet: GoogleMeetPlatform, fake_api: FakeApi, google: FakeGoogle, timed: ie.Event
) -> None:
    om = meet.create(timed).online_meeting
    meet.update(timed.revise(summary=None, url="https://iofs.example/events/fsg-2021", online_meeting=om))
    assert body_of(fake_api, "PATCH")["description"] == "https://iofs.example/events/fsg-2021"
    meet.update(timed.revise(summary=None, online_meeting=om))
    assert body_of(fake_api, "PATCH")["description"] == ""
    assert google.events()[om.meeting_id or ""]["description"] == ""


def test_an_event_without_summary_sends_no_description(
    meet: GoogleMeetPlatform, fake_api: FakeApi, timed: ie.Event
) -> None:
    meet.create(timed.revise(summary=None))
    assert "description" not in body_of(fake_api, "POST", "/events")


def test_the_meeting_replaces_another_platform_s_facts(meet: GoogleMeetPlatform, timed: ie.Event) -> None:
    zoom = ie.OnlineMeeting(
        platform="zoom",
        join_url="https://zoom.example/j/87512345678",
        meeting_id="875 1234 5678",
        passcode="Fs2021",
        host_url="https://zoom.example/s/87512345678?zak=host-secret",
        registration_url="https://iofs.example/register",
        dial_in=(ie.DialIn(number="+77172696969"),),
    )
    meeting = meet.create(timed.revise(online_meeting=zoom, registration=None))
    om = meeting.online_meeting
    assert om.platform == "google_meet"
    assert om.join_url is not None
    assert om.join_url.startswith("https://meet.google.com/")
    assert om.passcode is None
    assert om.host_url is None
    assert om.dial_in == (ie.DialIn(number="+16502530000", country="US"),)
    assert om.registration_url is None  # the other platform's registration page is not carried over
    assert meeting.not_applied == (
        "a passcode: Google Meet has none (the host admits guests from outside the organization)",
    )


# Conferences that take time, fail, or are not allowed


def test_a_pending_conference_is_read_back_until_it_succeeds(
    meet: GoogleMeetPlatform, fake_api: FakeApi, google: FakeGoogle, timed: ie.Event, delays: list[float]
) -> None:
    google.conference, google.pending_reads = "pending", 2
    meeting = meet.create(timed)
    assert meeting.online_meeting.join_url == google.events()[meet.calendar_event_id(timed)]["hangoutLink"]
    assert fake_api.count("GET", ONE) == 2
    assert delays == [0.5, 1.0]


def test_a_conference_pending_too_long_is_reported(
    meet: GoogleMeetPlatform, fake_api: FakeApi, google: FakeGoogle, timed: ie.Event, delays: list[float]
) -> None:
    google.conference, google.pending_reads = "pending", 100
    meeting = meet.create(timed.revise(registration=None))
    assert meeting.online_meeting.join_url is None
    assert meeting.online_meeting.meeting_id == meet.calendar_event_id(timed)
    assert meeting.not_applied == ("the Google Meet link: Calendar is still creating it; get the meeting again later",)
    assert fake_api.count("GET", ONE) == GoogleMeetPlatform.pending_reads
    assert delays == [0.5, 1.0, 2.0, 4.0, 8.0]


def test_a_failed_conference_is_reported(meet: GoogleMeetPlatform, google: FakeGoogle, timed: ie.Event) -> None:
    google.conference = "failure"
    meeting = meet.create(timed.revise(registration=None))
    assert meeting.online_meeting.join_url is None
    assert meeting.not_applied == ("the Google Meet link: Calendar could not create the conference",)


def test_a_calendar_without_meet_is_reported(meet: GoogleMeetPlatform, google: FakeGoogle, timed: ie.Event) -> None:
    google.conference = "none"
    meeting = meet.get(meet.create(timed).online_meeting.meeting_id or "")
    assert meeting.online_meeting.join_url is None
    assert meeting.online_meeting.dial_in == ()
    assert meeting.not_applied == (
        "the Google Meet link: Calendar attached no conference (is Google Meet allowed for this account?)",
    )


def test_the_join_link_may_come_from_the_video_entry_point(
    meet: GoogleMeetPlatform, google: FakeGoogle, timed: ie.Event
) -> None:
    google.hangout_link = False
    meeting = meet.create(timed)
    stored = google.events()[meet.calendar_event_id(timed)]
    assert "hangoutLink" not in stored
    assert meeting.online_meeting.join_url == f"https://meet.google.com/{stored['conferenceData']['conferenceId']}"


def test_dial_in_numbers_are_e164_and_invalid_ones_are_left_out(
    meet: GoogleMeetPlatform, google: FakeGoogle, timed: ie.Event
) -> None:
    google.phones = [
        {"entryPointType": "phone", "uri": "tel:+44-20-3873-7654,,123456789;9", "pin": "123456789", "regionCode": "GB"},
        {"entryPointType": "phone", "uri": "tel:+44-20-3873-7654", "regionCode": "GB"},  # the same number again
        {"entryPointType": "phone", "uri": "tel:+49-30-303-986300", "regionCode": "XX"},  # no such country
        {"entryPointType": "phone", "uri": "tel:+1-555-0100", "regionCode": "US"},  # not a valid number
        {"entryPointType": "phone", "label": "+7 701 881 2532"},  # no tel: URI
        {"entryPointType": "sip", "uri": "sip:123456789@meet.example"},
    ]
    meeting = meet.create(timed)
    assert meeting.online_meeting.dial_in == (
        ie.DialIn(number="+442038737654", country="GB"),
        ie.DialIn(number="+4930303986300"),
    )
    assert meeting.online_meeting.passcode is None  # the phone PIN is no passcode


# Faults


def test_429_waits_as_long_as_retry_after_says(
    meet: GoogleMeetPlatform, fake_api: FakeApi, timed: ie.Event, delays: list[float]
) -> None:
    fake_api.fail("POST", EVENTS, 429, {"error": {"code": 429, "message": "Rate Limit Exceeded"}}, {"Retry-After": "7"})
    assert meet.create(timed).online_meeting.join_url is not None
    assert delays == [7.0]
    assert fake_api.count("POST", EVENTS) == 2


def test_429_without_retry_after_backs_off(
    meet: GoogleMeetPlatform, fake_api: FakeApi, timed: ie.Event, delays: list[float]
) -> None:
    fake_api.fail("POST", EVENTS, 429, {"error": {"code": 429, "message": "Rate Limit Exceeded"}}, times=2)
    meet.create(timed)
    assert delays == [0.5, 1.0]


@pytest.mark.parametrize("reason", ["rateLimitExceeded", "userRateLimitExceeded"])
def test_a_403_rate_limit_is_a_rate_limit(
    meet: GoogleMeetPlatform, fake_api: FakeApi, timed: ie.Event, delays: list[float], reason: str
) -> None:
    fake_api.fail("POST", EVENTS, *error(403, "Rate Limit Exceeded", reason), {"Retry-After": "7"})
    fake_api.fail("POST", EVENTS, *error(403, "Rate Limit Exceeded", reason))
    assert meet.create(timed).online_meeting.join_url is not None
    assert delays == [7.0, 1.0]
    assert fake_api.count("POST", EVENTS) == 3
    fake_api.fail("GET", ONE, *error(403, "Rate Limit Exceeded", reason), times=10)
    with pytest.raises(PlatformError, match="403 Rate Limit Exceeded") as raised:
        meet.get(meet.calendar_event_id(timed))
    assert raised.value.status == 403


def test_a_daily_quota_is_not_a_rate_limit(meet: GoogleMeetPlatform, fake_api: FakeApi, timed: ie.Event) -> None:
    fake_api.fail("POST", EVENTS, *error(403, "Daily Limit Exceeded", "dailyLimitExceeded"))
    with pytest.raises(PlatformError, match="403 Daily Limit Exceeded"):
        meet.create(timed)
    assert fake_api.count("POST", EVENTS) == 1


def test_a_5xx_is_retried(meet: GoogleMeetPlatform, fake_api: FakeApi, timed: ie.Event, delays: list[float]) -> None:
    meeting_id = meet.create(timed).online_meeting.meeting_id or ""
    fake_api.fail("GET", ONE, 500, {"error": {"code": 500, "message": "Backend Error"}})
    assert meet.get(meeting_id).online_meeting.meeting_id == meeting_id
    assert delays == [0.5]
    assert fake_api.count("GET", ONE) == 2


def test_a_timeout_is_retried(fake_api: FakeApi, google: FakeGoogle, timed: ie.Event, delays: list[float]) -> None:
    with httpx.Client(timeout=0.5) as client:
        meet = GoogleMeetPlatform(settings(fake_api), client=client, sleep=delays.append)
        meeting_id = meet.create(timed).online_meeting.meeting_id or ""
        fake_api.stall("GET", ONE, 1.5)
        assert meet.get(meeting_id).online_meeting.meeting_id == meeting_id
    assert delays == [0.5]
    assert fake_api.count("GET", ONE) == 2


def test_a_create_whose_reply_is_lost_makes_one_meeting(
    meet: GoogleMeetPlatform, fake_api: FakeApi, google: FakeGoogle, timed: ie.Event, delays: list[float]
) -> None:
    fake_api.drop("POST", EVENTS, after=True)  # the server makes the event, the reply is lost
    meeting = meet.create(timed)
    assert list(google.events()) == [meet.calendar_event_id(timed)]
    assert meeting.online_meeting.join_url == google.events()[meet.calendar_event_id(timed)]["hangoutLink"]
    assert fake_api.count("POST", EVENTS) == 2  # the second is answered 409: it exists
    assert fake_api.count("GET", ONE) == 1  # and is read back
    assert delays == [0.5]


def test_a_create_that_failed_after_the_server_made_it_makes_one_meeting(
    meet: GoogleMeetPlatform, fake_api: FakeApi, google: FakeGoogle, timed: ie.Event
) -> None:
    first = meet.create(timed)
    again = meet.create(timed)  # e.g. a process that crashed before saving the first reply
    assert again.online_meeting == first.online_meeting
    assert len(google.events()) == 1


def test_a_create_after_a_delete_restores_the_event(
    meet: GoogleMeetPlatform, fake_api: FakeApi, google: FakeGoogle, timed: ie.Event
) -> None:
    first = meet.create(timed)
    meet.delete(first.online_meeting.meeting_id or "")
    later = timed.revise(title="Reinstated workshop")
    again = meet.create(later)
    stored = google.events()[meet.calendar_event_id(timed)]
    assert len(google.events()) == 1
    assert stored["status"] == "confirmed"
    assert stored["summary"] == "Reinstated workshop"
    assert again.online_meeting == first.online_meeting
    patch = body_of(fake_api, "PATCH")
    assert "id" not in patch
    assert patch["status"] == "confirmed"


def test_a_calendar_event_of_another_event_is_not_taken(
    meet: GoogleMeetPlatform, fake_api: FakeApi, google: FakeGoogle, timed: ie.Event
) -> None:
    meet.create(timed)
    stored = google.events()[meet.calendar_event_id(timed)]
    stored["extendedProperties"]["private"]["iofsEventId"] = "someone-else"
    with pytest.raises(PlatformError, match="belongs to another event") as raised:
        meet.create(timed)
    assert raised.value.status == 409


def test_a_calendar_event_without_owner_is_taken_as_ours(
    meet: GoogleMeetPlatform, google: FakeGoogle, timed: ie.Event
) -> None:
    first = meet.create(timed)
    del google.events()[meet.calendar_event_id(timed)]["extendedProperties"]
    assert meet.create(timed).online_meeting == first.online_meeting


def test_an_expired_token_is_fetched_again_once(
    meet: GoogleMeetPlatform, fake_api: FakeApi, google: FakeGoogle, timed: ie.Event
) -> None:
    meeting_id = meet.create(timed).online_meeting.meeting_id or ""
    google.expire_tokens()
    assert meet.get(meeting_id).online_meeting.meeting_id == meeting_id
    assert fake_api.count("POST", TOKEN) == 2
    assert fake_api.count("GET", ONE) == 2  # refused (401), then answered
    first, second = (call.headers["Authorization"] for call in fake_api.calls if call.method == "GET")
    assert first != second


def test_a_token_that_expires_by_the_clock_is_fetched_again(
    meet: GoogleMeetPlatform, fake_api: FakeApi, timed: ie.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = meet.create(timed).online_meeting.meeting_id or ""
    token = meet._api._token
    assert token is not None
    monkeypatch.setattr(token, "_expires", 0.0)  # the hour is over
    meet.get(meeting_id)
    assert fake_api.count("POST", TOKEN) == 2
    assert fake_api.count("GET", ONE) == 1


def test_retries_are_bounded(meet: GoogleMeetPlatform, fake_api: FakeApi, timed: ie.Event, delays: list[float]) -> None:
    fake_api.fail("POST", EVENTS, 503, {"error": {"code": 503, "message": "Service Unavailable"}}, times=10)
    with pytest.raises(PlatformError) as raised:
        meet.create(timed)
    assert str(raised.value) == "google_meet: POST /calendars/primary/events: 503 Service Unavailable"
    assert raised.value.status == 503
    assert fake_api.count("POST", EVENTS) == 4
    assert delays == [0.5, 1.0, 2.0]


def test_a_refusal_is_not_retried(meet: GoogleMeetPlatform, fake_api: FakeApi, timed: ie.Event) -> None:
    fake_api.fail("POST", EVENTS, 403, {"error": {"code": 403, "message": "The caller does not have permission"}})
    with pytest.raises(PlatformError, match="403 The caller does not have permission"):
        meet.create(timed)
    assert fake_api.count("POST", EVENTS) == 1


def test_a_reply_that_is_not_a_json_object_is_an_error(
    meet: GoogleMeetPlatform, fake_api: FakeApi, timed: ie.Event
) -> None:
    meeting_id = meet.create(timed).online_meeting.meeting_id or ""
    fake_api.fail("GET", ONE, 200, ["not", "an", "event"])
    with pytest.raises(
        PlatformError, match=r"GET /calendars/primary/events/iofs\w+: the reply is not a calendar event: .* JSON array"
    ):
        meet.get(meeting_id)
    fake_api.fail("GET", ONE, 200, None)
    with pytest.raises(PlatformError, match="the reply is not a calendar event: received 200 with an empty body"):
        meet.get(meeting_id)


def test_an_update_of_a_deleted_meeting_is_an_error(
    meet: GoogleMeetPlatform, fake_api: FakeApi, timed: ie.Event
) -> None:
    om = ie.OnlineMeeting(platform="google_meet", meeting_id="iofsneverexisted")
    with pytest.raises(PlatformError, match="404 Not Found") as raised:
        meet.update(timed.revise(online_meeting=om))
    assert raised.value.status == 404


# Secrets


def test_secrets_never_appear(
    fake_api: FakeApi,
    google: FakeGoogle,
    timed: ie.Event,
    caplog: pytest.LogCaptureFixture,
    delays: list[float],
) -> None:
    caplog.set_level(logging.DEBUG)
    shown: list[str] = []
    meet = GoogleMeetPlatform(settings(fake_api), sleep=delays.append)
    shown += [repr(meet.settings), str(meet.settings), repr(meet)]
    meeting_id = meet.create(timed).online_meeting.meeting_id or ""
    fake_api.fail("GET", ONE, 500, {"error": {"code": 500, "message": "Backend Error"}})
    google.expire_tokens()
    meet.get(meeting_id)
    google.expire_tokens()
    google.refresh_token = "1//another-refresh-token"  # the refresh token is revoked
    with pytest.raises(PlatformError) as raised:
        meet.get(meeting_id)
    assert str(raised.value) == "google_meet: token request: 400 invalid_grant: Token has been expired or revoked."
    assert raised.value.status == 400
    shown += [str(raised.value), repr(raised.value)]
    meet.close()
    shown += [record.getMessage() for record in caplog.records]
    tokens = [call.headers["Authorization"].removeprefix("Bearer ") for call in fake_api.calls if call.path != "/token"]
    assert tokens
    for text in shown:
        for secret in (CLIENT_SECRET, REFRESH_TOKEN, *tokens):
            assert secret not in text
    assert any("retrying" in record.getMessage() for record in caplog.records)


def test_a_token_endpoint_out_of_reach_is_an_error(fake_api: FakeApi, google: FakeGoogle) -> None:
    with socket.socket() as probe:  # a port that nothing listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    meet = GoogleMeetPlatform(settings(fake_api, token_url=f"http://127.0.0.1:{port}/token"), sleep=lambda _: None)
    try:
        with pytest.raises(PlatformError, match=r"^google_meet: token request: no reply \(ConnectError\)$"):
            meet.get("iofsanything")
    finally:
        meet.close()
    assert fake_api.calls == []


# Refusals before any call


def test_interpretation_is_refused_before_any_call(meet: GoogleMeetPlatform, fake_api: FakeApi, seed: ie.Event) -> None:
    interpreted = attrs.evolve(
        seed,
        schedule=ie.TimeSpan(
            starts_at=datetime(2021, 12, 22, 10, tzinfo=ALMATY), ends_at=datetime(2021, 12, 22, 16, tzinfo=ALMATY)
        ),
    )
    with pytest.raises(CapabilityError, match="simultaneous interpretation"):
        meet.create(interpreted)
    with pytest.raises(CapabilityError, match="simultaneous interpretation"):
        meet.update(interpreted)
    assert fake_api.calls == []


def test_registration_is_refused_before_any_call(meet: GoogleMeetPlatform, fake_api: FakeApi, timed: ie.Event) -> None:
    with pytest.raises(CapabilityError, match="no registration"):
        meet.register(timed, Registrant(email="omar@agri.example.sa", first_name="Omar"))
    assert fake_api.calls == []


def test_a_webinar_is_refused_before_any_call(meet: GoogleMeetPlatform, fake_api: FakeApi, timed: ie.Event) -> None:
    webinar = timed.revise(kind=ie.EventKind.WEBINAR, online_meeting=ie.OnlineMeeting(platform="google_meet"))
    with pytest.raises(CapabilityError, match="no webinars"):
        meet.create(webinar)
    assert fake_api.calls == []


@pytest.mark.parametrize(
    "schedule", [None, ie.DateSpan(first_day=datetime(2021, 12, 22).date(), last_day=datetime(2021, 12, 22).date())]
)
def test_an_event_without_times_gets_no_meeting(
    meet: GoogleMeetPlatform, fake_api: FakeApi, timed: ie.Event, schedule: ie.DateSpan | None
) -> None:
    event = attrs.evolve(timed, schedule=schedule)
    with pytest.raises(PlatformError, match="needs the event's start and end times"):
        meet.create(event)
    with pytest.raises(PlatformError, match="needs the event's start and end times"):
        meet.update(event)
    assert fake_api.calls == []


def test_a_cancelled_event_gets_no_meeting(meet: GoogleMeetPlatform, fake_api: FakeApi, timed: ie.Event) -> None:
    with pytest.raises(PlatformError, match="a cancelled event gets no meeting"):
        meet.create(timed.cancel())
    assert fake_api.calls == []


@pytest.mark.parametrize(
    "online",
    [
        None,
        ie.OnlineMeeting(platform="google_meet"),
        ie.OnlineMeeting(platform="zoom", meeting_id="87512345678"),
    ],
)
def test_an_update_needs_a_meet_meeting(
    meet: GoogleMeetPlatform, fake_api: FakeApi, timed: ie.Event, online: ie.OnlineMeeting | None
) -> None:
    with pytest.raises(PlatformError, match="no Google Meet meeting to update"):
        meet.update(timed.revise(online_meeting=online))
    assert fake_api.calls == []


def test_the_calendar_event_id_is_in_calendars_alphabet(timed: ie.Event) -> None:
    for identifier in ("a", "iofs-fsg-workshop-2021-12-22", "Z" * 200, "a.b_c~d"):
        event_id = GoogleMeetPlatform.calendar_event_id(attrs.evolve(timed, id=identifier))
        assert re.fullmatch(r"[a-v0-9]{5,1024}", event_id)
    assert GoogleMeetPlatform.calendar_event_id(attrs.evolve(timed, id="Ab")) != GoogleMeetPlatform.calendar_event_id(
        attrs.evolve(timed, id="ab")
    )
