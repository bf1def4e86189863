"""What ``iofs-events send`` sent before the roster kept it: the records of its journal, as deliveries.

``iofs-events send --recipients LIST`` keeps a journal beside the list (``LIST.journal``, see
:class:`~iofs_events.mail.Journal`), one line a message, whose key names the event, its
revision, the kind of message and the recipient. Taken into a roster (:meth:`Roster.adopt`),
they keep :func:`due` and :func:`send_due` from sending anyone a message they already have.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..exceptions import MailError
from ..mail import Journal, Kind, Outcome
from ._participants import Delivery

if TYPE_CHECKING:
    from .._event import Event

__all__ = ["journal_deliveries"]

_KINDS = frozenset(Kind)


def journal_deliveries(path: str | Path, event: Event) -> list[Delivery]:
    """The messages about ``event`` that the send journal at ``path`` records as sent, oldest first.

    Each is a :class:`Delivery` without a Message-ID, which a journal does not keep. Records of
    other events, and of messages not sent, are left out; a journal that cannot be read raises
    :class:`~iofs_events.MailError`, naming the line.
    """
    deliveries = []
    for record in Journal.read(Path(path)):
        parts = record.key.split(":", 3)  # event id, revision, kind, address
        if record.status != Outcome.SENT or parts[0] != event.id:
            continue
        if len(parts) != 4 or not parts[1].isdigit() or parts[2] not in _KINDS:
            raise MailError(f"{path}: {record.key!r} is not the key of a message about an event")
        delivery = Delivery(
            email=record.recipient, kind=Kind(parts[2]), revision=int(parts[1]), status="sent", at=record.at
        )
        deliveries.append(delivery)
    return deliveries
