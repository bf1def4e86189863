"""The messages of tests.roster.replies, read by Python's email, icalendar and our reader as the clients' replies."""

from __future__ import annotations

import email
import re
from datetime import UTC, date, datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import icalendar
import pytest

from iofs_events.exceptions import RosterError
from iofs_events.roster import Reply, Rsvp, read_reply
from tests.roster import replies
from tests.roster.replies import SHAPES, Shape, reply

PARIS = ZoneInfo("Europe/Paris")
STAMP = datetime(2030, 2, 20, 8, 15, tzinfo=UTC)
FIELDS: dict[str, Any] = {
    "uid": "iofs-fsg-2030@iofs.example",
    "sequence": 3,
    "dtstamp": STAMP,
    "attendee": "amina@agri.example",
    "partstat": "ACCEPTED",
    "name": "Amina Diallo",
}
PARTSTATS = ["ACCEPTED", "DECLINED", "TENTATIVE"]


def parse(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    assert [defect for part in message.walk() for defect in part.defects] == []
    return message


def calendar_parts(message: EmailMessage) -> list[EmailMessage]:
    return [part for part in message.walk() if part.get_content_type() in ("text/calendar", "application/ics")]


def calendar_text(part: EmailMessage) -> str:
    content = part.get_content()
    return content.decode() if isinstance(content, bytes) else content  # application/ics comes as bytes


def calendars(raw: bytes) -> list[icalendar.Calendar]:
    """Every calendar the message carries (Gmail and Thunderbird attach theirs twice); at least one."""
    parts = calendar_parts(parse(raw))
    assert parts
    return [icalendar.Calendar.from_ical(calendar_text(part)) for part in parts]


def the_event(raw: bytes) -> icalendar.Event:
    """The one VEVENT of the message's calendars, the same in each."""
    found = []
    for calendar in calendars(raw):
        (event,) = calendar.walk("VEVENT")
        found.append(event.to_ical())
    assert len(set(found)) == 1
    return event


def the_attendee(event: icalendar.Event) -> icalendar.vCalAddress:
    attendee = event["ATTENDEE"]
    assert not isinstance(attendee, list), "one ATTENDEE only"
    return attendee


def address(value: str) -> str:
    """A calendar user address without its scheme, which clients write in either case."""
    assert value.lower().startswith("mailto:")
    return value[len("mailto:") :].lower()


def raw_calendar(raw: bytes) -> str:
    """The text of the message's first calendar, as written (folded)."""
    return calendar_text(calendar_parts(parse(raw))[0])


@pytest.mark.parametrize("partstat", PARTSTATS)
@pytest.mark.parametrize("shape", SHAPES)
def test_every_shape_is_a_reply_with_the_answer_asked(shape: Shape, partstat: str) -> None:
    raw = reply(shape, **{**FIELDS, "partstat": partstat})
    for calendar in calendars(raw):
        assert calendar["METHOD"] == "REPLY"
        (event,) = calendar.walk("VEVENT")
        attendee = the_attendee(event)
        assert (address(attendee), attendee.params["PARTSTAT"], attendee.params["CN"]) == (
            "amina@agri.example",
            partstat,
            "Amina Diallo",
        )
        assert (event["UID"], event["SEQUENCE"], event["DTSTAMP"].dt) == ("iofs-fsg-2030@iofs.example", 3, STAMP)
        assert "RECURRENCE-ID" not in event
        assert event["DTSTART"].dt == replies.START
    assert email.utils.parseaddr(parse(raw)["From"])[1] == "amina@agri.example"


@pytest.mark.parametrize(
    ("shape", "subjects"),
    [
        ("outlook", ["Accepted: ", "Declined: ", "Tentative: "]),
        ("gmail", ["Accepted: ", "Declined: ", "Tentatively Accepted: "]),
        ("apple", ["Event accepted: ", "Event declined: ", "Event tentatively accepted: "]),
        ("thunderbird", ["Accepted: ", "Invitation Declined: ", "Tentative: "]),
    ],
)
def test_subjects_say_the_answer_in_the_clients_words(shape: Shape, subjects: list[str]) -> None:
    for partstat, prefix in zip(PARTSTATS, subjects, strict=True):
        subject = parse(reply(shape, **{**FIELDS, "partstat": partstat}))["Subject"]
        assert subject.startswith(prefix + replies.SUMMARY)


def test_outlook_writes_no_organizer_a_windows_zone_and_base64() -> None:
    raw = reply("outlook", **FIELDS)
    message = parse(raw)
    assert (message.get_content_type(), message["Content-Class"]) == (
        "multipart/alternative",
        "urn:content-classes:calendarmessage",
    )
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html", "text/calendar"]
    (part,) = calendar_parts(message)
    assert (part["Content-Transfer-Encoding"], part.get_param("method"), part.get_content_charset()) == (
        "base64",
        "REPLY",
        "utf-8",
    )
    text = raw_calendar(raw)
    assert text.startswith("BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nPRODID:Microsoft Exchange Server 2010\r\n")
    assert "MAILTO:amina@agri.example" in text
    event = the_event(raw)
    assert "ORGANIZER" not in event
    assert event["DTSTART"].params["TZID"] == "Romance Standard Time"
    assert event["X-MICROSOFT-CDO-APPT-SEQUENCE"] == "3"
    assert event["SUMMARY"] == "Accepted: " + replies.SUMMARY
    assert str(event["COMMENT"]) == "\n"  # Outlook's COMMENT when the attendee wrote nothing


def test_gmail_attaches_invite_ics_and_writes_utc_times() -> None:
    raw = reply("gmail", **FIELDS)
    message = parse(raw)
    alternative, attachment = message.iter_parts()
    assert [part.get_content_type() for part in alternative.iter_parts()] == [
        "text/plain",
        "text/html",
        "text/calendar",
    ]
    assert (attachment.get_content_type(), attachment.get_filename()) == ("application/ics", "invite.ics")
    inline, attached = calendar_parts(message)
    assert (inline.get_param("method"), inline["Content-Transfer-Encoding"]) == ("REPLY", "7bit")
    assert calendar_text(inline) == calendar_text(attached)
    calendar = icalendar.Calendar.from_ical(calendar_text(inline))
    assert calendar.walk("VTIMEZONE") == []
    event = the_event(raw)
    assert event["DTSTART"].to_ical() == b"20300304T090000Z"
    assert the_attendee(event).params["X-NUM-GUESTS"] == "0"
    assert address(event["ORGANIZER"]) == replies.ORGANIZER
    assert message["Sender"] == "Google Calendar <calendar-notification@google.com>"


def test_apple_mail_attaches_a_quoted_printable_calendar_without_method() -> None:
    raw = reply("apple", **FIELDS)
    message = parse(raw)
    assert (message.get_content_type(), message["X-Mail-Calendar-Part"]) == ("multipart/alternative", "Yes")
    (part,) = calendar_parts(message)
    assert part.get_param("method") is None
    assert re.fullmatch(r"iCal-\d{8}-\d{6}\.ics", part.get_filename() or "")
    assert part["Content-Transfer-Encoding"] == "quoted-printable"
    assert b"=0D=0A" in raw
    text = raw_calendar(raw)
    assert 'ORGANIZER;CN="IOFS Secretariat":mailto:' in text
    assert 'ATTENDEE;CN="Amina Diallo";CUTYPE=INDIVIDUAL;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:' in text.replace(
        "\r\n ", ""
    )
    calendar = icalendar.Calendar.from_ical(text)
    (timezone_,) = calendar.walk("VTIMEZONE")
    assert timezone_["TZID"] == "Europe/Paris"
    assert the_event(raw)["X-APPLE-TRAVEL-ADVISORY-BEHAVIOR"] == "AUTOMATIC"


def test_thunderbird_sends_8bit_with_invite_ics_and_no_rsvp() -> None:
    raw = reply("thunderbird", **{**FIELDS, "name": "Amina Diallo-Ouédraogo"})
    message = parse(raw)
    alternative, attachment = message.iter_parts()
    assert [part.get_content_type() for part in alternative.iter_parts()] == ["text/plain", "text/calendar"]
    assert (attachment.get_content_type(), attachment.get_filename()) == ("application/ics", "invite.ics")
    assert b"Content-type: text/calendar; method=REPLY; charset=UTF-8\r\nContent-transfer-encoding: 8BIT" in raw
    assert "Amina Diallo-Ouédraogo".encode() in raw  # 8 bits, no transfer encoding
    assert "RSVP" not in the_attendee(the_event(raw)).params
    assert (
        alternative.get_body(("plain",))
        .get_content()
        .startswith(  # type: ignore[union-attr]
            "Amina Diallo-Ouédraogo <amina@agri.example> has accepted your event invitation."
        )
    )


def test_outlook_answers_in_french_and_in_russian() -> None:
    french = reply("outlook", **FIELDS, language="fr")
    assert parse(french)["Subject"] == "Accepté\u00a0: " + replies.SUMMARY
    assert b"Subject: =?utf-8?q?Accept=C3=A9=C2=A0" in french
    assert the_event(french)["SUMMARY"].params["LANGUAGE"] == "fr-FR"
    russian = reply("outlook", **{**FIELDS, "name": "Бахыт Жумабаев", "comment": "Буду"}, language="ru")
    message = parse(russian)
    assert message["Subject"] == "Принято: " + replies.SUMMARY
    assert [part.get_content_charset() for part in message.iter_parts()] == ["koi8-r", "koi8-r", "utf-8"]
    assert message.get_body(("plain",)).get_content().strip() == "Буду"  # type: ignore[union-attr]
    assert the_attendee(the_event(russian)).params["CN"] == "Бахыт Жумабаев"
    with pytest.raises(ValueError, match="only the outlook shape"):
        reply("gmail", **FIELDS, language="fr")


@pytest.mark.parametrize("shape", SHAPES)
def test_long_lines_fold_and_names_and_titles_survive(shape: Shape) -> None:
    name = "Amina Diallo-Ouédraogo, Directrice générale de l'Agence nationale de la sécurité alimentaire"
    summary = "Atelier : gouvernance de la sécurité alimentaire ; coopération Sud-Sud"
    raw = reply(shape, **{**FIELDS, "name": name}, summary=summary)
    text = raw_calendar(raw)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert ("\r\n\t" if shape == "outlook" else "\r\n ") in text
    event = the_event(raw)
    assert the_attendee(event).params["CN"] == name
    assert summary in event["SUMMARY"]
    assert summary in parse(raw)["Subject"]


@pytest.mark.parametrize(
    ("shape", "where"),
    [("outlook", "COMMENT"), ("gmail", "X-RESPONSE-COMMENT"), ("apple", "COMMENT"), ("thunderbird", "COMMENT")],
)
def test_a_note_goes_where_the_client_puts_it(shape: Shape, where: str) -> None:
    note = "I will attend; with my deputy, if possible"
    event = the_event(reply(shape, **FIELDS, comment=note))
    found = the_attendee(event).params[where] if where.startswith("X-") else str(event[where])
    assert found.strip() == note


@pytest.mark.parametrize("shape", SHAPES)
def test_delegation_and_answers_sent_by_someone_else(shape: Shape) -> None:
    delegating = the_attendee(
        the_event(reply(shape, **{**FIELDS, "partstat": "DELEGATED"}, delegated_to="deputy@agri.example"))
    )
    assert (delegating.params["PARTSTAT"], address(delegating.params["DELEGATED-TO"])) == (
        "DELEGATED",
        "deputy@agri.example",
    )
    deputy = {**FIELDS, "attendee": "deputy@agri.example", "name": "Deputy"}
    delegate = the_attendee(the_event(reply(shape, **deputy, delegated_from="amina@agri.example")))
    assert (address(delegate), address(delegate.params["DELEGATED-FROM"])) == (
        "deputy@agri.example",
        "amina@agri.example",
    )
    raw = reply(shape, **FIELDS, sent_by="assistant@agri.example")
    assert address(the_attendee(the_event(raw)).params["SENT-BY"]) == "assistant@agri.example"
    assert email.utils.parseaddr(parse(raw)["From"])[1] == "assistant@agri.example"


@pytest.mark.parametrize("shape", SHAPES)
def test_an_answer_to_one_occurrence_or_to_a_whole_day_event(shape: Shape) -> None:
    occurrence = datetime(2030, 3, 11, 10, 0, tzinfo=PARIS)
    event = the_event(reply(shape, **FIELDS, recurrence_id=occurrence))
    assert event["RECURRENCE-ID"].dt == occurrence
    whole_day = the_event(reply(shape, **FIELDS, start=date(2021, 12, 22), end=date(2021, 12, 23)))
    assert (whole_day["DTSTART"].dt, whole_day["DTEND"].dt) == (date(2021, 12, 22), date(2021, 12, 23))


@pytest.mark.parametrize("shape", SHAPES)
def test_rsvp_and_organizer_as_asked(shape: Shape) -> None:
    assert "RSVP" not in the_attendee(the_event(reply(shape, **FIELDS))).params
    assert the_attendee(the_event(reply(shape, **FIELDS, rsvp=True))).params["RSVP"] == "TRUE"
    named = the_event(reply(shape, **FIELDS))
    assert ("ORGANIZER" in named) is (shape != "outlook")
    assert "ORGANIZER" not in the_event(reply(shape, **FIELDS, omit_organizer=True))
    assert email.utils.parseaddr(parse(reply(shape, **FIELDS))["To"])[1] == replies.ORGANIZER


@pytest.mark.parametrize("shape", SHAPES)
def test_the_same_answer_gives_the_same_bytes(shape: Shape) -> None:
    assert reply(shape, **FIELDS) == reply(shape, **FIELDS)
    assert reply(shape, **FIELDS) != reply(shape, **{**FIELDS, "uid": "another@iofs.example"})
    assert parse(reply(shape, **FIELDS, message_id="<given@agri.example>"))["Message-ID"] == "<given@agri.example>"


def test_times_need_a_zone_that_the_shape_can_name() -> None:
    with pytest.raises(ValueError, match="Windows names"):
        reply("outlook", **FIELDS, start=datetime(2030, 3, 4, 10, tzinfo=ZoneInfo("Asia/Almaty")))
    with pytest.raises(ValueError, match="IANA zone"):
        reply("apple", **FIELDS, start=datetime(2030, 3, 4, 10, tzinfo=timezone(timedelta(hours=5))))
    utc = the_event(reply("thunderbird", **FIELDS, start=datetime(2030, 3, 4, 9, tzinfo=UTC)))
    assert utc["DTSTART"].to_ical() == b"20300304T090000Z"
    with pytest.raises(ValueError, match="double quote"):
        reply("gmail", **FIELDS, comment='I said "yes"')


# --- The variants ---------------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
def test_a_spoofed_reply_comes_from_another_address(shape: Shape) -> None:
    raw = replies.spoofed(shape, **FIELDS)
    sender = email.utils.parseaddr(parse(raw)["From"])
    assert sender == ("Amina Diallo", "mallory@elsewhere.example")
    assert address(the_attendee(the_event(raw))) == "amina@agri.example"


@pytest.mark.parametrize("shape", SHAPES)
def test_an_uninvited_reply_names_a_stranger(shape: Shape) -> None:
    fields = {key: value for key, value in FIELDS.items() if key not in ("attendee", "name")}
    raw = replies.uninvited(shape, **fields)
    assert address(the_attendee(the_event(raw))) == "stranger@elsewhere.example"
    assert email.utils.parseaddr(parse(raw)["From"])[1] == "stranger@elsewhere.example"


@pytest.mark.parametrize("shape", SHAPES)
def test_a_stale_reply_answers_an_older_revision(shape: Shape) -> None:
    older = the_event(replies.stale(shape, by="sequence", **FIELDS))
    assert (older["SEQUENCE"], older["DTSTAMP"].dt) == (2, STAMP)
    earlier = the_event(replies.stale(shape, by="dtstamp", **FIELDS))
    assert (earlier["SEQUENCE"], earlier["DTSTAMP"].dt) == (3, STAMP - timedelta(days=1))
    with pytest.raises(ValueError, match="SEQUENCE of 1"):
        replies.stale(shape, by="sequence", **{**FIELDS, "sequence": 0})


@pytest.mark.parametrize(("shape", "subject"), [("outlook", "New Time Proposed: "), ("thunderbird", "")])
def test_a_counter_proposes_another_time(shape: Shape, subject: str) -> None:
    proposed = (datetime(2030, 3, 5, 14, tzinfo=PARIS), datetime(2030, 3, 5, 16, tzinfo=PARIS))
    fields = {key: value for key, value in FIELDS.items() if key != "partstat"}
    raw = replies.counter(shape, **fields, proposed_start=proposed[0], proposed_end=proposed[1])
    message = parse(raw)
    assert message["Subject"] == (subject + replies.SUMMARY if subject else "")
    assert {
        part.get_param("method") for part in calendar_parts(message) if part.get_content_type() == "text/calendar"
    } == {"COUNTER"}
    assert {str(calendar["METHOD"]) for calendar in calendars(raw)} == {"COUNTER"}
    event = the_event(raw)
    assert (event["DTSTART"].dt, event["DTEND"].dt) == proposed
    with pytest.raises(ValueError, match="sends no counter-proposal"):
        replies.counter("gmail", **fields, proposed_start=proposed[0], proposed_end=proposed[1])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="counter-proposal in fr"):
        replies.counter("outlook", **fields, proposed_start=proposed[0], proposed_end=proposed[1], language="fr")


