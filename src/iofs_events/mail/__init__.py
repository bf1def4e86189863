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
from typing import TYPE_CHECKING, Any

from .._lazy import loaded as _loaded
from ._words import Change, Honorific, Kind, RecipientRole

if TYPE_CHECKING:
    from ._compose import Bodies, Composer, changes, compose
    from ._mailing_list import read_recipients
    from ._message import Message
    from ._recipients import Recipient
    from ._send import Journal, JournalRecord, Mailer, Outcome, Report, send_all, write_all
    from ._tokens import AccessToken, TokenProvider

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

# Each name is loaded with its module when first asked for: a command that only names a kind of
# email loads neither the composer (Jinja, icalendar) nor the sender (smtplib, ssl).
_LAZY = {
    **dict.fromkeys(("Bodies", "Composer", "changes", "compose"), "_compose"),
    "Message": "_message",
    "Recipient": "_recipients",
    "read_recipients": "_mailing_list",
    **dict.fromkeys(("Journal", "JournalRecord", "Mailer", "Outcome", "Report", "send_all", "write_all"), "_send"),
    **dict.fromkeys(("AccessToken", "TokenProvider"), "_tokens"),
}


def __getattr__(name: str) -> Any:
    """Load a name with its module on first use; ``Role``, which ``RecipientRole`` replaces, is deprecated."""
    if name in _LAZY:
        return _loaded(globals(), name, _LAZY)
    if name == "Role":
        warnings.warn(
            "iofs_events.mail.Role is deprecated and will be removed in 0.3: use RecipientRole",
            DeprecationWarning,
            stacklevel=2,
        )
        return RecipientRole
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
