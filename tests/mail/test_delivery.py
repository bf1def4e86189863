"""Invitations end to end: composed, sent to a real SMTP server on loopback, parsed as a mail client would.

The command line's bulk sending runs against the same server with faults injected (a 4xx, a
dropped connection, a 5xx); the journal then shows each recipient sent exactly once.
"""

from __future__ import annotations

import contextlib
import email
import fcntl
import os
import struct
import subprocess
import sys
import termios
from email import policy
from pathlib import Path
from typing import BinaryIO

import orjson
import pytest

from iofs_events import json as event_json
from iofs_events.cli import main
from iofs_events.exceptions import DocumentError
from iofs_events.mail import Composer, Honorific, Mailer, Recipient, RecipientRole, read_recipients, send_all
from tests.interop import runners
from tests.mail.smtp_server import SmtpServer
from tests.paths import SEED

SENDER = "IOFS Secretariat <events@iofs.example>"
COLUMNS = ("name", "email", "language", "time_zone", "role", "registered")
PEOPLE = [
    ("Aisha Rahman", "aisha@agri.example.my", "en", "Asia/Kuala_Lumpur", "participant", "yes"),
    ("عمر الحربي", "omar@agri.example.sa", "ar", "Asia/Riyadh", "speaker", ""),
    ("Aminata Diallo", "aminata@agri.example.sn", "fr", "Africa/Dakar", "interpreter", "no"),
    ("Айдана Нурланова", "aidana@agri.example.kz", "ru", "Asia/Almaty", "host", "yes"),
    ("Bakytzhan Arystanbek", "bakytzhan@iofs.example", "en", "", "participant", "yes"),
]


