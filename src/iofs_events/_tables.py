"""Tables as spreadsheets save them, CSV or Excel: each row's cells by column name, each bad cell named by its row.

A table has a header in row 1, whose names are read in any case, and one record a row; blank rows
are skipped. A CSV file is UTF-8, with or without its byte order mark, or UTF-16 with one,
separated by commas, semicolons or tabs; an Excel workbook (``.xlsx``) is read from its first
sheet through openpyxl, which is imported only then. Every problem is reported at once, as
``row N.column: reason``. Tables are written the same two ways, so that what is written reads back.
"""

from __future__ import annotations

import codecs
import csv
import io
import warnings
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from . import _checks as check
from ._files import write_atomically
from .exceptions import DocumentError, Problem, UnreadableDocumentError, ValidationError

if TYPE_CHECKING:
    from pathlib import Path

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)

_EXCEL = (".xlsx", ".xlsm", ".xls")
_YES, _NO = {"yes", "true", "1", "y"}, {"no", "false", "0", "n", ""}
# The byte order marks that spreadsheets write: "CSV UTF-8" (Excel) and "Unicode text" (UTF-16).
_MARKS = {codecs.BOM_UTF8: "UTF-8", codecs.BOM_UTF16_LE: "UTF-16", codecs.BOM_UTF16_BE: "UTF-16"}
_CODECS = {"UTF-8": "utf-8-sig", "UTF-16": "utf-16"}  # each drops its byte order mark
_EXPORT = 'export the list as "CSV UTF-8" or "Unicode text" instead'
_DOUBLED = "a quote inside a quoted cell is written twice"
_SAVE = 'save it from the spreadsheet as "Excel Workbook (.xlsx)" or "CSV UTF-8"'
# What a compound file (OLE2) starts with: an Excel 97-2003 workbook, or any workbook locked by a password.
_COMPOUND = bytes.fromhex("d0cf11e0a1b11ae1")
# The first characters that make a spreadsheet read a cell as a formula (OWASP's "CSV injection").
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


class _Fault(NamedTuple):
    """Where the csv module stopped reading: the row, the index of the cell, and why."""

    row: int
    cell: int
    reason: str


def read_rows(path: Path, *, columns: Sequence[str], key: str, convert: Callable[[int, dict[str, str]], T]) -> list[T]:
    """Each row of the table at ``path`` that is not blank, converted; a :class:`DocumentError` lists every problem.

    ``columns`` are the names the header may hold, and ``key`` the one it must hold, which every
    row must fill. ``convert`` takes the number of a row (the header is row 1) and its filled
    cells by column name, stripped, and raises a :class:`ValidationError` naming the column that
    is wrong. A file that is named ``.xlsx`` (or ``.xlsm``, ``.xls``) is read as an Excel workbook.
    """
    source = str(path)
    if path.suffix.lower() in _EXCEL:
        rows, fault = _workbook_rows(path.read_bytes(), source), None
    else:
        rows, fault = _csv_rows(path.read_bytes(), source, key)
    header = [name.lower() for name in _stripped(rows[0])] if rows else []
    problems = [_located(fault, header)] if fault is not None and not rows else _header_problems(header, columns, key)
    if problems:  # no row can be read without its header
        raise DocumentError(problems, source)
    converted = []
    for number, cells in enumerate(rows[1:], start=2):
        try:
            values = _values(cells, header, key)
            if values is not None:
                converted.append(convert(number, values))
        except ValidationError as error:
            problems.append(Problem(f"row {number}.{error.field}", error.reason))
    if fault is not None:
        problems.append(_located(fault, header))
    if problems:
        raise DocumentError(problems, source)
    return converted


def member(kind: type[E], column: str, text: str, *, blank: bool = False) -> E:
    """The member of ``kind`` written in a cell, in any case; ``blank`` says that the cell may also be left empty."""
    try:
        return kind(text.lower())
    except ValueError:
        allowed = f"must be one of {', '.join(kind)}{', or left empty' if blank else ''}"
        raise ValidationError(column, allowed) from None


def flag(column: str, text: str) -> bool:
    """Yes or no, as people write it in a cell: ``yes``, ``true``, ``1``, ``y``, or their opposites, or nothing."""
    said = text.lower()
    if said in _YES:
        return True
    if said not in _NO:
        raise ValidationError(column, "must be yes or no")
    return False


# --- CSV ------------------------------------------------------------------------------------------


