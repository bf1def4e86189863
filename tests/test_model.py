"""The model: every rule, every error path, and the properties of attrs classes."""

from __future__ import annotations

import pickle
import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pycountry
import pytest
import tzdata
from hypothesis import given
from hypothesis import strategies as st

from iofs_events import (
    OIC_MEMBER_STATES,
    AgendaSession,
    Audience,
    DateSpan,
    Deliverable,
    DialIn,
    Event,
    EventFormat,
    EventKind,
    EventStatus,
    FieldTypeError,
    LanguagePlan,
    OnlineMeeting,
    Organization,
    Person,
    Programme,
    Reference,
    Registration,
    RelatedEvent,
    Relation,
    Scope,
    SessionKind,
    Speaker,
    TimeSpan,
    ValidationError,
    Venue,
)
from iofs_events import _checks as check
from tests import strategies

BERLIN = ZoneInfo("Europe/Berlin")
ALMATY = ZoneInfo("Asia/Almaty")
RIYADH = ZoneInfo("Asia/Riyadh")

MODEL_CLASSES = (
    AgendaSession,
    Audience,
    DateSpan,
    Deliverable,
    DialIn,
    Event,
    LanguagePlan,
    OnlineMeeting,
    Organization,
    Person,
    Programme,
    Reference,
    Registration,
    RelatedEvent,
    Speaker,
    TimeSpan,
    Venue,
)


def raises(kind: type[ValidationError], field: str, reason: str) -> Any:
    """``pytest.raises`` that also checks the field and (part of) the reason of the error."""

    class Check:
        def __enter__(self) -> None:
            self.context = pytest.raises(kind)
            self.info = self.context.__enter__()

        def __exit__(self, *exc: object) -> bool:
            handled = self.context.__exit__(*exc)
            if not handled:  # another exception: let it through, as it is
                return False
            error = self.info.value
            assert error.field == field, error
            assert reason in error.reason, error
            assert str(error) == (f"{field}: {error.reason}" if field else error.reason)
            if kind is ValidationError:
                assert not isinstance(error, TypeError), "a bad value, not a bad type"
            return handled

    return Check()


def event(**changes: Any) -> Event:
    """A small valid event, with ``changes``."""
    values: dict[str, Any] = {
        "id": "iofs-2021",
        "kind": EventKind.WORKSHOP,
        "title": "Food Security Governance",
        "format": EventFormat.HYBRID,
    }
    return Event(**(values | changes))


def span(start: datetime, hours: float = 2) -> TimeSpan:
    return TimeSpan(starts_at=start, ends_at=start + timedelta(hours=hours))


DAY = DateSpan(first_day=date(2021, 12, 22), last_day=date(2021, 12, 22))
MORNING = span(datetime(2021, 12, 22, 10, tzinfo=ALMATY), hours=3)  # 10:00 to 13:00 in Almaty

# --- datetimes and schedules --------------------------------------------------------------------


def test_naive_datetime_is_rejected() -> None:
    with raises(ValidationError, "starts_at", "must be time-zone-aware"):
        TimeSpan(starts_at=datetime(2021, 12, 22, 10), ends_at=datetime(2021, 12, 22, 12, tzinfo=ALMATY))
    with raises(ValidationError, "ends_at", "must be time-zone-aware"):
        TimeSpan(starts_at=datetime(2021, 12, 22, 10, tzinfo=ALMATY), ends_at=datetime(2021, 12, 22, 12))


@pytest.mark.parametrize("tz", [timezone(timedelta(hours=6)), timezone(timedelta(hours=6), "ALMT")])
def test_fixed_offset_is_rejected(tz: timezone) -> None:
    with raises(ValidationError, "starts_at", "must use an IANA time zone (zoneinfo.ZoneInfo), not a fixed UTC offset"):
        span(datetime(2021, 12, 22, 10, tzinfo=tz))


def test_utc_singleton_becomes_the_iana_zone_utc() -> None:
    result = span(datetime(2021, 12, 22, 4, tzinfo=timezone.utc))  # noqa: UP017 - the very object under test
    assert result.starts_at.tzinfo == ZoneInfo("UTC")
    assert isinstance(result.ends_at.tzinfo, ZoneInfo)
    assert result.time_zone == "UTC"
    assert result.starts_at == datetime(2021, 12, 22, 10, tzinfo=ALMATY)
    session = AgendaSession(title="Opening", starts_at=datetime(2021, 12, 22, 4, tzinfo=UTC))
    assert session.starts_at.tzinfo == ZoneInfo("UTC")
    registration = Registration(deadline=datetime(2021, 12, 20, tzinfo=UTC))
    assert registration.deadline.tzinfo == ZoneInfo("UTC")


def test_other_zones_are_kept() -> None:
    result = TimeSpan(
        starts_at=datetime(2021, 12, 22, 10, tzinfo=ALMATY), ends_at=datetime(2021, 12, 22, 8, tzinfo=RIYADH)
    )
    assert result.starts_at.tzinfo is ALMATY
    assert result.ends_at.tzinfo is RIYADH
    assert result.time_zone == "Asia/Almaty"


def test_local_time_in_a_dst_gap_is_rejected() -> None:
    with raises(ValidationError, "starts_at", "does not exist in Europe/Berlin (skipped by a clock change)"):
        span(datetime(2021, 3, 28, 2, 30, tzinfo=BERLIN))
    with raises(ValidationError, "ends_at", "does not exist in America/New_York"):
        TimeSpan(
            starts_at=datetime(2021, 3, 14, 1, tzinfo=ZoneInfo("America/New_York")),
            ends_at=datetime(2021, 3, 14, 2, 15, tzinfo=ZoneInfo("America/New_York")),
        )
    with raises(ValidationError, "starts_at", "does not exist in Africa/Cairo"):
        AgendaSession(title="Midnight", starts_at=datetime(2023, 4, 28, 0, 30, tzinfo=ZoneInfo("Africa/Cairo")))
    with raises(ValidationError, "deadline", "does not exist in Asia/Tehran"):
        Registration(deadline=datetime(2022, 3, 22, 0, 30, tzinfo=ZoneInfo("Asia/Tehran")))


