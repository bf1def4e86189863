"""The help of ``iofs-events``: every command described, every argument explained, in plain words."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path

import pytest

from iofs_events.cli import _GROUPS, _parser, main
from iofs_events.platforms import available_platforms
from iofs_events.platforms.zoom import ZoomSettings
from tests.paths import SEED

MARKUP = re.compile(r"``|:[a-z]+:`|\*\*|\[[^]]*\]\(")  # reStructuredText or Markdown, as docstrings write it


def commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Each parser of the command and its subcommands, by how it is called: ``meeting``, ``roster register``."""
    yield " ".join(path), parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, command in action.choices.items():
                yield from commands(command, (*path, name))


COMMANDS = dict(commands(_parser()))


@pytest.mark.parametrize("name", list(COMMANDS), ids=lambda name: name or "iofs-events")
def test_every_command_says_what_it_does_and_what_each_argument_is(name: str) -> None:
    parser = COMMANDS[name]
    assert parser.description, f"iofs-events {name}: give add_parser a description="
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):  # its help is the list of its commands, each with its own
            for command in action._choices_actions:
                assert command.help, f"iofs-events {name} {command.dest}: give add_parser a help="
        else:
            assert action.help, f"iofs-events {name}: {action.option_strings or action.metavar} has no help"


@pytest.mark.parametrize("name", list(COMMANDS), ids=lambda name: name or "iofs-events")
def test_no_help_shows_markup(name: str) -> None:
    text = COMMANDS[name].format_help()
    assert not MARKUP.search(text), text


@pytest.mark.parametrize("name", [name for name in COMMANDS if name], ids=str)
def test_a_command_built_alone_reads_and_helps_as_in_the_whole_parser(name: str) -> None:
    words = name.split()
    alone = dict(commands(_parser(words)))
    (group,) = [names for names in _GROUPS.values() if words[0] in names]
    assert {other.split()[0] for other in alone if other} == set(group)  # its group's, and no other
    assert alone[name].format_help() == COMMANDS[name].format_help()
    assert alone[name].format_usage() == COMMANDS[name].format_usage()


@pytest.mark.parametrize("module", list(_GROUPS))
def test_each_group_adds_the_commands_it_is_listed_with(module: str) -> None:
    parser = argparse.ArgumentParser()
    import_module(f"iofs_events.cli.{module}").add_commands(parser.add_subparsers())
    (action,) = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    assert tuple(action.choices) == _GROUPS[module]


@pytest.mark.parametrize("argv", [[], ["--version"], ["-h"], ["unknown"], ["valid"]], ids=str)
def test_without_a_command_first_the_parser_has_every_command(argv: list[str]) -> None:
    assert dict(commands(_parser(argv))).keys() == COMMANDS.keys()


def test_the_command_list_gives_each_command_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    listed = text[text.index("  COMMAND\n") :].split("\n\n")[0].splitlines()[1:]
    names = [line.split()[0] for line in listed if not line.startswith(" " * 6)]
    assert names == [name for name in COMMANDS if name and " " not in name]
    for line, after in zip(listed, [*listed[1:], ""], strict=True):
        name = line.split()[0]
        if line.startswith(" " * 6):
            continue
        assert len(line.split(None, 1)) == 2, f"{name}: its help is not beside it"
        assert not after.startswith(" " * 6), f"{name}: its help runs onto a second line"


def test_meeting_help_lists_the_settings_of_every_installed_platform(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit) as exit_info:
        main(["meeting", "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("usage: iofs-events meeting")
    settings = text[text.index("settings, from the environment or a .env file") :]
    assert [line.split()[0] for line in settings.splitlines()[1:] if line[2] != " "] == list(available_platforms())
    zoom = " ".join(re.split(r"\n  (?! )", settings)[-1].split())  # the last platform's lines, as one
    needs, _, may = zoom.partition("; may set ")
    variables = {f"IOFS_ZOOM_{name.upper()}": field.is_required() for name, field in ZoomSettings.model_fields.items()}
    assert re.findall(r"IOFS_ZOOM_\w+", needs) == [variable for variable, needed in variables.items() if needed]
    assert re.findall(r"IOFS_ZOOM_\w+", may) == [variable for variable, needed in variables.items() if not needed]
    assert re.search(r"^  link +none$", settings, re.MULTILINE)  # it takes no settings
    assert max(map(len, text.splitlines())) <= 78


def _install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str, points: dict[str, str]) -> None:
    """Install a third party's package of adapters: the module, and its entry points."""
    (tmp_path / "third_party_rooms.py").write_text(textwrap.dedent(module), encoding="utf-8")
    info = tmp_path / "third_party_rooms-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: third-party-rooms\nVersion: 1.0\n", encoding="utf-8")
    lines = "".join(f"{name} = {target}\n" for name, target in points.items())
    (info / "entry_points.txt").write_text(f"[iofs_events.platforms]\n{lines}", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))


ROOMS = """
    from __future__ import annotations

    from typing import TYPE_CHECKING

    from pydantic_settings import BaseSettings

    from iofs_events.platforms import Capabilities
    from iofs_events.settings import settings_config

    if TYPE_CHECKING:
        from elsewhere import HiddenSettings


    class RoomsSettings(BaseSettings):
        model_config = settings_config("ROOMS_")

        api_key: str
        region: str = "eu"


    class EmptySettings(BaseSettings):
        model_config = settings_config("EMPTY_")


    class Rooms:
        capabilities = Capabilities(needs_settings=True)

        def __init__(self, settings: RoomsSettings | None = None) -> None:
            self.settings = settings


    def empty(settings: EmptySettings | None = None) -> Rooms:
        return Rooms()


    def hidden(settings: HiddenSettings | None = None) -> Rooms:
        return Rooms()


    def untyped(settings=None) -> Rooms:
        return Rooms()
    """


def test_meeting_help_reads_third_party_settings_and_says_what_it_cannot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    points = {
        "rooms": "third_party_rooms:Rooms",
        "rooms_empty": "third_party_rooms:empty",
        "rooms_hidden": "third_party_rooms:hidden",
        "rooms_untyped": "third_party_rooms:untyped",
        "rooms_broken": "third_party_rooms:missing",
    }
    _install(tmp_path, monkeypatch, ROOMS, points)
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(SystemExit):
        main(["meeting", "-h"])
    said = {line.split()[0]: line.split(None, 1)[1] for line in capsys.readouterr().out.splitlines() if "rooms" in line}
    assert said == {
        "rooms": "needs ROOMS_API_KEY; may set ROOMS_REGION",
        "rooms_broken": "cannot be loaded (AttributeError)",
        "rooms_empty": "none",
        "rooms_hidden": "see the adapter's documentation",
        "rooms_untyped": "see the adapter's documentation",
    }


def test_a_command_imports_the_module_of_its_group_alone() -> None:
    code = textwrap.dedent(
        """
        import sys
        from iofs_events.cli import main
        status = main(["validate", sys.argv[1]])
        print("|", status, *sorted(name for name in sys.modules if name.startswith("iofs_events.cli._")))
        """
    )
    result = subprocess.run([sys.executable, "-c", code, str(SEED)], capture_output=True, text=True, check=True)
    status, *modules = result.stdout.split("|")[1].split()
    assert status == "0"
    assert {name for name in modules if name.removeprefix("iofs_events.cli.") in _GROUPS} == {
        "iofs_events.cli._documents"
    }
