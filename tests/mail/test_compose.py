"""Composing emails: the iMIP layout, personal facts, languages, templates, and safe headers."""

from __future__ import annotations

import email
import html
import re
from datetime import UTC, datetime
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.utils import getaddresses
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar, cast
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

import iofs_events as ie
from iofs_events import json as event_json
from iofs_events.exceptions import MailError
from iofs_events.mail import (
    Change,
    Composer,
    Honorific,
    Kind,
    Message,
    Recipient,
    RecipientRole,
    _mime,
    changes,
    compose,
)
from iofs_events.mail._compose import _KIND_FIELDS
from tests.paths import ROOT
from tests.strategies import NOT_ONE_MAILBOX, not_one_mailbox

TRAINING = ROOT / "docs" / "how-to" / "regional-training-2022.toml"
SENDER = "IOFS Secretariat <events@iofs.example>"
STAMP = datetime(2021, 11, 17, 9, 0, tzinfo=UTC)
ALMATY = ZoneInfo("Asia/Almaty")


@pytest.fixture(scope="module")
def timed(seed: ie.Event) -> ie.Event:
    """The seed once its time and Zoom meeting are fixed (revision 1)."""
    return seed.revise(
        schedule=ie.TimeSpan(
            starts_at=datetime(2021, 12, 22, 10, tzinfo=ALMATY), ends_at=datetime(2021, 12, 22, 16, tzinfo=ALMATY)
        ),
        online_meeting=ie.OnlineMeeting(
            platform="zoom",
            join_url="https://zoom.example/j/87512345678",
            meeting_id="875 1234 5678",
            passcode="Fs2021",
            host_url="https://zoom.example/s/87512345678?zak=host-secret",
            dial_in=(ie.DialIn(number="+77172696969"),),
        ),
    )


def _parse(message: Message) -> EmailMessage:
    return cast("EmailMessage", email.message_from_bytes(message.data, policy=policy.default))


def _part(parsed: EmailMessage, content_type: str) -> str:
    part = next(part for part in parsed.walk() if part.get_content_type() == content_type)
    return cast("str", part.get_content()) if part.get_content_maintype() == "text" else part.get_content().decode()


def _vevent(parsed: EmailMessage) -> Calendar:
    calendar = Calendar.from_ical(_part(parsed, "text/calendar"))
    return calendar.walk("VEVENT")[0]


def _compose(event: ie.Event, recipient: Recipient | None = None, **options: object) -> EmailMessage:
    recipient = recipient or Recipient(email="aida@agri.example.kz", name="Aida Nurlanovna")
    return _parse(compose(event, recipient, sender=SENDER, stamp=STAMP, **options))  # type: ignore[arg-type]


def test_an_invitation_has_the_layout_clients_show_as_one(timed: ie.Event) -> None:
    parsed = _compose(timed)
    assert parsed.get_content_type() == "multipart/mixed"
    alternative, attachment = parsed.iter_parts()
    assert [part.get_content_type() for part in alternative.iter_parts()] == [
        "text/plain",
        "text/html",
        "text/calendar",
    ]
    calendar_part = list(alternative.iter_parts())[2]
    assert calendar_part.get_param("method") == "REQUEST"
    assert calendar_part.get_content_charset() == "utf-8"
    assert "METHOD:REQUEST" in _part(parsed, "text/calendar")
    assert attachment.get_content_type() == "application/ics"
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content().decode() == _part(parsed, "text/calendar")
    assert parsed["MIME-Version"] == "1.0"
    assert parsed["Date"].datetime == STAMP


def test_without_attachment_only_the_alternative_remains(timed: ie.Event) -> None:
    parsed = _compose(timed, attach=False)
    assert [part.get_content_type() for part in parsed.iter_parts()] == ["multipart/alternative"]


def test_the_recipient_is_an_attendee_and_the_sender_the_organizer(timed: ie.Event) -> None:
    recipient = Recipient(email="omar@agri.example.sa", name="عمر الحربي", role=RecipientRole.HOST)
    vevent = _vevent(_compose(timed, recipient))
    attendee = vevent["ATTENDEE"]
    assert str(attendee) == "mailto:omar@agri.example.sa"
    assert attendee.params["CN"] == "عمر الحربي"
    assert attendee.params["ROLE"] == "CHAIR"
    assert attendee.params["RSVP"] == "TRUE"
    assert str(vevent["ORGANIZER"]) == "mailto:events@iofs.example"
    assert vevent["ORGANIZER"].params["CN"] == "Islamic Organization for Food Security (IOFS)"
    assert "SENT-BY" not in vevent["ORGANIZER"].params