def test_both_sides_of_a_repeated_hour_exist() -> None:
    first = datetime(2021, 10, 31, 2, 30, tzinfo=BERLIN)
    assert span(first).starts_at.fold == 0
    assert span(first.replace(fold=1)).starts_at.fold == 1
    # Almaty moved from UTC+6 to UTC+5 on 1 March 2024: 23:30 happened twice.
    assert span(datetime(2024, 2, 29, 23, 30, fold=1, tzinfo=ALMATY)).starts_at.utcoffset() == timedelta(hours=5)


def test_span_ending_in_the_repeated_hour() -> None:
    # 02:45 CEST (00:45 UTC) to 02:15 CET (01:15 UTC) is half an hour: the clocks went back in between.
    start = datetime(2021, 10, 31, 2, 45, tzinfo=BERLIN)
    end = datetime(2021, 10, 31, 2, 15, fold=1, tzinfo=BERLIN)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(minutes=30)
    result = TimeSpan(starts_at=start, ends_at=end)
    assert result.contains(datetime(2021, 10, 31, 1, tzinfo=UTC))


def test_span_that_ends_before_it_starts_across_the_repeated_hour() -> None:
    # 02:30 CET (01:30 UTC) to 02:45 CEST (00:45 UTC) ends 45 minutes before it starts.
    start = datetime(2021, 10, 31, 2, 30, fold=1, tzinfo=BERLIN)
    end = datetime(2021, 10, 31, 2, 45, tzinfo=BERLIN)
    assert end.astimezone(UTC) < start.astimezone(UTC)
    with raises(ValidationError, "ends_at", "must be after starts_at"):
        TimeSpan(starts_at=start, ends_at=end)


def test_time_span_contains_across_the_repeated_hour() -> None:
    # 01:30 CEST (23:30 UTC) to 02:30 CET (01:30 UTC): two hours, the clocks going back in between.
    night = TimeSpan(
        starts_at=datetime(2021, 10, 31, 1, 30, tzinfo=BERLIN),
        ends_at=datetime(2021, 10, 31, 2, 30, fold=1, tzinfo=BERLIN),
    )
    inside = datetime(2021, 10, 31, 2, 45, tzinfo=BERLIN)  # 00:45 UTC
    assert night.contains(inside)
    session = AgendaSession(title="Night session", starts_at=inside)
    assert event(schedule=night, agenda=(session,)).agenda == (session,)


@given(strategies.edge_instants(), st.integers(1, 4 * 3600))
def test_any_span_of_real_time_is_accepted(edge: tuple[str, datetime], seconds: int) -> None:
    zone, start = edge
    end = start + timedelta(seconds=seconds)
    result = TimeSpan(starts_at=start.astimezone(ZoneInfo(zone)), ends_at=end.astimezone(ZoneInfo(zone)))
    assert result.contains(start)
    assert result.contains(end)
    assert not result.contains(end + timedelta(seconds=1))


def test_zone_without_a_name_is_rejected() -> None:
    # A ZoneInfo read from a file has no IANA key: a document could not name it.
    path = Path(tzdata.__file__).parent / "zoneinfo" / "Asia" / "Almaty"
    with path.open("rb") as file:
        nameless = ZoneInfo.from_file(file)
    assert nameless.key is None
    with raises(ValidationError, "starts_at", "IANA time zone"):
        span(datetime(2021, 12, 22, 10, tzinfo=nameless))


@pytest.mark.parametrize("hours", [0, -1])
def test_span_must_end_after_it_starts(hours: int) -> None:
    with raises(ValidationError, "ends_at", "must be after starts_at"):
        span(datetime(2021, 12, 22, 10, tzinfo=ALMATY), hours=hours)


def test_span_end_in_another_zone_is_compared_as_an_instant() -> None:
    with raises(ValidationError, "ends_at", "must be after starts_at"):
        TimeSpan(starts_at=datetime(2021, 12, 22, 10, tzinfo=ALMATY), ends_at=datetime(2021, 12, 22, 7, tzinfo=RIYADH))


def test_span_values_must_be_datetimes() -> None:
    with raises(FieldTypeError, "starts_at", "must be a datetime, not str"):
        TimeSpan(starts_at="2021-12-22T10:00:00+06:00", ends_at=datetime(2021, 12, 22, 12, tzinfo=ALMATY))
    with raises(FieldTypeError, "starts_at", "must be a datetime, not date"):
        TimeSpan(starts_at=date(2021, 12, 22), ends_at=datetime(2021, 12, 22, 12, tzinfo=ALMATY))


def test_time_span_contains_its_ends() -> None:
    assert MORNING.contains(MORNING.starts_at)
    assert MORNING.contains(MORNING.ends_at)
    assert MORNING.contains(datetime(2021, 12, 22, 8, tzinfo=RIYADH))  # 11:00 in Almaty
    assert not MORNING.contains(MORNING.ends_at + timedelta(microseconds=1))
    assert not MORNING.contains(datetime(2021, 12, 22, 6, 59, tzinfo=RIYADH))


def test_date_span_rules() -> None:
    with raises(ValidationError, "last_day", "must not be before first_day"):
        DateSpan(first_day=date(2020, 12, 3), last_day=date(2020, 12, 2))
    with raises(FieldTypeError, "first_day", "must be a date, not datetime"):
        DateSpan(first_day=datetime(2020, 12, 2), last_day=date(2020, 12, 3))
    with raises(FieldTypeError, "last_day", "must be a date, not str"):
        DateSpan(first_day=date(2020, 12, 2), last_day="2020-12-03")
    days = DateSpan(first_day=date(2020, 12, 2), last_day=date(2020, 12, 3))
    assert days.end == date(2020, 12, 4)
    assert DAY.end == date(2021, 12, 23)
    assert days.contains(datetime(2020, 12, 3, 23, 59, tzinfo=ALMATY))
    assert not days.contains(datetime(2020, 12, 4, 0, 0, tzinfo=ALMATY))
    assert not days.contains(datetime(2020, 12, 1, 23, 59, tzinfo=ALMATY))


def test_announced_on_is_a_date() -> None:
    assert event(announced_on=date(2021, 11, 17)).announced_on == date(2021, 11, 17)
    with raises(FieldTypeError, "announced_on", "must be a date, not datetime"):
        event(announced_on=datetime(2021, 11, 17, tzinfo=ALMATY))


