"""Golden invitations of the seed workshop, one per language, with a fixed Message-ID and date.

Each golden file is the message's structure made readable: its headers as sent, then every MIME
part with its headers and its decoded content. Reviewed by eye; after a deliberate change,
rewrite them with ``IOFS_UPDATE_GOLDEN=1``.
"""

from __future__ import annotations

import email
import os
from datetime import UTC, datetime
from email import policy
from email.message import Message

import pytest

import iofs_events as ie
from iofs_events import json as event_json
from iofs_events.mail import Composer, Recipient
from tests.paths import GOLDEN, ROOT

PARTICIPANTS = {
    "en": Recipient(email="aisha.rahman@agri.example.my", name="Aisha Rahman", language="en"),
    "ar": Recipient(email="omar.alharbi@agri.example.sa", name="عمر الحربي", language="ar"),
    "fr": Recipient(email="aminata.diallo@agri.example.sn", name="Aminata Diallo", language="fr"),
    "ru": Recipient(email="aidana.n@agri.example.kz", name="Айдана Нурланова", language="ru"),
}


def _readable(data: bytes) -> str:
    """Headers as sent, then each leaf part: its headers and its decoded content."""
    head, _ = data.split(b"\r\n\r\n", 1)
    lines = [head.decode("ascii").replace("\r\n", "\n"), ""]
    message = email.message_from_bytes(data, policy=policy.default)
    leaves: list[Message] = [part for part in message.walk() if not part.is_multipart()]
    for number, part in enumerate(leaves, start=1):
        lines.append(f"===== part {number}")
        lines += [f"{name}: {value}" for name, value in part.items()]
        lines.append("")
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        lines.append(payload.decode("utf-8").replace("\r\n", "\n"))
    return "\n".join(lines)


@pytest.mark.parametrize("language", list(PARTICIPANTS))
def test_golden_seed_invitation(language: str) -> None:
    event = event_json.read(ROOT / "examples" / "events" / "food-security-governance-2021.json")
    composer = Composer(
        event, sender="IOFS Secretariat <events@iofs.example>", stamp=datetime(2021, 11, 17, 9, tzinfo=UTC)
    )
    message = composer.compose(PARTICIPANTS[language], message_id=f"<seed-invitation-{language}@iofs.example>")
    readable = _readable(message.data)
    path = GOLDEN / f"invitation-{language}.eml.txt"
    if os.environ.get("IOFS_UPDATE_GOLDEN"):
        path.write_text(readable, encoding="utf-8", newline="\n")
    assert readable == path.read_text(encoding="utf-8").replace("iofs-events 0.1.0", f"iofs-events {ie.__version__}")
