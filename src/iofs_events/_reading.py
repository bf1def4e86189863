"""One reader's view of an event: the words of their language, the event's texts in it, and honest marks.

Calendars, emails and pages all speak to a reader the same way through a :class:`Reading`: the
labels come from the message catalogue of the reader's language, the event's own texts from its
translation in that language where there is one, and a text that exists only in the original is
set in its own language and direction and marked "(original text in English)" in the reader's.
Dates and names use the reader's full locale (``ar-SA``, ``fr-SN``), not just its language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING

from attrs import frozen

from . import _i18n
from ._bidi import Fragment, Line, Part, Voice
from ._schedule import DateSpan, TimeSpan
from ._wording import (
    comma,
    country_name,
    day_text,
    days_text,
    language_name,
    list_text,
    phone_text,
    platform_name,
    time_range,
)

if TYPE_CHECKING:
    from pathlib import Path

    from ._context import Deliverable, Reference, RelatedEvent
    from ._event import Event
    from ._parties import Organization, Person
    from ._places import Venue
    from ._translations import Localized

Gettext = Callable[[str], str]


@frozen
class Reading:
    """An event as one reader reads it; build it with :func:`reading`."""

    tag: str
    """The reader's language as asked (``ar-SA``)."""
    language: str
    """The language of the words: the catalogue the reader gets (``ar``; English when there is none)."""
    locale: str
    """The CLDR locale of dates, names and lists: the tag asked if it is of the words' language (``ar-SA``)."""
    gettext: Gettext
    localized: Localized
    voice: Voice

    @property
    def event(self) -> Event:
        """The event with its texts in the reader's language where a translation has them."""
        return self.localized.event  # type: ignore[no-any-return]

    @property
    def direction(self) -> str:
        """``rtl`` or ``ltr``, the direction of the reader's text."""
        return self.voice.direction

    def text(self, value: str, path: str) -> Fragment:
        """The event's text ``value`` (at ``path``), set in the language it is written in."""
        return self.voice.text(value, self.localized.language_of(path))

    def texts(self, values: Iterable[str], path: str) -> list[Fragment]:
        """Each text of a list of the event's texts (at ``path``)."""
        language = self.localized.language_of(path)
        return [self.voice.text(value, language) for value in values]

    def note(self, *paths: str) -> str:
        """The mark ``(original text in English)`` when a text of ``paths`` is not in the reader's language."""
        fallback = next((path for path in paths if self.localized.is_fallback(path)), None)
        if fallback is None:
            return ""
        original = language_name(self.localized.original, self.locale)
        return " " + self.gettext("(original text in %(language)s)") % {"language": original}

    def line(self, parts: Iterable[Part | None]) -> Line:
        """Parts joined by the comma of the reader's script ("، " in Arabic)."""
        return Line(parts, comma(self.locale))

    def names(self, names: Iterable[str]) -> str:
        """Names of people listed as the reader's language lists them, each isolated in a right-to-left text."""
        return list_text([str(self.voice.mixed(name)) for name in names], self.locale)

    def vocabulary(self) -> Mapping[str, str]:
        """The words of the model's vocabularies (kinds, scopes, formats, statuses) in the reader's language."""
        return vocabulary(self.gettext)

    def organization_name(self, organization: Organization, path: str) -> Line:
        """``Islamic Organization for Food Security (IOFS)``, in the reader's language where translated."""
        language_of = self.localized.language_of
        return _organization_name(organization, language_of(f"{path}.name"), language_of(f"{path}.acronym"), self.voice)

    def organization(self, organization: Organization, path: str) -> Line:
        """An organization on one line: its name, unit, web address and email."""
        language_of = self.localized.language_of
        languages = (language_of(f"{path}.name"), language_of(f"{path}.acronym"), language_of(f"{path}.unit"))
        return _organization(organization, languages, self.voice, comma(self.locale))

    def person(self, person: Person, path: str) -> Line:
        """A person on one line, with the ways to reach them: name, position, organization, phone, email, link."""
        parts: list[Part] = [self.voice.mixed(person.name)]
        if person.position:
            parts.append(self.text(person.position, f"{path}.position"))
        organization = person.organization
        if organization is not None:
            short = [
                self.text(value, f"{path}.organization.{name}")
                for name, value in (("acronym", organization.acronym), ("unit", organization.unit))
                if value
            ]
            parts.append(Line(short, " ") if short else self.text(organization.name, f"{path}.organization.name"))
        if person.phone:
            parts.append(self.voice.code(phone_text(person.phone)))
        parts += [self.voice.code(value) for value in (person.email, person.url) if value]
        return self.line(parts)

    def venue(self, venue: Venue, path: str) -> Line:
        """A venue on one line: name, room, street, postal code and locality, region, country."""
        texts = {key: getattr(venue, key) for key in ("name", "room", "street", "locality", "region")}
        parts = {key: self.text(value, f"{path}.{key}") for key, value in texts.items() if value}
        town = Line([part for part in (venue.postal_code, parts.pop("locality", None)) if part], " ")
        country = country_name(venue.country, self.locale) if venue.country else None
        order = [parts.get("name"), parts.get("room"), parts.get("street"), town, parts.get("region"), country]
        return self.line(order)

    def related(self, other: RelatedEvent, index: int) -> Line:
        """Another event on one line: title, days, venue and format, then its description."""
        path = f"related[{index}]"
        parts: list[Part] = [self.text(other.title, f"{path}.title")]
        if isinstance(other.schedule, DateSpan):
            parts.append(self.voice.mixed(days_text(other.schedule.first_day, other.schedule.last_day, self.locale)))
        elif isinstance(other.schedule, TimeSpan):
            parts.append(self.voice.mixed(day_text(other.schedule.starts_at.date(), self.locale)))
        elif other.year is not None:
            parts.append(self.voice.code(str(other.year)))
        if other.venue is not None:
            parts.append(self.venue(other.venue, f"{path}.venue"))
        if other.format is not None:
            word = self.vocabulary()[other.format]
            parts.append(word[:1].lower() + word[1:])  # in the middle of a line
        line = self.line(parts)
        if not other.description:
            return line
        return Line([line, self.text(other.description, f"{path}.description")], ". ")

    def reference(self, reference: Reference, index: int) -> Line:
        """A reference on one line: its title in the reader's quotation marks, publisher, year and link."""
        path = f"references[{index}]"
        opening, _, closing = self.gettext("“%(title)s”").partition("%(title)s")  # the language's marks
        quoted = Line([opening, self.text(reference.title, f"{path}.title"), closing], "")
        publisher = reference.publisher
        parts: list[Part] = [quoted]
        if publisher is not None:
            key = "acronym" if publisher.acronym else "name"
            parts.append(self.text(publisher.acronym or publisher.name, f"{path}.publisher.{key}"))
        if reference.year:
            parts.append(self.voice.code(str(reference.year)))
        line = self.line(parts)
        return Line([line, self.voice.code(reference.url)], ": ") if reference.url else line

    def deliverable(self, item: Deliverable, index: int) -> Line:
        """Something the event is to produce, with its year."""
        title = self.text(item.title, f"deliverables[{index}].title")
        return Line([title, self.voice.code(f"({item.year})")], " ") if item.year else Line([title], "")

    def languages(self) -> dict[str, str | None] | None:
        """The floor language, and the lists of what is offered beside it, named in the reader's language."""
        plan = self.event.languages
        if plan is None:
            return None
        offered = {"interpretation": plan.interpretation, "captions": plan.captions, "sign": plan.sign_languages}
        result: dict[str, str | None] = {"floor": language_name(plan.floor, self.locale)}
        for name, tags in offered.items():
            names = [language_name(tag, self.locale) for tag in tags]
            result[name] = list_text(names, self.locale) if tags else None
        return result

    def when(self) -> str | None:
        """The event's days and times on its own clock, or ``None`` while it has no schedule."""
        schedule = self.event.schedule
        if isinstance(schedule, TimeSpan):
            text = time_range(schedule.starts_at, schedule.ends_at, schedule.time_zone, self.locale)
        elif isinstance(schedule, DateSpan):
            days = days_text(schedule.first_day, schedule.last_day, self.locale)
            text = self.gettext("%(days)s (the time will be announced)") % {"days": days}
        else:
            return None
        return str(self.voice.mixed(text))

    def platform(self, platform: str) -> str | None:
        """The name of a conferencing platform, or ``None`` for a plain link (which has no name)."""
        return platform_name(platform) if platform != "link" else None