def test_is_date_only() -> None:
    assert event(schedule=DAY).is_date_only
    assert not event(schedule=MORNING).is_date_only
    assert not event().is_date_only


def test_schedule_must_be_a_span() -> None:
    with raises(FieldTypeError, "schedule", "must be a TimeSpan or a DateSpan, not date"):
        event(schedule=date(2021, 12, 22))


# --- places and time zones ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Mars/Olympus", "Europe/Ankara", "", "asia/almaty/x", "../etc/passwd", "+06:00"])
def test_unknown_time_zone(name: str) -> None:
    with raises(ValidationError, "time_zone", f"unknown time zone {name!r}; use an IANA name such as 'Asia/Riyadh'"):
        Venue(locality="Astana", time_zone=name)


def test_time_zone_must_be_text() -> None:
    with raises(FieldTypeError, "time_zone", "must be text, not ZoneInfo"):
        Venue(locality="Astana", time_zone=ALMATY)


def test_known_time_zone() -> None:
    assert Venue(locality="Astana", time_zone="Asia/Almaty").time_zone == "Asia/Almaty"
    assert Venue(street="Dostyk 1", time_zone="UTC").time_zone == "UTC"


def test_venue_needs_a_name_a_street_or_a_locality() -> None:
    with raises(ValidationError, "name", "a venue needs at least a name, a street or a locality"):
        Venue()
    with raises(ValidationError, "name", "a venue needs at least a name"):
        Venue(country="KZ", room="Hall 2", region="Akmola", postal_code="010000", time_zone="Asia/Almaty")
    assert Venue(name="Congress Hall").name == "Congress Hall"
    assert Venue(street="Mangilik El 55/21").street == "Mangilik El 55/21"
    assert Venue(locality="Ankara", country="tr").country == "TR"


# --- languages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tag", ["en_US", "xx-YY", "", "english", "en-", "ar_SA", "abcdefgh", "\u0440\u0443"]
)  # Cyrillic "ru"
def test_malformed_language_tag(tag: str) -> None:
    with raises(ValidationError, "floor", f"{tag!r} is not a valid BCP 47 language tag, such as 'ar' or 'fr-CA'"):
        LanguagePlan(floor=tag)


@pytest.mark.parametrize("tag", [5, None, b"en", ("en",)])
def test_language_tag_of_the_wrong_type(tag: object) -> None:
    with raises(FieldTypeError, "floor", f"must be text, not {type(tag).__name__}"):
        LanguagePlan(floor=tag)


@pytest.mark.parametrize(
    ("written", "normal"),
    [("EN-us", "en-US"), ("en", "en"), ("AR", "ar"), ("fr-ca", "fr-CA"), ("zh-hans", "zh-Hans"), ("ASE", "ase")],
)
def test_language_tag_is_normalized(written: str, normal: str) -> None:
    assert LanguagePlan(floor=written).floor == normal
    assert LanguagePlan(floor="tr", interpretation=(written,)).interpretation == (normal,)
    assert event(text_language=written).text_language == normal
    assert AgendaSession(title="Opening", language=written).language == normal


def test_language_tags_everywhere_are_checked() -> None:
    with raises(ValidationError, "interpretation[1]", "'fr_FR' is not a valid BCP 47 language tag"):
        LanguagePlan(floor="en", interpretation=("ar", "fr_FR"))
    with raises(ValidationError, "captions[0]", "is not a valid BCP 47 language tag"):
        LanguagePlan(floor="en", captions=("xx-YY",))
    with raises(ValidationError, "sign_languages[0]", "is not a valid BCP 47 language tag"):
        LanguagePlan(floor="en", sign_languages=("",))
    with raises(ValidationError, "text_language", "is not a valid BCP 47 language tag"):
        event(text_language="en_GB")
    with raises(ValidationError, "language", "is not a valid BCP 47 language tag"):
        AgendaSession(title="Opening", language="Arabic")
    with raises(FieldTypeError, "interpretation[0]", "must be text, not int"):
        LanguagePlan(floor="en", interpretation=(1,))


def test_floor_repeated_in_interpretation() -> None:
    with raises(ValidationError, "interpretation[2]", "repeats the floor language"):
        LanguagePlan(floor="en", interpretation=("ar", "fr", "en", "ru"))
    with raises(ValidationError, "interpretation[0]", "repeats the floor language"):
        LanguagePlan(floor="EN", interpretation=("en",))  # equal once normalized


def test_floor_may_also_be_captioned() -> None:
    plan = LanguagePlan(floor="en", interpretation=("ar", "fr", "ru"), captions=("en",), sign_languages=("ase",))
    assert plan.spoken == ("en", "ar", "fr", "ru")


@pytest.mark.parametrize("name", ["interpretation", "captions", "sign_languages"])
def test_repeated_language(name: str) -> None:
    tags = ("ase", "bfi", "ase") if name == "sign_languages" else ("ar", "fr", "ar")
    with raises(ValidationError, f"{name}[2]", f"repeats {tags[0]!r}"):
        LanguagePlan(floor="en", **{name: tags})
    with raises(ValidationError, f"{name}[1]", "repeats"):
        LanguagePlan(floor="en", **{name: (tags[0], tags[0].upper())})  # equal once normalized


@pytest.mark.parametrize("name", ["interpretation", "captions", "sign_languages"])
def test_language_list_instead_of_tuple(name: str) -> None:
    with raises(FieldTypeError, name, "must be a tuple, not list"):
        LanguagePlan(floor="en", **{name: ["ar"]})


# --- audience and countries ---------------------------------------------------------------------


def test_oic_member_states() -> None:
    assert isinstance(OIC_MEMBER_STATES, frozenset)
    assert len(OIC_MEMBER_STATES) == 57
    iso = {country.alpha_2 for country in pycountry.countries}
    assert iso >= OIC_MEMBER_STATES
    assert {"KZ", "TR", "SA", "ID", "PK", "NG", "EG", "PS", "SR", "GY", "AZ", "UZ"} <= OIC_MEMBER_STATES
    assert not {"RU", "IN", "TH", "CY", "ET"} & OIC_MEMBER_STATES
    assert Audience(countries=tuple(sorted(OIC_MEMBER_STATES))).countries == tuple(sorted(OIC_MEMBER_STATES))


