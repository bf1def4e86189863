"""The commands of an event's life: move it to another time, or cancel it, as its next revision.

Staff never edit JSON by hand to change a date: each command reads the event file, writes the
next revision (``SEQUENCE`` one higher, which calendars take as an update) atomically, to the
file itself or to ``-o OUT``, and says what to send next.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .. import json as event_json
from .._checks import is_time_zone
from .._event import Event
from .._schedule import DateSpan, TimeSpan
from ..exceptions import ValidationError
from ._output import emit

_MOMENT = "a date and time such as 2021-12-22T10:00"


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``revise`` and ``cancel``."""
    revise = commands.add_parser(
        "revise",
        help="move an event to another time, as its next revision",
        description="Write the next revision of an event with a new schedule: times in a zone, or whole days.",
    )
    revise.add_argument("file", type=Path, metavar="FILE", help="the event file (JSON, or TOML with -o)")
    revise.add_argument("--starts", metavar="WHEN", help=f"the new start, {_MOMENT} (local time in --zone)")
    revise.add_argument("--ends", metavar="WHEN", help=f"the new end, {_MOMENT}")
    revise.add_argument(
        "--zone", metavar="ZONE", help="the IANA time zone of the times (default: the event's current one)"
    )
    revise.add_argument("--days", metavar="FIRST[..LAST]", help="whole days instead of times: 2022-06-14..2022-06-15")
    _output(revise)
    revise.set_defaults(run=_revise, parser=revise)

    cancel = commands.add_parser(
        "cancel",
        help="cancel an event, as its next revision",
        description="Write the next revision of an event, cancelled: calendars then remove it.",
    )
    cancel.add_argument("file", type=Path, metavar="FILE", help="the event file (JSON, or TOML with -o)")
    _output(cancel)
    cancel.set_defaults(run=_cancel, parser=cancel)


def _output(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="write the new revision here (default: over FILE, if JSON)"
    )


_FLAGS = {"starts_at": "--starts", "ends_at": "--ends", "first_day": "--days", "last_day": "--days"}


def _revise(arguments: argparse.Namespace) -> int:
    event = event_json.read(arguments.file)
    parser: argparse.ArgumentParser = arguments.parser
    try:
        schedule = _schedule(arguments, event)
    except ValidationError as error:
        parser.error(f"{_FLAGS[error.field]}: {error.reason}")
    if schedule == event.schedule:
        parser.error("the event already has that schedule: nothing to revise")
    try:
        revised = event.revise(schedule=schedule)
    except ValidationError as error:
        parser.error(f"the new schedule does not suit the event: {error}; change the event file first")
    return _write(arguments, revised, "update")


def _cancel(arguments: argparse.Namespace) -> int:
    event = event_json.read(arguments.file)
    if event.status == "cancelled":
        arguments.parser.error("the event is already cancelled")
    return _write(arguments, event.cancel(), "cancellation")


def _schedule(arguments: argparse.Namespace, event: Event) -> TimeSpan | DateSpan:
    """The new schedule the arguments describe; a usage error names the flag that is wrong or missing."""
    parser: argparse.ArgumentParser = arguments.parser
    if arguments.days:
        if arguments.starts or arguments.ends:
            parser.error("give either --days or --starts and --ends, not both")
        first, _, last = arguments.days.partition("..")
        try:
            days = date.fromisoformat(first), date.fromisoformat(last or first)
        except ValueError:
            parser.error(f"--days: {arguments.days!r} is not FIRST or FIRST..LAST, such as 2022-06-14..2022-06-15")
        return DateSpan(first_day=days[0], last_day=days[1])
    if not (arguments.starts and arguments.ends):
        parser.error("give the new --starts and --ends (or --days for whole days)")
    current = event.schedule.time_zone if isinstance(event.schedule, TimeSpan) else None
    zone = arguments.zone or current
    if zone is None:
        parser.error("the event has no time zone yet: give --zone, such as --zone Asia/Almaty")
    if not is_time_zone(zone):
        parser.error(f"--zone: unknown time zone {zone!r}; use an IANA name such as Asia/Riyadh")
    moments = []
    for flag, text in (("--starts", arguments.starts), ("--ends", arguments.ends)):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            parser.error(f"{flag}: {text!r} is not {_MOMENT}")
        if moment.tzinfo is not None:
            parser.error(f"{flag}: give the local time without an offset; the zone is --zone ({zone})")
        moments.append(moment.replace(tzinfo=ZoneInfo(zone)))
    return TimeSpan(starts_at=moments[0], ends_at=moments[1])


def _write(arguments: argparse.Namespace, event: Event, next_kind: str) -> int:
    """Write the revision where asked, and say what to send next."""
    target: Path = arguments.output or arguments.file
    if target.suffix.lower() == ".toml":
        arguments.parser.error(f"{target}: write the revision as JSON with -o OUT.json; a TOML file is kept as written")
    emit(target, event_json.dumps(event, indent=True).encode() + b"\n")
    print(f"{target}: revision {event.revision}; send the {next_kind}: iofs-events send {target} --kind {next_kind}")
    return 0
