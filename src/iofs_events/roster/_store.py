"""Where a roster lives: a small interface, and SQLite as the default, one file beside the event file.

SQLite in write-ahead-log mode lets a process read replies while another sends; every change
is one transaction (``BEGIN IMMEDIATE``, so writers queue rather than fail), so a process killed
at any point leaves the roster as it was before the change or after it, never between. The
schema carries its version, and opening an older file migrates it in place.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

from ..exceptions import RosterError
from ..mail import Kind
from ._participants import Delivery, Participant, RegistrationStatus

__all__ = ["RosterStore", "SqliteStore"]

SCHEMA_VERSION = 3
_MIGRATIONS: dict[int, str] = {
    1: """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE participants (
            email_key TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            data TEXT NOT NULL
        );
        CREATE TABLE deliveries (
            email_key TEXT NOT NULL,
            kind TEXT NOT NULL,
            revision INTEGER NOT NULL,
            message_id TEXT NOT NULL,
            status TEXT NOT NULL,
            at TEXT NOT NULL,
            reason TEXT,
            PRIMARY KEY (email_key, kind, revision)
        );
        CREATE TABLE replies (message_id TEXT PRIMARY KEY, outcome TEXT NOT NULL, at TEXT NOT NULL);
        CREATE TABLE revisions (revision INTEGER PRIMARY KEY, document TEXT NOT NULL);
    """,
    # A delivery taken from a send journal has no Message-ID; each person added finds the last position at once.
    2: """
        CREATE TABLE deliveries_2 (
            email_key TEXT NOT NULL,
            kind TEXT NOT NULL,
            revision INTEGER NOT NULL,
            message_id TEXT,
            status TEXT NOT NULL,
            at TEXT NOT NULL,
            reason TEXT,
            PRIMARY KEY (email_key, kind, revision)
        );
        INSERT INTO deliveries_2 SELECT email_key, kind, revision, message_id, status, at, reason FROM deliveries;
        DROP TABLE deliveries;
        ALTER TABLE deliveries_2 RENAME TO deliveries;
        CREATE INDEX participants_by_position ON participants (position);
    """,
    # Each person's status and moment of asking beside their data, in an index: counting those of
    # a status and finding the first who wait read no more than they need.
    3: """
        ALTER TABLE participants ADD COLUMN status TEXT;
        ALTER TABLE participants ADD COLUMN asked TEXT;
        CREATE INDEX participants_by_status ON participants (status, asked IS NULL, asked, position);
    """,
}
_DELIVERIES = "SELECT email_key, kind, revision, message_id, status, at, reason FROM deliveries"


@runtime_checkable
class RosterStore(Protocol):
    """What a roster needs of where it is kept; a host system may keep it in its own database.

    Every call between entering and leaving :meth:`transaction` is one atomic change, which other
    processes see whole or not at all; reads outside a transaction see the last committed state.
    """

    def transaction(self) -> AbstractContextManager[None]:
        """A context manager: the changes made inside it are committed together, or not at all."""

    def participants(self) -> list[Participant]:
        """Everyone on the roster, in the order they were added."""

    def participant(self, key: str) -> Participant | None:
        """The person of that (lower-case) email address, if they are on the roster."""

    def count(self, status: RegistrationStatus) -> int:
        """How many people are in that registration status."""

    def waiting(self, limit: int | None = None) -> list[Participant]:
        """The first ``limit`` people of the waiting list (all without it), in the order they asked for a place.

        That is by ``registered_at``, those without one last, and in the order they were added when alike.
        """

    def save(self, participant: Participant) -> None:
        """Add the person, or replace what the roster knows of them."""

    def deliveries(self) -> list[Delivery]:
        """What was sent to whom, of every kind and revision."""

    def delivery(self, key: str, kind: Kind, revision: int) -> Delivery | None:
        """The delivery of that kind and revision to the person of that (lower-case) email, if any."""

    def record(self, delivery: Delivery) -> None:
        """Remember a delivery, replacing any of the same person, kind and revision."""

    def revision(self, number: int) -> str | None:
        """The JSON document of the event's revision ``number``, if it was kept."""

    def keep_revision(self, number: int, document: str) -> None:
        """Keep the JSON document of a revision that messages are sent about; one already kept stays."""

    def reply_seen(self, message_id: str) -> str | None:
        """What became of the reply of that Message-ID, if it was read before."""

    def remember_reply(self, message_id: str, outcome: str, at: datetime) -> None:
        """Remember that the reply of that Message-ID was read, and what became of it."""

    def close(self) -> None:
        """Release the store."""


