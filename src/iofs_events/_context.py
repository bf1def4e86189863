"""What an event belongs to and builds on: programmes, documents, related events, deliverables."""

from __future__ import annotations

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
    organization: Organization | None = field(default=None, validator=check.optional(check.member(Organization)))
    url: str | None = field(default=None, validator=check.optional(check.url))
    description: str | None = field(default=None, validator=check.optional(check.text))


@frozen(kw_only=True)
class Reference:
    """A document the event refers to: a report, a resolution, a study."""

    title: str = field(validator=check.line)
    publisher: Organization | None = field(default=None, validator=check.optional(check.member(Organization)))
    year: int | None = field(default=None, validator=check.optional(_YEAR))
    url: str | None = field(default=None, validator=check.optional(check.url))


@frozen(kw_only=True)
class RelatedEvent:
    """Another event this one follows, precedes or belongs to, as much of it as is known.

    A planned event may be known only by its ``year``; a past one by its days and city.
    ``event_id`` links to the other event's own description when there is one.
    """

    relation: Relation = field(validator=check.member(Relation))
    title: str = field(validator=check.line)
    kind: EventKind | None = field(default=None, validator=check.optional(check.member(EventKind)))
    scope: Scope | None = field(default=None, validator=check.optional(check.member(Scope)))
    status: EventStatus | None = field(default=None, validator=check.optional(check.member(EventStatus)))
    schedule: Schedule | None = field(default=None, validator=check.optional(check.member((TimeSpan, DateSpan))))
    year: int | None = field(default=None, validator=check.optional(_YEAR))
    format: EventFormat | None = field(default=None, validator=check.optional(check.member(EventFormat)))
    venue: Venue | None = field(default=None, validator=check.optional(check.member(Venue)))
    event_id: str | None = field(default=None, validator=check.optional(check.line))
    url: str | None = field(default=None, validator=check.optional(check.url))
    description: str | None = field(default=None, validator=check.optional(check.text))

    def __attrs_post_init__(self) -> None:
        if self.schedule is not None and self.year is not None:
            raise ValidationError("year", "give either a schedule or a year, not both")


@frozen(kw_only=True)
class Deliverable:
    """Something an event is meant to produce or prepare: an analysis, a report, a plan."""

    title: str = field(validator=check.line)
    year: int | None = field(default=None, validator=check.optional(_YEAR))
    description: str | None = field(default=None, validator=check.optional(check.text))
    url: str | None = field(default=None, validator=check.optional(check.url))
