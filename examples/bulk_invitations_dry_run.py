"""Invite everyone listed in a CSV file to the seed workshop, as a dry run: ``.eml`` files, no network.

Run ``python examples/bulk_invitations_dry_run.py --out DIR``. It reads the people of
``people.csv`` beside this script (columns ``name,email,language,time_zone,role,registered``:
seven made-up people on example domains, writing Arabic, English, French or Russian, as
participants, a speaker, an interpreter and a host), composes each one's invitation to the seed
workshop of 22 December 2021 with one :class:`~iofs_events.mail.Composer`, and writes them with
:func:`~iofs_events.mail.write_all` as ``DIR/0001-aisha.rahman@agri.example.my.eml`` and so on,
numbered in the order of the list. Nothing is sent: open the files in a mail client to see what
each person would get. It prints one line per message: its file, its language and its subject.

The same with the command line: ``iofs-events send examples/events/food-security-governance-2021.json
--recipients examples/people.csv --sender "IOFS Secretariat <events@iofs.example>" --dry-run DIR``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from iofs_events import json as event_json
from iofs_events.mail import Composer, read_recipients, write_all

HERE = Path(__file__).parent
EVENT_FILE = HERE / "events" / "food-security-governance-2021.json"
PEOPLE_FILE = HERE / "people.csv"
SENDER = "IOFS Secretariat <events@iofs.example>"


def main(argv: list[str] | None = None) -> list[Path]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write the .eml files into")
    parser.add_argument("--people", type=Path, default=PEOPLE_FILE, metavar="CSV", help="who to invite")
    parser.add_argument("--sender", default=SENDER, metavar='"NAME <EMAIL>"', help=f"who invites (default: {SENDER})")
    arguments = parser.parse_args(argv)

    workshop = event_json.read(EVENT_FILE)
    people = read_recipients(arguments.people)  # every bad row is reported at once, before anything is written
    composer = Composer(workshop, sender=arguments.sender)  # one composer: what people share is made once
    messages = [composer.compose(person) for person in people]
    written = write_all(messages, arguments.out)
    for person, message, path in zip(people, messages, written, strict=True):
        print(f"{path.name}  {person.language}  {person.role}  {message.subject}")
    return written


if __name__ == "__main__":
    main()