class SqliteStore:
    """A roster in an SQLite file (WAL, transactions, a versioned schema), for one event.

    The file names the event it belongs to, so that a roster is never used for another event.
    """

    def __init__(self, path: str | Path, *, event_id: str, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._timeout = timeout
        self.event_id = event_id
        self._prepare()

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            try:
                connection = sqlite3.connect(self.path, timeout=self._timeout, isolation_level=None)
            except sqlite3.Error as error:
                raise RosterError(f"{self.path}: cannot open the roster ({error})") from None
            try:  # the first statement reads the file: one that is not SQLite ("file is not a database") fails here
                connection.execute("PRAGMA journal_mode=WAL")
            except sqlite3.DatabaseError as error:
                connection.close()
                raise RosterError(f"{self.path}: is not a roster ({error})") from None
            connection.execute("PRAGMA synchronous=NORMAL")  # WAL keeps every commit through a crash of the process
            self._local.connection = connection
        return connection

    def _prepare(self) -> None:
        """Create or migrate the schema, and check that the file is this event's."""
        with self.transaction():
            connection = self._connection()
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            version = 0
            if "meta" in tables:
                row = connection.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
                version = int(row[0]) if row else 0
            elif tables:
                raise RosterError(f"{self.path}: is an SQLite file, but not a roster")
            if version > SCHEMA_VERSION:
                raise RosterError(f"{self.path}: roster of schema {version}; this library knows {SCHEMA_VERSION}")
            for step in range(version + 1, SCHEMA_VERSION + 1):  # statement by statement, inside the transaction
                for statement in _MIGRATIONS[step].split(";"):
                    if statement.strip():
                        connection.execute(statement)
            if 0 < version < 3:  # the columns of schema 3, for the people already there
                for key, data in connection.execute("SELECT email_key, data FROM participants").fetchall():
                    columns = _columns(Participant.from_data(json.loads(data)))
                    connection.execute("UPDATE participants SET status=?, asked=? WHERE email_key=?", (*columns, key))
            connection.execute(
                "INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (str(SCHEMA_VERSION),),
            )
            owner = connection.execute("SELECT value FROM meta WHERE key='event_id'").fetchone()
            if owner is None:
                connection.execute("INSERT INTO meta VALUES ('event_id', ?)", (self.event_id,))
            elif owner[0] != self.event_id:
                raise RosterError(f"{self.path}: is the roster of event {owner[0]!r}, not of {self.event_id!r}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic change; nested uses join the outer one."""
        connection = self._connection()
        if connection.in_transaction:
            yield
            return
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise RosterError(f"{self.path}: the roster is busy or locked ({error})") from None
        try:
            yield
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def participants(self) -> list[Participant]:
        """Everyone on the roster, in the order they were added."""
        rows = self._connection().execute("SELECT data FROM participants ORDER BY position")
        return [Participant.from_data(json.loads(row[0])) for row in rows]

    def participant(self, key: str) -> Participant | None:
        """The person of that (lower-case) email address, if they are on the roster."""
        row = self._connection().execute("SELECT data FROM participants WHERE email_key=?", (key,)).fetchone()
        return Participant.from_data(json.loads(row[0])) if row else None

    def count(self, status: RegistrationStatus) -> int:
        """How many people are in that registration status."""
        query = "SELECT COUNT(*) FROM participants WHERE status=?"
        return int(self._connection().execute(query, (str(status),)).fetchone()[0])

    def waiting(self, limit: int | None = None) -> list[Participant]:
        """The first ``limit`` people of the waiting list (all without it), in the order they asked for a place.

        That is by ``registered_at``, those without one last, and in the order they were added when alike.
        """
        query = "SELECT data FROM participants WHERE status=? ORDER BY asked IS NULL, asked, position LIMIT ?"
        arguments = (str(RegistrationStatus.WAITLISTED), -1 if limit is None else limit)  # -1: no limit
        return [Participant.from_data(json.loads(row[0])) for row in self._connection().execute(query, arguments)]

    def save(self, participant: Participant) -> None:
        """Add the person, or replace what the roster knows of them."""
        data = json.dumps(participant.to_data(), ensure_ascii=False, sort_keys=True)
        self._connection().execute(
            "INSERT INTO participants (email_key, position, data, status, asked) "
            "VALUES (?, (SELECT COALESCE(MAX(position), 0) + 1 FROM participants), ?, ?, ?) "
            "ON CONFLICT(email_key) DO UPDATE SET data=excluded.data, status=excluded.status, asked=excluded.asked",
            (participant.key, data, *_columns(participant)),
        )

    def deliveries(self) -> list[Delivery]:
        """What was sent to whom, of every kind and revision."""
        return [_delivery(*row) for row in self._connection().execute(f"{_DELIVERIES} ORDER BY at")]

    def delivery(self, key: str, kind: Kind, revision: int) -> Delivery | None:
        """The delivery of that kind and revision to the person of that (lower-case) email, if any."""
        query = f"{_DELIVERIES} WHERE email_key=? AND kind=? AND revision=?"
        row = self._connection().execute(query, (key, str(kind), revision)).fetchone()
        return _delivery(*row) if row else None

    def record(self, delivery: Delivery) -> None:
        """Remember a delivery, replacing any of the same person, kind and revision."""
        self._connection().execute(
            "INSERT OR REPLACE INTO deliveries VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                delivery.key,
                str(delivery.kind),
                delivery.revision,
                delivery.message_id,
                delivery.status,
                delivery.at.isoformat(),
                delivery.reason,
            ),
        )

    def revision(self, number: int) -> str | None:
        """The JSON document of the event's revision ``number``, if it was kept."""
        row = self._connection().execute("SELECT document FROM revisions WHERE revision=?", (number,)).fetchone()
        return str(row[0]) if row else None

    def keep_revision(self, number: int, document: str) -> None:
        """Keep the JSON document of a revision that messages are sent about; one already kept stays."""
        self._connection().execute("INSERT OR IGNORE INTO revisions VALUES (?, ?)", (number, document))

    def reply_seen(self, message_id: str) -> str | None:
        """What became of the reply of that Message-ID, if it was read before."""
        row = self._connection().execute("SELECT outcome FROM replies WHERE message_id=?", (message_id,)).fetchone()
        return str(row[0]) if row else None

    def remember_reply(self, message_id: str, outcome: str, at: datetime) -> None:
        """Remember that the reply of that Message-ID was read, and what became of it."""
        self._connection().execute(
            "INSERT OR REPLACE INTO replies VALUES (?, ?, ?)", (message_id, outcome, at.isoformat())
        )

    def close(self) -> None:
        """Close this thread's connection."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None


def _columns(participant: Participant) -> tuple[str, str | None]:
    """The status and the moment of asking for a place, kept beside the data for the queries of the waiting list.

    The moment is in UTC, with microseconds, so that the texts sort as the moments do.
    """
    asked = participant.registered_at
    return str(participant.status), None if asked is None else asked.astimezone(UTC).isoformat(timespec="microseconds")


def _delivery(
    email: str, kind: str, revision: int, message_id: str | None, status: str, at: str, reason: str | None
) -> Delivery:
    """A delivery from its row."""
    return Delivery(
        email=email,
        kind=Kind(kind),
        revision=revision,
        message_id=message_id,
        status=status,
        at=datetime.fromisoformat(at),
        reason=reason,
    )
