"""The cattrs converters between the model and JSON-ready data.

Two converters read documents. The fast one is cattrs' generated code, strict about types and
shapes, that lets the model's own validators reject bad values; it stops at the first problem.
When it fails, the detailed one reads the document again to collect *every* problem with its
JSON path, running each field's rules separately so that one bad field does not hide another.
Writing uses one generated function per class and leaves dates, enumerations and tuples to
orjson, which writes them natively.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from enum import Enum, StrEnum
from functools import cache
from typing import Any, Union, get_args, get_origin
from zoneinfo import ZoneInfo

import attrs
from cattrs import Converter
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.fns import identity
from cattrs.gen import make_dict_structure_fn, override

from . import _checks as check
from ._schedule import DateSpan, Schedule, TimeSpan
from ._translations import Translations, as_translations, plain
from .exceptions import FieldTypeError, Problem, ValidationError

_DATETIME = re.compile(
    r"(?P<local>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)"
    r"(?P<offset>Z|[+-]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?(?:\[(?P<zone>[^\]]+)\])?",
    re.ASCII,
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_JSON_TYPES = {str: "a string", int: "a number", float: "a number", bool: "a boolean", list: "an array"}
_JSON_TYPES.update({dict: "an object", type(None): "null"})
_EXAMPLE = "such as 2021-12-22T10:00:00+06:00[Asia/Almaty]"


def _json_type(value: object) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _wrong_type(value: object, expected: str) -> FieldTypeError:
    return FieldTypeError("", f"must be {expected}, not {_json_type(value)}")


def is_exported(field: attrs.Attribute[Any]) -> bool:
    """Whether ``field`` belongs in documents (credentials such as host URLs never do)."""
    return bool(field.metadata.get("json", True))


# --- scalar values ------------------------------------------------------------------------------


def _structure_str(value: Any, _: object) -> str:
    if type(value) is not str:
        raise _wrong_type(value, "a string")
    return value


def _structure_int(value: Any, _: object) -> int:
    if type(value) is not int:
        raise _wrong_type(value, "a whole number")
    return value


def _structure_bool(value: Any, _: object) -> bool:
    if type(value) is not bool:
        raise _wrong_type(value, "true or false")
    return value


def _structure_date(value: Any, _: object) -> date:
    if type(value) is date:  # TOML has dates of its own
        return value
    if type(value) is not str:
        raise _wrong_type(value, "a date such as 2021-12-22")
    if not _DATE.fullmatch(value):
        raise ValidationError("", "must be a date such as 2021-12-22")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError("", f"{check.shown(value)} is not a date of the calendar") from None


def structure_datetime(value: Any, _: object = None) -> datetime:
    """Read an RFC 9557 timestamp: local time, UTC offset and IANA zone name.

    The offset may be left out when the zone is given; when present it must agree with the
    zone, which also settles the ambiguous hour after clocks go back.
    """
    if type(value) is not str:
        raise _wrong_type(value, f"a date and time {_EXAMPLE}")
    match = _DATETIME.fullmatch(value)
    if match is None:
        raise ValidationError("", f"must be a date and time {_EXAMPLE}")
    local, offset, zone = match.group("local", "offset", "zone")
    if offset is None and zone is None:
        raise ValidationError("", "must be time-zone-aware")
    if zone is None and offset not in ("Z", "+00:00"):
        raise ValidationError("", f"must name its IANA time zone, {_EXAMPLE}")
    zone = zone or "UTC"
    if not check.is_time_zone(zone):
        raise ValidationError("", f"unknown time zone {check.shown(zone)}; use an IANA name such as 'Asia/Riyadh'")
    try:
        parsed = datetime.fromisoformat(local + (offset or ""))
    except ValueError:
        raise ValidationError("", f"{check.shown(value)} is not a moment of the calendar") from None
    if offset is None:  # the model's own rule says whether this local time exists in the zone
        return parsed.replace(tzinfo=ZoneInfo(zone))
    moment = parsed.astimezone(ZoneInfo(zone))
    if moment.utcoffset() != parsed.utcoffset():
        actual = moment.replace(microsecond=0).isoformat()[19:]
        raise ValidationError("", f"offset {offset} does not match {zone} at that time ({actual})")
    return moment


def _structure_translations(value: Any, _: object) -> Translations:
    """Translations: an object of language tags, each an object shaped like the event (checked by the event)."""
    expected = "an object of language tags, each an object of translated texts"
    if type(value) is not dict:
        raise _wrong_type(value, expected)
    for tag, texts in value.items():
        if type(texts) is not dict:
            reason = f"must be an object of translated texts, not {_json_type(texts)}"
            raise FieldTypeError(f"translations.{tag}", reason)
    return as_translations(value)


def unstructure_datetime(value: datetime) -> str:
    """Write a datetime as RFC 9557: ``2021-12-22T10:00:00+06:00[Asia/Almaty]``."""
    return f"{value.isoformat()}[{value.tzinfo.key}]"  # type: ignore[union-attr]


def _structure_enum(value: Any, kind: type[Enum]) -> Enum:
    if type(value) is str:
        try:
            return kind(value)
        except ValueError:
            pass
    choices = ", ".join(repr(member.value) for member in kind)
    raise ValidationError("", f"must be one of {choices}, not {check.shown(value)}")


_SCHEDULE_TYPES: set[Any] = {TimeSpan, DateSpan}


def _is_schedule(kind: Any) -> bool:
    return set(get_args(kind)) == _SCHEDULE_TYPES


def _is_optional(kind: Any) -> bool:
    return type(None) in get_args(kind)


def _without_none(kind: Any) -> Any:
    """``X`` for ``X | None``; ``X | Y`` for ``X | Y | None``."""
    return Union[tuple(arg for arg in get_args(kind) if arg is not type(None))]  # noqa: UP007


def _optional_hook(kind: Any, converter: Converter) -> Callable[[Any, object], Any]:
    """Documents leave absent facts out; ``null`` is refused so there is one way to say "absent"."""
    inner = _without_none(kind)
    structure_inner = converter.get_structure_hook(inner)

    def structure(value: Any, _: object) -> Any:
        if value is None:
            raise ValidationError("", "must be left out when unknown, not null")
        return structure_inner(value, inner)

    return structure


def _schedule_hook(_: Any, converter: Converter) -> Callable[[Any, object], Schedule]:
    """A schedule is a TimeSpan or a DateSpan, told apart by the names of its fields."""

    def structure(value: Any, _: object) -> Schedule:
        if isinstance(value, dict):
            if "starts_at" in value or "ends_at" in value:
                return converter.structure(value, TimeSpan)
            if "first_day" in value or "last_day" in value:
                return converter.structure(value, DateSpan)
        raise ValidationError("", "must be an object with starts_at and ends_at, or with first_day and last_day")

    return structure


# --- collections and classes --------------------------------------------------------------------


def _is_tuple(kind: Any) -> bool:
    return get_origin(kind) is tuple


def _tuple_hook(kind: Any, converter: Converter, detailed: bool) -> Callable[[Any, object], tuple[Any, ...]]:
    item_type = get_args(kind)[0]
    structure_item = converter.get_structure_hook(item_type)

    def structure(value: Any, _: object) -> tuple[Any, ...]:
        if type(value) is not list:
            raise _wrong_type(value, "an array")
        if not detailed:
            return tuple([structure_item(item, item_type) for item in value])
        items, errors = [], []
        for index, item in enumerate(value):
            try:
                items.append(structure_item(item, item_type))
            except Exception as error:
                error.add_note(IterableValidationNote(f"@ index {index}", index, item_type))
                errors.append(error)
        if errors:
            raise IterableValidationError("invalid items", errors, kind)
        return tuple(items)

    return structure


def _detailed_class_hook(cls: type[Any], converter: Converter) -> Callable[[Any, object], Any]:
    """Read an object field by field, collecting every problem before building the class."""
    fields = {field.name: field for field in attrs.fields(attrs.resolve_types(cls)) if is_exported(field)}
    required = [name for name, field in fields.items() if field.default is attrs.NOTHING]
    hooks = {name: converter.get_structure_hook(field.type) for name, field in fields.items()}

    def structure(value: Any, _: object) -> Any:
        if type(value) is not dict:
            raise _wrong_type(value, "an object")
        errors: list[Exception] = []
        kwargs = {}
        for key, raw in value.items():  # in the document's order, so problems are listed in it
            field = fields.get(key)
            if field is None:
                errors.append(ValidationError(key, "is not a known field"))
                continue
            try:
                item = hooks[key](raw, field.type)
                if field.converter is not None:
                    item = field.converter(item)
                field.validator(None, field, item)  # every field has a rule
            except Exception as error:
                if not (isinstance(error, ValidationError) and error.field):  # a field's rule names it
                    error.add_note(AttributeValidationNote(f"@ attribute {key}", key, field.type))
                errors.append(error)
            else:
                kwargs[key] = item
        errors.extend(ValidationError(name, "is required") for name in required if name not in value)
        if not errors:
            try:
                return cls(**kwargs)
            except ValidationError as error:  # a rule that ties fields together
                errors.append(error)
        raise ClassValidationError(f"invalid {cls.__name__}", errors, cls)

    return structure


def _hidden(cls: type[Any]) -> dict[str, Any]:
    """cattrs overrides that leave out the fields that documents never carry."""
    return {field.name: override(omit=True) for field in attrs.fields(cls) if not is_exported(field)}


def _fast_class_hook(cls: type[Any], converter: Converter) -> Callable[[Any, object], Any]:
    # Anything but an object fails inside the generated code, and the detailed pass says why.
    return make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True, **_hidden(cls))


def _unstructure_optional_hook(kind: Any, converter: Converter) -> Callable[[Any], Any]:
    # Fields that are None are left out of documents before any hook runs, so the inner hook
    # serves as it is; when it is the identity, the generated writer reads the field inline.
    return converter.get_unstructure_hook(_without_none(kind))


def _unstructure_class_hook(cls: type[Any], converter: Converter) -> Callable[[Any], dict[str, Any]]:
    """Generate the function that writes ``cls`` as a dict, leaving out absent facts.

    cattrs' own generator compares every optional field with its default using ``!=``,
    which for a nested model object runs two attrs methods; absent facts are ``None`` or
    empty tuples here, so ``is not None`` and truth tests say the same, several times faster.
    """
    namespace: dict[str, Any] = {}
    required, optional = [], []
    for field in attrs.fields(attrs.resolve_types(cls)):
        if not is_exported(field):
            continue
        item_type = get_args(field.type)[0] if _is_tuple(field.type) else field.type
        hook = converter.get_unstructure_hook(item_type)
        value = f"instance.{field.name}"  # orjson writes tuples as arrays
        if hook is not identity:
            namespace[f"write_{field.name}"] = hook
            value = f"write_{field.name}({value})"
            if item_type is not field.type:
                value = f"[write_{field.name}(item) for item in instance.{field.name}]"
        if field.default is attrs.NOTHING:
            required.append(f"{field.name!r}: {value}")
            continue
        # Absent facts are None or empty, so a test of truth leaves them out (a factory makes an empty one).
        factory = isinstance(field.default, attrs.Factory)  # type: ignore[arg-type] # attrs.Factory is a class
        test = "" if factory else {None: "is not None", (): ""}.get(field.default)
        if test is None:
            namespace[f"default_{field.name}"] = field.default
            test = f"!= default_{field.name}"
        optional.append(f"    if instance.{field.name} {test}:\n        document[{field.name!r}] = {value}")
    source = "\n".join(
        [f"def unstructure_{cls.__name__}(instance):", f"    document = {{{', '.join(required)}}}", *optional]
    )
    exec(compile(source + "\n    return document\n", f"<iofs_events unstructure {cls.__name__}>", "exec"), namespace)
    function: Callable[[Any], dict[str, Any]] = namespace[f"unstructure_{cls.__name__}"]
    return function


@cache
def make_converter(*, detailed: bool) -> Converter:
    """Build the converter: ``detailed`` collects every problem, the other stops at the first."""
    converter = Converter(forbid_extra_keys=True, detailed_validation=detailed)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    # StrEnum too, or its members would take the hook of str, which comes first in their MRO.
    converter.register_structure_hook(Enum, _structure_enum)
    converter.register_structure_hook(StrEnum, _structure_enum)
    converter.register_structure_hook(date, _structure_date)
    converter.register_structure_hook(datetime, structure_datetime)
    converter.register_structure_hook(Translations, _structure_translations)
    converter.register_unstructure_hook(Translations, plain)
    converter.register_unstructure_hook(datetime, unstructure_datetime)
    # orjson writes dates and enumerations itself, faster than any hook.
    converter.register_unstructure_hook(date, identity)
    converter.register_unstructure_hook(Enum, identity)
    converter.register_unstructure_hook_factory(_is_optional, _unstructure_optional_hook)
    converter.register_structure_hook_factory(_is_tuple, lambda t, c: _tuple_hook(t, c, detailed))
    converter.register_structure_hook_factory(
        attrs.has,
        _detailed_class_hook if detailed else _fast_class_hook,
    )
    converter.register_unstructure_hook_factory(attrs.has, _unstructure_class_hook)
    converter.register_structure_hook_factory(_is_schedule, _schedule_hook)
    converter.register_structure_hook_factory(_is_optional, _optional_hook)
    return converter


_NOTES = (AttributeValidationNote, IterableValidationNote)


def problems(error: BaseException, path: str = "$") -> Iterator[Problem]:
    """Every problem inside ``error`` (raised by a converter) with its JSON path."""
    if isinstance(error, ClassValidationError | IterableValidationError):
        for inner in error.exceptions:
            notes = [note for note in getattr(inner, "__notes__", ()) if isinstance(note, _NOTES)]
            if not notes:
                yield from problems(inner, path)
            elif isinstance(notes[-1], IterableValidationNote):
                yield from problems(inner, f"{path}[{notes[-1].index}]")
            else:
                yield from problems(inner, f"{path}.{notes[-1].name}")
    elif isinstance(error, ValidationError):
        where = error.field if not error.field or error.field.startswith("[") else f".{error.field}"
        yield Problem(path + where, error.reason)
    else:  # pragma: no cover - every hook raises one of the above; kept so nothing is ever lost
        yield Problem(path, f"invalid value ({type(error).__name__}: {error})")
