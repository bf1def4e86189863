"""Microsoft Graph's online meetings and the identity platform's token endpoint, on top of :class:`FakeApi`.

:func:`install` adds the routes the Teams adapter uses, answering as Graph documents:

- ``POST /{tenant}/oauth2/v2.0/token`` (client credentials, a form body): ``{token_type,
  expires_in, access_token}``, or 401 ``invalid_client`` for a wrong secret;
- ``POST /v1.0/users/{user}/onlineMeetings/createOrGet``: 201 and a new meeting, or 200 and the
  meeting that already has the ``externalId``, unchanged (Graph's createOrGet);
- ``GET``/``PATCH``/``DELETE /v1.0/users/{user}/onlineMeetings/{id}``: 200 with the meeting,
  200 with the updated meeting, 204; 404 for a meeting that does not exist.

Graph requests need ``Authorization: Bearer`` with a token the server issued and still honours
(``api.state["tokens"]``; clear it to make every token expire); otherwise 401. Bodies are checked
against the schemas extracted from the Graph specs, and a field that the operation does not have
is refused with 400 as Graph does (the schemas, without ``additionalProperties``, would let it pass).
State: ``api.state["meetings"]`` (id → meeting), ``["token_lifetime"]`` (seconds), ``["audio"]``
(whether the organizer has audio conferencing, so that meetings get dial-in numbers).
"""

from __future__ import annotations

import base64
import json
import re
import secrets
from datetime import UTC, datetime
from functools import cache
from typing import Any
from urllib.parse import parse_qs, unquote

from tests.platforms.fake_api import SCHEMAS, Call, FakeApi, Reply

TENANT = "contoso.onmicrosoft.com"
CLIENT_ID = "6731de76-14a6-49ae-97bc-6eba6914391e"
CLIENT_SECRET = "tE8Q~client-secret-must-not-leak~9xZ"
USER_ID = "organizer@contoso.example"
GRAPH = "/v1.0"
MEETINGS = rf"{GRAPH}/users/([^/]+)/onlineMeetings"
TOKEN = r"/([^/]+)/oauth2/v2\.0/token"
CREATE = "msgraph/user.onlineMeeting_createOrGet"
UPDATE = "msgraph/user_UpdateOnlineMeeting"
TOLL = "+1 425-555-0100"  # written as Graph gives it; E.164 +14255550100
TOLL_FREE = "+1 800-555-0199"


def install(api: FakeApi) -> None:
    """Add the token endpoint and the online meetings routes to ``api``, with empty state."""
    api.state.update(meetings={}, tokens=set(), token_lifetime=3599, audio=True, issued=0)
    api.route("POST", TOKEN, lambda call: _token(api, call))
    api.route("POST", rf"{MEETINGS}/createOrGet", lambda call: _graph(api, call, _create_or_get))
    api.route("GET", rf"{MEETINGS}/([^/]+)", lambda call: _graph(api, call, _get))
    api.route("PATCH", rf"{MEETINGS}/([^/]+)", lambda call: _graph(api, call, _patch))
    api.route("DELETE", rf"{MEETINGS}/([^/]+)", lambda call: _graph(api, call, _delete))


def _error(status: int, code: str, message: str) -> Reply:
    return status, {"error": {"code": code, "message": message, "innerError": {"request-id": "fake"}}}


def _token(api: FakeApi, call: Call) -> Reply:
    """The identity platform's token endpoint, for the client credentials grant only."""
    form = {key: values[0] for key, values in parse_qs(call.raw.decode()).items()}
    expected = {"grant_type", "client_id", "client_secret", "scope"}
    problems = []
    if call.headers.get("Content-Type") != "application/x-www-form-urlencoded":
        problems.append(f"token: Content-Type is {call.headers.get('Content-Type')!r}")
    if set(form) != expected:
        problems.append(f"token: fields {sorted(form)}, expected {sorted(expected)}")
    if form.get("grant_type") != "client_credentials" or not re.fullmatch(
        r"https?://[^/]+/\.default", form.get("scope", "")
    ):
        problems.append(f"token: grant {form.get('grant_type')!r}, scope {form.get('scope')!r}")
    if problems:
        api.schema_errors.extend(problems)
        return 400, {"error": "invalid_request", "error_description": "AADSTS900144: malformed request."}
    if call.groups[0] != TENANT:
        return 400, {
            "error": "invalid_request",
            "error_description": f"AADSTS90002: Tenant '{call.groups[0]}' not found.",
        }
    if form["client_id"] != CLIENT_ID or form["client_secret"] != CLIENT_SECRET:
        description = "AADSTS7000215: Invalid client secret provided.\r\nTrace ID: 0\r\nCorrelation ID: 0"
        return 401, {"error": "invalid_client", "error_description": description, "error_codes": [7000215]}
    with api.lock:
        api.state["issued"] += 1
        token = f"eyJ0eXAiOiJKV1Qi.fake-access-token-{api.state['issued']}.{secrets.token_urlsafe(8)}"
        api.state["tokens"].add(token)
    return 200, {
        "token_type": "Bearer",
        "expires_in": api.state["token_lifetime"],
        "ext_expires_in": 3599,
        "access_token": token,
    }


