"""Hypothesis strategies for the whole model, in one place.

Every strategy builds values that obey the documented rules of the model, so a construction
error while drawing is itself a failure of the model. Text mixes Arabic, Cyrillic, accented
Latin, emoji and arbitrary printable code points; datetimes are UTC instants (many of them
right around clock changes) shown in one of many IANA zones, so local times always exist.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import phonenumbers
from hypothesis import assume
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
    Venue,
)
from iofs_events import _checks as check
from iofs_events._checks import is_visible
from iofs_events._translations import shape

# --- text ---------------------------------------------------------------------------------------

ARABIC = "الأمن الغذائي منظمة التعاون الإسلامي ورشة عمل دولية"
CYRILLIC = "Продовольственная безопасность семинар Нур-Султан Қазақстан әғқңөұүһі"
ACCENTED_LATIN = "éèêëàâçñüöÿœæÆÉÀÇŞşğİıØåÅßĳ Sécurité alimentaire Gıda güvenliği"
EMOJI = "🌾🍚🕌🌍🤝📅✅🇰🇿🇹🇷👩🏽‍🌾"
PERSIAN_URDU = "پچژگ امنیت غذایی ۱۲۳ ٤٥٦"
PUNCTUATION = " ,;.:!?'\"“”«»()[]{}\\/-–—&%#@*+=_~ "
MIX = "".join(sorted(set(ARABIC + CYRILLIC + ACCENTED_LATIN + PERSIAN_URDU + PUNCTUATION + "AZaz09")))

_any_printable = st.characters(exclude_categories=("Cc", "Cs"), exclude_characters="\u2028\u2029\ufeff")
_fragments = st.one_of(
    st.text(MIX + EMOJI, min_size=1, max_size=10),  # the scripts of the member states, and emoji
    st.text(_any_printable, min_size=1, max_size=6),  # anything printable
    st.sampled_from(("IOFS", "ОИС", "منظمة", "Sécurité", "🌾", "👩🏽‍🌾", "🇰🇿", " ", "«»", "\u200f", "\u00a0")),
)

#: Non-blank text on a single line (titles, names, labels).
lines = st.lists(_fragments, min_size=1, max_size=3).map("".join).filter(lambda value: any(map(is_visible, value)))
#: Non-blank text that may span lines (paragraphs, descriptions): line breaks and tabs between fragments.
texts = (
    st.lists(_fragments | st.sampled_from(("\n", "\n\n", "\t")), min_size=1, max_size=4)
    .map("".join)
    .filter(lambda value: any(map(is_visible, value)))
)


@cache
def optional(strategy: st.SearchStrategy) -> st.SearchStrategy:
    """The field either absent (``None``) or present (one strategy per strategy, built once)."""
    return st.none() | strategy


def tuples(strategy: st.SearchStrategy, *, unique: bool = False, max_size: int = 2) -> st.SearchStrategy:
    """A tuple of items, of distinct items when the model says so."""
    return st.lists(strategy, max_size=max_size, unique=unique).map(tuple)


# --- identifiers from the world -----------------------------------------------------------------

LANGUAGE_TAGS = ("en", "ar", "fr", "ru", "tr", "ms", "id", "fa", "ur", "uz", "kk", "az", "fr-CA", "ar-SA", "zh-Hans")
SIGN_LANGUAGES = ("ase", "bfi", "fsl")
language_tags = st.sampled_from((*LANGUAGE_TAGS, "ase"))

OTHER_COUNTRIES = ("US", "GB", "FR", "DE", "RU", "CN", "IN", "CH", "IT", "BR")
COUNTRIES = (*sorted(OIC_MEMBER_STATES), *OTHER_COUNTRIES)
countries = st.sampled_from(COUNTRIES)
#: Country codes as people write them: lower case is normalized by the model.
countries_as_written = countries | countries.map(str.lower)

PHONE_REGIONS = ("KZ", "SA", "TR", "ID", "PK", "NG", "EG", "MY", "UZ", "BD", "IR", "AE", "FR", "US", "GB", "RU")
PHONES = (
    *(
        phonenumbers.format_number(phonenumbers.example_number(region), phonenumbers.PhoneNumberFormat.E164)
        for region in PHONE_REGIONS
    ),
    "+77018812532",
)
PHONES_AS_WRITTEN = (
    *(
        phonenumbers.format_number(phonenumbers.example_number(region), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        for region in PHONE_REGIONS
    ),
    "+7 701 881 2532",
)
phones = st.sampled_from(PHONES) | st.sampled_from(PHONES_AS_WRITTEN)

DOMAINS = ("iofs.org", "oic-oci.org", "comcec.org", "mail.ru", "gov.kz", "yahoo.fr", "example.org", "agri.gov.sa")
_word = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
emails = st.builds(
    lambda parts, domain: f"{'.'.join(parts)}@{domain}",
    st.lists(_word, min_size=1, max_size=3),
    st.sampled_from(DOMAINS),
)

# What --to, --sender, --attendee and --organizer must refuse: anything but exactly one mailbox.
NOT_ONE_MAILBOX = (
    "Name\r\nBcc: eve@evil.example <a@example.org>",
    "Name <a@example.org>\r\nBcc: eve@evil.example",
    "a@example.org\n",
    "Name\x00 <a@example.org>",
    "Name\u2028 <a@example.org>",
    "a@example.org, eve@evil.example",
    "a@example.org,eve@evil.example",
    "Name <a@example.org>, eve@evil.example",
    "Name <a@example.org>, Eve <eve@evil.example>",
    "Name <a@example.org> <eve@evil.example>",
    "a@example.org eve@evil.example",
    "a@example.org <eve@evil.example>",
    "Smith, John <j@example.org>",
    "Team: a@example.org, eve@evil.example;",
    "Name <a@example.org",
    "Name a@example.org>",
    '"Unclosed <a@example.org>',
    "\u200b\u200d <a@example.org>",
    "<>",
    "",
    "not an address",
    "a@@example.org",
)
ONE_MAILBOX = {
    "a@example.org": (None, "a@example.org"),
    "  Aida Nurlanovna  <aida@agri.example.kz> ": ("Aida Nurlanovna", "aida@agri.example.kz"),
    '"Smith, John" <j@example.org>': ("Smith, John", "j@example.org"),
    '"A \\"quoted\\" name" <q@example.org>': ('A "quoted" name', "q@example.org"),
    "عمر الحربي <omar@agri.example.sa>": ("عمر الحربي", "omar@agri.example.sa"),
    "<bare@example.org>": (None, "bare@example.org"),
    "J. R. Smith <jr@example.org>": ("J. R. Smith", "jr@example.org"),
}


def _joined(draw: st.DrawFn) -> str:
    first, second = draw(emails), draw(emails)
    name = draw(st.text("ABCxyz ", min_size=1, max_size=8).filter(str.strip))
    form = draw(st.sampled_from(["{a}{s}{b}", "{n} <{a}>{s}{b}", "{n} <{a}>{s}{n} <{b}>", "{n}{s}<{b}> <{a}>"]))
    separator = draw(st.sampled_from([", ", ",", "; ", " ", "\r\n", "\n", "\r\nBcc: ", "\t", ",\r\n "]))
    return form.format(a=first, b=second, n=name, s=separator)


not_one_mailbox = st.composite(_joined)() | st.sampled_from(NOT_ONE_MAILBOX)

HOSTS = ("iofs.org", "www.iofs.org", "us02web.zoom.us", "teams.microsoft.com", "meet.google.com", "comcec.org")
urls = st.builds(
    lambda scheme, host, path, query: f"{scheme}://{host}/{'/'.join(path)}{query}",
    st.sampled_from(("https", "http", "HTTPS")),
    st.sampled_from(HOSTS),
    st.lists(_word, max_size=3),
    st.sampled_from(("", "?pwd=abc123", "?lang=ar&x=1", "#agenda")),
)

event_ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,40}", fullmatch=True)
platforms = st.sampled_from(("zoom", "teams", "webex", "google_meet", "jitsi", "link")) | st.from_regex(
    r"[a-z][a-z0-9_]{0,15}", fullmatch=True
)
years = st.integers(1900, 9999)

# --- time ---------------------------------------------------------------------------------------

ZONES = (
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Asia/Tehran",
    "Africa/Cairo",
    "Asia/Almaty",
    "Africa/Casablanca",
    "Asia/Riyadh",
    "Asia/Jakarta",
    "Europe/Istanbul",
    "Asia/Karachi",
    "Africa/Lagos",
    "Asia/Tashkent",
    "Asia/Dhaka",
    "Asia/Dubai",
    "Asia/Kuala_Lumpur",
    "Asia/Baku",
    "Africa/Dakar",
    "Asia/Kabul",
    "Asia/Kathmandu",
    "Asia/Beirut",
    "Asia/Amman",
    "America/Paramaribo",
    "Asia/Bishkek",
    "Europe/London",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
)
zones = st.sampled_from(ZONES)


def _oic_zones() -> tuple[str, ...]:
    """The IANA zones of the OIC member states, as tzdata's ``zone.tab`` lists them by country."""
    table = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in table.splitlines() if line and not line.startswith("#"))
    return tuple(sorted({row[2] for row in rows if row[0] in OIC_MEMBER_STATES}))


