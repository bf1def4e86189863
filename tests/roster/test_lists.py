"""Lists of people in CSV files and Excel workbooks: read into the roster, written back, and read again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs
import pytest

import iofs_events as ie
from iofs_events.mail import Honorific, Kind
from iofs_events.roster import (
    Delivery,
    Participant,
    ParticipantRole,
    RegistrationStatus,
    Roster,
    Rsvp,
    SqliteStore,
    read_people,
    write_people,
)
from tests.roster.tables import read_table, write_table

T0 = datetime(2021, 12, 1, 9, tzinfo=UTC)
HEADER = [
    "Email",
    "Name",
    "honorific",
    "language",
    "time_zone",
    "country",
    "organization",
    "role",
    "status",
    "registered",
]
ROWS: list[list[object]] = [
    [
        "omar@agri.example.sa",
        "عمر الحربي",
        "Dr.",
        "ar",
        "Asia/Riyadh",
        "Saudi Arabia",
        "وزارة الزراعة",
        "speaker",
        None,
        True,
    ],
    ["aidana@agri.example.kz", "Айдана Нурланова", None, "ru", "Asia/Almaty", "kz", "Минсельхоз", "Host", "registered"],
    [
        "aminata@agri.example.sn",
        "Aminata Diallo",
        "ms",
        "fr-SN",
        "Africa/Dakar",
        "Côte d’Ivoire",
        None,
        "",
        "waitlisted",
    ],
    [],
    ["aisha@agri.example.my", " Aisha Rahman ", None, None, None, "MY"],
    ["Guest@Agri.example", None, None, None, None, None, None, "observer", "Declined", "no"],
]
PEOPLE = [
    Participant(
        email="omar@agri.example.sa",
        name="عمر الحربي",
        honorific=Honorific.DR,
        language="ar",
        time_zone="Asia/Riyadh",
        country="SA",
        organization="وزارة الزراعة",
        role=ParticipantRole.SPEAKER,
        status=RegistrationStatus.REGISTERED,
    ),
    Participant(
        email="aidana@agri.example.kz",
        name="Айдана Нурланова",
        language="ru",
        time_zone="Asia/Almaty",
        country="KZ",
        organization="Минсельхоз",
        role=ParticipantRole.HOST,
        status=RegistrationStatus.REGISTERED,
    ),
    Participant(
        email="aminata@agri.example.sn",
        name="Aminata Diallo",
        honorific=Honorific.MS,
        language="fr-SN",
        time_zone="Africa/Dakar",
        country="CI",
        status=RegistrationStatus.WAITLISTED,
    ),
    Participant(email="aisha@agri.example.my", name="Aisha Rahman", country="MY"),
    Participant(email="Guest@Agri.example", role=ParticipantRole.OBSERVER, status=RegistrationStatus.DECLINED),
]
SUFFIXES = pytest.mark.parametrize("suffix", [".csv", ".xlsx"])


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def fresh(tmp_path: Path, name: str = "event") -> Roster:
    return Roster(SqliteStore(tmp_path / f"{name}.roster.sqlite", event_id="ev"), capacity=2, clock=Clock())


@SUFFIXES
def test_a_list_is_read_in_every_script_with_names_of_countries(tmp_path: Path, suffix: str) -> None:
    path = write_table(tmp_path / f"people{suffix}", [HEADER, *ROWS])
    assert read_people(path) == PEOPLE
    assert read_people(str(path)) == PEOPLE


@SUFFIXES
def test_every_bad_row_is_named_at_once_by_row_and_column(tmp_path: Path, suffix: str) -> None:
    good = ["omar@agri.example.sa", "Omar", None, "ar"]
    rows = [
        [*HEADER, "registered_at"],
        good,
        ["a@agri.example", "A", None, None, None, None, None, None, "member"],
        ["OMAR@agri.example.sa", "Omar again"],
        ["b@agri.example", "B", None, None, None, None, None, None, "declined", "yes"],
        ["c@agri.example", "C", None, None, None, "Atlantis"],
        ["d@agri.example", *[None] * 9, "2021-12-01 09:00"],
        ["e@agri.example", "E", None, None, None, None, None, "chair"],
        ["not-an-email", "F"],
        ["g@agri.example", "G", None, "english"],
        ["h@agri.example", *[None] * 9, "yesterday"],
        [None, "nobody"],
        ["i@agri.example", "I", None, None, None, None, None, None, None, "maybe"],
    ]
    with pytest.raises(ie.DocumentError) as caught:
        read_people(write_table(tmp_path / f"people{suffix}", rows))
    found = [str(problem) for problem in caught.value.problems]
    example = "such as 2021-12-01T09:30:00+00:00"
    assert found[:7] == [
        "row 3.status: must be one of invited, registered, waitlisted, declined, withdrawn, cancelled",
        "row 4.email: is on row 2 too; a person has one row",
        "row 5.registered: is yes, but the status is declined",
        "row 6.country: 'Atlantis' is neither an ISO 3166-1 alpha-2 code, such as 'KZ', nor the name of a country"
        " in English",
        f"row 7.registered_at: '2021-12-01 09:00' has no offset from UTC, {example}",
        "row 8.role: must be one of participant, speaker, host, interpreter, observer",
        "row 9.email: is not a valid email address (An email address must have an @-sign.)",
    ]
    assert found[7].startswith("row 10.language: 'english' is not a valid BCP 47 language tag")
    assert found[8:] == [
        f"row 11.registered_at: 'yesterday' is not a date and time in ISO 8601, {example}",
        "row 12.email: is required",
        "row 13.registered: must be yes or no",
    ]


def test_a_file_named_xlsx_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    path.write_text("email\r\nomar@agri.example.sa\r\n", encoding="utf-8")
    with pytest.raises(ie.UnreadableDocumentError) as caught:
        read_people(path)
    ((problem,),) = [caught.value.problems]
    assert str(problem).startswith("$: is not an Excel workbook (.xlsx) that can be read (it is not a zip archive")


@SUFFIXES
def test_reading_an_updated_list_again_keeps_what_the_roster_learnt(tmp_path: Path, suffix: str) -> None:
    roster = fresh(tmp_path)
    assert roster.merge(read_people(write_table(tmp_path / f"people{suffix}", [HEADER, *ROWS]))).added == tuple(
        person.email for person in PEOPLE
    )
    roster.answer("omar@agri.example.sa", Rsvp.ACCEPTED, at=T0, sequence=0, message_id="<r@x>")
    roster.link("aidana@agri.example.kz", join_url="https://zoom.us/w/2?tk=aidana", platform_id="z2")
    sent = Delivery(email="aisha@agri.example.my", kind=Kind.INVITATION, revision=0, status="sent", at=T0)
    roster.record(sent)
    rows = [list(row) for row in ROWS]
    rows[1][1] = "Aidana Nurlanova"  # her name in Latin letters now
    rows[5][8] = "withdrawn"  # the guest had declined: no place to free
    rows[0][8:10] = ["withdrawn", None]  # Omar gives up his place: Aminata has it
    again = roster.merge(read_people(write_table(tmp_path / f"again{suffix}", [HEADER, *rows])))
    assert (again.added, again.updated, again.promoted) == (
        (),
        ("aidana@agri.example.kz",),
        ("aminata@agri.example.sn",),
    )
    assert again.unchanged == (
        "omar@agri.example.sa",
        "aminata@agri.example.sn",
        "aisha@agri.example.my",
        "Guest@Agri.example",
    )
    omar, aidana = roster.get("omar@agri.example.sa"), roster.get("aidana@agri.example.kz")
    assert (omar.rsvp, omar.rsvp_at, omar.status) == (Rsvp.ACCEPTED, T0, RegistrationStatus.WITHDRAWN)
    assert (aidana.name, aidana.join_url, aidana.platform_id) == (
        "Aidana Nurlanova",
        "https://zoom.us/w/2?tk=aidana",
        "z2",
    )
    assert roster.deliveries() == [sent]


def a_roster_with_a_history(tmp_path: Path) -> Roster:
    """Two places for four people: registered, waiting then promoted, answers, links, and messages sent."""
    roster = fresh(tmp_path, "history")
    roster.merge(PEOPLE[:4])  # Omar and Aidana registered, Aminata waiting
    roster.answer("omar@agri.example.sa", Rsvp.ACCEPTED, at=T0 + timedelta(hours=1), sequence=0, message_id="<a@x>")
    roster.link("aidana@agri.example.kz", join_url="https://zoom.us/w/2?tk=aidana", platform_id="z2")
    for revision, kind, day, message_id in ((0, Kind.INVITATION, 1, "<i@x>"), (1, Kind.UPDATE, 2, None)):
        at = T0 + timedelta(days=day)
        delivery = Delivery(email="omar@agri.example.sa", kind=kind, revision=revision, status="sent", at=at)
        roster.record(attrs.evolve(delivery, message_id=message_id))
    roster.record(Delivery(email="aisha@agri.example.my", kind=Kind.UPDATE, revision=1, status="failed", at=T0))
    assert roster.withdraw("aidana@agri.example.kz") == ["aminata@agri.example.sn"]
    return roster


STATE = ("status", "registered_at", "promoted_at", "rsvp", "rsvp_at")
CONTACT = ("email", "name", "honorific", "language", "time_zone", "country", "organization", "role")


def facts(person: Participant, names: tuple[str, ...]) -> tuple[object, ...]:
    return tuple(getattr(person, name) for name in names)


@SUFFIXES
def test_an_export_reads_back_into_the_same_roster_and_into_a_new_one(tmp_path: Path, suffix: str) -> None:
    roster = a_roster_with_a_history(tmp_path)
    path = tmp_path / f"export{suffix}"
    write_people(roster.people(), path, deliveries=roster.deliveries(), links=True)
    read = read_people(path)
    assert [facts(person, (*CONTACT, *STATE, "join_url", "platform_id")) for person in read] == [
        facts(person, (*CONTACT, *STATE, "join_url", "platform_id")) for person in roster.people()
    ]
    assert [person.status for person in read] == [
        RegistrationStatus.REGISTERED,
        RegistrationStatus.WITHDRAWN,
        RegistrationStatus.REGISTERED,  # promoted
        RegistrationStatus.INVITED,
    ]
    again = roster.merge(read)
    assert (again.added, again.updated, again.promoted) == ((), (), ())
    assert len(roster.deliveries()) == 3
    elsewhere = fresh(tmp_path, "elsewhere")
    elsewhere.merge(read)  # a roster moved to another file keeps each one's place, answer and link
    assert [facts(person, (*CONTACT, *STATE, "join_url")) for person in elsewhere.people()] == [
        facts(person, (*CONTACT, *STATE, "join_url")) for person in roster.people()
    ]
    assert elsewhere.deliveries() == []  # what was sent is the roster's own, never taken from a table


@SUFFIXES
def test_an_export_holds_the_last_message_sent_and_no_personal_link_unless_asked(tmp_path: Path, suffix: str) -> None:
    roster = a_roster_with_a_history(tmp_path)
    path = tmp_path / f"export{suffix}"
    write_people(roster.people(), path, deliveries=roster.deliveries())
    header, omar, aidana, aminata, aisha = read_table(path)
    assert header == [*CONTACT, *STATE, "last_sent", "last_sent_revision", "last_sent_at"]
    text = "1" if suffix == ".csv" else 1
    last = dict(zip(header, omar, strict=True))
    assert (last["last_sent"], last["last_sent_revision"], last["last_sent_at"]) == (
        "update",
        text,
        "2021-12-03T09:00:00+00:00",
    )
    assert dict(zip(header, aisha, strict=True))["last_sent"] in ("", None)  # a failure is not a message sent
    promoted = roster.get("aminata@agri.example.sn").promoted_at
    assert promoted is not None
    assert dict(zip(header, aminata, strict=True))["promoted_at"] == promoted.isoformat()
    assert "tk=aidana" not in str(aidana)
    assert b"tk=aidana" not in path.read_bytes()
    write_people(roster.people(), path, links=True)
    header, _, aidana, *_ = read_table(path)
    assert header[-5:] == ["last_sent", "last_sent_revision", "last_sent_at", "join_url", "platform_id"]
    assert aidana[-2:] == ["https://zoom.us/w/2?tk=aidana", "z2"]


def test_a_csv_export_opens_in_excel_in_every_script_and_runs_no_formula(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    people = [
        Participant(email="omar@agri.example.sa", name="عمر الحربي", language="ar"),
        Participant(email="mallory@agri.example", name='=HYPERLINK("https://evil.example","Click")'),
    ]
    write_people(people, path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfemail,name,")
    assert "عمر الحربي".encode() in data
    assert b"'=HYPERLINK" in data
    assert read_people(path) == people
