"""How people sign up to attend."""

from datetime import datetime

from attrs import converters, field, frozen

from . import _checks as check

__all__ = ["Registration"]


@frozen(kw_only=True)
class Registration:
    """Whether registration is required, where, until when, for how many, and what it brings."""

    required: bool = field(default=True, validator=check.flag)
    """Whether people must register to attend; ``False`` when registering is only offered."""
    url: str | None = field(default=None, validator=check.optional(check.url))
    """The page where people register."""
    deadline: datetime | None = field(
        default=None,
        converter=converters.optional(check.aware),
        validator=check.optional(check.zoned),
        eq=check.same_moment,
    )
    """The last moment to register, in an IANA time zone; not after the event ends."""
    capacity: int | None = field(default=None, validator=check.optional(check.integer(1)))
    """How many participants can register, at least 1."""
    instructions: str | None = field(default=None, validator=check.optional(check.text))
    """How to register and what registering brings, in words."""