#: Zones that calendars must carry right for every reader: the OIC member states' and others whose
#: VTIMEZONEs once went wrong (a change long after the one before, a rule that ended, a zone equal to UTC).
CALENDAR_ZONES = tuple(
    sorted(
        {
            *_oic_zones(),
            *("Asia/Pyongyang", "America/Sao_Paulo", "Europe/Berlin", "America/New_York", "Asia/Tehran"),
            *("Africa/Dakar", "Africa/Abidjan", "Africa/Bamako", "Africa/Conakry", "Africa/Banjul"),
            *("Africa/Freetown", "Africa/Lome", "Africa/Nouakchott", "Africa/Ouagadougou"),
        }
    )
)

#: Zones and years whose clock changes the instants gather around.
DST_YEARS = (
    ("Europe/Berlin", 2021),
    ("America/New_York", 2021),
    ("Asia/Tehran", 2021),
    ("Asia/Tehran", 2022),
    ("Africa/Cairo", 2023),
    ("Asia/Almaty", 2024),
    ("Africa/Casablanca", 2022),
    ("Africa/Casablanca", 2023),
    ("Africa/Casablanca", 2024),
    ("Asia/Amman", 2022),
    ("Australia/Lord_Howe", 2021),
)

MIN_INSTANT = datetime(1990, 1, 1, tzinfo=UTC)
MAX_INSTANT = datetime(2035, 12, 31, tzinfo=UTC)


