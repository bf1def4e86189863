"""The event: the single description from which every output derives."""

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
from ._schedule import DateSpan, Schedule, TimeSpan, within
from ._translations import Localized, Translations, as_translations, check_translations, localize, translations_rule
from .exceptions import ValidationError

__all__ = ["Event"]

_identifier = check.pattern(
    r"[A-Za-z0-9][A-Za-z0-9._~-]{0,199}",
    "must be 1 to 200 letters, digits, '.', '_', '~' or '-', starting with a letter or digit",
)


@frozen(kw_only=True, cache_hash=True)  # hashed once: readings and calendars of an event are cached by it
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
    """The stable identifier (calendar UIDs derive from it): 1 to 200 letters, digits, ``.``, ``_``, ``~``, ``-``."""
    kind: EventKind = field(validator=check.member(EventKind))
    """What kind of gathering it is: a workshop, a training, a general assembly..."""
    title: str = field(validator=check.line)
    """The title, on one line, in the language of ``text_language``."""
    scope: Scope | None = field(default=None, validator=check.optional(check.member(Scope)))
    """Whom it gathers: one country, a region of member states, or all of them."""
    format: EventFormat = field(validator=check.member(EventFormat))
    """How people attend: online, in person or both; says whether ``venue`` and ``online_meeting`` may be given."""
    status: EventStatus = field(default=EventStatus.SCHEDULED, validator=check.member(EventStatus))
    """Where the event stands; a cancelled event is kept, so that calendars can remove it."""
    revision: int = field(default=0, validator=check.integer(0, 2**31 - 1))  # iCalendar INTEGER
    """How many changes have been published, from 0: iCalendar's ``SEQUENCE``, raised by :meth:`Event.revise`."""
    announced_on: date | None = field(default=None, validator=check.optional(check.day))
    """The day the event was first announced."""
    schedule: Schedule | None = field(default=None, validator=check.optional(check.member((TimeSpan, DateSpan))))
    """When it happens: a :class:`TimeSpan`, or a :class:`DateSpan` while only its days are known."""
    summary: str | None = field(default=None, validator=check.optional(check.text))
    """A paragraph on what the event is about; calendar entries and web pages use it as their description."""
    background: tuple[str, ...] = field(default=(), validator=check.tuple_of(check.text))
    """Paragraphs on the context of the event: why it is held."""
    objectives: tuple[str, ...] = field(default=(), validator=check.tuple_of(check.text))
    """What the event sets out to achieve, one item each, in order."""
    audience: Audience | None = field(default=None, validator=check.optional(check.member(Audience)))
    """Whom the event is for."""
    languages: LanguagePlan | None = field(default=None, validator=check.optional(check.member(LanguagePlan)))
    """The language spoken on the floor, and the interpretation, captions and sign languages offered."""
    text_language: str = field(default="en", converter=check.language_tag, validator=check.language)
    """The BCP 47 tag (``en``, ``fr-CA``) of the language the title, summary and other texts are written in."""
    venue: Venue | None = field(default=None, validator=check.optional(check.member(Venue)))
    """Where it happens in person; only for an in-person or hybrid event."""
    online_meeting: OnlineMeeting | None = field(default=None, validator=check.optional(check.member(OnlineMeeting)))
    """How to join online; only for an online or hybrid event."""
    organizer: Organization | None = field(default=None, validator=check.optional(check.member(Organization)))
    """The organization that holds the event."""
    partners: tuple[Organization, ...] = field(
        default=(), validator=check.tuple_of(check.member(Organization), unique=True)
    )
    """The organizations that hold it with the organizer, without repeats."""
    partners_note: str | None = field(default=None, validator=check.optional(check.text))
    """Partners told in words when they are not named one by one (``other stakeholders``)."""
    programme: Programme | None = field(default=None, validator=check.optional(check.member(Programme)))
    """The programme the event belongs to."""
    agenda: tuple[AgendaSession, ...] = field(default=(), validator=check.tuple_of(check.member(AgendaSession)))
    """The sessions, in order; their times, when given, lie within ``schedule``."""
    registration: Registration | None = field(default=None, validator=check.optional(check.member(Registration)))
    """How to sign up for the event."""
    contacts: tuple[Person, ...] = field(default=(), validator=check.tuple_of(check.member(Person), unique=True))
    """The people to ask about the event (its focal points), without repeats."""
    references: tuple[Reference, ...] = field(default=(), validator=check.tuple_of(check.member(Reference)))
    """Documents the event refers to: reports, resolutions, studies."""
    related: tuple[RelatedEvent, ...] = field(default=(), validator=check.tuple_of(check.member(RelatedEvent)))
    """Other events this one follows, precedes or belongs to."""
    deliverables: tuple[Deliverable, ...] = field(default=(), validator=check.tuple_of(check.member(Deliverable)))
    """What the event is meant to produce or prepare."""
    topics: tuple[str, ...] = field(default=(), validator=check.tuple_of(check.line, unique=True))
    """Subject keywords, one line each, without repeats (iCalendar's ``CATEGORIES``, schema.org's ``keywords``)."""
    disclaimer: tuple[str, ...] = field(default=(), validator=check.tuple_of(check.text))
    """Paragraphs of legal notice, printed at the end of invitations and calendar descriptions."""
    url: str | None = field(default=None, validator=check.optional(check.url))
    """The public web page of the event."""
    translations: Translations = field(factory=Translations, converter=as_translations, validator=translations_rule)
    """The event's texts in more languages, by BCP 47 tag: one block per language, shaped like the event."""

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
        contains = within(schedule)
        for index, session in enumerate(self.agenda):
            for name in ("starts_at", "ends_at"):
                moment = getattr(session, name)
                if moment is not None and not contains(moment):
                    raise ValidationError(f"agenda[{index}].{name}", "lies outside the event's schedule")
        deadline = self.registration.deadline if self.registration else None
        if deadline is not None and schedule.has_ended_by(deadline):
            raise ValidationError("registration.deadline", "must not be after the event ends")

    def revise(self, **changes: Any) -> "Event":
        """A new revision of the event with ``changes``: what calendars see as an update."""
        return attrs.evolve(self, revision=self.revision + 1, **changes)

    def cancel(self) -> "Event":
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
