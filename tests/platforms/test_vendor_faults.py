"""What every adapter that calls a vendor must survive alike: token endpoints and APIs that fail, lag, lie or echo."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import httpx
import pytest

import iofs_events as ie
from iofs_events import json as event_json
from iofs_events.cli import main
from iofs_events.exceptions import PlatformError
from tests.platforms.fake_api import FakeApi, closed_port
from tests.platforms.vendors import RECONCILING, VENDORS, WITH_TOKENS, Vendor

ALMATY = ZoneInfo("Asia/Almaty")


def _ids(vendor: Vendor) -> str:
    return vendor.name


@pytest.fixture(scope="module")
def event(seed: ie.Event) -> ie.Event:
    """The seed workshop moved to 2031, in English only and without registration: every adapter can make it."""
    return seed.revise(
        schedule=ie.TimeSpan(
            starts_at=datetime(2031, 12, 22, 10, tzinfo=ALMATY), ends_at=datetime(2031, 12, 22, 16, tzinfo=ALMATY)
        ),
        languages=ie.LanguagePlan(floor="en"),
        registration=None,
        online_meeting=None,
    )


@pytest.fixture(params=VENDORS, ids=_ids)
def vendor(request: pytest.FixtureRequest) -> Vendor:
    vendor: Vendor = request.param
    return vendor


@pytest.fixture
def options(vendor: Vendor, fake_api: FakeApi) -> Iterator[dict[str, Any]]:
    """The vendor's fake on ``fake_api``, and the adapter's settings that reach it."""
    yield vendor.install(fake_api)
    assert fake_api.schema_errors == []


@pytest.fixture
def delays() -> list[float]:
    return []


@pytest.fixture
def platform(vendor: Vendor, options: dict[str, Any], delays: list[float]) -> Iterator[Any]:
    adapter = vendor.platform(options, sleep=delays.append)
    yield adapter
    adapter.close()


def _elsewhere(options: dict[str, Any], setting: str | None, api: FakeApi) -> dict[str, Any]:
    """``options`` with the URL of ``setting`` moved to a port where nothing listens."""
    assert setting is not None
    return {**options, setting: options[setting].replace(api.url, f"http://127.0.0.1:{closed_port()}")}


def _shown(error: BaseException) -> list[str]:
    return [str(error), repr(error), repr(error.__cause__), repr(error.__context__)]


# Token endpoints: their faults are retried like any request, then a PlatformError.


@pytest.mark.parametrize("vendor", WITH_TOKENS, ids=_ids)
def test_a_token_endpoint_failing_once_is_asked_again(
    vendor: Vendor, platform: Any, fake_api: FakeApi, delays: list[float], event: ie.Event
) -> None:
    assert vendor.token is not None
    fake_api.fail("POST", vendor.token, 500, {"error": "server_error", "error_description": "Try again"})
    made = platform.create(event)
    assert made.online_meeting.join_url is not None
    assert fake_api.count("POST", vendor.token) == 2
    assert delays == [0.5]


@pytest.mark.parametrize("vendor", WITH_TOKENS, ids=_ids)
def test_a_slow_token_endpoint_is_asked_again(
    vendor: Vendor, options: dict[str, Any], fake_api: FakeApi, delays: list[float], event: ie.Event
) -> None:
    assert vendor.token is not None
    fake_api.stall("POST", vendor.token, 1.5)
    with httpx.Client(timeout=0.5) as client:
        platform = vendor.platform(options, client=client, sleep=delays.append)
        made = platform.create(event)
        platform.close()
    assert made.online_meeting.join_url is not None
    assert fake_api.count("POST", vendor.token) == 2
    assert delays == [0.5]


@pytest.mark.parametrize("vendor", WITH_TOKENS, ids=_ids)
def test_a_token_endpoint_that_refuses_connections_is_a_platform_error(
    vendor: Vendor, options: dict[str, Any], fake_api: FakeApi, delays: list[float], event: ie.Event
) -> None:
    platform = vendor.platform(_elsewhere(options, vendor.token_setting, fake_api), sleep=delays.append)
    with pytest.raises(PlatformError, match=rf"^{vendor.name}: token request.*: no reply \(ConnectError\)$") as caught:
        platform.create(event)
    platform.close()
    assert caught.value.status is None
    assert caught.value.__suppress_context__
    assert delays == [0.5, 1.0, 2.0]
    assert fake_api.calls == []


@pytest.mark.parametrize("vendor", WITH_TOKENS, ids=_ids)
def test_a_token_endpoint_that_keeps_failing_is_reported_after_the_retries(
    vendor: Vendor, platform: Any, fake_api: FakeApi, delays: list[float], event: ie.Event
) -> None:
    assert vendor.token is not None
    fake_api.fail("POST", vendor.token, 503, {"error": "temporarily_unavailable"}, times=10)
    with pytest.raises(
        PlatformError, match=rf"^{vendor.name}: token request.*: 503 temporarily_unavailable$"
    ) as caught:
        platform.create(event)
    assert caught.value.status == 503
    assert fake_api.count("POST", vendor.token) == 4
    assert fake_api.count("POST", vendor.create) == 0
    assert delays == [0.5, 1.0, 2.0]


NOT_A_TOKEN = "the reply is not a token"
PROXY_PAGE = b"<html><body><h1>Sign in to the proxy</h1></body></html>"


@pytest.mark.parametrize("vendor", WITH_TOKENS, ids=_ids)
@pytest.mark.parametrize(
    ("body", "received"),
    [
        (PROXY_PAGE, f"{NOT_A_TOKEN}: received 200 with text/html: '{PROXY_PAGE.decode()}'"),
        ({}, rf"{NOT_A_TOKEN} \(no access_token\): received 200 with an empty JSON object"),
        ({"token_type": "Bearer"}, rf"{NOT_A_TOKEN} \(no access_token\): .* of keys token_type"),
        ({"access_token": 42}, rf"{NOT_A_TOKEN} \(no access_token\): .* of keys access_token"),
        (
            {"access_token": "t", "expires_in": "soon"},
            rf"{NOT_A_TOKEN} \(expires_in is not a number\): .* of keys access_token, expires_in",
        ),
        (["access_token"], f"{NOT_A_TOKEN}: received 200 with a JSON array"),
        (None, f"{NOT_A_TOKEN}: received 200 with an empty body"),
    ],
)
def test_a_token_reply_that_is_not_a_token_says_what_came(
    vendor: Vendor, platform: Any, fake_api: FakeApi, event: ie.Event, body: object, received: str
) -> None:
    assert vendor.token is not None
    fake_api.fail("POST", vendor.token, 200, body)
    with pytest.raises(PlatformError, match=rf"^{vendor.name}: token request.*: {received}$") as caught:
        platform.create(event)
    assert caught.value.status == 200
    assert fake_api.count("POST", vendor.token) == 1  # what a proxy answers is not retried
    assert fake_api.count("POST", vendor.create) == 0


# Replies of the API that are not what the vendor documents.


@pytest.mark.parametrize(
    ("body", "received"),
    [
        (b"<html><title>Gateway</title></html>", "received 200 with text/html: '<html><title>Gateway</title></html>'"),
        ({}, r"\(no [a-z_A-Z, ]+\): received 200 with an empty JSON object"),
        ([], "received 200 with a JSON array"),
        (None, "received 200 with an empty body"),
    ],
)
def test_a_create_reply_that_is_not_a_meeting_says_what_came(
    vendor: Vendor, platform: Any, fake_api: FakeApi, event: ie.Event, body: object, received: str
) -> None:
    fake_api.fail("POST", vendor.create, 200, body)
    with pytest.raises(PlatformError, match=rf"^{vendor.name}: POST [^ ]+: the reply is not .*{received}"):
        platform.create(event)


def test_a_closed_api_port_is_a_platform_error(
    vendor: Vendor, options: dict[str, Any], fake_api: FakeApi, delays: list[float], event: ie.Event
) -> None:
    platform = vendor.platform(_elsewhere(options, vendor.api_setting, fake_api), sleep=delays.append)
    with pytest.raises(PlatformError, match=rf"^{vendor.name}: POST [^ ]+: no reply \(ConnectError\)$") as caught:
        platform.create(event)
    platform.close()
    assert caught.value.status is None
    assert delays == [0.5, 1.0, 2.0]  # a refused connection surely made nothing: retried, and never looked for


# Secrets echoed back are never quoted.


@pytest.mark.parametrize("html", [False, True], ids=["json", "html"])
def test_a_request_echoed_in_an_error_is_quoted_without_its_secrets(
    vendor: Vendor, platform: Any, fake_api: FakeApi, event: ie.Event, html: bool
) -> None:
    fake_api.echo("POST", vendor.create, 400, html=html)
    with pytest.raises(PlatformError, match=rf"^{vendor.name}: POST [^ ]+: 400 .*Bad request.*POST") as caught:
        platform.create(event)
    sent = [*vendor.secrets, *vendor.issued(fake_api)]
    assert len(sent) > len(vendor.secrets) or vendor.token is None
    for text in _shown(caught.value):
        for secret in sent:
            assert secret not in text
    assert "***" in str(caught.value)


@pytest.mark.parametrize("vendor", WITH_TOKENS, ids=_ids)
@pytest.mark.parametrize("status", [400, 401])
@pytest.mark.parametrize("html", [False, True], ids=["json", "html"])
def test_a_token_request_echoed_in_an_error_is_quoted_without_its_secrets(
    vendor: Vendor, platform: Any, fake_api: FakeApi, event: ie.Event, status: int, html: bool
) -> None:
    assert vendor.token is not None
    fake_api.echo("POST", vendor.token, status, html=html)
    with pytest.raises(PlatformError, match=rf"^{vendor.name}: token request.*: {status} ") as caught:
        platform.create(event)
    for text in _shown(caught.value):
        for secret in vendor.secrets:
            assert secret not in text
    assert "***" in str(caught.value)


# A create whose reply is lost is looked for, with patience, and never sent twice.


@pytest.mark.parametrize("vendor", RECONCILING, ids=_ids)
def test_a_lost_create_is_found_once_the_listing_shows_it(
    vendor: Vendor, platform: Any, fake_api: FakeApi, delays: list[float], event: ie.Event
) -> None:
    fake_api.lag_listings(2)  # the new meeting appears in the third listing
    fake_api.drop("POST", vendor.create, after=True)
    made = platform.create(event)
    assert fake_api.count("POST", vendor.create) == 1
    assert fake_api.count("GET", f"^{vendor.create}$") == 3
    assert delays == [0.5, 1.0]
    assert made.online_meeting.meeting_id is not None
    assert platform.find(event).online_meeting.meeting_id == made.online_meeting.meeting_id


@pytest.mark.parametrize("vendor", RECONCILING, ids=_ids)
@pytest.mark.parametrize(
    "fault",
    [
        lambda api, path: api.drop("POST", path, after=True),  # made, not listed in time
        lambda api, path: api.drop("POST", path, after=False),  # not made at all
        lambda api, path: api.fail("POST", path, 502, {"message": "Bad gateway"}),
        lambda api, path: api.stall("POST", path, 1.0),
    ],
    ids=["lost-after", "lost-before", "502", "timeout"],
)
def test_a_create_not_found_in_time_is_not_sent_again(
    vendor: Vendor, options: dict[str, Any], fake_api: FakeApi, delays: list[float], event: ie.Event, fault: Any
) -> None:
    fake_api.lag_listings(100)
    fault(fake_api, vendor.create)
    with httpx.Client(timeout=0.5) as client:
        platform = vendor.platform(options, client=client, sleep=delays.append, lookup_time=5)
        with pytest.raises(PlatformError, match="may exist") as caught:
            platform.create(event)
        platform.close()
    message = str(caught.value)
    assert message.startswith(f"{vendor.name}: POST ")
    assert "find(" in message
    assert "iofs-events meeting create" in message
    assert caught.value.uncertain
    assert fake_api.count("POST", vendor.create) == 1
    assert delays == [0.5, 1.0, 2.0, 1.5]  # five seconds of patience, in all
    assert fake_api.count("GET", f"^{vendor.create}$") == 5


@pytest.mark.parametrize("vendor", RECONCILING, ids=_ids)
def test_a_create_whose_lookup_fails_says_the_meeting_may_exist(
    vendor: Vendor, platform: Any, fake_api: FakeApi, event: ie.Event
) -> None:
    fake_api.drop("POST", vendor.create, after=True)
    fake_api.fail("GET", f"^{vendor.create}$", 503, {"message": "Unavailable"}, times=10)
    with pytest.raises(PlatformError, match=r"may exist, and looking for it failed \(.*503 Unavailable\)") as caught:
        platform.create(event)
    assert caught.value.uncertain
    assert fake_api.count("POST", vendor.create) == 1


@pytest.mark.parametrize("vendor", RECONCILING, ids=_ids)
def test_the_command_adopts_the_meeting_an_earlier_attempt_made(
    vendor: Vendor,
    options: dict[str, Any],
    fake_api: FakeApi,
    event: ie.Event,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake_api.lag_listings(100)
    fake_api.drop("POST", vendor.create, after=True)
    platform = vendor.platform(options, sleep=lambda seconds: None)
    with pytest.raises(PlatformError, match="may exist"):
        platform.create(event)
    platform.close()
    fake_api.unlisted.clear()  # the listing has caught up
    monkeypatch.chdir(tmp_path)
    for key, value in options.items():
        monkeypatch.setenv(f"{vendor.prefix}{key.upper()}", str(value))
    source, written = tmp_path / "event.json", tmp_path / "made.json"
    event_json.write(event, source)
    assert main(["meeting", "create", str(source), "--platform", vendor.name, "-o", str(written)]) == 0
    assert fake_api.count("POST", vendor.create) == 1  # adopted, not made again
    made = event_json.read(written).online_meeting
    assert made is not None
    assert made.meeting_id is not None
    assert made.meeting_id in {str(key) for key in fake_api.state["meetings"]}
    assert "adopted" in capsys.readouterr().err
    assert main(["meeting", "create", str(source), "--platform", vendor.name, "-o", str(written)]) == 0
    assert fake_api.count("POST", vendor.create) == 1  # run again: adopted again
    assert event_json.read(written).online_meeting == made


# What the vendor would refuse, or make no sense of, is refused before any request.


def test_a_retry_after_longer_than_the_client_waits_gives_the_time_to_retry(
    vendor: Vendor, platform: Any, fake_api: FakeApi, delays: list[float], event: ie.Event
) -> None:
    fake_api.fail("POST", vendor.create, 429, {"message": "Too many requests"}, {"Retry-After": "86400"})
    before = datetime.now(UTC)
    with pytest.raises(PlatformError, match=r": 429 Too many requests: .*86400 s.*try again after 20\d\d-") as caught:
        platform.create(event)
    retry_at = caught.value.retry_at
    assert retry_at is not None
    assert before + timedelta(days=1) <= retry_at <= datetime.now(UTC) + timedelta(days=1, seconds=1)
    assert f"try again after {retry_at:%Y-%m-%dT%H:%M:%S}Z" in str(caught.value)
    assert caught.value.status == 429
    assert delays == []
    assert fake_api.count("POST", vendor.create) == 1


def test_the_longest_wait_is_an_option(
    vendor: Vendor, options: dict[str, Any], fake_api: FakeApi, delays: list[float], event: ie.Event
) -> None:
    platform = vendor.platform(options, sleep=delays.append, max_wait=900)
    fake_api.fail("POST", vendor.create, 429, {"message": "Too many requests"}, {"Retry-After": "600"})
    assert platform.create(event).online_meeting.join_url is not None
    assert delays == [600.0]
    platform.close()


def test_a_cancelled_or_in_person_event_gets_no_meeting(
    vendor: Vendor, platform: Any, fake_api: FakeApi, event: ie.Event
) -> None:
    with pytest.raises(PlatformError, match=rf"^{vendor.name}: a cancelled event gets no meeting"):
        platform.create(event.cancel())
    in_person = attrs.evolve(event, format=ie.EventFormat.IN_PERSON)
    for action in (platform.create, platform.update):
        with pytest.raises(PlatformError, match=rf"^{vendor.name}: an in-person event has no online meeting"):
            action(in_person)
    held = event.revise(online_meeting=ie.OnlineMeeting(platform=vendor.name, meeting_id="87512345678"))
    with pytest.raises(PlatformError, match=rf"^{vendor.name}: the event is cancelled: delete its meeting"):
        platform.update(held.cancel())
    assert fake_api.calls == []


# The command line: a one-line message and status 1, never a traceback.


def _command_line(
    vendor: Vendor, options: dict[str, Any], event: ie.Event, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    """The arguments of ``meeting create`` on the vendor, its settings ``options`` in the environment."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("time.sleep", lambda seconds: None)  # the retries' pauses, which the command cannot skip
    for key, value in options.items():
        monkeypatch.setenv(f"{vendor.prefix}{key.upper()}", str(value))
    source = tmp_path / "event.json"
    event_json.write(event, source)
    return ["meeting", "create", str(source), "--platform", vendor.name, "-o", str(tmp_path / "out.json")]


def test_the_command_says_in_one_line_that_nothing_listens(
    vendor: Vendor,
    options: dict[str, Any],
    fake_api: FakeApi,
    event: ie.Event,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    closed = _elsewhere(options, vendor.api_setting, fake_api)
    if vendor.token_setting is not None:
        closed = _elsewhere(closed, vendor.token_setting, fake_api)
    assert main(_command_line(vendor, closed, event, tmp_path, monkeypatch)) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"iofs-events: {vendor.name}: ")
    assert err.endswith("no reply (ConnectError)\n")
    assert err.count("\n") == 1
    assert not (tmp_path / "out.json").exists()


def test_the_command_says_in_one_line_that_the_api_is_too_slow(
    vendor: Vendor,
    options: dict[str, Any],
    fake_api: FakeApi,
    event: ie.Event,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake_api.stall("POST", vendor.create, 2.0, times=10)
    arguments = _command_line(vendor, {**options, "timeout": 0.5}, event, tmp_path, monkeypatch)
    assert main(arguments) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"iofs-events: {vendor.name}: POST ")
    assert "no reply (ReadTimeout)" in err
    assert err.count("\n") == 1
    assert not (tmp_path / "out.json").exists()
