"""Translated event text: one block per language, shaped like the event, aligned with the original."""

from __future__ import annotations

from typing import Any

import attrs
import orjson
import pytest
from jsonschema import Draft202012Validator

import iofs_events as ie
from iofs_events import json as event_json
from iofs_events._translations import Texts, Translations
from tests.paths import SEED

VALIDATOR = Draft202012Validator(event_json.schema())

FRENCH = {
    "title": "Expérience des pays de l'OCI en matière de gouvernance de la sécurité alimentaire",
    "objectives": ["Partager…", "Examiner…", "Recueillir…", "Étudier…"],
    "organizer": {"name": "Organisation islamique pour la sécurité alimentaire", "acronym": "OISA"},
    "related": [{"title": "Troisième Assemblée générale de l'OISA"}, {}, {}],
}


def document(**translations: Any) -> dict[str, Any]:
    data: dict[str, Any] = orjson.loads(SEED.read_bytes())
    data["schema_version"] = "1.1"
    data["translations"] = translations
    return data


def problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ie.DocumentError) as raised:
        event_json.from_dict(data)
    return [(problem.path, problem.reason) for problem in raised.value.problems]


def test_a_translated_event_round_trips_as_1_1(seed: ie.Event) -> None:
    event = event_json.from_dict(document(fr=FRENCH))
    assert event.translations["fr"]["organizer"]["acronym"] == "OISA"
    written = event_json.to_dict(event)
    assert written["schema_version"] == "1.1"
    assert list(written)[-1] == "translations"
    assert written["translations"]["fr"]["objectives"] == FRENCH["objectives"]
    assert event_json.loads(event_json.dumps(event)) == event
    assert not list(VALIDATOR.iter_errors(written))
    assert event_json.to_dict(seed)["schema_version"] == "1.0"  # an event without translations stays 1.0


def test_the_same_translations_give_the_same_bytes_and_hash_whatever_their_order() -> None:
    reordered = {key: FRENCH[key] for key in reversed(FRENCH)}
    first = event_json.from_dict(document(fr=FRENCH, ar={"title": "تجربة"}))
    second = event_json.from_dict(document(ar={"title": "تجربة"}, fr=reordered))
    assert first == second
    assert hash(first) == hash(second)
    assert event_json.dumps(first) == event_json.dumps(second)
    assert list(event_json.to_dict(second)["translations"]) == ["ar", "fr"]
    assert list(event_json.to_dict(second)["translations"]["fr"]) == ["title", "objectives", "organizer", "related"]


def test_a_python_mapping_becomes_translations(seed: ie.Event) -> None:
    event = attrs.evolve(seed, translations={"FR": {"title": "Atelier"}})
    assert isinstance(event.translations, Translations)
    assert list(event.translations) == ["fr"]  # the tag in its conventional case
    assert event.translations["fr"] == Texts({"title": "Atelier"})
    assert repr(event.translations) == "Translations({'fr': Texts({'title': 'Atelier'})})"
    assert len(event.translations["fr"]) == 1
    assert attrs.evolve(event, translations=event.translations) == event
    assert attrs.evolve(seed, translations={"fr": Texts({"title": "Atelier"})}) == event
    with pytest.raises(ie.FieldTypeError, match="translations: must be a mapping of language tags"):
        attrs.evolve(seed, translations=["fr"])


