"""Benchmark: 10,000 RSVP replies read from a real IMAP server into a roster, against bare fetch loops.

A throwaway Dovecot (the tests' own, ``tests/roster/imap_server.py``) listens on 127.0.0.1. One
user's INBOX gets, by IMAP APPEND and untimed, one reply from each of N people of the roster, in
the shapes of Outlook (in English, French or Russian), Gmail, Apple's Calendar and Thunderbird
(``tests/roster/replies.py``): accepted, tentative, declined or delegated, one in five with a
note; and after every 50th, a message that is no reply (a person's own email, a COUNTER, a
REFRESH). Of the N people, three in five are invited and two in five asked to register, for an
event of 3N/10 places: the others wait, and a registered person who declines gives a place away.
Timed in turns, over implicit TLS with a password, each from the login to the logout:

* ours: ``read_mailbox`` (what ``iofs-events replies --imap`` runs) into a fresh copy of the
  roster: fetch, read, take each answer, mark the replies as read;
* fetch: imap-tools' ``MailBox(...).login(...)``, then ``UID FETCH`` of ``BODY.PEEK[]`` in bulks
  of ``BULK``, nothing parsed: the floor of any reader;
* fetch + parse: the same loop, and ``email.message_from_bytes`` of each message;
* fetch + parse + calendar: and icalendar's ``Calendar.from_ical`` of each first calendar part;
* read again: ``read_mailbox`` over the same mailbox into the same roster, every reply read before.

The outcomes are checked (every answer taken, the other mail left alone, the roster unchanged by
the second reading); each time is the median of ``--repeat`` runs. Goals: ours at most 1.5x fetch
+ parse + calendar, what any reader must do; read again, at most half of fetch + parse (it reads
the headers alone). The exit code is 0 either way.
"""

from __future__ import annotations

import argparse
import email
import gc
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import icalendar
from imap_tools import MailBox

sys.path.insert(0, str(Path(__file__).parents[1]))

from tests.mail.smtp_server import make_certificate
from tests.roster import replies
from tests.roster.imap_server import Dovecot, ImapServer, dovecot_binary, running

import iofs_events as ie
from iofs_events import json as event_json
from iofs_events.ical import uid
from iofs_events.roster import (
    Participant,
    RegistrationStatus,
    ReplyOutcome,
    ReplyReport,
    Roster,
    Rsvp,
    read_mailbox,
)
from iofs_events.settings import ImapSettings, load_settings

GOAL, AGAIN_GOAL = 1.5, 0.5
BULK = 200  # messages per UID FETCH of the baselines (ours takes 50 a command)
SIDES = {
    "ours": "ours",
    "fetch": "fetch",
    "parse": "fetch + parse",
    "calendar": "fetch + parse + calendar",
    "again": "ours, read again",
}
SEED = Path(__file__).parents[1] / "examples" / "events" / "food-security-governance-2021.json"
STAMP = datetime(2021, 12, 10, 9, tzinfo=UTC)
OTHERS_EVERY = 50
SHAPES: dict[replies.Shape, int] = {"outlook": 40, "gmail": 30, "apple": 15, "thunderbird": 15}
ANSWERS = {"ACCEPTED": 60, "TENTATIVE": 15, "DECLINED": 20, "DELEGATED": 5}
TAKEN = {"ACCEPTED": Rsvp.ACCEPTED, "TENTATIVE": Rsvp.TENTATIVE, "DECLINED": Rsvp.DECLINED, "DELEGATED": Rsvp.DECLINED}
OUTLOOK_LANGUAGES = {"en": 70, "fr": 20, "ru": 10}
NAMES = ["Aisha Rahman", "Aminata Diallo", "Айдана Нурланова", "Jean-Baptiste Ouédraogo", None, "Yusuf Okafor"]
NOTES = ["I will attend with a colleague.", "Je serai en retard.", "Буду онлайн.", "Sorry, travelling that week."]
CALENDARS = ("text/calendar", "application/ics")
Choice = TypeVar("Choice")


class Timed(NamedTuple):
    seconds: float
    value: Any


def timed(function: Callable[[], Any]) -> Timed:
    gc.collect()
    start = time.perf_counter()
    value = function()
    return Timed(time.perf_counter() - start, value)


