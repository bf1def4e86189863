"""Sending composed messages over one SMTP connection, with a journal so that a re-run sends nobody a message twice."""

from __future__ import annotations

import enum
import logging
import math
import os
import re
import smtplib
import ssl
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, BinaryIO, NamedTuple, Self

import orjson
from attrs import frozen

from ..exceptions import DeliveryError, MailError, SettingsError
from ._tokens import CachedToken, provider_for

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from pathlib import Path

    from ..settings import SmtpSettings
    from ._message import Message
    from ._tokens import TokenProvider

__all__ = ["Journal", "JournalRecord", "Mailer", "Outcome", "Report", "send_all", "write_all"]

logger = logging.getLogger("iofs_events.mail")

_LOST = (smtplib.SMTPServerDisconnected, ConnectionError, TimeoutError)
_UNSAFE_IN_FILE_NAME = re.compile(r"[^A-Za-z0-9@._+-]")


class Mailer:
    """One SMTP session, opened on the first message and reused for the next, as a context manager.

    A 4xx reply or a lost connection is retried on a new connection after ``backoff * 2**n``
    seconds (``sleep`` waits; tests pass their own), at most ``retries`` times. The ``ssl_context``
    defaults to ``ssl.create_default_context()``; settings default to :func:`load_smtp_settings`.

    The sign-in is the one the settings name (``IOFS_SMTP_AUTH``). With OAuth 2.0 (``AUTH
    XOAUTH2``), the access token is kept for its lifetime less a minute, across the sessions of
    this mailer; a token the server refuses (``535``) is dropped, and the login tried once more
    with a new one. ``tokens`` gives a :class:`TokenProvider` of your own instead, for the
    mailbox ``settings.username``.
    """

    def __init__(
        self,
        settings: SmtpSettings | None = None,
        *,
        tokens: TokenProvider | None = None,
        retries: int = 3,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        if settings is None:
            from ..settings import load_smtp_settings  # pydantic loads only to read settings, not for a dry run

            settings = load_smtp_settings()
        self.settings = settings
        provider = tokens if tokens is not None else provider_for(settings)
        if provider is not None and settings.username is None:
            raise SettingsError("IOFS_SMTP_USERNAME: set it to the mailbox that XOAUTH2 logs in as")
        self._token = CachedToken(provider) if provider is not None else None
        # How the errors name the sign-in: the setting, or the provider given in its place.
        self._sign_in = f"IOFS_SMTP_AUTH={settings.auth}" if tokens is None else f"tokens from {type(tokens).__name__}"
        self._retries = retries
        self._backoff = backoff
        self._sleep = sleep
        self._ssl_context = ssl_context
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def send(self, message: Message) -> None:
        """Send one message to its recipient, or raise ``DeliveryError``.

        The error is ``permanent`` when the server refused this message (a 5xx reply); it is not
        when retries ran out, or when no session could be opened (login refused, TLS failed).
        A connection lost after the message went out but before the server answered makes the
        retry a second copy: SMTP cannot tell.
        """
        options = () if (message.sender + message.recipient).isascii() else ("SMTPUTF8",)
        attempt = 0
        while True:
            try:
                self._session().sendmail(message.sender, [message.recipient], message.data, options)
            except OSError as error:
                code, detail = _reply(error, message.recipient)
                if self._smtp is None and code is None and not isinstance(error, DeliveryError):
                    detail = f"no session with {self._server}: {detail}"  # unreachable, or TLS failed
                if not _is_temporary(error, code):
                    failure = self._refusal(error, message.recipient, detail)
                    logger.info("%s", failure)
                    raise failure from error
                self.close()
                if attempt >= self._retries:
                    failure = DeliveryError(
                        f"{message.recipient}: not sent after {attempt + 1} attempt{'s' if attempt else ''}: {detail}"
                    )
                    logger.info("%s", failure)
                    raise failure from error
                delay = self._backoff * 2**attempt
                logger.warning("%s: %s; retrying in %g s", message.recipient, detail, delay)
                self._sleep(delay)
                attempt += 1
            else:
                logger.info("sent to %s", message.recipient)
                return

    def close(self) -> None:
        """End the session with ``QUIT``, ignoring errors; the next message opens a new one."""
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except OSError:  # smtplib's errors are OSErrors too
                smtp.close()

    def _session(self) -> smtplib.SMTP:
        """The open connection; connect, secure it and log in on first use."""
        if self._smtp is not None:
            return self._smtp
        settings = self.settings
        # The token first: a token endpoint that fails leaves no server waiting for a login.
        token = self._token.get() if self._token is not None else None
        secure = settings.security != "none"  # a context costs a read of the system's certificates: only if used
        context = (self._ssl_context or ssl.create_default_context()) if secure else None
        if settings.security == "tls":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host,
                settings.resolved_port,
                settings.local_hostname,
                timeout=settings.timeout,
                context=context,
            )
        else:
            smtp = smtplib.SMTP(settings.host, settings.resolved_port, settings.local_hostname, settings.timeout)
        try:
            if settings.security == "starttls":
                smtp.starttls(context=context)
            if token is not None:
                self._xoauth2(smtp, token)
            elif settings.username is not None and settings.password is not None:
                smtp.login(settings.username, settings.password.get_secret_value())
        except BaseException:
            smtp.close()
            raise
        self._smtp = smtp
        return smtp

    def _xoauth2(self, smtp: smtplib.SMTP, token: str) -> None:
        """Log in with ``AUTH XOAUTH2``; a refused token is replaced by a new one, once."""
        user = self.settings.username
        assert user is not None  # a mailer with tokens has a user: see __init__
        assert self._token is not None
        smtp.ehlo_or_helo_if_needed()
        offered = smtp.esmtp_features.get("auth", "").upper().split()
        if "XOAUTH2" not in offered:
            raise smtplib.SMTPNotSupportedError(
                f"the server does not offer AUTH XOAUTH2 (it offers {' '.join(offered) or 'no AUTH'})"
            )
        try:
            smtp.auth("XOAUTH2", _Xoauth2(user, token))
        except smtplib.SMTPAuthenticationError as error:
            if error.smtp_code != 535:
                raise
            logger.info("%s refused the token of %s: %s; trying a new one", self._where, user, _reply(error, user)[1])
            self._token.forget()
            smtp.auth("XOAUTH2", _Xoauth2(user, self._token.get()))

    @property
    def _where(self) -> str:
        return f"{self.settings.host}:{self.settings.resolved_port}"

    @property
    def _server(self) -> str:
        """The server, and the settings that name it, for an error that says where the mail was to go."""
        return f"the SMTP server {self._where} (IOFS_SMTP_HOST, IOFS_SMTP_PORT, IOFS_SMTP_SECURITY)"

    def _refusal(self, error: OSError, recipient: str, detail: str) -> DeliveryError:
        """The error for a failure that retrying will not mend.

        With the session open, the server refused this message: permanent. Otherwise the session
        could not be opened (token, login, TLS), which says nothing about the message: not permanent.
        """
        if self._smtp is not None:
            return DeliveryError(f"{recipient}: refused: {detail}", permanent=True)
        user = self.settings.username
        if isinstance(error, DeliveryError):  # from the token provider
            return DeliveryError(f"{recipient}: not sent: no token for user {user} ({self._sign_in}): {detail}")
        if isinstance(error, smtplib.SMTPAuthenticationError):
            if self._token is not None:
                return DeliveryError(
                    f"{recipient}: not sent: {self._where} refused the XOAUTH2 login of user {user} "
                    f"({self._sign_in}): {detail}"
                )
            return DeliveryError(f"{recipient}: not sent: login refused for user {user}: {detail}")
        return DeliveryError(f"{recipient}: not sent: {detail}")


