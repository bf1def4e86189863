"""Translation files: the event's texts exported as PO, filled by translators, merged back; and the commands."""

from __future__ import annotations

import argparse
import codecs
import io
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from hypothesis import given

import iofs_events as ie
from iofs_events import cli, po
from iofs_events import json as event_json
from iofs_events.cli import main
from tests import strategies
from tests.paths import EXAMPLES, SEED

TRAINING = EXAMPLES / "events" / "regional-training-2022-almaty.toml"

# Every text of the seed that a translator sees, in the order of the event: names of people,
# links, codes, phone numbers and years are not among them.
SEED_TEXTS = [
    "title",
    "summary",
    *(f"background[{index}]" for index in range(3)),
    *(f"objectives[{index}]" for index in range(4)),
    "audience.description",
    "organizer.name",
    "organizer.acronym",
    "organizer.unit",
    "partners_note",
    "programme.name",
    "programme.organization.name",
    "programme.organization.acronym",
    "registration.instructions",
    "contacts[0].position",
    "contacts[0].organization.name",
    "contacts[0].organization.acronym",
    "contacts[0].organization.unit",
    "references[0].title",
    "references[0].publisher.name",
    "references[0].publisher.acronym",
    *(f"related[{index}].{key}" for index in (0, 1) for key in ("title", "venue.locality", "description")),
    "related[2].title",
    "related[2].description",
    "deliverables[0].title",
    "deliverables[0].description",
    *(f"topics[{index}]" for index in range(4)),
    *(f"disclaimer[{index}]" for index in range(2)),
]


def catalog_of(data: bytes) -> Catalog:
    return read_po(io.BytesIO(data), abort_invalid=True)


def entries(catalog: Catalog) -> dict[str, Any]:
    return {message.context: message for message in catalog if message.id}


def note(message: Any) -> str:
    """The extracted comments of an entry as one text: tools wrap them into lines of 76 characters."""
    return " ".join(message.auto_comments)


def at(document: Any, path: str) -> Any:
    """The value at ``path`` (``agenda[1].speakers[0].role``) of a JSON document."""
    for name, index in re.findall(r"([A-Za-z_]+)(?:\[(\d+)\])?", path):
        document = document[name] if not index else document[name][int(index)]
    return document


def arabic(text: str) -> str:
    return f"«{text}» بالعربية"


def filled(data: bytes, translate: Any = lambda message: arabic(message.id), **changes: Any) -> bytes:
    """A PO file as a translator returns it: each entry translated, or as ``changes`` says (path: msgstr or a flag)."""
    catalog = catalog_of(data)
    for message in catalog:
        if not message.id:
            continue
        change = changes.get(message.context, translate(message))
        if change == "fuzzy":
            message.flags.add("fuzzy")
            message.string = translate(message)
        else:
            message.string = change
    out = io.BytesIO()
    write_po(out, catalog)
    return out.getvalue()


# --- export ----------------------------------------------------------------------------------------------


def test_the_export_opens_with_babel_with_one_entry_per_text(seed: ie.Event) -> None:
    catalog = catalog_of(po.export(seed, "ar"))
    assert catalog.locale_identifier == "ar"
    assert catalog.charset == "utf-8"
    assert catalog.project == f"{seed.id} revision"
    assert catalog.version == str(seed.revision)
    found = entries(catalog)
    assert list(found) == SEED_TEXTS
    document = event_json.to_dict(seed)
    for path, message in found.items():
        assert message.id == at(document, path), path
        assert message.string == ""
        assert not message.fuzzy
        assert message.auto_comments, path
    assert note(found["title"]) == "The title of the event (one line)"
    assert note(found["objectives[2]"]) == "Objective 3 of 4"
    assert note(found["background[1]"]) == "The background of the event, paragraph 2 of 3: why it is held"
    assert (
        note(found["contacts[0].position"])
        == "The job title of Bakytzhan Arystanbek, contact person for the event (one line)"
    )
    assert note(found["organizer.name"]) == (
        "The full name of the organizer (one line) Give the official name in this language only; if it has none, "
        "leave it empty."
    )