def _organization_name(organization: Organization, name: str, acronym: str, voice: Voice) -> Line:
    """:meth:`Reading.organization_name`, its name and acronym in languages ``name`` and ``acronym``."""
    written = voice.text(organization.name, name)
    if not organization.acronym:
        return Line([written], "")
    return Line([written, voice.text(f"({organization.acronym})", acronym)], " ")


@lru_cache(maxsize=256)
def _organization(organization: Organization, languages: tuple[str, str, str], voice: Voice, separator: str) -> Line:
    """:meth:`Reading.organization`, cached on all that it says: the events of a feed share their organizers."""
    name, acronym, unit = languages
    return Line(
        [
            _organization_name(organization, name, acronym, voice),
            voice.text(organization.unit, unit) if organization.unit else None,
            voice.code(organization.url) if organization.url else None,
            voice.code(organization.email) if organization.email else None,
        ],
        separator,
    )


@lru_cache(maxsize=64)
def vocabulary(_: Gettext) -> Mapping[str, str]:
    """The words of the model's vocabularies (kinds, scopes, formats, statuses) in the reader's language.

    Cached for each catalogue's ``gettext``: every calendar and email of a language asks for them.
    """
    return MappingProxyType(
        {
            "workshop": _("Workshop"),
            "training": _("Training"),
            "webinar": _("Webinar"),
            "seminar": _("Seminar"),
            "meeting": _("Meeting"),
            "conference": _("Conference"),
            "general_assembly": _("General Assembly"),
            "national": _("National"),
            "regional": _("Regional"),
            "international": _("International"),
            "online": _("Online"),
            "in_person": _("In person"),
            "hybrid": _("Hybrid"),
            "scheduled": _("Scheduled"),
            "tentative": _("Tentative"),
            "postponed": _("Postponed"),
            "rescheduled": _("Rescheduled"),
            "cancelled": _("Cancelled"),
        }
    )


def reading(event: Event, tag: str, catalogues: Path | None = None) -> Reading:
    """The :class:`Reading` of ``event`` for a reader of ``tag``; ``catalogues`` is a folder of the user's.

    Cached: the calendars and emails of one event for one language share it.
    """
    return _reading(event, tag, catalogues)


def read_once(event: Event, tag: str, catalogues: Path | None = None) -> Reading:
    """:func:`reading`, for an event read once (a feed's): not cached, which spares hashing the whole event."""
    language, locale, gettext, voice = _basics(tag, catalogues)
    localized = event.localized(tag)
    return Reading(tag=tag, language=language, locale=locale, gettext=gettext, localized=localized, voice=voice)


_reading = lru_cache(maxsize=64)(read_once)


@lru_cache(maxsize=64)
def _basics(tag: str, catalogues: Path | None) -> tuple[str, str, Gettext, Voice]:
    """What a reader of ``tag`` reads every event with: the words' language, the locale, the catalogue and the voice."""
    language = _i18n.message_language(tag, catalogues)
    same = tag.split("-")[0].lower() == language.split("-")[0].lower()
    locale = tag if same else language
    return language, locale, _i18n.translations(language, catalogues).gettext, Voice(locale)
