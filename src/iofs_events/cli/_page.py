"""The ``page`` command: the announcement site of an event, one page per language, into a folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import json as event_json
from ._types import language, url


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``page``."""
    page = commands.add_parser(
        "page",
        help="write an event's announcement site, one page per language",
        description="Write the announcement site of an event into a folder: one HTML page per language, each "
        "with the event's calendar in that language beside it, its schema.org JSON-LD, Open Graph tags and "
        "hreflang alternates, and an index of the languages. No page ever shows the meeting's passcode or "
        "host link.",
    )
    page.add_argument("file", type=Path, metavar="FILE", help="the event file (JSON or TOML)")
    page.add_argument(
        "-o", "--output", type=Path, required=True, metavar="DIR", help="the folder to write the site into"
    )
    page.add_argument(
        "--lang",
        nargs="+",
        action="extend",
        default=[],
        type=language,
        metavar="TAG",
        help="the languages of the pages (default: those the event is written in: its own and its translations')",
    )
    page.add_argument(
        "--url", type=url, metavar="URL", help="the public address of the folder, for search engines and link previews"
    )
    page.add_argument(
        "--image", type=url, metavar="URL", help="the address of a picture of the event, for link previews"
    )
    page.add_argument("--previous", type=Path, metavar="FILE", help="the earlier revision of a rescheduled event")
    page.add_argument("--templates", type=Path, metavar="DIR", help="a folder of templates that replace ours")
    page.add_argument("--catalogues", type=Path, metavar="DIR", help="a folder of LANG/LC_MESSAGES/messages.po")
    page.set_defaults(run=_page)


def _page(arguments: argparse.Namespace) -> int:
    from ..page import write

    written = write(
        event_json.read(arguments.file),
        arguments.output,
        languages=arguments.lang or None,
        site_url=arguments.url,
        image=arguments.image,
        previous=event_json.read(arguments.previous) if arguments.previous else None,
        templates=arguments.templates,
        catalogues=arguments.catalogues,
    )
    for path in written:
        print(path)
    return 0
