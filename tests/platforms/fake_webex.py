"""Webex Meetings' API on the loopback test server: meetings, their interpretation and registration, registrants.

Answers as the Webex spec documents it: ``200`` with the whole meeting on create, PATCH and GET,
``204`` without a body on DELETE, ``404`` for a meeting that does not exist, ``401`` for a bearer
token Webex does not know, ``415`` for a PATCH that is not ``application/json-patch+json``, and
``400`` for what Webex refuses beyond the schema (a title over 128 characters, more than three
integration tags, a meeting shorter than 10 minutes or longer than 23 hours 59, an unknown time
zone, a language that is not ISO 639-1). Meetings are listed by ``integrationTag``. Every
request body is checked against the operation's schema extracted from the Webex spec
(``schemas/webex/``) and, since those schemas allow any key, for keys the schema does not know.

Flags say what the site lacks, as Webex then does without it: ``languages`` (the interpretation
languages the site offers; ``None`` for all), ``registration`` (whether the site has registration),
``max_registrations`` (the most registrations the host's licence allows), ``keep_password``
(the site's policy replaces any password asked for), ``password_length`` (the site's password
complexity rule, here a minimum length, which Webex enforces with a ``400``). A lag of the
listings (``api.lag_listings``) keeps a new meeting out of them for a while.

Registrants: one registration per email, a second refused with ``409`` (a whole ``bulkInsert``
too, when one of its registrants is registered already); found by email with ``query``, at most
``max`` of them (10 unless asked, 100 at most); cancelled with ``cancel``, which takes them off
the meeting. ``registrations[meeting_id]`` counts, per email, the times a request registered
that person; ``midway`` makes the next ``bulkInsert`` register only that many, then answer ``500``.
"""

from __future__ import annotations

import itertools
import json
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tests.platforms.fake_api import SCHEMAS, Call, FakeApi, Reply

TOKEN = "webex-access-token-7c41e9"
SITE = "iofs.webex.com"
CALL_IN = [
    {"label": "United States Toll", "callInNumber": "+1-650-479-3208", "tollType": "toll"},
    {"label": "Kazakhstan Toll", "callInNumber": "+7 7172 69 69 69", "tollType": "toll"},
    {"label": "United States Toll (Chicago)", "callInNumber": "+1-650-479-3208", "tollType": "toll"},  # again
    {"label": "Internal", "callInNumber": "1234", "tollType": "tollFree"},  # not an international number
]


