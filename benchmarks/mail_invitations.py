"""Benchmark: personalized invitations, composed and sent, against the naive paths, in the same run.

Composing: N invitations to recipients in Arabic, English, French and Russian (names in their
scripts, 12 time zones, every role, half of them registered) about the seed workshop once its
time, Zoom meeting, dial-in and agenda are fixed.

* ours: one ``Composer`` for the event, ``compose(recipient).data`` per recipient;
* naive: the same rendered bodies (``Composer.render``, so templates cost the same on both
  sides), then per message ``to_ical(...)`` with the recipient as ATTENDEE, and a
  standard-library ``EmailMessage`` (``set_content``, two ``add_alternative``,
  ``add_attachment``) turned into bytes with ``policy.SMTP``.

Sending: M composed messages to an aiosmtpd server (``Sink`` handler, in another process) on
127.0.0.1, over one connection each:

* ours: ``send_all`` with a ``Mailer`` and a ``Journal`` (each record written at once, fsynced once a second);
* bare: ``smtplib.SMTP`` and a loop of ``sendmail``.

* floor: MIME by hand (``floor.message``), the bodies rendered once per language and the calendar
  written once, each recipient's name and ATTENDEE line put in (``by_hand``).

Both sides of each pair are checked to give equivalent output, then timed in turns, the median
of ``--repeat`` runs. Goals: composing at least 3x the naive path and at most 3x the floor;
sending at least 0.9x the bare loop. The exit code is 0 whether or not the goals are met.
"""

from __future__ import annotations

import argparse
import email
import gc
import smtplib
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import iofs_events as ie
from iofs_events import json as event_json
from iofs_events.ical import Attendee, AttendeeRole, Method, to_ical
from iofs_events.mail import Composer, Journal, Mailer, Message, Recipient, RecipientRole, send_all
from iofs_events.settings import SmtpSettings

sys.path.insert(0, str(Path(__file__).parents[1]))  # run as a script too: python benchmarks/mail_invitations.py

from benchmarks import floor

COMPOSE_GOAL, SEND_GOAL = 3.0, 0.9
FLOOR_GOAL = 3.0  # ours / the floor written by hand must not exceed this
SEED = Path(__file__).parents[1] / "examples" / "events" / "food-security-governance-2021.json"
SENDER = "IOFS Secretariat <events@iofs.example>"
STAMP = datetime(2021, 12, 1, 9, tzinfo=UTC)
ALMATY = ZoneInfo("Asia/Almaty")
NAMES = {
    "en": ["Aisha Rahman", "Yusuf Okafor", "Mariam Siddiqui", "Daniel Mensah"],
    "ar": ["عمر الحربي", "فاطمة الزهراء بن علي", "خالد المنصوري", "ليلى حداد"],
    "fr": ["Aminata Diallo", "Moussa Traoré", "Fatou N'Diaye", "Jean-Baptiste Ouédraogo"],
    "ru": ["Айдана Нурланова", "Тимур Абдуллаев", "Гульнара Сапарова", "Рустам Каримов"],
}
ZONES = [
    "Asia/Almaty",
    "Asia/Riyadh",
    "Africa/Dakar",
    "Asia/Tashkent",
    "Europe/Istanbul",
    "Africa/Cairo",
    "Asia/Jakarta",
    "Asia/Karachi",
    "Asia/Dhaka",
    "Africa/Casablanca",
    "Asia/Tehran",
    "Asia/Kuala_Lumpur",
]


def workshop() -> ie.Event:
    """The seed workshop with a time, a Zoom meeting, dial-in numbers and an agenda."""
    seed = event_json.read(SEED)
    start = datetime(2021, 12, 22, 10, tzinfo=ALMATY)
    return seed.revise(
        schedule=ie.TimeSpan(starts_at=start, ends_at=start.replace(hour=16)),
        online_meeting=ie.OnlineMeeting(
            platform="zoom",
            join_url="https://zoom.example/j/87512345678",
            meeting_id="875 1234 5678",
            passcode="Fs2021",
            host_url="https://zoom.example/s/87512345678?zak=host",
            dial_in=(ie.DialIn(number="+77172696969"), ie.DialIn(number="+966112345678")),
        ),
        agenda=tuple(
            ie.AgendaSession(title=title, starts_at=start.replace(hour=hour), ends_at=start.replace(hour=hour + 1))
            for hour, title in enumerate(["Opening", "Country experiences", "Discussion", "Closing"], start=10)
        ),
    )


