"""The iofs-events command, run in-process and as a real console script."""

from __future__ import annotations

import email
import io
import json
import os
import runpy
import shutil
import subprocess
import sys
import sysconfig
from contextlib import redirect_stderr
from email import policy
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from iofs_events import json as event_json
from iofs_events.cli import main
from tests.paths import SEED
from tests.strategies import NOT_ONE_MAILBOX, ONE_MAILBOX, not_one_mailbox


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    document = json.loads(SEED.read_text(encoding="utf-8"))
    document["title"] = ""
    document["contacts"][0]["phone"] = "12"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_validate_valid_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SEED)]) == 0
    assert capsys.readouterr().out == f"{SEED}: valid\n"


def test_validate_lists_every_problem_with_its_path(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SEED), str(broken)]) == 1
    captured = capsys.readouterr()
    phone = "'12' is not a valid phone number in international form, such as +7 701 881 2532"
    assert captured.err.splitlines() == [
        f"{broken}: $.title: must not be empty",
        f"{broken}: $.contacts[0].phone: {phone}",
    ]
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (None, "missing.json", "iofs-events: no such file: {path}"),
        (b"\xff\xfe{}", "latin.json", "{path}: $: is not UTF-8 text (byte 0)"),
        (b"title: x", "event.yaml", "{path}: $: is neither a JSON document nor a .toml file"),
        (b"{", "event.json", "{path}: $: is not valid JSON"),
        (b"title = ", "event.toml", "{path}: $: is not valid TOML"),
        (b"topics = " + b"[" * 50_000 + b"]" * 50_000, "deep.toml", "{path}: $: is nested too deeply to read"),
        (b"revision = " + b"9" * 5_000, "digits.toml", "{path}: $: is not valid TOML"),
        (b'{"id": "a", "id": "b"}', "twice.json", "{path}: $.id: is repeated; a key appears once in an object"),
    ],
)
def test_unreadable_inputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, name: str, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().err.startswith(message.format(path=path))


def test_json_writes_the_canonical_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["json", str(SEED)]) == 0
    assert capsys.readouterr().out == SEED.read_text(encoding="utf-8")
    out = tmp_path / "event.json"
    assert main(["json", str(SEED), "-o", str(out)]) == 0
    assert event_json.read(out) == event_json.read(SEED)


