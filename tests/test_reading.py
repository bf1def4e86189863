"""A reader's view of an event: fragments of another direction isolated, the original marked honestly."""

from __future__ import annotations

import html

import attrs

import iofs_events as ie
from iofs_events._bidi import Fragment, Line, Voice, direction
from iofs_events._reading import reading


def test_fragments_are_isolated_only_where_the_directions_differ() -> None:
    arabic, english = Voice("ar"), Voice("en")
    title = arabic.text("OIC <Country> Experience", "en")
    assert str(title) == "\u2066OIC <Country> Experience\u2069"
    assert title.__html__() == '<bdi lang="en" dir="ltr">OIC &lt;Country&gt; Experience</bdi>'
    assert english.text("Workshop", "en").__html__() == "Workshop"
    assert english.text("Atelier", "fr").__html__() == '<span lang="fr">Atelier</span>'
    assert str(english.code("812 3456 7890")) == "812 3456 7890"
    assert str(arabic.code("812 3456 7890")) == "\u2066812 3456 7890\u2069"
    assert str(arabic.mixed("22 ديسمبر 2021")) == "\u206822 ديسمبر 2021\u2069"
    assert repr(title) == "Fragment('OIC <Country> Experience', language='en', direction='ltr')"
    assert not Fragment("", language=None, direction="ltr", isolate=False)
    line = Line([title, "", "2021", Line([], ", ")], "، ")
    assert str(line) == "\u2066OIC <Country> Experience\u2069، 2021"
    assert html.unescape(line.__html__()).endswith("</bdi>، 2021")


def test_the_direction_of_a_language_without_cldr_data_comes_from_its_script() -> None:
    assert (direction("ar-SA"), direction("fr"), direction("syr"), direction("zxx-Zyyy")) == (
        "rtl",
        "ltr",
        "rtl",
        "ltr",
    )


def test_a_reference_takes_the_readers_quotation_marks(seed: ie.Event) -> None:
    title = "Good Governance for ensuring food security and nutrition in OIC Member States"
    french = reading(seed, "fr").reference(seed.references[0], 0)
    assert str(french) == f"«\u00a0{title}\u00a0», COMCEC, 2020"
    arabic = reading(seed, "ar").reference(seed.references[0], 0)
    assert str(arabic) == f"«\u2066{title}\u2069»، \u2066COMCEC\u2069، \u20662020\u2069"
    english = reading(seed, "en").reference(seed.references[0], 0)
    assert str(english).startswith("“Good Governance for ensuring food security")


def test_a_reader_of_another_language_gets_the_original_marked(seed: ie.Event) -> None:
    russian = reading(seed, "ru")
    assert russian.note("title") == " (язык оригинала: английский)"
    assert reading(seed, "en-GB").note("title") == ""
    translated = attrs.evolve(seed, translations={"ru": {"title": "Опыт стран ОИС"}})
    assert reading(translated, "ru").note("title") == ""
    assert reading(translated, "ru").note("title", "summary") == " (язык оригинала: английский)"
