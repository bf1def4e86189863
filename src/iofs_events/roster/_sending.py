"""Sending to the right people: who gets which message about which revision, and sending it exactly once.

The roster says who is due a message: an invitation to those invited and not yet invited; an
update to everyone who received an earlier revision and still comes; a reminder to the
registered who have not declined; a confirmation to those a freed place went to; a cancellation
to everyone who received anything. Each message is recorded as ``sending`` before it is handed to
the server and ``sent`` once taken, each step its own transaction, and its Message-ID is fixed by
what it is (event, revision, kind, person): a run stopped at any point and started again sends
nobody twice and skips nobody. The one moment no protocol can close, between the server taking
a message and the record of it, resends the same Message-ID, which mail clients show once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from email.headerregistry import Address
from typing import TYPE_CHECKING, NamedTuple

from ..exceptions import DeliveryError, RosterError
from ..mail import Kind, Outcome
from ._participants import Delivery, Participant, RegistrationStatus, Rsvp

if TYPE_CHECKING:
    from .._event import Event
    from ..mail import Composer, Mailer, Message
    from ._roster import Roster

__all__ = ["Due", "SendReport", "compose_due", "due", "message_id", "send_due"]

_ANSWERED = {  # what a person's answer says, in the reason for a reminder
    Rsvp.NEEDS_ACTION: "not answered yet",
    Rsvp.ACCEPTED: "accepted",
    Rsvp.TENTATIVE: "answered tentatively",
}
_COMING = frozenset({RegistrationStatus.INVITED, RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED})


class Due(NamedTuple):
    """A message a person is due, and why, in words."""

    participant: Participant
    kind: Kind
    reason: str


class SendReport(NamedTuple):
    """What a run did: the emails sent, those skipped as sent before, and a ``(email, reason)`` per refusal."""

    sent: tuple[str, ...]
    skipped: tuple[str, ...]
    failed: tuple[tuple[str, str], ...]


def due(roster: Roster, event: Event, kind: Kind) -> list[Due]:
    """Who is due a message of ``kind`` about this revision of ``event``, in the roster's order, each with why.

    Nobody is listed for a message they already received about this revision.
    """
    deliveries = roster.deliveries()
    received = {
        (delivery.key, delivery.kind, delivery.revision) for delivery in deliveries if delivery.status == "sent"
    }
    anything = {delivery.key for delivery in deliveries if delivery.status == "sent"}
    earlier = {
        delivery.key for delivery in deliveries if delivery.status == "sent" and delivery.revision < event.revision
    }
    invited = {
        delivery.key for delivery in deliveries if delivery.status == "sent" and delivery.kind is Kind.INVITATION
    }
    listed = []
    for person in roster.people():
        if (person.key, kind, event.revision) in received:
            continue
        reason = _why(person, kind, invited=person.key in invited, earlier=person.key in earlier)
        if kind is Kind.CANCELLATION:
            reason = "received a message about this event" if person.key in anything else None
        if reason is not None:
            listed.append(Due(person, kind, reason))
    return listed


def _why(person: Participant, kind: Kind, *, invited: bool, earlier: bool) -> str | None:
    """Why ``person`` is due a message of ``kind``, or ``None`` when they are not."""
    coming = person.status in _COMING and person.rsvp is not Rsvp.DECLINED
    if kind is Kind.INVITATION:
        return f"{person.status}, not invited yet" if coming and not invited else None
    if kind is Kind.UPDATE:
        return "received an earlier revision and still comes" if coming and earlier else None
    if kind is Kind.REMINDER:
        registered = person.status is RegistrationStatus.REGISTERED and person.rsvp is not Rsvp.DECLINED
        return f"registered, {_ANSWERED[person.rsvp]}" if registered else None
    if kind is Kind.CONFIRMATION:
        promoted = person.status is RegistrationStatus.REGISTERED and person.promoted_at is not None
        return "a place became free for them on the waiting list" if promoted else None
    return f"{person.status}, to be told of the event" if coming else None  # an announcement


def message_id(event: Event, kind: Kind, participant: Participant, domain: str) -> str:
    """The Message-ID of a message of ``kind`` about this revision of ``event`` to ``participant``: always the same."""
    digest = hashlib.sha256(f"{event.id}\0{event.revision}\0{kind}\0{participant.key}".encode()).hexdigest()[:24]
    return f"<{event.id}.{event.revision}.{kind}.{digest}@{domain}>"


def compose_due(
    roster: Roster, composer: Composer, people: Iterable[Due] | None = None
) -> Iterator[tuple[Due, Message]]:
    """Each person due a message (default: :func:`due` of the composer's kind), with that message.

    The messages are those :func:`send_due` sends, Message-ID included: a dry run shows exactly
    what sending would. Nothing is recorded.
    """
    listed = list(people) if people is not None else due(roster, composer.event, composer.kind)
    composers = _Composers(roster, composer)
    for item in listed:
        yield item, composers.compose(item.participant)


def send_due(
    roster: Roster,
    composer: Composer,
    mailer: Mailer,
    *,
    people: Iterable[Due] | None = None,
    progress: Callable[[Due, Outcome], None] | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> SendReport:
    """Send each person the message they are due (default: :func:`due` of the composer's kind), once.

    The roster keeps each revision sent about, so an update tells each person what changed since
    the revision *they* received (the composer's ``previous`` serves those whose revision it does
    not hold). A permanent refusal of one message is recorded as ``failed`` and the run goes on;
    any other :class:`~iofs_events.DeliveryError` is recorded and raised, and a re-run resumes.
    """
    event, kind = composer.event, composer.kind
    listed = list(people) if people is not None else due(roster, event, kind)
    roster.keep(event)
    composers = _Composers(roster, composer)
    sent: list[str] = []
    skipped: list[str] = []
    failed: list[str] = []
    for item in listed:
        person = item.participant
        if roster.delivered(person.email, kind, event.revision):
            skipped.append(person.email)
            outcome = Outcome.SKIPPED
        else:
            message = composers.compose(person)
            outcome = _send_one(roster, mailer, message, item, event.revision, clock)
            (sent if outcome is Outcome.SENT else failed).append(person.email)
        if progress is not None:
            progress(item, outcome)
    reasons = {delivery.key: delivery.reason or "" for delivery in roster.deliveries() if delivery.status == "failed"}
    return SendReport(tuple(sent), tuple(skipped), tuple((email, reasons[email.lower()]) for email in failed))


class _Composers:
    """The composer for each person: for an update, one per revision that people last received."""

    def __init__(self, roster: Roster, composer: Composer) -> None:
        self.roster, self.composer = roster, composer
        self.received: dict[str, int] = {}
        if composer.kind is Kind.UPDATE:
            for delivery in roster.deliveries():
                if delivery.status == "sent" and delivery.revision < composer.event.revision:
                    self.received[delivery.key] = max(delivery.revision, self.received.get(delivery.key, -1))
        self.by_revision: dict[int, Composer] = {}
        if composer.previous is not None:
            self.by_revision[composer.previous.revision] = composer

    def compose(self, person: Participant) -> Message:
        """The message ``person`` is due, with the Message-ID that :func:`message_id` fixes."""
        composer = self.composer
        domain = composer.sender.rpartition("@")[2]
        message_id_ = message_id(composer.event, composer.kind, person, domain)
        return self.of(person).compose(person.recipient(), message_id=message_id_)

    def of(self, person: Participant) -> Composer:
        """The composer of ``person``'s message."""
        revision = self.received.get(person.key)
        if revision is None:
            return self.composer
        if revision not in self.by_revision:
            previous = self.roster.revision(revision)
            if previous is None:
                raise RosterError(
                    f"{person.email} received revision {revision}, which the roster does not hold: "
                    "give that revision as the previous one"
                )
            self.by_revision[revision] = _comparing(self.composer, previous)
        return self.by_revision[revision]


def _comparing(composer: Composer, previous: Event) -> Composer:
    """The same composer, for readers who have ``previous``."""
    return type(composer)(
        composer.event,
        sender=str(Address(composer.sender_name or "", addr_spec=composer.sender)),
        kind=composer.kind,
        previous=previous,
        stamp=composer.stamp,
        templates=composer.templates,
        catalogues=composer.catalogues,
        attach=composer.attach,
    )


def _send_one(
    roster: Roster, mailer: Mailer, message: Message, item: Due, revision: int, clock: Callable[[], datetime]
) -> Outcome:
    """Record the message as being sent, hand it to the server, and record how that went."""
    person, kind = item.participant, item.kind

    def record(status: str, reason: str | None = None) -> None:
        delivery = Delivery(
            email=person.email,
            kind=kind,
            revision=revision,
            message_id=message.message_id,
            status=status,
            at=clock(),
            reason=reason,
        )
        roster.record(delivery)

    record("sending")
    try:
        mailer.send(message)
    except DeliveryError as error:
        record("failed", str(error))
        if not error.permanent:
            raise
        return Outcome.FAILED
    record("sent")
    return Outcome.SENT
