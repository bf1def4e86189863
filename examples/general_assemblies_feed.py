"""Publish the General Assemblies of IOFS that the seed announcement names as one calendar feed.

Run ``python examples/general_assemblies_feed.py --out DIR``. It reads the event files of the
Third General Assembly (Ankara, 2-3 December 2020) and the Fourth (Nur-Sultan, 8-9 September
2021), which hold only what the announcement of 17 November 2021 says of them: their days, their
city and what they did for the IOFS Program "Food Security Governance". Each links the other
(``related``: previous and next). It writes ``DIR/general-assemblies.ics``, a ``PUBLISH`` feed
made with :func:`iofs_events.ical.feed`, named "IOFS General Assemblies", that calendar apps can
subscribe to (both assemblies as all-day entries, since no time of day is known), and
``DIR/general-assembly-2020-ankara.json`` and ``DIR/general-assembly-2021-nur-sultan.json``,
each event in the JSON contract.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from iofs_events import json as event_json
from iofs_events.ical import feed

EVENT_FILES = [
    Path(__file__).parent / "events" / "general-assembly-2020-ankara.json",
    Path(__file__).parent / "events" / "general-assembly-2021-nur-sultan.json",
]
NAME = "IOFS General Assemblies"
DESCRIPTION = "The General Assemblies of the Islamic Organization for Food Security (IOFS)."


def main(argv: list[str] | None = None) -> list[Path]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write the files into")
    arguments = parser.parse_args(argv)

    assemblies = [event_json.read(path) for path in EVENT_FILES]  # each file is validated as it is read
    arguments.out.mkdir(parents=True, exist_ok=True)
    written = []
    for path, assembly in zip(EVENT_FILES, assemblies, strict=True):
        document = arguments.out / path.name
        event_json.write(assembly, document)
        written.append(document)
    calendar = arguments.out / "general-assemblies.ics"
    # feed() yields the calendar in chunks, one event at a time; two events fit in memory either way.
    calendar.write_bytes(b"".join(feed(assemblies, name=NAME, description=DESCRIPTION)))
    written.insert(0, calendar)
    print(NAME)
    for assembly in assemblies:
        days = assembly.schedule  # a DateSpan: the announcement gives the days, not the hours
        print(f"  {assembly.title}: {days.first_day} to {days.last_day}, {assembly.venue.locality}")
    for path in written:
        print(f"  wrote {path}")
    return written


if __name__ == "__main__":
    main()
