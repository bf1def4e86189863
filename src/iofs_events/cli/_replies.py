"""The command that reads participants' calendar replies into the roster, from .eml files or an IMAP mailbox."""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .. import json as event_json

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ..roster import ReplyReport

_SAID = {  # how the summary names each outcome, after its count, in this order
    "applied": "applied",
    "delegated": "delegated",
    "stale": "stale",
    "already-read": "read before",
    "other-event": "for another event",
    "spoofed": "spoofed",
    "unknown-attendee": "not on the roster",
    "unreadable": "unreadable",
    "not-a-reply": "left alone (no reply)",
}


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``replies``."""
    replies = commands.add_parser(
        "replies",
        help="take participants' calendar replies into the roster",
        description="Read the answers (iMIP REPLY) that participants' calendars send, and take them into the "
        "event's roster. Replies for another event, sent for someone else or by someone not on the roster are "
        "refused and listed; the exit status is then 1.",
    )
    replies.add_argument("file", type=Path, metavar="FILE", help="the event file (JSON or TOML)")
    replies.add_argument(
        "messages", nargs="*", type=Path, metavar="EML", help="a reply saved as an .eml file; give as many as you like"
    )
    replies.add_argument(
        "--imap",
        action="store_true",
        help="read the mailbox that the IOFS_IMAP_* environment variables name (after the .eml files, if any)",
    )
    replies.add_argument(
        "--folder", metavar="NAME", help="with --imap: the folder to read (default: IOFS_IMAP_FOLDER, else INBOX)"
    )
    replies.add_argument(
        "--roster",
        type=Path,
        metavar="PATH",
        help="the roster to update (default: FILE's roster beside it, NAME.roster.sqlite)",
    )
    replies.set_defaults(run=_replies)


def _replies(arguments: argparse.Namespace) -> int:
    """Read the files, then the mailbox; say what became of the replies; 1 if any was refused."""
    from ..roster import Roster, apply_replies, read_mailbox, roster_path

    if not arguments.messages and not arguments.imap:
        print("iofs-events: give the replies: .eml files, or --imap to read the mailbox", file=sys.stderr)
        return 2
    if arguments.folder is not None and not arguments.imap:
        print("iofs-events: --folder is for the mailbox: give --imap too", file=sys.stderr)
        return 2
    event = event_json.read(arguments.file)
    messages = [path.read_bytes() for path in arguments.messages]  # every file read before anything changes
    with (
        Roster.open(arguments.roster or roster_path(arguments.file), event) as roster,
        _reported_here("iofs_events.roster"),
    ):
        report = apply_replies(roster, event, messages)
        labels = [str(path) for path in arguments.messages]
        if arguments.imap:
            read = read_mailbox(None, roster, event, folder=arguments.folder)
            report += read
            labels += [result.message_id for result in read.results]
    _say(report, labels)
    # Refused replies need a person: a forged answer, a stranger, a reply gone astray. Scripts see them by the status.
    return 1 if report.refused else 0


@contextmanager
def _reported_here(name: str) -> Iterator[None]:
    """Keep the records of refused replies of logger ``name`` off standard error: the command says each itself."""
    import logging

    log = logging.getLogger(name)
    quiet = logging.NullHandler()
    log.addHandler(quiet)
    log.propagate = False
    try:
        yield
    finally:
        log.removeHandler(quiet)
        log.propagate = True


def _say(report: ReplyReport, labels: list[str]) -> None:
    """The counts, each delegation (on standard output) and each refusal with its reason (on standard error)."""
    counts = {str(outcome): count for outcome, count in report.counts().items()}
    print(", ".join(f"{counts[outcome]} {said}" for outcome, said in _SAID.items() if counts[outcome]) or "no messages")
    for label, result in zip(labels, report.results, strict=True):
        if result.outcome.refused:
            sender = f" (from {result.sender})" if result.sender else ""
            print(f"iofs-events: {label}{sender}: refused, {_SAID[result.outcome]}: {result.reason}", file=sys.stderr)
        elif result.outcome == "delegated":
            print(f"{label}: {result.reason}")
