"""``iofs-events send`` driven by the roster: who is due what and why, each message once, through the event's life."""

from __future__ import annotations

import email
import os
import re
import shutil
from email import policy
from pathlib import Path

import pytest

import iofs_events as ie
from iofs_events.cli import main
from iofs_events.mail import Kind
from iofs_events.roster import Participant, Roster
from tests.mail.smtp_server import SmtpServer
from tests.paths import SEED

SENDER = "IOFS Secretariat <events@iofs.example>"
PEOPLE = ("aisha@agri.example.my", "omar@agri.example.sa", "aidana@agri.example.kz")


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, smtp_server: SmtpServer) -> None:
    for name in os.environ:
        if name.startswith(("IOFS_SMTP_", "IOFS_MAIL_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IOFS_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("IOFS_SMTP_PORT", str(smtp_server.port))
    monkeypatch.setenv("IOFS_SMTP_SECURITY", "none")
    monkeypatch.setenv("IOFS_MAIL_SENDER", SENDER)


@pytest.fixture
def event_file(tmp_path: Path, seed: ie.Event) -> Path:
    """The seed event's file, with a roster beside it: three people invited, the first registered."""
    path = tmp_path / "workshop.json"
    shutil.copy(SEED, path)
    roster = Roster.beside(path, seed)
    roster.merge(
        [
            Participant(email=PEOPLE[0], name="Aisha Rahman"),
            Participant(email=PEOPLE[1], name="عمر الحربي", language="ar"),
            Participant(email=PEOPLE[2], name="Айдана Нурланова", language="ru"),
        ]
    )
    roster.register(PEOPLE[0])
    roster.close()
    return path


def delivered(server: SmtpServer) -> list[tuple[str, str]]:
    """Each message the server took: its recipient and the Message-ID."""
    return [
        (received.rcpt_tos[0], email.message_from_bytes(received.content, policy=policy.default)["Message-ID"])
        for received in server.received
    ]


def test_a_dry_run_says_who_and_why_writes_the_messages_and_records_nothing(
    event_file: Path, tmp_path: Path, seed: ie.Event, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "dry"
    assert main(["send", str(event_file), "--dry-run", str(out)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{PEOPLE[0]}: registered, not invited yet",
        f"{PEOPLE[1]}: invited, not invited yet",
        f"{PEOPLE[2]}: invited, not invited yet",
        f"wrote 3 messages into {out}",
    ]
    written = sorted(out.iterdir())
    assert [path.name for path in written] == [f"000{number}-{person}.eml" for number, person in enumerate(PEOPLE, 1)]
    omar = email.message_from_bytes(written[1].read_bytes(), policy=policy.default)
    assert omar["Content-Language"] == "ar"
    roster = Roster.beside(event_file, seed)
    assert roster.deliveries() == []
    roster.close()


def test_the_event_s_life_reaches_each_person_once_per_message(
    event_file: Path, smtp_server: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["send", str(event_file)]) == 0
    assert capsys.readouterr().out == "sent 3, skipped 0 sent before, failed 0\n"
    assert main(["send", str(event_file)]) == 0
    assert capsys.readouterr().out == "nobody is due a message of kind invitation about revision 0\n"
    assert [recipient for recipient, _ in delivered(smtp_server)] == list(PEOPLE)

    assert main(["revise", str(event_file), "--days", "2021-12-23"]) == 0
    capsys.readouterr()
    assert main(["send", str(event_file), "--kind", "update"]) == 0  # the roster keeps revision 0 to compare with
    assert capsys.readouterr().out == "sent 3, skipped 0 sent before, failed 0\n"
    update = email.message_from_bytes(smtp_server.received[3].content, policy=policy.default)  # to Aisha, in English
    assert "Previously:" in update.get_body(("plain",)).get_content()  # type: ignore[union-attr]

    assert main(["send", str(event_file), "--kind", "reminder"]) == 0
    assert capsys.readouterr().out == "sent 1, skipped 0 sent before, failed 0\n"  # only the registered

    assert main(["cancel", str(event_file)]) == 0
    assert main(["send", str(event_file), "--kind", "cancellation"]) == 0
    assert capsys.readouterr().out.endswith("sent 3, skipped 0 sent before, failed 0\n")
    ids = [message_id for _, message_id in delivered(smtp_server)]
    assert len(ids) == len(set(ids)) == 10


def test_an_update_without_a_revision_to_compare_with_names_previous(
    event_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["revise", str(event_file), "--days", "2021-12-23"]) == 0  # nothing was ever sent about revision 0
    with pytest.raises(SystemExit) as exit_info:
        main(["send", str(event_file), "--kind", "update"])
    assert exit_info.value.code == 2
    assert "give the revision the recipients have, --previous FILE" in capsys.readouterr().err
    earlier = tmp_path / "r0.json"
    shutil.copy(SEED, earlier)
    assert main(["send", str(event_file), "--kind", "update", "--previous", str(earlier)]) == 0
    assert capsys.readouterr().out == "nobody is due a message of kind update about revision 1\n"  # nobody has r0


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--journal", "people.journal"], "--journal goes with --recipients: a roster keeps what was sent itself"),
        (["--roster", "a.sqlite", "--recipients", "people.csv"], "give --roster or --recipients, not both"),
    ],
)
def test_options_of_a_list_and_of_a_roster_do_not_mix(
    event_file: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["send", str(event_file), *extra])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.endswith(f"error: {message}\n")


def test_without_a_roster_it_says_how_to_make_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "alone.json"
    shutil.copy(SEED, path)
    assert main(["send", str(path)]) == 1
    assert capsys.readouterr().err == (
        f"iofs-events: {tmp_path / 'alone.roster.sqlite'}: no roster there; "
        "import the event's participants first: iofs-events roster import\n"
    )


def test_a_refused_message_is_named_and_sent_on_the_next_run(
    event_file: Path, smtp_server: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    smtp_server.handler.permanent_refusals = {PEOPLE[1]}
    assert main(["send", str(event_file), "--kind", Kind.INVITATION]) == 1
    captured = capsys.readouterr()
    assert captured.out == "sent 2, skipped 0 sent before, failed 1\n"
    assert captured.err.startswith(f"iofs-events: {PEOPLE[1]}: {PEOPLE[1]}: refused: 550")
    smtp_server.handler.permanent_refusals = set()
    assert main(["send", str(event_file)]) == 0
    assert capsys.readouterr().out == "sent 1, skipped 0 sent before, failed 0\n"


def test_the_help_names_every_smtp_setting(capsys: pytest.CaptureFixture[str]) -> None:
    from iofs_events.settings import SmtpSettings

    with pytest.raises(SystemExit):
        main(["send", "--help"])
    shown = capsys.readouterr().out
    words = set(re.findall(r"IOFS_[A-Z_]+", shown))
    assert {f"IOFS_SMTP_{name.upper()}" for name in SmtpSettings.model_fields} <= words
    assert "IOFS_MAIL_SENDER" in shown
