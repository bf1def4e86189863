"""Conferencing platforms: one protocol, an adapter per platform, found through entry points.

:func:`load_platform` builds the adapter of a name from the entry-point group
``iofs_events.platforms``, where ours (``zoom``, ``teams``, ``webex``, ``google_meet``,
``jitsi``, ``link``) register as a third party's would. Each adapter declares its
:class:`Capabilities`; an event that asks for more is refused before any request
(:class:`~iofs_events.exceptions.CapabilityError`), and each :class:`Meeting` it returns says
what the platform actually applied. An adapter that registers people in bulk
(:class:`BulkRegistration`: Zoom and Webex) returns each as :class:`Registered`, with their own
join link where the platform gives one, or :class:`Refused`, with the reason.

What our adapters are built on is public, for third-party adapters too: :class:`Api` (one httpx
client, timeouts, bounded retries with backoff, a token requested through the same retries and
again once after a 401, replies checked, a lost create looked for, a batch of registrants sent
so that nobody is registered twice) with its :class:`Token`, :func:`read_token` and
:class:`HttpOptions`, :class:`Pace` which bounds a rate of calls, :class:`Secrets` which keeps every credential sent
out of errors, :class:`LinkOnly` for platforms that are only a link, :func:`online_meeting` to
write what a platform made back into an event, :func:`requirements`, :func:`meeting_wanted` and
:func:`interpretation_gaps` to refuse before any call, :class:`Findable` for an adapter that can
find what an earlier create made, and :func:`reply_reason` to quote a vendor's error. Each
adapter's settings class lives beside it, built with :func:`~iofs_events.settings.settings_config`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._base import (
    BulkRegistration,
    Capabilities,
    Findable,
    LinkOnly,
    Meeting,
    Platform,
    Refused,
    Registered,
    Registrant,
    interpretation_gaps,
    meeting_wanted,
    online_meeting,
    requirements,
)
from ._registry import GROUP, available_platforms, load_platform

if TYPE_CHECKING:
    from ._http import Api, HttpOptions, Pace, Secrets, Token, read_token, reply_reason

__all__ = [
    "GROUP",
    "Api",
    "BulkRegistration",
    "Capabilities",
    "Findable",
    "HttpOptions",
    "LinkOnly",
    "Meeting",
    "Pace",
    "Platform",
    "Refused",
    "Registered",
    "Registrant",
    "Secrets",
    "Token",
    "available_platforms",
    "interpretation_gaps",
    "load_platform",
    "meeting_wanted",
    "online_meeting",
    "read_token",
    "reply_reason",
    "requirements",
]

_HTTP = frozenset({"Api", "HttpOptions", "Pace", "Secrets", "Token", "read_token", "reply_reason"})


def __getattr__(name: str) -> Any:
    """The HTTP toolkit, which loads httpx, when first asked for."""
    if name in _HTTP:
        from . import _http

        return getattr(_http, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_HTTP})
