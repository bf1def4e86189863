"""What ``iofs-events send`` sent before the roster: its journal taken in, so that nobody is sent a message twice."""

from __future__ import annotations

import email
from datetime import UTC, datetime, timedelta
from email import policy
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import orjson
import pytest

import iofs_events as ie
from iofs_events.mail import Composer, Journal, Kind, Mailer, Outcome, Recipient
from iofs_events.roster import (
    Delivery,
    Due,
    Participant,
    Roster,
    SqliteStore,
    due,
    journal_deliveries,
    send_due,
)
from tests.mail.smtp_server import SmtpServer

SENDER = "IOFS Secretariat <events@iofs.example>"
START = datetime(2021, 12, 22, 10, tzinfo=ZoneInfo("Asia/Almaty"))
PEOPLE = ["aisha@agri.example.my", "Omar@Agri.example.sa", "aidana@agri.example.kz", "aminata@agri.example.sn"]


@pytest.fixture
def event(seed: ie.Event) -> ie.Event:
    schedule = ie.TimeSpan(starts_at=START, ends_at=START + timedelta(hours=3))
    meeting = ie.OnlineMeeting(platform="zoom", join_url="https://zoom.us/j/81234567890")
    return attrs.evolve(seed, schedule=schedule, online_meeting=meeting)


@pytest.fixture
def roster(tmp_path: Path, event: ie.Event) -> Roster:
    roster = Roster(SqliteStore(tmp_path / "roster.sqlite", event_id=event.id))
    roster.merge([Participant(email=address) for address in PEOPLE])
    return roster


def old_journal(path: Path, event: ie.Event, sent: list[str], failed: list[str] = ()) -> Path:  # type: ignore[assignment]
    """A journal as ``iofs-events send`` kept it: the same messages, recorded by the same Journal."""
    composer, journal = Composer(event, sender=SENDER), Journal(path)
    for address in sent:
        journal.record(composer.compose(Recipient(email=address)), Outcome.SENT)
    for address in failed:
        journal.record(composer.compose(Recipient(email=address)), Outcome.FAILED, "550 no such mailbox")
    return path


def test_the_messages_a_journal_records_as_sent_about_the_event_are_deliveries(tmp_path: Path, event: ie.Event) -> None:
    path = old_journal(tmp_path / "people.csv.journal", event, PEOPLE[:2], failed=PEOPLE[2:3])
    other = Composer(attrs.evolve(event, id="another-event"), sender=SENDER).compose(Recipient(email=PEOPLE[3]))
    Journal(path).record(other, Outcome.SENT)
    deliveries = journal_deliveries(path, event)
    assert [(d.email, d.kind, d.revision, d.status, d.message_id) for d in deliveries] == [
        (PEOPLE[0], Kind.INVITATION, event.revision, "sent", None),
        (PEOPLE[1], Kind.INVITATION, event.revision, "sent", None),
    ]
    assert all(datetime.now(UTC) - timedelta(minutes=5) < delivery.at <= datetime.now(UTC) for delivery in deliveries)


@pytest.mark.parametrize("key", ["{id}:zero:invitation:a@x.example", "{id}:0:postcard:a@x.example", "{id}:0"])
def test_a_key_that_names_no_message_is_refused(tmp_path: Path, event: ie.Event, key: str) -> None:
    record = {"key": key.format(id=event.id), "recipient": "a@x.example", "status": "sent", "reason": None}
    path = tmp_path / "people.csv.journal"
    path.write_bytes(orjson.dumps({**record, "at": datetime.now(UTC)}) + b"\n")
    with pytest.raises(ie.MailError, match="is not the key of a message about an event"):
        journal_deliveries(path, event)


