"""The browser harness itself: axe finds the failures it should and none on accessible pages, pictures show the page."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image, ImageOps

from tests.browser import WCAG21AA, axe, devtools, evaluate, pages, screenshot
from tests.browser.devtools import Chromium, DevToolsError

FAILING = """<!doctype html>
<html><head><meta charset="utf-8"><title>Workshop on food security</title></head>
<body><main>
<h1>Workshop on food security</h1>
<img src="logo.png" width="40" height="40">
<h4 id="venue">Venue</h4>
<p id="faint" style="color: #bbb; background: #fff">Jeddah, 22 December 2021</p>
<p>To register, <a href="register.html">click here</a>.</p>
</main></body></html>
"""
# What the page above fails, and where: no lang, an image without a text alternative, grey on white at 1.9:1.
FAILURES = {"html-has-lang": [["html"]], "image-alt": [["img"]], "color-contrast": [["#faint"]]}

ACCESSIBLE = {
    "en": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Workshop on food security</title></head>
<body><main>
<h1>Workshop on food security</h1>
<img src="logo.png" width="40" height="40" alt="IOFS">
<h2>Venue</h2>
<p style="color: #595959; background: #fff">Jeddah, 22 December 2021</p>
<p><a href="register.html">Register for the workshop</a></p>
</main></body></html>
""",
    "ar": """<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>ورشة عمل حول الأمن الغذائي</title></head>
<body><main>
<h1>ورشة عمل حول الأمن الغذائي</h1>
<img src="logo.png" width="40" height="40" alt="المنظمة الإسلامية للأمن الغذائي">
<h2>المكان</h2>
<p style="color: #595959; background: #fff">جدة، ٢٢ ديسمبر ٢٠٢١</p>
<p><a href="register.html">التسجيل في الورشة</a></p>
</main></body></html>
""",
}


def _page(folder: Path, html: str, name: str = "page.html") -> Path:
    page = folder / name
    page.write_text(html, encoding="utf-8")
    return page


def _where(violations: list[dict[str, object]]) -> dict[str, list[object]]:
    return {v["id"]: [node["target"] for node in v["nodes"]] for v in violations}  # type: ignore[attr-defined]


def test_axe_finds_each_failure_of_wcag_21_aa_where_it_is(tmp_path: Path) -> None:
    assert _where(axe(_page(tmp_path, FAILING))) == FAILURES


def test_a_skipped_heading_level_is_a_best_practice_for_axe_not_a_wcag_failure(tmp_path: Path) -> None:
    found = _where(axe(_page(tmp_path, FAILING), tags=(*WCAG21AA, "best-practice")))
    assert found == {**FAILURES, "heading-order": [["#venue"]]}


def test_axe_does_not_judge_the_words_of_a_link(tmp_path: Path) -> None:
    """No rule of axe, even of level AAA, flags "click here": link purpose (WCAG 2.4.4) needs a test of its own."""
    found = axe(_page(tmp_path, FAILING), tags=(*WCAG21AA, "wcag2aaa", "best-practice"))
    assert not [node for v in found for node in v["nodes"] if node["target"] == ["a"]]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_accessible_pages_have_no_violations_left_to_right_or_right_to_left(tmp_path: Path, language: str) -> None:
    assert axe(_page(tmp_path, ACCESSIBLE[language])) == []


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """The folder ``tmp_path`` on a loopback HTTP server: its URL."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    with ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=tmp_path)) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_address[1]}"
        server.shutdown()
        thread.join(timeout=10)


def test_a_page_served_on_loopback_is_checked_as_its_file_is(tmp_path: Path, served: str) -> None:
    _page(tmp_path, FAILING, "failing.html")
    assert _where(axe(f"{served}/failing.html")) == FAILURES


BOX = """<!doctype html>
<html lang="ar" dir="{direction}"><head><meta charset="utf-8"><title>box</title></head>
<body style="margin: 0; background: #fff"><div style="width: 100px; height: 50px; background: #000"></div>
<div style="height: 1000px"></div><div style="height: 50px; background: #000"></div></body></html>
"""


@pytest.mark.parametrize(("direction", "ink"), [("ltr", (0, 0, 100, 50)), ("rtl", (220, 0, 320, 50))])
def test_a_screenshot_is_the_window_and_shows_the_ink_where_the_page_puts_it(
    tmp_path: Path, direction: str, ink: tuple[int, int, int, int]
) -> None:
    picture = tmp_path / "box.png"
    screenshot(_page(tmp_path, BOX.format(direction=direction)), picture, width=320, height=240)
    image = Image.open(picture)
    assert image.size == (320, 240)
    assert ImageOps.invert(image.convert("L")).getbbox() == ink  # the dark box only: the bar below the window is not


def test_a_page_that_does_not_load_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DevToolsError, match="did not load: net::ERR_FILE_NOT_FOUND"):
        screenshot(tmp_path / "absent.html", tmp_path / "absent.png", width=320, height=240)


def test_a_page_that_does_not_answer_in_time_stops_its_browser(tmp_path: Path) -> None:
    browser = Chromium()  # not the run's: this one is stopped on purpose
    try:
        with browser.page(_page(tmp_path, BOX.format(direction="ltr")).as_uri(), width=320, height=240) as page:
            with pytest.raises(DevToolsError, match="the page threw: Error: broken"):
                page.evaluate("Promise.reject(new Error('broken'))")
            with pytest.raises(DevToolsError, match=r"did not answer Runtime\.evaluate in time"):
                page.evaluate("new Promise(() => {})", timeout=1)
        assert not browser.running
    finally:
        browser.close()


def test_without_chromium_or_axe_core_the_test_names_the_install_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(devtools, "CHROMIUM", tmp_path / "chromium")
    with pytest.raises(pytest.skip.Exception, match=r"apt-get install -y chromium"):
        Chromium()
    monkeypatch.setattr(pages, "AXE", tmp_path / "axe.min.js")
    with pytest.raises(pytest.skip.Exception, match=r"cd tests/browser && npm ci"):
        axe(_page(tmp_path, FAILING))


def test_a_page_is_laid_out_as_it_prints_when_asked(tmp_path: Path) -> None:
    page = _page(tmp_path, "<!doctype html><style>@media print { nav { display: none } }</style><nav>Menu</nav>")
    shown = "getComputedStyle(document.querySelector('nav')).display"
    assert (evaluate(page, shown), evaluate(page, shown, media="print")) == ("block", "none")
