"""The model of iofs_events mirrored in pydantic v2, validating what ours validates, the pydantic way.

Zoned datetimes with RFC 9557 suffixes, ``EmailStr``, phone numbers through ``phonenumbers``,
http(s) URLs, BCP 47 tags through ``langcodes``, ISO countries through ``pycountry``,
``extra="forbid"``, ``frozen=True``, strict types, and the cross-field rules as model
validators. Needs the ``bench`` extra (pydantic).
"""

import functools
import re
import types
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Annotated, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import langcodes
import phonenumbers
import pycountry
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    EmailStr,
    Field,
    HttpUrl,
    PlainSerializer,
    Strict,
    Tag,
    TypeAdapter,
    WrapValidator,
    model_validator,
)

import iofs_events as ie

_CONTROL_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_ZONED = re.compile(r"(?P<moment>[^\[\]]+)\[(?P<zone>[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+)*)\]")
_HTTP_URL: TypeAdapter[HttpUrl] = TypeAdapter(HttpUrl)


def _line(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    if _CONTROL_LINE.search(value):
        raise ValueError("must be a single line without control characters")
    return value


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    if _CONTROL_TEXT.search(value):
        raise ValueError("must not contain control characters")
    return value


def _zoned_datetime(value: Any, handler: Callable[[Any], datetime]) -> datetime:
    """Read ``2021-12-22T10:00:00+06:00[Asia/Almaty]``: pydantic parses the moment, the zone is ours."""
    if isinstance(value, datetime):
        return handler(value)
    if not isinstance(value, str) or not (match := _ZONED.fullmatch(value)):
        raise ValueError("must be a date and time such as 2021-12-22T10:00:00+06:00[Asia/Almaty]")
    try:
        zone = ZoneInfo(match["zone"])
    except (ValueError, KeyError) as error:  # ZoneInfoNotFoundError is a KeyError
        raise ValueError(f"unknown time zone {match['zone']!r}") from error
    moment = match["moment"]
    if moment[-1] == "Z" or moment[-6] in "+-":
        parsed = handler(moment)
        local = parsed.astimezone(zone)
        if local.replace(tzinfo=None) != parsed.replace(tzinfo=None):
            raise ValueError(f"offset does not match {zone.key} at that time")
        return local
    return handler(datetime.fromisoformat(moment).replace(tzinfo=zone))


def _iana_and_existing(value: datetime) -> datetime:
    if not isinstance(value.tzinfo, ZoneInfo):
        raise ValueError("must use an IANA time zone, not a fixed UTC offset")
    if value.astimezone(UTC).astimezone(value.tzinfo).replace(fold=0) != value.replace(fold=0):
        raise ValueError(f"does not exist in {value.tzinfo.key}")
    return value


def _rfc9557(value: datetime) -> str:
    return f"{value.isoformat()}[{value.tzinfo.key}]"  # type: ignore[union-attr]


def _http_url(value: str) -> str:
    _HTTP_URL.validate_python(value)  # http or https, with a host; the string is kept as given
    if " " in value or _CONTROL_LINE.search(value) or urlsplit(value).scheme.lower() not in ("http", "https"):
        raise ValueError("must be an absolute http or https URL")
    return value


def _e164(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException as error:
        raise ValueError(f"{value!r} is not a phone number in international form") from error
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"{value!r} is not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _standard_tag(value: Any) -> Any:
    if isinstance(value, str) and _is_language_tag(value):
        return str(langcodes.standardize_tag(value))
    return value


def _is_language_tag(value: str) -> bool:
    if "_" in value or not value.isascii():
        return False
    try:
        return bool(langcodes.tag_is_valid(value)) and langcodes.Language.get(value).is_valid()
    except ValueError:
        return False


def _language(value: str) -> str:
    if not _is_language_tag(value):
        raise ValueError(f"{value!r} is not a valid BCP 47 language tag")
    return value


_COUNTRIES = frozenset(country.alpha_2 for country in pycountry.countries)


def _upper(value: Any) -> Any:
    return value.upper() if isinstance(value, str) and value.isascii() else value


def _country(value: str) -> str:
    if value not in _COUNTRIES:
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
    return value


def _unique(value: tuple[Any, ...]) -> tuple[Any, ...]:
    if len(set(value)) != len(value):
        raise ValueError("items must be unique")
    return value


def _version(value: str) -> str:
    major, _, minor = value.partition(".")
    if not (major.isdigit() and minor.isdigit()) or int(major) != 1 or int(minor) > 0:
        raise ValueError(f"version {value!r} is not supported")
    return value


def pydantic_models(*, memoize: bool = False) -> types.SimpleNamespace:
    """The pydantic v2 mirror of the model.

    ``memoize`` puts the same ``lru_cache`` in front of the checks of emails, phones, URLs and
    language tags as iofs_events has, to tell the cost of those caches from that of the framework.
    """
    memo: Callable[[Callable[..., Any]], Callable[..., Any]] = (
        functools.lru_cache(maxsize=4096) if memoize else (lambda check: check)
    )
    strict = ConfigDict(extra="forbid", frozen=True, strict=True)

    email_adapter: TypeAdapter[str] = TypeAdapter(EmailStr)

    def _email(value: str) -> str:
        return email_adapter.validate_python(value)

    Line = Annotated[str, AfterValidator(_line)]  # noqa: N806 - a type
    Text = Annotated[str, AfterValidator(_text)]  # noqa: N806 - a type
    Url = Annotated[str, AfterValidator(memo(_http_url))]  # noqa: N806 - a type
    Email = Annotated[str, AfterValidator(memo(_email))] if memoize else EmailStr  # noqa: N806 - a type
    Phone = Annotated[str, AfterValidator(memo(_e164))]  # noqa: N806 - a type
    Language = Annotated[str, AfterValidator(memo(_language)), BeforeValidator(memo(_standard_tag))]  # noqa: N806 - a type
    Country = Annotated[str, AfterValidator(_country), BeforeValidator(_upper)]  # noqa: N806 - a type
    Zoned = Annotated[  # noqa: N806 - a type
        AwareDatetime,
        Strict(False),  # the wrap validator hands pydantic's parser a Python string
        WrapValidator(_zoned_datetime),
        AfterValidator(_iana_and_existing),
        PlainSerializer(_rfc9557, return_type=str),
    ]
    Year = Annotated[int, Field(ge=1900, le=9999)]  # noqa: N806 - a type
    Identifier = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._~-]{0,199}$"), AfterValidator(_line)]  # noqa: N806 - a type
    Platform = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$"), AfterValidator(_line)]  # noqa: N806 - a type
    TimeZone = Annotated[str, Field(pattern=r"^[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*$")]  # noqa: N806 - a type

    def unique(item: Any) -> Any:
        return Annotated[tuple[item, ...], AfterValidator(_unique)]

    class Organization(BaseModel):
        model_config = strict
        name: Line
        acronym: Line | None = None
        unit: Line | None = None
        country: Country | None = None
        url: Url | None = None
        email: Email | None = None

    class Person(BaseModel):
        model_config = strict
        name: Line
        position: Line | None = None
        organization: Organization | None = None
        country: Country | None = None
        email: Email | None = None
        phone: Phone | None = None
        url: Url | None = None

    class TimeSpan(BaseModel):
        model_config = strict
        starts_at: Zoned
        ends_at: Zoned

        @model_validator(mode="after")
        def _ordered(self) -> "TimeSpan":
            if self.ends_at <= self.starts_at:
                raise ValueError("ends_at must be after starts_at")
            return self

        def contains(self, moment: datetime) -> bool:
            return self.starts_at <= moment <= self.ends_at

    class DateSpan(BaseModel):
        model_config = strict
        first_day: date
        last_day: date

        @model_validator(mode="after")
        def _ordered(self) -> "DateSpan":
            if self.last_day < self.first_day:
                raise ValueError("last_day must not be before first_day")
            return self

        def contains(self, moment: datetime) -> bool:
            return self.first_day <= moment.date() <= self.last_day

    def schedule_kind(value: Any) -> str | None:
        if isinstance(value, dict):
            return "time" if "starts_at" in value or "ends_at" in value else "date"
        return "time" if isinstance(value, TimeSpan) else "date" if isinstance(value, DateSpan) else None

    ScheduleType = Annotated[  # noqa: N806 - a type
        Annotated[TimeSpan, Tag("time")] | Annotated[DateSpan, Tag("date")], Discriminator(schedule_kind)
    ]

    class Speaker(BaseModel):
        model_config = strict
        person: Person
        role: Line | None = None

    class AgendaSession(BaseModel):
        model_config = strict
        title: Line
        kind: ie.SessionKind = ie.SessionKind.PRESENTATION
        starts_at: Zoned | None = None
        ends_at: Zoned | None = None
        speakers: tuple[Speaker, ...] = ()
        language: Language | None = None
        description: Text | None = None

        @model_validator(mode="after")
        def _ordered(self) -> "AgendaSession":
            if self.ends_at is not None:
                if self.starts_at is None:
                    raise ValueError("starts_at must be given when ends_at is")
                if self.ends_at <= self.starts_at:
                    raise ValueError("ends_at must be after starts_at")
            return self

    class Audience(BaseModel):
        model_config = strict
        description: Text | None = None
        roles: unique(Line) = ()
        sectors: unique(Line) = ()
        countries: unique(Country) = ()

        @model_validator(mode="after")
        def _something(self) -> "Audience":
            if not (self.description or self.roles or self.sectors or self.countries):
                raise ValueError("an audience needs a description, roles, sectors or countries")
            return self

    class LanguagePlan(BaseModel):
        model_config = strict
        floor: Language
        interpretation: unique(Language) = ()
        captions: unique(Language) = ()
        sign_languages: unique(Language) = ()

        @model_validator(mode="after")
        def _floor_apart(self) -> "LanguagePlan":
            if self.floor in self.interpretation:
                raise ValueError("interpretation repeats the floor language")
            return self

    class Venue(BaseModel):
        model_config = strict
        name: Line | None = None
        street: Line | None = None
        locality: Line | None = None
        region: Line | None = None
        postal_code: Line | None = None
        country: Country | None = None
        room: Line | None = None
        url: Url | None = None
        time_zone: TimeZone | None = None

        @model_validator(mode="after")
        def _somewhere(self) -> "Venue":
            if not (self.name or self.locality or self.street):
                raise ValueError("a venue needs at least a name, a street or a locality")
            if self.time_zone is not None:
                ZoneInfo(self.time_zone)  # raises (a ValueError or KeyError) for an unknown zone
            return self

    class DialIn(BaseModel):
        model_config = strict
        number: Phone
        country: Country | None = None
        city: Line | None = None

    class OnlineMeeting(BaseModel):
        model_config = strict
        platform: Platform
        join_url: Url | None = None
        meeting_id: Line | None = None
        passcode: Line | None = None
        dial_in: unique(DialIn) = ()
        registration_url: Url | None = None

    class Registration(BaseModel):
        model_config = strict
        required: bool = True
        url: Url | None = None
        deadline: Zoned | None = None
        capacity: Annotated[int, Field(ge=1)] | None = None
        instructions: Text | None = None

    class Programme(BaseModel):
        model_config = strict
        name: Line
        organization: Organization | None = None
        url: Url | None = None
        description: Text | None = None

    class Reference(BaseModel):
        model_config = strict
        title: Line
        publisher: Organization | None = None
        year: Year | None = None
        url: Url | None = None

    class RelatedEvent(BaseModel):
        model_config = strict
        relation: ie.Relation
        title: Line
        kind: ie.EventKind | None = None
        scope: ie.Scope | None = None
        status: ie.EventStatus | None = None
        schedule: ScheduleType | None = None
        year: Year | None = None
        format: ie.EventFormat | None = None
        venue: Venue | None = None
        event_id: Line | None = None
        url: Url | None = None
        description: Text | None = None

        @model_validator(mode="after")
        def _schedule_or_year(self) -> "RelatedEvent":
            if self.schedule is not None and self.year is not None:
                raise ValueError("give either a schedule or a year, not both")
            return self

    class Deliverable(BaseModel):
        model_config = strict
        title: Line
        year: Year | None = None
        description: Text | None = None
        url: Url | None = None

    class Event(BaseModel):
        model_config = strict
        schema_version: Annotated[str, AfterValidator(_version)]
        id: Identifier
        kind: ie.EventKind
        title: Line
        format: ie.EventFormat  # cattrs writes the required fields first
        scope: ie.Scope | None = None
        status: ie.EventStatus = ie.EventStatus.SCHEDULED
        revision: Annotated[int, Field(ge=0)] = 0
        announced_on: date | None = None
        schedule: ScheduleType | None = None
        summary: Text | None = None
        background: tuple[Text, ...] = ()
        objectives: tuple[Text, ...] = ()
        audience: Audience | None = None
        languages: LanguagePlan | None = None
        text_language: Language = "en"
        venue: Venue | None = None
        online_meeting: OnlineMeeting | None = None
        organizer: Organization | None = None
        partners: unique(Organization) = ()
        partners_note: Text | None = None
        programme: Programme | None = None
        agenda: tuple[AgendaSession, ...] = ()
        registration: Registration | None = None
        contacts: unique(Person) = ()
        references: tuple[Reference, ...] = ()
        related: tuple[RelatedEvent, ...] = ()
        deliverables: tuple[Deliverable, ...] = ()
        topics: unique(Line) = ()
        disclaimer: tuple[Text, ...] = ()
        url: Url | None = None

        @model_validator(mode="after")
        def _consistent(self) -> "Event":
            if self.format is ie.EventFormat.ONLINE and self.venue is not None:
                raise ValueError("an online event has no venue")
            if self.format is ie.EventFormat.IN_PERSON and self.online_meeting is not None:
                raise ValueError("an in-person event has no online meeting")
            span = self.schedule
            if span is None:
                return self
            for session in self.agenda:
                for moment in (session.starts_at, session.ends_at):
                    if moment is not None and not span.contains(moment):
                        raise ValueError("an agenda session lies outside the event's schedule")
            deadline = self.registration.deadline if self.registration else None
            if deadline is not None and isinstance(span, TimeSpan) and deadline > span.ends_at:
                raise ValueError("registration.deadline must not be after the event ends")
            if deadline is not None and isinstance(span, DateSpan) and deadline.date() > span.last_day:
                raise ValueError("registration.deadline must not be after the event's last day")
            return self

    return types.SimpleNamespace(Event=Event)


def pydantic_dumps(model: BaseModel) -> str:
    """The pydantic side of the dump measure."""
    return model.model_dump_json(exclude_none=True, exclude_defaults=True)
