"""Webex Meetings through the Webex REST API, with the bearer access token of an integration or bot.

A meeting carries the event's identifier in ``integrationTags``; Webex does not deduplicate
creates, so when a create's reply is lost (or a 5xx leaves it unknown) the adapter looks the
meeting up by that tag before it sends the create again: one event never gets two meetings.
Interpretation is ``simultaneousInterpretation`` with one channel of ISO 639-1 languages from the
floor to each target; registration is Webex's registration form (no personal join links: the
confirmation email carries the link). ``PATCH`` cannot change interpretation or registration,
so an update sets them through their own endpoints, only when the patched meeting differs.
Every meeting returned is built from what Webex answered, and what it did not apply is reported.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Unpack
from urllib.parse import quote

import attrs
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

from .._checks import countries
from .._enums import EventFormat
from .._meeting import DialIn, OnlineMeeting
from .._schedule import TimeSpan
from .._wording import language_name
from ..exceptions import CapabilityError, PlatformError, ValidationError
from ..settings import load_settings, settings_config
from ._base import Capabilities, Meeting, Registrant, requirements
from ._http import Api, HttpOptions

if TYPE_CHECKING:
    import httpx

    from .._event import Event
    from .._registration import Registration

logger = logging.getLogger("iofs_events.platforms")

_SHORTEST = timedelta(minutes=10)  # Webex: a meeting lasts 10 minutes to 23 hours 59 minutes
_LONGEST = timedelta(hours=23, minutes=59)
_TITLE = 128  # the characters Webex keeps of a title, and of an agenda
_AGENDA = 1300
_TAG = 64  # the longest integration tag
_BACKOFF = 0.5  # seconds before looking for a meeting whose create lost its reply, doubled each time


class WebexSettings(BaseSettings):
    """A Webex integration or bot token: ``IOFS_WEBEX_ACCESS_TOKEN``."""

    model_config = settings_config("IOFS_WEBEX_")

    access_token: SecretStr
    api_url: str = "https://webexapis.com/v1"
    timeout: float = Field(default=10.0, gt=0)


class WebexPlatform:
    """Meetings on Webex (``https://webexapis.com/v1`` unless settings name another API URL)."""

    name = "webex"
    capabilities = Capabilities(registration=True, dial_in=True, interpretation=True)  # a lost create: looked up

    def __init__(
        self,
        settings: WebexSettings | None = None,
        **http: Unpack[HttpOptions],
    ) -> None:
        if settings is None:
            settings = load_settings(WebexSettings)
        self.settings = settings
        self._api = Api(
            self.name,
            settings.api_url,
            timeout=settings.timeout,
            **http,
        )

    def create(self, event: Event) -> Meeting:
        """Schedule the meeting of ``event``, or find the one a lost reply already made."""
        requirements(self.name, self.capabilities, event)
        span = _span(event)
        pairs = self._pairs(event)
        body = self._changes(event, span)
        body["integrationTags"] = [_tag(event)]
        if pairs:
            body["simultaneousInterpretation"] = _interpretation(pairs)
        rules = _required_registration(event)
        if rules is not None:
            body["registration"] = _form(rules)
        return self._meeting(event, self._create(body, span))

    def get(self, meeting_id: str) -> Meeting:
        """The meeting as Webex holds it now."""
        held = self._json("GET", f"/meetings/{_quote(meeting_id)}")
        interpretation = dict.fromkeys(second for _, second in _pairs_held(held))
        return Meeting(
            online_meeting=attrs.evolve(OnlineMeeting(platform=self.name), **_facts(held)),
            interpretation=tuple(interpretation),
            registration=_registered(held),
        )

    def update(self, event: Event) -> Meeting:
        """Patch the meeting to the event's title, times and passcode, then read it back.

        Interpretation and registration, which ``PATCH`` does not take, are set through their
        own endpoints only when the patched meeting differs from what the event asks.
        """
        requirements(self.name, self.capabilities, event)
        meeting_id = _quote(self._meeting_id(event))
        span = _span(event)
        pairs = self._pairs(event)
        path = f"/meetings/{meeting_id}"
        patched = self._json(
            "PATCH", path, json=self._changes(event, span), headers={"Content-Type": "application/json-patch+json"}
        )
        if _channels(patched) != {frozenset(pair) for pair in pairs}:
            self._json("PUT", f"{path}/simultaneousInterpretation", json=_interpretation(pairs))
        current = patched.get("registration")
        rules = _required_registration(event)
        if rules is not None:
            if not current or (rules.capacity is not None and current.get("maxRegisterNum") != rules.capacity):
                self._json("PUT", f"{path}/registration", json=_form(rules))
        elif current:
            self._request("DELETE", f"{path}/registration", missing_ok=True)
        return self._meeting(event, self._json("GET", path))

    def delete(self, meeting_id: str) -> None:
        """Delete the meeting; one already gone (404, 410) is not an error."""
        self._request("DELETE", f"/meetings/{_quote(meeting_id)}", missing_ok=True)

    def register(self, event: Event, registrant: Registrant) -> str | None:
        """Register ``registrant``; ``None``, as Webex emails the join link instead of returning one."""
        requirements(self.name, self.capabilities, event, register=True)
        meeting_id = _quote(self._meeting_id(event))
        if _required_registration(event) is None:
            raise PlatformError(
                f"{self.name}: the event does not require registration, so its meeting has no registration form"
            )
        if registrant.last_name is None:
            raise PlatformError(f"{self.name}: Webex requires a registrant's last name (lastName)")
        body = {"firstName": registrant.first_name, "lastName": registrant.last_name, "email": registrant.email}
        self._json("POST", f"/meetings/{meeting_id}/registrants", json=body)
        return None

    def close(self) -> None:
        """Release the HTTP connections."""
        self._api.close()

    def _create(self, body: dict[str, Any], span: TimeSpan) -> dict[str, Any]:
        """Send the create; when its outcome is unknown, find the meeting by its tag before sending it again."""
        attempt = 0
        while True:
            try:
                return self._json("POST", "/meetings", json=body, idempotent=False)
            except PlatformError as error:
                if error.status is not None and error.status < 500:
                    raise
                if attempt >= self._api.retries:
                    raise PlatformError(f"{error}; no meeting carries the event's tag", status=error.status) from None
            self._api.sleep(_BACKOFF * 2**attempt)  # let Webex finish a create that did reach it
            found = self._find(body["integrationTags"][0], span)
            if found is not None:
                logger.warning("%s: a create lost its reply; its meeting was found by the event's tag", self.name)
                return found
            attempt += 1

    def _find(self, tag: str, span: TimeSpan) -> dict[str, Any] | None:
        """The meeting series tagged ``tag`` around the event's time, if Webex holds one."""
        day = timedelta(days=1)
        params = {
            "integrationTag": tag,
            "meetingType": "meetingSeries",
            "from": _utc(span.starts_at - day),
            "to": _utc(span.ends_at + day),
        }
        items = self._json("GET", "/meetings", params=params).get("items") or []
        return next((item for item in items if tag in (item.get("integrationTags") or ())), None)

    def _meeting_id(self, event: Event) -> str:
        """The Webex meeting of ``event``, which it must already have."""
        current = event.online_meeting
        if current is None or current.platform != self.name or current.meeting_id is None:
            raise PlatformError(f"{self.name}: the event has no Webex meeting (online_meeting.meeting_id); create it")
        return current.meeting_id

    def _pairs(self, event: Event) -> list[tuple[str, str]]:
        """The interpretation channels (floor, target) in ISO 639-1; refused if a language has no such code."""
        plan = event.languages
        if plan is None:
            return []
        floor = _iso(plan.floor)
        pairs: list[tuple[str, str]] = []
        problems = []
        for tag in plan.interpretation:
            code = _iso(tag)
            if floor is None or code is None or code == floor:
                names = f"{language_name(plan.floor, 'en')} into {language_name(tag, 'en')} ({plan.floor} > {tag})"
                problems.append(f"interpretation from {names} needs two different ISO 639-1 languages")
            elif (floor, code) not in pairs:
                pairs.append((floor, code))
        if problems:
            raise CapabilityError(self.name, problems)
        return pairs

    def _changes(self, event: Event, span: TimeSpan) -> dict[str, Any]:
        """What both create and update send: title, agenda, times in the event's zone, and the passcode asked."""
        if event.format is EventFormat.IN_PERSON:
            raise PlatformError(f"{self.name}: an in-person event has no online meeting; make the format 'hybrid'")
        body: dict[str, Any] = {
            "title": _cut(event.title, _TITLE),
            "start": span.starts_at.isoformat(timespec="seconds"),
            "end": span.ends_at.astimezone(span.starts_at.tzinfo).isoformat(timespec="seconds"),
            "timezone": span.time_zone,
        }
        if event.summary:
            body["agenda"] = _cut(event.summary, _AGENDA)
        wish = self._wish(event)
        if wish is not None and wish.passcode is not None:
            body["password"] = wish.passcode
        return body

    def _wish(self, event: Event) -> OnlineMeeting | None:
        """The event's meeting if it is a Webex one; another platform's facts are not Webex's."""
        current = event.online_meeting
        return current if current is not None and current.platform == self.name else None

    def _meeting(self, event: Event, held: dict[str, Any]) -> Meeting:
        """The meeting Webex answered, and what of the event's wishes it did not apply."""
        wish = self._wish(event)
        base = wish if wish is not None else OnlineMeeting(platform=self.name)
        not_applied = []
        if held.get("title") != event.title:
            not_applied.append(f"the title as written (Webex holds {held.get('title')!r})")
        if wish is not None and wish.passcode is not None and held.get("password") != wish.passcode:
            not_applied.append("the passcode asked for (Webex gave the meeting another)")
        applied, missing = _interpreted(event, _channels(held))
        not_applied += [f"simultaneous interpretation into {language_name(tag, 'en')} ({tag})" for tag in missing]
        registered = _registered(held)
        rules = _required_registration(event)
        if rules is not None:
            if not registered:
                not_applied.append("registration of participants")
            elif (
                rules.capacity is not None and (held.get("registration") or {}).get("maxRegisterNum") != rules.capacity
            ):
                not_applied.append(f"a limit of {rules.capacity} registrations")
            if rules.deadline is not None:
                not_applied.append("the registration deadline (Webex registration has none)")
        return Meeting(
            online_meeting=attrs.evolve(base, **_facts(held)),
            interpretation=tuple(applied),
            registration=registered,
            not_applied=tuple(not_applied),
        )

    def _json(self, method: str, path: str, **options: Any) -> dict[str, Any]:
        """The JSON object Webex answered to a request."""
        response = self._request(method, path, **options)
        assert response is not None  # only missing_ok requests answer None
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise PlatformError(
                f"{self.name}: {method} {path}: the reply is not a JSON object", status=response.status_code
            )
        return body

    def _request(
        self, method: str, path: str, *, headers: dict[str, str] | None = None, **options: Any
    ) -> httpx.Response | None:
        """A request with the access token; a refused token says which variable to set, never its value."""
        token = self.settings.access_token.get_secret_value()
        try:
            return self._api.request(
                method, path, headers={**(headers or {}), "Authorization": f"Bearer {token}"}, **options
            )
        except PlatformError as error:
            if error.status != 401:
                raise
            raise PlatformError(
                f"{self.name}: {method} {path}: 401: the access token was refused (invalid or expired); "
                "set a valid one in IOFS_WEBEX_ACCESS_TOKEN",
                status=401,
            ) from None


def _span(event: Event) -> TimeSpan:
    """The event's times, which a meeting needs, within the 10 minutes to 23 hours 59 Webex allows."""
    schedule = event.schedule
    if not isinstance(schedule, TimeSpan):
        raise PlatformError("webex: the event has no start and end times yet (only days, or no schedule)")
    length = schedule.ends_at.astimezone(UTC) - schedule.starts_at.astimezone(UTC)
    if not _SHORTEST <= length <= _LONGEST:
        raise PlatformError("webex: a meeting lasts from 10 minutes to 23 hours 59 minutes; make one per day")
    return schedule


def _tag(event: Event) -> str:
    """The integration tag of ``event``: its identifier, or a digest of it when longer than Webex keeps."""
    return event.id if len(event.id) <= _TAG else hashlib.sha256(event.id.encode()).hexdigest()


def _iso(tag: str) -> str | None:
    """The ISO 639-1 code of a BCP 47 tag (``pt-BR`` is ``pt``), or ``None`` for a language without one."""
    primary = tag.split("-")[0].lower()
    return primary if len(primary) == 2 else None


def _interpretation(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Webex's ``simultaneousInterpretation``: a channel per pair, off when there is none."""
    interpreters = [{"languageCode1": first, "languageCode2": second} for first, second in pairs]
    return {"enabled": bool(pairs), "interpreters": interpreters}


def _channels(held: dict[str, Any]) -> set[frozenset[str]]:
    """The language pairs of the interpretation Webex holds, if it is on."""
    return {frozenset(pair) for pair in _pairs_held(held)}


def _pairs_held(held: dict[str, Any]) -> list[tuple[str, str]]:
    interpretation = held.get("simultaneousInterpretation") or {}
    if not interpretation.get("enabled"):
        return []
    return [
        (str(item.get("languageCode1")), str(item.get("languageCode2")))
        for item in interpretation.get("interpreters") or ()
    ]


def _interpreted(event: Event, channels: set[frozenset[str]]) -> tuple[list[str], list[str]]:
    """The event's interpretation targets that Webex holds a channel for from the floor, and those it lacks."""
    plan = event.languages
    applied: list[str] = []
    missing: list[str] = []
    if plan is not None:
        floor = _iso(plan.floor) or plan.floor
        for tag in plan.interpretation:
            (applied if frozenset((floor, _iso(tag) or tag)) in channels else missing).append(tag)
    return applied, missing


def _required_registration(event: Event) -> Registration | None:
    """The event's registration if it is required, which is when its meeting gets Webex's form."""
    rules = event.registration
    return rules if rules is not None and rules.required else None


def _form(rules: Registration) -> dict[str, Any]:
    """Webex's registration form: name and email (which Webex requires), accepted without approval."""
    form: dict[str, Any] = {
        "requireFirstName": True,
        "requireLastName": True,
        "requireEmail": True,
        "autoAcceptRequest": True,
    }
    if rules.capacity is not None:
        form["maxRegisterNum"] = rules.capacity
    return form


def _registered(held: dict[str, Any]) -> bool:
    return bool(held.get("registration") or held.get("registerLink"))


def _facts(held: dict[str, Any]) -> dict[str, Any]:
    """The facts of an online meeting that Webex holds; what it lacks is absent, not kept from before."""
    return {
        "join_url": held.get("webLink"),
        "meeting_id": held.get("id"),
        "passcode": held.get("password") or None,
        "dial_in": _dial_in(held),
        "registration_url": held.get("registerLink") or None,
    }


def _dial_in(held: dict[str, Any]) -> tuple[DialIn, ...]:
    """The call-in numbers that are valid international numbers, each once, with its country."""
    import phonenumbers

    found: dict[str, DialIn] = {}
    for item in (held.get("telephony") or {}).get("callInNumbers") or ():
        try:
            dial = DialIn(number=str(item.get("callInNumber", "")))
        except ValidationError:
            continue
        region = phonenumbers.region_code_for_number(phonenumbers.parse(dial.number, None))
        found.setdefault(dial.number, attrs.evolve(dial, country=region) if region in countries() else dial)
    return tuple(found.values())


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _quote(meeting_id: str) -> str:
    return quote(meeting_id, safe="")
