"""Replies taken into the roster: matched by UID, in order of SEQUENCE and DTSTAMP, once, never for someone else."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest

import iofs_events as ie
from iofs_events.exceptions import RosterError
from iofs_events.ical import uid
from iofs_events.roster import (
    Participant,
    RegistrationStatus,
    ReplyOutcome,
    ReplyReport,
    ReplyResult,
    Roster,
    Rsvp,
    SqliteStore,
    apply_replies,
    read_reply,
)
from iofs_events.roster._replies import _headers
from tests.roster import replies
from tests.roster.replies import SHAPES, Shape, reply

STAMP = datetime(2030, 2, 20, 8, 15, tzinfo=UTC)
NOW = datetime(2030, 2, 21, 9, 0, tzinfo=UTC)
PEOPLE = ("amina@agri.example", "bakhyt@agri.example", "chen@agri.example", "dora@agri.example")


@pytest.fixture
def event(seed: ie.Event) -> ie.Event:
    return seed


@pytest.fixture
def fields(event: ie.Event) -> dict[str, Any]:
    """An up-to-date answer of Amina to the seed's invitation."""
    return {"uid": uid(event), "sequence": 1, "dtstamp": STAMP, "attendee": PEOPLE[0], "partstat": "ACCEPTED"}


def make_roster(path: Path, event: ie.Event, *, capacity: int | None = None) -> Roster:
    roster = Roster(SqliteStore(path, event_id=event.id), capacity=capacity, clock=lambda: NOW)
    roster.merge([Participant(email=email.capitalize()) for email in PEOPLE])
    return roster


@pytest.fixture
def roster(tmp_path: Path, event: ie.Event) -> Roster:
    return make_roster(tmp_path / "seed.roster.sqlite", event)


def outcomes(report: ReplyReport) -> list[ReplyOutcome]:
    return [result.outcome for result in report.results]


def imip(
    calendar: str, *, headers: str | None = None, part: str = 'text/calendar; charset="utf-8"; method=REPLY'
) -> bytes:
    """A minimal iMIP message: headers, then one part holding ``calendar``."""
    if headers is None:
        headers = "From: Amina <amina@agri.example>\r\nMessage-ID: <hand-made@agri.example>\r\n"
    body = f"Content-Type: {part}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{calendar}"
    return (f"{headers}To: secretariat@iofs.example\r\nSubject: Accepted\r\nMIME-Version: 1.0\r\n" + body).encode()


def calendar(*lines: str, method: str = "REPLY") -> str:
    """A REPLY calendar of one VEVENT with ``lines``."""
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN", f"METHOD:{method}", "BEGIN:VEVENT"]
    return "\r\n".join([*head, *lines, "END:VEVENT", "END:VCALENDAR", ""])


ANSWER = (
    "UID:iofs-fsg-workshop-2021-12-22@iofs-events",
    "DTSTAMP:20300220T081500Z",
    "SEQUENCE:1",
    "ATTENDEE;PARTSTAT=ACCEPTED:mailto:amina@agri.example",
)


# --- Reading the odd ones ---------------------------------------------------------------------


def test_a_hand_made_reply_is_read_with_defaults_where_properties_are_missing() -> None:
    found = read_reply(imip(calendar(*ANSWER[:2], ANSWER[3])))
    assert found is not None
    assert (found.sequence, found.dtstamp, found.message_id) == (0, STAMP, "<hand-made@agri.example>")


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        ((), "holds no VEVENT"),
        (ANSWER[1:], "has no UID"),
        ((ANSWER[0], *ANSWER[2:]), "has no DTSTAMP date and time"),
        ((ANSWER[0], "DTSTAMP;VALUE=DATE:20300220", *ANSWER[2:]), "has no DTSTAMP date and time"),
        (ANSWER[:3], "names no ATTENDEE"),
        (
            (*ANSWER[:3], "ATTENDEE:mailto:amina@agri.example"),
            "PARTSTAT=NEEDS-ACTION of amina@agri.example is no answer",
        ),
        ((*ANSWER[:3], "ATTENDEE;PARTSTAT=COMPLETED:mailto:a@agri.example"), "PARTSTAT=COMPLETED of a@agri.example"),
        ((*ANSWER[:2], "SEQUENCE:two", ANSWER[3]), "its SEQUENCE is not a number: 'two'"),
        ((*ANSWER[:2], "SEQUENCE:-1", ANSWER[3]), "its SEQUENCE is negative: -1"),
    ],
)
def test_a_reply_without_an_answer_is_an_error_that_says_why(lines: tuple[str, ...], reason: str) -> None:
    text = calendar(*lines) if lines else calendar().replace("BEGIN:VEVENT\r\nEND:VEVENT\r\n", "")
    with pytest.raises(RosterError, match="^<hand-made@agri.example>: .*" + reason.replace("(", r"\(")):
        read_reply(imip(text))


