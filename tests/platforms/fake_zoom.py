"""Zoom's API on the loopback test server: S2S OAuth tokens, meetings, webinars and registrants.

Answers as Zoom documents it: ``201`` with the whole meeting on create, ``204`` without a body on
PATCH and DELETE, ``404`` with Zoom's code ``3001`` for a meeting that does not exist, ``401`` with
code ``124`` for a token Zoom does not know, ``429`` for the daily cap of creates and updates.

Registrants: one registration per email and meeting, a repeat answered with the same registrant
(id and link), as Zoom does; batches of at most 30 (``batch_registrants``, ``200`` with each
one's ``registrant_id`` and ``join_url``), listed 300 a page at most, cancelled 30 at a time
(``registrants/status``). ``registrations[number]`` counts, per email, the times a request
registered that person (a repeat too), which Zoom caps at 3 a day (a ``429`` beyond); ``midway``
makes the next batch register only that many of its registrants, then answer ``500``.
Every request body is checked against the operation's schema extracted from Zoom's spec
(``schemas/zoom/``), and, since those schemas allow any key, also for keys the schema does not
know (a misspelled setting would pass Zoom silently and do nothing).

Flags say what the account lacks, as Zoom then drops the setting without an error:
``drop_interpretation`` (no language interpretation in the plan), ``drop_registration`` (a basic
host, no registration). ``daily_cap`` is the number of creates and updates left today.
``passcode_length`` is the account's minimum passcode requirement (a length), which Zoom enforces
with a ``400`` that only says the passcode is invalid. A lag of the listings
(``api.lag_listings``) keeps a new meeting out of the host's list for a while, as Zoom's does.
"""

from __future__ import annotations

import base64
import itertools
import json
import secrets
from collections import Counter
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests.platforms.fake_api import SCHEMAS, Call, FakeApi, Reply

ACCOUNT_ID = "iofs-account"
CLIENT_ID = "iofs-client"
CLIENT_SECRET = "zoom-client-secret-3f9a"
DIAL_IN = [
    {"country": "US", "country_name": "US", "city": "New York", "number": "+1 646 558 8656", "type": "toll"},
    {"country": "KZ", "country_name": "Kazakhstan", "number": "+7 7172 69 69 69", "type": "toll"},
    {"country": "XX", "country_name": "Nowhere", "number": "+999 12", "type": "toll"},  # not a valid number
]
_DAILY = "You have reached the maximum daily limit of 100 meeting create/update API requests for this user."
_PER_REGISTRANT = 3  # registration requests a day for one person and meeting
_BATCH = 30
_PAGE = 300