def test_an_organizer_with_another_address_is_sent_for(timed: ie.Event) -> None:
    organizer = attrs.evolve(cast("ie.Organization", timed.organizer), email="secretariat@iofs.example")
    vevent = _vevent(_compose(attrs.evolve(timed, organizer=organizer)))
    assert str(vevent["ORGANIZER"]) == "mailto:secretariat@iofs.example"
    assert vevent["ORGANIZER"].params["SENT-BY"] == "mailto:events@iofs.example"
    same = _vevent(
        _parse(compose(attrs.evolve(timed, organizer=organizer), _guest(), sender="secretariat@iofs.example"))
    )
    assert "SENT-BY" not in same["ORGANIZER"].params


def _guest(**fields: object) -> Recipient:
    return Recipient(email="aida@agri.example.kz", name="Aida Nurlanovna", **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "method"),
    [
        (Kind.ANNOUNCEMENT, "PUBLISH"),
        (Kind.INVITATION, "REQUEST"),
        (Kind.REMINDER, "REQUEST"),
    ],
)
def test_each_kind_carries_its_method_inside_and_outside(timed: ie.Event, kind: Kind, method: str) -> None:
    parsed = _compose(timed, kind=kind)
    calendar = Calendar.from_ical(_part(parsed, "text/calendar"))
    assert calendar["METHOD"] == method
    alternative = next(iter(parsed.iter_parts()))
    assert list(alternative.iter_parts())[2].get_param("method") == method
    assert ("ATTENDEE" in calendar.walk("VEVENT")[0]) is (method != "PUBLISH")


def test_an_announcement_never_shows_the_passcode(timed: ie.Event) -> None:
    parsed = _compose(timed, _guest(registered=True), kind=Kind.ANNOUNCEMENT)
    for content_type in ("text/plain", "text/html", "text/calendar"):
        assert "Fs2021" not in _part(parsed, content_type)
    assert parsed["Subject"] == timed.title


def test_the_passcode_is_for_registered_recipients_and_hosts(timed: ie.Event) -> None:
    for recipient, shown in [
        (_guest(), False),
        (_guest(registered=True), True),
        (_guest(role=RecipientRole.HOST), True),
        (_guest(role=RecipientRole.SPEAKER), False),
    ]:
        parsed = _compose(timed, recipient)
        for content_type in ("text/plain", "text/html", "text/calendar"):
            assert ("Fs2021" in _part(parsed, content_type)) is shown, (recipient, content_type)


def test_the_host_link_is_for_hosts_only_and_never_in_the_calendar(timed: ie.Event) -> None:
    host = _compose(timed, _guest(role=RecipientRole.HOST))
    assert "zak=host-secret" in _part(host, "text/plain")
    assert "zak=host-secret" in _part(host, "text/html")
    assert "zak=host-secret" not in _part(host, "text/calendar")
    for role in (RecipientRole.PARTICIPANT, RecipientRole.SPEAKER, RecipientRole.INTERPRETER):
        assert b"host-secret" not in compose(timed, _guest(role=role), sender=SENDER).data


def test_a_personal_join_link_replaces_the_shared_one_everywhere(timed: ie.Event) -> None:
    own = "https://zoom.example/w/87512345678?tk=aida-own"
    shared = "https://zoom.example/j/87512345678"
    mine = _compose(timed, _guest(registered=True, join_url=own))
    others = _compose(timed, Recipient(email="omar@agri.example.sa", name="Omar Al-Harbi", registered=True))
    for content_type in ("text/plain", "text/html", "text/calendar"):
        seen = unquote(html.unescape(_part(mine, content_type)))  # the links that add the event to a calendar too
        assert own in seen
        assert shared not in seen
        assert shared in unquote(html.unescape(_part(others, content_type)))
        assert "aida-own" not in unquote(_part(others, content_type))