def test_a_reply_found_in_an_ics_attachment_of_any_type_and_charset() -> None:
    text = "\ufeff" + calendar(
        *ANSWER[:3], "ATTENDEE;PARTSTAT=TENTATIVE;CN=Amina Diallo-Ouédraogo:MAILTO:amina@agri.example"
    )
    attached = 'application/octet-stream; name="reply.ics"\r\nContent-Disposition: attachment; filename="reply.ics"'
    for part in (attached, 'text/calendar; charset="x-unknown"', "application/ics"):
        found = read_reply(imip(text, part=part))
        assert found is not None
        assert found.partstat is Rsvp.TENTATIVE


def test_calendars_of_other_methods_or_other_parts_are_no_reply() -> None:
    assert read_reply(imip(calendar(*ANSWER, method="REQUEST"))) is None
    assert read_reply(imip(calendar(*ANSWER), part="text/plain; charset=utf-8")) is None
    assert read_reply(imip("BEGIN:VCALENDAR\r\nnot a calendar\r\n", part="text/calendar; method=PUBLISH")) is None


def test_a_broken_part_does_not_hide_a_good_one() -> None:
    good = calendar(*ANSWER)
    broken = good.split("ATTENDEE")[0] + "DTSTART 20300304\r\n"
    boundary = "b0undary"
    parts = [
        f"Content-Type: text/calendar; method=REPLY\r\n\r\n{broken}",
        f'Content-Type: application/ics; name="invite.ics"\r\n\r\n{good}',
    ]
    body = "".join(f"--{boundary}\r\n{part}\r\n" for part in parts) + f"--{boundary}--\r\n"
    raw = (
        f"From: amina@agri.example\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary={boundary}\r\n\r\n"
        f"{body}"
    ).encode()
    found = read_reply(raw)
    assert found is not None
    assert found.partstat is Rsvp.ACCEPTED


def test_times_and_addresses_are_made_plain() -> None:
    lines = (
        "UID:iofs-fsg\x1b[31m-2030@iofs.example",
        "DTSTAMP:20300220T081500Z",
        'ATTENDEE;PARTSTAT=ACCEPTED;SENT-BY="MAILTO:Assistant@Agri.example":MAILTO:Amina@Agri.example',
    )
    found = read_reply(imip(calendar(*lines), headers="From: =?utf-8?q?Assistant?= <ASSISTANT@agri.example>\r\n"))
    assert found is not None
    assert (found.uid, found.dtstamp, found.sender, found.sent_by, found.attendee) == (
        "iofs-fsg[31m-2030@iofs.example",  # no escape character left to garble a terminal
        STAMP,
        "assistant@agri.example",
        "assistant@agri.example",
        "amina@agri.example",
    )
    floating = read_reply(imip(calendar(ANSWER[0], "DTSTAMP:20300220T081500", ANSWER[3])))
    assert floating is not None
    assert floating.dtstamp == STAMP  # RFC 5545: a DTSTAMP is in UTC