@pytest.mark.parametrize("code", ["XX", "TUR", "K", "", "ZZ", "Kz1", "\u0422R"])  # Cyrillic T
def test_unknown_country_code(code: str) -> None:
    with raises(ValidationError, "country", "is not an ISO 3166-1 alpha-2 country code, such as 'KZ'"):
        Organization(name="IOFS", country=code)


def test_country_code_of_the_wrong_type() -> None:
    with raises(FieldTypeError, "country", "must be text, not int"):
        Person(name="A", country=7)


def test_lower_case_country_is_normalized() -> None:
    assert Organization(name="IOFS", country="kz").country == "KZ"
    assert Person(name="A", country="Tr").country == "TR"
    assert DialIn(number="+77018812532", country="kz").country == "KZ"
    assert Audience(countries=("kz", "tr")).countries == ("KZ", "TR")


def test_audience_countries_checked_and_distinct() -> None:
    with raises(ValidationError, "countries[1]", "'XX' is not an ISO 3166-1 alpha-2 country code"):
        Audience(countries=("KZ", "XX"))
    with raises(ValidationError, "countries[1]", "repeats 'KZ'"):
        Audience(countries=("KZ", "kz"))
    with raises(FieldTypeError, "countries", "must be a tuple, not list"):
        Audience(countries=["KZ"])


def test_audience_needs_something() -> None:
    with raises(ValidationError, "description", "an audience needs a description, roles, sectors or countries"):
        Audience()
    with raises(ValidationError, "description", "must not be empty"):
        Audience(description="   ")
    assert Audience(roles=("legislators",)).roles == ("legislators",)
    assert Audience(sectors=("agriculture",)).sectors == ("agriculture",)
    assert Audience(countries=("KZ",)).countries == ("KZ",)
    assert Audience(description="Planners\nand analysts").description == "Planners\nand analysts"


@pytest.mark.parametrize("name", ["roles", "sectors"])
def test_audience_roles_and_sectors_distinct(name: str) -> None:
    with raises(ValidationError, f"{name}[2]", "repeats 'a'"):
        Audience(**{name: ("a", "b", "a")})
    with raises(ValidationError, f"{name}[0]", "must be a single line"):
        Audience(**{name: ("a\nb",)})


# --- people, organizations, contact details -------------------------------------------------------


@pytest.mark.parametrize(
    "address", ["bakytzhan", "a@", "@iofs.org", "a b@iofs.org", "a@iofs", "a@@iofs.org", "a..b@iofs.org"]
)
def test_invalid_email(address: str) -> None:
    with raises(ValidationError, "email", "is not a valid email address ("):
        Person(name="A", email=address)
    with raises(ValidationError, "email", "is not a valid email address"):
        Organization(name="IOFS", email=address)


def test_valid_email_is_kept_as_written() -> None:
    assert Person(name="A", email="b.arystanbek@iofs.org").email == "b.arystanbek@iofs.org"
    assert Organization(name="IOFS", email="Info@IOFS.org").email == "Info@IOFS.org"


@pytest.mark.parametrize("number", ["12", "phone", "+7 701", "+7701881253", "+0 701 881 2532", "77018812532", ""])
def test_invalid_phone(number: str) -> None:
    with raises(ValidationError, "phone", "is not a valid phone number in international form, such as +7 701 881 2532"):
        Person(name="A", phone=number)


@pytest.mark.parametrize("number", ["+9991234567", "+2591234567"])
def test_e164_shaped_number_of_no_country(number: str) -> None:
    # Shaped like E.164, but no country has the code: a ValidationError like any invalid number.
    with raises(ValidationError, "phone", f"{number!r} is not a valid phone number in international form"):
        Person(name="A", phone=number)
    with raises(ValidationError, "number", "is not a valid phone number"):
        DialIn(number=number)


def test_phone_of_the_wrong_type() -> None:
    with raises(FieldTypeError, "phone", "must be text, not int"):
        Person(name="A", phone=77018812532)


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("+7 701 881 2532", "+77018812532"),
        ("+7 (701) 881-25-32", "+77018812532"),
        ("+77018812532", "+77018812532"),
        ("+966 11 234 5678", "+966112345678"),
        ("+90 212 345 67 89", "+902123456789"),
    ],
)
def test_phone_is_normalized_to_e164(written: str, e164: str) -> None:
    assert Person(name="A", phone=written).phone == e164
    assert DialIn(number=written).number == e164


def test_dial_in_number_is_required_and_valid() -> None:
    with raises(ValidationError, "number", "is not a valid phone number"):
        DialIn(number="+1 555")
    with pytest.raises(TypeError):
        DialIn()  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("/about", "must be an absolute http or https URL"),
        ("iofs.org", "must be an absolute http or https URL"),
        ("ftp://iofs.org/file", "must be an absolute http or https URL"),
        ("mailto:info@iofs.org", "must be an absolute http or https URL"),
        ("https://iofs.org/a b", "must be a URL without spaces or control characters"),
        (" https://iofs.org", "must be a URL without spaces or control characters"),
        ("https://iofs.org/\n", "must be a URL without spaces or control characters"),
        ("https://", "must name a host"),
        ("https:///path", "must name a host"),
        ("https://iofs.org:99999/", "must be a well-formed URL"),
        ("http://[::1", "must be a well-formed URL"),
    ],
)
def test_invalid_url(value: str, reason: str) -> None:
    with raises(ValidationError, "url", reason):
        Organization(name="IOFS", url=value)


def test_urls_everywhere_are_checked() -> None:
    with raises(ValidationError, "join_url", "must be an absolute http or https URL"):
        OnlineMeeting(platform="zoom", join_url="zoom.us/j/123")
    with raises(ValidationError, "registration_url", "must be an absolute http or https URL"):
        OnlineMeeting(platform="zoom", registration_url="/register")
    with raises(ValidationError, "host_url", "must be an absolute http or https URL"):
        OnlineMeeting(platform="zoom", host_url="zoom.us/s/123")
    with raises(ValidationError, "url", "must be an absolute http or https URL"):
        Registration(url="register.html")
    with raises(ValidationError, "url", "must be an absolute http or https URL"):
        event(url="ftp://iofs.org")
    with raises(FieldTypeError, "url", "must be text, not int"):
        Reference(title="Report", url=1)


