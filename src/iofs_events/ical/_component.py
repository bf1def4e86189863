"""What a calendar holds before it is written: components, their properties and the values' types.

The writer says what goes into a calendar once, as these plain tuples; :mod:`._lines` writes
them directly and fast, and the tests' reference writer (``tests/ical/reference.py``) through
icalendar's component model, which the first must equal byte for byte. A value's Python type
says its iCalendar type: ``str`` is TEXT, :class:`Uri` a URI or calendar address, a
``datetime`` a DATE-TIME (the local time of the zone named by its ``TZID`` parameter when it has
one, else floating when naive and UTC when aware), ``date`` a DATE, ``timedelta`` a DURATION,
:class:`UtcOffset` a UTC-OFFSET, ``int`` an INTEGER, a list of ``str`` the TEXT values of
``CATEGORIES`` and a ``dict`` a RECUR.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import NamedTuple, TypeAlias

Parameters: TypeAlias = Mapping[str, str | tuple[str, ...]]
Value: TypeAlias = str | int | date | timedelta | list[str] | dict[str, object]

NO_PARAMETERS: Parameters = {}


class Uri(str):
    """A URI or a calendar address (``mailto:``): written as it is, with none of TEXT's escapes."""

    __slots__ = ()


class UtcOffset(NamedTuple):
    """A UTC-OFFSET (``TZOFFSETFROM``, ``TZOFFSETTO``): ``+0600``."""

    offset: timedelta


Property: TypeAlias = tuple[str, Value | Uri | UtcOffset, Parameters]
"""One property: its upper-case name, its value and its parameters.

A plain tuple: a calendar makes one for each of its lines, and a named tuple takes six times as
long to make.
"""


class Component(NamedTuple):
    """A component (``VCALENDAR``, ``VEVENT``...): its properties, in the order given, then its components."""

    name: str
    properties: list[Property]
    components: list[Component]


# Properties are written in this order (icalendar's), the others after them by name; a property
# given several times keeps the order of its values.
_FIRST = {
    "VCALENDAR": ("VERSION", "PRODID", "CALSCALE", "METHOD", "DESCRIPTION", "X-WR-CALDESC", "NAME", "X-WR-CALNAME"),
    "VEVENT": (
        *("SUMMARY", "DTSTART", "DTEND", "DURATION", "DTSTAMP", "UID"),
        *("RECURRENCE-ID", "SEQUENCE", "RRULE", "RDATE", "EXDATE"),
    ),
    "VTIMEZONE": ("TZID",),
}


class _Ranks(dict[str, str]):
    """The sort key of each property name: its place among the first, else the name after them all."""

    def __init__(self, first: tuple[str, ...]) -> None:
        super().__init__((name, f"{index:02}") for index, name in enumerate(first))

    def __missing__(self, name: str) -> str:
        self[name] = rank = f"~{name}"
        return rank


_RANKS = {component: _Ranks(names) for component, names in _FIRST.items()}


def in_order(component: Component) -> list[Property]:
    """The properties of ``component`` in the order they are written."""
    ranks = _RANKS.get(component.name)
    if ranks is None:
        ranks = _RANKS[component.name] = _Ranks(())
    return sorted(component.properties, key=lambda item: ranks[item[0]])
