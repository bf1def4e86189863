"""HTTP for the adapters: one httpx client, timeouts, bounded retries with backoff, tokens, and what errors quote.

Retries: a rate limit (a 429, or what the platform's ``limited`` says is one) waits for
``Retry-After`` (or backs off) unless the platform says the limit is for the day, and never
longer than ``max_wait``: a longer wait is an error that says when to try again. A 5xx, a timeout
or a lost connection backs off and tries again, at most ``retries`` times. A request that is not
idempotent (a create without an idempotency key) is retried only when it surely did not reach the
platform (a refused connection, a rate limit), so that a lost reply never makes a second meeting:
the adapter looks for the meeting instead (:meth:`Api.reconcile`), and a bulk registration looks
its registrants up and sends again only those missing (:meth:`Api.register_batches`), at a bounded
rate (:class:`Pace`). A token is requested through
the same retries, and again once after a 401. Only a 2xx reply is a success, and one whose body
is not what was asked for is an error that says what came. Everything sent as a credential is
remembered (:class:`Secrets`) and hidden in whatever an error quotes.
"""

from __future__ import annotations

import base64
import binascii
import email.utils
import json as jsonlib
import logging
import re
import time
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol, TypedDict, TypeVar
from urllib.parse import parse_qsl, quote, quote_plus

import httpx

from ..exceptions import PlatformError
from ._base import Refused

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Sequence

    from ._base import Registered, Registrant

logger = logging.getLogger("iofs_events.platforms")

T = TypeVar("T")

_QUOTED = 200  # the characters of a reply that an error quotes
_SHORTEST_SECRET = 4  # shorter values are not hidden: they would hide pieces of ordinary words and numbers
_SECRET_NAME = re.compile(r"secret|token|passw|passcode|assertion|api.?key|credential|signature", re.IGNORECASE)
_CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization"})
_EXTENSION = "iofs_events.secrets"  # where a request keeps the secrets of the Api that sent it
_UNSENDABLE = (httpx.InvalidURL, httpx.UnsupportedProtocol)  # a URL that no retry will mend
_JSON_KINDS = {
    list: "a JSON array",
    str: "a JSON string",
    bool: "a JSON boolean",
    int: "a JSON number",
    float: "a JSON number",
    type(None): "JSON null",
}


class _Secret(Protocol):
    def get_secret_value(self) -> str: ...