def test_of_several_attendees_the_sender_answers() -> None:
    # RFC 5546 §4.2.5: a delegator's reply may name the delegate too.
    lines = (
        *ANSWER[:3],
        'ATTENDEE;PARTSTAT=ACCEPTED;DELEGATED-FROM="mailto:bakhyt@agri.example":mailto:amina@agri.example',
        'ATTENDEE;PARTSTAT=DELEGATED;DELEGATED-TO="mailto:amina@agri.example","mailto:chen@agri.example":'
        "mailto:bakhyt@agri.example",
    )
    delegator = read_reply(imip(calendar(*lines), headers="From: bakhyt@agri.example\r\n"))
    assert delegator is not None
    assert (delegator.attendee, delegator.partstat, delegator.delegated_to) == (
        "bakhyt@agri.example",
        Rsvp.DECLINED,
        ("amina@agri.example", "chen@agri.example"),
    )
    stranger = read_reply(imip(calendar(*lines), headers="From: mallory@elsewhere.example\r\n"))
    assert stranger is not None
    assert stranger.attendee == "amina@agri.example"  # the first: it will be refused as spoofed
    nobody = read_reply(imip(calendar(*lines), headers=""))
    assert nobody is not None
    assert (nobody.sender, nobody.attendee) == (None, "amina@agri.example")


def test_the_answer_to_the_whole_event_goes_before_one_to_an_occurrence() -> None:
    occurrence = calendar(
        "RECURRENCE-ID:20300304T090000Z", *ANSWER[:3], "ATTENDEE;PARTSTAT=DECLINED:mailto:a@x.example"
    )
    whole = "BEGIN:VEVENT\r\n" + "\r\n".join(ANSWER) + "\r\nEND:VEVENT\r\n"
    found = read_reply(imip(occurrence.replace("END:VCALENDAR", whole + "END:VCALENDAR")))
    assert found is not None
    assert found.partstat is Rsvp.ACCEPTED


def test_a_delegation_that_names_no_delegate_is_a_decline() -> None:
    found = read_reply(imip(calendar(*ANSWER[:3], "ATTENDEE;PARTSTAT=DELEGATED:mailto:amina@agri.example")))
    assert found is not None
    assert (found.partstat, found.delegated_to) == (Rsvp.DECLINED, ())


def test_a_message_without_message_id_is_known_by_a_digest_of_its_bytes() -> None:
    raw = imip(calendar(*ANSWER), headers="From: amina@agri.example\r\n")
    found = read_reply(raw)
    assert found is not None
    assert found.message_id.startswith("sha256:")
    assert len(found.message_id) == len("sha256:") + 64
    again = read_reply(raw.replace(b"\r\n", b"\n"))  # the same message saved with other line ends
    assert again is not None
    assert again.message_id == found.message_id
    other = read_reply(raw.replace(b"SEQUENCE:1", b"SEQUENCE:2"))
    assert other is not None
    assert other.message_id != found.message_id


@pytest.mark.parametrize("end", [b"\r\n", b"\n", b"\r"])
def test_the_headers_that_tell_a_message_read_before_are_those_of_the_whole_message(
    fields: dict[str, Any], end: bytes
) -> None:
    odd = [
        b"From: amina@agri.example\r\nMessage-ID: <headers-only@x>\r\n",  # no blank line: no body
        b"From: amina@agri.example\r\nno header here\r\nMessage-ID: <in-the-body@x>\r\n\r\n",  # the body begins
        b"Message-ID:\r\n <folded@x>\r\nFrom: amina@agri.example\r\n\r\nbody\r\n\r\nMessage-ID: <body@x>\r\n",
    ]
    for raw in [*(reply(shape, **fields) for shape in SHAPES), *odd]:
        data = raw.replace(b"\r\n", end)
        assert _headers(data).items() == message_from_bytes(data).items()


# --- Taking them into the roster --------------------------------------------------------------


@pytest.mark.parametrize("partstat", ["ACCEPTED", "TENTATIVE", "DECLINED"])
def test_every_shape_is_taken(roster: Roster, event: ie.Event, fields: dict[str, Any], partstat: str) -> None:
    messages = [
        reply(shape, **{**fields, "attendee": email.upper(), "partstat": partstat, "sequence": number})
        for number, (shape, email) in enumerate(zip(SHAPES, PEOPLE, strict=True))
    ]
    report = apply_replies(roster, event, messages)
    assert outcomes(report) == [ReplyOutcome.APPLIED] * 4
    for number, (email, result) in enumerate(zip(PEOPLE, report.results, strict=True)):
        person = roster.get(email)
        assert (person.rsvp, person.rsvp_sequence, person.rsvp_at, person.rsvp_message) == (
            Rsvp(partstat.lower()),
            number,
            STAMP,
            result.message_id,
        )
        assert roster.store.reply_seen(result.message_id) == "applied"
    assert report.refused == ()


