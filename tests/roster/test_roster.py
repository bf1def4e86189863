"""The roster: people and their state, a waiting list in order of asking, answers in order, a store that survives."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import attrs
import pytest

import iofs_events as ie
from iofs_events.mail import Honorific, Kind, RecipientRole
from iofs_events.roster import (
    Delivery,
    Participant,
    ParticipantRole,
    RegistrationStatus,
    Roster,
    Rsvp,
    SqliteStore,
    roster_path,
)
from iofs_events.roster._store import _MIGRATIONS
from tests.paths import ROOT

T0 = datetime(2021, 12, 1, 9, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def person(number: int, **facts: object) -> Participant:
    return Participant(email=f"Person{number}@Agri.example", name=f"Person {number}", **facts)  # type: ignore[arg-type]


@pytest.fixture
def roster(tmp_path: Path) -> Roster:
    return Roster(SqliteStore(tmp_path / "event.roster.sqlite", event_id="ev"), capacity=2, clock=Clock())


def test_people_are_merged_by_email_keeping_what_the_roster_learnt(roster: Roster) -> None:
    first = roster.merge([person(1, language="ar"), person(2)])
    assert first.added == ("Person1@Agri.example", "Person2@Agri.example")
    roster.register("person1@agri.example")
    roster.link("PERSON1@agri.example", join_url="https://zoom.us/w/1?tk=secret", platform_id="r1")
    again = roster.merge([person(1, language="fr", country="sn"), person(2), person(3)])
    assert (again.added, again.updated, again.unchanged) == (
        ("Person3@Agri.example",),
        ("Person1@Agri.example",),
        ("Person2@Agri.example",),
    )
    one = roster.get("PERSON1@AGRI.EXAMPLE")
    assert (one.language, one.country, one.status, one.join_url) == (
        "fr",
        "SN",
        RegistrationStatus.REGISTERED,
        "https://zoom.us/w/1?tk=secret",
    )
    assert "secret" not in repr(one)
    assert [p.email for p in roster.people()] == [
        "Person1@Agri.example",
        "Person2@Agri.example",
        "Person3@Agri.example",
    ]


def test_past_the_capacity_people_wait_and_a_freed_place_goes_to_the_first_who_asked(roster: Roster) -> None:
    roster.merge([person(number) for number in range(1, 6)])
    for number in (1, 2, 3, 4):
        roster.register(f"person{number}@agri.example")
    statuses = [p.status for p in roster.people()]
    assert statuses[:4] == [RegistrationStatus.REGISTERED] * 2 + [RegistrationStatus.WAITLISTED] * 2
    assert roster.register("person1@agri.example").status is RegistrationStatus.REGISTERED  # asked again: no change
    assert roster.withdraw("person2@agri.example") == ["Person3@Agri.example"]
    assert roster.decline("person4@agri.example") == []  # waiting, not registered: frees no place
    assert roster.cancel("person1@agri.example") == []  # nobody left waiting
    summary = roster.summary()
    assert summary.by_status == {"invited": 1, "withdrawn": 1, "registered": 1, "declined": 1, "cancelled": 1}
    assert summary.total == 5


def test_a_merge_can_register_and_release(roster: Roster) -> None:
    roster.merge([person(1, status=RegistrationStatus.REGISTERED), person(2, status=RegistrationStatus.REGISTERED)])
    roster.merge([person(3, status=RegistrationStatus.REGISTERED)])
    assert roster.get("person3@agri.example").status is RegistrationStatus.WAITLISTED
    result = roster.merge([person(1, status=RegistrationStatus.WITHDRAWN)])
    assert result.promoted == ("Person3@Agri.example",)


def test_a_merge_gives_places_in_the_order_people_asked_and_takes_none_back(roster: Roster) -> None:
    early, late = T0 - timedelta(days=2), T0 - timedelta(days=1)
    waiting, registered = RegistrationStatus.WAITLISTED, RegistrationStatus.REGISTERED
    roster.merge(
        [
            person(1, status=waiting, registered_at=late),
            person(2, status=registered),
            person(3, status=registered, registered_at=early),
        ]
    )
    assert [(p.status, p.registered_at) for p in roster.people()] == [
        (registered, late),  # "waitlisted" in a list asks for a place, as "registered" does
        (waiting, T0 + timedelta(minutes=1)),  # asked at no known time: after those who did
        (registered, early),
    ]
    assert roster.withdraw("person1@agri.example") == ["Person2@Agri.example"]
    again = roster.merge([person(2, status=waiting), person(3, status=waiting)])  # a list older than the promotion
    assert (again.unchanged, again.promoted) == (("Person2@Agri.example", "Person3@Agri.example"), ())
    assert [p.status for p in roster.people()] == [RegistrationStatus.WITHDRAWN, registered, registered]
    roster.merge([person(9, status=registered), person(9, status=RegistrationStatus.WITHDRAWN)])
    assert roster.get("person9@agri.example").status is RegistrationStatus.WITHDRAWN  # a person's last row counts


def test_answers_are_taken_in_order_and_a_decline_frees_the_place(roster: Roster) -> None:
    roster.merge([person(1), person(2), person(3)])
    roster.register("person1@agri.example")
    roster.register("person2@agri.example")
    roster.register("person3@agri.example")
    at = T0 + timedelta(days=1)
    assert roster.answer("person1@agri.example", Rsvp.ACCEPTED, at=at, sequence=0, message_id="<a@x>")
    earlier, later = at - timedelta(hours=1), at + timedelta(hours=1)
    assert not roster.answer("person1@agri.example", Rsvp.DECLINED, at=earlier, sequence=0, message_id="<b@x>")
    assert not roster.answer("person1@agri.example", Rsvp.DECLINED, at=later, sequence=-1, message_id=None)
    assert roster.get("person1@agri.example").rsvp is Rsvp.ACCEPTED
    assert roster.answer("person1@agri.example", Rsvp.DECLINED, at=at, sequence=1, message_id="<c@x>")
    one = roster.get("person1@agri.example")
    assert (one.rsvp, one.status, one.rsvp_message) == (Rsvp.DECLINED, RegistrationStatus.DECLINED, "<c@x>")
    assert roster.get("person3@agri.example").status is RegistrationStatus.REGISTERED  # promoted
    assert roster.answer("person1@agri.example", Rsvp.ACCEPTED, at=at + timedelta(days=1), sequence=1, message_id=None)
    assert roster.get("person1@agri.example").status is RegistrationStatus.WAITLISTED  # asks again, waits its turn


def test_deliveries_are_remembered_per_person_kind_and_revision(roster: Roster) -> None:
    roster.merge([person(1)])
    sending = Delivery(
        email="person1@agri.example", kind=Kind.INVITATION, revision=0, message_id="<m@x>", status="sending", at=T0
    )
    roster.record(sending)
    assert not roster.delivered("PERSON1@agri.example", Kind.INVITATION, 0)
    roster.record(attrs.evolve(sending, status="sent"))
    assert roster.delivered("PERSON1@agri.example", Kind.INVITATION, 0)
    assert not roster.delivered("PERSON1@agri.example", Kind.INVITATION, 1)
    assert [d.status for d in roster.deliveries()] == ["sent"]
    with pytest.raises(ie.RosterError, match=r"nobody@agri\.example is not on the roster"):
        roster.record(attrs.evolve(sending, email="nobody@agri.example"))


def test_a_participant_is_a_recipient_of_their_language_role_and_link() -> None:
    speaker = Participant(
        email="m.ndiaye@agri.example.sn",
        name="Mariama Ndiaye",
        honorific=Honorific.MS,
        language="fr-SN",
        time_zone="Africa/Dakar",
        role=ParticipantRole.SPEAKER,
        status=RegistrationStatus.REGISTERED,
        join_url="https://zoom.us/w/9?tk=mine",
    )
    recipient = speaker.recipient()
    assert (recipient.language, recipient.role, recipient.registered, recipient.join_url) == (
        "fr-SN",
        RecipientRole.SPEAKER,
        True,
        "https://zoom.us/w/9?tk=mine",
    )
    assert Participant(email="o@x.example", role=ParticipantRole.OBSERVER).recipient().role is RecipientRole.PARTICIPANT
    assert Participant.from_data(speaker.to_data()) == speaker
    assert speaker.attends
    assert not Participant(email="o@x.example", rsvp=Rsvp.DECLINED).attends
    assert not Participant(email="o@x.example", status=RegistrationStatus.WAITLISTED).attends


def test_the_store_is_one_events_and_refuses_what_is_not_a_roster(tmp_path: Path) -> None:
    path = tmp_path / "roster.sqlite"
    SqliteStore(path, event_id="ev").close()
    with pytest.raises(ie.RosterError, match="is the roster of event 'ev', not of 'other'"):
        SqliteStore(path, event_id="other")
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE things (x)")
    with pytest.raises(ie.RosterError, match="is an SQLite file, but not a roster"):
        SqliteStore(foreign, event_id="ev")
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    with pytest.raises(ie.RosterError, match="roster of schema 99; this library knows 3"):
        SqliteStore(path, event_id="ev")
    with pytest.raises(ie.RosterError, match="cannot open the roster"):
        SqliteStore(tmp_path / "missing" / "folder" / "roster.sqlite", event_id="ev")
    text = tmp_path / "notes.sqlite"
    text.write_text("not a database, but notes about one\n" * 100, encoding="utf-8")
    with pytest.raises(ie.RosterError, match=r"notes.sqlite: is not a roster \(file is not a database\)"):
        SqliteStore(text, event_id="ev")
    assert roster_path(tmp_path / "fsg-2021.json") == tmp_path / "fsg-2021.roster.sqlite"


def test_a_roster_of_schema_1_is_migrated_keeping_its_people_and_deliveries(tmp_path: Path) -> None:
    path = tmp_path / "old.roster.sqlite"
    with closing(sqlite3.connect(path)) as connection:
        connection.executescript(_MIGRATIONS[1])
        connection.execute("INSERT INTO meta VALUES ('schema_version', '1'), ('event_id', 'ev')")
        connection.execute("INSERT INTO participants VALUES ('p@agri.example', 1, ?)", ('{"email": "p@agri.example"}',))
        asked = {"w1@agri.example": "2021-12-01T15:00:00+06:00", "w2@agri.example": "2021-12-01T09:30:00+00:00"}
        for number, (email, at) in enumerate(asked.items(), start=2):
            data = json.dumps({"email": email, "status": "waitlisted", "registered_at": at})
            connection.execute("INSERT INTO participants VALUES (?, ?, ?)", (email, number, data))
        sent = ("p@agri.example", "invitation", 0, "<m@x>", "sent", T0.isoformat(), None)
        connection.execute("INSERT INTO deliveries VALUES (?, ?, ?, ?, ?, ?, ?)", sent)
        connection.commit()
    roster = Roster(SqliteStore(path, event_id="ev"))
    assert roster.people()[0] == Participant(email="p@agri.example")
    assert [person.email for person in roster.store.waiting()] == ["w1@agri.example", "w2@agri.example"]  # 09:00 UTC
    assert roster.store.count(RegistrationStatus.WAITLISTED) == 2
    invitation = Delivery(
        email="p@agri.example", kind=Kind.INVITATION, revision=0, message_id="<m@x>", status="sent", at=T0
    )
    assert roster.deliveries() == [invitation]
    journal = Delivery(email="p@agri.example", kind=Kind.UPDATE, revision=1, status="sent", at=T0 + timedelta(days=1))
    roster.record(journal)  # taken from a send journal: no Message-ID
    assert roster.deliveries() == [invitation, journal]
    assert roster.delivered("P@agri.example", Kind.UPDATE, 1)
    roster.merge([Participant(email="q@agri.example")])
    emails = ["p@agri.example", "w1@agri.example", "w2@agri.example", "q@agri.example"]
    assert [person.email for person in roster.people()] == emails
    roster.close()
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == ("3",)
        plan = connection.execute("EXPLAIN QUERY PLAN SELECT MAX(position) FROM participants").fetchall()
        assert "participants_by_position" in str(plan)  # adding a person does not read every position
        plan = connection.execute(
            "EXPLAIN QUERY PLAN SELECT data FROM participants WHERE status='waitlisted' "
            "ORDER BY asked IS NULL, asked, position LIMIT 1"
        ).fetchall()
        assert "participants_by_status" in str(plan)  # finding who waits first reads nobody else
        assert "TEMP B-TREE" not in str(plan)


def test_the_waiting_list_is_in_order_of_asking_whatever_the_offsets(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "roster.sqlite", event_id="ev")
    almaty = timezone(timedelta(hours=6))
    asked = {
        1: None,  # never said when: last
        2: datetime(2021, 12, 1, 8, 30, tzinfo=UTC),  # third, though its text sorts before 3's
        3: datetime(2021, 12, 1, 10, 0, tzinfo=almaty),  # 04:00 UTC: first
        4: datetime(2021, 12, 1, 7, 0, tzinfo=UTC),  # second
        5: datetime(2021, 12, 1, 8, 30, tzinfo=UTC),  # as 2, added after: fourth
        6: None,  # as 1, added after: after 1
    }
    with store.transaction():
        for number, at in asked.items():
            store.save(person(number, status=RegistrationStatus.WAITLISTED, registered_at=at))
        store.save(person(7, status=RegistrationStatus.REGISTERED, registered_at=T0))
    waiting = ["Person 3", "Person 4", "Person 2", "Person 5", "Person 1", "Person 6"]
    assert [p.name for p in store.waiting()] == waiting
    assert [p.name for p in store.waiting(2)] == ["Person 3", "Person 4"]
    assert store.waiting(0) == []
    counts = [store.count(status) for status in RegistrationStatus]
    assert dict(zip(RegistrationStatus, counts, strict=True)) == {
        **dict.fromkeys(RegistrationStatus, 0),
        RegistrationStatus.WAITLISTED: 6,
        RegistrationStatus.REGISTERED: 1,
    }
    roster = Roster(store, capacity=2, clock=Clock())
    assert roster.withdraw("person7@agri.example") == ["Person3@Agri.example", "Person4@Agri.example"]
    assert [p.name for p in store.waiting()] == waiting[2:]
    # No capacity: a freed place takes everyone waiting.
    promoted = Roster(store).cancel("person3@agri.example")
    assert promoted == ["Person2@Agri.example", "Person5@Agri.example", "Person1@Agri.example", "Person6@Agri.example"]
    store.close()


def test_a_roster_beside_the_event_file_takes_its_capacity(tmp_path: Path, seed: ie.Event) -> None:
    event = attrs.evolve(seed, registration=attrs.evolve(seed.registration, capacity=40))
    roster = Roster.beside(tmp_path / "fsg.json", event)
    assert (roster.capacity, roster.store.path) == (40, tmp_path / "fsg.roster.sqlite")  # type: ignore[attr-defined]
    roster.close()


_WRITER = """
import sys, time
from datetime import UTC, datetime
sys.path.insert(0, {root!r})
from iofs_events.roster import Participant, Roster, SqliteStore
roster = Roster(SqliteStore({path!r}, event_id="ev"))
worker, count = int(sys.argv[1]), int(sys.argv[2])
for number in range(count):
    roster.merge([Participant(email=f"w{{worker}}-{{number}}@agri.example")])
    if sys.argv[3:] and number == count // 2:
        with roster.store.transaction():
            roster.store.save(Participant(email=f"half-{{worker}}@agri.example"))
            print("inside", flush=True)
            time.sleep(60)
