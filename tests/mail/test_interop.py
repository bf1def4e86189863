"""The calendar part of every kind of email, read by parsers we did not write: ical.js and libical."""

from __future__ import annotations

import email
from datetime import UTC, datetime
from email import policy
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import iofs_events as ie
from iofs_events import json as event_json
from iofs_events.mail import Composer, Kind, Recipient, RecipientRole
from tests.interop import runners
from tests.paths import SEED

SENDER = "IOFS Secretariat <events@iofs.example>"
ALMATY = ZoneInfo("Asia/Almaty")
GUEST = Recipient(email="aida@agri.example.kz", name="Айда Нурлановна", language="ru", role=RecipientRole.HOST)


def _messages() -> dict[str, bytes]:
    seed = event_json.read(SEED)
    timed = seed.revise(
        schedule=ie.TimeSpan(
            starts_at=datetime(2021, 12, 22, 10, tzinfo=ALMATY), ends_at=datetime(2021, 12, 22, 16, tzinfo=ALMATY)
        ),
        online_meeting=ie.OnlineMeeting(platform="zoom", join_url="https://zoom.example/j/1", passcode="Fs2021"),
    )
    stamp = datetime(2021, 12, 1, tzinfo=UTC)
    composers = {
        Kind.ANNOUNCEMENT: Composer(seed, sender=SENDER, kind=Kind.ANNOUNCEMENT, stamp=stamp),
        Kind.INVITATION: Composer(seed, sender=SENDER, stamp=stamp),
        Kind.UPDATE: Composer(timed, sender=SENDER, kind=Kind.UPDATE, previous=seed, stamp=stamp),
        Kind.REMINDER: Composer(timed, sender=SENDER, kind=Kind.REMINDER, stamp=stamp),
        Kind.CANCELLATION: Composer(timed.cancel(), sender=SENDER, kind=Kind.CANCELLATION, stamp=stamp),
    }
    return {str(kind): composer.compose(GUEST).data for kind, composer in composers.items()}


MESSAGES = _messages()
METHODS = {"announcement": "PUBLISH", "invitation": "REQUEST", "update": "REQUEST", "reminder": "REQUEST"}


def _calendar_part(data: bytes, tmp_path: Path) -> tuple[str, Path]:
    """The METHOD of the MIME header and the calendar part saved as a file."""
    message = email.message_from_bytes(data, policy=policy.default)
    part = next(part for part in message.walk() if part.get_content_type() == "text/calendar")
    path = tmp_path / "part.ics"
    path.write_bytes(part.get_payload(decode=True))
    return str(part.get_param("method")), path


@pytest.mark.parametrize("kind", list(MESSAGES))
def test_icaljs_reads_the_method_the_mime_header_announces(kind: str, tmp_path: Path) -> None:
    method, path = _calendar_part(MESSAGES[kind], tmp_path)
    result = runners.icaljs(path)
    assert result["method"] == method == METHODS.get(kind, "CANCEL")
    event = result["events"][0]
    assert event["uid"] == "iofs-fsg-workshop-2021-12-22@iofs-events"
    assert event["organizer"]["value"] == "mailto:events@iofs.example"
    attendees = [(a["value"], a["params"].get("CN"), a["params"].get("ROLE")) for a in event["attendees"]]
    expected = [] if kind == "announcement" else [("mailto:aida@agri.example.kz", "Айда Нурлановна", "CHAIR")]
    assert attendees == expected
    if kind in {"update", "reminder", "cancellation"}:
        assert event["start_utc"] == "2021-12-22T04:00:00Z"
        assert event["sequence"] == (2 if kind == "cancellation" else 1)


@pytest.mark.parametrize("kind", list(MESSAGES))
def test_libical_finds_no_itip_errors_in_any_kind(kind: str, tmp_path: Path) -> None:
    method, path = _calendar_part(MESSAGES[kind], tmp_path)
    result = runners.libical(path)
    assert result["method"] == method
    assert result["errors"] == []
    assert result["restriction_check_passed"] is True
    assert [a["value"] for a in result["events"][0]["attendees"]] == (
        [] if kind == "announcement" else ["mailto:aida@agri.example.kz"]
    )
