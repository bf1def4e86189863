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

Staff keep lists of people in spreadsheets: :func:`read_people` reads one (CSV or Excel) for
:meth:`Roster.merge`, and :func:`write_people` writes the roster back to one, with what it
learnt. :func:`journal_deliveries` reads what ``iofs-events send`` sent before the roster kept
it, which :meth:`Roster.adopt` takes in, so that nobody is sent a message twice.

Participants answer invitations from their calendars: :func:`read_reply` reads one of those
emails (an iMIP REPLY) as a :class:`Reply`, :func:`apply_replies` takes replies into the roster
and says in a :class:`ReplyReport` what became of each, and :func:`read_mailbox` does it for
the replies in an IMAP mailbox. :func:`due` says who is due which message about the event's
revision, and why; :func:`send_due` sends each of them their message exactly once, and
:func:`compose_due` writes the same messages without sending them, for a dry run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._lazy import loaded as _loaded
from ._lists import read_people, write_people
from ._participants import Delivery, Participant, ParticipantRole, RegistrationStatus, Rsvp
from ._replies import Reply, ReplyOutcome, ReplyReport, ReplyResult, apply_replies, read_reply
from ._roster import Merged, Roster, Summary, roster_path
from ._store import RosterStore, SqliteStore

if TYPE_CHECKING:
    from ._journal import journal_deliveries
    from ._mailbox import read_mailbox
    from ._platform import RegistrationReport, register_on_platform
    from ._sending import Due, SendReport, compose_due, due, message_id, send_due

__all__ = [
    "Delivery",
    "Due",
    "Merged",
    "Participant",
    "ParticipantRole",
    "RegistrationReport",
    "RegistrationStatus",
    "Reply",
    "ReplyOutcome",
    "ReplyReport",
    "ReplyResult",
    "Roster",
    "RosterStore",
    "Rsvp",
    "SendReport",
    "SqliteStore",
    "Summary",
    "apply_replies",
    "compose_due",
    "due",
    "journal_deliveries",
    "message_id",
    "read_mailbox",
    "read_people",
    "read_reply",
    "register_on_platform",
    "roster_path",
    "send_due",
    "write_people",
]

# Each name is loaded with its module when first asked for: a command that only reads or writes the
# roster loads neither the mailbox (imap_tools, ssl), the platforms (httpx) nor the sender (smtplib).
_LAZY = {
    "journal_deliveries": "_journal",
    "read_mailbox": "_mailbox",
    **dict.fromkeys(("RegistrationReport", "register_on_platform"), "_platform"),
    **dict.fromkeys(("Due", "SendReport", "compose_due", "due", "message_id", "send_due"), "_sending"),
}


def __getattr__(name: str) -> Any:
    """Load a name with its module on first use."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return _loaded(globals(), name, _LAZY)


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
