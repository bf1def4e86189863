"""What the JSON values of documents become in the model, and back: shared by both readers and the writer.

Each function takes one value as parsed from JSON (or TOML) and returns it as the model holds
it, or raises the problem, with an empty field path for the caller to complete. The second
argument of a ``structure_`` function is the type asked for, as cattrs passes it.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import Enum
from typing import Any, Union, get_args, get_origin

import attrs

from . import _checks as check
from ._schedule import DateSpan, TimeSpan
from ._translations import Translations, as_translations
from .exceptions import FieldTypeError, ValidationError

_DATETIME = re.compile(
    r"(?P<local>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)"
    r"(?P<offset>Z|[+-]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?(?:\[(?P<zone>[^\]]+)\])?",
    re.ASCII,
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_JSON_TYPES = {str: "a string", int: "a number", float: "a number", bool: "a boolean", list: "an array"}
_JSON_TYPES.update({dict: "an object", type(None): "null"})
_EXAMPLE = "such as 2021-12-22T10:00:00+06:00[Asia/Almaty]"


def json_type(value: object) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def wrong_type(value: object, expected: str) -> FieldTypeError:
    return FieldTypeError("", f"must be {expected}, not {json_type(value)}")


def is_exported(field: attrs.Attribute[Any]) -> bool:
    """Whether ``field`` belongs in documents (credentials such as host URLs never do)."""
    return bool(field.metadata.get("json", True))


def structure_str(value: Any, _: object) -> str:
    if type(value) is not str:
        raise wrong_type(value, "a string")
    return value


def structure_int(value: Any, _: object) -> int:
    if type(value) is not int:
        raise wrong_type(value, "a whole number")
    return value


def structure_bool(value: Any, _: object) -> bool:
    if type(value) is not bool:
        raise wrong_type(value, "true or false")
    return value


def structure_date(value: Any, _: object = None) -> date:
    if type(value) is date:  # TOML has dates of its own
        return value
    if type(value) is not str:
        raise wrong_type(value, "a date such as 2021-12-22")
    if not _DATE.fullmatch(value):
        raise ValidationError("", "must be a date such as 2021-12-22")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError("", f"{check.shown(value)} is not a date of the calendar") from None


def structure_datetime(value: Any, _: object = None) -> datetime:
    """Read an RFC 9557 timestamp: local time, UTC offset and IANA zone name.

    The offset may be left out when the zone is given, if the local time exists in the zone;
    when present it must agree with the zone, which also settles the ambiguous hour after
    clocks go back. So every time read passes the model's rule :func:`~._checks.zoned`.
    """
    if type(value) is not str:
        raise wrong_type(value, f"a date and time {_EXAMPLE}")
    match = _DATETIME.fullmatch(value)
    if match is None:
        raise ValidationError("", f"must be a date and time {_EXAMPLE}")
    local, offset, zone = match.groups()  # the three groups, in the order they are named
    if offset is None and zone is None:
        raise ValidationError("", "must be time-zone-aware")
    if zone is None and offset not in ("Z", "+00:00"):
        raise ValidationError("", f"must name its IANA time zone, {_EXAMPLE}")
    zone = zone or "UTC"
    known = check.time_zone_named(zone)
    if known is None:
        raise ValidationError("", f"unknown time zone {check.shown(zone)}; use an IANA name such as 'Asia/Riyadh'")
    try:
        parsed = datetime.fromisoformat(local + (offset or ""))
    except ValueError:
        raise ValidationError("", f"{check.shown(value)} is not a moment of the calendar") from None
    if offset is None:
        local_time = parsed.replace(tzinfo=known)
        check.check_zoned(local_time, "")  # that the zone's clocks do not skip it
        return local_time
    moment = parsed.astimezone(known)
    if moment.utcoffset() != parsed.utcoffset():
        actual = moment.replace(microsecond=0).isoformat()[19:]
        raise ValidationError("", f"offset {offset} does not match {zone} at that time ({actual})")
    return moment


def structure_translations(value: Any, _: object = None) -> Translations:
    """Translations: an object of language tags, each an object shaped like the event (checked by the event)."""
    expected = "an object of language tags, each an object of translated texts"
    if type(value) is not dict:
        raise wrong_type(value, expected)
    for tag, texts in value.items():
        if type(texts) is not dict:
            reason = f"must be an object of translated texts, not {json_type(texts)}"
            raise FieldTypeError(f"translations.{tag}", reason)
    return as_translations(value)


def unstructure_datetime(value: datetime) -> str:
    """Write a datetime as RFC 9557: ``2021-12-22T10:00:00+06:00[Asia/Almaty]``."""
    return f"{value.isoformat()}[{value.tzinfo.key}]"  # type: ignore[union-attr]


def structure_enum(value: Any, kind: type[Enum]) -> Enum:
    if type(value) is str:
        try:
            return kind(value)
        except ValueError:
            pass
    choices = ", ".join(repr(member.value) for member in kind)
    raise ValidationError("", f"must be one of {choices}, not {check.shown(value)}")


_SCHEDULE_TYPES: set[Any] = {TimeSpan, DateSpan}


def is_schedule(kind: Any) -> bool:
    return set(get_args(kind)) == _SCHEDULE_TYPES


def schedule_kind(value: Any) -> type[TimeSpan | DateSpan] | None:
    """Which schedule an object is, told apart by the names of its fields; ``None`` for neither."""
    if type(value) is dict:
        if "starts_at" in value or "ends_at" in value:
            return TimeSpan
        if "first_day" in value or "last_day" in value:
            return DateSpan
    return None


def is_optional(kind: Any) -> bool:
    return type(None) in get_args(kind)


def without_none(kind: Any) -> Any:
    """``X`` for ``X | None``; ``X | Y`` for ``X | Y | None``; any other kind as it is."""
    if not is_optional(kind):
        return kind
    return Union[tuple(arg for arg in get_args(kind) if arg is not type(None))]  # noqa: UP007


def is_tuple(kind: Any) -> bool:
    return get_origin(kind) is tuple


STRUCTURED = {date: structure_date, datetime: structure_datetime, Translations: structure_translations}
"""The types of the model read from a JSON value by a function of their own, the same for both readers.

Each takes the value and, as a cattrs hook, the type, which it does not need: the fast reader gives the value alone.
"""
