"""The checker of Google's Event rich-result requirements fails what Google refuses: its silence means something."""

from __future__ import annotations

from typing import Any

import pytest

from tests.page.rich_results import problems

ELIGIBLE: dict[str, Any] = {
    "@context": "https://schema.org",
    "@type": "EducationEvent",
    "name": "Regional training",
    "startDate": "2022-06-14T09:00:00+06:00",
    "endDate": "2022-06-15T17:00:00+06:00",
    "eventStatus": "https://schema.org/EventScheduled",
    "eventAttendanceMode": "https://schema.org/MixedEventAttendanceMode",
    "location": [
        {
            "@type": "Place",
            "name": "Training centre",
            "address": {"@type": "PostalAddress", "addressLocality": "Almaty"},
        },
        {"@type": "VirtualLocation", "url": "https://zoom.example/j/81234567890"},
    ],
    "organizer": {"@type": "Organization", "name": "IOFS", "url": "https://iofs.example"},
    "image": ["https://iofs.example/banner.png"],
    "offers": {"@type": "Offer", "url": "https://iofs.example/register"},
}


def test_an_eligible_event_has_no_problem() -> None:
    assert problems(ELIGIBLE) == []
    assert problems({**ELIGIBLE, "startDate": "2022-06-14", "endDate": "2022-06-15"}) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"@type": "Course"}, "@type: 'Course' is not an event"),
        ({"name": " "}, "name: missing"),
        ({"startDate": None}, "startDate: missing"),
        ({"startDate": "14 June 2022"}, "startDate: '14 June 2022' is not ISO 8601"),
        ({"startDate": "2022-06-14T09:00:00"}, "startDate: a time without its offset from UTC"),
        ({"endDate": "2022-06-13T09:00:00+06:00"}, "endDate: before startDate"),
        ({"eventStatus": "Scheduled"}, "eventStatus: 'Scheduled' is none of schema.org's"),
        ({"eventAttendanceMode": None}, "eventAttendanceMode: None is none of schema.org's"),
        ({"previousStartDate": "2022-05-14"}, "previousStartDate: only with eventStatus EventRescheduled"),
        ({"location": None}, "location: missing"),
        ({"location": [ELIGIBLE["location"][0]]}, "location: MixedEventAttendanceMode needs Place and VirtualLocation"),
        (
            {"location": [{"@type": "Place", "name": "Almaty"}, ELIGIBLE["location"][1]]},
            "location: a Place needs its PostalAddress",
        ),
        ({"location": [ELIGIBLE["location"][0], {"@type": "VirtualLocation"}]}, "location.url: missing"),
        (
            {"location": {"@type": "PostalAddress"}},
            "location: 'PostalAddress' is neither a Place nor a VirtualLocation",
        ),
        ({"organizer": {"@type": "Organization"}}, "organizer: an Organization or Person with a name"),
        (
            {"organizer": {"@type": "Person", "name": "Dana", "url": "/dana"}},
            "organizer.url: '/dana' is not an absolute address",
        ),
        ({"image": "banner.png"}, "image: 'banner.png' is not an absolute address"),
        ({"description": ["two", "texts"]}, "description: not text"),
        ({"offers": {"@type": "Offer", "url": "register"}}, "offers.url: 'register' is not an absolute address"),
    ],
)
def test_each_requirement_is_checked(change: dict[str, Any], problem: str) -> None:
    document = {key: value for key, value in {**ELIGIBLE, **change}.items() if value is not None}
    assert problem in problems(document)
