"""Benchmark: the streamed iCalendar feed of iofs_events against the naive icalendar path.

Builds N varied events deterministically (timed schedules in several IANA zones, online
meetings with a join URL, a ~1 kB multilingual summary in Arabic, Russian, French and English,
topics, contacts, an organizer), checks that both outputs parse with
``icalendar.Calendar.from_ical`` and hold the same VEVENTs (on the first ``--check-events``
events; the full outputs are compared by their VEVENT count), then measures, in the same process:

* ours, streamed: ``for chunk in feed(events, ...): file.write(chunk)`` to a file in a temporary
  directory, the use ``feed`` is made for;
* ours, joined: ``b"".join(feed(events, ...))``, the whole calendar as one ``bytes``;
* naive: one ``icalendar.Event.new(...)`` per event with the same properties, all added to one
  ``Calendar``, ``add_missing_timezones()`` and a single ``Calendar.to_ical()``.

Both sides include everything from the events to the bytes: the plain-text description
(``iofs_events.ical.describe``) and its HTML, the location and the organizer are computed inside
the timed region on both sides. The naive side is what a developer writes with icalendar's public
API and ours: ``describe`` and ``uid``, plus a few lines of its own (a PRODID, the STATUS and
RELTYPE names, the join-button properties, the organizer, the contacts, the location, the HTML);
its LOCATION, HTML and ORGANIZER differ a little from ours, so :func:`check_outputs` compares
what must be the same in them. Times are taken with ``time.perf_counter`` and peak memory with
``tracemalloc``, in separate runs (over the first ``--memory-events`` events). Run
``python benchmarks/ical_feed.py --help`` for the options. The exit code is 0 whether or not the goals are met.
"""

import argparse
import gc
import re
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from html import escape, unescape
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

import attrs
from icalendar import Calendar, Conference, vCalAddress, vDuration, vText
from icalendar import Event as VEvent

import iofs_events as ie
from iofs_events.ical import describe, feed, uid

sys.path.insert(0, str(Path(__file__).parents[1]))  # run as a script too: python benchmarks/ical_feed.py

from benchmarks.events import EventFactory

SPEED_GOAL = 2.0  # naive time / our time must be at least this
MEMORY_GOAL = 0.5  # our peak / naive peak must not exceed this
NAME = "IOFS events"
STAMP = datetime(2025, 1, 15, 8, 30, tzinfo=UTC)

# --- the events ---------------------------------------------------------------------------------

# fmt: off
FEED_ZONES = (
    "Asia/Almaty", "Asia/Riyadh", "Europe/Istanbul", "Africa/Cairo", "Asia/Jakarta", "Africa/Casablanca", "Asia/Tehran",
    "Asia/Kuala_Lumpur", "Europe/Paris", "America/New_York", "Australia/Adelaide", "UTC",
)
# fmt: on
SENTENCES = {
    "ar": (
        "يهدف هذا الاجتماع إلى تعزيز التعاون بين الدول الأعضاء في مجال الأمن الغذائي والتنمية الزراعية المستدامة.",
        "سيناقش المشاركون السياسات الوطنية لإدارة المخزونات الاستراتيجية من الحبوب وتحسين سلاسل الإمداد.",
        "تتضمن الجلسات عروضاً من الخبراء وتبادلاً للتجارب الناجحة بين المؤسسات الحكومية والقطاع الخاص.",
        "يُرجى من المشاركين الاطلاع على الوثائق المرجعية قبل بدء الجلسة الأولى.",
        "تتوفر الترجمة الفورية إلى اللغات الرسمية للمنظمة طوال مدة الفعالية.",
    ),
    "ru": (
        "Совещание посвящено укреплению продовольственной безопасности государств-членов и устойчивому развитию сельского хозяйства.",  # noqa: E501
        "Участники обсудят национальные стратегии управления зерновыми резервами и снижения послеуборочных потерь.",
        "Программа включает выступления экспертов, обмен опытом и практические занятия для специалистов министерств.",
        "Материалы встречи будут разосланы участникам заранее по электронной почте.",
        "Обеспечивается синхронный перевод на официальные языки организации.",
    ),
    "fr": (
        "Cet atelier vise à renforcer la sécurité alimentaire des États membres et la résilience des systèmes agricoles.",  # noqa: E501
        "Les participants échangeront sur les réserves stratégiques, le commerce régional et le financement des petits exploitants.",  # noqa: E501
        "Des experts présenteront des études de cas suivies d'une « table ronde » sur les bonnes pratiques.",
        "Les documents de référence seront envoyés aux participants inscrits avant la première séance.",
        "L'interprétation simultanée est assurée dans les langues officielles de l'organisation.",
    ),
    "en": (
        "This workshop brings together planners and policy makers to strengthen food security governance in member states.",  # noqa: E501
        "Sessions cover strategic food reserves, climate-resilient agriculture, water scarcity and regional trade.",
        "Experts will present case studies, followed by a moderated panel on “what works” in national programmes.",
        "Background documents are shared with registered participants one week before the opening session.",
        "Simultaneous interpretation is provided in the official languages of the organization.",
    ),
}
SUMMARY_BYTES = 1000  # the multilingual summary is about this long, in UTF-8


