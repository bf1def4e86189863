"""Microsoft Teams meetings through Microsoft Graph, as one organizer, with an app's client credentials.

The app (a Microsoft Entra app with the ``OnlineMeetings.ReadWrite.All`` application permission,
and an application access policy that lets it act for the organizer ``user_id``) gets a token
with the client credentials grant and makes meetings with ``createOrGet``, keyed by the event's
identifier as ``externalId``: a create whose reply was lost and is sent again gets the same
meeting back, never a second one. Graph keeps meeting times in UTC and has no time zone for
them, so times go as UTC ``Z``.

Teams offers neither interpretation nor, for meetings, registration through the API (only its
webinars have registration), so the adapter refuses both before any call. Teams makes the
passcode itself: an event's own passcode cannot be set, and is reported in ``not_applied``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Unpack
from urllib.parse import quote, urlsplit

from attrs import evolve
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

from .._meeting import DialIn, OnlineMeeting
from .._schedule import DateSpan, TimeSpan
from ..exceptions import PlatformError, ValidationError
from ..settings import load_settings, settings_config
from ._base import Capabilities, Meeting, Registrant, meeting_wanted, online_meeting, requirements
from ._http import Api, HttpOptions, Token, read_token

if TYPE_CHECKING:
    import httpx

    from .._event import Event

_MEETING = "an online meeting"
# audioConferencing's numbers, the single ones first (Graph's own order of preference).
_NUMBERS = ("tollNumber", "tollNumbers", "tollFreeNumber", "tollFreeNumbers")


class TeamsSettings(BaseSettings):
    """A Microsoft Entra app with the client credentials grant, for Teams meetings through Microsoft Graph.

    ``IOFS_TEAMS_TENANT_ID``, ``_CLIENT_ID`` and ``_CLIENT_SECRET``; ``IOFS_TEAMS_USER_ID`` is the
    organizer on whose behalf meetings are made.
    """

    model_config = settings_config("IOFS_TEAMS_")

    tenant_id: str
    client_id: str
    client_secret: SecretStr
    user_id: str
    graph_url: str = "https://graph.microsoft.com/v1.0"
    login_url: str = "https://login.microsoftonline.com"
    timeout: float = Field(default=10.0, gt=0)


class TeamsPlatform:
    """Teams meetings of one organizer (``IOFS_TEAMS_USER_ID``), through Microsoft Graph's ``onlineMeetings``."""

    name = "teams"
    capabilities = Capabilities(dial_in=True, idempotent_create=True)

    def __init__(
        self,
        settings: TeamsSettings | None = None,
        **http: Unpack[HttpOptions],
    ) -> None:
        if settings is None:
            settings = load_settings(TeamsSettings)
        self.settings = settings
        self._meetings = f"/users/{quote(settings.user_id, safe='')}/onlineMeetings"
        self._api = Api(
            self.name,
            settings.graph_url,
            token=Token(self._fetch_token),
            timeout=settings.timeout,
            **http,
            secrets=(settings.client_secret,),
        )

    def __repr__(self) -> str:
        return f"TeamsPlatform(user_id={self.settings.user_id!r}, graph_url={self.settings.graph_url!r})"

    def create(self, event: Event) -> Meeting:
        """Create the meeting of ``event`` (``createOrGet``, so never twice), as Teams holds it.

        A meeting that an earlier create made for the event, with other times or title since, is
        brought in step (change, then read back).
        """
        requirements(self.name, self.capabilities, event)
        meeting_wanted(self.name, event)
        asked = _asked(event)
        response = self._api.request("POST", f"{self._meetings}/createOrGet", json={"externalId": event.id, **asked})
        assert response is not None  # only missing_ok requests answer None
        data = self._api.object(response, expect=("id",), what=_MEETING)
        if response.status_code == 200 and _differences(data, asked):
            return self._change(event, str(data["id"]), asked)
        return self._meeting(data, event, asked)

    def get(self, meeting_id: str) -> Meeting:
        """The meeting as Teams holds it now."""
        return self._meeting(self._api.json("GET", self._path(meeting_id), expect=("id",), what=_MEETING))

    def update(self, event: Event) -> Meeting:
        """Move or retitle the event's meeting (its ``online_meeting.meeting_id``), then read it back."""
        requirements(self.name, self.capabilities, event)
        meeting_wanted(self.name, event, update=True)
        asked = _asked(event)
        meeting = event.online_meeting
        if meeting is None or meeting.meeting_id is None:
            raise PlatformError(
                "teams: the event has no meeting to update (online_meeting.meeting_id); create it first"
            )
        if meeting.platform != self.name:
            raise PlatformError(f"teams: the event's meeting is on {meeting.platform}, not Teams; create it on Teams")
        return self._change(event, meeting.meeting_id, asked)

    def delete(self, meeting_id: str) -> None:
        """Delete the meeting; one already gone (404) is not an error."""
        self._api.request("DELETE", self._path(meeting_id), missing_ok=True)

    def register(self, event: Event, registrant: Registrant) -> str | None:
        """Refused: Teams meetings have no registration (only Teams webinars do, which this adapter does not make)."""
        requirements(self.name, self.capabilities, event, register=True)
        return None  # pragma: no cover - requirements() has refused

    def close(self) -> None:
        """Close the HTTP client, if the adapter made it."""
        self._api.close()

    def _path(self, meeting_id: str) -> str:
        return f"{self._meetings}/{quote(meeting_id, safe='')}"

    def _change(self, event: Event, meeting_id: str, asked: dict[str, str]) -> Meeting:
        """PATCH the meeting, then GET it: the read-back says what Teams applied."""
        path = self._path(meeting_id)
        self._api.request("PATCH", path, json=asked)
        return self._meeting(self._api.json("GET", path, expect=("id",), what=_MEETING), event, asked)

    def _fetch_token(self, client: httpx.Client) -> tuple[str, float]:
        """An app token from the Microsoft identity platform (client credentials), and its lifetime."""
        settings = self.settings
        tenant = settings.tenant_id
        graph = urlsplit(settings.graph_url)
        url = f"{settings.login_url.rstrip('/')}/{quote(tenant, safe='')}/oauth2/v2.0/token"
        form = {
            "grant_type": "client_credentials",
            "client_id": settings.client_id,
            "client_secret": settings.client_secret.get_secret_value(),
            # the Graph of the cloud in use: graph.microsoft.com, graph.microsoft.us...
            "scope": f"{graph.scheme}://{graph.netloc}/.default",
        }
        return read_token(client.post(url, data=form), platform=self.name, what=f"token request for tenant {tenant}")

    def _meeting(
        self, data: dict[str, Any], event: Event | None = None, asked: dict[str, str] | None = None
    ) -> Meeting:
        """The :class:`Meeting` of Graph's ``onlineMeeting`` ``data``; with ``event``, what it did not apply."""
        join_url = data.get("joinWebUrl") or data.get("joinUrl")
        ids = data.get("joinMeetingIdSettings")
        passcode = ids.get("passcode") if isinstance(ids, dict) else None
        if not join_url:
            raise PlatformError("teams: the meeting Graph returned has no join link (joinWebUrl)")
        # Teams owns these facts: one it lacks must not survive from the event (another platform's).
        facts: dict[str, Any] = {
            "join_url": join_url,
            "meeting_id": str(data["id"]),
            "passcode": passcode or None,
            "dial_in": _dial_in(data.get("audioConferencing")),
            "host_url": None,
        }
        try:
            if event is None:
                return Meeting(online_meeting=OnlineMeeting(platform=self.name, **facts))
            current = evolve(online_meeting(event, platform=self.name), **facts)
        except ValidationError as error:
            raise PlatformError(f"teams: the meeting Graph returned is not usable: {error}") from None
        return Meeting(online_meeting=current, not_applied=_not_applied(event, data, asked or {}, current))


