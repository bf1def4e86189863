"""A vendor API on 127.0.0.1 for the adapter tests: real HTTP, routes, state, faults, and schema checks.

A test (or a vendor module built on this one) adds routes, ``api.route("POST", r"/users/(\\w+)/meetings",
handler)``; a handler gets the :class:`Call` and returns ``(status, body)`` or ``(status, body,
headers)``. Every call is kept in ``api.calls``. ``api.check(body, "zoom/meetingCreate")`` validates
a request body against the operation's request schema extracted from the vendor's published
specification into ``tests/platforms/schemas/`` (Draft 4, as the specs README says); a body that
fails is answered with 400 and kept in ``api.schema_errors``, which each test asserts is empty.

Faults, each for the next matching calls: ``api.fail(method, path, status, body, headers, times)``
answers with an error instead of the handler; ``api.drop(method, path, after=True)`` runs the
handler (the meeting is made) and then closes the connection without a reply, or closes it
before (``after=False``); ``api.stall(method, path, seconds)`` waits before answering, for timeouts;
``api.echo(method, path, status)`` answers with an error that quotes the request it got, its
credentials and body first, as some proxies and vendors do (``html=True``: as an HTML page). A reply
that is not what the vendor documents (a proxy's HTML page with status 200, ``{}``) is a ``fail``
with that body: a ``bytes`` body is sent as it is, as ``text/html``.

``api.lag_listings(lookups)`` makes each meeting made from then on missing from the vendor's
listings until that many listings have missed it: the vendor modules call ``api.made(key)`` when
they make one and list only what ``api.listed(key)`` allows. :func:`closed_port` is a port of
127.0.0.1 where nothing listens.

``running(tls=context)`` serves HTTPS with that server context, for clients that accept nothing else.
"""

from __future__ import annotations

import json
import re
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from jsonschema import Draft4Validator

SCHEMAS = Path(__file__).parent / "schemas"


@dataclass
class Call:
    """One request the server received."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any
    raw: bytes
    groups: tuple[str, ...] = ()


Reply = tuple[int, Any] | tuple[int, Any, dict[str, str]]
Handler = Callable[[Call], Reply]


@dataclass
class _Fault:
    method: str
    path: re.Pattern[str]
    times: int
    kind: str  # "fail", "drop-before", "drop-after", "stall", "echo", "echo-html"
    reply: Reply | None = None
    seconds: float = 0.0


@dataclass
class FakeApi:
    """The server's routes, state and record; see the module docstring."""

    routes: list[tuple[str, re.Pattern[str], Handler]] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    schema_errors: list[str] = field(default_factory=list)
    faults: list[_Fault] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)
    port: int = 0
    scheme: str = "http"
    lock: threading.Lock = field(default_factory=threading.Lock)
    listing_lag: int = 0
    unlisted: dict[str, int] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def route(self, method: str, path: str, handler: Handler) -> None:
        self.routes.append((method, re.compile(path), handler))

    def fail(
        self,
        method: str,
        path: str,
        status: int,
        body: Any = None,
        headers: dict[str, str] | None = None,
        times: int = 1,
    ) -> None:
        self.faults.append(_Fault(method, re.compile(path), times, "fail", (status, body, headers or {})))

    def drop(self, method: str, path: str, *, after: bool = True, times: int = 1) -> None:
        self.faults.append(_Fault(method, re.compile(path), times, "drop-after" if after else "drop-before"))

    def stall(self, method: str, path: str, seconds: float, times: int = 1) -> None:
        self.faults.append(_Fault(method, re.compile(path), times, "stall", seconds=seconds))

    def echo(self, method: str, path: str, status: int = 400, *, html: bool = False, times: int = 1) -> None:
        self.faults.append(_Fault(method, re.compile(path), times, "echo-html" if html else "echo", (status, None)))

    def lag_listings(self, lookups: int) -> None:
        """List each meeting made from now on only once ``lookups`` listings have missed it."""
        self.listing_lag = lookups

    def made(self, key: str) -> None:
        """Note that the vendor made the meeting ``key``, which a lag keeps out of listings for a while."""
        with self.lock:
            if self.listing_lag:
                self.unlisted[key] = self.listing_lag

    def listed(self, key: str) -> bool:
        """Whether a listing shows the meeting ``key`` yet; each listing that misses it counts."""
        with self.lock:
            left = self.unlisted.get(key, 0)
            if left:
                self.unlisted[key] = left - 1
            return not left

    def check(self, body: Any, schema: str) -> bool:
        """Validate ``body`` against the request schema ``schema`` (``vendor/operation``); keep any error."""
        errors = sorted(_validator(schema).iter_errors(body), key=lambda error: list(error.path))
        for error in errors:
            where = "/".join(map(str, error.path)) or "(body)"
            self.schema_errors.append(f"{schema}: {where}: {error.message}")
        return not errors

    def count(self, method: str | None = None, path: str = "") -> int:
        """How many calls matched ``method`` (any if ``None``) and the regular expression ``path``."""
        return sum(1 for call in self.calls if method in (None, call.method) and re.search(path, call.path))

    def _fault(self, method: str, path: str) -> _Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.times > 0 and fault.method == method and fault.path.fullmatch(path):
                    fault.times -= 1
                    return fault
        return None


