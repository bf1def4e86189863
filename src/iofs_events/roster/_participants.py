"""The people of an event and their state: registration, RSVP, personal link, and what was sent to them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import attrs
from attrs import field, frozen

from .. import _checks as check
from ..mail import Honorific, Kind, Recipient, RecipientRole

__all__ = ["Delivery", "Participant", "ParticipantRole", "RegistrationStatus", "Rsvp"]


class ParticipantRole(StrEnum):
    """The part a person plays at the event."""

    PARTICIPANT = "participant"
    SPEAKER = "speaker"
    HOST = "host"
    INTERPRETER = "interpreter"
    OBSERVER = "observer"


class RegistrationStatus(StrEnum):
    """Where a person stands with the event's registration.

    ``invited``: asked to come; ``registered``: has a place; ``waitlisted``: asked for a place
    when none was left, and waits in order of asking; ``declined``: will not come;
    ``withdrawn``: registered, then gave up the place; ``cancelled``: removed by the organizer.
    """

    INVITED = "invited"
    REGISTERED = "registered"
    WAITLISTED = "waitlisted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"


class Rsvp(StrEnum):
    """A person's answer in their calendar (iCalendar's ``PARTSTAT``)."""

    NEEDS_ACTION = "needs-action"
    ACCEPTED = "accepted"
    TENTATIVE = "tentative"
    DECLINED = "declined"


_MAIL_ROLES = {
    ParticipantRole.SPEAKER: RecipientRole.SPEAKER,
    ParticipantRole.HOST: RecipientRole.HOST,
    ParticipantRole.INTERPRETER: RecipientRole.INTERPRETER,
}


def _aware(value: datetime | None) -> datetime | None:
    return check.aware(value) if value is not None else None


@frozen(kw_only=True)
class Participant:
    """One person on an event's roster, as the roster knows them now.

    ``email`` identifies them (compared without regard to case); ``registered_at`` is when they
    asked for a place, which orders the waiting list; ``promoted_at`` when a freed place went to
    them from the waiting list, which they are then told; ``rsvp`` is their last answer in their
    calendar, with the ``DTSTAMP`` and ``SEQUENCE`` it carried and the ``Message-ID`` of the
    reply, so that an older reply never overwrites a newer one; ``join_url`` is the personal
    link a platform gave them (private: hidden from ``repr``), ``platform_id`` their registration
    there, and ``platform_sent_at`` when their registration was sent to the platform, until what
    came of it is kept: a registration whose outcome is unknown, to look up before sending again.
    """

    email: str = field(validator=check.email)
    name: str | None = field(default=None, validator=check.optional(check.line))
    honorific: Honorific | None = field(default=None, validator=check.optional(check.member(Honorific)))
    language: str = field(default="en", converter=check.language_tag, validator=check.language)
    time_zone: str | None = field(default=None, validator=check.optional(check.time_zone))
    country: str | None = field(
        default=None, converter=attrs.converters.optional(check.country_code), validator=check.optional(check.country)
    )
    organization: str | None = field(default=None, validator=check.optional(check.line))
    role: ParticipantRole = field(default=ParticipantRole.PARTICIPANT, validator=check.member(ParticipantRole))
    status: RegistrationStatus = field(default=RegistrationStatus.INVITED, validator=check.member(RegistrationStatus))
    registered_at: datetime | None = field(default=None, converter=_aware)
    promoted_at: datetime | None = field(default=None, converter=_aware)
    rsvp: Rsvp = field(default=Rsvp.NEEDS_ACTION, validator=check.member(Rsvp))
    rsvp_at: datetime | None = field(default=None, converter=_aware)
    rsvp_sequence: int | None = field(default=None)
    rsvp_message: str | None = field(default=None)
    join_url: str | None = field(default=None, repr=False, validator=check.optional(check.url))
    platform_id: str | None = field(default=None, repr=False)
    platform_sent_at: datetime | None = field(default=None, converter=_aware)

    @property
    def key(self) -> str:
        """The email address as the roster compares it."""
        return self.email.lower()

    @property
    def attends(self) -> bool:
        """Whether the person is expected: registered, or invited and not declined in their calendar."""
        if self.status is RegistrationStatus.REGISTERED:
            return self.rsvp is not Rsvp.DECLINED
        return self.status is RegistrationStatus.INVITED and self.rsvp is not Rsvp.DECLINED

    def recipient(self) -> Recipient:
        """The person as the recipient of an email: their language, clock, honorific, role and own link."""
        return Recipient(
            email=self.email,
            name=self.name,
            honorific=self.honorific,
            language=self.language,
            time_zone=self.time_zone,
            role=_MAIL_ROLES.get(self.role, RecipientRole.PARTICIPANT),
            registered=self.status is RegistrationStatus.REGISTERED,
            join_url=self.join_url,
        )

    def to_data(self) -> dict[str, Any]:
        """The person as JSON data, for a store."""
        values = ((name, getattr(self, name)) for name in _FIELDS)  # attrs.asdict, at a third of its cost
        return {name: _plain(value) for name, value in values if value is not None}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Participant:
        """A person from the data of :meth:`to_data`."""
        moments = ("registered_at", "promoted_at", "rsvp_at", "platform_sent_at")
        values: dict[str, Any] = {
            key: datetime.fromisoformat(value) if key in moments else value for key, value in data.items()
        }
        for key, kind in (("honorific", Honorific), ("role", ParticipantRole)):
            if key in values:
                values[key] = kind(values[key])
        values["status"] = RegistrationStatus(values.get("status", "invited"))
        values["rsvp"] = Rsvp(values.get("rsvp", "needs-action"))
        return cls(**values)


_FIELDS = tuple(attribute.name for attribute in attrs.fields(Participant))


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


@frozen(kw_only=True)
class Delivery:
    """What was sent to one person: which kind of message, about which revision, when, and how it went.

    ``status`` is ``sending`` from just before the message is handed to the server until the
    server has taken it (``sent``) or refused it (``failed``, with the ``reason``).
    ``message_id`` is the Message-ID of the message, or ``None`` for one sent before the roster
    kept it, taken from a send journal, which does not record it.
    """

    email: str
    kind: Kind
    revision: int
    status: str
    at: datetime
    message_id: str | None = None
    reason: str | None = None

    @property
    def key(self) -> str:
        """The email address as the roster compares it."""
        return self.email.lower()
