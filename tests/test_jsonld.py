"""The schema.org view: the facts a web page needs, and never a private one."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import attrs
import orjson
import pytest

import iofs_events as ie
from iofs_events import json as event_json
from iofs_events.jsonld import to_jsonld
from tests.paths import EXAMPLES

BAKU = ZoneInfo("Asia/Baku")


def test_seed_workshop(seed: ie.Event) -> None:
    view = to_jsonld(seed)
    assert view["@context"] == "https://schema.org"
    assert view["@type"] == "EducationEvent"
    assert view["name"] == seed.title
    assert (view["startDate"], view["endDate"]) == ("2021-12-22", "2021-12-22")
    assert view["eventStatus"] == "https://schema.org/EventScheduled"
    assert view["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert view["location"] == [{"@type": "VirtualLocation", "name": "Zoom"}]
    assert view["inLanguage"] == ["en", "ar", "fr", "ru"]
    assert "strategic planners" in view["audience"]["audienceType"]
    assert view["organizer"]["alternateName"] == "IOFS"
    assert view["organizer"]["contactPoint"][0]["telephone"] == "+77018812532"
    assert view["superEvent"][0] == {
        "@type": "EventSeries",
        "name": "Food Security Governance",
        "organizer": {
            "@type": "Organization",
            "name": "Islamic Organization for Food Security",
            "alternateName": "IOFS",
        },
    }
    assert view["workFeatured"][0]["publisher"]["alternateName"] == "COMCEC"
    text = orjson.dumps(view).decode()
    assert "null" not in text  # compacted: no nulls, no empty lists
    assert "[]" not in text


def _hybrid(seed: ie.Event) -> ie.Event:
    start = datetime(2022, 5, 10, 9, tzinfo=BAKU)
    return attrs.evolve(
        seed,
        kind=ie.EventKind.GENERAL_ASSEMBLY,
        format=ie.EventFormat.HYBRID,
        status=ie.EventStatus.POSTPONED,
        schedule=ie.TimeSpan(starts_at=start, ends_at=start.replace(hour=17)),
        venue=ie.Venue(name="Baku Congress Center", street="1 Flag Square", locality="Baku", country="AZ"),
        online_meeting=ie.OnlineMeeting(
            platform="google_meet",
            join_url="https://meet.google.com/abc-defg-hij",
            meeting_id="875 1234 5678",
            passcode="s3cret-pass",
            host_url="https://meet.google.com/host/abc",
            dial_in=(ie.DialIn(number="+1 202-555-0100", country="US"),),
        ),
        registration=ie.Registration(url="https://iofs.org/register", deadline=start, capacity=300),
        agenda=(
            ie.AgendaSession(
                title="Opening",
                starts_at=start,
                speakers=(ie.Speaker(person=ie.Person(name="Yerlan Baidaulet", country="KZ")),),
            ),
        ),
        partners=(ie.Organization(name="Food and Agriculture Organization", acronym="FAO"),),
        related=(
            ie.RelatedEvent(
                relation=ie.Relation.PARENT,
                title="IOFS Week",
                schedule=ie.DateSpan(first_day=start.date(), last_day=start.date()),
            ),
        ),
        audience=ie.Audience(roles=("policy developers",), countries=("AZ", "TR")),
    )


def test_hybrid_event_has_a_place_and_a_virtual_location(seed: ie.Event) -> None:
    view = to_jsonld(_hybrid(seed))
    assert view["@type"] == "Event"
    assert view["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert view["eventStatus"] == "https://schema.org/EventPostponed"
    assert view["startDate"] == "2022-05-10T09:00:00+04:00"
    place, virtual = view["location"]
    assert place["address"]["addressLocality"] == "Baku"
    assert place["address"]["addressCountry"] == "AZ"
    assert virtual == {"@type": "VirtualLocation", "name": "Google Meet", "url": "https://meet.google.com/abc-defg-hij"}
    assert view["offers"]["url"] == "https://iofs.org/register"
    assert view["maximumAttendeeCapacity"] == 300
    assert view["subEvent"][0]["performer"][0]["nationality"]["identifier"] == "KZ"
    assert view["contributor"][0]["alternateName"] == "FAO"
    assert view["superEvent"][1]["name"] == "IOFS Week"
    assert view["audience"]["geographicArea"] == [
        {"@type": "Country", "identifier": "AZ"},
        {"@type": "Country", "identifier": "TR"},
    ]


def test_private_facts_never_appear(seed: ie.Event) -> None:
    text = orjson.dumps(to_jsonld(_hybrid(seed))).decode()
    for secret in ("s3cret-pass", "https://meet.google.com/host/abc", "875 1234 5678", "+12025550100"):
        assert secret not in text


def test_in_person_event_without_schedule_audience_or_programme() -> None:
    event = ie.Event(
        id="ga-5",
        kind=ie.EventKind.GENERAL_ASSEMBLY,
        title="Fifth General Assembly of IOFS",
        format=ie.EventFormat.IN_PERSON,
        status=ie.EventStatus.TENTATIVE,
        venue=ie.Venue(locality="Jeddah", country="SA"),
    )
    view = to_jsonld(event)
    assert "startDate" not in view
    assert "audience" not in view
    assert "superEvent" not in view
    assert view["eventStatus"] == "https://schema.org/EventScheduled"  # schema.org has no "tentative"
    assert view["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert view["location"] == [
        {
            "@type": "Place",
            "name": "Jeddah",
            "address": {"@type": "PostalAddress", "addressLocality": "Jeddah", "addressCountry": "SA"},
        }
    ]


def test_translated_texts_are_language_tagged_values() -> None:
    training = event_json.read(EXAMPLES / "events" / "regional-training-2022-almaty.toml")
    document = to_jsonld(training)
    assert [value["@language"] for value in document["name"]] == ["en", "ar", "fr", "ru"]
    assert document["name"][0]["@value"] == training.title
    assert document["name"][2]["@value"] == training.localized("fr").event.title
    place = document["location"][0]
    localities = {value["@language"]: value["@value"] for value in place["address"]["addressLocality"]}
    assert localities == {"en": "Almaty", "ar": "ألماتي", "ru": "Алматы"}  # French writes it as English does
    assert document["identifier"] == training.id  # what is not text stays as it is
    assert document["inLanguage"] == ["en", "ar", "fr", "ru"]


def test_the_view_for_one_language_has_its_texts() -> None:
    training = event_json.read(EXAMPLES / "events" / "regional-training-2022-almaty.toml")
    russian = to_jsonld(training, language="ru")
    assert russian["name"] == training.localized("ru").event.title
    assert isinstance(russian["description"], str)
    assert russian["startDate"] == to_jsonld(training)["startDate"]


def test_an_event_without_translations_keeps_plain_texts(seed: ie.Event) -> None:
    assert to_jsonld(seed, language="ar") == to_jsonld(seed)
    assert isinstance(to_jsonld(seed)["name"], str)


PAGE = "https://events.iofs.example/fsg-2021/en/"


def test_the_page_is_the_url_and_where_to_join_until_the_meeting_has_a_link(seed: ie.Event) -> None:
    view = to_jsonld(seed, page=PAGE)
    assert view["url"] == PAGE
    assert view["location"] == [{"@type": "VirtualLocation", "name": "Zoom", "url": PAGE}]
    linked = to_jsonld(_hybrid(seed), page=PAGE)
    assert linked["location"][1]["url"] == "https://meet.google.com/abc-defg-hij"  # the meeting's own link first
    assert (
        to_jsonld(attrs.evolve(seed, url="https://iofs.example/fsg"))["location"][0]["url"]
        == "https://iofs.example/fsg"
    )
    organizer = attrs.evolve(seed.organizer, url="https://iofs.example")
    assert to_jsonld(attrs.evolve(seed, organizer=organizer))["organizer"]["url"] == "https://iofs.example"


def test_a_date_only_event_gives_dates_without_times(seed: ie.Event) -> None:
    view = to_jsonld(seed, image="https://events.iofs.example/fsg-2021/banner.png")
    assert (view["startDate"], view["endDate"]) == ("2021-12-22", "2021-12-22")  # ISO 8601 dates: no time, no zone
    assert view["image"] == "https://events.iofs.example/fsg-2021/banner.png"
    assert "image" not in to_jsonld(seed)


def test_a_rescheduled_event_gives_its_previous_start(seed: ie.Event) -> None:
    timed = _hybrid(seed).revise(status=ie.EventStatus.SCHEDULED)
    later = datetime(2022, 6, 1, 10, tzinfo=BAKU)
    moved = timed.revise(
        status=ie.EventStatus.RESCHEDULED,
        schedule=ie.TimeSpan(starts_at=later, ends_at=later.replace(hour=16)),
        registration=None,
        agenda=(),
    )
    view = to_jsonld(moved, previous=timed, language="en")
    assert view["eventStatus"] == "https://schema.org/EventRescheduled"
    assert (view["startDate"], view["previousStartDate"]) == ("2022-06-01T10:00:00+04:00", "2022-05-10T09:00:00+04:00")
    assert "previousStartDate" in to_jsonld(moved, previous=timed)  # in the view of every language too
    # Google wants it only with EventRescheduled, and only a start that was another
    assert "previousStartDate" not in to_jsonld(moved.cancel(), previous=timed)
    assert "previousStartDate" not in to_jsonld(timed.revise(status=ie.EventStatus.RESCHEDULED), previous=timed)
    assert "previousStartDate" not in to_jsonld(moved)


def test_what_a_page_gives_is_checked(seed: ie.Event) -> None:
    with pytest.raises(ie.ValidationError, match=r"^page: must be an absolute http or https URL$"):
        to_jsonld(seed, page="events/fsg-2021/")
    with pytest.raises(ie.ValidationError, match=r"^image: must be a URL without spaces"):
        to_jsonld(seed, image="https://iofs.example/a banner.png")
    with pytest.raises(ie.ValidationError, match=r"^previous: must be an earlier revision of the same event"):
        to_jsonld(seed, previous=seed)
    with pytest.raises(ie.ValidationError, match=r"^previous: must be an earlier revision of the same event"):
        to_jsonld(seed.revise(), previous=attrs.evolve(seed, id="another-event"))
