"""Emails in the reader's language: catalogues, CLDR formats, right-to-left Arabic, fallbacks, overrides."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from markupsafe import escape

import iofs_events as ie
from iofs_events import _i18n
from iofs_events import json as event_json
from iofs_events.mail import Composer, Honorific, Recipient, RecipientRole
from tests.paths import ROOT

LOCALES = ROOT / "src" / "iofs_events" / "locales"
SEED = ROOT / "examples" / "events" / "food-security-governance-2021.json"
SENDER = "IOFS Secretariat <events@iofs.example>"
ALMATY = ZoneInfo("Asia/Almaty")
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")


@pytest.fixture(scope="module")
def composer() -> Composer:
    seed = event_json.read(SEED)
    timed = seed.revise(
        schedule=ie.TimeSpan(
            starts_at=datetime(2021, 12, 22, 10, tzinfo=ALMATY), ends_at=datetime(2021, 12, 22, 16, tzinfo=ALMATY)
        )
    )
    return Composer(timed, sender=SENDER, stamp=datetime(2021, 11, 17, tzinfo=UTC))


def _bodies(composer: Composer, **fields: object) -> tuple[str, str, str, str]:
    """Subject, Content-Language, plain text and HTML of the email for a recipient with ``fields``."""
    message = composer.compose(Recipient(email="guest@example.org", name="Guest", **fields)).as_email()  # type: ignore[arg-type]
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    return str(message["Subject"]), str(message["Content-Language"]), text, html


@pytest.mark.parametrize(
    ("language", "subject", "greeting", "when"),
    [
        ("en", "Invitation: ", "Dear Guest,\n\n", "Wednesday, December 22, 2021, 10:00\u202fAM\u20134:00\u202fPM"),
        ("fr", "Invitation\u00a0: ", "Madame, Monsieur,\n\n", "mercredi 22 décembre 2021, 10:00\u201316:00 (Almaty"),
        (
            "ru",
            "Приглашение: ",
            "Уважаемый(-ая) Guest!\n\n",
            "среда, 22 декабря 2021\u202fг., 10:00\u201316:00 (Алматы",
        ),
        (
            "ar",
            "دعوة: ",
            "السيد(ة) \u2068Guest\u2069 المحترم(ة)،\nتحية طيبة وبعد،\n\n",
            "الأربعاء، 22 ديسمبر 2021، 10:00 ص\u20134:00 م (ألماتي، غرينتش",
        ),
    ],
)
def test_each_language_reads_as_its_own(
    composer: Composer, language: str, subject: str, greeting: str, when: str
) -> None:
    got_subject, content_language, text, html = _bodies(composer, language=language)
    assert got_subject.startswith(subject)
    assert content_language == language
    assert text.startswith(greeting)
    assert when in text
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert f'<body dir="{direction}"' in html


def test_language_names_are_in_the_readers_language(composer: Composer) -> None:
    assert "Interprétation simultanée\u00a0: arabe, français et russe" in _bodies(composer, language="fr")[2]
    assert "Синхронный перевод: арабский, французский и русский" in _bodies(composer, language="ru")[2]
    assert "الترجمة الفورية: العربية والفرنسية والروسية" in _bodies(composer, language="ar")[2]


def test_a_regional_tag_uses_its_base_language_and_an_unknown_one_english(composer: Composer) -> None:
    assert _bodies(composer, language="ar-SA")[1] == "ar"
    assert _bodies(composer, language="fr-CA")[0].startswith("Invitation\u00a0: ")
    subject, content_language, text, _ = _bodies(composer, language="tr")
    assert (content_language, subject.split(":")[0]) == ("en", "Invitation")
    assert "Wednesday, December 22, 2021" in text


def test_a_message_missing_from_a_catalogue_falls_back_to_english(composer: Composer, tmp_path: Path) -> None:
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Agenda:"\nmsgstr "Programme détaillé :"\n\n'
        '#, fuzzy\nmsgid "When:"\nmsgstr "Quand (à revoir) :"\n',
        encoding="utf-8",
    )
    mine = Composer(composer.event, sender=SENDER, catalogues=tmp_path)
    text = mine.compose(Recipient(email="guest@example.org", language="fr")).as_email().get_body(("plain",))
    content = text.get_content()  # type: ignore[union-attr]
    assert content.startswith("Dear colleague,")  # not in this catalogue: English, visibly
    assert "When: mercredi 22 décembre 2021" in content  # a fuzzy entry is not used; dates stay French
    assert "Quand" not in content


def test_a_users_catalogue_can_add_a_language(composer: Composer, tmp_path: Path) -> None:
    folder = tmp_path / "tr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: tr\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Invitation: %(title)s"\nmsgstr "Davet: %(title)s"\n',
        encoding="utf-8",
    )
    mine = Composer(composer.event, sender=SENDER, catalogues=tmp_path)
    message = mine.compose(Recipient(email="guest@example.org", language="tr")).as_email()
    assert str(message["Subject"]).startswith("Davet: ")
    assert message["Content-Language"] == "tr"
    assert "22 Aralık 2021 Çarşamba" in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_a_users_template_replaces_ours_file_by_file(composer: Composer, tmp_path: Path) -> None:
    (tmp_path / "body.txt").write_text("{{ _('Dear colleague,') }} {{ event.title }} / {{ when }}\n", encoding="utf-8")
    mine = Composer(composer.event, sender=SENDER, templates=tmp_path)
    message = mine.compose(Recipient(email="guest@example.org", language="ru")).as_email()
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    when = "среда, 22 декабря 2021\u202fг., 10:00\u201316:00 (Алматы, GMT+06:00)"
    assert text == f"Уважаемый(-ая) коллега! {composer.event.title} / {when}\n"
    assert 'dir="ltr"' in message.get_body(("html",)).get_content()  # type: ignore[union-attr]


def test_roles_read_in_every_language(composer: Composer) -> None:
    for language in ("ar", "fr", "ru"):
        english = {
            role: _bodies(composer, role=role)[2]
            for role in (RecipientRole.SPEAKER, RecipientRole.INTERPRETER, RecipientRole.HOST)
        }
        for role, text in english.items():
            translated = _bodies(composer, language=language, role=role)[2]
            sentence = text.split("\n\n")[2]
            assert sentence not in translated, (language, role)


def test_the_template_of_messages_is_in_step_with_the_templates() -> None:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as file:  # where pybabel finds the messages: code, emails, pages
        method_map, options_map = parse_mapping_cfg(file)
    assert {pattern for pattern, _ in method_map} >= {"src/iofs_events/**.py", "src/iofs_events/page/templates/**.html"}
    extracted = {
        message for _, _, message, *_ in extract_from_dir(str(ROOT), method_map=method_map, options_map=options_map)
    }
    with (LOCALES / "messages.pot").open("rb") as file:
        template = {message.id for message in read_po(file) if message.id}
    assert extracted == template, "run the pybabel extract command of docs/how-to/email-templates.md"


@pytest.mark.parametrize("language", ["ar", "fr", "ru"])
def test_every_message_is_translated_with_its_placeholders(language: str) -> None:
    with (LOCALES / "messages.pot").open("rb") as file:
        wanted = {(message.context, message.id) for message in read_po(file) if message.id}
    with (LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb") as file:
        catalogue = read_po(file, locale=language)
    entries = {(message.context, message.id): message for message in catalogue if message.id}
    assert set(entries) == wanted  # each context of a message ("closing, to a man") is an entry of its own
    for key, message in entries.items():
        msgid = message.id
        assert message.string, key
        assert not message.fuzzy, key
        placeholders = sorted(PLACEHOLDER.findall(msgid))
        # A salutation may leave the name out where its language does ("Monsieur," in French); nothing else may.
        without_name = [placeholder for placeholder in placeholders if placeholder != "%(name)s"]
        assert sorted(PLACEHOLDER.findall(message.string)) in (placeholders, without_name), key
        if language == "fr" and msgid.endswith(":"):
            assert message.string.endswith("\u00a0:"), key
    assert list(catalogue.check()) == []


# Each honorific, the salutation it gets, and the context of its closing (None: the closing that suits anyone).
SALUTATIONS = {
    None: ("Dear %(name)s,", None),
    Honorific.EXCELLENCY: ("Your Excellency,", "closing, to an Excellency"),
    Honorific.MR: ("Dear Mr %(name)s,", "closing, to a man"),
    Honorific.MS: ("Dear Ms %(name)s,", "closing, to a woman"),
    Honorific.DR: ("Dear Dr %(name)s,", None),
    Honorific.PROF: ("Dear Professor %(name)s,", None),
}
NAMES = {"en": "Aisha Rahman", "fr": "Aminata Diallo", "ru": "Айдана Нурланова", "ar": "عمر الحربي"}


def _translated(language: str, context: str | None, msgid: str) -> str:
    """The catalogue's translation of ``msgid`` in ``context``, read from the PO file itself; English is the msgid."""
    if language == "en":
        return msgid
    with (LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb") as file:
        message = read_po(file, locale=language).get(msgid, context=context)
    assert message is not None, (language, context, msgid)
    assert message.string, (language, context, msgid)
    return str(message.string)


@pytest.mark.parametrize("language", list(NAMES))
@pytest.mark.parametrize("honorific", list(SALUTATIONS))
def test_the_salutation_and_closing_are_the_catalogues_for_each_honorific(
    composer: Composer, language: str, honorific: Honorific | None
) -> None:
    salutation_id, closing_context = SALUTATIONS[honorific]
    name = NAMES[language]
    shown = f"\u2068{name}\u2069" if language == "ar" else name  # right to left, a name is isolated (FSI…PDI)
    salutation = _translated(language, None, salutation_id) % {"name": shown}
    closing = _translated(language, closing_context, "Kind regards,")
    recipient = Recipient(email="guest@example.org", name=name, honorific=honorific, language=language)
    bodies = composer.render(recipient)
    assert bodies.text.startswith(f"{salutation}\n\n")
    assert f"\n\n{closing}\n" in bodies.text  # then the signature, then the small print
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in salutation.split("\n"))  # one paragraph a line
    assert paragraphs in bodies.html
    assert f"<p>{escape(closing)}\n<br>" in bodies.html


def test_catalogues_compile_in_memory_once() -> None:
    first = _i18n.translations("fr")
    assert _i18n.translations("fr") is first
    assert first.gettext("Agenda:") == "Ordre du jour\u00a0:"
    assert type(_i18n.translations("en")).__name__ == "NullTranslations"
    assert _i18n.catalogue_languages() == frozenset({"ar", "fr", "ru"})
    assert isinstance(BytesIO, type)


@pytest.mark.parametrize(("honorific", "salutation_id"), [(Honorific.MR, "Dear Sir,"), (Honorific.MS, "Dear Madam,")])
@pytest.mark.parametrize("language", list(NAMES))
def test_an_honorific_without_a_name_keeps_its_salutation_and_closing_together(
    composer: Composer, language: str, honorific: Honorific, salutation_id: str
) -> None:
    closing_context = SALUTATIONS[honorific][1]
    bodies = composer.render(Recipient(email="guest@example.org", honorific=honorific, language=language))
    assert bodies.text.startswith(f"{_translated(language, None, salutation_id)}\n\n")
    assert f"\n\n{_translated(language, closing_context, 'Kind regards,')}\n" in bodies.text
