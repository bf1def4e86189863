"""The wording every output shares: names of platforms, languages and countries, dates, people and places.

Calendars, emails, JSON-LD and platform messages all name things the same way through these
functions. Names of languages and countries, lists and dates are written for a reader's language
with Babel (CLDR), which is imported on first use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from . import _checks as check
from ._cache import remembered

if TYPE_CHECKING:
    from babel import Locale

    from ._parties import Organization
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


@lru_cache(maxsize=1024)
@remembered("babel")
def language_name(tag: str, reader: str) -> str:
    """The name of language ``tag`` in the language ``reader``: ``ar`` read in ``fr`` is "arabe"."""
    names = locale(reader).languages
    return str(names.get(tag.replace("-", "_")) or names.get(tag.split("-")[0]) or tag)


@lru_cache(maxsize=1024)
@remembered("babel")
def country_name(code: str, reader: str) -> str:
    """The name of country ``code`` in the language ``reader``."""
    return str(locale(reader).territories.get(code, code))


@lru_cache(maxsize=64)
@remembered("babel")
def comma(reader: str) -> str:
    """The comma of the reader's script, as CLDR puts one between a date and a time (Arabic "، ")."""
    pattern = str(locale(reader).datetime_formats["full"])
    return pattern.partition("{1}")[2].partition("{0}")[0] or ", "


@lru_cache(maxsize=64)
def semicolon(reader: str) -> str:
    """The semicolon of the reader's script, between items that hold commas (Arabic "؛ ")."""
    return "\u061b " if comma(reader) == "\u060c " else "; "


def list_text(items: list[str], reader: str) -> str:
    """Items joined as the reader's language lists them ("A, B and C"; "A، B و C")."""
    return _ITEM.sub(lambda found: items[int(found[1])], _list_layout(len(items), reader))


_ITEM = re.compile("\x00([0-9]+)\x00")  # where an item goes in a list's layout: no text of an event holds NUL


@lru_cache(maxsize=256)
@remembered("babel")
def _list_layout(count: int, reader: str) -> str:
    """How the reader's language lists ``count`` items, each a mark of its place: names never reach the cache."""
    from babel.lists import format_list

    return str(format_list([f"\x00{index}\x00" for index in range(count)], locale=locale(reader)))


@lru_cache(maxsize=4096)
@remembered("babel")
def day_text(value: date, reader: str, width: str = "long") -> str:
    """A date in CLDR's ``long`` form ("22 December 2021"), or another width (``full`` adds the weekday)."""
    from babel.dates import format_date

    return str(format_date(value, format=width, locale=locale(reader)))


@lru_cache(maxsize=4096)
@remembered("babel")
def days_text(first: date, last: date, reader: str) -> str:
    """One day, or a span of days with the months written out ("2-3 December 2020", "2-3 décembre 2020").

    CLDR has no interval pattern with full month names in many languages (Babel then abbreviates
    them), so days of one month are written as the last day's date with its day made a range.
    """
    from babel.dates import format_skeleton

    if first == last:
        return day_text(first, reader)
    written = day_text(last, reader)
    day = re.search(rf"(?<![0-9]){last.day}(?![0-9])", written)
    if (first.year, first.month) == (last.year, last.month) and day is not None:
        return f"{written[: day.start()]}{first.day}\u2013{last.day}{written[day.end() :]}"
    start = (
        format_skeleton("MMMMd", first, locale=locale(reader)) if first.year == last.year else day_text(first, reader)
    )
    return str(locale(reader).interval_formats[None]).replace("{0}", start).replace("{1}", written)


def time_text(value: datetime, reader: str) -> str:
    """The time of day of ``value`` on its own clock, in CLDR's short form ("10:00")."""
    return _clock(value.time(), reader)


@lru_cache(maxsize=4096)
@remembered("babel")
def _clock(value: time, reader: str) -> str:
    """A time of day (cached on the wall-clock time alone, never on a zoned instant)."""
    from babel.dates import format_time

    return str(format_time(value, format="short", locale=locale(reader)))


# CLDR's names of some zones' cities are out of date in some languages: people write them so today.
_CITIES = {("fr", "Asia/Almaty"): "Almaty", ("fr", "Asia/Qyzylorda"): "Kyzylorda"}

Gettext = Callable[[str], str]


def zone_text(key: str, moment: datetime, reader: str) -> str:
    """The zone as a reader knows it: its city, and its offset from GMT at ``moment`` ("Almaty, GMT+06:00")."""
    return _zone_text(key, moment.astimezone(ZoneInfo(key)).utcoffset() or timedelta(0), reader)


@lru_cache(maxsize=1024)
@remembered("babel")
def _zone_text(key: str, offset: timedelta, reader: str) -> str:
    """:func:`zone_text`, cached on the offset: all that the text says of the moment."""
    from babel.dates import format_datetime, get_timezone_location

    gmt = str(format_datetime(datetime(2000, 1, 1, tzinfo=timezone(offset)), "ZZZZ", locale=locale(reader)))
    if key == "UTC":
        return gmt
    city = _CITIES.get((reader.split("-")[0], key)) or get_timezone_location(
        ZoneInfo(key), locale=locale(reader), return_city=True
    )
    return f"{city}{comma(reader)}{gmt}"


def date_time_text(value: datetime, reader: str, time: str | None = None) -> str:
    """A date and a time joined as the reader's locale joins them (``{1}, {0}``; Arabic with its own comma)."""
    day = day_text(value.date(), reader, "full")
    return _date_time_pattern(reader).replace("{1}", day).replace("{0}", time or time_text(value, reader))


@lru_cache(maxsize=64)
@remembered("babel")
def _date_time_pattern(reader: str) -> str:
    return str(locale(reader).datetime_formats["full"])


def time_range(starts_at: datetime, ends_at: datetime, key: str, reader: str) -> str:
    """``Wednesday, 22 December 2021, 10:00-16:00 (Almaty, GMT+06:00)`` as the clock of zone ``key`` shows it."""
    zone = ZoneInfo(key)
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    until = time_text(end, reader) if end.date() == start.date() else date_time_text(end, reader)
    times = f"{time_text(start, reader)}\u2013{until}"
    return f"{date_time_text(start, reader, times)} ({zone_text(key, start, reader)})"


def moment_text(value: datetime, reader: str) -> str:
    """One moment, as the clock of its own zone shows it, with that zone ("…, 18:00 (Almaty, GMT+06:00)")."""
    key = value.tzinfo.key  # type: ignore[union-attr] # the model keeps moments in IANA zones
    return f"{date_time_text(value, reader)} ({zone_text(key, value, reader)})"


@lru_cache(maxsize=4096)
def phone_text(number: str) -> str:
    """A phone number in E.164 written for reading: ``+7 701 881 2532``."""
    return check.phone_written(number)


def venue_text(venue: Venue, reader: str) -> str:
    """A venue on one line: name, room, street, postal code and locality, region, country."""
    country = country_name(venue.country, reader) if venue.country else None
    town = " ".join(part for part in (venue.postal_code, venue.locality) if part)
    return ", ".join(part for part in (venue.name, venue.room, venue.street, town, venue.region, country) if part)


def shortened(text: str, limit: int) -> str:
    """``text`` cut at a word to at most ``limit`` characters and an ellipsis, for a preview; whole if it fits."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "\u2026"


def organization_name(organization: Organization) -> str:
    """The name with its acronym: ``Islamic Organization for Food Security (IOFS)``."""
    return f"{organization.name} ({organization.acronym})" if organization.acronym else organization.name
