"""How our calendars name things, shared by the writer and the reader so both say it one way."""

from __future__ import annotations

from ._enums import EventKind
from ._version import __version__

PRODID_PREFIX = "-//IOFS//iofs-events"
PRODID = f"{PRODID_PREFIX} {__version__}//EN"
UID_SUFFIX = "@iofs-events"


def kind_category(kind: EventKind) -> str:
    """The first CATEGORIES value of an event: its kind as people write it ("General Assembly")."""
    return kind.replace("_", " ").title()
