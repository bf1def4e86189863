"""Sending from the roster: the right people for each kind of message, each message once, through faults."""

from __future__ import annotations

import email
import sqlite3
from datetime import UTC, datetime, timedelta
from email import policy
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest

import iofs_events as ie
from iofs_events.mail import Composer, Kind, Mailer, Outcome
from iofs_events.roster import (
    Participant,
    ParticipantRole,
    RegistrationStatus,
    Roster,
    Rsvp,
    SqliteStore,
    due,
    message_id,
    send_due,
)
from tests.mail.smtp_server import SmtpServer

SENDER = "IOFS Secretariat <events@iofs.example>"
ALMATY = ZoneInfo("Asia/Almaty")
START = datetime(2021, 12, 22, 10, tzinfo=ALMATY)
EVERYONE = ["aisha@agri.example.my", "omar@agri.example.sa", "aidana@agri.example.kz", "aminata@agri.example.sn"]


@pytest.fixture
def event(seed: ie.Event) -> ie.Event:
    start = START
    registration = attrs.evolve(seed.registration, capacity=2)
    schedule = ie.TimeSpan(starts_at=start, ends_at=start + timedelta(hours=3))
    meeting = ie.OnlineMeeting(platform="zoom", join_url="https://zoom.us/j/81234567890")
    return attrs.evolve(seed, schedule=schedule, registration=registration, online_meeting=meeting)


@pytest.fixture
def roster(tmp_path: Path, event: ie.Event) -> Roster:
    roster = Roster(SqliteStore(tmp_path / "roster.sqlite", event_id=event.id), capacity=2)
    roster.merge(
        [
            Participant(email="aisha@agri.example.my", name="Aisha Rahman"),
            Participant(email="omar@agri.example.sa", name="عمر الحربي", language="ar", role=ParticipantRole.SPEAKER),
            Participant(email="aidana@agri.example.kz", name="Айдана Нурланова", language="ru"),
            Participant(email="aminata@agri.example.sn", name="Aminata Diallo", language="fr"),
        ]
    )
    for email_address in ("aisha@agri.example.my", "omar@agri.example.sa", "aidana@agri.example.kz"):
        roster.register(email_address)  # the third waits: two places
    return roster


def _send(roster: Roster, event: ie.Event, kind: Kind, server: SmtpServer, **options: object) -> object:
    composer = Composer(event, sender=SENDER, kind=kind, **options)  # type: ignore[arg-type]
    with Mailer(server.settings()) as mailer:
        return send_due(roster, composer, mailer)


def test_each_kind_goes_to_the_right_people(roster: Roster, event: ie.Event, smtp_server: SmtpServer) -> None:
    invited = [item.participant.email for item in due(roster, event, Kind.INVITATION)]
    assert invited == EVERYONE
    assert [item.reason for item in due(roster, event, Kind.INVITATION)][2] == "waitlisted, not invited yet"
    report = _send(roster, event, Kind.INVITATION, smtp_server)
    assert len(report.sent) == 4  # type: ignore[attr-defined]
    assert due(roster, event, Kind.INVITATION) == []  # nobody twice
    reminded = [item.participant.email for item in due(roster, event, Kind.REMINDER)]
    assert reminded == ["aisha@agri.example.my", "omar@agri.example.sa"]  # the registered
    declined = datetime(2021, 12, 1, tzinfo=UTC)
    roster.answer("omar@agri.example.sa", Rsvp.DECLINED, at=declined, sequence=0, message_id=None)
    reminded = [item.participant.email for item in due(roster, event, Kind.REMINDER)]
    assert reminded == ["aisha@agri.example.my", "aidana@agri.example.kz"]  # Aidana has Omar's place now
    confirmed = due(roster, event, Kind.CONFIRMATION)
    assert [item.participant.email for item in confirmed] == ["aidana@agri.example.kz"]  # promoted to Omar's place
    day = timedelta(days=1)
    moved = event.revise(schedule=ie.TimeSpan(starts_at=START + day, ends_at=START + day + timedelta(hours=3)))
    updated = [item.participant.email for item in due(roster, moved, Kind.UPDATE)]
    assert updated == ["aisha@agri.example.my", "aidana@agri.example.kz", "aminata@agri.example.sn"]  # not who declined
    cancelled = [item.participant.email for item in due(roster, moved.cancel(), Kind.CANCELLATION)]
    assert cancelled == EVERYONE


