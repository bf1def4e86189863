"""Replies read from a real IMAP server (Dovecot on the loopback): TLS or STARTTLS, password or XOAUTH2, flags."""

from __future__ import annotations

import imaplib
import logging
import os
import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import iofs_events as ie
from iofs_events.exceptions import DeliveryError, SettingsError
from iofs_events.ical import uid
from iofs_events.mail import AccessToken
from iofs_events.roster import Participant, ReplyOutcome, Roster, Rsvp, SqliteStore, apply_replies, read_mailbox
from iofs_events.roster._mailbox import _detail, _messages
from iofs_events.settings import ImapSettings, load_settings
from tests.roster import replies
from tests.roster.imap_server import ImapServer, Login

STAMP = datetime(2030, 2, 20, 8, 15, tzinfo=UTC)
PEOPLE = ("amina@agri.example", "bakhyt@agri.example", "chen@agri.example", "dora@agri.example")
SEEN, FLAGGED, DELETED = r"\Seen", r"\Flagged", r"\Deleted"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No IOFS_IMAP_* variable from the developer's shell, and no .env but the test's own."""
    for name in os.environ:
        if name.startswith("IOFS_IMAP_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def roster(tmp_path: Path, seed: ie.Event) -> Iterator[Roster]:
    roster = Roster(SqliteStore(tmp_path / "seed.roster.sqlite", event_id=seed.id))
    roster.merge([Participant(email=email) for email in PEOPLE])
    yield roster
    roster.close()


def answer(seed: ie.Event, attendee: str = PEOPLE[0], **more: Any) -> dict[str, Any]:
    return {"uid": uid(seed), "sequence": 1, "dtstamp": STAMP, "attendee": attendee, "partstat": "ACCEPTED", **more}


def settings(server: ImapServer, *, security: str = "tls", login: str = "password", **overrides: Any) -> ImapSettings:
    """Settings that reach the test's Dovecot, trusting its certificate."""
    secret = {"password": server.password} if login == "password" else {"token": server.token}
    options: dict[str, Any] = {
        "host": server.host,
        "port": server.tls_port if security == "tls" else server.port,
        "security": security,
        "username": server.user,
        "ca_file": server.ca_file,
        "timeout": 10,
        **secret,
        **overrides,
    }
    return load_settings(ImapSettings, **options)


def secrets_of(server: ImapServer) -> tuple[str, str]:
    return server.password, server.token


