"""The commands of online meetings: list the platforms, and create, update or cancel an event's meeting."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from .. import json as event_json
from ..exceptions import CapabilityError, PlatformError, SettingsError
from ._output import emit
from ._settings import HelpWithPlatformSettings

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    from .._event import Event
    from ..platforms import Meeting, Platform


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``platforms`` and ``meeting``."""
    platforms = commands.add_parser(
        "platforms",
        help="list the conferencing platforms and what each can do",
        description="List the installed conferencing platforms, ours and other packages', one line each: its name "
        "and what it can do. Reads no settings and makes no request.",
    )
    platforms.set_defaults(run=_platforms)

    meeting = commands.add_parser(
        "meeting",
        help="create, update or cancel an event's online meeting",
        description="Create, update or cancel the online meeting of an event on a conferencing platform, and write "
        "the event, with what the platform made, as its next revision. What the platform cannot do is refused "
        "before any request; what it did not apply is said on standard error.",
        add_help=False,  # the help of -h lists each platform's settings, found only when asked
    )
    meeting.add_argument("-h", "--help", action=HelpWithPlatformSettings)
    meeting.add_argument(
        "action",
        choices=["create", "update", "cancel"],
        help="create: make the meeting (never a second one); update: bring it in step with the event; "
        "cancel: delete it",
    )
    meeting.add_argument("file", type=Path, metavar="FILE", help="the event file (JSON or TOML)")
    meeting.add_argument(
        "--platform",
        required=True,
        metavar="NAME",
        help="the platform: zoom, teams, webex, google_meet, jitsi, link...",
    )
    meeting.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="write the event here (atomically) instead of standard output"
    )
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
    event = event_json.read(arguments.file)
    held = event.online_meeting
    name = arguments.platform
    if arguments.action != "create":
        if held is None:
            raise PlatformError(
                f"the event has no online meeting to {arguments.action}; make it first: "
                f"iofs-events meeting create {arguments.file} --platform {name}"
            )
        if held.platform != name:
            raise PlatformError(
                f"the event's meeting is on {held.platform}, not {name}: give --platform {held.platform}"
            )
    if arguments.action != "cancel":
        _check_capabilities(name, event)  # before the settings are read: what they would be read for cannot be done
    platform = _load(name)
    try:
        if arguments.action == "cancel":
            assert held is not None  # checked above
            if held.meeting_id is None:
                raise PlatformError(f"{name}: the event has no meeting to cancel (no meeting_id)")
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


def _check_capabilities(name: str, event: Event) -> None:
    """Refuse an event that the platform cannot hold, naming the installed platforms that can."""
    from ..platforms import available_platforms, requirements

    installed = available_platforms()
    if name not in installed:
        return  # loading it says so, with the closest names
    try:
        requirements(name, installed[name].load().capabilities, event)
    except CapabilityError as error:
        able = [other for other, point in installed.items() if other != name and _can(point, event)]
        elsewhere = f"Installed platforms that can: {', '.join(able)} (give --platform NAME)" if able else ""
        raise PlatformError(f"{error}. {elsewhere or 'No installed platform can.'}") from None


def _can(point: EntryPoint, event: Event) -> bool:
    """Whether the adapter of ``point`` can hold ``event``, as far as its declared capabilities say."""
    from ..platforms import requirements

    try:
        requirements(point.name, point.load().capabilities, event)
    except Exception:  # refused, or an adapter that cannot be loaded: not one to suggest
        return False
    return True


def _load(name: str) -> Platform:
    """The adapter ``name``, with its settings; missing settings are named with where to set them."""
    from ..platforms import load_platform

    try:
        return load_platform(name)
    except SettingsError as error:
        raise SettingsError(
            f"{name}: {error}; set them in the environment or in a .env file here "
            "('iofs-events meeting --help' lists each platform's)"
        ) from None


def _made(platform: Platform, event: Event, action: str) -> Meeting:
    """The meeting that ``action`` (``create`` or ``update``) leaves the event with; a create looks first if it can."""
    from ..platforms import Findable

    if action == "update":
        return platform.update(event)
    if isinstance(platform, Findable):
        return platform.create(event, look_first=True)
    return platform.create(event)