def _csv(folder: Path) -> Path:
    path = folder / "people.csv"
    rows = [",".join(COLUMNS), *(",".join(person) for person in PEOPLE)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_four_invitations_arrive_and_read_as_invitations(smtp_server: SmtpServer, tmp_path: Path) -> None:
    composer = Composer(event_json.read(SEED), sender=SENDER)
    recipients = read_recipients(_csv(tmp_path))[:4]
    with Mailer(smtp_server.settings()) as mailer:
        report = send_all((composer.compose(recipient) for recipient in recipients), mailer=mailer)
    assert len(report.sent) == 4
    assert smtp_server.recipients() == [recipient.email for recipient in recipients]
    for recipient, received in zip(recipients, smtp_server.received, strict=True):
        assert received.mail_from == "events@iofs.example"
        message = email.message_from_bytes(received.content, policy=policy.default)
        assert message["To"].addresses[0].addr_spec == recipient.email
        assert message["Content-Language"] == recipient.language
        part = next(part for part in message.walk() if part.get_content_type() == "text/calendar")
        path = tmp_path / f"{recipient.language}.ics"
        path.write_bytes(part.get_payload(decode=True))
        for reader in (runners.icaljs, runners.libical):
            calendar = reader(path)
            assert calendar["method"] == part.get_param("method") == "REQUEST"
            (attendee,) = calendar["events"][0]["attendees"]
            assert attendee["value"] == f"mailto:{recipient.email}"
            assert attendee["params"]["ROLE"] == (
                "CHAIR" if recipient.role is RecipientRole.HOST else "REQ-PARTICIPANT"
            )


def test_bulk_sending_survives_faults_and_sends_nobody_twice(
    smtp_server: SmtpServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in {"HOST": "127.0.0.1", "PORT": str(smtp_server.port), "SECURITY": "none"}.items():
        monkeypatch.setenv(f"IOFS_SMTP_{name}", value)
    people = _csv(tmp_path)
    handler = smtp_server.handler
    handler.temporary_refusals["omar@agri.example.sa"] = 1  # greylisted once
    handler.drop_at_data.add(3)  # the connection drops at the third message
    handler.permanent_refusals.add("aidana@agri.example.kz")
    command = ["send", str(SEED), "--recipients", str(people), "--sender", SENDER]

    assert main(command) == 1
    out, err = capsys.readouterr()
    assert out == "sent 4, skipped 0 sent before, failed 1\n"
    assert "aidana@agri.example.kz: refused: 550 5.1.1 No such mailbox here" in err
    assert smtp_server.connections == 3  # the first, after the 451, after the drop

    handler.permanent_refusals.clear()  # the mailbox now exists: a second run sends only to it
    assert main(command) == 0
    assert capsys.readouterr().out == "sent 1, skipped 4 sent before, failed 0\n"
    assert sorted(smtp_server.recipients()) == sorted(person[1] for person in PEOPLE)  # each exactly once

    journal = [orjson.loads(line) for line in (tmp_path / "people.csv.journal").read_bytes().splitlines()]
    sent = [entry["recipient"] for entry in journal if entry["status"] == "sent"]
    assert sorted(sent) == sorted(person[1] for person in PEOPLE)
    assert [entry["recipient"] for entry in journal if entry["status"] == "failed"] == ["aidana@agri.example.kz"]


def test_a_dry_run_writes_the_messages_instead(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    people, out = _csv(tmp_path), tmp_path / "dry"
    assert main(["send", str(SEED), "--recipients", str(people), "--sender", SENDER, "--dry-run", str(out)]) == 0
    assert capsys.readouterr().out == f"wrote 5 messages into {out}\n"
    written = sorted(out.iterdir())
    assert [path.name for path in written][:2] == ["0001-aisha@agri.example.my.eml", "0002-omar@agri.example.sa.eml"]
    omar = email.message_from_bytes(written[1].read_bytes(), policy=policy.default)
    assert omar["Content-Language"] == "ar"
    assert not (tmp_path / "people.csv.journal").exists()


def _read(folder: Path, rows: list[tuple[str, ...]], header: str = ",".join(COLUMNS)) -> list[Recipient]:
    path = folder / "list.csv"
    path.write_text("\n".join([header, *(",".join(row) for row in rows)]) + "\n", encoding="utf-8")
    return read_recipients(path)


def test_a_recipient_list_reads_every_column(tmp_path: Path) -> None:
    (aisha, omar, _, aidana, bakytzhan) = _read(tmp_path, PEOPLE)
    assert aisha == Recipient(
        email="aisha@agri.example.my", name="Aisha Rahman", time_zone="Asia/Kuala_Lumpur", registered=True
    )
    assert (omar.language, omar.role, omar.registered) == ("ar", RecipientRole.SPEAKER, False)
    assert (aidana.role, aidana.registered) == (RecipientRole.HOST, True)
    assert bakytzhan.time_zone is None
    assert _read(tmp_path, [("omar@agri.example.sa",)], header="email") == [Recipient(email="omar@agri.example.sa")]
    honoured = _read(
        tmp_path, [("omar@agri.example.sa", "Dr."), ("aida@agri.example.kz", "")], header="email,honorific"
    )
    assert [recipient.honorific for recipient in honoured] == [Honorific.DR, None]


def test_a_bad_recipient_list_names_every_bad_row(tmp_path: Path) -> None:
    rows = [
        ("Eve", "not-an-address", "en", "", "participant", ""),
        ("Omar", "omar@agri.example.sa", "en", "", "boss", ""),
        ("Omar", "omar@agri.example.sa", "en", "", "host", "maybe"),
        ("Omar", "omar@agri.example.sa", "en", "Mars/Base", "host", ""),
        ("Omar", "omar@agri.example.sa", "xx-invalid-tag-", "", "host", ""),
    ]
    with pytest.raises(DocumentError) as caught:
        _read(tmp_path, rows)
    assert [problem.path for problem in caught.value.problems] == [
        "row 2.email",
        "row 3.role",
        "row 4.registered",
        "row 5.time_zone",
        "row 6.language",
    ]
    assert caught.value.problems[1].reason == "must be one of participant, speaker, interpreter, host"
    with pytest.raises(DocumentError, match=r"row 2\.honorific: must be one of excellency, dr, prof, mr, ms"):
        _read(tmp_path, [("omar@agri.example.sa", "Sheikh")], header="email,honorific")
    with pytest.raises(DocumentError, match=r"row 1.phone: is not a column we know"):
        _read(tmp_path, [], header="email,phone")
    with pytest.raises(DocumentError, match="row 1: has no email column"):
        _read(tmp_path, [("Omar",)], header="name")


def test_someone_listed_twice_gets_one_message(smtp_server: SmtpServer, tmp_path: Path) -> None:
    composer = Composer(event_json.read(SEED), sender=SENDER)
    twice = [Recipient(email="omar@agri.example.sa"), Recipient(email="OMAR@agri.example.sa", language="ar")]
    with Mailer(smtp_server.settings()) as mailer:
        report = send_all([composer.compose(recipient) for recipient in twice], mailer=mailer)
    assert (len(report.sent), len(report.skipped)) == (1, 1)
    assert smtp_server.recipients() == ["omar@agri.example.sa"]


def test_a_greylisted_recipient_is_reported_once_above_the_progress(
    smtp_server: SmtpServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in {"HOST": "127.0.0.1", "PORT": str(smtp_server.port), "SECURITY": "none"}.items():
        monkeypatch.setenv(f"IOFS_SMTP_{name}", value)
    smtp_server.handler.permanent_refusals.add("omar@agri.example.sa")
    people = _csv(tmp_path)
    assert (
        main(["send", str(SEED), "--recipients", str(people), "--sender", SENDER, "--catalogues", str(tmp_path)]) == 1
    )
    err = capsys.readouterr().err
    assert err.count("omar@agri.example.sa: refused: 550") == 1


def test_a_long_dry_run_is_shared_by_processes_and_numbered_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people, out = tmp_path / "many.csv", tmp_path / "dry"
    rows = [
        f"person{index}@agri{index % 7}.example.org,Person {index},{'enar'[index % 2 * 2 :][:2]}"
        for index in range(1_201)
    ]
    people.write_text("email,name,language\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert main(["send", str(SEED), "--recipients", str(people), "--sender", SENDER, "--dry-run", str(out)]) == 0
    assert capsys.readouterr().out == f"wrote 1201 messages into {out}\n"
    names = sorted(path.name for path in out.iterdir())
    assert names[0] == "0001-person0@agri0.example.org.eml"
    assert names[-1] == "1201-person1200@agri3.example.org.eml"
    assert len(names) == 1_201
    last = email.message_from_bytes((out / names[-1]).read_bytes(), policy=policy.default)
    assert last["To"].addresses[0].display_name == "Person 1200"
    assert last["Content-Language"] == "en"


def test_a_dry_run_shows_its_progress_on_a_terminal(tmp_path: Path) -> None:
    people, out = _csv(tmp_path), tmp_path / "dry"
    command = [sys.executable, "-m", "iofs_events", "send", str(SEED), "--recipients", str(people)]
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal of 100 columns
    with os.fdopen(leader, "rb") as terminal:
        done = subprocess.run(
            [*command, "--sender", SENDER, "--dry-run", str(out)],
            stderr=follower,
            stdout=subprocess.PIPE,
            timeout=120,
            check=False,
        )
        os.close(follower)
        shown = _drained(terminal)
    assert done.returncode == 0
    assert "5/5" in shown
    assert "message" in shown


def _drained(terminal: BinaryIO) -> str:
    """All that was written to a terminal whose other end is closed (Linux says so with EIO)."""
    chunks = []
    with contextlib.suppress(OSError):
        while chunk := terminal.read1(65536):
            chunks.append(chunk)
    return b"".join(chunks).decode(errors="replace")
