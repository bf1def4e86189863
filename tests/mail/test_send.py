"""Sending mail to a real SMTP server on the loopback interface: one connection, retries, TLS, login, journal."""

from __future__ import annotations

import email
import logging
import os
import socket
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from iofs_events.exceptions import DeliveryError, MailError
from iofs_events.mail import Journal, Mailer, Message, Outcome, Report, send_all, write_all
from tests.mail.smtp_server import Certificate, SmtpServer, loopback_settings

SENDER = "secretariat@iofs.example"
RECIPIENTS = ["amina@agri.example", "bakhyt@agri.example", "chioma@agri.example", "dilnoza@agri.example"]
LOGGER = "iofs_events.mail"
SECRET = "correct horse battery staple"


def make_message(recipient: str) -> Message:
    data = (
        f"From: IOFS Secretariat <{SENDER}>\r\n"
        f"To: {recipient}\r\n"
        "Subject: Invitation: Food Security Governance workshop\r\n"
        "Message-ID: <fsg-2021.r1@iofs.example>\r\n"
        "Date: Wed, 01 Dec 2021 09:00:00 +0000\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "\r\n"
        "Dear colleague,\r\n"
        ".a line that starts with a dot, which SMTP must carry as it is\r\n"
    ).encode()
    return Message(
        sender=SENDER,
        recipient=recipient,
        subject="Invitation: Food Security Governance workshop",
        message_id="<fsg-2021.r1@iofs.example>",
        key=f"fsg-2021/r1/invitation/{recipient}",
        data=data,
    )


MESSAGES = [make_message(recipient) for recipient in RECIPIENTS]


def delivered_once(server: SmtpServer) -> bool:
    return Counter(server.recipients()) == Counter(RECIPIENTS)


