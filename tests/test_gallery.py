"""The examples of the gallery run, and what they write is what docs/examples.md says they write."""

from __future__ import annotations

import csv
import email
import json
import subprocess
import sys
from datetime import date
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from icalendar import Calendar

from iofs_events import json as event_json
from tests.paths import ROOT

EXAMPLES = ROOT / "examples"
TRAINING_TITLE = "Regional Training Workshop on Strategic Planning and Policy Development in Food Security"
SPEAKER = "mariama.ndiaye@agri.example.sn"


def run(script: str, out: Path) -> str:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / script), "--out", str(out)],
        check=True,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    return done.stdout


def parse(path: Path) -> EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)  # type: ignore[return-value]


def calendar_of(message: EmailMessage) -> Calendar:
    part = next(part for part in message.walk() if part.get_content_type() == "text/calendar")
    return Calendar.from_ical(part.get_content())


def test_general_assemblies_feed(tmp_path: Path) -> None:
    run("general_assemblies_feed.py", tmp_path)
    calendar = Calendar.from_ical((tmp_path / "general-assemblies.ics").read_bytes())
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["NAME"]) == str(calendar["X-WR-CALNAME"]) == "IOFS General Assemblies"
    assert "REFRESH-INTERVAL" in calendar
    assert "X-PUBLISHED-TTL" in calendar
    assert calendar.walk("VTIMEZONE") == []  # all-day entries need no time zone
    entries = {str(entry["UID"]): entry for entry in calendar.walk("VEVENT")}
    third, fourth = "iofs-general-assembly-2020-12-02@iofs-events", "iofs-general-assembly-2021-09-08@iofs-events"
    assert set(entries) == {third, fourth}
    days = {}
    for key, entry in entries.items():
        assert entry["DTSTART"].params.get("VALUE") == "DATE"
        start, end = entry.decoded("DTSTART"), entry.decoded("DTEND")
        assert type(start) is date
        assert type(end) is date  # a datetime is a date too: check the exact type
        days[key] = (start, end)
    assert days == {
        third: (date(2020, 12, 2), date(2020, 12, 4)),  # DTEND is exclusive: the day after the last
        fourth: (date(2021, 9, 8), date(2021, 9, 10)),
    }
    assert str(entries[third]["LOCATION"]) == "Ankara, Türkiye"
    assert str(entries[fourth]["LOCATION"]) == "Nur-Sultan, Kazakhstan"
    assert str(entries[third]["SUMMARY"]) == "Third General Assembly of IOFS"
    assert str(entries[fourth]["SUMMARY"]) == "Fourth General Assembly of IOFS"
    assert str(entries[third]["CATEGORIES"].cats[0]) == "General Assembly"
    # Each links the other.
    assert str(entries[third]["RELATED-TO"]) == fourth
    assert entries[third]["RELATED-TO"].params["RELTYPE"] == "NEXT"
    links = {str(value): value.params["RELTYPE"] for value in entries[fourth]["RELATED-TO"]}
    assert links == {third: "SIBLING", "iofs-fsg-workshop-2021-12-22@iofs-events": "NEXT"}  # previous is SIBLING


@pytest.mark.parametrize(
    ("name", "venue"),
    [
        ("general-assembly-2020-ankara.json", {"locality": "Ankara", "country": "TR"}),
        ("general-assembly-2021-nur-sultan.json", {"locality": "Nur-Sultan", "country": "KZ"}),
    ],
)
def test_general_assemblies_hold_only_the_seed_facts(tmp_path: Path, name: str, venue: dict[str, str]) -> None:
    run("general_assemblies_feed.py", tmp_path)
    written = tmp_path / name
    assert event_json.read(written) == event_json.read(EXAMPLES / "events" / name)
    document = json.loads(written.read_text(encoding="utf-8"))
    assert document["kind"] == "general_assembly"
    assert document["format"] == "in_person"
    assert document["venue"] == venue  # a city and a country: no venue name was given
    assert document["organizer"]["acronym"] == "IOFS"
    assert set(document["schedule"]) == {"first_day", "last_day"}
    text = json.dumps(document)
    for invented in ("starts_at", "url", "email", "phone", "agenda", "online_meeting", "registration"):
        assert invented not in text
    relations = {other["relation"] for other in document["related"]}
    assert relations <= {"previous", "next"}
    assert all(other["event_id"].startswith("iofs-") for other in document["related"])


