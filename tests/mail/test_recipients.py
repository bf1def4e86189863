"""Recipient lists as spreadsheets save them: encodings, separators, quotes, each bad cell named by row and column."""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iofs_events.exceptions import DocumentError
from iofs_events.mail import Recipient, RecipientRole, read_recipients

HEADER = ["email", "name", "language", "time_zone", "role", "registered"]
ROWS = [
    ["aisha@agri.example.my", "Aisha Rahman", "en", "Asia/Kuala_Lumpur", "participant", "yes"],
    ["omar@agri.example.sa", "عمر الحربي", "ar", "Asia/Riyadh", "speaker", ""],
    ["aidana@agri.example.kz", "Айдана Нурланова", "ru", "Asia/Almaty", "host", "yes"],
    ["francois@agri.example.fr", "François Lefèvre, Jr.", "fr", "Europe/Paris", "", "no"],
]
EXPECTED = [
    Recipient(email="aisha@agri.example.my", name="Aisha Rahman", time_zone="Asia/Kuala_Lumpur", registered=True),
    Recipient(
        email="omar@agri.example.sa",
        name="عمر الحربي",
        language="ar",
        time_zone="Asia/Riyadh",
        role=RecipientRole.SPEAKER,
    ),
    Recipient(
        email="aidana@agri.example.kz",
        name="Айдана Нурланова",
        language="ru",
        time_zone="Asia/Almaty",
        role=RecipientRole.HOST,
        registered=True,
    ),
    Recipient(email="francois@agri.example.fr", name="François Lefèvre, Jr.", language="fr", time_zone="Europe/Paris"),
]


def _table(rows: list[list[str]], delimiter: str = ",") -> str:
    """Rows as a spreadsheet writes them: quoted where they must be, CRLF at the end of each."""
    lines = []
    for row in rows:
        cells = [
            f'"{cell.replace(chr(34), 2 * chr(34))}"' if set(cell) & {delimiter, '"', "\n"} else cell for cell in row
        ]
        lines.append(delimiter.join(cells) + "\r\n")
    return "".join(lines)


def _file(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "people.csv"
    path.write_bytes(data)
    return path


def _problems(path: Path) -> list[tuple[str, str]]:
    with pytest.raises(DocumentError) as caught:
        read_recipients(path)
    assert caught.value.source == str(path)
    return [(problem.path, problem.reason) for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8", ","),  # "CSV UTF-8" without its byte order mark
        ("utf-8-sig", ","),  # "CSV UTF-8", as Excel writes it
        ("utf-8-sig", ";"),  # the same where the decimal separator is a comma (French, Russian)
        ("utf-16", "\t"),  # "Unicode text": UTF-16 with its byte order mark, tab-separated
        ("utf-16-be", "\t"),  # the same, big-endian, with its byte order mark written by hand below
        ("utf-16", ","),
    ],
)
def test_spreadsheet_exports_are_read_as_they_are(tmp_path: Path, encoding: str, delimiter: str) -> None:
    data = _table([HEADER, *ROWS], delimiter).encode(encoding)
    if encoding == "utf-16-be":
        data = "\ufeff".encode(encoding) + data
    assert read_recipients(_file(tmp_path, data)) == EXPECTED


@pytest.mark.parametrize(
    ("encoding", "row"),
    [
        ("cp1252", ["francois@agri.example.fr", "François Lefèvre"]),
        ("latin-1", ["francois@agri.example.fr", "François Lefèvre"]),
        ("cp1251", ["aidana@agri.example.kz", "Айдана Нурланова"]),
        ("cp1256", ["omar@agri.example.sa", "عمر الحربي"]),
    ],
)
def test_a_legacy_code_page_is_refused_naming_the_encoding(tmp_path: Path, encoding: str, row: list[str]) -> None:
    data = _table([HEADER, ROWS[0], row]).encode(encoding)
    ((where, reason),) = _problems(_file(tmp_path, data))
    assert where == "row 3"
    assert reason.startswith("is not UTF-8 (byte 0x")
    assert "Windows-1252" in reason
    assert "CSV UTF-8" in reason


@pytest.mark.parametrize(("row", "where"), [(ROWS[0], "row 1"), (ROWS[3], "row 2")])
def test_utf_16_without_its_byte_order_mark_is_refused_naming_it(tmp_path: Path, row: list[str], where: str) -> None:
    ((found, reason),) = _problems(_file(tmp_path, _table([HEADER, row]).encode("utf-16-le")))
    assert found == where
    assert "UTF-16 without" in reason


def test_a_broken_file_after_its_byte_order_mark_is_refused(tmp_path: Path) -> None:
    data = _table([HEADER, ROWS[0]]).encode("utf-16") + b"\x00\xd8"  # half of a surrogate pair
    assert _problems(_file(tmp_path, data)) == [
        ("row 3", "is not UTF-16 text, although it starts with the byte order mark of UTF-16")
    ]
    data = codecs.BOM_UTF8 + _table([HEADER, ROWS[0]]).encode() + b"\xff"
    assert _problems(_file(tmp_path, data)) == [
        ("row 3", "is not UTF-8 text, although it starts with the byte order mark of UTF-8")
    ]