"""


def test_two_processes_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "roster.sqlite"
    SqliteStore(path, event_id="ev").close()
    script = _WRITER.format(root=str(ROOT / "src"), path=str(path))
    workers = [subprocess.Popen([sys.executable, "-c", script, str(worker), "60"]) for worker in range(2)]
    assert [worker.wait(timeout=120) for worker in workers] == [0, 0]
    emails = {p.email for p in Roster(SqliteStore(path, event_id="ev")).people()}
    assert emails == {f"w{worker}-{number}@agri.example" for worker in range(2) for number in range(60)}


def test_a_process_killed_inside_a_change_leaves_the_roster_as_before_it(tmp_path: Path) -> None:
    path = tmp_path / "roster.sqlite"
    SqliteStore(path, event_id="ev").close()
    script = _WRITER.format(root=str(ROOT / "src"), path=str(path))
    process = subprocess.Popen([sys.executable, "-c", script, "0", "10", "stop"], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "inside"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    process.stdout.close()
    roster = Roster(SqliteStore(path, event_id="ev"))
    emails = [p.email for p in roster.people()]
    assert emails == [f"w0-{number}@agri.example" for number in range(6)]  # not the half-done change
    roster.merge([Participant(email="after@agri.example")])  # and it takes new changes
    assert len(roster.people()) == 7


def test_a_change_that_fails_is_rolled_back(roster: Roster) -> None:
    roster.merge([person(1)])

    def fail_half_way() -> None:
        with roster.store.transaction():
            roster.store.save(person(2))
            roster.get("nobody@agri.example")

    with pytest.raises(ie.RosterError):
        fail_half_way()
    assert [p.email for p in roster.people()] == ["Person1@Agri.example"]


def test_a_roster_locked_too_long_by_another_process_says_so(tmp_path: Path) -> None:
    path = tmp_path / "roster.sqlite"
    store = SqliteStore(path, event_id="ev", timeout=0.1)
    with sqlite3.connect(path, isolation_level=None) as other:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(ie.RosterError, match="the roster is busy or locked"), store.transaction():
            pass  # pragma: no cover - the transaction cannot begin
        other.execute("ROLLBACK")
    store.close()
    store.close()  # closing twice is harmless


def test_replies_read_are_remembered_by_message_id(roster: Roster) -> None:
    assert roster.store.reply_seen("<r1@x>") is None
    with roster.store.transaction():
        roster.store.remember_reply("<r1@x>", "applied", T0)
    assert roster.store.reply_seen("<r1@x>") == "applied"


def test_changes_made_inside_a_transaction_of_ones_own_commit_together(tmp_path: Path) -> None:
    roster = Roster(SqliteStore(tmp_path / "roster.sqlite", event_id="ev"))  # the real clock
    roster.merge([person(1), person(2)])
    with roster.store.transaction():
        roster.register("person1@agri.example")
        roster.register("person2@agri.example")
    registered = [p.registered_at for p in roster.people()]
    assert all(moment is not None and moment.tzinfo is not None for moment in registered)


def test_a_roster_closes_its_store_when_its_block_ends(tmp_path: Path, seed: ie.Event) -> None:
    closed: list[bool] = []
    with Roster.open(tmp_path / "roster.sqlite", seed, create=True) as roster:
        roster.store.close = lambda: closed.append(True)  # type: ignore[method-assign]
    assert closed == [True]
