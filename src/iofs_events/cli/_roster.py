"""The commands of an event's roster, ``iofs-events roster ACTION``: ``import``, ``show``, ``export``, ``register``.

Each action is a subcommand of the group ``roster``, added by a function of its own; those that
read a roster take :func:`_roster_options` (the event file, and ``--roster``) and open it with
:func:`_open`.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .. import json as event_json
from ._output import progress

if TYPE_CHECKING:
    from collections.abc import Callable

    from .._event import Event
    from ..roster import Roster

_REGISTER = """\
Register on the conferencing platform the registered participants of the roster that it does not
hold yet, in batches, keeping each one's own join link in the roster; and cancel there the
registrations of those who are no longer registered. Run it again after a failure: it goes on
where it stopped, and registers nobody twice.

The platform's settings come from the environment or a .env file: IOFS_ZOOM_ACCOUNT_ID,
IOFS_ZOOM_CLIENT_ID, IOFS_ZOOM_CLIENT_SECRET, IOFS_ZOOM_USER_ID and IOFS_ZOOM_REGISTRATION_RATE
(calls a second, default 1) for zoom; IOFS_WEBEX_ACCESS_TOKEN and IOFS_WEBEX_REGISTRATION_RATE
for webex.
"""


_IMPORT = """\
Import the participants listed in a table, a CSV file or an Excel workbook (.xlsx), into the roster
of the event, which is made beside the event file if there is none. A header row names the
columns: email (required), name, honorific, language, time_zone, country, organization, role,
and status (invited, registered, waitlisted, declined, withdrawn, cancelled) or registered
(yes/no). Importing the list again, once changed, updates each person's contact and keeps what
the roster learnt: their answers, their links, what they were sent.

Every bad row is reported, as TABLE: row N.column: reason, and then nothing is imported. The
journal of an earlier "iofs-events send --recipients TABLE" (TABLE.journal, beside it), if there
is one, says who was sent what: the roster takes it in, so that nobody is sent a message twice.
"""
_SHOW = """\
Show the roster of the event: how many people, by registration status, by answer (RSVP), by
country and by language; with --people, each person too.
"""
_EXPORT = """\
Write the roster to a table, one row a person: an Excel workbook if OUT ends in .xlsx, CSV
(UTF-8, with the byte order mark that Excel needs to show every script) otherwise. The columns:
the contact, the registration status and answer with their times, and the last message sent.
The table reads back with "roster import". Each person's own join link is private to them: it
is written only with --links.
"""


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the group ``roster`` and its actions."""
    roster = commands.add_parser(
        "roster",
        help="an event's participants: import, show, export, register",
        description="Work on the roster of an event: its participants and their state, kept beside the event file.",
    )
    actions = roster.add_subparsers(title="actions", required=True, metavar="ACTION")
    _add_import(actions)
    _add_show(actions)
    _add_export(actions)
    _add_register(actions)


