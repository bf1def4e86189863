"""``iofs-events revise`` and ``cancel``: the next revision of an event file, written whole or not at all."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest

from iofs_events import json as event_json
from iofs_events._schedule import DateSpan, TimeSpan
from iofs_events.cli import main
from tests.paths import EXAMPLES, SEED


@pytest.fixture
def event_file(tmp_path: Path) -> Path:
    path = tmp_path / "event.json"
    shutil.copyfile(SEED, path)
    return path


def test_revise_gives_a_day_event_times_then_moves_it_in_its_zone(
    event_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = event_json.read(event_file)
    times = ["--starts", "2022-01-12T10:00", "--ends", "2022-01-12T13:30"]
    with pytest.raises(SystemExit) as exit_:
        main(["revise", str(event_file), *times])
    assert exit_.value.code == 2
    assert "the event has no time zone yet: give --zone, such as --zone Asia/Almaty" in capsys.readouterr().err
    assert main(["revise", str(event_file), *times, "--zone", "Asia/Almaty"]) == 0
    after = event_json.read(event_file)
    zone = ZoneInfo("Asia/Almaty")
    assert after.schedule == TimeSpan(
        starts_at=datetime(2022, 1, 12, 10, tzinfo=zone), ends_at=datetime(2022, 1, 12, 13, 30, tzinfo=zone)
    )
    assert after.revision == before.revision + 1
    assert attrs.evolve(after, schedule=before.schedule, revision=before.revision) == before
    assert capsys.readouterr().out == (
        f"{event_file}: revision {after.revision}; send the update: iofs-events send {event_file} --kind update\n"
    )
    assert main(["revise", str(event_file), "--starts", "2022-01-13T09:00", "--ends", "2022-01-13T11:00"]) == 0
    moved = event_json.read(event_file).schedule
    assert isinstance(moved, TimeSpan)
    assert (moved.time_zone, moved.starts_at.hour) == ("Asia/Almaty", 9)


def test_revise_to_whole_days_in_another_file(event_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "revised.json"
    assert main(["revise", str(event_file), "--days", "2022-06-14..2022-06-15", "-o", str(out)]) == 0
    assert event_json.read(out).schedule == DateSpan(first_day=date(2022, 6, 14), last_day=date(2022, 6, 15))
    assert event_json.read(event_file) == event_json.read(SEED)
    assert main(["revise", str(out), "--days", "2022-06-16", "-o", str(out)]) == 0
    assert event_json.read(out).schedule == DateSpan(first_day=date(2022, 6, 16), last_day=date(2022, 6, 16))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ([], "give the new --starts and --ends (or --days for whole days)"),
        (["--starts", "2022-01-12T10:00"], "give the new --starts and --ends"),
        (["--days", "2022-06-14", "--starts", "2022-01-12T10:00"], "give either --days or --starts and --ends"),
        (["--days", "14 June"], "--days: '14 June' is not FIRST or FIRST..LAST"),
        (["--days", "2022-06-15..2022-06-14"], "--days: "),
        (
            ["--starts", "noon", "--ends", "2022-01-12T13:00", "--zone", "UTC"],
            "--starts: 'noon' is not a date and time",
        ),
        (["--starts", "2022-01-12T10:00", "--ends", "2022-01-12T09:00", "--zone", "UTC"], "--ends: "),
        (["--starts", "2022-01-12T10:00+06:00", "--ends", "2022-01-12T13:00", "--zone", "UTC"], "without an offset"),
        (["--starts", "2022-01-12T10:00", "--ends", "2022-01-12T13:00", "--zone", "Mars/Olympus"], "--zone: unknown"),
        (["--days", "2021-12-22"], "already has that schedule"),
    ],
)
def test_revise_refusals_name_the_flag_and_write_nothing(
    event_file: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    before = event_file.read_bytes()
    with pytest.raises(SystemExit) as exit_:
        main(["revise", str(event_file), *arguments])
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err
    assert event_file.read_bytes() == before
    assert list(event_file.parent.iterdir()) == [event_file]


def test_cancel_writes_the_cancelled_revision_once(event_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = event_json.read(event_file)
    assert main(["cancel", str(event_file)]) == 0
    assert event_json.read(event_file) == before.cancel()
    assert "send the cancellation: iofs-events send" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        main(["cancel", str(event_file)])
    assert exit_.value.code == 2
    assert "the event is already cancelled" in capsys.readouterr().err


def test_a_toml_event_is_revised_into_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    toml = EXAMPLES / "events" / "regional-training-2022-almaty.toml"
    with pytest.raises(SystemExit):
        main(["cancel", str(toml)])
    assert "write the revision as JSON with -o OUT.json" in capsys.readouterr().err
    out = tmp_path / "training.json"
    assert main(["cancel", str(toml), "-o", str(out)]) == 0
    assert event_json.read(out) == event_json.read(toml).cancel()


def test_an_unreadable_event_is_an_error_not_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cancel", str(tmp_path / "missing.json")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_a_schedule_that_leaves_the_agenda_outside_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    toml = EXAMPLES / "events" / "regional-training-2022-almaty.toml"
    with pytest.raises(SystemExit):
        main(["revise", str(toml), "--days", "2023-01-01", "-o", str(tmp_path / "out.json")])
    assert capsys.readouterr().err.endswith(
        "error: the new schedule does not suit the event: "
        "agenda[0].starts_at: lies outside the event's schedule; change the event file first\n"
    )
    assert list(tmp_path.iterdir()) == []