def test_a_decline_gives_the_place_to_the_first_who_waits(
    tmp_path: Path, event: ie.Event, fields: dict[str, Any]
) -> None:
    roster = make_roster(tmp_path / "full.roster.sqlite", event, capacity=1)
    roster.register(PEOPLE[0], at=STAMP)
    roster.register(PEOPLE[1], at=STAMP + timedelta(hours=1))
    assert roster.get(PEOPLE[1]).status is RegistrationStatus.WAITLISTED
    report = apply_replies(roster, event, [reply("gmail", **{**fields, "partstat": "DECLINED"})])
    assert outcomes(report) == [ReplyOutcome.APPLIED]
    assert (roster.get(PEOPLE[0]).status, roster.get(PEOPLE[1]).status) == (
        RegistrationStatus.DECLINED,
        RegistrationStatus.REGISTERED,
    )


def test_reading_the_same_mail_again_changes_nothing(roster: Roster, event: ie.Event, fields: dict[str, Any]) -> None:
    messages = [reply("outlook", **fields), replies.spoofed("apple", **fields), replies.broken("gmail", **fields)]
    first = apply_replies(roster, event, messages)
    assert outcomes(first) == [ReplyOutcome.APPLIED, ReplyOutcome.SPOOFED, ReplyOutcome.UNREADABLE]
    before = roster.people()
    again = apply_replies(roster, event, messages)
    assert outcomes(again) == [ReplyOutcome.ALREADY_READ] * 3
    assert [result.message_id for result in again.results] == [result.message_id for result in first.results]
    assert roster.people() == before
    assert again.refused == ()


def test_an_older_answer_never_overwrites_a_newer_one(roster: Roster, event: ie.Event, fields: dict[str, Any]) -> None:
    newer = {**fields, "sequence": 2, "partstat": "DECLINED"}
    older = {**newer, "partstat": "ACCEPTED"}
    messages = [
        reply("thunderbird", **newer),
        replies.stale("outlook", by="sequence", **older),
        replies.stale("gmail", by="dtstamp", **older),
        reply("apple", **older),  # the same revision and moment: not newer either
    ]
    report = apply_replies(roster, event, messages)
    assert outcomes(report) == [ReplyOutcome.APPLIED] + [ReplyOutcome.STALE] * 3
    assert report.results[1].reason == (
        "SEQUENCE 1, DTSTAMP 2030-02-20 08:15:00 UTC: not newer than the answer the roster holds "
        "(SEQUENCE 2, DTSTAMP 2030-02-20 08:15:00 UTC)"
    )
    person = roster.get(PEOPLE[0])
    assert (person.rsvp, person.rsvp_message) == (Rsvp.DECLINED, report.results[0].message_id)
    assert roster.store.reply_seen(report.results[1].message_id) == "stale"
    later = {**older, "dtstamp": STAMP + timedelta(minutes=5)}
    assert outcomes(apply_replies(roster, event, [reply("apple", **later)])) == [ReplyOutcome.APPLIED]
    assert roster.get(PEOPLE[0]).rsvp is Rsvp.ACCEPTED


@pytest.mark.parametrize("shape", SHAPES)
def test_no_one_can_answer_for_someone_else(
    roster: Roster, event: ie.Event, fields: dict[str, Any], shape: Shape
) -> None:
    report = apply_replies(roster, event, [replies.spoofed(shape, **{**fields, "partstat": "DECLINED"})])
    (result,) = report.refused
    assert (result.outcome, result.sender, result.reason) == (
        ReplyOutcome.SPOOFED,
        "mallory@elsewhere.example",
        "sent from mallory@elsewhere.example, but answers for amina@agri.example: no one can answer for someone else",
    )
    assert roster.get(PEOPLE[0]).rsvp is Rsvp.NEEDS_ACTION
    assert roster.store.reply_seen(result.message_id) == "spoofed"