@pytest.mark.parametrize("shape", SHAPES)
def test_a_refresh_asks_for_the_latest_version(shape: Shape) -> None:
    fields = {key: value for key, value in FIELDS.items() if key not in ("partstat", "sequence")}
    raw = replies.refresh(shape, **fields)
    assert {str(calendar["METHOD"]) for calendar in calendars(raw)} == {"REFRESH"}
    event = the_event(raw)
    assert "PARTSTAT" not in the_attendee(event).params
    assert not {"SEQUENCE", "DTSTART", "DTEND", "SUMMARY"} & set(event)
    assert (address(event["ORGANIZER"]), event["UID"]) == (replies.ORGANIZER, "iofs-fsg-2030@iofs.example")


def test_a_plain_email_carries_no_calendar() -> None:
    message = parse(replies.plain_email(sender="amina@agri.example", name="Amina Diallo", dtstamp=STAMP))
    assert [part.get_content_type() for part in message.walk()] == ["text/plain"]
    assert message.get_param("method") is None
    assert "accept" in message.get_content()
    assert message["Subject"] == "Re: Invitation: " + replies.SUMMARY


@pytest.mark.parametrize("shape", SHAPES)
def test_a_broken_reply_is_mail_whose_calendar_does_not_parse(shape: Shape) -> None:
    message = parse(replies.broken(shape, **FIELDS))
    parts = calendar_parts(message)
    assert parts
    for part in parts:
        text = calendar_text(part)
        assert "METHOD:REPLY" in text
        assert "ATTENDEE" in text
        assert "END:VCALENDAR" not in text
        with pytest.raises(ValueError, match="Found no components"):
            icalendar.Calendar.from_ical(text)


