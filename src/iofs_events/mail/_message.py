"""A composed email: its envelope, a key for the sending journal, and its RFC 5322 bytes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import field, frozen

from .._files import write_atomically

if TYPE_CHECKING:
    from email.message import EmailMessage
    from pathlib import Path


@frozen(kw_only=True)
class Message:
    """One email, ready to send or to save as an ``.eml`` file.

    ``sender`` and ``recipient`` are the bare envelope addresses (SMTP ``MAIL FROM`` and
    ``RCPT TO``). ``key`` names what was sent to whom (event, revision, kind, recipient), so
    that a sending journal can tell a message already delivered from one still to send.
    """

    sender: str
    recipient: str
    subject: str
    message_id: str
    key: str
    data: bytes = field(repr=False)

    def as_email(self) -> EmailMessage:
        """The message parsed by the standard library, for inspection or for another sender."""
        from email import message_from_bytes, policy  # its header classes: not needed to compose or send

        return message_from_bytes(self.data, policy=policy.default)

    def write(self, path: Path) -> None:
        """Save the message as an ``.eml`` file, atomically."""
        write_atomically(path, self.data)
