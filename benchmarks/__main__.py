"""Run every benchmark and print one table: ``python -m benchmarks [--quick] [--only NAME[,NAME]]``.

Run from the root of the repository, with the ``test`` and ``bench`` extras installed. Each
benchmark runs in turn in this process (the import times in fresh ones), at the sizes its script
documents, or at small ones with ``--quick``; progress goes to standard error, and standard
output holds the line about the machine and one Markdown table: for each figure, what it
measures, ours, the baseline measured in the same run, ``ours / baseline`` and the goal, a bound
on that ratio. The exit code is 0 whether or not the goals are met.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from benchmarks._table import Row, format_table, log, machine

#: The arguments of each benchmark's ``run``: the full sizes (those its script documents) and the quick ones.
SIZES: dict[str, dict[str, dict[str, Any]]] = {
    "json": {"full": {"events": 10_000, "repeat": 3}, "quick": {"events": 200, "repeat": 1}},
    "ical": {
        "full": {"events": 10_000, "repeat": 1, "check_events": 200, "memory_events": 1500},
        "quick": {"events": 500, "repeat": 1, "check_events": 100, "memory_events": 500},
    },
    "mail": {
        "full": {"messages": 10_000, "sends": 2_000, "repeat": 3},
        "quick": {"messages": 400, "sends": 200, "repeat": 1},
    },
    "platforms": {"full": {"meetings": 100}, "quick": {"meetings": 10}},
    "registration": {"full": {"participants": 1000}, "quick": {"participants": 100}},
    "roster": {"full": {"rows": 10_000, "repeat": 3}, "quick": {"rows": 1000, "repeat": 1}},
    "replies": {"full": {"participants": 10_000, "repeat": 3}, "quick": {"participants": 300, "repeat": 1}},
    "imports": {"full": {"runs": 40, "warmup": 3}, "quick": {"runs": 10, "warmup": 1}},
    "peers": {
        "full": {"events": 2000, "invitations": 500, "repeat": 3, "growth": (1000, 10_000, 50_000)},
        "quick": {"events": 200, "invitations": 100, "repeat": 1, "growth": (100, 1000)},
    },
    "cli": {"full": {"runs": 20, "warmup": 3}, "quick": {"runs": 4, "warmup": 1}},
}
PLATFORM_NAMES = {"zoom": "Zoom", "teams": "Teams", "webex": "Webex", "google_meet": "Google Meet"}


def json_rows(size: dict[str, Any]) -> tuple[list[Row], str]:
    from benchmarks import json_vs_pydantic as bench

    result = bench.run(**size)
    events = f"{result['events']:,}"
    rows = {name: (ours, pydantic) for name, ours, pydantic in result["rows"]}
    note = (
        f"JSON: the same validation on both sides; {_runs(result['repeat'])} of each, in turns, garbage collector off."
    )
    return [
        Row(
            "json.dump", f"JSON `dumps`, {events} events, vs pydantic `model_dump_json`", "s", *rows["dump"], bench.GOAL
        ),
        Row(
            "json.load.msgspec",
            f"JSON `loads` (every rule), {events} events, vs msgspec typed decoding (types only)",
            "s",
            *result["msgspec"],
            bench.MSGSPEC_GOAL,
        ),
        Row(
            "json.load",
            f"JSON `loads`, {events} events, vs pydantic `model_validate_json`",
            "s",
            *rows["load"],
            bench.GOAL,
        ),
    ], note


def ical_rows(size: dict[str, Any]) -> tuple[list[Row], str]:
    from benchmarks import ical_feed as bench

    result = bench.run(**size)
    times = {name: statistics.median(found) for name, found in result["times"].items()}
    peaks = {name: peak / 2**20 for name, peak in result["peaks"].items()}
    events, traced = f"{result['events']:,}", f"{result['traced']:,}"
    speed = f"<= 1/{bench.SPEED_GOAL:g} (>= {bench.SPEED_GOAL:g}x faster)"
    how = {bench.STREAMED: "streamed to a file", bench.JOINED: "joined to bytes"}
    rows = [
        Row(
            f"ical.time.{key}",
            f"iCalendar feed, {events} events, {how[name]}, vs naive icalendar",
            "s",
            times[name],
            times[bench.NAIVE],
            1 / bench.SPEED_GOAL,
            speed,
        )
        for key, name in (("streamed", bench.STREAMED), ("joined", bench.JOINED))
    ]
    rows += [
        Row(
            f"ical.peak.{key}",
            f"iCalendar feed, peak memory over {traced} events, {how[name]}, vs naive",
            "MiB",
            peaks[name],
            peaks[bench.NAIVE],
            bench.MEMORY_GOAL,
        )
        for key, name in (("streamed", bench.STREAMED), ("joined", bench.JOINED))
    ]
    note = (
        "iCalendar: naive is one icalendar `Event.new` per event in one `Calendar`, `add_missing_timezones()`, one "
        f"`to_ical()`; {_runs(result['repeat'])} of each, in turns, garbage collector on; peak memory by tracemalloc."
    )
    return rows, note


def mail_rows(size: dict[str, Any]) -> tuple[list[Row], str]:
    from benchmarks import mail_invitations as bench

    result = bench.run(**size)
    compose, send = result["compose"], result["send"]
    rows = [
        Row(
            "mail.compose",
            f"Invitations composed, {size['messages']:,}, vs `to_ical` + `EmailMessage` each",
            "s",
            compose["ours"],
            compose["naive"],
            1 / bench.COMPOSE_GOAL,
            f"<= 1/{bench.COMPOSE_GOAL:g} (>= {bench.COMPOSE_GOAL:g}x faster)",
        ),
        Row(
            "mail.compose.floor",
            f"Invitations composed, {size['messages']:,}, vs MIME by hand (bodies and calendar written once)",
            "s",
            compose["ours"],
            compose["floor"],
            bench.FLOOR_GOAL,
        ),
        Row(
            "mail.send",
            f"Invitations sent, {size['sends']:,}, to aiosmtpd on loopback, vs bare `smtplib`",
            "s",
            send["ours"],
            send["bare"],
            1 / bench.SEND_GOAL,
            f"<= 1/{bench.SEND_GOAL:g} (>= {bench.SEND_GOAL:g}x its speed)",
        ),
    ]
    note = (
        "Invitations: the same rendered bodies on both sides; sending with a `Mailer` and a `Journal` against "
        f"`sendmail` over one connection; {_runs(size['repeat'])} of each."
    )
    return rows, note


def platform_rows(size: dict[str, Any]) -> tuple[list[Row], str]:
    from benchmarks import platform_calls as bench

    meetings = size["meetings"]
    rows = []
    for name, result in bench.run(meetings).items():
        label = PLATFORM_NAMES.get(name, name)
        for phase, goal in bench.GOALS.items():
            calls = "call" if goal == 1 else "calls"
            rows.append(
                Row(
                    f"platforms.{name}.{phase}",
                    f"{label}: HTTP calls per {phase}, {meetings} meetings",
                    "calls",
                    result[phase],
                    goal,
                    1.0,
                    f"<= 1 ({goal:g} {calls})",
                )
            )
        fixed = " (a fixed token)" if name == "webex" else ""
        rows.append(
            Row(
                f"platforms.{name}.tokens",
                f"{label}: token requests in the whole run{fixed}",
                "requests",
                result["tokens"],
                1,
                1.0,
                "<= 1 (1 request)",
            )
        )
    note = (
        "Platforms: requests counted by the fake vendor APIs of the tests on 127.0.0.1; the baseline is the goal "
        "itself."
    )
    return rows, note


def registration_rows(size: dict[str, Any]) -> tuple[list[Row], str]:
    from benchmarks import registration_calls as bench

    participants = size["participants"]
    results = bench.run(participants)
    rows = [
        Row(
            f"registration.{name}",
            f"{PLATFORM_NAMES[name]}: HTTP calls per participant registered, {participants:,} participants",
            "calls",
            result["per participant"],
            bench.GOAL,
            1.0,
            "<= 1 (1 call)",
        )
        for name, result in results.items()
    ]
    again = ", ".join(f"{PLATFORM_NAMES[name]} {result['again']}" for name, result in results.items())
    note = (
        "Registration: a roster of registered participants registered on the fake vendor APIs of the tests, every "
        f"request counted, the token's too; the baseline is the goal itself. Calls when run again: {again}."
    )
    return rows, note


def roster_rows(size: dict[str, Any]) -> tuple[list[Row], str]:
    from benchmarks import roster_import as bench

    result = bench.run(**size)
    row = Row(
        "roster.import",
        f"Excel list of {result['rows']:,} people into a new roster, vs openpyxl reading it alone",
        "s",
        result["ours"],
        result["openpyxl"],
        bench.GOAL,
    )
    note = (
        "Roster: `read_people` and `Roster.merge` into a new SQLite roster, against openpyxl's read-only load of the "
        f"same workbook, values only; {_runs(result['repeat'])} of each, in turns, each run on a workbook of its own."
    )
    return [row], note


def replies_rows(size: dict[str, Any]) -> tuple[list[Row], str]:
    from benchmarks import replies_imap as bench

    result = bench.run(**size)
    count, others = result["replies"], result["others"]
    mail = f"{count:,} replies (+{others:,} other mail) read from Dovecot into a roster"
    rows = [
        Row(
            "replies.read", f"{mail}, vs fetch + parse + icalendar", "s", result["ours"], result["calendar"], bench.GOAL
        ),
        Row(
            "replies.again",
            "The same mailbox read again (nothing to take), vs fetch + `message_from_bytes`",
            "s",
            result["again"],
            result["parse"],
            bench.AGAIN_GOAL,
            f"<= 1/{1 / bench.AGAIN_GOAL:g} (>= {1 / bench.AGAIN_GOAL:g}x faster)",
        ),
    ]
    each = ", ".join(f"{label} {result[name] / count * 1000:.3f}" for name, label in bench.SIDES.items())
    ratios = ", ".join(f"{result['ours'] / result[name]:.1f}x {bench.SIDES[name]}" for name in ("fetch", "parse"))
    note = (
        "Replies: `read_mailbox` as `iofs-events replies --imap` runs it, over TLS, into a fresh roster, against "
        f"imap-tools `UID FETCH` loops; ms per reply: {each}; ours is {ratios}, read again "
        f"{result['again'] / result['fetch']:.1f}x fetch; {_runs(result['repeat'])} of each, in turns."
    )
    return rows, note


def import_rows(size: dict[str, Any]) -> tuple[list[Row], str]:
    from benchmarks import import_time as bench

    result = bench.run(**size)
    row = Row(
        "imports",
        "`import iofs_events` vs `import icalendar` alone, less `python -c pass`",
        "ms",
        result["ours"] * 1000,
        result["icalendar"] * 1000,
        bench.GOAL,
    )
    note = (
        f"Imports: each statement in a fresh `python -c`, {_runs(result['runs'])} each, in turns; the median of an "
        f"empty `python -c pass` ({result['empty'] * 1000:.1f} ms) is subtracted on both sides."
    )
    return [row], note


def peer_rows(size: dict[str, Any]) -> tuple[list[Row], str]:
    from benchmarks import peers as bench

    result = bench.run(**size)
    feed, events = result["feed"], f"{result['events']:,}"
    rows = [
        Row(
            "peers.feed.floor",
            f"Feed, {events} events, streamed to a file, vs a writer by hand (format, escape, fold)",
            "s",
            feed["ours"],
            feed["floor"],
            bench.FEED_GOAL,
        ),
        Row(
            "peers.invitation.floor",
            f"Invitation calendars (REQUEST, 5 attendees), {result['invitations']:,}, vs the same by hand",
            "s",
            result["invitation"]["ours"],
            result["invitation"]["floor"],
            bench.INVITATION_GOAL,
        ),
    ]
    rows += [
        Row(
            f"peers.feed.{name}",
            f"Feed, {events} events, vs {name} (given our texts ready-made)",
            "s",
            feed["ours"],
            seconds,
            1.0,
            informative=True,
        )
        for name, seconds in feed.items()
        if name not in ("ours", "floor")
    ]
    sizes = list(result["growth"].items())
    (before, smaller), (last, largest) = sizes[-2], sizes[-1]
    rows += [
        Row(
            f"peers.growth.{measure}",
            f"Feed, {what} at {last:,} events vs at {before:,}",
            unit,
            largest[key] * scale,
            smaller[key] * scale,
            1.25,
            "<= 1.25 (flat)",
        )
        for measure, what, unit, key, scale in (
            ("time", "time per event", "ms", "per_event", 1000),
            ("memory", "peak memory while writing", "MiB", "peak", 2**-20),
        )
    ]
    growth = "; ".join(
        f"{size:,}: {figures['per_event'] * 1e6:.0f} us/event, peak {figures['peak'] / 2**20:.2f} MiB"
        for size, figures in sizes
    )
    skipped = f" ical-generator skipped: {result['skipped']}." if result["skipped"] else ""
    note = (
        "Peers: events with a ~1 kB description in four scripts, Asia/Almaty, a CONFERENCE link (5 attendees in "
        f"invitations); {_runs(result['repeat'])} of each side, in turns ({_runs(result['invitation_repeat'])} "
        "for the invitations, whose runs are short); peers get our description and location "
        f"ready-made; the feed and the floor also write the HTML description. Growth (streamed, tracemalloc peak): "
        f"{growth}.{skipped}"
    )
    return rows, note


def cli_rows(size: dict[str, Any]) -> tuple[list[Row], str]:
    from benchmarks import cli_time as bench

    rows, walls = [], []
    for cache, label in ((True, "cache kept"), (False, "cache off")):
        for name, figures in bench.run(**size, cache=cache).items():
            baseline = '`python -c "import icalendar"`'
            rows.append(
                Row(
                    f"cli.{name}" if cache else f"cli.{name}.first",
                    f"`iofs-events {name}` on the seed, {label}, CPU time, vs {baseline}",
                    "ms",
                    figures["cpu"] * 1000,
                    figures["cpu_baseline"] * 1000,
                    bench.GOALS[name],
                )
            )
            walls.append(f"{name} ({label}) {figures['wall_ratio']:.2f}")
    note = (
        f'CLI: each command in a fresh process paired with `python -c "import icalendar"`, {size["runs"]} pairs, '
        "in alternating order; CPU time (user and system) from wait4, median of each side; wall-clock ratios, "
        f"median of the pairs': {', '.join(walls)}. Cache kept: the cache folder as after a first use; cache off: "
        "as on a first run."
    )
    return rows, note


def _runs(count: int) -> str:
    return f"median of {count} runs" if count > 1 else "1 run"


BENCHMARKS: dict[str, Callable[[dict[str, Any]], tuple[list[Row], str]]] = {
    "json": json_rows,
    "ical": ical_rows,
    "mail": mail_rows,
    "platforms": platform_rows,
    "registration": registration_rows,
    "roster": roster_rows,
    "replies": replies_rows,
    "imports": import_rows,
    "peers": peer_rows,
    "cli": cli_rows,
}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and print the table."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description="Run every benchmark and print one table of ours against baselines."
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run of a minute or two")
    parser.add_argument(
        "--only",
        metavar="NAME[,NAME]",
        help=f"run only these benchmarks, of {', '.join(BENCHMARKS)}",
    )
    args = parser.parse_args(argv)
    chosen = list(BENCHMARKS)
    if args.only is not None:
        names = [name.strip() for name in args.only.split(",") if name.strip()]
        unknown = [name for name in names if name not in BENCHMARKS]
        if unknown or not names:
            parser.error(f"--only takes names among {', '.join(BENCHMARKS)}, not {args.only!r}")
        chosen = [name for name in BENCHMARKS if name in names]
    sizes = "quick" if args.quick else "full"

    header = machine()
    began = time.perf_counter()
    rows: list[Row] = []
    notes: list[str] = []
    for name in chosen:
        size = SIZES[name][sizes]
        log(f"{name}: {', '.join(f'{key}={value}' for key, value in size.items())} ...")
        start = time.perf_counter()
        found, note = BENCHMARKS[name](size)
        rows += found
        notes.append(note)
        gc.collect()
        log(f"{name}: done in {time.perf_counter() - start:.1f} s")
    total = time.perf_counter() - began

    goals = [row for row in rows if not row.informative]
    met = sum(row.met for row in goals)
    print(f"{header}; {sizes} sizes")
    print()
    print(format_table(rows))
    print()
    print(f"{met} of {len(goals)} goals met. ratio = ours / baseline; every goal is a bound on it; info: no goal.")
    print()
    for note in notes:
        print(f"- {note}")
    print()
    load = f"; load average {os.getloadavg()[0]:.2f} at the end" if hasattr(os, "getloadavg") else ""
    print(f"({total:.0f} s in all{load})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
