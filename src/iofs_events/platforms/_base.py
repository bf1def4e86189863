"""What every conferencing platform adapter is: the protocol, its capabilities, and what a call applied."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from attrs import field, frozen

from .._enums import EventFormat, EventKind, EventStatus
from .._meeting import OnlineMeeting
from .._wording import language_name
from ..exceptions import CapabilityError, PlatformError

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from .._event import Event


@frozen(kw_only=True)
class Capabilities:
    """What a platform can do, declared by its adapter so that the library can refuse a request before any call.

    ``interpretation_languages`` lists the languages (ISO 639-1) its interpretation offers
    without more configuration; ``None`` means any. ``passcode_pattern`` is the regular
    expression a passcode must match entirely, described in words by ``passcode_rule``.
    ``bulk_registration`` says that the adapter registers many people a call, finds them and
    cancels them (:class:`BulkRegistration`).
    """

    webinars: bool = False
    registration: bool = False
    personal_links: bool = False
    bulk_registration: bool = False
    dial_in: bool = field(default=False, metadata={"label": "dial-in"})
    interpretation: bool = False
    interpretation_languages: frozenset[str] | None = None
    idempotent_create: bool = False
    passcode_pattern: str | None = None
    passcode_rule: str | None = None
    needs_settings: bool = True


@frozen(kw_only=True)
class Meeting:
    """A meeting as the platform holds it, and what of the event's wishes it actually applied.

    ``not_applied`` says, in words, each thing the event asked for that the platform did not do
    (Zoom silently drops settings that the account's plan lacks; read back, they are reported).
    ``adopted`` is true for a meeting that a create found already made by an earlier attempt,
    rather than made (see :class:`Findable`).
    """

    online_meeting: OnlineMeeting
    interpretation: tuple[str, ...] = ()
    registration: bool = False
    not_applied: tuple[str, ...] = ()
    adopted: bool = False


@frozen(kw_only=True)
class Registrant:
    """Someone to register with the platform for a meeting that requires registration."""

    email: str
    first_name: str
    last_name: str | None = None


@frozen(kw_only=True)
class Registered:
    """Someone the platform holds as a registrant: the platform's id of the registration, and their own join link.

    ``join_url`` is ``None`` where the platform gives no personal link (Webex emails it; Zoom
    gives none before the host approves). It lets its holder in as that person: private, hidden
    from ``repr``.
    """

    email: str
    registrant_id: str
    join_url: str | None = field(default=None, repr=False)


@frozen(kw_only=True)
class Refused:
    """Someone a bulk registration did not register, and why, in words."""

    email: str
    reason: str


@runtime_checkable
class Platform(Protocol):
    """A conferencing platform: what an adapter implements, and what :func:`load_platform` returns.

    ``create`` makes the meeting of an event (never two for one event, even when a response is
    lost); ``update`` brings it in step with a later revision; ``delete`` is idempotent (a
    meeting already gone is no error); ``register`` signs a participant up and returns their
    personal join link where the platform gives one. Every call checks the event against
    ``capabilities`` first and raises :class:`~iofs_events.exceptions.CapabilityError`
    without a request when the platform cannot do what it asks.
    """

    name: str
    capabilities: Capabilities

    def create(self, event: Event) -> Meeting:
        """Create the meeting of ``event``."""

    def get(self, meeting_id: str) -> Meeting:
        """The meeting as the platform holds it now."""

    def update(self, event: Event) -> Meeting:
        """Bring the meeting of ``event`` (its ``online_meeting.meeting_id``) in step with the event."""

    def delete(self, meeting_id: str) -> None:
        """Delete the meeting; a meeting already gone is not an error."""

    def register(self, event: Event, registrant: Registrant) -> str | None:
        """Register ``registrant`` for the meeting of ``event``; their personal join link, if the platform gives one."""

    def close(self) -> None:
        """Release connections."""


@runtime_checkable
class Findable(Protocol):
    """An adapter that can find the meeting an earlier create made for an event: one with no idempotency key.

    Zoom and Webex make a second meeting if a create is sent twice, so their meetings carry the
    event's identifier, by which ``find`` finds them. ``create(event, look_first=True)`` looks
    first and returns the meeting an earlier attempt made, ``adopted``, instead of making one;
    ``iofs-events meeting create`` always does.
    """

    def find(self, event: Event) -> Meeting | None:
        """The meeting the platform holds for ``event``, or ``None``."""

    def create(self, event: Event, *, look_first: bool = False) -> Meeting:
        """Create the meeting of ``event``; with ``look_first``, adopt the one an earlier attempt made, if any."""


@runtime_checkable
class BulkRegistration(Protocol):
    """An adapter that registers people in bulk, finds them and cancels them; it declares ``bulk_registration``.

    ``registration_batch`` is the most registrants one call takes. ``register_many`` never
    registers anyone twice: when the outcome of a call is unknown (a lost reply, a ``5xx``), it
    looks the batch up and sends again only those the platform does not hold. Each method checks
    the event against the capabilities first and refuses without a request.
    """

    registration_batch: int

    def register_many(self, event: Event, registrants: Sequence[Registrant]) -> list[Registered | Refused]:
        """Register ``registrants`` for the meeting of ``event``; one outcome each, in their order.

        A failure of the first call raises, and nobody was registered; a later call that is
        refused leaves its registrants and the rest :class:`Refused`, with the reason.
        """

    def registrants(self, event: Event, emails: Collection[str]) -> list[Registered]:
        """Those of ``emails`` (in any case) whom the platform holds as registrants of the meeting of ``event``."""

    def unregister(self, event: Event, registrant_ids: Collection[str]) -> None:
        """Cancel the registrations of these ids (each a :attr:`Registered.registrant_id`); one gone is no error."""


class LinkOnly:
    """The part of an adapter with no API behind it (a plain link, a Jitsi room): nothing is stored.

    So there is nothing to look up, delete or release, nor any registration; updating a meeting
    is working its link out again. Subclasses give ``name``, ``capabilities`` and ``create``.
    """

    name: str
    capabilities: Capabilities

    def create(self, event: Event) -> Meeting:
        """The meeting's link, worked out from the event."""
        raise NotImplementedError

    def get(self, meeting_id: str) -> Meeting:
        """Refused: nothing is stored to look up."""
        raise PlatformError(f"{self.name}: there is no meeting to look up: it is not stored anywhere ({meeting_id!r})")

    def update(self, event: Event) -> Meeting:
        """The same as :meth:`create`, for the event's new revision."""
        meeting_wanted(self.name, event, update=True)
        return self.create(event)

    def delete(self, meeting_id: str) -> None:
        """Nothing to delete."""

    def register(self, event: Event, registrant: Registrant) -> str | None:
        """Refused: there is no registration."""
        requirements(self.name, self.capabilities, event, register=True)
        return None  # pragma: no cover - requirements() has refused

    def close(self) -> None:
        """Nothing to release."""


def requirements(
    platform: str, capabilities: Capabilities, event: Event, *, register: bool = False, bulk: bool = False
) -> None:
    """Raise :class:`CapabilityError` listing what ``event`` asks that the platform cannot do, if anything.

    ``register`` asks for the registration of participants, ``bulk`` for their registration in
    bulk (:class:`BulkRegistration`).
    """
    problems = []
    plan = event.languages
    if plan is not None and plan.interpretation and not capabilities.interpretation:
        names = ", ".join(language_name(tag, "en") for tag in plan.interpretation)
        problems.append(
            f"simultaneous interpretation (asked: {names}) is not offered; "
            "to meet without it, remove languages.interpretation from the event"
        )
    if (register or bulk) and not capabilities.registration:
        problems.append("it has no registration of participants")
    elif bulk and not capabilities.bulk_registration:
        problems.append("it registers participants one at a time only, not in bulk")
    if event.kind is EventKind.WEBINAR and not capabilities.webinars:
        problems.append("it has no webinars; make the event a meeting or choose another platform")
    passcode = event.online_meeting.passcode if event.online_meeting is not None else None
    pattern = capabilities.passcode_pattern
    if passcode is not None and pattern is not None and not re.fullmatch(pattern, passcode):
        problems.append(f"the passcode breaks its rule: {capabilities.passcode_rule}; change online_meeting.passcode")
    if problems:
        raise CapabilityError(platform, problems)


def meeting_wanted(platform: str, event: Event, *, update: bool = False) -> None:
    """Raise :class:`PlatformError`, before any call, for an event that has no online meeting to make or update.

    An in-person event has no online meeting; a cancelled one gets none, and its meeting is
    deleted rather than updated.
    """
    if event.format is EventFormat.IN_PERSON:
        raise PlatformError(f"{platform}: an in-person event has no online meeting; make the format 'hybrid'")
    if event.status is EventStatus.CANCELLED and update:
        raise PlatformError(f"{platform}: the event is cancelled: delete its meeting rather than update it")
    if event.status is EventStatus.CANCELLED:
        raise PlatformError(f"{platform}: a cancelled event gets no meeting")


def interpretation_gaps(capabilities: Capabilities, event: Event, extra: frozenset[str] = frozenset()) -> list[str]:
    """The interpretation languages of ``event`` that the platform offers neither built in nor in ``extra``."""
    plan = event.languages
    offered = capabilities.interpretation_languages
    if plan is None or offered is None:
        return []
    return [tag for tag in plan.interpretation if tag.split("-")[0] not in offered | extra]


def online_meeting(event: Event, **facts: Any) -> OnlineMeeting:
    """The event's meeting on that platform with ``facts`` from it; ``None`` facts keep what the event had there."""
    from attrs import evolve

    platform = str(facts.get("platform", "link"))
    current = event.online_meeting
    if current is None or current.platform != platform:  # another platform's link, passcode... must not carry over
        current = OnlineMeeting(platform=platform)
    return evolve(current, **{key: value for key, value in facts.items() if value is not None})
