"""Where an in-person event happens."""

from __future__ import annotations

from attrs import converters, field, frozen

from . import _checks as check
from .exceptions import ValidationError

__all__ = ["Venue"]


@frozen(kw_only=True)
class Venue:
    """A physical place, as precise as is known: a city and country are enough for a past assembly."""

    name: str | None = field(default=None, validator=check.optional(check.line))
    street: str | None = field(default=None, validator=check.optional(check.line))
    locality: str | None = field(default=None, validator=check.optional(check.line))
    region: str | None = field(default=None, validator=check.optional(check.line))
    postal_code: str | None = field(default=None, validator=check.optional(check.line))
    country: str | None = field(
        default=None, converter=converters.optional(check.country_code), validator=check.optional(check.country)
    )
    room: str | None = field(default=None, validator=check.optional(check.line))
    url: str | None = field(default=None, validator=check.optional(check.url))
    time_zone: str | None = field(default=None, validator=check.optional(check.time_zone))

    def __attrs_post_init__(self) -> None:
        if not (self.name or self.locality or self.street):
            raise ValidationError("name", "a venue needs at least a name, a street or a locality")
