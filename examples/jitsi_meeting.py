"""Give an event a Jitsi Meet room, with no account and no configuration, and write the event back.

Run ``python examples/jitsi_meeting.py --out DIR``: it takes the hand-written regional training
of the how-to guide, without its interpretation (which Jitsi does not offer, and which the
library would refuse before doing anything), asks the ``jitsi`` adapter for its meeting, and
writes ``DIR/training-with-jitsi.json``, a new revision of the event with the room's link, and
``DIR/training-with-jitsi.ics``, its calendar entry. The room's name derives from the event's
identifier, so running it again gives the same room.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from iofs_events import LanguagePlan
from iofs_events import json as event_json
from iofs_events.ical import to_ical
from iofs_events.platforms import load_platform

EVENT_FILE = Path(__file__).parents[1] / "docs" / "how-to" / "regional-training-2022.toml"


def main(argv: list[str] | None = None) -> list[Path]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write the files into")
    arguments = parser.parse_args(argv)

    training = event_json.read(EVENT_FILE)
    training = training.revise(languages=LanguagePlan(floor=training.languages.floor if training.languages else "ru"))
    platform = load_platform("jitsi")  # IOFS_JITSI_SERVER, _ROOM_SECRET, _APP_ID and _APP_SECRET are optional
    meeting = platform.create(training)
    training = training.revise(online_meeting=meeting.online_meeting)

    arguments.out.mkdir(parents=True, exist_ok=True)
    document, calendar = arguments.out / "training-with-jitsi.json", arguments.out / "training-with-jitsi.ics"
    event_json.write(training, document)
    calendar.write_bytes(to_ical(training))
    print(f"{training.title}: {meeting.online_meeting.join_url}")
    return [document, calendar]


if __name__ == "__main__":
    main()
