"""Who takes part: organizations and people."""

from __future__ import annotations

from attrs import converters, field, frozen

from . import _checks as check

__all__ = ["Organization", "Person"]


@frozen(kw_only=True)
class Organization:
    """An organization, optionally narrowed to one of its units (``Secretariat``)."""

    name: str = field(validator=check.line)
    acronym: str | None = field(default=None, validator=check.optional(check.line))
    unit: str | None = field(default=None, validator=check.optional(check.line))
    country: str | None = field(
        default=None, converter=converters.optional(check.country_code), validator=check.optional(check.country)
    )
    url: str | None = field(default=None, validator=check.optional(check.url))
    email: str | None = field(default=None, validator=check.optional(check.email))


@frozen(kw_only=True)
class Person:
    """A person: a speaker, a focal point, a participant. Phones are kept in E.164."""

    name: str = field(validator=check.line)
    position: str | None = field(default=None, validator=check.optional(check.line))
    organization: Organization | None = field(default=None, validator=check.optional(check.member(Organization)))
    country: str | None = field(
        default=None, converter=converters.optional(check.country_code), validator=check.optional(check.country)
    )
    email: str | None = field(default=None, validator=check.optional(check.email))
    phone: str | None = field(
        default=None, converter=converters.optional(check.e164), validator=check.optional(check.phone)
    )
    url: str | None = field(default=None, validator=check.optional(check.url))
