"""How to join an event online."""

from __future__ import annotations

from attrs import converters, field, frozen

from . import _checks as check

__all__ = ["DialIn", "OnlineMeeting"]

_platform = check.pattern(r"[a-z][a-z0-9_]*", "must be a lower-case name such as 'zoom' or 'google_meet'")


@frozen(kw_only=True)
class DialIn:
    """A telephone number that joins the meeting by audio."""

    number: str = field(converter=check.e164, validator=check.phone)
    country: str | None = field(
        default=None, converter=converters.optional(check.country_code), validator=check.optional(check.country)
    )
    city: str | None = field(default=None, validator=check.optional(check.line))


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
    join_url: str | None = field(default=None, validator=check.optional(check.url))
    meeting_id: str | None = field(default=None, validator=check.optional(check.line))
    passcode: str | None = field(default=None, repr=False, validator=check.optional(check.line))
    dial_in: tuple[DialIn, ...] = field(default=(), validator=check.tuple_of(check.member(DialIn), unique=True))
    registration_url: str | None = field(default=None, validator=check.optional(check.url))
    host_url: str | None = field(
        default=None, repr=False, eq=False, metadata={"json": False}, validator=check.optional(check.url)
    )
