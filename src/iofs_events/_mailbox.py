"""One mailbox as people type it, ``Name <address>`` or a bare address: read strictly, never guessed.

:func:`email.utils.parseaddr` takes the first address it can find in anything, so a line break
or a second address passes through it; here a text is exactly one valid mailbox, or an error.
"""

from __future__ import annotations

import re

from . import _checks as check
from .exceptions import ValidationError

_MAILBOX = re.compile(
    r'(?:(?P<quoted>"(?:[^"\\]|\\.)*")|(?P<phrase>[^"<>]*?))\s*<(?P<angle>[^<>]*)>|(?P<bare>[^\s<>"]+)',
    re.DOTALL,
)
_SPECIALS = re.compile(r"[,;:@()\[\]\\]")  # what would make a name mean more (more addresses, a group, a comment)
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)
_FORM = 'must be one email address, written "Name <address>" or address'


def parse_mailbox(text: str) -> tuple[str | None, str]:
    r"""The display name (``None`` when there is none) and the address of ``text``, a single mailbox.

    A name with ``, ; : @ ( ) [ ]`` or ``\`` must be in double quotes (``"Smith, John" <j@x.org>``).
    Raises :class:`~iofs_events.ValidationError` for a line break or another control
    character, two addresses, a group, or a name or address that breaks the model's rules.
    """
    if check.has_control(text):  # CR and LF above all: nothing may start a header of its own
        raise ValidationError("", f"must be on one line, without control characters: {check.shown(text)}")
    match = _MAILBOX.fullmatch(text.strip())
    if match is None:
        raise ValidationError("", f"{_FORM}: {check.shown(text)}")
    if match["phrase"] and _SPECIALS.search(match["phrase"]):
        reason = "put a name with , ; : @ ( ) [ ] or \\ in double quotes"
        raise ValidationError("", f"{_FORM}; {reason}: {check.shown(text)}")
    name = _ESCAPED.sub(r"\1", match["quoted"][1:-1]) if match["quoted"] else (match["phrase"] or "").strip()
    address = match["bare"] or match["angle"].strip()
    problem = check.email_problem(address)
    if problem is not None:
        raise ValidationError("", f"{check.shown(address)} {problem}" if address else _FORM)
    problem = check.line_problem(name) if name else None
    if problem is not None:
        raise ValidationError("", f"the name {problem}: {check.shown(name)}")
    return name or None, address
