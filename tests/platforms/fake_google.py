"""Google Calendar (with Meet conferences) and Google's OAuth token endpoint, on top of :class:`FakeApi`.

The routes are those the Google Meet adapter uses, answering as Google documents them:

- ``POST /token``: the refresh-token grant (form body) gives ``{access_token, expires_in,
  token_type}``; a wrong client is ``401 invalid_client``, a wrong refresh token ``400 invalid_grant``.
- ``POST /calendars/{calendarId}/events`` (``events.insert``): a client-chosen ``id`` must be
  base32hex (``a-v``, ``0-9``), 5 to 1024 characters, and unique in the calendar, deleted events
  included (``409`` "The requested identifier already exists."). With ``conferenceDataVersion=1``
  a ``conferenceData.createRequest`` for ``hangoutsMeet`` makes a Meet conference, per
  :attr:`FakeGoogle.conference`: ``success`` (at once), ``pending`` (``success`` after
  :attr:`FakeGoogle.pending_reads` reads), ``failure``, or ``none`` (Meet not allowed: no
  conference data at all). Without it, conference data is ignored, as Calendar does.
- ``GET /calendars/{calendarId}/events/{eventId}`` (``events.get``): deleted events too, cancelled.
- ``PATCH`` (``events.patch``): the fields given replace the event's; a ``createRequest`` with a new
  ``requestId`` makes a new conference, the same ``requestId`` is ignored.
- ``DELETE`` (``events.delete``): ``204``; the event stays, ``status: cancelled``; deleting it
  again is ``410`` "Resource has been deleted"; an unknown id is ``404``.

Every API call needs a bearer token that ``/token`` issued and :meth:`FakeGoogle.expire_tokens`
has not revoked (``401`` otherwise). Every request body is checked against the request schema
extracted from the Discovery document (``schemas/google/``); one that fails is answered ``400``.
"""

from __future__ import annotations

import copy
import hashlib
import re
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, unquote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tests.platforms.fake_api import Call, FakeApi, Reply

CLIENT_ID = "123456789012-iofs.apps.googleusercontent.com"
CLIENT_SECRET = "GOCSPX-client-secret-never-shown"
REFRESH_TOKEN = "1//refresh-token-never-shown"
ID = re.compile(r"[a-v0-9]{5,1024}")
DEFAULT_PHONES: tuple[dict[str, Any], ...] = (
    {
        "entryPointType": "phone",
        "uri": "tel:+1-650-253-0000",
        "label": "+1 650-253-0000",
        "pin": "123456789",
        "regionCode": "US",
    },
)


def error(code: int, message: str, reason: str) -> Reply:
    """Google's JSON error reply."""
    return code, {
        "error": {
            "code": code,
            "message": message,
            "errors": [{"domain": "global", "reason": reason, "message": message}],
        }
    }