class Secrets:
    """Values never to be shown, and :meth:`scrub`, which hides them in a text.

    Each value is hidden as it is and in the forms a reply may quote it in: URL-encoded (as in a
    form or a query) and JSON-escaped. Values shorter than four characters are not kept.
    """

    def __init__(self, values: Iterable[str | _Secret | None] = ()) -> None:
        self._forms: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        self.add(*values)

    def __repr__(self) -> str:
        return f"<Secrets: {len(self._forms)} forms hidden>"

    def add(self, *values: str | _Secret | None) -> None:
        """Remember ``values``: strings, or secrets such as pydantic's ``SecretStr``; ``None`` is skipped."""
        for value in values:
            text = value if value is None or isinstance(value, str) else value.get_secret_value()
            if text is None or len(text) < _SHORTEST_SECRET:
                continue
            forms = {text, quote(text, safe=""), quote_plus(text), jsonlib.dumps(text)[1:-1]}
            if not forms <= self._forms:
                self._forms |= forms
                self._pattern = None

    def scrub(self, text: str) -> str:
        """``text`` with each secret replaced by ``***``."""
        if not self._forms:
            return text
        if self._pattern is None:  # the longest first, so that no part of a secret survives a shorter one
            self._pattern = re.compile("|".join(map(re.escape, sorted(self._forms, key=len, reverse=True))))
        return self._pattern.sub("***", text)

    def remember(self, request: httpx.Request) -> None:
        """Keep what ``request`` sends as credentials, and mark it with these secrets (an httpx request hook).

        Credentials are the ``Authorization`` header (and the password of Basic credentials), and
        the headers, query parameters, form fields and JSON keys named like secrets (``client_secret``,
        ``refresh_token``, ``password``...).
        """
        request.extensions[_EXTENSION] = self
        for name, value in request.headers.items():
            if name in _CREDENTIAL_HEADERS or _SECRET_NAME.search(name):
                self._credentials(value)
        self._fields(request.url.params.multi_items())
        kind = request.headers.get("Content-Type", "")
        if "form-urlencoded" not in kind and "json" not in kind:
            return
        try:
            content = request.content.decode(errors="replace")
        except httpx.RequestNotRead:  # a streamed body, left unread so that it is still sent
            return
        if "form-urlencoded" in kind:
            self._fields(parse_qsl(content))
            return
        try:
            self._named(jsonlib.loads(content), "")
        except ValueError:  # not JSON after all: nothing named in it
            return

    def _credentials(self, value: str) -> None:
        scheme, _, credentials = value.partition(" ")
        self.add(value, credentials)
        if scheme.lower() == "basic":
            try:
                user_and_password = base64.b64decode(credentials, validate=True).decode()
            except (binascii.Error, UnicodeDecodeError):  # not Basic credentials after all: hidden as they are
                return
            self.add(user_and_password, user_and_password.partition(":")[2])

    def _fields(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.add(*(value for name, value in pairs if _SECRET_NAME.search(name)))

    def _named(self, value: Any, name: str) -> None:
        """The strings of a JSON document held by keys named like secrets (a meeting's ``password``)."""
        if isinstance(value, dict):
            for key, item in value.items():
                self._named(item, str(key))
        elif isinstance(value, list):
            for item in value:
                self._named(item, name)
        elif isinstance(value, str) and _SECRET_NAME.search(name):
            self.add(value)


class Token:
    """An access token fetched when first needed and kept for its lifetime (less a minute's margin).

    ``fetch`` asks the platform for one with the client it is given and returns it with its
    lifetime in seconds; :func:`read_token` reads an OAuth token endpoint's reply. :class:`Api`
    fetches it through its retries: a ``5xx``, a ``429``, a timeout or a refused connection is
    tried again; a :class:`PlatformError` with another status is not.
    """

    def __init__(
        self, fetch: Callable[[httpx.Client], tuple[str, float]], *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._fetch = fetch
        self._clock = clock
        self._value: str | None = None
        self._expires = 0.0

    def get(self, client: httpx.Client) -> str:
        """The token, fetched again once it is about to expire."""
        if self._value is None or self._clock() >= self._expires:
            value, lifetime = self._fetch(client)
            self._value, self._expires = value, self._clock() + max(lifetime - 60, 0)
        return self._value

    def forget(self) -> None:
        """Drop the token, after the platform refused it (401), so that the next call fetches one."""
        self._value = None


class Pace:
    """At most ``rate`` calls a second: :meth:`wait`, before each call, sleeps out what is left of the interval.

    For the calls a platform rate-limits most, such as bulk registrations; ``sleep`` waits
    (an adapter gives its :attr:`Api.sleep`), ``clock`` tells the time in seconds.
    """

    def __init__(
        self, rate: float, *, sleep: Callable[[float], None], clock: Callable[[], float] = time.monotonic
    ) -> None:
        if not rate > 0:
            raise ValueError(f"a rate of calls a second must be more than 0, not {rate!r}")
        self._interval = 1.0 / rate
        self._sleep = sleep
        self._clock = clock
        self._last: float | None = None

    def wait(self) -> None:
        """Sleep until the interval since the last call is over; the first call does not wait."""
        if self._last is not None:
            delay = self._last + self._interval - self._clock()
            if delay > 0:
                self._sleep(delay)
        self._last = self._clock()


class HttpOptions(TypedDict, total=False):
    """The options of every adapter that speaks HTTP, passed on to its :class:`Api` as they are.

    ``client`` or ``transport`` replace the network (as in the tests); ``sleep`` waits between
    retries; ``retries`` bounds them; ``max_wait`` is the longest ``Retry-After`` waited for, in
    seconds; ``lookup_time`` is how long, in seconds of waiting, a meeting whose create lost its
    reply is looked for; ``now`` tells the current time (UTC).
    """

    client: httpx.Client | None
    transport: httpx.BaseTransport | None
    sleep: Callable[[float], None] | None
    retries: int
    max_wait: float
    lookup_time: float
    now: Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(UTC)


def _too_many(response: httpx.Response) -> bool:
    return response.status_code == 429


class Api:
    """Requests to one platform's API over one reused httpx client.

    Give ``client`` (an ``httpx.Client``) or ``transport`` to talk to something else than the
    network, as the tests do; ``sleep`` waits between retries (``time.sleep`` by default).
    ``headers`` go with every request (a fixed access token). ``limited`` tells a rate limit (a
    429 by default; Calendar's is also a 403); ``final`` tells one that must not be retried
    (Zoom's daily cap); ``explain`` adds to the error of a refused reply what it means and what to
    change, or returns ``None``. ``secrets`` are hidden in every error, besides what is sent as a
    credential, which the client's requests remember (see :class:`Secrets`).
    """

    def __init__(
        self,
        name: str,
        base_url: str,
        *,
        token: Token | None = None,
        client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.5,
        sleep: Callable[[float], None] | None = None,
        headers: dict[str, str] | None = None,
        limited: Callable[[httpx.Response], bool] = _too_many,
        final: Callable[[httpx.Response], bool] = lambda response: False,
        explain: Callable[[httpx.Response], str | None] = lambda response: None,
        secrets: Iterable[str | _Secret | None] = (),
        max_wait: float = 300.0,
        lookup_time: float = 60.0,
        now: Callable[[], datetime] = _now,
    ) -> None:
        self.name = name
        self.client = client or httpx.Client(transport=transport, timeout=timeout)
        self._owns_client = client is None
        self._base = base_url.rstrip("/")
        self._token = token
        self._headers = dict(headers or {})
        self.retries = retries
        self._backoff = backoff
        self.sleep = sleep or time.sleep  # the adapters wait with it too, between their own bounded attempts
        self._limited = limited
        self._final = final
        self._explain = explain
        self.secrets = Secrets(secrets)
        self.max_wait = max_wait
        self.lookup_time = lookup_time
        self.now = now
        self._remember = self.secrets.remember
        hooks = self.client.event_hooks
        self.client.event_hooks = {**hooks, "request": [*hooks["request"], self._remember]}

    def close(self) -> None:
        """Close the client if this object made it; else leave it as it was given."""
        if self._owns_client:
            self.client.close()
            return
        hooks = self.client.event_hooks
        self.client.event_hooks = {
            **hooks,
            "request": [hook for hook in hooks["request"] if hook is not self._remember],
        }

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        idempotent: bool = True,
        missing_ok: bool = False,
    ) -> httpx.Response | None:
        """Send a request with retries; the 2xx response, or ``None`` for a 404/410 when ``missing_ok``.

        Raises :class:`PlatformError` for any other reply or failure, once the retries are spent.
        A 2xx web page (``text/html``) is no reply of an API, but a proxy's: an error too.
        """
        what = f"{self.name}: {method} {path}"
        refreshed = False
        attempt = 0
        while True:
            sent = {**self._headers, **(headers or {})}
            if self._token is not None:  # fetched first: its failure is not this request's
                sent["Authorization"] = f"Bearer {self._bearer()}"
            try:
                response = self.client.request(method, self._base + path, json=json, params=params, headers=sent)
            except _UNSENDABLE as error:
                raise self._error(f"{what}: cannot be sent: {error}") from None
            except httpx.TransportError as error:
                reached = not isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout))
                failure = self._error(f"{what}: no reply ({type(error).__name__})", uncertain=reached)
                if (reached and not idempotent) or attempt >= self.retries:
                    raise failure from None
                delay = self.backoff(attempt)
            else:
                status = response.status_code
                if status == 401 and self._token is not None and not refreshed:
                    self._token.forget()
                    refreshed = True
                    continue
                if status in (404, 410) and missing_ok:
                    return None
                if 200 <= status < 300:
                    return self._success(what, response)
                failure = self._refusal(what, response)
                limited = self._limited(response) and not self._final(response)
                if not (limited or (status >= 500 and idempotent)) or attempt >= self.retries:
                    raise failure
                delay = self._delay(response, failure, attempt)
            logger.warning("%s: retrying in %g s", what, delay)
            self.sleep(delay)
            attempt += 1

    def json(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        idempotent: bool = True,
        expect: Collection[str] = (),
        what: str = "a JSON object",
    ) -> dict[str, Any]:
        """:meth:`request`, and the JSON object of its reply, as :meth:`object` checks it."""
        response = self.request(method, path, json=json, params=params, headers=headers, idempotent=idempotent)
        assert response is not None  # only missing_ok requests answer None
        return self.object(response, expect=expect, what=what)

    def object(
        self, response: httpx.Response, *, expect: Collection[str] = (), what: str = "a JSON object"
    ) -> dict[str, Any]:
        """The JSON object of a 2xx ``response``, which must hold each key of ``expect`` (not empty).

        Anything else (a proxy's HTML page, ``{}``, an empty body) is a :class:`PlatformError`
        that says the reply is not ``what`` and what came instead, without quoting its values.
        It is ``uncertain``: a request that got a reply making no sense may have been done.
        """
        try:
            body = response.json()
        except ValueError:
            body = None
        missing = [key for key in expect if isinstance(body, dict) and body.get(key) in (None, "")]
        if isinstance(body, dict) and not missing:
            return body
        request = response.request
        base = httpx.URL(self._base).raw_path.decode("ascii").rstrip("/")  # sound: it was sent
        operation = request.url.raw_path.decode("ascii").split("?")[0].removeprefix(base)
        lacking = f" (no {', '.join(missing)})" if missing else ""
        raise self._error(
            f"{self.name}: {request.method} {operation}: the reply is not {what}{lacking}: {_received(response)}",
            status=response.status_code,
            uncertain=True,
        )

    def look(self, find: Callable[[], T | None]) -> T | None:
        """``find()``, tried again after growing pauses while it finds nothing, for ``lookup_time`` seconds at most.

        For a platform whose listings show a new meeting only after a while.
        """
        waited = 0.0
        attempt = 0
        while True:
            found = find()
            if found is not None or waited >= self.lookup_time:
                return found
            delay = min(self.backoff(attempt), self.lookup_time - waited)
            logger.warning("%s: not listed yet; looking again in %g s", self.name, delay)
            self.sleep(delay)
            waited += delay
            attempt += 1

    def reconcile(self, error: PlatformError, find: Callable[[], T | None], *, thing: str) -> T:
        """What a create that failed with the ``uncertain`` ``error`` made, as :meth:`look` finds it.

        The create is never sent again: not found in time (or when looking fails), a
        :class:`PlatformError` says that ``thing`` may exist, and how to find and adopt it later.
        """
        try:
            found = self.look(find)
        except PlatformError as failure:
            found, why = None, f", and looking for it failed ({failure})"
        else:
            why = f", but {self.name} has not listed it after {self.lookup_time:g} s"
        if found is None:
            raise self._error(
                f"{error}; {thing} may exist{why}: do not create it again, but look for it later with find(event), "
                "or with `iofs-events meeting create`, which looks first and adopts it",
                status=error.status,
                uncertain=True,
            ) from None
        logger.warning("%s: the reply to the create was lost, but %s was found", self.name, thing)
        return found

    def register_batches(
        self,
        registrants: Sequence[Registrant],
        *,
        size: int,
        send: Callable[[list[Registrant]], list[Registered]],
        look: Callable[[list[Registrant]], list[Registered]],
    ) -> list[Registered | Refused]:
        """Register ``registrants`` in batches of ``size``, a call of ``send`` each, so that nobody is registered twice.

        ``send`` (not idempotent) returns those the platform registered, ``look`` those of the
        given registrants it holds. After a failure whose outcome is unknown (``uncertain``: no
        reply, a ``5xx``, a reply that makes no sense), a ``409`` (someone of the batch is
        registered already), or a reply that leaves someone out, the batch is looked up, and only
        those the platform does not hold are sent again, after growing pauses, at most
        ``retries`` times; those still missing are :class:`Refused`. Any other failure of the
        first call raises (nobody was registered); of a later one, leaves the registrants not yet
        registered :class:`Refused`, with its reason. One outcome per registrant, in their order.
        """
        outcomes: list[Registered | Refused] = []
        for start in range(0, len(registrants), size):
            try:
                outcomes += self._register_once(registrants[start : start + size], send, look)
            except PlatformError as error:
                if error.uncertain or not outcomes:
                    raise
                outcomes += [Refused(email=person.email, reason=str(error)) for person in registrants[start:]]
                break
        return outcomes

    def _register_once(
        self,
        registrants: Sequence[Registrant],
        send: Callable[[list[Registrant]], list[Registered]],
        look: Callable[[list[Registrant]], list[Registered]],
    ) -> list[Registered | Refused]:
        """One batch of :meth:`register_batches`: sent, looked up and sent again as it says."""
        held: dict[str, Registered] = {}
        waiting = list(registrants)
        reason = f"{self.name} did not register them, nor lists them as registered"
        attempt = 0
        while True:
            try:
                held.update((item.email.lower(), item) for item in send(waiting))
            except PlatformError as error:
                settled = not (error.uncertain or error.status == 409)  # this call surely registered nobody
                if settled and attempt == 0:
                    raise
                reason = str(error)
                if settled:  # those still waiting were looked up before: they are not registered
                    break
                logger.warning("%s: looking the registrants up before sending again: %s", self.name, error)
            waiting = [person for person in waiting if person.email.lower() not in held]
            if waiting:
                try:
                    held.update((item.email.lower(), item) for item in look(waiting))
                except PlatformError as failure:  # who was registered is unknown: say so, whatever the failure
                    raise self._error(
                        f"{reason}; and looking the registrants up failed ({failure}): some may be registered",
                        status=failure.status,
                        uncertain=True,
                    ) from None
                waiting = [person for person in waiting if person.email.lower() not in held]
            if not waiting or attempt >= self.retries:
                break
            self.sleep(self.backoff(attempt))
            attempt += 1
        return [held.get(person.email.lower()) or Refused(email=person.email, reason=reason) for person in registrants]

    def backoff(self, attempt: int) -> float:
        """The pause before attempt ``attempt + 1``, in seconds: doubled at each attempt."""
        return self._backoff * 2.0**attempt

    def _bearer(self) -> str:
        """The token, whose request is retried like any other: after a 5xx, a 429, a timeout or a lost connection."""
        assert self._token is not None
        attempt = 0
        while True:
            try:
                return self._token.get(self.client)
            except _UNSENDABLE as error:
                raise self._error(f"{self.name}: token request: cannot be sent: {error}") from None
            except httpx.TransportError as error:
                failure = self._error(f"{self.name}: token request: no reply ({type(error).__name__})")
            except PlatformError as error:  # the fetch's own words, which may quote the token endpoint
                failure = self._error(str(error), status=error.status, retry_at=error.retry_at)
                if error.status is None or not (error.status == 429 or error.status >= 500):
                    raise failure from None
            if attempt >= self.retries:
                raise failure from None
            delay = self.backoff(attempt)
            logger.warning("%s: token request: retrying in %g s", self.name, delay)
            self.sleep(delay)
            attempt += 1

    def _success(self, what: str, response: httpx.Response) -> httpx.Response:
        """A 2xx ``response``, unless it is a web page: a proxy's, in front of an API that answers JSON."""
        if _is_page(response):
            raise self._error(
                f"{what}: the reply is not the platform's but a web page: {_received(response)}",
                status=response.status_code,
                uncertain=True,
            )
        return response

    def _refusal(self, what: str, response: httpx.Response) -> PlatformError:
        """The error of a reply that is no success: its status and reason, and what it means if ``explain`` knows."""
        status = response.status_code
        explanation = self._explain(response)
        words = f"{what}: {status} {reply_reason(response)}" + (f": {explanation}" if explanation else "")
        return self._error(words, status=status, uncertain=status >= 500)

    def _delay(self, response: httpx.Response, failure: PlatformError, attempt: int) -> float:
        """The pause before the next attempt: what ``Retry-After`` asks, within ``max_wait``, else the backoff."""
        asked = _retry_after(response, self.now())
        if asked is None:
            return self.backoff(attempt)
        if asked > self.max_wait:
            at = self.now() + timedelta(seconds=asked)
            raise self._error(
                f"{failure}: the platform asks to wait {asked:g} s, longer than the {self.max_wait:g} s this client "
                f"waits: try again after {at:%Y-%m-%dT%H:%M:%S}Z",
                status=failure.status,
                retry_at=at,
            )
        return asked

    def _error(self, message: str, **facts: Any) -> PlatformError:
        return PlatformError(self.secrets.scrub(message), **facts)


