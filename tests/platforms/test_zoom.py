"""The Zoom adapter against a fake Zoom on 127.0.0.1: round trips, read-back reports, faults and secrets."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import httpx
import pytest

import iofs_events as ie
from iofs_events.exceptions import CapabilityError, PlatformError, SettingsError
from iofs_events.platforms import Platform, Registrant, load_platform
from iofs_events.platforms.zoom import ZoomPlatform, ZoomSettings
from tests.platforms.fake_api import FakeApi
from tests.platforms.fake_zoom import CLIENT_SECRET, FakeZoom

ALMATY = ZoneInfo("Asia/Almaty")
ARABIC = (
    "Arabic interpretation was not applied: Arabic is not one of Zoom's interpretation languages; "
    "add it as a custom language on the account and set IOFS_ZOOM_CUSTOM_LANGUAGES"
)
MEETINGS = r"/v2/users/me/meetings"
ONE = r"/v2/meetings/\d+"


@pytest.fixture(scope="module")
def timed(seed: ie.Event) -> ie.Event:
    """The seed once its time is fixed, before it has a Zoom meeting (revision 1)."""
    return seed.revise(
        schedule=ie.TimeSpan(
            starts_at=datetime(2021, 12, 22, 10, tzinfo=ALMATY), ends_at=datetime(2021, 12, 22, 16, tzinfo=ALMATY)
        ),
        online_meeting=ie.OnlineMeeting(platform="zoom"),
    )


@pytest.fixture
def zoom(fake_api: FakeApi) -> Iterator[FakeZoom]:
    fake = FakeZoom(fake_api)
    yield fake
    assert fake_api.schema_errors == []


@pytest.fixture
def delays() -> list[float]:
    return []


@pytest.fixture
def platform(zoom: FakeZoom, delays: list[float]) -> Iterator[ZoomPlatform]:
    adapter = ZoomPlatform(ZoomSettings(**zoom.settings_options()), sleep=delays.append)
    yield adapter
    adapter.close()


def _adapter(zoom: FakeZoom, delays: list[float] | None = None, **options: Any) -> ZoomPlatform:
    settings = {**zoom.settings_options(), **options.pop("settings", {})}
    sleep = delays.append if delays is not None else (lambda seconds: None)
    return ZoomPlatform(ZoomSettings(**settings), sleep=sleep, **options)


def _with(event: ie.Event, meeting: ie.OnlineMeeting) -> ie.Event:
    return attrs.evolve(event, online_meeting=meeting)


def _sent(api: FakeApi, method: str, path: str) -> list[Any]:
    return [call.body for call in api.calls if call.method == method and call.path == path]


# The round trip.


def test_create_get_update_delete_round_trip(
    platform: ZoomPlatform, zoom: FakeZoom, fake_api: FakeApi, timed: ie.Event
) -> None:
    made = platform.create(timed)
    meeting = made.online_meeting
    number = str(next(iter(zoom.meetings)))
    assert meeting.platform == "zoom"
    assert meeting.meeting_id == number
    assert meeting.join_url == f"https://zoom.example/j/{number}"  # Zoom's ?pwd= (the passcode) taken out
    assert zoom.meetings[number]["join_url"] == f"https://zoom.example/j/{number}?pwd=aBcDeF"
    assert meeting.passcode == "Zx8k2Q"  # Zoom made one
    assert meeting.host_url is not None
    assert meeting.host_url.startswith(f"https://zoom.example/s/{number}?zak=")
    assert meeting.registration_url == f"https://zoom.example/meeting/register/{number}"
    assert meeting.dial_in == (
        ie.DialIn(number="+16465588656", country="US", city="New York"),
        ie.DialIn(number="+77172696969", country="KZ"),
    )
    assert made.interpretation == ("fr", "ru")
    assert made.registration is True
    assert made.not_applied == (ARABIC,)

    (body,) = _sent(fake_api, "POST", MEETINGS)
    assert body["type"] == 2
    assert body["start_time"] == "2021-12-22T04:00:00Z"  # Almaty was UTC+6 in 2021
    assert body["timezone"] == "Asia/Almaty"
    assert body["duration"] == 360
    assert body["topic"] == timed.title
    assert body["agenda"].splitlines()[-1] == "iofs-event:iofs-fsg-workshop-2021-12-22"
    assert body["settings"]["approval_type"] == 0
    assert body["settings"]["language_interpretation"] == {
        "enable": True,
        "interpreters": [{"languages": "US,FR"}, {"languages": "US,RU"}],
    }
    assert "password" not in body
    assert fake_api.count("POST", MEETINGS) == 1

    got = platform.get(number)
    assert got.online_meeting == meeting
    assert got.interpretation == ("fr", "ru")
    assert got.registration is True
    assert fake_api.count("GET", ONE) == 1

    later = _with(timed, meeting).revise(
        schedule=ie.TimeSpan(
            starts_at=datetime(2021, 12, 22, 9, tzinfo=ALMATY), ends_at=datetime(2021, 12, 22, 17, 30, tzinfo=ALMATY)
        ),
        online_meeting=attrs.evolve(meeting, passcode="Fs-2022"),
        languages=ie.LanguagePlan(floor="en", interpretation=("fr",)),
    )
    before = len(fake_api.calls)
    updated = platform.update(later)
    assert [(call.method, call.path) for call in fake_api.calls[before:]] == [
        ("PATCH", f"/v2/meetings/{number}"),
        ("GET", f"/v2/meetings/{number}"),
    ]
    (patch,) = _sent(fake_api, "PATCH", f"/v2/meetings/{number}")
    assert patch["start_time"] == "2021-12-22T03:00:00Z"
    assert patch["duration"] == 510
    assert patch["password"] == "Fs-2022"
    assert updated.online_meeting.passcode == "Fs-2022"
    assert updated.online_meeting.meeting_id == number
    assert updated.interpretation == ("fr",)
    assert updated.not_applied == ()
    assert zoom.meetings[number]["start_time"] == "2021-12-22T03:00:00Z"

    before = len(fake_api.calls)
    platform.delete(number)
    assert [(call.method, call.path) for call in fake_api.calls[before:]] == [("DELETE", f"/v2/meetings/{number}")]
    assert zoom.meetings == {}
    assert fake_api.count("POST", "/oauth/token") == 1  # one token for every call within its hour
    assert fake_api.schema_errors == []


def test_a_meeting_id_may_be_written_with_spaces(platform: ZoomPlatform, timed: ie.Event) -> None:
    made = platform.create(timed)
    number = str(made.online_meeting.meeting_id)
    spaced = f"{number[:3]} {number[3:7]} {number[7:]}"
    assert platform.get(spaced).online_meeting.meeting_id == number


def test_the_adapter_loads_through_its_entry_point(zoom: FakeZoom, timed: ie.Event) -> None:
    adapter = load_platform("zoom", settings=ZoomSettings(**zoom.settings_options()))
    try:
        assert isinstance(adapter, ZoomPlatform)
        assert isinstance(adapter, Platform)
        assert adapter.create(timed).online_meeting.join_url is not None
    finally:
        adapter.close()


def test_missing_settings_name_the_variables(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("ACCOUNT_ID", "CLIENT_ID", "CLIENT_SECRET"):
        monkeypatch.delenv(f"IOFS_ZOOM_{name}", raising=False)
    with pytest.raises(SettingsError) as caught:
        ZoomPlatform()
    for name in ("IOFS_ZOOM_ACCOUNT_ID", "IOFS_ZOOM_CLIENT_ID", "IOFS_ZOOM_CLIENT_SECRET"):
        assert name in str(caught.value)


def test_settings_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, zoom: FakeZoom, timed: ie.Event
) -> None:
    monkeypatch.chdir(tmp_path)
    for key, value in zoom.settings_options().items():
        monkeypatch.setenv(f"IOFS_ZOOM_{key.upper()}", value)
    monkeypatch.setenv("IOFS_ZOOM_CUSTOM_LANGUAGES", '["ar"]')
    adapter = ZoomPlatform()
    try:
        assert adapter.settings.custom_languages == ("ar",)
        assert adapter.create(timed).online_meeting.meeting_id is not None
    finally:
        adapter.close()


# Deleting.


def test_deleting_a_meeting_already_gone_is_no_error(platform: ZoomPlatform, fake_api: FakeApi) -> None:
    platform.delete("87599999999")
    assert [(call.method, call.path) for call in fake_api.calls if call.method == "DELETE"] == [
        ("DELETE", "/v2/meetings/87599999999"),
        ("DELETE", "/v2/webinars/87599999999"),
    ]


def test_getting_a_meeting_that_does_not_exist_fails_clearly(platform: ZoomPlatform) -> None:
    with pytest.raises(PlatformError, match="no meeting or webinar 87599999999") as caught:
        platform.get("87599999999")
    assert caught.value.status == 404


def test_a_meeting_id_that_is_not_one_is_refused_without_a_call(platform: ZoomPlatform, fake_api: FakeApi) -> None:
    with pytest.raises(PlatformError, match="not a Zoom meeting id"):
        platform.delete("../users/me")
    assert fake_api.calls == []


# What Zoom applied: interpretation, registration, passcode, times.


def test_arabic_as_a_custom_language_enables_interpretation_for_the_host(
    zoom: FakeZoom, fake_api: FakeApi, timed: ie.Event
) -> None:
    adapter = _adapter(zoom, settings={"custom_languages": ("ar",)})
    made = adapter.create(timed)
    assert made.interpretation == ("fr", "ru")
    (arabic,) = made.not_applied
    assert arabic.startswith("Arabic interpretation was not set on the meeting: Arabic is a custom language")
    only_arabic = attrs.evolve(timed, languages=ie.LanguagePlan(floor="en", interpretation=("ar",)))
    assert adapter.create(only_arabic).interpretation == ()
    assert _sent(fake_api, "POST", MEETINGS)[-1]["settings"]["language_interpretation"] == {
        "enable": True,
        "interpreters": [],
    }
    adapter.close()


def test_arabic_alone_without_a_custom_language_leaves_interpretation_off(
    platform: ZoomPlatform, fake_api: FakeApi, timed: ie.Event
) -> None:
    only_arabic = attrs.evolve(timed, languages=ie.LanguagePlan(floor="en", interpretation=("ar",)))
    made = platform.create(only_arabic)
    assert made.interpretation == ()
    assert made.not_applied == (ARABIC,)
    assert _sent(fake_api, "POST", MEETINGS)[0]["settings"]["language_interpretation"] == {"enable": False}


def test_a_floor_language_zoom_lacks_leaves_no_interpreters(
    platform: ZoomPlatform, zoom: FakeZoom, fake_api: FakeApi, timed: ie.Event
) -> None:
    event = attrs.evolve(timed, languages=ie.LanguagePlan(floor="ar", interpretation=("en", "en-GB")))
    made = platform.create(event)
    assert made.interpretation == ()
    assert made.not_applied == (
        "English interpretation was not applied: the floor language, Arabic, is not one of Zoom's "
        "interpretation languages",
        "British English interpretation was not applied: the floor language, Arabic, is not one of Zoom's "
        "interpretation languages",
    )
    arabic_floor = _adapter(zoom, settings={"custom_languages": ("ar", "fr")})
    made = arabic_floor.create(attrs.evolve(event, languages=ie.LanguagePlan(floor="ar", interpretation=("en",))))
    arabic_floor.close()
    assert made.not_applied == (
        "English interpretation was not applied: the floor language, Arabic, is a custom language of the Zoom "
        "account, which Zoom's meeting API cannot assign; the host assigns the interpreters in the meeting",
    )
    assert _sent(fake_api, "POST", MEETINGS)[-1]["settings"]["language_interpretation"] == {
        "enable": True,
        "interpreters": [],
    }
    variants = attrs.evolve(timed, languages=ie.LanguagePlan(floor="en", interpretation=("en-GB", "pt-BR")))
    made = platform.create(variants)
    assert made.interpretation == ("pt-BR",)
    assert made.not_applied == (
        "British English interpretation was not applied: Zoom cannot interpret between variants of one language",
    )
    assert _sent(fake_api, "POST", MEETINGS)[-1]["settings"]["language_interpretation"]["interpreters"] == [
        {"languages": "US,PT"}
    ]


def test_no_interpretation_asked_turns_it_off(platform: ZoomPlatform, fake_api: FakeApi, timed: ie.Event) -> None:
    made = platform.create(attrs.evolve(timed, languages=None))
    assert made.interpretation == ()
    assert made.not_applied == ()
    assert _sent(fake_api, "POST", MEETINGS)[0]["settings"]["language_interpretation"] == {"enable": False}


def test_settings_zoom_drops_silently_are_reported(zoom: FakeZoom, platform: ZoomPlatform, timed: ie.Event) -> None:
    zoom.drop_interpretation = True
    zoom.drop_registration = True
    made = platform.create(timed)
    assert made.interpretation == ()
    assert made.registration is False
    assert made.online_meeting.registration_url is None
    assert made.not_applied == (
        ARABIC,
        "French interpretation was not applied: Zoom did not keep it "
        "(language interpretation may be off for the account or missing from its plan)",
        "Russian interpretation was not applied: Zoom did not keep it "
        "(language interpretation may be off for the account or missing from its plan)",
        "registration was not applied: Zoom did not keep it (registration needs a licensed host)",
    )


def test_a_meeting_has_no_registration_capacity_or_deadline(platform: ZoomPlatform, timed: ie.Event) -> None:
    registration = ie.Registration(capacity=300, deadline=datetime(2021, 12, 20, 18, tzinfo=ALMATY))
    made = platform.create(attrs.evolve(timed, registration=registration))
    assert made.registration is True
    assert made.not_applied[1:] == (
        "the registration capacity (300) was not applied: Zoom meetings have no registrant limit",
        "the registration deadline was not applied: Zoom keeps registration open until the meeting",
    )


def test_an_event_without_registration_gets_none(platform: ZoomPlatform, fake_api: FakeApi, timed: ie.Event) -> None:
    made = platform.create(attrs.evolve(timed, registration=ie.Registration(required=False)))
    assert made.registration is False
    assert _sent(fake_api, "POST", MEETINGS)[0]["settings"]["approval_type"] == 2


def test_the_passcode_asked_is_sent_and_checked(platform: ZoomPlatform, zoom: FakeZoom, timed: ie.Event) -> None:
    event = _with(timed, ie.OnlineMeeting(platform="zoom", passcode="Fs@2021_*"))
    made = platform.create(event)
    assert made.online_meeting.passcode == "Fs@2021_*"
    assert made.not_applied == (ARABIC,)
    number = str(made.online_meeting.meeting_id)
    stored = zoom.meetings[number]
    stored.update(password="", start_time="2021-12-22T05:00:00Z", duration=300)
    found = platform.find(event)
    assert found is not None
    assert found.online_meeting.passcode is None
    assert found.not_applied == (
        "the passcode was not applied: Zoom holds another one",
        ARABIC,
        "the start time was not applied: Zoom holds 2021-12-22T05:00:00Z",
        "the length was not applied: Zoom holds 300 minutes",
    )
    stored.update(start_time="not a time")
    found = platform.find(event)
    assert found is not None
    assert not any("start time" in words for words in found.not_applied)
    del stored["start_time"]
    found = platform.find(event)
    assert found is not None
    assert not any("start time" in words for words in found.not_applied)


def test_get_reads_interpreters_as_zoom_holds_them(platform: ZoomPlatform, zoom: FakeZoom, timed: ie.Event) -> None:
    number = str(platform.create(timed).online_meeting.meeting_id)
    zoom.meetings[number]["settings"]["language_interpretation"]["interpreters"] = [
        {"email": "a@interpreters.example", "languages": "US,FR"},
        {"email": "b@interpreters.example", "languages": "US,SA"},  # not a Zoom language
        {"languages": "US"},
        {"languages": "US,FR"},
    ]
    assert platform.get(number).interpretation == ("fr",)
    zoom.meetings[number]["settings"]["language_interpretation"]["enable"] = False
    assert platform.get(number).interpretation == ()


def test_long_titles_and_summaries_are_cut_to_zoom_limits(
    platform: ZoomPlatform, fake_api: FakeApi, timed: ie.Event
) -> None:
    event = attrs.evolve(timed, title="Food security governance " * 12, summary="Background. " * 300)
    platform.create(event)
    (body,) = _sent(fake_api, "POST", MEETINGS)
    assert len(body["topic"]) == 200
    assert body["topic"].endswith("…")
    assert len(body["agenda"]) <= 2000
    assert body["agenda"].endswith("\n\niofs-event:iofs-fsg-workshop-2021-12-22")
    platform.create(attrs.evolve(timed, summary=None))
    assert _sent(fake_api, "POST", MEETINGS)[-1]["agenda"] == "iofs-event:iofs-fsg-workshop-2021-12-22"


# Webinars and registrants.


def test_a_webinar_event_makes_a_zoom_webinar(
    platform: ZoomPlatform, zoom: FakeZoom, fake_api: FakeApi, timed: ie.Event
) -> None:
    event = attrs.evolve(timed, kind=ie.EventKind.WEBINAR, registration=ie.Registration(capacity=500))
    made = platform.create(event)
    number = str(made.online_meeting.meeting_id)
    assert number in zoom.webinars
    (body,) = _sent(fake_api, "POST", "/v2/users/me/webinars")
    assert body["type"] == 5
    assert body["settings"]["registrants_restrict_number"] == 500
    assert made.registration is True
    assert made.not_applied == (ARABIC,)
    assert made.online_meeting.registration_url == f"https://zoom.example/webinar/register/{number}"

    event = _with(event, made.online_meeting)
    link = platform.register(event, Registrant(email="omar@agri.example.sa", first_name="Omar"))
    assert link is not None
    assert link.startswith(f"https://zoom.example/w/{number}?tk=")
    assert fake_api.count("POST", rf"/v2/webinars/{number}/registrants") == 1

    zoom.webinars[number]["settings"]["registrants_restrict_number"] = 0
    found = platform.find(event)
    assert found is not None
    assert found.not_applied[-1] == "the registration capacity (500) was not applied: Zoom did not keep it"
    before = len(fake_api.calls)
    assert platform.update(event).not_applied == (ARABIC,)
    assert [(call.method, call.path) for call in fake_api.calls[before:]] == [
        ("PATCH", f"/v2/webinars/{number}"),
        ("GET", f"/v2/webinars/{number}"),
    ]

    assert platform.get(number).online_meeting.meeting_id == number  # a meeting first, then a webinar
    unlimited = platform.update(attrs.evolve(event, registration=ie.Registration()))
    assert _sent(fake_api, "PATCH", f"/v2/webinars/{number}")[-1]["settings"]["registrants_restrict_number"] == 0
    assert unlimited.not_applied == (ARABIC,)
    huge = platform.update(attrs.evolve(event, registration=ie.Registration(capacity=50000)))
    assert huge.not_applied[-1] == "the registration capacity (50000) was not applied: Zoom did not keep it"
    platform.delete(number)
    assert zoom.webinars == {}


def test_a_registrant_gets_a_personal_link_once(platform: ZoomPlatform, fake_api: FakeApi, timed: ie.Event) -> None:
    made = platform.create(timed)
    event = _with(timed, made.online_meeting)
    guest = Registrant(email="aigerim@mfa.example.kz", first_name="Aigerim", last_name="Nurlanovna" * 10)
    first = platform.register(event, guest)
    again = platform.register(event, guest)
    assert first == again
    assert first is not None
    assert first.startswith("https://zoom.example/w/")
    bodies = _sent(fake_api, "POST", f"/v2/meetings/{made.online_meeting.meeting_id}/registrants")
    assert bodies[0] == {
        "email": "aigerim@mfa.example.kz",
        "first_name": "Aigerim",
        "last_name": ("Nurlanovna" * 10)[:64],
    }


def test_a_registrant_approved_by_hand_has_no_link_yet(platform: ZoomPlatform, zoom: FakeZoom, timed: ie.Event) -> None:
    made = platform.create(timed)
    zoom.meetings[str(made.online_meeting.meeting_id)]["settings"]["approval_type"] = 1
    event = _with(timed, made.online_meeting)
    assert platform.register(event, Registrant(email="guest@example.org", first_name="Guest")) is None


# Refusals before any call.


@pytest.mark.parametrize("passcode", ["far-too-long-1", "fs 2021", "pass!"])
def test_a_passcode_zoom_refuses_is_refused_before_any_call(
    platform: ZoomPlatform, fake_api: FakeApi, timed: ie.Event, passcode: str
) -> None:
    event = _with(timed, ie.OnlineMeeting(platform="zoom", meeting_id="87512345678", passcode=passcode))
    for call in (platform.create, platform.update, platform.find):
        with pytest.raises(CapabilityError, match=r"at most 10 letters, digits or @ - _ \*"):
            call(event)
    with pytest.raises(CapabilityError):
        platform.register(event, Registrant(email="a@b.example", first_name="A"))
    assert fake_api.calls == []


def test_an_event_without_times_gets_no_meeting(platform: ZoomPlatform, fake_api: FakeApi, seed: ie.Event) -> None:
    with pytest.raises(PlatformError, match="no start and end times yet"):
        platform.create(seed)  # 22 December 2021, no time of day
    with pytest.raises(PlatformError, match="no start and end times yet"):
        platform.create(attrs.evolve(seed, schedule=None))
    assert platform.find(seed) is None  # looking is fine: nothing carries its marker
    assert fake_api.count("POST") == 1  # only the token


def test_a_date_only_event_can_still_find_its_meeting(platform: ZoomPlatform, seed: ie.Event, timed: ie.Event) -> None:
    made = platform.create(timed)
    found = platform.find(seed)  # the same event, its time not known: nothing to compare the times with
    assert found is not None
    assert found.online_meeting.meeting_id == made.online_meeting.meeting_id
    assert found.not_applied == (ARABIC,)


def test_refusals_without_any_call(platform: ZoomPlatform, fake_api: FakeApi, timed: ie.Event) -> None:
    with pytest.raises(PlatformError, match="a cancelled event gets no meeting"):
        platform.create(timed.cancel())
    with pytest.raises(PlatformError, match="delete its meeting rather than update it"):
        platform.update(_with(timed, ie.OnlineMeeting(platform="zoom", meeting_id="1")).cancel())
    with pytest.raises(PlatformError, match="no meeting id yet"):
        platform.update(timed)
    with pytest.raises(PlatformError, match="no meeting id yet"):
        platform.register(attrs.evolve(timed, online_meeting=None), Registrant(email="a@b.example", first_name="A"))
    no_registration = _with(timed, ie.OnlineMeeting(platform="zoom", meeting_id="87512345678"))
    for registration in (None, ie.Registration(required=False)):
        with pytest.raises(PlatformError, match="does not require registration"):
            platform.register(
                attrs.evolve(no_registration, registration=registration),
                Registrant(email="a@b.example", first_name="A"),
            )
    assert fake_api.calls == []


def test_capabilities_tell_the_truth() -> None:
    capabilities = ZoomPlatform.capabilities
    assert capabilities.webinars
    assert capabilities.registration
    assert capabilities.personal_links
    assert capabilities.dial_in
    assert capabilities.interpretation
    assert not capabilities.idempotent_create
    assert capabilities.interpretation_languages == frozenset({"en", "zh", "ja", "de", "fr", "ru", "pt", "es", "ko"})
    assert "ar" not in capabilities.interpretation_languages


# Faults.


def test_a_429_waits_as_long_as_retry_after_says(
    platform: ZoomPlatform, fake_api: FakeApi, delays: list[float], timed: ie.Event
) -> None:
    number = str(platform.create(timed).online_meeting.meeting_id)
    fake_api.fail("GET", ONE, 429, {"code": 429, "message": "Too many requests."}, {"Retry-After": "7"})
    assert platform.get(number).online_meeting.meeting_id == number
    assert delays == [7.0]


def test_a_429_without_retry_after_backs_off(
    platform: ZoomPlatform, fake_api: FakeApi, delays: list[float], timed: ie.Event
) -> None:
    fake_api.fail("POST", MEETINGS, 429, {"code": 429, "message": "Too many requests."})
    platform.create(timed)
    assert delays == [0.5]
    assert fake_api.count("POST", MEETINGS) == 2  # a 429 made nothing: sent again, no listing
    assert fake_api.count("GET") == 0


def test_the_daily_cap_is_not_retried_and_said_in_words(
    platform: ZoomPlatform, zoom: FakeZoom, fake_api: FakeApi, delays: list[float], timed: ie.Event
) -> None:
    zoom.daily_cap = 1
    made = platform.create(timed)
    with pytest.raises(PlatformError, match="daily cap of meeting creates and updates") as caught:
        platform.create(timed)
    assert caught.value.status == 429
    with pytest.raises(PlatformError, match="daily cap"):
        platform.update(_with(timed, made.online_meeting))
    assert fake_api.count("POST", MEETINGS) == 2
    assert fake_api.count("PATCH") == 1
    assert delays == []  # Retry-After: 3600 was not waited for


@pytest.mark.parametrize("kind", ["meetings", "webinars"])
def test_the_daily_cap_answered_with_a_300_is_an_error_not_a_meeting(
    platform: ZoomPlatform, fake_api: FakeApi, delays: list[float], timed: ie.Event, kind: str
) -> None:
    noun = kind[:-1]
    cap = f"A maximum of 100 {kind} can be created/updated for a single user in one day."
    event = attrs.evolve(timed, kind=ie.EventKind.WEBINAR) if kind == "webinars" else timed
    fake_api.fail("POST", rf"/v2/users/me/{kind}", 300, {"code": 300, "message": cap})
    with pytest.raises(PlatformError, match=rf"300 {cap}: the daily cap of {noun} creates and updates") as caught:
        platform.create(event)
    assert caught.value.status == 300
    made = platform.create(event)
    fake_api.fail("PATCH", rf"/v2/{kind}/\d+", 300, {"code": 300, "message": cap})
    with pytest.raises(PlatformError, match=r"300 .*: the daily cap"):
        platform.update(_with(event, made.online_meeting))
    assert fake_api.count("GET") == 0  # a 300 made nothing: not looked for, not read back
    assert delays == []


def test_a_daily_limit_header_is_not_retried(
    platform: ZoomPlatform, fake_api: FakeApi, delays: list[float], timed: ie.Event
) -> None:
    fake_api.fail(
        "POST", MEETINGS, 429, {"code": 429, "message": "Too many requests."}, {"X-RateLimit-Type": "Daily-limit"}
    )
    with pytest.raises(PlatformError, match="429 Too many requests") as caught:
        platform.create(timed)
    assert caught.value.status == 429
    assert delays == []


def test_a_500_then_success(platform: ZoomPlatform, fake_api: FakeApi, delays: list[float], timed: ie.Event) -> None:
    number = str(platform.create(timed).online_meeting.meeting_id)
    fake_api.fail("GET", ONE, 500, {"code": 500, "message": "Internal error."})
    assert platform.get(number).online_meeting.meeting_id == number
    assert delays == [0.5]


def test_a_refused_create_is_not_reconciled(platform: ZoomPlatform, fake_api: FakeApi, timed: ie.Event) -> None:
    fake_api.fail("POST", MEETINGS, 400, {"code": 300, "message": "Invalid meeting settings."})
    with pytest.raises(PlatformError, match="400 Invalid meeting settings") as caught:
        platform.create(timed)
    assert caught.value.status == 400
    assert fake_api.count("GET") == 0


def test_a_timeout_is_retried(zoom: FakeZoom, fake_api: FakeApi, delays: list[float], timed: ie.Event) -> None:
    with httpx.Client(timeout=0.5) as client:
        adapter = _adapter(zoom, delays, client=client)
        number = str(adapter.create(timed).online_meeting.meeting_id)
        fake_api.stall("GET", ONE, 1.0)
        assert adapter.get(number).online_meeting.meeting_id == number
        adapter.close()
    assert delays == [0.5]
    assert fake_api.count("GET", ONE) == 2


def test_a_create_whose_reply_is_lost_is_found_not_made_twice(
    platform: ZoomPlatform, zoom: FakeZoom, fake_api: FakeApi, timed: ie.Event
) -> None:
    other = attrs.evolve(timed, id="iofs-other-2021", summary=None)
    platform.create(other)  # same topic, another event
    zoom.page_size = 1  # the adapter must page through the host's meetings
    fake_api.drop("POST", r"/v2/users/.*/meetings", after=True)
    made = platform.create(timed)
    assert len(zoom.meetings) == 2  # exactly one for the event
    number = str(made.online_meeting.meeting_id)
    assert number in zoom.meetings
    assert "iofs-fsg-workshop-2021-12-22" in zoom.meetings[number]["agenda"]
    assert made.online_meeting.join_url == zoom.meetings[number]["join_url"].split("?")[0]
    assert made.interpretation == ("fr", "ru")
    assert fake_api.count("POST", MEETINGS) == 2
    assert fake_api.count("GET", MEETINGS) == 2  # two pages


def test_a_short_agenda_is_found_from_the_listing(
    platform: ZoomPlatform, zoom: FakeZoom, fake_api: FakeApi, timed: ie.Event
) -> None:
    event = attrs.evolve(timed, summary=None, title="A different title")
    platform.create(attrs.evolve(timed, id="iofs-unrelated", title="Unrelated"))
    fake_api.drop("POST", MEETINGS, after=True)
    made = platform.create(event)
    assert len(zoom.meetings) == 2
    assert fake_api.count("GET", ONE) == 1  # only the meeting that carries the marker is read
    assert made.online_meeting.meeting_id is not None


def test_a_create_lost_before_zoom_made_it_says_so(
    platform: ZoomPlatform, zoom: FakeZoom, fake_api: FakeApi, timed: ie.Event
) -> None:
    fake_api.drop("POST", MEETINGS, after=False)
    with pytest.raises(PlatformError, match=r"the meeting of event 'iofs-fsg-workshop-2021-12-22' may exist") as caught:
        platform.create(timed)
    assert caught.value.status is None
    assert "find(event)" in str(caught.value)
    assert zoom.meetings == {}
    assert platform.find(timed) is None
    platform.create(timed)
    assert len(zoom.meetings) == 1


def test_a_create_that_times_out_can_be_found_later(
    zoom: FakeZoom, fake_api: FakeApi, delays: list[float], timed: ie.Event
) -> None:
    with httpx.Client(timeout=0.5) as client:
        adapter = _adapter(zoom, delays, client=client)
        adapter.find(timed)  # fetch the token before stalling
        fake_api.stall("POST", MEETINGS, 1.5)
        with pytest.raises(PlatformError, match="ReadTimeout"):
            adapter.create(timed)
        deadline = time.monotonic() + 5
        while not zoom.meetings and time.monotonic() < deadline:
            time.sleep(0.05)
        found = adapter.find(timed)
        adapter.close()
    assert found is not None
    assert len(zoom.meetings) == 1
    assert found.online_meeting.meeting_id == str(next(iter(zoom.meetings)))


def test_an_expired_token_is_fetched_again_once(
    platform: ZoomPlatform, zoom: FakeZoom, fake_api: FakeApi, timed: ie.Event
) -> None:
    number = str(platform.create(timed).online_meeting.meeting_id)
    zoom.expire_tokens()
    assert platform.get(number).online_meeting.meeting_id == number
    assert fake_api.count("POST", "/oauth/token") == 2
    assert [call.path for call in fake_api.calls].count(f"/v2/meetings/{number}") == 2  # the 401, then success


def test_bounded_retries_end_in_a_clear_error(
    platform: ZoomPlatform, fake_api: FakeApi, delays: list[float], timed: ie.Event
) -> None:
    number = str(platform.create(timed).online_meeting.meeting_id)
    fake_api.fail("GET", ONE, 503, {"code": 503, "message": "Service unavailable."}, times=10)
    with pytest.raises(PlatformError) as caught:
        platform.get(number)
    assert str(caught.value) == f"zoom: GET /meetings/{number}: 503 Service unavailable."
    assert caught.value.status == 503
    assert delays == [0.5, 1.0, 2.0]
    assert fake_api.count("GET", ONE) == 4


def test_a_refused_token_fails_without_the_secret(zoom: FakeZoom, fake_api: FakeApi, timed: ie.Event) -> None:
    adapter = _adapter(zoom, settings={"client_secret": "not-the-secret"})
    with pytest.raises(
        PlatformError, match=r"^zoom: token request: 401 invalid_client: Invalid client_id or client_secret$"
    ):
        adapter.create(timed)
    adapter.close()
    assert fake_api.count("POST", MEETINGS) == 0


def test_a_failing_token_endpoint_is_retried_then_reported(
    platform: ZoomPlatform, fake_api: FakeApi, delays: list[float]
) -> None:
    fake_api.fail("POST", "/oauth/token", 503, {"message": "Service unavailable"}, times=10)
    with pytest.raises(PlatformError, match=r"^zoom: token request: 503 Service unavailable$") as caught:
        platform.get("87512345678")
    assert caught.value.status == 503
    assert delays == [0.5, 1.0, 2.0]


# What the account's policies refuse.


def test_a_passcode_the_account_refuses_says_which_rule_and_what_to_change(
    platform: ZoomPlatform, zoom: FakeZoom, fake_api: FakeApi, timed: ie.Event
) -> None:
    zoom.passcode_length = 8  # the account's minimum passcode requirement, which the API cannot tell
    short = _with(timed, ie.OnlineMeeting(platform="zoom", passcode="Fs2021"))
    with pytest.raises(PlatformError) as caught:
        platform.create(short)
    message = str(caught.value)
    assert message.startswith("zoom: POST /users/me/meetings: 400 Invalid parameter: password.: ")
    assert "the account's minimum passcode requirements" in message
    assert "Settings > Security" in message
    assert "change the event's passcode" in message
    assert "Fs2021" not in message
    assert caught.value.status == 400
    made = platform.create(timed)  # no passcode asked: Zoom makes one that meets them
    with pytest.raises(PlatformError, match=r"400 .*minimum passcode requirements"):
        platform.update(_with(short, attrs.evolve(made.online_meeting, passcode="Fs2021")))
    assert fake_api.count("GET") == 0


def test_zoom_s_passcode_codes_are_explained_whatever_their_words(
    platform: ZoomPlatform, fake_api: FakeApi, timed: ie.Event
) -> None:
    fake_api.fail(
        "POST", MEETINGS, 400, {"code": 3000, "message": "Passcode must contain at least 1 special character."}
    )
    with pytest.raises(PlatformError, match=r"400 Passcode must contain at least 1 special character\.: .*minimum"):
        platform.create(timed)
    fake_api.fail("POST", MEETINGS, 400, {"code": 3000, "message": "Cannot access meeting information."})
    with pytest.raises(PlatformError, match=r"400 Cannot access meeting information\.$"):
        platform.create(timed)


# Secrets.


def test_secrets_appear_in_no_error_repr_or_log(
    zoom: FakeZoom, fake_api: FakeApi, caplog: pytest.LogCaptureFixture, timed: ie.Event
) -> None:
    caplog.set_level(logging.DEBUG)
    adapter = _adapter(zoom)
    texts = [repr(adapter), repr(adapter.settings), str(adapter.settings)]
    fake_api.fail("POST", MEETINGS, 429, {"code": 429, "message": "Too many requests."})
    made = adapter.create(timed)
    texts.append(repr(made))
    zoom.expire_tokens()
    assert adapter.get(str(made.online_meeting.meeting_id)).online_meeting == made.online_meeting
    fake_api.fail("GET", ONE, 503, {"message": "Service unavailable."}, times=10)
    with pytest.raises(PlatformError) as caught:
        adapter.get(str(made.online_meeting.meeting_id))
    texts += [str(caught.value), repr(caught.value)]
    wrong = _adapter(zoom, settings={"client_secret": "wrong-" + CLIENT_SECRET})
    with pytest.raises(PlatformError) as refused:
        wrong.create(timed)
    texts += [str(refused.value), repr(refused.value), repr(wrong)]
    adapter.close()
    wrong.close()
    texts += [record.getMessage() for record in caplog.records]
    assert any("retrying" in text for text in texts)  # the log was captured
    host_url = str(made.online_meeting.host_url)
    secrets = [CLIENT_SECRET, host_url, *fake_api.state["issued"]]
    assert len(fake_api.state["issued"]) == 2
    for text in texts:
        for secret in secrets:
            assert secret not in text


def test_the_passcode_zoom_puts_in_a_join_link_is_taken_out() -> None:
    from iofs_events.platforms.zoom import _without_passcode

    assert (
        _without_passcode("https://zoom.example/j/1?pwd=aBcDeF&uname=guest") == "https://zoom.example/j/1?uname=guest"
    )
    assert _without_passcode("https://zoom.example/j/1") == "https://zoom.example/j/1"
    assert _without_passcode(None) is None