def recipients(count: int) -> list[Recipient]:
    """``count`` varied recipients, the same on every run."""
    languages, roles = list(NAMES), list(RecipientRole)
    result = []
    for number in range(count):
        language = languages[number % 4]
        result.append(
            Recipient(
                email=f"guest{number}@agri{number % 7}.example.org",
                name=NAMES[language][number // 4 % 4],
                language=language,
                time_zone=ZONES[number % len(ZONES)],
                role=roles[number % 11 % 4] if number % 11 < 4 else RecipientRole.PARTICIPANT,
                registered=number % 2 == 0,
            )
        )
    return result


def ours(event: ie.Event, people: list[Recipient]) -> list[bytes]:
    composer = Composer(event, sender=SENDER, stamp=STAMP)
    return [composer.compose(person).data for person in people]


def by_hand(event: ie.Event, people: list[Recipient]) -> Callable[[], list[bytes]]:
    """The floor: the messages written by ``floor.message``, with bodies and a calendar written once.

    The bodies are ours, rendered once per language before the clock starts, each with a mark
    where the name goes; the calendar is ours for one attendee, cut around that attendee's line.
    What is timed is what each message costs at the least: the name put in, the ATTENDEE line
    spliced, base64 and MIME written by hand.
    """
    composer = Composer(event, sender=SENDER, stamp=STAMP)
    mark = "Zq" + "x" * 6  # a name no template changes, replaced by floor.NAME
    bodies = {}
    for language in NAMES:
        rendered = composer.render(Recipient(email="someone@example.org", name=mark, language=language))
        bodies[language] = tuple(text.replace(mark, floor.NAME) for text in rendered[1:4])
    stand_in = Attendee(email="stand-in@example.org", name="Stand In")
    sender = Attendee(email="events@iofs.example", name="IOFS Secretariat")
    whole = to_ical(event, method=Method.REQUEST, attendees=[stand_in], organizer=sender, stamp=STAMP, passcode=True)
    start = whole.index(b"\r\nATTENDEE") + 2
    end = whole.index(b"\r\n", start)
    while whole[end + 2 : end + 3] == b" ":  # the folded line goes on
        end = whole.index(b"\r\n", end + 2)
    calendar = (whole[:start], whole[end + 2 :])
    stamp = format_datetime(STAMP)
    return lambda: [
        floor.message(calendar, bodies[person.language], (person.name or "", person.email, "REQ-PARTICIPANT"), *more)
        for more, person in (((SENDER, stamp, number), person) for number, person in enumerate(people))
    ]


def naive(event: ie.Event, people: list[Recipient]) -> list[bytes]:
    composer = Composer(event, sender=SENDER, stamp=STAMP)  # for the same rendered bodies
    organizer = Attendee(email="events@iofs.example", name="Islamic Organization for Food Security (IOFS)")
    result = []
    for person in people:
        bodies = composer.render(person)
        role = AttendeeRole.CHAIR if person.role is RecipientRole.HOST else AttendeeRole.REQUIRED
        attendee = Attendee(email=person.email, name=person.name, role=role)
        ics = to_ical(
            event,
            method=Method.REQUEST,
            attendees=[attendee],
            organizer=organizer,
            stamp=STAMP,
            passcode=bodies.private,
        )
        message = EmailMessage()
        message["From"] = Address("IOFS Secretariat", addr_spec="events@iofs.example")
        message["To"] = Address(person.name or "", addr_spec=person.email)
        message["Subject"] = bodies.subject
        message["Date"] = format_datetime(STAMP)
        message["Message-ID"] = email.utils.make_msgid(domain="iofs.example")
        message["Content-Language"] = bodies.language
        message.set_content(bodies.text)
        message.add_alternative(bodies.html, subtype="html")
        message.add_alternative(ics.decode(), subtype="calendar", params={"method": "REQUEST"})
        message.add_attachment(ics, maintype="application", subtype="ics", filename="invite.ics")
        result.append(message.as_bytes(policy=policy.SMTP))
    return result


def check_compose(a: bytes, b: bytes) -> None:
    """Both messages parse and hold the same text, HTML and calendar METHOD and ATTENDEE."""
    parsed = [email.message_from_bytes(data, policy=policy.default) for data in (a, b)]
    for kind in ("plain", "html"):
        first, second = (message.get_body((kind,)).get_content() for message in parsed)  # type: ignore[union-attr]
        assert first.replace("\r\n", "\n").strip() == second.replace("\r\n", "\n").strip(), kind
    calendars = [next(p for p in message.walk() if p.get_content_type() == "text/calendar") for message in parsed]
    assert {part.get_param("method") for part in calendars} == {"REQUEST"}
    attendees = [
        next(line for line in part.get_content().replace("\r\n ", "").splitlines() if line.startswith("ATTENDEE"))
        for part in calendars
    ]
    assert attendees[0] == attendees[1], attendees


def check_floor(data: bytes, person: Recipient) -> None:
    """A message by hand parses, holds a plain text and an HTML body, and a REQUEST calendar with its ATTENDEE."""
    message = email.message_from_bytes(data, policy=policy.default)
    for kind in ("plain", "html"):
        assert message.get_body((kind,)) is not None, kind  # type: ignore[attr-defined]
    calendar = next(part for part in message.walk() if part.get_content_type() == "text/calendar")
    assert calendar.get_param("method") == "REQUEST"
    assert f"mailto:{person.email}" in calendar.get_content().replace("\r\n ", "")


def timed(function: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def sink_server(port: int) -> subprocess.Popen[bytes]:
    """aiosmtpd's Sink (accepts and discards) in another process, so it takes no time from ours."""
    command = [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink", "-l", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise SystemExit("the aiosmtpd server did not start")


def send_ours(messages: list[Message], settings: SmtpSettings, folder: Path) -> None:
    journal = Journal(folder / f"journal-{time.perf_counter_ns()}.jsonl")
    with Mailer(settings) as mailer:
        report = send_all(messages, mailer=mailer, journal=journal)
    assert len(report.sent) == len(messages)


def send_bare(messages: list[Message], port: int) -> None:
    smtp = smtplib.SMTP("127.0.0.1", port)
    for message in messages:
        smtp.sendmail(message.sender, [message.recipient], message.data)
    smtp.quit()


def run(messages: int = 10_000, sends: int = 2_000, repeat: int = 3) -> dict[str, dict[str, float]]:
    """Run the benchmark and return the median seconds of each side, printing nothing.

    ``{"compose": {"ours": ..., "naive": ..., "floor": ...}, "send": {"ours": ..., "bare": ...}}``.
    """
    if messages < 1 or sends < 1 or repeat < 1:
        raise ValueError("messages, sends and repeat must be at least 1")
    event, people = workshop(), recipients(messages)
    check = min(len(people), 44)
    for a, b in zip(ours(event, people[:check]), naive(event, people[:check]), strict=True):
        check_compose(a, b)
    least = by_hand(event, people)
    for data, person in zip(least()[:check], people, strict=False):
        check_floor(data, person)
    compose_times: dict[str, list[float]] = {"ours": [], "naive": [], "floor": []}
    for _ in range(repeat):
        compose_times["ours"].append(timed(lambda: ours(event, people)))
        compose_times["naive"].append(timed(lambda: naive(event, people)))
        compose_times["floor"].append(timed(least))

    composer = Composer(event, sender=SENDER, stamp=STAMP)
    composed = [composer.compose(person) for person in recipients(sends)]
    port = free_port()
    server = sink_server(port)
    settings = SmtpSettings(host="127.0.0.1", port=port, security="none")
    send_times: dict[str, list[float]] = {"ours": [], "bare": []}
    try:
        with tempfile.TemporaryDirectory() as folder:
            for _ in range(repeat):
                send_times["ours"].append(timed(lambda: send_ours(composed, settings, Path(folder))))
                send_times["bare"].append(timed(lambda: send_bare(composed, port)))
    finally:
        server.terminate()
        server.wait()
    return {
        "compose": {name: statistics.median(values) for name, values in compose_times.items()},
        "send": {name: statistics.median(values) for name, values in send_times.items()},
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--messages", type=int, default=10_000, help="invitations to compose (default 10,000)")
    parser.add_argument("--sends", type=int, default=2_000, help="messages to send (default 2,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side, taken in turns (default 3)")
    arguments = parser.parse_args(argv)

    result = run(arguments.messages, arguments.sends, arguments.repeat)
    compose, send = result["compose"], result["send"]
    rows = [
        ("compose", f"{arguments.messages:,} invitations", compose["ours"], compose["naive"],
         "naive: to_ical + EmailMessage", compose["naive"] / compose["ours"], COMPOSE_GOAL),
        ("compose", f"{arguments.messages:,} invitations", compose["ours"], compose["floor"],
         "floor: by hand (floor.py)", compose["floor"] / compose["ours"], 1 / FLOOR_GOAL),
        ("send", f"{arguments.sends:,} messages", send["ours"], send["bare"],
         "bare smtplib loop", send["bare"] / send["ours"], SEND_GOAL),
    ]  # fmt: skip
    print(f"{'what':8} {'size':>20} {'ours (s)':>9} {'baseline (s)':>13}  {'baseline':32} {'speed':>6}  goal")
    for what, size, mine, base, name, speed, goal in rows:
        verdict = "met" if speed >= goal else "NOT met"
        print(f"{what:8} {size:>20} {mine:9.3f} {base:13.3f}  {name:32} {speed:5.2f}x  >= {goal:.2g}x {verdict}")


if __name__ == "__main__":
    main()