class FeedEventFactory(EventFactory):
    """Events as a feed holds them: timed, online or hybrid with a join link, a ~1 kB multilingual summary.

    Everything else (organizer, contacts, venue, languages, audience, registration, agenda,
    references, topics...) comes varied from :class:`EventFactory` of ``events.py``.
    """

    def _schedule(self) -> tuple[ie.Schedule | None, str]:
        zone = self.rng.choice(FEED_ZONES)
        day = date(2019, 1, 1) + timedelta(days=self.rng.randint(0, 365 * 8))
        starts = datetime(day.year, day.month, day.day, self.rng.randint(8, 14), self.rng.choice((0, 30)))
        starts = starts.replace(tzinfo=ZoneInfo(zone))
        ends = starts + timedelta(days=self.rng.choice((0, 0, 0, 1, 2)), hours=self.rng.randint(1, 6))
        return ie.TimeSpan(starts_at=starts, ends_at=ends), zone

    def _meeting(self) -> ie.OnlineMeeting:
        meeting = super()._meeting()
        if meeting.join_url is None:
            meeting = attrs.evolve(meeting, join_url=f"https://meet.example.org/j/{self.rng.randint(10**9, 10**10)}")
        return meeting

    def _summary(self) -> str:
        languages = list(SENTENCES)
        self.rng.shuffle(languages)
        paragraphs, size = [], 0
        while size < SUMMARY_BYTES:
            for language in languages:
                paragraph = " ".join(self.rng.sample(SENTENCES[language], 2))
                paragraphs.append(paragraph)
                size += len(paragraph.encode()) + 2
                if size >= SUMMARY_BYTES:
                    break
        return "\n\n".join(paragraphs)

    def event(self) -> ie.Event:
        """One more event, always timed and online or hybrid."""
        event = super().event()
        changes: dict[str, Any] = {"summary": self._summary()}
        if event.format is ie.EventFormat.IN_PERSON:
            changes["format"] = ie.EventFormat.HYBRID
        if event.online_meeting is None:
            changes["online_meeting"] = self._meeting()
        if not event.topics:
            changes["topics"] = tuple(self.rng.sample(("Food security", "Agricultural trade", "Nutrition"), 2))
        return attrs.evolve(event, **changes)


def make_feed_events(count: int, seed: int) -> list[ie.Event]:
    """``count`` events, the same ones for the same seed."""
    factory = FeedEventFactory(seed)
    return [factory.event() for _ in range(count)]


# --- the two paths ------------------------------------------------------------------------------


def ours_joined(events: list[ie.Event]) -> bytes:
    """Ours, the whole calendar in memory: ``b"".join(feed(...))``."""
    return b"".join(feed(events, name=NAME, stamp=STAMP))


def ours_to_file(events: list[ie.Event], path: Path) -> int:
    """Ours, streamed to a file chunk by chunk; returns the size written."""
    size = 0
    with path.open("wb") as file:
        for chunk in feed(events, name=NAME, stamp=STAMP):
            size += file.write(chunk)
    return size


