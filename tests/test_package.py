"""The package surface: exports, light import, no I/O at import time."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import iofs_events


def test_all_is_sorted_and_complete() -> None:
    public = {name for name in vars(iofs_events) if not name.startswith("_") and name not in {"annotations"}}
    submodules = {"exceptions", "json", "jsonld", "cli", "ical", "mail", "platforms", "settings"}
    assert sorted(iofs_events.__all__, key=str.upper) == iofs_events.__all__ or sorted(iofs_events.__all__)
    assert set(iofs_events.__all__) == (public - submodules) | {"__version__"}
    for name in iofs_events.__all__:
        assert getattr(iofs_events, name) is not None


def test_version_is_a_release_string() -> None:
    major, minor, patch = iofs_events.__version__.split(".")
    assert all(part.isdigit() for part in (major, minor, patch))


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True, timeout=60
    )
    return result.stdout


def test_import_loads_no_heavy_or_optional_dependency() -> None:
    loaded = _run(
        """
        import sys
        import iofs_events
        print(" ".join(sorted(sys.modules)))
        """
    ).split()
    heavy = {"httpx", "jinja2", "pydantic", "cattrs", "icalendar", "babel", "phonenumbers", "langcodes", "pycountry"}
    assert heavy.isdisjoint(name.split(".")[0] for name in loaded)


def test_import_does_no_io() -> None:
    # An audit hook sees every file opened, socket made and process started while importing;
    # the import system's own reading of modules is not the package doing I/O.
    events = _run(
        """
        import sys

        seen = []

        def hook(event, args):
            if event == "open" and isinstance(args[0], str) and args[0].endswith((".py", ".pyc", ".so")):
                return  # the import system reading modules
            if event in {"open", "socket.connect", "socket.getaddrinfo", "subprocess.Popen"}:
                seen.append(f"{event} {args[0]!r}")

        sys.addaudithook(hook)
        import iofs_events
        print("\\n".join(seen))
        """
    )
    assert events.strip() == ""
