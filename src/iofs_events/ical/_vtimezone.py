"""VTIMEZONE components that real clients read right for the dates of our events.

icalendar's own VTIMEZONE lists every transition of a zone as one long ``RDATE``, and ical.js
(Thunderbird's engine) reads only the first date of such a list. Here the zone's real history
is sampled from :mod:`zoneinfo` around the events' dates and written as observances that
every client reads: a yearly ``RRULE`` for each run of transitions that follows one rule
(``BYMONTH=3;BYDAY=-1SU``), and a plain ``DTSTART`` for a transition that follows none, such
as Casablanca's before and after Ramadan or Almaty's move from UTC+6 to UTC+5 in 2024.
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

_DAY = 86_400
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_EPOCH = datetime(1970, 1, 1)


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
    for moment in range(start + step, end + step, step):
        state = _state(zone, moment)
        if state == before:
            continue
        low, high = moment - step, moment  # the change lies in (low, high]
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (middle, high) if _state(zone, middle) == before else (low, middle)
        local = datetime.fromtimestamp(high, UTC).replace(tzinfo=None) + before.offset
        found.append(_Transition(local, before, _state(zone, high)))
        before = state
    return found


def vtimezone(key: str, first: datetime, last: datetime) -> Timezone:
    """The VTIMEZONE of zone ``key``, right for every moment from ``first`` to ``last``."""
    timezone = Timezone()
    timezone.add("tzid", key)
    for local, before, after, recurrence in _observances(key, first.year, last.year):
        observance = TimezoneDaylight() if after.dst else TimezoneStandard()
        observance.add("dtstart", local)
        observance.add("tzoffsetfrom", before.offset)
        observance.add("tzoffsetto", after.offset)
        observance.add("tzname", after.name)
        if recurrence:
            observance.add("rrule", vRecur(recurrence))
        timezone.add_component(observance)
    return timezone


_Observance = tuple[datetime, _State, _State, dict[str, object] | None]


@lru_cache(maxsize=256)
def _observances(key: str, first_year: int, last_year: int) -> tuple[_Observance, ...]:
    """The observances of zone ``key`` for whole years, a year of margin on either side."""
    zone = ZoneInfo(key)
    start = int(datetime(first_year - 1, 1, 1, tzinfo=UTC).timestamp())
    end = int(datetime(last_year + 2, 1, 1, tzinfo=UTC).timestamp())
    history = _transitions(zone, start, end)
    # The observance in force at the start: the last change before it, looked for a few
    # decades back; a zone that has not changed since keeps a single observance from 1970.
    earlier = _transitions(zone, start - 40 * 366 * _DAY, start, step=7 * _DAY)
    if earlier:
        history.insert(0, earlier[-1])
    if not history:
        state = _state(zone, start)
        return ((_EPOCH, state, state, None),)
    observances = []
    for run in _yearly_runs(history):
        recurrence: dict[str, object] | None = None
        if len(run) > 1:
            month, day = run[0].rule()
            recurrence = {"FREQ": "YEARLY", "BYMONTH": month, "BYDAY": day}
            if run[-1].local.year < last_year + 1:  # the rule ended before the margin did
                recurrence["UNTIL"] = (run[-1].local - run[-1].before.offset).replace(tzinfo=UTC)
        observances.append((run[0].local, run[0].before, run[0].after, recurrence))
    return tuple(observances)


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
