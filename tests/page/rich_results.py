"""What Google documents for Event rich results, checked on JSON-LD as an independent reader extracted it from a page.

From Google Search Central, "Event (Event) structured data": an event needs a ``name``, a
``startDate`` (ISO 8601: a date alone, or a date and time with its offset from UTC) and a
``location``: a ``Place`` with its ``address`` for an event in person, a ``VirtualLocation``
with its ``url`` for one online, both for a mixed one. Recommended, and checked when given:
``endDate`` (same form, not before the start), ``eventAttendanceMode`` and ``eventStatus``
(from schema.org's enumerations), ``previousStartDate`` (only with ``EventRescheduled``),
``organizer`` (with its ``name``, its ``url`` absolute), ``description``, ``image`` (absolute
addresses) and ``offers`` (its ``url`` absolute).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

SCHEMA = "https://schema.org/"
TYPES = {"Event", "EducationEvent", "BusinessEvent", "SocialEvent", "Festival", "ExhibitionEvent", "Hackathon"}
STATUSES = {"EventScheduled", "EventCancelled", "EventMovedOnline", "EventPostponed", "EventRescheduled"}
MODES = {"OfflineEventAttendanceMode": {"Place"}, "OnlineEventAttendanceMode": {"VirtualLocation"}}
MODES["MixedEventAttendanceMode"] = {"Place", "VirtualLocation"}


def problems(document: dict[str, Any]) -> list[str]:
    """Each requirement that ``document`` (one schema.org event) fails, in words; none when it is eligible."""
    found: list[str] = []
    if document.get("@type") not in TYPES:
        found.append(f"@type: {document.get('@type')!r} is not an event")
    if not isinstance(document.get("name"), str) or not document["name"].strip():
        found.append("name: missing")
    start = _moment(document, "startDate", found, required=True)
    end = _moment(document, "endDate", found)
    if start is not None and end is not None and type(start) is type(end) and end < start:
        found.append("endDate: before startDate")
    status = _enumerated(document, "eventStatus", STATUSES, found)
    mode = _enumerated(document, "eventAttendanceMode", set(MODES), found)
    if "previousStartDate" in document:
        _moment(document, "previousStartDate", found)
        if status != "EventRescheduled":
            found.append("previousStartDate: only with eventStatus EventRescheduled")
    found += _locations(document.get("location"), mode)
    organizer = document.get("organizer")
    if organizer is not None:
        if organizer.get("@type") not in {"Organization", "Person"} or not organizer.get("name"):
            found.append("organizer: an Organization or Person with a name")
        found += _absolute(organizer.get("url"), "organizer.url")
    for image in document.get("image") if isinstance(document.get("image"), list) else [document.get("image")]:
        found += _absolute(image, "image")
    if "description" in document and not isinstance(document["description"], str):
        found.append("description: not text")
    offers = document.get("offers")
    if offers is not None:
        found += _absolute(offers.get("url"), "offers.url")
    return found


def _moment(document: dict[str, Any], key: str, found: list[str], *, required: bool = False) -> date | None:
    value = document.get(key)
    if value is None:
        if required:
            found.append(f"{key}: missing")
        return None
    try:
        if "T" in value:
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None:
                found.append(f"{key}: a time without its offset from UTC")
                return None
            return moment
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        found.append(f"{key}: {value!r} is not ISO 8601")
        return None


def _enumerated(document: dict[str, Any], key: str, allowed: set[str], found: list[str]) -> str | None:
    value = document.get(key)
    name = value.removeprefix(SCHEMA) if isinstance(value, str) else None
    if name not in allowed:
        found.append(f"{key}: {value!r} is none of schema.org's")
        return None
    return name


def _locations(value: Any, mode: str | None) -> list[str]:
    locations = value if isinstance(value, list) else [value] if value is not None else []
    if not locations:
        return ["location: missing"]
    found: list[str] = []
    kinds = set()
    for location in locations:
        kind = location.get("@type")
        kinds.add(kind)
        if kind == "Place":
            address = location.get("address")
            if not isinstance(address, dict) or address.get("@type") != "PostalAddress" or len(address) < 2:
                found.append("location: a Place needs its PostalAddress")
        elif kind == "VirtualLocation":
            found += _absolute(location.get("url"), "location.url", required=True)
        else:
            found.append(f"location: {kind!r} is neither a Place nor a VirtualLocation")
    if mode is not None and not MODES[mode] <= kinds:
        found.append(f"location: {mode} needs {' and '.join(sorted(MODES[mode]))}")
    return found


def _absolute(value: Any, key: str, *, required: bool = False) -> list[str]:
    if value is None:
        return [f"{key}: missing"] if required else []
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in {"http", "https"} or not parts.netloc:
        return [f"{key}: {value!r} is not an absolute address"]
    return []
