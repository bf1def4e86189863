"""Writing files safely: a regular file all at once or not at all, a special file straight through."""

from __future__ import annotations

import errno
import os
import stat
from contextlib import suppress
from pathlib import Path

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, so that no half-written file ever stands in its place.

    A regular file is written beside its destination and renamed over it: a new file gets the
    mode a plain write gives (``0o666`` less the umask), a replaced one keeps its mode and, where
    we may, its owner. A symlink stays a symlink: the file it points to is written so. A FIFO or
    a device (``/dev/null``, ``/dev/stdout``) is written straight through, since renaming over
    it would put a regular file in its place; a directory is refused. An error of writing names
    ``path``, as one of opening does (a full disk: ``OSError(ENOSPC, ..., path)``).
    """
    try:
        _write(path, data)
    except OSError as error:
        if error.filename is not None or error.errno is None:
            raise
        raise type(error)(error.errno, error.strerror, str(path)) from None


def _write(path: Path, data: bytes) -> None:
    """:func:`write_atomically`, whose errors of writing may not name the file."""
    try:
        existing: os.stat_result | None = os.stat(path)  # of what a symlink points to
    except FileNotFoundError:
        existing = None
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        _write_through(path, data)  # opening follows any symlink, /dev/stdout's to a pipe too
        return
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    temporary, handle = _temporary(target, path, existing is None)
    try:
        with os.fdopen(handle, "wb") as file:
            if existing is not None:
                _keep_owner_and_mode(file.fileno(), existing)
            file.write(data)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise


def _temporary(target: Path, path: Path, new: bool) -> tuple[Path, int]:
    """A new empty file beside ``target``: with a new file's mode, or private until a replaced file's is set."""
    while True:
        temporary = target.with_name(f".{target.name}.{os.urandom(4).hex()}.tmp")
        try:  # the umask applies to 0o666, as for a plain write; 0o600 until a replaced file's mode is set
            handle = os.open(temporary, _CREATE, 0o666 if new else 0o600)
        except FileExistsError:  # the random name met one left by an earlier write
            continue
        except OSError as error:  # name the file asked for, not the temporary one
            raise type(error)(error.errno, error.strerror, str(path)) from None
        return temporary, handle


def _keep_owner_and_mode(handle: int, existing: os.stat_result) -> None:
    with suppress(PermissionError):  # only root may give a file to someone else
        os.fchown(handle, existing.st_uid, existing.st_gid)
    os.fchmod(handle, stat.S_IMODE(existing.st_mode))  # after chown, which may clear set-id bits


def _write_through(target: Path, data: bytes) -> None:
    """Write into a FIFO, a device or another special file as it is, never creating a file in its place."""
    handle = os.open(target, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(handle, "wb") as file:
        file.write(data)