def test_the_comments_say_who_and_where_in_plain_words() -> None:
    found = entries(catalog_of(po.export(event_json.read(TRAINING), "fr")))
    session = "the session «The strategic planning cycle for food security»"
    assert note(found["agenda[1].speakers[0].role"]) == f"The role of Mariama Ndiaye in {session} (one line)"
    assert note(found["agenda[1].title"]) == "The title of session 2 of 7 of the agenda (one line)"
    assert note(found["agenda[1].speakers[0].person.organization.name"]).startswith(
        f"The full name of the organization of Mariama Ndiaye in {session} (one line)"
    )
    assert note(found["venue.locality"]) == "The city or town of the venue (one line)"
    assert not any(
        path.endswith((".name", ".email")) and "person" in path for path in found if "organization" not in path
    )


def test_every_translatable_text_has_words_for_the_translator() -> None:
    # Each class and field that can be translated is described, so that no export ever fails on one.
    from iofs_events._translations import TRANSLATABLE, shape

    described = set(po._TEXTS) | set(po._OBJECTS)
    assert described == {(name, key) for name in TRANSLATABLE for key in shape(name)}
    assert set(po._OBJECTS) == {(name, key) for name in TRANSLATABLE for key, kind in shape(name).items() if kind.cls}


def test_the_same_event_gives_the_same_bytes(seed: ie.Event) -> None:
    data = po.export(seed, "ar")
    assert po.export(seed, "ar") == data
    assert b"Creation-Date" not in data
    assert b"Revision-Date" not in data
    assert b"Babel" not in data  # nor the version of the tool that wrote it
    header = data.split(b"\n\n")[0].decode()
    assert '"Language: ar\\n"' in header
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in header
    assert f'"Project-Id-Version: {seed.id} revision 0\\n"' in header
    assert "Arabic (ar) translation of the event «OIC Country Experience" in header


def test_the_export_carries_the_translations_the_event_has(seed: ie.Event) -> None:
    event = attrs.evolve(seed, translations={"fr-CA": {"title": "Atelier", "organizer": {"acronym": "OISA"}}})
    found = entries(catalog_of(po.export(event, "fr-ca")))
    assert (found["title"].string, found["organizer.acronym"].string, found["summary"].string) == (
        "Atelier",
        "OISA",
        "",
    )
    assert catalog_of(po.export(event, "fr-CA")).locale_identifier == "fr_CA"
    assert all(not message.string for message in entries(catalog_of(po.export(event, "fr"))).values())


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        ("en", "is in the original's language (en)"),
        ("en-GB", "is in the original's language (en)"),
        ("xx-not-a-tag", "'xx-not-a-tag' is not a valid BCP 47 language tag"),
    ],
)
def test_the_original_language_or_no_language_is_refused(seed: ie.Event, language: str, reason: str) -> None:
    with pytest.raises(ie.ValidationError) as raised:
        po.export(seed, language)
    assert raised.value.field == "language"
    assert raised.value.reason.startswith(reason)
    assert isinstance(raised.value, ValueError)
    with pytest.raises(ie.ValidationError, match=re.escape(reason)):
        po.status(seed, [language])


# --- merge -----------------------------------------------------------------------------------------------


def test_a_filled_file_gives_the_event_its_translations(seed: ie.Event) -> None:
    merged, report = po.merge(seed, filled(po.export(seed, "ar")), source="ar.po")
    assert (report.language, report.applied, report.refused, report.fuzzy, report.partial) == (
        "ar",
        tuple(SEED_TEXTS),
        (),
        (),
        (),
    )
    assert (report.missing, report.translated, report.total) == ((), len(SEED_TEXTS), len(SEED_TEXTS))
    texts = merged.translations["ar"]
    assert texts["title"] == arabic(seed.title)
    assert texts["objectives"] == tuple(arabic(objective) for objective in seed.objectives)
    assert texts["related"][0]["venue"]["locality"] == arabic("Ankara")
    assert texts["contacts"][0]["organization"]["unit"] == arabic("Secretariat")
    assert event_json.loads(event_json.dumps(merged)) == merged
    assert event_json.to_dict(merged)["schema_version"] == "1.1"
    reader = merged.localized("ar-SA")
    assert reader.event.title == arabic(seed.title)
    assert not reader.fallbacks
    assert merged.title == seed.title  # the original stays


def test_merging_again_changes_nothing_and_other_languages_stay(seed: ie.Event) -> None:
    event = attrs.evolve(seed, translations={"fr": {"title": "Atelier"}})
    merged, _ = po.merge(event, filled(po.export(event, "ar")))
    assert merged.translations["fr"] == event.translations["fr"]
    again, report = po.merge(merged, po.export(merged, "ar"))
    assert again == merged
    assert report.applied == tuple(SEED_TEXTS)


