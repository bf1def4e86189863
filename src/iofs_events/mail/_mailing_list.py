"""The table (CSV or Excel) that lists the recipients of a bulk sending: read apart, with the tables' reader."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._tables import flag, member, read_rows
from ._recipients import Recipient
from ._words import Honorific, RecipientRole

if TYPE_CHECKING:
    from pathlib import Path

_COLUMNS = ("name", "email", "honorific", "language", "time_zone", "role", "registered")


def read_recipients(path: Path) -> list[Recipient]:
    """The recipients listed in a CSV file with a header row, as spreadsheets save them, or in an Excel workbook.

    Columns: ``email`` (required), ``name``, ``honorific`` (excellency, dr, prof, mr, ms),
    ``language``, ``time_zone``, ``role`` and ``registered`` (yes/no), separated by commas,
    semicolons or tabs. The file is UTF-8, with or without a byte order mark, or UTF-16 with one;
    another encoding is refused, naming the one it seems to be in. A file named ``.xlsx`` is read
    from the first sheet of the workbook. Blank rows are skipped. Every bad row is reported at
    once, as ``row N.column: reason``, the header being row 1.
    """
    return read_rows(path, columns=_COLUMNS, key="email", convert=_recipient)


def _recipient(_: int, values: dict[str, str]) -> Recipient:
    """The recipient of a row; a :class:`~iofs_events.ValidationError` names the column."""
    role = member(RecipientRole, "role", values.pop("role", "participant"))
    registered = flag("registered", values.pop("registered", ""))
    honorific = (
        member(Honorific, "honorific", values.pop("honorific").rstrip("."), blank=True)
        if "honorific" in values
        else None
    )
    return Recipient(**values, honorific=honorific, role=role, registered=registered)
