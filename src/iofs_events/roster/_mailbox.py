r"""Replies read from an IMAP mailbox, over TLS, by password or OAuth 2.0; only the replies are marked as read.

The folder is read whole, every time, without marking anything (``BODY.PEEK``): people who share
the mailbox open replies too, so ``\Seen`` cannot tell which ones the roster has taken; the
Message-IDs that the roster remembers do. Then the replies, and only they, are flagged ``\Seen``;
refused ones ``\Flagged`` too, for a person to look at. Mail that is no reply is left as it was.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import re
import ssl
from typing import TYPE_CHECKING, Any

from imap_tools import BaseMailBox, MailBox, MailBoxStartTls
from imap_tools.errors import ImapToolsError, MailboxFetchError, MailboxFlagError
from imap_tools.utils import check_command_status

from ..exceptions import DeliveryError, SettingsError
from ._replies import ReplyOutcome, ReplyReport, apply_replies

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .._event import Event
    from ..mail import TokenProvider
    from ..settings import ImapSettings
    from ._roster import Roster

__all__ = ["read_mailbox"]

logger = logging.getLogger("iofs_events.roster")

_UID = re.compile(rb"\bUID (\d+)")
_BULK = 50  # messages fetched per command: fewer round trips, bounded memory
_FLAGS_AT_ONCE = 200  # UIDs per STORE command, to keep its line within what servers take


def read_mailbox(
    settings: ImapSettings | None,
    roster: Roster,
    event: Event,
    *,
    folder: str | None = None,
    tokens: TokenProvider | None = None,
) -> ReplyReport:
    r"""Read the replies in a mailbox folder into ``roster`` (see :func:`apply_replies`), and mark them as read.

    ``settings`` default to the ``IOFS_IMAP_*`` variables (:class:`~iofs_events.settings.ImapSettings`),
    ``folder`` to theirs. The login is by password, or by ``AUTHENTICATE XOAUTH2`` with the token
    of the settings or, when ``tokens`` is given, with one from that
    :class:`~iofs_events.mail.TokenProvider`. Every message of the folder is fetched without
    being marked; then the replies (taken, stale, read before or refused) are flagged ``\Seen``,
    the refused ones ``\Flagged`` too, and the rest is left untouched. Each wait for the server
    lasts at most the settings' ``timeout``.

    Raises :class:`~iofs_events.DeliveryError` when the server cannot be reached, refuses the
    login or the folder, or fails part-way (the replies taken by then stay taken and remembered:
    a new run marks them), and :class:`~iofs_events.SettingsError` when the settings are
    incomplete. No error or log holds the password or the token.
    """
    if settings is None:
        from ..settings import ImapSettings, load_settings  # pydantic loads only when settings are read

        settings = load_settings(ImapSettings)
    folder = folder or settings.folder
    where = f"{settings.host}:{settings.resolved_port}"
    mechanism, secret = _secret(settings, tokens, where)
    context = _context(settings)
    logger.info("reading %s of %s at %s (%s, %s)", folder, settings.username, where, settings.security, mechanism)
    stage = f"cannot connect ({settings.security})"
    try:
        mailbox = _connect(settings, context)
        try:
            stage = f"refused the {mechanism} login of user {settings.username}"
            if mechanism == "XOAUTH2":
                mailbox.xoauth2(settings.username, secret, initial_folder=None)
            elif (settings.username + secret).isascii():
                mailbox.login(settings.username, secret, initial_folder=None)
            else:  # LOGIN takes ASCII only; AUTHENTICATE PLAIN takes UTF-8 (RFC 4616)
                mailbox.login_utf8(settings.username, secret, initial_folder=None)
            stage = f"cannot open the folder {folder!r}"
            mailbox.folder.set(folder)
            stage = f"failed while reading {folder!r}"
            uids: list[str] = []
            report = apply_replies(roster, event, _fetch(mailbox, uids))
            stage = f"failed while marking the replies of {folder!r} as read"
            _mark(mailbox, uids, report)
        finally:
            with contextlib.suppress(OSError, imaplib.IMAP4.error, ImapToolsError):
                mailbox.logout()
    except (OSError, imaplib.IMAP4.error, ImapToolsError) as error:
        raise DeliveryError(f"IMAP {where}: {stage}: {_detail(error, secret)}") from None
    return report


def _secret(settings: ImapSettings, tokens: TokenProvider | None, where: str) -> tuple[str, str]:
    """The login mechanism and its secret; a token from the provider first, so no server waits for it."""
    if tokens is not None:
        try:
            return "XOAUTH2", tokens.fetch().value
        except DeliveryError as error:
            raise DeliveryError(f"IMAP {where}: no token for user {settings.username}: {error}") from None
    if settings.token is not None:
        return "XOAUTH2", settings.token.get_secret_value()
    if settings.password is not None:
        return "password", settings.password.get_secret_value()
    raise SettingsError("IOFS_IMAP_PASSWORD: set it, or IOFS_IMAP_TOKEN for an OAuth 2.0 login (XOAUTH2)")


def _context(settings: ImapSettings) -> ssl.SSLContext:
    """A context that checks the server's certificate, against ``ca_file`` when it is set."""
    try:
        return ssl.create_default_context(cafile=settings.ca_file)
    except (OSError, ValueError) as error:  # ssl.SSLError is an OSError
        raise SettingsError(f"IOFS_IMAP_CA_FILE: cannot be used: {settings.ca_file}: {error}") from None


