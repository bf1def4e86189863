"""Browser harness: pages as people see them in Debian's headless Chromium, and checked there by axe-core.

* ``screenshot(html_file, png_file, width=, height=)``: a picture of a local page at a window's size.
* ``evaluate(html_file, expression, media=)``: the value of a JavaScript expression in a local page as laid out,
  on a screen or, with ``media="print"``, as it prints.
* ``axe(html_file_or_url, tags=WCAG21AA)``: the violations axe-core finds in the page as rendered, by default those
  of WCAG 2.1 levels A and AA; axe-core is pinned in ``package.json`` and installed by ``npm ci``.
* ``MEETING_ID_GROUPS``: an expression for ``evaluate``, where the groups of the meeting id ``812 3456 7890`` land.

``devtools.py`` drives Chromium and says why it is done this way. Without Chromium or axe-core a test is skipped
locally and fails in CI, naming the install step (``tests.real_parts``).
"""

from tests.browser.pages import MEETING_ID_GROUPS, WCAG21AA, axe, evaluate, screenshot

__all__ = ["MEETING_ID_GROUPS", "WCAG21AA", "axe", "evaluate", "screenshot"]
