"""The sites the page tests read: the multilingual training and the seed workshop, each written once."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import attrs
import pytest

import iofs_events as ie
from iofs_events import json as event_json
from iofs_events.page import write
from tests.paths import EXAMPLES

TRAINING_URL = "https://events.iofs.example/spd-almaty-2022/"
SEED_URL = "https://events.iofs.example/fsg-2021/"
IMAGE = "https://events.iofs.example/spd-almaty-2022/banner.png"
STAMP = datetime(2022, 4, 18, tzinfo=UTC)
HOST_URL = "https://zoom.example/s/81234567890?zak=HOST-KEY-secret"
PASSCODE = "Almaty2022"


@pytest.fixture(scope="session")
def training() -> ie.Event:
    """The hybrid training in Arabic, English, French and Russian, with a host link too: it must never show."""
    event = event_json.read(EXAMPLES / "events" / "regional-training-2022-almaty.toml")
    assert event.online_meeting is not None
    assert event.online_meeting.passcode == PASSCODE
    return attrs.evolve(event, online_meeting=attrs.evolve(event.online_meeting, host_url=HOST_URL))


@pytest.fixture(scope="session")
def training_site(training: ie.Event, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("training-site") / "site"  # made by write
    write(training, folder, site_url=TRAINING_URL, image=IMAGE, stamp=STAMP)
    return folder


@pytest.fixture(scope="session")
def seed_site(seed: ie.Event, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seed-site")
    write(seed, folder, site_url=SEED_URL, stamp=STAMP)
    return folder
