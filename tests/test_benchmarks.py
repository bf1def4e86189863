"""``python -m benchmarks`` prints one well-formed table. Nothing here asserts a time.

The cheap parts (the import times, the HTTP calls of the platforms and of registering a roster,
a roster imported from a workbook, a few hundred replies read from Dovecot) run for real, quick, in a
subprocess; the table itself is checked with fixed rows. The slow benchmarks are left to
``python -m benchmarks`` (see ``docs/explanation/performance.md``).
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime
from types import ModuleType

import pytest

from tests.paths import ROOT
from tests.real_parts import missing
from tests.roster.imap_server import dovecot_binary

PLATFORMS = ("zoom", "teams", "webex", "google_meet")
PLATFORM_FIGURES = [
    f"platforms.{name}.{what}" for name in PLATFORMS for what in ("create", "update", "delete", "tokens")
]
REGISTRATION_FIGURES = ["registration.zoom", "registration.webex"]
COLUMNS = ["figure", "what it measures", "unit", "ours", "baseline", "ours/baseline", "goal", "verdict"]


@pytest.fixture
def table_module(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(ROOT))
    from benchmarks import _table

    return _table


def parse(output: str) -> list[dict[str, str]]:
    """The rows of the one Markdown table in ``output``, by column name; checks its frame on the way."""
    lines = [line for line in output.splitlines() if line.startswith("|")]
    assert len(lines) >= 3, output
    header, rule, *body = lines
    assert [cell.strip() for cell in header.strip("|").split("|")] == COLUMNS
    assert re.fullmatch(r"\|(-+:?\|)+", rule), rule
    widths = {len(line) for line in lines}
    assert len(widths) == 1, "the columns are aligned"
    rows = []
    for line in body:
        cells = [cell.strip() for cell in line.strip("|").split(" | ")]
        assert len(cells) == len(COLUMNS), line
        rows.append(dict(zip(COLUMNS, cells, strict=True)))
    return rows


def decimals(text: str) -> int:
    return len(text.partition(".")[2])


def check_row(row: dict[str, str]) -> None:
    """The printed ratio is ours / baseline as printed (to their rounding), and the verdict follows the goal."""
    ours, baseline, ratio = float(row["ours"]), float(row["baseline"]), float(row["ours/baseline"])
    half = 0.5 * 10 ** -decimals(row["ours"])  # ours and baseline share a unit, so their decimals
    half_ratio = 0.5 * 10 ** -decimals(row["ours/baseline"]) * 1.001
    assert baseline > half, row
    low, high = max(ours - half, 0) / (baseline + half), (ours + half) / (baseline - half)
    assert low - half_ratio <= ratio <= high + half_ratio, row
    bound = re.fullmatch(r"<= (?:1/(?P<inverse>[\d.]+)|(?P<value>[\d.]+))( \(.+\))?", row["goal"])
    assert bound, row["goal"]
    goal = 1 / float(bound["inverse"]) if bound["inverse"] else float(bound["value"])
    assert row["verdict"] in {"met", "NOT met"}
    if abs(ratio - goal) > half_ratio:  # a ratio on the bound may be rounded either way
        assert (row["verdict"] == "met") == (ratio < goal), row


def test_table_of_fixed_rows(table_module: ModuleType) -> None:
    Row = table_module.Row  # noqa: N806 - a class
    rows = [
        Row("json.dump", "JSON `dumps`, 10 events, vs pydantic", "s", 0.5, 1.0, 0.75),
        Row("json.load", "JSON `loads`, 10 events, vs pydantic", "s", 0.8, 1.0, 0.75),
        Row("ical.time.streamed", "iCalendar feed, streamed", "s", 1.0, 3.0, 0.5, "<= 1/2 (>= 2x faster)"),
        Row("ical.peak.joined", "iCalendar feed, peak memory", "MiB", 12.345, 40.0, 0.5),
        Row("mail.send", "Invitations sent", "s", 1.05, 1.0, 1 / 0.9, "<= 1/0.9 (>= 0.9x its speed)"),
        Row("platforms.webex.tokens", "Webex: token requests", "requests", 0, 1, 1.0, "<= 1 (1 request)"),
        Row("platforms.zoom.update", "Zoom: HTTP calls per update", "calls", 2.0, 2.0, 1.0, "<= 1 (2 calls)"),
        Row("imports", "`import iofs_events` vs `import icalendar`", "ms", 80.04, 100.0, 1.2),
    ]
    printed = parse(table_module.format_table(rows))
    assert [row["figure"] for row in printed] == [row.figure for row in rows]
    for row, shown in zip(rows, printed, strict=True):
        check_row(shown)
        assert shown["what it measures"] == row.measures
        assert shown["unit"] == row.unit
        assert float(shown["ours/baseline"]) == pytest.approx(row.ours / row.baseline, abs=5e-4)
    assert [shown["verdict"] for shown in printed] == ["met", "NOT met", "met", "met", "met", "met", "met", "met"]
    assert printed[0]["ours"] == "0.500"
    assert printed[0]["ours/baseline"] == "0.500"
    assert printed[0]["goal"] == "<= 0.75"
    assert printed[3]["ours"] == "12.35"
    assert printed[5]["ours"] == "0"
    assert printed[7]["ours"] == "80.0"


def test_a_goal_on_the_bound_is_met(table_module: ModuleType) -> None:
    row = table_module.Row("platforms.zoom.create", "calls", "calls", 1.0, 1.0, 1.0)
    assert row.ratio == 1.0
    assert row.met


def test_machine_line(table_module: ModuleType) -> None:
    line = table_module.machine(datetime(2025, 1, 15, 8, 30, tzinfo=UTC))
    assert line.startswith("machine: ")
    assert re.search(r", \d+ CPUs", line)
    assert f"Python {sys.version_info.major}.{sys.version_info.minor}" in line.replace("CPython", "Python")
    assert line.endswith("2025-01-15 08:30 UTC")


def test_only_refuses_an_unknown_benchmark(table_module: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks.__main__ import main

    with pytest.raises(SystemExit) as caught:
        main(["--quick", "--only", "imports,nope"])
    assert caught.value.code == 2
    assert "--only" in capsys.readouterr().err


def test_quick_run_of_the_cheap_parts() -> None:
    """``python -m benchmarks --quick --only ...``: a machine line, then every row of the cheap parts."""
    command = [sys.executable, "-m", "benchmarks", "--quick", "--only", "imports,platforms,registration,roster"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    machine_line = done.stdout.splitlines()[0]
    assert machine_line.startswith("machine: ")
    assert machine_line.endswith("; quick sizes")
    assert "CPUs" in machine_line
    assert "Python" in machine_line
    rows = parse(done.stdout)
    assert [row["figure"] for row in rows] == [*PLATFORM_FIGURES, *REGISTRATION_FIGURES, "roster.import", "imports"]
    for row in rows:
        check_row(row)
    by_figure = {row["figure"]: row for row in rows}
    for figure in PLATFORM_FIGURES:
        phase = figure.rsplit(".", 1)[1]
        assert by_figure[figure]["unit"] == ("requests" if phase == "tokens" else "calls")
        assert (
            by_figure[figure]["baseline"]
            == {"create": "1.00", "update": "2.00", "delete": "1.00", "tokens": "1"}[phase]
        )
    for figure in REGISTRATION_FIGURES:
        row = by_figure[figure]
        assert (row["unit"], row["baseline"], row["goal"]) == ("calls", "1.00", "<= 1 (1 call)")
        assert "100 participants" in row["what it measures"]
        assert float(row["ours"]) <= 0.05  # Zoom: 4 calls for 100 (30 a call), Webex: 1; counted, not timed
    assert "Calls when run again: Zoom 0, Webex 0." in done.stdout
    roster = by_figure["roster.import"]
    assert (roster["unit"], roster["goal"]) == ("s", "<= 3")
    assert "1,000 people" in roster["what it measures"]
    assert "each run on a workbook of its own" in done.stdout
    imports = by_figure["imports"]
    assert imports["unit"] == "ms"
    assert "python -c pass" in imports["what it measures"]
    assert "is subtracted on both sides" in done.stdout
    met = sum(row["verdict"] == "met" for row in rows)
    assert f"{met} of {len(rows)} goals met" in done.stdout


def test_import_time_runs_alone() -> None:
    command = [sys.executable, "benchmarks/import_time.py", "--runs", "1", "--warmup", "1"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert 'python -c "import iofs_events"' in done.stdout
    assert 'python -c "import icalendar"' in done.stdout
    assert "iofs_events / icalendar, net of python -c pass" in done.stdout


def test_registration_calls_run_alone() -> None:
    command = [sys.executable, "benchmarks/registration_calls.py", "--participants", "61"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[1].split() == ["zoom", "61", "3", "0.049", "0", "yes"]  # 30, 30 and 1
    assert lines[2].split() == ["webex", "61", "1", "0.016", "0", "yes"]


def test_roster_import_runs_alone() -> None:
    command = [sys.executable, "benchmarks/roster_import.py", "--rows", "200", "--repeat", "1"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    header, row, goal = done.stdout.splitlines()
    assert header.split() == ["rows", "openpyxl", "alone", "import", "ratio", "goal", "met"]
    rows, alone, ours, ratio, met = row.split()
    assert rows == "200"
    # The times are printed to the millisecond: the ratio lies within what they may have been before rounding.
    ours_s, alone_s = float(ours.rstrip("s")), float(alone.rstrip("s"))
    least, most = (ours_s - 0.0005) / (alone_s + 0.0005), (ours_s + 0.0005) / (alone_s - 0.0005)
    assert least - 0.005 <= float(ratio) <= most + 0.005  # and the ratio itself to two decimals
    assert met == ("yes" if float(ratio) <= 3 else "NO")
    assert goal.startswith("goal: importing a workbook into a new roster costs at most 3 times")


@pytest.fixture
def dovecot_installed() -> None:
    if dovecot_binary() is None:
        missing("Dovecot is not installed", "apt-get install -y dovecot-imapd")


@pytest.mark.usefixtures("dovecot_installed")
def test_quick_run_of_the_replies() -> None:
    """300 replies and 6 other messages read from Dovecot: two rows, the time per reply of each side, the ratios."""
    command = [sys.executable, "-m", "benchmarks", "--quick", "--only", "replies"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    rows = parse(done.stdout)
    assert [row["figure"] for row in rows] == ["replies.read", "replies.again"]
    for row in rows:
        check_row(row)
        assert row["unit"] == "s"
    by_figure = {row["figure"]: row for row in rows}
    assert "300 replies (+6 other mail) read from Dovecot" in by_figure["replies.read"]["what it measures"]
    assert [by_figure[figure]["goal"] for figure in by_figure] == ["<= 1.5", "<= 1/2 (>= 2x faster)"]
    sides = (
        r"ms per reply: ours ([\d.]+), fetch ([\d.]+), fetch \+ parse ([\d.]+), fetch \+ parse \+ calendar ([\d.]+), "
    )
    ratios = r"ours is [\d.]+x fetch, [\d.]+x fetch \+ parse, read again [\d.]+x fetch; 1 run of each, in turns\."
    each = re.search(sides + r"ours, read again ([\d.]+); " + ratios, done.stdout)
    assert each, done.stdout
    assert all(float(figure) > 0 for figure in each.groups())


@pytest.mark.usefixtures("dovecot_installed")
def test_replies_run_alone() -> None:
    command = [sys.executable, "benchmarks/replies_imap.py", "--participants", "60", "--repeat", "1"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert re.fullmatch(r"60 replies and 1 other mail, appended in [\d.]+ s", lines[0]), lines[0]
    assert lines[1].split() == ["side", "seconds", "ms", "per", "reply", "ours", "/", "side"]
    sides = [line.rsplit(maxsplit=3)[0].strip() for line in lines[2:7]]
    assert sides == ["ours", "fetch", "fetch + parse", "fetch + parse + calendar", "ours, read again"]
    assert lines[2].split()[-1] == "1.00"  # ours against itself
    goals = "goals: ours <= 1.5x fetch + parse + calendar, again <= 1/2 fetch + parse: "
    assert lines[7].startswith(goals)