def _roster_options() -> argparse.ArgumentParser:
    """The options of every action on a roster: the event file, and where its roster is."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("file", type=Path, metavar="FILE", help="the event file (JSON or TOML)")
    options.add_argument(
        "--roster",
        type=Path,
        metavar="PATH",
        help="the roster (default: beside FILE, named after it: NAME.roster.sqlite)",
    )
    return options


def _open(arguments: argparse.Namespace, event: Event, *, create: bool = False) -> Roster:
    """The roster of ``event`` that the options name; it must exist, unless it is to be created."""
    from ..roster import Roster, roster_path

    path = arguments.roster or roster_path(arguments.file)
    if not create and not path.is_file():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
    return Roster.open(path, event, create=True)


def _action(
    actions: argparse._SubParsersAction[argparse.ArgumentParser], name: str, description: str, *, help: str
) -> argparse.ArgumentParser:
    """A ``roster`` action, with the options every action has and its description as written."""
    return actions.add_parser(
        name,
        parents=[_roster_options()],
        help=help,
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def _add_import(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    action = _action(
        actions, "import", _IMPORT, help="import the participants listed in a CSV file or an Excel workbook"
    )
    action.add_argument("table", type=Path, metavar="TABLE", help="the list of participants: a CSV file, or .xlsx")
    action.add_argument(
        "--journal",
        type=Path,
        metavar="FILE",
        help="the journal of what iofs-events send sent them (default: TABLE.journal, if there is one)",
    )
    action.set_defaults(run=_import)


def _import(arguments: argparse.Namespace) -> int:
    """Merge the table into the roster, with what the journal says was sent; nothing at all if a row is bad."""
    from ..roster import journal_deliveries, read_people

    event = event_json.read(arguments.file)
    people = read_people(arguments.table)
    journal = arguments.journal or arguments.table.with_name(f"{arguments.table.name}.journal")
    read = arguments.journal is not None or journal.is_file()
    deliveries = journal_deliveries(journal, event) if read else []
    # The people and their deliveries, together or not at all.
    with _open(arguments, event, create=True) as roster, roster.store.transaction():
        merged = roster.merge(people)
        taken = roster.adopt(deliveries)
        if any(delivery.revision == event.revision for delivery in taken):
            roster.keep(event)  # what an update will say has changed since
    print(f"added {len(merged.added)}, updated {len(merged.updated)}, unchanged {len(merged.unchanged)}")
    if merged.promoted:
        print(f"promoted from the waiting list: {', '.join(merged.promoted)}")
    if read:
        print(f"took {len(taken)} of the {len(deliveries)} messages about the event that {journal} records as sent")
    return 0


def _add_show(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    action = _action(actions, "show", _SHOW, help="count the participants by status, answer, country and language")
    action.add_argument(
        "--people", action="store_true", help="also list each person: email, registration status, answer, name"
    )
    action.set_defaults(run=_show)


def _show(arguments: argparse.Namespace) -> int:
    """Print the counts of the roster, and each person if asked."""
    from .._wording import country_name, language_name

    event = event_json.read(arguments.file)
    with _open(arguments, event) as roster:
        summary, people = roster.summary(), roster.people() if arguments.people else []

    print(f"people: {summary.total}")
    if roster.capacity is not None:
        print(f"places: {summary.by_status.get('registered', 0)} of {roster.capacity} taken")
    if summary.total:
        countries = _counts(summary.by_country, lambda code: country_name(code, "en"))
        languages = _counts(summary.by_language, lambda tag: language_name(tag, "en"))
        print(f"status: {_counts(summary.by_status)}")
        print(f"RSVP: {_counts(summary.by_rsvp)}")
        print(f"country: {countries}")
        print(f"language: {languages}")
    if people:
        # The name last: a name in another script, or read right to left, cannot push the other columns.
        width = max(len(person.email) for person in people)
        print()
        for person in people:
            line = f"{person.email:{width}}  {person.status:10}  {person.rsvp:12}  {person.name or ''}"
            print(line.rstrip())
    return 0


def _counts(found: dict[str, int], name: Callable[[str], str] | None = None) -> str:
    """``value count, ...``, most first; each value named by ``name`` before its code, if given."""
    shown = []
    for value, count in found.items():
        label = "not given" if value == "-" else f"{name(value)} ({value})" if name is not None else value
        shown.append(f"{label} {count}")
    return ", ".join(shown)


def _add_export(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    action = _action(actions, "export", _EXPORT, help="write the roster to a CSV file or an Excel workbook")
    action.add_argument(
        "-o", "--output", type=Path, required=True, metavar="OUT", help="the table to write: OUT.xlsx, or CSV"
    )
    action.add_argument(
        "--links", action="store_true", help="also write each person's own join link and platform registration"
    )
    action.set_defaults(run=_export)


def _export(arguments: argparse.Namespace) -> int:
    """Write the roster's people, with their last message, to the table; say how many."""
    from ..roster import write_people

    event = event_json.read(arguments.file)
    with _open(arguments, event) as roster:
        people = roster.people()
        write_people(people, arguments.output, deliveries=roster.deliveries(), links=arguments.links)
    print(f"wrote {len(people)} people into {arguments.output}")
    return 0


def _add_register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    register = _action(
        actions,
        "register",
        _REGISTER,
        help="register the registered participants on the conferencing platform, with their own join links",
    )
    register.add_argument(
        "--platform", required=True, metavar="NAME", help="the platform of the event's meeting: zoom or webex"
    )
    register.set_defaults(run=_register)


def _register(arguments: argparse.Namespace) -> int:
    """Register the roster's participants on the platform, with a progress bar; say what was done and what failed."""
    from ..platforms import load_platform
    from ..roster import register_on_platform

    event = event_json.read(arguments.file)
    with _open(arguments, event) as roster:
        platform = load_platform(arguments.platform)
        try:
            with progress(None, unit="person") as bar:

                def tick(done: int, total: int) -> None:
                    bar.total = total
                    bar.update(done - bar.n)

                report = register_on_platform(roster, event, platform, progress=tick)
        finally:
            platform.close()
    print(
        f"registered {len(report.registered)} ({report.links} with a personal link), "
        f"{report.unchanged} registered before, cancelled {len(report.cancelled)}, failed {len(report.failed)}"
    )
    for email, reason in report.failed:
        print(f"iofs-events: {email}: {reason}", file=sys.stderr)
    return 1 if report.failed else 0
