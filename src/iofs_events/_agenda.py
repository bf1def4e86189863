"""The programme of the day: sessions and who speaks in them."""

from datetime import datetime

from attrs import converters, field, frozen

from . import _checks as check
from ._enums import SessionKind
from ._parties import Person
from .exceptions import ValidationError

__all__ = ["AgendaSession", "Speaker"]


@frozen(kw_only=True)
class Speaker:
    """A person with the part they play in a session (``Moderator``, ``Keynote speaker``)."""

    person: Person = field(validator=check.member(Person))
    """Who speaks."""
    role: str | None = field(default=None, validator=check.optional(check.line))
    """The part they play in the session (``Moderator``, ``Keynote speaker``)."""


@frozen(kw_only=True)
class AgendaSession:
    """One item of the agenda; its times, when given, lie within the event's schedule."""

    title: str = field(validator=check.line)
    """The title of the session, on one line."""
    kind: SessionKind = field(default=SessionKind.PRESENTATION, validator=check.member(SessionKind))
    """The part the session plays: opening, presentation, panel, break..."""
    starts_at: datetime | None = field(
        default=None,
        converter=converters.optional(check.aware),
        validator=check.optional(check.zoned),
        eq=check.same_moment,
    )
    """The moment it starts, in an IANA time zone, within the event's schedule."""
    ends_at: datetime | None = field(
        default=None,
        converter=converters.optional(check.aware),
        validator=check.optional(check.zoned),
        eq=check.same_moment,
    )
    """The moment it ends, exclusive, after ``starts_at`` (which it needs), within the event's schedule."""
    speakers: tuple[Speaker, ...] = field(default=(), validator=check.tuple_of(check.member(Speaker)))
    """Who speaks in the session, in order, each with their part."""
    language: str | None = field(
        default=None, converter=converters.optional(check.language_tag), validator=check.optional(check.language)
    )
    """The BCP 47 tag of the session's language when it is not the event's ``text_language``."""
    description: str | None = field(default=None, validator=check.optional(check.text))
    """What the session is about, in words."""

    def __attrs_post_init__(self) -> None:
        if self.ends_at is not None:
            if self.starts_at is None:
                raise ValidationError("starts_at", "must be given when ends_at is")
            if check.instant(self.ends_at) <= check.instant(self.starts_at):
                raise ValidationError("ends_at", "must be after starts_at")
