"""The announcement pages as Debian's headless Chromium shows them: Arabic right to left, and no WCAG 2.1 AA violation.

Set ``IOFS_UPDATE_SCREENSHOTS=1`` to copy the pictures of the four pages into ``docs/images/``
for the documentation. Rendered by the browser harness (``tests.browser``): needs Debian's
``chromium`` and axe-core, skipped locally without them, failed in CI.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import iofs_events as ie
from iofs_events.page import write
from tests.browser import MEETING_ID_GROUPS, axe, evaluate, screenshot
from tests.page.conftest import STAMP, TRAINING_URL
from tests.paths import ROOT

LANGUAGES = ("ar", "en", "fr", "ru")
WIDTH, HEIGHT = 900, 1500
# Where the first row of facts ("Type: Training") is drawn: its box, as the page is laid out at that width.
_FIRST_FACT = "(b => [b.top, b.bottom])(document.querySelector('.facts > div').getBoundingClientRect())"


@pytest.fixture(scope="module")
def pictures(training_site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("page-screenshots")
    result = {}
    for language in LANGUAGES:
        result[language] = folder / f"page-{language}.png"
        screenshot(training_site / language / "index.html", result[language], width=WIDTH, height=HEIGHT)
    if os.environ.get("IOFS_UPDATE_SCREENSHOTS"):
        (ROOT / "docs" / "images").mkdir(exist_ok=True)
        for picture in result.values():
            shutil.copy(picture, ROOT / "docs" / "images" / picture.name)
    return result


def _ink(picture: Path, top: float, bottom: float) -> tuple[int, int]:
    """The leftmost and rightmost dark pixel between two heights of a picture."""
    from PIL import Image

    image = Image.open(picture).convert("L")
    pixels = image.load()
    assert pixels is not None
    dark = [x for y in range(int(top), int(bottom)) for x in range(image.width) if pixels[x, y] < 128]  # type: ignore[operator]
    return min(dark), max(dark)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_page_reads_in_its_direction(pictures: dict[str, Path], training_site: Path, language: str) -> None:
    top, bottom = evaluate(training_site / language / "index.html", _FIRST_FACT, width=WIDTH, height=HEIGHT)
    left, right = _ink(pictures[language], top, bottom)
    if language == "ar":  # the label at the right margin, its value to its left
        assert right > WIDTH * 0.85
        assert left > WIDTH * 0.4
    else:
        assert left < WIDTH * 0.15
        assert right < WIDTH * 0.6


def test_the_meeting_id_keeps_its_order_on_the_arabic_page(training_site: Path) -> None:
    groups = evaluate(training_site / "ar" / "index.html", MEETING_ID_GROUPS)
    assert [group for group, _ in sorted(groups, key=lambda item: item[1])] == ["812", "3456", "7890"]


def _violations(page: Path) -> list[tuple[str, list[object]]]:
    return [(found["id"], [node["target"] for node in found["nodes"]]) for found in axe(page)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_finds_no_violation_in_the_page_of_each_language(training_site: Path, language: str) -> None:
    assert _violations(training_site / language / "index.html") == []


def test_axe_finds_no_violation_in_the_index_and_the_seeds_page(training_site: Path, seed_site: Path) -> None:
    for page in (training_site / "index.html", seed_site / "index.html", seed_site / "en" / "index.html"):
        assert _violations(page) == [], page


def test_axe_finds_no_violation_in_a_cancelled_events_arabic_page(training: ie.Event, tmp_path: Path) -> None:
    write(training.cancel(), tmp_path, site_url=TRAINING_URL, stamp=STAMP)
    assert _violations(tmp_path / "ar" / "index.html") == []


def test_the_skip_link_comes_first_and_leads_to_the_content(training_site: Path) -> None:
    order = evaluate(
        training_site / "fr" / "index.html",
        "[...document.querySelectorAll('a[href], [tabindex]')].slice(0, 2).map(a => a.getAttribute('href'))",
    )
    assert order == ["#main", "../ar/index.html"]  # then the languages, in the order the page reads
    assert evaluate(training_site / "fr" / "index.html", "document.getElementById('main').tagName") == "MAIN"


# As a page prints on A4 (794 CSS pixels wide at 96 per inch): what a sheet cannot use is gone, the ink is black.
_PRINTED = """({
  hidden: ['.skip', 'nav', '.actions'].map((s) => getComputedStyle(document.querySelector(s)).display),
  heading: getComputedStyle(document.querySelector('h1')).color,
  link: getComputedStyle(document.querySelector('a[href^="https://events"]')).color,
  wider: document.documentElement.scrollWidth > document.documentElement.clientWidth,
})"""


@pytest.mark.parametrize("language", ["ar", "en"])
def test_each_page_prints_without_its_screen_only_parts(training_site: Path, language: str) -> None:
    page = training_site / language / "index.html"
    on_screen = evaluate(page, _PRINTED, width=794, height=1123)
    printed = evaluate(page, _PRINTED, width=794, height=1123, media="print")
    assert on_screen["hidden"] == ["block", "block", "flex"]
    assert printed["hidden"] == ["none", "none", "none"]
    assert (printed["heading"], printed["link"]) == ("rgb(0, 0, 0)", "rgb(0, 0, 0)")
    assert not printed["wider"]  # nothing runs off the sheet
