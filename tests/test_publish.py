"""iofs_events.publish: an event through its whole life in a real CalDAV calendar (Radicale on 127.0.0.1).

Created, left alone when nothing changed, updated in place on a new revision, marked cancelled; a change
made by someone else between our read and our write refused by the server and kept; a newer revision in
the calendar never undone; one calendar per language; what the server stored read back by ical.js and
libical at the instants zoneinfo gives. The failures that Radicale cannot be made to give (a 500, a 429, no
ETag, an entry that is not iCalendar) come from a small HTTP server of this module, on loopback too.
"""

from __future__ import annotations

import json
import logging
import secrets
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import attrs
import icalendar
import pytest
from caldav.davclient import DAVClient
from caldav.response import DAVResponse

import iofs_events as ie
from iofs_events import json as event_json
from iofs_events.cli import main
from iofs_events.ical import from_ical, to_ical, uid
from iofs_events.publish import CalDavSettings, Outcome, Published, publish, publish_languages
from tests.caldav_server import CalDavServer
from tests.interop import runners
from tests.paths import EXAMPLES, ROOT

TRAINING = EXAMPLES / "events" / "regional-training-2022-almaty.toml"  # timed, in Asia/Almaty, in four languages
LANGUAGES = ("ar", "en", "fr", "ru")


@pytest.fixture(scope="module")
def training() -> ie.Event:
    return event_json.read(TRAINING)


@pytest.fixture
def dav(caldav_server: CalDavServer) -> Iterator[DAVClient]:
    """Someone else's client: it makes the calendars, reads what was stored, and edits entries behind our back."""
    with _client(caldav_server) as client:
        yield client


def _client(server: CalDavServer, password: str | None = None, cls: type[DAVClient] = DAVClient) -> DAVClient:
    password = password or server.password
    return cls(url=server.url, username=server.user, password=password, enable_rfc6764=False, timeout=30)


def _calendar(dav: DAVClient, name: str | None = None) -> str:
    """The URL of a new, empty calendar of the test user."""
    name = name or f"events-{secrets.token_hex(4)}"
    return str(dav.principal().make_calendar(name=name, cal_id=name).url)


def _settings(server: CalDavServer, url: str | None = None, **changes: Any) -> CalDavSettings:
    values: dict[str, Any] = {"url": url, "username": server.user, "password": server.password, **changes}
    return CalDavSettings(_env_file=None, **values)  # type: ignore[call-arg]


def _stored(dav: DAVClient, published: Published) -> tuple[str | None, icalendar.Event]:
    """The entry's ETag as the server holds it now, and its VEVENT."""
    reply = dav.request(published.url, "GET")
    assert reply.status == 200
    return reply.headers["ETag"], icalendar.Calendar.from_ical(reply.raw).walk("VEVENT")[0]


def _entries(dav: DAVClient, calendar: str) -> int:
    return len(dav.calendar(url=calendar).events())


def _edit(dav: DAVClient, published: Published, **changes: Any) -> str:
    """Change the stored entry as another client does: its own bytes, sent with If-Match; the new ETag."""
    reply = dav.request(published.url, "GET")
    calendar = icalendar.Calendar.from_ical(reply.raw)
    entry = calendar.walk("VEVENT")[0]
    for name, value in changes.items():
        entry.pop(name, None)
        entry.add(name, value)
    answer = dav.request(
        published.url,
        "PUT",
        calendar.to_ical().decode(),
        {"If-Match": reply.headers["ETag"], "Content-Type": "text/calendar; charset=utf-8"},
    )
    assert answer.status in (200, 201, 204), answer.status
    return str(answer.headers["ETag"])


# The life of an entry


