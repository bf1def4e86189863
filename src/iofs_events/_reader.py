"""The fast reader of documents: a plain Python function for each class of the model, generated once.

It checks a document's shape (objects, arrays, the JSON type of each value, no unknown key,
no ``null``) and leaves each value's rules to the model's own validators, which run as each
class is built. It stops at the first problem: :func:`~iofs_events.json.from_dict` then reads
the document again with the cattrs converter of :mod:`._converter`, which lists every problem
with its path. So this reader has to take just what that one takes, and say nothing of why; it
does not load cattrs, which reading a valid document never needs.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from functools import cache
from typing import Any, get_args

import attrs

from ._schedule import Schedule
from ._values import STRUCTURED, is_exported, is_schedule, is_tuple, schedule_kind, without_none

_INLINE = (str, int, bool)  # checked in the generated code itself: no call for most values


class ShapeError(Exception):
    """A value whose shape or JSON type the fast reader does not take; the detailed reader says why."""


def read(cls: type, document: Any) -> Any:
    """``document``, parsed JSON, as an instance of ``cls``; raises at its first problem, without saying which."""
    return reader(cls)(document)


@cache
def reader(cls: type[Any]) -> Callable[[Any], Any]:
    """Generate the function that reads an object into ``cls``.

    Required fields are read from their key (a missing one raises ``KeyError``), the others
    only when present; ``null`` is nowhere a value, so each value's check also refuses it.
    """
    fields = [field for field in attrs.fields(attrs.resolve_types(cls)) if is_exported(field)]
    namespace: dict[str, Any] = {
        "ShapeError": ShapeError,
        "cls": cls,
        "KEYS": frozenset(field.name for field in fields),
    }
    lines = [
        f"def read_{cls.__name__}(o):",
        "    if type(o) is not dict or not o.keys() <= KEYS:",
        "        raise ShapeError",
    ]
    arguments, optional = [], []
    for field in fields:
        if field.default is attrs.NOTHING:
            lines += [f"    v = o[{field.name!r}]", *_value(field.type, field.name, namespace, "    ")]
            lines.append(f"    a_{field.name} = v")
            arguments.append(f"{field.alias}=a_{field.name}")
        else:
            optional += [f"    if {field.name!r} in o:", f"        v = o[{field.name!r}]"]
            optional += _value(without_none(field.type), field.name, namespace, "        ")
            optional.append(f"        more[{field.alias!r}] = v")
    lines += ["    more = {}", *optional, f"    return cls({', '.join([*arguments, '**more'])})"]
    exec(compile("\n".join(lines) + "\n", f"<iofs_events read {cls.__name__}>", "exec"), namespace)
    function: Callable[[Any], Any] = namespace[f"read_{cls.__name__}"]
    return function


def _value(kind: Any, name: str, namespace: dict[str, Any], indent: str) -> list[str]:
    """The lines that check ``v``, a value of field ``name``, as ``kind`` wants it, and leave it in ``v`` as read."""
    if kind in _INLINE:  # ``type(True) is int`` is false: a boolean is never a number here
        return [f"{indent}if type(v) is not {kind.__name__}:", f"{indent}    raise ShapeError"]
    if is_tuple(kind):
        (item,) = get_args(kind)[:1]
        if item in _INLINE:
            return [
                f"{indent}if type(v) is not list:",
                f"{indent}    raise ShapeError",
                f"{indent}for item in v:",
                f"{indent}    if type(item) is not {item.__name__}:",
                f"{indent}        raise ShapeError",
                f"{indent}v = tuple(v)",
            ]
        namespace[f"read_{name}"] = _function(item)
        return [
            f"{indent}if type(v) is not list:",
            f"{indent}    raise ShapeError",
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
    converted = STRUCTURED[kind]  # a type of the model with no reader here fails as the reader is made
    return lambda value: converted(value, kind)


def _schedule(value: Any) -> Schedule:
    """A TimeSpan or a DateSpan, told apart by the names of its fields, as the detailed reader tells them."""
    kind = schedule_kind(value)
    if kind is None:
        raise ShapeError
    schedule: Schedule = read(kind, value)
    return schedule
