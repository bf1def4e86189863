"""Invitation emails (RFC 5322, iMIP RFC 6047) in the reader's language, and sending them over SMTP.

A :class:`Composer` writes the emails of one kind about one event (announcement, invitation,
update, reminder or cancellation), each personal to its :class:`Recipient`: their language,
their clock, their role. Every message has the layout that Outlook, Gmail and Apple Mail show
as an invitation: ``multipart/mixed``, holding ``multipart/alternative`` (plain text, HTML, and
``text/calendar`` with the same METHOD as inside), then the ``.ics`` attachment.

A :class:`Mailer` sends them over one SMTP connection configured by
:class:`~iofs_events.settings.SmtpSettings`; :func:`send_all` keeps a :class:`Journal` so that a
run stopped part-way and started again sends nobody a message twice; :func:`write_all` is the
dry run, writing ``.eml`` files instead. A mailer signs in with a password, or with OAuth 2.0
(``AUTH XOAUTH2``) for Microsoft 365 and Google Workspace: each :class:`AccessToken` comes from
a :class:`TokenProvider`, the vendor's or one of yours.
"""

from __future__ import annotations

import warnings
from typing import Any

from ._compose import Bodies, Composer, changes, compose
from ._message import Message
from ._recipients import Recipient, read_recipients
from ._send import Journal, JournalRecord, Mailer, Outcome, Report, send_all, write_all
from ._tokens import AccessToken, TokenProvider
from ._words import Change, Honorific, Kind, RecipientRole

__all__ = [
    "AccessToken",
    "Bodies",
    "Change",
    "Composer",
    "Honorific",
    "Journal",
    "JournalRecord",
    "Kind",
    "Mailer",
    "Message",
    "Outcome",
    "Recipient",
    "RecipientRole",
    "Report",
    "TokenProvider",
    "changes",
    "compose",
    "read_recipients",
    "send_all",
    "write_all",
]


def __getattr__(name: str) -> Any:
    """The deprecated name ``Role``, which ``RecipientRole`` replaces."""
    if name == "Role":
        warnings.warn(
            "iofs_events.mail.Role is deprecated and will be removed in 0.3: use RecipientRole",
            DeprecationWarning,
            stacklevel=2,
        )
        return RecipientRole
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
