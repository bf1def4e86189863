"""The commands of an event's roster, ``iofs-events roster ACTION``: ``register`` on the conferencing platform.

Each action is a subcommand of the group ``roster``, added by a function of its own; those that
read a roster take :func:`_roster_options` (the event file, and ``--roster``) and open it with
:func:`_open`.
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .. import json as event_json

if TYPE_CHECKING:
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


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the group ``roster`` and its actions."""
    roster = commands.add_parser(
        "roster",
        help="the participants of an event: register them on the platform",
        description="Work on the roster of an event: its participants and their state, kept beside the event file.",
    )
    actions = roster.add_subparsers(title="actions", required=True, metavar="ACTION")
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


def _open(arguments: argparse.Namespace, event: Event) -> Roster:
    """The roster of ``event`` that the options name; it must exist."""
    from ..roster import Roster, SqliteStore, roster_path

    path = arguments.roster or roster_path(arguments.file)
    if not path.is_file():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
    capacity = event.registration.capacity if event.registration is not None else None
    return Roster(SqliteStore(path, event_id=event.id), capacity=capacity)


def _add_register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    register = actions.add_parser(
        "register",
        parents=[_roster_options()],
        help="register the registered participants on the conferencing platform, with their own join links",
        description=_REGISTER,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    register.add_argument(
        "--platform", required=True, metavar="NAME", help="the platform of the event's meeting: zoom or webex"
    )
    register.set_defaults(run=_register)


def _register(arguments: argparse.Namespace) -> int:
    """Register the roster's participants on the platform, with a progress bar; say what was done and what failed."""
    from tqdm import tqdm
    from tqdm.contrib.logging import logging_redirect_tqdm

    from ..platforms import load_platform
    from ..roster import register_on_platform

    event = event_json.read(arguments.file)
    roster = _open(arguments, event)
    platform = load_platform(arguments.platform)
    progress = tqdm(unit="person", file=sys.stderr, disable=None)
    retries = logging_redirect_tqdm([logging.getLogger("iofs_events")])  # warnings above the bar, not through it
    try:
        with progress as bar, retries:

            def tick(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            report = register_on_platform(roster, event, platform, progress=tick)
    finally:
        platform.close()
        roster.close()
    print(
        f"registered {len(report.registered)} ({report.links} with a personal link), "
        f"{report.unchanged} registered before, cancelled {len(report.cancelled)}, failed {len(report.failed)}"
    )
    for email, reason in report.failed:
        print(f"iofs-events: {email}: {reason}", file=sys.stderr)
    return 1 if report.failed else 0