def test_replies_are_taken_and_marked_read_and_the_rest_is_left_alone(
    imap_server: ImapServer, roster: Roster, seed: ie.Event
) -> None:
    proposal = datetime(2030, 3, 5, 14, tzinfo=UTC), datetime(2030, 3, 5, 16, tzinfo=UTC)
    mail = {
        "outlook": replies.reply("outlook", **answer(seed, PEOPLE[0], sequence=2)),
        "gmail": replies.reply("gmail", **answer(seed, PEOPLE[1], partstat="DECLINED", comment="Sorry")),
        "apple": replies.reply("apple", **answer(seed, PEOPLE[2], partstat="TENTATIVE"), omit_organizer=True),
        "thunderbird": replies.reply(
            "thunderbird", **answer(seed, PEOPLE[3], partstat="DELEGATED"), delegated_to="x@y.z"
        ),
        "stale": replies.stale("gmail", by="sequence", **answer(seed, PEOPLE[0], sequence=2, partstat="DECLINED")),
        "spoofed": replies.spoofed("outlook", **answer(seed, PEOPLE[1])),
        "uninvited": replies.uninvited("apple", **answer(seed, "stranger@elsewhere.example")),
        "broken": replies.broken("thunderbird", **answer(seed)),
        "plain": replies.plain_email(sender=PEOPLE[0], dtstamp=STAMP),
        "counter": replies.counter("outlook", **answer(seed), proposed_start=proposal[0], proposed_end=proposal[1]),
        "refresh": replies.refresh("gmail", uid=uid(seed), dtstamp=STAMP, attendee=PEOPLE[0]),
        "read by a person": replies.plain_email(sender=PEOPLE[1], dtstamp=STAMP, message_id="<opened@x>"),
        "deleted by a person": replies.plain_email(sender=PEOPLE[2], dtstamp=STAMP, message_id="<deleted@x>"),
    }
    for name, raw in mail.items():
        imap_server.append(raw, seen=name == "read by a person")
    with imap_server.connect() as imap:  # a person deletes one message without expunging the folder
        imap.select("INBOX")
        imap.uid("STORE", str(len(mail)), "+FLAGS", rf"({DELETED})")

    report = read_mailbox(settings(imap_server), roster, seed)

    assert dict(zip(mail, (result.outcome for result in report.results), strict=True)) == {
        "outlook": ReplyOutcome.APPLIED,
        "gmail": ReplyOutcome.APPLIED,
        "apple": ReplyOutcome.APPLIED,
        "thunderbird": ReplyOutcome.DELEGATED,
        "stale": ReplyOutcome.STALE,
        "spoofed": ReplyOutcome.SPOOFED,
        "uninvited": ReplyOutcome.UNKNOWN_ATTENDEE,
        "broken": ReplyOutcome.UNREADABLE,
        "plain": ReplyOutcome.NOT_A_REPLY,
        "counter": ReplyOutcome.NOT_A_REPLY,
        "refresh": ReplyOutcome.NOT_A_REPLY,
        "read by a person": ReplyOutcome.NOT_A_REPLY,
        "deleted by a person": ReplyOutcome.NOT_A_REPLY,
    }
    assert [roster.get(email).rsvp for email in PEOPLE] == [Rsvp.ACCEPTED, Rsvp.DECLINED, Rsvp.TENTATIVE, Rsvp.DECLINED]
    assert imap_server.messages() == list(mail.values())  # nothing expunged, nothing changed
    read, refused = frozenset({SEEN}), frozenset({SEEN, FLAGGED})
    assert dict(zip(mail, imap_server.flags(), strict=True)) == {
        **dict.fromkeys(["outlook", "gmail", "apple", "thunderbird", "stale"], read),
        **dict.fromkeys(["spoofed", "uninvited", "broken"], refused),
        **dict.fromkeys(["plain", "counter", "refresh"], frozenset()),
        "read by a person": frozenset({SEEN}),
        "deleted by a person": frozenset({DELETED}),
    }
    assert imap_server.logins()[-1] == Login(imap_server.user, "PLAIN", tls=True)


@pytest.mark.parametrize("login", ["password", "token"])
@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_tls_or_starttls_with_a_password_or_a_token(
    imap_server: ImapServer, roster: Roster, seed: ie.Event, security: str, login: str
) -> None:
    imap_server.append(replies.reply("gmail", **answer(seed)))
    report = read_mailbox(settings(imap_server, security=security, login=login), roster, seed)
    assert [result.outcome for result in report.results] == [ReplyOutcome.APPLIED]
    method = "PLAIN" if login == "password" else "XOAUTH2"
    assert imap_server.logins()[-1] == Login(imap_server.user, method, tls=True)


def test_a_password_beyond_ascii(imap_server: ImapServer, roster: Roster, seed: ie.Event) -> None:
    imap_server.append(replies.reply("gmail", **answer(seed)))
    server = imap_server.with_password("Пароль-é-密码")
    report = read_mailbox(settings(server), roster, seed)
    assert [result.outcome for result in report.results] == [ReplyOutcome.APPLIED]
    assert server.logins()[-1] == Login(server.user, "PLAIN", tls=True)


def test_a_re_read_changes_nothing_and_marks_what_an_earlier_run_took(
    imap_server: ImapServer, roster: Roster, seed: ie.Event
) -> None:
    # No Message-ID: the mailbox's bytes and the file's give the same digest.
    raw = replies.reply("thunderbird", **answer(seed)).replace(b"Message-ID:", b"X-Old-Message-ID:")
    imap_server.append(raw)
    imap_server.append(replies.plain_email(sender=PEOPLE[0], dtstamp=STAMP))
    taken = apply_replies(roster, seed, [raw.replace(b"\r\n", b"\n")])  # say, an .eml file read before a crash
    assert [result.outcome for result in taken.results] == [ReplyOutcome.APPLIED]
    before = roster.people()
    for _ in range(2):
        report = read_mailbox(settings(imap_server), roster, seed)
        assert [result.outcome for result in report.results] == [ReplyOutcome.ALREADY_READ, ReplyOutcome.NOT_A_REPLY]
        assert report.results[0].message_id == taken.results[0].message_id
        assert imap_server.flags() == [frozenset({SEEN}), frozenset()]
    assert roster.people() == before


