"""The cattrs converter between the model and JSON-ready data: the detailed reader, and the writer.

A document is read first by the fast reader of :mod:`._reader`, which stops at the first
problem. When it fails, this converter reads the document again to collect *every* problem
with its JSON path, running each field's rules separately so that one bad field does not hide
another. Writing uses one generated function per class and leaves dates, enumerations and
tuples to orjson, which writes them natively.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from enum import Enum, StrEnum
from functools import cache
from typing import Any, get_args

import attrs
from cattrs import Converter
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.fns import identity

from ._schedule import Schedule
from ._translations import Translations, plain
from ._values import (
    STRUCTURED,
    is_exported,
    is_optional,
    is_schedule,
    is_tuple,
    schedule_kind,
    structure_bool,
    structure_enum,
    structure_int,
    structure_str,
    unstructure_datetime,
    without_none,
    wrong_type,
)
from .exceptions import Problem, ValidationError


def _optional_hook(kind: Any, converter: Converter) -> Callable[[Any, object], Any]:
    """Documents leave absent facts out; ``null`` is refused so there is one way to say "absent"."""
    inner = without_none(kind)
    structure_inner = converter.get_structure_hook(inner)

    def structure(value: Any, _: object) -> Any:
        if value is None:
            raise ValidationError("", "must be left out when unknown, not null")
        return structure_inner(value, inner)

    return structure


def _schedule_hook(_: Any, converter: Converter) -> Callable[[Any, object], Schedule]:
    """A schedule is a TimeSpan or a DateSpan, told apart by the names of its fields."""

    def structure(value: Any, _: object) -> Schedule:
        kind = schedule_kind(value)
        if kind is None:
            raise ValidationError("", "must be an object with starts_at and ends_at, or with first_day and last_day")
        schedule: Schedule = converter.structure(value, kind)
        return schedule

    return structure


# --- collections and classes --------------------------------------------------------------------


def _tuple_hook(kind: Any, converter: Converter) -> Callable[[Any, object], tuple[Any, ...]]:
    item_type = get_args(kind)[0]
    structure_item = converter.get_structure_hook(item_type)

    def structure(value: Any, _: object) -> tuple[Any, ...]:
        if type(value) is not list:
            raise wrong_type(value, "an array")
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
            raise wrong_type(value, "an object")
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


def _unstructure_optional_hook(kind: Any, converter: Converter) -> Callable[[Any], Any]:
    # Fields that are None are left out of documents before any hook runs, so the inner hook
    # serves as it is; when it is the identity, the generated writer reads the field inline.
    return converter.get_unstructure_hook(without_none(kind))


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
        item_type = get_args(field.type)[0] if is_tuple(field.type) else field.type
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
def make_converter() -> Converter:
    """Build the converter, which reads a document collecting every problem, and writes one."""
    converter = Converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_structure_hook(str, structure_str)
    converter.register_structure_hook(int, structure_int)
    converter.register_structure_hook(bool, structure_bool)
    # StrEnum too, or its members would take the hook of str, which comes first in their MRO.
    converter.register_structure_hook(Enum, structure_enum)
    converter.register_structure_hook(StrEnum, structure_enum)
    for kind, hook in STRUCTURED.items():
        converter.register_structure_hook(kind, hook)
    converter.register_unstructure_hook(Translations, plain)
    converter.register_unstructure_hook(datetime, unstructure_datetime)
    # orjson writes dates and enumerations itself, faster than any hook.
    converter.register_unstructure_hook(date, identity)
    converter.register_unstructure_hook(Enum, identity)
    converter.register_unstructure_hook_factory(is_optional, _unstructure_optional_hook)
    converter.register_structure_hook_factory(is_tuple, _tuple_hook)
    converter.register_structure_hook_factory(attrs.has, _detailed_class_hook)
    converter.register_unstructure_hook_factory(attrs.has, _unstructure_class_hook)
    converter.register_structure_hook_factory(is_schedule, _schedule_hook)
    converter.register_structure_hook_factory(is_optional, _optional_hook)
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
