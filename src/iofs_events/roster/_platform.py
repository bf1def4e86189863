"""The participants of an event registered on its conferencing platform, in batches that a crash cannot spoil.

Each batch is noted in the roster before it is sent (``platform_sent_at``, one transaction), and
each person's registration and own join link are kept as soon as the platform answers (one
transaction). A process killed at any point leaves at worst one batch whose outcome is unknown,
which the next run looks up on the platform before it sends anyone: nobody is registered twice,
nobody is skipped, and a run with nothing left to do makes no call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, NamedTuple

import attrs

from ..exceptions import CapabilityError, PlatformError, RosterError
from ..platforms import BulkRegistration, Refused, Registrant, requirements
from ._participants import Participant, RegistrationStatus

if TYPE_CHECKING:
    from .._event import Event
    from ..platforms import Platform, Registered
    from ._roster import Roster

__all__ = ["RegistrationReport", "register_on_platform"]

_REGISTERED = RegistrationStatus.REGISTERED


class RegistrationReport(NamedTuple):
    """What :func:`register_on_platform` did.

    ``registered``: the emails it registered on the platform (or found registered there, after
    an earlier run stopped), of which ``links`` got a personal join link; ``unchanged``: how many
    registered people were registered there before; ``cancelled``: the emails whose registration
    it cancelled; ``failed``: each person the platform did not register, with the reason.
    """

    registered: tuple[str, ...]
    links: int
    unchanged: int
    cancelled: tuple[str, ...]
    failed: tuple[tuple[str, str], ...]


def register_on_platform(
    roster: Roster,
    event: Event,
    platform: Platform,
    *,
    batch: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RegistrationReport:
    """Register on ``platform`` the registered participants it does not hold yet, and cancel those no longer registered.

    The meeting of ``event`` is the one the platform made (its ``online_meeting``, on that platform).
    People are registered ``batch`` a call (at most, and by default, the platform's
    ``registration_batch``), each batch's registrations and personal links kept in the roster in
    one transaction (:meth:`Roster.link`), so that their emails and calendars carry their own
    link (:meth:`Participant.recipient`). Those who have a registration on the platform but no
    place on the roster (withdrawn, declined, cancelled, or back on the waiting list) have it
    cancelled, and their link dropped. ``progress(done, total)`` is called after each batch.

    Refused before any call, with :class:`~iofs_events.exceptions.CapabilityError`, on a
    platform without bulk registration (:class:`~iofs_events.platforms.BulkRegistration`). A
    failure of the platform raises :class:`~iofs_events.exceptions.PlatformError` once what was
    done is kept: run it again to go on.
    """
    bulk = _bulk(platform, event)
    if batch is not None and batch < 1:
        raise RosterError(f"a batch is 1 person or more, not {batch}")
    size = min(batch or bulk.registration_batch, bulk.registration_batch)
    before = roster.people()
    tally = _Tally(unchanged=sum(person.status is _REGISTERED and person.platform_id is not None for person in before))
    unknown = [person for person in before if person.platform_sent_at is not None and person.platform_id is None]
    if unknown:  # sent by a run that stopped before keeping what came of it
        _settle(roster, event, bulk, unknown, tally)
    people = roster.people()
    leaving = [person for person in people if person.platform_id is not None and person.status is not _REGISTERED]
    joining = [person for person in people if person.platform_id is None and person.status is _REGISTERED]
    total, done = len(leaving) + len(joining), 0
    for send, group in ((_cancel, leaving), (_register, joining)):
        for chunk in _chunks(group, size):
            send(roster, event, bulk, chunk, tally)
            done += len(chunk)
            if progress is not None:
                progress(done, total)
    return RegistrationReport(
        tuple(tally.registered), tally.links, tally.unchanged, tuple(tally.cancelled), tuple(tally.failed)
    )


@attrs.define
class _Tally:
    """What a run did so far."""

    unchanged: int
    registered: list[str] = attrs.Factory(list)
    links: int = 0
    cancelled: list[str] = attrs.Factory(list)
    failed: list[tuple[str, str]] = attrs.Factory(list)

    def add(self, person: Participant, registration: Registered) -> None:
        if person.status is _REGISTERED:
            self.registered.append(person.email)
            self.links += registration.join_url is not None


def _bulk(platform: Platform, event: Event) -> BulkRegistration:
    """The platform, if it registers in bulk and holds the event's meeting; refused before any call otherwise."""
    requirements(platform.name, platform.capabilities, event, bulk=True)
    if not isinstance(platform, BulkRegistration):
        raise CapabilityError(platform.name, ["its adapter declares bulk registration, but does not implement it"])
    meeting = event.online_meeting
    if meeting is None or meeting.platform != platform.name or meeting.meeting_id is None:
        where = f"on {meeting.platform}" if meeting is not None and meeting.platform != platform.name else "none yet"
        raise PlatformError(f"{platform.name}: the event's meeting is not there ({where}): create it there first")
    return platform