def test_an_assistant_answers_from_the_attendees_domain_only(
    roster: Roster, event: ie.Event, fields: dict[str, Any]
) -> None:
    assistant = reply("outlook", **fields, sent_by="assistant@agri.example")
    outsider = reply("outlook", **{**fields, "attendee": PEOPLE[1]}, sent_by="helper@elsewhere.example")
    claimed = reply(
        "outlook", **{**fields, "attendee": PEOPLE[2]}, sent_by="assistant@agri.example", sender="x@agri.example"
    )
    report = apply_replies(roster, event, [assistant, outsider, claimed])
    assert outcomes(report) == [ReplyOutcome.APPLIED, ReplyOutcome.SPOOFED, ReplyOutcome.SPOOFED]
    assert report.results[1].reason == (
        "sent by helper@elsewhere.example for bakhyt@agri.example (SENT-BY), from another mail domain: "
        "only someone of the attendee's own domain may answer for them"
    )
    assert "sent from x@agri.example, but answers for chen@agri.example" in str(report.results[2].reason)
    assert roster.get(PEOPLE[0]).rsvp is Rsvp.ACCEPTED


def test_a_reply_without_sender_is_refused(roster: Roster, event: ie.Event) -> None:
    report = apply_replies(roster, event, [imip(calendar(*ANSWER), headers="Message-ID: <no-from@x>\r\n")])
    assert [(result.outcome, result.sender, result.reason) for result in report.results] == [
        (ReplyOutcome.SPOOFED, None, "has no From address, and answers for amina@agri.example")
    ]


@pytest.mark.parametrize("shape", SHAPES)
def test_strangers_and_other_events_are_refused(
    roster: Roster, event: ie.Event, fields: dict[str, Any], shape: Shape
) -> None:
    stranger = replies.uninvited(shape, **{key: value for key, value in fields.items() if key != "attendee"})
    session = reply(shape, **{**fields, "uid": uid(event, 0)})
    report = apply_replies(roster, event, [stranger, session])
    assert [(result.outcome, result.reason) for result in report.refused] == [
        (ReplyOutcome.UNKNOWN_ATTENDEE, "stranger@elsewhere.example is not on the roster"),
        (
            ReplyOutcome.OTHER_EVENT,
            f"answers the calendar entry {uid(event, 0)}, not this event's iofs-fsg-workshop-2021-12-22@iofs-events",
        ),
    ]
    assert len(roster.people()) == len(PEOPLE)
    assert roster.get(PEOPLE[0]).rsvp is Rsvp.NEEDS_ACTION


def test_a_delegation_declines_and_reports_the_delegates(
    roster: Roster, event: ie.Event, fields: dict[str, Any]
) -> None:
    delegating = {**fields, "partstat": "DELEGATED"}
    to_stranger = reply("gmail", **delegating, delegated_to="deputy@agri.example")
    deputy = {**fields, "attendee": "deputy@agri.example"}
    from_deputy = reply("gmail", **deputy, delegated_from=PEOPLE[0])
    to_colleague = reply("outlook", **{**delegating, "attendee": PEOPLE[1]}, delegated_to=PEOPLE[2])
    report = apply_replies(roster, event, [to_stranger, from_deputy, to_colleague])
    assert outcomes(report) == [ReplyOutcome.DELEGATED, ReplyOutcome.UNKNOWN_ATTENDEE, ReplyOutcome.DELEGATED]
    assert [result.reason for result in report.results] == [
        "amina@agri.example delegated to deputy@agri.example; "
        "deputy@agri.example not added to the roster: add them if they are to come",
        "deputy@agri.example, to whom amina@agri.example delegated, is not on the roster",
        "bakhyt@agri.example delegated to chen@agri.example; chen@agri.example on the roster already",
    ]
    assert report.delegated == (report.results[0], report.results[2])
    assert [roster.get(email).rsvp for email in PEOPLE[:3]] == [Rsvp.DECLINED, Rsvp.DECLINED, Rsvp.NEEDS_ACTION]
    assert roster.get(PEOPLE[0]).status is RegistrationStatus.DECLINED


