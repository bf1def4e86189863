"""The documentation tells the truth: its Python examples run, and its published schema is current.

Every ```python block of ``docs/**/*.md`` and of the README runs, in order, in one fresh namespace per page, with
the repository root as the working directory. A block is skipped when it is marked as not
meant to run: a ``title="..."`` in its fence (```python title="settings.py"), or a line
``<!-- skip -->`` just before it (blank lines in between are allowed).
"""

from __future__ import annotations

import itertools
import json
import re
import tomllib
from pathlib import Path

import pytest

from iofs_events import DocumentError
from iofs_events import json as events_json
from tests.paths import ROOT

DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]
SCHEMA_FILE = DOCS / "reference" / f"event-{events_json.SCHEMA_VERSION}.schema.json"

# A fenced block at the start of a line: its opening fence, its info string, its body.
FENCE = re.compile(r"^(?P<fence>```+|~~~+)(?P<info>[^\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.MULTILINE | re.DOTALL)
SKIP = re.compile(r"<!--\s*skip\s*-->\s*\Z")
INVALID = re.compile(r"<!--\s*invalid\s*-->\s*\Z")


def blocks(page: Path, language: str) -> list[tuple[int, str]]:
    """The runnable blocks of ``language`` in ``page``, each with the line it starts on."""
    text = page.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        info = match.group("info").strip()
        words = info.split()
        if not words or words[0].lstrip("{.").rstrip("}") != language:
            continue
        if "title=" in info or SKIP.search(text[: match.start()]):
            continue
        line = text.count("\n", 0, match.start("body")) + 1
        found.append((line, match.group("body")))
    return found


def test_pages_are_found() -> None:
    assert DOCS / "index.md" in PAGES
    assert any(blocks(page, "python") for page in PAGES)


def printed(page: Path) -> dict[int, str]:
    """The output a page shows for its Python blocks: a ``text`` block right after one, by the line of the Python block.

    A ``text`` block that is not the output of the block above it has a ``title="..."`` in its fence.
    """
    text = page.read_text(encoding="utf-8")
    matches = list(FENCE.finditer(text))
    shown = {}
    for python, after in itertools.pairwise(matches):
        is_python = python.group("info").strip().split()[:1] == ["python"]
        between = text[python.end() : after.start()]
        if is_python and after.group("info").strip() == "text" and not between.strip():
            shown[text.count("\n", 0, python.start("body")) + 1] = after.group("body")
    return shown


@pytest.mark.parametrize("page", PAGES, ids=[str(page.relative_to(ROOT)) for page in PAGES])
def test_python_blocks_run(page: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Every Python block runs, and what it prints is what the page shows after it."""
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    shown = printed(page)
    for line, body in blocks(page, "python"):
        # Pad with blank lines so that tracebacks point at the line of the Markdown page.
        code = compile("\n" * (line - 1) + body, str(page), "exec", dont_inherit=True)  # as a script runs it
        capsys.readouterr()
        exec(code, namespace)  # running the documentation is the point
        if line in shown:
            assert capsys.readouterr().out == shown[line], f"{page.relative_to(ROOT)}:{line}: the output shown differs"


def test_published_schema_is_current() -> None:
    published = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert published == events_json.schema(), (
        f"{SCHEMA_FILE.relative_to(ROOT)} is out of date; regenerate it as docs/reference/json-contract.md says"
    )


def test_published_schema_is_formatted_as_documented() -> None:
    expected = json.dumps(events_json.schema(), indent=2, ensure_ascii=False) + "\n"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == expected


@pytest.mark.parametrize("path", sorted(DOCS.rglob("*.toml")), ids=lambda path: str(path.relative_to(DOCS)))
def test_event_files_in_docs_are_valid(path: Path) -> None:
    events_json.read(path)


def test_json_event_examples_are_valid() -> None:
    """Every complete event document shown as a ```json block is valid."""
    checked = 0
    for page in PAGES:
        for line, body in blocks(page, "json"):
            data = json.loads(body)
            if isinstance(data, dict) and "schema_version" in data:
                try:
                    events_json.from_dict(data, source=f"{page.relative_to(ROOT)}:{line}")
                except Exception as error:  # pragma: no cover - reported by pytest
                    pytest.fail(str(error))
                checked += 1
    assert checked


def test_toml_event_examples() -> None:
    """A ```toml block that is a whole event is valid, unless marked ``<!-- invalid -->``.

    A block marked invalid must fail with exactly the problems listed in the next ```text
    block of the page, written as ``FILE: $.path: reason`` lines.
    """
    checked = 0
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            if match.group("info").strip() != "toml" or match.group("body").lstrip().startswith("--8<--"):
                continue  # not TOML, or an included file (checked above)
            data = tomllib.loads(match.group("body"))
            if "schema_version" not in data:
                continue
            checked += 1
            if not INVALID.search(text[: match.start()]):
                events_json.from_dict(data)
                continue
            listing = next(
                (later for later in FENCE.finditer(text, match.end()) if later.group("info").strip() == "text"), None
            )
            assert listing is not None, f"{page}: an invalid example needs a ```text block listing its errors"
            with pytest.raises(DocumentError) as caught:
                events_json.from_dict(data)
            shown = [line.split(": ", 1)[1] for line in listing.group("body").splitlines() if line.strip()]
            assert shown == [str(problem) for problem in caught.value.problems]
    assert checked


def test_ci_runs_the_readmes_test_command() -> None:
    """The second command of the README's quick start is what CI runs, word for word."""
    commands = [body.strip() for _, body in _console_blocks(ROOT / "README.md")][:2]
    assert commands[0].startswith("python3 -m venv .venv && ")  # whatever Python's setup: a venv of its own
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def _console_blocks(page: Path) -> list[tuple[int, str]]:
    text = page.read_text(encoding="utf-8")
    return [
        (text.count("\n", 0, match.start("body")) + 1, match.group("body"))
        for match in FENCE.finditer(text)
        if match.group("info").strip() == "console"
    ]
