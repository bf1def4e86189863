"""How people sign up to attend."""

from __future__ import annotations

from datetime import datetime

from attrs import converters, field, frozen

from . import _checks as check

__all__ = ["Registration"]


@frozen(kw_only=True)
class Registration:
    """Whether registration is required, where, until when, for how many, and what it brings."""

    required: bool = field(default=True, validator=check.flag)
    url: str | None = field(default=None, validator=check.optional(check.url))
    deadline: datetime | None = field(
        default=None,
        converter=converters.optional(check.aware),
        validator=check.optional(check.zoned),
        eq=check.same_moment,
    )
    capacity: int | None = field(default=None, validator=check.optional(check.integer(1)))
    instructions: str | None = field(default=None, validator=check.optional(check.text))