class FakeZoom:
    """Zoom's routes on ``api``; ``settings()`` points a :class:`ZoomSettings` at them."""

    def __init__(self, api: FakeApi) -> None:
        self.api = api
        self.drop_interpretation = False
        self.drop_registration = False
        self.daily_cap: int | None = None
        self.passcode_length: int | None = None
        self.page_size: int | None = None  # a smaller page than asked, to make the adapter page
        self.midway: int | None = None
        self.registrations: dict[str, Counter[str]] = {}
        self._ids = itertools.count(87512345678)
        api.state.update(meetings={}, webinars={}, registrants={}, tokens=set(), issued=[])
        api.route("POST", r"/oauth/token", self._token)
        api.route("POST", r"/v2/users/([^/]+)/(meetings|webinars)", self._authed(self._create))
        api.route("GET", r"/v2/users/([^/]+)/(meetings|webinars)", self._authed(self._list))
        api.route("GET", r"/v2/(meetings|webinars)/(\d+)", self._authed(self._get))
        api.route("PATCH", r"/v2/(meetings|webinars)/(\d+)", self._authed(self._patch))
        api.route("DELETE", r"/v2/(meetings|webinars)/(\d+)", self._authed(self._delete))
        api.route("POST", r"/v2/(meetings|webinars)/(\d+)/registrants", self._authed(self._register))
        api.route("POST", r"/v2/(meetings|webinars)/(\d+)/batch_registrants", self._authed(self._batch))
        api.route("GET", r"/v2/(meetings|webinars)/(\d+)/registrants", self._authed(self._registrants))
        api.route("PUT", r"/v2/(meetings|webinars)/(\d+)/registrants/status", self._authed(self._status))

    def settings_options(self) -> dict[str, Any]:
        """The options of a :class:`ZoomSettings` that talks to this server."""
        return {
            "account_id": ACCOUNT_ID,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "api_url": f"{self.api.url}/v2",
            "oauth_url": f"{self.api.url}/oauth/token",
        }

    @property
    def meetings(self) -> dict[str, dict[str, Any]]:
        return self.api.state["meetings"]  # type: ignore[no-any-return]

    @property
    def webinars(self) -> dict[str, dict[str, Any]]:
        return self.api.state["webinars"]  # type: ignore[no-any-return]

    @property
    def tokens(self) -> set[str]:
        return self.api.state["tokens"]  # type: ignore[no-any-return]

    def expire_tokens(self) -> None:
        """Forget every token issued, as Zoom does an hour after issuing one."""
        self.tokens.clear()

    # OAuth.

    def _token(self, call: Call) -> Reply:
        basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if call.headers.get("Authorization") != f"Basic {basic}":
            return 401, {"reason": "Invalid client_id or client_secret", "error": "invalid_client"}
        if call.query.get("grant_type") != ["account_credentials"] or call.query.get("account_id") != [ACCOUNT_ID]:
            return 400, {"reason": "Invalid request : Missing or invalid account_id", "error": "invalid_request"}
        token = f"zoom-token-{secrets.token_hex(8)}"
        self.tokens.add(token)
        self.api.state["issued"].append(token)
        return 200, {"access_token": token, "token_type": "bearer", "expires_in": 3600, "scope": "meeting:write:admin"}

    def _authed(self, handler: Any) -> Any:
        def serve(call: Call) -> Reply:
            header = call.headers.get("Authorization", "")
            if not header.startswith("Bearer ") or header[7:] not in self.tokens:
                return 401, {"code": 124, "message": "Invalid access token."}
            reply: Reply = handler(call)
            return reply

        return serve

    # Meetings and webinars.

    def _check(self, call: Call, operation: str) -> bool:
        schema = json.loads((SCHEMAS / "zoom" / f"{operation}.json").read_text(encoding="utf-8"))
        unknown = list(_unknown_keys(call.body, schema, ""))
        self.api.schema_errors.extend(f"zoom/{operation}: {where}: not in Zoom's schema" for where in unknown)
        return self.api.check(call.body, f"zoom/{operation}") and not unknown

    def _spend(self) -> Reply | None:
        if self.daily_cap is None:
            return None
        if self.daily_cap <= 0:
            return 429, {"code": 429, "message": _DAILY}, {"Retry-After": "3600"}
        self.daily_cap -= 1
        return None

    def _create(self, call: Call) -> Reply:
        _user, kind = call.groups
        operation = "webinarCreate" if kind == "webinars" else "meetingCreate"
        if not self._check(call, operation):
            return 400, {"code": 300, "message": "Validation Failed."}
        refused = self._refused(call.body)
        if refused is not None:
            return refused
        number = str(next(self._ids))
        body = call.body
        meeting: dict[str, Any] = {
            "id": int(number),
            "uuid": base64.b64encode(secrets.token_bytes(16)).decode(),
            "host_id": "z8yAAAAA8bbbQ",
            "host_email": "secretariat@iofs.example",
            "type": body.get("type", 2),
            "status": "waiting",
            "created_at": "2021-11-17T09:00:00Z",
            "password": body.get("password") or "Zx8k2Q",
            "h323_password": "123456",
            "join_url": f"https://zoom.example/j/{number}?pwd=aBcDeF",
            "start_url": f"https://zoom.example/s/{number}?zak=host-secret-{secrets.token_hex(4)}",
            "settings": {"approval_type": 2, "global_dial_in_numbers": DIAL_IN, "host_video": False},
        }
        self._apply(meeting, body, kind)
        getattr(self, kind)[number] = meeting
        self.api.made(number)
        return 201, meeting

    def _refused(self, body: dict[str, Any]) -> Reply | None:
        """What the account's rules refuse in a create or update: a passcode too short, the daily cap."""
        password = body.get("password")
        if self.passcode_length is not None and password is not None and len(password) < self.passcode_length:
            return 400, {"code": 300, "message": "Invalid parameter: password."}
        return self._spend()

    def _apply(self, meeting: dict[str, Any], body: dict[str, Any], kind: str) -> None:
        """Merge a create or update body into the stored meeting, as Zoom keeps it."""
        for key in ("topic", "agenda", "duration", "timezone", "password"):
            if key in body:
                meeting[key] = body[key]
        if "start_time" in body:
            meeting["start_time"] = _gmt(body["start_time"], body.get("timezone") or meeting.get("timezone"))
        settings = meeting["settings"]
        settings.update(body.get("settings") or {})
        if self.drop_interpretation:
            settings.pop("language_interpretation", None)
        if self.drop_registration:
            settings["approval_type"] = 2
        if settings.get("approval_type") in (0, 1):
            meeting["registration_url"] = f"https://zoom.example/{kind[:-1]}/register/{meeting['id']}"
        else:
            meeting.pop("registration_url", None)

    def _list(self, call: Call) -> Reply:
        _, kind = call.groups
        asked = int(call.query.get("page_size", ["30"])[0])
        size = min(asked, self.page_size or asked)
        start = int(call.query.get("next_page_token", ["0"])[0])
        items = [item for item in getattr(self, kind).values() if self.api.listed(str(item["id"]))]
        page = items[start : start + size]
        body: dict[str, Any] = {
            "page_size": size,
            "total_records": len(items),
            "next_page_token": str(start + size) if start + size < len(items) else "",
            kind: [
                {
                    "id": item["id"],
                    "uuid": item["uuid"],
                    "host_id": item["host_id"],
                    "topic": item["topic"],
                    "type": item["type"],
                    "start_time": item.get("start_time"),
                    "duration": item["duration"],
                    "timezone": item.get("timezone", "UTC"),
                    "agenda": item.get("agenda", "")[:250],
                    "created_at": item["created_at"],
                    "join_url": item["join_url"],
                }
                for item in page
            ],
        }
        return 200, body

    def _missing(self, kind: str, number: str) -> Reply:
        noun = "Webinar" if kind == "webinars" else "Meeting"
        return 404, {"code": 3001, "message": f"{noun} does not exist: {number}."}

    def _get(self, call: Call) -> Reply:
        kind, number = call.groups
        meeting = getattr(self, kind).get(number)
        return (200, meeting) if meeting is not None else self._missing(kind, number)

    def _patch(self, call: Call) -> Reply:
        kind, number = call.groups
        if not self._check(call, "webinarUpdate" if kind == "webinars" else "meetingUpdate"):
            return 400, {"code": 300, "message": "Validation Failed."}
        meeting = getattr(self, kind).get(number)
        if meeting is None:
            return self._missing(kind, number)
        refused = self._refused(call.body)
        if refused is not None:
            return refused
        self._apply(meeting, call.body, kind)
        return 204, None

    def _delete(self, call: Call) -> Reply:
        kind, number = call.groups
        if getattr(self, kind).pop(number, None) is None:
            return self._missing(kind, number)
        return 204, None

    def registrants(self, number: str) -> dict[str, dict[str, Any]]:
        """The registrants of a meeting or webinar, by email in lower case, cancelled ones too."""
        held: dict[str, dict[str, Any]] = self.api.state["registrants"].setdefault(number, {})
        return held

    def _registrable(self, kind: str, number: str) -> tuple[dict[str, Any] | None, Reply | None]:
        """The meeting, or Zoom's reply when it is missing or has no registration (a ``404`` for both, documented)."""
        meeting = getattr(self, kind).get(number)
        if meeting is None:
            return None, self._missing(kind, number)
        if meeting["settings"].get("approval_type") not in (0, 1):
            return None, (
                404,
                {"code": 404, "message": f"Registration has not been enabled for this meeting: {number}."},
            )
        return meeting, None

    def _limited(self, number: str, emails: list[str]) -> Reply | None:
        """Zoom's refusal when one of ``emails`` was registered as many times today as Zoom takes."""
        counts = self.registrations.setdefault(number, Counter())
        over = next((email for email in emails if counts[email] >= _PER_REGISTRANT), None)
        if over is not None:
            message = (
                f'You have exceeded the daily rate limit of "{_PER_REGISTRANT}" for meeting Perform batch registration '
                f'API requests for the registrant "{over}". You can resume these API requests at GMT 00:00:00.'
            )
            return 429, {"code": 429, "message": message}
        return None

    def _enrol(self, meeting: dict[str, Any], number: str, person: dict[str, Any], approve: bool) -> dict[str, Any]:
        """Register ``person`` once per email: a repeat gets the registration already made, as Zoom answers it.

        Each is counted in ``registrations``, the repeats too.
        """
        email = person["email"].lower()
        self.registrations.setdefault(number, Counter())[email] += 1
        held = self.registrants(number).get(email)
        if held is None:
            registrant_id = secrets.token_hex(6)
            held = {
                "id": registrant_id,
                "email": person["email"],
                "first_name": person["first_name"],
                "create_time": "2021-11-17T09:00:00Z",
            }
            if "last_name" in person:
                held["last_name"] = person["last_name"]
            self.registrants(number)[email] = held
        if approve or meeting["settings"]["approval_type"] == 0:
            held["status"] = "approved"
            held["join_url"] = f"https://zoom.example/w/{number}?tk={held['id']}"
        elif held.get("status") != "approved":
            held["status"] = "pending"
        return held

    def _register(self, call: Call) -> Reply:
        kind, number = call.groups
        if not self._check(call, "webinarRegistrantCreate" if kind == "webinars" else "meetingRegistrantCreate"):
            return 400, {"code": 300, "message": "Validation Failed."}
        meeting, refused = self._registrable(kind, number)
        if meeting is None:
            return refused  # type: ignore[return-value]
        limited = self._limited(number, [call.body["email"].lower()])
        if limited is not None:
            return limited
        held = self._enrol(meeting, number, call.body, approve=False)
        body: dict[str, Any] = {
            "id": int(number),
            "registrant_id": held["id"],
            "topic": meeting["topic"],
            "start_time": meeting["start_time"],
        }
        if held["status"] == "approved":
            body["join_url"] = held["join_url"]
        return 201, body

    def _batch(self, call: Call) -> Reply:
        kind, number = call.groups
        if not self._check(call, "addBatchWebinarRegistrants" if kind == "webinars" else "addBatchRegistrants"):
            return 400, {"code": 300, "message": "Validation Failed."}
        people = call.body.get("registrants", [])
        if len(people) > _BATCH:
            self.api.schema_errors.append(f"zoom/batch_registrants: {len(people)} registrants, more than {_BATCH}")
            return 400, {"code": 300, "message": f"Up to {_BATCH} registrants can be added at once."}
        meeting, refused = self._registrable(kind, number)
        if meeting is None:
            return refused  # type: ignore[return-value]
        limited = self._limited(number, [person["email"].lower() for person in people])
        if limited is not None:
            return limited
        if self.midway is not None:
            people, self.midway = people[: self.midway], None
            for person in people:
                self._enrol(meeting, number, person, approve=bool(call.body.get("auto_approve")))
            return 500, {"code": 500, "message": "Internal server error."}
        answered = []
        for person in people:
            held = self._enrol(meeting, number, person, approve=bool(call.body.get("auto_approve")))
            item = {"email": held["email"], "registrant_id": held["id"]}
            if held["status"] == "approved":
                item["join_url"] = held["join_url"]
            answered.append(item)
        return 200, {"registrants": answered}

    def _registrants(self, call: Call) -> Reply:
        kind, number = call.groups
        meeting, refused = self._registrable(kind, number)
        if meeting is None:
            return refused  # type: ignore[return-value]
        asked = int(call.query.get("page_size", ["30"])[0])
        if asked > _PAGE:
            return 400, {"code": 300, "message": f"page_size: at most {_PAGE}."}
        size = min(asked, self.page_size or asked)
        status = call.query.get("status", ["approved"])[0]
        start = int(call.query.get("next_page_token", ["0"])[0])
        items = [held for held in self.registrants(number).values() if held.get("status") == status]
        page = items[start : start + size]
        return 200, {
            "page_size": size,
            "total_records": len(items),
            "next_page_token": str(start + size) if start + size < len(items) else "",
            "registrants": page,
        }

    def _status(self, call: Call) -> Reply:
        kind, number = call.groups
        if not self._check(call, "webinarRegistrantStatus" if kind == "webinars" else "meetingRegistrantStatus"):
            return 400, {"code": 300, "message": "Validation Failed."}
        people = call.body.get("registrants", [])
        if len(people) > _BATCH:
            self.api.schema_errors.append(f"zoom/registrants/status: {len(people)} registrants, more than {_BATCH}")
            return 400, {"code": 300, "message": f"Up to {_BATCH} registrants at once."}
        meeting, refused = self._registrable(kind, number)
        if meeting is None:
            return refused  # type: ignore[return-value]
        by_id = {held["id"]: held for held in self.registrants(number).values()}
        for person in people:
            held = by_id.get(person.get("id", ""))
            if held is not None and call.body["action"] == "cancel":
                held["status"] = "cancelled"
                held.pop("join_url", None)
        return 204, None


def _gmt(start: str, zone: str | None) -> str:
    """Zoom's reading of ``start_time``: GMT with a ``Z``, else local time in ``zone`` (else UTC)."""
    if start.endswith("Z"):
        moment = datetime.fromisoformat(start)
    else:
        moment = datetime.fromisoformat(start).replace(tzinfo=ZoneInfo(zone or "UTC"))
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _unknown_keys(body: Any, schema: dict[str, Any], where: str) -> Any:
    """The paths of keys in ``body`` that ``schema`` does not declare, where it declares properties."""
    if isinstance(body, dict) and "properties" in schema:
        for key, value in body.items():
            sub = schema["properties"].get(key)
            if sub is None:
                yield f"{where}{key}"
            else:
                yield from _unknown_keys(value, sub, f"{where}{key}/")
    elif isinstance(body, list) and isinstance(schema.get("items"), dict):
        for index, value in enumerate(body):
            yield from _unknown_keys(value, schema["items"], f"{where}{index}/")
