"""Types of arguments: values checked as the parser reads them, so that a bad one is a usage error naming its flag."""

from __future__ import annotations

import argparse
from typing import NamedTuple

from .. import _checks as check
from ..exceptions import ValidationError


class Mailbox(NamedTuple):
    """One mailbox given on the command line: as typed, and read."""

    text: str
    name: str | None
    address: str


def mailbox(text: str) -> Mailbox:
    """Exactly one mailbox, ``"Name <address>"`` or an address."""
    from .._mailbox import parse_mailbox  # its patterns, compiled as it loads, for the commands that send alone

    try:
        return Mailbox(text, *parse_mailbox(text))
    except ValidationError as error:
        raise argparse.ArgumentTypeError(error.reason) from None


def line(text: str) -> str:
    """Text on one line, with a visible character: a name or a title."""
    problem = check.line_problem(text)
    if problem is not None:
        raise argparse.ArgumentTypeError(f"{problem}: {check.shown(text)}")
    return text


def language(text: str) -> str:
    """A registered BCP 47 language tag, such as ``ar`` or ``fr-CA``, in its conventional case."""
    problem = check.language_problem(text)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return check.language_tag(text)


def url(text: str) -> str:
    """An absolute ``http`` or ``https`` URL: a site's address, a picture's."""
    problem = check.url_problem(text)
    if problem is not None:
        raise argparse.ArgumentTypeError(f"{problem}: {check.shown(text)}")
    return text
