"""Bulk registration on Zoom and Webex, against their fakes: batches, lookups after lost replies, nobody twice."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest

import iofs_events as ie
from iofs_events.exceptions import CapabilityError, PlatformError
from iofs_events.platforms import (
    BulkRegistration,
    Capabilities,
    Pace,
    Refused,
    Registered,
    Registrant,
    requirements,
)
from iofs_events.platforms.webex import WebexPlatform, WebexSettings
from iofs_events.platforms.zoom import ZoomPlatform, ZoomSettings
from tests.platforms.fake_api import FakeApi
from tests.platforms.fake_webex import FakeWebex
from tests.platforms.fake_zoom import FakeZoom

ALMATY = ZoneInfo("Asia/Almaty")
BEFORE = datetime(2021, 12, 1, tzinfo=UTC)  # Webex takes no meeting that starts in the past
BATCH = r"/v2/meetings/\d+/batch_registrants"
LISTED = r"/v2/meetings/\d+/registrants"
STATUS = r"/v2/meetings/\d+/registrants/status"
INSERT = r"/v1/meetings/[^/]+/registrants/bulkInsert"
QUERY = r"/v1/meetings/[^/]+/registrants/query"


def people(count: int, *, start: int = 0) -> list[Registrant]:
    return [
        Registrant(email=f"Person{number:04d}@Agri.example", first_name=f"Person{number}", last_name="Delegate")
        for number in range(start, start + count)
    ]


def outcomes_of(result: list[Registered | Refused]) -> tuple[list[Registered], list[Refused]]:
    registered = [item for item in result if isinstance(item, Registered)]
    return registered, [item for item in result if isinstance(item, Refused)]


@pytest.fixture(scope="module")
def timed(seed: ie.Event) -> ie.Event:
    """The seed with its times fixed: registration required, approved automatically."""
    return seed.revise(
        schedule=ie.TimeSpan(
            starts_at=datetime(2021, 12, 22, 10, tzinfo=ALMATY), ends_at=datetime(2021, 12, 22, 16, tzinfo=ALMATY)
        )
    )


@pytest.fixture
def delays() -> list[float]:
    return []


# Zoom.


@pytest.fixture
def zoom(fake_api: FakeApi) -> Iterator[FakeZoom]:
    fake = FakeZoom(fake_api)
    yield fake
    assert fake_api.schema_errors == []


def zoom_adapter(zoom: FakeZoom, delays: list[float], **settings: Any) -> ZoomPlatform:
    options = {**zoom.settings_options(), "registration_rate": 1e6, **settings}
    return ZoomPlatform(ZoomSettings(**options), sleep=delays.append)


@pytest.fixture
def on_zoom(zoom: FakeZoom, delays: list[float], timed: ie.Event) -> Iterator[tuple[ZoomPlatform, ie.Event]]:
    """The adapter, and the event with its Zoom meeting made."""
    adapter = zoom_adapter(zoom, delays)
    made = adapter.create(attrs.evolve(timed, online_meeting=ie.OnlineMeeting(platform="zoom")))
    yield adapter, attrs.evolve(timed, online_meeting=made.online_meeting)
    adapter.close()


def number_of(event: ie.Event) -> str:
    assert event.online_meeting is not None
    return str(event.online_meeting.meeting_id)


def test_zoom_registers_30_a_call_each_with_a_link_of_their_own(
    on_zoom: tuple[ZoomPlatform, ie.Event], zoom: FakeZoom, fake_api: FakeApi
) -> None:
    platform, event = on_zoom
    assert isinstance(platform, BulkRegistration)
    assert platform.registration_batch == 30
    asked = people(65)
    result = platform.register_many(event, asked)
    registered, refused = outcomes_of(result)
    assert refused == []
    assert [item.email for item in result] == [person.email for person in asked]
    links = [item.join_url for item in registered]
    assert len(set(links)) == 65
    assert all(link is not None and link.startswith(f"https://zoom.example/w/{number_of(event)}?tk=") for link in links)
    assert len({item.registrant_id for item in registered}) == 65
    bodies = [call.body for call in fake_api.calls if call.method == "POST" and "batch_registrants" in call.path]
    assert [len(body["registrants"]) for body in bodies] == [30, 30, 5]
    assert all(body["auto_approve"] is True for body in bodies)
    assert bodies[0]["registrants"][0] == {
        "email": "Person0000@Agri.example",
        "first_name": "Person0",
        "last_name": "Delegate",
    }
    assert set(zoom.registrations[number_of(event)].values()) == {1}
    assert "tk=" not in repr(registered[0])  # a personal link is private
    assert fake_api.count("GET", LISTED) == 0  # nothing to look up


def test_zoom_registers_a_webinars_registrants_too(
    zoom: FakeZoom, fake_api: FakeApi, delays: list[float], timed: ie.Event
) -> None:
    platform = zoom_adapter(zoom, delays)
    webinar = attrs.evolve(timed, kind=ie.EventKind.WEBINAR)
    event = attrs.evolve(webinar, online_meeting=platform.create(webinar).online_meeting)
    registered, _ = outcomes_of(platform.register_many(event, people(3)))
    assert len(registered) == 3
    assert fake_api.count("POST", rf"/v2/webinars/{number_of(event)}/batch_registrants") == 1
    platform.unregister(event, [registered[0].registrant_id])
    assert [item.email for item in platform.registrants(event, [person.email for person in people(3)])] == [
        "Person0001@Agri.example",
        "Person0002@Agri.example",
    ]
    platform.close()


def test_zoom_answers_a_repeat_with_the_same_registration(
    on_zoom: tuple[ZoomPlatform, ie.Event], zoom: FakeZoom
) -> None:
    platform, event = on_zoom
    first = platform.register_many(event, people(2))
    again = platform.register_many(event, people(2))
    assert first == again  # Zoom keeps one registration per email...
    assert set(zoom.registrations[number_of(event)].values()) == {2}  # ...but counts every request
    platform.register_many(event, people(1))
    with pytest.raises(PlatformError, match="daily rate limit") as caught:
        platform.register_many(event, people(1))  # the fourth request of the day for that person
    assert caught.value.status == 429
    assert "Zoom takes only a few registration requests a day for one person and meeting" in str(caught.value)
    assert not caught.value.uncertain


def test_a_lost_reply_is_looked_up_and_nobody_is_sent_twice(
    on_zoom: tuple[ZoomPlatform, ie.Event], zoom: FakeZoom, fake_api: FakeApi
) -> None:
    platform, event = on_zoom
    fake_api.drop("POST", BATCH, after=True)  # Zoom registered the batch; the reply is lost
    registered, refused = outcomes_of(platform.register_many(event, people(30)))
    assert (len(registered), refused) == (30, [])
    assert fake_api.count("POST", BATCH) == 1  # not sent again
    assert fake_api.count("GET", LISTED) == 1
    assert set(zoom.registrations[number_of(event)].values()) == {1}
    assert all(item.join_url is not None for item in registered)  # the links, from the list of registrants


def test_a_batch_lost_before_zoom_had_it_is_sent_again(
    on_zoom: tuple[ZoomPlatform, ie.Event], zoom: FakeZoom, fake_api: FakeApi, delays: list[float]
) -> None:
    platform, event = on_zoom
    fake_api.drop("POST", BATCH, after=False)
    registered, _ = outcomes_of(platform.register_many(event, people(4)))
    assert len(registered) == 4
    assert fake_api.count("POST", BATCH) == 2
    assert set(zoom.registrations[number_of(event)].values()) == {1}
    assert 0.5 in delays  # a pause before sending again


def test_a_5xx_in_the_middle_of_a_batch_sends_again_only_those_missing(
    on_zoom: tuple[ZoomPlatform, ie.Event], zoom: FakeZoom, fake_api: FakeApi
) -> None:
    platform, event = on_zoom
    zoom.midway = 12  # Zoom registers 12 of the 30, then fails
    registered, _ = outcomes_of(platform.register_many(event, people(30)))
    assert len(registered) == 30
    bodies = [call.body for call in fake_api.calls if call.method == "POST" and "batch_registrants" in call.path]
    assert [len(body["registrants"]) for body in bodies] == [30, 18]
    assert bodies[1]["registrants"][0]["email"] == "Person0012@Agri.example"
    assert set(zoom.registrations[number_of(event)].values()) == {1}


def test_a_429_waits_as_long_as_zoom_asks(
    on_zoom: tuple[ZoomPlatform, ie.Event], zoom: FakeZoom, fake_api: FakeApi, delays: list[float]
) -> None:
    platform, event = on_zoom
    fake_api.fail("POST", BATCH, 429, {"code": 429, "message": "Too many requests."}, {"Retry-After": "7"})
    registered, _ = outcomes_of(platform.register_many(event, people(5)))
    assert len(registered) == 5
    assert 7.0 in delays
    assert fake_api.count("GET", LISTED) == 0  # a rate limit is a refusal: nobody was registered
    assert set(zoom.registrations[number_of(event)].values()) == {1}


def test_someone_a_reply_leaves_out_is_looked_up_then_sent_again(
    on_zoom: tuple[ZoomPlatform, ie.Event], zoom: FakeZoom, fake_api: FakeApi
) -> None:
    platform, event = on_zoom
    fake_api.fail("POST", BATCH, 200, {"registrants": []})  # an answer that registered nobody it names
    registered, _ = outcomes_of(platform.register_many(event, people(3)))
    assert len(registered) == 3
    assert (fake_api.count("POST", BATCH), fake_api.count("GET", LISTED)) == (2, 1)
    assert set(zoom.registrations[number_of(event)].values()) == {1}


def test_those_zoom_never_registers_are_refused_after_bounded_attempts(
    on_zoom: tuple[ZoomPlatform, ie.Event], fake_api: FakeApi, delays: list[float]
) -> None:
    platform, event = on_zoom
    answer = {
        "registrants": [
            {"email": "Person0000@Agri.example", "registrant_id": "r0"},
            {"email": "Person0001@Agri.example"},  # no id: not a registrant
            "not a registrant",
        ]
    }
    fake_api.fail("POST", BATCH, 200, answer, times=10)
    registered, refused = outcomes_of(platform.register_many(event, people(2)))
    assert [(item.email, item.registrant_id, item.join_url) for item in registered] == [
        ("Person0000@Agri.example", "r0", None)
    ]
    assert refused == [
        Refused(email="Person0001@Agri.example", reason="zoom did not register them, nor lists them as registered")
    ]
    assert fake_api.count("POST", BATCH) == 4  # the first call, and 3 more
    assert [delay for delay in delays if delay >= 0.5] == [0.5, 1.0, 2.0]


def test_a_refused_first_batch_raises_and_registers_nobody(
    on_zoom: tuple[ZoomPlatform, ie.Event], zoom: FakeZoom, fake_api: FakeApi
) -> None:
    platform, event = on_zoom
    fake_api.fail("POST", BATCH, 400, {"code": 3038, "message": "Meeting is over, you can not register now."})
    with pytest.raises(PlatformError, match=r"batch_registrants: 400 Meeting is over") as caught:
        platform.register_many(event, people(40))
    assert not caught.value.uncertain
    assert fake_api.count("POST", BATCH) == 1  # the second batch is not sent
    assert zoom.registrants(number_of(event)) == {}


def test_a_refusal_of_a_batch_sent_again_leaves_those_missing_refused(
    on_zoom: tuple[ZoomPlatform, ie.Event], zoom: FakeZoom, fake_api: FakeApi
) -> None:
    platform, event = on_zoom
    fake_api.drop("POST", BATCH, after=False)  # lost before Zoom had it: looked up, not found, sent again...
    fake_api.fail("POST", BATCH, 404, {"code": 3001, "message": "Meeting does not exist."})  # ...and refused
    result = platform.register_many(event, people(2))
    assert result == [
        Refused(
            email=person.email,
            reason=f"zoom: POST /meetings/{number_of(event)}/batch_registrants: 404 Meeting does not exist.",
        )
        for person in people(2)
    ]
    assert zoom.registrants(number_of(event)) == {}


def test_a_later_batch_refused_leaves_the_rest_refused_without_calls(
    on_zoom: tuple[ZoomPlatform, ie.Event], zoom: FakeZoom, fake_api: FakeApi
) -> None:
    platform, event = on_zoom
    platform.register_many(event, people(3, start=30))  # three of the second batch, three times today
    platform.register_many(event, people(3, start=30))
    platform.register_many(event, people(3, start=30))
    before = fake_api.count("POST", BATCH)
    result = platform.register_many(event, people(70))
    registered, refused = outcomes_of(result)
    assert [item.email for item in registered] == [person.email for person in people(30)]
    assert len(refused) == 40
    assert all("daily rate limit" in item.reason for item in refused)
    assert fake_api.count("POST", BATCH) - before == 2  # the third batch is not sent
    assert zoom.registrations[number_of(event)]["person0031@agri.example"] == 3


def test_an_uncertain_batch_whose_lookup_fails_says_some_may_be_registered(
    on_zoom: tuple[ZoomPlatform, ie.Event], fake_api: FakeApi
) -> None:
    platform, event = on_zoom
    fake_api.drop("POST", BATCH, after=True)
    fake_api.fail("GET", LISTED, 403, {"code": 3003, "message": "You are not the meeting host."})
    with pytest.raises(PlatformError, match="some may be registered") as caught:
        platform.register_many(event, people(2))
    assert caught.value.uncertain
    assert caught.value.status == 403


def test_a_later_batch_whose_outcome_is_unknown_raises(
    on_zoom: tuple[ZoomPlatform, ie.Event], fake_api: FakeApi
) -> None:
    platform, event = on_zoom
    platform.register_many(event, people(1))
    fake_api.drop("POST", BATCH, after=True, times=10)
    fake_api.fail("GET", LISTED, 500, {"message": "down"}, times=10)
    with pytest.raises(PlatformError, match="some may be registered"):
        platform.register_many(event, people(1, start=50))


def test_zoom_finds_registrants_page_by_page_and_cancels_30_a_call(
    on_zoom: tuple[ZoomPlatform, ie.Event], zoom: FakeZoom, fake_api: FakeApi
) -> None:
    platform, event = on_zoom
    registered, _ = outcomes_of(platform.register_many(event, people(40)))
    zoom.page_size = 15
    asked = [person.email.upper() for person in people(40)] + ["nobody@agri.example"]
    found = platform.registrants(event, asked)
    assert sorted(item.registrant_id for item in found) == sorted(item.registrant_id for item in registered)
    assert fake_api.count("GET", LISTED) == 3
    platform.unregister(event, [item.registrant_id for item in registered[:35]] + ["unknown-id"])
    bodies = [call.body for call in fake_api.calls if call.method == "PUT"]
    assert [body["action"] for body in bodies] == ["cancel", "cancel"]
    assert [len(body["registrants"]) for body in bodies] == [30, 6]
    assert [item.email for item in platform.registrants(event, asked)] == [p.email for p in people(40)[35:]]
    platform.delete(number_of(event))
    platform.unregister(event, [registered[39].registrant_id])  # the meeting is gone: so is the registration


def test_bulk_calls_keep_to_the_rate_set(zoom: FakeZoom, fake_api: FakeApi, timed: ie.Event) -> None:
    delays: list[float] = []
    platform = zoom_adapter(zoom, delays, registration_rate=2)
    event = attrs.evolve(timed, online_meeting=platform.create(timed).online_meeting)
    platform.register_many(event, people(90))
    platform.registrants(event, ["a@b.example"])
    assert fake_api.count("POST", BATCH) + fake_api.count("GET", LISTED) == 4
    assert len(delays) == 3  # before each bulk call but the first
    assert all(0.3 < delay <= 0.5 for delay in delays)
    platform.close()


def test_a_pace_sleeps_what_is_left_of_the_interval() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    pace = Pace(4, sleep=sleep, clock=lambda: now[0])
    pace.wait()  # the first call does not wait
    now[0] += 0.1
    pace.wait()
    now[0] += 1.0
    pace.wait()  # a long time after: no wait
    assert slept == [pytest.approx(0.15)]
    with pytest.raises(ValueError, match="more than 0"):
        Pace(0, sleep=sleep)


def test_zoom_refuses_before_any_call(on_zoom: tuple[ZoomPlatform, ie.Event], fake_api: FakeApi) -> None:
    platform, event = on_zoom
    before = len(fake_api.calls)
    for changed in (
        attrs.evolve(event, registration=None),
        attrs.evolve(event, registration=ie.Registration(required=False)),
        attrs.evolve(event, online_meeting=None),
    ):
        with pytest.raises(PlatformError):
            platform.register_many(changed, people(1))
        with pytest.raises(PlatformError):
            platform.registrants(changed, ["a@b.example"])
        with pytest.raises(PlatformError):
            platform.unregister(changed, ["r1"])
    assert len(fake_api.calls) == before


# Webex.


@pytest.fixture
def webex(fake_api: FakeApi) -> Iterator[FakeWebex]:
    fake = FakeWebex(fake_api)
    yield fake
    assert fake_api.schema_errors == []


@pytest.fixture
def on_webex(webex: FakeWebex, delays: list[float], timed: ie.Event) -> Iterator[tuple[WebexPlatform, ie.Event]]:
    settings = WebexSettings(**webex.settings_options(), registration_rate=1e6)  # type: ignore[arg-type]
    adapter = WebexPlatform(settings, sleep=delays.append, now=lambda: BEFORE)
    event = attrs.evolve(timed, online_meeting=ie.OnlineMeeting(platform="webex"))
    yield adapter, attrs.evolve(event, online_meeting=adapter.create(event).online_meeting)
    adapter.close()


def meeting_of(event: ie.Event) -> str:
    assert event.online_meeting is not None
    return str(event.online_meeting.meeting_id)


def test_webex_registers_100_a_call_and_emails_the_links(
    on_webex: tuple[WebexPlatform, ie.Event], webex: FakeWebex, fake_api: FakeApi
) -> None:
    platform, event = on_webex
    assert platform.registration_batch == 100
    asked = [*people(149), Registrant(email="solo@agri.example", first_name="Solo")]
    result = platform.register_many(event, asked)
    registered, refused = outcomes_of(result)
    assert [item.email for item in result] == [person.email for person in asked]
    assert refused == [Refused(email="solo@agri.example", reason="Webex requires a registrant's last name (lastName)")]
    assert len(registered) == 149
    assert all(item.join_url is None for item in registered)  # Webex emails it
    bodies = [call.body for call in fake_api.calls if call.path.endswith("/bulkInsert")]
    assert [len(body["items"]) for body in bodies] == [100, 49]
    assert bodies[0]["items"][0] == {
        "firstName": "Person0",
        "lastName": "Delegate",
        "email": "Person0000@Agri.example",
        "sendEmail": True,
    }
    assert set(webex.registrations[meeting_of(event)].values()) == {1}


def test_webex_finds_who_is_registered_already_and_sends_only_the_others(
    on_webex: tuple[WebexPlatform, ie.Event], webex: FakeWebex, fake_api: FakeApi
) -> None:
    platform, event = on_webex
    assert platform.register(event, people(1, start=3)[0]) is None  # through the registration page, say
    registered, _ = outcomes_of(platform.register_many(event, people(5)))
    assert len(registered) == 5
    bodies = [call.body for call in fake_api.calls if call.path.endswith("/bulkInsert")]
    assert [len(body["items"]) for body in bodies] == [5, 4]  # refused with a 409, then sent without them
    (query,) = [call for call in fake_api.calls if call.path.endswith("/query")]
    assert query.query["max"] == ["100"]
    assert set(webex.registrations[meeting_of(event)].values()) == {1}


def test_a_lost_webex_reply_is_looked_up(
    on_webex: tuple[WebexPlatform, ie.Event], webex: FakeWebex, fake_api: FakeApi
) -> None:
    platform, event = on_webex
    fake_api.drop("POST", INSERT, after=True)
    registered, _ = outcomes_of(platform.register_many(event, people(60)))
    assert len(registered) == 60
    assert (fake_api.count("POST", INSERT), fake_api.count("POST", QUERY)) == (1, 1)
    webex.midway = 7
    registered, _ = outcomes_of(platform.register_many(event, people(20, start=100)))
    assert len(registered) == 20
    assert set(webex.registrations[meeting_of(event)].values()) == {1}


def test_webex_finds_and_cancels_registrants(
    on_webex: tuple[WebexPlatform, ie.Event], webex: FakeWebex, fake_api: FakeApi
) -> None:
    platform, event = on_webex
    registered, _ = outcomes_of(platform.register_many(event, people(130)))
    emails = [person.email.lower() for person in people(130)]
    assert len(platform.registrants(event, [*emails, *emails])) == 130  # each asked once, 100 a query
    assert fake_api.count("POST", QUERY) == 2
    platform.unregister(event, [item.registrant_id for item in registered[:120]])
    bodies = [call.body for call in fake_api.calls if call.path.endswith("/cancel")]
    assert [(body["sendEmail"], len(body["registrants"])) for body in bodies] == [(False, 100), (False, 20)]
    assert len(webex.registrants(meeting_of(event))) == 10
    platform.unregister(event, [])  # nothing to cancel: no call
    assert fake_api.count("POST", r".*/cancel") == 2


def test_webex_lists_only_those_who_hold_or_wait_for_a_place(
    on_webex: tuple[WebexPlatform, ie.Event], fake_api: FakeApi
) -> None:
    platform, event = on_webex
    items = [
        {"id": "r1", "email": "a@agri.example", "status": "rejected"},
        {"id": "r2", "email": "b@agri.example", "status": "pending"},
        {"email": "c@agri.example", "status": "approved"},  # no id: not a registrant
        "not a registrant",
    ]
    fake_api.fail("POST", QUERY, 200, {"items": items})
    found = platform.registrants(event, ["a@agri.example", "b@agri.example", "c@agri.example"])
    assert found == [Registered(email="b@agri.example", registrant_id="r2")]


def test_webex_refuses_before_any_call(on_webex: tuple[WebexPlatform, ie.Event], fake_api: FakeApi) -> None:
    platform, event = on_webex
    before = len(fake_api.calls)
    for changed in (attrs.evolve(event, registration=None), attrs.evolve(event, online_meeting=None)):
        with pytest.raises(PlatformError):
            platform.register_many(changed, people(1))
        with pytest.raises(PlatformError):
            platform.registrants(changed, ["a@b.example"])
    with pytest.raises(PlatformError, match="last name"):
        platform.register(event, Registrant(email="solo@agri.example", first_name="Solo"))
    assert len(fake_api.calls) == before


# Capabilities.


def test_bulk_registration_is_declared_and_required(seed: ie.Event) -> None:
    assert ZoomPlatform.capabilities.bulk_registration
    assert WebexPlatform.capabilities.bulk_registration
    one_at_a_time = Capabilities(registration=True)
    event = attrs.evolve(seed, languages=None)
    with pytest.raises(CapabilityError, match="it registers participants one at a time only, not in bulk"):
        requirements("acme", one_at_a_time, event, bulk=True)
    with pytest.raises(CapabilityError, match=r"it has no registration of participants$"):
        requirements("acme", Capabilities(), event, bulk=True)
    requirements("acme", one_at_a_time, event, register=True)  # one at a time is enough for register()
