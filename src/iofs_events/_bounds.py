"""The bounds of an event document: its size, nesting, strings, lists and keys, and keys written twice.

A valid event is bounded by the model's own rules (lines, texts, lists); a document that is not
one is checked against these bounds before its problems are listed, so that no document costs
more than time linear in its size, and each problem is named by its JSON path.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

from . import _checks as check
from .exceptions import Problem

LARGEST_DOCUMENT = 10 * 1024 * 1024
"""The most bytes (or characters, for a document given as text) that a document may have."""

DEEPEST = 32
"""The most levels of objects and arrays, the document itself being the first."""

LONGEST_KEY = 100
"""The most characters of a key; the model's are far shorter."""

_REPEATED = "is repeated; a key appears once in an object"


def size_problem(document: str | bytes) -> Problem | None:
    """The problem of a document too large to read, if it is."""
    if len(document) <= LARGEST_DOCUMENT:
        return None
    unit = "characters" if isinstance(document, str) else "bytes"
    return Problem("$", f"is larger than {LARGEST_DOCUMENT:,} {unit}, the most a document may have")


def bounds_problems(data: dict[str, Any]) -> list[Problem]:
    """A problem at each place where a parsed document breaks a bound: nesting, strings, lists, keys."""
    problems: list[Problem] = []

    def container(value: dict[str, Any] | list[Any], path: str, depth: int) -> None:
        # A path is made only for a container or a problem, which are few: most values are strings.
        if depth > DEEPEST:
            problems.append(Problem(path, f"is nested more than {DEEPEST} levels deep"))
        elif type(value) is dict:
            for key, item in value.items():
                if type(key) is not str:  # only a document built in Python can have one
                    problems.append(Problem(f"{path}.{check.shown(key)}", "is a key that is not text"))
                elif len(key) > LONGEST_KEY:
                    reason = f"is a key of {len(key):,} characters; a key may have {LONGEST_KEY} at most"
                    problems.append(Problem(f"{path}.{check.cut(key)}", reason))
                else:
                    inside(item, path, f".{key}", depth)
        elif len(value) > check.MOST_ITEMS:
            problems.append(Problem(path, f"has {len(value):,} items; a list may have {check.MOST_ITEMS:,} at most"))
        else:
            for index, item in enumerate(value):
                inside(item, path, f"[{index}]", depth)

    def inside(value: Any, path: str, step: str, depth: int) -> None:
        if type(value) is str and len(value) > check.LONGEST_TEXT:
            reason = f"has {len(value):,} characters; a text may have {check.LONGEST_TEXT:,} at most"
            problems.append(Problem(path + step, reason))
        elif type(value) is dict or type(value) is list:
            container(value, path + step, depth + 1)

    container(data, "$", 1)
    return problems


def may_repeat_keys(document: str | bytes, data: dict[str, Any]) -> bool:
    r"""Whether the JSON ``document``, parsed into ``data`` by orjson, may have a key written twice in an object.

    A parser keeps one value of a key written twice, so ``data`` cannot show it. A document
    that is ``data`` written again, byte for byte (as :func:`~iofs_events.json.dumps` writes
    it, compact or indented), has none. Otherwise, every member of an object is followed by a
    colon, so when the text has no more colons than ``data`` written again, no key was written
    twice. A colon inside a string may be written ``\u003a``: every escape ``\u003…`` is
    counted as one, which can only answer yes where no key repeats (and the slow search then
    finds none), never no where one does.
    """
    text = document.encode() if isinstance(document, str) else document  # orjson has read it: valid UTF-8
    indented = text[:2] == b"{\n"
    try:
        again = orjson.dumps(data, option=orjson.OPT_INDENT_2 if indented else 0)
    except orjson.JSONEncodeError:  # nested deeper than orjson writes: beyond our bounds anyway
        return True
    if text == again or (indented and text == again + b"\n"):
        return False
    return text.count(b":") + text.count(b"\\u003") > again.count(b":")


class _Object(dict[str, Any]):
    """An object of a document read again to find repeats: its members, and the keys written more than once."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        self.repeated: list[str] = []
        if len(self) < len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen and key not in self.repeated:
                    self.repeated.append(key)
                seen.add(key)


def repeated_keys(document: str | bytes) -> list[Problem]:
    """A problem at each key written twice in one object of the JSON ``document``.

    The document must be within its bounds (:func:`bounds_problems`), which keeps the standard
    library's parser, which reads it again here, within its depth.
    """
    problems: list[Problem] = []

    def visit(value: Any, path: str) -> None:
        if isinstance(value, _Object):
            problems.extend(Problem(f"{path}.{key}", _REPEATED) for key in value.repeated)
            for key, item in value.items():
                visit(item, f"{path}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, f"{path}[{index}]")

    visit(json.loads(document, object_pairs_hook=_Object), "$")
    return problems