def test_times_show_on_the_event_clock_and_the_readers(timed: ie.Event) -> None:
    text = _part(_compose(timed, _guest(time_zone="Europe/Moscow")), "text/plain")
    assert "When: Wednesday, December 22, 2021, 10:00\u202fAM\u20134:00\u202fPM (Almaty, GMT+06:00)" in text
    assert "Your local time: Wednesday, December 22, 2021, 7:00\u202fAM\u20131:00\u202fPM (Moscow, GMT+03:00)" in text
    same_clock = _part(_compose(timed, _guest(time_zone="Asia/Dhaka")), "text/plain")  # also UTC+6
    assert "Your time" not in same_clock


def test_a_day_without_a_time_says_it_is_to_be_announced(seed: ie.Event) -> None:
    text = _part(_compose(seed, _guest(time_zone="Europe/Moscow")), "text/plain")
    assert "When: December 22, 2021 (the time will be announced)" in text
    assert "Your time" not in text


def test_every_fact_of_the_seed_reaches_the_reader(seed: ie.Event) -> None:
    parsed = _compose(seed)
    for content_type in ("text/plain", "text/html"):
        body = _visible(_part(parsed, content_type))
        facts = [
            seed.title,
            *seed.objectives,
            "Workshop",
            "International",
            "Online",
            "Zoom",
            "Language: English",
            "Interpretation: Arabic, French, and Russian",
            cast("ie.Audience", seed.audience).description,
            "Food Security Governance",  # the programme
            "other stakeholders",
            *seed.background,
            "Third General Assembly of IOFS",
            "Ankara",
            "Fourth General Assembly of IOFS",
            "Nur-Sultan",
            "Analysis of Food Security Policies of OIC member states (2022)",
            "COMCEC",
            cast("ie.Registration", seed.registration).instructions,
            "Bakytzhan Arystanbek, Program Manager, IOFS Secretariat, +7 701 881 2532",
            *seed.disclaimer,
        ]
        for fact in facts:
            assert " ".join(str(fact).split()) in body, (content_type, fact)


def _visible(body: str) -> str:
    """The text a reader sees, whitespace collapsed: the data of an HTML document, or plain text as it is."""

    class Text(HTMLParser):
        chunks: ClassVar[list[str]] = []

        def handle_data(self, data: str) -> None:
            self.chunks.append(data)

    if body.startswith("<!DOCTYPE html>"):
        parser = Text()
        parser.chunks = []
        parser.feed(body)
        body = " ".join(parser.chunks)
    return " ".join(body.split())


def test_a_speaker_sees_their_sessions() -> None:
    training = event_json.read(TRAINING)
    moderator = attrs.evolve(training.agenda[1].speakers[0].person, email="Bakytzhan@IOFS.example")
    speaker = attrs.evolve(training.agenda[1].speakers[0], person=moderator)
    agenda = (training.agenda[0], attrs.evolve(training.agenda[1], speakers=(speaker,)), *training.agenda[2:])
    training = attrs.evolve(training, agenda=agenda)
    text = _part(
        _compose(training, Recipient(email="bakytzhan@iofs.example", role=RecipientRole.SPEAKER)), "text/plain"
    )
    assert "You are taking part as a speaker." in text
    mine = text.split("Your sessions:\n")[1].split("\n\n")[0]
    # the training lasts three days, so each session says its day; addresses match whatever their case
    assert (
        mine
        == "- May 10, 2022, 9:30\u202fAM\u201312:30\u202fPM National strategies for food security: country experiences"
    )
    other = _part(_compose(training, Recipient(email="someone@iofs.example", role=RecipientRole.SPEAKER)), "text/plain")
    assert "Your sessions:" not in other


def test_an_interpreter_is_told_so(timed: ie.Event) -> None:
    assert "as an interpreter" in _part(_compose(timed, _guest(role=RecipientRole.INTERPRETER)), "text/plain")


