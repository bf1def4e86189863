"""The commands of online meetings: list the platforms, and create, update or cancel an event's meeting."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from .. import json as event_json
from ..exceptions import PlatformError
from ._output import emit

if TYPE_CHECKING:
    from .._event import Event
    from ..platforms import Meeting, Platform


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``platforms`` and ``meeting``."""
    platforms = commands.add_parser("platforms", help="list the installed conferencing platforms and what they can do")
    platforms.set_defaults(run=_platforms)

    meeting = commands.add_parser("meeting", help="create, update or cancel the online meeting of an event")
    meeting.add_argument("action", choices=["create", "update", "cancel"])
    meeting.add_argument("file", type=Path, metavar="FILE")
    meeting.add_argument("--platform", required=True, metavar="NAME", help="zoom, teams, webex, google_meet, jitsi...")
    meeting.add_argument("-o", "--output", type=Path, metavar="OUT", help="write the event here (default: stdout)")
    meeting.set_defaults(run=_meeting)


def _platforms(arguments: argparse.Namespace) -> int:
    """One line per installed adapter: its name and what it can do."""
    from ..platforms import available_platforms

    for name, point in available_platforms().items():
        try:
            capabilities = point.load().capabilities
        except Exception as error:
            print(f"{name}: cannot be loaded ({type(error).__name__}: {error})")
            continue
        flags = [  # every yes-or-no capability that the platform has, in the order Capabilities declares them
            field.metadata.get("label", field.name.replace("_", " "))
            for field in attrs.fields(type(capabilities))
            if getattr(capabilities, field.name) is True
        ]
        if capabilities.passcode_rule:
            flags.append(f"passcode: {capabilities.passcode_rule}")
        print(f"{name}: {', '.join(flags) or 'a link only'}")
    return 0


def _meeting(arguments: argparse.Namespace) -> int:
    """Create, update or delete the meeting of an event, and write the event back with what the platform made.

    A create first looks for the meeting an earlier attempt may have made, on the platforms that
    can (:class:`~iofs_events.platforms.Findable`), and adopts it: running the command again
    after a lost reply never makes a second meeting.
    """
    from ..platforms import load_platform

    event = event_json.read(arguments.file)
    held = event.online_meeting
    if arguments.action != "create" and (held is None or held.platform != arguments.platform):
        where = held.platform if held is not None else "no platform"
        raise PlatformError(f"{arguments.platform}: the event's meeting is not there, but on {where}")
    platform = load_platform(arguments.platform)
    try:
        if arguments.action == "cancel":
            assert held is not None  # checked above
            if held.meeting_id is None:
                raise PlatformError(f"{arguments.platform}: the event has no meeting to cancel (no meeting_id)")
            platform.delete(held.meeting_id)
            event = event.revise(online_meeting=None)
        else:
            made = _made(platform, event, arguments.action)
            if made.adopted:
                meeting_id = made.online_meeting.meeting_id
                print(f"iofs-events: adopted meeting {meeting_id}, which an earlier attempt made", file=sys.stderr)
            for note in made.not_applied:
                print(f"iofs-events: not applied: {note}", file=sys.stderr)
            event = event.revise(online_meeting=made.online_meeting)
    finally:
        platform.close()
    return emit(arguments.output, event_json.dumps(event, indent=True).encode() + b"\n")


def _made(platform: Platform, event: Event, action: str) -> Meeting:
    """The meeting that ``action`` (``create`` or ``update``) leaves the event with; a create looks first if it can."""
    from ..platforms import Findable

    if action == "update":
        return platform.update(event)
    if isinstance(platform, Findable):
        return platform.create(event, look_first=True)
    return platform.create(event)