def _graph(api: FakeApi, call: Call, handler: Any) -> Reply:
    """Authenticate and find the organizer, then run ``handler``."""
    authorization = call.headers.get("Authorization", "")
    if not authorization.startswith("Bearer ") or authorization[7:] not in api.state["tokens"]:
        return _error(401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.")
    if unquote(call.groups[0]) != USER_ID:
        return _error(404, "NotFound", "The requested user is invalid.")
    result: Reply = handler(api, call)
    return result


@cache
def _fields(schema: str) -> frozenset[str]:
    """The top-level fields of an operation's body: those of its schema and the schemas it combines."""

    def names(node: dict[str, Any]) -> set[str]:
        return set(node.get("properties", {})).union(*(names(part) for part in node.get("allOf", [])))

    return frozenset(names(json.loads((SCHEMAS / f"{schema}.json").read_text(encoding="utf-8"))))


def _valid(api: FakeApi, body: Any, schema: str) -> bool:
    if not api.check(body, schema):
        return False
    unknown = sorted(set(body) - _fields(schema)) if isinstance(body, dict) else []
    api.schema_errors.extend(f"{schema}: (body): unknown field {name!r}" for name in unknown)
    return not unknown


def _utc(value: str) -> str:
    """A date-time as Graph gives it back: in UTC with seven decimals."""
    return datetime.fromisoformat(value).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f0Z")


def _create_or_get(api: FakeApi, call: Call) -> Reply:
    body = call.body
    if not _valid(api, body, CREATE) or not body.get("externalId"):
        return _error(400, "BadRequest", "Invalid request body.")
    with api.lock:
        for meeting in api.state["meetings"].values():
            if meeting["externalId"] == body["externalId"]:
                return 200, meeting
        meeting = _new(api, body)
        api.state["meetings"][meeting["id"]] = meeting
    return 201, meeting


def _new(api: FakeApi, body: dict[str, Any]) -> dict[str, Any]:
    """A meeting the way Graph returns one (trimmed of the fields nobody reads)."""
    number = len(api.state["meetings"]) + 1
    thread = f"19:meeting_{secrets.token_urlsafe(12)}@thread.v2"
    meeting_id = base64.b64encode(f"1*{USER_ID}*0**{thread}".encode()).decode()  # may end in "=": quoted in paths
    meeting: dict[str, Any] = {
        "@odata.context": f"{api.url}{GRAPH}/$metadata#users('{USER_ID}')/onlineMeetings/$entity",
        "id": meeting_id,
        "externalId": body["externalId"],
        "creationDateTime": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f0Z"),
        "startDateTime": _utc(body["startDateTime"]),
        "endDateTime": _utc(body["endDateTime"]),
        "subject": body.get("subject"),
        "joinWebUrl": f"https://teams.microsoft.com/l/meetup-join/{thread.replace(':', '%3a').replace('@', '%40')}/0",
        "joinUrl": None,
        "isBroadcast": False,
        "videoTeleconferenceId": None,
        "joinMeetingIdSettings": {
            "isPasscodeRequired": True,
            "joinMeetingId": f"3{number:03d} 4567 8901",
            "passcode": f"Tm{number}xQ7",
        },
        "participants": {
            "organizer": {"upn": USER_ID, "role": "presenter", "identity": {"user": {"id": USER_ID}}},
            "attendees": [],
        },
        "chatInfo": {"threadId": thread, "messageId": "0", "replyChainMessageId": None},
        "audioConferencing": None,
    }
    if api.state["audio"]:
        meeting["audioConferencing"] = {
            "conferenceId": f"{number}234567",
            "tollNumber": TOLL,
            "tollNumbers": [TOLL, "+44 20 7946 0000"],
            "tollFreeNumber": TOLL_FREE,
            "tollFreeNumbers": [TOLL_FREE, "not a number"],
            "dialinUrl": "https://dialin.teams.microsoft.com/fake?id=1234567",
        }
    return meeting


def _find(api: FakeApi, call: Call) -> dict[str, Any] | None:
    meeting: dict[str, Any] | None = api.state["meetings"].get(unquote(call.groups[1]))
    return meeting


def _get(api: FakeApi, call: Call) -> Reply:
    meeting = _find(api, call)
    return (200, meeting) if meeting is not None else _error(404, "NotFound", "Meeting not found.")


def _patch(api: FakeApi, call: Call) -> Reply:
    meeting = _find(api, call)
    if meeting is None:
        return _error(404, "NotFound", "Meeting not found.")
    if not _valid(api, call.body, UPDATE):
        return _error(400, "BadRequest", "Invalid request body.")
    for key, value in call.body.items():
        meeting[key] = _utc(value) if key.endswith("DateTime") else value
    return 200, meeting


def _delete(api: FakeApi, call: Call) -> Reply:
    with api.lock:
        meeting = api.state["meetings"].pop(unquote(call.groups[1]), None)
    return (204, None) if meeting is not None else _error(404, "NotFound", "Meeting not found.")