def test_calendar_links_open_a_prefilled_entry(timed: ie.Event, seed: ie.Event) -> None:
    html = _part(_compose(timed), "text/html")
    text = _part(_compose(timed), "text/plain")
    google = next(line for line in text.splitlines() if line.startswith("- Google Calendar: ")).split(": ", 1)[1]
    outlook = next(line for line in text.splitlines() if line.startswith("- Outlook: ")).split(": ", 1)[1]
    assert google.replace("&", "&amp;") in html
    query = parse_qs(urlsplit(google).query)
    assert query["dates"] == ["20211222T040000Z/20211222T100000Z"]
    assert query["text"] == [timed.title]
    assert query["location"] == ["https://zoom.example/j/87512345678"]
    assert "Fs2021" not in google + outlook
    query = parse_qs(urlsplit(outlook).query)
    assert (query["startdt"], query["enddt"]) == (["2021-12-22T04:00:00Z"], ["2021-12-22T10:00:00Z"])
    days = parse_qs(urlsplit(_part(_compose(seed), "text/plain").split("- Outlook: ")[1].split()[0]).query)
    assert (days["startdt"], days["enddt"], days["allday"]) == (["2021-12-22"], ["2021-12-23"], ["true"])


def test_an_update_says_what_changed(seed: ie.Event, timed: ie.Event) -> None:
    assert changes(seed, timed) == (Change.TIME, Change.LINK)
    moved = timed.revise(
        format=ie.EventFormat.HYBRID, venue=ie.Venue(name="IOFS Headquarters", locality="Astana", country="KZ")
    )
    assert changes(timed, moved) == (Change.PLACE,)
    postponed = moved.revise(status=ie.EventStatus.POSTPONED)
    assert changes(moved, postponed) == (Change.STATUS,)
    text = _part(_compose(moved, previous=timed, kind=Kind.UPDATE), "text/plain")
    assert "- Place: IOFS Headquarters, Astana, Kazakhstan\n" in text
    text = _part(_compose(timed, previous=seed, kind=Kind.UPDATE), "text/plain")
    assert "- Time: now Wednesday, December 22, 2021, 10:00\u202fAM" in text
    assert "\n  Previously: December 22, 2021 (the time will be announced)\n" in text  # no parentheses in parentheses
    assert "- How to join: new details below" in text
    text = _part(_compose(postponed, previous=moved, kind=Kind.UPDATE), "text/plain")
    assert "- Status: now Postponed" in text
    vevent = _vevent(_compose(postponed, previous=moved, kind=Kind.UPDATE))
    assert vevent["SEQUENCE"] == postponed.revision == 3


def test_an_update_needs_an_earlier_revision_of_the_same_event(seed: ie.Event, timed: ie.Event) -> None:
    with pytest.raises(MailError, match="give the previous revision"):
        Composer(timed, sender=SENDER, kind=Kind.UPDATE)
    with pytest.raises(MailError, match="earlier revision of the same event"):
        Composer(seed, sender=SENDER, kind=Kind.UPDATE, previous=timed)
    with pytest.raises(MailError, match="earlier revision of the same event"):
        Composer(timed, sender=SENDER, kind=Kind.UPDATE, previous=attrs.evolve(seed, id="another-event"))
    with pytest.raises(MailError, match="only an update compares"):
        Composer(timed, sender=SENDER, kind=Kind.INVITATION, previous=seed)


def test_a_cancellation_needs_a_cancelled_event(timed: ie.Event) -> None:
    with pytest.raises(MailError, match=r"cannot write a cancellation: cancel the event first"):
        Composer(timed, sender=SENDER, kind=Kind.CANCELLATION)
    cancelled = timed.cancel()
    parsed = _compose(cancelled, kind=Kind.CANCELLATION)
    vevent = _vevent(parsed)
    assert Calendar.from_ical(_part(parsed, "text/calendar"))["METHOD"] == "CANCEL"
    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["SEQUENCE"] == cancelled.revision
    assert str(vevent["ATTENDEE"]) == "mailto:aida@agri.example.kz"
    assert parsed["Subject"] == f"Cancelled: {timed.title}"
    assert "has been cancelled" in _part(parsed, "text/plain")
    assert "Add to your calendar" not in _part(parsed, "text/plain")


def test_an_event_without_schedule_cannot_be_mailed(seed: ie.Event) -> None:
    with pytest.raises(MailError, match="no schedule yet"):
        Composer(attrs.evolve(seed, schedule=None), sender=SENDER)


