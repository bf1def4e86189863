"""Varied, valid events from a seed, the same ones for the same seed: what the benchmarks feed on.

Agendas, speakers who recur across events, organizations, phone numbers of 29 regions, text in
Arabic, Russian and French, schedules in 26 zones, every kind, format and status. A benchmark
that needs events of its own sort subclasses :class:`EventFactory` (see ``ical_feed.py``).
"""

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import phonenumbers
import pycountry

import iofs_events as ie

# fmt: off
ZONES = (
    "Asia/Almaty", "Asia/Riyadh", "Europe/Istanbul", "Africa/Cairo", "Asia/Jakarta", "Asia/Karachi", "Asia/Dhaka",
    "Africa/Lagos", "Africa/Dakar", "Africa/Casablanca", "Asia/Tashkent", "Asia/Dubai", "Asia/Tehran", "Asia/Baku",
    "Asia/Kuala_Lumpur", "Asia/Amman", "Asia/Beirut", "Asia/Kabul", "Asia/Kathmandu", "America/Paramaribo",
    "America/Guyana", "Europe/London", "Europe/Paris", "America/New_York", "Australia/Adelaide", "UTC",
)
PHONE_REGIONS = (
    "KZ", "SA", "TR", "EG", "ID", "MY", "PK", "BD", "NG", "SN", "MA", "AE", "UZ", "AZ", "JO", "QA", "KW", "OM", "TN",
    "DZ", "IR", "IQ", "ML", "CM", "GB", "US", "FR", "DE", "CH",
)
OIC = sorted(ie.OIC_MEMBER_STATES)
LANGUAGES = ("en", "ar", "fr", "ru", "tr", "ms", "id", "fa", "ur", "uz", "kk", "az", "bn", "ha", "sw", "wo")
SIGN_LANGUAGES = ("ase", "bfi", "fsl")
FIRST = (
    "Aigerim", "Ahmed", "Fatima", "Yusuf", "Bakytzhan", "Aisha", "Mehmet", "Nurul", "Omar", "Ibrahim", "Zainab",
    "Amina", "Kemal", "Leila", "Saule",
)
LAST = (
    "Arystanbek", "Rahman", "Hassan", "Öztürk", "Nurlanov", "Diallo", "Traoré", "Abdullah", "Karimov", "Haddad",
    "Siddiqui", "Bello", "Aliyev",
)
POSITIONS = ("Program Manager", "Director General", "Senior Expert", "Policy Adviser", "Professor", "Minister")
ROLES = ("Moderator", "Keynote speaker", "Panelist", "Rapporteur", "Discussant", None)
DOMAINS = ("iofs.org.kz", "isdb.org", "fao.org", "sesric.org", "comcec.org", "example.edu.tr", "agri.gov.kz")
TOPICS = (
    "Food Security Governance", "South-South Cooperation", "Strategic Planning and Policy Development",
    "capacity building", "Halal food standards", "Water scarcity", "Climate-resilient agriculture",
    "Strategic food reserves", "Smallholder finance", "Post-harvest losses", "Nutrition", "Agricultural trade",
    "الأمن الغذائي", "Продовольственная безопасность",
)
WORDS = (
    "food", "security", "governance", "resilience", "member", "states", "strategy", "policy", "development",
    "workshop", "capacity", "stakeholders", "partnership", "nutrition", "agriculture", "markets", "trade",
    "investment", "climate", "water", "reserves", "«experience»", "“best", "practices”", "régional", "sécurité",
    "alimentaire", "الأمن", "الغذائي", "продовольствие",
)
# fmt: on
ORGS = (
    ("Islamic Organization for Food Security", "IOFS", "KZ", "https://www.iofs.org.kz"),
    ("Islamic Development Bank", "IsDB", "SA", "https://www.isdb.org"),
    ("Food and Agriculture Organization of the United Nations", "FAO", None, "https://www.fao.org"),
    ("Statistical, Economic and Social Research and Training Centre for Islamic Countries", "SESRIC", "TR", None),
    ("Standing Committee for Economic and Commercial Cooperation of the OIC", "COMCEC", "TR", "https://www.comcec.org"),
    ("Ministry of Agriculture", None, None, None),
    ("National Agrarian University", None, None, "http://university.example.org/agri"),
    ("Arab Organization for Agricultural Development", "AOAD", "SD", None),
)
PLATFORMS = ("zoom", "teams", "webex", "google_meet", "jitsi", "link")
CITIES = (
    ("Astana", "KZ", "Asia/Almaty"),
    ("Jeddah", "SA", "Asia/Riyadh"),
    ("Ankara", "TR", "Europe/Istanbul"),
    ("Cairo", "EG", "Africa/Cairo"),
    ("Dakar", "SN", "Africa/Dakar"),
    ("Kuala Lumpur", "MY", "Asia/Kuala_Lumpur"),
    ("Tashkent", "UZ", "Asia/Tashkent"),
    ("Baku", "AZ", "Asia/Baku"),
    ("Rabat", "MA", "Africa/Casablanca"),
    ("Dhaka", "BD", "Asia/Dhaka"),
)
DISCLAIMER = (
    "The information provided by IOFS is for general informational purposes only.",
    "Under no circumstance IOFS shall have any liability for any loss or damage of any kind.",
)