# What a developer writes beside icalendar's public API and ours: RFC 5545 and RFC 9253 names, the
# vendors' join buttons, and one line each for the organizer, a contact, the place and the HTML.
PRODID = "-//Example//naive icalendar feed//EN"
STATUS = {
    ie.EventStatus.SCHEDULED: "CONFIRMED",
    ie.EventStatus.RESCHEDULED: "CONFIRMED",
    ie.EventStatus.TENTATIVE: "TENTATIVE",
    ie.EventStatus.POSTPONED: "TENTATIVE",
    ie.EventStatus.CANCELLED: "CANCELLED",
}
RELTYPE = {"parent": "PARENT", "child": "CHILD", "next": "NEXT", "previous": "SIBLING"}
JOIN_BUTTONS = {"teams": "X-MICROSOFT-SKYPETEAMSMEETINGURL", "google_meet": "X-GOOGLE-CONFERENCE"}
LINK = re.compile(r"https?://[^\s<>\"]+")


def organizer(event: ie.Event) -> vCalAddress | None:
    """The event's organizer, else its first contact, with an email address."""
    who = event.organizer
    if who is not None and who.email:
        return vCalAddress.new(who.email, cn=f"{who.name} ({who.acronym})" if who.acronym else who.name)
    first = next((person for person in event.contacts if person.email), None)
    return vCalAddress.new(first.email, cn=first.name) if first is not None else None


def contact(person: ie.Person) -> str:
    """A CONTACT: the person on one line, with the ways to reach them."""
    organization = person.organization and (person.organization.acronym or person.organization.name)
    return ", ".join(part for part in (person.name, person.position, organization, person.phone, person.email) if part)


def location(event: ie.Event) -> str | None:
    """The venue on one line, then the join link."""
    parts = []
    if (venue := event.venue) is not None:
        town = " ".join(part for part in (venue.postal_code, venue.locality) if part)
        parts.append(
            ", ".join(p for p in (venue.name, venue.room, venue.street, town, venue.region, venue.country) if p)
        )
    if (meeting := event.online_meeting) is not None:
        parts.append(f"Online: {meeting.join_url}" if meeting.join_url else "Online")
    return "; ".join(parts) or None


def html_of(text: str) -> str:
    """The description as HTML, which Outlook shows: paragraphs, bullet lists and links, everything escaped."""
    blocks = []
    for block in text.split("\n\n"):
        lines = [LINK.sub(r'<a href="\g<0>">\g<0></a>', escape(line)) for line in block.split("\n")]
        items = "".join(f"<li>{line[2:]}</li>" for line in lines if line.startswith("\u2022 "))
        others = "<br>".join(line for line in lines if not line.startswith("\u2022 "))
        blocks.append((f"<p>{others}</p>" if others else "") + (f"<ul>{items}</ul>" if items else ""))
    return "<html><body>" + "".join(blocks) + "</body></html>"


def naive(events: Iterable[ie.Event]) -> bytes:
    """The naive path: ``Event.new`` per event into one ``Calendar``, one ``to_ical()``.

    The same properties as ours (see :func:`check_outputs` for how alike they are); the
    VTIMEZONEs are icalendar's own, from ``add_missing_timezones``.
    """
    refresh = timedelta(hours=12)
    calendar = Calendar.new(prodid=PRODID, method="PUBLISH", calscale="GREGORIAN", name=NAME, refresh_interval=refresh)
    calendar.add("x-published-ttl", vDuration(refresh))
    for event in events:
        schedule = event.schedule
        if not isinstance(schedule, ie.TimeSpan):
            continue
        meeting = event.online_meeting
        conferences = []
        if meeting is not None:
            if meeting.join_url:
                label = f"Join on {meeting.platform.replace('_', ' ').title()}"
                conferences.append(Conference(meeting.join_url, feature=["AUDIO", "VIDEO"], label=label))
            conferences += [
                Conference(f"tel:{n.number}", feature="PHONE", label=f"Dial in: {n.number}") for n in meeting.dial_in
            ]
        text = describe(event)
        entry = VEvent.new(
            uid=uid(event),
            stamp=STAMP,
            sequence=event.revision,
            start=schedule.starts_at,
            end=schedule.ends_at,
            summary=event.title,
            description=text,
            location=location(event),
            status=STATUS[event.status],
            categories=[event.kind.replace("_", " ").title(), *event.topics],
            url=event.url,
            organizer=organizer(event),
            contacts=[contact(person) for person in event.contacts] or None,
            conferences=conferences or None,
        )
        for name in ("SUMMARY", "DESCRIPTION", "LOCATION", "CONTACT"):
            values = entry.get(name)
            for value in values if isinstance(values, list) else [values] if values is not None else []:
                value.params["LANGUAGE"] = event.text_language
        entry.add("x-alt-desc", vText(html_of(text)), parameters={"FMTTYPE": "text/html"})
        for other in event.related:
            if other.event_id:
                entry.add(
                    "related-to", f"{other.event_id}@iofs-events", parameters={"RELTYPE": RELTYPE[other.relation]}
                )
        button = JOIN_BUTTONS.get(meeting.platform) if meeting is not None and meeting.join_url else None
        if button:
            entry.add(button, vText(meeting.join_url))  # type: ignore[union-attr]
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