@pytest.mark.parametrize("sender", NOT_ONE_MAILBOX)
def test_a_bad_sender_is_refused(timed: ie.Event, sender: str) -> None:
    with pytest.raises(MailError, match="sender"):
        Composer(timed, sender=sender)


@settings(max_examples=50)
@given(sender=not_one_mailbox)
def test_a_sender_of_two_addresses_or_lines_is_refused(timed: ie.Event, sender: str) -> None:
    with pytest.raises(MailError, match="sender"):
        Composer(timed, sender=sender)


def test_names_and_titles_cannot_inject_headers(timed: ie.Event) -> None:
    with pytest.raises(ie.ValidationError, match="single line"):
        Recipient(email="a@example.org", name="Eve\r\nBcc: everyone@example.org")
    with pytest.raises(ie.ValidationError):
        timed.revise(title="Workshop\r\nBcc: everyone@example.org")
    for value in ("a\r\nBcc: x@example.org", "a\nb", "a\x00b"):
        with pytest.raises(MailError, match="line break or a control character"):
            _mime.header("Subject", value)
        with pytest.raises(MailError, match="line break or a control character"):
            _mime.mailbox("To", value, "a@example.org")


def test_a_template_cannot_break_the_subject_line(timed: ie.Event, tmp_path: Path) -> None:
    (tmp_path / "subject.txt").write_text("Line one\r\nBcc: everyone@example.org\n\n   spaced", encoding="utf-8")
    parsed = _compose(timed, templates=tmp_path)
    assert parsed["Subject"] == "Line one Bcc: everyone@example.org spaced"
    assert parsed["Bcc"] is None


def test_event_text_is_escaped_in_html(timed: ie.Event) -> None:
    hostile = timed.revise(
        title='<script>alert("x")</script> & <b>Workshop</b>', objectives=('<img src=x onerror="alert(1)">',)
    )
    parsed = _compose(hostile, _guest(role=RecipientRole.HOST))
    html = _part(parsed, "text/html")
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;Workshop&lt;/b&gt;" in html
    assert '<script>alert("x")</script> & <b>Workshop</b>' in _part(parsed, "text/plain")
    assert parsed["Subject"] == f"Invitation: {hostile.title}"


def test_long_and_right_to_left_names_fold_and_come_back_whole(timed: ie.Event) -> None:
    name = "عبد الرحمن بن محمد بن عبد العزيز " * 8 + "آل سعود"
    long_title = "Regional " * 40 + "Workshop"
    message = compose(
        timed.revise(title=long_title), Recipient(email="guest@agri.example.sa", name=name), sender=SENDER
    )
    head = message.data.split(b"\r\n\r\n", 1)[0]
    assert all(len(line) <= 78 for line in head.split(b"\r\n")), head
    assert head.isascii()
    # RFC 2047 decoding as mail clients do it; Python's address parser puts a space between encoded words.
    raw = email.message_from_bytes(message.data, policy=policy.compat32)
    assert getaddresses([str(make_header(decode_header(raw["To"])))]) == [(name, "guest@agri.example.sa")]
    assert _parse(message)["Subject"] == f"Invitation: {long_title}"
    arabic_title = "ورشة عمل إقليمية حول التخطيط الاستراتيجي وتطوير السياسات في مجال الأمن الغذائي"
    subject = _parse(compose(timed.revise(title=arabic_title), _guest(), sender=SENDER))["Subject"]
    assert subject == f"Invitation: {arabic_title}"


@pytest.mark.parametrize(
    ("display", "expected"),
    [
        (None, b"To: a@example.org\r\n"),
        ("Aida Nurlanovna", b"To: Aida Nurlanovna <a@example.org>\r\n"),
        ('Smith, J. "Jo"', b'To: "Smith, J. \\"Jo\\"" <a@example.org>\r\n'),
    ],
)
def test_display_names_are_quoted_as_rfc_5322_wants(display: str | None, expected: bytes) -> None:
    assert _mime.mailbox("To", display, "a@example.org") == expected
    parsed = email.message_from_bytes(expected + b"\r\n", policy=policy.default)
    assert parsed["To"].addresses[0].display_name == (display or "")


