"""RFC 5322 and MIME bytes, written directly: the layout mail clients read as an invitation.

The standard library's :class:`email.message.EmailMessage` builds the same thing through a
policy engine that costs more than the rest of a message together; the parts of an invitation
are few and fixed, so writing them is short and fast. Every header value passes through here,
which refuses line breaks and control characters, so no event text or name can add a header,
and encodes (RFC 2047) whatever a client would not show as it is: text beyond ASCII, text that
looks like an encoded word, a word too long for a line.
"""

from __future__ import annotations

import re
from base64 import b64encode
from binascii import b2a_base64
from datetime import datetime
from functools import lru_cache

from .. import _checks as check
from ..exceptions import MailError

_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+")
_LINE = 78  # RFC 5322's recommended length of a line
_LONGEST = 998  # RFC 5322's longest line
_ENCODED_LINE = 76  # RFC 2047's length of a line holding encoded words
_OPEN, _CLOSE = "=?utf-8?b?", "?="
_BASE64_LINE = re.compile(rb".{1,76}", re.DOTALL)
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def header(name: str, value: str) -> bytes:
    """``Name: value`` with its line break: folded plain ASCII, or encoded words (RFC 2047) when it must be."""
    _refuse_breaks(name, value)
    plain = _folded(f"{name}: ", value) if _is_plain(value) else None
    return f"{name}: {plain if plain is not None else _encoded(len(name) + 2, value)}\r\n".encode()


def field(name: str, value: str) -> bytes:
    """A structured field (``Date``, ``Message-ID``), written as it is: ASCII on one line, or refused."""
    if not value.isascii() or check.has_control(value) or "=?" in value or len(name) + 2 + len(value) > _LONGEST:
        raise MailError(f"the {name} header must be ASCII text on one line: {check.shown(value)}")
    return f"{name}: {value}\r\n".encode()


def date(moment: datetime) -> str:
    """An aware ``moment`` as a ``Date`` field holds it (RFC 5322 §3.3): ``Wed, 22 Dec 2021 04:00:00 +0000``.

    In English whatever the locale, as :func:`email.utils.format_datetime` writes it; that
    module would load half of the standard library's email package for two lines.
    """
    day, month = _DAYS[moment.weekday()], _MONTHS[moment.month - 1]
    return f"{day}, {moment.day:02} {month} {moment.year:04} {moment:%H:%M:%S %z}"


def mailbox(name: str, display: str | None, email: str) -> bytes:
    """An address header, ``Name: Display <email>``, quoting or encoding the display name as it needs."""
    email = _ascii_email(email)
    if not display:
        return f"{name}: {email}\r\n".encode()
    _refuse_breaks(name, display)
    if not _is_plain(display) or len(name) + 4 + len(display) > _LINE:  # with quotes, on the first line
        display = _encoded(len(name) + 2, display)
    elif not _ATOM.fullmatch(display) or "  " in display:  # spaces between words of a name are one
        display = '"{}"'.format(display.replace("\\", "\\\\").replace('"', '\\"'))
    last = f"{name}: {display}".rpartition("\n")[2]
    fold = "\r\n " if len(last) + 3 + len(email) > (_ENCODED_LINE if "=?" in last else _LINE) else " "
    return f"{name}: {display}{fold}<{email}>\r\n".encode()


def _refuse_breaks(name: str, value: str) -> None:
    if check.has_control(value):
        raise MailError(f"the {name} header would contain a line break or a control character: {check.shown(value)}")


def _is_plain(value: str) -> bool:
    """Whether a client shows ``value`` as it is: ASCII, no encoded word in it, no space at its ends."""
    return value.isascii() and "=?" not in value and value == value.strip()


def _ascii_email(email: str) -> str:
    """The address with an internationalized domain written in ASCII (IDNA); a Unicode local part stays."""
    return email if email.isascii() else _idna_email(email)


@lru_cache(maxsize=4096)
def _idna_email(email: str) -> str:
    from email_validator import validate_email

    valid = validate_email(email, check_deliverability=False)
    return valid.ascii_email or valid.normalized


def _folded(start: str, value: str) -> str | None:
    """``value`` folded before single spaces into lines of at most 78 characters; ``None`` when it cannot be."""
    lines, line = [], start
    for word in re.split(r"(?<=\S) (?=\S)", value):  # never leave a line of spaces alone
        if len(line) + 1 + len(word) > _LINE and line != start:
            lines.append(line)
            line = f" {word}"
        else:
            line = f"{line} {word}" if line != start else f"{line}{word}"
        if len(line) > _LINE:
            return None
    return "\r\n".join([*lines, line])[len(start) :]


def _encoded(used: int, value: str) -> str:
    """``value`` as RFC 2047 ``B`` encoded words, one a line, never splitting a character.

    Clients join adjacent encoded words without the space between them, so the text reads back
    exactly; the first word is shorter, to leave room for the header's name (``used`` characters).
    """
    data = value.encode()
    words: list[str] = []
    start, room = 0, max(_ENCODED_LINE - used, 32)  # a header's name leaves room for a word
    while start < len(data) or not words:
        size = 3 * ((room - len(_OPEN) - len(_CLOSE)) // 4)  # the bytes whose base64 fits
        end = min(start + size, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # not inside a character
            end -= 1
        words.append(f"{_OPEN}{b64encode(data[start:end]).decode()}{_CLOSE}")
        start, room = end, _ENCODED_LINE - 1
    return "\r\n ".join(words)


def part(content_type: str, data: bytes, *extra: str) -> bytes:
    """A MIME body part in base64, which keeps every line short whatever the language."""
    return part_of_base64(content_type, base64(data), *extra)


def part_of_base64(content_type: str, encoded: bytes, *extra: str) -> bytes:
    """A MIME body part of content already in :func:`base64`, for content that several parts share."""
    headers = "".join(f"{line}\r\n" for line in (f"Content-Type: {content_type}", *extra))
    return f"{headers}Content-Transfer-Encoding: base64\r\n\r\n".encode() + encoded


def base64(data: bytes) -> bytes:
    """``data`` in base64, in lines of 76 characters ending in CRLF (RFC 2045)."""
    lines = _BASE64_LINE.findall(b2a_base64(data, newline=False))  # cut by the regex engine, not a Python loop
    lines.append(b"")
    return b"\r\n".join(lines) if data else b""


def multipart(subtype: str, boundary: str, parts: list[bytes]) -> bytes:
    """A ``multipart/subtype`` body part holding ``parts``.

    The boundary starts with ``=_``, which base64 never produces, so it cannot occur inside a part.
    """
    separator = f"--{boundary}\r\n".encode()
    pieces = [f'Content-Type: multipart/{subtype}; boundary="{boundary}"\r\n\r\n'.encode()]
    for piece in parts:
        pieces += (separator, piece, b"\r\n")
    pieces.append(f"--{boundary}--\r\n".encode())
    return b"".join(pieces)
