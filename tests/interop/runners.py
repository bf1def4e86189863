"""Run the out-of-process readers (ical.js under node, libical under the system Python) and return their JSON.

When a reader's tool is not installed the test is skipped locally, but fails when the environment variable
``CI`` is set, naming the install step that is missing (see ``.ci/run``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, cast

from tests.real_parts import missing

__all__ = ["HERE", "icaljs", "icaljs_all", "libical", "libical_all"]

HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"
TIMEOUT = 60

NPM_STEP = "(cd tests/interop && npm ci --no-audit --no-fund)"
APT_STEP = "apt-get update && apt-get install -y gir1.2-ical-3.0 python3-gi"


@cache
def _node() -> str | None:
    node = shutil.which("node")
    if node is None or not (HERE / "node_modules" / "ical.js" / "package.json").is_file():
        return None
    return node


@cache
def _libical_importable() -> bool:
    probe = 'import gi; gi.require_version("ICalGLib", "3.0"); from gi.repository import ICalGLib'
    if not Path(SYSTEM_PYTHON).is_file():
        return False
    done = subprocess.run([SYSTEM_PYTHON, "-c", probe], capture_output=True, check=False, timeout=TIMEOUT)
    return done.returncode == 0


def _run(command: list[str], paths: Sequence[Path], *, allow_error: bool) -> Any:
    """Run a reader on files; its JSON, or an AssertionError with everything it said.

    With ``allow_error``, a reader's own report of a parse error ({"error": ...}, exit status 1) is returned.
    """
    done = subprocess.run(
        [*command, *map(str, paths)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=TIMEOUT + len(paths),  # a second more for each file
    )
    try:
        result = json.loads(done.stdout)
    except json.JSONDecodeError:
        result = None
    if allow_error and done.returncode == 1 and isinstance(result, dict) and set(result) == {"error"}:
        return result
    if done.returncode != 0 or not isinstance(result, dict | list) or "error" in result:
        where = paths[0] if len(paths) == 1 else f"{len(paths)} files"
        raise AssertionError(
            f"{Path(command[-1]).name} could not read {where} (exit status {done.returncode})\n"
            f"--- stdout\n{done.stdout[:20_000]}--- stderr\n{done.stderr}"
        )
    return result


def _icaljs_command() -> list[str]:
    node = _node()
    if node is None:
        missing("node or the npm package ical.js is not installed for tests/interop", NPM_STEP)
    return [node, str(HERE / "icaljs_read.mjs")]


def _libical_command() -> list[str]:
    if not _libical_importable():
        missing(f"libical's GObject introspection (ICalGLib 3.0) is not importable by {SYSTEM_PYTHON}", APT_STEP)
    # -I: isolated mode, so nothing from the test environment (PYTHONPATH, user site) leaks into the system Python.
    return [SYSTEM_PYTHON, "-I", str(HERE / "libical_read.py")]


def icaljs(path: Path, *, allow_error: bool = False) -> dict[str, Any]:
    """What ical.js (Thunderbird's calendar engine) reads from an .ics file (see icaljs_read.mjs)."""
    return cast(dict[str, Any], _run(_icaljs_command(), [path], allow_error=allow_error))


def libical(path: Path, *, allow_error: bool = False) -> dict[str, Any]:
    """What libical reads from an .ics file, with RFC 5546 restriction errors (see libical_read.py)."""
    return cast(dict[str, Any], _run(_libical_command(), [path], allow_error=allow_error))


def icaljs_all(paths: Sequence[Path]) -> list[dict[str, Any]]:
    """What ical.js reads from each of several files, in one run of node (a list in the order of ``paths``)."""
    return _all(_icaljs_command(), paths)


def libical_all(paths: Sequence[Path]) -> list[dict[str, Any]]:
    """What libical reads from each of several files, in one run of the system Python."""
    return _all(_libical_command(), paths)


def _all(command: list[str], paths: Sequence[Path]) -> list[dict[str, Any]]:
    if len(paths) == 1:
        return [_run(command, paths, allow_error=False)]
    return cast(list[dict[str, Any]], _run(command, paths, allow_error=False))
