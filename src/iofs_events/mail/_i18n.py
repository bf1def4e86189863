"""Templates of emails: Jinja2 with autoescaping for HTML, and the shared message catalogues for their words.

A user's template folder comes before ours, file by file; so does their catalogue folder. Compiled
templates are kept in the cache folder, so a command that writes one email does not compile them
all again; Jinja checks each against its source.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .. import _cache
from .._i18n import translations

if TYPE_CHECKING:
    from pathlib import Path

    from jinja2 import BytecodeCache, Environment
    from jinja2.bccache import Bucket


@lru_cache(maxsize=32)
def environment(language: str, templates: Path | None = None, catalogues: Path | None = None) -> Environment:
    """A Jinja2 environment for one language: HTML templates autoescaped, undefined names refused."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, select_autoescape

    loaders = [FileSystemLoader(templates)] if templates else []
    env = Environment(
        loader=ChoiceLoader([*loaders, PackageLoader(__package__ or "", "templates")]),
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
