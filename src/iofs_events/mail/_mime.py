"""RFC 5322 and MIME bytes, written directly: the layout mail clients read as an invitation.

The standard library's :class:`email.message.EmailMessage` builds the same thing through a
policy engine that costs more than the rest of a message together; the parts of an invitation
are few and fixed, so writing them is short and fast. Every header value passes
:func:`header`, which refuses line breaks, so no event text or name can add a header.
"""

from __future__ import annotations

import re
from base64 import b64encode
from binascii import b2a_base64
from functools import lru_cache

from ..exceptions import MailError

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+")
_WORD = 75 - len("=?utf-8?b??=")  # room left for base64 in one encoded word


def header(name: str, value: str) -> bytes:
    """``Name: value`` with its line break, encoded (RFC 2047) and folded as RFC 5322 wants."""
    _refuse_breaks(name, value)
    return f"{name}: {_fold(value) if value.isascii() else _encoded(value)}\r\n".encode()


def mailbox(name: str, display: str | None, email: str) -> bytes:
    """An address header, ``Name: Display <email>``, quoting or encoding the display name as it needs."""
    email = _ascii_email(email)
    if not display:
        return f"{name}: {email}\r\n".encode()
    _refuse_breaks(name, display)
    if not display.isascii():
        display = _encoded(display)
    elif not _ATOM.fullmatch(display):
        display = '"{}"'.format(display.replace("\\", "\\\\").replace('"', '\\"'))
    fold = "\r\n " if len(name) + len(display) + len(email) > 72 else " "
    return f"{name}: {display}{fold}<{email}>\r\n".encode()


def _refuse_breaks(name: str, value: str) -> None:
    if _CONTROL.search(value):
        raise MailError(f"the {name} header would contain a line break or a control character: {value!r}")


def _ascii_email(email: str) -> str:
    """The address with an internationalized domain written in ASCII (IDNA); a Unicode local part stays."""
    return email if email.isascii() else _idna_email(email)


@lru_cache(maxsize=4096)
def _idna_email(email: str) -> str:
    from email_validator import validate_email

    valid = validate_email(email, check_deliverability=False)
    return valid.ascii_email or valid.normalized


def _fold(value: str) -> str:
    """Fold an ASCII value at spaces so that lines stay within 78 characters where they can."""
    lines, line = [], ""
    for word in value.split(" "):
        if line and len(line) + 1 + len(word) > 72:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\r\n ".join([*lines, line])


def _encoded(value: str) -> str:
    """RFC 2047 ``B`` encoded words, each within 75 characters, never splitting a character."""
    words, chunk = [], b""
    for character in value:
        data = character.encode()
        if 4 * -(-(len(chunk) + len(data)) // 3) > _WORD:  # the length of its base64
            words.append(chunk)
            chunk = b""
        chunk += data
    words.append(chunk)
    return "\r\n ".join(f"=?utf-8?b?{b64encode(word).decode()}?=" for word in words)


def part(content_type: str, data: bytes, *extra: str) -> bytes:
    """A MIME body part in base64, which keeps every line short whatever the language."""
    return part_of_base64(content_type, base64(data), *extra)


def part_of_base64(content_type: str, encoded: bytes, *extra: str) -> bytes:
    """A MIME body part of content already in :func:`base64`, for content that several parts share."""
    headers = "".join(f"{line}\r\n" for line in (f"Content-Type: {content_type}", *extra))
    return f"{headers}Content-Transfer-Encoding: base64\r\n\r\n".encode() + encoded


def base64(data: bytes) -> bytes:
    """``data`` in base64, in lines of 76 characters ending in CRLF (RFC 2045)."""
    encoded = b2a_base64(data, newline=False)
    return b"".join([encoded[start : start + 76] + b"\r\n" for start in range(0, len(encoded), 76)])


def multipart(subtype: str, boundary: str, parts: list[bytes]) -> bytes:
    """A ``multipart/subtype`` body part holding ``parts``.

    The boundary starts with ``=_``, which base64 never produces, so it cannot occur inside a part.
    """
    separator = f"--{boundary}\r\n".encode()
    body = b"".join(separator + piece + b"\r\n" for piece in parts)
    head = f'Content-Type: multipart/{subtype}; boundary="{boundary}"\r\n\r\n'.encode()
    return head + body + f"--{boundary}--\r\n".encode()
