"""The closed vocabularies of the model, as string enumerations whose values are the JSON words."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["EventFormat", "EventKind", "EventStatus", "Relation", "Scope", "SessionKind"]


class EventKind(StrEnum):
    """What kind of gathering an event is."""

    WORKSHOP = "workshop"
    TRAINING = "training"
    WEBINAR = "webinar"
    SEMINAR = "seminar"
    MEETING = "meeting"
    CONFERENCE = "conference"
    GENERAL_ASSEMBLY = "general_assembly"


class Scope(StrEnum):
    """Whom an event gathers: one country, a region of member states, or all of them."""

    NATIONAL = "national"
    REGIONAL = "regional"
    INTERNATIONAL = "international"


class EventStatus(StrEnum):
    """Where an event stands; ``cancelled`` events still exist so that calendars can remove them."""

    SCHEDULED = "scheduled"
    TENTATIVE = "tentative"
    POSTPONED = "postponed"
    RESCHEDULED = "rescheduled"
    CANCELLED = "cancelled"


class EventFormat(StrEnum):
    """How people attend: online, in person at a venue, or both."""

    ONLINE = "online"
    IN_PERSON = "in_person"
    HYBRID = "hybrid"


class SessionKind(StrEnum):
    """The part an agenda session plays in the event."""

    OPENING = "opening"
    PRESENTATION = "presentation"
    PANEL = "panel"
    DISCUSSION = "discussion"
    BREAK = "break"
    CLOSING = "closing"
    OTHER = "other"


class Relation(StrEnum):
    """How a related event stands to this one (the ``RELTYPE`` of iCalendar and schema.org's links)."""

    PREVIOUS = "previous"
    NEXT = "next"
    PARENT = "parent"
    CHILD = "child"
