"""The seed story end to end, as staff run it from the command line, against real servers on loopback.

200 participants from an Excel workbook → the Zoom meeting and their registrations on it, each
with a personal link → invitations → replies of every client's shape in an IMAP mailbox, a
spoofed and a stale one among them → the places freed go to those waiting, who are told → a
time change → updates to exactly those who still come → reminders → a cancellation. Each
command that does a share of the work is killed (``SIGKILL``) at random moments and run again
until it ends, as an operator would after a crash. At the end every participant has exactly
one message of each kind per revision that they were due, nobody was registered twice, and
the roster says what the mailboxes say.
"""

from __future__ import annotations

import email
import os
import random
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import policy
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest

import iofs_events as ie
from iofs_events import json as event_json
from iofs_events.ical import uid
from iofs_events.roster import RegistrationStatus, Roster, Rsvp, roster_path
from tests.mail.smtp_server import SmtpServer
from tests.paths import ROOT
from tests.platforms.fake_api import FakeApi
from tests.platforms.fake_zoom import FakeZoom
from tests.roster import replies
from tests.roster.imap_server import ImapServer

ALMATY = ZoneInfo("Asia/Almaty")
SENDER = "IOFS Secretariat <events@iofs.example>"
PEOPLE = 200
ASKING = 190  # the first 190 ask for a place; the others are only invited
CAPACITY = 180
ACCEPTING = range(100)
TENTATIVE = range(100, 110)
DECLINING = range(110, 115)  # registered: their places go to the first five waiting
PROMOTED = range(CAPACITY, CAPACITY + len(DECLINING))
DECLINING_INVITED = 190
SHAPES = ("outlook", "gmail", "apple", "thunderbird")
LANGUAGES = ("ar", "en", "fr", "ru")
NAMES = {"ar": "عمر الحربي", "en": "Aisha Rahman", "fr": "Aminata Diallo", "ru": "Айдана Нурланова"}
KILLS = 3  # at most, for each command, before it is let run to its end
SEED = int(os.environ.get("IOFS_STORY_SEED", "20261202"))  # of the moments of the kills
HOWTO = ROOT / "docs" / "how-to" / "run-an-event.md"


def address(number: int) -> str:
    return f"p{number:03d}@agri.example.org"


@pytest.fixture
def zoom(fake_api: FakeApi) -> Iterator[FakeZoom]:
    fake = FakeZoom(fake_api)
    yield fake
    assert fake_api.schema_errors == []


@pytest.fixture
def story(tmp_path: Path, seed: ie.Event, smtp_server: SmtpServer, zoom: FakeZoom, imap_server: ImapServer) -> Story:
    """The event file of a workshop with 180 places on Zoom, a workbook of 200 people, and the servers' settings."""
    start = datetime(2031, 12, 22, 10, tzinfo=ALMATY)
    event = attrs.evolve(
        seed,
        schedule=ie.TimeSpan(starts_at=start, ends_at=start + timedelta(hours=3)),
        registration=attrs.evolve(seed.registration, capacity=CAPACITY),
    )
    event_file = tmp_path / "workshop.json"
    event_json.write(event, event_file)
    workbook = tmp_path / "people.xlsx"
    _workbook(workbook)
    options = zoom.settings_options()
    environment = {
        **{name: value for name, value in os.environ.items() if not name.startswith("IOFS_")},
        "IOFS_MAIL_SENDER": SENDER,
        "IOFS_SMTP_HOST": "127.0.0.1",
        "IOFS_SMTP_PORT": str(smtp_server.port),
        "IOFS_SMTP_SECURITY": "none",
        "IOFS_IMAP_HOST": imap_server.host,
        "IOFS_IMAP_PORT": str(imap_server.tls_port),
        "IOFS_IMAP_USERNAME": imap_server.user,
        "IOFS_IMAP_PASSWORD": imap_server.password,
        "IOFS_IMAP_CA_FILE": str(imap_server.ca_file),
        "IOFS_ZOOM_REGISTRATION_RATE": "1000",
        **{f"IOFS_ZOOM_{name.upper()}": str(value) for name, value in options.items()},
    }
    return Story(tmp_path, event_file, workbook, environment, random.Random(SEED))