def test_a_stale_entry_is_refused_and_reported(seed: ie.Event) -> None:
    old = filled(po.export(seed, "ar"))
    objectives = (seed.objectives[0], "To share the best practices of OIC member states.", *seed.objectives[2:])
    changed = attrs.evolve(seed, objectives=objectives, deliverables=())
    merged, report = po.merge(changed, old)
    assert [problem.path for problem in report.refused] == [
        "objectives[1]",
        "deliverables[0].title",
        "deliverables[0].description",
    ]
    reasons = [problem.reason for problem in report.refused]
    assert reasons[0].startswith("is stale: the original changed since the file was exported")
    assert reasons[1].startswith("is no text of the event any more")
    assert report.partial == ("objectives",)  # the other three objectives wait for the second
    assert not any(path.startswith("objectives") for path in report.applied)
    assert report.missing == tuple(f"objectives[{index}]" for index in range(4))
    assert "objectives" not in merged.translations["ar"]
    assert merged.translations["ar"]["title"] == arabic(seed.title)


def test_fuzzy_entries_are_skipped_and_change_nothing(seed: ie.Event) -> None:
    event = attrs.evolve(seed, translations={"ar": {"title": "عنوان"}})
    data = filled(po.export(event, "ar"), title="fuzzy", summary="fuzzy")
    merged, report = po.merge(event, data)
    assert report.fuzzy == ("title", "summary")
    assert "title" not in report.applied
    assert merged.translations["ar"]["title"] == "عنوان"  # what the event had
    assert "summary" not in merged.translations["ar"]
    assert report.missing == ("summary",)


def test_a_list_translated_in_part_is_left_out_and_reported(seed: ie.Event) -> None:
    data = filled(po.export(seed, "ar"), translate=lambda message: "", **{"objectives[0]": "الهدف الأول"})
    merged, report = po.merge(seed, data)
    assert (report.applied, report.partial, report.refused) == ((), ("objectives",), ())
    assert report.missing == tuple(SEED_TEXTS)
    assert merged == seed  # nothing to keep: the event has no Arabic at all
    assert po.status(merged) == {}


def test_an_empty_translation_leaves_the_text_untranslated(seed: ie.Event) -> None:
    event = attrs.evolve(seed, translations={"ar": {"title": "عنوان", "summary": "ملخص"}})
    merged, report = po.merge(event, filled(po.export(event, "ar"), translate=lambda message: message.string, title=""))
    assert dict(merged.translations["ar"]) == {"summary": "ملخص"}
    assert report.applied == ("summary",)
    assert "title" in report.missing


def test_a_translation_that_breaks_the_original_rule_is_refused(seed: ie.Event) -> None:
    merged, report = po.merge(seed, filled(po.export(seed, "ar"), title="سطر\nوسطر"))
    assert report.refused == (ie.Problem("title", "must be a single line without control characters"),)
    assert "title" not in merged.translations["ar"]
    assert "title" in report.missing


def test_a_file_written_by_other_tools_is_read_right(seed: ie.Event) -> None:
    # As msgmerge, msgfmt and PO editors write them: wrapped strings, translator comments and
    # references, a fuzzy entry with its previous msgid, an obsolete entry, a CRLF line end.
    data = (
        '# Translator: Amina\nmsgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        f'#. The title of the event (one line)\n#: event.json\nmsgctxt "title"\nmsgid "{seed.title}"\n'
        'msgstr ""\n"Expérience des pays de l\'OCI en matière de gouvernance "\n"de la sécurité alimentaire"\n\n'
        '# I am not sure of this one\n#, fuzzy\n#| msgid "other stakeholders and partners"\n'
        'msgctxt "partners_note"\nmsgid "other stakeholders"\nmsgstr "autres parties prenantes"\r\n\n'
        'msgctxt "topics[0]"\nmsgid "Food Security Governance"\nmsgstr "Gouvernance de la sécurité alimentaire"\n\n'
        '#~ msgctxt "title"\n#~ msgid "An old title"\n#~ msgstr "Un ancien titre"\n'
    ).encode()
    merged, report = po.merge(seed, codecs.BOM_UTF8 + data)  # with a byte order mark, as some editors write
    assert merged.translations["fr"]["title"] == (
        "Expérience des pays de l'OCI en matière de gouvernance de la sécurité alimentaire"
    )
    assert (report.applied, report.fuzzy, report.partial, report.refused) == (
        ("title",),
        ("partners_note",),
        ("topics",),
        (),
    )