def test_an_internationalized_domain_is_written_in_ascii() -> None:
    assert _mime.mailbox("To", None, "info@مثال.example") == b"To: info@xn--mgbh0fb.example\r\n"


def test_the_message_knows_its_envelope_and_journal_key(timed: ie.Event, tmp_path: Path) -> None:
    message = compose(timed, _guest(), sender=SENDER, kind=Kind.REMINDER)
    assert (message.sender, message.recipient) == ("events@iofs.example", "aida@agri.example.kz")
    assert message.key == "iofs-fsg-workshop-2021-12-22:1:reminder:aida@agri.example.kz"
    assert re.fullmatch(r"<[0-9a-f]{32}@iofs\.example>", message.message_id)
    assert compose(timed, _guest(), sender=SENDER, kind=Kind.REMINDER).message_id != message.message_id
    assert "data" not in repr(message)
    message.write(tmp_path / "reminder.eml")
    assert (tmp_path / "reminder.eml").read_bytes() == message.data
    assert message.as_email()["Message-ID"] == message.message_id


def test_a_composer_gives_the_same_bytes_for_the_same_message(timed: ie.Event) -> None:
    composer = Composer(timed, sender=SENDER, stamp=STAMP)
    first = composer.compose(_guest(), message_id="<fixed@iofs.example>")
    again = Composer(timed, sender=SENDER, stamp=STAMP).compose(_guest(), message_id="<fixed@iofs.example>")
    assert first.data == again.data
    other = composer.compose(Recipient(email="other@example.org"), message_id="<other@iofs.example>")
    assert _vevent(_parse(other))["ATTENDEE"] == "mailto:other@example.org"


def test_a_bare_event_says_only_what_it_knows() -> None:
    draft = ie.Event(
        id="iofs-bare",
        kind=ie.EventKind.MEETING,
        title="Coordination meeting",
        format=ie.EventFormat.IN_PERSON,
        venue=ie.Venue(name="IOFS Headquarters", locality="Astana", country="KZ"),
    )
    fixed = draft.revise(
        schedule=ie.TimeSpan(
            starts_at=datetime(2022, 3, 1, 9, tzinfo=ALMATY), ends_at=datetime(2022, 3, 1, 12, tzinfo=ALMATY)
        ),
        agenda=(
            ie.AgendaSession(title="Welcome"),
            ie.AgendaSession(title="Round table", starts_at=datetime(2022, 3, 1, 10, tzinfo=ALMATY)),
        ),
    )
    text = _part(_compose(fixed, previous=draft, kind=Kind.UPDATE), "text/plain")
    assert "- Time: Tuesday, March 1, 2022, 9:00\u202fAM\u201312:00\u202fPM (Almaty, GMT+06:00)\n" in text
    assert "Agenda:\n- Welcome\n- 10:00\u202fAM Round table\n" in text
    for absent in (
        "Language:",
        "How to join",
        "Registration",
        "Scope:",
        "Add to your calendar:\n- Google Calendar: \n",
    ):
        assert absent not in text
    assert "Venue: IOFS Headquarters, Astana, Kazakhstan" in text


def test_a_broken_template_is_a_mail_error_that_names_it(timed: ie.Event, tmp_path: Path) -> None:
    (tmp_path / "undefined").mkdir()
    (tmp_path / "undefined" / "subject.txt").write_text("{{ event.no_such_field }}", encoding="utf-8")
    with pytest.raises(MailError, match=r"template subject\.txt: .*no_such_field"):
        _compose(timed, templates=tmp_path / "undefined")
    (tmp_path / "syntax").mkdir()
    (tmp_path / "syntax" / "subject.txt").write_text("{% if %}", encoding="utf-8")
    with pytest.raises(MailError, match=r"template subject\.txt, line 1: "):
        _compose(timed, templates=tmp_path / "syntax")


def test_text_partials_are_escaped_inside_the_html(timed: ie.Event, tmp_path: Path) -> None:
    (tmp_path / "_intro.txt").write_text("Welcome to {{ event.title }}", encoding="utf-8")
    hostile = timed.revise(title="<script>alert(1)</script>")
    parsed = _compose(hostile, templates=tmp_path)
    assert "<p>Welcome to &lt;script&gt;alert(1)&lt;/script&gt;</p>" in _part(parsed, "text/html")
    assert "Welcome to <script>alert(1)</script>" in _part(parsed, "text/plain")