@pytest.mark.parametrize(
    ("translations", "expected"),
    [
        ({"xx-not-a-tag": {"title": "x"}}, ("$.translations.xx-not-a-tag", "'xx-not-a-tag' is not a valid BCP 47")),
        ({"en-GB": {"title": "Workshop"}}, ("$.translations.en-GB", "is in the original's language (en)")),
        ({"fr": {"url": "https://x.example"}}, ("$.translations.fr.url", "is not a text that can be translated")),
        ({"fr": {"agenda": []}}, ("$.translations.fr.agenda", "translates nothing")),
        (
            {"fr": {"objectives": ["Un", "Deux"]}},
            ("$.translations.fr.objectives", "has 2 items where the original has 4"),
        ),
        ({"fr": {"related": [{}]}}, ("$.translations.fr.related", "has 1 items where the original has 3")),
        ({"fr": {"topics": ["Gouvernance", "Gouvernance", "x", "y"]}}, ("$.translations.fr.topics[1]", "repeats")),
        ({"fr": {"title": "Deux\nlignes"}}, ("$.translations.fr.title", "must be a single line")),
        ({"fr": {"title": ["Atelier"]}}, ("$.translations.fr.title", "must be text, not a list")),
        ({"fr": {"objectives": "Partager"}}, ("$.translations.fr.objectives", "must be a list, not text")),
        ({"fr": {"organizer": "OISA"}}, ("$.translations.fr.organizer", "must be an object of translated texts")),
        ({"fr": {"organizer": {"email": "x@y.example"}}}, ("$.translations.fr.organizer.email", "is not a text")),
        ({"fr": {"related": [{"titre": "x"}, {}, {}]}}, ("$.translations.fr.related[0].titre", "is not a text")),
        ({"fr": ["title"]}, ("$.translations.fr", "must be an object of translated texts, not an array")),
    ],
)
def test_bad_translations_are_path_named_problems(translations: dict[str, Any], expected: tuple[str, str]) -> None:
    ((path, reason),) = problems(document(**translations))
    assert (path, reason[: len(expected[1])]) == expected


def test_translations_need_version_1_1() -> None:
    data = document(fr={"title": "Atelier"})
    data["schema_version"] = "1.0"
    assert problems(data) == [("$.translations", "needs schema_version '1.1' or later; 1.0 documents have none")]
    assert list(VALIDATOR.iter_errors(data))  # the schema says so too
    data["translations"] = ["fr"]
    data["schema_version"] = "1.1"
    assert problems(data) == [
        ("$.translations", "must be an object of language tags, each an object of translated texts, not an array")
    ]


def test_a_tag_must_be_text(seed: ie.Event) -> None:
    with pytest.raises(ie.FieldTypeError, match=r"translations\.1: must be a language tag"):
        attrs.evolve(seed, translations={1: {"title": "x"}})


def test_the_schema_refuses_what_it_can_express() -> None:
    assert list(VALIDATOR.iter_errors(document(fr={"url": "https://x.example"})))
    assert list(VALIDATOR.iter_errors(document(fr={"title": ["x"]})))
    assert list(VALIDATOR.iter_errors(document(fr_FR={"title": "x"})))
    assert not list(VALIDATOR.iter_errors(document(fr=FRENCH)))


def test_a_reader_gets_the_translation_of_their_language_and_the_rest_marked() -> None:
    event = event_json.from_dict(document(fr=FRENCH, ar={"title": "تجربة دول منظمة التعاون الإسلامي"}))
    french = event.localized("fr-SN")
    assert (french.translated, french.original, french.reader) == ("fr", "en", "fr-SN")
    assert french.event.title == FRENCH["title"]
    assert french.event.text_language == "fr"
    assert french.event.objectives == tuple(FRENCH["objectives"])
    assert french.event.organizer is not None
    assert (french.event.organizer.acronym, french.event.organizer.unit) == ("OISA", "Secretariat")
    assert french.event.related[0].title.startswith("Troisième")
    assert not french.event.translations
    assert not french.is_fallback("title")
    assert {"summary", "background", "organizer.unit", "related[1].title", "disclaimer"} <= french.fallbacks
    assert "related[0].title" not in french.fallbacks
    assert french.is_fallback("summary")
    assert french.language_of("summary") == "en"
    assert french.language_of("title") == "fr"


def test_a_reader_without_a_translation_reads_the_original_marked() -> None:
    event = event_json.from_dict(document(fr=FRENCH))
    russian = event.localized("ru")
    assert russian.translated is None
    assert russian.event is event  # nothing to change: the original, marked
    assert russian.is_fallback("title")
    assert russian.language_of("title") == "en"
    english = event.localized("en-GB")
    assert english.translated is None
    assert english.event is event
    assert not english.is_fallback("summary")


def test_the_nearest_regional_translation_serves_a_reader() -> None:
    event = event_json.from_dict(document(**{"ar-SA": {"title": "تجربة"}, "fr-CA": {"title": "Atelier"}}))
    assert event.localized("ar").translated == "ar-SA"
    assert event.localized("ar-MA").translated == "ar-SA"
    assert event.localized("fr-CA").translated == "fr-CA"
    assert event.translations.best("ru") is None
