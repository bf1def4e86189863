"""The ``iofs-events`` command: validate event files and write what derives from them.

Exit status: 0 on success, 1 when an input cannot be read or is not a valid event (each
problem on standard error as ``FILE: $.path: reason``), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from email.utils import parseaddr
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from . import __version__
from . import json as event_json
from ._files import write_atomically
from .exceptions import DocumentError, ValidationError

if TYPE_CHECKING:
    from .ical import Attendee, Role

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: the process arguments); return the exit status."""
    arguments = _parser().parse_args(argv)
    try:
        return int(arguments.run(arguments))
    except (DocumentError, OSError) as error:
        _report(error)
    return 1


def _report(error: DocumentError | OSError) -> None:
    """Say on standard error what was wrong: each problem of a document, or why a file failed."""
    if isinstance(error, DocumentError):
        for problem in error.problems:
            print(f"{error.source or '-'}: {problem}", file=sys.stderr)
    else:
        print(f"iofs-events: {_describe(error)}", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="iofs-events", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

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

    ics = commands.add_parser(
        "ics", help="write the iCalendar file of event files: to publish (several make a feed), invite or cancel"
    )
    ics.add_argument("files", nargs="+", type=Path, metavar="FILE")
    ics.add_argument("--name", default="IOFS events", help="the name of a feed of several events")
    ics.add_argument("--method", choices=["publish", "request", "cancel"], default="publish")
    ics.add_argument(
        "--attendee", action="append", default=[], metavar='"NAME <EMAIL>"', help="invite someone (repeatable)"
    )
    ics.add_argument("--organizer", metavar='"NAME <EMAIL>"', help="who sends it (default: from the event file)")
    ics.add_argument("-o", "--output", type=Path, metavar="OUT", help="write here instead of standard output")
    ics.set_defaults(run=_ics)

    schema = commands.add_parser("schema", help="write the JSON Schema of event documents")
    schema.add_argument("-o", "--output", type=Path, metavar="OUT", help="write here instead of standard output")
    schema.set_defaults(run=lambda arguments: _emit(arguments.output, _pretty(event_json.schema())))
    return parser


def _validate(arguments: argparse.Namespace) -> int:
    status = 0
    for path in arguments.files:
        try:
            event_json.read(path)
        except (DocumentError, OSError) as error:
            _report(error)
            status = 1
        else:
            print(f"{path}: valid")
    return status


def _json(arguments: argparse.Namespace) -> int:
    return _emit(arguments.output, event_json.dumps(event_json.read(arguments.file), indent=True).encode() + b"\n")


def _jsonld(arguments: argparse.Namespace) -> int:
    from .jsonld import to_jsonld

    return _emit(arguments.output, _pretty(to_jsonld(event_json.read(arguments.file))))


def _ics(arguments: argparse.Namespace) -> int:
    from .ical import CalendarError, Method, Role, feed, to_ical

    events = [event_json.read(path) for path in arguments.files]
    method = Method(arguments.method.upper())
    try:
        attendees = [_attendee(text, Role.REQUIRED) for text in arguments.attendee]
        organizer = _attendee(arguments.organizer, Role.CHAIR) if arguments.organizer else None
        if len(events) == 1:
            ics = to_ical(events[0], method=method, attendees=attendees, organizer=organizer)
        elif method is not Method.PUBLISH or attendees:
            raise CalendarError("several events make a feed, which is published: leave out --method and --attendee")
        else:
            ics = b"".join(feed(events, name=arguments.name, organizer=organizer))
    except (CalendarError, ValidationError) as error:
        print(f"iofs-events: {error}", file=sys.stderr)
        return 1
    return _emit(arguments.output, ics)


def _attendee(text: str, role: Role) -> Attendee:
    """Read ``"Name <email>"`` (or a bare address) as an attendee."""
    from .ical import Attendee

    name, address = parseaddr(text)
    return Attendee(email=address or text, name=name or None, role=role)


def _pretty(data: object) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"


def _emit(output: Path | None, data: bytes) -> int:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomically(output, data)
    return 0


_REASONS = {
    FileNotFoundError: "no such file",
    IsADirectoryError: "is a directory",
    PermissionError: "permission denied",
}


def _describe(error: OSError) -> str:
    reason = _REASONS.get(type(error))
    return f"{reason}: {error.filename}" if reason else f"{error.filename or 'file'}: {error.strerror or error}"
