"""The announcement site: its files, the facts of each language, its head for search engines, and nothing private."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import extruct
import pytest
from markupsafe import escape

import iofs_events as ie
from iofs_events._reading import reading
from iofs_events.ical import calendar_links, to_ical
from iofs_events.jsonld import to_jsonld
from iofs_events.page import render, write, written_in
from iofs_events.page._facts import open_graph_locale
from tests.page.conftest import HOST_URL, IMAGE, PASSCODE, SEED_URL, STAMP, TRAINING_URL
from tests.page.rich_results import problems

LANGUAGES = ("ar", "en", "fr", "ru")
CALENDAR = "iofs-spd-training-almaty-2022.ics"


def _page(folder: Path, language: str) -> str:
    return (folder / language / "index.html").read_text(encoding="utf-8")


def _metadata(text: str, url: str) -> dict[str, Any]:
    """What an independent reader (extruct) finds in a page: its JSON-LD documents and its Open Graph properties."""
    found = extruct.extract(text, base_url=url, syntaxes=["json-ld", "opengraph"], uniform=False)
    return {
        "json-ld": found["json-ld"],
        "opengraph": [pair for item in found["opengraph"] for pair in item["properties"]],
    }


def test_the_site_has_a_page_and_a_calendar_per_language_and_an_index(training: ie.Event, training_site: Path) -> None:
    assert written_in(training) == LANGUAGES
    files = sorted(str(path.relative_to(training_site)) for path in training_site.rglob("*") if path.is_file())
    per_language = [name for language in LANGUAGES for name in (f"{language}/{CALENDAR}", f"{language}/index.html")]
    assert files == sorted(["index.html", "page.css", *per_language])
    for language in LANGUAGES:  # beside each page, the event's calendar in its language
        calendar = (training_site / language / CALENDAR).read_bytes()
        assert calendar == to_ical(training, language=language, stamp=STAMP)


def test_each_page_is_written_in_its_language_and_direction(training: ie.Event, training_site: Path) -> None:
    headings = {
        "ar": "كيفية المشاركة",
        "en": "How to take part",
        "fr": "Modalités de participation",
        "ru": "Порядок участия",
    }
    for language in LANGUAGES:
        text = _page(training_site, language)
        r = reading(training, language)
        direction = "rtl" if language == "ar" else "ltr"
        assert f'<html lang="{language}" dir="{direction}">' in text
        assert f"<title>{html.escape(r.event.title, quote=False)}</title>" in text
        assert f'<h2 id="attend">{headings[language]}</h2>' in text
        facts = [
            r.when(),  # on the event's clock, with its zone
            r.venue(r.event.venue, "venue"),  # type: ignore[arg-type]
            r.languages()["interpretation"],  # type: ignore[index]
            *r.texts(r.event.objectives, "objectives"),
            r.event.audience.description,  # type: ignore[union-attr]
            r.event.registration.instructions,  # type: ignore[union-attr]
            *(r.text(session.title, f"agenda[{i}].title") for i, session in enumerate(r.event.agenda)),
            r.related(r.event.related[0], 0),
            r.organization(r.event.organizer, "organizer"),  # type: ignore[arg-type]
        ]
        for fact in facts:
            assert str(escape(fact)) in text, (language, fact)
        assert '<a href="https://events.iofs.example/spd-almaty-2022/register">' in text
        assert '<a href="https://zoom.example/j/81234567890">' in text
        assert "812 3456 7890" in text  # the meeting id is no secret: every announcement gives it


def test_times_are_on_the_events_clock_with_universal_time_beside(training_site: Path) -> None:
    english = _page(training_site, "en")
    assert (
        "Tuesday, June 14, 2022, 9:00\u202fAM\u2013Wednesday, June 15, 2022, 5:00\u202fPM (Almaty, GMT+06:00)"
        in english
    )
    assert "<dt>Universal time:</dt><dd>Tuesday, June 14, 2022, 3:00\u202fAM\u2013" in english
    assert "The times are those of the event's time zone." in english
    french = _page(training_site, "fr")
    assert "<dt>Temps universel\u00a0:</dt><dd>mardi 14 juin 2022, 03:00\u2013mercredi 15 juin 2022, 11:00" in french


def test_the_add_to_calendar_block_offers_the_file_beside_and_the_web_calendars(
    training: ie.Event, training_site: Path
) -> None:
    for language in LANGUAGES:
        text = _page(training_site, language)
        links = calendar_links(training.localized(language).event)
        assert f'<a href="{CALENDAR}" type="text/calendar" download>' in text
        assert f'<a href="{html.escape(links.google)}">' in text
        assert f'<a href="{html.escape(links.outlook)}">' in text
    english = _page(training_site, "en")
    for words in ("Download the calendar file (.ics)", "Add to Google Calendar", "Add to Outlook on the web"):
        assert f">{words}</a>" in english  # each link says where it goes


def test_nothing_private_is_anywhere_in_the_site(training_site: Path) -> None:
    for path in training_site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in (PASSCODE, HOST_URL, "HOST-KEY"):
                assert secret.encode() not in data, (path, secret)
    assert "The passcode is sent to registered participants with their invitation." in _page(training_site, "en")


def test_hreflang_alternates_and_the_language_switcher(training_site: Path) -> None:
    for language in LANGUAGES:
        text = _page(training_site, language)
        assert f'<link rel="canonical" href="{TRAINING_URL}{language}/">' in text
        for other in LANGUAGES:
            assert f'<link rel="alternate" hreflang="{other}" href="{TRAINING_URL}{other}/">' in text
            link = re.search(
                rf'<a href="../{other}/index.html" hreflang="{other}" lang="{other}" dir="\w+"([^>]*)>', text
            )
            assert link is not None, (language, other)
            assert (link.group(1) == ' aria-current="page"') is (other == language)
            assert (training_site / other / "index.html").is_file()
        assert f'<link rel="alternate" hreflang="x-default" href="{TRAINING_URL}">' in text
    index = (training_site / "index.html").read_text(encoding="utf-8")
    for language, name in (("ar", "العربية"), ("en", "English"), ("fr", "Français"), ("ru", "Русский")):
        assert (
            f'<li lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}"><a href="{language}/index.html"'
            in index
        )
        assert f"<strong>{name}</strong>" in index
    assert "<script" not in index  # a list of links: no script sends anyone anywhere


def test_open_graph_tells_link_previews_the_page_of_each_language(training: ie.Event, training_site: Path) -> None:
    locales = {"ar": "ar_EG", "en": "en_US", "fr": "fr_FR", "ru": "ru_RU"}
    for language in LANGUAGES:
        graph = _metadata(_page(training_site, language), f"{TRAINING_URL}{language}/")["opengraph"]
        event = training.localized(language).event
        properties = dict(graph)
        assert properties["og:type"] == "website"
        assert properties["og:title"] == event.title
        assert properties["og:description"] == event.summary
        assert properties["og:url"] == f"{TRAINING_URL}{language}/"
        assert properties["og:image"] == IMAGE
        assert properties["og:locale"] == locales[language]
        alternates = [value for name, value in graph if name == "og:locale:alternate"]
        assert alternates == [locales[other] for other in LANGUAGES if other != language]
        assert properties["og:site_name"].startswith(event.organizer.name)  # type: ignore[union-attr]


def test_the_json_ld_meets_the_rich_result_requirements_and_says_the_event(
    training: ie.Event, training_site: Path
) -> None:
    for language in LANGUAGES:
        url = f"{TRAINING_URL}{language}/"
        documents = _metadata(_page(training_site, language), url)["json-ld"]
        assert len(documents) == 1
        (document,) = documents
        assert problems(document) == []
        event = training.localized(language).event
        assert document == to_jsonld(training, language=language, page=url, image=IMAGE)
        assert (document["name"], document["description"]) == (event.title, event.summary)
        assert (document["startDate"], document["endDate"]) == (
            "2022-06-14T09:00:00+06:00",
            "2022-06-15T17:00:00+06:00",
        )
        assert document["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
        assert document["eventStatus"] == "https://schema.org/EventScheduled"
        place, online = document["location"]
        assert place["address"]["addressLocality"] == event.venue.locality  # type: ignore[union-attr]
        assert online == {"@type": "VirtualLocation", "name": "Zoom", "url": "https://zoom.example/j/81234567890"}
        assert document["organizer"]["name"] == event.organizer.name  # type: ignore[union-attr]
        assert (document["url"], document["image"]) == (url, IMAGE)


def test_the_seed_has_its_page_in_english_only_with_its_days_and_small_print(seed: ie.Event, seed_site: Path) -> None:
    assert written_in(seed) == ("en",)  # its disclaimer forbids unofficial translations: none is made up
    assert sorted(path.name for path in seed_site.iterdir()) == ["en", "index.html", "page.css"]
    text = _page(seed_site, "en")
    assert "<dt>When:</dt><dd>December 22, 2021 (the time will be announced)</dd>" in text
    assert "Universal time:" not in text  # no time, nothing to convert
    assert "<nav" not in text  # one language: nothing to switch to
    assert "<dt>How to join (Zoom):" not in text
    assert '<p class="label">How to join (Zoom):</p>' in text
    assert "<dt>Link:</dt><dd>to be announced</dd>" in text
    assert "<dt>Programme:</dt><dd>Food Security Governance</dd>" in text
    assert "+7 701 881 2532" in text  # the contact, written for reading
    assert "“Good Governance for ensuring food security and nutrition in OIC Member States”, COMCEC, 2020" in text
    footer = text.split("<footer>")[1]
    assert footer.startswith("\n<p>The information provided by Islamic Organization for Food Security")
    (document,) = _metadata(text, f"{SEED_URL}en/")["json-ld"]
    assert problems(document) == []
    assert (document["startDate"], document["endDate"]) == ("2021-12-22", "2021-12-22")  # a date-only event
    assert document["location"] == [{"@type": "VirtualLocation", "name": "Zoom", "url": f"{SEED_URL}en/"}]


def test_a_site_may_offer_more_languages_than_the_event_is_written_in(seed: ie.Event, tmp_path: Path) -> None:
    write(seed, tmp_path, languages=["en", "AR", "ar"], stamp=STAMP)  # tags as written, each once
    text = _page(tmp_path, "ar")
    assert '<html lang="ar" dir="rtl">' in text
    assert "كيفية المشاركة" in text  # the page's words in Arabic,
    assert '<bdi lang="en" dir="ltr">OIC Country Experience' in text  # the event's texts in English, tagged so
    assert "(النص الأصلي باللغة الإنجليزية)" in text


def test_a_cancelled_event_keeps_its_page_and_says_so_first(training: ie.Event, tmp_path: Path) -> None:
    cancelled = training.cancel()
    write(cancelled, tmp_path, site_url=TRAINING_URL, stamp=STAMP)
    text = _page(tmp_path, "fr")
    main = text.split('<main id="main">\n')[1]
    assert main.startswith('<p class="notice"><strong>Cet événement a été annulé.</strong></p>\n<h1>')
    for gone in (
        "Ajouter à Google Agenda",
        'id="registration"',
        '<a href="https://zoom.example/j/',
        "Modalités de connexion",
    ):
        assert gone not in text
    (document,) = _metadata(text, f"{TRAINING_URL}fr/")["json-ld"]
    assert problems(document) == []
    assert document["eventStatus"] == "https://schema.org/EventCancelled"
    assert document["startDate"] == "2022-06-14T09:00:00+06:00"  # Google: keep the date it was to be
    assert b"STATUS:CANCELLED" in (tmp_path / "fr" / CALENDAR).read_bytes()  # for calendars that have it


def test_a_rescheduled_event_says_when_it_was_to_be(training: ie.Event, tmp_path: Path) -> None:
    schedule = training.schedule
    assert isinstance(schedule, ie.TimeSpan)
    earlier = ie.TimeSpan(starts_at=schedule.starts_at.replace(day=13), ends_at=schedule.ends_at)  # a day more
    moved = training.revise(status=ie.EventStatus.RESCHEDULED, schedule=earlier)
    write(moved, tmp_path, site_url=TRAINING_URL, previous=training, stamp=STAMP)
    text = _page(tmp_path, "en")
    notice = '<p class="notice"><strong>This event has been rescheduled.</strong> Previously: Tuesday, June 14, 2022,'
    assert notice in text
    (document,) = _metadata(text, f"{TRAINING_URL}en/")["json-ld"]
    assert problems(document) == []
    assert (document["startDate"], document["previousStartDate"]) == (
        "2022-06-13T09:00:00+06:00",
        "2022-06-14T09:00:00+06:00",
    )
    russian = _page(tmp_path, "ru")
    assert "<strong>Мероприятие перенесено.</strong> Ранее: вторник, 14 июня 2022" in russian


def test_a_postponed_event_says_its_new_date_will_be_announced(training: ie.Event) -> None:
    text = render(training.revise(status=ie.EventStatus.POSTPONED), language="ar")
    assert "<strong>أُرجئت هذه الفعالية، وسيُعلَن عن موعدها الجديد لاحقًا.</strong>" in text


def test_an_event_without_a_schedule_or_a_meeting_says_what_is_to_be_announced(seed: ie.Event, tmp_path: Path) -> None:
    unscheduled = attrs.evolve(
        seed,
        schedule=None,
        online_meeting=None,
        registration=None,
        disclaimer=(),
        audience=ie.Audience(roles=("strategic planners", "legislators"), countries=("KZ",)),
    )
    written = write(unscheduled, tmp_path)
    assert not list(tmp_path.rglob("*.ics"))
    assert len(written) == 3
    text = _page(tmp_path, "en")
    assert "<dt>When:</dt><dd>to be announced</dd>" in text
    assert "<dt>How to join:</dt><dd>to be announced</dd>" in text
    assert "<p>strategic planners and legislators</p>" in text  # whom it is for, without a description
    assert "<dt>Countries:</dt><dd>Kazakhstan</dd>" in text
    assert "Add to your calendar" not in text
    assert "<footer>" not in text
    in_person = attrs.evolve(
        unscheduled, format=ie.EventFormat.IN_PERSON, venue=ie.Venue(locality="Jeddah", country="SA"), agenda=()
    )
    assert "How to join" not in render(in_person, language="en")  # a venue alone says how to attend


def test_without_the_sites_address_links_are_relative_and_previews_have_no_url(seed: ie.Event, tmp_path: Path) -> None:
    write(seed, tmp_path, stamp=STAMP)
    text = _page(tmp_path, "en")
    assert '<link rel="alternate" hreflang="en" href="../en/index.html">' in text
    assert '<link rel="alternate" hreflang="x-default" href="../index.html">' in text
    assert "canonical" not in text
    assert "og:url" not in text
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" hreflang="x-default" href="index.html">' in index


def test_the_page_needs_nothing_from_elsewhere_and_prints_well(training_site: Path) -> None:
    style = (training_site / "page.css").read_text(encoding="utf-8")
    assert "@import" not in style
    assert "url(" not in style
    printed = style.split("@media print {")[1]
    assert ".skip, nav, .actions { display: none; }" in printed  # what a sheet of paper cannot use
    assert "break-inside: avoid" in printed
    assert "break-after: avoid" in printed
    for language in LANGUAGES:
        text = _page(training_site, language)
        assert '<link rel="stylesheet" href="../page.css">' in text
        assert re.findall(r"<script[^>]*>", text) == ['<script type="application/ld+json">']  # data, not code
        assert not re.search(r'<(?:img|link|iframe)[^>]+(?:src|href)="https?://(?!events\.iofs\.example)', text)


def test_render_gives_the_page_of_one_language(training: ie.Event, training_site: Path) -> None:
    page = render(training, language="fr", site_url=TRAINING_URL.rstrip("/"), image=IMAGE)  # a slash is added
    assert page == _page(training_site, "fr")
    with pytest.raises(ie.PageError, match=r"^'tr' is not one of the site's languages: ar, en, fr, ru$"):
        render(training, language="tr")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"languages": ["en", "français"]}, "languages: 'français' is not a valid BCP 47 language tag"),
        ({"languages": []}, "languages: a site has at least one language"),
        ({"site_url": "events.iofs.example/fsg/"}, "site_url: must be an absolute http or https URL"),
        ({"image": "ftp://iofs.example/banner.png"}, "image: must be an absolute http or https URL"),
    ],
)
def test_what_cannot_make_a_site_is_refused_before_anything_is_written(
    seed: ie.Event, tmp_path: Path, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(ie.ValidationError, match=f"^{re.escape(message)}"):
        write(seed, tmp_path / "site", **options)
    assert not (tmp_path / "site").exists()


def test_a_previous_revision_of_another_event_is_refused(seed: ie.Event, training: ie.Event, tmp_path: Path) -> None:
    with pytest.raises(ie.ValidationError, match=r"^previous: must be an earlier revision of the same event"):
        write(seed.revise(), tmp_path, previous=training)


def test_a_sites_own_templates_and_words_come_first(seed: ie.Event, tmp_path: Path) -> None:
    mine = tmp_path / "templates"
    mine.mkdir()
    (mine / "page.css").write_text("body { font-family: 'IOFS Sans', sans-serif; }\n", encoding="utf-8")
    words = tmp_path / "locales" / "en" / "LC_MESSAGES"
    words.mkdir(parents=True)
    (words / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "How to take part"\nmsgstr "Taking part"\n',
        encoding="utf-8",
    )
    write(seed, tmp_path / "site", templates=mine, catalogues=tmp_path / "locales", stamp=STAMP)
    assert (tmp_path / "site" / "page.css").read_text(encoding="utf-8").startswith("body { font-family: 'IOFS Sans'")
    assert '<h2 id="attend">Taking part</h2>' in _page(tmp_path / "site", "en")


def test_a_broken_template_is_an_error_that_names_it(seed: ie.Event, tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<h1>{{ title }</h1>\n", encoding="utf-8")
    with pytest.raises(ie.PageError, match=r"^template page\.html, line 1: unexpected '}'"):
        render(seed, language="en", templates=tmp_path)
    (tmp_path / "page.css").write_text("main { color: #000; }\n{% if %}\n", encoding="utf-8")
    with pytest.raises(ie.PageError, match=r"^template page\.css, line 2: "):
        write(seed, tmp_path / "site", templates=tmp_path)
    assert not (tmp_path / "site").exists()  # nothing is written before every file is made


@pytest.mark.parametrize(
    ("tag", "expected"), [("fr", "fr_FR"), ("ar-SA", "ar_SA"), ("fr-CA", "fr_CA"), ("tr", "tr_TR"), ("qaa", "qaa")]
)
def test_open_graph_locales_have_a_territory_where_one_is_likely(tag: str, expected: str) -> None:
    assert open_graph_locale(tag) == expected


def test_a_rescheduled_event_reads_its_previous_date_with_the_user_s_catalogues(
    training: ie.Event, tmp_path: Path
) -> None:
    """The previous revision, a date without a time yet, is told in the words of the user's catalogue too."""
    folder = tmp_path / "catalogues" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(
        'msgid "%(days)s (the time will be announced)"\nmsgstr "%(days)s (horaire à préciser)"\n', encoding="utf-8"
    )
    undated = training.revise(schedule=ie.DateSpan(first_day=date(2022, 6, 14), last_day=date(2022, 6, 16)))
    moved = undated.revise(status=ie.EventStatus.RESCHEDULED, schedule=training.schedule)
    page = render(moved, language="fr", languages=["en", "fr"], previous=undated, catalogues=tmp_path / "catalogues")
    assert "(horaire à préciser)" in page