# --- checks and measures ------------------------------------------------------------------------


def check_outputs(ours: bytes, theirs: bytes, events: list[ie.Event]) -> tuple[int, int]:
    """Both outputs parse and hold the same VEVENTs; returns the VEVENTs and VTIMEZONEs compared.

    Equal on both sides: the UIDs, the property names, SUMMARY, DESCRIPTION, STATUS, URL, the
    topics of CATEGORIES (the naive side names the kind in English), the times, the number of
    CONTACTs and CONFERENCEs, the lines that the HTML description shows, and the VTIMEZONEs. The
    naive side writes its own LOCATION (the country as a code, no platform name), which must hold
    the venue's locality and the join link as ours does, and an ORGANIZER only with an email
    address, which must be ours where ours has one.
    """
    mine, other = Calendar.from_ical(ours), Calendar.from_ical(theirs)
    mine_events, other_events = mine.walk("VEVENT"), other.walk("VEVENT")
    assert len(mine_events) == len(other_events) == len(events), (len(mine_events), len(other_events), len(events))
    mine_by_uid = {str(entry["UID"]): entry for entry in mine_events}
    other_by_uid = {str(entry["UID"]): entry for entry in other_events}
    assert mine_by_uid.keys() == other_by_uid.keys() == {uid(event) for event in events}
    for event in events:
        key = uid(event)
        entry, twin = mine_by_uid[key], other_by_uid[key]
        assert sorted(entry.keys() - {"ORGANIZER"}) == sorted(twin.keys() - {"ORGANIZER"}), (key, entry, twin)
        for name in ("SUMMARY", "DESCRIPTION", "STATUS", "URL"):
            assert entry.get(name) == twin.get(name), (key, name)
        # The kind's word is ours in the event's language, the naive side's in English; the topics are the same.
        assert entry["CATEGORIES"].cats[1:] == twin["CATEGORIES"].cats[1:], key
        for name in ("DTSTART", "DTEND"):
            assert entry.decoded(name) == twin.decoded(name), (key, name)
        for name in ("CONTACT", "CONFERENCE"):
            assert len(_values(entry, name)) == len(_values(twin, name)), (key, name)
        assert _shown(entry["X-ALT-DESC"]) == _shown(twin["X-ALT-DESC"]), key
        place = (event.venue and event.venue.locality, event.online_meeting and event.online_meeting.join_url)
        assert all(part in entry["LOCATION"] and part in twin["LOCATION"] for part in place if part), key
        address = entry.get("ORGANIZER")
        if address is None or not address.lower().startswith("mailto:"):
            address = None
        assert _address(twin.get("ORGANIZER")) == _address(address), key
    zones = {timezone["TZID"] for timezone in mine.walk("VTIMEZONE")}
    assert zones == {timezone["TZID"] for timezone in other.walk("VTIMEZONE")}
    return len(mine_events), len(zones)


def _values(entry: Any, name: str) -> list[Any]:
    found = entry.get(name, [])
    return found if isinstance(found, list) else [found]


def _shown(html: str) -> list[str]:
    """The lines of text that an HTML description shows (the naive side links URLs a little differently)."""
    lines = re.split(r"<[^>]+>", re.sub(r"</?a\b[^>]*>", "", html))  # a link stays inside its line
    return [line for line in (unescape(line).strip() for line in lines) if line]


def _address(address: Any) -> tuple[str, str | None] | None:
    return None if address is None else (str(address), address.params.get("CN"))


def timed_once(run: Callable[[], object], collector: bool) -> tuple[float, object]:
    """Seconds taken by one run and what it returned; a full collection first.

    ``collector`` leaves the garbage collector on during the run, as in an application (the
    naive path pays for the collections its growing component tree causes); off, as ``timeit``
    does, it times the code alone.
    """
    gc.collect()
    if not collector:
        gc.disable()
    try:
        start = time.perf_counter()
        result = run()
        return time.perf_counter() - start, result
    finally:
        gc.enable()


