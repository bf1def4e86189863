"""The ``caldav`` commands: publish an event into a shared CalDAV calendar, one per language where asked."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .. import json as event_json
from ._types import language

if TYPE_CHECKING:
    from ..publish import Published

_SETTINGS = """\
settings, from the environment or a .env file in the working directory:
  IOFS_CALDAV_URL        the calendar's URL, when --calendar is not given
  IOFS_CALDAV_USERNAME   the user who signs in to the server
  IOFS_CALDAV_PASSWORD   their password (never in the URL)
  IOFS_CALDAV_TIMEOUT    seconds to wait for the server (default 30)
  IOFS_CALDAV_CA_BUNDLE  a file of CA certificates, for a server signed by your own CA
"""

_DONE = {
    "created": ("created", "would create"),
    "updated": ("updated to", "would update to"),
    "cancelled": ("marked cancelled at", "would mark cancelled at"),
    "unchanged": ("unchanged at", "unchanged at"),
}


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``caldav publish``."""
    caldav = commands.add_parser(
        "caldav",
        help="publish an event into a shared calendar (CalDAV)",
        description="Publish events into a shared calendar on a CalDAV server, such as Nextcloud or Radicale.",
    )
    actions = caldav.add_subparsers(title="commands", required=True, metavar="COMMAND")
    publish = actions.add_parser(
        "publish",
        help="create, update or cancel the event's entry in a shared calendar",
        description="Put the event into a CalDAV calendar: create its entry, update it on a new revision,\n"
        "mark it cancelled. Publishing again changes nothing when nothing changed. A change made\n"
        "in the calendar meanwhile is never overwritten: the command stops with status 1.",
        epilog=_SETTINGS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    publish.add_argument("file", type=Path, metavar="FILE", help="the event file (JSON or TOML)")
    publish.add_argument(
        "--calendar",
        metavar="URL",
        help="the URL of the calendar collection, {lang} where the language goes (default: IOFS_CALDAV_URL)",
    )
    publish.add_argument(
        "--lang",
        nargs="+",
        action="extend",
        default=[],
        type=language,
        metavar="TAG",
        help="publish for readers of these languages, one calendar each (default: the event's own language)",
    )
    publish.add_argument("--dry-run", action="store_true", help="read the calendar and say what would be done")
    publish.add_argument(
        "--force",
        action="store_true",
        help="replace an entry that was changed in the calendar at this revision: THE CALENDAR'S CHANGES ARE LOST",
    )
    publish.set_defaults(run=_publish)


def _publish(arguments: argparse.Namespace) -> int:
    """One line per language: what was done to its calendar's entry."""
    from ..publish import publish_languages

    event = event_json.read(arguments.file)
    languages = arguments.lang or [event.text_language]
    for done in publish_languages(
        event, languages, calendar_url=arguments.calendar, force=arguments.force, dry_run=arguments.dry_run
    ):
        print(_line(done))
        if done.overwrote:
            what = "would be replaced" if done.dry_run else "were replaced"
            print(f"iofs-events: warning: {done.language}: the calendar's changes {what} (--force)", file=sys.stderr)
    return 0


def _line(done: Published) -> str:
    """``ar: updated to revision 3: URL``, or what a dry run would do."""
    verb = _DONE[done.outcome][done.dry_run]
    return f"{done.language}: {verb} revision {done.revision}: {done.url}"
