"""The plain-text account of an event that calendar descriptions carry."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import iofs_events as ie
from iofs_events._reading import reading
from iofs_events._wording import country_name, language_name, platform_name
from iofs_events.ical._describe import describe, location, to_html

TASHKENT = ZoneInfo("Asia/Tashkent")
START = datetime(2022, 5, 10, 9, tzinfo=TASHKENT)
IOFS = ie.Organization(name="Islamic Organization for Food Security", acronym="IOFS", unit="Secretariat")


def hybrid_training() -> ie.Event:
    return ie.Event(
        id="spd-training-tashkent-2022",
        kind=ie.EventKind.TRAINING,
        scope=ie.Scope.REGIONAL,
        title="Strategic Planning and Policy Development",
        format=ie.EventFormat.HYBRID,
        status=ie.EventStatus.RESCHEDULED,
        schedule=ie.TimeSpan(starts_at=START, ends_at=START + timedelta(days=2, hours=8)),
        venue=ie.Venue(
            name="Hyatt Regency",
            room="Hall A",
            street="1A Navoi Street",
            postal_code="100017",
            locality="Tashkent",
            country="UZ",
        ),
        online_meeting=ie.OnlineMeeting(
            platform="webex",
            join_url="https://iofs.webex.example/meet/spd",
            meeting_id="2634 555 1212",
            passcode="spd2022",
            dial_in=(ie.DialIn(number="+998 71 200 0000"),),
        ),
        languages=ie.LanguagePlan(floor="ru", interpretation=("en", "uz"), captions=("ru",), sign_languages=("ase",)),
        audience=ie.Audience(roles=("strategic planners", "legislators"), countries=("UZ", "KZ", "TJ")),
        registration=ie.Registration(
            url="https://iofs.example/register/spd", deadline=START - timedelta(days=7), capacity=60
        ),
        organizer=IOFS,
        partners=(ie.Organization(name="Food and Agriculture Organization", acronym="FAO", url="https://fao.org"),),
        agenda=(ie.AgendaSession(title="Opening", starts_at=START),),
        related=(
            ie.RelatedEvent(
                relation=ie.Relation.PARENT,
                title="IOFS Week",
                schedule=ie.TimeSpan(starts_at=START, ends_at=START + timedelta(days=5)),
            ),
        ),
        references=(ie.Reference(title="National food security strategy", url="https://gov.example.uz/strategy"),),
        topics=("strategic planning",),
        url="https://iofs.example/events/spd-2022",
    )


def test_a_full_hybrid_event() -> None:
    text = describe(hybrid_training(), passcode=True)
    for fact in [
        "Type: Training\nScope: Regional\nStatus: Rescheduled",
        "When: Tuesday, May 10, 2022, 9:00\u202fAM\u2013Thursday, May 12, 2022, 5:00\u202fPM (Tashkent, GMT+05:00)",
        "Format: Hybrid",
        "Venue: Hyatt Regency, Hall A, 1A Navoi Street, 100017 Tashkent, Uzbekistan",
        "Language: Russian\nInterpretation: English and Uzbek\nCaptions: Russian\n"
        "Sign language: American Sign Language",
        "Audience: strategic planners and legislators\nCountries: Uzbekistan, Kazakhstan, and Tajikistan",
        "How to join (Webex):\nLink: https://iofs.webex.example/meet/spd\nMeeting ID: 2634 555 1212\n"
        "Passcode: spd2022\nDial in: +998 71 200 00 00",
        "Register at: https://iofs.example/register/spd",
        "Deadline: Tuesday, May 3, 2022, 9:00\u202fAM (Tashkent, GMT+05:00)",
        "Places: 60",
        "In partnership with: Food and Agriculture Organization (FAO), https://fao.org",
        "Agenda:\n• Opening",
        "• IOFS Week, May 10, 2022",
        "• “National food security strategy”: https://gov.example.uz/strategy",
        "Topics: strategic planning",
        "More information: https://iofs.example/events/spd-2022",
    ]:
        assert fact in text, fact
    assert "spd2022" not in describe(hybrid_training())


def test_in_person_and_unplanned_events() -> None:
    event = ie.Event(
        id="ga-5",
        kind=ie.EventKind.GENERAL_ASSEMBLY,
        title="Fifth General Assembly",
        format=ie.EventFormat.IN_PERSON,
        venue=ie.Venue(locality="Jeddah", country="SA"),
        registration=ie.Registration(required=False),
        contacts=(ie.Person(name="Focal Point", organization=ie.Organization(name="Ministry of Agriculture")),),
    )
    text = describe(event)
    assert "How to join" not in text  # the venue says how to attend
    assert "Registration is optional." in text
    assert "Focal Point, Ministry of Agriculture" in text
    assert "When" not in text
    assert location(reading(event, "en")) == "Jeddah, Saudi Arabia"
    bare = ie.Event(id="x", kind=ie.EventKind.MEETING, title="Bare", format=ie.EventFormat.ONLINE)
    assert "How to join: to be announced" in describe(bare)
    assert location(reading(bare, "en")) == "Online"


def test_names_in_the_readers_language() -> None:
    assert language_name("ar", "fr") == "arabe"
    assert language_name("ru", "ar") == "الروسية"
    assert country_name("KZ", "ru") == "Казахстан"
    assert country_name("TR", "xx-unknown") == "Türkiye"  # an unknown reader falls back to English
    assert platform_name("google_meet") == "Google Meet"
    assert platform_name("big_blue_button") == "Big Blue Button"


def test_multi_day_date_only_and_other_languages() -> None:
    event = ie.Event(
        id="ga-4",
        kind=ie.EventKind.GENERAL_ASSEMBLY,
        title="Quatrième Assemblée générale",
        format=ie.EventFormat.IN_PERSON,
        text_language="fr",
        schedule=ie.DateSpan(first_day=date(2021, 9, 8), last_day=date(2021, 9, 9)),
        venue=ie.Venue(locality="Nur-Sultan", country="KZ"),
    )
    assert "Date et heure\u00a0: 8\u20139 septembre 2021 (l’horaire sera communiqué ultérieurement)" in describe(event)
    assert "When: 8\u20139 September 2021 (the time will be announced)" in describe(event, language="en-GB")
    same_day = ie.TimeSpan(starts_at=START, ends_at=START + timedelta(hours=3))
    text = describe(
        ie.Event(
            id="t",
            kind=ie.EventKind.WEBINAR,
            title="T",
            format=ie.EventFormat.ONLINE,
            text_language="ru",
            schedule=same_day,
        )
    )
    assert "Дата и время: вторник, 10 мая 2022\u202fг., 09:00\u201312:00 (Ташкент, GMT+05:00)" in text
    assert "Вид мероприятия: Вебинар" in text


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("One line\nand the next\n\nA paragraph", "<p>One line<br>and the next</p><p>A paragraph</p>"),
        (
            "\n\nAfter nothing\n\n\n\nand more\n\n\nthen a break",
            "<p>After nothing</p><p>and more</p><p><br>then a break</p>",
        ),
        ("<b>Bold</b> & 'quoted'", "<p>&lt;b&gt;Bold&lt;/b&gt; &amp; &#x27;quoted&#x27;</p>"),
        (
            "Link: https://x.example/a?b=1&c=2.\nMail: events@iofs.example",
            '<p>Link: <a href="https://x.example/a?b=1&amp;c=2">https://x.example/a?b=1&amp;c=2</a>.<br>'
            "Mail: events@iofs.example</p>",
        ),
        (
            "Objectives:\n\u2022 To share\n\u2022 To see https://x.example/p\nAfter the list\n\nEnd",
            "<p>Objectives:<br>After the list</p><ul><li>To share</li>"
            '<li>To see <a href="https://x.example/p">https://x.example/p</a></li></ul><p>End</p>',
        ),
        ("\u2022 Only items\n\n", "<ul><li>Only items</li></ul>"),
        ("", ""),
    ],
)
def test_the_html_description_keeps_paragraphs_lists_and_links(text: str, body: str) -> None:
    assert to_html(text) == f"<html><body>{body}</body></html>"


def test_the_html_description_is_in_the_readers_language_and_direction() -> None:
    assert to_html("نص", "ar") == '<html lang="ar" dir="rtl"><body><p>نص</p></body></html>'


_ADDRESS = re.compile(r"https?://[^\s<>\"\u2066-\u2069]+[^\s<>\".,;:!?)\u2066-\u2069]")


def _linked_by_parts(text: str) -> str:
    """The reference: each web address found in the text as it is, then each part escaped on its own."""
    parts, last = [], 0
    for match in _ADDRESS.finditer(text):
        url = html.escape(match.group())
        parts += [html.escape(text[last : match.start()]), f'<a href="{url}">{url}</a>']
        last = match.end()
    return "".join([*parts, html.escape(text[last:])])


_PIECES = st.sampled_from(
    [
        *("https://", "http://", "x.example", "/a", "?b=1", "&", "'", '"', "<", ">", ".", ",", ";", ":", "!", "?"),
        *(")", " ", "\n", "\u2066", "\u2069", "&amp;", "&#x27;", "&lt;", "#x27", "amp;", "ا", "é"),
    ]
)


@given(st.lists(_PIECES, max_size=30).map("".join))
def test_links_are_found_in_the_escaped_text_as_in_the_text_itself(text: str) -> None:
    body = _linked_by_parts(text)
    body = f"<p>{body.replace(chr(10) * 2, '</p><p>').replace(chr(10), '<br>')}</p>".replace("<p></p>", "")
    assert to_html(text) == f"<html><body>{body}</body></html>"
