"""What a run finds out at some cost and the next one can reuse: files in the user's cache folder.

A command that checks one event would otherwise load four libraries (language tags, phone
numbers, email addresses, countries) to find again what it found last time, one that writes a
calendar would load Babel for the same dates and names, and one that writes an email would
compile its message catalogues and templates again. Kept here, between runs: the answers of
those checks and of the locale's words and forms (:func:`remembered`), compiled catalogues and
templates (:func:`read`, :func:`write`), and the code of the readers of documents
(:func:`generated`). Each is derived from files that did not change (a library's, a catalogue's,
a template's, the model's), so an answer found here is the answer the library would give.

The folder is ``IOFS_CACHE_DIR``, one sub-folder per version of iofs-events; an empty
``IOFS_CACHE_DIR`` turns the cache off. Without it, the ``iofs-events`` command uses the
platform's cache folder for users (``~/.cache/iofs-events`` on Linux), and a program that
imports the library keeps nothing: a library writes no file its caller did not ask for. The
folder is created for its owner only, files in it that another user could have written are
ignored, and a file that cannot be read or written is simply not used: the cache never changes
what a run does, only how long it takes. Personal data is never written: an email address or a
phone number is kept only as the SHA-256 of a valid one, with at most what tells nothing of it
(where a phone number's spaces go).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from contextlib import suppress
from functools import cache, wraps
from pathlib import Path
from types import CodeType
from typing import Any, TypeVar, cast

from ._digests import sha256_hex
from ._version import __version__

F = TypeVar("F", bound=Callable[..., Any])

_ANSWERS = "answers.json"
_SEPARATOR = "\x1f"  # between the arguments of an answer's key: no text of an event holds it
_MOST_ANSWERS = 100_000  # of one library: a mailing list of this size is checked in full each time


_by_default = False  # whether the platform's folder is used when IOFS_CACHE_DIR is not set


def use_by_default() -> None:
    """Use the platform's cache folder when ``IOFS_CACHE_DIR`` is not set: the command line's choice."""
    global _by_default
    _by_default = True
    folder.cache_clear()


@cache
def folder() -> Path | None:
    """The cache folder of this version, or ``None`` when the cache is off."""
    chosen = os.environ.get("IOFS_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) / __version__ if chosen else None
    if not _by_default:
        return None
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "iofs-events" / "Cache"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches" / "iofs-events"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "iofs-events"
    return base / __version__


def read(name: str) -> bytes | None:
    """The cached file ``name``, or ``None`` when there is none that can be trusted."""
    where = folder()
    if where is None:
        return None
    try:
        with (where / name).open("rb") as file:
            if not _trusted(os.fstat(file.fileno())):
                return None
            return file.read()
    except OSError:
        return None


def write(name: str, data: bytes) -> None:
    """Keep ``data`` as the cached file ``name``, readable by its owner only; nothing when it cannot be written."""
    where = folder()
    if where is None:
        return
    temporary = where / f".{name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, where / name)
    except OSError:
        with suppress(OSError):
            temporary.unlink()


def generated(filename: str, make: Callable[[], str], sources: Iterable[str]) -> CodeType:
    """The code of the module that ``make`` writes from the files ``sources``, as an earlier run made it if kept.

    For code generated at run time, such as the fast readers of documents (made from the model's
    files): kept under the SHA-256 of this Python's version, ``filename``, and the place, size
    and time of change of each of ``sources``, so that a change to any of them makes it again,
    and a run that finds it calls neither ``make`` nor the compiler.
    """
    import marshal

    name = None if folder() is None else _code_name(filename, sources)
    kept = None if name is None else read(name)
    if kept is not None:
        with suppress(ValueError, EOFError, TypeError):  # a file cut short or of no code: make it again
            code = marshal.loads(kept)
            if isinstance(code, CodeType):
                return code
    code = compile(make(), filename, "exec")
    if name is not None:
        write(name, marshal.dumps(code))
    return code


def _code_name(filename: str, sources: Iterable[str]) -> str | None:
    """The cached file of the code ``filename`` made from ``sources``; ``None`` when one of them cannot be found."""
    try:
        identity = [sys.version, filename, *map(_file, sources)]
    except OSError:  # a source that is no file (a package in a zip archive): made each time
        return None
    return f"code-{sha256_hex(repr(identity).encode())}.marshal"


def _trusted(status: os.stat_result) -> bool:
    """Whether a cached file is its user's alone: owned by them and writable by nobody else."""
    if not hasattr(os, "getuid"):
        return True  # Windows: the profile's own folder
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


