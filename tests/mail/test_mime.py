"""Header fields as mail clients read them back: exactly the text, within the lengths of RFC 5322 and RFC 2047."""

from __future__ import annotations

import email
import re
from datetime import UTC, datetime, timedelta, timezone
from email import policy
from email.header import decode_header, make_header
from email.utils import format_datetime

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from iofs_events.exceptions import MailError
from iofs_events.mail import _mime
from tests.strategies import ACCENTED_LATIN, ARABIC, CYRILLIC, EMOJI, MIX, emails

_printable = st.characters(exclude_categories=("Cc", "Cs"), exclude_characters="\u2028\u2029\ufeff\x85")
_encoded_words = st.sampled_from(
    [
        "=?utf-8?b?QmNjOiBldmVAZXZpbC5leGFtcGxl?=",
        "=?UTF-8?Q?Bcc:_eve@evil.example?=",
        "=?iso-8859-1?q?=E9?=",
        "=?",
        "?=",
    ]
)
_long_words = st.integers(min_value=70, max_value=2500).map(lambda size: "W" * size)
#: Any text a subject or a name may hold: every script, encoded words as text, very long words, spaces anywhere.
header_texts = st.lists(
    st.text(MIX + EMOJI, max_size=12)
    | st.text(_printable, max_size=8)
    | st.text("abc =?", max_size=10)
    | _encoded_words
    | _long_words
    | st.sampled_from([" ", "  ", ARABIC, CYRILLIC, ACCENTED_LATIN]),
    max_size=6,
).map("".join)


def _lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


def _within_limits(data: bytes) -> None:
    assert data.isascii()
    for line in _lines(data):
        limit = 76 if b"=?" in line else 78  # RFC 2047 for lines with encoded words, RFC 5322 for the others
        assert len(line) <= limit, line


@given(text=header_texts)
@example(text="=?utf-8?b?QmNjOiBldmVAZXZpbC5leGFtcGxl?=")
@example(text="Workshop =?utf-8?q?Bcc:_eve@evil.example?= 2021")
@example(text="x" * 20_000)
@example(text="  leading and trailing  ")
@example(text="")
def test_a_subject_reads_back_exactly(text: str) -> None:
    data = _mime.header("Subject", text)
    _within_limits(data)
    parsed = email.message_from_bytes(data + b"\r\n", policy=policy.default)
    assert str(parsed["Subject"]) == text


@given(name=header_texts.filter(str.strip), address=emails)
@example(name="=?utf-8?b?RXZl?=", address="a@example.org")
@example(name='"=?utf-8?b?RXZl?=" Smith, Jr. <x@evil.example>', address="a@example.org")
@example(name="Ä" * 300, address="a@example.org")
@example(name="N" * 3000, address="a@example.org")
def test_a_display_name_reads_back_exactly(name: str, address: str) -> None:
    data = _mime.mailbox("To", name, address)
    _within_limits(data)
    parsed = email.message_from_bytes(data + b"\r\n", policy=policy.default)
    (mailbox,) = parsed["To"].addresses
    assert mailbox.addr_spec == address
    raw = data.decode()[len("To: ") : -2]
    if "=?" in raw:
        # RFC 2047 joins adjacent encoded words without the space between them, as mail clients
        # do; Python's address parser keeps a space there, so decode as the RFC says.
        assert str(make_header(decode_header(raw))) == f"{name} <{address}>"
    else:
        assert mailbox.display_name == name


@pytest.mark.parametrize("value", ["a\r\nBcc: x@example.org", "a\nb", "a\rb", "a\x00b", "a\x85b", "a\u2028b"])
def test_line_breaks_and_controls_are_refused(value: str) -> None:
    with pytest.raises(MailError, match="line break or a control character"):
        _mime.header("Subject", value)
    with pytest.raises(MailError, match="line break or a control character"):
        _mime.mailbox("To", value, "a@example.org")


def test_an_error_does_not_echo_a_long_value_whole() -> None:
    with pytest.raises(MailError) as caught:
        _mime.header("Subject", "x" * 10_000 + "\n")
    assert len(str(caught.value)) < 200


def test_plain_ascii_stays_readable() -> None:
    assert _mime.header("Subject", "Invitation: Regional workshop") == b"Subject: Invitation: Regional workshop\r\n"
    folded = _mime.header("Subject", "Regional " * 20 + "workshop")
    assert b"=?" not in folded
    assert re.fullmatch(rb"Subject: Regional( Regional){6}\r\n( Regional){8}\r\n( Regional){5} workshop\r\n", folded)
    assert _mime.mailbox("From", "IOFS Secretariat", "e@iofs.example") == b"From: IOFS Secretariat <e@iofs.example>\r\n"
    assert _mime.mailbox("From", "Smith, John", "j@x.example") == b'From: "Smith, John" <j@x.example>\r\n'


@pytest.mark.parametrize("value", ["<id=?x@iofs.example>", "<é@iofs.example>", "<a\r\n@b>"])
def test_structured_fields_are_written_as_they_are_or_refused(value: str) -> None:
    with pytest.raises(MailError, match="Message-ID"):
        _mime.field("Message-ID", value)


@given(
    moment=st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 30)),
    offset=st.sampled_from([UTC, timezone(timedelta(hours=6)), timezone(-timedelta(hours=3, minutes=30))]),
)
def test_a_date_is_written_as_the_standard_library_writes_it(moment: datetime, offset: timezone) -> None:
    aware = moment.replace(microsecond=0, tzinfo=offset)
    assert _mime.date(aware) == format_datetime(aware)
