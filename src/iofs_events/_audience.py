"""Who an event is for."""

from attrs import field, frozen

from . import _checks as check
from .exceptions import ValidationError

__all__ = ["OIC_MEMBER_STATES", "Audience"]

OIC_MEMBER_STATES: frozenset[str] = frozenset(
    {
        "AE", "AF", "AL", "AZ", "BD", "BF", "BH", "BJ", "BN", "CI", "CM", "DJ", "DZ", "EG", "GA",
        "GM", "GN", "GW", "GY", "ID", "IQ", "IR", "JO", "KM", "KW", "KG", "KZ", "LB", "LY", "MA",
        "MV", "ML", "MR", "MY", "MZ", "NE", "NG", "OM", "PK", "PS", "QA", "SA", "SD", "SL", "SN",
        "SO", "SR", "SY", "TD", "TG", "TJ", "TM", "TN", "TR", "UG", "UZ", "YE",
    }
)  # fmt: skip
"""The 57 member states of the Organisation of Islamic Cooperation, as ISO 3166-1 alpha-2 codes."""


@frozen(kw_only=True)
class Audience:
    """The participants an event addresses: a description, their roles and sectors, their countries."""

    description: str | None = field(default=None, validator=check.optional(check.text))
    """Who the participants are, in words."""
    roles: tuple[str, ...] = field(default=(), validator=check.tuple_of(check.line, unique=True))
    """Their functions (``strategic planners``), without repeats."""
    sectors: tuple[str, ...] = field(default=(), validator=check.tuple_of(check.line, unique=True))
    """Their sectors (``agriculture``), without repeats."""
    countries: tuple[str, ...] = field(
        default=(), converter=check.country_codes, validator=check.tuple_of(check.country, unique=True)
    )
    """The countries they come from, as ISO 3166-1 alpha-2 codes (``KZ``), upper-cased, without repeats."""

    def __attrs_post_init__(self) -> None:
        if not (self.description or self.roles or self.sectors or self.countries):
            raise ValidationError("description", "an audience needs a description, roles, sectors or countries")