def _csv_rows(data: bytes, source: str, key: str) -> tuple[list[list[str]], _Fault | None]:
    """The rows of a CSV file, its delimiter told by the header naming ``key``; and where it cannot be read."""
    lines = io.StringIO(_text(data, source), newline="").readlines()
    delimiter = next((mark for mark in ",;\t" if lines and key in _header_names(lines[0], mark)), ",")
    rows, fault = _rows(lines, delimiter)
    return [[_unguarded(cell) for cell in row] for row in rows], fault


def _text(data: bytes, source: str) -> str:
    """The text of the file: UTF-8, or what its byte order mark says; or a problem naming the encoding it seems in."""
    marked = next((name for mark, name in _MARKS.items() if data.startswith(mark)), None)
    codec = _CODECS[marked] if marked else "utf-8"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        if marked:
            reason = f"is not {marked} text, although it starts with the byte order mark of {marked}"
        elif b"\x00" in data:
            reason = f"is not UTF-8: it seems to be UTF-16 without its byte order mark; {_EXPORT}"
        else:
            reason = (
                f"is not UTF-8 (byte 0x{data[error.start]:02X}): it seems to be in a Windows code page such as"
                f' Windows-1252, which a spreadsheet\'s plain "CSV" export writes; {_EXPORT}'
            )
        where = error.object[: error.start].decode(codec, errors="replace")  # utf-8-sig counts from after its mark
        raise DocumentError([Problem(f"row {where.count(chr(10)) + 1}", reason)], source) from None
    if "\x00" in text:
        reason = f"has NUL characters: it seems to be UTF-16 without its byte order mark, or not text; {_EXPORT}"
        raise DocumentError([Problem(f"row {text.count(chr(10), 0, text.index(chr(0))) + 1}", reason)], source)
    return text


def _header_names(line: str, delimiter: str) -> list[str]:
    """The names of the first line split at ``delimiter``, to tell which delimiter the file uses."""
    return [cell.strip().strip('"').lower() for cell in line.split(delimiter)]


def _rows(lines: list[str], delimiter: str) -> tuple[list[list[str]], _Fault | None]:
    """The rows of the file, up to the first that the csv module cannot read, and where and why it stopped."""
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    while True:
        start = reader.line_num
        try:
            rows.append(next(reader))
        except StopIteration:
            return rows, None
        except csv.Error as error:
            record = "".join(lines[start : reader.line_num])
            return rows, _Fault(len(rows) + 1, _faulty_cell(record, delimiter), _fault_reason(error))


def _fault_reason(error: csv.Error) -> str:
    text = str(error)
    if text.startswith("field larger than field limit"):
        return f"is longer than {csv.field_size_limit():,} characters, the most a cell may have"
    if text == "unexpected end of data":
        return f"opens a quote that is never closed; {_DOUBLED}"
    return f"closes its quote before its end; {_DOUBLED}"  # strict reading: "',' expected after '\"'"


def _faulty_cell(record: str, delimiter: str) -> int:
    """The index of the cell of ``record`` where the csv module stopped, found by reading it as that module does."""
    cell, length, state = 0, 0, "start"
    for character in record:
        if state == "quoted":
            state, length = ("closed", length) if character == '"' else ("quoted", length + 1)
        elif character == delimiter:
            cell, length, state = cell + 1, 0, "start"
        elif character == '"' and state == "start":
            state = "quoted"
        elif state == "closed" and character != '"':
            break  # a character after a closing quote, before the cell's end
        else:  # a quote doubled inside quotes, or a character of a cell without quotes
            state = "quoted" if state == "closed" else "plain"
            length += 1
        if length > csv.field_size_limit():
            break
    return cell


def _located(fault: _Fault, header: list[str]) -> Problem:
    named = fault.row > 1 and fault.cell < len(header) and header[fault.cell]
    return Problem(f"row {fault.row}.{header[fault.cell] if named else f'column {fault.cell + 1}'}", fault.reason)


def _guarded(text: str) -> str:
    """A cell that a spreadsheet would run as a formula, behind an apostrophe, which spreadsheets show as text."""
    return f"'{text}" if text.startswith(_FORMULA) else text


