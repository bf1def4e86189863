"""What a page says about an event beyond what every output says: its clock in UTC, its status, its head.

The body's facts are those of the root's ``_facts`` (the emails' too), for a reader of no
particular clock or role: the meeting without its passcode or host link, ever. Here are the
page's own: when it is in universal time, what a rescheduled event was before, whom it is for,
and the head that search engines and link previews read (description, Open Graph, JSON-LD).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from .._enums import EventStatus
from .._facts import common, meeting
from .._reading import Reading, reading
from .._schedule import TimeSpan
from .._wording import country_name, list_text, organization_name, shortened, time_range
from ..jsonld import to_jsonld

if TYPE_CHECKING:
    from pathlib import Path

    from .._event import Event

# In a <script>, "</script>" or "<!--" inside a string would end or confuse it: JSON may escape every "<", ">", "&".
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def body(r: Reading, previous: Event | None, catalogues: Path | None) -> dict[str, Any]:
    """The facts of the page's body for reader ``r``: the emails' shared facts, and the page's own.

    ``catalogues`` is the user's folder of catalogues, which the previous revision is read with too.
    """
    event = r.event
    held = event.online_meeting
    schedule = event.schedule
    registration = event.registration
    return {
        **common(r),
        "meeting": meeting(r, passcode=False),
        "passcode_withheld": held is not None and held.passcode is not None,
        "previous_when": _previous_when(r, previous, catalogues),
        "utc": (
            str(r.voice.mixed(time_range(schedule.starts_at, schedule.ends_at, "UTC", r.locale)))
            if isinstance(schedule, TimeSpan) and schedule.time_zone != "UTC"
            else None
        ),
        "roles": _roles(r),
        "countries": (
            list_text([country_name(code, r.locale) for code in event.audience.countries], r.locale)
            if event.audience is not None and event.audience.countries
            else None
        ),
        "capacity": r.voice.code(str(registration.capacity)) if registration and registration.capacity else None,
        "organizer_line": r.organization(event.organizer, "organizer") if event.organizer is not None else None,
        "lang": r.locale,
        "direction": r.direction,
    }


def _previous_when(r: Reading, previous: Event | None, catalogues: Path | None) -> str | None:
    """When a rescheduled event was to be, as the reader reads it."""
    if previous is None or r.event.status is not EventStatus.RESCHEDULED or previous.schedule == r.event.schedule:
        return None
    return reading(previous, r.tag, catalogues).when()


def _roles(r: Reading) -> str | None:
    """Whom the event is for, by their roles, when the audience has no description (as the calendar says it)."""
    audience = r.event.audience
    if audience is None or audience.description or not audience.roles:
        return None
    return str(r.voice.text(list_text(list(audience.roles), r.locale), r.localized.original))


def head(
    r: Reading, *, page: str | None, image: str | None, previous: Event | None, others: list[str]
) -> dict[str, Any]:
    """What the page's head says to search engines and link previews: description, Open Graph, JSON-LD.

    ``page`` is the page's address, ``others`` the tags of the site's other pages.
    """
    from markupsafe import Markup

    event = r.event
    description = shortened(event.summary, 300) if event.summary else None
    graph = [
        ("og:type", "website"),
        ("og:title", event.title),
        ("og:description", description),
        ("og:url", page),
        ("og:image", image),
        ("og:locale", open_graph_locale(r.tag)),
        *(("og:locale:alternate", open_graph_locale(tag)) for tag in others),
        ("og:site_name", organization_name(event.organizer) if event.organizer is not None else None),
    ]
    document = to_jsonld(r.localized.event, language=r.tag, page=page, image=image, previous=previous)
    jsonld = orjson.dumps(document, option=orjson.OPT_INDENT_2).decode().translate(_SCRIPT_SAFE)
    return {
        "description": description,
        "open_graph": [(name, value) for name, value in graph if value],
        "jsonld": Markup(jsonld),  # JSON whose every "<", ">" and "&" is escaped
    }


def open_graph_locale(tag: str) -> str:
    """Open Graph's ``language_TERRITORY`` of a BCP 47 tag: its own region, else the likeliest (``fr``: ``fr_FR``)."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    try:
        parsed = Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        return tag.split("-")[0]
    if parsed.territory is None:
        likely = get_global("likely_subtags").get(parsed.language)
        parsed = Locale.parse(likely) if likely else parsed
    return f"{parsed.language}_{parsed.territory}" if parsed.territory else parsed.language
