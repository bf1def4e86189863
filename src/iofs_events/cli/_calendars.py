"""The ``ics`` command: an event's calendar to publish, invite or cancel, or a feed of several events."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from .. import json as event_json
from ..exceptions import CalendarError
from ._output import emit
from ._types import Mailbox, line, mailbox

if TYPE_CHECKING:
    from ..ical import Attendee, AttendeeRole


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``ics``."""
    ics = commands.add_parser(
        "ics", help="write the iCalendar file of event files: to publish (several make a feed), invite or cancel"
    )
    ics.add_argument("files", nargs="+", type=Path, metavar="FILE")
    ics.add_argument("--name", default="IOFS events", type=line, help="the name of a feed of several events")
    ics.add_argument("--method", choices=["publish", "request", "cancel"], default="publish")
    ics.add_argument(
        "--attendee",
        action="append",
        default=[],
        type=mailbox,
        metavar='"NAME <EMAIL>"',
        help="invite someone (repeatable)",
    )
    ics.add_argument(
        "--organizer", type=mailbox, metavar='"NAME <EMAIL>"', help="who sends it (default: from the event file)"
    )
    ics.add_argument(
        "--lang",
        metavar="TAG",
        help="write it for readers of this language: the event's translation in it, and its words "
        "(default: the event's own language); one calendar per language",
    )
    ics.add_argument("-o", "--output", type=Path, metavar="OUT", help="write here instead of standard output")
    ics.set_defaults(run=_ics)


def _ics(arguments: argparse.Namespace) -> int:
    from ..ical import AttendeeRole, Method, feed, to_ical

    events = [event_json.read(path) for path in arguments.files]
    method = Method(arguments.method.upper())
    attendees = [_attendee(mailbox, AttendeeRole.REQUIRED) for mailbox in arguments.attendee]
    organizer = _attendee(arguments.organizer, AttendeeRole.CHAIR) if arguments.organizer else None
    if len(events) > 1 and (method is not Method.PUBLISH or attendees):
        raise CalendarError("several events make a feed, which is published: leave out --method and --attendee")
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


def _attendee(mailbox: Mailbox, role: AttendeeRole) -> Attendee:
    """The attendee of a mailbox read from the command line."""
    from ..ical import Attendee

    return Attendee(email=mailbox.address, name=mailbox.name, role=role)