def test_a_quoted_header_tells_its_delimiter(tmp_path: Path) -> None:
    text = '"email";"name";"language"\r\n"aisha@agri.example.my";"Aisha Rahman";"en"\r\n'
    assert read_recipients(_file(tmp_path, text.encode())) == [
        Recipient(email="aisha@agri.example.my", name="Aisha Rahman")
    ]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([["", "Aisha Rahman", "en"]], [("row 2.email", "is required")]),
        (
            [["aisha@agri.example.my", "Aisha", "en", "", "", "", "surplus"]],
            [("row 2.column 7", "has a value, but the header names no such column")],
        ),
        (
            [["aisha@agri.example.my", "Aisha"], ["", "", "", "", "", ""], ["bad", "B"]],
            [("row 4.email", "is not a valid email address (An email address must have an @-sign.)")],
        ),
    ],
)
def test_cells_that_are_wrong_or_missing_are_named_by_row_and_column(
    tmp_path: Path, rows: list[list[str]], expected: list[tuple[str, str]]
) -> None:
    assert _problems(_file(tmp_path, _table([HEADER, *rows]).encode())) == expected


def test_a_row_with_only_a_name_needs_its_email(tmp_path: Path) -> None:
    text = _table([["name", "email"], ["Aisha Rahman"], ["Omar", "omar@agri.example.sa"]])
    assert _problems(_file(tmp_path, text.encode())) == [("row 2.email", "is required")]


def test_blank_rows_and_empty_trailing_cells_are_skipped(tmp_path: Path) -> None:
    text = _table([[*HEADER, "", ""], [*ROWS[0], "", ""], ["", "", "", "", "", "", "", ""], [], ROWS[1]])
    assert read_recipients(_file(tmp_path, text.encode())) == EXPECTED[:2]


def test_an_unclosed_quote_is_named_where_it_opens(tmp_path: Path) -> None:
    text = _table([HEADER, ROWS[0]]) + 'omar@agri.example.sa,"Omar Al-Harbi,ar\r\n' + _table([ROWS[2]])
    assert _problems(_file(tmp_path, text.encode())) == [
        ("row 3.name", "opens a quote that is never closed; a quote inside a quoted cell is written twice")
    ]


def test_a_quote_inside_a_quoted_cell_must_be_doubled(tmp_path: Path) -> None:
    text = _table([HEADER]) + 'omar@agri.example.sa,"Omar "the host" Al-Harbi",ar\r\n'
    assert _problems(_file(tmp_path, text.encode())) == [
        ("row 2.name", "closes its quote before its end; a quote inside a quoted cell is written twice")
    ]


def test_a_cell_over_the_csv_limit_is_named(tmp_path: Path) -> None:
    limit = csv.field_size_limit()
    text = _table([HEADER, ROWS[0], ["omar@agri.example.sa", "O" * (limit + 10), "ar"], ROWS[2]])
    assert _problems(_file(tmp_path, text.encode())) == [
        ("row 3.name", f"is longer than {limit:,} characters, the most a cell may have")
    ]


def test_a_repeated_column_is_named(tmp_path: Path) -> None:
    text = _table([["email", "name", "email"], ["a@agri.example.my", "A", "b@agri.example.my"]])
    assert _problems(_file(tmp_path, text.encode())) == [("row 1.email", "is the name of columns 1 and 3")]


def test_a_header_problem_is_named(tmp_path: Path) -> None:
    assert _problems(_file(tmp_path, b"email,phone\r\na@agri.example.my,1\r\n")) == [
        (
            "row 1.phone",
            "is not a column we know; the columns are name, email, honorific, language, time_zone, role, registered",
        )
    ]
    assert _problems(_file(tmp_path, b"name\r\nA\r\n")) == [
        ("row 1", "has no email column; the columns are name, email, honorific, language, time_zone, role, registered")
    ]
    assert _problems(_file(tmp_path, b"")) == [
        ("row 1", "has no email column; the columns are name, email, honorific, language, time_zone, role, registered")
    ]


@settings(max_examples=200)
@given(
    data=st.binary(max_size=300)
    | st.text(alphabet=',;\t"\r\n aé@.xyzemailnamergstu\x00\ufeff', max_size=200).map(str.encode)
    | st.lists(st.lists(st.text(alphabet=',"\r\n @.axé', max_size=8), max_size=8), max_size=5).map(
        lambda rows: ("email,name\r\n" + "\r\n".join(",".join(row) for row in rows)).encode("utf-8")
    )
)
def test_any_bytes_give_recipients_or_problems_never_a_traceback(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("csv") / "people.csv"
    path.write_bytes(data)
    try:
        recipients, problems = read_recipients(path), ()
    except DocumentError as error:
        recipients, problems = [], error.problems
        assert problems, "a refusal says why"
    assert all(isinstance(recipient, Recipient) for recipient in recipients)
    assert all(problem.path.startswith("row ") for problem in problems)


def test_column_names_may_be_in_any_case(tmp_path: Path) -> None:
    text = _table([["Email", "NAME", "Language"], ROWS[1][:3]])
    assert read_recipients(_file(tmp_path, text.encode())) == [
        Recipient(email="omar@agri.example.sa", name="عمر الحربي", language="ar")
    ]
    text = _table([["email", "Email"], ["a@agri.example.my", "b@agri.example.my"]])
    assert _problems(_file(tmp_path, text.encode())) == [("row 1.email", "is the name of columns 1 and 2")]
