"""Benchmark: our calendars against their peers and against the floor, on one workload, in one run.

The workload: events with a ~1 kB description in four scripts (Arabic, Russian, French,
English), timed in Asia/Almaty, online with a CONFERENCE link, an organizer with an email
address; an invitation adds 5 attendees. Measured:

* **feed**: N events as one ``PUBLISH`` calendar. Ours is ``iofs_events.ical.feed`` streamed
  to a file; the floor is ``floor.feed`` (a writer by hand: format, escape, fold); the peers
  are icalendar (``Event.new`` into one ``Calendar``, ``add_missing_timezones``, ``to_ical``),
  ics-py, vobject and ical-generator under Node.js (skipped, with a note, where ``node`` or
  ``benchmarks/node/node_modules`` is missing: ``npm ci`` there). The peers are given the
  description, location and organizer as ours writes them, worked out before the clock starts,
  so they only write; ours works them out (in the reader's language) and writes them, with the
  HTML description that the floor writes too.
* **invitation**: one ``REQUEST`` calendar with 5 attendees per event, ``to_ical`` against
  ``floor.invitation``.
* **growth**: the streamed feed at 1k, 10k and 50k events: time per event, and the peak of
  memory allocated while writing (``tracemalloc``, in a separate run).

Every output is parsed back with ``icalendar.Calendar.from_ical`` before it is timed, and must
hold the events' UIDs. Times are medians of ``--repeat`` runs of each side, in turns, and of five
times as many for the invitations, whose runs are short (about 60 ms for 500 calendars), so that
a busy moment of a shared machine does not decide their median. The exit code is 0 whether or
not the goals are met.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import iofs_events as ie
from iofs_events.ical import Attendee, Method, describe, feed, to_ical, uid

sys.path.insert(0, str(Path(__file__).parents[1]))  # run as a script too: python benchmarks/peers.py

from benchmarks import floor
from benchmarks.ical_feed import SENTENCES

FEED_GOAL = 2.0  # ours / floor, streamed feed
INVITATION_GOAL = 3.0  # ours / floor, one invitation calendar
INVITATION_TURNS = 5  # the invitations' runs, for each of the feed's: theirs are short
NAME = "IOFS events"
STAMP = datetime(2025, 1, 15, 8, 30, tzinfo=UTC)
ALMATY = ZoneInfo("Asia/Almaty")
NODE = Path(__file__).parent / "node"
IOFS = ie.Organization(
    name="Islamic Organization for Food Security",
    acronym="IOFS",
    email="events@iofs.example",
    url="https://iofs.example",
)
ATTENDEES = tuple(
    Attendee(email=f"guest{number}@agri{number}.example.org", name=name)
    for number, name in enumerate(("Aisha Rahman", "عمر الحربي", "Aminata Diallo", "Айдана Нурланова", "Yusuf Okafor"))
)


def _description(rng: random.Random) -> str:
    languages = list(SENTENCES)
    rng.shuffle(languages)
    paragraphs, size = [], 0
    while size < 1000:
        for language in languages:
            paragraphs.append(" ".join(rng.sample(SENTENCES[language], 2)))
            size += len(paragraphs[-1].encode()) + 2
            if size >= 1000:
                break
    return "\n\n".join(paragraphs)


def make_events(count: int, seed: int = 2021) -> list[ie.Event]:
    """``count`` events of the workload, the same ones for the same seed (before the 2024 change of Almaty's clock)."""
    rng = random.Random(seed)
    events = []
    for number in range(count):
        starts = datetime(2021, 1, 4, 9, tzinfo=ALMATY) + timedelta(days=rng.randint(0, 1000), hours=rng.randint(0, 6))
        meeting = ie.OnlineMeeting(platform="zoom", join_url=f"https://zoom.example/j/{rng.randint(10**9, 10**10)}")
        events.append(
            ie.Event(
                id=f"workshop-{number}",
                kind=ie.EventKind.WORKSHOP,
                title=f"Food security governance: country experiences #{number}",
                format=ie.EventFormat.ONLINE,
                summary=_description(rng),
                schedule=ie.TimeSpan(starts_at=starts, ends_at=starts + timedelta(hours=3)),
                organizer=IOFS,
                online_meeting=meeting,
                url=f"https://iofs.example/events/{number}",
            )
        )
    return events


# --- the sides ----------------------------------------------------------------------------------


def ours_streamed(events: list[ie.Event], path: Path) -> None:
    with path.open("wb") as file:
        for chunk in feed(events, name=NAME, stamp=STAMP):
            file.write(chunk)


def floor_streamed(events: list[ie.Event], path: Path) -> None:
    with path.open("wb") as file:
        for chunk in floor.feed(events, NAME, STAMP):
            file.write(chunk)


def prepared(events: Iterable[ie.Event]) -> list[dict[str, Any]]:
    """What the peers are given: each event's texts as ours writes them, worked out before any clock starts."""
    result = []
    for event in events:
        schedule, meeting = event.schedule, event.online_meeting
        assert isinstance(schedule, ie.TimeSpan)
        assert meeting is not None
        result.append(
            {
                "uid": uid(event),
                "start": schedule.starts_at,
                "end": schedule.ends_at,
                "title": event.title,
                "description": describe(event),
                "location": f"Online (Zoom): {meeting.join_url}",
                "url": event.url,
                "join_url": meeting.join_url,
            }
        )
    return result


def with_icalendar(events: list[dict[str, Any]]) -> bytes:
    from icalendar import Calendar, Conference, vCalAddress
    from icalendar import Event as VEvent

    calendar = Calendar.new(prodid="-//Example//icalendar//EN", method="PUBLISH", name=NAME)
    organizer = vCalAddress.new(IOFS.email, cn=IOFS.name)
    for event in events:
        calendar.add_component(
            VEvent.new(
                uid=event["uid"],
                stamp=STAMP,
                start=event["start"],
                end=event["end"],
                summary=event["title"],
                description=event["description"],
                location=event["location"],
                url=event["url"],
                organizer=organizer,
                conferences=[Conference(event["join_url"], feature=["AUDIO", "VIDEO"], label="Join on Zoom")],
            )
        )
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def with_ics(events: list[dict[str, Any]]) -> bytes:
    from ics import Calendar, Event
    from ics.attendee import Organizer
    from ics.grammar.parse import ContentLine

    calendar = Calendar()
    for event in events:
        entry = Event(
            name=event["title"],
            begin=event["start"],
            end=event["end"],
            uid=event["uid"],
            description=event["description"],
            location=event["location"],
            url=event["url"],
            created=STAMP,
        )
        entry.organizer = Organizer(email=IOFS.email, common_name=IOFS.name)
        entry.extra.append(ContentLine(name="CONFERENCE", params={"VALUE": ["URI"]}, value=event["join_url"]))
        calendar.events.add(entry)
    return "".join(calendar.serialize_iter()).encode()


def with_vobject(events: list[dict[str, Any]]) -> bytes:
    import vobject
    from dateutil.tz import tzutc

    calendar = vobject.iCalendar()
    for event in events:
        entry = calendar.add("vevent")
        for name in ("uid", "summary", "description", "location", "url"):
            entry.add(name).value = event[{"summary": "title"}.get(name, name)]
        entry.add("dtstamp").value = STAMP.replace(tzinfo=tzutc())  # the UTC vobject knows
        entry.add("dtstart").value = event["start"]
        entry.add("dtend").value = event["end"]
        organizer = entry.add("organizer")
        organizer.value, organizer.params["CN"] = f"mailto:{IOFS.email}", [IOFS.name]
        conference = entry.add("conference")
        conference.value, conference.params["VALUE"] = event["join_url"], ["URI"]
    return str(calendar.serialize()).encode()


def node_available() -> str | None:
    """Why ical-generator cannot run here, or ``None`` when it can."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (NODE / "node_modules" / "ical-generator").is_dir():
        return "ical-generator is not installed: run npm ci in benchmarks/node"
    return None


def with_ical_generator(events: list[dict[str, Any]], repeat: int = 1) -> tuple[list[float], str]:
    """ical-generator's seconds for each run, timed inside Node.js, and the calendar it wrote."""
    text = repeat == 1
    # Without a time zone library, ical-generator writes a TZID beside the clock of the Date given: the local one.
    payload = {
        "name": NAME,
        "stamp": STAMP.isoformat(),
        "repeat": repeat,
        "text": text,
        "events": [
            {
                **{key: event[key] for key in ("uid", "title", "description", "location", "url", "join_url")},
                **{key: event[key].replace(tzinfo=None).isoformat() + "Z" for key in ("start", "end")},
                "zone": "Asia/Almaty",
                "organizer": {"name": IOFS.name, "email": IOFS.email},
            }
            for event in events
        ],
    }
    result = subprocess.run(
        ["node", "feed.mjs"], cwd=NODE, input=json.dumps(payload).encode(), capture_output=True, check=True
    )
    found = json.loads(result.stdout)
    return [ms / 1000 for ms in found["times"]], found["text"] or ""


# --- checks and measures ------------------------------------------------------------------------


def check(ics: bytes, events: list[ie.Event]) -> None:
    """The calendar parses with icalendar and holds one VEVENT for each event."""
    from icalendar import Calendar

    uids = sorted(str(entry["UID"]) for entry in Calendar.from_ical(ics).walk("VEVENT"))
    assert uids == sorted(uid(event) for event in events), uids[:3]


def timed(run: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def in_turns(runs: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """The median seconds of each run, ``repeat`` times, taken in turns."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            times[name].append(timed(run))
    return {name: statistics.median(found) for name, found in times.items()}


def peak(run: Callable[[], object]) -> int:
    """The peak of memory allocated while ``run`` runs, by tracemalloc."""
    gc.collect()
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def run(
    events: int = 2000, invitations: int = 500, repeat: int = 3, growth: tuple[int, ...] = (1000, 10_000, 50_000)
) -> dict[str, Any]:
    """Run the benchmark and return its figures, printing nothing.

    ``feed``: median seconds of each side for ``events`` events (``ical-generator`` absent when it
    cannot run, ``skipped`` says why); ``invitation``: median seconds of ours and the floor for
    ``invitations`` calendars, of ``invitation_repeat`` runs; ``growth``: for each size, seconds
    per event and peak bytes.
    """
    made = make_events(max(events, invitations, *growth))
    sample, invited = made[:events], made[:invitations]
    texts = prepared(sample)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.ics"
        ours_streamed(sample, path)
        check(path.read_bytes(), sample)
        floor_streamed(sample, path)
        check(path.read_bytes(), sample)
        for write in (with_icalendar, with_ics, with_vobject):
            check(write(texts[:50]), sample[:50])
        runs: dict[str, Callable[[], object]] = {
            "ours": lambda: ours_streamed(sample, path),
            "floor": lambda: floor_streamed(sample, path),
            "icalendar": lambda: with_icalendar(texts),
            "ics-py": lambda: with_ics(texts),
            "vobject": lambda: with_vobject(texts),
        }
        feed_times = in_turns(runs, repeat)
        skipped = node_available()
        if skipped is None:
            check(with_ical_generator(texts[:50])[1].encode(), sample[:50])
            feed_times["ical-generator"] = statistics.median(with_ical_generator(texts, repeat)[0])

        for event in invited[:20]:
            check(to_ical(event, method=Method.REQUEST, attendees=ATTENDEES, stamp=STAMP), [event])
            check(floor.invitation(event, ATTENDEES, STAMP), [event])
        invitation = in_turns(
            {
                "ours": lambda: [
                    to_ical(event, method=Method.REQUEST, attendees=ATTENDEES, stamp=STAMP) for event in invited
                ],
                "floor": lambda: [floor.invitation(event, ATTENDEES, STAMP) for event in invited],
            },
            repeat * INVITATION_TURNS,
        )

        sizes = {}
        for size in growth:
            part = made[:size]
            seconds = in_turns({"ours": lambda part=part: ours_streamed(part, path)}, 1)["ours"]  # type: ignore[misc]
            sizes[size] = {"per_event": seconds / size, "peak": peak(lambda part=part: ours_streamed(part, path))}
    return {
        "events": len(sample),
        "invitations": len(invited),
        "repeat": repeat,
        "invitation_repeat": repeat * INVITATION_TURNS,
        "feed": feed_times,
        "skipped": skipped,
        "invitation": invitation,
        "growth": sizes,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000, help="events of the feed (default 2000)")
    parser.add_argument("--invitations", type=int, default=500, help="invitation calendars (default 500)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side, in turns; the median counts")
    parser.add_argument("--growth", default="1000,10000,50000", help="sizes of the growth runs (default 1k, 10k, 50k)")
    args = parser.parse_args(argv)
    growth = tuple(int(size) for size in args.growth.split(","))
    result = run(args.events, args.invitations, args.repeat, growth)
    feed_times = result["feed"]
    print(f"feed of {result['events']:,} events, median of {result['repeat']} runs each, in turns:")
    for name, seconds in feed_times.items():
        print(f"  {name:15} {seconds:8.3f} s  {seconds / feed_times['ours']:6.2f} x ours")
    if result["skipped"]:
        print(f"  ical-generator skipped: {result['skipped']}")
    mine, least = result["invitation"]["ours"], result["invitation"]["floor"]
    print(
        f"invitations, {result['invitations']:,} calendars, median of {result['invitation_repeat']} runs each: "
        f"ours {mine:.3f} s, floor {least:.3f} s, {mine / least:.2f}x"
    )
    for size, figures in result["growth"].items():
        per_event, peak_mib = figures["per_event"] * 1e6, figures["peak"] / 2**20
        print(f"growth {size:>7,} events: {per_event:7.1f} us/event, peak {peak_mib:.2f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