def test_failure_leaves_no_output_file(broken: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.json"
    assert main(["json", str(broken), "-o", str(out)]) == 1
    assert "$.title: must not be empty" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [broken]


def test_unwritable_output_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "missing-folder" / "out.json"
    assert main(["json", str(SEED), "-o", str(out)]) == 1
    assert capsys.readouterr().err == f"iofs-events: no such folder: {out.parent} (for {out})\n"


def test_schema_and_jsonld(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == event_json.schema()
    out = tmp_path / "event.jsonld"
    assert main(["jsonld", str(SEED), "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["@type"] == "EducationEvent"


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in ([], ["bogus"], ["validate"], ["json", "a", "b"]):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2
    assert "usage: iofs-events" in capsys.readouterr().err


def console_script() -> str:
    """The ``iofs-events`` script installed beside the running Python, whether or not its folder is on PATH."""
    script = shutil.which("iofs-events", path=sysconfig.get_path("scripts"))
    assert script is not None, "the console script is installed with the package"
    return script


def test_console_script_and_module_entry_point(broken: Path) -> None:
    script = console_script()
    ok = subprocess.run([script, "validate", str(SEED)], capture_output=True, text=True, check=False)
    assert (ok.returncode, ok.stdout) == (0, f"{SEED}: valid\n")
    bad = subprocess.run([sys.executable, "-m", "iofs_events", "validate", str(broken)], capture_output=True, text=True)
    assert bad.returncode == 1
    assert "$.title: must not be empty" in bad.stderr
    assert "Traceback" not in bad.stderr
    version = subprocess.run([script, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("iofs-events ")


def test_python_dash_m_runs_the_command(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["iofs-events", "validate", str(SEED)])
    with pytest.raises(SystemExit) as exit_info:
        runpy.run_module("iofs_events", run_name="__main__")
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"{SEED}: valid\n"


def test_ics_publishes_and_invites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ics", str(SEED)]) == 0
    published = capsys.readouterr().out
    assert "METHOD:PUBLISH\r\n" in published
    assert "DTSTART;VALUE=DATE:20211222\r\n" in published
    out = tmp_path / "invite.ics"
    argv = ["ics", str(SEED), "--method", "request", "-o", str(out)]
    argv += ["--attendee", "Aida Nurlanovna <aida@agri.example.kz>", "--attendee", "omar@agri.example.sa"]
    assert main([*argv, "--organizer", "IOFS Secretariat <secretariat@iofs.example>"]) == 0
    invitation = out.read_bytes().decode().replace("\r\n ", "")
    assert "METHOD:REQUEST" in invitation
    attendee = 'ATTENDEE;CN="Aida Nurlanovna";CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE'
    assert f"{attendee}:mailto:aida@agri.example.kz" in invitation
    assert "RSVP=TRUE:mailto:omar@agri.example.sa" in invitation
    assert 'ORGANIZER;CN="IOFS Secretariat":mailto:secretariat@iofs.example' in invitation


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--method", "request", "--attendee", "a@b.example"], "needs the organizer's email address"),
        (["--method", "request", "--attendee", "a@b.example"], 'or give --organizer "NAME <EMAIL>"'),
        (["--method", "cancel"], "the event is not cancelled; cancel it first: iofs-events cancel "),
    ],
)
def test_ics_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str) -> None:
    out = tmp_path / "event.ics"
    assert main(["ics", str(SEED), "-o", str(out), *extra]) == 1
    err = capsys.readouterr().err
    assert err.startswith("iofs-events: ")
    assert message in err
    assert not out.exists()


def test_ics_of_several_files_is_a_feed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "assembly.toml"
    other.write_text(
        'schema_version = "1.0"\nid = "iofs-ga-4"\nkind = "general_assembly"\n'
        'title = "Fourth General Assembly of IOFS"\nformat = "in_person"\n'
        "[schedule]\nfirst_day = 2021-09-08\nlast_day = 2021-09-09\n"
        '[venue]\nlocality = "Nur-Sultan"\ncountry = "KZ"\n',
        encoding="utf-8",
    )
    assert main(["ics", str(SEED), str(other), "--name", "IOFS events 2021"]) == 1
    refusal = capsys.readouterr().err
    assert refusal.startswith("iofs-events: event 'iofs-ga-4' names no organizer")
    assert "give the event an organizer" in refusal
    assert 'or give --organizer "NAME <EMAIL>"' in refusal
    organizer = ["--organizer", "IOFS Secretariat <secretariat@iofs.example>"]
    assert main(["ics", str(SEED), str(other), "--name", "IOFS events 2021", *organizer]) == 0
    text = capsys.readouterr().out
    assert text.count("BEGIN:VEVENT") == 2
    assert "X-WR-CALNAME:IOFS events 2021" in text
    with pytest.raises(SystemExit) as exit_info:
        main(["ics", str(SEED), str(other), "--method", "request", "--attendee", "a@b.example"])
    assert exit_info.value.code == 2
    assert "several FILEs make a feed, which is published: leave out --method and --attendee" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--attendee", "a@b.example"],
            "--attendee is for an invitation: give --method request too (or --method cancel)",
        ),
        (["--method", "request"], '--method request invites someone: give at least one --attendee "NAME <EMAIL>"'),
    ],
)
def test_ics_flags_that_do_not_go_together_are_usage_errors_naming_the_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["ics", str(tmp_path / "not-read-yet.json"), *extra])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.endswith(f"iofs-events ics: error: {message}\n")


