"""Translation files: an event's texts as a gettext PO file for translators, and their work merged back.

Translators are not developers: they open PO files in the tools they know (Poedit, Weblate,
Lokalise, OmegaT...). :func:`export` writes one for a language, one entry per text of the event,
its ``msgctxt`` the text's path (``agenda[1].speakers[0].role``), its ``msgid`` the original
and its ``msgstr`` the translation the event already has; a comment says what the text is.
:func:`merge` reads the filled file back into the event's translations, refusing entries
whose original changed since the export, and :func:`status` says which texts each language
still lacks.
"""

from __future__ import annotations

import codecs
import io
from typing import TYPE_CHECKING

import attrs
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po

from . import _checks as check
from ._translations import Step, Text, block_of, check_target, check_text, texts
from ._wording import language_name
from .exceptions import DocumentError, Problem, UnreadableDocumentError, ValidationError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ._event import Event

__all__ = ["MergeReport", "Progress", "export", "merge", "status"]


@attrs.frozen(kw_only=True)
class Progress:
    """How far the translation of an event into one language has come."""

    language: str
    """The BCP 47 tag of the translation's language."""
    total: int
    """How many texts the event has that can be translated."""
    missing: tuple[str, ...]
    """The paths of the texts that have no translation yet, in the order of the event (``objectives[2]``)."""

    @property
    def translated(self) -> int:
        """How many texts have their translation."""
        return self.total - len(self.missing)


@attrs.frozen(kw_only=True)
class MergeReport(Progress):
    """What :func:`merge` did with each entry of a translation file, and how far the language has come since."""

    applied: tuple[str, ...]
    """The paths of the entries whose translation the event now has."""
    refused: tuple[Problem, ...]
    """The entries left out, each with its path and why: stale (the original changed since the
    export, or is gone), or a translation that breaks the original's rule (a title on two lines)."""
    fuzzy: tuple[str, ...]
    """The paths of the entries the translator marked as uncertain (``#, fuzzy``), skipped."""
    partial: tuple[str, ...]
    """The lists of texts (``objectives``) translated only in part, left out until every item is."""


def export(event: Event, language: str) -> bytes:
    """The PO file, UTF-8, in which to translate ``event`` into ``language`` (a BCP 47 tag).

    One entry per text, each with the translation that the event already has for that tag, if
    any. The same event gives the same bytes. Raises :class:`~iofs_events.ValidationError` for a
    tag that is not a language, or is the original's.
    """
    tag = _target(event, language, "language")
    catalog = Catalog(fuzzy=False)
    for text in texts(event, tag):
        catalog.add(text.text, text.translation or "", context=text.path, auto_comments=_notes(text))
    body = io.BytesIO()
    write_po(body, catalog, omit_header=True)
    return _header(event, tag).encode() + b"\n" + body.getvalue()