def workshop(participants: int) -> ie.Event:
    """The seed workshop, with places for three in ten of the participants."""
    return event_json.read(SEED).revise(registration=ie.Registration(capacity=max(1, participants * 3 // 10)))


def people(count: int) -> list[Participant]:
    """``count`` people, the same on every run: two in five ask to register."""
    return [
        Participant(
            email=f"p{number:05d}@agri{number % 7}.example.org",
            name=NAMES[number % len(NAMES)],
            status=RegistrationStatus.REGISTERED if number % 5 < 2 else RegistrationStatus.INVITED,
            registered_at=STAMP - timedelta(days=10) + timedelta(seconds=number),
        )
        for number in range(count)
    ]


def mailbox_of(event: ie.Event, roster: list[Participant]) -> tuple[list[bytes], dict[str, Rsvp], Counter[str]]:
    """The messages of the mailbox, the answer each person gives, and the outcomes of a first reading."""
    chosen = random.Random(2021)

    def pick(weights: dict[Choice, int]) -> Choice:
        return chosen.choices(list(weights), weights=list(weights.values()))[0]

    messages, answers, outcomes = [], {}, Counter[str]()
    for number, person in enumerate(roster):
        shape, partstat = pick(SHAPES), pick(ANSWERS)
        fields: dict[str, Any] = {"uid": uid(event), "sequence": event.revision, "partstat": partstat}
        fields |= {"dtstamp": STAMP + timedelta(seconds=number), "attendee": person.email, "name": person.name}
        if chosen.random() < 0.2:
            fields["comment"] = chosen.choice(NOTES)
        if partstat == "DELEGATED":
            fields["delegated_to"] = f"deputy{number}@agri.example.org"
        if shape == "outlook":
            fields["language"] = pick(OUTLOOK_LANGUAGES)
        messages.append(replies.reply(shape, **fields))
        answers[person.key] = TAKEN[partstat]
        outcomes[ReplyOutcome.DELEGATED if partstat == "DELEGATED" else ReplyOutcome.APPLIED] += 1
        if number % OTHERS_EVERY == OTHERS_EVERY - 1:
            messages.append(no_reply(number // OTHERS_EVERY, fields))
            outcomes[ReplyOutcome.NOT_A_REPLY] += 1
    return messages, answers, outcomes


def no_reply(number: int, fields: dict[str, Any]) -> bytes:
    """A person's own email, a COUNTER or a REFRESH, in turns."""
    basics = {key: fields[key] for key in ("uid", "dtstamp", "attendee")}
    if number % 3 == 0:
        own = f"<own-{number}@agri.example.org>"
        return replies.plain_email(sender=fields["attendee"], dtstamp=fields["dtstamp"], message_id=own)
    if number % 3 == 1:
        start = fields["dtstamp"] + timedelta(days=14)
        proposal = {"proposed_start": start, "proposed_end": start + timedelta(hours=2)}
        return replies.counter("outlook", **basics, sequence=fields["sequence"], **proposal)
    return replies.refresh("gmail", **basics)


@contextmanager
def dovecot() -> Iterator[Dovecot]:
    """The tests' Dovecot, with a certificate of its own, removed with its mail at the end."""
    binary = dovecot_binary()
    if binary is None:
        raise SystemExit("Dovecot is not installed; install it with: apt-get install -y dovecot-imapd")
    with tempfile.TemporaryDirectory() as folder, running(binary, make_certificate(Path(folder))) as server:
        yield server


def settings_of(server: ImapServer) -> ImapSettings:
    """What ``iofs-events replies --imap`` reads from the ``IOFS_IMAP_*`` variables, for the user's INBOX."""
    return load_settings(
        ImapSettings,
        host=server.host,
        port=server.tls_port,
        security="tls",
        username=server.user,
        password=server.password,
        folder="INBOX",
        ca_file=server.ca_file,
        timeout=30,
    )


@contextmanager
def opened(event: ie.Event, path: Path) -> Iterator[Roster]:
    """The roster at ``path``, made if missing, opened as ``iofs-events replies`` opens it: with the capacity."""
    roster = Roster.open(path, event, create=True)
    try:
        yield roster
    finally:
        roster.close()


def ours(settings: ImapSettings, event: ie.Event, path: Path) -> ReplyReport:
    with opened(event, path) as roster:
        return read_mailbox(settings, roster, event)


def fetched(server: ImapServer) -> Iterator[bytes]:
    """Every message of the INBOX, in bulks of ``BULK``, left unread: the bare imap-tools loop."""
    with MailBox(server.host, server.tls_port, ssl_context=server.ssl_context()).login(
        server.user, server.password, initial_folder="INBOX"
    ) as mailbox:
        found = mailbox.uids("ALL")
        for start in range(0, len(found), BULK):
            status, data = mailbox.client.uid("FETCH", ",".join(found[start : start + BULK]), "(BODY.PEEK[])")
            assert status == "OK", data
            yield from (item[1] for item in data if isinstance(item, tuple))


def fetch(server: ImapServer) -> None:
    for _ in fetched(server):
        pass


def parse(server: ImapServer) -> None:
    for raw in fetched(server):
        email.message_from_bytes(raw)


def calendar(server: ImapServer) -> None:
    for raw in fetched(server):
        parts = email.message_from_bytes(raw).walk()
        found = next((part.get_payload(decode=True) for part in parts if part.get_content_type() in CALENDARS), None)
        if isinstance(found, bytes):
            icalendar.Calendar.from_ical(found)


BASELINES: dict[str, Callable[[ImapServer], None]] = {"fetch": fetch, "parse": parse, "calendar": calendar}


def check(report: ReplyReport, expected: Counter[str]) -> None:
    found = Counter({str(outcome): count for outcome, count in report.counts().items() if count})
    assert found == expected, found


def run(participants: int = 10_000, repeat: int = 3) -> dict[str, Any]:
    """Run the benchmark; the median seconds of each side of :data:`SIDES`, the sizes and the time to fill."""
    if participants < 1 or repeat < 1:
        raise ValueError("participants and repeat must be at least 1")
    event, roster_people = workshop(participants), people(participants)
    messages, answers, first = mailbox_of(event, roster_people)
    others = first[ReplyOutcome.NOT_A_REPLY]
    times: dict[str, list[float]] = {name: [] for name in SIDES}
    with dovecot() as server, tempfile.TemporaryDirectory() as folder:
        user = server.add_user()
        filled = timed(lambda: user.append_all(messages)).seconds
        fresh = Path(folder) / "fresh.roster.sqlite"
        with opened(event, fresh) as roster:
            roster.merge(roster_people)
        settings = settings_of(user)
        for turn in range(repeat):
            path = Path(folder) / f"run{turn}.roster.sqlite"
            shutil.copy(fresh, path)
            taken = timed(lambda: ours(settings, event, path))  # noqa: B023 - called at once
            check(taken.value, first)
            with opened(event, path) as roster:
                before = roster.people()
            assert {person.key: person.rsvp for person in before} == answers
            times["ours"].append(taken.seconds)
            for name, baseline in BASELINES.items():
                times[name].append(timed(lambda: baseline(user)).seconds)  # noqa: B023 - called at once
            again = timed(lambda: ours(settings, event, path))  # noqa: B023 - called at once
            check(again.value, Counter({ReplyOutcome.ALREADY_READ: participants, ReplyOutcome.NOT_A_REPLY: others}))
            with opened(event, path) as roster:
                assert roster.people() == before, "reading the mailbox again changed the roster"
            times["again"].append(again.seconds)
    medians = {name: statistics.median(values) for name, values in times.items()}
    return {"replies": participants, "others": others, "repeat": repeat, "fill": filled, **medians}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--participants", type=int, default=10_000, help="replies, one per person (default 10,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side, taken in turns (default 3)")
    arguments = parser.parse_args(argv)
    result = run(arguments.participants, arguments.repeat)
    count = result["replies"]
    print(f"{count:,} replies and {result['others']:,} other mail, appended in {result['fill']:.1f} s")
    print(f"{'side':24} {'seconds':>8} {'ms per reply':>12} {'ours / side':>11}")
    for name, label in SIDES.items():
        seconds = result[name]
        print(f"{label:24} {seconds:>8.2f} {seconds / count * 1000:>12.3f} {result['ours'] / seconds:>11.2f}")
    met = result["ours"] <= GOAL * result["calendar"] and result["again"] <= AGAIN_GOAL * result["parse"]
    goals = f"ours <= {GOAL:g}x fetch + parse + calendar, again <= 1/2 fetch + parse"
    print(f"goals: {goals}: {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
