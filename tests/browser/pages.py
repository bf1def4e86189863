"""What people see of a page, and what axe-core finds wrong in it, as Debian's headless Chromium renders it.

One Chromium serves the whole run: started on first use (again if it was stopped), closed when Python exits;
each page opens in a browser context of its own, so nothing carries over from one page to the next.
"""

from __future__ import annotations

import atexit
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.browser.devtools import Chromium
from tests.real_parts import missing

__all__ = ["AXE", "MEETING_ID_GROUPS", "WCAG21AA", "axe", "evaluate", "screenshot"]

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
NPM_STEP = "(cd tests/browser && npm ci --no-audit --no-fund)"
WCAG21AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")  # axe's tags for the rules of WCAG 2.0 and 2.1, levels A and AA
VIEWPORT = {"width": 1280, "height": 800}  # where axe looks at a page: a laptop's window

# Where the numbers of the meeting id 812 3456 7890 land, left to right, once laid out: every group of the id, in order.
MEETING_ID_GROUPS = """
(() => {
  const id = "812 3456 7890";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, at = node.data.indexOf(id);
    if (at < 0) continue;
    return id.split(" ").map((group) => {
      const range = document.createRange(), start = at + id.indexOf(group);
      range.setStart(node, start);
      range.setEnd(node, start + group.length);
      return [group, range.getBoundingClientRect().left];
    });
  }
  return null;
})()
"""

_browser: Chromium | None = None


def _chromium() -> Chromium:
    global _browser  # one browser for the run, replaced only if it stopped
    if _browser is None or not _browser.running:
        _browser = Chromium()
        atexit.register(_browser.close)
    return _browser


def screenshot(html_file: Path, png_file: Path, *, width: int, height: int) -> None:
    """Save as ``png_file`` what a window of ``width`` by ``height`` pixels shows of the local page ``html_file``."""
    with _chromium().page(html_file.resolve().as_uri(), width=width, height=height) as page:
        png_file.write_bytes(page.screenshot())


def evaluate(html_file: Path, expression: str, *, width: int = 720, height: int = 1400, media: str = "screen") -> Any:
    """The value of the JavaScript ``expression`` in the local page ``html_file`` as laid out in such a window.

    ``media="print"`` lays the page out as it prints, by its style sheets' ``@media print`` rules.
    """
    with _chromium().page(html_file.resolve().as_uri(), width=width, height=height) as page:
        page.emulate_media(media)
        return page.evaluate(expression)


def axe(html_file_or_url: Path | str, *, tags: Sequence[str] = WCAG21AA) -> list[dict[str, Any]]:
    """The violations of axe-core's rules with any of ``tags`` in a local page, or at a (loopback) URL given as text.

    Each is axe's own result: its rule ``id``, ``impact``, ``help``, and the ``nodes`` (``target``, ``html``) at fault.
    """
    if not AXE.is_file():
        missing("the npm package axe-core is not installed for tests/browser", NPM_STEP)
    url = html_file_or_url if isinstance(html_file_or_url, str) else html_file_or_url.resolve().as_uri()
    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    # The browser puts axe into the page before the page's own scripts: no server, no change to the page needed.
    with _chromium().page(url, **VIEWPORT, scripts=[AXE.read_text(encoding="utf-8")]) as page:
        run = f"axe.run(document, {json.dumps(options)}).then(results => results.violations)"
        violations: list[dict[str, Any]] = page.evaluate(run)
    return violations