# --- What iofs_events.roster.read_reply reads in them ------------------------------------------


def read(raw: bytes) -> Reply:
    found = read_reply(raw)
    assert found is not None
    return found


@pytest.mark.parametrize("partstat", PARTSTATS)
@pytest.mark.parametrize("shape", SHAPES)
def test_the_reader_takes_the_answer_of_every_shape(shape: Shape, partstat: str) -> None:
    raw = reply(shape, **{**FIELDS, "partstat": partstat, "attendee": "Amina@Agri.example"})
    found = read(raw)
    assert (found.uid, found.sequence, found.dtstamp, found.attendee, found.sender) == (
        "iofs-fsg-2030@iofs.example",
        3,
        STAMP,
        "amina@agri.example",
        "amina@agri.example",
    )
    assert found.partstat is Rsvp(partstat.lower())
    assert found.message_id == parse(raw)["Message-ID"]
    assert (found.comment, found.delegated_to, found.delegated_from, found.sent_by) == (None, (), (), None)


@pytest.mark.parametrize("shape", SHAPES)
def test_the_reader_takes_them_with_or_without_organizer_rsvp_occurrence_or_times(shape: Shape) -> None:
    expected = attrs.evolve(read(reply(shape, **FIELDS)), message_id="")
    variants = [
        reply(shape, **FIELDS, omit_organizer=True),
        reply(shape, **FIELDS, rsvp=True),
        reply(shape, **FIELDS, recurrence_id=datetime(2030, 3, 4, 10, tzinfo=PARIS)),
        reply(shape, **FIELDS, start=date(2030, 3, 4), end=date(2030, 3, 5)),
        reply(shape, **{**FIELDS, "name": "Amina Diallo-Ouédraogo, Directrice générale"}, summary="Atelier ; Sud-Sud"),
    ]
    for raw in variants:
        assert attrs.evolve(read(raw), message_id="") == expected