def test_an_event_is_created_then_left_alone_when_nothing_changed(
    caldav_server: CalDavServer, dav: DAVClient, training: ie.Event
) -> None:
    calendar = _calendar(dav)
    settings = _settings(caldav_server, calendar)

    created = publish(training, settings=settings)
    assert attrs.asdict(created, filter=lambda field, _: field.name not in ("etag", "url")) == {
        "outcome": Outcome.CREATED,
        "revision": training.revision,
        "language": "en",
        "dry_run": False,
        "overwrote": False,
    }
    assert created.url == f"{calendar}{uid(training).replace('@', '%40')}.ics"  # a stable name, from the UID
    etag, entry = _stored(dav, created)
    assert created.etag == etag
    reply = dav.request(created.url, "GET")
    assert "METHOD" not in icalendar.Calendar.from_ical(reply.raw)  # RFC 4791 §4.1
    (back,) = from_ical(reply.raw)
    assert (back.schedule, back.title, back.revision) == (training.schedule, training.title, training.revision)
    assert str(entry["STATUS"]) == "CONFIRMED"

    again = publish(training, settings=settings)  # DTSTAMP differs, the server rewrote the bytes: same meaning
    assert (again.outcome, again.url, again.etag) == (Outcome.UNCHANGED, created.url, etag)
    assert _stored(dav, again)[0] == etag
    assert _entries(dav, calendar) == 1


def test_a_new_revision_updates_the_entry_in_place(
    caldav_server: CalDavServer, dav: DAVClient, training: ie.Event
) -> None:
    calendar = _calendar(dav)
    settings = _settings(caldav_server, calendar)
    first = publish(training, settings=settings)
    revised = training.revise(title="Regional training on food security planning")

    updated = publish(revised, settings=settings)
    assert (updated.outcome, updated.url, updated.revision) == (Outcome.UPDATED, first.url, training.revision + 1)
    etag, entry = _stored(dav, updated)
    assert updated.etag == etag != first.etag
    assert (str(entry["SUMMARY"]), entry["SEQUENCE"]) == (revised.title, revised.revision)
    assert _entries(dav, calendar) == 1
    assert publish(revised, settings=settings).outcome is Outcome.UNCHANGED


def test_a_cancelled_event_stays_in_the_calendar_marked_cancelled(
    caldav_server: CalDavServer, dav: DAVClient, training: ie.Event
) -> None:
    calendar = _calendar(dav)
    settings = _settings(caldav_server, calendar)
    publish(training, settings=settings)
    cancelled = training.cancel()

    done = publish(cancelled, settings=settings)
    assert (done.outcome, done.revision) == (Outcome.CANCELLED, cancelled.revision)
    etag, entry = _stored(dav, done)
    assert (str(entry["STATUS"]), entry["SEQUENCE"]) == ("CANCELLED", cancelled.revision)
    assert _entries(dav, calendar) == 1
    again = publish(cancelled, settings=settings)
    assert (again.outcome, again.etag) == (Outcome.UNCHANGED, etag)


def test_a_dry_run_reads_and_writes_nothing(caldav_server: CalDavServer, dav: DAVClient, training: ie.Event) -> None:
    calendar = _calendar(dav)
    settings = _settings(caldav_server, calendar)
    would = publish(training, settings=settings, dry_run=True)
    assert (would.outcome, would.etag, would.dry_run) == (Outcome.CREATED, None, True)
    assert _entries(dav, calendar) == 0

    created = publish(training, settings=settings)
    would = publish(training.cancel(), settings=settings, dry_run=True)
    assert (would.outcome, would.etag) == (Outcome.CANCELLED, created.etag)
    etag, entry = _stored(dav, created)
    assert (etag, str(entry["STATUS"])) == (created.etag, "CONFIRMED")


# Someone else's changes are never overwritten


class _Interloper(DAVClient):
    """Our client, but someone else changes the entry just before each PUT of ours: between our read and write."""

    edit: Any = None

    def request(self, url: str, method: str = "GET", body: str = "", headers: Any = None, **rest: Any) -> DAVResponse:
        if method == "PUT" and self.edit is not None:
            self.edit()
        return super().request(url, method, body, headers, **rest)


def test_a_change_between_our_read_and_our_write_is_refused_and_kept(
    caldav_server: CalDavServer, dav: DAVClient, training: ie.Event
) -> None:
    calendar = _calendar(dav)
    first = publish(training, settings=_settings(caldav_server, calendar))
    theirs: list[str] = []

    with _client(caldav_server, cls=_Interloper) as ours:
        ours.edit = lambda: theirs.append(_edit(dav, first, summary="Their title"))  # type: ignore[attr-defined]
        with pytest.raises(ie.PublishError) as refused:
            publish(training.revise(title="Our title"), calendar_url=calendar, client=ours)
    assert (refused.value.conflict, refused.value.status, refused.value.calendar) == (True, 412, calendar)
    assert str(refused.value).startswith(f"{calendar}: someone else changed the entry while it was being published")
    assert "publish again" in str(refused.value)
    etag, entry = _stored(dav, first)
    assert (etag, str(entry["SUMMARY"])) == (theirs[0], "Their title")  # their change, kept