def test_mail_that_is_no_reply_is_left_alone_and_forgotten(
    roster: Roster, event: ie.Event, fields: dict[str, Any]
) -> None:
    proposal = datetime(2030, 3, 5, 14, tzinfo=UTC), datetime(2030, 3, 5, 16, tzinfo=UTC)
    messages = [
        replies.refresh(
            "gmail", **{key: value for key, value in fields.items() if key not in ("partstat", "sequence")}
        ),
        replies.counter("thunderbird", **fields, proposed_start=proposal[0], proposed_end=proposal[1]),
        replies.plain_email(sender=PEOPLE[0], dtstamp=STAMP),
    ]
    report = apply_replies(roster, event, messages)
    assert outcomes(report) == [ReplyOutcome.NOT_A_REPLY] * 3
    assert all(roster.store.reply_seen(result.message_id) is None for result in report.results)
    assert roster.get(PEOPLE[0]).rsvp is Rsvp.NEEDS_ACTION


def test_a_broken_reply_is_refused_and_remembered(roster: Roster, event: ie.Event, fields: dict[str, Any]) -> None:
    (result,) = apply_replies(roster, event, [replies.broken("apple", **fields)]).results
    assert (result.outcome, result.reply) == (ReplyOutcome.UNREADABLE, None)
    assert result.reason == "its calendar cannot be read (Found no components where exactly one is required)"
    assert roster.store.reply_seen(result.message_id) == "unreadable"


class FailingStore(SqliteStore):
    """A store that fails to remember a reply, as a process killed between the answer and the memory of it."""

    def remember_reply(self, message_id: str, outcome: str, at: datetime) -> None:
        raise RosterError("disk full")


def test_a_message_is_taken_whole_or_not_at_all(tmp_path: Path, event: ie.Event, fields: dict[str, Any]) -> None:
    path = tmp_path / "seed.roster.sqlite"
    make_roster(path, event).close()
    failing = Roster(FailingStore(path, event_id=event.id))
    with pytest.raises(RosterError, match="disk full"):
        apply_replies(failing, event, [reply("gmail", **{**fields, "partstat": "DECLINED"})])
    roster = Roster(SqliteStore(path, event_id=event.id))
    assert roster.get(PEOPLE[0]).rsvp is Rsvp.NEEDS_ACTION  # the answer went back with the transaction
    assert outcomes(apply_replies(roster, event, [reply("gmail", **{**fields, "partstat": "DECLINED"})])) == [
        ReplyOutcome.APPLIED
    ]


def test_refusals_are_logged_as_warnings(
    roster: Roster, event: ie.Event, fields: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="iofs_events.roster")
    report = apply_replies(roster, event, [reply("apple", **fields), replies.spoofed("apple", **fields)])
    applied, spoofed = report.results
    assert [(record.levelname, record.getMessage()) for record in caplog.records] == [
        ("INFO", f"reply {applied.message_id} from amina@agri.example: applied"),
        ("WARNING", f"reply {spoofed.message_id} from mallory@elsewhere.example: spoofed: {spoofed.reason}"),
    ]


def test_the_report_counts_and_adds_up() -> None:
    def result(outcome: ReplyOutcome) -> ReplyResult:
        return ReplyResult(message_id=f"<{outcome}@x>", sender=None, outcome=outcome)

    first = ReplyReport((result(ReplyOutcome.APPLIED), result(ReplyOutcome.SPOOFED)))
    second = ReplyReport((result(ReplyOutcome.APPLIED), result(ReplyOutcome.NOT_A_REPLY)))
    both = first + second
    assert both.results == first.results + second.results
    counts = both.counts()
    assert list(counts) == list(ReplyOutcome)
    assert {outcome: count for outcome, count in counts.items() if count} == {
        ReplyOutcome.APPLIED: 2,
        ReplyOutcome.SPOOFED: 1,
        ReplyOutcome.NOT_A_REPLY: 1,
    }
    assert both.refused == (first.results[1],)
    assert [outcome for outcome in ReplyOutcome if outcome.refused] == [
        ReplyOutcome.OTHER_EVENT,
        ReplyOutcome.SPOOFED,
        ReplyOutcome.UNKNOWN_ATTENDEE,
        ReplyOutcome.UNREADABLE,
    ]
    assert ReplyReport().counts()[ReplyOutcome.APPLIED] == 0
