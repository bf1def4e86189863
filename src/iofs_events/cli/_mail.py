"""The commands that write emails: ``email`` for one recipient, ``send`` for everyone in a CSV file."""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .. import json as event_json
from ..exceptions import MailError
from ..mail import Honorific, Kind, RecipientRole
from ._output import emit
from ._types import mailbox

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ..mail import Composer, Message, Outcome, Recipient


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``email`` and ``send``."""
    email = commands.add_parser(
        "email", parents=[_mail_options()], help="write one email about an event, personal to its recipient (.eml)"
    )
    email.add_argument("--to", required=True, type=mailbox, metavar='"NAME <EMAIL>"', help="the recipient")
    email.add_argument(
        "--lang", default="en", metavar="TAG", help="the recipient's language, such as ar or fr-SN (default: en)"
    )
    email.add_argument(
        "--honorific", choices=list(Honorific), help="how to address the recipient (default: a form that suits anyone)"
    )
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


def _mail_options() -> argparse.ArgumentParser:
    """The options of every command that writes emails."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("file", type=Path, metavar="FILE")
    options.add_argument(
        "--sender",
        default=os.environ.get("IOFS_MAIL_SENDER"),
        type=mailbox,
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
    from ..mail import Composer

    if not arguments.sender:
        raise MailError("say who sends the email: --sender or the environment variable IOFS_MAIL_SENDER")
    return Composer(
        event_json.read(arguments.file),
        sender=arguments.sender.text,
        kind=Kind(arguments.kind),
        previous=event_json.read(arguments.previous) if arguments.previous else None,
        templates=arguments.templates,
        catalogues=arguments.catalogues,
        attach=not arguments.no_attachment,
    )


def _email(arguments: argparse.Namespace) -> int:
    from ..mail import Recipient

    composer = _composer(arguments)
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
    """Send to every recipient over one connection, with a progress bar and a journal, or write a dry run."""
    import logging

    from tqdm import tqdm
    from tqdm.contrib.logging import logging_redirect_tqdm

    from ..mail import Journal, Mailer, read_recipients, send_all

    composer = _composer(arguments)
    recipients = read_recipients(arguments.recipients)
    if arguments.dry_run is not None:
        written = _dry_run(composer, recipients, arguments.dry_run)
        print(f"wrote {written} messages into {arguments.dry_run}")
        return 0
    messages = (composer.compose(recipient) for recipient in recipients)
    progress = tqdm(total=len(recipients), unit="message", file=sys.stderr, disable=None)
    journal = Journal(arguments.journal or arguments.recipients.with_name(f"{arguments.recipients.name}.journal"))
    retries = logging_redirect_tqdm([logging.getLogger("iofs_events")])  # warnings above the bar, not through it
    with progress as bar, retries, Mailer() as mailer:

        def tick(message: Message, outcome: Outcome) -> None:
            bar.update()

        report = send_all(messages, mailer=mailer, journal=journal, progress=tick)
    print(f"sent {len(report.sent)}, skipped {len(report.skipped)} sent before, failed {len(report.failed)}")
    for key, reason in report.failed:
        print(f"iofs-events: {key}: {reason}", file=sys.stderr)
    return 1 if report.failed else 0


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