@pytest.mark.parametrize("shape", SHAPES)
def test_the_reader_takes_the_note_wherever_the_client_puts_it(shape: Shape) -> None:
    note = "I will attend; with my deputy, if possible"
    assert read(reply(shape, **FIELDS, comment=note)).comment == note


def test_the_reader_takes_outlook_in_french_and_in_russian() -> None:
    french = read(reply("outlook", **{**FIELDS, "partstat": "DECLINED"}, language="fr", comment="Désolée"))
    assert (french.partstat, french.comment) == (Rsvp.DECLINED, "Désolée")
    russian = read(reply("outlook", **{**FIELDS, "name": "Бахыт Жумабаев", "comment": "Буду"}, language="ru"))
    assert (russian.partstat, russian.comment) == (Rsvp.ACCEPTED, "Буду")


@pytest.mark.parametrize("shape", SHAPES)
def test_the_reader_takes_a_delegation_as_a_decline_naming_the_delegate(shape: Shape) -> None:
    delegating = read(reply(shape, **{**FIELDS, "partstat": "DELEGATED"}, delegated_to="Deputy@agri.example"))
    assert (delegating.partstat, delegating.delegated_to) == (Rsvp.DECLINED, ("deputy@agri.example",))
    deputy = {**FIELDS, "attendee": "deputy@agri.example", "name": "Deputy"}
    delegate = read(reply(shape, **deputy, delegated_from="amina@agri.example"))
    assert (delegate.attendee, delegate.delegated_from, delegate.delegated_to) == (
        "deputy@agri.example",
        ("amina@agri.example",),
        (),
    )
    assistant = read(reply(shape, **FIELDS, sent_by="assistant@agri.example"))
    assert (assistant.sender, assistant.attendee, assistant.sent_by) == (
        "assistant@agri.example",
        "amina@agri.example",
        "assistant@agri.example",
    )


