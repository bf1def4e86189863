"""The commands that write emails: ``email`` for one recipient, ``send`` to the event's roster or a CSV list."""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .. import json as event_json
from .._enums import EventStatus
from ..mail import Honorific, Kind, RecipientRole
from ._output import emit, progress
from ._types import language, mailbox

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from .._event import Event
    from ..mail import Composer, Message, Outcome, Recipient
    from ..roster import Due, Roster


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``email`` and ``send``."""
    email = commands.add_parser(
        "email",
        parents=[_mail_options()],
        help="write one email about an event for one recipient (.eml)",
        description="Write one email about an event, personal to its recipient (their language, clock, "
        "honorific and role), as an .eml file that mail clients open or that can be sent as it is. Its "
        "calendar part is the invitation, update, reminder or cancellation for the recipient's calendar.",
    )
    email.add_argument("--to", required=True, type=mailbox, metavar='"NAME <EMAIL>"', help="the recipient")
    email.add_argument(
        "--lang",
        default="en",
        type=language,
        metavar="TAG",
        help="the recipient's language, such as ar or fr-SN (default: en)",
    )
    email.add_argument(
        "--honorific", choices=list(Honorific), help="how to address the recipient (default: a form that suits anyone)"
    )
    email.add_argument("--tz", metavar="ZONE", help="the recipient's time zone, such as Europe/Moscow")
    email.add_argument(
        "--role",
        choices=list(RecipientRole),
        default=RecipientRole.PARTICIPANT,
        help="the recipient's part: a host gets the host link, a speaker their sessions (default: participant)",
    )
    email.add_argument("--registered", action="store_true", help="the recipient is registered: show the passcode")
    email.add_argument("-o", "--output", type=Path, metavar="OUT.eml", help="write here instead of standard output")
    email.set_defaults(run=_email, parser=email)

    send = commands.add_parser(
        "send",
        parents=[_mail_options()],
        help="send emails about an event to its participants, over SMTP",
        description=_SEND,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    send.add_argument(
        "--roster",
        type=Path,
        metavar="PATH",
        help="the roster to send from (default: beside FILE, named after it: NAME.roster.sqlite)",
    )
    send.add_argument(
        "--recipients",
        type=Path,
        metavar="CSV",
        help="send to this list instead of the roster: columns email, name, honorific, language, time_zone, role, "
        "registered",
    )
    send.add_argument(
        "--dry-run",
        type=Path,
        metavar="DIR",
        help="write the .eml files into DIR instead of sending, and list who would get one and why",
    )
    send.add_argument(
        "--journal",
        type=Path,
        metavar="FILE",
        help="with --recipients: what was sent to whom (default: the CSV file's name + .journal)",
    )
    send.set_defaults(run=_send, parser=send)


_SEND = """\
Send an email about the event, of the kind --kind says, to each participant of the event's roster
who is due one, and say why: an invitation to those not invited yet, an update to those who
received an earlier revision and still come (each told what changed since the revision they
have), a reminder to the registered, a confirmation to those a freed place went to, a
cancellation to everyone who received anything. The roster records every message: run the same
command again after a failure, and nobody gets a message twice.

With --recipients CSV, send to everyone in the list instead, with a journal of what was sent.