def _offset(zone: ZoneInfo, instant: datetime) -> timedelta | None:
    return instant.astimezone(zone).utcoffset()


@cache
def transitions() -> tuple[tuple[str, datetime], ...]:
    """The UTC instants at which the zones of :data:`DST_YEARS` change their clocks."""
    found = []
    for name, year in DST_YEARS:
        zone = ZoneInfo(name)
        step = timedelta(hours=6)
        moment = datetime(year, 1, 1, tzinfo=UTC)
        end = datetime(year + 1, 1, 1, tzinfo=UTC)
        while moment < end:
            following = moment + step
            if _offset(zone, moment) != _offset(zone, following):
                low, high = moment, following  # the offset changes in (low, high]
                while high - low > timedelta(seconds=1):
                    middle = low + (high - low) / 2
                    if _offset(zone, middle) == _offset(zone, low):
                        low = middle
                    else:
                        high = middle
                found.append((name, high.replace(microsecond=0)))
            moment = following
    assert len(found) >= 15, found
    return tuple(found)


@st.composite
def edge_instants(draw: st.DrawFn) -> tuple[str, datetime]:
    """A zone that changes its clock and a UTC instant within three hours of the change."""
    name, instant = draw(st.sampled_from(transitions()))
    shift = draw(st.integers(-180 * 60, 180 * 60))
    return name, instant + timedelta(seconds=shift)


@st.composite
def instants(draw: st.DrawFn) -> tuple[str, datetime]:
    """A UTC instant and the zone it is most interesting in."""
    if draw(st.booleans()):
        return draw(edge_instants())
    moment = draw(st.datetimes(min_value=MIN_INSTANT.replace(tzinfo=None), max_value=MAX_INSTANT.replace(tzinfo=None)))
    return draw(zones), moment.replace(tzinfo=UTC)


def _local(zone: str, instant: datetime) -> datetime:
    return instant.astimezone(ZoneInfo(zone))


