"""Participants' answers read back from the replies their calendars send (iMIP, RFC 6047; iTIP REPLY, RFC 5546).

:func:`read_reply` reads one email: the :class:`Reply` it carries, or ``None`` for mail that is
no reply (no calendar, or a calendar of another method: a COUNTER, a REFRESH). :func:`apply_replies`
takes replies into a :class:`Roster`, one transaction per message, refusing those that answer for
another event, for someone else than their sender, or for someone not on the roster, and says in a
:class:`ReplyReport` what became of each message. Every message read is remembered by its
Message-ID, so reading the same mail again changes nothing.
"""

from __future__ import annotations

import email
import email.parser
import email.utils
import hashlib
import logging
import re
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from attrs import frozen

from ..exceptions import RosterError
from ..ical import uid
from ._participants import Rsvp

if TYPE_CHECKING:
    from email.message import Message

    from icalendar import Calendar

    from .._event import Event
    from ._roster import Roster

__all__ = ["Reply", "ReplyOutcome", "ReplyReport", "ReplyResult", "apply_replies", "read_reply"]

logger = logging.getLogger("iofs_events.roster")

#: The answers of a reply; a delegation is a decline of the delegator, who will not come.
_ANSWERS = {
    "ACCEPTED": Rsvp.ACCEPTED,
    "TENTATIVE": Rsvp.TENTATIVE,
    "DECLINED": Rsvp.DECLINED,
    "DELEGATED": Rsvp.DECLINED,
}
_CALENDAR_TYPES = ("text/calendar", "application/ics")
_METHOD_REPLY = re.compile(r"^METHOD:REPLY\s*$", re.IGNORECASE | re.MULTILINE)
_HEADERS = email.parser.BytesParser()  # the parser of email.message_from_bytes, for the headers alone
_BLANK_LINE = re.compile(rb"\n\r?\n")  # after the headers, whichever line ends the message uses


@frozen(kw_only=True)
class Reply:
    """One person's answer, as their calendar wrote it in an iMIP REPLY.

    A delegation (``PARTSTAT=DELEGATED``) reads as ``declined``, the delegator not coming, with
    the delegates in ``delegated_to``.
    """

    message_id: str
    """The Message-ID of the email, or ``sha256:`` and a digest of its bytes when it has none."""
    sender: str | None
    """The From address, in lower case; ``None`` when the email has none."""
    uid: str
    """The UID of the calendar entry answered."""
    sequence: int
    """The ``SEQUENCE`` answered: the revision of the invitation (0 when absent)."""
    dtstamp: datetime
    """When the answer was written (``DTSTAMP``), in UTC."""
    attendee: str
    """The address of the person who answers, in lower case."""
    partstat: Rsvp
    """The answer: accepted, tentative or declined."""
    comment: str | None = None
    """The person's note (``COMMENT``, or Google's ``X-RESPONSE-COMMENT``)."""
    delegated_to: tuple[str, ...] = ()
    """Those to whom the person delegated their place, in lower case."""
    delegated_from: tuple[str, ...] = ()
    """Those who delegated their place to the person, in lower case."""
    sent_by: str | None = None
    """Who answered for the person (``SENT-BY``), in lower case."""


class ReplyOutcome(StrEnum):
    """What became of one message read by :func:`apply_replies`."""

    APPLIED = "applied"
    """The answer was taken."""
    DELEGATED = "delegated"
    """The delegator was recorded as declined; their delegates were not added."""
    STALE = "stale"
    """The roster holds a newer answer of the person (by ``SEQUENCE``, then ``DTSTAMP``)."""
    ALREADY_READ = "already-read"
    """The message was read before: nothing changed."""
    NOT_A_REPLY = "not-a-reply"
    """No iMIP REPLY: left alone, and not remembered."""
    OTHER_EVENT = "other-event"
    """Refused: the reply answers another calendar entry (UID)."""
    SPOOFED = "spoofed"
    """Refused: the reply answers for someone else than its sender."""
    UNKNOWN_ATTENDEE = "unknown-attendee"
    """Refused: the person is not on the roster."""
    UNREADABLE = "unreadable"
    """Refused: the message says it is a reply, but no answer can be read from it."""

    @property
    def refused(self) -> bool:
        """Whether the reply was refused, and deserves a person's look."""
        return self in _REFUSED


_REFUSED = frozenset(
    {ReplyOutcome.OTHER_EVENT, ReplyOutcome.SPOOFED, ReplyOutcome.UNKNOWN_ATTENDEE, ReplyOutcome.UNREADABLE}
)