def test_a_client_of_ones_own_is_used_with_its_sign_in_and_left_open(
    caldav_server: CalDavServer, dav: DAVClient, training: ie.Event, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # no settings anywhere: the client and the URL are all it takes
    calendar = _calendar(dav)
    assert publish(training, calendar_url=calendar, client=dav).outcome is Outcome.CREATED
    assert publish(training, calendar_url=calendar, client=dav).outcome is Outcome.UNCHANGED  # still open


def test_an_entry_made_between_our_read_and_our_write_is_not_overwritten(
    caldav_server: CalDavServer, dav: DAVClient, training: ie.Event
) -> None:
    calendar = _calendar(dav)
    theirs = to_ical(training.revise(title="Their entry"), method=None)

    def create() -> None:
        url = f"{calendar}{uid(training).replace('@', '%40')}.ics"
        assert dav.request(url, "PUT", theirs.decode(), {"Content-Type": "text/calendar"}).status == 201

    with _client(caldav_server, cls=_Interloper) as ours:
        ours.edit = create  # type: ignore[attr-defined]
        with pytest.raises(ie.PublishError, match="someone else changed the entry") as refused:
            publish(training, calendar_url=calendar, client=ours)
    assert refused.value.conflict
    (entry,) = dav.calendar(url=calendar).events()
    assert str(entry.icalendar_component["SUMMARY"]) == "Their entry"


def test_an_entry_changed_in_the_calendar_at_this_revision_is_replaced_only_with_force(
    caldav_server: CalDavServer, dav: DAVClient, training: ie.Event, caplog: pytest.LogCaptureFixture
) -> None:
    calendar = _calendar(dav)
    settings = _settings(caldav_server, calendar)
    first = publish(training, settings=settings)
    theirs = _edit(dav, first, summary="Corrected in the calendar")

    with pytest.raises(ie.PublishError) as refused:
        publish(training, settings=settings)
    assert refused.value.conflict
    assert refused.value.status is None
    assert f"entry for revision {training.revision} differs from the event" in str(refused.value)
    assert "--force" in str(refused.value)
    assert _stored(dav, first)[0] == theirs
    would = publish(training, settings=settings, force=True, dry_run=True)
    assert (would.outcome, would.overwrote, would.etag) == (Outcome.UPDATED, True, theirs)
    assert _stored(dav, first)[0] == theirs

    with caplog.at_level(logging.WARNING, logger="iofs_events.publish"):
        forced = publish(training, settings=settings, force=True)
    assert (forced.outcome, forced.overwrote) == (Outcome.UPDATED, True)
    assert str(_stored(dav, forced)[1]["SUMMARY"]) == training.title
    assert [record.getMessage() for record in caplog.records] == [
        f"{forced.url}: replaced an entry that was changed in the calendar (force)"
    ]
    assert publish(training, settings=settings).outcome is Outcome.UNCHANGED


def test_a_newer_revision_in_the_calendar_is_never_undone(
    caldav_server: CalDavServer, dav: DAVClient, training: ie.Event
) -> None:
    calendar = _calendar(dav)
    settings = _settings(caldav_server, calendar)
    newer = publish(training.revise(title="Newer"), settings=settings)
    for force in (False, True):
        with pytest.raises(ie.PublishError) as refused:
            publish(training, settings=settings, force=force)
        assert refused.value.conflict
        assert str(refused.value) == (
            f"{calendar}: the calendar holds revision {training.revision + 1} of the event, newer than this one "
            f"({training.revision}); nothing was written: publish the event's newest revision, never an older one"
        )
    assert _stored(dav, newer)[0] == newer.etag


# One calendar per language


def test_one_calendar_per_language(caldav_server: CalDavServer, dav: DAVClient, training: ie.Event) -> None:
    prefix = f"training-{secrets.token_hex(4)}"
    calendars = {language: _calendar(dav, f"{prefix}-{language}") for language in LANGUAGES}
    template = f"{caldav_server.home}{prefix}-{{lang}}/"
    settings = _settings(caldav_server, template)

    done = list(publish_languages(training, LANGUAGES, settings=settings))
    assert [(each.language, each.outcome) for each in done] == [(language, Outcome.CREATED) for language in LANGUAGES]
    for each in done:
        assert each.url.startswith(calendars[each.language])
        entry = _stored(dav, each)[1]
        assert entry["SUMMARY"].params["LANGUAGE"] == each.language
        assert str(entry["SUMMARY"]) == training.localized(each.language).event.title
    assert len({str(_stored(dav, each)[1]["SUMMARY"]) for each in done}) == len(LANGUAGES)

    again = publish_languages(training, LANGUAGES, settings=settings)
    assert {each.outcome for each in again} == {Outcome.UNCHANGED}
    arabic = publish(training, settings=settings, language="ar")
    assert (arabic.outcome, arabic.url) == (Outcome.UNCHANGED, done[0].url)


def test_several_languages_need_lang_in_the_url_before_anything_is_written(
    caldav_server: CalDavServer, dav: DAVClient, training: ie.Event
) -> None:
    calendar = _calendar(dav)
    with pytest.raises(ie.SettingsError, match=r"^the calendar URL has no \{lang\}"):
        publish_languages(training, ("ar", "en"), settings=_settings(caldav_server, calendar))
    assert _entries(dav, calendar) == 0
    one = publish(training, settings=_settings(caldav_server, calendar), language="fr")  # one language: any URL
    assert (one.language, _stored(dav, one)[1]["SUMMARY"].params["LANGUAGE"]) == ("fr", "fr")


# What the server stored, read by calendar clients


def test_the_stored_entries_are_read_by_icaljs_and_libical_at_the_right_instants(
    caldav_server: CalDavServer, dav: DAVClient, training: ie.Event, tmp_path: Path
) -> None:
    schedule = training.schedule
    assert isinstance(schedule, ie.TimeSpan)
    expected = tuple(
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") for moment in (schedule.starts_at, schedule.ends_at)
    )
    prefix = f"read-{secrets.token_hex(4)}"
    for language in LANGUAGES:
        _calendar(dav, f"{prefix}-{language}")
    settings = _settings(caldav_server, f"{caldav_server.home}{prefix}-{{lang}}/")
    lives = {"scheduled": training, "cancelled": training.cancel()}
    for state, event in lives.items():
        for each in publish_languages(event, LANGUAGES, settings=settings):
            path = tmp_path / f"{state}-{each.language}.ics"
            path.write_text(dav.request(each.url, "GET").raw, encoding="utf-8", newline="")
            status = "CANCELLED" if state == "cancelled" else "CONFIRMED"

            thunderbird = runners.icaljs(path)
            (entry,) = thunderbird["events"]
            assert (entry["start_utc"], entry["end_utc"]) == expected, path.name
            assert entry["start_zone"] == entry["tzid"] == "Asia/Almaty"
            assert (entry["status"], entry["sequence"], thunderbird["method"]) == (status, event.revision, None)

            evolution = runners.libical(path)
            (entry,) = evolution["events"]
            assert evolution["unresolved_tzids"] == []
            assert (entry["start_utc"], entry["end_utc"]) == expected, path.name
            assert (entry["status"], entry["sequence"], evolution["method"]) == (status, event.revision, None)
            assert evolution["errors"] == []


# Failures: typed, naming the calendar, never the password


def test_a_wrong_password_is_a_publish_error_without_it(
    caldav_server: CalDavServer, dav: DAVClient, training: ie.Event, caplog: pytest.LogCaptureFixture
) -> None:
    calendar = _calendar(dav)
    wrong = f"wrong-{secrets.token_hex(8)}"
    with caplog.at_level(logging.DEBUG), pytest.raises(ie.PublishError) as refused:
        publish(training, settings=_settings(caldav_server, calendar, password=wrong))
    assert str(refused.value) == (
        f"{calendar}: the server refused the sign-in: check IOFS_CALDAV_USERNAME and IOFS_CALDAV_PASSWORD (401)"
    )
    assert (refused.value.status, refused.value.conflict, refused.value.__suppress_context__) == (401, False, True)
    for secret in (wrong, caldav_server.password):
        assert secret not in repr(refused.value)
        assert secret not in caplog.text
        assert all(secret not in str(record.args) for record in caplog.records)
    assert _entries(dav, calendar) == 0


def test_another_users_calendar_is_refused(caldav_server: CalDavServer, training: ie.Event) -> None:
    calendar = f"{caldav_server.url}someone-else/events/"
    with pytest.raises(ie.PublishError) as refused:
        publish(training, settings=_settings(caldav_server, calendar))
    assert str(refused.value) == f"{calendar}: the server does not let this user use this calendar (403)"


def test_a_calendar_that_does_not_exist(caldav_server: CalDavServer, training: ie.Event) -> None:
    calendar = f"{caldav_server.home}nothing-here/"
    with pytest.raises(ie.PublishError) as refused:
        publish(training, settings=_settings(caldav_server, calendar))
    assert str(refused.value) == (
        f"{calendar}: the server refused PUT with 409 Conflict (is there a calendar at this URL?)"
    )
    assert refused.value.status == 409


def test_a_closed_port_is_a_publish_error(caldav_server: CalDavServer, training: ie.Event) -> None:
    with (
        DAVClient(url="http://127.0.0.1:1/", timeout=10) as probe,
        pytest.raises(OSError, match="refused"),
    ):  # nothing there
        probe.request("http://127.0.0.1:1/", "OPTIONS")
    calendar = "http://127.0.0.1:1/publisher/events/"
    with pytest.raises(ie.PublishError) as refused:
        publish(training, settings=_settings(caldav_server, calendar))
    assert str(refused.value) == f"{calendar}: no reply from the server (ConnectionError)"
    assert (refused.value.status, refused.value.__suppress_context__) == (None, True)
    assert isinstance(refused.value, OSError)


class _Server(ThreadingHTTPServer):
    replies: dict[str, tuple[int, dict[str, str], bytes]]
    requests: list[str]
    headers: list[dict[str, str]]


class _Replies(BaseHTTPRequestHandler):
    """Answers each method with the reply set for it; a method without one gets 405."""

    server: _Server

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.requests.append(self.command)
        self.server.headers.append(dict(self.headers))
        status, headers, body = self.server.replies.get(self.command, (405, {}, b""))
        self.send_response(status)
        for name, value in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_PUT = _answer  # noqa: N815 (http.server's names)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def fake_dav() -> Iterator[_Server]:
    """A plain HTTP server on 127.0.0.1 that answers as each test says, with no sign-in."""
    server = _Server(("127.0.0.1", 0), _Replies)
    server.replies, server.requests, server.headers = {}, [], []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _fake_calendar(server: _Server) -> tuple[str, CalDavSettings]:
    url = f"http://127.0.0.1:{server.server_address[1]}/calendars/events/"
    return url, CalDavSettings(_env_file=None, url=url)  # type: ignore[call-arg]


ICS = {"Content-Type": "text/calendar; charset=utf-8"}


@pytest.mark.parametrize(
    ("replies", "message", "status"),
    [
        ({"GET": (500, {}, b"Internal error")}, "the server refused GET with 500 Internal Server Error", 500),
        ({"GET": (404, {}, b""), "PUT": (500, {}, b"")}, "the server refused PUT with 500 Internal Server Error", 500),
        ({"GET": (429, {}, b"")}, "the server refused GET (429)", 429),
        (
            {"GET": (200, ICS, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")},
            "the server gives the entry no strong ETag, so a change made meanwhile could not be detected; "
            "nothing was written",
            None,
        ),
        (
            {"GET": (200, {**ICS, "ETag": 'W/"1"'}, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")},
            "the server gives the entry no strong ETag",
            None,
        ),
    ],
    ids=["GET 500", "PUT 500", "429", "no ETag", "weak ETag"],
)
def test_a_failing_server_is_a_publish_error(
    fake_dav: _Server,
    training: ie.Event,
    replies: dict[str, tuple[int, dict[str, str], bytes]],
    message: str,
    status: int | None,
) -> None:
    fake_dav.replies = replies
    calendar, settings = _fake_calendar(fake_dav)
    with pytest.raises(ie.PublishError) as refused:
        publish(training, settings=settings)
    assert str(refused.value).startswith(f"{calendar}: {message}")
    assert (refused.value.status, refused.value.calendar, refused.value.conflict) == (status, calendar, False)
    assert "PUT" not in fake_dav.requests or "PUT" in replies


@pytest.mark.parametrize(
    "stored",
    [b"not a calendar at all", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VCALENDAR\r\n"],
    ids=["not iCalendar", "not this event"],
)
def test_an_entry_that_cannot_be_read_is_replaced_only_with_force(
    fake_dav: _Server, training: ie.Event, stored: bytes
) -> None:
    fake_dav.replies = {"GET": (200, {**ICS, "ETag": '"theirs"'}, stored), "PUT": (204, {"ETag": '"ours"'}, b"")}
    settings = _fake_calendar(fake_dav)[1]
    with pytest.raises(ie.PublishError, match="differs from the event") as refused:
        publish(training, settings=settings)
    assert refused.value.conflict
    assert fake_dav.requests == ["GET"]
    forced = publish(training, settings=settings, force=True)
    assert (forced.outcome, forced.overwrote, forced.etag) == (Outcome.UPDATED, True, '"ours"')
    assert fake_dav.requests == ["GET", "GET", "PUT"]
    assert fake_dav.headers[-1]["If-Match"] == '"theirs"'  # still conditional: on the entry just read


def test_a_put_the_server_answers_without_an_etag(fake_dav: _Server, training: ie.Event) -> None:
    fake_dav.replies = {"GET": (404, {}, b""), "PUT": (201, {}, b"")}
    done = publish(training, settings=_fake_calendar(fake_dav)[1])
    assert (done.outcome, done.etag) == (Outcome.CREATED, None)
    put = fake_dav.headers[-1]
    assert (put["If-None-Match"], put["Content-Type"], "If-Match" in put) == (
        "*",
        "text/calendar; charset=utf-8",
        False,
    )


# Settings


def test_settings_come_from_the_environment_and_hide_the_password(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env of the checkout
    bundle = tmp_path / "ca.pem"
    for name, value in {
        "URL": "https://dav.example/iofs/events-{lang}/",
        "USERNAME": "secretariat",
        "PASSWORD": "s3cret-passw0rd",
        "TIMEOUT": "12",
        "CA_BUNDLE": str(bundle),
    }.items():
        monkeypatch.setenv(f"IOFS_CALDAV_{name}", value)
    settings = ie.settings.load_settings(CalDavSettings)
    assert (settings.url, settings.username, settings.timeout, settings.ca_bundle) == (
        "https://dav.example/iofs/events-{lang}/",
        "secretariat",
        12,
        bundle,
    )
    assert settings.password is not None
    assert settings.password.get_secret_value() == "s3cret-passw0rd"
    assert "s3cret" not in f"{settings!r} {settings}"


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        (
            {"URL": "https://secretariat:s3cret@dav.example/iofs/"},
            "IOFS_CALDAV_URL: put the user name and password in IOFS_CALDAV_USERNAME and IOFS_CALDAV_PASSWORD, "
            "not in the URL",
        ),
        ({"URL": "dav.example/iofs/"}, "IOFS_CALDAV_URL: give the http or https URL of the calendar collection"),
        ({"USERNAME": "secretariat"}, "set both IOFS_CALDAV_USERNAME and IOFS_CALDAV_PASSWORD, or neither"),
        ({"TIMEOUT": "0"}, "IOFS_CALDAV_TIMEOUT: input should be greater than 0"),
    ],
)
def test_wrong_settings_name_the_variable_never_the_value(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, training: ie.Event, variables: dict[str, str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    for name, value in variables.items():
        monkeypatch.setenv(f"IOFS_CALDAV_{name}", value)
    with pytest.raises(ie.SettingsError) as wrong:
        publish(training)
    assert str(wrong.value) == message
    assert "s3cret" not in str(wrong.value)


def test_a_calendar_url_is_needed_and_checked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, training: ie.Event
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ie.SettingsError, match=r"^IOFS_CALDAV_URL: set it to the calendar's URL, or give"):
        publish(training)
    with pytest.raises(ie.SettingsError) as wrong:
        publish(training, calendar_url="https://secretariat:s3cret@dav.example/iofs/")
    assert str(wrong.value).startswith("the calendar URL: put the user name and password in IOFS_CALDAV_USERNAME")
    assert "s3cret" not in str(wrong.value)


def test_a_missing_extra_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, caldav_server: CalDavServer, training: ie.Event
) -> None:
    monkeypatch.setitem(sys.modules, "caldav.davclient", None)  # as if not installed: importing it fails
    with pytest.raises(ie.SettingsError) as missing:
        publish(training, settings=_settings(caldav_server, caldav_server.home))
    assert str(missing.value).endswith('which is not installed: pip install "iofs-events[publish]"')
    assert missing.value.__suppress_context__


def test_importing_the_module_loads_no_caldav() -> None:
    code = "import json, sys, iofs_events.publish; print(json.dumps(sorted({'caldav', 'niquests'} & set(sys.modules))))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert json.loads(done.stdout) == []


# The command line


def test_the_command_publishes_updates_and_stops_on_a_conflict(
    caldav_server: CalDavServer,
    dav: DAVClient,
    training: ie.Event,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IOFS_CALDAV_USERNAME", caldav_server.user)
    monkeypatch.setenv("IOFS_CALDAV_PASSWORD", caldav_server.password)
    prefix = f"cli-{secrets.token_hex(4)}"
    for language in ("ar", "en"):
        _calendar(dav, f"{prefix}-{language}")
    template = f"{caldav_server.home}{prefix}-{{lang}}/"
    file = tmp_path / "training.json"
    event_json.write(training, file)
    command = ["caldav", "publish", str(file), "--calendar", template, "--lang", "ar", "--lang", "en"]
    name = uid(training).replace("@", "%40")

    def run(*extra: str) -> tuple[int, str, str]:
        status = main([*command, *extra])
        out, err = capsys.readouterr()
        return status, out, err

    def line(language: str, verb: str, revision: int) -> str:
        return f"{language}: {verb} revision {training.revision + revision}: {entry(language)}\n"

    def entry(language: str) -> str:
        return f"{template.replace('{lang}', language)}{name}.ics"

    def lines(verb: str, revision: int) -> str:
        return line("ar", verb, revision) + line("en", verb, revision)

    assert run("--dry-run") == (0, lines("would create", 0), "")
    assert run() == (0, lines("created", 0), "")
    assert run() == (0, lines("unchanged at", 0), "")
    event_json.write(training.revise(title="Revised"), file)
    assert run("--dry-run") == (0, lines("would update to", 1), "")
    assert run() == (0, lines("updated to", 1), "")

    arabic = Published(outcome=Outcome.UPDATED, url=entry("ar"), etag=None, revision=1, language="ar")
    _edit(dav, arabic, summary="Changed in the calendar")
    status, out, err = run()  # the conflict comes first: nothing is published after it
    assert (status, out) == (1, "")
    assert err.startswith(f"iofs-events: {template.replace('{lang}', 'ar')}: the calendar's entry for revision")
    assert run("--force", "--dry-run") == (
        0,
        line("ar", "would update to", 1) + line("en", "unchanged at", 1),
        "iofs-events: warning: ar: the calendar's changes would be replaced (--force)\n",
    )
    assert run("--force") == (
        0,
        line("ar", "updated to", 1) + line("en", "unchanged at", 1),
        "iofs-events: warning: ar: the calendar's changes were replaced (--force)\n",
    )
    event_json.write(training.revise(title="Revised").cancel(), file)
    assert run() == (0, lines("marked cancelled at", 2), "")


def test_the_command_reads_the_url_from_the_environment_and_names_its_settings(
    caldav_server: CalDavServer,
    dav: DAVClient,
    training: ie.Event,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    calendar = _calendar(dav)
    (tmp_path / ".env").write_text(
        f"IOFS_CALDAV_URL={calendar}\nIOFS_CALDAV_USERNAME={caldav_server.user}\n"
        f"IOFS_CALDAV_PASSWORD={caldav_server.password}\n",
        encoding="utf-8",
    )
    file = tmp_path / "training.json"
    event_json.write(training, file)
    assert main(["caldav", "publish", str(file)]) == 0
    assert capsys.readouterr().out.startswith(f"en: created revision {training.revision}: {calendar}")

    with pytest.raises(SystemExit):
        main(["caldav", "publish", "--help"])
    help_text = capsys.readouterr().out
    for name in ("URL", "USERNAME", "PASSWORD", "TIMEOUT", "CA_BUNDLE"):
        assert f"IOFS_CALDAV_{name}" in help_text