def test_the_folder_of_the_settings_or_of_the_call(imap_server: ImapServer, roster: Roster, seed: ie.Event) -> None:
    imap_server.append(replies.reply("apple", **answer(seed)), folder="Calendar replies")
    imap_server.append(replies.plain_email(sender=PEOPLE[0], dtstamp=STAMP))
    filed = settings(imap_server, folder="Calendar replies")
    assert [result.outcome for result in read_mailbox(filed, roster, seed, folder="INBOX").results] == [
        ReplyOutcome.NOT_A_REPLY
    ]
    assert [result.outcome for result in read_mailbox(filed, roster, seed).results] == [ReplyOutcome.APPLIED]
    assert imap_server.flags("Calendar replies") == [frozenset({SEEN})]


def test_the_settings_come_from_the_environment(
    imap_server: ImapServer, roster: Roster, seed: ie.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    variables = {
        "HOST": imap_server.host,
        "PORT": str(imap_server.port),
        "SECURITY": "starttls",
        "USERNAME": imap_server.user,
        "TOKEN": imap_server.token,
        "CA_FILE": str(imap_server.ca_file),
        "TIMEOUT": "10",
    }
    for name, value in variables.items():
        monkeypatch.setenv(f"IOFS_IMAP_{name}", value)
    imap_server.append(replies.reply("outlook", **answer(seed)))
    assert [result.outcome for result in read_mailbox(None, roster, seed).results] == [ReplyOutcome.APPLIED]
    assert imap_server.logins()[-1] == Login(imap_server.user, "XOAUTH2", tls=True)


class Tokens:
    """A TokenProvider of one's own: a vault that hands out the mailbox's token, or is sealed."""

    def __init__(self, token: str, *, sealed: bool = False) -> None:
        self.token, self.sealed = token, sealed

    def fetch(self) -> AccessToken:
        if self.sealed:
            raise DeliveryError("the vault is sealed")
        return AccessToken(self.token, 3600)


def test_tokens_from_a_provider(imap_server: ImapServer, roster: Roster, seed: ie.Event) -> None:
    imap_server.append(replies.reply("gmail", **answer(seed)))
    plain = settings(imap_server, password=None)
    report = read_mailbox(plain, roster, seed, tokens=Tokens(imap_server.token))
    assert [result.outcome for result in report.results] == [ReplyOutcome.APPLIED]
    assert imap_server.logins()[-1] == Login(imap_server.user, "XOAUTH2", tls=True)
    with pytest.raises(DeliveryError, match=f"no token for user {imap_server.user}: the vault is sealed"):
        read_mailbox(plain, roster, seed, tokens=Tokens(imap_server.token, sealed=True))


def refused(imap_server: ImapServer, roster: Roster, seed: ie.Event, given: ImapSettings, caplog: Any) -> str:
    """The text of the DeliveryError that reading with ``given`` raises, checked for secrets with the log."""
    caplog.set_level(logging.DEBUG)
    with pytest.raises(DeliveryError) as raised:
        read_mailbox(given, roster, seed)
    text = str(raised.value)
    for secret in (*secrets_of(imap_server), "not-the-password", "not-the-token"):
        assert secret not in text
        assert secret not in caplog.text
    assert raised.value.__cause__ is None
    assert raised.value.__suppress_context__
    return text


def test_logins_refused_say_whose_and_how_never_with_the_secret(
    imap_server: ImapServer, roster: Roster, seed: ie.Event, caplog: pytest.LogCaptureFixture
) -> None:
    where = f"IMAP 127.0.0.1:{imap_server.tls_port}"
    text = refused(imap_server, roster, seed, settings(imap_server, password="not-the-password"), caplog)
    assert text.startswith(f"{where}: refused the password login of user {imap_server.user}: NO ")
    assert "AUTHENTICATIONFAILED" in text
    text = refused(imap_server, roster, seed, settings(imap_server, login="token", token="not-the-token"), caplog)
    assert text.startswith(f"{where}: refused the XOAUTH2 login of user {imap_server.user}: ")
    assert "AUTHENTICATIONFAILED" in text
    assert imap_server.user in caplog.text  # the log says who logs in where, and how
    assert imap_server.logins() == []


def test_a_missing_folder_an_untrusted_certificate_and_no_server(
    imap_server: ImapServer, roster: Roster, seed: ie.Event, caplog: pytest.LogCaptureFixture
) -> None:
    missing = settings(imap_server, folder="Elsewhere")
    assert "cannot open the folder 'Elsewhere': NO " in refused(imap_server, roster, seed, missing, caplog)
    untrusted = settings(imap_server, ca_file=None)
    text = refused(imap_server, roster, seed, untrusted, caplog)
    assert text.startswith(f"IMAP 127.0.0.1:{imap_server.tls_port}: cannot connect (tls): ")
    assert "CERTIFICATE_VERIFY_FAILED" in text
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    nobody = settings(imap_server, port=port, security="starttls")
    assert f"127.0.0.1:{port}: cannot connect (starttls): " in refused(imap_server, roster, seed, nobody, caplog)


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_a_silent_server_is_given_up_on_in_time(
    imap_server: ImapServer, roster: Roster, seed: ie.Event, caplog: pytest.LogCaptureFixture, security: str
) -> None:
    with socket.socket() as silent:  # takes connections (the backlog) and never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        started = time.monotonic()
        given = settings(imap_server, port=silent.getsockname()[1], security=security, timeout=0.5)
        assert "cannot connect" in refused(imap_server, roster, seed, given, caplog)
    assert time.monotonic() - started < 5


def test_settings_that_cannot_be_used(imap_server: ImapServer, roster: Roster, seed: ie.Event, tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="IOFS_IMAP_PASSWORD: set it, or IOFS_IMAP_TOKEN"):
        read_mailbox(settings(imap_server, password=None), roster, seed)
    with pytest.raises(SettingsError, match=r"IOFS_IMAP_CA_FILE: cannot be used: .*no-such\.pem"):
        read_mailbox(settings(imap_server, ca_file=tmp_path / "no-such.pem"), roster, seed)
    with pytest.raises(SettingsError, match=r"^IOFS_IMAP_HOST: field required; IOFS_IMAP_USERNAME: field required$"):
        read_mailbox(None, roster, seed)
    assert imap_server.logins() == []


def test_imap_settings_defaults_and_rules() -> None:
    given = load_settings(ImapSettings, host="imap.iofs.example", username="events@iofs.example", password="hunter2")
    assert (given.security, given.resolved_port, given.folder, given.timeout, given.ca_file) == (
        "tls",
        993,
        "INBOX",
        30,
        None,
    )
    assert load_settings(ImapSettings, host="h", username="u", security="starttls").resolved_port == 143
    assert load_settings(ImapSettings, host="h", username="u", port=1993).resolved_port == 1993
    assert "hunter2" not in repr(given) + str(given)
    with pytest.raises(SettingsError, match=r"^set IOFS_IMAP_PASSWORD or IOFS_IMAP_TOKEN .*, not both$") as both:
        load_settings(ImapSettings, host="h", username="u", password="hunter2", token="t0ken")
    assert "hunter2" not in str(both.value)
    with pytest.raises(SettingsError, match="IOFS_IMAP_SECURITY: input should be 'tls' or 'starttls'"):
        load_settings(ImapSettings, host="h", username="u", security="none")
    with pytest.raises(
        SettingsError, match=r"^IOFS_IMAP_PORT=993 is for TLS from the first byte: set IOFS_IMAP_SECURITY=tls$"
    ):
        load_settings(ImapSettings, host="h", username="u", security="starttls", port=993)


def test_error_details_never_hold_the_secret() -> None:
    assert _detail(OSError(), "s3cret") == "OSError"
    assert _detail(imaplib.IMAP4.error(b"[ALERT] bad token s3cret"), "s3cret") == "[ALERT] bad token ***"
    assert _detail(TimeoutError("timed out"), "s3cret") == "timed out"


def test_each_message_fetched_comes_with_its_uid_wherever_the_server_puts_it() -> None:
    answer = [
        (b"1 (UID 7 BODY[] {3}", b"one"),
        b")",
        rb"2 (FLAGS (\Seen))",  # someone else read a message meanwhile: no message of this FETCH
        (b"3 (BODY[] {3}", b"two"),
        b" UID 9)",
    ]
    assert list(_messages(answer)) == [("7", b"one"), ("9", b"two")]
    with pytest.raises(imaplib.IMAP4.error, match=r"^the server's FETCH answer gives no UID: b'4 \(BODY\[\] \{5\}'$"):
        list(_messages([(b"4 (BODY[] {5}", b"three"), b")"]))
