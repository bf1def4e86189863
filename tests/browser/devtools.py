"""Debian's headless Chromium, driven from Python over its DevTools protocol through a pipe.

Why this way rather than selenium with ``chromium-driver``, or ``puppeteer-core`` or ``playwright-core`` under
node: started with ``--remote-debugging-pipe`` (as Puppeteer and Playwright start it), Chromium reads protocol
commands on its file descriptor 3 and writes replies on 4, so the standard library is the whole client. Nothing to
install but the browser; no second process (chromedriver, node) and no version of it to keep in step with the
browser; no port; no tool that may fetch a browser or a driver of its own (Selenium Manager does when it finds
none); and when the tests' process dies, Chromium reads the end of its pipe and quits. Only the protocol's stable
domains are used (Target, Page, Emulation, Runtime). Every exchange has a deadline: past it, Chromium is killed.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import select
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from tests.real_parts import missing

__all__ = ["CHROMIUM", "FLAGS", "Chromium", "DevToolsError", "Page"]

CHROMIUM = Path("/usr/bin/chromium")  # Debian's, never one that a tool downloaded
INSTALL = "apt-get update && apt-get install -y chromium"
FLAGS = (  # no network, no first-run work: this machine's closed network refuses Chromium's own connections
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    # Pages are local: a name to look up would be an outside resource, which fails at once, on every machine alike.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
)
TIMEOUT = 60.0  # seconds for each exchange: generous on a loaded machine, yet bounded
# Python's subprocess connects only descriptors 0 to 2: the shell moves the two pipes to where Chromium expects them.
_PIPES = 'exec "$@" 3<&0 4>&1 </dev/null >/dev/null'


class DevToolsError(RuntimeError):
    """Chromium refused a command, a page failed to load or threw, or Chromium stopped answering."""


class Chromium:
    """One headless Chromium process with a fresh profile; each page opens in a browser context of its own."""

    def __init__(self) -> None:
        if not CHROMIUM.is_file():
            missing(f"Debian's chromium is not installed ({CHROMIUM})", INSTALL)
        # Its renderers may still write into the profile for a moment after a kill: what is left, the system clears.
        self._folder = tempfile.TemporaryDirectory(prefix="iofs-chromium-", ignore_cleanup_errors=True)
        folder = Path(self._folder.name)
        self._log = folder / "chromium.log"
        with self._log.open("wb") as log:  # Chromium keeps its own descriptor of the file
            self._process = subprocess.Popen(
                [
                    "/bin/sh",
                    "-c",
                    _PIPES,
                    "sh",
                    str(CHROMIUM),
                    *FLAGS,
                    "--remote-debugging-pipe",
                    f"--user-data-dir={folder / 'profile'}",
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
            )
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        self._commands, self._replies = self._process.stdin, self._process.stdout
        os.set_blocking(self._commands.fileno(), False)
        self._ids = itertools.count(1)
        self._unread = b""
        self._events: list[dict[str, Any]] = []

    @property
    def running(self) -> bool:
        return self._process.poll() is None

    def close(self) -> None:
        """Ask Chromium to quit, kill it if it does not in time, and remove its profile."""
        if self.running:
            with suppress(DevToolsError, OSError):  # it may close the pipe before it answers
                self.call("Browser.close", timeout=10)
        self._stop(grace=10)
        self._folder.cleanup()

    def call(
        self, method: str, params: dict[str, Any] | None = None, *, session: str | None = None, timeout: float = TIMEOUT
    ) -> dict[str, Any]:
        """Send one command (to a page's ``session``, or to the browser) and return its result."""
        if not self.running:
            raise DevToolsError(f"Chromium is not running: {method} cannot be sent")
        deadline = time.monotonic() + timeout
        message: dict[str, Any] = {"id": next(self._ids), "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        self._send(json.dumps(message).encode() + b"\0", method, deadline)
        while True:
            reply = self._receive(method, deadline)
            if reply.get("id") == message["id"]:
                if "error" in reply:
                    raise DevToolsError(f"{method}: {reply['error'].get('message')} {reply['error'].get('data', '')}")
                result: dict[str, Any] = reply["result"]
                return result
            self._events.append(reply)  # an event: the only other kind of message, as commands go one at a time

    def event(self, method: str, *, session: str, where: dict[str, Any], timeout: float = TIMEOUT) -> None:
        """Wait for the event ``method`` of a page's session whose params include ``where`` (come already or not)."""
        deadline = time.monotonic() + timeout
        while True:
            for index, event in enumerate(self._events):
                params = event["params"]
                if (event["method"], event.get("sessionId")) == (method, session) and where.items() <= params.items():
                    del self._events[index]
                    return
            self._events.append(self._receive(method, deadline))

    @contextmanager
    def page(self, url: str, *, width: int, height: int, scripts: Sequence[str] = ()) -> Iterator[Page]:
        """A tab of ``width`` by ``height`` CSS pixels showing ``url``, fonts loaded; ``scripts`` run before its own."""
        context = self.call("Target.createBrowserContext")["browserContextId"]
        session = None
        try:
            target = self.call("Target.createTarget", {"url": "about:blank", "browserContextId": context})["targetId"]
            session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
            self.call("Emulation.setDeviceMetricsOverride", metrics, session=session)
            for script in scripts:
                self.call("Page.addScriptToEvaluateOnNewDocument", {"source": script}, session=session)
            self.call("Page.enable", session=session)
            self.call("Page.setLifecycleEventsEnabled", {"enabled": True}, session=session)
            navigated = self.call("Page.navigate", {"url": url}, session=session)
            if "errorText" in navigated:
                raise DevToolsError(f"{url} did not load: {navigated['errorText']}")
            # The load of this very navigation, not that of the blank page the tab opened with.
            self.event(
                "Page.lifecycleEvent", session=session, where={"name": "load", "loaderId": navigated["loaderId"]}
            )
            page = Page(self, session)
            page.evaluate("document.fonts.ready.then(() => true)")
            yield page
        finally:
            if self.running:  # else it was killed for not answering, and its contexts went with it
                self.call("Target.disposeBrowserContext", {"browserContextId": context})
            self._events = [event for event in self._events if event.get("sessionId") not in (session, None)]

    def _send(self, data: bytes, method: str, deadline: float) -> None:
        while data:
            self._wait(self._commands, select.select([], [self._commands], [], self._left(deadline))[1], method)
            data = data[os.write(self._commands.fileno(), data) :]

    def _receive(self, method: str, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._unread:
            self._wait(self._replies, select.select([self._replies], [], [], self._left(deadline))[0], method)
            chunk = os.read(self._replies.fileno(), 1 << 16)
            if not chunk:
                self._stop()
                raise DevToolsError(f"Chromium quit during {method}; its log:\n{self._log.read_text(errors='replace')}")
            self._unread += chunk
        message, _, self._unread = self._unread.partition(b"\0")
        received: dict[str, Any] = json.loads(message)
        return received

    def _wait(self, pipe: object, ready: list[object], method: str) -> None:
        if pipe not in ready:
            self._stop()
            raise DevToolsError(f"Chromium did not answer {method} in time, and was stopped")

    @staticmethod
    def _left(deadline: float) -> float:
        return max(0.0, deadline - time.monotonic())

    def _stop(self, grace: float = 0.0) -> None:
        try:
            self._process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=TIMEOUT)
        self._commands.close()
        self._replies.close()


class Page:
    """A loaded page, in one session of the browser's connection."""

    def __init__(self, browser: Chromium, session: str) -> None:
        self._browser, self._session = browser, session

    def evaluate(self, expression: str, *, timeout: float = TIMEOUT) -> Any:
        """The JSON value of a JavaScript expression in the page, a promise's once it settles."""
        params = {"expression": expression, "awaitPromise": True, "returnByValue": True}
        reply = self._browser.call("Runtime.evaluate", params, session=self._session, timeout=timeout)
        if "exceptionDetails" in reply:
            details = reply["exceptionDetails"]
            raise DevToolsError(f"the page threw: {details.get('exception', {}).get('description', details['text'])}")
        return reply["result"].get("value")

    def emulate_media(self, media: str) -> None:
        """Lay the page out for ``media`` (``print``, ``screen``), as its style sheets' ``@media`` rules say."""
        self._browser.call("Emulation.setEmulatedMedia", {"media": media}, session=self._session)

    def screenshot(self) -> bytes:
        """The visible part of the page as a PNG, one pixel per CSS pixel."""
        reply = self._browser.call("Page.captureScreenshot", {"format": "png"}, session=self._session)
        return base64.b64decode(reply["data"])
