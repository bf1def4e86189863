"""The multilingual training reaches each reader in their language: how much of what they read is in their script.

An Arabic or Russian reader of the example training (its texts translated in the event file)
gets at least 90% of the letters of the subject, the plain text, the HTML and the calendar
entry in their own script, leaving out links, addresses and people's names; a French reader
gets no English sentence.
"""

from __future__ import annotations

import re
import unicodedata
from email import message_from_bytes, policy
from email.message import EmailMessage
from html.parser import HTMLParser

import pytest
from icalendar import Calendar

import iofs_events as ie
from iofs_events import json as event_json
from iofs_events.mail import Composer, Honorific, Recipient
from tests.paths import EXAMPLES

TRAINING = EXAMPLES / "events" / "regional-training-2022-almaty.toml"
SCRIPTS = {"ar": "ARABIC", "ru": "CYRILLIC"}
_LINKS = re.compile(r"(?:https?://|mailto:)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ENGLISH = {"the", "of", "and", "to", "for", "in", "with", "on", "is", "are", "will", "your", "please", "this", "be"}


@pytest.fixture(scope="module")
def training() -> ie.Event:
    return event_json.read(TRAINING)


def _names(event: ie.Event, *more: str) -> list[str]:
    """The people's names an email may carry, which keep their own script."""
    people = [speaker.person.name for session in event.agenda for speaker in session.speakers]
    return sorted({*people, *(person.name for person in event.contacts), *more}, key=len, reverse=True)


def _readable(text: str, names: list[str]) -> str:
    text = _LINKS.sub(" ", text)
    for name in names:
        text = text.replace(name, " ")
    return text


def share(text: str, script: str, names: list[str]) -> float:
    """The share of the letters of ``text`` that belong to ``script`` (a Unicode script name)."""
    letters = [character for character in _readable(text, names) if unicodedata.category(character).startswith("L")]
    assert letters
    return sum(unicodedata.name(character, "").startswith(script) for character in letters) / len(letters)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def _letter(training: ie.Event, recipient: Recipient) -> EmailMessage:
    data = Composer(training, sender="IOFS Secretariat <events@iofs.example>").compose(recipient).data
    message = message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _readings(message: EmailMessage) -> dict[str, str]:
    """The subject, the bodies and the calendar entry's texts, as a reader meets them."""
    calendar_part = next(part for part in message.walk() if part.get_content_type() == "text/calendar")
    entry = Calendar.from_ical(calendar_part.get_content()).walk("VEVENT")[0]
    return {
        "subject": str(message["Subject"]),
        "text": message.get_body(("plain",)).get_content(),  # type: ignore[union-attr]
        "html": _html_text(message.get_body(("html",)).get_content()),  # type: ignore[union-attr]
        "SUMMARY": str(entry["SUMMARY"]),
        "DESCRIPTION": str(entry["DESCRIPTION"]),
        "LOCATION": str(entry["LOCATION"]),
    }


@pytest.mark.parametrize(
    ("language", "name"), [("ar", "عمر الحربي"), ("ar-SA", "عمر الحربي"), ("ru", "Айдана Нурланова")]
)
def test_arabic_and_russian_readers_read_in_their_script(training: ie.Event, language: str, name: str) -> None:
    recipient = Recipient(email="reader@agri.example", name=name, language=language, time_zone="Europe/Paris")
    readings = _readings(_letter(training, recipient))
    names = _names(training, name)
    shares = {part: share(text, SCRIPTS[language[:2]], names) for part, text in readings.items()}
    assert min(shares.values()) >= 0.9, shares


def test_the_calendar_part_says_its_languages(training: ie.Event) -> None:
    recipient = Recipient(email="reader@agri.example", language="ar-SA")
    calendar_part = next(p for p in _letter(training, recipient).walk() if p.get_content_type() == "text/calendar")
    entry = Calendar.from_ical(calendar_part.get_content()).walk("VEVENT")[0]
    assert entry["SUMMARY"].params["LANGUAGE"] == "ar"  # the translation's tag
    assert entry["DESCRIPTION"].params["LANGUAGE"] == "ar"  # the words' language
    assert entry["LOCATION"].params["LANGUAGE"] == "ar"


def test_a_french_reader_finds_no_english_sentence(training: ie.Event) -> None:
    recipient = Recipient(email="reader@agri.example", name="Aminata Diallo", honorific=Honorific.MS, language="fr-SN")
    readings = _readings(_letter(training, recipient))
    names = _names(training, "Aminata Diallo")
    for part, text in readings.items():
        for sentence in re.split(r"[.:;!?\n()]+", _readable(text, names)):
            words = re.findall(r"[a-z]+", sentence.lower())
            english = [word for word in words if word in _ENGLISH]
            assert len(english) < 2, (part, sentence)


def test_the_seed_reader_gets_the_original_marked(seed: ie.Event) -> None:
    """The seed is English only (its disclaimer forbids unofficial translations): other readers get it marked."""
    message = _letter(seed, Recipient(email="reader@agri.example", language="fr"))
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "(texte original en anglais)" in text
    assert '<bdi lang="en"' not in html  # English in a French letter runs the same way: tagged, not isolated
    assert '<span lang="en">OIC Country Experience' in html
    arabic = _letter(seed, Recipient(email="reader@agri.example", language="ar")).get_body(("html",))
    assert '<bdi lang="en" dir="ltr">OIC Country Experience' in arabic.get_content()  # type: ignore[union-attr]
