"""The HTML of the seed invitation in each language, rendered by headless Chromium: Arabic reads right to left.

Set ``IOFS_UPDATE_SCREENSHOTS=1`` to copy the pictures into ``docs/images/`` for the documentation.
Rendered by the browser harness (``tests.browser``): needs Debian's ``chromium``, skipped locally without it, failed
in CI.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from iofs_events import json as event_json
from iofs_events.mail import Composer, Recipient
from tests.browser import MEETING_ID_GROUPS, evaluate, screenshot
from tests.paths import ROOT

PARTICIPANTS = {
    "en": "Aisha Rahman",
    "ar": "عمر الحربي",
    "fr": "Aminata Diallo",
    "ru": "Айдана Нурланова",
}
WIDTH = 720


def _render(html: str, folder: Path, name: str) -> Path:
    page, picture = folder / f"{name}.html", folder / f"{name}.png"
    page.write_text(html, encoding="utf-8")
    screenshot(page, picture, width=WIDTH, height=1400)
    return picture


def _greeting_ink(picture: Path) -> tuple[int, int]:
    """The leftmost and rightmost dark pixel of the first line of text (the greeting)."""
    from PIL import Image

    image = Image.open(picture).convert("L")
    width, height = image.size
    pixels = image.load()
    assert pixels is not None
    rows = [[x for x in range(width) if pixels[x, y] < 128] for y in range(height)]  # type: ignore[operator]
    first = next(y for y, dark in enumerate(rows) if dark)
    band = [x for dark in rows[first : first + 20] for x in dark]  # the whole line, accents and descenders too
    return min(band), max(band)


@pytest.fixture(scope="module")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("screenshots")
    event = event_json.read(ROOT / "examples" / "events" / "food-security-governance-2021.json")
    composer = Composer(
        event, sender="IOFS Secretariat <events@iofs.example>", stamp=datetime(2021, 11, 17, tzinfo=UTC)
    )
    result = {}
    for language, name in PARTICIPANTS.items():
        message = composer.compose(Recipient(email="guest@example.org", name=name, language=language)).as_email()
        html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
        result[language] = _render(html, folder, f"invitation-{language}")
    if os.environ.get("IOFS_UPDATE_SCREENSHOTS"):
        (ROOT / "docs" / "images").mkdir(exist_ok=True)
        for picture in result.values():
            shutil.copy(picture, ROOT / "docs" / "images" / picture.name)
    return result


def test_left_to_right_languages_start_at_the_left(pictures: dict[str, Path]) -> None:
    for language in ("en", "fr", "ru"):
        left, right = _greeting_ink(pictures[language])
        assert left < WIDTH * 0.15, language
        assert right < WIDTH * 0.6, language


def test_arabic_starts_at_the_right(pictures: dict[str, Path]) -> None:
    left, right = _greeting_ink(pictures["ar"])
    assert right > WIDTH * 0.85
    assert left > WIDTH * 0.4


def test_the_calendar_entry_body_renders(tmp_path: Path) -> None:
    """The entry's HTML description (``X-ALT-DESC``, what Outlook shows as its body), rendered like the emails."""
    from iofs_events.ical import to_ical
    from iofs_events.ical._describe import describe, to_html

    event = event_json.read(ROOT / "examples" / "events" / "food-security-governance-2021.json")
    html = to_html(describe(event))
    written = to_ical(event, stamp=datetime(2021, 11, 17, tzinfo=UTC)).replace(b"\r\n ", b"").decode()
    escaped = html.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    assert f"X-ALT-DESC;FMTTYPE=text/html:{escaped}" in written  # the very text of the entry, TEXT-escaped
    picture = _render(html, tmp_path, "calendar-entry")
    left, right = _greeting_ink(picture)
    assert left < WIDTH * 0.15 < right  # text from the left margin on
    if os.environ.get("IOFS_UPDATE_SCREENSHOTS"):
        shutil.copy(picture, ROOT / "docs" / "images" / picture.name)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_meeting_id_keeps_its_order_in_either_direction(tmp_path: Path, language: str) -> None:
    training = event_json.read(ROOT / "examples" / "events" / "regional-training-2022-almaty.toml")
    recipient = Recipient(email="omar@agri.example.sa", name="عمر الحربي", language=language, registered=True)
    page = tmp_path / f"invitation-{language}.html"
    page.write_text(Composer(training, sender="events@iofs.example").render(recipient).html, encoding="utf-8")
    groups = evaluate(page, MEETING_ID_GROUPS)
    assert [group for group, _ in sorted(groups, key=lambda item: item[1])] == ["812", "3456", "7890"]