class FakeGoogle:
    """The fake Calendar's configuration and state, with the routes installed on ``api``."""

    def __init__(self, api: FakeApi) -> None:
        self.api = api
        self.conference = "success"
        self.pending_reads = 1
        self.hangout_link = True
        self.phones: list[dict[str, Any]] = [dict(phone) for phone in DEFAULT_PHONES]
        self.refresh_token = REFRESH_TOKEN
        api.state.update(calendars={}, tokens=set(), issued=0, pending={})
        api.route("POST", r"/token", self._token)
        api.route("POST", r"/calendars/([^/]+)/events", self._insert)
        api.route("GET", r"/calendars/([^/]+)/events/([^/]+)", self._get)
        api.route("PATCH", r"/calendars/([^/]+)/events/([^/]+)", self._patch)
        api.route("DELETE", r"/calendars/([^/]+)/events/([^/]+)", self._delete)

    def events(self, calendar: str = "primary") -> dict[str, dict[str, Any]]:
        """The events of ``calendar`` by id, deleted ones included."""
        calendars: dict[str, dict[str, dict[str, Any]]] = self.api.state["calendars"]
        return calendars.setdefault(calendar, {})

    def expire_tokens(self) -> None:
        """Revoke every access token issued so far, so that the next call is answered 401."""
        self.api.state["tokens"].clear()

    # OAuth

    def _token(self, call: Call) -> Reply:
        form = {name: values[0] for name, values in parse_qs(call.raw.decode()).items()}
        if not self.api.check(form, "google/oauth.token"):
            return 400, {"error": "invalid_request", "error_description": "Bad Request"}
        if form["client_id"] != CLIENT_ID or form["client_secret"] != CLIENT_SECRET:
            return 401, {"error": "invalid_client", "error_description": "Unauthorized"}
        if form["refresh_token"] != self.refresh_token:
            return 400, {"error": "invalid_grant", "error_description": "Token has been expired or revoked."}
        self.api.state["issued"] += 1
        token = f"ya29.a0-access-token-{self.api.state['issued']}"
        self.api.state["tokens"].add(token)
        return 200, {
            "access_token": token,
            "expires_in": 3599,
            "scope": "https://www.googleapis.com/auth/calendar",
            "token_type": "Bearer",
        }

    def _authorized(self, call: Call) -> bool:
        header = call.headers.get("Authorization", "")
        return header.startswith("Bearer ") and header.removeprefix("Bearer ") in self.api.state["tokens"]

    # Calendar

    def _insert(self, call: Call) -> Reply:
        if not self._authorized(call):
            return _unauthenticated()
        if not self.api.check(call.body, "google/events.insert"):
            return error(400, "Invalid request body.", "invalid")
        body = copy.deepcopy(call.body)
        events = self.events(unquote(call.groups[0]))
        event_id = body.get("id") or hashlib.sha256(repr(sorted(events)).encode()).hexdigest()[:26]
        if not ID.fullmatch(event_id):
            return error(400, "Invalid resource id value.", "invalid")
        if event_id in events:
            return error(409, "The requested identifier already exists.", "duplicate")
        problem = _times(body)
        if problem:
            return error(400, problem, "invalid")
        request = body.pop("conferenceData", None)
        event = {
            "kind": "calendar#event",
            "etag": '"3300000000000000"',
            "id": event_id,
            "status": "confirmed",
            "htmlLink": f"https://www.google.com/calendar/event?eid={event_id}",
            "created": "2021-11-17T09:00:00.000Z",
            "updated": "2021-11-17T09:00:00.000Z",
            "iCalUID": f"{event_id}@google.com",
            "sequence": 0,
            "creator": {"email": "events@iofs.example", "self": True},
            "organizer": {"email": "events@iofs.example", "self": True},
            **body,
        }
        if _conference_version(call):
            self._conference(event, request)
        events[event_id] = event
        return 200, event

    def _get(self, call: Call) -> Reply:
        if not self._authorized(call):
            return _unauthenticated()
        event = self.events(unquote(call.groups[0])).get(unquote(call.groups[1]))
        if event is None:
            return error(404, "Not Found", "notFound")
        pending = self.api.state["pending"]
        if event["id"] in pending:
            pending[event["id"]] -= 1
            if pending[event["id"]] <= 0:
                del pending[event["id"]]
                self._succeed(event)
        return 200, event

    def _patch(self, call: Call) -> Reply:
        if not self._authorized(call):
            return _unauthenticated()
        if not self.api.check(call.body, "google/events.patch"):
            return error(400, "Invalid request body.", "invalid")
        event = self.events(unquote(call.groups[0])).get(unquote(call.groups[1]))
        if event is None:
            return error(404, "Not Found", "notFound")
        body = copy.deepcopy(call.body)
        body.pop("id", None)
        request = body.pop("conferenceData", None)
        changed = {**event, **body}
        problem = _times(changed)
        if problem:
            return error(400, problem, "invalid")
        event.update(body, sequence=event["sequence"] + 1, updated="2021-11-18T09:00:00.000Z")
        old = event.get("conferenceData", {}).get("createRequest", {}).get("requestId")
        new = (request or {}).get("createRequest", {}).get("requestId")
        if _conference_version(call) and new is not None and new != old:
            self._conference(event, request)
        return 200, event

    def _delete(self, call: Call) -> Reply:
        if not self._authorized(call):
            return _unauthenticated()
        event = self.events(unquote(call.groups[0])).get(unquote(call.groups[1]))
        if event is None:
            return error(404, "Not Found", "notFound")
        if event["status"] == "cancelled":
            return error(410, "Resource has been deleted", "deleted")
        event["status"] = "cancelled"
        return 204, None

    # Conferences

    def _conference(self, event: dict[str, Any], request: dict[str, Any] | None) -> None:
        create = (request or {}).get("createRequest")
        if create is None or create.get("conferenceSolutionKey", {}).get("type") != "hangoutsMeet":
            return
        if self.conference == "none":
            return
        status = self.conference
        event["conferenceData"] = {"createRequest": {**create, "status": {"statusCode": status}}}
        event.pop("hangoutLink", None)
        if status == "pending":
            self.api.state["pending"][event["id"]] = self.pending_reads
        elif status == "success":
            self._succeed(event)

    def _succeed(self, event: dict[str, Any]) -> None:
        letters = "".join(chr(97 + byte % 26) for byte in hashlib.sha256(event["id"].encode()).digest()[:10])
        code = f"{letters[:3]}-{letters[3:7]}-{letters[7:]}"
        url = f"https://meet.google.com/{code}"
        data = event["conferenceData"]
        data["createRequest"]["status"]["statusCode"] = "success"
        data["entryPoints"] = [
            {"entryPointType": "video", "uri": url, "label": url.removeprefix("https://")},
            *copy.deepcopy(self.phones),
            {"entryPointType": "more", "uri": f"https://tel.meet/{code}?pin=123456789", "pin": "123456789"},
        ]
        data["conferenceSolution"] = {
            "key": {"type": "hangoutsMeet"},
            "name": "Google Meet",
            "iconUri": "https://fonts.gstatic.com/s/i/productlogos/meet_2020q4/v6/web-512dp/logo_meet_2020q4_color_2x_web_512dp.png",
        }
        data["conferenceId"] = code
        if self.hangout_link:
            event["hangoutLink"] = url


def _unauthenticated() -> Reply:
    return error(401, "Request had invalid authentication credentials.", "authError")


def _conference_version(call: Call) -> bool:
    return call.query.get("conferenceDataVersion") == ["1"]


def _times(event: dict[str, Any]) -> str | None:
    """Calendar's complaint about the event's start and end, if any."""
    moments = []
    for name in ("start", "end"):
        value = event.get(name) or {}
        zone = value.get("timeZone")
        if zone is not None:
            try:
                ZoneInfo(zone)
            except (ZoneInfoNotFoundError, ValueError):
                return f"Invalid time zone definition for {name} time."
        try:
            moment = datetime.fromisoformat(value["dateTime"])
        except (KeyError, ValueError):
            return f"Invalid {name} time."
        if moment.tzinfo is None:
            if zone is None:
                return f"Missing time zone definition for {name} time."
            moment = moment.replace(tzinfo=ZoneInfo(zone))
        moments.append(moment)
    return "The specified time range is empty." if moments[1] <= moments[0] else None