@frozen(kw_only=True)
class ReplyResult:
    """What became of one message."""

    message_id: str
    """The Message-ID of the email, or ``sha256:`` and a digest of its bytes when it has none."""
    sender: str | None
    """The From address, in lower case; ``None`` when the email has none."""
    outcome: ReplyOutcome
    """What became of it."""
    reason: str | None = None
    """Why a reply was refused or not taken, or what remains to do after a delegation."""
    reply: Reply | None = None
    """The reply read; ``None`` when the message is no reply, was read before, or is unreadable."""


@frozen
class ReplyReport:
    """What reading replies did: one :class:`ReplyResult` per message, in the order they were read."""

    results: tuple[ReplyResult, ...] = ()

    def counts(self) -> dict[ReplyOutcome, int]:
        """How many messages had each outcome, every outcome listed."""
        found = Counter(result.outcome for result in self.results)
        return {outcome: found[outcome] for outcome in ReplyOutcome}

    @property
    def refused(self) -> tuple[ReplyResult, ...]:
        """The replies refused, each with its reason."""
        return tuple(result for result in self.results if result.outcome.refused)

    @property
    def delegated(self) -> tuple[ReplyResult, ...]:
        """The delegations taken, whose delegates someone may have to add to the roster."""
        return tuple(result for result in self.results if result.outcome is ReplyOutcome.DELEGATED)

    def __add__(self, other: ReplyReport) -> ReplyReport:
        return ReplyReport(self.results + other.results)


def read_reply(data: bytes) -> Reply | None:
    """The answer that the email ``data`` carries, or ``None`` when it is no iMIP REPLY.

    A reply is a calendar (a ``text/calendar`` or ``application/ics`` part, or an attachment
    named ``.ics``) whose METHOD is REPLY; a COUNTER, a REFRESH or mail without a calendar are
    none. Raises :class:`~iofs_events.RosterError`, naming the message, when a message says it
    is a reply (METHOD:REPLY) but no answer can be read from it: its calendar does not parse,
    or lacks the UID, DTSTAMP, ATTENDEE or a PARTSTAT that answers.
    """
    message = email.message_from_bytes(data)
    message_id = _message_id(message, data)
    try:
        return _reply_in(message, message_id, _sender(message))
    except RosterError as error:
        raise RosterError(f"{message_id}: {error}") from None


def apply_replies(roster: Roster, event: Event, messages: Iterable[bytes]) -> ReplyReport:
    """Take the answers of ``messages`` (whole emails) into ``roster``; what became of each, in order.

    Each message is one transaction: its answer is taken, and the message remembered with its
    outcome, together or not at all. A message read before is skipped; one that is no reply is
    left alone and not remembered. Refused, and reported: a reply to another calendar entry than
    ``event``'s; a spoofed one, whose ATTENDEE is not its From address (a ``SENT-BY`` equal to
    the From address is taken when it is of the attendee's own mail domain, as an assistant's
    is); one for someone not on the roster; one that cannot be read. An answer older than the one
    the roster holds is not taken (``stale``). A delegation records the delegator as declined;
    the delegates are not added to the roster, and the result says so.
    """
    expected = uid(event)
    return ReplyReport(tuple(_apply(roster, expected, data) for data in messages))


def _apply(roster: Roster, expected: str, data: bytes) -> ReplyResult:
    headers = _headers(data)  # enough to tell a message read before: its parts are parsed only when it was not
    message_id, sender = _message_id(headers, data), _sender(headers)
    store = roster.store
    with store.transaction():
        if store.reply_seen(message_id) is not None:
            return ReplyResult(message_id=message_id, sender=sender, outcome=ReplyOutcome.ALREADY_READ)
        try:
            reply = _reply_in(email.message_from_bytes(data), message_id, sender)
        except RosterError as error:
            result = ReplyResult(
                message_id=message_id, sender=sender, outcome=ReplyOutcome.UNREADABLE, reason=str(error)
            )
        else:
            if reply is None:
                return ReplyResult(message_id=message_id, sender=sender, outcome=ReplyOutcome.NOT_A_REPLY)
            result = _take(roster, expected, reply)
        store.remember_reply(message_id, result.outcome, roster._clock())  # the roster's clock: tests set it
    log = logger.warning if result.outcome.refused else logger.info
    log("reply %s from %s: %s%s", message_id, sender, result.outcome, f": {result.reason}" if result.reason else "")
    return result