class _Xoauth2:
    """The client's side of SASL XOAUTH2: ``user=...^Aauth=Bearer ...^A^A``, and an empty answer to an error.

    A server that refuses the token may first send its reason as a ``334`` challenge (Gmail
    does), which the client answers with an empty line to get the final ``535``. The repr hides the token.
    """

    def __init__(self, user: str, token: str) -> None:
        self._response = f"user={user}\x01auth=Bearer {token}\x01\x01"

    def __call__(self, challenge: bytes | None = None, /) -> str:
        return self._response if challenge is None else ""


def _is_temporary(error: OSError, code: int | None) -> bool:
    """A 4xx reply or a lost connection: worth another try on a new connection."""
    return 400 <= code < 500 if code is not None else isinstance(error, _LOST)


def _reply(error: OSError, recipient: str) -> tuple[int | None, str]:
    """The server's reply code in an error, if it has one, and a text with the code and the reply."""
    text: bytes | str
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, text = error.recipients[recipient]
    elif isinstance(error, smtplib.SMTPResponseException):
        code, text = error.smtp_code, error.smtp_error
    else:
        return None, str(error) or type(error).__name__
    return code, f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"


class Outcome(enum.StrEnum):
    """What became of one message in a run."""

    SENT = "sent"
    SKIPPED = "skipped"
    FAILED = "failed"


