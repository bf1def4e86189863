"""Extract the request-body schemas of the Webex operations the adapter uses, for the contract tests.

Run from the repository root with the folder of the vendors' API descriptions as argument (they
are not part of the project; Webex's is ``SPECS/webex/webex-meeting.json``)::

    python tests/platforms/schemas/extract_webex.py SPECS

Each ``webex/<operationId>.json`` is that operation's request-body schema with every local
``$ref`` resolved (a cycle becomes an empty schema), and descriptions and examples dropped to
keep it small. Validate with ``jsonschema.Draft4Validator``: the whole description is not valid OpenAPI, but each
operation's schema is a Draft 4 schema once resolved.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

OPERATIONS = {
    "createMeeting": ("/meetings", "post"),
    "patchMeeting": ("/meetings/{meetingId}", "patch"),
    "updateMeetingSimultaneousInterpretation": ("/meetings/{meetingId}/simultaneousInterpretation", "put"),
    "updateMeetingRegistration": ("/meetings/{meetingId}/registration", "put"),
    "createRegistrant": ("/meetings/{meetingId}/registrants", "post"),
    "createRegistrants": ("/meetings/{meetingId}/registrants/bulkInsert", "post"),
    "queryMeetingRegistrants": ("/meetings/{meetingId}/registrants/query", "post"),
    "batchCancelMeetingRegistrants": ("/meetings/{meetingId}/registrants/cancel", "post"),
}
NAMED = ("properties", "patternProperties", "definitions")  # keys whose values map names to schemas
SINGLE = ("items", "additionalProperties", "not")
LISTS = ("allOf", "anyOf", "oneOf")
DROPPED = ("description", "example", "examples")


def resolve(spec: dict[str, Any], schema: Any, seen: tuple[str, ...] = ()) -> Any:
    """``schema`` with its ``$ref``s replaced by their targets; a reference to itself becomes ``{}``."""
    if isinstance(schema, list):
        return [resolve(spec, item, seen) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        ref = schema["$ref"]
        if ref in seen:
            return {}
        target: Any = spec
        for part in ref.removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        return resolve(spec, target, (*seen, ref))
    result: dict[str, Any] = {}
    for key, value in schema.items():
        if key in DROPPED:
            continue
        if key in NAMED and isinstance(value, dict):
            result[key] = {name: resolve(spec, sub, seen) for name, sub in value.items()}
        elif key in SINGLE or key in LISTS:
            result[key] = resolve(spec, value, seen)
        else:
            result[key] = value
    return result


def main(source: str) -> None:
    """Write one schema file per operation next to this script, under ``webex/``."""
    spec = json.loads(Path(source).read_text(encoding="utf-8"))
    out = Path(__file__).parent / "webex"
    out.mkdir(exist_ok=True)
    for name, (path, method) in OPERATIONS.items():
        content = spec["paths"][path][method]["requestBody"]["content"]
        schema = resolve(spec, next(iter(content.values()))["schema"])
        schema["$schema"] = "http://json-schema.org/draft-04/schema#"
        text = json.dumps(schema, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        (out / f"{name}.json").write_text(text, encoding="utf-8")
        print(f"{name}: {len(text)} characters")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/platforms/schemas/extract_webex.py SPECS")
    main(str(Path(sys.argv[1]) / "webex" / "webex-meeting.json"))