def test_each_message_is_personal_and_its_id_is_fixed_by_what_it_is(
    roster: Roster, event: ie.Event, smtp_server: SmtpServer
) -> None:
    roster.link("aisha@agri.example.my", join_url="https://zoom.us/w/1?tk=aisha", platform_id="r1")
    _send(roster, event, Kind.INVITATION, smtp_server)
    messages = {
        received.rcpt_tos[0]: email.message_from_bytes(received.content, policy=policy.default)
        for received in smtp_server.received
    }
    aisha, omar = messages["aisha@agri.example.my"], messages["omar@agri.example.sa"]
    assert "tk=aisha" in _readable(aisha)
    assert "https://zoom.us/j/" not in _readable(aisha)  # her own link, not the shared one
    assert "tk=aisha" not in _readable(omar)  # nobody else's link
    assert omar["Content-Language"] == "ar"
    person = roster.get("aisha@agri.example.my")
    assert aisha["Message-ID"] == message_id(event, Kind.INVITATION, person, "iofs.example")
    assert {delivery.status for delivery in roster.deliveries()} == {"sent"}


def test_a_run_stopped_by_the_server_resumes_without_sending_twice(
    roster: Roster, event: ie.Event, smtp_server: SmtpServer
) -> None:
    composer = Composer(event, sender=SENDER)
    outcomes: list[Outcome] = []
    with Mailer(smtp_server.settings(), retries=0, sleep=lambda seconds: None) as mailer:
        real_send = mailer.send
        calls = 0

        def flaky(message: object) -> None:
            nonlocal calls
            calls += 1
            if calls == 3:
                raise ie.DeliveryError("451 try again later")
            real_send(message)  # type: ignore[arg-type]

        mailer.send = flaky  # type: ignore[method-assign]
        with pytest.raises(ie.DeliveryError, match="451"):
            send_due(roster, composer, mailer, progress=lambda item, outcome: outcomes.append(outcome))
    assert outcomes == [Outcome.SENT, Outcome.SENT]
    statuses = {delivery.email: delivery.status for delivery in roster.deliveries()}
    assert list(statuses.values()) == ["sent", "sent", "failed"]
    with Mailer(smtp_server.settings()) as mailer:
        report = send_due(roster, composer, mailer)
    assert report.sent == ("aidana@agri.example.kz", "aminata@agri.example.sn")
    assert sorted(smtp_server.recipients()) == sorted(person.email for person in roster.people())  # each once


def test_a_permanent_refusal_is_recorded_and_the_run_goes_on(
    roster: Roster, event: ie.Event, smtp_server: SmtpServer
) -> None:
    composer = Composer(event, sender=SENDER)
    with Mailer(smtp_server.settings()) as mailer:
        real_send = mailer.send

        def refuse_omar(message: object) -> None:
            if message.recipient.startswith("omar"):  # type: ignore[attr-defined]
                raise ie.DeliveryError("550 no such mailbox", permanent=True)
            real_send(message)  # type: ignore[arg-type]

        mailer.send = refuse_omar  # type: ignore[method-assign]
        report = send_due(roster, composer, mailer)
    assert report.failed == (("omar@agri.example.sa", "550 no such mailbox"),)
    assert len(report.sent) == 3
    listed = list(due(roster, event, Kind.INVITATION))
    assert [item.participant.email for item in listed] == ["omar@agri.example.sa"]  # still due: tried again later
    with Mailer(smtp_server.settings()) as mailer:
        again = send_due(roster, composer, mailer, people=[*listed, *due(roster, event, Kind.REMINDER)[:1]])
    assert again.skipped == ("aisha@agri.example.my",)  # already sent, whatever the list says


