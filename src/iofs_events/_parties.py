"""Who takes part: organizations and people."""

from attrs import converters, field, frozen

from . import _checks as check

__all__ = ["Organization", "Person"]


@frozen(kw_only=True)
class Organization:
    """An organization, optionally narrowed to one of its units (``Secretariat``)."""

    name: str = field(validator=check.line)
    """The full name (``Islamic Organization for Food Security``)."""
    acronym: str | None = field(default=None, validator=check.optional(check.line))
    """The short name (``IOFS``)."""
    unit: str | None = field(default=None, validator=check.optional(check.line))
    """The part of the organization that is meant (``Secretariat``)."""
    country: str | None = field(
        default=None, converter=converters.optional(check.country_code), validator=check.optional(check.country)
    )
    """The country where it is based, as an ISO 3166-1 alpha-2 code (``KZ``); lower case is upper-cased."""
    url: str | None = field(default=None, validator=check.optional(check.url))
    """Its web site."""
    email: str | None = field(default=None, validator=check.optional(check.email))
    """Its email address, checked in form only (no DNS lookup)."""


@frozen(kw_only=True)
class Person:
    """A person: a speaker, a focal point, a participant. Phones are kept in E.164."""

    name: str = field(validator=check.line)
    """The person's full name, as they write it."""
    position: str | None = field(default=None, validator=check.optional(check.line))
    """Their position (``Program Manager``)."""
    organization: Organization | None = field(default=None, validator=check.optional(check.member(Organization)))
    """The organization they work for."""
    country: str | None = field(
        default=None, converter=converters.optional(check.country_code), validator=check.optional(check.country)
    )
    """Their country, as an ISO 3166-1 alpha-2 code (``KZ``); lower case is upper-cased."""
    email: str | None = field(default=None, validator=check.optional(check.email))
    """Their email address, checked in form only (no DNS lookup)."""
    phone: str | None = field(
        default=None, converter=converters.optional(check.e164), validator=check.optional(check.phone)
    )
    """Their phone number in E.164 (``+77018812532``); any valid international form is normalized to it."""
    url: str | None = field(default=None, validator=check.optional(check.url))
    """A web page about them."""
