"""Benchmark: HTTP calls per participant of registering a roster on Zoom and Webex, for 1,000 participants.

Each adapter talks to its vendor's API as the tests fake it on 127.0.0.1 (``tests/platforms/``),
with every request body checked against the vendor's schema. The seed workshop gets its meeting;
N registered participants go into a roster (SQLite, in a temporary folder), and
``iofs_events.roster.register_on_platform`` registers them all, counting every request the server
receives meanwhile, then runs again, which must make none. Goal: one call per participant or
fewer (Zoom takes 30 registrants a call, Webex 100). The exit code is 0 either way.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).parents[1]))

from tests.platforms.fake_api import FakeApi, running
from tests.platforms.fake_webex import FakeWebex
from tests.platforms.fake_zoom import FakeZoom

import iofs_events as ie
from iofs_events import json as event_json
from iofs_events.platforms import Platform, load_platform
from iofs_events.platforms.webex import WebexSettings
from iofs_events.platforms.zoom import ZoomSettings
from iofs_events.roster import Participant, RegistrationStatus, Roster, SqliteStore, register_on_platform

SEED = Path(__file__).parents[1] / "examples" / "events" / "food-security-governance-2021.json"
ALMATY = ZoneInfo("Asia/Almaty")
GOAL = 1.0


def _quiet(seconds: float) -> None:
    """No waiting: the calls are counted, not timed."""


def zoom(api: FakeApi) -> Platform:
    return load_platform("zoom", settings=ZoomSettings(**FakeZoom(api).settings_options()), sleep=_quiet)


def webex(api: FakeApi) -> Platform:
    settings = WebexSettings(**FakeWebex(api).settings_options())
    return load_platform("webex", settings=settings, sleep=_quiet, now=lambda: datetime(2031, 1, 1, tzinfo=UTC))


PLATFORMS: dict[str, Callable[[FakeApi], Platform]] = {"zoom": zoom, "webex": webex}


def measure(name: str, participants: int) -> dict[str, Any]:
    """The calls of a registration of ``participants`` people, per participant, and of the run after it."""
    seed = event_json.read(SEED)
    start = datetime(2031, 12, 22, 10, tzinfo=ALMATY)
    timed = seed.revise(
        schedule=ie.TimeSpan(starts_at=start, ends_at=start.replace(hour=16)),
        online_meeting=ie.OnlineMeeting(platform=name),
        languages=ie.LanguagePlan(floor="en"),
    )
    people = [
        Participant(email=f"p{number:05d}@agri.example", name=f"Person {number}", status=RegistrationStatus.REGISTERED)
        for number in range(participants)
    ]
    with running() as api, tempfile.TemporaryDirectory() as folder:
        platform = PLATFORMS[name](api)
        event = timed.revise(online_meeting=platform.create(timed).online_meeting)
        roster = Roster(SqliteStore(Path(folder) / "roster.sqlite", event_id=event.id))
        roster.merge(people)
        before = len(api.calls)
        report = register_on_platform(roster, event, platform)
        calls = len(api.calls) - before
        register_on_platform(roster, event, platform)
        again = len(api.calls) - before - calls
        roster.close()
        platform.close()
        assert api.schema_errors == [], api.schema_errors[:3]
        assert len(report.registered) == participants, report.failed[:3]
    return {"calls": calls, "per participant": calls / participants, "again": again}


def run(participants: int = 1000) -> dict[str, dict[str, Any]]:
    """The figures of :func:`measure` for Zoom and Webex, by name."""
    return {name: measure(name, participants) for name in PLATFORMS}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--participants", type=int, default=1000, help="participants per platform (default 1000)")
    arguments = parser.parse_args(argv)
    print(f"{'platform':10} {'participants':>12} {'calls':>6} {'per participant':>15} {'run again':>9}  goal met")
    for name, result in run(arguments.participants).items():
        met = result["per participant"] <= GOAL and result["again"] == 0
        row = f"{name:10} {arguments.participants:>12} {result['calls']:>6} {result['per participant']:>15.3f}"
        print(f"{row} {result['again']:>9}  {'yes' if met else 'NO'}")
    print("goal: one HTTP call per participant or fewer, and none when run again with nothing left to do")


if __name__ == "__main__":
    main()
