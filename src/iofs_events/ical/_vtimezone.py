"""VTIMEZONE components that real clients read right for the dates of our events.

icalendar's own VTIMEZONE lists every transition of a zone as one long ``RDATE``, and ical.js
(Thunderbird's engine) reads only the first date of such a list. Here the zone's real history
is sampled from :mod:`zoneinfo` around the events' dates and written as observances that
every client reads: a yearly ``RRULE`` for each run of transitions that follows one rule
(``BYMONTH=3;BYDAY=-1SU``), and a plain ``DTSTART`` for a transition that follows none, such
as Casablanca's before and after Ramadan or Almaty's move from UTC+6 to UTC+5 in 2024.

Readers disagree at the edges of a VTIMEZONE, so ours has none where it is used: its first
observance is the one in force at the first time the calendar uses, however long ago it began
(before it, ical.js would read UTC); and each ``UNTIL`` lies a day after the last change of its
rule, so that dateutil, which reads a UTC ``UNTIL`` as a local time, keeps that change too.
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple
from zoneinfo import ZoneInfo

from ._component import NO_PARAMETERS, Component, UtcOffset

_DAY = 86_400
_WEEK = 7 * _DAY
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_EPOCH = datetime(1970, 1, 1)
# Every zone left local mean time long after this; before it, a zone is taken never to have changed.
_FLOOR_YEAR = 1800
# Read as a local time by dateutil, a UTC UNTIL falls up to 14 hours early; the rule's next change
# is a year later. A day after its last change, UNTIL means the same to every reader.
_UNTIL_MARGIN = timedelta(days=1)


class _State(NamedTuple):
    offset: timedelta
    dst: bool
    name: str


class _Transition(NamedTuple):
    local: datetime  # the wall-clock time it happens at, read on the clock before it
    before: _State
    after: _State

    def rule(self) -> tuple[int, str]:
        """The yearly rule it follows: month and day (``-1SU``, ``2SU``)."""
        day = self.local.day
        weekday = _WEEKDAYS[self.local.weekday()]
        last = day + 7 > calendar.monthrange(self.local.year, self.local.month)[1]
        return self.local.month, f"-1{weekday}" if last else f"{(day - 1) // 7 + 1}{weekday}"

    def kind(self) -> tuple[object, ...]:
        """What must be equal for two transitions to be one observance with a yearly rule."""
        return (self.before, self.after, self.rule(), self.local.time())


def _state(zone: ZoneInfo, moment: int) -> _State:
    local = datetime.fromtimestamp(moment, zone)
    return _State(local.utcoffset() or timedelta(0), bool(local.dst()), local.tzname() or "")


def _transitions(zone: ZoneInfo, start: int, end: int, step: int = _DAY) -> list[_Transition]:
    """Every change of offset, daylight flag or name between two UTC timestamps.

    The zone is sampled every ``step`` seconds, and each change found is then narrowed to
    the second; two changes closer than ``step`` would hide each other.
    """
    found = []
    before = _state(zone, start)
    for previous, moment in pairwise((*range(start, end, step), end)):
        local = datetime.fromtimestamp(moment, zone)  # the hot loop: no _State for a sample that matches
        if local.utcoffset() == before.offset and local.tzname() == before.name and bool(local.dst()) == before.dst:
            continue
        low, high = previous, moment  # the change lies in (low, high]
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (middle, high) if _state(zone, middle) == before else (low, middle)
        local_time = datetime.fromtimestamp(high, UTC).replace(tzinfo=None) + before.offset
        found.append(_Transition(local_time, before, _state(zone, high)))
        before = _state(zone, moment)
    return found


def vtimezone(key: str, first_year: int, last_year: int) -> Component:
    """The VTIMEZONE of zone ``key``, right for every moment from ``first_year`` to ``last_year``."""
    observances = [
        Component(
            "DAYLIGHT" if after.dst else "STANDARD",
            [
                ("DTSTART", local, NO_PARAMETERS),
                ("TZOFFSETFROM", UtcOffset(before.offset), NO_PARAMETERS),
                ("TZOFFSETTO", UtcOffset(after.offset), NO_PARAMETERS),
                ("TZNAME", after.name, NO_PARAMETERS),
                *([("RRULE", recurrence, NO_PARAMETERS)] if recurrence else []),
            ],
            [],
        )
        for local, before, after, recurrence in _observances(key, first_year, last_year)
    ]
    return Component("VTIMEZONE", [("TZID", key, NO_PARAMETERS)], observances)


_Observance = tuple[datetime, _State, _State, dict[str, object] | None]


@lru_cache(maxsize=256)
def _observances(key: str, first_year: int, last_year: int) -> tuple[_Observance, ...]:
    """The observances of zone ``key`` for whole years, a year of margin on either side.

    The first is the one in force at the start of that span, from the change that began it.
    """
    history = [change for year in range(first_year - 1, last_year + 2) for change in _changes_in(key, year)]
    observances: list[_Observance] = []
    previous = _last_change_before(key, first_year - 1)
    if previous is not None:
        history.insert(0, previous)
    else:  # a zone that never changed: one observance, from 1970 or the start of the span if earlier
        start = datetime(first_year - 1, 1, 1, tzinfo=UTC)
        state = _state(ZoneInfo(key), int(start.timestamp()))
        observances.append((min(_EPOCH, start.replace(tzinfo=None) + state.offset), state, state, None))
    for run in _yearly_runs(history):
        recurrence: dict[str, object] | None = None
        if len(run) > 1:
            month, day = run[0].rule()
            recurrence = {"FREQ": "YEARLY", "BYMONTH": month, "BYDAY": day}
            if run[-1].local.year < last_year + 1:  # the rule ended before the margin did
                last = (run[-1].local - run[-1].before.offset).replace(tzinfo=UTC)
                recurrence["UNTIL"] = last + _UNTIL_MARGIN
        observances.append((run[0].local, run[0].before, run[0].after, recurrence))
    return tuple(observances)


@lru_cache(maxsize=32768)
def _changes_in(key: str, year: int, step: int = _DAY) -> tuple[_Transition, ...]:
    """Every change of zone ``key`` in one year (UTC), kept for the calendars of other events that year."""
    start, end = (int(datetime(year + offset, 1, 1, tzinfo=UTC).timestamp()) for offset in (0, 1))
    return tuple(_transitions(ZoneInfo(key), start, end, step))


def _last_change_before(key: str, year: int) -> _Transition | None:
    """The last change of zone ``key`` before ``year`` began, however long before; ``None`` if it never changed.

    Looked for a year at a time, a sample a week: only the last change counts, and two changes
    less than a week apart that a sample misses leave the same observance in force after them.
    """
    for earlier in range(year - 1, _FLOOR_YEAR - 1, -1):
        changes = _changes_in(key, earlier, _WEEK)
        if changes:
            return changes[-1]
    return None


def _yearly_runs(history: list[_Transition]) -> list[list[_Transition]]:
    """Split the transitions into runs that repeat one rule in consecutive years."""
    runs: list[list[_Transition]] = []
    open_runs: dict[tuple[object, ...], list[_Transition]] = {}
    for transition in history:
        run = open_runs.get(transition.kind())
        if run is not None and transition.local.year == run[-1].local.year + 1:
            run.append(transition)
        else:
            run = open_runs[transition.kind()] = [transition]
            runs.append(run)
    return runs
