"""Extract the request-body schemas of the Google Calendar operations the Google Meet adapter uses.

Run from the repository root: ``python tests/platforms/schemas/extract_google.py SPECS``
(``SPECS``: the folder of the vendors' API descriptions, which the project does not copy).
The Calendar API is described by a Discovery
document, not OpenAPI: a ``$ref`` is a bare schema name (``"EventDateTime"``) that resolves
against the top-level ``schemas``, and the body fields a method requires are listed per property
under ``annotations.required`` (by method id) rather than in a JSON Schema ``required``.

For each method this takes the schema of its ``request``, resolves the references (a schema met
again inside itself becomes ``{}``, the cycle guard), turns each property whose annotations name
the method into a Draft 4 ``required``, maps Discovery's ``type: any`` to no type, keeps
``type``, ``properties``, ``items``, ``enum``, ``format`` and ``additionalProperties``, and drops
the prose (``description``, ``default``). Discovery never closes an object, so every object that
lists its properties is closed here (``additionalProperties: false``): a misspelled field, which
Calendar would ignore, fails the contract test instead. The schema of the OAuth refresh-token
grant (RFC 6749 section 6; Google's token endpoint is in no Discovery document) is written by
hand below. Each schema is written to ``google/<method>.json`` next to this script.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
METHODS = ("calendar.events.insert", "calendar.events.patch")
KEPT = ("type", "properties", "items", "enum", "format", "additionalProperties")
TOKEN = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "type": "object",
    "properties": {
        "grant_type": {"type": "string", "enum": ["refresh_token"]},
        "client_id": {"type": "string", "minLength": 1},
        "client_secret": {"type": "string", "minLength": 1},
        "refresh_token": {"type": "string", "minLength": 1},
    },
    "required": ["grant_type", "client_id", "client_secret", "refresh_token"],
    "additionalProperties": False,
}


def convert(node: Any, schemas: dict[str, Any], method: str, seen: tuple[str, ...] = ()) -> Any:
    """The Discovery schema ``node`` as Draft 4 JSON Schema, references resolved, for ``method``'s body."""
    if "$ref" in node:
        name = node["$ref"]
        return {} if name in seen else convert(schemas[name], schemas, method, (*seen, name))
    schema: dict[str, Any] = {}
    for key in KEPT:
        if key not in node:
            continue
        value = node[key]
        if key == "type" and value == "any":
            continue
        if key == "properties":
            value = {name: convert(child, schemas, method, seen) for name, child in value.items()}
            required = sorted(
                name
                for name, child in node["properties"].items()
                if method in child.get("annotations", {}).get("required", ())
            )
            if required:
                schema["required"] = required
        elif key in ("items", "additionalProperties") and isinstance(value, dict):
            value = convert(value, schemas, method, seen)
        schema[key] = value
    if "properties" in schema and "additionalProperties" not in schema:
        schema["additionalProperties"] = False
    return schema


def main(specs: Path) -> None:
    """Write one schema file per method, and the token grant's."""
    document = json.loads((specs / "google" / "calendar.v3.json").read_text(encoding="utf-8"))
    methods = {
        method["id"]: method
        for resource in document["resources"].values()
        for method in resource.get("methods", {}).values()
    }
    outputs = {"oauth.token": TOKEN}
    for name in METHODS:
        method = methods[name]
        schema = convert(method["request"], document["schemas"], name)
        outputs[name.removeprefix("calendar.")] = {"$schema": "http://json-schema.org/draft-04/schema#", **schema}
    for name, schema in outputs.items():
        target = HERE / "google" / f"{name}.json"
        target.parent.mkdir(exist_ok=True)
        target.write_text(json.dumps(schema, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{target}: {target.stat().st_size} bytes")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/platforms/schemas/extract_google.py SPECS")
    main(Path(sys.argv[1]))