def test_a_cancellation_never_carries_the_passcode(timed: ie.Event) -> None:
    parsed = _compose(timed.cancel(), _guest(registered=True, role=RecipientRole.HOST), kind=Kind.CANCELLATION)
    for content_type in ("text/plain", "text/html", "text/calendar"):
        assert "Fs2021" not in _part(parsed, content_type)


def test_a_registration_link_not_known_yet_is_said_to_come(seed: ie.Event) -> None:
    text = _part(_compose(seed), "text/plain")
    assert "Registration is required. To attend the Workshop" in text
    assert "Register at: to be announced\n" in text
    assert "You are registered." in _part(_compose(seed, _guest(registered=True)), "text/plain")


@pytest.mark.parametrize(
    "title",
    [
        "=?utf-8?b?QmNjOiBldmVAZXZpbC5leGFtcGxl?=",
        "Workshop =?utf-8?q?=0D=0ABcc:_eve@evil.example?=",
        "W" * 1000,
        "Семинар " + "x" * 900 + " ورشة",
    ],
)
def test_a_subject_shows_exactly_the_title(timed: ie.Event, title: str) -> None:
    message = compose(timed.revise(title=title), _guest(), sender=SENDER)
    head = message.data.split(b"\r\n\r\n", 1)[0]
    assert all(len(line) <= 78 for line in head.split(b"\r\n")), head
    parsed = _parse(message)
    assert parsed["Subject"] == f"Invitation: {title}"
    assert parsed["Bcc"] is None


def test_a_message_id_that_is_not_one_is_refused(timed: ie.Event) -> None:
    with pytest.raises(MailError, match="Message-ID"):
        Composer(timed, sender=SENDER).compose(_guest(), message_id="<a=?utf-8?b?QQ==?=@iofs.example>")


@pytest.fixture(scope="module")
def spoken() -> ie.Event:
    """The training, where bakytzhan@iofs.example speaks in the second session."""
    training = event_json.read(TRAINING)
    moderator = attrs.evolve(training.agenda[1].speakers[0].person, email="Bakytzhan@IOFS.example")
    speaker = attrs.evolve(training.agenda[1].speakers[0], person=moderator)
    agenda = (training.agenda[0], attrs.evolve(training.agenda[1], speakers=(speaker,)), *training.agenda[2:])
    return attrs.evolve(training, agenda=agenda)


_readers = st.builds(
    Recipient,
    email=st.sampled_from(["aida@agri.example.kz", "bakytzhan@iofs.example", "BAKYTZHAN@iofs.example"]),
    name=st.none() | st.sampled_from(["Aida", "عمر الحربي", 'O\'Brien <b> & "Co"', "Name0123456789abcdef"]),
    honorific=st.none() | st.sampled_from(list(Honorific)),
    language=st.sampled_from(["en", "ar", "fr", "ru", "tr"]),
    time_zone=st.none() | st.sampled_from(["Asia/Almaty", "Asia/Riyadh", "Europe/Paris"]),
    join_url=st.none() | st.just("https://zoom.us/w/81234567890?tk=personal"),
    role=st.sampled_from(list(RecipientRole)),
    registered=st.booleans(),
)


@settings(max_examples=60)
@given(readers=st.lists(_readers, min_size=1, max_size=6), spoken_event=st.booleans())
def test_readers_of_one_kind_share_a_rendering_that_is_exactly_their_own(
    timed: ie.Event, spoken: ie.Event, readers: list[Recipient], spoken_event: bool
) -> None:
    composer = Composer(spoken if spoken_event else timed, sender=SENDER, stamp=STAMP)
    for reader in readers:
        assert composer.render(reader) == composer._render(reader)


def test_renderings_kept_are_bounded(timed: ie.Event, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("iofs_events.mail._compose._KINDS_KEPT", 2)
    composer = Composer(timed, sender=SENDER, stamp=STAMP)
    for language in ("en", "fr", "ar"):
        composer.render(_guest(language=language))
    language = _KIND_FIELDS.index("language")
    assert [kind[language] for kind in composer._rendered] == ["fr", "ar"]