# --- answers of functions that need a library --------------------------------------------------


def remembered(library: str, *, private: bool = False, anonymous: bool = False) -> Callable[[F], F]:
    """Keep the answers of a function of strings, dates or times that needs ``library`` between runs, for its version.

    An answer is kept under the function's name and its arguments as text. With ``private``
    (email addresses, phone numbers), they are kept only as their SHA-256, never themselves, and
    only the answer ``None`` (valid) is kept, since a reason may quote them; with ``anonymous``
    too, every answer is kept, for answers that tell nothing of the arguments.
    """

    def decorate(check: F) -> F:
        question = check.__qualname__
        source = check.__code__.co_filename  # our own check may change too, within one version while developing

        @wraps(check)
        def answer(*values: object, **named: object) -> Any:
            answers = _answers(library, source)
            if answers is None:
                return check(*values, **named)
            value = _SEPARATOR.join([*map(str, values), *(f"{name}={item}" for name, item in named.items())])
            key = f"{question}:{_digest(value) if private else value}"
            if key in answers:
                return answers[key]
            found = check(*values, **named)
            if (found is None or anonymous or not private) and len(answers) < _MOST_ANSWERS:
                answers[key] = found
                _changed.add(library)
            return found

        return cast(F, answer)

    return decorate


def _digest(value: str) -> str:
    return sha256_hex(value.encode("utf-8", "surrogatepass"))


_changed: set[str] = set()


@cache
def _answers(library: str, source: str) -> dict[str, Any] | None:
    """The answers kept for ``library`` as it is installed now, and checks in ``source`` as they are (``None``: off)."""
    if folder() is None:
        return None
    if not _all.loaded:
        _all.load()
    installed = [*identity(library), *_file(source)]
    name = f"{library} {Path(source).name}"  # each file of ours that asks a library keeps its own answers
    section = _all.sections.get(name)
    kept = section.get("answers") if isinstance(section, dict) and section.get("identity") == installed else None
    if type(kept) is not dict:  # none yet, or another version's: that version may answer otherwise
        kept = {}
        _all.sections[name] = {"identity": installed, "answers": kept}
    return kept


def identity(library: str) -> list[object]:
    """What tells one installed version of ``library`` from another: its package file's place, size and time."""
    from importlib.util import find_spec

    spec = find_spec(library)
    origin = spec.origin if spec is not None else None
    return [library] if origin is None else _file(origin)


def _file(path: str) -> list[object]:
    """What tells one version of a file from another: its place, size and time of change."""
    status = os.stat(path)
    return [path, status.st_size, status.st_mtime_ns]


class _Kept:
    """Every library's answers, read from the cache once and written back at exit when they grew."""

    def __init__(self) -> None:
        self.sections: dict[str, Any] = {}
        self.loaded = False

    def load(self) -> None:
        import atexit

        import orjson

        self.loaded = True
        data = read(_ANSWERS)
        try:
            found = orjson.loads(data) if data else {}
        except orjson.JSONDecodeError:
            found = {}
        self.sections = found if isinstance(found, dict) else {}
        atexit.register(self.save)

    def save(self) -> None:
        """Write the answers back, if this run found new ones."""
        import orjson

        if _changed:
            write(_ANSWERS, orjson.dumps(self.sections))
            _changed.clear()


_all = _Kept()
