"""The commands of translation files: export an event's texts as PO, import the filled files, see what is missing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .. import json as event_json
from ..exceptions import ValidationError
from ._output import emit

if TYPE_CHECKING:
    from ..po import MergeReport


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``translations`` with its actions ``export``, ``import`` and ``status``."""
    group = commands.add_parser(
        "translations",
        help="translate an event's texts with PO files",
        description="Translate an event's texts with gettext PO files, which translators open in Poedit, "
        "Weblate, Lokalise or OmegaT.",
    )
    actions = group.add_subparsers(title="actions", required=True, metavar="ACTION")

    export = actions.add_parser(
        "export",
        help="write the PO file in which to translate an event into a language",
        description="Write the PO file in which to translate an event's texts into a language: one entry per text, "
        "with the translation the event already has, if any.",
    )
    export.add_argument("file", type=Path, metavar="FILE", help="the event file (JSON or TOML)")
    export.add_argument("--lang", required=True, metavar="TAG", help="the language to translate into (ar, fr-CA...)")
    export.add_argument("-o", "--output", type=Path, metavar="OUT.po", help="write here instead of standard output")
    export.set_defaults(run=_export)

    merge = actions.add_parser(
        "import",
        help="merge filled PO files into the event's translations",
        description="Merge filled PO files into the event's translations and write the event back as JSON. "
        "Stale, fuzzy and partial entries are left out and listed; the status is 1 if any entry was refused.",
    )
    merge.add_argument("file", type=Path, metavar="FILE", help="the event file (JSON), written back unless -o is given")
    merge.add_argument("files", nargs="+", type=Path, metavar="PO", help="the filled PO files, merged in this order")
    merge.add_argument("-o", "--output", type=Path, metavar="OUT", help="write the event here (JSON) instead of FILE")
    merge.set_defaults(run=_import)

    status = actions.add_parser(
        "status",
        help="say how many texts are translated per language, and which not",
        description="Say, for each language of the event's translations and each --lang, how many texts are "
        "translated, and the path of each one still missing.",
    )
    status.add_argument("file", type=Path, metavar="FILE", help="the event file (JSON or TOML)")
    status.add_argument(
        "--lang", action="append", default=[], metavar="TAG", help="a language to report on too; repeat for more"
    )
    status.set_defaults(run=_status)


def _export(arguments: argparse.Namespace) -> int:
    from .. import po

    event = event_json.read(arguments.file)
    try:
        data = po.export(event, arguments.lang)
    except ValidationError as error:
        raise ValidationError("--lang", error.reason) from None
    return emit(arguments.output, data)


def _import(arguments: argparse.Namespace) -> int:
    """Merge each file in turn, say what became of its entries, and write the event once all are merged."""
    from .. import po

    output = arguments.output or arguments.file
    if output.suffix.lower() == ".toml":  # a hand-written TOML file would lose its comments and layout
        print(f"iofs-events: {output}: the event is written as JSON; give -o OUT.json", file=sys.stderr)
        return 2
    event = event_json.read(arguments.file)
    refused = False
    for path in arguments.files:
        event, report = po.merge(event, path.read_bytes(), source=str(path))
        _say(path, report)
        refused = refused or bool(report.refused)
    event_json.write(event, output)
    return 1 if refused else 0


def _say(path: Path, report: MergeReport) -> None:
    print(
        f"{path}: {report.language}: applied {len(report.applied)}, refused {len(report.refused)}, "
        f"fuzzy {len(report.fuzzy)}, partial {len(report.partial)}; translated {report.translated}/{report.total}"
    )
    for entry in report.fuzzy:
        print(f"{path}: fuzzy, skipped: {entry}")
    for entry in report.partial:
        print(f"{path}: partial, left out until every item is translated: {entry}")
    for problem in report.refused:
        print(f"{path}: refused: {problem}", file=sys.stderr)


def _status(arguments: argparse.Namespace) -> int:
    from .. import po

    event = event_json.read(arguments.file)
    try:
        progress = po.status(event, arguments.lang)
    except ValidationError as error:
        raise ValidationError("--lang", error.reason) from None
    if not progress:
        print(f"{arguments.file}: no translations; name a language with --lang TAG")
    for language, done in progress.items():
        print(f"{language}: {done.translated}/{done.total} translated" + (", missing:" if done.missing else ""))
        for path in done.missing:
            print(f"  {path}")
    return 0
