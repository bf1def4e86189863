"""The fast reader of documents: a plain Python function for each class of the model, generated once.

It checks a document's shape (objects, arrays, the JSON type of each value, no unknown key,
no ``null``) and each value's rules, and builds each instance itself, as attrs' ``__init__``
would: converters, defaults, rules, then the class's own cross-field checks. A rule of text is
called as the function that says what is wrong with a string, a rule made of others as those
others, a rule that every value read passes not at all, a converter inside attrs' ``optional``
alone (a value read is never ``None``), a default left as it is (a test holds every default to
its rule). It stops at the first problem: :func:`~iofs_events.json.from_dict` then reads the
document again with the cattrs converter of :mod:`._converter`, which builds through
``__init__`` and lists every problem with its path. So this reader has to take just what that
one takes, and say nothing of why; it does not load cattrs, which reading a valid document
never needs.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from enum import Enum
from functools import cache
from typing import Any, get_args

import attrs

from . import _checks as check
from ._cache import compiled
from ._schedule import Schedule
from ._values import STRUCTURED, is_exported, is_schedule, is_tuple, schedule_kind, without_none

_INLINE = (str, int, bool)  # checked in the generated code itself: no call for most values
_RAISE = "raise ShapeError"


class ShapeError(Exception):
    """A value that the fast reader does not take (its shape, JSON type or rule); the detailed reader says why."""


def read(cls: type, document: Any) -> Any:
    """``document``, parsed JSON, as an instance of ``cls``; raises at its first problem, without saying which."""
    return reader(cls)(document)


@cache
def reader(cls: type[Any]) -> Callable[[Any], Any]:
    """Generate the function that reads an object into ``cls``.

    Required fields are read from their key (a missing one raises ``KeyError``), the others
    only when present, else given their default; ``null`` is nowhere a value, so each value's
    check also refuses it. The model's rules read their value alone (the checks across fields
    are the class's ``__attrs_post_init__``), so each value is checked as it is read.
    """
    fields = attrs.fields(attrs.resolve_types(cls))
    namespace: dict[str, Any] = {"ShapeError": ShapeError, "cls": cls, "new": object.__new__}
    namespace["KEYS"] = frozenset(field.name for field in fields if is_exported(field))
    lines = [
        f"def read_{cls.__name__}(o):",
        "    if type(o) is not dict or not o.keys() <= KEYS:",
        f"        {_RAISE}",
        "    self = new(cls)",
    ]
    for field in fields:
        name = field.name
        if field.default is attrs.NOTHING:
            lines += [f"    v = o[{name!r}]", *_present(field, field.type, namespace, "    ")]
        elif is_exported(field):
            lines += [f"    if {name!r} in o:", f"        v = o[{name!r}]"]
            lines += [*_present(field, without_none(field.type), namespace, "        "), "    else:"]
            lines += _default(field, namespace, "        ")
        else:
            lines += _default(field, namespace, "    ")
        namespace[f"set_{name}"] = getattr(cls, name).__set__  # the slot's own: frozen classes refuse setattr
        lines.append(f"    set_{name}(self, v)")
    if "_attrs_cached_hash" in getattr(cls, "__slots__", ()):
        namespace["set_hash"] = cls._attrs_cached_hash.__set__
        lines.append("    set_hash(self, None)")
    if hasattr(cls, "__attrs_post_init__"):
        lines.append("    self.__attrs_post_init__()")
    lines.append("    return self")
    exec(compiled("\n".join(lines) + "\n", f"<iofs_events read {cls.__name__}>"), namespace)
    function: Callable[[Any], Any] = namespace[f"read_{cls.__name__}"]
    return function


def _present(field: attrs.Attribute[Any], kind: Any, namespace: dict[str, Any], indent: str) -> list[str]:
    """The lines that read ``v``, the value of ``field`` in a document, into the value the instance holds."""
    assert field.validator is not None, f"{field.name} has no rule"  # every field of the model has its rule
    rule = _rule(field.validator, field, kind, "v", namespace, indent)
    return [*_value(kind, field.name, namespace, indent), *_converted(field, namespace, indent), *rule]


def _default(field: attrs.Attribute[Any], namespace: dict[str, Any], indent: str) -> list[str]:
    """The lines that put the default of ``field``, converted, in ``v``."""
    default: Any = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type] # a class, which attrs' stubs call a function
        namespace[f"make_{field.name}"] = default.factory
        made = f"{indent}v = make_{field.name}({'self' if default.takes_self else ''})"
        return [made, *_converted(field, namespace, indent)]
    converter = field.converter
    namespace[f"default_{field.name}"] = converter(default) if callable(converter) else default  # immutable: once
    return [f"{indent}v = default_{field.name}"]


def _converted(field: attrs.Attribute[Any], namespace: dict[str, Any], indent: str) -> list[str]:
    """The line that converts ``v`` as ``field`` converts its values, if it does."""
    if field.converter is None:
        return []
    namespace[f"convert_{field.name}"] = _unwrapped(field.converter)
    return [f"{indent}v = convert_{field.name}(v)"]


def _unwrapped(converter: Any) -> Any:
    """The converter inside attrs' ``converters.optional``, for a value read (never ``None``); else ``converter``."""
    if getattr(converter, "__qualname__", None) != "optional.<locals>.optional_converter":
        return converter
    inner = inspect.getclosurevars(converter).nonlocals["converter"]
    assert not isinstance(inner, attrs.Converter), inner  # a plain function, as the model's are: called alone
    return inner


