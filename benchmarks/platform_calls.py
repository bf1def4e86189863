"""Benchmark: HTTP calls per operation of each conferencing adapter, for 100 meetings.

Each adapter talks to its vendor's API as the tests fake it on 127.0.0.1 (``tests/platforms/``),
with every request body checked against the vendor's schema. For N events (the seed workshop,
timed, under N identifiers) it creates the meetings, moves each by an hour (update), and deletes
them, counting the requests the server receives in each phase. Goals: one token request per
token lifetime (all of it here), one call per create and per delete, two per update (the change
and the read back that tells what the platform applied). The exit code is 0 either way.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).parents[1]))

from tests.platforms import fake_google, fake_teams
from tests.platforms.fake_api import FakeApi, running
from tests.platforms.fake_webex import FakeWebex
from tests.platforms.fake_zoom import FakeZoom

import iofs_events as ie
from iofs_events import json as event_json
from iofs_events.platforms import Platform, load_platform
from iofs_events.platforms.google_meet import GoogleSettings
from iofs_events.platforms.teams import TeamsSettings
from iofs_events.platforms.webex import WebexSettings
from iofs_events.platforms.zoom import ZoomSettings

SEED = Path(__file__).parents[1] / "examples" / "events" / "food-security-governance-2021.json"
ALMATY = ZoneInfo("Asia/Almaty")
GOALS = {"create": 1.0, "update": 2.0, "delete": 1.0}


def zoom(api: FakeApi) -> tuple[Platform, str]:
    return load_platform("zoom", settings=ZoomSettings(**FakeZoom(api).settings_options())), r"/oauth/token"


def teams(api: FakeApi) -> tuple[Platform, str]:
    fake_teams.install(api)
    settings = TeamsSettings(
        tenant_id=fake_teams.TENANT,
        client_id=fake_teams.CLIENT_ID,
        client_secret=fake_teams.CLIENT_SECRET,  # type: ignore[arg-type]
        user_id=fake_teams.USER_ID,
        graph_url=api.url + fake_teams.GRAPH,
        login_url=api.url,
    )
    return load_platform("teams", settings=settings), fake_teams.TOKEN


def webex(api: FakeApi) -> tuple[Platform, str]:
    return load_platform("webex", settings=WebexSettings(**FakeWebex(api).settings_options())), r"^$"


def google(api: FakeApi) -> tuple[Platform, str]:
    fake_google.FakeGoogle(api)
    settings = GoogleSettings(
        client_id=fake_google.CLIENT_ID,
        client_secret=fake_google.CLIENT_SECRET,  # type: ignore[arg-type]
        refresh_token=fake_google.REFRESH_TOKEN,  # type: ignore[arg-type]
        api_url=api.url,
        token_url=api.url + "/token",
    )
    return load_platform("google_meet", settings=settings), r"^/token$"


PLATFORMS: dict[str, Callable[[FakeApi], tuple[Platform, str]]] = {
    "zoom": zoom,
    "teams": teams,
    "webex": webex,
    "google_meet": google,
}


def events(count: int, name: str) -> list[ie.Event]:
    """``count`` timed copies of the seed under their own ids; interpretation only where the platform offers it."""
    seed = event_json.read(SEED)
    languages = seed.languages if name in {"zoom", "webex"} else ie.LanguagePlan(floor="en")
    start = datetime(2031, 12, 22, 10, tzinfo=ALMATY)
    return [
        seed.revise(
            id=f"iofs-benchmark-{number:04d}",
            schedule=ie.TimeSpan(
                starts_at=start + timedelta(days=number), ends_at=start + timedelta(days=number, hours=6)
            ),
            languages=languages,
            online_meeting=None,
        )
        for number in range(count)
    ]


def measure(name: str, count: int) -> dict[str, Any]:
    """The calls of each phase, and the token requests of the whole run, for ``count`` meetings."""
    with running() as api:
        platform, token = PLATFORMS[name](api)
        calls: dict[str, float] = {}
        made = []
        for phase in ("create", "update", "delete"):
            before = len(api.calls)
            before_tokens = api.count("POST", token) if token != r"^$" else 0
            for event in events(count, name) if phase == "create" else made:
                if phase == "create":
                    made.append(event.revise(online_meeting=platform.create(event).online_meeting))
                elif phase == "update":
                    schedule = event.schedule
                    assert isinstance(schedule, ie.TimeSpan)
                    hour = timedelta(hours=1)
                    moved = ie.TimeSpan(starts_at=schedule.starts_at + hour, ends_at=schedule.ends_at + hour)
                    platform.update(event.revise(schedule=moved))
                else:
                    platform.delete(str(event.online_meeting.meeting_id))  # type: ignore[union-attr]
            tokens = (api.count("POST", token) if token != r"^$" else 0) - before_tokens
            calls[phase] = (len(api.calls) - before - tokens) / count
        platform.close()
        assert api.schema_errors == [], api.schema_errors[:3]
        return {"tokens": api.count("POST", token) if token != r"^$" else 0, **calls}


def run(meetings: int = 100) -> dict[str, dict[str, Any]]:
    """The figures of :func:`measure` for every platform, by name, for ``meetings`` meetings each."""
    return {name: measure(name, meetings) for name in PLATFORMS}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--meetings", type=int, default=100, help="meetings per platform (default 100)")
    arguments = parser.parse_args(argv)
    print(f"{'platform':12} {'token requests':>14} {'per create':>10} {'per update':>10} {'per delete':>10}  goals met")
    for name, result in run(arguments.meetings).items():
        met = all(result[phase] <= goal for phase, goal in GOALS.items()) and result["tokens"] <= 1
        row = f"{name:12} {result['tokens']:>14} {result['create']:>10.2f} {result['update']:>10.2f}"
        print(f"{row} {result['delete']:>10.2f}  {'yes' if met else 'NO'}")
    print("goals: one token request per token lifetime (Webex takes a fixed token: none);")
    print("       one call per create and per delete, two per update (the change and the read back)")


if __name__ == "__main__":
    main()