@pytest.mark.parametrize(
    "value", ["https://iofs.org", "http://iofs.org/a?b=c#d", "HTTPS://IOFS.ORG/", "https://iofs.org:8443/x"]
)
def test_valid_url(value: str) -> None:
    assert Organization(name="IOFS", url=value).url == value


def test_the_one_match_of_most_urls_agrees_with_their_whole_check(monkeypatch: pytest.MonkeyPatch) -> None:
    bases = ["https://iofs.example/a?b=1#c", "HTTP://x-y.Z0", "https://h/", "ftp://h/", "https:/h", "h"]
    insertions = [*" \n\x00[]@:%#?/.\u00e9_", "", ":80", ":x", "@b", "[::1]", "https://"]
    values = [
        base[:at] + inserted + base[at:] for base in bases for at in range(len(base) + 1) for inserted in insertions
    ]
    check.url_problem.cache_clear()
    quick = [check.url_problem(value) for value in values]
    monkeypatch.setattr(check, "_PLAIN_URL", re.compile("(?!)"))  # a pattern that matches nothing: the whole check
    check.url_problem.cache_clear()
    try:
        assert quick == [check.url_problem(value) for value in values]
        assert quick.count(None) > 100  # many pass, through the one match
    finally:
        check.url_problem.cache_clear()


# --- text ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("title", ["", " ", "\u00a0\u3000", "\t"])
def test_blank_title(title: str) -> None:
    with raises(ValidationError, "title", "must not be empty"):
        event(title=title)


@pytest.mark.parametrize(
    "title",
    [
        "\u200b",  # zero-width space
        "\u200b\u200c\u200d\u2060",  # zero-width non-joiner, joiner, word joiner
        " \u200e\u200f ",  # direction marks and spaces
        "\u3164\u115f",  # Hangul fillers: letters that show nothing
        "\ufe0f\u034f\u00ad",  # a variation selector, the grapheme joiner, a soft hyphen
        "\U000e0041\U000e007f",  # tag characters
        "\ue000",  # private use
    ],
)
def test_a_title_of_invisible_characters_only_is_refused(title: str) -> None:
    with raises(ValidationError, "title", "must have a visible character"):
        event(title=title)


@pytest.mark.parametrize("title", ["\u200bA", "a\u0301", "\u0301", "🌾", "١", "«»", "\u2800x", "$"])
def test_one_visible_character_is_enough(title: str) -> None:
    assert event(title=title).title == title


@pytest.mark.parametrize(
    "title", ["Food\nSecurity", "Food\rSecurity", "Food\u2028Security", "Food\x00", "x\x85", "\tx"]
)
def test_title_on_one_line(title: str) -> None:
    with raises(ValidationError, "title", "must be a single line without control characters"):
        event(title=title)


_CHARACTERS = (
    "aZ!~ \t\n\r\x00\x7f\x85\u00a0\u00ad\u034f\u115f\u200b\u200e\u2028\u3164\ufe0f\ufeff\ue000"
    "\u0627\u0416\u0301١🌾\U000e0041"
)


def _line_problem_by_definition(value: str) -> str | None:
    """The rule of a line said plainly, one check after the other, as the fast check of most lines must agree."""
    if not value.strip():
        return "must not be empty"
    if any(character in value for character in "\x00\t\n\r\x7f\x85\u2028\ufeff"):
        return "must be a single line without control characters"
    if not any(map(check.is_visible, value)):
        return "must have a visible character, not only spaces, invisible or formatting ones"
    return None


@given(st.lists(st.sampled_from(_CHARACTERS), max_size=6).map("".join))
def test_the_check_of_a_line_agrees_with_its_definition(value: str) -> None:
    assert check.line_problem(value) == _line_problem_by_definition(value)


def test_no_control_character_is_printable() -> None:
    control = re.compile(f"[{check._CONTROLS}]")
    controls = [chr(code) for code in range(0x110000) if control.fullmatch(chr(code))]
    assert len(controls) == 32 + 33 + 3
    assert not any(character.isprintable() for character in controls)


def test_title_in_any_script() -> None:
    title = "ورشة عمل — Семинар — Atelier « sécurité » 🌾\u200f"
    assert event(title=title).title == title


def test_title_of_the_wrong_type() -> None:
    with raises(FieldTypeError, "title", "must be text, not int"):
        event(title=5)
    with raises(FieldTypeError, "title", "must be text, not NoneType"):
        event(title=None)


def test_multi_line_text() -> None:
    assert event(summary="First line\n\tSecond line").summary == "First line\n\tSecond line"
    with raises(ValidationError, "summary", "must not contain control characters"):
        event(summary="First line\r\nSecond line")
    with raises(ValidationError, "summary", "must not contain control characters"):
        event(summary="Bell\x07")
    with raises(ValidationError, "summary", "must not contain control characters"):
        event(summary="a\u2029b")
    with raises(ValidationError, "summary", "must not be empty"):
        event(summary="\n\n")
    with raises(ValidationError, "background[1]", "must not be empty"):
        event(background=("First.", ""))
    with raises(ValidationError, "objectives[0]", "must not contain control characters"):
        event(objectives=("To\x0bshare",))
    with raises(ValidationError, "disclaimer[0]", "must not be empty"):
        event(disclaimer=(" ",))


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda v: Organization(name=v), "name"),
        (lambda v: Organization(name="IOFS", acronym=v), "acronym"),
        (lambda v: Organization(name="IOFS", unit=v), "unit"),
        (lambda v: Person(name=v), "name"),
        (lambda v: Person(name="A", position=v), "position"),
        (lambda v: Venue(name=v), "name"),
        (lambda v: Venue(locality="Ankara", room=v), "room"),
        (lambda v: Speaker(person=Person(name="A"), role=v), "role"),
        (lambda v: AgendaSession(title=v), "title"),
        (lambda v: OnlineMeeting(platform="zoom", meeting_id=v), "meeting_id"),
        (lambda v: OnlineMeeting(platform="zoom", passcode=v), "passcode"),
        (lambda v: DialIn(number="+77018812532", city=v), "city"),
        (lambda v: Programme(name=v), "name"),
        (lambda v: Reference(title=v), "title"),
        (lambda v: Deliverable(title=v), "title"),
        (lambda v: RelatedEvent(relation=Relation.NEXT, title=v), "title"),
        (lambda v: RelatedEvent(relation=Relation.NEXT, title="GA", event_id=v), "event_id"),
        (lambda v: event(topics=("a", v)), "topics[1]"),
    ],
)
def test_every_line_field_is_checked(build: Any, field: str) -> None:
    with raises(ValidationError, field, "must not be empty"):
        build("  ")
    with raises(ValidationError, field, "must be a single line"):
        build("a\nb")
    with raises(FieldTypeError, field, "must be text, not int"):
        build(1)


