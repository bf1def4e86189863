"""A package uses another only through its public names: every import of src and benchmarks, parsed with ``ast``.

In ``src/iofs_events/``, a module of package P (the root ``iofs_events`` or a subpackage such
as ``iofs_events.ical``) imports underscore names only from modules of P itself. A subpackage
may import the private modules of the packages that hold it (``from .._wording import
list_text``), but no underscore name from them, and nothing private of another subpackage.
``benchmarks/`` uses iofs_events as its users do: no underscore module or name of it at all.
``tests/`` is not checked: its tests test the private modules of the package they mirror.
"""

from __future__ import annotations

import ast
from importlib.util import resolve_name
from pathlib import Path

import pytest

from tests.paths import ROOT

SRC = ROOT / "src"
PACKAGE = "iofs_events"


def private(name: str) -> bool:
    """An underscore name; dunders such as ``__version__`` are public."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def is_package(module: str) -> bool:
    return SRC.joinpath(*module.split("."), "__init__.py").is_file()


def is_module(module: str) -> bool:
    return is_package(module) or SRC.joinpath(*module.split(".")).with_suffix(".py").is_file()


def package_of(module: str) -> str:
    return module if is_package(module) else module.rpartition(".")[0]


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(f"{package}.")


def module_offence(module: str, importer: str | None) -> str | None:
    """Why ``importer`` (a package of src, or ``None`` for outside code) may not import ``module``, if it may not."""
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return None
    for index, part in enumerate(parts):
        holder = ".".join(parts[:index])
        if private(part) and (importer is None or not within(importer, holder)):
            return f"{module} is private to {holder}"
    return None


def name_offence(module: str, name: str, importer: str | None) -> str | None:
    """Why ``importer`` may not import ``name`` from ``module``, if it may not."""
    if module.split(".")[0] != PACKAGE:
        return None
    if is_module(f"{module}.{name}"):
        return module_offence(f"{module}.{name}", importer)
    if private(name) and (importer is None or package_of(module) != importer):
        return f"{name} is private to {module}"
    return module_offence(module, importer)


def offences(source: str, module: str, *, path: str = "<source>") -> list[str]:
    """Every import of ``source`` that crosses a package boundary to an underscore name, as ``path:line: why``.

    ``module`` is the dotted name of the file: a module of iofs_events is checked by its own
    package's rules, any other (a benchmark) as outside code.
    """
    tree = ast.parse(source, filename=path)
    package = package_of(module)
    importer = package if module.split(".")[0] == PACKAGE else None
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            reasons = [module_offence(alias.name, importer) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            target = resolve_name("." * node.level + (node.module or ""), package) if node.level else node.module
            assert target is not None
            reasons = [name_offence(target, alias.name, importer) for alias in node.names]
        else:
            continue
        found += [
            f"{path}:{node.lineno}: {ast.unparse(node)} ({reason})" for reason in dict.fromkeys(reasons) if reason
        ]
    return found


def module_name(path: Path) -> str:
    """The dotted name of a file of src or of the repository (``benchmarks.ical_feed``)."""
    base = SRC if path.is_relative_to(SRC) else ROOT
    parts = path.relative_to(base).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


FILES = sorted([*(SRC / PACKAGE).rglob("*.py"), *(ROOT / "benchmarks").rglob("*.py")])


def test_the_files_are_found() -> None:
    names = {module_name(path) for path in FILES}
    assert {"iofs_events", "iofs_events.ical._write", "iofs_events.mail", "benchmarks.ical_feed"} <= names


def test_packages_import_only_public_names_of_each_other() -> None:
    found = [
        offence
        for path in FILES
        for offence in offences(path.read_text(encoding="utf-8"), module_name(path), path=str(path.relative_to(ROOT)))
    ]
    assert not found, "imports of underscore names across a package boundary:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("iofs_events._event", "from ._wording import _clock"),  # the root's own private name
        ("iofs_events.ical._write", "from ._itip import publisher\nfrom .._wording import platform_name"),
        ("iofs_events.mail", "from .. import _checks as check\nfrom .._version import __version__"),
        ("iofs_events.platforms.zoom", "from ._http import _reason"),  # its own package's private name
        ("iofs_events.jsonld", "from .ical import describe\nimport iofs_events.json"),
        ("benchmarks.ical_feed", "import iofs_events as ie\nfrom iofs_events.ical import describe, uid"),
        ("benchmarks.ical_feed", "from benchmarks._table import Row\nfrom icalendar.parser import _x"),
    ],
)
def test_what_is_allowed(module: str, source: str) -> None:
    assert offences(source, module) == []


@pytest.mark.parametrize(
    ("module", "source", "reason"),
    [
        ("iofs_events.mail._compose", "from .._wording import _clock", "_clock is private to iofs_events._wording"),
        ("iofs_events.mail._compose", "from ..ical._write import x", "iofs_events.ical._write is private to"),
        ("iofs_events.mail._compose", "from ..ical import _write", "iofs_events.ical._write is private to"),
        ("iofs_events.mail", "import iofs_events.ical._names", "iofs_events.ical._names is private to"),
        ("iofs_events.jsonld", "from .ical._describe import describe", "is private to iofs_events.ical"),
        ("iofs_events", "from .platforms._http import Api", "is private to iofs_events.platforms"),
        ("iofs_events.ical._write", "from ..platforms import _base", "is private to iofs_events.platforms"),
        ("benchmarks.ical_feed", "from iofs_events._wording import platform_name", "is private to iofs_events"),
        ("benchmarks.ical_feed", "from iofs_events.ical import _describe", "is private to iofs_events.ical"),
        ("benchmarks.ical_feed", "import iofs_events.ical._names", "is private to iofs_events.ical"),
        ("benchmarks.json_vs_pydantic", "from iofs_events import _checks, json", "is private to iofs_events"),
    ],
)
def test_what_is_refused(module: str, source: str, reason: str) -> None:
    found = offences(f"import sys\n\n{source}", module, path="x.py")
    assert len(found) == 1, found
    assert found[0].startswith("x.py:3: ")
    assert reason in found[0]
