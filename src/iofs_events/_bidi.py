"""Text in a reader's direction: fragments of another language or direction isolated, so that layout stays right.

An Arabic reader's email holds English titles, Latin names, meeting ids and phone numbers;
without isolation the Unicode bidirectional algorithm reorders them with their neighbours
(``812 3456 7890`` shows as ``7890 3456 812``). A :class:`Fragment` is written in HTML as a
``<bdi>`` with its ``lang`` and ``dir``, and in plain text between the Unicode isolates
(FSI/LRI/RLI … PDI), only where the reader's direction or language differs from its own.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from functools import lru_cache

from attrs import frozen

from ._cache import remembered

_OPEN = {"ltr": "\u2066", "rtl": "\u2067", "auto": "\u2068"}
_CLOSE = "\u2069"
_RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg"})


@lru_cache(maxsize=256)
@remembered("babel")
def direction(tag: str) -> str:
    """``rtl`` or ``ltr``: the direction in which language ``tag`` is written (CLDR, else its script)."""
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(tag, sep="-").text_direction)
    except (UnknownLocaleError, ValueError):
        import langcodes

        script = langcodes.Language.get(tag).maximize().script
        return "rtl" if script in _RTL_SCRIPTS else "ltr"


class Fragment:
    """A piece of text inside a reader's text, with its language and direction, isolated when they differ.

    ``str()`` gives the plain-text form, ``__html__`` (which Jinja2's autoescaping calls) the HTML
    form, escaped.
    """

    __slots__ = ("direction", "isolate", "language", "value")

    def __init__(self, value: str, language: str | None, direction: str, isolate: bool) -> None:
        self.value, self.language, self.direction, self.isolate = value, language, direction, isolate

    def __str__(self) -> str:
        return f"{_OPEN[self.direction]}{self.value}{_CLOSE}" if self.isolate else self.value

    def __html__(self) -> str:
        escaped = html.escape(self.value, quote=False)
        lang = f' lang="{self.language}"' if self.language else ""
        if self.isolate:
            return f'<bdi{lang} dir="{self.direction}">{escaped}</bdi>'
        return f"<span{lang}>{escaped}</span>" if lang else escaped

    def __bool__(self) -> bool:
        return bool(self.value)

    def __repr__(self) -> str:
        return f"Fragment({self.value!r}, language={self.language!r}, direction={self.direction!r})"


class Line:
    """Fragments joined by a separator in the reader's language, as one line of text or HTML; empty ones left out."""

    __slots__ = ("parts", "separator")

    def __init__(self, parts: Iterable[Part | None], separator: str) -> None:
        self.parts: tuple[Part, ...] = tuple(filter(None, parts))
        self.separator = separator

    def __str__(self) -> str:
        return self.separator.join(map(str, self.parts))

    def __html__(self) -> str:
        return html.escape(self.separator, quote=False).join(
            part if isinstance(part, str) else part.__html__() for part in map(_escaped, self.parts)
        )

    def __bool__(self) -> bool:
        return bool(self.parts)


Part = Fragment | Line | str


def _escaped(part: Part) -> Fragment | Line | str:
    return html.escape(part, quote=False) if isinstance(part, str) else part


@frozen
class Voice:
    """How fragments are set in the text of one reader: their language tag and so their direction."""

    reader: str

    @property
    def direction(self) -> str:
        """The direction of the reader's text."""
        return direction(self.reader)

    def text(self, value: str, language: str) -> Fragment:
        """Text in ``language``: tagged when it is not the reader's, isolated when it runs the other way."""
        tag, runs, isolate = _setting(self.reader, language)
        return Fragment(value, tag, runs, isolate)

    def code(self, value: str) -> Fragment:
        """A number, an identifier, a link or an address: left to right, isolated in a right-to-left text."""
        return Fragment(value, None, "ltr", direction(self.reader) == "rtl")

    def mixed(self, value: str) -> Fragment:
        """Text of the reader's language that mixes in digits or names (a date, a place): isolated as a whole."""
        return Fragment(value, None, "auto", direction(self.reader) == "rtl")


@lru_cache(maxsize=256)
def _setting(reader: str, language: str) -> tuple[str | None, str, bool]:
    """How text in ``language`` is set for ``reader``: its tag (``None`` in the reader's own), direction, isolation."""
    own = language.split("-")[0].lower() == reader.split("-")[0].lower()
    runs = direction(language)
    return None if own else language, runs, runs != direction(reader)