# --- numbers, flags and enumerations -------------------------------------------------------------


def test_bool_where_an_integer_is_expected() -> None:
    with raises(FieldTypeError, "revision", "must be a whole number, not bool"):
        event(revision=True)
    with pytest.raises(TypeError):
        event(revision=False)
    with pytest.raises(ValueError, match="revision"):
        event(revision=True)
    with raises(FieldTypeError, "capacity", "must be a whole number, not bool"):
        Registration(capacity=True)
    with raises(FieldTypeError, "year", "must be a whole number, not bool"):
        Reference(title="Report", year=True)


def test_float_where_an_integer_is_expected() -> None:
    with raises(FieldTypeError, "revision", "must be a whole number, not float"):
        event(revision=1.0)
    with raises(FieldTypeError, "year", "must be a whole number, not str"):
        Deliverable(title="Analysis", year="2022")


def test_revision_bounds() -> None:
    # SEQUENCE is an iCalendar INTEGER: a signed 32-bit number.
    with raises(ValidationError, "revision", "must be between 0 and 2147483647"):
        event(revision=-1)
    with raises(ValidationError, "revision", "must be between 0 and 2147483647"):
        event(revision=2**31)
    assert event(revision=0).revision == 0
    assert event(revision=2**31 - 1).revision == 2**31 - 1


def test_capacity_bounds() -> None:
    with raises(ValidationError, "capacity", "must be at least 1"):
        Registration(capacity=0)
    assert Registration(capacity=1).capacity == 1


@pytest.mark.parametrize("build", [lambda y: Reference(title="R", year=y), lambda y: Deliverable(title="D", year=y)])
def test_year_bounds(build: Any) -> None:
    for year in (1899, 10000, -2020):
        with raises(ValidationError, "year", "must be between 1900 and 9999"):
            build(year)
    assert build(1900).year == 1900
    assert build(9999).year == 9999
    with raises(ValidationError, "year", "must be between 1900 and 9999"):
        RelatedEvent(relation=Relation.NEXT, title="Training", year=22)


def test_registration_required_is_a_bool() -> None:
    assert Registration().required is True
    assert Registration(required=False).required is False
    with raises(FieldTypeError, "required", "must be true or false, not int"):
        Registration(required=1)
    with raises(FieldTypeError, "required", "must be true or false, not str"):
        Registration(required="yes")


@pytest.mark.parametrize(
    ("build", "field", "kind"),
    [
        (lambda v: event(kind=v), "kind", "EventKind"),
        (lambda v: event(format=v), "format", "EventFormat"),
        (lambda v: event(status=v), "status", "EventStatus"),
        (lambda v: event(scope=v), "scope", "Scope"),
        (lambda v: AgendaSession(title="x", kind=v), "kind", "SessionKind"),
        (lambda v: RelatedEvent(relation=v, title="x"), "relation", "Relation"),
    ],
)
def test_enumerations_want_members(build: Any, field: str, kind: str) -> None:
    with pytest.raises(FieldTypeError) as caught:
        build("workshop")
    assert caught.value.field == field
    assert kind in caught.value.reason
    assert caught.value.reason.endswith("not str")


def test_enumeration_values_are_the_json_words() -> None:
    assert [member.value for member in EventFormat] == ["online", "in_person", "hybrid"]
    assert EventKind.GENERAL_ASSEMBLY == "general_assembly"
    assert [member.value for member in EventStatus] == [
        "scheduled",
        "tentative",
        "postponed",
        "rescheduled",
        "cancelled",
    ]
    assert [member.value for member in Relation] == ["previous", "next", "parent", "child"]
    assert [member.value for member in Scope] == ["national", "regional", "international"]
    assert SessionKind.BREAK == "break"


def test_nested_objects_want_their_class() -> None:
    with raises(FieldTypeError, "organizer", "Organization, not Person"):
        event(organizer=Person(name="IOFS"))
    with raises(FieldTypeError, "contacts[0]", "not Organization"):
        event(contacts=(Organization(name="IOFS"),))
    with raises(FieldTypeError, "person", "not str"):
        Speaker(person="Bakytzhan Arystanbek")
    with raises(FieldTypeError, "agenda[1]", "not dict"):
        event(agenda=(AgendaSession(title="Opening"), {"title": "Panel"}))


# --- identifiers ----------------------------------------------------------------------------------

ID_REASON = "must be 1 to 200 letters, digits, '.', '_', '~' or '-', starting with a letter or digit"


@pytest.mark.parametrize("value", ["a", "iofs-fsg-workshop-2021-12-22", "A.b_c~d-1", "2021", "x" * 200])
def test_good_event_id(value: str) -> None:
    assert event(id=value).id == value


@pytest.mark.parametrize("value", ["-a", ".a", "_a", "a b", "a/b", "é", "x" * 201, "a\n", "", " "])
def test_bad_event_id(value: str) -> None:
    with raises(ValidationError, "id", ""):
        event(id=value)


def test_bad_event_id_reason() -> None:
    with raises(ValidationError, "id", ID_REASON):
        event(id="iofs workshop")
    with raises(FieldTypeError, "id", "must be text, not int"):
        event(id=2021)


@pytest.mark.parametrize("value", ["zoom", "teams", "google_meet", "link", "webex2", "x"])
def test_good_platform(value: str) -> None:
    assert OnlineMeeting(platform=value).platform == value


@pytest.mark.parametrize(
    "value", ["Zoom", "google-meet", "1zoom", "_zoom", "zoom ", "zoom.us", "", "z\u043e\u043em"]
)  # Cyrillic o
def test_bad_platform(value: str) -> None:
    with raises(ValidationError, "platform", "must be a lower-case name such as 'zoom' or 'google_meet'"):
        OnlineMeeting(platform=value)


