"""Shared test configuration: the Hypothesis profiles, the seed event, and the loopback servers' fixtures."""

from __future__ import annotations

import os
import shutil
import tempfile

# What a run keeps for the next (answers of checks, compiled catalogues and templates) goes into a
# folder of the session's own, never the user's cache folder; set before anything looks for it.
_CACHE = tempfile.mkdtemp(prefix="iofs-events-cache-")
os.environ["IOFS_CACHE_DIR"] = _CACHE

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

import iofs_events as ie  # noqa: E402
from iofs_events import json as event_json  # noqa: E402
from tests.paths import SEED  # noqa: E402

pytest_plugins = [  # each after what it imports
    "tests.caldav_server",
    "tests.mail.smtp_server",
    "tests.platforms.fake_api",
    "tests.mail.token_endpoint",
    "tests.roster.imap_server",
]

settings.register_profile("ci", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def pytest_unconfigure() -> None:
    shutil.rmtree(_CACHE, ignore_errors=True)


@pytest.fixture(scope="session")
def seed() -> ie.Event:
    """The seed workshop of 22 December 2021, as its example event file describes it."""
    return event_json.read(SEED)
