"""The documentation tells the truth: its Python and command-line examples run, and its published schema is current.

Every ```python block of ``docs/**/*.md`` and of the README runs, in order, in one fresh namespace per page, with
the repository root as the working directory. A block is skipped when it is marked as not
meant to run: a ``title="..."`` in its fence (```python title="settings.py"), or a line
``<!-- skip -->`` just before it (blank lines in between are allowed). Every ```bash block that runs
``iofs-events`` runs too, in a temporary copy of the examples, unless ``<!-- not run: why -->`` is just before it.
"""

from __future__ import annotations

import glob
import itertools
import json
import os
import re
import shlex
import shutil
import tomllib
from pathlib import Path

import pytest

from iofs_events import DocumentError
from iofs_events import json as events_json
from iofs_events.cli import main
from tests.paths import ROOT

DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]
SCHEMA_FILE = DOCS / "reference" / f"event-{events_json.SCHEMA_VERSION}.schema.json"

# A fenced block at the start of a line: its opening fence, its info string, its body.
FENCE = re.compile(r"^(?P<fence>```+|~~~+)(?P<info>[^\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.MULTILINE | re.DOTALL)
SKIP = re.compile(r"<!--\s*skip\s*-->\s*\Z")
NOT_RUN = re.compile(r"<!--\s*not run:\s*\S[^>]*-->\s*\Z")  # a command that needs the network, settings or a mailbox
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


def printed(page: Path, language: str = "python") -> dict[int, str]:
    """The output a page shows for its blocks of ``language``: a ``text`` block right after one, by the block's line.

    A ``text`` block that is not the output of the block above it has a ``title="..."`` in its fence.
    """
    text = page.read_text(encoding="utf-8")
    matches = list(FENCE.finditer(text))
    shown = {}
    for block, after in itertools.pairwise(matches):
        is_language = block.group("info").strip().split()[:1] == [language]
        between = text[block.end() : after.start()]
        if is_language and after.group("info").strip() == "text" and not between.strip():
            shown[text.count("\n", 0, block.start("body")) + 1] = after.group("body")
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


def command_blocks(page: Path) -> list[tuple[int, str]]:
    """The ``bash`` blocks of ``page`` that run ``iofs-events``, each with its line; not those marked ``not run``."""
    text = page.read_text(encoding="utf-8")
    return [
        (text.count("\n", 0, match.start("body")) + 1, match.group("body"))
        for match in FENCE.finditer(text)
        if match.group("info").strip() == "bash"
        and re.search(r"^iofs-events ", match.group("body"), re.MULTILINE)
        and not NOT_RUN.search(text[: match.start()])
    ]


COMMAND_PAGES = [page for page in PAGES if command_blocks(page)]


def test_command_blocks_are_found() -> None:
    assert DOCS / "reference" / "cli.md" in COMMAND_PAGES


@pytest.mark.parametrize("page", COMMAND_PAGES, ids=[str(page.relative_to(ROOT)) for page in COMMAND_PAGES])
def test_command_blocks_run(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every ``bash`` block that runs ``iofs-events`` runs, in order, and prints what the page shows after it.

    The commands run in-process, in a copy of the repository's examples and documentation, so
    that nothing is written into the repository, with no ``IOFS_*`` variable but those a block
    exports. A block that needs the network, a server's settings or a mailbox has a line
    ``<!-- not run: why -->`` just before it. Besides ``iofs-events``, a block may only ``export
    NAME=VALUE`` and ``echo $?``; a command that fails must be followed by ``echo $?``.
    """
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copytree(DOCS, tmp_path / "docs", ignore=shutil.ignore_patterns("images"))
    monkeypatch.chdir(tmp_path)
    for name in [name for name in os.environ if name.startswith("IOFS_")]:
        monkeypatch.delenv(name)
    shown = printed(page, "bash")
    for line, body in command_blocks(page):
        where = f"{page.relative_to(ROOT)}:{line}"
        output = _run_commands(body, where, monkeypatch, capsys)
        if line in shown:
            assert output == shown[line], f"{where}: the output shown differs"


def _run_commands(body: str, where: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    """Run the commands of a block as bash would, and return what they print, standard error after standard output."""
    output, status, unchecked = "", 0, ""
    for command in body.replace("\\\n", " ").splitlines():
        words = shlex.split(command, comments=True)
        if not words:
            continue
        if words == ["echo", "$?"]:
            output, unchecked = output + f"{status}\n", ""
            continue
        assert not unchecked, f"{where}: {unchecked!r} failed with status {status}: follow it with echo $?"
        if words[0] == "export" and len(words) == 2 and "=" in words[1]:
            monkeypatch.setenv(*words[1].split("=", 1))
            continue
        assert words[0] == "iofs-events", f"{where}: only iofs-events, export and echo $? run here: {command!r}"
        arguments = [path for word in words[1:] for path in (sorted(glob.glob(word)) or [word])]
        try:
            status = main(arguments)
        except SystemExit as exit_:
            status = exit_.code if isinstance(exit_.code, int) else 1
        captured = capsys.readouterr()
        output += captured.out + captured.err
        unchecked = command if status else ""
    assert not unchecked, f"{where}: {unchecked!r} failed with status {status}: follow it with echo $?\n{output}"
    return output


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
