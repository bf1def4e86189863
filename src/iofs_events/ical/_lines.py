"""Components written as content lines directly: escaped, quoted, ordered and folded as icalendar writes them.

icalendar builds an object for every property, parameter and line of a calendar, which is most
of the time of writing one; here a line is one f-string. The rules are icalendar's own
(``vText``, ``Parameters.to_ical``, ``Contentline``, ``foldline``), quirks included, so that the
bytes are the same: the tests' reference writer puts the same components through icalendar, and
a test compares the two for every event Hypothesis makes.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from ._component import Component, Property, UtcOffset, in_order

# Parameters whose values icalendar always quotes (and CN when it holds a space or an apostrophe).
_ALWAYS_QUOTED = frozenset(
    ("ALTREP", "DELEGATED-FROM", "DELEGATED-TO", "DIR", "MEMBER", "SENT-BY", "X-ADDRESS", "X-TITLE", "LINKREL")
)
_QUOTABLE = re.compile("[,;:\u2019]")
_CARETS = re.compile(r'\^|\r\n|\r|\n|"')  # RFC 6868
_CARET_FOR = {"^": "^^", "\r\n": "^n", "\r": "^n", "\n": "^n", '"': "^'"}
_RECUR_ORDER = (
    *("RSCALE", "FREQ", "UNTIL", "COUNT", "INTERVAL", "BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY", "BYWEEKDAY"),
    *("BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST", "SKIP"),
)
_END = b"\r\n"
_ESCAPES = frozenset(b"\\^")


def write(component: Component) -> bytes:
    """The bytes of ``component`` and of the components inside it, each line folded and ended by CRLF."""
    lines: list[bytes] = []
    _write(component, lines)
    return b"".join(lines)


def _write(component: Component, lines: list[bytes]) -> None:
    lines.append(f"BEGIN:{component.name}\r\n".encode())
    lines += map(line, in_order(component))
    for inner in component.components:
        _write(inner, lines)
    lines.append(f"END:{component.name}\r\n".encode())


def line(item: Property) -> bytes:
    """One property as its folded content line, CRLF included."""
    name, value, parameters = item
    if type(value) is str:
        written = text(value)
    elif isinstance(value, str):  # a Uri: as it is
        written = value
    elif isinstance(value, datetime):
        written = _datetime(value, "TZID" in parameters)
    elif isinstance(value, date):
        written = f"{value.year:04}{value.month:02}{value.day:02}"
        parameters = {**parameters, "VALUE": "DATE"}  # as icalendar infers it
    elif isinstance(value, timedelta):
        written = duration(value)
    elif isinstance(value, UtcOffset):
        written = _offset(value.offset)
    elif isinstance(value, int):
        written = str(value)
    elif isinstance(value, list):
        written = ",".join(map(text, value))
    else:
        written = _recurrence(value)
    if parameters:
        return fold(f"{name};{_parameters(tuple(parameters.items()))}:{written}")
    return fold(f"{name}:{written}")


def text(value: str) -> str:
    r"""``value`` escaped as TEXT, as icalendar escapes it (which also reads the two characters ``\N`` as a break)."""
    if "\\" in value or "\r" in value:
        value = value.replace("\\N", "\n").replace("\\", "\\\\").replace("\r\n", "\n").replace("\r", "\n")
    if ";" in value or "," in value or "\n" in value:  # most short values have none: three searches, no copies
        return value.replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    return value


@lru_cache(maxsize=1024)
def _parameters(parameters: tuple[tuple[str, str | tuple[str, ...]], ...]) -> str:
    """Parameters as icalendar writes them: by name, each value quoted as it needs (a few recur: cached)."""
    written = []
    for key, value in sorted(parameters):  # never a TZID=UTC, which icalendar would leave out: UTC is written Z
        always = key in _ALWAYS_QUOTED or (key == "CN" and (" " in value or "'" in value))
        if isinstance(value, str):
            written.append(f"{key}={_quoted(value, always)}")
        else:
            written.append(f"{key}={','.join(_quoted(item, always) for item in value)}")
    return ";".join(written)


def _quoted(value: str, always: bool) -> str:
    """A parameter value with RFC 6868's carets, in double quotes when it needs them."""
    if '"' in value or "^" in value or "\n" in value or "\r" in value:
        value = _CARETS.sub(lambda match: _CARET_FOR[match.group()], value)
    return f'"{value}"' if always or _QUOTABLE.search(value) else value


def _datetime(value: datetime, local: bool = False) -> str:
    """A DATE-TIME: ``local`` (with a ``TZID``) or floating as its clock shows it, else in UTC with ``Z``."""
    written = f"{value.year:04}{value.month:02}{value.day:02}T{value.hour:02}{value.minute:02}{value.second:02}"
    return written if local or value.tzinfo is None else f"{written}Z"


def duration(value: timedelta) -> str:
    """A DURATION as icalendar writes it: ``PT12H``, ``-PT15M``, ``P1DT2H``."""
    sign = ""
    if value.days < 0:
        sign, value = "-", -value
    clock = ""
    if value.seconds:
        hours, minutes, seconds = value.seconds // 3600, value.seconds % 3600 // 60, value.seconds % 60
        clock = "T" + (f"{hours}H" if hours else "")
        clock += f"{minutes}M" if minutes or (hours and seconds) else ""
        clock += f"{seconds}S" if seconds else ""
    if value.days == 0 and clock:
        return f"{sign}P{clock}"
    return f"{sign}P{value.days}D{clock}"


def _offset(value: timedelta) -> str:
    sign = "-" if value < timedelta(0) else "+"
    value = abs(value)
    hours = value.days * 24 + value.seconds // 3600
    minutes, seconds = value.seconds % 3600 // 60, value.seconds % 60
    return f"{sign}{hours:02}{minutes:02}{seconds:02}" if seconds else f"{sign}{hours:02}{minutes:02}"


def _recurrence(value: dict[str, object]) -> str:
    parts = []
    for key in _RECUR_ORDER:
        if key in value:
            part = value[key]
            parts.append(f"{key}={_datetime(part) if isinstance(part, datetime) else part}")
    return ";".join(parts)


def fold(line: str) -> bytes:
    """One content line in pieces of at most 75 octets, never cut inside a UTF-8 character, ended by CRLF."""
    data = line.encode()
    size = len(data)
    if size <= 74:
        return data + _END
    parts, start = [], 0
    while size - start > 74:
        end = start + 74
        while data[end] & 0xC0 == 0x80:  # a continuation byte: the character began earlier
            end -= 1
        if data[end - 1] in _ESCAPES and end - 1 > start:  # keep an escape with what it escapes, as icalendar does
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:] + _END)
    return b"\r\n ".join(parts)
