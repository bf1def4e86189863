"""What every command writes: files atomically or standard output, and problems on standard error."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Never

import orjson

from .._files import write_atomically
from ..exceptions import DocumentError

if TYPE_CHECKING:
    from tqdm import tqdm


def emit(output: Path | None, data: bytes) -> int:
    """Write ``data`` to ``output`` atomically, or to standard output; the exit status 0."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomically(output, data)
    return 0


def pretty(data: object) -> bytes:
    """``data`` as indented JSON with a final line break."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"


def report(error: DocumentError | OSError) -> None:
    """Say on standard error what was wrong: each problem of a document, or why a file failed."""
    if isinstance(error, DocumentError):
        for problem in error.problems:
            print(f"{error.source or '-'}: {problem}", file=sys.stderr)
    else:
        print(f"iofs-events: {_describe(error)}", file=sys.stderr)


_REASONS = {
    FileNotFoundError: "no such file",
    IsADirectoryError: "is a directory",
    PermissionError: "permission denied",
}


def _describe(error: OSError) -> str:
    if isinstance(error, FileNotFoundError) and error.filename:
        folder = Path(error.filename).parent
        if not folder.is_dir():  # say which part is missing: the folder, not the file we were to write there
            return f"no such folder: {folder} (for {error.filename})"
    reason = _REASONS.get(type(error))
    return f"{reason}: {error.filename}" if reason else f"{error.filename or 'file'}: {error.strerror or error}"


@contextmanager
def progress(total: int | None, *, unit: str) -> Iterator[tqdm[Never]]:
    """A progress bar on standard error, when it is a terminal, with the retries' warnings above it."""
    import logging

    from tqdm import tqdm
    from tqdm.contrib.logging import logging_redirect_tqdm

    bar: tqdm[Never] = tqdm(total=total, unit=unit, file=sys.stderr, disable=None)
    with bar, logging_redirect_tqdm([logging.getLogger("iofs_events")]):  # warnings above the bar, not through it
        yield bar
