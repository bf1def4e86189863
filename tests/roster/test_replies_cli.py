"""``iofs-events replies``: .eml files or a mailbox into the roster, the counts, and each refusal with its reason."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import iofs_events as ie
from iofs_events.cli import main
from iofs_events.cli._replies import add_commands
from iofs_events.ical import uid
from iofs_events.roster import Participant, Roster, Rsvp, roster_path
from tests.paths import SEED
from tests.roster import replies
from tests.roster.imap_server import ImapServer

STAMP = datetime(2030, 2, 20, 8, 15, tzinfo=UTC)
PEOPLE = ("amina@agri.example", "bakhyt@agri.example")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in os.environ:
        if name.startswith("IOFS_IMAP_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def event_file(tmp_path: Path, seed: ie.Event) -> Path:
    """The seed event's file, with a roster of two people beside it."""
    path = tmp_path / "workshop.json"
    shutil.copy(SEED, path)
    roster = Roster.beside(path, seed)
    roster.merge([Participant(email=email) for email in PEOPLE])
    roster.close()
    return path


def answer(seed: ie.Event, **more: Any) -> dict[str, Any]:
    return {"uid": uid(seed), "sequence": 1, "dtstamp": STAMP, "attendee": PEOPLE[0], "partstat": "ACCEPTED", **more}


def write(folder: Path, name: str, raw: bytes) -> str:
    path = folder / name
    path.write_bytes(raw)
    return str(path)


def answers(event_file: Path, seed: ie.Event) -> list[Rsvp]:
    roster = Roster.beside(event_file, seed)
    try:
        return [roster.get(email).rsvp for email in PEOPLE]
    finally:
        roster.close()


