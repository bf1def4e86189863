"""The ``ics`` command: an event's calendar to publish, invite or cancel, or a feed of several events."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from .. import json as event_json
from ..exceptions import CalendarError
from ._output import emit
from ._types import Mailbox, language, line, mailbox

if TYPE_CHECKING:
    from ..ical import Attendee, AttendeeRole


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``ics``."""
    ics = commands.add_parser(
        "ics",
        help="write an event's calendar file (.ics), or a feed of several",
        description="Write the iCalendar file of an event: an entry to publish (the default), an invitation "
        "(--method request, with an --attendee for each person), or a cancellation (--method cancel, once the "
        "event is cancelled with 'iofs-events cancel FILE'). Several event files make one published feed.",
    )
    ics.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help="the event file (JSON or TOML); several make a feed"
    )
    ics.add_argument("--name", default="IOFS events", type=line, help="the name of a feed of several events")
    ics.add_argument(
        "--method",
        choices=["publish", "request", "cancel"],
        default="publish",
        help="publish: an entry to add to calendars (the default); request: an invitation to each --attendee; "
        "cancel: the cancellation of a cancelled event",
    )
    ics.add_argument(
        "--attendee",
        action="append",
        default=[],
        type=mailbox,
        metavar='"NAME <EMAIL>"',
        help="someone to invite (--method request) or to tell of the cancellation; repeat for each person",
    )
    ics.add_argument(
        "--organizer", type=mailbox, metavar='"NAME <EMAIL>"', help="who sends it (default: from the event file)"
    )
    ics.add_argument(
        "--lang",
        type=language,
        metavar="TAG",
        help="write it for readers of this language: the event's translation in it, and its words "
        "(default: the event's own language); one calendar per language",
    )
    ics.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="write here (atomically) instead of standard output"
    )
    ics.set_defaults(run=_ics, parser=ics)


def _ics(arguments: argparse.Namespace) -> int:
    from ..ical import AttendeeRole, Method, feed, to_ical

    _check_flags(arguments)
    events = [event_json.read(path) for path in arguments.files]
    method = Method(arguments.method.upper())
    if method is Method.CANCEL and events[0].status != "cancelled":
        path = arguments.files[0]
        raise CalendarError(f"{path}: the event is not cancelled; cancel it first: iofs-events cancel {path}")
    attendees = [_attendee(mailbox, AttendeeRole.REQUIRED) for mailbox in arguments.attendee]
    organizer = _attendee(arguments.organizer, AttendeeRole.CHAIR) if arguments.organizer else None
    try:
        if len(events) == 1:
            ics = to_ical(events[0], method=method, attendees=attendees, organizer=organizer, language=arguments.lang)
        else:
            ics = b"".join(feed(events, name=arguments.name, organizer=organizer, language=arguments.lang))
    except CalendarError as error:
        if error.field != "organizer" or organizer is not None:
            raise
        raise CalendarError(f'{error}, or give --organizer "NAME <EMAIL>"', field=error.field) from None
    return emit(arguments.output, ics)


def _check_flags(arguments: argparse.Namespace) -> None:
    """Refuse, as usage errors naming the flag to change, the methods and attendees that cannot go together."""
    parser: argparse.ArgumentParser = arguments.parser
    if len(arguments.files) > 1 and (arguments.method != "publish" or arguments.attendee):
        parser.error("several FILEs make a feed, which is published: leave out --method and --attendee")
    if arguments.attendee and arguments.method == "publish":
        parser.error("--attendee is for an invitation: give --method request too (or --method cancel)")
    if arguments.method == "request" and not arguments.attendee:
        parser.error('--method request invites someone: give at least one --attendee "NAME <EMAIL>"')


def _attendee(mailbox: Mailbox, role: AttendeeRole) -> Attendee:
    """The attendee of a mailbox read from the command line."""
    from ..ical import Attendee

    return Attendee(email=mailbox.address, name=mailbox.name, role=role)