def _unguarded(text: str) -> str:
    """A cell as it was before :func:`_guarded`."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA) else text


# --- Excel ----------------------------------------------------------------------------------------


def _workbook_rows(data: bytes, source: str) -> list[list[str]]:
    """The rows of the first sheet of an Excel workbook, each cell as text; or why the workbook cannot be read."""
    if data.startswith(_COMPOUND):
        reason = f"is an Excel 97-2003 workbook (.xls), or a workbook locked by a password, which is not read; {_SAVE}"
        raise UnreadableDocumentError([Problem("$", reason)], source)
    from openpyxl import load_workbook

    try:
        # openpyxl warns of what it leaves out (styles, data validation): nothing a table's text needs.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                sheet.reset_dimensions()  # some writers declare too small a sheet: read every row there is
                return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
            finally:
                workbook.close()
    except Exception as error:  # zipfile's, XML's and openpyxl's own errors: each means a workbook we cannot read
        plain = not data.startswith(b"PK")
        detail = "it is not a zip archive, as a workbook is" if plain else check.cut(str(error) or type(error).__name__)
        reason = f"is not an Excel workbook (.xlsx) that can be read ({detail}); {_SAVE}"
        raise UnreadableDocumentError([Problem("$", reason)], source) from None


def _cell_text(value: object) -> str:
    """A cell's value as the text that was typed: ``2021`` and not ``2021.0``, a day without a time of midnight."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime) and value.time() == time():
        return value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


# --- rows -----------------------------------------------------------------------------------------


def _stripped(cells: Sequence[str]) -> list[str]:
    return [cell.strip() for cell in cells]


def _header_problems(header: list[str], columns: Sequence[str], key: str) -> list[Problem]:
    known = f"the columns are {', '.join(columns)}"
    numbers: dict[str, list[int]] = {}
    for number, name in enumerate(header, start=1):
        if name:
            numbers.setdefault(name, []).append(number)
    problems = []
    for name, found in numbers.items():
        if name not in columns:
            problems.append(Problem(f"row 1.{check.cut(name)}", f"is not a column we know; {known}"))
        elif len(found) > 1:
            listed = f"{', '.join(map(str, found[:-1]))} and {found[-1]}"
            problems.append(Problem(f"row 1.{name}", f"is the name of columns {listed}"))
    if key not in numbers:
        problems.append(Problem("row 1", f"has no {key} column; {known}"))
    return problems


def _values(cells: list[str], header: list[str], key: str) -> dict[str, str] | None:
    """The filled cells of a row by column name, or ``None`` for a blank row; a ValidationError names a bad cell."""
    values = {}
    for index, cell in enumerate(_stripped(cells)):
        if cell:
            name = header[index] if index < len(header) else ""
            if not name:
                raise ValidationError(f"column {index + 1}", "has a value, but the header names no such column")
            values[name] = cell
    if not values:
        return None
    if key not in values:
        raise ValidationError(key, "is required")
    return values


# --- writing --------------------------------------------------------------------------------------

Cell = str | int | None


def write_rows(path: Path, columns: Sequence[str], rows: Iterable[Sequence[Cell]], *, sheet: str) -> None:
    """Write ``rows`` under a header of ``columns``, atomically: an Excel workbook for a ``.xlsx`` path, else CSV.

    A workbook has one sheet, named ``sheet``, with its header in bold and kept in sight. CSV is
    UTF-8 with a byte order mark, which tells Excel that it is UTF-8 (without it, Excel reads the
    file in the computer's Windows code page, and Arabic or Cyrillic names come out as other
    letters), comma-separated, with CRLF line ends. A text that a spreadsheet would run as a
    formula (``=``, ``+``, ``-``, ``@`` first) goes behind an apostrophe in CSV, which reading
    takes off again; a workbook holds every text as text, never as a formula.
    """
    table: list[list[Cell]] = [list(columns), *(list(row) for row in rows)]
    write_atomically(path, _workbook(table, sheet) if path.suffix.lower() == ".xlsx" else _csv(table))


def _csv(table: list[list[Cell]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    for row in table:
        writer.writerow(["" if cell is None else _guarded(cell) if isinstance(cell, str) else cell for cell in row])
    return text.getvalue().encode("utf-8-sig")


def _workbook(table: list[list[Cell]], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"  # the header stays in sight
    for index, column in enumerate(zip(*table, strict=True), start=1):
        widest = max(len(str(cell)) for cell in column if cell is not None)
        sheet.column_dimensions[get_column_letter(index)].width = min(widest + 2, 50)
    bold = Font(bold=True)
    for number, row in enumerate(table):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, even one that starts with "=": never a formula
            if number == 0:
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    data = io.BytesIO()
    workbook.save(data)
    return data.getvalue()
