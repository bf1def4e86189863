"""Conferencing platforms: one protocol, an adapter per platform, found through entry points.

:func:`load_platform` builds the adapter of a name from the entry-point group
``iofs_events.platforms``, where ours (``zoom``, ``teams``, ``webex``, ``google_meet``,
``jitsi``, ``link``) register as a third party's would. Each adapter declares its
:class:`Capabilities`; an event that asks for more is refused before any request
(:class:`~iofs_events.exceptions.CapabilityError`), and each :class:`Meeting` it returns says
what the platform actually applied. Settings come from :mod:`iofs_events.settings`.
"""

from __future__ import annotations

from ._base import Capabilities, Meeting, Platform, Registrant, requirements
from ._registry import GROUP, available_platforms, load_platform

__all__ = [
    "GROUP",
    "Capabilities",
    "Meeting",
    "Platform",
    "Registrant",
    "available_platforms",
    "load_platform",
    "requirements",
]
