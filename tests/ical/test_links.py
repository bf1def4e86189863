"""The links that add an event to Google Calendar or Outlook on the web."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import attrs
import pytest

import iofs_events as ie
from iofs_events import json as event_json
from iofs_events.ical import CalendarLinks, calendar_links
from tests.paths import EXAMPLES


def test_the_links_carry_the_event_in_its_readers_language() -> None:
    training = event_json.read(EXAMPLES / "events" / "regional-training-2022-almaty.toml")
    links = calendar_links(training.localized("fr").event)
    assert isinstance(links, CalendarLinks)
    google = parse_qs(urlsplit(links.google).query)
    assert google["text"] == [training.localized("fr").event.title]
    assert google["dates"] == ["20220614T030000Z/20220615T110000Z"]
    assert google["location"] == ["https://zoom.example/j/81234567890"]
    outlook = parse_qs(urlsplit(links.outlook).query)
    assert outlook["subject"] == google["text"]
    assert "Almaty2022" not in links.google + links.outlook  # the passcode is never in a link


def test_an_event_without_a_schedule_has_no_links(seed: ie.Event) -> None:
    with pytest.raises(ie.CalendarError, match="no schedule yet"):
        calendar_links(attrs.evolve(seed, schedule=None))