def test_replies_from_files(
    event_file: Path, seed: ie.Event, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [
        write(tmp_path, "amina.eml", replies.reply("outlook", **answer(seed))),
        write(tmp_path, "bakhyt.eml", replies.reply("gmail", **answer(seed, attendee=PEOPLE[1], partstat="DECLINED"))),
        write(tmp_path, "note.eml", replies.plain_email(sender=PEOPLE[0], dtstamp=STAMP)),
    ]
    assert main(["replies", str(event_file), *files]) == 0
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("2 applied, 1 left alone (no reply)\n", "")
    assert answers(event_file, seed) == [Rsvp.ACCEPTED, Rsvp.DECLINED]
    assert main(["replies", str(event_file), *files]) == 0
    assert capsys.readouterr().out == "2 read before, 1 left alone (no reply)\n"


def test_refusals_are_listed_with_their_reasons_and_exit_1(
    event_file: Path, seed: ie.Event, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [
        write(tmp_path, "forged.eml", replies.spoofed("apple", **answer(seed, partstat="DECLINED"))),
        write(
            tmp_path,
            "stranger.eml",
            replies.uninvited("thunderbird", **answer(seed, attendee="stranger@elsewhere.example")),
        ),
        write(
            tmp_path,
            "delegated.eml",
            replies.reply("gmail", **answer(seed, partstat="DELEGATED"), delegated_to="d@x.y"),
        ),
        write(tmp_path, "broken.eml", replies.broken("outlook", **answer(seed, attendee=PEOPLE[1]))),
    ]
    assert main(["replies", str(event_file), *files]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "1 delegated, 1 spoofed, 1 not on the roster, 1 unreadable",
        f"{files[2]}: amina@agri.example delegated to d@x.y; "
        "d@x.y not added to the roster: add them if they are to come",
    ]
    assert captured.err.splitlines() == [
        f"iofs-events: {files[0]} (from mallory@elsewhere.example): refused, spoofed: sent from "
        "mallory@elsewhere.example, but answers for amina@agri.example: no one can answer for someone else",
        f"iofs-events: {files[1]} (from stranger@elsewhere.example): refused, not on the roster: "
        "stranger@elsewhere.example is not on the roster",
        f"iofs-events: {files[3]} (from bakhyt@agri.example): refused, unreadable: "
        "its calendar cannot be read (Found no components where exactly one is required)",
    ]
    assert answers(event_file, seed) == [Rsvp.DECLINED, Rsvp.NEEDS_ACTION]


def test_a_refusal_is_said_once_by_the_command_itself(event_file: Path, seed: ie.Event, tmp_path: Path) -> None:
    # As a process, where Python would print the library's warning too, no logging being set up.
    forged = write(tmp_path, "forged.eml", replies.spoofed("outlook", **answer(seed, partstat="DECLINED")))
    done = subprocess.run(
        [sys.executable, "-m", "iofs_events", "replies", str(event_file), forged],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"iofs-events: {forged} (from mallory@elsewhere.example): refused, spoofed: sent from "
        "mallory@elsewhere.example, but answers for amina@agri.example: no one can answer for someone else"
    ]


def test_replies_from_the_mailbox(
    event_file: Path,
    seed: ie.Event,
    tmp_path: Path,
    imap_server: ImapServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    variables = {
        "HOST": imap_server.host,
        "PORT": str(imap_server.tls_port),
        "USERNAME": imap_server.user,
        "PASSWORD": imap_server.password,
        "CA_FILE": str(imap_server.ca_file),
    }
    for name, value in variables.items():
        monkeypatch.setenv(f"IOFS_IMAP_{name}", value)
    imap_server.append(replies.reply("apple", **answer(seed, attendee=PEOPLE[1])), folder="Replies")
    forged = replies.spoofed("gmail", **answer(seed), message_id="<forged@elsewhere.example>")
    imap_server.append(forged, folder="Replies")
    eml = write(tmp_path, "amina.eml", replies.reply("outlook", **answer(seed)))
    roster = tmp_path / "elsewhere.sqlite"
    shutil.copy(roster_path(event_file), roster)
    assert main(["replies", str(event_file), eml, "--imap", "--folder", "Replies", "--roster", str(roster)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "2 applied, 1 spoofed\n"
    assert captured.err.startswith(
        "iofs-events: <forged@elsewhere.example> (from mallory@elsewhere.example): refused, spoofed: "
    )
    assert imap_server.password not in captured.out + captured.err
    assert answers(event_file, seed) == [Rsvp.NEEDS_ACTION, Rsvp.NEEDS_ACTION]  # the roster given was changed instead


@pytest.mark.parametrize(
    ("arguments", "status", "message"),
    [
        ([], 2, "iofs-events: give the replies: .eml files, or --imap to read the mailbox"),
        (["a.eml", "--folder", "Replies"], 2, "iofs-events: --folder is for the mailbox: give --imap too"),
        (["missing.eml"], 1, "iofs-events: no such file: missing.eml"),
        (["--imap"], 1, "iofs-events: IOFS_IMAP_HOST: field required; IOFS_IMAP_USERNAME: field required"),
        (
            ["--imap", "--roster", "none.sqlite"],
            1,
            "iofs-events: none.sqlite: no roster there; import the event's participants first",
        ),
    ],
)
def test_what_cannot_be_done_is_said(
    event_file: Path,
    seed: ie.Event,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    status: int,
    message: str,
) -> None:
    assert main(["replies", str(event_file), *arguments]) == status
    captured = capsys.readouterr()
    assert (captured.out, captured.err.startswith(message)) == ("", True), captured.err
    assert "Traceback" not in captured.err
    assert answers(event_file, seed) == [Rsvp.NEEDS_ACTION, Rsvp.NEEDS_ACTION]
    assert not Path("none.sqlite").exists()


def test_an_empty_file_is_no_reply(event_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = write(tmp_path, "empty.eml", b"")
    assert main(["replies", str(event_file), empty]) == 0
    assert capsys.readouterr().out == "1 left alone (no reply)\n"


def test_every_argument_has_help() -> None:
    import argparse

    commands = argparse.ArgumentParser().add_subparsers()
    add_commands(commands)
    (parser,) = commands.choices.values()
    assert all(action.help for action in parser._actions)
    assert parser.description
