"""iofs-events: one typed description of an IOFS event, and everything people need to attend it.

The model lives here; the outputs are submodules that load on first use:
:mod:`iofs_events.json` (the JSON contract and its schema), :mod:`iofs_events.jsonld`
(schema.org for web pages), :mod:`iofs_events.ical` (calendars) and :mod:`iofs_events.mail`
(invitation emails, and sending them). Importing this package does no I/O.
"""

from __future__ import annotations

from ._agenda import AgendaSession, Speaker
from ._audience import OIC_MEMBER_STATES, Audience
from ._context import Deliverable, Programme, Reference, RelatedEvent
from ._enums import EventFormat, EventKind, EventStatus, Relation, Scope, SessionKind
from ._event import Event
from ._languages import LanguagePlan
from ._meeting import DialIn, OnlineMeeting
from ._parties import Organization, Person
from ._places import Venue
from ._registration import Registration
from ._schedule import DateSpan, Schedule, TimeSpan
from ._version import __version__
from .exceptions import (
    DeliveryError,
    DocumentError,
    FieldTypeError,
    IofsEventsError,
    MailError,
    Problem,
    SettingsError,
    UnreadableDocumentError,
    ValidationError,
)

__all__ = [
    "OIC_MEMBER_STATES",
    "AgendaSession",
    "Audience",
    "DateSpan",
    "Deliverable",
    "DeliveryError",
    "DialIn",
    "DocumentError",
    "Event",
    "EventFormat",
    "EventKind",
    "EventStatus",
    "FieldTypeError",
    "IofsEventsError",
    "LanguagePlan",
    "MailError",
    "OnlineMeeting",
    "Organization",
    "Person",
    "Problem",
    "Programme",
    "Reference",
    "Registration",
    "RelatedEvent",
    "Relation",
    "Schedule",
    "Scope",
    "SettingsError",
    "SessionKind",
    "Speaker",
    "TimeSpan",
    "UnreadableDocumentError",
    "ValidationError",
    "Venue",
    "__version__",
]