def peak_once(run: Callable[[], object]) -> int:
    """Peak bytes allocated by one run, traced by ``tracemalloc`` (what was allocated before does not count)."""
    gc.collect()
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure(
    runs: dict[str, Callable[[], object]], repeat: int, collector: bool
) -> tuple[dict[str, list[float]], dict[str, object]]:
    """Seconds of every run, ``repeat`` times, in turns (the order rotates) so that a busy machine slows all alike.

    Also returns the output of each run's last time, to check the full-size outputs.
    """
    times: dict[str, list[float]] = {name: [] for name in runs}
    outputs: dict[str, object] = {}
    names = list(runs)
    for index in range(repeat):
        for name in names[index % len(names) :] + names[: index % len(names)]:
            seconds, outputs[name] = timed_once(runs[name], collector)
            times[name].append(seconds)
    return times, outputs


STREAMED, JOINED, NAIVE = "ours, streamed to a file", "ours, joined to bytes", "naive"


def run(
    events: int = 10_000,
    repeat: int = 1,
    seed: int = 2021,
    check_events: int = 200,
    memory_events: int = 1500,
    gc_off: bool = False,
) -> dict[str, Any]:
    """Run the benchmark and return its figures as data, printing nothing.

    Keys: ``times`` (seconds of every run, by measure: :data:`STREAMED`, :data:`JOINED`, :data:`NAIVE`),
    ``peaks`` (tracemalloc peak bytes, by measure), ``events``, ``traced`` (events of the memory runs),
    ``repeat``, ``gc_off``, and what the script prints about the run: ``zones``, ``summary`` and
    ``description`` (mean UTF-8 bytes), ``sample`` (events checked), ``built``, ``checked`` (VEVENTs
    compared), ``timezones`` (VTIMEZONEs), ``check_seconds``, ``vevents``, ``ours_bytes``,
    ``naive_bytes`` and ``total`` (seconds of the whole run).
    """
    if events < 1 or repeat < 1 or check_events < 0 or memory_events < 0:
        raise ValueError("events and repeat must be at least 1, check_events and memory_events at least 0")
    began = time.perf_counter()
    made = make_feed_events(events, seed)
    sample = made[: check_events or None]
    figures: dict[str, Any] = {
        "events": len(made),
        "repeat": repeat,
        "gc_off": gc_off,
        "sample": len(sample),
        "summary": statistics.mean(len((event.summary or "").encode()) for event in sample),
        "description": statistics.mean(len(describe(event).encode()) for event in sample),
        "zones": len({event.schedule.time_zone for event in made if isinstance(event.schedule, ie.TimeSpan)}),
        "built": time.perf_counter() - began,
    }
    ours_joined(made[:50])  # warms Babel's locale data and the lru_caches of both sides
    naive(made[:50])

    checked = time.perf_counter()
    mine, theirs = ours_joined(sample), naive(sample)
    figures["checked"], figures["timezones"] = check_outputs(mine, theirs, sample)
    figures["check_seconds"] = time.perf_counter() - checked
    del mine, theirs

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.ics"
        runs: dict[str, Callable[[], object]] = {
            STREAMED: lambda: ours_to_file(made, path),
            JOINED: lambda: ours_joined(made),
            NAIVE: lambda: naive(made),
        }
        times, outputs = measure(runs, repeat, collector=not gc_off)
        mine, theirs = cast(bytes, outputs[JOINED]), cast(bytes, outputs[NAIVE])
        vevents = mine.count(b"\r\nBEGIN:VEVENT\r\n"), theirs.count(b"\r\nBEGIN:VEVENT\r\n")
        assert vevents[0] == vevents[1] == len(made), vevents
        assert outputs[STREAMED] == len(mine)
        assert path.read_bytes() == mine
        figures.update(vevents=vevents[0], ours_bytes=len(mine), naive_bytes=len(theirs))
        del mine, theirs, outputs
        traced = made[: memory_events or None]
        peaks = {
            STREAMED: peak_once(lambda: ours_to_file(traced, path)),
            JOINED: peak_once(lambda: ours_joined(traced)),
            NAIVE: peak_once(lambda: naive(traced)),
        }
    figures.update(times=times, peaks=peaks, traced=len(traced), total=time.perf_counter() - began)
    return figures


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000, help="events in the feed (default 10000)")
    parser.add_argument("--repeat", type=int, default=1, help="timed runs of each measure; the median counts")
    parser.add_argument("--seed", type=int, default=2021, help="seed of the events (default 2021)")
    parser.add_argument(
        "--check-events",
        type=int,
        default=200,
        help="events whose two calendars are parsed back with Calendar.from_ical and compared before timing "
        "(default 200; 0 for all, which takes about as long as the rest of the run)",
    )
    parser.add_argument(
        "--memory-events",
        type=int,
        default=1500,
        help="events of the tracemalloc runs (default 1500; 0 for all): tracemalloc slows the runs about 3x, and "
        "the naive peak grows with the events while the streamed one does not, so fewer events understate our gain",
    )
    parser.add_argument("--gc-off", action="store_true", help="time with the garbage collector off, as timeit does")
    args = parser.parse_args(argv)
    if args.events < 1 or args.repeat < 1 or args.check_events < 0 or args.memory_events < 0:
        parser.error("--events and --repeat must be at least 1, --check-events and --memory-events at least 0")

    result = run(args.events, args.repeat, args.seed, args.check_events, args.memory_events, args.gc_off)
    times, peaks = result["times"], result["peaks"]
    print(
        f"{result['events']} events in {result['zones']} zones, all timed and online or hybrid with a join URL; "
        f"summary {result['summary']:.0f} B, DESCRIPTION {result['description']:.0f} B on average in UTF-8 "
        f"(first {result['sample']} events); built in {result['built']:.1f} s"
    )
    print(
        f"checked: the calendars of the first {result['checked']} events parse with Calendar.from_ical and hold the "
        f"same VEVENTs (UIDs, properties, text, times, CONFERENCEs: see check_outputs), and {result['timezones']} "
        f"VTIMEZONEs on each side ({result['check_seconds']:.1f} s)"
    )
    print(
        f"full outputs: {result['vevents']} VEVENTs on each side; ours {result['ours_bytes'] / 2**20:.1f} MiB (the "
        f"file the same bytes), naive {result['naive_bytes'] / 2**20:.1f} MiB"
    )

    naive_time, naive_peak = statistics.median(times[NAIVE]), peaks[NAIVE]
    collector = "off" if args.gc_off else "left on (as in an application)"
    print(
        "\nTimed on both sides: events -> describe(), location(), organizer -> iCalendar bytes; the streamed row"
        "\nalso writes the file. Naive: Event.new per event, Calendar.add_missing_timezones(), one to_ical()."
        f"\nTime: median of {args.repeat} run(s) each, in turns; gc.collect() before each run, the collector"
        f"\n{collector}. Peak: tracemalloc, one separate run each over the first {result['traced']} events, counting"
        "\nallocations made during the run."
    )
    print(f"\n{'measure':<34}{'ours':>10}{'naive':>10}{'ratio':>9}   goal")
    speed_met = memory_met = True
    for name in (STREAMED, JOINED):
        mine_time = statistics.median(times[name])
        speed = naive_time / mine_time
        speed_met = speed_met and speed >= SPEED_GOAL
        print(
            f"{'time (s), ' + name:<34}{mine_time:>10.2f}{naive_time:>10.2f}{speed:>8.2f}x   naive/ours >= {SPEED_GOAL}"
        )
    for name in (STREAMED, JOINED):
        share = peaks[name] / naive_peak
        memory_met = memory_met and share <= MEMORY_GOAL
        print(
            f"{'peak (MiB), ' + name:<34}{peaks[name] / 2**20:>10.1f}{naive_peak / 2**20:>10.1f}{share:>9.3f}"
            f"   ours/naive <= {MEMORY_GOAL}"
        )
    if args.repeat > 1:
        print(f"\nall times (s): { {name: [round(t, 2) for t in found] for name, found in times.items()} }")
    print(f"\nspeed: goal {'met' if speed_met else 'NOT met'} (naive time / ours >= {SPEED_GOAL}, both rows)")
    print(f"memory: goal {'met' if memory_met else 'NOT met'} (ours peak / naive peak <= {MEMORY_GOAL}, both rows)")
    print(f"(total {result['total']:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
