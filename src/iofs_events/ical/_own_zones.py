"""Time zones as a calendar names and defines them, read as Thunderbird and Evolution read them.

icalendar resolves a ``TZID`` through a cache shared by the whole process, where the first
calendar to define a name wins: two Outlook files that both say ``TZID:Customized Time Zone``
would be read with the first one's offsets. Here each calendar's VTIMEZONEs are read for that
calendar alone. A yearly ``RRULE`` ends at its ``UNTIL`` in UTC, as ical.js and libical read it
(dateutil reads it as a local time); a time before the first observance takes that
observance's ``TZOFFSETFROM``, as libical does (ical.js takes UTC, which no calendar means).

A ``TZID`` may name an IANA zone directly, behind a vendor's prefix
(``/freeassociation.sourceforge.net/Asia/Riyadh``), or as Windows does, by its identifier
(``Arab Standard Time``) or its display name (``(UTC+03:00) Kuwait, Riyadh``).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, available_timezones

from dateutil.rrule import rrulestr
from icalendar import Component, vRecur
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from .. import _checks as check

# "(UTC+03:00) Kuwait, Riyadh", "(GMT+03.00) Kuwait / Riyadh", "(UTC) Coordinated Universal Time"
_DISPLAY_NAME = re.compile(
    r"\((?:UTC|GMT)(?:(?P<sign>[+-])(?P<hours>\d{1,2})[:.](?P<minutes>\d{2}))?\)\s*(?P<places>.+)"
)


def iana_name(tzid: str) -> str | None:
    """The IANA zone that ``tzid`` names, or ``None`` for a name of the calendar's own (``Customized Time Zone``)."""
    candidates = [tzid]
    if tzid.startswith("/"):  # a globally unique TZID: the IANA name ends it, after the vendor's
        parts = tzid.strip("/").split("/")
        candidates += ["/".join(parts[start:]) for start in range(1, len(parts))]
    candidates.append(WINDOWS_TO_OLSON.get(tzid, ""))
    found = next((name for name in candidates if check.is_time_zone(name)), None)
    return found or _from_display_name(tzid)


def _from_display_name(tzid: str) -> str | None:
    """The zone of a Windows display name: the first place it lists that is a zone with the standard offset shown."""
    match = _DISPLAY_NAME.fullmatch(tzid.strip())
    if match is None:
        return None
    sign = -1 if match["sign"] == "-" else 1
    offset = sign * timedelta(hours=int(match["hours"] or 0), minutes=int(match["minutes"] or 0))
    for place in re.split(r",|/|&| and ", match["places"]):
        key = _zones_by_place().get(place.strip().replace(" ", "_").casefold())
        if key is not None and offset in _standard_offsets(key):
            return key
    return None


@cache
def _zones_by_place() -> dict[str, str]:
    """Every IANA zone by its last part, in lower case ("riyadh": "Asia/Riyadh")."""
    zones: dict[str, str] = {}
    for key in sorted(available_timezones()):
        zones.setdefault(key.rsplit("/", 1)[-1].casefold(), key)
    return zones


def _standard_offsets(key: str) -> set[timedelta]:
    """The offsets of zone ``key`` without daylight time, this year."""
    zone, year = ZoneInfo(key), datetime.now(UTC).year
    moments = (datetime(year, month, 1, tzinfo=zone) for month in (1, 7))
    return {(moment.utcoffset() or timedelta(0)) - (moment.dst() or timedelta(0)) for moment in moments}


class _Onset(NamedTuple):
    instant: datetime  # naive UTC
    offset: timedelta  # the offset from then on
    before: timedelta  # the offset until then


class _Observance(NamedTuple):
    start: datetime  # DTSTART, on the clock before it
    before: timedelta
    offset: timedelta
    rules: list[Any]  # dateutil rules of local times
    dates: list[datetime]  # RDATEs, on the clock before them


