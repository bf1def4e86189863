"""HTTP for the adapters: one httpx client, timeouts, bounded retries with backoff, and cached tokens.

Retries: a 429 waits for ``Retry-After`` (or backs off) unless the platform says the limit is
for the day; a 5xx, a timeout or a lost connection backs off and tries again, at most
``retries`` times. A request that is not idempotent (a create without an idempotency key) is
retried only when it surely did not reach the platform (a refused connection, a 429), so that
a lost response never makes a second meeting: the adapter reconciles instead. A 401 refreshes
the token once. Error messages name the platform, the operation and the reply; never a secret.
"""

from __future__ import annotations

import email.utils
import logging
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypedDict

import httpx

from ..exceptions import PlatformError

if TYPE_CHECKING:
    from collections.abc import Callable

logger = logging.getLogger("iofs_events.platforms")


class Token:
    """An access token fetched when first needed and kept for its lifetime (less a minute's margin).

    ``fetch`` asks the platform for one and returns it with its lifetime in seconds.
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


class HttpOptions(TypedDict, total=False):
    """The options of every adapter that speaks HTTP, passed on to its :class:`Api` as they are.

    ``client`` or ``transport`` replace the network (as in the tests); ``sleep`` waits between
    retries; ``retries`` bounds them.
    """

    client: httpx.Client | None
    transport: httpx.BaseTransport | None
    sleep: Callable[[float], None]
    retries: int


class Api:
    """Requests to one platform's API over one reused httpx client.

    Give ``client`` (an ``httpx.Client``) or ``transport`` to talk to something else than the
    network, as the tests do; ``sleep`` waits between retries. ``final`` tells a 429 that must not
    be retried (Zoom's daily cap) from one that may.
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
        sleep: Callable[[float], None] = time.sleep,
        final: Callable[[httpx.Response], bool] = lambda response: False,
    ) -> None:
        self.name = name
        self.client = client or httpx.Client(transport=transport, timeout=timeout)
        self._owns_client = client is None
        self._base = base_url.rstrip("/")
        self._token = token
        self.retries = retries
        self._backoff = backoff
        self.sleep = sleep  # the adapters wait with it too, between their own bounded attempts
        self._final = final

    def close(self) -> None:
        """Close the client if this object made it."""
        if self._owns_client:
            self.client.close()

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
        """Send a request with retries; the response, or ``None`` for a 404/410 when ``missing_ok``.

        Raises :class:`PlatformError` for any other failure, once the retries are spent.
        """
        what = f"{self.name}: {method} {path}"
        refreshed = False
        attempt = 0
        while True:
            sent = self._headers(headers)  # a token is fetched first: its failure is not this request's
            try:
                response = self.client.request(method, self._base + path, json=json, params=params, headers=sent)
            except httpx.TransportError as error:
                reached = not isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout))
                if (reached and not idempotent) or attempt >= self.retries:
                    raise PlatformError(f"{what}: no reply ({type(error).__name__})") from None
                delay = self._backoff * 2**attempt
            else:
                status = response.status_code
                if status == 401 and self._token is not None and not refreshed:
                    self._token.forget()
                    refreshed = True
                    continue
                if status in (404, 410) and missing_ok:
                    return None
                if status < 400:
                    return response
                retryable = (status == 429 and not self._final(response)) or (status >= 500 and idempotent)
                if not retryable or attempt >= self.retries:
                    raise PlatformError(f"{what}: {status} {reply_reason(response)}", status=status) from None
                delay = _retry_after(response) if status == 429 else None
                delay = self._backoff * 2**attempt if delay is None else delay
            logger.warning("%s: retrying in %g s", what, delay)
            self.sleep(delay)
            attempt += 1

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = dict(extra or {})
        if self._token is not None:
            headers["Authorization"] = f"Bearer {self._token.get(self.client)}"
        return headers


def _retry_after(response: httpx.Response) -> float | None:
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
    return max((moment - datetime.now(UTC)).total_seconds(), 0.0)


def reply_reason(response: httpx.Response) -> str:
    """What the platform said went wrong, from its JSON error body or its text, kept short."""
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
    return str(body)[:200] or response.reason_phrase
