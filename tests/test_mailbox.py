"""One mailbox as typed on a command line: exactly one valid address, with or without a name, or an error."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from iofs_events._checks import email_problem, line_problem
from iofs_events._mailbox import parse_mailbox
from iofs_events.exceptions import ValidationError
from tests.strategies import NOT_ONE_MAILBOX, ONE_MAILBOX, not_one_mailbox


@pytest.mark.parametrize(("text", "mailbox"), ONE_MAILBOX.items())
def test_one_mailbox_is_read(text: str, mailbox: tuple[str | None, str]) -> None:
    assert parse_mailbox(text) == mailbox


@pytest.mark.parametrize("text", NOT_ONE_MAILBOX)
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_mailbox(text)


@given(text=not_one_mailbox)
def test_two_addresses_or_a_line_break_are_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_mailbox(text)


@given(text=st.text(alphabet='ab@.<>",;:()[]\\ \t\r\n=?éZ', max_size=30))
@example(text='"a\\"b" <a@b.example>')
@example(text="x" * 100 + "@example.org")
def test_what_is_read_is_one_valid_address_and_one_line(text: str) -> None:
    try:
        name, address = parse_mailbox(text)
    except ValidationError as error:
        reason = error.reason
    else:
        assert email_problem(address) is None
        assert name is None or line_problem(name) is None
        assert not set(text) & set("\t\r\n")
        return
    assert len(reason) < 200  # the text is quoted cut
