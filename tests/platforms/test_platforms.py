"""The platform core: discovery through entry points, capabilities, the HTTP client, Jitsi and plain links."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import textwrap
from collections.abc import Iterator
from datetime import datetime
from importlib.metadata import EntryPoint
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import httpx
import pytest

import iofs_events as ie
from iofs_events import json as event_json
from iofs_events import platforms
from iofs_events.cli import main
from iofs_events.exceptions import CapabilityError, PlatformError, SettingsError, UnknownPlatformError
from iofs_events.platforms import (
    GROUP,
    Api,
    Capabilities,
    Platform,
    Registrant,
    Token,
    available_platforms,
    load_platform,
    read_token,
    reply_reason,
    requirements,
)
from iofs_events.platforms.jitsi import JitsiPlatform, JitsiSettings
from iofs_events.platforms.link import LinkPlatform
from tests.paths import SEED
from tests.platforms.fake_api import Call, FakeApi

ALMATY = ZoneInfo("Asia/Almaty")
SECRET = "s3cr3t-app-key-never-shown"


@pytest.fixture
def event() -> ie.Event:
    """The seed, timed, without interpretation (which Jitsi and plain links do not offer)."""
    seed = event_json.read(SEED)
    return seed.revise(
        schedule=ie.TimeSpan(
            starts_at=datetime(2021, 12, 22, 10, tzinfo=ALMATY), ends_at=datetime(2021, 12, 22, 16, tzinfo=ALMATY)
        ),
        languages=ie.LanguagePlan(floor="en"),
        online_meeting=None,
    )


# Discovery


def test_our_adapters_register_through_entry_points() -> None:
    assert {"google_meet", "jitsi", "link", "teams", "webex", "zoom"} <= set(available_platforms())


def test_an_unknown_name_lists_what_is_installed() -> None:
    with pytest.raises(UnknownPlatformError) as caught:
        load_platform("skype")
    assert isinstance(caught.value, LookupError)
    assert "no conferencing platform named 'skype' is installed; installed: google_meet, jitsi, link" in str(
        caught.value
    )
    for typed, meant in (("google-meet", "google_meet"), ("Zoom", "zoom"), ("webx", "webex"), ("msteams", "teams")):
        with pytest.raises(UnknownPlatformError, match=rf"named '{typed}' is installed \(did you mean '{meant}'\?\); "):
            load_platform(typed)


def test_a_third_party_adapter_is_found_and_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, event: ie.Event
) -> None:
    (tmp_path / "acme_meet.py").write_text(
        textwrap.dedent(
            """
            from iofs_events.platforms import Capabilities, Meeting
            from iofs_events.platforms import online_meeting


            class AcmePlatform:
                name = "acme"
                capabilities = Capabilities(needs_settings=False)

                def __init__(self, *, room: str = "lobby") -> None:
                    self.room = room

                def create(self, event):
                    url = f"https://meet.acme.example/{self.room}/{event.id}"
                    return Meeting(online_meeting=online_meeting(event, platform="acme", join_url=url))

                get = update = delete = register = close = None
            """
        ),
        encoding="utf-8",
    )
    info = tmp_path / "acme_meet-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-meet\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[iofs_events.platforms]\nacme = acme_meet:AcmePlatform\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert "acme" in available_platforms()
    platform = load_platform("acme", room="main-hall")
    meeting = platform.create(event)
    assert meeting.online_meeting.join_url == f"https://meet.acme.example/main-hall/{event.id}"
    assert meeting.online_meeting.platform == "acme"


def test_adapters_meet_the_protocol() -> None:
    for platform in (JitsiPlatform(JitsiSettings()), LinkPlatform()):
        assert isinstance(platform, Platform)


# Capabilities


def test_what_a_platform_cannot_do_is_refused_with_every_reason(event: ie.Event) -> None:
    asking = event.revise(
        kind=ie.EventKind.WEBINAR,
        languages=ie.LanguagePlan(floor="en", interpretation=("ar", "fr")),
        online_meeting=ie.OnlineMeeting(platform="x", passcode="far too long a passcode"),
    )
    capabilities = Capabilities(passcode_pattern=r"\w{1,10}", passcode_rule="at most 10 letters or digits")
    with pytest.raises(CapabilityError) as caught:
        requirements("Example", capabilities, asking, register=True)
    assert caught.value.problems == (
        "simultaneous interpretation (asked: Arabic, French) is not offered; "
        "to meet without it, remove languages.interpretation from the event",
        "it has no registration of participants",
        "it has no webinars; make the event a meeting or choose another platform",
        "the passcode breaks its rule: at most 10 letters or digits; change online_meeting.passcode",
    )
    assert str(caught.value).startswith("Example cannot do what the event asks: simultaneous interpretation")
    everything = Capabilities(interpretation=True, registration=True, webinars=True, passcode_pattern=r".*")
    requirements("Example", everything, asking, register=True)  # no error


# Jitsi and plain links


def test_jitsi_works_with_no_configuration_at_all(monkeypatch: pytest.MonkeyPatch, event: ie.Event) -> None:
    for name in ("SERVER", "ROOM_SECRET", "APP_ID", "APP_SECRET"):
        monkeypatch.delenv(f"IOFS_JITSI_{name}", raising=False)
    platform = load_platform("jitsi")
    meeting = platform.create(event)
    room = meeting.online_meeting.meeting_id
    assert room is not None
    assert room.startswith("iofs-fsg-workshop-2021-12-22-")
    assert meeting.online_meeting.join_url == f"https://meet.jit.si/{room}"
    assert platform.create(event).online_meeting == meeting.online_meeting  # the same room every time
    assert platform.update(event.revise(title="Renamed")).online_meeting.meeting_id == room
    platform.delete(room)  # nothing to delete, no error
    platform.close()


def test_a_room_secret_makes_the_room_unguessable(event: ie.Event) -> None:
    plain = JitsiPlatform(JitsiSettings()).room(event)
    keyed = JitsiPlatform(JitsiSettings(room_secret=SECRET)).room(event)
    assert plain != keyed
    digest = hmac.new(SECRET.encode(), event.id.encode(), hashlib.sha256).hexdigest()[:12]
    assert keyed == f"iofs-fsg-workshop-2021-12-22-{digest}"


def test_a_secured_jitsi_server_gets_a_signed_token(event: ie.Event) -> None:
    settings = JitsiSettings(server="https://meet.iofs.example/", app_id="iofs", app_secret=SECRET, token_hours=2)
    meeting = JitsiPlatform(settings).create(event)
    room = meeting.online_meeting.meeting_id
    assert meeting.online_meeting.join_url == f"https://meet.iofs.example/{room}"  # no token: it is published
    url = meeting.online_meeting.host_url  # the link with the token is a credential, like any host link
    assert url is not None
    assert url.startswith(f"https://meet.iofs.example/{room}?jwt=")
    assert "jwt" not in repr(meeting.online_meeting)
    assert b"jwt" not in event_json.dumps(event.revise(online_meeting=meeting.online_meeting)).encode()
    header, claims, signature = url.split("?jwt=")[1].split(".")
    signed = hmac.new(SECRET.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    assert base64.urlsafe_b64decode(signature + "==") == signed
    payload = json.loads(base64.urlsafe_b64decode(claims + "=="))
    end = datetime(2021, 12, 22, 16, tzinfo=ALMATY).timestamp()
    assert payload == {
        "aud": "jitsi",
        "iss": "iofs",
        "sub": "meet.iofs.example",
        "room": meeting.online_meeting.meeting_id,
        "exp": int(end + 2 * 3600),
    }
    assert SECRET not in repr(settings)
    undated = JitsiPlatform(settings).create(event.revise(schedule=None))
    assert "?jwt=" in str(undated.online_meeting.host_url)
    days = JitsiPlatform(settings).create(
        event.revise(
            schedule=ie.DateSpan(first_day=datetime(2021, 12, 22).date(), last_day=datetime(2021, 12, 22).date())
        )
    )
    assert "?jwt=" in str(days.online_meeting.host_url)


def test_settings_that_cannot_be_read_name_their_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from iofs_events.platforms.zoom import ZoomSettings
    from iofs_events.settings import load_settings

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IOFS_ZOOM_CUSTOM_LANGUAGES", "ar")  # a list must be JSON
    with pytest.raises(
        SettingsError, match=r'^IOFS_ZOOM_CUSTOM_LANGUAGES: cannot be read: give a JSON value, such as \["ar"\]'
    ):
        load_settings(ZoomSettings, account_id="a", client_id="b", client_secret="c")


def test_jitsi_settings_come_in_pairs() -> None:
    from iofs_events.settings import load_settings

    with pytest.raises(SettingsError, match="set both IOFS_JITSI_APP_ID and IOFS_JITSI_APP_SECRET"):
        load_settings(JitsiSettings, app_id="iofs")


def test_jitsi_refuses_what_it_cannot_do_without_a_request(event: ie.Event) -> None:
    platform = JitsiPlatform(JitsiSettings())
    with pytest.raises(CapabilityError, match="no registration"):
        platform.register(event, Registrant(email="aida@agri.example.kz", first_name="Aida"))
    with pytest.raises(CapabilityError, match="interpretation"):
        platform.create(event.revise(languages=ie.LanguagePlan(floor="en", interpretation=("ar",))))
    with pytest.raises(PlatformError, match="not stored anywhere"):
        platform.get("room")


@pytest.mark.parametrize("platform", [JitsiPlatform(JitsiSettings()), LinkPlatform()], ids=["jitsi", "link"])
def test_a_cancelled_or_in_person_event_gets_no_meeting_without_an_api_either(
    platform: Platform, event: ie.Event
) -> None:
    linked = event.revise(online_meeting=ie.OnlineMeeting(platform=platform.name, join_url="https://meet.example/r"))
    with pytest.raises(PlatformError, match=rf"^{platform.name}: a cancelled event gets no meeting"):
        platform.create(linked.cancel())
    with pytest.raises(PlatformError, match=rf"^{platform.name}: the event is cancelled: delete its meeting"):
        platform.update(linked.cancel())
    in_person = attrs.evolve(event, format=ie.EventFormat.IN_PERSON)
    for action in (platform.create, platform.update):
        with pytest.raises(PlatformError, match=rf"^{platform.name}: an in-person event has no online meeting"):
            action(in_person)


def test_a_plain_link_is_the_organizers(event: ie.Event) -> None:
    platform = load_platform("link")
    given = event.revise(online_meeting=ie.OnlineMeeting(platform="zoom", join_url="https://zoom.example/j/1"))
    meeting = platform.create(given)
    assert meeting.online_meeting == given.online_meeting
    assert platform.update(given).online_meeting == given.online_meeting
    platform.delete("anything")
    platform.close()
    with pytest.raises(PlatformError, match=r"set online_meeting\.join_url"):
        platform.create(event)
    with pytest.raises(PlatformError, match="no meeting to look up"):
        platform.get("1")
    with pytest.raises(CapabilityError, match="no registration"):
        platform.register(given, Registrant(email="aida@agri.example.kz", first_name="Aida"))


# The HTTP client


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5) as client:
        yield client


def _api(client: httpx.Client, url: str, delays: list[float], **options: object) -> Api:
    return Api("Example", url, client=client, sleep=delays.append, **options)  # type: ignore[arg-type]


def test_a_429_waits_as_long_as_retry_after_says(fake_api: FakeApi, client: httpx.Client) -> None:
    fake_api.route("GET", "/things/1", lambda call: (200, {"id": 1}))
    fake_api.fail("GET", "/things/1", 429, {"message": "slow down"}, {"Retry-After": "7"})
    fake_api.fail("GET", "/things/1", 429, {"message": "slow down"})
    delays: list[float] = []
    response = _api(client, fake_api.url, delays, backoff=0.25).request("GET", "/things/1")
    assert response is not None
    assert response.json() == {"id": 1}
    assert delays == [7.0, 0.5]  # as asked, then the backoff of the second attempt


def test_retry_after_as_an_http_date(fake_api: FakeApi, client: httpx.Client) -> None:
    fake_api.route("GET", "/things/1", lambda call: (200, {}))
    fake_api.fail("GET", "/things/1", 429, None, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})
    fake_api.fail("GET", "/things/1", 429, None, {"Retry-After": "soon"})
    fake_api.fail("GET", "/things/1", 429, None, {"Retry-After": "Sat, 01 Jan 2022 12:00:30 -0000"})
    delays: list[float] = []
    now = datetime(2022, 1, 1, 12, tzinfo=ZoneInfo("UTC"))
    _api(client, fake_api.url, delays, backoff=1, now=lambda: now).request("GET", "/things/1")
    assert delays == [0.0, 2.0, 30.0]  # a date in the past: at once; unreadable: the backoff; "-0000" is UTC


def test_a_daily_cap_is_not_retried(fake_api: FakeApi, client: httpx.Client) -> None:
    fake_api.fail("POST", "/things", 429, {"code": 429, "message": "daily limit reached"})
    delays: list[float] = []
    api = _api(client, fake_api.url, delays, final=lambda response: "daily" in response.text)
    with pytest.raises(PlatformError, match=r"Example: POST /things: 429 daily limit reached") as caught:
        api.request("POST", "/things", json={})
    assert (caught.value.status, delays, fake_api.count("POST")) == (429, [], 1)


def test_server_errors_are_retried_a_bounded_number_of_times(fake_api: FakeApi, client: httpx.Client) -> None:
    fake_api.fail("GET", "/things/1", 503, {"error": {"message": "unavailable"}}, times=10)
    delays: list[float] = []
    with pytest.raises(PlatformError, match=r"GET /things/1: 503 unavailable") as caught:
        _api(client, fake_api.url, delays, retries=2, backoff=1).request("GET", "/things/1")
    assert caught.value.status == 503
    assert delays == [1, 2]
    assert fake_api.count("GET") == 3


def test_a_create_that_may_have_reached_the_server_is_not_sent_again(fake_api: FakeApi, client: httpx.Client) -> None:
    made: list[Call] = []
    fake_api.route("POST", "/things", lambda call: (made.append(call), (201, {"id": len(made)}))[1])
    fake_api.drop("POST", "/things", after=True)
    fake_api.fail("POST", "/things", 500, "oops")
    delays: list[float] = []
    api = _api(client, fake_api.url, delays)
    with pytest.raises(PlatformError, match=r"POST /things: no reply \(RemoteProtocolError\)") as caught:
        api.request("POST", "/things", json={}, idempotent=False)
    assert (caught.value.status, len(made), delays) == (None, 1, [])
    with pytest.raises(PlatformError, match=r"POST /things: 500 oops"):
        api.request("POST", "/things", json={}, idempotent=False)  # a 500 may have made it too
    assert fake_api.count("POST") == 2


def test_a_timeout_is_retried_when_safe(fake_api: FakeApi) -> None:
    fake_api.route("GET", "/slow", lambda call: (200, {"ok": True}))
    fake_api.stall("GET", "/slow", 1.0)
    delays: list[float] = []
    with httpx.Client(timeout=0.2) as client:
        response = Api("Example", fake_api.url, client=client, sleep=delays.append).request("GET", "/slow")
    assert response is not None
    assert delays == [0.5]


def test_a_refused_connection_is_retried_then_reported(fake_api: FakeApi) -> None:
    delays: list[float] = []
    api = Api("Example", "http://127.0.0.1:9", sleep=delays.append, retries=1)  # nothing listens on port 9
    try:
        with pytest.raises(PlatformError, match=r"Example: GET /x: no reply \(ConnectError\)"):
            api.request("GET", "/x")
    finally:
        api.close()
    assert delays == [0.5]


def test_missing_is_none_when_allowed(fake_api: FakeApi, client: httpx.Client) -> None:
    fake_api.fail("DELETE", "/things/1", 404, {"message": "gone"})
    fake_api.fail("DELETE", "/things/2", 410, "")
    fake_api.fail("DELETE", "/things/3", 404, "")
    api = _api(client, fake_api.url, [])
    assert api.request("DELETE", "/things/1", missing_ok=True) is None
    assert api.request("DELETE", "/things/2", missing_ok=True) is None
    with pytest.raises(PlatformError, match=r"DELETE /things/3: 404 Not Found"):
        api.request("DELETE", "/things/3")


def test_a_token_is_fetched_once_for_its_lifetime_and_again_after_a_401(
    fake_api: FakeApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    issued: list[str] = []

    def fetch(client: httpx.Client) -> tuple[str, float]:
        response = client.post(f"{fake_api.url}/token", data={"secret": SECRET})
        issued.append(response.json()["access_token"])
        return issued[-1], 3600

    fake_api.route("POST", "/token", lambda call: (200, {"access_token": f"token-{len(issued) + 1}"}))
    seen: list[str] = []
    fake_api.route("GET", "/me", lambda call: (seen.append(call.headers["Authorization"]), (200, {}))[1])
    now = [0.0]
    api = Api("Example", fake_api.url, token=Token(fetch, clock=lambda: now[0]), sleep=lambda seconds: None)
    for _ in range(3):
        api.request("GET", "/me")
    assert issued == ["token-1"]
    fake_api.fail("GET", "/me", 401, {"message": "expired"})
    api.request("GET", "/me")
    assert issued == ["token-1", "token-2"]
    now[0] = 3600  # the lifetime, less a minute, is over
    api.request("GET", "/me")
    assert issued == ["token-1", "token-2", "token-3"]
    assert seen == ["Bearer token-1"] * 3 + ["Bearer token-2", "Bearer token-3"]
    fake_api.fail("GET", "/me", 401, {"message": "still expired"}, times=2)
    with pytest.raises(PlatformError, match="401 still expired") as caught:
        api.request("GET", "/me")  # refreshed once, then reported
    for text in (str(caught.value), repr(caught.value), caplog.text):
        assert SECRET not in text
        assert "token-" not in text
    api.close()


def test_an_error_body_that_is_not_json_is_quoted_short(fake_api: FakeApi, client: httpx.Client) -> None:
    fake_api.fail("GET", "/html", 502, b"<html>" + b"x" * 500)
    fake_api.fail("GET", "/list", 400, [1, 2])
    fake_api.fail("GET", "/other", 400, {"detail": "bad"})
    api = _api(client, fake_api.url, [], retries=0)
    with pytest.raises(PlatformError, match="502 <html>xxx") as caught:
        api.request("GET", "/html")
    assert len(str(caught.value)) < 240
    with pytest.raises(PlatformError, match=r"400 \{'detail': 'bad'\}"):
        api.request("GET", "/other")
    api.close()  # a client given is the caller's to close
    assert not client.is_closed
    with pytest.raises(PlatformError, match=r"400 \[1, 2\]"):
        api.request("GET", "/list")


def test_only_a_2xx_reply_is_a_success(fake_api: FakeApi, client: httpx.Client) -> None:
    fake_api.fail("POST", "/things", 300, {"message": "A maximum of 100 things a day."})
    fake_api.fail("GET", "/things/1", 302, None, {"Location": "https://login.example/"})
    delays: list[float] = []
    api = _api(client, fake_api.url, delays)
    with pytest.raises(PlatformError, match=r"^Example: POST /things: 300 A maximum of 100 things a day\.$") as caught:
        api.request("POST", "/things", json={}, idempotent=False)
    assert (caught.value.status, caught.value.uncertain) == (300, False)
    with pytest.raises(PlatformError, match=r"^Example: GET /things/1: 302 Found$"):
        api.request("GET", "/things/1")
    assert delays == []


def test_a_web_page_is_no_reply_of_an_api(fake_api: FakeApi, client: httpx.Client) -> None:
    fake_api.fail("DELETE", "/things/1", 200, b"<html><body>Signed out</body></html>")
    api = _api(client, fake_api.url, [])
    with pytest.raises(PlatformError) as caught:
        api.request("DELETE", "/things/1", missing_ok=True)
    assert str(caught.value) == (
        "Example: DELETE /things/1: the reply is not the platform's but a web page: "
        "received 200 with text/html: '<html><body>Signed out</body></html>'"
    )
    assert (caught.value.status, caught.value.uncertain) == (200, True)


def test_a_url_that_cannot_be_used_is_an_error_at_once() -> None:
    delays: list[float] = []
    api = Api("Example", "http://[::1", sleep=delays.append)
    with pytest.raises(PlatformError, match=r"^Example: GET /x: cannot be sent: Invalid port"):
        api.request("GET", "/x")
    api.close()

    def fetch(client: httpx.Client) -> tuple[str, float]:
        return read_token(client.post("login.example/token"), platform="Example")

    api = Api("Example", "http://127.0.0.1:9", token=Token(fetch), sleep=delays.append)
    with pytest.raises(PlatformError, match=r"^Example: token request: cannot be sent: Request URL is missing"):
        api.request("GET", "/x")
    api.close()
    assert delays == []


def test_a_reply_is_checked_before_it_is_used(fake_api: FakeApi, client: httpx.Client) -> None:
    fake_api.route("GET", "/rooms/1", lambda call: (200, {"id": "1", "url": "", "secret": "k"}))
    fake_api.route("GET", "/rooms/2", lambda call: (200, {"id": "2", "url": "https://r.example/2"}))
    api = _api(client, fake_api.url, [])
    assert api.json("GET", "/rooms/2", expect=("id", "url")) == {"id": "2", "url": "https://r.example/2"}
    with pytest.raises(PlatformError) as caught:
        api.json("GET", "/rooms/1", expect=("id", "url"), what="a room")
    assert str(caught.value) == (
        "Example: GET /rooms/1: the reply is not a room (no url): "
        "received 200 with a JSON object of keys id, secret, url"
    )
    assert caught.value.uncertain  # a reply that makes no sense: whatever was asked may have been done
    fake_api.fail("GET", "/rooms/2", 200, b"  <html>\n  <p>Please   wait</p>\n" + b"x" * 300)
    with pytest.raises(
        PlatformError, match=r"received 200 with text/html: '<html> <p>Please wait</p> x+\.\.\.'$"
    ) as caught:
        api.json("GET", "/rooms/2")
    assert len(str(caught.value)) < 240
    assert "\n" not in str(caught.value)


def test_a_limited_reply_is_a_rate_limit_and_an_explained_one_says_why(fake_api: FakeApi, client: httpx.Client) -> None:
    fake_api.fail("GET", "/things/1", 403, {"message": "slow down"})
    fake_api.fail("GET", "/things/1", 400, {"message": "Invalid parameter: password."})
    delays: list[float] = []
    api = _api(
        client,
        fake_api.url,
        delays,
        limited=lambda response: "slow" in response.text,
        explain=lambda response: "a rule of the account" if response.status_code == 400 else None,
    )
    with pytest.raises(
        PlatformError, match=r"^Example: GET /things/1: 400 Invalid parameter: password\.: a rule of the account$"
    ):
        api.request("GET", "/things/1")
    assert delays == [0.5]


def test_a_wait_longer_than_allowed_is_not_waited(fake_api: FakeApi, client: httpx.Client) -> None:
    fake_api.fail("GET", "/things/1", 503, {"message": "maintenance"}, {"Retry-After": "Sat, 01 Jan 2022 12:00:00 GMT"})
    delays: list[float] = []
    now = datetime(2021, 12, 31, 12, tzinfo=ZoneInfo("UTC"))
    api = _api(client, fake_api.url, delays, now=lambda: now, max_wait=60)
    with pytest.raises(PlatformError) as caught:
        api.request("GET", "/things/1")
    assert str(caught.value) == (
        "Example: GET /things/1: 503 maintenance: the platform asks to wait 86400 s, longer than the 60 s "
        "this client waits: try again after 2022-01-01T12:00:00Z"
    )
    assert caught.value.retry_at == datetime(2022, 1, 1, 12, tzinfo=ZoneInfo("UTC"))
    assert delays == []


def test_secrets_are_hidden_in_every_form_they_may_be_quoted_in() -> None:
    from pydantic import SecretStr

    from iofs_events.platforms import Secrets

    secrets = Secrets([SecretStr("1//refresh token"), "abc", None])
    secrets.add('p@ss"word')
    text = 'raw 1//refresh token, form 1%2F%2Frefresh+token, path 1%2F%2Frefresh%20token, json "p@ss\\"word", abc'
    assert secrets.scrub(text) == 'raw ***, form ***, path ***, json "***", abc'  # "abc": too short to hide safely
    assert "refresh" not in repr(secrets)
    assert Secrets().scrub("nothing to hide") == "nothing to hide"


def test_what_is_sent_as_a_credential_is_never_quoted(fake_api: FakeApi) -> None:
    fake_api.route("POST", "/token", lambda call: (200, {"access_token": "issued-token-1", "expires_in": 3600}))
    fake_api.echo("POST", "/things")

    def fetch(client: httpx.Client) -> tuple[str, float]:
        form = {"client_id": "acme-client", "client_secret": "form-secret-1", "refresh_token": "1//form refresh"}
        response = client.post(
            f"{fake_api.url}/token", data=form, params={"api_key": "query-key-1"}, auth=("acme-client", "basic-pass")
        )
        return read_token(response, platform="Example")

    with httpx.Client() as client:
        api = Api("Example", fake_api.url, client=client, token=Token(fetch), sleep=lambda seconds: None)
        with pytest.raises(PlatformError, match="400 Bad request") as caught:
            api.request("POST", "/things", json={"title": "Workshop", "password": "body-passcode"})
        api.close()
        assert client.event_hooks["request"] == []  # the caller's client is left as it was given
    message = str(caught.value)
    for secret in (
        "form-secret-1",
        "1//form refresh",
        "1%2F%2Fform+refresh",
        "query-key-1",
        "basic-pass",
        "issued-token-1",
        "body-passcode",
    ):
        assert secret not in message
    basic = base64.b64encode(b"acme-client:basic-pass").decode()
    assert basic not in message
    assert "Workshop" in message  # what is not a credential is quoted as it was


def test_a_third_party_token_fetch_is_retried_and_its_errors_hidden(fake_api: FakeApi) -> None:
    attempts: list[int] = []

    def fetch(client: httpx.Client) -> tuple[str, float]:
        attempts.append(len(attempts))
        if len(attempts) == 1:
            raise PlatformError("acme: token: 503 busy", status=503)
        if len(attempts) == 2:
            raise httpx.ConnectTimeout("too slow")
        raise PlatformError("acme: token refused for my-own-secret-1", status=401)

    delays: list[float] = []
    api = Api("Example", fake_api.url, token=Token(fetch), sleep=delays.append, secrets=["my-own-secret-1"])
    with pytest.raises(PlatformError, match=r"^acme: token refused for \*\*\*$") as caught:
        api.request("GET", "/things")
    api.close()
    assert caught.value.status == 401
    assert delays == [0.5, 1.0]
    assert fake_api.calls == []


def test_credentials_that_are_not_what_they_say_are_hidden_as_they_are() -> None:
    from iofs_events.platforms import Secrets

    secrets = Secrets()
    headers = {"Authorization": "Basic not-base64!", "X-Api-Key": "key-in-a-header", "Content-Type": "application/json"}
    secrets.remember(httpx.Request("POST", "https://api.example/x", headers=headers, content=b'{"password": '))
    assert secrets.scrub("Basic not-base64! key-in-a-header") == "*** ***"


def test_a_token_request_can_send_a_streamed_body(fake_api: FakeApi) -> None:
    fake_api.route("POST", "/token", lambda call: (200, {"access_token": "t-1"}))
    fake_api.route("GET", "/me", lambda call: (200, {"token": call.headers["Authorization"]}))

    def fetch(client: httpx.Client) -> tuple[str, float]:
        stream = iter([b"grant_type=client_credentials"])
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return read_token(client.post(f"{fake_api.url}/token", content=stream, headers=headers), platform="Example")

    api = Api("Example", fake_api.url, token=Token(fetch))
    assert api.json("GET", "/me") == {"token": "Bearer t-1"}  # a lifetime not given is taken as an hour
    api.close()


def test_a_reason_can_be_read_from_a_response_made_by_hand() -> None:
    assert reply_reason(httpx.Response(400, json={"error": {"message": "bad\n  thing"}})) == "bad thing"
    assert reply_reason(httpx.Response(503)) == "Service Unavailable"


# The command line


def test_the_command_lists_the_platforms_and_what_they_can_do(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["platforms"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "jitsi: idempotent create" in lines
    assert "link: webinars, interpretation" in lines  # whatever the organizer's own link offers
    assert any(line.startswith("zoom: ") for line in lines)


def test_a_broken_adapter_is_listed_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    info = tmp_path / "broken_meet-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-meet\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[iofs_events.platforms]\nbroken = no_such_module:X\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert main(["platforms"]) == 0
    assert "broken: cannot be loaded (ModuleNotFoundError: No module named 'no_such_module')" in capsys.readouterr().out


def test_the_command_creates_updates_and_cancels_a_meeting(
    tmp_path: Path, event: ie.Event, capsys: pytest.CaptureFixture[str]
) -> None:
    source, made, moved, cancelled = (
        tmp_path / name for name in ("event.json", "made.json", "moved.json", "gone.json")
    )
    event_json.write(event, source)
    assert main(["meeting", "create", str(source), "--platform", "jitsi", "-o", str(made)]) == 0
    created = event_json.read(made)
    assert created.revision == event.revision + 1
    assert created.online_meeting is not None
    assert str(created.online_meeting.join_url).startswith("https://meet.jit.si/iofs-fsg-workshop-2021-12-22-")
    assert main(["meeting", "update", str(made), "--platform", "jitsi", "-o", str(moved)]) == 0
    assert event_json.read(moved).online_meeting == created.online_meeting
    assert main(["meeting", "cancel", str(moved), "--platform", "jitsi", "-o", str(cancelled)]) == 0
    assert event_json.read(cancelled).online_meeting is None
    assert main(["meeting", "cancel", str(cancelled), "--platform", "jitsi"]) == 1
    assert capsys.readouterr().err == (
        "iofs-events: the event has no online meeting to cancel; make it first: "
        f"iofs-events meeting create {cancelled} --platform jitsi\n"
    )
    assert main(["meeting", "update", str(made), "--platform", "zoom"]) == 1
    assert capsys.readouterr().err == "iofs-events: the event's meeting is on jitsi, not zoom: give --platform jitsi\n"
    event_json.write(event.revise(online_meeting=ie.OnlineMeeting(platform="jitsi")), cancelled)
    assert main(["meeting", "cancel", str(cancelled), "--platform", "jitsi"]) == 1
    assert "jitsi: the event has no meeting to cancel (no meeting_id)" in capsys.readouterr().err


def test_the_command_says_what_a_platform_refuses_and_which_can(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["meeting", "create", str(SEED), "--platform", "jitsi"]) == 1
    able = [
        name
        for name, point in available_platforms().items()
        if name != "jitsi" and point.load().capabilities.interpretation
    ]
    assert capsys.readouterr().err == (
        "iofs-events: jitsi cannot do what the event asks: "
        "simultaneous interpretation (asked: Arabic, French, Russian) is not offered; "
        "to meet without it, remove languages.interpretation from the event. "
        f"Installed platforms that can: {', '.join(able)} (give --platform NAME)\n"
    )
    assert main(["meeting", "create", str(SEED), "--platform", "skype"]) == 1
    assert "no conferencing platform named 'skype'" in capsys.readouterr().err


def test_the_command_refuses_what_no_platform_can_before_reading_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, event: ie.Event, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "event.json"
    event_json.write(event.revise(kind=ie.EventKind.WEBINAR, registration=None), source)
    monkeypatch.chdir(tmp_path)  # no .env here, and no IOFS_TEAMS_* in the environment of the tests
    assert main(["meeting", "create", str(source), "--platform", "teams"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("iofs-events: teams cannot do what the event asks: it has no webinars")
    assert "Installed platforms that can: link, zoom (give --platform NAME)" in err
    installed = available_platforms()
    broken = EntryPoint(name="broken", value="no_such_module:Platform", group=GROUP)
    monkeypatch.setattr(platforms, "available_platforms", lambda: {"broken": broken, "teams": installed["teams"]})
    assert main(["meeting", "create", str(source), "--platform", "teams"]) == 1
    assert capsys.readouterr().err.endswith(
        "; make the event a meeting or choose another platform. No installed platform can.\n"
    )


def test_the_command_names_the_settings_to_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, event: ie.Event, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "event.json"
    event_json.write(event, source)
    monkeypatch.chdir(tmp_path)
    for name in ("IOFS_TEAMS_TENANT_ID", "IOFS_TEAMS_CLIENT_ID", "IOFS_TEAMS_CLIENT_SECRET", "IOFS_TEAMS_USER_ID"):
        monkeypatch.delenv(name, raising=False)
    assert main(["meeting", "create", str(source), "--platform", "teams"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("iofs-events: teams: IOFS_TEAMS_TENANT_ID: ")
    assert err.endswith(
        "; set them in the environment or in a .env file here ('iofs-events meeting --help' lists each platform's)\n"
    )
    assert main(["meeting", "create", str(source), "--platform", "google-meet"]) == 1
    assert "named 'google-meet' is installed (did you mean 'google_meet'?); installed: " in capsys.readouterr().err


def test_the_command_reports_what_was_not_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, event: ie.Event, capsys: pytest.CaptureFixture[str]
) -> None:
    from iofs_events.platforms import Meeting

    def create(self: JitsiPlatform, event: ie.Event) -> Meeting:
        return Meeting(online_meeting=ie.OnlineMeeting(platform="jitsi"), not_applied=("the moon",))

    monkeypatch.setattr(JitsiPlatform, "create", create)
    source = tmp_path / "event.json"
    event_json.write(event, source)
    assert main(["meeting", "create", str(source), "--platform", "jitsi"]) == 0
    assert capsys.readouterr().err == "iofs-events: not applied: the moon\n"


def test_interpretation_gaps_are_the_languages_offered_neither_built_in_nor_added(event: ie.Event) -> None:
    from iofs_events.platforms import interpretation_gaps

    asking = event.revise(languages=ie.LanguagePlan(floor="en", interpretation=("ar", "fr-CA", "ru")))
    zoomish = Capabilities(interpretation=True, interpretation_languages=frozenset({"en", "fr", "ru"}))
    assert interpretation_gaps(zoomish, asking) == ["ar"]
    assert interpretation_gaps(zoomish, asking, frozenset({"ar"})) == []
    assert interpretation_gaps(Capabilities(interpretation=True), asking) == []  # any language
    assert interpretation_gaps(zoomish, asking.revise(languages=None)) == []


def test_the_http_toolkit_loads_on_first_use() -> None:
    import iofs_events.platforms as platforms

    assert {"Api", "HttpOptions", "Token", "reply_reason"} <= set(dir(platforms))
    assert platforms.reply_reason.__name__ == "reply_reason"
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        platforms.Nothing  # noqa: B018