def merge(event: Event, data: bytes, *, source: str | None = None) -> tuple[Event, MergeReport]:
    """``event`` with the translations of a filled PO file, and what became of each entry.

    The file names its language in its header. Its entries decide the texts they translate: a
    translation replaces the event's, an empty one leaves the text untranslated. A refused or
    fuzzy entry changes nothing, and texts without an entry keep what they had. Raises
    :class:`~iofs_events.UnreadableDocumentError` for data that is not a PO file, and
    :class:`~iofs_events.DocumentError` for a file whose ``Language`` is missing or is no
    language to translate into; ``source`` (a file name) is named in the error.
    """
    catalog = _read(data, source)
    if not catalog.locale_identifier:
        raise DocumentError([Problem(_LANGUAGE, "is missing: set the language of the translation in the file")], source)
    try:
        tag = _target(event, catalog.locale_identifier.replace("_", "-"), _LANGUAGE)
    except ValidationError as error:
        raise DocumentError([Problem(_LANGUAGE, error.reason)], source) from None
    current = {text.path: text for text in texts(event, tag)}
    values = {path: text.translation for path, text in current.items() if text.translation is not None}
    applied, refused, fuzzy = [], [], []
    for message in catalog:
        if not message.id:  # the header
            continue
        path = message.context or ""
        text = current.get(path)
        if text is None:
            refused.append(Problem(path or "msgctxt", _GONE if path else f"is missing for {message.id!r}"))
        elif message.id != text.text:
            refused.append(Problem(path, _STALE))
        elif message.fuzzy:
            fuzzy.append(path)
        elif not message.string:
            values.pop(path, None)
        else:
            assert isinstance(message.string, str)  # a plural entry has no msgid of ours
            try:
                check_text(message.string, text.rule, path)
            except ValidationError as error:
                refused.append(Problem(path, error.reason))
            else:
                values[path] = message.string
                applied.append(path)
    block, partial = block_of(event, values)
    translations = dict(event.translations)
    translations.pop(tag, None)
    if block:
        translations[tag] = block
    merged = attrs.evolve(event, translations=translations)
    progress = _progress(merged, tag)
    report = MergeReport(
        language=tag,
        total=progress.total,
        missing=progress.missing,
        applied=tuple(path for path in applied if path.rpartition("[")[0] not in partial),
        refused=tuple(refused),
        fuzzy=tuple(fuzzy),
        partial=partial,
    )
    return merged, report


def status(event: Event, languages: Iterable[str] = ()) -> dict[str, Progress]:
    """How far each translation of ``event`` has come, and the translation into each of ``languages``.

    By tag, in the order of the tags. Raises :class:`~iofs_events.ValidationError` for a tag of
    ``languages`` that is not a language, or is the original's.
    """
    tags = {*event.translations, *(_target(event, language, "languages") for language in languages)}
    return {tag: _progress(event, tag) for tag in sorted(tags)}


_LANGUAGE = "header.Language"
_GONE = "is no text of the event any more: it was removed since the file was exported"
_STALE = "is stale: the original changed since the file was exported; export the file again"


def _target(event: Event, language: str, where: str) -> str:
    tag = check.language_tag(language)
    check_target(tag, event.text_language, where)
    return tag


def _progress(event: Event, tag: str) -> Progress:
    every = list(texts(event, tag))
    missing = tuple(text.path for text in every if text.translation is None)
    return Progress(language=tag, total=len(every), missing=missing)


def _read(data: bytes, source: str | None) -> Catalog:
    """The catalog of a PO file, or an error that says where it is not one."""
    try:  # without the byte order mark that some editors of Windows write
        return read_po(io.BytesIO(data.removeprefix(codecs.BOM_UTF8)), abort_invalid=True, ignore_obsolete=True)
    except PoFileError as error:
        reason = str(error).removesuffix(f" on {error.lineno}")
        problem = Problem(f"line {error.lineno + 1}", f"is not PO: {reason}")
    except (UnicodeError, LookupError) as error:  # not UTF-8, or not in the charset its header names
        problem = Problem("$", f"is not text in its charset ({error})")
    raise UnreadableDocumentError([problem], source)


def _header(event: Event, tag: str) -> str:
    """The comments and the header entry that open the file.

    Written here rather than by Babel, whose header always has the time it was made: the same
    event must give the same bytes.
    """
    original = event.text_language
    fields = {
        "Project-Id-Version": f"{event.id} revision {event.revision}",
        "Language": tag.replace("-", "_"),  # gettext's form, ll_CC
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": original.replace("-", "_"),
    }
    lines = [
        f"# {language_name(tag, 'en')} ({tag}) translation of the event «{event.title}»",
        f"# ({event.id}, revision {event.revision}), written in {language_name(original, 'en')} ({original}).",
        "# Translate each msgid into its msgstr, or leave the msgstr empty for now.",
        "# The comments (#.) say what each text is; names of people, links and codes are not here.",
        'msgid ""',
        'msgstr ""',
        *(f'"{name}: {value}\\n"' for name, value in fields.items()),
    ]
    return "\n".join(lines) + "\n"


# --- what each text is, in plain words, for the translator --------------------------------------

