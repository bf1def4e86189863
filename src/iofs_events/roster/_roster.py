"""The roster of one event: who is invited, registered or waiting, what they answered, and what they were sent.

Every change is one transaction of the store, so two processes at once (one sending, one reading
replies) lose nothing, and a process killed part-way leaves the roster whole. Registration keeps
the event's capacity: past it, people wait in the order they asked, and a place given up goes to
the first of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import attrs

from .. import json as event_json
from ..exceptions import RosterError
from ._participants import Delivery, Participant, RegistrationStatus, Rsvp
from ._store import RosterStore, SqliteStore

if TYPE_CHECKING:
    from .._event import Event
    from ..mail import Kind

__all__ = ["Merged", "Roster", "Summary", "roster_path"]

_CONTACT = ("name", "honorific", "language", "time_zone", "country", "organization", "role")
_ASKING = frozenset({RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED})
_LAST = datetime.max.replace(tzinfo=UTC)  # when those who asked at no known time asked: after everyone else


def _now() -> datetime:
    return datetime.now(UTC)


def roster_path(event_file: str | Path) -> Path:
    """Where the roster of an event file is kept by default: beside it, ``NAME.roster.sqlite``."""
    path = Path(event_file)
    return path.with_name(f"{path.stem}.roster.sqlite")


class Summary(NamedTuple):
    """How many people are in each state, country and language."""

    total: int
    by_status: dict[str, int]
    by_rsvp: dict[str, int]
    by_country: dict[str, int]
    by_language: dict[str, int]


class _Places:
    """How many people have a place: counted from the store when first needed in a change, then kept up to date."""

    def __init__(self, store: RosterStore) -> None:
        self._store = store
        self._taken: int | None = None

    def taken(self) -> int:
        """The number of people registered."""
        if self._taken is None:
            self._taken = self._store.count(RegistrationStatus.REGISTERED)
        return self._taken

    def count(self, change: int) -> None:
        """Count places taken (``1``) or freed (``-1``), once counted; a later count reads the store as changed."""
        if self._taken is not None:
            self._taken += change


class Merged(NamedTuple):
    """What a merge of people into the roster did: the emails added, updated, and left as they were."""

    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]
    promoted: tuple[str, ...]


class Roster:
    """The people of one event and their state, kept in a :class:`RosterStore`.

    ``capacity`` is the number of registered places (the event's ``registration.capacity``);
    ``clock`` gives the time of changes (tests pass their own).
    """

    def __init__(
        self, store: RosterStore, *, capacity: int | None = None, clock: Callable[[], datetime] = _now
    ) -> None:
        self.store, self.capacity, self._clock = store, capacity, clock

    @classmethod
    def beside(cls, event_file: str | Path, event: Event, **options: Callable[[], datetime]) -> Roster:
        """The roster of ``event`` in SQLite, beside its file (see :func:`roster_path`), made if there is none yet."""
        return cls.open(roster_path(event_file), event, create=True, **options)

    @classmethod
    def open(cls, path: str | Path, event: Event, *, create: bool = False, **options: Callable[[], datetime]) -> Roster:
        """The roster of ``event`` in the SQLite file ``path``, with the event's capacity.

        Without ``create``, a missing file is a :class:`RosterError` rather than a new, empty
        roster: a mistyped path must not look like an event nobody was invited to.
        """
        path = Path(path)
        if not create and not path.is_file():
            raise RosterError(
                f"{path}: no roster there; import the event's participants first: iofs-events roster import"
            )
        capacity = event.registration.capacity if event.registration is not None else None
        return cls(SqliteStore(path, event_id=event.id), capacity=capacity, **options)

    def close(self) -> None:
        """Release the store."""
        self.store.close()

    def __enter__(self) -> Roster:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # --- reading ----------------------------------------------------------------------------------

    def people(self) -> list[Participant]:
        """Everyone on the roster, in the order they were added."""
        return self.store.participants()

    def get(self, email: str) -> Participant:
        """The person of that email address (in any case); :class:`RosterError` if they are not on the roster."""
        person = self.store.participant(email.lower())
        if person is None:
            raise RosterError(f"{email} is not on the roster")
        return person

    def summary(self) -> Summary:
        """Counts by registration status, RSVP, country and language."""
        people = self.people()

        def count(values: Iterable[str | None]) -> dict[str, int]:
            return dict(Counter(value or "-" for value in values).most_common())

        return Summary(
            total=len(people),
            by_status=count(person.status for person in people),
            by_rsvp=count(person.rsvp for person in people),
            by_country=count(person.country for person in people),
            by_language=count(person.language for person in people),
        )

    def deliveries(self) -> list[Delivery]:
        """What was sent to whom."""
        return self.store.deliveries()

    def delivered(self, email: str, kind: Kind, revision: int) -> bool:
        """Whether a message of ``kind`` about ``revision`` went to that person."""
        delivery = self.store.delivery(email.lower(), kind, revision)
        return delivery is not None and delivery.status == "sent"

    def revision(self, number: int) -> Event | None:
        """The event as it was in revision ``number``, if messages were sent about it (see :meth:`keep`)."""
        document = self.store.revision(number)
        return event_json.loads(document) if document is not None else None

    def keep(self, event: Event) -> None:
        """Keep this revision of the event, so that a later update can say what changed since.

        :func:`send_due` keeps each revision it sends about; a revision kept stays as it was.
        """
        if self.store.revision(event.revision) is None:
            with self.store.transaction():
                self.store.keep_revision(event.revision, event_json.dumps(event))

    # --- changing ---------------------------------------------------------------------------------

    def merge(self, people: Iterable[Participant]) -> Merged:
        """Add people, or update what the roster knows of them, matched by email without regard to case.

        Contact facts (name, honorific, language, clock, country, organization, role) come from
        ``people``; what the roster has learnt (replies, links, deliveries) is kept. A status other
        than ``invited`` is a request: ``withdrawn``, ``declined`` and ``cancelled`` release their
        place; ``registered`` and ``waitlisted`` ask for one, which they get in the order they
        asked (``registered_at``, then the order of ``people``), or a place on the waiting list
        when the event is full. Someone registered or waiting already keeps their place.
        """
        added: list[str] = []
        updated: list[str] = []
        unchanged: list[str] = []
        promoted: list[str] = []
        asking: dict[str, tuple[datetime, Participant, datetime | None]] = {}  # by key: when they asked, who, at
        with self.store.transaction():
            places = _Places(self.store)
            for person in people:
                known = self.store.participant(person.key)
                if known is None:
                    known = attrs.evolve(person, status=RegistrationStatus.INVITED)
                    self.store.save(known)
                    added.append(person.email)
                else:
                    changed = attrs.evolve(known, **{name: getattr(person, name) for name in _CONTACT})
                    if changed == known:
                        unchanged.append(person.email)
                    else:
                        self.store.save(changed)
                        updated.append(person.email)
                        known = changed
                asking.pop(person.key, None)  # the last row of a person is what they ask
                # Those kept to ask are neither registered nor waiting, so no release below changes them.
                if person.status in _ASKING:
                    if known.status not in _ASKING:
                        asked = known.registered_at or person.registered_at or _LAST
                        asking[person.key] = (asked, known, person.registered_at)
                elif person.status is not RegistrationStatus.INVITED and person.status is not known.status:
                    promoted += self._change(known, person.status, places)
            for _, known, at in sorted(asking.values(), key=lambda request: request[0]):  # stable: ties in list order
                promoted += self._change(known, RegistrationStatus.REGISTERED, places, at=at)
        return Merged(tuple(added), tuple(updated), tuple(unchanged), tuple(promoted))

    def register(self, email: str, *, at: datetime | None = None) -> Participant:
        """Give the person a place, or a place on the waiting list when the event is full."""
        with self.store.transaction():
            self._change(self.get(email), RegistrationStatus.REGISTERED, _Places(self.store), at=at)
            return self.get(email)

    def withdraw(self, email: str) -> list[str]:
        """The person gives up their place; the emails of those promoted from the waiting list."""
        return self._changed(email, RegistrationStatus.WITHDRAWN)

    def decline(self, email: str) -> list[str]:
        """The person will not come; the emails of those promoted from the waiting list."""
        return self._changed(email, RegistrationStatus.DECLINED)

    def cancel(self, email: str) -> list[str]:
        """The organizer removes the person; the emails of those promoted from the waiting list."""
        return self._changed(email, RegistrationStatus.CANCELLED)

    def _changed(self, email: str, status: RegistrationStatus) -> list[str]:
        with self.store.transaction():
            return self._change(self.get(email), status, _Places(self.store))

    def _change(
        self, person: Participant, status: RegistrationStatus, places: _Places, *, at: datetime | None = None
    ) -> list[str]:
        """Move one person, as the store holds them, to ``status`` (inside a transaction); the emails promoted."""
        if status is RegistrationStatus.REGISTERED:
            if person.status in (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED):
                return []
            moment = person.registered_at or at or self._clock()
            full = self.capacity is not None and places.taken() >= self.capacity
            placed = RegistrationStatus.WAITLISTED if full else RegistrationStatus.REGISTERED
            self.store.save(attrs.evolve(person, status=placed, registered_at=moment))
            places.count(0 if full else 1)
            return []
        self.store.save(attrs.evolve(person, status=status))
        if person.status is not RegistrationStatus.REGISTERED:
            return []
        places.count(-1)
        return self._promote(places)

    def _promote(self, places: _Places) -> list[str]:
        """Give freed places to those waiting, first come first served; their emails."""
        free = None if self.capacity is None else max(0, self.capacity - places.taken())
        promoted = []
        for person in self.store.waiting(free):
            self.store.save(attrs.evolve(person, status=RegistrationStatus.REGISTERED, promoted_at=self._clock()))
            places.count(1)
            promoted.append(person.email)
        return promoted

    def answer(self, email: str, rsvp: Rsvp, *, at: datetime, sequence: int, message_id: str | None) -> bool:
        """Take a person's answer from their calendar, unless the roster holds a newer one; whether it was taken.

        Answers are ordered by ``SEQUENCE`` then ``DTSTAMP`` (RFC 5546 §2.1.5): an older reply,
        read late, never overwrites a newer one. A registered person who declines gives up their
        place; one who accepts again asks for it again.
        """
        with self.store.transaction():
            person = self.get(email)
            if person.rsvp_at is not None and (sequence, at) <= (person.rsvp_sequence or 0, person.rsvp_at):
                return False
            person = attrs.evolve(person, rsvp=rsvp, rsvp_at=at, rsvp_sequence=sequence, rsvp_message=message_id)
            self.store.save(person)
            if rsvp is Rsvp.DECLINED and person.status in (RegistrationStatus.REGISTERED, RegistrationStatus.INVITED):
                self._change(person, RegistrationStatus.DECLINED, _Places(self.store))
            elif rsvp is Rsvp.ACCEPTED and person.status is RegistrationStatus.DECLINED:
                self._change(person, RegistrationStatus.REGISTERED, _Places(self.store), at=at)
            return True

    def link(self, email: str, *, join_url: str | None, platform_id: str | None) -> Participant:
        """Keep the personal join link and registration a platform gave the person (``None``: none any more).

        What came of a registration sent to the platform is then known: ``platform_sent_at`` is cleared.
        """
        with self.store.transaction():
            person = attrs.evolve(self.get(email), join_url=join_url, platform_id=platform_id, platform_sent_at=None)
            self.store.save(person)
            return person

    def adopt(self, deliveries: Iterable[Delivery]) -> list[Delivery]:
        """Take messages sent without the roster (see :func:`journal_deliveries`), in one transaction; those taken.

        A delivery is taken when it was sent to someone on the roster, and the roster does not
        hold that message to them as sent already; the others are left out.
        """
        taken = []
        with self.store.transaction():
            for delivery in deliveries:
                if delivery.status != "sent" or self.store.participant(delivery.key) is None:
                    continue
                held = self.store.delivery(delivery.key, delivery.kind, delivery.revision)
                if held is None or held.status != "sent":
                    self.store.record(delivery)
                    taken.append(delivery)
        return taken

    def record(self, delivery: Delivery) -> None:
        """Remember a delivery (``sending``, then ``sent`` or ``failed``)."""
        with self.store.transaction():
            self.get(delivery.email)  # only to people on the roster
            self.store.record(delivery)