def _phone_numbers() -> list[str]:
    """Valid numbers of several regions, half written as E.164, half as people write them."""
    numbers = []
    for region in PHONE_REGIONS:
        for kind in (phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE):
            number = phonenumbers.example_number_for_type(region, kind)
            if number is not None and phonenumbers.is_valid_number(number):
                numbers.append(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
                numbers.append(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))
    return numbers


class EventFactory:
    """Makes varied, valid events from one seed; people and organizations recur, as they do."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.phones = _phone_numbers()
        self.organizations = [self._organization(index) for index in range(40)]
        self.people = [self._person(index) for index in range(300)]
        self.serial = 0

    # small pieces

    def _sentence(self, low: int = 6, high: int = 20) -> str:
        words = self.rng.choices(WORDS, k=self.rng.randint(low, high))
        return " ".join(words).capitalize() + "."

    def _paragraph(self) -> str:
        text = " ".join(self._sentence() for _ in range(self.rng.randint(1, 4)))
        return text + "\n" + self._sentence() if self.rng.random() < 0.2 else text

    def _title(self) -> str:
        return f"{self.rng.choice(TOPICS)}: {self._sentence(2, 6)[:-1]} #{self.serial}"

    def _maybe(self, probability: float, make: Callable[[], Any]) -> Any:
        return make() if self.rng.random() < probability else None

    def _organization(self, index: int) -> ie.Organization:
        name, acronym, country, url = self.rng.choice(ORGS)
        if name.startswith(("Ministry", "National")):
            country = self.rng.choice(OIC)
            name = f"{name} of {pycountry.countries.get(alpha_2=country).name}"
        unit = self.rng.choice((None, None, "Secretariat", "Department of Programmes", f"Office {index}"))
        email = self._maybe(0.4, lambda: f"info{index}@{self.rng.choice(DOMAINS)}")
        return ie.Organization(name=name, acronym=acronym, unit=unit, country=country, url=url, email=email)

    def _person(self, index: int) -> ie.Person:
        first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
        login = f"{first}.{last}{index}".lower().encode("ascii", "ignore").decode()
        return ie.Person(
            name=f"{first} {last}",
            position=self._maybe(0.7, lambda: self.rng.choice(POSITIONS)),
            organization=self._maybe(0.8, lambda: self.rng.choice(self.organizations)),
            country=self._maybe(0.6, lambda: self.rng.choice(OIC)),
            email=self._maybe(0.8, lambda: f"{login}@{self.rng.choice(DOMAINS)}"),
            phone=self._maybe(0.6, lambda: self.rng.choice(self.phones)),
            url=self._maybe(0.2, lambda: f"https://people.example.org/{login}"),
        )

    def _someone(self) -> ie.Person:
        if self.rng.random() < 0.8:
            return self.rng.choice(self.people)
        return self._person(10_000 + self.serial * 10 + self.rng.randint(0, 9))  # a one-off guest

    def _venue(self) -> ie.Venue:
        city, country, zone = self.rng.choice(CITIES)
        return ie.Venue(
            name=self._maybe(0.8, lambda: f"{city} Congress Centre"),
            street=self._maybe(0.5, lambda: f"{self.rng.randint(1, 200)} Independence Avenue"),
            locality=city,
            region=self._maybe(0.2, lambda: "Capital Region"),
            postal_code=self._maybe(0.4, lambda: str(self.rng.randint(10000, 99999))),
            country=country,
            room=self._maybe(0.3, lambda: f"Hall {self.rng.choice('ABC')}"),
            url=self._maybe(0.3, lambda: "https://venue.example.com/"),
            time_zone=self._maybe(0.5, lambda: zone),
        )

    def _meeting(self) -> ie.OnlineMeeting:
        platform = self.rng.choice(PLATFORMS)
        dial_in = tuple(
            {
                number: ie.DialIn(number=number, country=self._maybe(0.7, lambda: self.rng.choice(OIC)), city=None)
                for number in self.rng.sample(self.phones, self.rng.choice((0, 0, 1, 2, 3)))
                if number.startswith("+") and " " not in number
            }.values()
        )
        return ie.OnlineMeeting(
            platform=platform,
            join_url=self._maybe(0.8, lambda: f"https://{platform}.example.com/j/{self.rng.randint(10**9, 10**10)}"),
            meeting_id=self._maybe(0.6, lambda: f"{self.rng.randint(100, 999)} {self.rng.randint(1000, 9999)}"),
            passcode=self._maybe(0.4, lambda: f"{self.rng.randint(100000, 999999)}"),
            dial_in=dial_in,
            registration_url=self._maybe(0.3, lambda: "https://events.example.org/register?id=42&lang=en"),
            host_url=self._maybe(0.2, lambda: f"https://{platform}.example.com/s/secret"),
        )

    def _schedule(self) -> tuple[ie.Schedule | None, str]:
        zone = self.rng.choice(ZONES)
        if self.rng.random() < 0.05:
            return None, zone
        day = date(2019, 1, 1) + timedelta(days=self.rng.randint(0, 365 * 8))
        if self.rng.random() < 0.35:
            return ie.DateSpan(first_day=day, last_day=day + timedelta(days=self.rng.choice((0, 0, 1, 2)))), zone
        starts = datetime(day.year, day.month, day.day, self.rng.randint(8, 14), self.rng.choice((0, 30)))
        starts = starts.replace(tzinfo=ZoneInfo(zone))
        days = self.rng.choice((0, 0, 0, 1, 2))
        ends = starts + timedelta(days=days, hours=self.rng.randint(2, 6))
        return ie.TimeSpan(starts_at=starts, ends_at=ends), zone

    def _agenda(self, schedule: ie.Schedule | None, zone: str) -> tuple[ie.AgendaSession, ...]:
        count = self.rng.choice((0, 0, 1, 2, 3, 4, 5, 6, 7, 8))
        utc_ok = isinstance(schedule, ie.TimeSpan)  # a day of a DateSpan is a local day
        if isinstance(schedule, ie.TimeSpan):
            clock, end = schedule.starts_at, schedule.ends_at
        elif isinstance(schedule, ie.DateSpan):
            first = schedule.first_day
            clock = datetime(first.year, first.month, first.day, 9, tzinfo=ZoneInfo(zone))
            end = clock + timedelta(hours=8)
        else:
            clock = end = None
        sessions = []
        for index in range(count):
            starts = ends = None
            if clock is not None and clock < end:
                starts = clock
                ends = min(end, clock + timedelta(minutes=self.rng.choice((15, 30, 45, 60, 90))))
                clock = ends
                if utc_ok and self.rng.random() < 0.1:  # some agendas are written in UTC
                    starts, ends = starts.astimezone(ZoneInfo("UTC")), ends.astimezone(ZoneInfo("UTC"))
                elif self.rng.random() < 0.1:
                    ends = None
            kinds = list(ie.SessionKind)
            kind = ie.SessionKind.OPENING if index == 0 else self.rng.choice(kinds)
            speakers = tuple(
                ie.Speaker(person=self._someone(), role=self.rng.choice(ROLES))
                for _ in range(self.rng.choice((0, 1, 1, 2, 3, 4)))
            )
            sessions.append(
                ie.AgendaSession(
                    title=self._sentence(2, 8)[:-1],
                    kind=kind,
                    starts_at=starts,
                    ends_at=ends,
                    speakers=speakers,
                    language=self._maybe(0.2, lambda: self.rng.choice(LANGUAGES)),
                    description=self._maybe(0.3, self._paragraph),
                )
            )
        return tuple(sessions)

    def _languages(self) -> ie.LanguagePlan:
        floor = self.rng.choice(LANGUAGES[:5])
        others = [tag for tag in LANGUAGES if tag != floor]
        return ie.LanguagePlan(
            floor=floor,
            interpretation=tuple(self.rng.sample(others, self.rng.randint(0, 4))),
            captions=tuple(self.rng.sample(LANGUAGES, self.rng.choice((0, 0, 1, 2)))),
            sign_languages=tuple(self.rng.sample(SIGN_LANGUAGES, self.rng.choice((0, 0, 0, 1)))),
        )

    def _audience(self) -> ie.Audience:
        return ie.Audience(
            description=self._maybe(0.7, self._paragraph),
            roles=tuple(self.rng.sample(("strategic planners", "policy developers", "legislators", "analysts"), 2)),
            sectors=tuple(self.rng.sample(("food security", "agriculture", "trade", "health", "water"), 2)),
            countries=tuple(self.rng.sample(OIC, self.rng.choice((0, 1, 5, 12, 57)))),
        )

    def _registration(self, schedule: ie.Schedule | None, zone: str) -> ie.Registration:
        deadline = None
        if isinstance(schedule, ie.TimeSpan) and self.rng.random() < 0.6:
            deadline = schedule.starts_at - timedelta(days=self.rng.randint(1, 20))
        return ie.Registration(
            required=self.rng.random() < 0.8,
            url=self._maybe(0.6, lambda: "https://forms.example.org/register"),
            deadline=deadline,
            capacity=self._maybe(0.4, lambda: self.rng.randint(20, 500)),
            instructions=self._maybe(0.4, self._paragraph),
        )

    def _related(self, serial: int) -> ie.RelatedEvent:
        if self.rng.random() < 0.5:
            first = date(2018, 1, 1) + timedelta(days=self.rng.randint(0, 3000))
            schedule, year = ie.DateSpan(first_day=first, last_day=first + timedelta(days=1)), None
        else:
            schedule, year = None, self.rng.randint(2015, 2030)
        return ie.RelatedEvent(
            relation=self.rng.choice(list(ie.Relation)),
            title=self._sentence(3, 8)[:-1],
            kind=self._maybe(0.7, lambda: self.rng.choice(list(ie.EventKind))),
            scope=self._maybe(0.5, lambda: self.rng.choice(list(ie.Scope))),
            status=self._maybe(0.3, lambda: self.rng.choice(list(ie.EventStatus))),
            schedule=schedule,
            year=year,
            format=self._maybe(0.3, lambda: self.rng.choice(list(ie.EventFormat))),
            venue=self._maybe(0.4, self._venue),
            event_id=self._maybe(0.3, lambda: f"iofs-event-{serial - 1}"),
            url=self._maybe(0.3, lambda: f"https://www.iofs.org.kz/events/{serial - 1}"),
            description=self._maybe(0.5, self._paragraph),
        )

    def event(self) -> ie.Event:
        """One more event."""
        rng = self.rng
        self.serial += 1
        serial = self.serial
        event_format = rng.choice(list(ie.EventFormat))
        schedule, zone = self._schedule()
        organizer = rng.choice(self.organizations)
        return ie.Event(
            id=f"iofs-event-{serial}",
            kind=rng.choice(list(ie.EventKind)),
            title=self._title(),
            scope=self._maybe(0.8, lambda: rng.choice(list(ie.Scope))),
            format=event_format,
            status=rng.choice((ie.EventStatus.SCHEDULED,) * 6 + tuple(ie.EventStatus)),
            revision=rng.choice((0, 0, 0, 1, 2, 7)),
            announced_on=self._maybe(0.5, lambda: date(2018, 6, 1) + timedelta(days=rng.randint(0, 3000))),
            schedule=schedule,
            summary=self._maybe(0.9, self._paragraph),
            background=tuple(self._paragraph() for _ in range(rng.choice((0, 1, 2, 3)))),
            objectives=tuple(self._sentence() for _ in range(rng.choice((0, 2, 4)))),
            audience=self._maybe(0.7, self._audience),
            languages=self._maybe(0.7, self._languages),
            text_language=rng.choice(("en", "en", "en", "ar", "fr", "ru", "en-gb")),
            venue=self._venue() if event_format is not ie.EventFormat.ONLINE else None,
            online_meeting=(self._maybe(0.9, self._meeting) if event_format is not ie.EventFormat.IN_PERSON else None),
            organizer=organizer,
            partners=tuple(dict.fromkeys(rng.sample(self.organizations, rng.choice((0, 0, 1, 2, 3))))),
            partners_note=self._maybe(0.2, lambda: "other stakeholders"),
            programme=self._maybe(
                0.4, lambda: ie.Programme(name=rng.choice(TOPICS), organization=organizer, url=organizer.url)
            ),
            agenda=self._agenda(schedule, zone),
            registration=self._maybe(0.6, lambda: self._registration(schedule, zone)),
            contacts=tuple(dict.fromkeys(self._someone() for _ in range(rng.choice((0, 1, 1, 2))))),
            references=tuple(
                ie.Reference(
                    title=self._sentence(3, 10)[:-1],
                    publisher=self._maybe(0.7, lambda: rng.choice(self.organizations)),
                    year=self._maybe(0.8, lambda: rng.randint(2000, 2024)),
                    url=self._maybe(0.5, lambda: "https://www.sesric.org/files/article/report.pdf"),
                )
                for _ in range(rng.choice((0, 0, 1, 2, 4)))
            ),
            related=tuple(self._related(serial) for _ in range(rng.choice((0, 0, 1, 2, 3)))),
            deliverables=tuple(
                ie.Deliverable(title=self._sentence(3, 8)[:-1], year=self._maybe(0.5, lambda: rng.randint(2020, 2030)))
                for _ in range(rng.choice((0, 0, 0, 1, 2)))
            ),
            topics=tuple(rng.sample(TOPICS, rng.randint(0, 4))),
            disclaimer=DISCLAIMER if rng.random() < 0.3 else (),
            url=self._maybe(0.5, lambda: f"https://www.iofs.org.kz/events/{serial}"),
        )


def make_events(count: int, seed: int) -> list[ie.Event]:
    """``count`` events, the same ones for the same seed."""
    factory = EventFactory(seed)
    return [factory.event() for _ in range(count)]
