"""The roster of an event: its participants and their state through the event's life.

A :class:`Roster` keeps, for one event, each :class:`Participant`: who they are (name, email,
honorific, language, clock, country, organization, role), where they stand with registration
(:class:`RegistrationStatus`, with a waiting list in order of asking when the event is full),
their answer in their calendar (:class:`Rsvp`), the personal join link a platform gave them, and
every :class:`Delivery` of a message to them. It lives in a :class:`RosterStore`: SQLite by
default (:class:`SqliteStore`, one file beside the event file, see :func:`roster_path`), or a
host system's own database. :func:`register_on_platform` registers the registered participants
on the event's conferencing platform in bulk, keeps each one's own join link, and cancels those
who are no longer registered (:class:`RegistrationReport`).
"""

from __future__ import annotations

from ._participants import Delivery, Participant, ParticipantRole, RegistrationStatus, Rsvp
from ._platform import RegistrationReport, register_on_platform
from ._roster import Merged, Roster, Summary, roster_path
from ._store import RosterStore, SqliteStore

__all__ = [
    "Delivery",
    "Merged",
    "Participant",
    "ParticipantRole",
    "RegistrationReport",
    "RegistrationStatus",
    "Roster",
    "RosterStore",
    "Rsvp",
    "SqliteStore",
    "Summary",
    "register_on_platform",
    "roster_path",
]
