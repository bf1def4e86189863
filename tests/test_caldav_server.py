"""Radicale on loopback, driven by the caldav library as the publishing code will drive a shared calendar.

What it relies on: a calendar made in the user's home; our calendar's bytes sent as they are, stored with the
``VTIMEZONE`` and read back as the same event; each stored version with an ETag; an update sent with ``If-Match``
(the ETag last read) applied, and one with a stale ETag refused with 412, the newer version kept; a create that
must not overwrite refused when the event is there already (``If-None-Match: *``); no login without the password.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import attrs
import caldav
import icalendar
import pytest
from caldav.lib import error

import iofs_events as ie
from iofs_events.ical import from_ical, to_ical, uid
from tests.caldav_server import CalDavServer

STAMP = datetime(2021, 11, 17, tzinfo=UTC)
CASABLANCA = ZoneInfo("Africa/Casablanca")  # a VTIMEZONE of many observances: Morocco's clock changes around Ramadan


@pytest.fixture
def event(seed: ie.Event) -> ie.Event:
    """The seed workshop once its time is fixed, in Casablanca."""
    schedule = ie.TimeSpan(
        starts_at=datetime(2021, 12, 22, 10, 0, tzinfo=CASABLANCA),
        ends_at=datetime(2021, 12, 22, 13, 0, tzinfo=CASABLANCA),
    )
    return attrs.evolve(seed, schedule=schedule, revision=seed.revision + 1)


def _client(server: CalDavServer, password: str) -> caldav.DAVClient:
    # The URL is given: no DNS look-up for the service (RFC 6764).
    return caldav.DAVClient(url=server.url, username=server.user, password=password, enable_rfc6764=False, timeout=30)


@pytest.fixture
def client(caldav_server: CalDavServer) -> Iterator[caldav.DAVClient]:
    with _client(caldav_server, caldav_server.password) as client:
        yield client


def _calendar(client: caldav.DAVClient, name: str) -> caldav.Calendar:
    return client.principal().make_calendar(name=name, cal_id=name)


def _put(calendar: caldav.Calendar, data: bytes) -> caldav.Event:
    """Store ``data`` as it is (``raw_data``: no rewriting, no SEQUENCE bump), only if no event has its UID yet."""
    return caldav.Event(calendar.client, parent=calendar).save(raw_data=data, no_overwrite=True)


def _timezones(data: bytes) -> dict[str, list[bytes]]:
    """Each VTIMEZONE's TZID and its observances (STANDARD, DAYLIGHT), in any order: Radicale sorts them."""
    calendar = icalendar.Calendar.from_ical(data)
    return {
        str(zone["TZID"]): sorted(part.to_ical() for part in zone.subcomponents) for zone in calendar.walk("VTIMEZONE")
    }


def test_an_event_is_stored_with_its_timezone_and_read_back(
    caldav_server: CalDavServer, client: caldav.DAVClient, event: ie.Event
) -> None:
    calendar = _calendar(client, "read-back")
    assert str(calendar.url) == f"{caldav_server.home}read-back/"
    written = to_ical(event, stamp=STAMP)
    stored = _put(calendar, written)
    assert stored.url is not None
    assert str(stored.url).startswith(str(calendar.url))
    assert stored.etag is not None
    assert stored.etag.startswith('"')  # a strong ETag, which If-Match can match

    read = calendar.get_event_by_uid(stored.id)
    assert read.etag == stored.etag
    assert read.raw_data is not None
    assert list(_timezones(read.raw_data)) == ["Africa/Casablanca"]
    assert _timezones(read.raw_data) == _timezones(written)
    (back,) = from_ical(read.raw_data)
    assert back == from_ical(written)[0]
    assert back.schedule == event.schedule


def test_an_update_needs_the_etag_last_read_and_a_stale_one_is_refused(
    client: caldav.DAVClient, event: ie.Event
) -> None:
    calendar = _calendar(client, "updates")
    first = _put(calendar, to_ical(event, stamp=STAMP)).etag
    ours, theirs = calendar.get_event_by_uid(uid(event)), calendar.get_event_by_uid(uid(event))
    assert ours.etag == theirs.etag == first

    # save() sends the ETag it last read as If-Match, and keeps the one the server answers with.
    revised = to_ical(attrs.evolve(event, revision=event.revision + 1, title="Revised title"), stamp=STAMP)
    ours.save(raw_data=revised)
    assert ours.etag not in (None, first)
    assert calendar.get_event_by_uid(uid(event)).etag == ours.etag

    with pytest.raises(error.ETagMismatchError) as refused:  # theirs still holds the first ETag
        theirs.save(raw_data=to_ical(attrs.evolve(event, title="Their title"), stamp=STAMP))
    assert refused.value.status == 412
    (kept,) = from_ical(calendar.get_event_by_uid(uid(event)).raw_data)
    assert (kept.title, kept.revision) == ("Revised title", event.revision + 1)

    # The same through the client's own request, where the header alone decides.
    assert client.put(str(ours.url), revised.decode(), {"If-Match": first}).status == 412
    assert client.put(str(ours.url), revised.decode(), {"If-Match": ours.etag}).status == 204


def test_a_create_does_not_overwrite_an_event_of_the_same_uid(client: caldav.DAVClient, event: ie.Event) -> None:
    calendar = _calendar(client, "creates")
    stored = _put(calendar, to_ical(event, stamp=STAMP))
    other = to_ical(attrs.evolve(event, title="Another title"), stamp=STAMP)
    with pytest.raises(error.ConsistencyError):  # caldav looks the UID up before it sends If-None-Match: *
        _put(calendar, other)
    assert client.put(str(stored.url), other.decode(), {"If-None-Match": "*"}).status == 412  # and the server refuses
    assert calendar.get_event_by_uid(uid(event)).etag == stored.etag


def test_no_login_without_the_password(caldav_server: CalDavServer) -> None:
    with _client(caldav_server, "wrong") as intruder, pytest.raises(error.AuthorizationError) as refused:
        intruder.principal()
    assert refused.value.status == 401
    assert caldav_server.password not in repr(caldav_server)
