"""Who receives an email, and the CSV file that lists them for bulk sending."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

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
_YES, _NO = {"yes", "true", "1", "y"}, {"no", "false", "0", "n", ""}


def read_recipients(path: Path) -> list[Recipient]:
    """The recipients listed in a CSV file with a header row.

    Columns: ``email`` (required), ``name``, ``honorific`` (excellency, dr, prof, mr, ms),
    ``language``, ``time_zone``, ``role`` and ``registered`` (yes/no). Every bad row is reported at
    once, as ``row N.column: reason``.
    """
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        rows, header = list(reader), [name.strip() for name in reader.fieldnames or ()]
    unknown = [name for name in header if name not in _COLUMNS]
    if unknown or "email" not in header:
        reason = f"unknown columns {unknown}" if unknown else "no email column"
        raise DocumentError([Problem("header", f"{reason}; the columns are {', '.join(_COLUMNS)}")], str(path))
    recipients, problems = [], []
    for number, row in enumerate(rows, start=2):
        values = {key.strip(): value.strip() for key, value in row.items() if key and value and value.strip()}
        try:
            role, registered = _role(values.pop("role", "participant")), _flag(values.pop("registered", ""))
            honorific = _honorific(values.pop("honorific", ""))
            recipients.append(Recipient(**values, honorific=honorific, role=role, registered=registered))
        except ValidationError as error:
            problems.append(Problem(f"row {number}.{error.field}", error.reason))
    if problems:
        raise DocumentError(problems, str(path))
    return recipients