def _connect(settings: ImapSettings, context: ssl.SSLContext) -> BaseMailBox:
    kind = MailBox if settings.security == "tls" else MailBoxStartTls
    return kind(settings.host, settings.resolved_port, timeout=settings.timeout, ssl_context=context)


def _fetch(mailbox: BaseMailBox, uids: list[str]) -> Iterator[bytes]:
    """Every message of the selected folder, unmarked (``BODY.PEEK``), keeping their UIDs in order in ``uids``.

    Not imap-tools' ``fetch``, which parses every message into a ``MailMessage``: the bytes are
    all that is needed (their digest may be the id), and :func:`apply_replies` parses them once.
    """
    found = mailbox.uids()
    for start in range(0, len(found), _BULK):
        response = mailbox.client.uid("FETCH", ",".join(found[start : start + _BULK]), "(UID BODY.PEEK[])")
        check_command_status(response, MailboxFetchError)
        for uid, data in _messages(response[1]):
            uids.append(uid)
            yield data


def _messages(response: list[Any]) -> Iterator[tuple[str, bytes]]:
    """The UID and the bytes of each message of a FETCH response.

    imaplib gives a message as a pair, its line up to the literal and the literal, then the rest
    of that line; the UID is in one or the other. A line without a literal is no message: a
    flag that someone else changed meanwhile, say.
    """
    for index, item in enumerate(response):
        if isinstance(item, tuple):
            head, data = item
            found = _UID.search(head) or _UID.search(response[index + 1])
            if found is None:
                raise imaplib.IMAP4.error(f"the server's FETCH answer gives no UID: {head[:80]!r}")
            yield found[1].decode(), data


def _mark(mailbox: BaseMailBox, uids: list[str], report: ReplyReport) -> None:
    r"""Flag the replies ``\Seen``, the refused ones ``\Flagged`` too; leave the other messages as they were."""
    groups: dict[str, list[str]] = {r"(\Seen)": [], r"(\Seen \Flagged)": []}
    for message, result in zip(uids, report.results, strict=True):
        if result.outcome is not ReplyOutcome.NOT_A_REPLY:
            groups[r"(\Seen \Flagged)" if result.outcome.refused else r"(\Seen)"].append(message)
    for flags, chosen in groups.items():
        for start in range(0, len(chosen), _FLAGS_AT_ONCE):
            # Not imap-tools' flag(), which EXPUNGEs the folder after it: the mail of others is not ours to delete.
            stored = mailbox.client.uid(
                "STORE", ",".join(chosen[start : start + _FLAGS_AT_ONCE]), "+FLAGS.SILENT", flags
            )
            check_command_status(stored, MailboxFlagError)


def _detail(error: BaseException, secret: str) -> str:
    """What went wrong, in the server's words when it answered; never the secret, whatever the server said."""
    result = getattr(error, "command_result", None)  # imap-tools' errors carry the server's answer
    if result is not None:
        parts = [part.decode(errors="replace") if isinstance(part, bytes) else str(part) for part in result[1] or ()]
        text = f"{result[0]} {' '.join(parts)}".strip()
    else:
        first = error.args[0] if error.args else ""
        text = first.decode(errors="replace") if isinstance(first, bytes) else str(error)
    return (text or type(error).__name__).replace(secret, "***")
