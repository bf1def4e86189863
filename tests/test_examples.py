"""The examples run, and the seed example's JSON carries every fact of the announcement."""

from __future__ import annotations

import email
import json
import os
import subprocess
import sys
from email import policy
from pathlib import Path

from icalendar import Calendar

from tests.paths import EXAMPLES

TITLE = "OIC Country Experience in Food Security Governance for Strengthening South-South Cooperation"


def test_seed_example_writes_the_workshop_json(tmp_path: Path) -> None:
    script = EXAMPLES / "food_security_governance_workshop.py"
    subprocess.run([sys.executable, str(script), "--out", str(tmp_path)], check=True, capture_output=True)
    document = json.loads((tmp_path / "workshop.json").read_text(encoding="utf-8"))
    text = json.dumps(document, ensure_ascii=False)
    facts = [
        "OIC Country Experience in Food Security Governance for Strengthening South-South Cooperation",
        '"scope": "international"',
        '"kind": "workshop"',
        '"announced_on": "2021-11-17"',
        '"first_day": "2021-12-22"',
        '"format": "online"',
        '"platform": "zoom"',
        '"floor": "en"',
        '"interpretation": ["ar", "fr", "ru"]',
        '"name": "Islamic Organization for Food Security", "acronym": "IOFS", "unit": "Secretariat"',
        '"programme": {"name": "Food Security Governance"',
        "Third General Assembly of IOFS",
        '"first_day": "2020-12-02", "last_day": "2020-12-03"',
        '"locality": "Ankara", "country": "TR"',
        "Fourth General Assembly of IOFS",
        '"locality": "Nur-Sultan", "country": "KZ"',
        '"acronym": "COMCEC"',
        "Good Governance for ensuring food security and nutrition in OIC Member States",
        '"year": 2020',
        '"roles": ["strategic planners", "policy developers", "legislators", "program analysts"]',
        "receive informational materials",
        '"name": "Bakytzhan Arystanbek", "position": "Program Manager"',
        '"phone": "+77018812532"',
        "Strategic Planning and Policy Development",
        '"format": "hybrid"',
        "Analysis of Food Security Policies of OIC member states",
        '"partners_note": "other stakeholders"',
        "Under no circumstance IOFS shall have any liability",
    ]
    missing = [fact for fact in facts if fact not in text]
    assert missing == []
    assert len(document["background"]) == 3
    assert len(document["objectives"]) == 4
    assert document["objectives"][0].startswith("To share best OIC practices")
    # Absent facts stay absent: no time of day, no links, no email were given.
    assert "starts_at" not in text
    assert "join_url" not in text
    assert "url" not in document["registration"]
    assert "email" not in document["contacts"][0]


def test_seed_example_writes_the_calendar_entry(tmp_path: Path) -> None:
    script = EXAMPLES / "food_security_governance_workshop.py"
    subprocess.run([sys.executable, str(script), "--out", str(tmp_path)], check=True, capture_output=True)
    ics = (tmp_path / "workshop.ics").read_bytes()
    assert b"METHOD:PUBLISH\r\n" in ics
    assert b"DTSTART;VALUE=DATE:20211222\r\nDTEND;VALUE=DATE:20211223\r\n" in ics
    assert b"UID:iofs-fsg-workshop-2021-12-22@iofs-events\r\n" in ics


def test_seed_example_writes_an_invitation_in_each_language(tmp_path: Path) -> None:
    script = EXAMPLES / "food_security_governance_workshop.py"
    subprocess.run([sys.executable, str(script), "--out", str(tmp_path)], check=True, capture_output=True)
    subjects = {}
    for language in ("en", "ar", "fr", "ru"):
        message = email.message_from_bytes(
            (tmp_path / f"invitation-{language}.eml").read_bytes(), policy=policy.default
        )
        assert message["Content-Language"] == language
        assert message["From"] == "IOFS Secretariat <events@iofs.example>"
        html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
        assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in html
        calendar = next(part for part in message.walk() if part.get_content_type() == "text/calendar")
        assert calendar.get_param("method") == "REQUEST"
        attendee = Calendar.from_ical(calendar.get_content()).walk("VEVENT")[0]["ATTENDEE"]
        assert attendee.params["CN"] == message["To"].addresses[0].display_name
        subjects[language] = str(message["Subject"]).replace(TITLE, "…")
    # English runs left to right in the Arabic subject: isolated between LRI and PDI, so that it keeps its order.
    assert subjects == {
        "en": "Invitation: …",
        "ar": "دعوة: \u2066…\u2069",
        "fr": "Invitation\u00a0: …",
        "ru": "Приглашение: …",
    }


def test_jitsi_example_needs_no_configuration(tmp_path: Path) -> None:
    environment = {name: value for name, value in os.environ.items() if not name.startswith("IOFS_JITSI_")}
    script = EXAMPLES / "jitsi_meeting.py"
    done = subprocess.run(
        [sys.executable, str(script), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        text=True,
        env=environment,
    )
    document = json.loads((tmp_path / "training-with-jitsi.json").read_text(encoding="utf-8"))
    room = document["online_meeting"]["join_url"]
    assert room.startswith("https://meet.jit.si/iofs-spd-training-tashkent-2022-")
    assert document["online_meeting"]["platform"] == "jitsi"
    assert "interpretation" not in document["languages"]
    assert done.stdout.strip().endswith(room)
    ics = (tmp_path / "training-with-jitsi.ics").read_bytes().replace(b"\r\n ", b"")
    assert f"CONFERENCE;FEATURE=AUDIO,VIDEO;LABEL=Join on Jitsi Meet;VALUE=URI:{room}".encode() in ics