@st.composite
def zoned_datetimes(draw: st.DrawFn) -> datetime:
    """An aware datetime in an IANA zone, at a local time that exists there."""
    own, instant = draw(instants())
    return _local(own if draw(st.booleans()) else draw(zones), instant)


@st.composite
def datetimes_between(draw: st.DrawFn, start: datetime, end: datetime, zone_hint: str) -> datetime:
    """An aware datetime whose instant lies in ``[start, end]``, in some zone."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)  # real elapsed time, not wall-clock time
    span = int((end - start).total_seconds())
    instant = start + timedelta(seconds=draw(st.integers(0, span)))
    return _local(zone_hint if draw(st.booleans()) else draw(zones), instant)


@st.composite
def time_spans(draw: st.DrawFn) -> TimeSpan:
    """A span from a UTC instant to a later one, each shown in a zone (usually the same)."""
    zone, start = draw(instants())
    length = draw(
        st.one_of(
            st.integers(60, 4 * 3600),  # a session
            st.integers(1, 5 * 24 * 3600),  # up to several days
        )
    )
    end = start + timedelta(seconds=length)
    end_zone = zone if draw(st.booleans()) else draw(zones)
    return TimeSpan(starts_at=_local(zone, start), ends_at=_local(end_zone, end))


@st.composite
def date_spans(draw: st.DrawFn, first: date = date(1990, 1, 1), last: date = date(2035, 12, 24)) -> DateSpan:
    """One to seven whole days."""
    first_day = draw(st.dates(min_value=first, max_value=last))
    return DateSpan(first_day=first_day, last_day=first_day + timedelta(days=draw(st.integers(0, 6))))


#: Schedules of events, whose agenda and deadlines hold datetimes of the years 1990 to 2035.
schedules = time_spans() | date_spans()
#: Schedules of related events, which hold no datetimes besides their own.
any_schedules = time_spans() | date_spans(date(1, 1, 1), date(9999, 12, 24))


@st.composite
def local_moment_on(draw: st.DrawFn, first_day: date, last_day: date) -> datetime:
    """An aware datetime whose local date lies in ``[first_day, last_day]`` (a real local time)."""
    zone = ZoneInfo(draw(zones))
    day = first_day + timedelta(days=draw(st.integers(0, (last_day - first_day).days)))
    wall = datetime.combine(day, time()) + timedelta(minutes=draw(st.integers(0, 24 * 60 - 1)))
    # Through UTC and back: a wall time skipped by a clock change moves to one that exists.
    moment = wall.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)
    assume(first_day <= moment.date() <= last_day)
    return moment


# --- the model ----------------------------------------------------------------------------------

ENUMS = {kind: st.sampled_from(kind) for kind in (EventKind, Scope, EventStatus, EventFormat, SessionKind, Relation)}

organizations = st.builds(
    Organization,
    name=lines,
    acronym=optional(lines),
    unit=optional(lines),
    country=optional(countries_as_written),
    url=optional(urls),
    email=optional(emails),
)

persons = st.builds(
    Person,
    name=lines,
    position=optional(lines),
    organization=optional(organizations),
    country=optional(countries_as_written),
    email=optional(emails),
    phone=optional(phones),
    url=optional(urls),
)


@st.composite
def venues(draw: st.DrawFn) -> Venue:
    """A venue with at least a name, a street or a locality."""
    name, street, locality = draw(st.tuples(optional(lines), optional(lines), optional(lines)))
    if not (name or street or locality):
        locality = draw(lines)
    return Venue(
        name=name,
        street=street,
        locality=locality,
        region=draw(optional(lines)),
        postal_code=draw(optional(lines)),
        country=draw(optional(countries_as_written)),
        room=draw(optional(lines)),
        url=draw(optional(urls)),
        time_zone=draw(optional(zones)),
    )


_OTHER_TAGS = {
    floor: st.sampled_from([tag for tag in LANGUAGE_TAGS if tag != floor]) for floor in (*LANGUAGE_TAGS, "ase")
}


@st.composite
def language_plans(draw: st.DrawFn) -> LanguagePlan:
    """A floor language and interpretation targets that do not repeat it."""
    floor = draw(language_tags)
    others = _OTHER_TAGS[floor]
    return LanguagePlan(
        floor=floor,
        interpretation=draw(tuples(others, unique=True, max_size=4)),
        captions=draw(tuples(language_tags, unique=True)),
        sign_languages=draw(tuples(st.sampled_from(SIGN_LANGUAGES), unique=True)),
    )


@st.composite
def audiences(draw: st.DrawFn) -> Audience:
    """An audience with at least one of description, roles, sectors, countries."""
    description = draw(optional(texts))
    roles = draw(tuples(lines, unique=True))
    sectors = draw(tuples(lines, unique=True))
    audience_countries = draw(tuples(countries, unique=True, max_size=6))
    if not (description or roles or sectors or audience_countries):
        roles = (draw(lines),)
    return Audience(description=description, roles=roles, sectors=sectors, countries=audience_countries)


VENUES = venues()
LANGUAGE_PLANS = language_plans()
AUDIENCES = audiences()

dial_ins = st.builds(DialIn, number=phones, country=optional(countries_as_written), city=optional(lines))

online_meetings = st.builds(
    OnlineMeeting,
    platform=platforms,
    join_url=optional(urls),
    meeting_id=optional(lines),
    passcode=optional(lines),
    dial_in=tuples(dial_ins, unique=True),
    registration_url=optional(urls),
    host_url=optional(urls),
)

speakers = st.builds(Speaker, person=persons, role=optional(lines))


@st.composite
def agenda_sessions(draw: st.DrawFn, schedule: TimeSpan | DateSpan | None = None) -> AgendaSession:
    """A session; when ``schedule`` is given its times lie within it."""
    starts_at = ends_at = None
    if draw(st.booleans()):
        if isinstance(schedule, TimeSpan):
            starts_at = draw(datetimes_between(schedule.starts_at, schedule.ends_at, schedule.time_zone))
            if draw(st.booleans()) and starts_at.astimezone(UTC) < schedule.ends_at.astimezone(UTC):
                later = starts_at.astimezone(UTC) + timedelta(seconds=1)
                ends_at = draw(datetimes_between(later, schedule.ends_at, schedule.time_zone))
        elif isinstance(schedule, DateSpan):
            starts_at = draw(local_moment_on(schedule.first_day, schedule.last_day))
            if draw(st.booleans()):
                ends_at = draw(local_moment_on(schedule.first_day, schedule.last_day))
                assume(ends_at.astimezone(UTC) > starts_at.astimezone(UTC))
        else:
            starts_at = draw(zoned_datetimes())
            if draw(st.booleans()):
                ends_at = starts_at.astimezone(UTC) + timedelta(minutes=draw(st.integers(1, 600)))
                ends_at = _local(draw(zones), ends_at)
    return AgendaSession(
        title=draw(lines),
        kind=draw(ENUMS[SessionKind]),
        starts_at=starts_at,
        ends_at=ends_at,
        speakers=draw(tuples(speakers, max_size=1)),
        language=draw(optional(language_tags)),
        description=draw(optional(texts)),
    )


@st.composite
def registrations(draw: st.DrawFn, schedule: TimeSpan | DateSpan | None = None) -> Registration:
    """A registration; its deadline, when given, is not after the end of ``schedule``."""
    deadline = None
    if draw(st.booleans()):
        if isinstance(schedule, TimeSpan):
            earliest = schedule.ends_at - timedelta(days=60)
            deadline = draw(datetimes_between(earliest, schedule.ends_at, schedule.time_zone))
        elif isinstance(schedule, DateSpan):
            first = schedule.last_day - timedelta(days=60)
            deadline = draw(local_moment_on(first, schedule.last_day))
        else:
            deadline = draw(zoned_datetimes())
    return Registration(
        required=draw(st.booleans()),
        url=draw(optional(urls)),
        deadline=deadline,
        capacity=draw(optional(st.integers(1, 100_000))),
        instructions=draw(optional(texts)),
    )


programmes = st.builds(
    Programme, name=lines, organization=optional(organizations), url=optional(urls), description=optional(texts)
)
references = st.builds(
    Reference, title=lines, publisher=optional(organizations), year=optional(years), url=optional(urls)
)
deliverables = st.builds(
    Deliverable, title=lines, year=optional(years), description=optional(texts), url=optional(urls)
)


@st.composite
def related_events(draw: st.DrawFn) -> RelatedEvent:
    """Another event, known by a schedule, by a year, or by neither (never both)."""
    known_by = draw(st.sampled_from(("schedule", "year", "neither")))
    return RelatedEvent(
        relation=draw(ENUMS[Relation]),
        title=draw(lines),
        kind=draw(optional(ENUMS[EventKind])),
        scope=draw(optional(ENUMS[Scope])),
        status=draw(optional(ENUMS[EventStatus])),
        schedule=draw(any_schedules) if known_by == "schedule" else None,
        year=draw(years) if known_by == "year" else None,
        format=draw(optional(ENUMS[EventFormat])),
        venue=draw(optional(VENUES)),
        event_id=draw(optional(lines)),
        url=draw(optional(urls)),
        description=draw(optional(texts)),
    )


RELATED_EVENTS = related_events()


@st.composite
def events(draw: st.DrawFn) -> Event:
    """A whole event that obeys every rule that ties its fields together."""
    event_format = draw(ENUMS[EventFormat])
    schedule = draw(optional(schedules))
    venue = None if event_format is EventFormat.ONLINE else draw(optional(VENUES))
    meeting = None if event_format is EventFormat.IN_PERSON else draw(optional(online_meetings))
    event = Event(
        id=draw(event_ids),
        kind=draw(ENUMS[EventKind]),
        title=draw(lines),
        scope=draw(optional(ENUMS[Scope])),
        format=event_format,
        status=draw(ENUMS[EventStatus]),
        revision=draw(st.integers(0, 2**31 - 1)),
        announced_on=draw(optional(st.dates())),
        schedule=schedule,
        summary=draw(optional(texts)),
        background=draw(tuples(texts)),
        objectives=draw(tuples(texts)),
        audience=draw(optional(AUDIENCES)),
        languages=draw(optional(LANGUAGE_PLANS)),
        text_language=draw(language_tags),
        venue=venue,
        online_meeting=meeting,
        organizer=draw(optional(organizations)),
        partners=draw(tuples(organizations, unique=True, max_size=2)),
        partners_note=draw(optional(texts)),
        programme=draw(optional(programmes)),
        agenda=draw(tuples(agenda_sessions(schedule))),
        registration=draw(optional(registrations(schedule))),
        contacts=draw(tuples(persons, unique=True, max_size=2)),
        references=draw(tuples(references, max_size=2)),
        related=draw(tuples(RELATED_EVENTS)),
        deliverables=draw(tuples(deliverables, max_size=2)),
        topics=draw(tuples(lines, unique=True)),
        disclaimer=draw(tuples(texts, max_size=2)),
        url=draw(optional(urls)),
    )
    return attrs.evolve(event, translations=draw(translations_of(event)))


@st.composite
def translations_of(draw: st.DrawFn, event: Event) -> dict[str, Any]:
    """Translations of some of the texts of ``event`` into languages other than its own, shaped like it."""
    own = event.text_language.split("-")[0].lower()
    tags = draw(st.lists(language_tags, max_size=2))
    chosen = {check.language_tag(tag) for tag in tags if check.language_tag(tag).split("-")[0].lower() != own}
    return {tag: draw(_texts_of(event, "Event")) for tag in sorted(chosen)}


@st.composite
def _texts_of(draw: st.DrawFn, original: object, name: str) -> dict[str, Any]:
    """Texts for some of the translatable fields of ``original``, each list aligned with the original."""
    result: dict[str, Any] = {}
    for key, kind in shape(name).items():
        given = getattr(original, key)
        if given is None or given == () or not draw(st.booleans()):
            continue
        if kind.cls is None:
            strategy = lines if kind.rule.schema == check.line.schema else texts
            if kind.many:  # as many as the original, all different where the original's must be
                unique = "uniqueItems" in kind.whole.schema
                result[key] = draw(st.lists(strategy, min_size=len(given), max_size=len(given), unique=unique))
            else:
                result[key] = draw(strategy)
        elif kind.many:
            result[key] = [draw(_texts_of(item, kind.cls)) for item in given]
        else:
            result[key] = draw(_texts_of(given, kind.cls))
    return result


def places(document: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every value inside ``document``, as keys and indexes."""
    found = [path]
    if isinstance(document, dict):
        for key, value in document.items():
            found += places(value, (*path, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += places(value, (*path, index))
    return found
