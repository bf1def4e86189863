"""The event documents as msgspec structs, made from the model's own fields: the floor of reading them typed.

msgspec's typed decoding checks the shape and the types of a document (objects, strings,
numbers, dates, enumerations, no unknown key) in compiled code, and nothing else: no email,
phone, language, country or URL rule, no rule between fields. Reading the same documents with
it is the least that reading them typed can cost, which is why ``json_vs_pydantic.py`` compares
``iofs_events.json.loads`` (every rule kept) with it. The structs are derived from the attrs
classes, so they follow the model: a zoned datetime (``...+06:00[Asia/Almaty]``, which msgspec
does not parse) is a string; a union of two classes (a schedule) is one struct with the fields
of both; translations are any JSON object.
"""

from __future__ import annotations

import types
import typing
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any

import attrs
import msgspec

import iofs_events as ie


def _exported(field: attrs.Attribute[Any]) -> bool:
    return bool(field.metadata.get("json", True))


@cache
def struct(classes: tuple[type, ...]) -> type[msgspec.Struct]:
    """The struct of an attrs class, or of a union of them (every field of each, each optional)."""
    fields: dict[str, tuple[Any, Any]] = {}
    for cls in classes:
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            if not _exported(field):
                continue
            kind = _type(hints[field.name])
            required = field.default is attrs.NOTHING and len(classes) == 1
            fields[field.name] = (kind, msgspec.NODEFAULT if required else None)
    name = "Or".join(cls.__name__ for cls in classes)
    ordered = sorted(fields.items(), key=lambda item: item[1][1] is not msgspec.NODEFAULT)  # required ones first
    return msgspec.defstruct(
        name,
        [(key, kind | None if default is None else kind, default) for key, (kind, default) in ordered],
        forbid_unknown_fields=True,
    )


def _type(hint: Any) -> Any:
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        kinds = [argument for argument in arguments if argument is not type(None)]
        if all(attrs.has(kind) for kind in kinds):
            return struct(tuple(kinds))
        return _type(kinds[0])
    if origin is tuple:
        return tuple[_type(arguments[0]), ...]  # type: ignore[misc]
    if attrs.has(hint):
        return struct((hint,))
    if hint is datetime:
        return str
    if isinstance(hint, type) and issubclass(hint, Enum | str | int | bool | date):
        return hint
    return dict[str, Any]  # translations


def decoder() -> msgspec.json.Decoder[Any]:
    """A decoder of whole event documents, ``schema_version`` included."""
    event = struct((ie.Event,))
    document = msgspec.defstruct(
        "Document", [("schema_version", str)], bases=(event,), forbid_unknown_fields=True, kw_only=True
    )
    return msgspec.json.Decoder(document)
