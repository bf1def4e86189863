"""Lists of people as staff save them: a CSV file as Excel's "CSV UTF-8" writes it, or an Excel workbook."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook

Rows = list[list[object]]


def write_table(path: Path, rows: Rows) -> Path:
    """``rows`` (the header first) in the format that ``path``'s suffix names: ``.xlsx``, or CSV."""
    if path.suffix == ".xlsx":
        workbook = Workbook()
        for row in rows:
            workbook.active.append(row)  # type: ignore[union-attr]
        workbook.save(path)
    else:
        text = io.StringIO()
        csv.writer(text, lineterminator="\r\n").writerows(
            ["" if cell is None else cell for cell in row] for row in rows
        )
        path.write_bytes(text.getvalue().encode("utf-8-sig"))
    return path


def read_table(path: Path) -> Rows:
    """The rows of a table that :func:`iofs_events.roster.write_people` wrote, each cell as it is stored."""
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True)
        try:
            rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        finally:
            workbook.close()
        return [row + [None] * (len(rows[0]) - len(row)) for row in rows]  # empty cells at the end are not stored
    return [list(row) for row in csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline=""))]