def read_token(response: httpx.Response, *, platform: str, what: str = "token request") -> tuple[str, float]:
    """The access token and its lifetime (seconds; an hour if not given) from an OAuth token endpoint's reply.

    Anything else is a :class:`PlatformError` named ``platform: what``: a refusal with the
    endpoint's reason (RFC 6749's ``error`` and ``error_description``), or a reply that is not a
    token, saying what came instead without quoting its values.
    """
    where = f"{platform}: {what}"
    status = response.status_code
    if not 200 <= status < 300:
        raise PlatformError(f"{where}: {status} {_oauth_reason(response)}", status=status)
    try:
        body = response.json()
    except ValueError:
        body = None
    token = body.get("access_token") if isinstance(body, dict) else None
    if not isinstance(body, dict) or not isinstance(token, str) or not token:
        lacking = " (no access_token)" if isinstance(body, dict) else ""
        raise PlatformError(f"{where}: the reply is not a token{lacking}: {_received(response)}", status=status)
    try:
        lifetime = float(body.get("expires_in", 3600))
    except (TypeError, ValueError):
        raise PlatformError(
            f"{where}: the reply is not a token (expires_in is not a number): {_received(response)}", status=status
        ) from None
    return token, lifetime


def reply_reason(response: httpx.Response) -> str:
    """What the platform said went wrong, from its JSON error body or its text: short, on one line.

    The secrets that the request sent (see :class:`Secrets`) are hidden in it.
    """
    try:
        body = response.json()
    except ValueError:
        body = response.text
    if isinstance(body, dict):
        for key in ("message", "error_description", "error", "errors"):
            value = body.get(key)
            if isinstance(value, dict):
                value = value.get("message", value)
            if value:
                body = value
                break
    return _quote(response, str(body)) or response.reason_phrase


