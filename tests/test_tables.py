"""Tables as spreadsheets save them: Excel workbooks read as their cells were typed, and tables written to read back."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from iofs_events._tables import read_rows, write_rows
from iofs_events.exceptions import DocumentError, UnreadableDocumentError, ValidationError
from iofs_events.mail import Honorific, Recipient, read_recipients

COLUMNS = ("email", "name", "count", "day", "flag")


def rows_of(path: Path) -> list[tuple[int, dict[str, str]]]:
    return read_rows(path, columns=COLUMNS, key="email", convert=lambda number, values: (number, values))


def workbook(path: Path, rows: list[list[object]], *, sheets: int = 1) -> Path:
    book = Workbook()
    for _ in range(sheets - 1):
        book.create_sheet("another")["A1"] = "not read"
    sheet = book.worksheets[0]
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(number, column, value)
    book.save(path)
    return path


def problems(path: Path) -> list[tuple[str, str]]:
    with pytest.raises(DocumentError) as caught:
        rows_of(path)
    assert caught.value.source == str(path)
    return [(problem.path, problem.reason) for problem in caught.value.problems]


def test_cells_of_a_workbook_are_read_as_they_were_typed(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "people.xlsx",
        [
            ["Email", "NAME", "count", "day", "flag"],
            ["omar@agri.example.sa", "  عمر الحربي ", 2021, datetime(2021, 12, 22), True],
            ["aidana@agri.example.kz", "Айдана Нурланова", 966501234567.0, datetime(2021, 12, 22, 10, 30), False],
            [],
            [],
            ["x@agri.example", 0.25, 1e20, time(9, 5), "no"],
            [None, None, None, None, None],
        ],
        sheets=2,
    )
    assert rows_of(path) == [
        (
            2,
            {
                "email": "omar@agri.example.sa",
                "name": "عمر الحربي",
                "count": "2021",
                "day": "2021-12-22",
                "flag": "yes",
            },
        ),
        (
            3,
            {
                "email": "aidana@agri.example.kz",
                "name": "Айдана Нурланова",
                "count": "966501234567",
                "day": "2021-12-22T10:30:00",
                "flag": "no",
            },
        ),
        (
            6,
            {
                "email": "x@agri.example",
                "name": "0.25",
                "count": "100000000000000000000",
                "day": "09:05:00",
                "flag": "no",
            },
        ),
    ]


def test_a_workbook_that_declares_too_small_a_sheet_is_read_whole(tmp_path: Path) -> None:
    path = workbook(tmp_path / "people.xlsx", [["email"], ["a@agri.example"], ["b@agri.example"]])
    data = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(data, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b'<dimension ref="A1:A3"/>', b'<dimension ref="A1"/>')
            target.writestr(item, content)
    path.write_bytes(data.getvalue())
    assert [values["email"] for _, values in rows_of(path)] == ["a@agri.example", "b@agri.example"]


def test_a_workbook_has_the_problems_of_any_table_in_the_same_words(tmp_path: Path) -> None:
    path = workbook(tmp_path / "people.xlsx", [["email", "name", "phone", "name"], ["a@agri.example"]])
    assert problems(path) == [
        ("row 1.name", "is the name of columns 2 and 4"),
        ("row 1.phone", "is not a column we know; the columns are email, name, count, day, flag"),
    ]
    rows = [["email", "name"], ["a@agri.example", "A", None, "stray"], [None, "B"], ["c@agri.example"]]
    assert problems(workbook(tmp_path / "rows.xlsx", rows)) == [
        ("row 2.column 4", "has a value, but the header names no such column"),
        ("row 3.email", "is required"),
    ]
    assert problems(workbook(tmp_path / "empty.xlsx", [])) == [
        ("row 1", "has no email column; the columns are email, name, count, day, flag")
    ]


def test_a_converter_names_the_column_of_each_bad_row(tmp_path: Path) -> None:
    def convert(number: int, values: dict[str, str]) -> int:
        if not values.get("count", "").isdigit():
            raise ValidationError("count", "must be a number")
        return int(values["count"])

    path = workbook(tmp_path / "t.xlsx", [["email", "count"], ["a@x.example", 1], ["b@x.example", "two"], ["c@x", 3]])
    assert read_rows(path, columns=COLUMNS, key="email", convert=lambda n, v: v["email"])[-1] == "c@x"
    with pytest.raises(DocumentError) as caught:
        read_rows(path, columns=COLUMNS, key="email", convert=convert)
    assert [str(problem) for problem in caught.value.problems] == ["row 3.count: must be a number"]


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b"email,name\r\na@agri.example,A\r\n", "is not an Excel workbook (.xlsx) that can be read (it is not a zip"),
        (b"", "is not an Excel workbook (.xlsx) that can be read (it is not a zip"),
        (bytes.fromhex("d0cf11e0a1b11ae1") + bytes(500), "is an Excel 97-2003 workbook (.xls), or a workbook locked"),
        (b"PK\x03\x04" + bytes(100), "is not an Excel workbook (.xlsx) that can be read ("),
    ],
)
def test_a_file_that_is_no_workbook_is_refused_with_a_reason(tmp_path: Path, data: bytes, detail: str) -> None:
    path = tmp_path / "people.xlsx"
    path.write_bytes(data)
    with pytest.raises(UnreadableDocumentError) as caught:
        rows_of(path)
    ((problem,),) = [caught.value.problems]
    assert problem.path == "$"
    assert problem.reason.startswith(detail)
    assert problem.reason.endswith('save it from the spreadsheet as "Excel Workbook (.xlsx)" or "CSV UTF-8"')


def test_a_zip_that_is_no_workbook_names_what_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    ((problem,),) = [problems(path)]
    assert problem[1].startswith("is not an Excel workbook (.xlsx) that can be read (")
    assert "Traceback" not in problem[1]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_written_tables_read_back_cell_for_cell(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"out{suffix}"
    rows = [
        ["omar@agri.example.sa", "عمر الحربي", 3, None, "yes"],
        ["=x@agri.example", '=HYPERLINK("http://evil.example","click")', 0, "-", "+1"],
        ["aidana@agri.example.kz", 'Айдана, "Ая" Нурланова', None, "2021-12-22", "@home"],
    ]
    write_rows(path, COLUMNS, rows, sheet="People")
    expected = [
        (number, {column: str(cell) for column, cell in zip(COLUMNS, row, strict=True) if cell is not None})
        for number, row in enumerate(rows, start=2)
    ]
    assert rows_of(path) == expected


def test_csv_is_written_for_excel_and_formulas_are_never_run(tmp_path: Path) -> None:
    write_rows(tmp_path / "out.csv", ("email", "name"), [["=1+1@x.example", "عمر"]], sheet="People")
    data = (tmp_path / "out.csv").read_bytes()
    assert data == "\ufeffemail,name\r\n'=1+1@x.example,عمر\r\n".encode()
    write_rows(tmp_path / "out.xlsx", ("email", "name", "n"), [["=1+1@x.example", "@SUM(A1)", 7]], sheet="People")
    sheet = load_workbook(tmp_path / "out.xlsx").worksheets[0]
    assert sheet.title == "People"
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b
    assert [(cell.value, cell.data_type) for cell in sheet[2]] == [("=1+1@x.example", "s"), ("@SUM(A1)", "s"), (7, "n")]


def test_recipients_may_come_from_a_workbook(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "people.xlsx",
        [["email", "name", "language", "registered", "honorific"], ["omar@agri.example.sa", "عمر", "ar", True, "Dr."]],
    )
    assert read_recipients(path) == [
        Recipient(email="omar@agri.example.sa", name="عمر", language="ar", registered=True, honorific=Honorific.DR)
    ]


def test_choices_and_flags_are_read_in_any_case_or_named_as_wrong(tmp_path: Path) -> None:
    text = "email,role,registered,honorific\r\na@x.example,Host,TRUE,Prof.\r\n"
    text += "b@x.example,chair,,\r\nc@x.example,,maybe,Sir\r\n"
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        read_recipients(path)
    assert [str(problem) for problem in caught.value.problems] == [
        "row 3.role: must be one of participant, speaker, interpreter, host",
        "row 4.registered: must be yes or no",
    ]
    path.write_text("email,honorific\r\na@x.example,Prof.\r\nd@x.example,Sir\r\n", encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        read_recipients(path)
    assert [str(problem) for problem in caught.value.problems] == [
        "row 3.honorific: must be one of excellency, dr, prof, mr, ms, or left empty"
    ]


def _valid_workbook() -> bytes:
    data = io.BytesIO()
    book = Workbook()
    book.active.append(["email", "name"])  # type: ignore[union-attr]
    book.active.append(["omar@agri.example.sa", "عمر الحربي"])  # type: ignore[union-attr]
    book.save(data)
    return data.getvalue()


VALID = _valid_workbook()


@settings(max_examples=60, deadline=None)
@given(
    data=st.binary(max_size=200)
    | st.tuples(st.integers(0, len(VALID) - 1), st.binary(min_size=1, max_size=8)).map(
        lambda cut: VALID[: cut[0]] + cut[1] + VALID[cut[0] + len(cut[1]) :]
    )
    | st.integers(0, len(VALID)).map(lambda end: VALID[:end])
)
def test_any_bytes_named_xlsx_give_rows_or_problems_never_a_traceback(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("xlsx") / "people.xlsx"
    path.write_bytes(data)
    try:
        rows, problems = rows_of(path), ()
    except DocumentError as error:
        rows, problems = [], error.problems
        assert problems, "a refusal says why"
    assert all(isinstance(values, dict) for _, values in rows)
    assert all(problem.path == "$" or problem.path.startswith("row ") for problem in problems)
