"""Turn the seed announcement, an IOFS online workshop of 22 December 2021, into files people use.

Run ``python examples/food_security_governance_workshop.py --out DIR``: it reads the event
file beside this script, validates it, and writes ``DIR/workshop.json`` (the JSON contract),
``DIR/workshop.ics`` (the calendar entry to publish: a date-only event until a time is fixed)
and ``DIR/invitation-en.eml``, ``-ar``, ``-fr`` and ``-ru``: the invitation of one participant
in each language of the workshop, ready to open in a mail client or to send.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from iofs_events import json as event_json
from iofs_events.ical import to_ical
from iofs_events.mail import Composer, Recipient

EVENT_FILE = Path(__file__).parent / "events" / "food-security-governance-2021.json"
SENDER = "IOFS Secretariat <events@iofs.example>"
# Made-up participants, one for each language of the workshop (English, with interpretation into the others).
PARTICIPANTS = [
    Recipient(email="aisha.rahman@agri.example.my", name="Aisha Rahman", language="en", time_zone="Asia/Kuala_Lumpur"),
    Recipient(email="omar.alharbi@agri.example.sa", name="عمر الحربي", language="ar", time_zone="Asia/Riyadh"),
    Recipient(email="aminata.diallo@agri.example.sn", name="Aminata Diallo", language="fr", time_zone="Africa/Dakar"),
    Recipient(email="aidana.n@agri.example.kz", name="Айдана Нурланова", language="ru", time_zone="Asia/Almaty"),
]


def main(argv: list[str] | None = None) -> list[Path]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write the files into")
    parser.add_argument("--sender", default=SENDER, metavar='"NAME <EMAIL>"', help=f"who invites (default: {SENDER})")
    arguments = parser.parse_args(argv)

    event = event_json.read(EVENT_FILE)
    arguments.out.mkdir(parents=True, exist_ok=True)
    document, calendar = arguments.out / "workshop.json", arguments.out / "workshop.ics"
    event_json.write(event, document)
    calendar.write_bytes(to_ical(event))
    written = [document, calendar]
    composer = Composer(event, sender=arguments.sender)
    for participant in PARTICIPANTS:
        path = arguments.out / f"invitation-{participant.language}.eml"
        composer.compose(participant).write(path)
        written.append(path)
    print(event.title)
    for path in written:
        print(f"  wrote {path}")
    return written


if __name__ == "__main__":
    main()