class Journal:
    """An append-only JSON-lines file of what was sent to whom, so that a re-run skips those messages.

    Each line is ``{"key", "recipient", "status", "reason", "at"}``, written to the file before
    :meth:`record` returns, so a run that is killed loses no record. The file is also ``fsync``-ed
    at most once every ``sync_interval`` seconds and by :meth:`sync` (which :func:`send_all` calls
    at its end), so that a power cut loses at most that much: syncing every record would cost
    more than sending on a fast relay. Opening a journal reads it; a torn last line, left by a
    run killed mid-write, is cut off, and any other unreadable line raises ``MailError``.
    """

    def __init__(self, path: Path, *, sync_interval: float = 1.0) -> None:
        self.path = path
        self._sync_interval = sync_interval
        self._synced = -math.inf
        self._sent = self._read()

    def sent(self) -> frozenset[str]:
        """The keys of the messages recorded as sent."""
        return frozenset(self._sent)

    def record(self, message: Message, outcome: Outcome, reason: str | None = None) -> None:
        """Append the outcome of sending ``message``; ``fsync`` if the last sync is old enough."""
        entry = {
            "key": message.key,
            "recipient": message.recipient,
            "status": outcome,
            "reason": reason,
            "at": datetime.now(UTC),
        }
        with self.path.open("ab") as file:
            file.write(orjson.dumps(entry) + b"\n")
            if time.monotonic() - self._synced >= self._sync_interval:
                self._sync(file)
        if outcome is Outcome.SENT:
            self._sent.add(message.key)

    def sync(self) -> None:
        """Make every record so far durable (``fsync``)."""
        if self.path.exists():
            with self.path.open("ab") as file:
                self._sync(file)

    def _sync(self, file: BinaryIO) -> None:
        file.flush()
        os.fsync(file.fileno())
        self._synced = time.monotonic()

    def _read(self) -> set[str]:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return set()
        whole = data.rfind(b"\n") + 1
        if whole < len(data):
            os.truncate(self.path, whole)  # so that the next record starts a line of its own
        return {record.key for record in _records(data[:whole], self.path) if record.status == Outcome.SENT}

    @staticmethod
    def read(path: Path) -> list[JournalRecord]:
        """Every record of the journal at ``path``, oldest first, leaving the file as it is.

        A torn last line, left by a run killed mid-write, is left out; any other unreadable line
        raises ``MailError``. For those who take over what a journal says was sent, such as a roster.
        """
        data = path.read_bytes()
        return _records(data[: data.rfind(b"\n") + 1], path)


class JournalRecord(NamedTuple):
    """One line of a :class:`Journal`: the message's key, its recipient, what became of it, why, and when."""

    key: str
    recipient: str
    status: str
    reason: str | None
    at: datetime


def _records(data: bytes, path: Path) -> list[JournalRecord]:
    """The records of the whole lines of a journal; ``MailError`` names the first line that is not one."""
    records = []
    for number, line in enumerate(data.splitlines(), start=1):
        try:
            entry = orjson.loads(line)
            record = JournalRecord(
                entry["key"], entry["recipient"], entry["status"], entry["reason"], datetime.fromisoformat(entry["at"])
            )
        except (orjson.JSONDecodeError, TypeError, KeyError, ValueError) as error:
            raise MailError(f"{path}, line {number}: not a journal record: {line[:80]!r}") from error
        records.append(record)
    return records


@frozen(kw_only=True)
class Report:
    """What a run did: the keys sent, the keys skipped as sent before, and a ``(key, reason)`` per refusal."""

    sent: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()


def send_all(
    messages: Iterable[Message],
    *,
    mailer: Mailer,
    journal: Journal | None = None,
    progress: Callable[[Message, Outcome], None] | None = None,
) -> Report:
    """Send every message the journal does not list as sent, recording each outcome in it.

    A permanent refusal of one message is recorded and the run goes on. Any other
    ``DeliveryError`` (retries ran out, login refused) is recorded and raised: the server is not
    taking mail, and a re-run with the same journal resumes where this one stopped.
    ``progress`` is called after each message.
    """
    try:
        return _send_all(messages, mailer, journal, progress)
    finally:
        if journal is not None:
            journal.sync()


def _send_all(
    messages: Iterable[Message],
    mailer: Mailer,
    journal: Journal | None,
    progress: Callable[[Message, Outcome], None] | None,
) -> Report:
    done = set(journal.sent() if journal is not None else ())  # and what this run sends: once to one listed twice
    sent: list[str] = []
    skipped: list[str] = []
    failed: list[tuple[str, str]] = []
    for message in messages:
        if message.key in done:
            outcome = Outcome.SKIPPED
            skipped.append(message.key)
        else:
            try:
                mailer.send(message)
            except DeliveryError as error:
                outcome = Outcome.FAILED
                if journal is not None:
                    journal.record(message, outcome, str(error))
                if not error.permanent:
                    raise
                failed.append((message.key, str(error)))
            else:
                outcome = Outcome.SENT
                if journal is not None:
                    journal.record(message, outcome)
                sent.append(message.key)
                done.add(message.key)
        if progress is not None:
            progress(message, outcome)
    return Report(sent=tuple(sent), skipped=tuple(skipped), failed=tuple(failed))


def write_all(messages: Iterable[Message], folder: Path, *, first: int = 1) -> list[Path]:
    """The dry run: save each message as ``folder/0001-recipient@example.org.eml``, creating the folder.

    Names are numbered in order from ``first``, so they are unique and the same on every run;
    characters other than ``A-Z a-z 0-9 @ . _ + -`` become ``_``. Several processes may each
    write a part of a long list into one folder, each with the number its part starts at.
    """
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, message in enumerate(messages, start=first):
        # Cut long addresses: the name, and the temporary name made from it, must fit in 255 bytes.
        path = folder / f"{number:04d}-{_UNSAFE_IN_FILE_NAME.sub('_', message.recipient)[:200]}.eml"
        message.write(path)
        paths.append(path)
    return paths