def test_an_entry_without_a_context_is_refused(seed: ie.Event) -> None:
    data = b'msgid ""\nmsgstr "Language: fr\\n"\n\nmsgid "Workshop"\nmsgstr "Atelier"\n'
    _, report = po.merge(seed, data)
    assert report.refused == (ie.Problem("msgctxt", "is missing for 'Workshop'"),)


@pytest.mark.parametrize(
    ("data", "error", "problem"),
    [
        (b'{"title": "not a PO file"}', ie.UnreadableDocumentError, ("line 1", "is not PO: Unknown or misformatted")),
        (
            b'msgid ""\nmsgstr "Language: fr\\n"\n\nmsgid "x"\nmsgstr "\xff"\n',
            ie.UnreadableDocumentError,
            ("$", "is not text"),
        ),
        (
            b'msgid ""\nmsgstr "Content-Type: text/plain; charset=nope\\n"\n\nmsgid "x"\nmsgstr "y"\n',
            ie.UnreadableDocumentError,
            ("$", "is not text"),
        ),
        (b"", ie.DocumentError, ("header.Language", "is missing: set the language of the translation")),
        (b'msgid ""\nmsgstr "Language: \\n"\n', ie.DocumentError, ("header.Language", "is missing")),
        (b'msgid ""\nmsgstr "Language: en_GB\\n"\n', ie.DocumentError, ("header.Language", "is in the original's")),
        (b'msgid ""\nmsgstr "Language: xx\\n"\n', ie.DocumentError, ("header.Language", "'xx' is not a valid BCP")),
    ],
)
def test_a_file_that_is_no_translation_is_a_clear_error(
    seed: ie.Event, data: bytes, error: type[Exception], problem: tuple[str, str]
) -> None:
    with pytest.raises(error) as raised:
        po.merge(seed, data, source="ar.po")
    assert isinstance(raised.value, ie.DocumentError)
    assert raised.value.source == "ar.po"
    ((path, reason),) = raised.value.problems
    assert (path, reason[: len(problem[1])]) == problem


def test_status_before_and_after(seed: ie.Event) -> None:
    assert po.status(seed) == {}
    before = po.status(seed, ["ar"])
    assert list(before) == ["ar"]
    assert (before["ar"].translated, before["ar"].total, before["ar"].missing) == (0, 41, tuple(SEED_TEXTS))
    merged, _ = po.merge(seed, filled(po.export(seed, "ar"), title="", summary="fuzzy"))
    after = po.status(merged, ["fr", "AR"])
    assert list(after) == ["ar", "fr"]
    assert (after["ar"].translated, after["ar"].missing) == (39, ("title", "summary"))
    assert after["fr"].translated == 0


@given(strategies.events())
def test_every_translation_survives_export_and_merge(event: ie.Event) -> None:
    for tag in event.translations:
        without = attrs.evolve(
            event, translations={other: t for other, t in event.translations.items() if other != tag}
        )
        merged, report = po.merge(without, po.export(event, tag))
        assert not report.refused
        # The same texts in the reader's language; a block that translates nothing is not kept.
        mine, theirs = merged.localized(tag), event.localized(tag)
        assert mine.fallbacks == theirs.fallbacks
        same = {"text_language": tag, "translations": {}}  # the other blocks, empty ones included, are not at stake
        assert attrs.evolve(mine.event, **same) == attrs.evolve(theirs.event, **same)


# --- the commands ----------------------------------------------------------------------------------------


