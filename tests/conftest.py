"""Shared test configuration: the Hypothesis profiles, the seed event, and the loopback servers' fixtures."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

import iofs_events as ie
from iofs_events import json as event_json
from tests.paths import SEED

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


@pytest.fixture(scope="session")
def seed() -> ie.Event:
    """The seed workshop of 22 December 2021, as its example event file describes it."""
    return event_json.read(SEED)