def _take(roster: Roster, expected: str, reply: Reply) -> ReplyResult:
    """Judge one reply and take it if it may be taken (inside the message's transaction)."""

    def result(outcome: ReplyOutcome, reason: str | None = None) -> ReplyResult:
        return ReplyResult(
            message_id=reply.message_id, sender=reply.sender, outcome=outcome, reason=reason, reply=reply
        )

    if reply.uid != expected:
        return result(ReplyOutcome.OTHER_EVENT, f"answers the calendar entry {reply.uid}, not this event's {expected}")
    spoofing = _spoofing(reply)
    if spoofing is not None:
        return result(ReplyOutcome.SPOOFED, spoofing)
    person = roster.store.participant(reply.attendee)
    if person is None:
        delegate = f", to whom {_names(reply.delegated_from)} delegated," if reply.delegated_from else ""
        return result(ReplyOutcome.UNKNOWN_ATTENDEE, f"{reply.attendee}{delegate} is not on the roster")
    taken = roster.answer(
        reply.attendee, reply.partstat, at=reply.dtstamp, sequence=reply.sequence, message_id=reply.message_id
    )
    if not taken:
        held = f"SEQUENCE {person.rsvp_sequence or 0}, DTSTAMP {person.rsvp_at:%Y-%m-%d %H:%M:%S %Z}"
        return result(
            ReplyOutcome.STALE,
            f"SEQUENCE {reply.sequence}, DTSTAMP {reply.dtstamp:%Y-%m-%d %H:%M:%S %Z}: "
            f"not newer than the answer the roster holds ({held})",
        )
    if not reply.delegated_to:
        return result(ReplyOutcome.APPLIED)
    missing = [address for address in reply.delegated_to if roster.store.participant(address) is None]
    known = [address for address in reply.delegated_to if address not in missing]
    said = [f"{_names(missing)} not added to the roster: add them if they are to come"] if missing else []
    said += [f"{_names(known)} on the roster already"] if known else []
    return result(
        ReplyOutcome.DELEGATED, f"{reply.attendee} delegated to {_names(reply.delegated_to)}; " + "; ".join(said)
    )


def _spoofing(reply: Reply) -> str | None:
    """Why the reply may not be its attendee's own, or ``None``.

    No one answers for someone else: the From address must be the ATTENDEE's. ``SENT-BY`` says
    that someone answered for the attendee, as an assistant does with delegate access in
    Outlook; anyone can write it, so it is taken only from the attendee's own mail domain.
    """
    if reply.sender is None:
        return f"has no From address, and answers for {reply.attendee}"
    if reply.sender == reply.attendee:
        return None
    if reply.sent_by == reply.sender:
        if _domain(reply.sender) == _domain(reply.attendee):
            return None
        return (
            f"sent by {reply.sender} for {reply.attendee} (SENT-BY), from another mail domain: "
            "only someone of the attendee's own domain may answer for them"
        )
    return f"sent from {reply.sender}, but answers for {reply.attendee}: no one can answer for someone else"


def _domain(address: str) -> str:
    return address.rpartition("@")[2]


def _names(addresses: Iterable[str]) -> str:
    return ", ".join(addresses)


# --- reading ----------------------------------------------------------------------------------


def _headers(data: bytes) -> Message:
    """The headers of the email ``data``, as ``email.message_from_bytes`` reads them, without reading the body.

    The parser stops at the first blank line; given only what comes before, it reads no more
    lines of the body than it needs.
    """
    blank = _BLANK_LINE.search(data)
    return _HEADERS.parsebytes(data[: blank.end()] if blank else data, headersonly=True)


def _message_id(message: Message, data: bytes) -> str:
    """The Message-ID, or a digest of the bytes (line ends made alike, as files and servers differ)."""
    given = _printable(str(message.get("Message-ID", ""))).strip()
    return given or "sha256:" + hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest()


def _sender(message: Message) -> str | None:
    return _address(email.utils.parseaddr(str(message.get("From", "")))[1]) or None


def _reply_in(message: Message, message_id: str, sender: str | None) -> Reply | None:
    """The reply of the first calendar part whose METHOD is REPLY; ``RosterError`` (the reason) if it is unreadable."""
    import icalendar  # on first use: importing the roster does not load it

    problem = None
    for part in message.walk():
        if not _is_calendar(part):
            continue
        text = _text(part)
        try:
            calendar = icalendar.Calendar.from_ical(text)
        except ValueError as error:
            if problem is None and _says_reply(part, text):
                # icalendar's message quotes the calendar after a colon: its first words say enough
                problem = f"its calendar cannot be read ({_printable(str(error).partition(':')[0])})"
            continue
        if str(calendar.get("METHOD", "")).upper() == "REPLY":
            return _reply_from(calendar, message_id, sender)
    if problem is not None:
        raise RosterError(problem)
    return None