The SMTP server and sign-in come from the environment or a .env file: IOFS_SMTP_HOST,
IOFS_SMTP_PORT, IOFS_SMTP_SECURITY (starttls, tls or none), IOFS_SMTP_TIMEOUT,
IOFS_SMTP_LOCAL_HOSTNAME and IOFS_SMTP_AUTH: password (IOFS_SMTP_USERNAME, IOFS_SMTP_PASSWORD),
microsoft (IOFS_SMTP_USERNAME, IOFS_SMTP_TENANT_ID, IOFS_SMTP_CLIENT_ID, IOFS_SMTP_CLIENT_SECRET
or IOFS_SMTP_CERTIFICATE with IOFS_SMTP_CERTIFICATE_PASSWORD, IOFS_SMTP_LOGIN_URL, IOFS_SMTP_SCOPE)
or google (IOFS_SMTP_USERNAME, IOFS_SMTP_SERVICE_ACCOUNT_FILE or IOFS_SMTP_SERVICE_ACCOUNT_INFO,
IOFS_SMTP_TOKEN_URL, IOFS_SMTP_SCOPE). The sender is --sender or IOFS_MAIL_SENDER.
"""


def _mail_options() -> argparse.ArgumentParser:
    """The options of every command that writes emails."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("file", type=Path, metavar="FILE", help="the event file (JSON or TOML)")
    options.add_argument(
        "--sender",
        default=os.environ.get("IOFS_MAIL_SENDER"),
        type=mailbox,
        metavar='"NAME <EMAIL>"',
        help="who sends it (default: the environment variable IOFS_MAIL_SENDER)",
    )
    options.add_argument(
        "--kind",
        choices=list(Kind),
        default=Kind.INVITATION,
        help="what the email is about, and what it does in the reader's calendar (default: invitation)",
    )
    options.add_argument("--previous", type=Path, metavar="FILE", help="the earlier revision, for an update")
    options.add_argument("--templates", type=Path, metavar="DIR", help="a folder of templates that replace ours")
    options.add_argument("--catalogues", type=Path, metavar="DIR", help="a folder of LANG/LC_MESSAGES/messages.po")
    options.add_argument("--no-attachment", action="store_true", help="leave out the .ics attachment")
    return options


def _composer(arguments: argparse.Namespace, event: Event, *, previous: Event | None = None) -> Composer:
    """The composer the options ask for; options that cannot go together are a usage error naming the flag."""
    from ..mail import Composer

    parser: argparse.ArgumentParser = arguments.parser
    kind = Kind(arguments.kind)
    if not arguments.sender:
        parser.error("say who sends the email: --sender, or the environment variable IOFS_MAIL_SENDER")
    if arguments.previous is not None:
        if kind is not Kind.UPDATE:
            parser.error(f"--previous is the revision an update compares with: give --kind update, not {kind}")
        previous = event_json.read(arguments.previous)
    if kind is Kind.UPDATE and previous is None:
        parser.error("an update says what changed: give the revision the recipients have, --previous FILE")
    if kind is Kind.CANCELLATION and event.status is not EventStatus.CANCELLED:
        parser.error(
            f"a cancellation is sent about a cancelled event: run iofs-events cancel {arguments.file} first, "
            "then send the revision it writes"
        )
    return Composer(
        event,
        sender=arguments.sender.text,
        kind=kind,
        previous=previous,
        templates=arguments.templates,
        catalogues=arguments.catalogues,
        attach=not arguments.no_attachment,
    )


def _email(arguments: argparse.Namespace) -> int:
    from ..mail import Recipient

    composer = _composer(arguments, event_json.read(arguments.file))
    recipient = Recipient(
        email=arguments.to.address,
        name=arguments.to.name,
        language=arguments.lang,
        honorific=Honorific(arguments.honorific) if arguments.honorific else None,
        time_zone=arguments.tz,
        role=RecipientRole(arguments.role),
        registered=arguments.registered,
    )
    return emit(arguments.output, composer.compose(recipient).data)


def _send(arguments: argparse.Namespace) -> int:
    """Send from the roster, or to a CSV list."""
    parser: argparse.ArgumentParser = arguments.parser
    if arguments.recipients is None:
        if arguments.journal is not None:
            parser.error("--journal goes with --recipients: a roster keeps what was sent itself")
        return _send_roster(arguments)
    if arguments.roster is not None:
        parser.error("give --roster or --recipients, not both")
    return _send_list(arguments)


def _send_roster(arguments: argparse.Namespace) -> int:
    """Send each participant the message they are due, or write them and say who and why (a dry run)."""
    from ..mail import Mailer, write_all
    from ..roster import Roster, compose_due, due, roster_path, send_due

    event = event_json.read(arguments.file)
    with Roster.open(arguments.roster or roster_path(arguments.file), event) as roster:
        previous = _last_kept(roster, event) if arguments.kind == Kind.UPDATE and not arguments.previous else None
        composer = _composer(arguments, event, previous=previous)
        listed = due(roster, event, composer.kind)
        if not listed:
            print(f"nobody is due a message of kind {composer.kind} about revision {event.revision}")
            return 0
        if arguments.dry_run is not None:
            messages = (message for _, message in compose_due(roster, composer, listed))
            written = write_all(messages, arguments.dry_run)
            for item in listed:
                print(f"{item.participant.email}: {item.reason}")
            print(f"wrote {len(written)} messages into {arguments.dry_run}")
            return 0
        with progress(len(listed), unit="message") as bar, Mailer() as mailer:

            def tick(item: Due, outcome: Outcome) -> None:
                bar.update()

            report = send_due(roster, composer, mailer, people=listed, progress=tick)
    return _said(report.sent, report.skipped, report.failed)


