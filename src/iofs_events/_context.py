"""What an event belongs to and builds on: programmes, documents, related events, deliverables."""

from attrs import field, frozen

from . import _checks as check
from ._enums import EventFormat, EventKind, EventStatus, Relation, Scope
from ._parties import Organization
from ._places import Venue
from ._schedule import DateSpan, Schedule, TimeSpan
from .exceptions import ValidationError

__all__ = ["Deliverable", "Programme", "Reference", "RelatedEvent"]

_YEAR = check.integer(1900, 9999)


@frozen(kw_only=True)
class Programme:
    """A programme of an organization that groups events (the IOFS Program "Food Security Governance")."""

    name: str = field(validator=check.line)
    """The name of the programme (``Food Security Governance``)."""
    organization: Organization | None = field(default=None, validator=check.optional(check.member(Organization)))
    """The organization that runs it."""
    url: str | None = field(default=None, validator=check.optional(check.url))
    """Its web page."""
    description: str | None = field(default=None, validator=check.optional(check.text))
    """What the programme is about, in words."""


@frozen(kw_only=True)
class Reference:
    """A document the event refers to: a report, a resolution, a study."""

    title: str = field(validator=check.line)
    """The title of the document."""
    publisher: Organization | None = field(default=None, validator=check.optional(check.member(Organization)))
    """The organization that published it."""
    year: int | None = field(default=None, validator=check.optional(_YEAR))
    """The year it was published."""
    url: str | None = field(default=None, validator=check.optional(check.url))
    """Where to read it."""


@frozen(kw_only=True)
class RelatedEvent:
    """Another event this one follows, precedes or belongs to, as much of it as is known.

    A planned event may be known only by its ``year``; a past one by its days and city.
    ``event_id`` links to the other event's own description when there is one.
    """

    relation: Relation = field(validator=check.member(Relation))
    """How the other event stands to this one: previous, next, parent or child."""
    title: str = field(validator=check.line)
    """Its title."""
    kind: EventKind | None = field(default=None, validator=check.optional(check.member(EventKind)))
    """What kind of gathering it is."""
    scope: Scope | None = field(default=None, validator=check.optional(check.member(Scope)))
    """Whom it gathers."""
    status: EventStatus | None = field(default=None, validator=check.optional(check.member(EventStatus)))
    """Where it stands: planned events are often ``tentative``."""
    schedule: Schedule | None = field(default=None, validator=check.optional(check.member((TimeSpan, DateSpan))))
    """When it happens, if known; not given together with ``year``."""
    year: int | None = field(default=None, validator=check.optional(_YEAR))
    """The year it happens, when only that is known; not given together with ``schedule``."""
    format: EventFormat | None = field(default=None, validator=check.optional(check.member(EventFormat)))
    """How people attend it."""
    venue: Venue | None = field(default=None, validator=check.optional(check.member(Venue)))
    """Where it happens, as precisely as is known (a city and country are enough)."""
    event_id: str | None = field(default=None, validator=check.optional(check.line))
    """The ``id`` of the other event's own description, when there is one; calendars link the two through it."""
    url: str | None = field(default=None, validator=check.optional(check.url))
    """Its web page."""
    description: str | None = field(default=None, validator=check.optional(check.text))
    """What links it to this event, or what it is, in words."""

    def __attrs_post_init__(self) -> None:
        if self.schedule is not None and self.year is not None:
            raise ValidationError("year", "give either a schedule or a year, not both")


@frozen(kw_only=True)
class Deliverable:
    """Something an event is meant to produce or prepare: an analysis, a report, a plan."""

    title: str = field(validator=check.line)
    """The title of what is to be produced."""
    year: int | None = field(default=None, validator=check.optional(_YEAR))
    """The year it is due."""
    description: str | None = field(default=None, validator=check.optional(check.text))
    """What it is, in words."""
    url: str | None = field(default=None, validator=check.optional(check.url))
    """Where to find it once it is published."""
