"""Every error that iofs-events raises, in one hierarchy.

Each error also subclasses the builtin it resembles, so ``except ValueError`` keeps working::

    IofsEventsError
    ├── ValidationError (ValueError)       a value breaks a rule of the model
    │   └── FieldTypeError (TypeError)     a value has the wrong type
    ├── DocumentError (ValueError)         a JSON or TOML document is not a valid event
    │   └── UnreadableDocumentError        it is not JSON or TOML at all, or not UTF-8
    ├── CalendarError (ValueError)         an event cannot be written as the calendar asked
    ├── MailError (ValueError)             an email cannot be written as asked, or a journal read
    ├── DeliveryError (OSError)            a mail server refused a message or a login, or failed
    ├── PublishError (OSError)             a shared calendar refused, failed, or holds someone else's change
    ├── PageError (ValueError)             an announcement page cannot be written as asked
    ├── RosterError (ValueError)           a roster cannot be opened or changed as asked
    ├── SettingsError (ValueError)         settings are missing or invalid; names what to set
    └── PlatformError                      a conferencing platform failed or refused a request
        ├── CapabilityError (ValueError)   the platform cannot do what the event asks (no call made)
        └── UnknownPlatformError (LookupError)  no installed adapter has that name
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from datetime import datetime

__all__ = [
    "CalendarError",
    "CapabilityError",
    "DeliveryError",
    "DocumentError",
    "FieldTypeError",
    "IofsEventsError",
    "MailError",
    "PageError",
    "PlatformError",
    "Problem",
    "PublishError",
    "RosterError",
    "SettingsError",
    "UnknownPlatformError",
    "UnreadableDocumentError",
    "ValidationError",
]


class IofsEventsError(Exception):
    """Base class of every error raised by iofs-events."""


class ValidationError(IofsEventsError, ValueError):
    """A value breaks a rule of the model.

    ``field`` is the path of the value inside the object being built (``"starts_at"``,
    ``"agenda[2].ends_at"``), empty when the value itself is the object; ``reason`` says what
    is wrong in a few words.
    """

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}" if field else reason)
        self.field = field
        self.reason = reason


class FieldTypeError(ValidationError, TypeError):
    """A value has the wrong type, such as a number where text is expected."""


class Problem(NamedTuple):
    """One problem found in a document: where (a JSON path such as ``$.agenda[2].starts_at``) and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class DocumentError(IofsEventsError, ValueError):
    """A JSON or TOML document does not describe a valid event; ``problems`` lists every problem found."""

    def __init__(self, problems: tuple[Problem, ...] | list[Problem], source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        where = f"{source}: " if source else ""
        count = len(self.problems)
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        super().__init__(f"{where}{count} problem{'s' if count != 1 else ''}:\n{lines}")


class UnreadableDocumentError(DocumentError):
    """A document is neither JSON nor TOML, or is not valid UTF-8."""


class CalendarError(IofsEventsError, ValueError):
    """An event cannot be written as the calendar asked for (no schedule, no organizer address...).

    ``field`` names the field of the event that would make the calendar possible, when another
    argument could too: ``"organizer"`` when there is nobody to name as the ``ORGANIZER``,
    which an ``organizer`` for the calendar (``--organizer`` on the command line) also gives.

    .. versionchanged:: 0.2 Defined here and exported from :mod:`iofs_events`; it was
       ``iofs_events.ical.CalendarError`` only, which still names the same class. ``field``.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class MailError(IofsEventsError, ValueError):
    """An email cannot be written as asked (an update with no earlier revision, a header that would break).

    Also raised for a sending journal that is not one, rather than guessing who was sent what.
    """


class PageError(IofsEventsError, ValueError):
    """An announcement page cannot be written as asked: a template is broken, or a language is not the site's.

    .. versionadded:: 0.2
    """


class DeliveryError(IofsEventsError, OSError):
    """A mail server refused a message, or the connection failed after every retry; or a mailbox could not be read.

    ``permanent`` is true for a refusal that retrying will not change (an SMTP 5xx reply).
    The text never contains a password or a token.
    """

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class PublishError(IofsEventsError, OSError):
    """An event could not be published to a shared calendar (CalDAV), and nothing was overwritten.

    The server refused or failed, could not be reached, or the calendar holds a change that
    publishing would overwrite or undo: then ``conflict`` is true and the message says how to go
    on. ``calendar`` is the calendar's URL and ``status`` the HTTP status of the reply, ``None``
    when there was none. The text never contains a password.

    .. versionadded:: 0.2
    """

    def __init__(self, message: str, *, calendar: str, status: int | None = None, conflict: bool = False) -> None:
        super().__init__(message)
        self.calendar = calendar
        self.status = status
        self.conflict = conflict


class RosterError(IofsEventsError, ValueError):
    """A roster cannot be opened or changed as asked: not a roster, another event's, or a person not on it.

    .. versionadded:: 0.2
    """


class SettingsError(IofsEventsError, ValueError):
    """Settings are missing or invalid; the message names the environment variables to set."""


class PlatformError(IofsEventsError):
    """A conferencing platform failed or refused a request, after the retries it deserved.

    ``status`` is the HTTP status of the last reply, or ``None`` when there was none (a timeout,
    a lost connection). ``uncertain`` is true when the request reached the platform but how it
    ended is unknown (no reply, a ``5xx``, a reply that makes no sense): a create may have made
    its meeting. ``retry_at`` is when the platform asked to be tried again (UTC), when it asked
    to wait longer than the client does. The text names the platform and the operation, never a
    secret.
    """

    def __init__(
        self, message: str, *, status: int | None = None, uncertain: bool = False, retry_at: datetime | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.uncertain = uncertain
        self.retry_at = retry_at


class CapabilityError(PlatformError, ValueError):
    """A platform cannot do what an event asks (interpretation on Teams, registration on Jitsi).

    Raised before any request is made; ``problems`` lists each thing the platform cannot do.
    """

    def __init__(self, platform: str, problems: tuple[str, ...] | list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__(f"{platform} cannot do what the event asks: " + "; ".join(self.problems))


class UnknownPlatformError(PlatformError, LookupError):
    """No installed adapter has the name asked for; the message lists those that are installed."""
