"""iofs-events: one typed description of an IOFS event, and everything people need to attend it.

The model lives here; the outputs are submodules that load on first use, as attributes of the
package (``iofs_events.ical.to_ical`` works after ``import iofs_events``):
:mod:`iofs_events.json` (the JSON contract and its schema), :mod:`iofs_events.jsonld`
(schema.org for web pages), :mod:`iofs_events.ical` (calendars), :mod:`iofs_events.mail`
(invitation emails, and sending them), :mod:`iofs_events.platforms` (online meetings on Zoom,
Teams, Webex, Google Meet and Jitsi), :mod:`iofs_events.po` (translation files for translators),
:mod:`iofs_events.publish` (shared calendars over CalDAV), :mod:`iofs_events.page` (the
announcement page, a static site) and :mod:`iofs_events.settings`.
Importing this package does no I/O.
"""

from __future__ import annotations

from importlib import import_module as _import_module
from types import ModuleType as _ModuleType

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
from ._translations import Localized, Texts, Translations
from ._version import __version__
from .exceptions import (
    CalendarError,
    CapabilityError,
    DeliveryError,
    DocumentError,
    FieldTypeError,
    IofsEventsError,
    MailError,
    PageError,
    PlatformError,
    Problem,
    PublishError,
    RosterError,
    SettingsError,
    UnknownPlatformError,
    UnreadableDocumentError,
    ValidationError,
)

__all__ = [
    "OIC_MEMBER_STATES",
    "AgendaSession",
    "Audience",
    "CalendarError",
    "CapabilityError",
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
    "Localized",
    "MailError",
    "OnlineMeeting",
    "Organization",
    "PageError",
    "Person",
    "PlatformError",
    "Problem",
    "Programme",
    "PublishError",
    "Reference",
    "Registration",
    "RelatedEvent",
    "Relation",
    "RosterError",
    "Schedule",
    "Scope",
    "SettingsError",
    "SessionKind",
    "Speaker",
    "Texts",
    "TimeSpan",
    "Translations",
    "UnknownPlatformError",
    "UnreadableDocumentError",
    "ValidationError",
    "Venue",
    "__version__",
]

_SUBMODULES = frozenset(
    {"cli", "exceptions", "ical", "json", "jsonld", "mail", "page", "platforms", "po", "publish", "roster", "settings"}
)


def __getattr__(name: str) -> _ModuleType:
    """Load a submodule (``iofs_events.ical``, ``iofs_events.mail``...) on first use."""
    if name in _SUBMODULES:
        return _import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_SUBMODULES})