def _rule(
    rule: Callable[..., Any],
    field: attrs.Attribute[Any],
    kind: Any,
    value: str,
    namespace: dict[str, Any],
    indent: str,
) -> list[str]:
    """The lines that raise unless ``value`` (a variable of ``kind``, read from a document) passes ``rule``."""
    parts, label = check.parts(rule), f"{field.name}_{len(namespace)}"
    if parts.inner is not None:  # optional: a value read is never None
        return _rule(parts.inner, field, kind, value, namespace, indent)
    if parts.problem is not None:
        namespace[f"problem_{label}"] = parts.problem
        # The value is text: the shape of every field of text was checked, and its converter keeps it text.
        return [f"{indent}if problem_{label}({value}) is not None:", f"{indent}    {_RAISE}"]
    if parts.read:  # the reader of the field's type makes only values that pass
        assert kind in STRUCTURED, f"{field.name}: {kind} is not read by a reader of the model's"
        return []
    if parts.kinds is not None:  # the reader makes a value of the field's type: one the rule takes
        made = get_args(kind) or (kind,)
        assert all(issubclass(one, parts.kinds) for one in made), f"{field.name}: {made} is not {parts.kinds}"
        return []
    if parts.item is not None:
        lines = [f"{indent}if len({value}) > {check.MOST_ITEMS}:", f"{indent}    {_RAISE}"]  # a tuple, as read
        problem = check.parts(parts.item).problem
        if problem is not None:  # items of text: a reason for one of them is text, which is true
            namespace[f"problem_{label}"] = problem
            lines += [f"{indent}if any(map(problem_{label}, {value})):", f"{indent}    {_RAISE}"]
        else:  # items of the model's classes, which the reader made
            assert not _rule(parts.item, field, get_args(kind)[0], "item", namespace, indent), field.name
        if parts.unique:
            lines += [f"{indent}if len(set({value})) != len({value}):", f"{indent}    {_RAISE}"]
        return lines
    namespace[f"rule_{label}"], namespace[f"field_{label}"] = rule, field
    return [f"{indent}rule_{label}(self, field_{label}, {value})"]


def _value(kind: Any, name: str, namespace: dict[str, Any], indent: str) -> list[str]:
    """The lines that check ``v``, a value of field ``name``, as ``kind`` wants it, and leave it in ``v`` as read."""
    if kind in _INLINE:  # ``type(True) is int`` is false: a boolean is never a number here
        return [f"{indent}if type(v) is not {kind.__name__}:", f"{indent}    {_RAISE}"]
    if is_tuple(kind):
        (item,) = get_args(kind)[:1]
        if item in _INLINE:
            return [
                f"{indent}if type(v) is not list:",
                f"{indent}    {_RAISE}",
                f"{indent}for item in v:",
                f"{indent}    if type(item) is not {item.__name__}:",
                f"{indent}        {_RAISE}",
                f"{indent}v = tuple(v)",
            ]
        namespace[f"read_{name}"] = _function(item)
        return [
            f"{indent}if type(v) is not list:",
            f"{indent}    {_RAISE}",
            f"{indent}v = tuple(map(read_{name}, v))",
        ]
    namespace[f"read_{name}"] = _function(kind)
    return [f"{indent}v = read_{name}(v)"]


def _function(kind: Any) -> Callable[[Any], Any]:
    """The function that reads one value of ``kind`` that is not checked inline: a class, a date, a choice..."""
    if isinstance(kind, type) and issubclass(kind, Enum):
        members = {member.value: member for member in kind}  # an unknown value, or one of no str, raises
        return members.__getitem__
    if attrs.has(kind):
        return reader(kind)
    if is_schedule(kind):
        return _schedule
    return STRUCTURED[kind]  # a type of the model with no reader here fails as the reader is made


def _schedule(value: Any) -> Schedule:
    """A TimeSpan or a DateSpan, told apart by the names of its fields, as the detailed reader tells them."""
    kind = schedule_kind(value)
    if kind is None:
        raise ShapeError
    schedule: Schedule = read(kind, value)
    return schedule
