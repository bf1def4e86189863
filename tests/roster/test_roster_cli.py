"""``iofs-events roster import|show|export``: lists into the roster, its counts, and the roster back into a list."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

import attrs
import pytest

import iofs_events as ie
from iofs_events import json as event_json
from iofs_events.cli import _roster, main
from iofs_events.mail import Composer, Journal, Kind, Outcome, Recipient
from iofs_events.roster import Roster, Rsvp, due, roster_path
from tests.roster.tables import read_table, write_table

HEADER = ["email", "name", "language", "country", "status"]
ROWS: list[list[object]] = [
    ["omar@agri.example.sa", "عمر الحربي", "ar", "Saudi Arabia", "registered"],
    ["aidana@agri.example.kz", "Айдана Нурланова", "ru", "KZ", "registered"],
    ["aminata@agri.example.sn", "Aminata Diallo", "fr", "SN", "registered"],
    ["aisha@agri.example.my", "Aisha Rahman", "en", None, None],
]


@pytest.fixture
def event_file(tmp_path: Path, seed: ie.Event) -> Path:
    """The seed event, with two places."""
    path = tmp_path / "workshop.json"
    event_json.write(attrs.evolve(seed, registration=attrs.evolve(seed.registration, capacity=2)), path)
    return path


def people(event_file: Path, seed: ie.Event) -> list[tuple[str, str | None, str, str]]:
    roster = Roster.beside(event_file, seed)
    try:
        return [(person.email, person.name, person.status, person.rsvp) for person in roster.people()]
    finally:
        roster.close()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_import_makes_the_roster_and_a_second_import_updates_it(
    event_file: Path, seed: ie.Event, tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    table = write_table(tmp_path / f"people{suffix}", [HEADER, *ROWS])
    assert main(["roster", "import", str(event_file), str(table)]) == 0
    assert capsys.readouterr() == ("added 4, updated 0, unchanged 0\n", "")
    assert roster_path(event_file).is_file()
    assert [status for _, _, status, _ in people(event_file, seed)] == [
        "registered",
        "registered",
        "waitlisted",
        "invited",
    ]
    rows = [list(row) for row in ROWS]
    rows[0][1], rows[1][4] = "Omar Al-Harbi", "withdrawn"
    write_table(table, [HEADER, *rows])
    assert main(["roster", "import", str(event_file), str(table)]) == 0
    assert capsys.readouterr().out == (
        "added 0, updated 1, unchanged 3\npromoted from the waiting list: aminata@agri.example.sn\n"
    )
    assert people(event_file, seed)[0][1] == "Omar Al-Harbi"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_bad_table_is_reported_row_by_row_and_nothing_is_imported(
    event_file: Path, seed: ie.Event, tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    table = write_table(
        tmp_path / f"people{suffix}", [HEADER, ROWS[0], ["aidana", "A"], ROWS[2], ["x@agri.example", None, None, "XX"]]
    )
    assert main(["roster", "import", str(event_file), str(table)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"{table}: row 3.email: is not a valid email address (An email address must have an @-sign.)",
        f"{table}: row 5.country: 'XX' is not an ISO 3166-1 alpha-2 country code, such as 'KZ'",
    ]
    assert not roster_path(event_file).exists()  # not even an empty roster
    good = write_table(tmp_path / f"good{suffix}", [HEADER, ROWS[3]])
    assert main(["roster", "import", str(event_file), str(good)]) == 0
    assert main(["roster", "import", str(event_file), str(table)]) == 1
    assert [email for email, *_ in people(event_file, seed)] == ["aisha@agri.example.my"]  # none of the good rows


def test_a_workbook_that_is_not_one_is_refused(
    event_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "people.xlsx"
    table.write_bytes(b"email\r\nomar@agri.example.sa\r\n")
    assert main(["roster", "import", str(event_file), str(table)]) == 1
    assert capsys.readouterr().err.startswith(f"{table}: $: is not an Excel workbook (.xlsx) that can be read")


def journal_of(path: Path, seed: ie.Event, addresses: list[str]) -> Path:
    composer, journal = Composer(seed, sender="events@iofs.example"), Journal(path)
    for address in addresses:
        journal.record(composer.compose(Recipient(email=address)), Outcome.SENT)
    return path


def test_import_takes_the_journal_beside_the_table_or_the_one_named(
    event_file: Path, seed: ie.Event, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = write_table(tmp_path / "people.csv", [HEADER, *ROWS])
    journal = journal_of(tmp_path / "people.csv.journal", seed, ["omar@agri.example.sa", "stranger@agri.example"])
    assert main(["roster", "import", str(event_file), str(table)]) == 0
    assert capsys.readouterr().out == (
        f"added 4, updated 0, unchanged 0\ntook 1 of the 2 messages about the event that {journal} records as sent\n"
    )
    event = event_json.read(event_file)
    roster = Roster.beside(event_file, event)
    assert [item.participant.email for item in due(roster, event, Kind.INVITATION)] == [
        "aidana@agri.example.kz",
        "aminata@agri.example.sn",
        "aisha@agri.example.my",
    ]
    assert roster.revision(event.revision) == event  # kept: an update will say what changed since
    roster.close()
    other = journal_of(tmp_path / "elsewhere.jsonl", seed, ["aisha@agri.example.my"])
    assert main(["roster", "import", str(event_file), str(table), "--journal", str(other)]) == 0
    assert (
        capsys.readouterr().out.splitlines()[1]
        == f"took 1 of the 1 messages about the event that {other} records as sent"
    )
    missing = tmp_path / "missing.jsonl"
    assert main(["roster", "import", str(event_file), str(table), "--journal", str(missing)]) == 1
    assert capsys.readouterr().err == f"iofs-events: no such file: {missing}\n"
    other.write_text("not a journal\n")
    assert main(["roster", "import", str(event_file), str(table), "--journal", str(other)]) == 1
    assert "line 1: not a journal record" in capsys.readouterr().err


def test_show_counts_the_roster_and_lists_its_people(
    event_file: Path, seed: ie.Event, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["roster", "show", str(event_file)]) == 1
    assert capsys.readouterr().err == f"iofs-events: no such file: {roster_path(event_file)}\n"
    Roster.beside(event_file, seed).close()
    assert main(["roster", "show", str(event_file)]) == 0
    assert capsys.readouterr().out == "people: 0\nplaces: 0 of 2 taken\n"
    unbounded = tmp_path / "unbounded.json"
    event_json.write(seed, unbounded)  # no capacity: no places to count
    assert main(["roster", "show", str(unbounded), "--roster", str(roster_path(event_file))]) == 0
    assert capsys.readouterr().out == "people: 0\n"
    main(["roster", "import", str(event_file), str(write_table(tmp_path / "people.csv", [HEADER, *ROWS]))])
    roster = Roster.beside(event_file, seed)
    roster.answer(
        "omar@agri.example.sa", Rsvp.ACCEPTED, at=datetime(2021, 12, 1, tzinfo=UTC), sequence=0, message_id=None
    )
    roster.close()
    capsys.readouterr()
    assert main(["roster", "show", str(event_file), "--people"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "people: 4",
        "places: 2 of 2 taken",
        "status: registered 2, waitlisted 1, invited 1",
        "RSVP: needs-action 3, accepted 1",
        "country: Saudi Arabia (SA) 1, Kazakhstan (KZ) 1, Senegal (SN) 1, not given 1",
        "language: Arabic (ar) 1, Russian (ru) 1, French (fr) 1, English (en) 1",
        "",
        "omar@agri.example.sa     registered  accepted      عمر الحربي",
        "aidana@agri.example.kz   registered  needs-action  Айдана Нурланова",
        "aminata@agri.example.sn  waitlisted  needs-action  Aminata Diallo",
        "aisha@agri.example.my    invited     needs-action  Aisha Rahman",
    ]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_writes_a_table_that_imports_back_without_links_unless_asked(
    event_file: Path, seed: ie.Event, tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["roster", "import", str(event_file), str(write_table(tmp_path / "people.csv", [HEADER, *ROWS]))])
    roster = Roster.beside(event_file, seed)
    roster.link("omar@agri.example.sa", join_url="https://zoom.us/w/1?tk=omar-only", platform_id="z1")
    roster.close()
    capsys.readouterr()
    out = tmp_path / f"roster{suffix}"
    assert main(["roster", "export", str(event_file), "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"wrote 4 people into {out}\n"
    rows = read_table(out)
    assert rows[0][:3] == ["email", "name", "honorific"]
    assert "join_url" not in rows[0]
    assert "tk=omar-only" not in str(rows)
    assert main(["roster", "import", str(event_file), str(out)]) == 0
    assert capsys.readouterr().out == "added 0, updated 0, unchanged 4\n"
    assert (
        main(["roster", "export", str(event_file), "-o", str(out), "--links", "--roster", str(roster_path(event_file))])
        == 0
    )
    assert "https://zoom.us/w/1?tk=omar-only" in str(read_table(out))


def test_export_needs_an_output_and_a_roster(
    event_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as usage:
        main(["roster", "export", str(event_file)])
    assert usage.value.code == 2
    assert "-o/--output" in capsys.readouterr().err
    other = tmp_path / "other.roster.sqlite"
    assert main(["roster", "export", str(event_file), "-o", str(tmp_path / "x.csv"), "--roster", str(other)]) == 1
    assert capsys.readouterr().err == f"iofs-events: no such file: {other}\n"
    assert not (tmp_path / "x.csv").exists()


def test_import_into_a_roster_named_elsewhere(event_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "rosters" / "fsg.sqlite"
    other.parent.mkdir()
    table = write_table(tmp_path / "people.csv", [HEADER, *ROWS])
    assert main(["roster", "import", str(event_file), str(table), "--roster", str(other)]) == 0
    assert other.is_file()
    assert not roster_path(event_file).exists()


def test_every_action_and_argument_says_what_it_is(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    _roster.add_commands(parser.add_subparsers())
    group = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    roster = group.choices["roster"]
    actions = next(action for action in roster._actions if isinstance(action, argparse._SubParsersAction))
    assert set(actions.choices) == {"import", "show", "export", "register"}
    for name, action in actions.choices.items():
        assert action.description, name
        for argument in action._actions:
            assert argument.help, (name, argument.dest)
    for name in ("import", "show", "export"):
        with pytest.raises(SystemExit) as helped:
            main(["roster", name, "--help"])
        assert helped.value.code == 0
    assert "TABLE.journal" in capsys.readouterr().out