class FakeWebex:
    """Webex's routes on ``api`` under ``/v1``; ``settings_options()`` points a ``WebexSettings`` at them."""

    def __init__(self, api: FakeApi) -> None:
        self.api = api
        self.languages: set[str] | None = None
        self.registration = True
        self.max_registrations = 1000
        self.keep_password: str | None = None
        self.password_length: int | None = None
        self.midway: int | None = None
        self.registrations: dict[str, Counter[str]] = {}
        self._numbers = itertools.count(2551234567)
        api.state.update(meetings={}, registrants={})
        meeting = r"/v1/meetings/([^/]+)"
        api.route("POST", r"/v1/meetings", self._authed(self._create))
        api.route("GET", r"/v1/meetings", self._authed(self._list))
        api.route("GET", meeting, self._authed(self._get))
        api.route("PATCH", meeting, self._authed(self._patch))
        api.route("DELETE", meeting, self._authed(self._delete))
        api.route("PUT", meeting + "/simultaneousInterpretation", self._authed(self._interpretation))
        api.route("PUT", meeting + "/registration", self._authed(self._put_registration))
        api.route("DELETE", meeting + "/registration", self._authed(self._delete_registration))
        api.route("POST", meeting + "/registrants", self._authed(self._register))
        api.route("POST", meeting + "/registrants/bulkInsert", self._authed(self._bulk_insert))
        api.route("POST", meeting + "/registrants/query", self._authed(self._query))
        api.route("POST", meeting + "/registrants/cancel", self._authed(self._cancel))

    def settings_options(self) -> dict[str, Any]:
        """The options of a ``WebexSettings`` that talks to this server."""
        return {"access_token": TOKEN, "api_url": f"{self.api.url}/v1"}

    @property
    def meetings(self) -> dict[str, dict[str, Any]]:
        """The meetings the server holds, by id."""
        meetings: dict[str, dict[str, Any]] = self.api.state["meetings"]
        return meetings

    def _authed(self, handler: Callable[[Call], Reply]) -> Callable[[Call], Reply]:
        def check(call: Call) -> Reply:
            if _header(call, "Authorization") != f"Bearer {TOKEN}":
                return _error(401, "The request requires a valid access token set in the Authorization request header.")
            return handler(call)

        return check

    def _valid(self, body: Any, schema: str) -> bool:
        """The schema check, and the keys that the schema does not know (a misspelling Webex would ignore)."""
        unknown = _unknown_keys(body, json.loads((SCHEMAS / f"{schema}.json").read_text(encoding="utf-8")), "")
        self.api.schema_errors.extend(f"{schema}: {where}: not a known field" for where in unknown)
        return self.api.check(body, schema) and not unknown

    def _create(self, call: Call) -> Reply:
        body = call.body
        if not self._valid(body, "webex/createMeeting"):
            return _error(400, "The request body does not match the schema.")
        problem = _problem(body) or self._password_problem(body)
        if problem:
            return _error(400, problem)
        meeting_id = uuid.uuid4().hex
        number = str(next(self._numbers))
        meeting: dict[str, Any] = {
            "id": meeting_id,
            "meetingNumber": number,
            "title": body["title"],
            "password": body.get("password") or "Xq7@" + meeting_id[:6],
            "phoneAndVideoSystemPassword": "97612345",
            "meetingType": "meetingSeries",
            "state": "active",
            "timezone": body.get("timezone", "UTC"),
            "hostUserId": "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9pb2Zz",
            "hostDisplayName": "IOFS Secretariat",
            "hostEmail": "events@iofs.example",
            "hostKey": "123456",
            "siteUrl": SITE,
            "webLink": f"https://{SITE}/iofs/j.php?MTID=m{meeting_id}",
            "sipAddress": f"{number}@{SITE}",
            "dialInIpAddress": "173.243.2.68",
            "enabledAutoRecordMeeting": False,
            "integrationTags": list(body.get("integrationTags", [])),
            "telephony": {"accessCode": number, "callInNumbers": CALL_IN},
        }
        self._schedule(meeting, body)
        if "agenda" in body:
            meeting["agenda"] = body["agenda"]
        if self.keep_password is not None:
            meeting["password"] = self.keep_password
        if "simultaneousInterpretation" in body:
            meeting["simultaneousInterpretation"] = self._channels(body["simultaneousInterpretation"])
        if "registration" in body:
            self._enable_registration(meeting, body["registration"])
        self.meetings[meeting_id] = meeting
        self.api.made(meeting_id)
        return 200, meeting

    def _password_problem(self, body: dict[str, Any]) -> str | None:
        password = body.get("password")
        if self.password_length is not None and password is not None and len(password) < self.password_length:
            return f"Password must be at least {self.password_length} characters long."
        return None

    def _list(self, call: Call) -> Reply:
        tags = call.query.get("integrationTag", [])
        start = _moment(call.query["from"][0]) if "from" in call.query else datetime.min.replace(tzinfo=ZoneInfo("UTC"))
        end = _moment(call.query["to"][0]) if "to" in call.query else start + timedelta(days=7)
        items = [
            meeting
            for meeting in self.meetings.values()
            if all(tag in meeting["integrationTags"] for tag in tags)
            and _moment(meeting["start"]) < end
            and _moment(meeting["end"]) > start
            and self.api.listed(meeting["id"])
        ]
        return 200, {"items": items}

    def _get(self, call: Call) -> Reply:
        meeting = self.meetings.get(call.groups[0])
        return (200, meeting) if meeting is not None else _missing()

    def _patch(self, call: Call) -> Reply:
        meeting = self.meetings.get(call.groups[0])
        if meeting is None:
            return _missing()
        if not (_header(call, "Content-Type") or "").startswith("application/json-patch+json"):
            return _error(415, "Unsupported Media Type: PATCH takes application/json-patch+json.")
        body = call.body
        if not self._valid(body, "webex/patchMeeting"):
            return _error(400, "The request body does not match the schema.")
        problem = _problem({**meeting, **body}) or self._password_problem(body)
        if problem:
            return _error(400, problem)
        for key in ("title", "agenda", "integrationTags"):
            if key in body:
                meeting[key] = body[key]
        if "password" in body:
            meeting["password"] = self.keep_password or body["password"]
        self._schedule(meeting, {**meeting, **body})
        return 200, meeting

    def _delete(self, call: Call) -> Reply:
        if self.meetings.pop(call.groups[0], None) is None:
            return _missing()
        return 204, None

    def _interpretation(self, call: Call) -> Reply:
        meeting = self.meetings.get(call.groups[0])
        if meeting is None:
            return _missing()
        if not self._valid(call.body, "webex/updateMeetingSimultaneousInterpretation"):
            return _error(400, "The request body does not match the schema.")
        problem = _problem({**meeting, "simultaneousInterpretation": call.body})
        if problem:
            return _error(400, problem)
        meeting["simultaneousInterpretation"] = self._channels(call.body)
        return 200, meeting["simultaneousInterpretation"]

    def _put_registration(self, call: Call) -> Reply:
        meeting = self.meetings.get(call.groups[0])
        if meeting is None:
            return _missing()
        if not self._valid(call.body, "webex/updateMeetingRegistration"):
            return _error(400, "The request body does not match the schema.")
        self._enable_registration(meeting, call.body)
        return 200, meeting.get("registration", {})

    def _delete_registration(self, call: Call) -> Reply:
        meeting = self.meetings.get(call.groups[0])
        if meeting is None:
            return _missing()
        meeting.pop("registration", None)
        meeting.pop("registerLink", None)
        return 204, None

    def registrants(self, meeting_id: str) -> list[dict[str, Any]]:
        """The registrants of a meeting."""
        held: list[dict[str, Any]] = self.api.state["registrants"].setdefault(meeting_id, [])
        return held

    def _enrol(self, meeting: dict[str, Any], person: dict[str, Any]) -> dict[str, Any]:
        """Register ``person`` (a new email: checked before), counting it in ``registrations``."""
        registrants = self.registrants(meeting["id"])
        status = "approved" if meeting["registration"].get("autoAcceptRequest") else "pending"
        fields = {key: value for key, value in person.items() if key != "sendEmail"}
        registrant = {"id": uuid.uuid4().hex, "status": status, **fields, "registrationTime": "2021-11-17T09:00:00Z"}
        registrants.append(registrant)
        self.registrations.setdefault(meeting["id"], Counter())[person["email"].lower()] += 1
        return registrant

    def _registered(self, meeting: dict[str, Any], email: str) -> bool:
        return any(item["email"].lower() == email.lower() for item in self.registrants(meeting["id"]))

    def _register(self, call: Call) -> Reply:
        meeting = self.meetings.get(call.groups[0])
        if meeting is None:
            return _missing()
        body = call.body
        if not self._valid(body, "webex/createRegistrant"):
            return _error(400, "The request body does not match the schema.")
        if "registration" not in meeting:
            return _error(400, "Registration is not enabled for this meeting.")
        if self._registered(meeting, body["email"]):
            return _error(409, "The registrant already exists.")
        return 200, self._enrol(meeting, body)

    def _bulk_insert(self, call: Call) -> Reply:
        meeting = self.meetings.get(call.groups[0])
        if meeting is None:
            return _missing()
        if not self._valid(call.body, "webex/createRegistrants"):
            return _error(400, "The request body does not match the schema.")
        if "registration" not in meeting:
            return _error(400, "Registration is not enabled for this meeting.")
        people = call.body.get("items", [])
        if any(self._registered(meeting, person["email"]) for person in people):
            return _error(409, "The registrant already exists.")
        if self.midway is not None:
            people, self.midway = people[: self.midway], None
            for person in people:
                self._enrol(meeting, person)
            return _error(500, "Internal Server Error.")
        return 200, {"items": [self._enrol(meeting, person) for person in people]}

    def _query(self, call: Call) -> Reply:
        meeting = self.meetings.get(call.groups[0])
        if meeting is None:
            return _missing()
        if not self._valid(call.body, "webex/queryMeetingRegistrants"):
            return _error(400, "The request body does not match the schema.")
        most = int(call.query.get("max", ["10"])[0])
        if not 1 <= most <= 100:
            return _error(400, "max: from 1 to 100.")
        emails = {email.lower() for email in call.body["emails"]}
        status = call.body.get("status")
        found = [
            item
            for item in self.registrants(meeting["id"])
            if item["email"].lower() in emails and status in (None, item["status"])
        ]
        return 200, {"items": found[:most]}

    def _cancel(self, call: Call) -> Reply:
        meeting = self.meetings.get(call.groups[0])
        if meeting is None:
            return _missing()
        if not self._valid(call.body, "webex/batchCancelMeetingRegistrants"):
            return _error(400, "The request body does not match the schema.")
        gone = {item["id"] for item in call.body.get("registrants", [])}
        registrants = self.registrants(meeting["id"])
        registrants[:] = [item for item in registrants if item["id"] not in gone]
        return 204, None

    def _schedule(self, meeting: dict[str, Any], body: dict[str, Any]) -> None:
        """Times as Webex returns them: in the meeting's zone, to the minute."""
        zone = ZoneInfo(body.get("timezone") or "UTC")
        meeting["timezone"] = zone.key
        for key in ("start", "end"):
            meeting[key] = _moment(body[key]).astimezone(zone).replace(second=0).isoformat()

    def _channels(self, asked: dict[str, Any]) -> dict[str, Any]:
        """The interpretation the site can give: channels of languages it does not offer are left out."""
        offered = self.languages
        interpreters = [
            {"id": uuid.uuid4().hex, **item}
            for item in asked.get("interpreters", [])
            if offered is None or {item["languageCode1"], item["languageCode2"]} <= offered
        ]
        return {"enabled": bool(asked["enabled"]), "interpreters": interpreters}

    def _enable_registration(self, meeting: dict[str, Any], form: dict[str, Any]) -> None:
        if not self.registration:
            return
        held = {"autoAcceptRequest": False, "requireFirstName": True, "requireLastName": True, "requireEmail": True}
        held.update({key: value for key, value in form.items() if key != "hostEmail"})
        if "maxRegisterNum" in held:
            held["maxRegisterNum"] = min(held["maxRegisterNum"], self.max_registrations)
        meeting["registration"] = held
        meeting["registerLink"] = f"https://{SITE}/weblink/register/r{meeting['id']}"


