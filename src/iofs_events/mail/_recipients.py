"""Who receives an email, and the table (CSV or Excel) that lists them for bulk sending."""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import field, frozen

from .. import _checks as check
from .._tables import flag, member, read_rows
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
