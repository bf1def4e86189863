"""The programme of the day: sessions and who speaks in them."""

from __future__ import annotations

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
    role: str | None = field(default=None, validator=check.optional(check.line))


@frozen(kw_only=True)
class AgendaSession:
    """One item of the agenda; its times, when given, lie within the event's schedule."""

    title: str = field(validator=check.line)
    kind: SessionKind = field(default=SessionKind.PRESENTATION, validator=check.member(SessionKind))
    starts_at: datetime | None = field(
        default=None,
        converter=converters.optional(check.aware),
        validator=check.optional(check.zoned),
        eq=check.same_moment,
    )
    ends_at: datetime | None = field(
        default=None,
        converter=converters.optional(check.aware),
        validator=check.optional(check.zoned),
        eq=check.same_moment,
    )
    speakers: tuple[Speaker, ...] = field(default=(), validator=check.tuple_of(check.member(Speaker)))
    language: str | None = field(
        default=None, converter=converters.optional(check.language_tag), validator=check.optional(check.language)
    )
    description: str | None = field(default=None, validator=check.optional(check.text))

    def __attrs_post_init__(self) -> None:
        if self.ends_at is not None:
            if self.starts_at is None:
                raise ValidationError("starts_at", "must be given when ends_at is")
            if check.instant(self.ends_at) <= check.instant(self.starts_at):
                raise ValidationError("ends_at", "must be after starts_at")
