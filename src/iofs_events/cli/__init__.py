"""The ``iofs-events`` command: validate event files and write what derives from them.

Exit status: 0 on success, 1 when an input cannot be read or is not a valid event (each
problem on standard error as ``FILE: $.path: reason``), 2 on a usage error. Each group of
commands lives in a module of its own, which adds its commands to the parser.
"""

from __future__ import annotations

import argparse
import os
import sys
from importlib import import_module
from typing import TYPE_CHECKING

from .. import __version__, _cache
from ..exceptions import DocumentError, IofsEventsError
from ._output import report

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["main"]

_DESCRIPTION = (
    "Validate event files (JSON or TOML) and make what derives from them: canonical JSON, calendars, "
    "announcement pages, invitation emails, online meetings, translation files; keep the roster of "
    "participants and their replies."
)
_EPILOG = (
    "Run 'iofs-events COMMAND --help' for what a command does and reads. Exit status: 0 done, 1 an input "
    "or a service refused (the reason on standard error), 2 a usage error."
)
_SIGPIPE = 141  # the status of a process that the signal SIGPIPE ended, as shells report it


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: the process arguments); return the exit status."""
    _cache.use_by_default()  # what one command finds out at some cost, the next one reuses
    arguments = sys.argv[1:] if argv is None else list(argv)
    try:
        try:
            return _run(_parser(arguments).parse_args(arguments))
        finally:
            sys.stdout.flush()  # a reader that went away (``| head``) is found here, not as the interpreter exits
    except BrokenPipeError:
        _stop_writing()
        return _SIGPIPE
    except KeyboardInterrupt:
        print("iofs-events: interrupted", file=sys.stderr)
        return 130  # 128 + SIGINT, as shells report it


def _run(arguments: argparse.Namespace) -> int:
    try:
        return int(arguments.run(arguments))
    except DocumentError as error:
        report(error)
    except IofsEventsError as error:  # a calendar, email or sending that cannot be done as asked
        print(f"iofs-events: {error}", file=sys.stderr)
    except BrokenPipeError:
        raise  # standard output closed by its reader: not a file to report
    except OSError as error:
        report(error)
    return 1


def _stop_writing() -> None:
    """Send what standard output still holds to the null device, so that exiting does not fail on it again.

    As the Python documentation advises for SIGPIPE (the ``signal`` module's note): a command
    whose reader stopped reading exits quietly, without a traceback.
    """
    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError):  # standard output is no file (a test's capture): there is nothing to redirect
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


class _OneLineEach(argparse.HelpFormatter):
    """The help formatter of the command list, which gives each command one line, its help beside its name.

    Python before 3.13 measures the names of subcommands without their indentation, so the longest
    (``translations``) did not fit beside its help; this measures them where they are written.
    """

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        for command in self._iter_indented_subactions(action):
            width = len(self._format_action_invocation(command)) + self._current_indent
            self._action_max_length = max(self._action_max_length, width)


# Each group of commands, in the order the command list shows them: its module, and the commands it adds.
_GROUPS = {
    "_documents": ("validate", "json", "jsonld", "schema"),
    "_lifecycle": ("revise", "cancel"),
    "_calendars": ("ics",),
    "_page": ("page",),
    "_mail": ("email", "send"),
    "_meetings": ("platforms", "meeting"),
    "_roster": ("roster",),
    "_replies": ("replies",),
    "_caldav": ("caldav",),
    "_translations": ("translations",),
}


def _parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser of the command line ``argv``: when it starts with a command, that of its group alone.

    Importing the modules of all the commands and building their parsers takes a good share of
    a short command's time; the command list and its help need them all, a command only its own.
    """
    named = [module for module, names in _GROUPS.items() if argv and argv[0] in names]
    parser = argparse.ArgumentParser(
        prog="iofs-events", description=_DESCRIPTION, epilog=_EPILOG, formatter_class=_OneLineEach
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    for module in named or _GROUPS:
        import_module(f"{__name__}.{module}").add_commands(commands)
    return parser
