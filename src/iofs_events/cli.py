"""The ``iofs-events`` command: validate event files and write what derives from them.

Exit status: 0 on success, 1 when an input cannot be read or is not a valid event (each
problem on standard error as ``FILE: $.path: reason``), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from email.utils import parseaddr
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from . import __version__
from . import json as event_json
from ._files import write_atomically
from .exceptions import CalendarError, DocumentError, IofsEventsError, MailError, PlatformError
from .mail import Kind, RecipientRole

if TYPE_CHECKING:
    from .ical import Attendee, AttendeeRole
    from .mail import Composer, Message, Outcome

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: the process arguments); return the exit status."""
    arguments = _parser().parse_args(argv)
    try:
        return int(arguments.run(arguments))
    except DocumentError as error:
        _report(error)
    except IofsEventsError as error:  # a calendar, email or sending that cannot be done as asked
        print(f"iofs-events: {error}", file=sys.stderr)
    except OSError as error:
        _report(error)
    return 1


def _report(error: DocumentError | OSError) -> None:
    """Say on standard error what was wrong: each problem of a document, or why a file failed."""
    if isinstance(error, DocumentError):
        for problem in error.problems:
            print(f"{error.source or '-'}: {problem}", file=sys.stderr)
    else:
        print(f"iofs-events: {_describe(error)}", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="iofs-events", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check event files (JSON or TOML) and report every problem")
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    validate.set_defaults(run=_validate)

    for name, help_text, run in (
        ("json", "write the canonical JSON document of an event file", _json),
        ("jsonld", "write the schema.org JSON-LD view of an event file (no private facts)", _jsonld),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("file", type=Path, metavar="FILE")
        command.add_argument("-o", "--output", type=Path, metavar="OUT", help="write here instead of standard output")
        command.set_defaults(run=run)

    ics = commands.add_parser(
        "ics", help="write the iCalendar file of event files: to publish (several make a feed), invite or cancel"
    )
    ics.add_argument("files", nargs="+", type=Path, metavar="FILE")
    ics.add_argument("--name", default="IOFS events", help="the name of a feed of several events")
    ics.add_argument("--method", choices=["publish", "request", "cancel"], default="publish")
    ics.add_argument(
        "--attendee", action="append", default=[], metavar='"NAME <EMAIL>"', help="invite someone (repeatable)"
    )
    ics.add_argument("--organizer", metavar='"NAME <EMAIL>"', help="who sends it (default: from the event file)")
    ics.add_argument("-o", "--output", type=Path, metavar="OUT", help="write here instead of standard output")
    ics.set_defaults(run=_ics)

    email = commands.add_parser(
        "email", parents=[_mail_options()], help="write one email about an event, personal to its recipient (.eml)"
    )
    email.add_argument("--to", required=True, metavar='"NAME <EMAIL>"', help="the recipient")
    email.add_argument("--lang", default="en", metavar="TAG", help="the recipient's language (default: en)")
    email.add_argument("--tz", metavar="ZONE", help="the recipient's time zone, such as Europe/Moscow")
    email.add_argument(
        "--role", choices=list(RecipientRole), default=RecipientRole.PARTICIPANT, help="default: participant"
    )
    email.add_argument("--registered", action="store_true", help="the recipient is registered: show the passcode")
    email.add_argument("-o", "--output", type=Path, metavar="OUT.eml", help="write here instead of standard output")
    email.set_defaults(run=_email)

    send = commands.add_parser(
        "send", parents=[_mail_options()], help="send an email about an event to everyone in a CSV file, over SMTP"
    )
    send.add_argument(
        "--recipients",
        type=Path,
        required=True,
        metavar="CSV",
        help="name, email, language, time_zone, role, registered",
    )
    send.add_argument("--dry-run", type=Path, metavar="DIR", help="write .eml files into DIR instead of sending")
    send.add_argument(
        "--journal", type=Path, metavar="FILE", help="what was sent to whom (default: the CSV file's name + .journal)"
    )
    send.set_defaults(run=_send)

    platforms = commands.add_parser("platforms", help="list the installed conferencing platforms and what they can do")
    platforms.set_defaults(run=_platforms)

    meeting = commands.add_parser("meeting", help="create, update or cancel the online meeting of an event")
    meeting.add_argument("action", choices=["create", "update", "cancel"])
    meeting.add_argument("file", type=Path, metavar="FILE")
    meeting.add_argument("--platform", required=True, metavar="NAME", help="zoom, teams, webex, google_meet, jitsi...")
    meeting.add_argument("-o", "--output", type=Path, metavar="OUT", help="write the event here (default: stdout)")
    meeting.set_defaults(run=_meeting)

    schema = commands.add_parser("schema", help="write the JSON Schema of event documents")
    schema.add_argument("-o", "--output", type=Path, metavar="OUT", help="write here instead of standard output")
    schema.set_defaults(run=lambda arguments: _emit(arguments.output, _pretty(event_json.schema())))
    return parser


def _validate(arguments: argparse.Namespace) -> int:
    status = 0
    for path in arguments.files:
        try:
            event_json.read(path)
        except (DocumentError, OSError) as error:
            _report(error)
            status = 1
        else:
            print(f"{path}: valid")
    return status


def _json(arguments: argparse.Namespace) -> int:
    return _emit(arguments.output, event_json.dumps(event_json.read(arguments.file), indent=True).encode() + b"\n")


def _jsonld(arguments: argparse.Namespace) -> int:
    from .jsonld import to_jsonld

    return _emit(arguments.output, _pretty(to_jsonld(event_json.read(arguments.file))))


def _ics(arguments: argparse.Namespace) -> int:
    from .ical import AttendeeRole, Method, feed, to_ical

    events = [event_json.read(path) for path in arguments.files]
    method = Method(arguments.method.upper())
    attendees = [_attendee(text, AttendeeRole.REQUIRED) for text in arguments.attendee]
    organizer = _attendee(arguments.organizer, AttendeeRole.CHAIR) if arguments.organizer else None
    if len(events) == 1:
        ics = to_ical(events[0], method=method, attendees=attendees, organizer=organizer)
    elif method is not Method.PUBLISH or attendees:
        raise CalendarError("several events make a feed, which is published: leave out --method and --attendee")
    else:
        ics = b"".join(feed(events, name=arguments.name, organizer=organizer))
    return _emit(arguments.output, ics)


def _mail_options() -> argparse.ArgumentParser:
    """The options of every command that writes emails."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("file", type=Path, metavar="FILE")
    options.add_argument(
        "--sender",
        default=os.environ.get("IOFS_MAIL_SENDER"),
        metavar='"NAME <EMAIL>"',
        help="who sends it (default: the environment variable IOFS_MAIL_SENDER)",
    )
    options.add_argument("--kind", choices=list(Kind), default=Kind.INVITATION, help="default: invitation")
    options.add_argument("--previous", type=Path, metavar="FILE", help="the earlier revision, for an update")
    options.add_argument("--templates", type=Path, metavar="DIR", help="a folder of templates that replace ours")
    options.add_argument("--catalogues", type=Path, metavar="DIR", help="a folder of LANG/LC_MESSAGES/messages.po")
    options.add_argument("--no-attachment", action="store_true", help="leave out the .ics attachment")
    return options


def _composer(arguments: argparse.Namespace) -> Composer:
    from .mail import Composer

    if not arguments.sender:
        raise MailError("say who sends the email: --sender or the environment variable IOFS_MAIL_SENDER")
    return Composer(
        event_json.read(arguments.file),
        sender=arguments.sender,
        kind=Kind(arguments.kind),
        previous=event_json.read(arguments.previous) if arguments.previous else None,
        templates=arguments.templates,
        catalogues=arguments.catalogues,
        attach=not arguments.no_attachment,
    )


def _email(arguments: argparse.Namespace) -> int:
    from .mail import Recipient

    composer = _composer(arguments)
    name, address = parseaddr(arguments.to)
    recipient = Recipient(
        email=address or arguments.to,
        name=name or None,
        language=arguments.lang,
        time_zone=arguments.tz,
        role=RecipientRole(arguments.role),
        registered=arguments.registered,
    )
    return _emit(arguments.output, composer.compose(recipient).data)


def _send(arguments: argparse.Namespace) -> int:
    """Send to every recipient over one connection, with a progress bar and a journal, or write a dry run."""
    from tqdm import tqdm
    from tqdm.contrib.logging import logging_redirect_tqdm

    from .mail import Journal, Mailer, read_recipients, send_all, write_all

    composer = _composer(arguments)
    recipients = read_recipients(arguments.recipients)
    messages = (composer.compose(recipient) for recipient in recipients)
    if arguments.dry_run is not None:
        paths = write_all(messages, arguments.dry_run)
        print(f"wrote {len(paths)} messages into {arguments.dry_run}")
        return 0
    journal = Journal(arguments.journal or arguments.recipients.with_name(f"{arguments.recipients.name}.journal"))
    progress = tqdm(total=len(recipients), unit="message", file=sys.stderr, disable=None)
    retries = logging_redirect_tqdm([logging.getLogger("iofs_events")])  # warnings above the bar, not through it
    with progress as bar, retries, Mailer() as mailer:

        def tick(message: Message, outcome: Outcome) -> None:
            bar.update()

        report = send_all(messages, mailer=mailer, journal=journal, progress=tick)
    print(f"sent {len(report.sent)}, skipped {len(report.skipped)} sent before, failed {len(report.failed)}")
    for key, reason in report.failed:
        print(f"iofs-events: {key}: {reason}", file=sys.stderr)
    return 1 if report.failed else 0


def _platforms(arguments: argparse.Namespace) -> int:
    """One line per installed adapter: its name and what it can do."""
    from .platforms import available_platforms

    for name, point in available_platforms().items():
        try:
            capabilities = point.load().capabilities
        except Exception as error:
            print(f"{name}: cannot be loaded ({type(error).__name__}: {error})")
            continue
        flags = [
            flag
            for flag, offered in (
                ("webinars", capabilities.webinars),
                ("registration", capabilities.registration),
                ("personal links", capabilities.personal_links),
                ("dial-in", capabilities.dial_in),
                ("interpretation", capabilities.interpretation),
                ("idempotent create", capabilities.idempotent_create),
                ("needs settings", capabilities.needs_settings),
            )
            if offered
        ]
        if capabilities.passcode_rule:
            flags.append(f"passcode: {capabilities.passcode_rule}")
        print(f"{name}: {', '.join(flags) or 'a link only'}")
    return 0


def _meeting(arguments: argparse.Namespace) -> int:
    """Create, update or delete the meeting of an event, and write the event back with what the platform made."""
    from .platforms import load_platform

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
            made = platform.create(event) if arguments.action == "create" else platform.update(event)
            for note in made.not_applied:
                print(f"iofs-events: not applied: {note}", file=sys.stderr)
            event = event.revise(online_meeting=made.online_meeting)
    finally:
        platform.close()
    return _emit(arguments.output, event_json.dumps(event, indent=True).encode() + b"\n")


def _attendee(text: str, role: AttendeeRole) -> Attendee:
    """Read ``"Name <email>"`` (or a bare address) as an attendee."""
    from .ical import Attendee

    name, address = parseaddr(text)
    return Attendee(email=address or text, name=name or None, role=role)


def _pretty(data: object) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"


def _emit(output: Path | None, data: bytes) -> int:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomically(output, data)
    return 0


_REASONS = {
    FileNotFoundError: "no such file",
    IsADirectoryError: "is a directory",
    PermissionError: "permission denied",
}


def _describe(error: OSError) -> str:
    reason = _REASONS.get(type(error))
    return f"{reason}: {error.filename}" if reason else f"{error.filename or 'file'}: {error.strerror or error}"
