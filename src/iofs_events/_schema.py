"""The JSON Schema of the contract, derived from the model's own rules.

Every field's validator is a :class:`~iofs_events._checks.Rule` that carries the schema of
the values it accepts, so the schema cannot drift from what the model enforces.
"""

from __future__ import annotations

from typing import Any

import attrs

from ._checks import Rule
from ._event import Event
from ._values import is_exported

_ID = "https://iofs.org/schemas/iofs-events/event-{version}.schema.json"


def event_schema(versions: tuple[str, ...]) -> dict[str, Any]:
    """The schema of the event documents of contract ``versions`` (oldest first), named by the newest.

    Translations came in 1.1: a document that says 1.0 has none.
    """
    definitions: dict[str, Any] = {}
    _define(Event, definitions)
    root = definitions.pop("Event")
    properties = {"schema_version": {"type": "string", "enum": list(versions)}}
    root["properties"] = properties | root["properties"]
    root["required"] = ["schema_version", *root["required"]]
    older = {"properties": {"schema_version": {"const": "1.0"}}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": _ID.format(version=versions[-1]),
        **root,
        "if": older,
        "then": {"not": {"required": ["translations"]}},
        "$defs": dict(sorted(definitions.items())),
    }


def _define(cls: type[Any], definitions: dict[str, Any]) -> None:
    """Add the schema of ``cls`` and of every class it refers to under ``definitions``."""
    if cls.__name__ in definitions:
        return
    properties: dict[str, Any] = {}
    required: list[str] = []
    definitions[cls.__name__] = {
        "title": cls.__name__,
        "description": (cls.__doc__ or "").strip().splitlines()[0],
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "required": required,
    }
    for field in attrs.fields(cls):
        if not is_exported(field):
            continue
        assert isinstance(field.validator, Rule), f"{cls.__name__}.{field.name} has no Rule"
        properties[field.name] = field.validator.schema
        if field.default is attrs.NOTHING:
            required.append(field.name)
        for referenced in field.validator.refers:
            _define(referenced, definitions)
        definitions.update(getattr(field.validator, "definitions", {}))
