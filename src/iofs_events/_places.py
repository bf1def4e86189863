"""Where an in-person event happens."""

from attrs import converters, field, frozen

from . import _checks as check
from .exceptions import ValidationError

__all__ = ["Venue"]


@frozen(kw_only=True)
class Venue:
    """A physical place, as precise as is known: a city and country are enough for a past assembly."""

    name: str | None = field(default=None, validator=check.optional(check.line))
    """The name of the place: a hotel, a conference centre, a ministry."""
    street: str | None = field(default=None, validator=check.optional(check.line))
    """The street and number."""
    locality: str | None = field(default=None, validator=check.optional(check.line))
    """The city or town."""
    region: str | None = field(default=None, validator=check.optional(check.line))
    """The state, province or region."""
    postal_code: str | None = field(default=None, validator=check.optional(check.line))
    """The postal code."""
    country: str | None = field(
        default=None, converter=converters.optional(check.country_code), validator=check.optional(check.country)
    )
    """The country, as an ISO 3166-1 alpha-2 code (``KZ``); lower case is upper-cased."""
    room: str | None = field(default=None, validator=check.optional(check.line))
    """The room or hall inside the place."""
    url: str | None = field(default=None, validator=check.optional(check.url))
    """A web page about the place, such as how to get there."""
    time_zone: str | None = field(default=None, validator=check.optional(check.time_zone))
    """The IANA name of the place's time zone (``Asia/Almaty``); the schedule's times carry their own."""

    def __attrs_post_init__(self) -> None:
        if not (self.name or self.locality or self.street):
            raise ValidationError("name", "a venue needs at least a name, a street or a locality")