def _last_kept(roster: Roster, event: Event) -> Event | None:
    """The latest revision before ``event`` that the roster keeps: what an update compares with by default."""
    for number in range(event.revision - 1, -1, -1):
        kept = roster.revision(number)
        if kept is not None:
            return kept
    return None


def _send_list(arguments: argparse.Namespace) -> int:
    """Send to every recipient of a CSV list over one connection, with a journal, or write a dry run."""
    from ..mail import Journal, Mailer, read_recipients, send_all

    composer = _composer(arguments, event_json.read(arguments.file))
    recipients = read_recipients(arguments.recipients)
    if arguments.dry_run is not None:
        written = _dry_run(composer, recipients, arguments.dry_run)
        print(f"wrote {written} messages into {arguments.dry_run}")
        return 0
    messages = (composer.compose(recipient) for recipient in recipients)
    journal = Journal(arguments.journal or arguments.recipients.with_name(f"{arguments.recipients.name}.journal"))
    with progress(len(recipients), unit="message") as bar, Mailer() as mailer:

        def tick(message: Message, outcome: Outcome) -> None:
            bar.update()

        report = send_all(messages, mailer=mailer, journal=journal, progress=tick)
    return _said(report.sent, report.skipped, report.failed)


def _said(sent: Sequence[str], skipped: Sequence[str], failed: Sequence[tuple[str, str]]) -> int:
    """Say what a run did, each refusal on standard error; 1 if any message was refused."""
    print(f"sent {len(sent)}, skipped {len(skipped)} sent before, failed {len(failed)}")
    for key, reason in failed:
        print(f"iofs-events: {key}: {reason}", file=sys.stderr)
    return 1 if failed else 0


_PART = 500  # the messages of a dry run that one process composes and writes at a time


def _dry_run(composer: Composer, recipients: list[Recipient], folder: Path) -> int:
    """Write every message into ``folder``, in parts shared by one process per processor; the number written.

    Composing is the cost of a message, and each is composed apart from the others, so the
    parts are written in parallel where processes can be forked (they inherit the composer);
    a progress bar counts them on standard error, when it is a terminal.
    """
    from tqdm import tqdm

    parts = [
        (folder, first, recipients[first - 1 : first - 1 + _PART]) for first in range(1, len(recipients) + 1, _PART)
    ]
    # The processes are forked before the bar starts a thread of its own.
    with (
        _writers(composer, parts) as written,
        tqdm(total=len(recipients), unit="message", file=sys.stderr, disable=None) as progress,
    ):
        for count in written:
            progress.update(count)
    return len(recipients)


@contextmanager
def _writers(composer: Composer, parts: list[tuple[Path, int, list[Recipient]]]) -> Iterator[Iterator[int]]:
    """How many messages each part has, as the parts are written: by a pool of processes, or by this one."""
    import multiprocessing

    processes = min(len(parts), os.cpu_count() or 1)
    if processes < 2 or "fork" not in multiprocessing.get_all_start_methods():
        _adopt(composer)
        try:
            yield map(_write_part, parts)
        finally:
            _composers.clear()
        return
    with multiprocessing.get_context("fork").Pool(processes, _adopt, (composer,)) as pool:
        yield pool.imap(_write_part, parts)


_composers: list[Composer] = []  # the composer of the dry run that this process writes a part of


def _adopt(composer: Composer) -> None:
    _composers[:] = [composer]


def _write_part(part: tuple[Path, int, list[Recipient]]) -> int:
    from ..mail import write_all

    folder, first, recipients = part
    return len(write_all((_composers[0].compose(recipient) for recipient in recipients), folder, first=first))
