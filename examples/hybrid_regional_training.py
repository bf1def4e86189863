"""Prepare a hybrid regional training in four languages: its event file, its calendars and its invitations.

Run ``python examples/hybrid_regional_training.py --out DIR``. It reads
``events/regional-training-2022-almaty.toml``, a two-day training in Almaty with online
participation on Zoom, interpretation from English into Arabic, French and Russian, an agenda
whose speakers come from several OIC member states, and registration with a deadline. Its texts
are written in English and translated into Arabic, French and Russian in the same file. The
event is made up for this example: every name, date and link in it is an illustration.

Reading the file validates it (every problem is reported at once, with its path); the script
then checks that Zoom can do what the event asks, before any meeting would be created, and
says which interpretation language Zoom does not offer built in. It writes:

- ``DIR/training.json``, the event as the JSON contract;
- ``DIR/training.ics``, the calendar to publish, with each agenda session as an entry linked
  to the training (``agenda=True``), its times in ``Asia/Almaty`` with their VTIMEZONE, and
  without the Zoom passcode, which is never published;
- ``DIR/training-ar.ics``, ``-en``, ``-fr`` and ``-ru``: the calendar to publish for the readers
  of each language, the training's own texts in it;
- ``DIR/invitation-ar.eml``, ``-en``, ``-fr`` and ``-ru``: the invitation of one participant in
  each language, formally addressed, on their own clock;
- ``DIR/invitation-speaker-fr.eml``, the invitation of one speaker, in French, with her
  sessions listed, her clock (Dakar) beside the event's, and the passcode, since she is
  registered.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from iofs_events import json as event_json
from iofs_events.ical import to_ical
from iofs_events.mail import Composer, Honorific, Recipient, RecipientRole
from iofs_events.platforms import available_platforms, requirements

EVENT_FILE = Path(__file__).parent / "events" / "regional-training-2022-almaty.toml"
SENDER = "IOFS Secretariat <events@iofs.example>"
# One of the speakers of the agenda: her address is the one the agenda gives, so that her sessions are found.
SPEAKER = Recipient(
    email="mariama.ndiaye@agri.example.sn",
    name="Mariama Ndiaye",
    language="fr",
    time_zone="Africa/Dakar",
    role=RecipientRole.SPEAKER,
    honorific=Honorific.MS,
    registered=True,
)
# One participant in each language of the training, each on their own clock.
PARTICIPANTS = {
    "ar": Recipient(
        email="omar.alharbi@agri.example.sa",
        name="عمر الحربي",
        honorific=Honorific.DR,
        language="ar-SA",
        time_zone="Asia/Riyadh",
    ),
    "en": Recipient(
        email="nurul.huda@agri.example.my",
        name="Nurul Huda Ismail",
        honorific=Honorific.MS,
        language="en",
        time_zone="Asia/Kuala_Lumpur",
    ),
    "fr": Recipient(
        email="a.diallo@agri.example.sn",
        name="Aminata Diallo",
        honorific=Honorific.MS,
        language="fr-SN",
        time_zone="Africa/Dakar",
    ),
    "ru": Recipient(
        email="a.nurlanova@agri.example.kz",
        name="Айдана Нурланова",
        language="ru",
        time_zone="Asia/Almaty",
    ),
}


def main(argv: list[str] | None = None) -> list[Path]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write the files into")
    parser.add_argument("--sender", default=SENDER, metavar='"NAME <EMAIL>"', help=f"who invites (default: {SENDER})")
    arguments = parser.parse_args(argv)

    training = event_json.read(EVENT_FILE)  # raises DocumentError listing every problem of a bad file
    zoom = available_platforms()["zoom"].load()  # the adapter's class: no settings, no network
    requirements("zoom", zoom.capabilities, training, register=True)  # raises CapabilityError if Zoom cannot
    built_in = zoom.capabilities.interpretation_languages  # None would mean any language
    for tag in training.languages.interpretation if training.languages and built_in is not None else ():
        if tag not in built_in:
            print(f"note: Zoom has no built-in {tag!r} interpretation; add it as a custom language on the account")

    arguments.out.mkdir(parents=True, exist_ok=True)
    document, calendar = arguments.out / "training.json", arguments.out / "training.ics"
    invitation = arguments.out / f"invitation-speaker-{SPEAKER.language}.eml"
    event_json.write(training, document)
    calendar.write_bytes(to_ical(training, agenda=True))
    composer = Composer(training, sender=arguments.sender)
    composer.compose(SPEAKER).write(invitation)
    written = [document, calendar, invitation]
    for language, participant in PARTICIPANTS.items():
        calendar_in = arguments.out / f"training-{language}.ics"
        calendar_in.write_bytes(to_ical(training, agenda=True, language=language))
        letter = arguments.out / f"invitation-{language}.eml"
        composer.compose(participant).write(letter)
        written += [calendar_in, letter]
    print(training.title)
    for path in written:
        print(f"  wrote {path}")
    return written


if __name__ == "__main__":
    main()
