"""Extract the request-body schemas of the Zoom operations the adapter uses from Zoom's Meeting API spec.

Run from the project root: ``python tests/platforms/schemas/extract_zoom.py SPECS``, where ``SPECS`` is
the folder of the vendors' API descriptions (Zoom's is ``SPECS/zoom/meeting-api.json``).
Each schema is written to ``tests/platforms/schemas/zoom/<operationId>.json`` with its ``$ref``\\ s
resolved (a cycle guard stops at a schema already being resolved) and annotations (descriptions,
examples, ``x-`` keys) left out, so that the files stay small; the validation keywords are kept as
the spec has them. The spec itself is not copied into the project (see CONTRIBUTING.md).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).parent / "zoom"
OPERATIONS = (
    "meetingCreate",
    "meetingUpdate",
    "meetingRegistrantCreate",
    "addBatchRegistrants",
    "meetingRegistrantStatus",
    "webinarCreate",
    "webinarUpdate",
    "webinarRegistrantCreate",
    "addBatchWebinarRegistrants",
    "webinarRegistrantStatus",
)
ANNOTATIONS = {"description", "example", "examples", "default", "deprecated", "readOnly", "writeOnly", "title"}
SCHEMA_MAPS = {"properties", "patternProperties", "definitions"}
SCHEMA_LISTS = {"allOf", "anyOf", "oneOf"}
SCHEMA_ONE = {"items", "additionalProperties", "not"}


def resolve(spec: dict[str, Any], schema: Any, seen: tuple[str, ...] = ()) -> Any:
    """``schema`` with its ``$ref``\\ s replaced by their targets and annotations dropped."""
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        ref = schema["$ref"]
        if ref in seen:  # a cycle: stop here and accept anything
            return {}
        target: Any = spec
        for part in ref.removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        return resolve(spec, target, (*seen, ref))
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in ANNOTATIONS or key.startswith("x-") or key == "nullable":
            continue
        if key in SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {name: resolve(spec, sub, seen) for name, sub in value.items()}
        elif key in SCHEMA_LISTS and isinstance(value, list):
            out[key] = [resolve(spec, sub, seen) for sub in value]
        elif key in SCHEMA_ONE:
            out[key] = (
                [resolve(spec, sub, seen) for sub in value] if isinstance(value, list) else resolve(spec, value, seen)
            )
        elif key == "required" and not isinstance(value, list):
            continue  # OpenAPI-style ``required: true`` inside a property means nothing in Draft 4
        else:
            out[key] = value
    return out


def main(spec_path: Path) -> None:
    """Write one schema file per operation of :data:`OPERATIONS`."""
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    found = {}
    for item in spec["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and operation.get("operationId") in OPERATIONS:
                body = operation["requestBody"]["content"]["application/json"]["schema"]
                found[operation["operationId"]] = resolve(spec, body)
    missing = set(OPERATIONS) - set(found)
    if missing:
        raise SystemExit(f"not in the spec: {', '.join(sorted(missing))}")
    OUT.mkdir(exist_ok=True)
    for name, schema in sorted(found.items()):
        text = json.dumps(schema, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        (OUT / f"{name}.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/platforms/schemas/extract_zoom.py SPECS")
    main(Path(sys.argv[1]) / "zoom" / "meeting-api.json")
