"""Message catalogues, shared by every output that speaks to a reader: gettext through Babel, and Jinja2 with them.

Catalogues are the ``.po`` files under ``locales/``, compiled on first use, so the source of a
translation is the only copy of it; the compiled form is kept in the cache folder while its
``.po`` file is unchanged. A language with no catalogue is written in
English; a message that a catalogue lacks, or marks fuzzy, falls back to its English text.
A user's catalogue folder comes before ours, file by file; so does a user's template folder.
"""

from __future__ import annotations

import gettext
import zlib
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import BytecodeCache, Environment
    from jinja2.bccache import Bucket

    from .exceptions import IofsEventsError

from . import _cache

DOMAIN = "messages"
SOURCE_LANGUAGE = "en"
_OURS = Path(__file__).with_name("locales")  # the package's own catalogues, files beside this module


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
    for folder in (catalogues, _OURS):
        path = folder / language.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.po" if folder else None
        if path is not None and path.is_file():
            return gettext.GNUTranslations(BytesIO(_compiled(path, language)))
    return gettext.NullTranslations()


def _compiled(path: Path, language: str) -> bytes:
    """The ``.mo`` of the catalogue at ``path``: compiled once, then kept in the cache while the file is unchanged."""
    status = path.stat()
    compiler = _cache.identity("babel")  # the catalogue, and what compiles it
    identity = f"{path.resolve()}\0{status.st_size}\0{status.st_mtime_ns}\0{compiler}\n".encode()
    name = f"catalogue-{language}-{zlib.crc32(identity):08x}.mo"
    kept = _cache.read(name)
    if kept is not None and kept.startswith(identity):
        return kept[len(identity) :]
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as file:
        catalogue = read_po(file, locale=language.replace("-", "_"))
    compiled = BytesIO()
    write_mo(compiled, catalogue)  # leaves out fuzzy entries, which then read in English
    _cache.write(name, identity + compiled.getvalue())
    return compiled.getvalue()


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
        bytecode_cache=_bytecode_cache(),
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


@lru_cache(maxsize=1)
def _bytecode_cache() -> BytecodeCache:
    """Compiled templates kept in the cache folder: Jinja compiles a template again when its source changes."""
    from jinja2 import BytecodeCache

    class Kept(BytecodeCache):
        def load_bytecode(self, bucket: Bucket) -> None:
            data = _cache.read(f"template-{bucket.key}.jinja")
            if data is not None:
                bucket.bytecode_from_string(data)

        def dump_bytecode(self, bucket: Bucket) -> None:
            _cache.write(f"template-{bucket.key}.jinja", bucket.bytecode_to_string())

    return Kept()