# --- collections --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "background",
        "objectives",
        "partners",
        "agenda",
        "contacts",
        "references",
        "related",
        "deliverables",
        "topics",
        "disclaimer",
    ],
)
def test_list_instead_of_tuple(name: str) -> None:
    with raises(FieldTypeError, name, "must be a tuple, not list"):
        event(**{name: []})


def test_lists_inside_other_classes() -> None:
    with raises(FieldTypeError, "speakers", "must be a tuple, not list"):
        AgendaSession(title="Panel", speakers=[])
    with raises(FieldTypeError, "dial_in", "must be a tuple, not list"):
        OnlineMeeting(platform="zoom", dial_in=[])
    with raises(FieldTypeError, "roles", "must be a tuple, not list"):
        Audience(roles=["planners"])


def test_duplicates_where_items_must_be_unique() -> None:
    iofs = Organization(name="IOFS")
    with raises(ValidationError, "partners[2]", "repeats Organization("):
        event(partners=(iofs, Organization(name="FAO"), iofs))
    person = Person(name="Bakytzhan Arystanbek", phone="+77018812532")
    with raises(ValidationError, "contacts[1]", "repeats Person("):
        event(contacts=(person, Person(name="Bakytzhan Arystanbek", phone="+7 701 881 2532")))
    with raises(ValidationError, "topics[1]", "repeats 'governance'"):
        event(topics=("governance", "governance"))
    number = DialIn(number="+77018812532")
    with raises(ValidationError, "dial_in[1]", "repeats DialIn("):
        OnlineMeeting(platform="zoom", dial_in=(number, DialIn(number="+7 701 881 2532")))


def test_duplicates_where_items_may_repeat() -> None:
    session = AgendaSession(title="Break", kind=SessionKind.BREAK)
    assert len(event(agenda=(session, session)).agenda) == 2
    assert len(event(background=("Same.", "Same.")).background) == 2
    speaker = Speaker(person=Person(name="A"))
    assert len(AgendaSession(title="Panel", speakers=(speaker, speaker)).speakers) == 2


# --- rules that tie fields together ----------------------------------------------------------------


def test_online_event_has_no_venue() -> None:
    with raises(ValidationError, "venue", "an online event has no venue; make the format 'hybrid'"):
        event(format=EventFormat.ONLINE, venue=Venue(locality="Astana"))
    assert event(format=EventFormat.ONLINE, online_meeting=OnlineMeeting(platform="zoom")).venue is None


def test_in_person_event_has_no_online_meeting() -> None:
    with raises(
        ValidationError, "online_meeting", "an in-person event has no online meeting; make the format 'hybrid'"
    ):
        event(format=EventFormat.IN_PERSON, online_meeting=OnlineMeeting(platform="zoom"))
    assert event(format=EventFormat.IN_PERSON, venue=Venue(locality="Astana")).online_meeting is None


def test_hybrid_event_has_both() -> None:
    hybrid = event(venue=Venue(locality="Astana"), online_meeting=OnlineMeeting(platform="zoom"))
    assert hybrid.venue is not None
    assert hybrid.online_meeting is not None


def test_session_outside_a_time_span() -> None:
    inside = AgendaSession(title="Opening", starts_at=MORNING.starts_at, ends_at=MORNING.ends_at)
    assert event(schedule=MORNING, agenda=(inside,)).agenda == (inside,)
    early = AgendaSession(title="Coffee", starts_at=datetime(2021, 12, 22, 9, 59, tzinfo=ALMATY))
    with raises(ValidationError, "agenda[1].starts_at", "lies outside the event's schedule"):
        event(schedule=MORNING, agenda=(inside, early))
    late = AgendaSession(
        title="Closing",
        starts_at=datetime(2021, 12, 22, 12, 30, tzinfo=ALMATY),
        ends_at=datetime(2021, 12, 22, 10, 1, tzinfo=RIYADH),  # 13:01 in Almaty
    )
    with raises(ValidationError, "agenda[0].ends_at", "lies outside the event's schedule"):
        event(schedule=MORNING, agenda=(late,))


def test_session_outside_a_date_span() -> None:
    evening = AgendaSession(title="Evening", starts_at=datetime(2021, 12, 22, 23, 30, tzinfo=ALMATY))
    assert event(schedule=DAY, agenda=(evening,)).agenda == (evening,)
    # The same instant, seen in Riyadh, is still on 22 December; in Tokyo it is the 23rd.
    next_day = AgendaSession(title="Tokyo", starts_at=datetime(2021, 12, 23, 2, 30, tzinfo=ZoneInfo("Asia/Tokyo")))
    with raises(ValidationError, "agenda[1].starts_at", "lies outside the event's schedule"):
        event(schedule=DAY, agenda=(evening, next_day))
    day_before = AgendaSession(title="Eve", starts_at=datetime(2021, 12, 21, 23, 59, tzinfo=ALMATY))
    with raises(ValidationError, "agenda[0].starts_at", "lies outside the event's schedule"):
        event(schedule=DAY, agenda=(day_before,))


def test_sessions_without_a_schedule_are_free() -> None:
    session = AgendaSession(title="Any time", starts_at=datetime(2030, 1, 1, tzinfo=ALMATY))
    assert event(agenda=(session,)).agenda == (session,)
    assert event(schedule=DAY, agenda=(AgendaSession(title="No time"),)).agenda[0].starts_at is None


def test_session_times() -> None:
    with raises(ValidationError, "starts_at", "must be given when ends_at is"):
        AgendaSession(title="Panel", ends_at=datetime(2021, 12, 22, 12, tzinfo=ALMATY))
    with raises(ValidationError, "ends_at", "must be after starts_at"):
        AgendaSession(
            title="Panel",
            starts_at=datetime(2021, 12, 22, 12, tzinfo=ALMATY),
            ends_at=datetime(2021, 12, 22, 12, tzinfo=ALMATY),
        )
    with raises(ValidationError, "starts_at", "must be time-zone-aware"):
        AgendaSession(title="Panel", starts_at=datetime(2021, 12, 22, 12))