def _asked(event: Event) -> dict[str, str]:
    """What Graph is asked for: the event's times in UTC and its title; refused with no schedule of times."""
    schedule = event.schedule
    if not isinstance(schedule, TimeSpan):
        has = "only days, no times yet" if isinstance(schedule, DateSpan) else "no schedule"
        raise PlatformError(f"teams: a meeting needs the event's start and end times, and it has {has}")
    return {"startDateTime": _utc(schedule.starts_at), "endDateTime": _utc(schedule.ends_at), "subject": event.title}


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _instant(value: Any) -> datetime | None:
    """A Graph date-time (UTC, up to seven decimals) as an aware datetime; ``None`` if it is not one."""
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _differences(data: dict[str, Any], asked: dict[str, str]) -> list[str]:
    """Which of the asked fields the meeting holds otherwise (times compared as instants)."""
    return [
        key
        for key, value in asked.items()
        if (_instant(data.get(key)) != _instant(value) if key.endswith("DateTime") else data.get(key) != value)
    ]


def _dial_in(audio: Any) -> tuple[DialIn, ...]:
    """The dial-in numbers of ``audioConferencing``, in E.164, each once; numbers that are not valid are skipped."""
    if not isinstance(audio, dict):
        return ()
    found: list[DialIn] = []
    for key in _NUMBERS:
        value = audio.get(key)
        for number in value if isinstance(value, list) else [value]:
            if not isinstance(number, str):
                continue
            try:
                dial_in = DialIn(number=number)
            except ValidationError:
                continue
            if dial_in not in found:
                found.append(dial_in)
    return tuple(found)


def _not_applied(event: Event, data: dict[str, Any], asked: dict[str, str], current: OnlineMeeting) -> tuple[str, ...]:
    """In words, what ``event`` asked for that the meeting Teams holds does not have."""
    words = {
        "startDateTime": "the start time: Teams holds {}",
        "endDateTime": "the end time: Teams holds {}",
        "subject": "the title: Teams holds {}",
    }
    notes = [words[key].format(repr(data.get(key))) for key in _differences(data, asked)]
    wished = event.online_meeting
    if wished is not None and wished.passcode is not None and wished.passcode != current.passcode:
        notes.append("the event's passcode: Teams sets its own passcode and takes none")
    if wished is not None and wished.dial_in and not current.dial_in:
        notes.append("dial-in by telephone: the organizer has no Teams audio conferencing")
    if event.registration is not None and event.registration.required:
        notes.append("registration: Teams meetings have none (Teams webinars do); anyone with the link can join")
    return tuple(notes)
