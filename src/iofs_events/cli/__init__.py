"""The ``iofs-events`` command: validate event files and write what derives from them.

Exit status: 0 on success, 1 when an input cannot be read or is not a valid event (each
problem on standard error as ``FILE: $.path: reason``), 2 on a usage error. Each group of
commands lives in a module of its own, which adds its commands to the parser.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from .. import __version__
from ..exceptions import DocumentError, IofsEventsError
from . import _caldav, _calendars, _documents, _lifecycle, _mail, _meetings, _page, _replies, _roster, _translations
from ._output import report

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: the process arguments); return the exit status."""
    arguments = _parser().parse_args(argv)
    try:
        return int(arguments.run(arguments))
    except DocumentError as error:
        report(error)
    except IofsEventsError as error:  # a calendar, email or sending that cannot be done as asked
        print(f"iofs-events: {error}", file=sys.stderr)
    except OSError as error:
        report(error)
    return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="iofs-events", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    for group in (
        _documents,
        _lifecycle,
        _calendars,
        _page,
        _mail,
        _meetings,
        _roster,
        _replies,
        _caldav,
        _translations,
    ):
        group.add_commands(commands)
    return parser