def mail_log(caplog: pytest.LogCaptureFixture, level: int = logging.INFO) -> list[str]:
    return [record.getMessage() for record in caplog.records if (record.name, record.levelno) == (LOGGER, level)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# The message on the wire


def test_a_message_arrives_as_composed(smtp_server: SmtpServer) -> None:
    with Mailer(smtp_server.settings()) as mailer:
        mailer.send(MESSAGES[0])
    (received,) = smtp_server.received
    assert received.mail_from == SENDER
    assert received.rcpt_tos == (RECIPIENTS[0],)
    assert received.content == MESSAGES[0].data
    assert "SMTPUTF8" not in received.mail_options
    parsed = email.message_from_bytes(received.content)
    assert parsed["To"] == RECIPIENTS[0]
    assert parsed.get_payload().splitlines()[1].startswith(".a line")


def test_many_messages_share_one_connection(smtp_server: SmtpServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    with Mailer(smtp_server.settings()) as mailer:
        report = send_all(MESSAGES, mailer=mailer)
    assert report == Report(sent=tuple(message.key for message in MESSAGES))
    assert smtp_server.recipients() == RECIPIENTS
    assert smtp_server.connections == 1
    assert mail_log(caplog) == [f"sent to {recipient}" for recipient in RECIPIENTS]


def test_a_non_ascii_address_asks_for_smtputf8(smtp_server: SmtpServer) -> None:
    with Mailer(smtp_server.settings()) as mailer:
        mailer.send(make_message("aïda@agri.example"))
    (received,) = smtp_server.received
    assert received.rcpt_tos == ("aïda@agri.example",)
    assert "SMTPUTF8" in received.mail_options


def test_a_server_without_smtputf8_refuses_only_that_message() -> None:
    with SmtpServer(smtputf8=False) as server, Mailer(server.settings()) as mailer:
        with pytest.raises(DeliveryError, match=r"aïda@agri\.example: refused: SMTPUTF8 not supported") as caught:
            mailer.send(make_message("aïda@agri.example"))
        assert caught.value.permanent
        mailer.send(MESSAGES[0])
        assert server.recipients() == [RECIPIENTS[0]]
        assert server.connections == 1


def test_settings_default_to_the_environment(
    smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(
        f"IOFS_SMTP_HOST=127.0.0.1\nIOFS_SMTP_PORT={smtp_server.port}\nIOFS_SMTP_SECURITY=none\n", encoding="utf-8"
    )
    monkeypatch.setenv("IOFS_SMTP_LOCAL_HOSTNAME", "client.test")
    with Mailer() as mailer:
        assert mailer.settings.port == smtp_server.port
        mailer.send(MESSAGES[0])
    assert smtp_server.recipients() == [RECIPIENTS[0]]


# TLS and login


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_tls(tls_certificate: Certificate, security: str) -> None:
    context = tls_certificate.server_context()
    server = SmtpServer(starttls=context) if security == "starttls" else SmtpServer(tls=context)
    with server, Mailer(server.settings(), ssl_context=tls_certificate.client_context()) as mailer:
        assert server.settings().security == security
        send_all(MESSAGES, mailer=mailer)
        assert server.recipients() == RECIPIENTS
        assert server.connections == 1


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_an_untrusted_certificate_stops_at_once(tls_certificate: Certificate, security: str) -> None:
    context = tls_certificate.server_context()
    sleeps: list[float] = []
    server = SmtpServer(starttls=context) if security == "starttls" else SmtpServer(tls=context)
    with (
        server,
        Mailer(server.settings(), sleep=sleeps.append) as mailer,  # the system's CAs do not know the certificate
        pytest.raises(DeliveryError, match="CERTIFICATE_VERIFY_FAILED") as caught,
    ):
        mailer.send(MESSAGES[0])
    assert str(caught.value).startswith(
        f"{RECIPIENTS[0]}: not sent: no session with the SMTP server 127.0.0.1:{server.port} "
        "(IOFS_SMTP_HOST, IOFS_SMTP_PORT, IOFS_SMTP_SECURITY): "
    )
    assert not caught.value.permanent
    assert sleeps == []
    assert server.received == []


def test_starttls_that_the_server_does_not_offer(smtp_server: SmtpServer) -> None:
    with (
        Mailer(smtp_server.settings(security="starttls")) as mailer,
        pytest.raises(DeliveryError, match="STARTTLS extension not supported by server") as caught,
    ):
        mailer.send(MESSAGES[0])
    assert not caught.value.permanent


def test_login() -> None:
    with SmtpServer(credentials=("secretariat", SECRET)) as server:
        with Mailer(server.settings(username="secretariat", password=SECRET)) as mailer:
            send_all(MESSAGES, mailer=mailer)
        assert [received.login for received in server.received] == ["secretariat"] * len(RECIPIENTS)
        assert server.connections == 1


def test_a_refused_login_names_the_user_but_never_the_password(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    sleeps: list[float] = []
    with SmtpServer(credentials=("secretariat", "another password")) as server:
        settings = server.settings(username="secretariat", password=SECRET)
        with Mailer(settings, sleep=sleeps.append) as mailer, pytest.raises(DeliveryError) as caught:
            send_all(MESSAGES, mailer=mailer)
        assert server.received == []
    error = caught.value
    assert str(error).startswith(f"{RECIPIENTS[0]}: not sent: login refused for user secretariat: 535 ")
    assert not error.permanent
    assert sleeps == []  # a refused login is not tried again, lest the account be locked
    for text in (str(error), repr(error), repr(error.__cause__), caplog.text):
        assert SECRET not in text
    assert "login refused for user secretariat" in caplog.text


# Temporary and permanent failures


def test_a_4xx_reply_is_retried_with_backoff(smtp_server: SmtpServer, caplog: pytest.LogCaptureFixture) -> None:
    smtp_server.handler.temporary_refusals[RECIPIENTS[1]] = 2
    sleeps: list[float] = []
    with Mailer(smtp_server.settings(), backoff=0.5, sleep=sleeps.append) as mailer:
        report = send_all(MESSAGES, mailer=mailer)
    assert report.sent == tuple(message.key for message in MESSAGES)
    assert delivered_once(smtp_server)
    assert smtp_server.handler.rcpt_attempts.count(RECIPIENTS[1]) == 3
    assert sleeps == [0.5, 1.0]
    assert smtp_server.connections == 3  # a new connection for each retry
    assert mail_log(caplog, logging.WARNING) == [
        f"{RECIPIENTS[1]}: 451 4.7.1 Greylisted, try again later; retrying in 0.5 s",
        f"{RECIPIENTS[1]}: 451 4.7.1 Greylisted, try again later; retrying in 1 s",
    ]


def test_retries_are_bounded(smtp_server: SmtpServer) -> None:
    smtp_server.handler.temporary_refusals[RECIPIENTS[0]] = 100
    sleeps: list[float] = []
    with (
        Mailer(smtp_server.settings(), retries=2, backoff=1.0, sleep=sleeps.append) as mailer,
        pytest.raises(DeliveryError) as caught,
    ):
        mailer.send(MESSAGES[0])
    assert str(caught.value) == f"{RECIPIENTS[0]}: not sent after 3 attempts: 451 4.7.1 Greylisted, try again later"
    assert not caught.value.permanent
    assert sleeps == [1.0, 2.0]
    assert smtp_server.handler.rcpt_attempts == [RECIPIENTS[0]] * 3


def test_a_server_that_is_not_there() -> None:
    sleeps: list[float] = []
    with (
        Mailer(loopback_settings(free_port()), sleep=sleeps.append) as mailer,
        pytest.raises(
            DeliveryError,
            match=r"not sent after 4 attempts: no session with the SMTP server 127\.0\.0\.1:\d+ \(IOFS_SMTP_HOST, "
            r"IOFS_SMTP_PORT, IOFS_SMTP_SECURITY\): \[Errno \d+\] Connection refused",
        ),
    ):
        mailer.send(MESSAGES[0])
    assert sleeps == [1.0, 2.0, 4.0]


def test_a_dropped_connection_is_reopened(smtp_server: SmtpServer) -> None:
    smtp_server.handler.drop_at_data = {2}
    sleeps: list[float] = []
    with Mailer(smtp_server.settings(), sleep=sleeps.append) as mailer:
        report = send_all(MESSAGES, mailer=mailer)
    assert len(report.sent) == len(MESSAGES)
    assert delivered_once(smtp_server)
    assert smtp_server.connections == 2
    assert sleeps == [1.0]


def test_a_5xx_refusal_is_recorded_and_the_run_goes_on(smtp_server: SmtpServer, tmp_path: Path) -> None:
    smtp_server.handler.permanent_refusals.add(RECIPIENTS[1])
    journal = Journal(tmp_path / "journal.jsonl")
    outcomes: list[Outcome] = []
    sleeps: list[float] = []
    with Mailer(smtp_server.settings(), sleep=sleeps.append) as mailer:
        report = send_all(
            MESSAGES, mailer=mailer, journal=journal, progress=lambda _, outcome: outcomes.append(outcome)
        )
    reason = f"{RECIPIENTS[1]}: refused: 550 5.1.1 No such mailbox here"
    assert report.failed == ((MESSAGES[1].key, reason),)
    assert report.sent == tuple(message.key for message in MESSAGES if message is not MESSAGES[1])
    assert outcomes == ["sent", "failed", "sent", "sent"]
    assert smtp_server.recipients() == [RECIPIENTS[0], *RECIPIENTS[2:]]
    assert smtp_server.connections == 1  # the connection outlives a refusal
    assert sleeps == []
    assert journal.sent() == {message.key for message in MESSAGES} - {MESSAGES[1].key}
    entries = [orjson.loads(line) for line in journal.path.read_bytes().splitlines()]
    assert entries[1] | {"at": None} == {
        "key": MESSAGES[1].key,
        "recipient": RECIPIENTS[1],
        "status": "failed",
        "reason": reason,
        "at": None,
    }

    # Once the mailbox exists, a re-run with the journal sends the refused message, and only it.
    smtp_server.handler.permanent_refusals.clear()
    with Mailer(smtp_server.settings()) as mailer:
        report = send_all(MESSAGES, mailer=mailer, journal=Journal(journal.path))
    assert report.sent == (MESSAGES[1].key,)
    assert report.skipped == tuple(message.key for message in MESSAGES if message is not MESSAGES[1])
    assert delivered_once(smtp_server)


def test_an_interrupted_run_resumes_without_sending_twice(smtp_server: SmtpServer, tmp_path: Path) -> None:
    def interrupt_after_two(message: Message, outcome: Outcome) -> None:
        if message is MESSAGES[1]:
            raise KeyboardInterrupt

    path = tmp_path / "journal.jsonl"
    with Mailer(smtp_server.settings()) as mailer, pytest.raises(KeyboardInterrupt):
        send_all(MESSAGES, mailer=mailer, journal=Journal(path), progress=interrupt_after_two)
    assert smtp_server.recipients() == RECIPIENTS[:2]

    with Mailer(smtp_server.settings()) as mailer:
        report = send_all(MESSAGES, mailer=mailer, journal=Journal(path))
    assert report.skipped == tuple(message.key for message in MESSAGES[:2])
    assert report.sent == tuple(message.key for message in MESSAGES[2:])
    assert delivered_once(smtp_server)


def test_a_server_that_keeps_deferring_stops_the_run(smtp_server: SmtpServer, tmp_path: Path) -> None:
    smtp_server.handler.temporary_refusals[RECIPIENTS[2]] = 2
    journal = Journal(tmp_path / "journal.jsonl")
    with (
        Mailer(smtp_server.settings(), retries=1, sleep=[].append) as mailer,
        pytest.raises(DeliveryError, match="not sent after 2 attempts") as caught,
    ):
        send_all(MESSAGES, mailer=mailer, journal=journal)
    assert smtp_server.recipients() == RECIPIENTS[:2]
    last = orjson.loads(journal.path.read_bytes().splitlines()[-1])
    assert (last["recipient"], last["status"], last["reason"]) == (RECIPIENTS[2], "failed", str(caught.value))

    with Mailer(smtp_server.settings()) as mailer:  # the server takes mail again
        report = send_all(MESSAGES, mailer=mailer, journal=Journal(journal.path))
    assert report.sent == tuple(message.key for message in MESSAGES[2:])
    assert delivered_once(smtp_server)


def test_closing_tolerates_a_dead_connection(smtp_server: SmtpServer) -> None:
    mailer = Mailer(smtp_server.settings(), retries=0)
    mailer.close()  # nothing to close yet
    smtp_server.handler.drop_at_data = {1}
    with pytest.raises(DeliveryError, match="not sent after 1 attempt: Connection unexpectedly closed"):
        mailer.send(MESSAGES[0])
    mailer.close()


# The journal


def test_a_journal_records_each_outcome_durably(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))
    journal = Journal(tmp_path / "journal.jsonl", sync_interval=0)  # fsync every record
    assert journal.sent() == frozenset()
    before = datetime.now(UTC)
    journal.record(MESSAGES[0], Outcome.SENT)
    journal.record(MESSAGES[1], Outcome.FAILED, "refused")
    assert len(synced) == 2
    first, second = (orjson.loads(line) for line in journal.path.read_bytes().splitlines())
    assert first["status"] == "sent"
    assert first["reason"] is None
    assert before <= datetime.fromisoformat(first["at"]) <= datetime.now(UTC)
    assert (second["key"], second["recipient"], second["status"], second["reason"]) == (
        MESSAGES[1].key,
        RECIPIENTS[1],
        "failed",
        "refused",
    )
    assert journal.sent() == {MESSAGES[0].key}
    assert Journal(journal.path).sent() == {MESSAGES[0].key}


def test_a_journal_syncs_at_most_once_an_interval_and_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))
    journal = Journal(tmp_path / "journal.jsonl", sync_interval=3600)
    journal.sync()  # nothing recorded yet: no file to sync, none made
    assert (synced, journal.path.exists()) == ([], False)
    for message in MESSAGES:
        journal.record(message, Outcome.SENT)
    assert len(synced) == 1  # the first record; the others wait for the interval
    assert len(journal.path.read_bytes().splitlines()) == len(MESSAGES)  # yet every record is in the file
    journal.sync()
    assert len(synced) == 2


def test_a_torn_last_line_is_cut_off(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    Journal(path).record(MESSAGES[0], Outcome.SENT)
    whole = path.read_bytes()
    path.write_bytes(whole + b'{"key":"fsg-2021/r1/invitation/bakh')  # a run killed mid-write
    journal = Journal(path)
    assert journal.sent() == {MESSAGES[0].key}
    assert path.read_bytes() == whole
    journal.record(MESSAGES[1], Outcome.SENT)
    assert Journal(path).sent() == {MESSAGES[0].key, MESSAGES[1].key}


def test_a_journal_is_read_whole_without_being_changed(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    journal = Journal(path)
    before = datetime.now(UTC)
    journal.record(MESSAGES[0], Outcome.SENT)
    journal.record(MESSAGES[1], Outcome.FAILED, "550 no such mailbox")
    torn = path.read_bytes() + b'{"key":"fsg-2021/r1/invitation/bakh'
    path.write_bytes(torn)
    sent, failed = Journal.read(path)
    assert (sent.key, sent.recipient, sent.status, sent.reason) == (MESSAGES[0].key, RECIPIENTS[0], "sent", None)
    assert (failed.key, failed.status, failed.reason) == (MESSAGES[1].key, "failed", "550 no such mailbox")
    assert before <= sent.at <= failed.at <= datetime.now(UTC)
    assert path.read_bytes() == torn  # the torn line is left for the sender to cut
    path.write_bytes(b'{"key": "k", "recipient": "r", "status": "sent", "reason": null, "at": "yesterday"}\n')
    with pytest.raises(MailError, match=r"journal\.jsonl, line 1: not a journal record"):
        Journal.read(path)


@pytest.mark.parametrize("line", [b"{not json", b"[1, 2]", b'{"key": "k"}', b""])
def test_an_unreadable_line_inside_the_journal_is_an_error(tmp_path: Path, line: bytes) -> None:
    path = tmp_path / "journal.jsonl"
    Journal(path).record(MESSAGES[0], Outcome.SENT)
    path.write_bytes(line + b"\n" + path.read_bytes())
    with pytest.raises(MailError, match=r"journal\.jsonl, line 1: not a journal record"):
        Journal(path)


# The dry run


def test_write_all_saves_one_eml_per_message(tmp_path: Path) -> None:
    messages = [*MESSAGES[:2], make_message("o'brien/../x@agri.example"), make_message("a" * 300 + "@agri.example")]
    folder = tmp_path / "out" / "dry-run"
    paths = write_all(messages, folder)
    assert [path.name for path in paths[:3]] == [
        "0001-amina@agri.example.eml",
        "0002-bakhyt@agri.example.eml",
        "0003-o_brien_.._x@agri.example.eml",
    ]
    assert paths[3].name == "0004-" + "a" * 200 + ".eml"
    assert sorted(folder.iterdir()) == paths
    assert [path.read_bytes() for path in paths] == [message.data for message in messages]
    assert write_all(messages, folder) == paths  # the same names on every run


def test_write_all_numbers_a_part_from_where_it_starts(tmp_path: Path) -> None:
    paths = write_all(MESSAGES[:2], tmp_path, first=1201)
    assert [path.name for path in paths] == ["1201-amina@agri.example.eml", "1202-bakhyt@agri.example.eml"]
