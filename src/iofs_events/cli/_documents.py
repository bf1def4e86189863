"""Commands on event documents: validate them, and write their JSON, JSON-LD and JSON Schema."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import json as event_json
from ..exceptions import DocumentError
from ._output import emit, pretty, report
from ._types import language


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``validate``, ``json``, ``jsonld`` and ``schema``."""
    validate = commands.add_parser(
        "validate",
        help="check event files (JSON or TOML) and list every problem",
        description="Check event files, JSON and TOML mixed, and list every problem of each on standard error, "
        "as FILE: $.path: reason; each valid file gets a line FILE: valid. The status is 1 if any file is not valid.",
    )
    validate.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help="an event file, .json or .toml; give as many as you like"
    )
    validate.set_defaults(run=_validate)

    for name, help_text, description, run in (
        (
            "json",
            "write an event file as canonical JSON",
            "Read an event file (JSON or TOML) and write its canonical JSON document: to turn a TOML file into "
            "JSON, or to tidy a hand-written one.",
            _json,
        ),
        (
            "jsonld",
            "write an event's public schema.org view (JSON-LD)",
            "Write the public schema.org view of an event as JSON-LD, for a web page: never a passcode, a meeting "
            "id or a host link.",
            _jsonld,
        ),
    ):
        command = commands.add_parser(name, help=help_text, description=description)
        command.add_argument("file", type=Path, metavar="FILE", help="the event file (JSON or TOML)")
        _output(command)
        command.set_defaults(run=run)
        if name == "jsonld":
            command.add_argument(
                "--lang",
                type=language,
                metavar="TAG",
                help="the view for a page in this language (default: every language, tagged)",
            )

    schema = commands.add_parser(
        "schema",
        help="write the JSON Schema of event documents",
        description="Write the JSON Schema (draft 2020-12) of the event documents that this version reads and writes.",
    )
    _output(schema)
    schema.set_defaults(run=lambda arguments: emit(arguments.output, pretty(event_json.schema())))


def _output(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="write here (atomically) instead of standard output"
    )


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