def _settle(roster: Roster, event: Event, bulk: BulkRegistration, unknown: list[Participant], tally: _Tally) -> None:
    """Keep the registrations the platform holds of people whose outcome is unknown; the others are to send."""
    held = {item.email.lower(): item for item in bulk.registrants(event, [person.email for person in unknown])}
    with roster.store.transaction():
        for person in unknown:
            found = held.get(person.key)
            if found is None:
                _note_sent(roster, [person], None)
            else:
                roster.link(person.email, join_url=found.join_url, platform_id=found.registrant_id)
                tally.add(person, found)


def _cancel(roster: Roster, event: Event, bulk: BulkRegistration, chunk: Sequence[Participant], tally: _Tally) -> None:
    """Cancel the registrations of ``chunk`` on the platform, then drop their links."""
    bulk.unregister(event, [str(person.platform_id) for person in chunk])
    with roster.store.transaction():
        for person in chunk:
            roster.link(person.email, join_url=None, platform_id=None)
    tally.cancelled += [person.email for person in chunk]


def _register(
    roster: Roster, event: Event, bulk: BulkRegistration, chunk: Sequence[Participant], tally: _Tally
) -> None:
    """Register ``chunk``: noted as sent first, then each one's registration and link kept as the platform answers."""
    _note_sent(roster, chunk, datetime.now(UTC))
    try:
        outcomes = bulk.register_many(event, [_registrant(person) for person in chunk])
    except PlatformError as error:
        if not error.uncertain:  # the platform registered nobody of the batch: nothing to look up later
            _note_sent(roster, chunk, None)
        raise
    with roster.store.transaction():
        for person, outcome in zip(chunk, outcomes, strict=True):
            if isinstance(outcome, Refused):
                _note_sent(roster, [person], None)
                tally.failed.append((person.email, outcome.reason))
            else:
                roster.link(person.email, join_url=outcome.join_url, platform_id=outcome.registrant_id)
                tally.add(person, outcome)


def _chunks(people: Sequence[Participant], size: int) -> Iterator[Sequence[Participant]]:
    for start in range(0, len(people), size):
        yield people[start : start + size]


def _note_sent(roster: Roster, people: Sequence[Participant], at: datetime | None) -> None:
    """Note when the registration of ``people`` was sent to the platform, or (``None``) that its outcome is known."""
    with roster.store.transaction():
        for person in people:
            roster.store.save(attrs.evolve(roster.get(person.email), platform_sent_at=at))


def _registrant(person: Participant) -> Registrant:
    """The person as the platform registers them: the first word of their name, then the rest as their last name.

    Without a name, the first name is the part of the email address before the ``@``.
    """
    words = (person.name or "").split()
    if not words:
        return Registrant(email=person.email, first_name=person.email.partition("@")[0])
    return Registrant(email=person.email, first_name=words[0], last_name=" ".join(words[1:]) or None)
