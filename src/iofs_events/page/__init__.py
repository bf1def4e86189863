"""The announcement page: a static site that tells readers everything about an event, in each of its languages.

:func:`write` makes the site in a folder: ``<lang>/index.html``, the page in each language the
event is written in (its own and its translations', :func:`written_in`); beside each, the event's
calendar in that language, ``<lang>/<id>.ics``; ``index.html``, which sends readers to their
language with a list of links; and ``page.css``, the one style sheet, print styles included.
Each page says every fact a reader needs, on the event's clock, with links that add the event to
a calendar; it embeds the schema.org JSON-LD of its language (:func:`~iofs_events.jsonld.to_jsonld`),
Open Graph tags and ``hreflang`` alternates, and needs no script to be read. Nothing private is
ever on it: no passcode, no host link. :func:`render` gives the HTML of one page.

The templates are Jinja2 files, like the emails': a folder of your own replaces them file by
file (``page.html``, ``index.html``, ``page.css``...), and a folder of catalogues adds or
corrects the words of a language.
"""

from __future__ import annotations

from ._site import render, write, written_in

__all__ = ["render", "write", "written_in"]