@pytest.mark.parametrize("shape", SHAPES)
def test_the_reader_reads_the_variants_as_they_are(shape: Shape) -> None:
    spoofed = read(replies.spoofed(shape, **FIELDS))
    assert (spoofed.sender, spoofed.attendee) == ("mallory@elsewhere.example", "amina@agri.example")
    fields = {key: value for key, value in FIELDS.items() if key not in ("attendee", "name")}
    assert read(replies.uninvited(shape, **fields)).attendee == "stranger@elsewhere.example"
    assert read(replies.stale(shape, by="sequence", **FIELDS)).sequence == 2
    assert read(replies.stale(shape, by="dtstamp", **FIELDS)).dtstamp == STAMP - timedelta(days=1)


@pytest.mark.parametrize("shape", SHAPES)
def test_the_reader_leaves_refresh_counter_and_plain_mail_alone(shape: Shape) -> None:
    fields = {key: value for key, value in FIELDS.items() if key not in ("partstat", "sequence")}
    assert read_reply(replies.refresh(shape, **fields)) is None
    if shape in ("outlook", "thunderbird"):
        proposed = datetime(2030, 3, 5, 14, tzinfo=PARIS), datetime(2030, 3, 5, 16, tzinfo=PARIS)
        counter = replies.counter(shape, **FIELDS, proposed_start=proposed[0], proposed_end=proposed[1])  # type: ignore[arg-type]
        assert read_reply(counter) is None
    assert read_reply(replies.plain_email(sender="amina@agri.example", dtstamp=STAMP)) is None


@pytest.mark.parametrize("shape", SHAPES)
def test_the_reader_names_a_broken_reply(shape: Shape) -> None:
    raw = replies.broken(shape, **FIELDS)
    message_id = parse(raw)["Message-ID"]
    with pytest.raises(RosterError, match=re.escape(message_id) + r": its calendar cannot be read \(Found no") as error:
        read_reply(raw)
    assert "\r" not in str(error.value)