def test_an_announcement_goes_to_those_still_coming(roster: Roster, event: ie.Event) -> None:
    roster.withdraw("aisha@agri.example.my")
    announced = [item.participant.email for item in due(roster, event, Kind.ANNOUNCEMENT)]
    assert announced == ["omar@agri.example.sa", "aidana@agri.example.kz", "aminata@agri.example.sn"]
    assert roster.get("aidana@agri.example.kz").status is RegistrationStatus.REGISTERED


def _readable(message: email.message.EmailMessage) -> str:
    """Every part of a message as its reader's client decodes it."""
    return "".join(part.get_payload(decode=True).decode() for part in message.walk() if not part.is_multipart())


def test_an_update_tells_each_person_what_changed_since_the_revision_they_have(
    roster: Roster, event: ie.Event, smtp_server: SmtpServer
) -> None:
    _send(roster, event, Kind.INVITATION, smtp_server)
    day = timedelta(days=1)
    moved = event.revise(schedule=ie.TimeSpan(starts_at=START + day, ends_at=START + day + timedelta(hours=3)))
    roster.merge([Participant(email="zara@agri.example.tr", name="Zara Yilmaz")])
    assert [item.participant.email for item in due(roster, moved, Kind.INVITATION)] == ["zara@agri.example.tr"]
    _send(roster, moved, Kind.INVITATION, smtp_server)  # Zara's invitation already has the new time
    assert roster.revision(event.revision) == event
    assert roster.revision(moved.revision) == moved
    relinked = moved.revise(online_meeting=ie.OnlineMeeting(platform="zoom", join_url="https://zoom.us/j/89999999999"))
    smtp_server.received.clear()
    report = _send(roster, relinked, Kind.UPDATE, smtp_server, previous=moved)
    assert report.sent == (
        "aisha@agri.example.my",
        "omar@agri.example.sa",
        "aidana@agri.example.kz",
        "aminata@agri.example.sn",
        "zara@agri.example.tr",
    )  # type: ignore[attr-defined]
    texts = {
        received.rcpt_tos[0]: email.message_from_bytes(received.content, policy=policy.default)
        .get_body(("plain",))
        .get_content()  # type: ignore[union-attr]
        for received in smtp_server.received
    }
    assert "Previously:" in texts["aisha@agri.example.my"]  # she has revision 0: the time changed for her
    assert "How to join: new details below" in texts["aisha@agri.example.my"]
    assert "Previously:" not in texts["zara@agri.example.tr"]  # she has revision 1: only the link changed
    assert "How to join: new details below" in texts["zara@agri.example.tr"]
    assert _send(roster, relinked, Kind.UPDATE, smtp_server, previous=moved).sent == ()  # type: ignore[attr-defined]


def test_an_update_for_a_revision_the_roster_does_not_hold_asks_for_it(
    tmp_path: Path, roster: Roster, event: ie.Event, smtp_server: SmtpServer
) -> None:
    _send(roster, event, Kind.INVITATION, smtp_server)
    roster.store.close()
    with sqlite3.connect(tmp_path / "roster.sqlite") as connection:
        connection.execute("DELETE FROM revisions")  # a roster written by another program, say
    moved = event.revise(status=ie.EventStatus.TENTATIVE)
    later = moved.revise(status=ie.EventStatus.SCHEDULED)
    with Mailer(smtp_server.settings()) as mailer, pytest.raises(ie.RosterError) as error:
        send_due(roster, Composer(later, sender=SENDER, kind=Kind.UPDATE, previous=moved), mailer)
    assert str(error.value) == (
        "aisha@agri.example.my received revision 0, which the roster does not hold: "
        "give that revision as the previous one"
    )
    with Mailer(smtp_server.settings()) as mailer:
        report = send_due(roster, Composer(later, sender=SENDER, kind=Kind.UPDATE, previous=event), mailer)
    assert len(report.sent) == 4