def test_a_cancellation_is_written_for_a_cancelled_event_and_tells_its_attendees(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cancelled = tmp_path / "cancelled.json"
    assert main(["cancel", str(SEED), "-o", str(cancelled)]) == 0
    capsys.readouterr()
    organizer = ["--organizer", "IOFS Secretariat <secretariat@iofs.example>"]
    assert main(["ics", str(cancelled), "--method", "cancel", "--attendee", "a@b.example", *organizer]) == 0
    calendar = capsys.readouterr().out
    assert "METHOD:CANCEL\r\n" in calendar
    assert "ATTENDEE" in calendar


def test_email_writes_one_personal_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "omar.eml"
    arguments = ["email", str(SEED), "--to", "عمر الحربي <omar@agri.example.sa>", "--lang", "ar", "-o", str(out)]
    assert main([*arguments, "--sender", "IOFS <events@iofs.example>", "--role", "host", "--tz", "Asia/Riyadh"]) == 0
    message = email.message_from_bytes(out.read_bytes(), policy=policy.default)
    assert message["To"].addresses[0].addr_spec == "omar@agri.example.sa"
    assert message["Content-Language"] == "ar"
    assert str(message["Subject"]).startswith("دعوة: ")
    calendar = next(part for part in message.walk() if part.get_content_type() == "text/calendar")
    assert "ROLE=CHAIR" in calendar.get_content()
    assert [part.get_content_type() for part in message.iter_parts()] == ["multipart/alternative", "application/ics"]


def test_email_takes_the_sender_from_the_environment_and_writes_to_stdout(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    monkeypatch.setenv("IOFS_MAIL_SENDER", "IOFS <events@iofs.example>")
    assert main(["email", str(SEED), "--to", "guest@example.org", "--kind", "announcement", "--no-attachment"]) == 0
    message = email.message_from_bytes(capsysbinary.readouterr().out, policy=policy.default)
    assert message["From"].addresses[0].addr_spec == "events@iofs.example"
    assert [part.get_content_type() for part in message.iter_parts()] == ["multipart/alternative"]
    calendar = next(part for part in message.walk() if part.get_content_type() == "text/calendar")
    assert calendar.get_param("method") == "PUBLISH"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "say who sends the email: --sender, or the environment variable IOFS_MAIL_SENDER"),
        (["--kind", "update"], "an update says what changed: give the revision the recipients have, --previous FILE"),
        (["--previous", str(SEED)], "--previous is the revision an update compares with: give --kind update"),
        (["--kind", "cancellation"], f"run iofs-events cancel {SEED} first, then send the revision it writes"),
    ],
)
def test_email_options_that_cannot_go_together_are_usage_errors_naming_the_flag(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    monkeypatch.delenv("IOFS_MAIL_SENDER", raising=False)
    sender = ["--sender", "e@iofs.example"] if extra else []
    with pytest.raises(SystemExit) as exit_info:
        main(["email", str(SEED), "--to", "guest@example.org", *sender, *extra])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "iofs-events email: error: " in err
    assert message in err


def test_email_refusals_say_why(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    extra = ["--sender", "e@iofs.example", "--tz", "Mars/Olympus"]
    assert main(["email", str(SEED), "--to", "guest@example.org", *extra]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("iofs-events: ")
    assert "time_zone: " in captured.err
    assert "Traceback" not in captured.err


TRAINING = SEED.parent / "regional-training-2022-almaty.toml"


def test_a_calendar_and_a_json_ld_view_for_one_language(tmp_path: Path) -> None:
    calendar, view = tmp_path / "training-ru.ics", tmp_path / "training-fr.jsonld"
    assert main(["ics", str(TRAINING), "--lang", "ru", "-o", str(calendar)]) == 0
    entry = Calendar.from_ical(calendar.read_bytes()).walk("VEVENT")[0]
    assert entry["SUMMARY"].params["LANGUAGE"] == "ru"
    assert str(entry["SUMMARY"]).startswith("Региональный учебный семинар")
    assert main(["jsonld", str(TRAINING), "--lang", "fr", "-o", str(view)]) == 0
    assert json.loads(view.read_text(encoding="utf-8"))["name"].startswith("Atelier régional de formation")


def test_an_email_addresses_its_recipient_by_honorific(capsys: pytest.CaptureFixture[str]) -> None:
    arguments = [
        "email",
        str(TRAINING),
        "--to",
        "Aida Nurlanova <aida@agri.example.kz>",
        "--sender",
        "events@iofs.example",
    ]
    assert main([*arguments, "--lang", "en", "--honorific", "ms"]) == 0
    message = email.message_from_bytes(capsys.readouterr().out.encode(), policy=policy.default)
    assert message.get_body(("plain",)).get_content().startswith("Dear Ms Aida Nurlanova,")  # type: ignore[union-attr]


MAILBOX_FLAGS = {
    "--to": ["email", str(SEED), "--sender", "IOFS <events@iofs.example>"],
    "--sender": ["email", str(SEED), "--to", "guest@example.org"],
    "--attendee": ["ics", str(SEED), "--method", "request", "--organizer", "IOFS <events@iofs.example>"],
    "--organizer": ["ics", str(SEED)],
}


@pytest.mark.parametrize("flag", MAILBOX_FLAGS)
@pytest.mark.parametrize("value", NOT_ONE_MAILBOX)
def test_anything_but_one_mailbox_is_a_usage_error_naming_the_flag(
    capsys: pytest.CaptureFixture[str], flag: str, value: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*MAILBOX_FLAGS[flag], flag, value])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {flag}: " in err
    assert "Traceback" not in err


@settings(max_examples=50)
@given(value=not_one_mailbox, flag=st.sampled_from(list(MAILBOX_FLAGS)))
def test_two_addresses_or_a_line_break_never_pass_any_flag(value: str, flag: str) -> None:
    with pytest.raises(SystemExit) as exit_info, redirect_stderr(io.StringIO()):
        main([*MAILBOX_FLAGS[flag], flag, value])
    assert exit_info.value.code == 2


def test_a_bad_sender_in_the_environment_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("IOFS_MAIL_SENDER", "IOFS <events@iofs.example>\r\nBcc: eve@evil.example")
    with pytest.raises(SystemExit) as exit_info:
        main(["email", str(SEED), "--to", "guest@example.org"])
    assert exit_info.value.code == 2
    assert "argument --sender: " in capsys.readouterr().err


@pytest.mark.parametrize(("text", "mailbox"), ONE_MAILBOX.items())
def test_one_mailbox_reaches_the_message_as_typed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, mailbox: tuple[str | None, str]
) -> None:
    out = tmp_path / "one.eml"
    assert main(["email", str(SEED), "--to", text, "--sender", text, "-o", str(out)]) == 0
    message = email.message_from_bytes(out.read_bytes(), policy=policy.default)
    for header in ("To", "From"):
        (address,) = message[header].addresses
        assert (address.display_name or None, address.addr_spec) == mailbox
    assert main(["ics", str(SEED), "--method", "request", "--organizer", text, "--attendee", text]) == 0
    ics = capsys.readouterr().out.replace("\r\n ", "")
    assert f"mailto:{mailbox[1]}" in ics


@pytest.mark.parametrize("name", ["IOFS\nevents", "IOFS\r\nX-INJECTED:1", "\u200b"])
def test_a_feed_name_on_several_lines_is_a_usage_error(capsys: pytest.CaptureFixture[str], name: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["ics", str(SEED), str(SEED), "--name", name])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "argument --name: " in err
    assert "Traceback" not in err


def test_an_event_without_days_has_no_calendar(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = json.loads(SEED.read_text(encoding="utf-8"))
    del document["schedule"]
    path = tmp_path / "undated.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert main(["ics", str(path)]) == 1
    assert capsys.readouterr().err == (
        "iofs-events: the event has no schedule yet: a calendar entry needs at least its days\n"
    )


@pytest.mark.parametrize("argv", [["schema"], ["--help"]], ids=["output", "help"])
def test_output_into_a_closed_pipe_ends_quietly(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> None:
    """``iofs-events schema | head -1``: the reader goes away, and the command exits with no traceback.

    The help too: argparse writes it, and exits, before any command runs.
    """
    read, write = os.pipe()
    os.close(read)  # the reader has gone before anything is written
    with open(write, "w", encoding="utf-8") as stdout:
        monkeypatch.setattr(sys, "stdout", stdout)
        errors = io.StringIO()
        with redirect_stderr(errors):
            assert main(argv) == 141  # 128 + SIGPIPE, as a shell reports a command that SIGPIPE ended
        assert errors.getvalue() == ""
        stdout.write("more")  # what is written after goes to the null device: exiting does not fail on it
        stdout.flush()


def test_a_closed_pipe_where_standard_output_is_no_file_ends_quietly_too(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def closed(output: Path | None, data: bytes) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr("iofs_events.cli._documents.emit", closed)
    assert main(["schema"]) == 141
    assert capsys.readouterr() == ("", "")


def test_the_console_script_exits_quietly_into_a_closed_pipe() -> None:
    script = console_script()
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run([script, "schema"], stdout=write, stderr=subprocess.PIPE, text=True, check=False)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (141, "")


def test_an_interrupt_ends_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(arguments: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr("iofs_events.cli._documents._validate", interrupted)
    assert main(["validate", str(SEED)]) == 130
    assert capsys.readouterr().err == "iofs-events: interrupted\n"


@pytest.mark.parametrize(
    "command",
    [
        ["ics", str(SEED)],
        ["jsonld", str(SEED)],
        ["email", str(SEED), "--to", "a@agri.example", "--sender", "events@iofs.example"],
        ["page", str(SEED), "-o", "site"],
        ["caldav", "publish", str(SEED)],
    ],
)
def test_a_language_that_is_no_tag_is_a_usage_error(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--lang", "x y"])
    assert exit_info.value.code == 2
    said = capsys.readouterr().err
    assert "argument --lang: 'x y' is not a valid BCP 47 language tag, such as 'ar' or 'fr-CA'" in said
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_a_language_tag_is_taken_in_its_conventional_case() -> None:
    from iofs_events.cli._types import language

    assert language("FR-ca") == "fr-CA"
    assert language("ar") == "ar"
