"""Turn the seed announcement, an IOFS online workshop of 22 December 2021, into files people use.

Run ``python examples/food_security_governance_workshop.py --out DIR``: it reads the event
file beside this script, validates it, and writes ``DIR/workshop.json`` (the JSON contract)
and ``DIR/workshop.ics`` (the calendar entry to publish: a date-only event until a time is fixed).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from iofs_events import json as event_json
from iofs_events.ical import to_ical

EVENT_FILE = Path(__file__).parent / "events" / "food-security-governance-2021.json"


def main(argv: list[str] | None = None) -> list[Path]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write the files into")
    arguments = parser.parse_args(argv)

    event = event_json.read(EVENT_FILE)
    arguments.out.mkdir(parents=True, exist_ok=True)
    document, calendar = arguments.out / "workshop.json", arguments.out / "workshop.ics"
    event_json.write(event, document)
    calendar.write_bytes(to_ical(event))
    print(event.title)
    for path in (document, calendar):
        print(f"  wrote {path}")
    return [document, calendar]


if __name__ == "__main__":
    main()
