"""The wording every output shares: names of platforms, languages and countries, dates, people and places.

Calendars, emails, JSON-LD and platform messages all name things the same way through these
functions. Names of languages and countries, lists and dates are written for a reader's language
with Babel (CLDR), which is imported on first use.
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache
from typing import TYPE_CHECKING

from ._schedule import DateSpan, TimeSpan

if TYPE_CHECKING:
    from collections.abc import Mapping

    from babel import Locale

    from ._context import Reference, RelatedEvent
    from ._parties import Organization, Person
    from ._places import Venue

PLATFORMS = {
    "zoom": "Zoom",
    "teams": "Microsoft Teams",
    "webex": "Webex",
    "google_meet": "Google Meet",
    "jitsi": "Jitsi Meet",
    "link": "the online meeting",
}


def platform_name(platform: str) -> str:
    """How people call a conferencing platform: ``google_meet`` is "Google Meet"."""
    return PLATFORMS.get(platform, platform.replace("_", " ").title())


@lru_cache(maxsize=32)
def locale(tag: str) -> Locale:
    """The CLDR locale of a BCP 47 tag (``ar-SA``), or English when CLDR has none."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def language_name(tag: str, reader: str) -> str:
    """The name of language ``tag`` in the language ``reader``: ``ar`` read in ``fr`` is "arabe"."""
    names = locale(reader).languages
    return str(names.get(tag.replace("-", "_")) or names.get(tag.split("-")[0]) or tag)


def country_name(code: str, reader: str) -> str:
    """The name of country ``code`` in the language ``reader``."""
    return str(locale(reader).territories.get(code, code))


def list_text(items: list[str], reader: str) -> str:
    """Items joined as the reader's language lists them ("A, B and C"; "A، B و C")."""
    from babel.lists import format_list

    return str(format_list(items, locale=locale(reader)))


@lru_cache(maxsize=4096)
def day_text(value: date, reader: str, width: str = "long") -> str:
    """A date in CLDR's ``long`` form ("22 December 2021"), or another width (``full`` adds the weekday)."""
    from babel.dates import format_date

    return str(format_date(value, format=width, locale=locale(reader)))


@lru_cache(maxsize=4096)
def days_text(first: date, last: date, reader: str) -> str:
    """One day, or a span of days as CLDR writes it ("2-3 December 2020")."""
    from babel.dates import format_interval

    if first == last:
        return day_text(first, reader)
    return str(format_interval(first, last, "yMMMMd", locale=locale(reader)))


def time_text(value: datetime, reader: str) -> str:
    """The time of day of ``value`` on its own clock, in CLDR's short form ("10:00")."""
    return _clock(value.time(), reader)


@lru_cache(maxsize=4096)
def _clock(value: time, reader: str) -> str:
    """A time of day (cached on the wall-clock time alone, never on a zoned instant)."""
    from babel.dates import format_time

    return str(format_time(value, format="short", locale=locale(reader)))


def venue_text(venue: Venue, reader: str) -> str:
    """A venue on one line: name, room, street, postal code and locality, region, country."""
    country = country_name(venue.country, reader) if venue.country else None
    town = " ".join(part for part in (venue.postal_code, venue.locality) if part)
    return ", ".join(part for part in (venue.name, venue.room, venue.street, town, venue.region, country) if part)


def organization_name(organization: Organization) -> str:
    """The name with its acronym: ``Islamic Organization for Food Security (IOFS)``."""
    return f"{organization.name} ({organization.acronym})" if organization.acronym else organization.name


def organization_text(organization: Organization) -> str:
    """An organization on one line: ``Islamic Organization for Food Security (IOFS), Secretariat``."""
    parts = (organization_name(organization), organization.unit, organization.url, organization.email)
    return ", ".join(part for part in parts if part)


def person_text(person: Person) -> str:
    """A person on one line, with the ways to reach them."""
    organization = None
    if person.organization is not None:
        organization = " ".join(p for p in (person.organization.acronym, person.organization.unit) if p) or None
        organization = organization or person.organization.name
    parts = (person.name, person.position, organization, person.phone, person.email, person.url)
    return ", ".join(part for part in parts if part)


def related_text(other: RelatedEvent, reader: str, formats: Mapping[str, str] | None = None) -> str:
    """Another event on one line: title, days, venue and format (named by ``formats``), then its description."""
    parts = [other.title]
    if isinstance(other.schedule, DateSpan):
        parts.append(days_text(other.schedule.first_day, other.schedule.last_day, reader))
    elif isinstance(other.schedule, TimeSpan):
        parts.append(day_text(other.schedule.starts_at.date(), reader))
    elif other.year is not None:
        parts.append(str(other.year))
    if other.venue is not None:
        parts.append(venue_text(other.venue, reader))
    if other.format is not None:
        parts.append(formats[other.format] if formats else other.format.replace("_", "-"))
    text = ", ".join(parts)
    return f"{text}. {other.description}" if other.description else text


def reference_text(reference: Reference) -> str:
    """A reference on one line: its quoted title, publisher, year and link."""
    publisher = reference.publisher.acronym or reference.publisher.name if reference.publisher else None
    details = ", ".join(str(part) for part in (publisher, reference.year) if part)
    text = f"“{reference.title}”" + (f", {details}" if details else "")
    return f"{text}: {reference.url}" if reference.url else text
