"""Message catalogues, shared by every output that speaks to a reader: gettext through Babel, and Jinja2 with them.

Catalogues are the ``.po`` files under ``locales/``, compiled in memory on first use, so the
source of a translation is the only copy of it. A language with no catalogue is written in
English; a message that a catalogue lacks, or marks fuzzy, falls back to its English text.
A user's catalogue folder comes before ours, file by file; so does a user's template folder.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from importlib.resources import files
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment

    from .exceptions import IofsEventsError

DOMAIN = "messages"
SOURCE_LANGUAGE = "en"
_OURS = Path(str(files(__package__ or "iofs_events"))) / "locales"


@lru_cache(maxsize=32)
def catalogue_languages(catalogues: Path | None = None) -> frozenset[str]:
    """The languages that have a catalogue, ours or the user's, besides English."""
    folders = [_OURS, *([catalogues] if catalogues else [])]
    return frozenset(po.parts[-3] for folder in folders for po in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def message_language(tag: str, catalogues: Path | None = None) -> str:
    """The language a reader of ``tag`` gets: the tag, its base language, or English."""
    available = catalogue_languages(catalogues)
    for candidate in (tag.replace("-", "_"), tag.split("-")[0]):
        if candidate in available:
            return candidate.replace("_", "-")
    return SOURCE_LANGUAGE


@lru_cache(maxsize=32)
def translations(language: str, catalogues: Path | None = None) -> gettext.NullTranslations:
    """The compiled catalogue of ``language`` (the user's first), English for the source language."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for folder in (catalogues, _OURS):
        path = folder / language.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.po" if folder else None
        if path is not None and path.is_file():
            with path.open("rb") as file:
                catalogue = read_po(file, locale=language.replace("-", "_"))
            compiled = BytesIO()
            write_mo(compiled, catalogue)  # leaves out fuzzy entries, which then read in English
            compiled.seek(0)
            return gettext.GNUTranslations(compiled)
    return gettext.NullTranslations()


@lru_cache(maxsize=32)
def environment(
    package: str, language: str, templates: Path | None = None, catalogues: Path | None = None
) -> Environment:
    """Jinja2 for the templates of ``package`` in one language: HTML autoescaped, undefined names refused.

    ``templates`` is a folder of the user's whose files replace the package's own, file by file.
    """
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, select_autoescape

    loaders = [FileSystemLoader(templates)] if templates else []
    env = Environment(
        loader=ChoiceLoader([*loaders, PackageLoader(package, "templates")]),
        autoescape=select_autoescape(["html"], default_for_string=False),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates are read once; checking their files before every render is slow
    )
    env.install_gettext_translations(translations(language, catalogues), newstyle=True)  # type: ignore[attr-defined]
    return env


def render(env: Environment, name: str, context: dict[str, Any], error: type[IofsEventsError]) -> str:
    """Render template ``name``; a broken template, ours or a user's, is an ``error`` that names it and its line."""
    from jinja2 import TemplateError, TemplateSyntaxError

    try:
        return env.get_template(name).render(context)
    except TemplateError as problem:
        where = f"{problem.name}, line {problem.lineno}" if isinstance(problem, TemplateSyntaxError) else name
        raise error(f"template {where}: {problem.message or type(problem).__name__}") from problem