def test_people_of_an_old_journal_are_not_due_its_message_again(
    roster: Roster, event: ie.Event, tmp_path: Path, smtp_server: SmtpServer
) -> None:
    path = old_journal(tmp_path / "people.csv.journal", event, ["aisha@agri.example.my", "omar@agri.example.sa"])
    stranger = Composer(event, sender=SENDER).compose(Recipient(email="stranger@agri.example"))
    Journal(path).record(stranger, Outcome.SENT)
    taken = roster.adopt(journal_deliveries(path, event))
    assert [delivery.email for delivery in taken] == ["aisha@agri.example.my", "omar@agri.example.sa"]
    assert roster.adopt(journal_deliveries(path, event)) == []  # taken once
    assert [item.participant.email for item in due(roster, event, Kind.INVITATION)] == PEOPLE[2:]
    composer = Composer(event, sender=SENDER)
    with Mailer(smtp_server.settings()) as mailer:
        report = send_due(roster, composer, mailer)
    assert (report.sent, report.skipped) == (tuple(PEOPLE[2:]), ())
    assert sorted(received.rcpt_tos[0] for received in smtp_server.received) == sorted(PEOPLE[2:])
    everyone = [Due(person, Kind.INVITATION, "listed by hand") for person in roster.people()]
    with Mailer(smtp_server.settings()) as mailer:  # listed anyway: skipped, as sent before
        report = send_due(roster, composer, mailer, people=everyone)
    assert (report.sent, report.skipped) == ((), tuple(PEOPLE))
    assert len(smtp_server.received) == 2


def test_an_update_goes_to_those_of_the_journal_about_the_revision_they_have(
    roster: Roster, event: ie.Event, tmp_path: Path, smtp_server: SmtpServer
) -> None:
    path = old_journal(tmp_path / "people.csv.journal", event, ["aisha@agri.example.my"])
    roster.adopt(journal_deliveries(path, event))
    day = timedelta(days=1)
    moved = event.revise(schedule=ie.TimeSpan(starts_at=START + day, ends_at=START + day + timedelta(hours=3)))
    again = moved.revise(schedule=ie.TimeSpan(starts_at=START + 2 * day, ends_at=START + 2 * day + timedelta(hours=3)))
    assert [item.participant.email for item in due(roster, again, Kind.UPDATE)] == ["aisha@agri.example.my"]
    composer = Composer(again, sender=SENDER, kind=Kind.UPDATE, previous=moved)
    with Mailer(smtp_server.settings()) as mailer, pytest.raises(ie.RosterError, match="received revision 0"):
        send_due(roster, composer, mailer)
    roster.keep(event)  # as the import does for the revision of the journal's messages: what she has
    with Mailer(smtp_server.settings()) as mailer:
        report = send_due(roster, composer, mailer)
    assert report.sent == ("aisha@agri.example.my",)
    (received,) = smtp_server.received
    message = email.message_from_bytes(received.content, policy=policy.default)
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "now Friday, December 24, 2021" in text
    assert "Previously: Wednesday, December 22, 2021" in text  # what she was told, not the revision she never had


def test_a_delivery_held_as_sent_is_kept_and_one_held_otherwise_is_replaced(roster: Roster, event: ie.Event) -> None:
    at = datetime(2021, 12, 1, tzinfo=UTC)
    own = Delivery(email=PEOPLE[0], kind=Kind.INVITATION, revision=0, message_id="<own@x>", status="sent", at=at)
    failed = Delivery(email=PEOPLE[1], kind=Kind.INVITATION, revision=0, message_id="<f@x>", status="failed", at=at)
    roster.record(own)
    roster.record(failed)
    journal = [attrs.evolve(delivery, message_id=None, status="sent") for delivery in (own, failed)]
    skipped = Delivery(email=PEOPLE[2], kind=Kind.INVITATION, revision=0, status="failed", at=at)
    assert roster.adopt([*journal, skipped]) == [journal[1]]
    assert {d.key: (d.status, d.message_id) for d in roster.deliveries()} == {
        PEOPLE[0]: ("sent", "<own@x>"),
        PEOPLE[1].lower(): ("sent", None),
    }
