"""Commands on event documents: validate them, and write their JSON, JSON-LD and JSON Schema."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import json as event_json
from ..exceptions import DocumentError
from ._output import emit, pretty, report


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``validate``, ``json``, ``jsonld`` and ``schema``."""
    validate = commands.add_parser("validate", help="check event files (JSON or TOML) and report every problem")
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    validate.set_defaults(run=_validate)

    for name, help_text, run in (
        ("json", "write the canonical JSON document of an event file", _json),
        ("jsonld", "write the schema.org JSON-LD view of an event file (no private facts)", _jsonld),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("file", type=Path, metavar="FILE")
        command.add_argument("-o", "--output", type=Path, metavar="OUT", help="write here instead of standard output")
        command.set_defaults(run=run)
        if name == "jsonld":
            command.add_argument(
                "--lang", metavar="TAG", help="the view for a page in this language (default: every language, tagged)"
            )

    schema = commands.add_parser("schema", help="write the JSON Schema of event documents")
    schema.add_argument("-o", "--output", type=Path, metavar="OUT", help="write here instead of standard output")
    schema.set_defaults(run=lambda arguments: emit(arguments.output, pretty(event_json.schema())))


def _validate(arguments: argparse.Namespace) -> int:
    status = 0
    for path in arguments.files:
        try:
            event_json.read(path)
        except (DocumentError, OSError) as error:
            report(error)
            status = 1
        else:
            print(f"{path}: valid")
    return status


def _json(arguments: argparse.Namespace) -> int:
    return emit(arguments.output, event_json.dumps(event_json.read(arguments.file), indent=True).encode() + b"\n")


def _jsonld(arguments: argparse.Namespace) -> int:
    from ..jsonld import to_jsonld

    return emit(arguments.output, pretty(to_jsonld(event_json.read(arguments.file), language=arguments.lang)))
