"""The JSON contract: events to and from versioned, deterministic JSON documents.

A document is an object with ``schema_version`` followed by the fields of
:class:`~iofs_events.Event`; absent facts are left out. The same event always gives the same
bytes, and ``loads(dumps(event)) == event``. Bad input raises one
:class:`~iofs_events.DocumentError` that lists every problem with its JSON path. Event files
written by hand may also be TOML with the same structure (see :func:`read`).
"""

from __future__ import annotations

import codecs
import os
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from . import _checks as check
from . import _reader
from ._bounds import LARGEST_DOCUMENT, bounds_problems, may_repeat_keys, repeated_keys, size_problem
from ._event import Event
from ._files import write_atomically
from ._schema import event_schema
from .exceptions import DocumentError, Problem, UnreadableDocumentError

if TYPE_CHECKING:
    from cattrs import Converter

__all__ = ["SCHEMA_VERSION", "dumps", "from_dict", "loads", "read", "schema", "to_dict", "write"]

SCHEMA_VERSION = "1.1"
"""The newest version of the contract this library writes; it reads every ``1.x`` up to this one.

A document says the oldest version that describes it: ``1.1`` when the event has translations,
``1.0`` otherwise, so that readers of 1.0 keep reading every event without them.
"""

_FIRST = "1.0"

_MAJOR, _MINOR = (int(part) for part in SCHEMA_VERSION.split("."))


def to_dict(event: Event) -> dict[str, Any]:
    """The document of ``event`` as plain JSON data (strings, numbers, lists, dicts)."""
    data: dict[str, Any] = orjson.loads(_dump(event, 0))
    return data


def from_dict(data: Any, *, source: str | None = None) -> Event:
    """Read a document that is already parsed (from JSON, TOML or elsewhere) into an :class:`Event`.

    Raises :class:`~iofs_events.DocumentError` listing every problem; ``source`` (a file
    name) is named in its message.
    """
    if type(data) is not dict:
        raise DocumentError([Problem("$", "must be an object")], source)
    version_problem = _version_problem(data.get("schema_version"))
    body = data.copy()
    body.pop("schema_version", None)
    if version_problem is None and "translations" in body and data["schema_version"] == _FIRST:
        version_problem = Problem("$.translations", "needs schema_version '1.1' or later; 1.0 documents have none")
    if version_problem is None:
        try:
            event: Event = _reader.read(Event, body)
        except Exception:  # the first problem, of whatever kind: the detailed reader names them all
            pass
        else:
            return event
    from ._converter import problems

    # Listing every problem takes a pass over the whole document: first, its bounds.
    _refuse_unbounded(data, source)
    found = [] if version_problem is None else [version_problem]
    try:
        event = _converter().structure(body, Event)
    except Exception as error:
        found.extend(problems(error))
    else:
        if not found:  # the fast reader refused what the detailed one accepts: trust the detailed one
            return event
    raise DocumentError(found, source)


def _refuse_unbounded(data: dict[str, Any], source: str | None) -> None:
    beyond = bounds_problems(data)
    if beyond:
        raise DocumentError(beyond, source)


def _version_problem(version: object) -> Problem | None:
    where = "$.schema_version"
    if version is None:
        return Problem(where, f"is required; this library writes {SCHEMA_VERSION!r}")
    if type(version) is not str:
        return Problem(where, f"must be a string such as {SCHEMA_VERSION!r}")
    match = re.fullmatch(r"([0-9]{1,9})\.([0-9]{1,9})", version)
    if match is None or int(match[1]) != _MAJOR or int(match[2]) > _MINOR:
        shown = check.shown(version)
        return Problem(where, f"version {shown} is not supported; this library reads 1.0 to {SCHEMA_VERSION}")
    return None


def dumps(event: Event, *, indent: bool = False) -> str:
    """The JSON document of ``event``: compact, or indented by two spaces for people to read."""
    return _dump(event, orjson.OPT_INDENT_2 if indent else 0).decode()


def _dump(event: Event, options: int) -> bytes:
    # The converter leaves dates, enumerations and tuples for orjson to write.
    version = SCHEMA_VERSION if event.translations else _FIRST
    document = {"schema_version": version, **_converter().unstructure(event, Event)}
    return orjson.dumps(document, option=options)


@cache
def _converter() -> Converter:
    """The cattrs converter, loaded the first time a document is written or a bad one explained, never to read one."""
    from ._converter import make_converter

    return make_converter()


def loads(document: str | bytes, *, source: str | None = None) -> Event:
    """Read a JSON document into an :class:`Event`; see :func:`from_dict` for errors.

    A key written twice in an object is an error, at its path: parsers keep one of the two
    values, and which one differs from one reader to the next.
    """
    too_large = size_problem(document)
    if too_large is not None:
        raise UnreadableDocumentError([too_large], source)
    try:
        data = orjson.loads(document)
    except orjson.JSONDecodeError as error:
        raise UnreadableDocumentError([Problem("$", f"is not valid JSON ({error})")], source) from None
    if type(data) is dict and may_repeat_keys(document, data):
        _refuse_unbounded(data, source)
        repeats = repeated_keys(document)
        if repeats:
            raise DocumentError(repeats, source)
    return from_dict(data, source=source)


def read(path: str | os.PathLike[str]) -> Event:
    """Read an event file: JSON, or TOML when the name ends in ``.toml``.

    Raises :class:`~iofs_events.UnreadableDocumentError` for a file that is not UTF-8 or not
    of its format, :class:`~iofs_events.DocumentError` for an invalid event and
    :class:`OSError` (such as :class:`FileNotFoundError`) when the file cannot be read.
    """
    path = Path(path)
    source = str(path)
    with path.open("rb") as file:
        raw = file.read(LARGEST_DOCUMENT + 1)  # no more than it takes to know that it is too large
    too_large = size_problem(raw)
    if too_large is not None:
        raise UnreadableDocumentError([too_large], source)
    try:
        text = raw.removeprefix(codecs.BOM_UTF8).decode()  # as "utf-8-sig" reads it, without loading that codec
    except UnicodeDecodeError as error:
        reason = f"is not UTF-8 text (byte {error.start})"
        raise UnreadableDocumentError([Problem("$", reason)], source) from None
    if path.suffix.lower() == ".toml":
        import tomllib

        try:
            data = tomllib.loads(text)
        except RecursionError:  # arrays or inline tables inside each other, thousands deep
            raise UnreadableDocumentError([Problem("$", "is nested too deeply to read")], source) from None
        except ValueError as error:  # TOMLDecodeError, or a number of thousands of digits
            reason = f"is not valid TOML ({error})"
            raise UnreadableDocumentError([Problem("$", reason)], source) from None
        return from_dict(data, source=source)
    if path.suffix.lower() != ".json" and not text.lstrip().startswith(("{", "[")):
        reason = "is neither a JSON document nor a .toml file"
        raise UnreadableDocumentError([Problem("$", reason)], source)
    return loads(text, source=source)


def write(event: Event, path: str | os.PathLike[str]) -> None:
    """Write the indented document of ``event`` to ``path`` atomically: all of it or nothing."""
    write_atomically(Path(path), dumps(event, indent=True).encode() + b"\n")


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the documents this library writes and reads."""
    return event_schema(tuple(f"{_MAJOR}.{minor}" for minor in range(_MINOR + 1)))
