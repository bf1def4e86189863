"""Who receives an email, and the CSV file that lists them for bulk sending."""

from __future__ import annotations

import codecs
import csv
import io
from typing import TYPE_CHECKING, NamedTuple

from attrs import field, frozen

from .. import _checks as check
from ..exceptions import DocumentError, Problem, ValidationError
from ._words import Honorific, RecipientRole

if TYPE_CHECKING:
    from pathlib import Path


@frozen(kw_only=True)
class Recipient:
    """Someone an email goes to, with what makes it theirs.

    ``language`` (a BCP 47 tag such as ``ar-SA``) picks the message catalogue, the event's
    translation and the CLDR formats (English words where we have no catalogue); ``honorific``
    sets the salutation and closing; ``time_zone`` (IANA) adds the times as the recipient's clock
    shows them; ``registered`` recipients, and hosts, see the meeting passcode; ``join_url`` is
    the recipient's personal join link, when the platform gave them one: their emails and
    calendar carry it instead of the shared link. It is private: hidden from ``repr``.
    """

    email: str = field(validator=check.email)
    name: str | None = field(default=None, validator=check.optional(check.line))
    honorific: Honorific | None = field(default=None, validator=check.optional(check.member(Honorific)))
    language: str = field(default="en", converter=check.language_tag, validator=check.language)
    time_zone: str | None = field(default=None, validator=check.optional(check.time_zone))
    role: RecipientRole = field(default=RecipientRole.PARTICIPANT, validator=check.member(RecipientRole))
    registered: bool = field(default=False, validator=check.flag)
    join_url: str | None = field(default=None, repr=False, validator=check.optional(check.url))


def _role(value: str) -> RecipientRole:
    try:
        return RecipientRole(value.lower())
    except ValueError:
        raise ValidationError("role", f"must be one of {', '.join(RecipientRole)}") from None


def _honorific(value: str) -> Honorific | None:
    if not value:
        return None
    try:
        return Honorific(value.lower().rstrip("."))
    except ValueError:
        raise ValidationError("honorific", f"must be one of {', '.join(Honorific)}, or left empty") from None


def _flag(value: str) -> bool:
    if value.lower() not in _YES | _NO:
        raise ValidationError("registered", "must be yes or no")
    return value.lower() in _YES


_COLUMNS = ("name", "email", "honorific", "language", "time_zone", "role", "registered")
_KNOWN = f"the columns are {', '.join(_COLUMNS)}"
_YES, _NO = {"yes", "true", "1", "y"}, {"no", "false", "0", "n", ""}
# The byte order marks that spreadsheets write: "CSV UTF-8" (Excel) and "Unicode text" (UTF-16).
_MARKS = {codecs.BOM_UTF8: "UTF-8", codecs.BOM_UTF16_LE: "UTF-16", codecs.BOM_UTF16_BE: "UTF-16"}
_CODECS = {"UTF-8": "utf-8-sig", "UTF-16": "utf-16"}  # each drops its byte order mark
_EXPORT = 'export the list as "CSV UTF-8" or "Unicode text" instead'
_DOUBLED = "a quote inside a quoted cell is written twice"


class _Fault(NamedTuple):
    """Where the csv module stopped reading: the row, the index of the cell, and why."""

    row: int
    cell: int
    reason: str


def read_recipients(path: Path) -> list[Recipient]:
    """The recipients listed in a CSV file with a header row, as spreadsheets save them.

    Columns: ``email`` (required), ``name``, ``honorific`` (excellency, dr, prof, mr, ms),
    ``language``, ``time_zone``, ``role`` and ``registered`` (yes/no), separated by commas,
    semicolons or tabs. The file is UTF-8, with or without a byte order mark, or UTF-16 with one;
    another encoding is refused, naming the one it seems to be in. Blank rows are skipped. Every
    bad row is reported at once, as ``row N.column: reason``, the header being row 1.
    """
    source = str(path)
    lines = io.StringIO(_text(path.read_bytes(), source), newline="").readlines()
    delimiter = next((mark for mark in ",;\t" if lines and "email" in _header_names(lines[0], mark)), ",")
    rows, fault = _rows(lines, delimiter)
    header = [name.lower() for name in _stripped(rows[0])] if rows else []
    problems = [_located(fault, header)] if fault is not None and not rows else _header_problems(header)
    if problems:  # no row can be read without its header
        raise DocumentError(problems, source)
    recipients = []
    for number, cells in enumerate(rows[1:], start=2):
        try:
            recipient = _recipient(cells, header)
        except ValidationError as error:
            problems.append(Problem(f"row {number}.{error.field}", error.reason))
        else:
            if recipient is not None:
                recipients.append(recipient)
    if fault is not None:
        problems.append(_located(fault, header))
    if problems:
        raise DocumentError(problems, source)
    return recipients


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


def _stripped(cells: list[str]) -> list[str]:
    return [cell.strip() for cell in cells]


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


def _header_problems(header: list[str]) -> list[Problem]:
    columns: dict[str, list[int]] = {}
    for number, name in enumerate(header, start=1):
        if name:
            columns.setdefault(name, []).append(number)
    problems = []
    for name, numbers in columns.items():
        if name not in _COLUMNS:
            problems.append(Problem(f"row 1.{check.cut(name)}", f"is not a column we know; {_KNOWN}"))
        elif len(numbers) > 1:
            listed = f"{', '.join(map(str, numbers[:-1]))} and {numbers[-1]}"
            problems.append(Problem(f"row 1.{name}", f"is the name of columns {listed}"))
    if "email" not in columns:
        problems.append(Problem("row 1", f"has no email column; {_KNOWN}"))
    return problems


def _recipient(cells: list[str], header: list[str]) -> Recipient | None:
    """The recipient of a row, or ``None`` for a blank row; a :class:`ValidationError` names the column."""
    values = {}
    for index, cell in enumerate(_stripped(cells)):
        if cell:
            name = header[index] if index < len(header) else ""
            if not name:
                raise ValidationError(f"column {index + 1}", "has a value, but the header names no such column")
            values[name] = cell
    if not values:
        return None
    if "email" not in values:
        raise ValidationError("email", "is required")
    role, registered = _role(values.pop("role", "participant")), _flag(values.pop("registered", ""))
    honorific = _honorific(values.pop("honorific", ""))
    return Recipient(**values, honorific=honorific, role=role, registered=registered)
