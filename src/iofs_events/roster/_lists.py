"""The people of an event as the tables staff keep in spreadsheets: read from CSV or Excel, and written back to them.

A list has one row a person, found by ``email``. What it says of each person's contact
(name, honorific, language, clock, country, organization, role) is theirs; their ``status``
is a request that :meth:`Roster.merge` carries out. An export adds what the roster learnt
(answers, promotions, the last message sent), which reads back, so that a roster can be kept in a
spreadsheet and imported again.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import datetime
from functools import cache, partial
from pathlib import Path
from typing import Any

from .. import _checks as check
from .._tables import Cell, flag, member, read_rows, write_rows
from .._wording import locale
from ..exceptions import ValidationError
from ..mail import Honorific
from ._participants import Delivery, Participant, ParticipantRole, RegistrationStatus, Rsvp

__all__ = ["read_people", "write_people"]

_CONTACT = ("email", "name", "honorific", "language", "time_zone", "country", "organization", "role")
_STATE = ("status", "registered_at", "promoted_at", "rsvp", "rsvp_at")
_SENT = ("last_sent", "last_sent_revision", "last_sent_at")  # for people to read: deliveries are the roster's own
_LINKS = ("join_url", "platform_id")
_COLUMNS = (*_CONTACT, "registered", *_STATE, *_SENT, *_LINKS)
_MOMENTS = ("registered_at", "promoted_at", "rsvp_at")
_EXAMPLE = "such as 2021-12-01T09:30:00+00:00"


def read_people(path: str | Path) -> list[Participant]:
    """The people listed in a table: a CSV file, or an Excel workbook (``.xlsx``), with a header row.

    Columns, in any order and any case: ``email`` (required, one row a person), ``name``,
    ``honorific``, ``language`` (BCP 47), ``time_zone`` (IANA), ``country`` (ISO 3166-1 alpha-2,
    or its name in English), ``organization``, ``role`` (:class:`ParticipantRole`), ``status``
    (:class:`RegistrationStatus`, default ``invited``) or ``registered`` (``yes`` is the status
    ``registered``), and the columns that :func:`write_people` adds, which read back. CSV files
    are read as :func:`~iofs_events.mail.read_recipients` reads them. Every bad row is reported
    at once, in a :class:`~iofs_events.DocumentError`, as ``row N.column: reason``.
    """
    return read_rows(Path(path), columns=_COLUMNS, key="email", convert=partial(_person, {}))


def _person(rows: dict[str, int], number: int, values: dict[str, str]) -> Participant:
    """The person of a row; a :class:`~iofs_events.ValidationError` names the column that is wrong."""
    key = values["email"].lower()
    if rows.setdefault(key, number) != number:
        raise ValidationError("email", f"is on row {rows[key]} too; a person has one row")
    for column in _SENT:
        values.pop(column, None)
    facts: dict[str, Any] = {column: _moment(column, values.pop(column)) for column in _MOMENTS if column in values}
    status = member(RegistrationStatus, "status", values.pop("status")) if "status" in values else None
    if flag("registered", values.pop("registered", "")):
        if status not in (None, RegistrationStatus.REGISTERED):
            raise ValidationError("registered", f"is yes, but the status is {status}")
        status = RegistrationStatus.REGISTERED
    facts["status"] = status or RegistrationStatus.INVITED
    for column, kind in (("role", ParticipantRole), ("rsvp", Rsvp)):
        if column in values:
            facts[column] = member(kind, column, values.pop(column))
    if "honorific" in values:
        facts["honorific"] = member(Honorific, "honorific", values.pop("honorific").rstrip("."), blank=True)
    if "country" in values:
        facts["country"] = _country(values.pop("country"))
    facts.update(values)  # the text of the other columns, which the participant checks
    return Participant(**facts)


def _moment(column: str, text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError(column, f"{check.shown(text)} is not a date and time in ISO 8601, {_EXAMPLE}") from None
    if moment.tzinfo is None:
        raise ValidationError(column, f"{check.shown(text)} has no offset from UTC, {_EXAMPLE}")
    return moment


def _country(text: str) -> str:
    """An ISO 3166-1 alpha-2 code as written (the participant checks it), or the code of a country named in English."""
    if len(text) == 2 and text.isascii():
        return text
    code = _country_codes().get(_folded(text))
    if code is None:
        reason = "is neither an ISO 3166-1 alpha-2 code, such as 'KZ', nor the name of a country in English"
        raise ValidationError("country", f"{check.shown(text)} {reason}")
    return code


@cache
def _country_codes() -> dict[str, str]:
    """The code of each country by its names in English: CLDR's (``Türkiye``) and ISO's (``Turkey``, official ones)."""
    import pycountry

    codes = {_folded(str(name)): code for code, name in locale("en").territories.items() if code in check.countries()}
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "official_name", None), getattr(country, "common_name", None)):
            if name:
                codes.setdefault(_folded(name), country.alpha_2)
    return codes


def _folded(name: str) -> str:
    """A name as compared: without case, accents or typographic apostrophes (``Côte d'Ivoire`` is ``cote d'ivoire``)."""
    plain = "".join(part for part in unicodedata.normalize("NFKD", name) if not unicodedata.combining(part))
    return " ".join(plain.replace("\u2019", "'").casefold().split())


def write_people(
    people: Iterable[Participant], path: str | Path, *, deliveries: Iterable[Delivery] = (), links: bool = False
) -> None:
    """Write the people to a table, one row each: an Excel workbook if ``path`` ends in ``.xlsx``, CSV otherwise.

    The columns: the contact (``email`` to ``role``), the state (``status``, ``registered_at``,
    ``promoted_at``, ``rsvp``, ``rsvp_at``), and the last message each was sent of
    ``deliveries`` (``last_sent``, its kind, ``last_sent_revision``, ``last_sent_at``). Each
    person's own join link and platform registration are private to them, and written only with
    ``links=True`` (``join_url``, ``platform_id``). Moments are ISO 8601 with their offset from
    UTC; CSV is UTF-8 with a byte order mark, so that Excel shows every script. The file is
    written atomically; :func:`read_people` reads it back.
    """
    last: dict[str, Delivery] = {}
    for delivery in deliveries:
        if delivery.status == "sent" and (delivery.key not in last or delivery.at >= last[delivery.key].at):
            last[delivery.key] = delivery
    columns = (*_CONTACT, *_STATE, *_SENT, *(_LINKS if links else ()))
    rows = (_row(person, last.get(person.key), links) for person in people)
    write_rows(Path(path), columns, rows, sheet="Participants")


def _row(person: Participant, sent: Delivery | None, links: bool) -> list[Cell]:
    values: list[object] = [getattr(person, column) for column in (*_CONTACT, *_STATE)]
    values += [sent.kind, sent.revision, sent.at] if sent is not None else [None, None, None]
    if links:
        values += [person.join_url, person.platform_id]
    return [_cell(value) for value in values]


def _cell(value: object) -> Cell:
    if value is None or isinstance(value, int):
        return value
    return value.isoformat() if isinstance(value, datetime) else str(value)