def test_hybrid_regional_training_calendar(tmp_path: Path) -> None:
    stdout = run("hybrid_regional_training.py", tmp_path)
    assert "no built-in 'ar' interpretation" in stdout
    training = event_json.read(tmp_path / "training.json")
    assert training == event_json.read(EXAMPLES / "events" / "regional-training-2022-almaty.toml")
    assert "made up" in (training.summary or "")
    assert training.format == "hybrid"
    assert training.online_meeting is not None
    assert training.online_meeting.platform == "zoom"
    assert training.online_meeting.join_url.startswith("https://zoom.example/")  # type: ignore[union-attr]
    assert training.languages is not None
    assert training.languages.spoken == ("en", "ar", "fr", "ru")
    assert training.registration is not None
    assert training.registration.deadline is not None
    countries = {speaker.person.country for session in training.agenda for speaker in session.speakers}
    assert len(countries) >= 4

    data = (tmp_path / "training.ics").read_bytes()
    assert training.online_meeting.passcode is not None
    assert training.online_meeting.passcode.encode() not in data  # never published
    calendar = Calendar.from_ical(data)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Asia/Almaty"]
    main, *sessions = calendar.walk("VEVENT")
    assert str(main["SUMMARY"]) == TRAINING_TITLE
    assert main["DTSTART"].params["TZID"] == "Asia/Almaty"
    assert [str(entry["SUMMARY"]) for entry in sessions] == [session.title for session in training.agenda]
    for entry, session in zip(sessions, training.agenda, strict=True):
        assert entry.decoded("DTSTART") == session.starts_at
        assert entry["DTSTART"].params["TZID"] == "Asia/Almaty"
        assert str(entry["RELATED-TO"]) == str(main["UID"])
        assert entry["RELATED-TO"].params["RELTYPE"] == "PARENT"
    panel = next(entry for entry in sessions if "country experiences" in str(entry["SUMMARY"]))
    assert "Nurul Huda Ismail (Panellist)" in str(panel["DESCRIPTION"])


def test_hybrid_regional_training_speaker_invitation(tmp_path: Path) -> None:
    run("hybrid_regional_training.py", tmp_path)
    message = parse(tmp_path / "invitation-speaker-fr.eml")
    assert message["Content-Language"] == "fr"
    french = event_json.read(EXAMPLES / "events" / "regional-training-2022-almaty.toml").localized("fr").event
    assert message["Subject"] == f"Invitation\u00a0: {french.title}"  # the training's own French title
    assert message["To"].addresses[0].addr_spec == SPEAKER
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert '<html lang="fr" dir="ltr">' in html
    assert "Vous figurez parmi les intervenants" in text
    mine = text.split("Vos interventions\u00a0:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert mine == [
        "- 14 juin 2022, 09:30–11:00 Le cycle de la planification stratégique en matière de sécurité alimentaire",
        "- 15 juin 2022, 11:00–15:30 Travaux de groupe\u00a0: feuilles de route nationales en matière de politiques",
    ]
    assert "Code d’accès\u00a0: Almaty2022" in text  # a registered speaker gets the passcode
    entry = calendar_of(message).walk("VEVENT")[0]
    assert str(calendar_of(message)["METHOD"]) == "REQUEST"
    assert str(entry["ATTENDEE"]) == f"mailto:{SPEAKER}"
    assert (str(entry["SUMMARY"]), entry["SUMMARY"].params["LANGUAGE"]) == (french.title, "fr")


def test_hybrid_regional_training_in_each_of_its_languages(tmp_path: Path) -> None:
    run("hybrid_regional_training.py", tmp_path)
    training = event_json.read(EXAMPLES / "events" / "regional-training-2022-almaty.toml")
    for language, salutation in [
        ("ar", "الدكتور(ة) \u2068عمر الحربي\u2069 المحترم(ة)،"),
        ("en", "Dear Ms Nurul Huda Ismail,"),
        ("fr", "Madame,"),
        ("ru", "Уважаемый(-ая) Айдана Нурланова!"),
    ]:
        title = training.localized(language).event.title
        calendar = Calendar.from_ical((tmp_path / f"training-{language}.ics").read_bytes())
        assert str(calendar.walk("VEVENT")[0]["SUMMARY"]) == title
        message = parse(tmp_path / f"invitation-{language}.eml")
        assert title in str(message["Subject"])
        assert message.get_body(("plain",)).get_content().startswith(salutation)  # type: ignore[union-attr]


def people() -> list[dict[str, str]]:
    with (EXAMPLES / "people.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_people_csv_covers_the_languages_and_roles() -> None:
    rows = people()
    assert 6 <= len(rows) <= 8
    assert {row["language"] for row in rows} == {"ar", "en", "fr", "ru"}
    assert {row["role"] for row in rows} == {"participant", "speaker", "interpreter", "host"}
    assert all(row["email"].split("@")[1].startswith("agri.example.") for row in rows)


def test_bulk_invitations_dry_run(tmp_path: Path) -> None:
    stdout = run("bulk_invitations_dry_run.py", tmp_path)
    rows = people()
    files = sorted(tmp_path.glob("*.eml"))
    assert len(files) == len(rows)
    assert len(stdout.splitlines()) == len(rows)
    for number, (path, row, line) in enumerate(zip(files, rows, stdout.splitlines(), strict=True), start=1):
        assert path.name == f"{number:04d}-{row['email']}.eml"
        assert line.startswith(path.name)
        message = parse(path)
        assert message["To"].addresses[0].addr_spec == row["email"]
        assert message["Content-Language"] == row["language"]
        calendar = calendar_of(message)
        assert str(calendar["METHOD"]) == "REQUEST"
        attendee = calendar.walk("VEVENT")[0]["ATTENDEE"]
        assert str(attendee) == f"mailto:{row['email']}"
        assert attendee.params["CN"] == row["name"]
        assert attendee.params["ROLE"] == ("CHAIR" if row["role"] == "host" else "REQ-PARTICIPANT")


def test_the_gallery_lists_every_example() -> None:
    gallery = (ROOT / "docs" / "examples.md").read_text(encoding="utf-8")
    scripts = sorted(path.name for path in EXAMPLES.glob("*.py"))
    assert len(scripts) >= 5
    missing = [name for name in scripts if f"python examples/{name} --out" not in gallery]
    assert missing == []