def _oauth_reason(response: httpx.Response) -> str:
    """An OAuth error reply's ``error``, with its description (its first line: the next are trace ids)."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict) or not isinstance(body.get("error"), str):
        return reply_reason(response)
    detail = str(body.get("error_description") or body.get("reason") or body.get("message") or "")
    detail = detail.strip().split("\n")[0]
    return _quote(response, f"{body['error']}: {detail}" if detail else body["error"])


def _received(response: httpx.Response) -> str:
    """What a reply brought: its status and the kind of its body, quoting only text that is not JSON."""
    head = f"received {response.status_code} with"
    if not response.content:
        return f"{head} an empty body"
    try:
        body = response.json()
    except ValueError:
        kind = response.headers.get("Content-Type", "no Content-Type").split(";")[0]
        return f"{head} {kind}: {_quote(response, response.text, 100)!r}"
    if isinstance(body, dict):
        keys = _quote(response, ", ".join(sorted(map(str, body))))
        return f"{head} a JSON object of keys {keys}" if body else f"{head} an empty JSON object"
    return f"{head} {_JSON_KINDS[type(body)]}"


def _is_page(response: httpx.Response) -> bool:
    return str(response.headers.get("Content-Type", "")).split(";")[0].strip().lower() == "text/html"


def _quote(response: httpx.Response, text: str, limit: int = _QUOTED) -> str:
    """``text`` from ``response`` as an error may quote it: without the secrets sent, on one line, cut short."""
    try:
        secrets = response.request.extensions.get(_EXTENSION)
    except RuntimeError:  # a response made by hand, which no request sent
        secrets = None
    if isinstance(secrets, Secrets):
        text = secrets.scrub(text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _retry_after(response: httpx.Response, now: datetime) -> float | None:
    """The delay a ``Retry-After`` header asks for, in seconds or as an HTTP date; ``None`` without one."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:  # "-0000": UTC, said to be of no known zone
        moment = moment.replace(tzinfo=UTC)
    return max((moment - now).total_seconds(), 0.0)
