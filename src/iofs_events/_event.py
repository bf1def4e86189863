"""The event: the single description from which every output derives."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
from attrs import field, frozen

from . import _checks as check
from ._agenda import AgendaSession
from ._audience import Audience
from ._context import Deliverable, Programme, Reference, RelatedEvent
from ._enums import EventFormat, EventKind, EventStatus, Scope
from ._languages import LanguagePlan
from ._meeting import OnlineMeeting
from ._parties import Organization, Person
from ._places import Venue
from ._registration import Registration
from ._schedule import DateSpan, Schedule, TimeSpan
from ._translations import Localized, Translations, as_translations, check_translations, localize, translations_rule
from .exceptions import ValidationError

__all__ = ["Event"]

_identifier = check.pattern(
    r"[A-Za-z0-9][A-Za-z0-9._~-]{0,199}",
    "must be 1 to 200 letters, digits, '.', '_', '~' or '-', starting with a letter or digit",
)


@frozen(kw_only=True)
class Event:
    """A workshop, training, assembly or other event, with everything known about it.

    Only ``id``, ``kind``, ``title`` and ``format`` are required: facts that are not known
    (a time, a link, an email address) stay absent and outputs say so rather than invent them.
    ``id`` is stable for the life of the event; calendar UIDs derive from it. ``revision``
    counts the published changes (iCalendar's ``SEQUENCE``). Its texts are written in
    ``text_language``; ``translations`` gives them in more languages, one block per language
    shaped like the event (see :meth:`localized`). Change an event with :func:`attrs.evolve`,
    which validates again.
    """

    id: str = field(validator=_identifier)
    kind: EventKind = field(validator=check.member(EventKind))
    title: str = field(validator=check.line)
    scope: Scope | None = field(default=None, validator=check.optional(check.member(Scope)))
    format: EventFormat = field(validator=check.member(EventFormat))
    status: EventStatus = field(default=EventStatus.SCHEDULED, validator=check.member(EventStatus))
    revision: int = field(default=0, validator=check.integer(0, 2**31 - 1))  # iCalendar INTEGER
    announced_on: date | None = field(default=None, validator=check.optional(check.day))
    schedule: Schedule | None = field(default=None, validator=check.optional(check.member((TimeSpan, DateSpan))))
    summary: str | None = field(default=None, validator=check.optional(check.text))
    background: tuple[str, ...] = field(default=(), validator=check.tuple_of(check.text))
    objectives: tuple[str, ...] = field(default=(), validator=check.tuple_of(check.text))
    audience: Audience | None = field(default=None, validator=check.optional(check.member(Audience)))
    languages: LanguagePlan | None = field(default=None, validator=check.optional(check.member(LanguagePlan)))
    text_language: str = field(default="en", converter=check.language_tag, validator=check.language)
    venue: Venue | None = field(default=None, validator=check.optional(check.member(Venue)))
    online_meeting: OnlineMeeting | None = field(default=None, validator=check.optional(check.member(OnlineMeeting)))
    organizer: Organization | None = field(default=None, validator=check.optional(check.member(Organization)))
    partners: tuple[Organization, ...] = field(
        default=(), validator=check.tuple_of(check.member(Organization), unique=True)
    )
    partners_note: str | None = field(default=None, validator=check.optional(check.text))
    programme: Programme | None = field(default=None, validator=check.optional(check.member(Programme)))
    agenda: tuple[AgendaSession, ...] = field(default=(), validator=check.tuple_of(check.member(AgendaSession)))
    registration: Registration | None = field(default=None, validator=check.optional(check.member(Registration)))
    contacts: tuple[Person, ...] = field(default=(), validator=check.tuple_of(check.member(Person), unique=True))
    references: tuple[Reference, ...] = field(default=(), validator=check.tuple_of(check.member(Reference)))
    related: tuple[RelatedEvent, ...] = field(default=(), validator=check.tuple_of(check.member(RelatedEvent)))
    deliverables: tuple[Deliverable, ...] = field(default=(), validator=check.tuple_of(check.member(Deliverable)))
    topics: tuple[str, ...] = field(default=(), validator=check.tuple_of(check.line, unique=True))
    disclaimer: tuple[str, ...] = field(default=(), validator=check.tuple_of(check.text))
    url: str | None = field(default=None, validator=check.optional(check.url))
    translations: Translations = field(factory=Translations, converter=as_translations, validator=translations_rule)

    def __attrs_post_init__(self) -> None:
        if self.format is EventFormat.ONLINE and self.venue is not None:
            raise ValidationError("venue", "an online event has no venue; make the format 'hybrid'")
        if self.format is EventFormat.IN_PERSON and self.online_meeting is not None:
            raise ValidationError(
                "online_meeting", "an in-person event has no online meeting; make the format 'hybrid'"
            )
        if self.schedule is not None:
            self._check_within_schedule(self.schedule)
        if self.translations:
            check_translations(self.translations, self, self.text_language)

    def _check_within_schedule(self, schedule: Schedule) -> None:
        for index, session in enumerate(self.agenda):
            for name in ("starts_at", "ends_at"):
                moment = getattr(session, name)
                if moment is not None and not schedule.contains(moment):
                    raise ValidationError(f"agenda[{index}].{name}", "lies outside the event's schedule")
        deadline = self.registration.deadline if self.registration else None
        if deadline is not None and schedule.has_ended_by(deadline):
            raise ValidationError("registration.deadline", "must not be after the event ends")

    def revise(self, **changes: Any) -> Event:
        """A new revision of the event with ``changes``: what calendars see as an update."""
        return attrs.evolve(self, revision=self.revision + 1, **changes)

    def cancel(self) -> Event:
        """The event cancelled, as a new revision, so that calendars remove it."""
        return self.revise(status=EventStatus.CANCELLED)

    def localized(self, language: str) -> Localized:
        """The event as a reader of ``language`` (a BCP 47 tag such as ``ar-SA``) reads it.

        Its texts come from the translation in that language (``ar-SA``, else ``ar``) where it
        has them; the rest stay in the original, and :attr:`Localized.fallbacks` says which.
        """
        return localize(self, language)

    @property
    def is_date_only(self) -> bool:
        """Whether the event has days but no times yet."""
        return isinstance(self.schedule, DateSpan)
