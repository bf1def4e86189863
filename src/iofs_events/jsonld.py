"""A schema.org JSON-LD view of an event, for public web pages.

The view says what a search engine or a calendar aggregator needs: name, dates, status,
attendance mode, places, languages, audience, organizer, programme and agenda. It never
carries private facts: no passcode, no host URL, no meeting id, no dial-in numbers. An event
with translations gives each translated text as language-tagged values (JSON-LD value
objects); the view for one language gives the texts of that language.

It meets what Google documents for Event rich results: ``name``, ``startDate`` (a date alone
while the time is not fixed, else a time with its offset), ``location`` (a ``Place`` with its
address, a ``VirtualLocation`` with a URL, or both), ``eventAttendanceMode``, ``eventStatus``
(a rescheduled event with its ``previousStartDate``), ``organizer``, and ``endDate``,
``description`` and ``image`` where they are known.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from . import _checks as check
from ._context import Programme, Reference, RelatedEvent
from ._enums import EventFormat, EventKind, EventStatus, Relation
from ._event import Event
from ._parties import Organization, Person
from ._places import Venue
from ._schedule import DateSpan, Schedule
from ._wording import platform_name
from .exceptions import ValidationError

__all__ = ["to_jsonld"]

_SCHEMA = "https://schema.org/"
_STATUS = {
    EventStatus.SCHEDULED: "EventScheduled",
    EventStatus.TENTATIVE: "EventScheduled",
    EventStatus.POSTPONED: "EventPostponed",
    EventStatus.RESCHEDULED: "EventRescheduled",
    EventStatus.CANCELLED: "EventCancelled",
}
_MODE = {
    EventFormat.ONLINE: "OnlineEventAttendanceMode",
    EventFormat.IN_PERSON: "OfflineEventAttendanceMode",
    EventFormat.HYBRID: "MixedEventAttendanceMode",
}
_EDUCATION = {EventKind.WORKSHOP, EventKind.TRAINING, EventKind.WEBINAR, EventKind.SEMINAR}


def to_jsonld(
    event: Event,
    *,
    language: str | None = None,
    page: str | None = None,
    image: str | None = None,
    previous: Event | None = None,
) -> dict[str, Any]:
    """The schema.org ``Event`` (``EducationEvent`` for workshops and trainings) describing ``event``.

    With ``language`` (a BCP 47 tag), the view of a page in that language: each text from the
    event's translation in it where there is one. Without, every text the event has in several
    languages is a list of value objects, ``{"@value": ..., "@language": ...}``, the original first.

    ``page`` is the address of the web page that embeds the view: its ``url``, and where to join
    online while the meeting has no link of its own (a search engine needs one for a
    ``VirtualLocation``); the event's ``url`` otherwise. ``image`` is the address of a picture
    of the event. ``previous`` is an earlier revision of the event: once the event is
    rescheduled, its start is the ``previousStartDate``.
    """
    for name, value in (("page", page), ("image", image)):
        problem = check.url_problem(value) if value is not None else None
        if problem:
            raise ValidationError(name, problem)
    if previous is not None and (previous.id != event.id or previous.revision >= event.revision):
        raise ValidationError("previous", "must be an earlier revision of the same event (same id, lower revision)")
    view = partial(_document, page=page, image=image, previous=previous)
    if language is not None:
        return view(event.localized(language).event)
    document = view(event)
    for tag in sorted(event.translations):
        document = _tagged(document, view(event.localized(tag).event), event.text_language, tag)
    return document


def _tagged(original: Any, translated: Any, language: str, tag: str) -> Any:
    """``original`` with each text that ``translated`` words otherwise as language-tagged values."""
    if isinstance(original, dict) and isinstance(translated, dict):
        return {key: _tagged(value, translated.get(key), language, tag) for key, value in original.items()}
    if isinstance(translated, str):
        values = original if isinstance(original, list) else [{"@value": original, "@language": language}]
        return [*values, {"@value": translated, "@language": tag}] if translated != values[0]["@value"] else original
    if isinstance(original, list) and isinstance(translated, list):
        return [_tagged(item, other, language, tag) for item, other in zip(original, translated, strict=True)]
    return original


def _document(event: Event, *, page: str | None, image: str | None, previous: Event | None) -> dict[str, Any]:
    document: dict[str, Any] = _compact(
        {
            "@context": "https://schema.org",
            "@type": "EducationEvent" if event.kind in _EDUCATION else "Event",
            "@id": event.url,
            "identifier": event.id,
            "name": event.title,
            "description": event.summary,
            "image": image,
            **_dates(event.schedule),
            "previousStartDate": _previous_start(event, previous),
            "eventStatus": _SCHEMA + _STATUS[event.status],
            "eventAttendanceMode": _SCHEMA + _MODE[event.format],
            "location": _locations(event, page or event.url),
            "inLanguage": list(event.languages.spoken) if event.languages else None,
            "audience": _audience(event),
            "organizer": _organization(event.organizer, event.contacts) if event.organizer else None,
            "contributor": [_organization(partner) for partner in event.partners],
            "superEvent": _super_events(event.programme, event.related),
            "subEvent": [
                {
                    "@type": "Event",
                    "name": session.title,
                    "startDate": session.starts_at.isoformat() if session.starts_at else None,
                    "endDate": session.ends_at.isoformat() if session.ends_at else None,
                    "inLanguage": session.language,
                    "performer": [_person(speaker.person) for speaker in session.speakers],
                }
                for session in event.agenda
            ],
            "offers": _offer(event),
            "maximumAttendeeCapacity": event.registration.capacity if event.registration else None,
            "workFeatured": [_reference(reference) for reference in event.references],
            "keywords": ", ".join(event.topics) or None,
            "url": page or event.url,
        }
    )
    return document


def _compact(value: Any) -> Any:
    """Drop the ``None`` values and empty lists and objects, recursively."""
    if isinstance(value, dict):
        items = ((key, _compact(item)) for key, item in value.items())
        return {key: item for key, item in items if item not in (None, [], {})}
    if isinstance(value, list):
        return [item for item in map(_compact, value) if item not in (None, [], {})]
    return value


def _dates(schedule: Schedule | None) -> dict[str, str]:
    if schedule is None:
        return {}
    if isinstance(schedule, DateSpan):
        return {"startDate": schedule.first_day.isoformat(), "endDate": schedule.last_day.isoformat()}
    return {"startDate": schedule.starts_at.isoformat(), "endDate": schedule.ends_at.isoformat()}


def _previous_start(event: Event, previous: Event | None) -> str | None:
    """The start of ``previous``, for a rescheduled event that started otherwise (Google wants it only then)."""
    if previous is None or event.status is not EventStatus.RESCHEDULED:
        return None
    before, now = _dates(previous.schedule).get("startDate"), _dates(event.schedule).get("startDate")
    return before if before != now else None


def _locations(event: Event, page: str | None) -> list[dict[str, Any]]:
    """The venue and the online meeting; a meeting with no link yet is joined from the page that will give it."""
    locations = []
    if event.venue is not None:
        locations.append(_place(event.venue))
    meeting = event.online_meeting
    if meeting is not None:
        url = meeting.join_url or page
        locations.append({"@type": "VirtualLocation", "name": platform_name(meeting.platform), "url": url})
    return locations


def _place(venue: Venue) -> dict[str, Any]:
    address = {
        "@type": "PostalAddress",
        "streetAddress": venue.street,
        "addressLocality": venue.locality,
        "addressRegion": venue.region,
        "postalCode": venue.postal_code,
        "addressCountry": venue.country,
    }
    return {"@type": "Place", "name": venue.name or venue.locality, "address": address, "url": venue.url}


def _audience(event: Event) -> dict[str, Any] | None:
    audience = event.audience
    if audience is None:
        return None
    return {
        "@type": "Audience",
        "audienceType": audience.description or ", ".join(audience.roles + audience.sectors),
        "geographicArea": [{"@type": "Country", "identifier": code} for code in audience.countries],
    }


def _organization(organization: Organization, contacts: tuple[Person, ...] = ()) -> dict[str, Any]:
    return {
        "@type": "Organization",
        "name": organization.name,
        "alternateName": organization.acronym,
        "department": {"@type": "Organization", "name": organization.unit} if organization.unit else None,
        "url": organization.url,
        "email": organization.email,
        "contactPoint": [
            {
                "@type": "ContactPoint",
                "name": person.name,
                "contactType": person.position,
                "telephone": person.phone,
                "email": person.email,
            }
            for person in contacts
        ],
    }


def _person(person: Person) -> dict[str, Any]:
    return {
        "@type": "Person",
        "name": person.name,
        "jobTitle": person.position,
        "affiliation": _organization(person.organization) if person.organization else None,
        "nationality": {"@type": "Country", "identifier": person.country} if person.country else None,
    }


def _super_events(programme: Programme | None, related: tuple[RelatedEvent, ...]) -> list[dict[str, Any]]:
    parents: list[dict[str, Any]] = []
    if programme is not None:
        organizer = _organization(programme.organization) if programme.organization else None
        series = {"@type": "EventSeries", "name": programme.name, "url": programme.url, "organizer": organizer}
        parents.append(series)
    for other in related:
        if other.relation is Relation.PARENT:
            parents.append({"@type": "Event", "name": other.title, **_dates(other.schedule), "url": other.url})
    return parents


def _offer(event: Event) -> dict[str, Any] | None:
    registration = event.registration
    if registration is None or (registration.url is None and registration.deadline is None):
        return None
    deadline = registration.deadline.isoformat() if registration.deadline else None
    return {"@type": "Offer", "url": registration.url, "validThrough": deadline}


def _reference(reference: Reference) -> dict[str, Any]:
    publisher = _organization(reference.publisher) if reference.publisher else None
    year = str(reference.year) if reference.year else None
    return {"@type": "CreativeWork", "name": reference.title, "publisher": publisher, "datePublished": year}
