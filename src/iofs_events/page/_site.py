"""The site of one event: where each file goes, the page of each language, the index, the calendars beside them.

Each language has a folder, ``<lang>/index.html``: the address of a page is then ``…/fr/`` on
any web server, with no rewriting rules or content negotiation to set up, and the calendar of
the language sits beside its page under one name. Links between pages name the file
(``../fr/index.html``), so that the site also reads from a folder on disk; the addresses that
search engines and link previews read (canonical, ``hreflang``, ``og:url``) are the clean ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from attrs import frozen

from .. import _checks as check
from .._bidi import direction
from .._files import write_atomically
from .._i18n import environment
from .._i18n import render as render_template
from .._reading import reading
from .._wording import language_name
from ..exceptions import PageError, ValidationError
from . import _facts

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from .._event import Event

STYLE = "page.css"
INDEX = "index.html"


def written_in(event: Event) -> tuple[str, ...]:
    """The languages ``event`` is written in, sorted by tag: its own and those of its translations."""
    return tuple(sorted({event.text_language, *event.translations}))


@frozen(kw_only=True)
class _Site:
    """What every page of a site shares: the event, its languages, the site's address and the options."""

    event: Event
    languages: tuple[str, ...]
    url: str | None
    image: str | None
    previous: Event | None
    templates: Path | None
    catalogues: Path | None

    @property
    def calendar(self) -> str:
        """The name of the calendar file beside each page."""
        return f"{self.event.id}.ics"

    def page_url(self, tag: str) -> str | None:
        """The public address of the page of ``tag``, when the site's is known."""
        return f"{self.url}{tag}/" if self.url else None

    def links(self, tag: str | None) -> dict[str, Any]:
        """What a page (of ``tag``, or the index for ``None``) says of the site's pages: alternates and switcher."""
        up = "../" if tag is not None else ""
        alternates = [
            {"hreflang": other, "href": self.page_url(other) or f"{up}{other}/{INDEX}"} for other in self.languages
        ]
        alternates.append({"hreflang": "x-default", "href": self.url or f"{up}{INDEX}"})
        pages = []
        for other in self.languages:
            name = language_name(other, other)
            pages.append(
                {
                    "tag": other,
                    "direction": direction(other),
                    "name": name[:1].upper() + name[1:],  # standing alone, as a menu item
                    "href": f"{up}{other}/{INDEX}",
                    "current": other == tag,
                }
            )
        return {
            "alternates": alternates,
            "pages": pages,
            "canonical": self.page_url(tag) if tag is not None else self.url,
            "stylesheet": f"{up}{STYLE}",
        }

    def page(self, tag: str) -> str:
        """The HTML of the page of ``tag``."""
        r = reading(self.event, tag, self.catalogues)
        others = [other for other in self.languages if other != tag]
        context = {
            **_facts.body(r, self.previous, self.catalogues),
            **_facts.head(r, page=self.page_url(tag), image=self.image, previous=self.previous, others=others),
            **self.links(tag),
            "calendar_file": self.calendar if self.event.schedule is not None else None,
        }
        return self._render(r.language, "page.html", context)

    def index(self) -> str:
        """The HTML of the index, which sends readers to the page of their language."""
        event = self.event
        r = reading(event, event.text_language, self.catalogues)
        titles = {tag: event.localized(tag).event.title for tag in self.languages}
        context = {**self.links(None), "title": event.title, "titles": titles, "lang": r.locale}
        return self._render(r.language, INDEX, context | {"direction": r.direction})

    def style(self) -> str:
        """The style sheet that every page of the site links to."""
        return self._render("en", STYLE, {})

    def _render(self, language: str, name: str, context: dict[str, Any]) -> str:
        env = environment(__package__ or "", language, self.templates, self.catalogues)
        return render_template(env, name, context, PageError)


def _site(
    event: Event,
    *,
    languages: Sequence[str] | None,
    site_url: str | None,
    image: str | None,
    previous: Event | None,
    templates: Path | None,
    catalogues: Path | None,
) -> _Site:
    """The site, its options checked: valid tags (each once), and absolute web addresses."""
    tags: list[str] = []
    for given in written_in(event) if languages is None else languages:
        tag = check.language_tag(given)
        if not check.is_language_tag(tag):
            raise ValidationError("languages", f"{given!r} is not a valid BCP 47 language tag, such as 'ar' or 'fr-CA'")
        if tag not in tags:
            tags.append(tag)
    if not tags:
        raise ValidationError("languages", "a site has at least one language")
    for name, value in (("site_url", site_url), ("image", image)):
        problem = check.url_problem(value) if value is not None else None
        if problem:
            raise ValidationError(name, problem)
    url = site_url if site_url is None or site_url.endswith("/") else f"{site_url}/"
    return _Site(
        event=event,
        languages=tuple(tags),
        url=url,
        image=image,
        previous=previous,
        templates=templates,
        catalogues=catalogues,
    )


def render(
    event: Event,
    *,
    language: str,
    languages: Sequence[str] | None = None,
    site_url: str | None = None,
    image: str | None = None,
    previous: Event | None = None,
    templates: Path | None = None,
    catalogues: Path | None = None,
) -> str:
    """The HTML of the page of ``event`` in ``language``, one of the site's ``languages``; see :func:`write`."""
    site = _site(
        event,
        languages=languages,
        site_url=site_url,
        image=image,
        previous=previous,
        templates=templates,
        catalogues=catalogues,
    )
    tag = check.language_tag(language)
    if tag not in site.languages:
        raise PageError(f"{language!r} is not one of the site's languages: {', '.join(site.languages)}")
    return site.page(tag)


def write(
    event: Event,
    directory: Path,
    *,
    languages: Sequence[str] | None = None,
    site_url: str | None = None,
    image: str | None = None,
    previous: Event | None = None,
    stamp: datetime | None = None,
    templates: Path | None = None,
    catalogues: Path | None = None,
) -> list[Path]:
    """Write the announcement site of ``event`` into ``directory`` (made if missing); the files written, in order.

    ``languages`` are the BCP 47 tags of the pages, by default those the event is written in
    (:func:`written_in`); a language it has no translation in gets a page in the words of that
    language around the event's texts in the original, each marked so. ``site_url`` is the
    public address of ``directory`` (``https://events.iofs.example/spd-almaty-2022/``): search
    engines and link previews need it for the pages' canonical, ``hreflang`` and Open Graph
    addresses. ``image`` is the address of a picture of the event, for link previews and the
    JSON-LD. ``previous`` is an earlier revision of the event: a rescheduled event's page says
    when it was to be, and its JSON-LD gives that as ``previousStartDate``. ``stamp`` is the
    calendars' ``DTSTAMP`` (default: now). ``templates`` and ``catalogues`` are folders of your
    own whose files come before ours.
    """
    from ..ical import to_ical

    site = _site(
        event,
        languages=languages,
        site_url=site_url,
        image=image,
        previous=previous,
        templates=templates,
        catalogues=catalogues,
    )
    files: list[tuple[Path, bytes]] = [(directory / STYLE, site.style().encode())]
    for tag in site.languages:
        if event.schedule is not None:
            calendar = to_ical(event, language=tag, stamp=stamp, catalogues=catalogues)
            files.append((directory / tag / site.calendar, calendar))
        files.append((directory / tag / INDEX, site.page(tag).encode()))
    files.append((directory / INDEX, site.index().encode()))
    for path, data in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)
    return [path for path, _ in files]
