"""How our calendars name things, shared by the writer and the reader so both say it one way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._version import __version__

if TYPE_CHECKING:
    from .._event import Event

PRODID_PREFIX = "-//IOFS//iofs-events"
PRODID = f"{PRODID_PREFIX} {__version__}//EN"
UID_SUFFIX = "@iofs-events"


def uid(event: Event, session: int | None = None) -> str:
    """The UID of ``event`` (or of its agenda session number ``session``): stable across revisions."""
    return f"{event.id}{UID_SUFFIX}" if session is None else f"{event.id}.session-{session + 1}{UID_SUFFIX}"
