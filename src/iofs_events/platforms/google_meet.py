"""Google Meet, through Google Calendar: a calendar event whose conference data is a Meet call.

Calendar makes the Meet link when an event is inserted with ``conferenceDataVersion=1`` and a
``conferenceData.createRequest``; Meet itself has no passcode, registration or interpretation.
The calendar event's id is chosen by us, derived from the event's identifier, so a create that is
sent again after a lost response meets ``409 Conflict`` and reads back the event it made the first
time: never two meetings for one event. Calendar keeps deleted events (``status: cancelled``),
so a create after a delete restores the old one. The conference may be ``pending`` at first; it
is read back, a bounded number of times, until it succeeds. Access tokens come from the OAuth
refresh-token grant. Calendar says that a rate limit is reached with a ``429``, or with a ``403``
whose reason is ``rateLimitExceeded`` or ``userRateLimitExceeded``: both are waited out.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import TYPE_CHECKING, Any, Unpack, cast
from urllib.parse import quote

import attrs
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

from .._enums import EventStatus
from .._meeting import DialIn, OnlineMeeting
from .._schedule import TimeSpan
from ..exceptions import PlatformError, ValidationError
from ..settings import load_settings, settings_config
from ._base import Capabilities, Meeting, Registrant, meeting_wanted, online_meeting, requirements
from ._http import Api, HttpOptions, Token, read_token

if TYPE_CHECKING:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import httpx

    from .._event import Event

_PREFIX = "iofs"  # base32hex letters, so the whole calendar event id stays in Calendar's alphabet
_OWNER = "iofsEventId"  # the private extended property naming the event a calendar event belongs to
_EVENT = "a calendar event"
_RATE_LIMITED = re.compile(r'"reason"\s*:\s*"(?:user)?[rR]ateLimitExceeded"')


class GoogleSettings(BaseSettings):
    """A Google OAuth client and a refresh token with the Calendar scope, for Meet links on calendar events.

    ``IOFS_GOOGLE_CLIENT_ID``, ``_CLIENT_SECRET`` and ``_REFRESH_TOKEN``; ``IOFS_GOOGLE_CALENDAR_ID``
    (default ``primary``) is the calendar that holds the events.
    """

    model_config = settings_config("IOFS_GOOGLE_")

    client_id: str
    client_secret: SecretStr
    refresh_token: SecretStr
    calendar_id: str = "primary"
    api_url: str = "https://www.googleapis.com/calendar/v3"
    token_url: str = "https://oauth2.googleapis.com/token"
    timeout: float = Field(default=10.0, gt=0)


class GoogleMeetPlatform:
    """Meet calls attached to events of one Google Calendar (``primary`` unless settings name another)."""

    name = "google_meet"
    capabilities = Capabilities(dial_in=True, idempotent_create=True)
    pending_reads = 5
    """How many times a conference still ``pending`` is read back before the adapter gives up waiting."""

    def __init__(
        self,
        settings: GoogleSettings | None = None,
        **http: Unpack[HttpOptions],
    ) -> None:
        if settings is None:
            settings = load_settings(GoogleSettings)
        self.settings = settings
        self._api = Api(
            self.name,
            settings.api_url,
            token=Token(self._fetch_token),
            timeout=settings.timeout,
            **http,
            limited=_rate_limited,
            secrets=(settings.client_secret, settings.refresh_token),
        )
        self._events = f"/calendars/{quote(settings.calendar_id, safe='')}/events"

    @staticmethod
    def calendar_event_id(event: Event) -> str:
        """The id of ``event``'s calendar event: its identifier in base32hex, which Calendar accepts as an id."""
        encoded = base64.b32hexencode(event.id.encode()).decode().rstrip("=").lower()
        return _PREFIX + encoded

    def create(self, event: Event) -> Meeting:
        """Insert the calendar event with a Meet conference; a retry finds the one already made."""
        requirements(self.name, self.capabilities, event)
        meeting_wanted(self.name, event)
        body = self._body(event)
        event_id = self.calendar_event_id(event)
        body["id"] = event_id
        body["conferenceData"] = {
            "createRequest": {
                "requestId": hashlib.sha256(f"iofs-events/{event.id}".encode()).hexdigest()[:40],
                "conferenceSolutionKey": {"type": "hangoutsMeet"},
            }
        }
        body["extendedProperties"] = {"private": {_OWNER: event.id}}
        try:
            data = self._api.json(
                "POST", self._events, json=body, params={"conferenceDataVersion": 1}, expect=("id",), what=_EVENT
            )
        except PlatformError as error:
            if error.status != 409:
                raise
            data = self._existing(event, event_id, body)
        return self._meeting(self._settle(data), event)

    def get(self, meeting_id: str) -> Meeting:
        """The meeting as Calendar holds it; a deleted calendar event is an error (status 410)."""
        data = self._read(meeting_id)
        if data.get("status") == "cancelled":
            raise PlatformError(f"{self.name}: the calendar event {meeting_id!r} has been deleted", status=410)
        return self._meeting(data, None)

    def update(self, event: Event) -> Meeting:
        """Patch the calendar event's title, description, times and status, then read it back."""
        requirements(self.name, self.capabilities, event)
        meeting_wanted(self.name, event, update=True)
        body = self._body(event, patch=True)
        meeting = event.online_meeting
        if meeting is None or meeting.platform != self.name or meeting.meeting_id is None:
            raise PlatformError(f"{self.name}: the event has no Google Meet meeting to update; create one first")
        path = f"{self._events}/{quote(meeting.meeting_id, safe='')}"
        self._api.request("PATCH", path, json=body, params={"conferenceDataVersion": 1})
        return self._meeting(self._settle(self._read(meeting.meeting_id)), event)

    def delete(self, meeting_id: str) -> None:
        """Delete the calendar event and so its Meet link; one already gone (404, 410) is no error."""
        self._api.request("DELETE", f"{self._events}/{quote(meeting_id, safe='')}", missing_ok=True)

    def register(self, event: Event, registrant: Registrant) -> str | None:
        """Refused: Google Meet has no registration of participants."""
        requirements(self.name, self.capabilities, event, register=True)
        return None  # pragma: no cover - requirements() has refused

    def close(self) -> None:
        """Close the HTTP client, if the adapter made it."""
        self._api.close()

    def _fetch_token(self, client: httpx.Client) -> tuple[str, float]:
        """An access token from the refresh-token grant, and its lifetime; the secrets go only in the form."""
        form = {
            "grant_type": "refresh_token",
            "client_id": self.settings.client_id,
            "client_secret": self.settings.client_secret.get_secret_value(),
            "refresh_token": self.settings.refresh_token.get_secret_value(),
        }
        return read_token(client.post(self.settings.token_url, data=form), platform=self.name)

    def _body(self, event: Event, *, patch: bool = False) -> dict[str, Any]:
        """What the calendar event says of ``event``; refuses, before any call, an event without times."""
        schedule = event.schedule
        if not isinstance(schedule, TimeSpan):
            raise PlatformError(
                f"{self.name}: a meeting needs the event's start and end times, which are not fixed yet"
            )
        body: dict[str, Any] = {
            "summary": event.title,
            "start": _event_date_time(schedule.starts_at),
            "end": _event_date_time(schedule.ends_at),
            "status": "tentative" if event.status is EventStatus.TENTATIVE else "confirmed",
        }
        lines = [text for text in (event.summary, event.url) if text is not None]
        if lines or patch:  # a patch clears a description the event no longer has
            body["description"] = "\n\n".join(lines)
        return body

    def _existing(self, event: Event, event_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """The calendar event that a create found already there (409): ours, made by an earlier attempt.

        One deleted before (Calendar keeps it, cancelled) is restored with the event's facts.
        """
        data = self._read(event_id)
        owner = data.get("extendedProperties", {}).get("private", {}).get(_OWNER)
        if owner is not None and owner != event.id:
            raise PlatformError(
                f"{self.name}: the calendar event {event_id!r} exists and belongs to another event", status=409
            )
        if data.get("status") != "cancelled":
            return data
        restore = {key: value for key, value in body.items() if key != "id"}
        path = f"{self._events}/{event_id}"
        return self._api.json(
            "PATCH", path, json=restore, params={"conferenceDataVersion": 1}, expect=("id",), what=_EVENT
        )

    def _read(self, meeting_id: str) -> dict[str, Any]:
        """The calendar event ``meeting_id`` as Calendar returns it (deleted ones too, as cancelled)."""
        return self._api.json("GET", f"{self._events}/{quote(meeting_id, safe='')}", expect=("id",), what=_EVENT)

    def _settle(self, data: dict[str, Any]) -> dict[str, Any]:
        """``data`` read again, with growing pauses, while its conference is being created (``pending_reads`` times)."""
        for attempt in range(self.pending_reads):
            if _conference_status(data) != "pending":
                break
            self._api.sleep(self._api.backoff(attempt))
            data = self._read(str(data["id"]))
        return data

    def _meeting(self, data: dict[str, Any], event: Event | None) -> Meeting:
        """The meeting that the calendar event ``data`` holds, and what of ``event``'s wishes it lacks."""
        conference = data.get("conferenceData") or {}
        points = conference.get("entryPoints") or []
        join_url = data.get("hangoutLink") or next(
            (point["uri"] for point in points if point.get("entryPointType") == "video" and point.get("uri")), None
        )
        facts: dict[str, Any] = {
            "platform": self.name,
            "join_url": join_url,
            "meeting_id": str(data["id"]),
            "dial_in": _dial_in(points),
        }
        not_applied = []
        if join_url is None:
            not_applied.append(_missing_conference(_conference_status(data)))
        if event is None:
            return Meeting(online_meeting=OnlineMeeting(**facts), not_applied=tuple(not_applied))
        # Meet has no passcode and no host link: what the event had (from another platform) must not remain.
        found = attrs.evolve(online_meeting(event, **facts), join_url=join_url, passcode=None, host_url=None)
        if event.online_meeting is not None and event.online_meeting.passcode is not None:
            not_applied.append(
                "a passcode: Google Meet has none (the host admits guests from outside the organization)"
            )
        if event.registration is not None and event.registration.required:
            not_applied.append("registration of participants: Google Meet has none (register them elsewhere)")
        return Meeting(online_meeting=found, not_applied=tuple(not_applied))


def _rate_limited(response: httpx.Response) -> bool:
    """A rate limit, to wait out: a 429, or a 403 whose reason is ``rateLimitExceeded`` or ``userRateLimitExceeded``.

    (A 403 ``dailyLimitExceeded`` or ``quotaExceeded`` is no such limit: waiting minutes does not lift it.)
    """
    return response.status_code == 429 or (response.status_code == 403 and bool(_RATE_LIMITED.search(response.text)))


def _event_date_time(value: datetime) -> dict[str, str]:
    """A Calendar ``EventDateTime``: the local time with its offset, and the IANA zone it is planned in."""
    return {"dateTime": value.isoformat(timespec="seconds"), "timeZone": cast("ZoneInfo", value.tzinfo).key}


def _conference_status(data: dict[str, Any]) -> str | None:
    """The status of the conference's create request: ``pending``, ``success``, ``failure``, or ``None``."""
    request = (data.get("conferenceData") or {}).get("createRequest") or {}
    status = (request.get("status") or {}).get("statusCode")
    return str(status) if status is not None else None


def _missing_conference(status: str | None) -> str:
    """Why there is no join link, in words, by the conference's status."""
    if status == "pending":
        return "the Google Meet link: Calendar is still creating it; get the meeting again later"
    if status == "failure":
        return "the Google Meet link: Calendar could not create the conference"
    return "the Google Meet link: Calendar attached no conference (is Google Meet allowed for this account?)"


def _dial_in(points: list[dict[str, Any]]) -> tuple[DialIn, ...]:
    """The phone entry points as dial-in numbers (``tel:+1-650-...,,123#`` becomes ``+1650...``).

    The phone ``pin`` identifies the meeting on the phone line; it is not a passcode. A number
    that is not a valid phone number is left out; so is a region that is not a country.
    """
    numbers: dict[str, DialIn] = {}
    for point in points:
        uri = point.get("uri") or ""
        if point.get("entryPointType") != "phone" or not uri.startswith("tel:"):
            continue
        number = re.split(r"[,;]", uri.removeprefix("tel:"), maxsplit=1)[0]
        for facts in ({"country": point.get("regionCode")}, {}):
            try:
                dial_in = DialIn(number=number, **facts)
            except ValidationError:
                continue
            numbers.setdefault(dial_in.number, dial_in)
            break
    return tuple(numbers.values())