def test_registration_deadline_after_the_end() -> None:
    at_end = Registration(deadline=MORNING.ends_at)
    assert event(schedule=MORNING, registration=at_end).registration == at_end
    with raises(ValidationError, "registration.deadline", "must not be after the event ends"):
        event(schedule=MORNING, registration=Registration(deadline=MORNING.ends_at + timedelta(seconds=1)))
    last_day = Registration(deadline=datetime(2021, 12, 22, 23, 59, tzinfo=ALMATY))
    assert event(schedule=DAY, registration=last_day).registration == last_day
    with raises(ValidationError, "registration.deadline", "must not be after the event ends"):
        event(schedule=DAY, registration=Registration(deadline=datetime(2021, 12, 23, 0, 0, tzinfo=ALMATY)))
    # Without a schedule there is nothing to compare with.
    assert event(registration=Registration(deadline=datetime(2099, 1, 1, tzinfo=ALMATY))).registration is not None


def test_related_event_has_a_schedule_or_a_year() -> None:
    with raises(ValidationError, "year", "give either a schedule or a year, not both"):
        RelatedEvent(relation=Relation.PREVIOUS, title="Fourth General Assembly", schedule=DAY, year=2021)
    assert RelatedEvent(relation=Relation.NEXT, title="Training", year=2022).year == 2022
    assert RelatedEvent(relation=Relation.PREVIOUS, title="GA", schedule=DAY).schedule == DAY
    assert RelatedEvent(relation=Relation.PARENT, title="Programme").schedule is None


# --- attrs: frozen, slotted, keyword-only, hashable, evolve ------------------------------------------


def test_every_model_class_is_exported_and_attrs() -> None:
    for cls in MODEL_CLASSES:
        assert attrs.has(cls)


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
def test_classes_are_frozen_slotted_and_keyword_only(cls: type) -> None:
    assert "__slots__" in cls.__dict__
    assert all(field.kw_only for field in attrs.fields(cls))
    with pytest.raises(TypeError):
        cls("positional")


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
def test_the_types_of_fields_are_types_not_text(cls: type) -> None:
    # Annotations evaluated as the class is made: reading a document compiles no annotation text.
    assert not [field.name for field in attrs.fields(cls) if isinstance(field.type, str)]


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
def test_every_default_keeps_its_rule_so_that_the_fast_reader_of_documents_leaves_it_unchecked(cls: type) -> None:
    fields = [field for field in attrs.fields(cls) if field.default is not attrs.NOTHING]
    assert fields or cls.__name__ in ("DateSpan", "TimeSpan", "Speaker")
    for field in fields:
        default = field.default.factory() if isinstance(field.default, attrs.Factory) else field.default  # type: ignore[arg-type]
        value = field.converter(default) if field.converter else default
        field.validator(None, field, value)


@given(
    st.one_of(
        strategies.organizations,
        strategies.persons,
        strategies.VENUES,
        strategies.time_spans(),
        strategies.date_spans(),
        strategies.LANGUAGE_PLANS,
        strategies.AUDIENCES,
        strategies.dial_ins,
        strategies.online_meetings,
        strategies.speakers,
        strategies.agenda_sessions(),
        strategies.registrations(),
        strategies.programmes,
        strategies.references,
        strategies.RELATED_EVENTS,
        strategies.deliverables,
    )
)
def test_instances_are_immutable_hashable_and_evolve_to_equals(value: Any) -> None:
    name = attrs.fields(type(value))[0].name
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(value, name, getattr(value, name))
    with pytest.raises((AttributeError, TypeError)):
        value.not_a_field = 1  # slotted: no __dict__
    assert not hasattr(value, "__dict__")
    copy = attrs.evolve(value)
    assert copy == value
    assert hash(copy) == hash(value)
    assert len({value, copy}) == 1
    assert pickle.loads(pickle.dumps(value)) == value


def test_event_is_hashable_and_frozen() -> None:
    one = event(topics=("a",), contacts=(Person(name="A", phone="+77018812532"),))
    two = event(topics=("a",), contacts=(Person(name="A", phone="+7 701 881 2532"),))
    assert one == two
    assert hash(one) == hash(two)
    assert one != event(topics=("b",))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        one.title = "Other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Event("x", EventKind.WORKSHOP, "Title", EventFormat.ONLINE)  # type: ignore[misc]


def test_evolve_validates_again() -> None:
    base = event(schedule=MORNING)
    assert attrs.evolve(base, title="New title").title == "New title"
    with raises(ValidationError, "title", "must not be empty"):
        attrs.evolve(base, title="")
    with raises(ValidationError, "venue", "an online event has no venue"):
        attrs.evolve(base, format=EventFormat.ONLINE, venue=Venue(locality="Astana"))
    with raises(ValidationError, "agenda[0].starts_at", "lies outside the event's schedule"):
        attrs.evolve(base, agenda=(AgendaSession(title="Late", starts_at=MORNING.ends_at + timedelta(hours=1)),))
    with raises(ValidationError, "ends_at", "must be after starts_at"):
        attrs.evolve(MORNING, ends_at=MORNING.starts_at)
    assert attrs.evolve(LanguagePlan(floor="en"), floor="FR-ca").floor == "fr-CA"
    assert attrs.evolve(Person(name="A"), phone="+7 701 881 2532").phone == "+77018812532"


def test_secrets_stay_out_of_repr() -> None:
    meeting = OnlineMeeting(
        platform="zoom",
        join_url="https://us02web.zoom.us/j/81234567890",
        meeting_id="812 3456 7890",
        passcode="s3cr3t-pass",
        host_url="https://us02web.zoom.us/s/81234567890?zak=host-token",
    )
    for text in (repr(meeting), repr(event(online_meeting=meeting)), str(event(online_meeting=meeting))):
        assert "s3cr3t-pass" not in text
        assert "host-token" not in text
        assert "passcode" not in text
        assert "host_url" not in text
        assert "812 3456 7890" in text


def test_host_url_takes_no_part_in_equality() -> None:
    plain = OnlineMeeting(platform="zoom", join_url="https://zoom.us/j/1")
    hosted = attrs.evolve(plain, host_url="https://zoom.us/s/1?zak=x")
    assert hosted.host_url == "https://zoom.us/s/1?zak=x"
    assert plain == hosted
    assert hash(plain) == hash(hosted)
    assert event(online_meeting=plain) == event(online_meeting=hosted)
    # The passcode does count.
    assert plain != attrs.evolve(plain, passcode="123456")
