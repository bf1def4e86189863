"""iTIP (RFC 5546) without the bytes: methods, who takes part, who organizes, and the rules of each method.

Kept apart from the writer so that checking a calendar, and working out its organizer, costs no
import of icalendar: a composer of emails knows at once whether its calendar can be written.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from attrs import field, frozen

from .. import _checks as check
from .._digests import name_uuid
from .._enums import EventStatus
from .._wording import organization_name
from ..exceptions import CalendarError

if TYPE_CHECKING:
    from .._event import Event


class Method(StrEnum):
    """The iTIP method of a calendar (RFC 5546)."""

    PUBLISH = "PUBLISH"
    REQUEST = "REQUEST"
    CANCEL = "CANCEL"


class AttendeeRole(StrEnum):
    """The part an attendee plays (the ``ROLE`` parameter)."""

    CHAIR = "CHAIR"
    REQUIRED = "REQ-PARTICIPANT"
    OPTIONAL = "OPT-PARTICIPANT"
    INFORMATION = "NON-PARTICIPANT"


@frozen(kw_only=True)
class Attendee:
    """Someone a calendar invites, or the organizer who sends it."""

    email: str = field(validator=check.email)
    name: str | None = field(default=None, validator=check.optional(check.line))
    role: AttendeeRole = field(default=AttendeeRole.REQUIRED, validator=check.member(AttendeeRole))


class Address(NamedTuple):
    """A calendar address (ORGANIZER): a ``mailto:``, web or ``urn:uuid`` URI, its ``CN`` and ``SENT-BY``."""

    uri: str
    name: str | None = None
    sent_by: str | None = None

    @property
    def is_email(self) -> bool:
        """Whether the address is an email address, which every method but PUBLISH needs."""
        return self.uri.lower().startswith("mailto:")


def address_of(attendee: Attendee) -> Address:
    """The ``mailto:`` address of ``attendee`` with its name."""
    return Address(f"mailto:{attendee.email}", attendee.name)


def publisher(event: Event) -> Address | None:
    """The ORGANIZER an event names itself, with an email address if it has one.

    That is its organizer's or its first contact's address; else its organizer by name, at
    its web address or a stable ``urn:uuid``, since RFC 5546 wants an ORGANIZER in every
    PUBLISH and no email address may be invented.
    """
    who = event.organizer
    name = organization_name(who) if who is not None else None
    if who is not None and who.email:
        return Address(f"mailto:{who.email}", name)
    contact = next((person for person in event.contacts if person.email), None)
    if contact is not None:
        return Address(f"mailto:{contact.email}", contact.name)
    if who is not None:
        if who.url:
            return Address(who.url, name)
        return Address(f"urn:uuid:{name_uuid(who.name)}", name)
    return None


def sent_for(event: Event, sender: Attendee) -> Address:
    """The ORGANIZER of a calendar that ``sender`` sends: the event's own address with ``SENT-BY``, or the sender."""
    own = publisher(event)
    name = organization_name(event.organizer) if event.organizer is not None else sender.name
    if own is None or not own.is_email:
        return Address(f"mailto:{sender.email}", name)
    if own.uri.lower() != f"mailto:{sender.email}".lower():
        return own._replace(sent_by=f"mailto:{sender.email}")
    return own


def check_method(
    event: Event, method: Method, *, attendees: int, organizer: Address | None, passcode: bool, stored: bool = False
) -> Address | None:
    """The ORGANIZER of the calendar; refuse one that breaks the rules of ``method`` (RFC 5546) or cannot be written.

    Every method needs an ORGANIZER, and all but PUBLISH its email address; a calendar object
    that a CalDAV server stores (``stored``: no ``METHOD``, no iTIP message) has one only when
    the event names someone.
    """
    if event.schedule is None:
        raise CalendarError("the event has no schedule yet: a calendar entry needs at least its days")
    if method is Method.REQUEST and not attendees:
        raise CalendarError("a REQUEST invites someone: give at least one attendee")
    if method is Method.PUBLISH and attendees:
        raise CalendarError("a PUBLISH calendar has no attendees; send a REQUEST to invite people")
    if method is Method.CANCEL and event.status is not EventStatus.CANCELLED:
        raise CalendarError("cancel the event first: event.cancel() marks it cancelled as a new revision")
    if method is Method.PUBLISH and passcode:
        raise CalendarError("a passcode is never published; it goes only in invitations (REQUEST)")
    if method is not Method.PUBLISH and (organizer is None or not organizer.is_email):
        raise CalendarError(
            f"a {method} needs the organizer's email address: give the event's organizer an email", field="organizer"
        )
    if organizer is None and not stored:
        raise nobody_to_publish(event)
    return organizer


def nobody_to_publish(event: Event) -> CalendarError:
    """The error for an event that names nobody to be the ORGANIZER that RFC 5546 wants in every PUBLISH."""
    return CalendarError(
        f"event {event.id!r} names no organizer, and a published calendar needs one (RFC 5546): "
        "give the event an organizer (a name is enough) or a contact with an email address",
        field="organizer",
    )


def stamp_of(stamp: datetime | None) -> datetime:
    """``DTSTAMP``: the given moment, or now, in UTC to the second."""
    return (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