def _is_calendar(part: Message) -> bool:
    if part.is_multipart():
        return False
    return part.get_content_type() in _CALENDAR_TYPES or (part.get_filename() or "").lower().endswith(".ics")


def _text(part: Message) -> str:
    """The part's text, in its charset (UTF-8 when it names none, or one Python does not know)."""
    data = part.get_payload(decode=True)
    assert isinstance(data, bytes)  # a part that is not multipart
    try:
        text = data.decode(part.get_content_charset() or "utf-8", errors="replace")
    except LookupError:
        text = data.decode("utf-8", errors="replace")
    return text.removeprefix("\ufeff")


def _says_reply(part: Message, text: str) -> bool:
    """Whether a calendar that cannot be parsed says it is a REPLY, in its MIME type or in its text."""
    return str(part.get_param("method") or "").upper() == "REPLY" or _METHOD_REPLY.search(text) is not None


def _reply_from(calendar: Calendar, message_id: str, sender: str | None) -> Reply:
    """The answer of a REPLY calendar: its VEVENT (the one without RECURRENCE-ID first), and the sender's ATTENDEE."""
    events = calendar.walk("VEVENT")
    if not events:
        raise RosterError("its REPLY holds no VEVENT")
    entry = min(events, key=lambda event: "RECURRENCE-ID" in event)  # our events do not recur: any answer is to all
    found = _printable(str(entry.get("UID", ""))).strip()
    if not found:
        raise RosterError("its REPLY has no UID")
    stamp = getattr(entry.get("DTSTAMP"), "dt", None)
    if not isinstance(stamp, datetime):
        raise RosterError("its REPLY has no DTSTAMP date and time")
    attendee = _replier(entry.get("ATTENDEE"), sender)
    address = _address(attendee)
    partstat = str(attendee.params.get("PARTSTAT", "NEEDS-ACTION")).upper()
    if partstat not in _ANSWERS:
        raise RosterError(f"PARTSTAT={partstat} of {address} is no answer: accepted, tentative, declined or delegated")
    notes = [*_values(entry.get("COMMENT")), *_values(attendee.params.get("X-RESPONSE-COMMENT"))]
    comment = "\n".join(note for note in (str(note).strip() for note in notes) if note)
    return Reply(
        message_id=message_id,
        sender=sender,
        uid=found,
        sequence=_sequence(entry.get("SEQUENCE", 0)),
        dtstamp=stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC),  # DTSTAMP is UTC
        attendee=address,
        partstat=_ANSWERS[partstat],
        comment=comment or None,
        delegated_to=_addresses(attendee.params.get("DELEGATED-TO")) if partstat == "DELEGATED" else (),
        delegated_from=_addresses(attendee.params.get("DELEGATED-FROM")),
        sent_by=_address(attendee.params["SENT-BY"]) if "SENT-BY" in attendee.params else None,
    )


def _replier(attendees: Any, sender: str | None) -> Any:
    """The ATTENDEE who answers: the only one, or of several (a delegation) the sender's, else the first."""
    listed = _values(attendees)
    if not listed:
        raise RosterError("its REPLY names no ATTENDEE")
    for attendee in listed:
        if sender is not None and sender in (_address(attendee), _address(attendee.params.get("SENT-BY", ""))):
            return attendee
    return listed[0]


def _sequence(value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise RosterError(f"its SEQUENCE is not a number: {_printable(str(value))!r}") from None
    if number < 0:
        raise RosterError(f"its SEQUENCE is negative: {number}")
    return number


def _values(value: Any) -> list[Any]:
    """A property or parameter that may appear once or many times, as a list."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _addresses(value: Any) -> tuple[str, ...]:
    return tuple(_address(item) for item in _values(value))


def _address(uri: Any) -> str:
    """An email address from a ``mailto:`` URI (in any case) or a bare address, in lower case."""
    text = _printable(str(uri)).strip()
    return (text[len("mailto:") :] if text.lower().startswith("mailto:") else text).lower()


def _printable(text: str) -> str:
    """``text`` without control characters, which a message could use to garble a terminal or a log."""
    return text if text.isprintable() else "".join(character for character in text if character.isprintable())