def test_the_commands_from_export_to_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    event_file = tmp_path / "workshop.json"
    event_file.write_bytes(SEED.read_bytes())
    exported = tmp_path / "ar.po"
    assert main(["translations", "export", str(event_file), "--lang", "ar", "-o", str(exported)]) == 0
    assert main(["translations", "export", str(event_file), "--lang", "ar"]) == 0
    assert capsys.readouterr().out.encode() == exported.read_bytes()

    assert main(["translations", "status", str(event_file)]) == 0
    assert capsys.readouterr().out == f"{event_file}: no translations; name a language with --lang TAG\n"

    translated = tmp_path / "ar-filled.po"
    translated.write_bytes(filled(exported.read_bytes(), summary="", **{"objectives[1]": ""}))
    assert main(["translations", "import", str(event_file), str(translated)]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        f"{translated}: ar: applied 36, refused 0, fuzzy 0, partial 1; translated 36/41",
        f"{translated}: partial, left out until every item is translated: objectives",
    ]
    assert captured.err == ""
    assert event_json.read(event_file).translations["ar"]["title"] == arabic(event_json.read(SEED).title)

    assert main(["translations", "status", str(event_file), "--lang", "fr"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "ar: 36/41 translated, missing:",
        "  summary",
        *(f"  objectives[{index}]" for index in range(4)),
        "fr: 0/41 translated, missing:",
        *(f"  {path}" for path in SEED_TEXTS),
    ]


def test_import_refuses_stale_entries_with_status_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = event_json.read(SEED)
    translated = tmp_path / "ar.po"
    translated.write_bytes(filled(po.export(seed, "ar"), title="fuzzy", summary="fuzzy"))
    event_file = tmp_path / "workshop.json"
    event_json.write(seed.revise(title="OIC Country Experience in Food Security Governance"), event_file)
    out = tmp_path / "translated.json"
    assert main(["translations", "import", str(event_file), str(translated), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.err == (
        f"{translated}: refused: title: is stale: the original changed since the file was exported; "
        "export the file again\n"
    )
    assert captured.out.splitlines() == [
        f"{translated}: ar: applied 39, refused 1, fuzzy 1, partial 0; translated 39/41",
        f"{translated}: fuzzy, skipped: summary",
    ]
    assert "title" not in event_json.read(out).translations["ar"]  # the rest is merged and written
    assert event_json.read(event_file).translations == ie.Translations()  # FILE itself is left as it was


def test_import_takes_several_files_in_turn(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = event_json.read(SEED)
    files = []
    for tag in ("ar", "fr"):
        files.append(tmp_path / f"{tag}.po")
        files[-1].write_bytes(filled(po.export(seed, tag), translate=lambda message, tag=tag: f"{tag}: {message.id}"))
    out = tmp_path / "translated.json"
    assert main(["translations", "import", str(SEED), *map(str, files), "-o", str(out)]) == 0
    assert sorted(event_json.read(out).translations) == ["ar", "fr"]
    assert len(capsys.readouterr().out.splitlines()) == 2


@pytest.mark.parametrize(
    ("arguments", "status", "message"),
    [
        (["export", "{seed}", "--lang", "en"], 1, "iofs-events: --lang: is in the original's language (en)"),
        (["status", "{seed}", "--lang", "xx-nope"], 1, "iofs-events: --lang: 'xx-nope' is not a valid BCP 47"),
        (["import", "{seed}", "{po}", "-o", "{tmp}/out.toml"], 2, "iofs-events: {tmp}/out.toml: the event is written"),
        (["import", "{toml}", "{po}"], 2, "iofs-events: {toml}: the event is written as JSON; give -o OUT.json"),
        (["import", "{seed}", "{seed}", "-o", "{tmp}/out.json"], 1, "{seed}: line 1: is not PO"),
        (
            ["import", "{seed}", "{tmp}/missing.po", "-o", "{tmp}/out.json"],
            1,
            "iofs-events: no such file: {tmp}/missing.po",
        ),
        (["export", "{seed}"], 2, "the following arguments are required: --lang"),
        (["status"], 2, "the following arguments are required: FILE"),
    ],
)
def test_the_commands_say_what_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], status: int, message: str
) -> None:
    exported = tmp_path / "ar.po"
    exported.write_bytes(po.export(event_json.read(SEED), "ar"))
    names = {"seed": str(SEED), "po": str(exported), "tmp": str(tmp_path), "toml": str(TRAINING)}
    before = SEED.read_bytes()
    try:
        code = main(["translations", *(argument.format(**names) for argument in arguments)])
    except SystemExit as stop:  # argparse's usage errors
        code = int(stop.code or 0)
    assert code == status
    assert message.format(**names) in capsys.readouterr().err
    assert SEED.read_bytes() == before
    assert not (tmp_path / "out.json").exists()


def test_every_action_and_argument_has_help() -> None:
    def subcommands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction[argparse.ArgumentParser]:
        return next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))

    actions = subcommands(subcommands(cli._parser()).choices["translations"])
    assert sorted(actions.choices) == ["export", "import", "status"]
    assert all(choice.help for choice in actions._choices_actions)
    for name, parser in actions.choices.items():
        assert all(argument.help for argument in parser._actions), name
