"""Benchmark: importing a list of 10,000 people from an Excel workbook into a new roster, against openpyxl alone.

The workbook is what staff keep: a header, then one row a person with their address, a name in
Arabic, Cyrillic or Latin letters, honorific, language, time zone, country (a code, or a name in
English), organization, role and status (two thirds registered, past the event's capacity of
5,000, so that some wait). Ours is the whole import: ``iofs_events.roster.read_people`` (every
cell read and checked) and ``Roster.merge`` into a new SQLite roster. The baseline is openpyxl
reading the same workbook alone, read-only, values only: what any import must do first. Each run
has a workbook of its own, with addresses no run has seen, so that no check is answered from a
cache; both sides read it in turns, ours then the baseline, and each figure is the median of
``--repeat`` runs. Goal: ours / openpyxl <= 3. The exit code is 0 either way.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from iofs_events.roster import Roster, SqliteStore, read_people

GOAL = 3.0  # the import of a workbook / openpyxl reading it alone
CAPACITY = 5000
HEADER = ["email", "name", "honorific", "language", "time_zone", "country", "organization", "role", "status"]
PEOPLE = [  # name, language, time zone, country, organization: as they come in a member states' list
    ("عمر الحربي", "ar", "Asia/Riyadh", "Saudi Arabia", "وزارة البيئة والمياه والزراعة"),
    ("Айдана Нурланова", "ru", "Asia/Almaty", "KZ", "Министерство сельского хозяйства"),
    ("Aminata Diallo", "fr-SN", "Africa/Dakar", "Senegal", "Ministère de l'Agriculture"),
    ("Aisha Rahman", "en", "Asia/Kuala_Lumpur", "MY", "Ministry of Agriculture and Food Security"),
    ("Siti Aminah", "id", "Asia/Jakarta", "Indonesia", "Kementerian Pertanian"),
    ("Fatima Zahra El Idrissi", "fr", "Africa/Casablanca", "ma", "Ministère de l'Agriculture"),
]
HONORIFICS = ["Dr.", "", "Excellency", "ms", "mr", "Prof"]
ROLES = ["participant", "participant", "participant", "speaker", "observer", "host"]


def workbook(path: Path, rows: int, run: int) -> Path:
    """A list of ``rows`` people, whose addresses are this ``run``'s own."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Participants"
    sheet.append(HEADER)
    for number in range(rows):
        name, language, zone, country, organization = PEOPLE[number % len(PEOPLE)]
        status = "invited" if number % 3 == 0 else "registered"
        address = f"p{number:05d}.r{run}@agri{number % 57}.example"
        honorific, role = HONORIFICS[number % len(HONORIFICS)], ROLES[number % len(ROLES)]
        sheet.append([address, f"{name} {number}", honorific, language, zone, country, organization, role, status])
    book.save(path)
    return path


def openpyxl_alone(path: Path) -> int:
    """Read every row of the workbook as openpyxl does at its fastest: read-only, values only."""
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()


def ours(path: Path, roster_file: Path) -> int:
    """Import the workbook into a new roster: read and check every row, then merge them in one transaction."""
    roster = Roster(SqliteStore(roster_file, event_id="fsg-2021"), capacity=CAPACITY)
    try:
        merged = roster.merge(read_people(path))
    finally:
        roster.close()
    return len(merged.added)


def run(rows: int = 10_000, repeat: int = 3) -> dict[str, Any]:
    """The median seconds of ours and of openpyxl alone, with every run's times, printing nothing."""
    times: dict[str, list[float]] = {"ours": [], "openpyxl": []}
    with tempfile.TemporaryDirectory() as folder:
        for number in range(repeat):
            path = workbook(Path(folder) / f"people-{number}.xlsx", rows, number)
            start = time.perf_counter()
            added = ours(path, Path(folder) / f"roster-{number}.sqlite")
            times["ours"].append(time.perf_counter() - start)
            start = time.perf_counter()
            read = openpyxl_alone(path)
            times["openpyxl"].append(time.perf_counter() - start)
            assert added == rows, added
            assert read == rows + 1, read
    medians = {name: statistics.median(found) for name, found in times.items()}
    return {"rows": rows, "repeat": repeat, "times": times, **medians}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=10_000, help="people in the workbook (default 10,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side; the median is kept (default 3)")
    arguments = parser.parse_args(argv)
    result = run(arguments.rows, arguments.repeat)
    ratio = result["ours"] / result["openpyxl"]
    print(f"{'rows':>6} {'openpyxl alone':>15} {'import':>8} {'ratio':>6}  goal met")
    print(
        f"{result['rows']:>6} {result['openpyxl']:>14.3f}s {result['ours']:>7.3f}s {ratio:>6.2f}"
        f"  {'yes' if ratio <= GOAL else 'NO'}"
    )
    print(f"goal: importing a workbook into a new roster costs at most {GOAL:g} times what openpyxl takes to read it")


if __name__ == "__main__":
    main()