class OwnZone:
    """One VTIMEZONE of a calendar: the UTC instant of each of its local times.

    Raises :class:`ValueError`, saying why, for a VTIMEZONE that cannot be read.
    """

    def __init__(self, component: Component) -> None:
        self._observances = [
            _observance(sub) for sub in component.subcomponents if sub.name in ("STANDARD", "DAYLIGHT")
        ]
        if not self._observances:
            raise ValueError("it has no STANDARD or DAYLIGHT observance")
        self._until_year = 0
        self._onsets: list[_Onset] = []

    def instant(self, local: datetime) -> datetime:
        """The UTC instant of the naive local time ``local``.

        A time that the clocks repeat is the first one, and a time that they skip is read with
        the offset before the change, which moves it forward (RFC 5545, section 3.3.5).
        """
        if local.year + 1 > self._until_year:
            self._expand(local.year + 1)
        onsets = self._onsets
        # The onsets whose offset puts the time within their own span; the earliest is the first pass.
        for onset, following in zip(onsets, [*(onset.instant for onset in onsets[1:]), datetime.max], strict=True):
            if onset.instant <= local - onset.offset < following:
                return (local - onset.offset).replace(tzinfo=UTC)
        passed = [onset for onset in onsets if onset.instant <= local - onset.before]
        # None: before the first observance, whose TZOFFSETFROM applies; else skipped by the last change passed.
        return (local - (passed[-1] if passed else onsets[0]).before).replace(tzinfo=UTC)

    def _expand(self, year: int) -> None:
        """Every onset up to the end of ``year``, sorted by instant."""
        limit = datetime(year + 1, 1, 1)
        onsets = []
        for start, before, offset, rules, dates in self._observances:
            moments = [start, *dates, *(moment for rule in rules for moment in rule.between(start, limit, inc=True))]
            onsets += [_Onset(moment - before, offset, before) for moment in dict.fromkeys(moments)]
        self._onsets = sorted(onsets)
        self._until_year = year


def _observance(component: Any) -> _Observance:
    """A STANDARD or DAYLIGHT observance; a ValueError that names what cannot be read."""
    try:
        start = _naive(component["DTSTART"].dt)
        before, offset = component["TZOFFSETFROM"].td, component["TZOFFSETTO"].td
        rules = [_rule(rule, start, before) for rule in _all(component, "RRULE")]
        dates = [
            _local(value.dt, before)
            for dates in _all(component, "RDATE")  # local times, or times in UTC
            for value in dates.dts
            if isinstance(value.dt, date)
        ]
    except (KeyError, AttributeError, TypeError, ValueError) as error:
        raise ValueError(f"its {component.name} cannot be read ({type(error).__name__}: {error})") from None
    return _Observance(start, before, offset, rules, dates)


def _naive(value: date) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return datetime.combine(value, datetime.min.time())


def _local(value: date, before: timedelta) -> datetime:
    """A local time of an observance, on the clock before it: a time in UTC is moved there."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None) + before
    return _naive(value)


def _all(component: Component, name: str) -> list[Any]:
    value = component.get(name)
    return [] if value is None else value if isinstance(value, list) else [value]


def _rule(rule: vRecur, start: datetime, before: timedelta) -> Any:
    """The rule's occurrences as local times; a UTC ``UNTIL`` made the local time it is, on the clock before.

    Only a yearly rule, as clocks change: any other could take hours to expand from 1601.
    """
    parts = dict(rule)
    if [str(value).upper() for value in parts.get("FREQ", [])] != ["YEARLY"] or parts.get("INTERVAL", [1]) != [1]:
        raise ValueError(f"{rule.to_ical().decode()!r} is not a rule for each year")  # type: ignore[no-untyped-call]
    if parts.get("UNTIL"):
        parts["UNTIL"] = [_local(parts["UNTIL"][0], before)]
    return rrulestr(vRecur(parts).to_ical().decode(), dtstart=start)  # type: ignore[no-untyped-call]
