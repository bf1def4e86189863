"""How to join an event online."""

from attrs import converters, field, frozen

from . import _checks as check

__all__ = ["DialIn", "OnlineMeeting"]

_platform = check.pattern(r"[a-z][a-z0-9_]*", "must be a lower-case name such as 'zoom' or 'google_meet'")


@frozen(kw_only=True)
class DialIn:
    """A telephone number that joins the meeting by audio."""

    number: str = field(converter=check.e164, validator=check.phone)
    """The number to dial, in E.164 (``+77018812532``); any valid international form is normalized to it."""
    country: str | None = field(
        default=None, converter=converters.optional(check.country_code), validator=check.optional(check.country)
    )
    """The country of the number, as an ISO 3166-1 alpha-2 code (``KZ``); lower case is upper-cased."""
    city: str | None = field(default=None, validator=check.optional(check.line))
    """The city of the number, so that callers can pick the nearest."""


@frozen(kw_only=True)
class OnlineMeeting:
    """A meeting on a conferencing platform.

    ``platform`` names the adapter that manages it (``zoom``, ``teams``, ``webex``,
    ``google_meet``, ``jitsi``) or ``link`` for a URL given by hand. Facts not known yet stay
    ``None``. ``passcode`` is private: hidden from ``repr``, never published. ``host_url``
    is a credential: hidden from ``repr``, left out of equality and never written to any
    document, JSON included.
    """

    platform: str = field(validator=_platform)
    """The adapter that manages the meeting (``zoom``, ``teams``, ``webex``, ``google_meet``, ``jitsi``) or ``link``."""
    join_url: str | None = field(default=None, validator=check.optional(check.url))
    """The link that participants open to join."""
    meeting_id: str | None = field(default=None, validator=check.optional(check.line))
    """The platform's identifier of the meeting (Zoom's number, the Jitsi room), by which it is updated or deleted."""
    passcode: str | None = field(default=None, repr=False, validator=check.optional(check.line))
    """The code that joining asks for. Private: hidden from ``repr`` and from every public output.

    JSON documents carry it; of the invitations, only those of registered participants and hosts show it.
    """
    dial_in: tuple[DialIn, ...] = field(default=(), validator=check.tuple_of(check.member(DialIn), unique=True))
    """Telephone numbers that join the meeting by audio, without repeats."""
    registration_url: str | None = field(default=None, validator=check.optional(check.url))
    """The platform's page where participants register to get their own link."""
    host_url: str | None = field(
        default=None, repr=False, eq=False, metadata={"json": False}, validator=check.optional(check.url)
    )
    """The link that starts the meeting as its host. A credential: hidden from ``repr``, left out of equality.

    No document holds it, JSON included; only the email to a host shows it.
    """