# The objects that hold texts, named from their holder's name (``of``); ``it`` is the object.
_OBJECTS = {
    ("Event", "audience"): "the audience",
    ("Event", "venue"): "the venue",
    ("Event", "organizer"): "the organizer",
    ("Event", "partners"): "partner {n} of {count}",
    ("Event", "programme"): "the programme «{it.name}»",
    ("Event", "agenda"): "the session «{it.title}»",
    ("Event", "registration"): "the registration",
    ("Event", "contacts"): "{it.name}, contact person for the event",
    ("Event", "references"): "the document «{it.title}»",
    ("Event", "related"): "the related event «{it.title}»",
    ("Event", "deliverables"): "the deliverable «{it.title}»",
    ("AgendaSession", "speakers"): "{it.person.name} in {of}",
    ("Speaker", "person"): "{of}",
    ("Person", "organization"): "the organization of {of}",
    ("Programme", "organization"): "the organization that runs {of}",
    ("Reference", "publisher"): "the publisher of {of}",
    ("RelatedEvent", "venue"): "the venue of {of}",
}

# The texts, from the name of the object that holds them (``of``) and their place in a list.
_TEXTS = {
    ("Event", "title"): "The title of the event",
    ("Event", "summary"): "The summary of the event: what it is about",
    ("Event", "background"): "The background of the event, paragraph {n} of {count}: why it is held",
    ("Event", "objectives"): "Objective {n} of {count}",
    ("Event", "partners_note"): "Who holds the event with the organizer, in words",
    ("Event", "topics"): "Topic {n} of {count}, a keyword",
    ("Event", "disclaimer"): "The legal notice (disclaimer), paragraph {n} of {count}",
    ("Audience", "description"): "Whom the event is for",
    ("Venue", "name"): "The name of {of}: a hotel, a conference centre, a ministry",
    ("Venue", "room"): "The room or hall of {of}",
    ("Venue", "street"): "The street and number of {of}",
    ("Venue", "locality"): "The city or town of {of}",
    ("Venue", "region"): "The state, province or region of {of}",
    ("Organization", "name"): "The full name of {of}",
    ("Organization", "acronym"): "The acronym of {of}",
    ("Organization", "unit"): "The unit of {of}, such as its secretariat",
    ("Programme", "name"): "The name of the programme the event belongs to",
    ("Programme", "description"): "What {of} is about",
    ("AgendaSession", "title"): "The title of session {n} of {count} of the agenda",
    ("AgendaSession", "description"): "What {of} is about",
    ("Speaker", "role"): "The role of {of}",
    ("Person", "position"): "The job title of {of}",
    ("Registration", "instructions"): "How to register for the event",
    ("Reference", "title"): "The title of document {n} of {count} that the event refers to",
    ("RelatedEvent", "title"): "The title of related event {n} of {count}",
    ("RelatedEvent", "description"): "What links {of} to this event",
    ("Deliverable", "title"): "The title of deliverable {n} of {count}: what the event is to produce",
    ("Deliverable", "description"): "What {of} is",
}

_OFFICIAL = "Give the official name in this language only; if it has none, leave it empty."


def _notes(text: Text) -> list[str]:
    """The extracted comments of a text's entry: what it is, and how to translate it."""
    *steps, last = text.trail
    holder = "the event"
    for step in steps:
        holder = _OBJECTS[_kind(step)].format(of=holder, it=_item(step), **_place(step))
    near = next((step for step in reversed(text.trail) if step.position is not None), last)
    note = _TEXTS[_kind(last)].format(of=holder, **_place(near))
    if text.rule.schema == check.line.schema:
        note += " (one line)"
    return [note, _OFFICIAL] if type(last.owner).__name__ == "Organization" else [note]


def _kind(step: Step) -> tuple[str, str]:
    return type(step.owner).__name__, step.name


def _item(step: Step) -> object:
    value = getattr(step.owner, step.name)
    return value if step.position is None else value[step.position]


def _place(step: Step) -> dict[str, int]:
    return {"n": (step.position or 0) + 1, "count": step.length}