def _header(call: Call, name: str) -> str | None:
    return next((value for key, value in call.headers.items() if key.lower() == name.lower()), None)


def _error(status: int, message: str) -> Reply:
    return status, {"message": message, "errors": [{"description": message}], "trackingId": "ROUTER_IOFS_TEST"}


def _missing() -> Reply:
    return _error(404, "The requested resource could not be found.")


def _moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=ZoneInfo("UTC"))


def _problem(body: dict[str, Any]) -> str | None:
    """What Webex refuses that the schema lets through, if anything."""
    if len(body.get("title", "")) > 128:
        return "The title can be a maximum of 128 characters long."
    tags = body.get("integrationTags", [])
    if len(tags) > 3 or any(len(tag) > 64 for tag in tags):
        return "integrationTags: at most 3, each at most 64 characters long."
    try:
        ZoneInfo(body.get("timezone") or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return f"Invalid timezone: {body.get('timezone')}"
    length = _moment(body["end"]) - _moment(body["start"])
    if not timedelta(minutes=10) <= length <= timedelta(hours=23, minutes=59):
        return "Duration between start and end must be from 10 minutes to 23 hours 59 minutes."
    for item in (body.get("simultaneousInterpretation") or {}).get("interpreters", []):
        for code in (item["languageCode1"], item["languageCode2"]):
            if len(code) != 2 or not code.isalpha() or not code.islower():
                return f"Invalid language code: {code}"
    return None


def _unknown_keys(body: Any, schema: dict[str, Any], where: str) -> list[str]:
    """The paths of the keys in ``body`` that ``schema`` (resolved) does not declare."""
    if isinstance(body, dict) and "properties" in schema:
        found = []
        for key, value in body.items():
            if key not in schema["properties"]:
                found.append(f"{where}/{key}")
            else:
                found.extend(_unknown_keys(value, schema["properties"][key], f"{where}/{key}"))
        return found
    if isinstance(body, list) and isinstance(schema.get("items"), dict):
        return [
            path for index, item in enumerate(body) for path in _unknown_keys(item, schema["items"], f"{where}/{index}")
        ]
    return []
