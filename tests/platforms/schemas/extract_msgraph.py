"""Extract the request-body schemas of the Microsoft Graph operations the Teams adapter uses.

Run from the repository root: ``python tests/platforms/schemas/extract_msgraph.py SPECS``
(``SPECS``: the folder of the vendors' API descriptions, which the project does not copy).
For each operation it takes the request body's
JSON schema from the Graph module file (OpenAPI 3.0.1, YAML), resolves the local ``$ref``s (a
reference met again inside itself becomes ``{}``, the cycle guard), removes every
``additionalProperties`` (``microsoft.graph.entity`` declares ``{type: object}``, which Draft 4
would apply to ``subject`` through ``allOf``, as the specs README warns), and writes
``msgraph/<operationId>.json`` next to this script. Needs PyYAML (not a project dependency).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
OPERATIONS = {
    # operationId: (module file, path, method)
    "user.onlineMeeting_createOrGet": (
        "Users.Actions.yml",
        "/users/{user-id}/onlineMeetings/microsoft.graph.createOrGet",
        "post",
    ),
    "user_UpdateOnlineMeeting": (
        "CloudCommunications.yml",
        "/users/{user-id}/onlineMeetings/{onlineMeeting-id}",
        "patch",
    ),
}


def resolve(node: Any, document: dict[str, Any], seen: tuple[str, ...] = ()) -> Any:
    """``node`` with its ``$ref``s replaced by their targets; a reference inside itself becomes ``{}``."""
    if isinstance(node, list):
        return [resolve(item, document, seen) for item in node]
    if not isinstance(node, dict):
        return node
    if "properties" in node:  # property names are not keywords: "description" may be one
        node = {
            **node,
            "properties": {name: resolve(value, document, seen) for name, value in node["properties"].items()},
        }
    if "$ref" in node:
        ref = node["$ref"]
        if ref in seen:
            return {}
        target: Any = document
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        return resolve(target, document, (*seen, ref))
    return {
        key: value if key == "properties" else resolve(value, document, seen)
        for key, value in node.items()
        if key != "additionalProperties"
    }


def main(specs: Path) -> None:
    """Write one schema file per operation."""
    documents: dict[str, dict[str, Any]] = {}
    for operation, (module, path, method) in OPERATIONS.items():
        if module not in documents:
            documents[module] = yaml.safe_load((specs / "msgraph" / module).read_text(encoding="utf-8"))
        document = documents[module]
        found = document["paths"][path][method]
        assert found["operationId"] == operation, found["operationId"]
        schema = resolve(found["requestBody"]["content"]["application/json"]["schema"], document)
        schema = {"$schema": "http://json-schema.org/draft-04/schema#", **schema}
        target = HERE / "msgraph" / f"{operation}.json"
        target.parent.mkdir(exist_ok=True)
        target.write_text(json.dumps(schema, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{target}: {target.stat().st_size} bytes")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/platforms/schemas/extract_msgraph.py SPECS")
    main(Path(sys.argv[1]))