@cache
def _validator(schema: str) -> Draft4Validator:
    return Draft4Validator(json.loads((SCHEMAS / f"{schema}.json").read_text(encoding="utf-8")))


def _handler_class(api: FakeApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # quiet
            pass

        def _serve(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = raw.decode("utf-8", "replace")
            call = Call(self.command, parts.path, parse_qs(parts.query), dict(self.headers.items()), body, raw)
            with api.lock:
                api.calls.append(call)
            fault = api._fault(self.command, parts.path)
            if fault is not None and fault.kind == "drop-before":
                self.close_connection = True
                self.connection.shutdown(2)
                return
            if fault is not None and fault.kind == "stall":
                threading.Event().wait(fault.seconds)
            if fault is not None and fault.kind == "fail":
                self._reply(*fault.reply)  # type: ignore[misc]
                return
            if fault is not None and fault.kind.startswith("echo"):
                assert fault.reply is not None
                self._echo(fault.reply[0], call, html=fault.kind == "echo-html")
                return
            reply = self._dispatch(call)
            if fault is not None and fault.kind == "drop-after":
                self.close_connection = True
                self.connection.shutdown(2)
                return
            self._reply(*reply)

        def _dispatch(self, call: Call) -> Reply:
            for method, pattern, handler in api.routes:
                match = pattern.fullmatch(call.path)
                if method == call.method and match:
                    call.groups = match.groups()
                    return handler(call)
            return 404, {"message": f"no route for {call.method} {call.path}"}

        def _echo(self, status: int, call: Call, *, html: bool) -> None:
            """An error that quotes the request: its credentials and body first, then the rest of its headers."""
            credentials = " ".join(
                f"{name}: {value}" for name, value in call.headers.items() if name.lower() == "authorization"
            )
            query = urlsplit(self.path).query
            quoted = f"{call.method} {call.path}?{query} {credentials} {call.raw.decode()} {call.headers}"
            if html:
                self._reply(status, f"<html><body><h1>Bad request</h1><pre>{quoted}</pre></body></html>".encode())
            else:
                self._reply(status, {"message": f"Bad request: {quoted}", "error": "invalid_request"})

        def _reply(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            raw = isinstance(body, bytes)  # sent as it is, for replies that are not JSON
            data = body if raw else b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if data:
                self.send_header("Content-Type", "text/html" if raw else "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve  # noqa: N815

    return Handler


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """Quiet: a client that gave up on a stalled reply has closed its socket, which is the point."""


def closed_port() -> int:
    """A port of 127.0.0.1 that nothing listens on (a probe's, closed at once): connections are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@contextmanager
def running(*, tls: ssl.SSLContext | None = None) -> Iterator[FakeApi]:
    """A :class:`FakeApi` serving on a free port of 127.0.0.1 until the block ends; HTTPS with ``tls``."""
    api = FakeApi(scheme="https" if tls else "http")
    server = _Server(("127.0.0.1", 0), _handler_class(api))
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    api.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def fake_api() -> Iterator[FakeApi]:
    """A running :class:`FakeApi`, stopped after the test."""
    with running() as api:
        yield api