def _workbook(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["email", "name", "language", "country", "status"])
    for number in range(PEOPLE):
        language = LANGUAGES[number % 4]
        status = "registered" if number < ASKING else "invited"
        sheet.append(
            [address(number).upper() if number % 7 == 0 else address(number), NAMES[language], language, "KZ", status]
        )
    book.save(path)


@attrs.define
class Story:
    """Where the story happens, and how its commands are run: each killed at random moments, then run again."""

    folder: Path
    event_file: Path
    workbook: Path
    environment: dict[str, str]
    rng: random.Random
    kills: int = 0

    def run(self, *arguments: str, statuses: tuple[int, ...] = (0,)) -> str:
        """Run the command to its end once; return what it printed."""
        done = subprocess.run(
            [sys.executable, "-m", "iofs_events", *arguments],
            cwd=self.folder,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode in statuses, f"{arguments}: status {done.returncode}\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def run_killed(self, *arguments: str, statuses: tuple[int, ...] = (0,)) -> str:
        """Start the command, kill it at a random moment, again, up to :data:`KILLS` times; then run it to its end."""
        for _ in range(KILLS):
            process = subprocess.Popen(
                [sys.executable, "-m", "iofs_events", *arguments],
                cwd=self.folder,
                env=self.environment,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                process.wait(timeout=self.rng.uniform(0.4, 2.5))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                self.kills += 1
            else:
                break  # it ended before the moment: nothing more to interrupt
        return self.run(*arguments, statuses=statuses)

    def event(self) -> ie.Event:
        return event_json.read(self.event_file)

    def roster(self) -> Roster:
        return Roster.open(roster_path(self.event_file), self.event())


def test_the_seed_story_from_the_command_line(
    story: Story, smtp_server: SmtpServer, zoom: FakeZoom, imap_server: ImapServer
) -> None:
    file = str(story.event_file)

    # The list, the meeting, the registrations on it.
    story.run_killed("roster", "import", file, str(story.workbook))
    story.run("meeting", "create", file, "--platform", "zoom", "-o", file)
    story.run_killed("roster", "register", file, "--platform", "zoom")

    # The invitations: to everyone, the registered with their own links.
    invited = story.event()
    story.run_killed("send", file)

    # The replies, as four clients write them, with a spoofed one, a stale one and a letter.
    _reply_to(invited, imap_server)
    story.run_killed("replies", file, "--imap", statuses=(0, 1))  # 1: the spoofed reply is refused, and said so
    story.run_killed("roster", "register", file, "--platform", "zoom")  # the freed places, on Zoom too
    story.run_killed("send", file, "--kind", "confirmation")

    # A new time: the meeting moves, and those who still come are told; then the reminders.
    story.run("revise", file, "--starts", "2031-12-23T11:00", "--ends", "2031-12-23T14:00")
    story.run("meeting", "update", file, "--platform", "zoom", "-o", file)
    moved = story.event()
    story.run_killed("send", file, "--kind", "update")
    story.run_killed("send", file, "--kind", "reminder")

    # The end.
    story.run("cancel", file)
    cancelled = story.event()
    story.run_killed("send", file, "--kind", "cancellation")

    duplicates = _check_the_end(story, smtp_server, zoom, imap_server, (invited, moved, cancelled))
    assert story.kills > 0, "no command was ever interrupted: the story proved nothing about crashes"
    assert duplicates <= story.kills


def test_the_seed_story_in_python(
    story: Story,
    smtp_server: SmtpServer,
    zoom: FakeZoom,
    imap_server: ImapServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The Python of the how-to, as it is written there, prints what the how-to shows and ends as the story must."""
    code, shown = _python_of(HOWTO)
    first = story.event()
    _reply_to(attrs.evolve(first, revision=first.revision + 1), imap_server)  # the answers to the invitations
    for name in [name for name in os.environ if name.startswith("IOFS_")]:
        monkeypatch.delenv(name)
    for name, value in story.environment.items():
        if name.startswith("IOFS_"):
            monkeypatch.setenv(name, value)
    monkeypatch.chdir(story.folder)
    exec(compile(code, str(HOWTO), "exec"), {"__name__": "howto"})  # running the documentation is the point
    assert capsys.readouterr().out == shown
    roster = story.roster()
    try:
        invited, moved, cancelled = (roster.revision(first.revision + step) for step in (1, 2, 3))
    finally:
        roster.close()
    assert invited is not None
    assert moved is not None
    assert cancelled is not None
    assert _check_the_end(story, smtp_server, zoom, imap_server, (invited, moved, cancelled)) == 0


def _python_of(page: Path) -> tuple[str, str]:
    """The Python block of the page's section "In Python", and the output shown after it."""
    text = page.read_text(encoding="utf-8")
    section = text[text.index("## In Python") :]
    code = re.search(r"```python\n(.*?)^```", section, re.MULTILINE | re.DOTALL)
    assert code is not None
    shown = re.search(r"```text\n(.*?)^```", section[code.end() :], re.MULTILINE | re.DOTALL)
    assert shown is not None
    return code[1], shown[1]


def _expected(invited: int, moved: int, cancelled: int) -> Counter[tuple[str, str, int]]:
    """The messages each person is due in the story, by kind and revision."""
    declined = {*DECLINING, DECLINING_INVITED}
    registered = [n for n in range(CAPACITY + len(PROMOTED)) if n not in DECLINING]
    return Counter(
        [
            *((address(n), "invitation", invited) for n in range(PEOPLE)),
            *((address(n), "confirmation", invited) for n in PROMOTED),
            *((address(n), "update", moved) for n in range(PEOPLE) if n not in declined),
            *((address(n), "reminder", moved) for n in registered),
            *((address(n), "cancellation", cancelled) for n in range(PEOPLE)),
        ]
    )


def _check_the_end(
    story: Story,
    smtp_server: SmtpServer,
    zoom: FakeZoom,
    imap_server: ImapServer,
    revisions: tuple[ie.Event, ie.Event, ie.Event],
) -> int:
    """Each message once, the roster as the servers say, everyone's state as the story made it; the duplicates.

    A kill between the SMTP server taking a message and the roster recording it sends it again
    under the same Message-ID, which mail clients show once: those are counted, not refused.
    """
    invited = revisions[0]
    expected = _expected(*(event.revision for event in revisions))
    received = _received(smtp_server)
    assert Counter(received.values()) == expected
    roster = story.roster()
    try:
        sent = Counter(
            (delivery.key, str(delivery.kind), delivery.revision)
            for delivery in roster.deliveries()
            if delivery.status == "sent"
        )
        assert sent == expected  # the roster says what the mail server says
        meeting = invited.online_meeting
        assert meeting is not None
        assert meeting.join_url is not None
        assert meeting.meeting_id is not None
        _check_people(roster, zoom, meeting.meeting_id, received, smtp_server, meeting.join_url)
    finally:
        roster.close()
    _check_mailbox(imap_server)
    return len(smtp_server.received) - len(received)


def _reply_to(event: ie.Event, imap_server: ImapServer) -> None:
    """The answers of the participants' calendars, delivered into the organizer's mailbox."""
    stamp = datetime(2031, 11, 20, 9, tzinfo=UTC)
    start = event.schedule.starts_at.astimezone(UTC)  # type: ignore[union-attr] # Outlook names few zones here
    common = {"uid": uid(event), "sequence": event.revision, "start": start, "end": start + timedelta(hours=3)}
    for n, partstat in [
        *((n, "ACCEPTED") for n in ACCEPTING),
        *((n, "TENTATIVE") for n in TENTATIVE),
        *((n, "DECLINED") for n in DECLINING),
        (DECLINING_INVITED, "DECLINED"),
    ]:
        shape = SHAPES[n % len(SHAPES)]
        answer = {**common, "attendee": address(n), "partstat": partstat, "dtstamp": stamp + timedelta(minutes=n)}
        imap_server.append(replies.reply(shape, **answer, message_id=f"<reply-{n}@agri.example.org>"))
    # Read later than the newer answer it contradicts: an older one, which must not win.
    stale = {**common, "attendee": address(0), "partstat": "DECLINED", "message_id": "<stale-0@agri.example.org>"}
    imap_server.append(replies.stale("gmail", by="dtstamp", dtstamp=stamp, **stale))
    # Someone declining for another: refused.
    forged = {**common, "attendee": address(1), "partstat": "DECLINED", "message_id": "<forged@elsewhere.example>"}
    imap_server.append(replies.spoofed("outlook", dtstamp=stamp + timedelta(days=1), **forged))
    imap_server.append(replies.plain_email(sender=address(2), dtstamp=stamp))


def _received(server: SmtpServer) -> dict[str, tuple[str, str, int]]:
    """Each message the SMTP server took, once per Message-ID: its recipient, kind and revision."""
    found = {}
    for message in server.received:
        parsed = email.message_from_bytes(message.content, policy=policy.default)
        match = re.fullmatch(r"<[^.]+(?:\.[^.]+)*?\.(\d+)\.([a-z]+)\.[0-9a-f]{24}@iofs\.example>", parsed["Message-ID"])
        assert match is not None, parsed["Message-ID"]
        (recipient,) = message.rcpt_tos
        found[parsed["Message-ID"]] = (recipient.lower(), match[2], int(match[1]))
    return found


def _check_people(
    roster: Roster,
    zoom: FakeZoom,
    number: str,
    received: dict[str, tuple[str, str, int]],
    server: SmtpServer,
    shared: str,
) -> None:
    """Everyone's registration, answer and link as the story made them; each link only in its owner's mail."""
    people = {person.key: person for person in roster.people()}
    assert len(people) == PEOPLE
    status = Counter(person.status for person in people.values())
    assert status == {
        RegistrationStatus.REGISTERED: CAPACITY,
        RegistrationStatus.WAITLISTED: ASKING - CAPACITY - len(PROMOTED),
        RegistrationStatus.DECLINED: len(DECLINING) + 1,
        RegistrationStatus.INVITED: PEOPLE - ASKING - 1,
    }
    answers = {n: people[address(n)].rsvp for n in range(PEOPLE)}
    assert all(answers[n] is Rsvp.ACCEPTED for n in ACCEPTING)  # the stale decline did not win, nor the forged one
    assert all(answers[n] is Rsvp.TENTATIVE for n in TENTATIVE)
    assert all(answers[n] is Rsvp.DECLINED for n in [*DECLINING, DECLINING_INVITED])
    assert all(people[address(n)].promoted_at is not None for n in PROMOTED)
    # Registered on Zoom once each, whatever the kills; those who declined cancelled there.
    registrations = zoom.registrations[number]
    assert set(registrations) == {address(n) for n in range(CAPACITY + len(PROMOTED))}
    assert max(registrations.values()) == 1
    links = {key: person.join_url for key, person in people.items() if person.status is RegistrationStatus.REGISTERED}
    assert all(links.values())
    assert len(set(links.values())) == len(links)
    # Each registered person's invitation (or confirmation) carries their link, and nobody else's.
    for raw in server.received:
        parsed = email.message_from_bytes(raw.content, policy=policy.default)
        text = "".join(
            part.get_content() for part in parsed.walk() if part.get_content_type() in ("text/plain", "text/calendar")
        )
        (recipient,) = raw.rcpt_tos
        own = links.get(recipient.lower())
        others = [link for key, link in links.items() if key != recipient.lower() and link in text]
        assert others == [], f"{recipient} was given someone else's link"
        kind = received[parsed["Message-ID"]][1]
        linked_then = kind in ("confirmation", "update") or (kind == "invitation" and int(recipient[1:4]) < CAPACITY)
        if own is not None and linked_then:  # a message sent once they had their link
            assert own in text, f"{recipient}: not their own link"
            assert shared not in text, f"{recipient}: the shared link besides their own"


def _check_mailbox(imap_server: ImapServer) -> None:
    r"""The replies marked read, the refused one flagged for someone to look at, the letter left as it came."""
    flags = imap_server.flags()
    letter = flags[-1]
    assert "\\Seen" not in letter
    assert "\\Flagged" not in letter
    forged = flags[-2]
    assert {"\\Seen", "\\Flagged"} <= forged
    assert all("\\Seen" in each and "\\Flagged" not in each for each in flags[:-2])
