"""Zoom meetings and webinars through Zoom's REST API (v2), with a Server-to-Server OAuth app.

Tokens come from the ``account_credentials`` grant (an hour, no refresh token: a new one is fetched
when it expires or when Zoom answers 401). A webinar event becomes a Zoom webinar, any other a
scheduled meeting (type 2). The start is sent in UTC (``...Z``), which Zoom reads as such, with
the event's IANA zone as ``timezone`` only for the way Zoom shows the time.

Zoom has no idempotency key, so a create whose reply is lost is reconciled: the agenda ends with a
marker line, ``iofs-event:<event id>``, and the host's scheduled meetings are listed, again with
growing pauses while Zoom's listing lags, to find it; it is never created again blindly. Zoom also
drops silently the settings that the account's plan lacks (interpretation, registration), so every
result is built from Zoom's read-back and what it did not keep is reported in
:attr:`Meeting.not_applied`. What the account's policies refuse (its minimum passcode
requirements, the daily cap of creates) comes back as a ``400`` or a ``300``, explained.

Registrants are registered 30 a call (``batch_registrants``, approved at once), each with a
personal join link, at most ``IOFS_ZOOM_REGISTRATION_RATE`` calls a second (Zoom labels it a
*Heavy* API). Zoom keeps one registration per email and answers a repeat with the same
registration, but takes only 3 registration requests a day for one person and meeting: a batch
whose reply is lost is looked up in the meeting's registrants, and only those missing are sent
again. Cancelling sets their status to ``cancel``.

Interpretation: the meeting API takes interpreters as pairs of Zoom's *country* ids (``US,FR``)
for its nine built-in languages, and has no field for a meeting's language list without
interpreters, nor for custom languages. The event has no interpreter emails, so one interpreter
entry without an email is sent per target (``floor,target``), which the schema allows; the host
assigns people to them. Arabic is not built in: a language that the account has added as a custom
language (``IOFS_ZOOM_CUSTOM_LANGUAGES``) keeps interpretation enabled for the host to assign in
the meeting, and is reported as not set through the API.
"""

from __future__ import annotations

import logging
import math
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Unpack
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import attrs
import httpx
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

from .._enums import EventKind
from .._meeting import DialIn, OnlineMeeting
from .._schedule import TimeSpan
from .._wording import language_name
from ..exceptions import PlatformError, ValidationError
from ..settings import load_settings, settings_config
from ._base import (
    Capabilities,
    Meeting,
    Refused,
    Registered,
    Registrant,
    interpretation_gaps,
    meeting_wanted,
    online_meeting,
    requirements,
)
from ._http import Api, HttpOptions, Pace, Token, read_token, reply_reason

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from .._event import Event

# Zoom's built-in interpretation languages, by ISO 639-1 code, as the country ids its API takes.
_COUNTRIES = {
    "en": "US",
    "zh": "CN",
    "ja": "JP",
    "de": "DE",
    "fr": "FR",
    "ru": "RU",
    "pt": "PT",
    "es": "ES",
    "ko": "KR",
}
_LANGUAGES = {country: language for language, country in _COUNTRIES.items()}
_HELD = ("id", "join_url")  # what a meeting or webinar Zoom answers must have
_MARKER = "iofs-event:"
_TOPIC_MAX = 200
_AGENDA_MAX = 2000
_DAILY = re.compile(r"daily limit|daily rate limit|in one day", re.IGNORECASE)
_PASSCODE = re.compile(r"pass(?:word|code)", re.IGNORECASE)
_NUMERIC = re.compile(r"[0-9]{1,20}")
_BATCH = 30  # the most registrants that batch registration and a change of status take
_LISTED = 300  # the largest page of registrants

logger = logging.getLogger("iofs_events.platforms")


class ZoomSettings(BaseSettings):
    """A Zoom Server-to-Server OAuth app: ``IOFS_ZOOM_ACCOUNT_ID``, ``_CLIENT_ID``, ``_CLIENT_SECRET``.

    ``IOFS_ZOOM_USER_ID`` is the host (``me``: the app's user); ``IOFS_ZOOM_CUSTOM_LANGUAGES``
    (a JSON list such as ``["ar"]``) names the interpretation languages the account has added as
    custom languages, since Arabic is not one of Zoom's own. ``IOFS_ZOOM_REGISTRATION_RATE`` is
    the most calls a second of a bulk registration (1 by default).
    """

    model_config = settings_config("IOFS_ZOOM_")

    account_id: str
    client_id: str
    client_secret: SecretStr
    user_id: str = "me"
    custom_languages: tuple[str, ...] = ()
    api_url: str = "https://api.zoom.us/v2"
    oauth_url: str = "https://zoom.us/oauth/token"
    timeout: float = Field(default=10.0, gt=0)
    registration_rate: float = Field(default=1.0, gt=0)


class ZoomPlatform:
    """Meetings and webinars of one Zoom host (``me``, the app's user, unless settings name another)."""

    name = "zoom"
    capabilities = Capabilities(
        webinars=True,
        registration=True,
        personal_links=True,
        bulk_registration=True,
        dial_in=True,
        interpretation=True,
        interpretation_languages=frozenset(_COUNTRIES),
        idempotent_create=False,
        passcode_pattern=r"[A-Za-z0-9@_*-]{1,10}",
        passcode_rule="at most 10 letters, digits or @ - _ *",
    )
    registration_batch = _BATCH

    def __init__(
        self,
        settings: ZoomSettings | None = None,
        **http: Unpack[HttpOptions],
    ) -> None:
        if settings is None:
            settings = load_settings(ZoomSettings)
        self.settings = settings
        self._api = Api(
            self.name,
            settings.api_url,
            token=Token(self._fetch_token),
            timeout=settings.timeout,
            **http,
            final=_daily_cap,
            explain=_explain,
            secrets=(settings.client_secret,),
        )
        self._user = f"/users/{quote(settings.user_id, safe='@')}"
        self._pace = Pace(settings.registration_rate, sleep=self._api.sleep)

    # The protocol.

    def create(self, event: Event, *, look_first: bool = False) -> Meeting:
        """Create the meeting (or webinar) of ``event``; one whose reply is lost is looked for, never sent twice.

        A create that may have reached Zoom without an answer (a lost reply, a timeout, a 5xx, a
        reply that makes no sense) is looked for in the host's meetings, by the event's marker,
        with growing pauses while Zoom's listing lags (:meth:`Api.reconcile`); not found,
        :class:`PlatformError` says that it may exist. With ``look_first``, the meeting an earlier
        attempt made is looked for before creating, and returned ``adopted`` if found.
        """
        requirements(self.name, self.capabilities, event)
        meeting_wanted(self.name, event)
        body = self._body(event)
        kind = _kind(event)
        body["type"] = 5 if kind == "webinars" else 2
        found = self._find(event, kind) if look_first else None
        if found is not None:
            logger.warning("%s: event %r already has %s %s: adopted", self.name, event.id, kind[:-1], found["id"])
            return attrs.evolve(self._meeting(found, event, kind), adopted=True)
        try:
            data = self._api.json(
                "POST", f"{self._user}/{kind}", json=body, idempotent=False, expect=_HELD, what=f"a {kind[:-1]}"
            )
        except PlatformError as error:
            if not error.uncertain:
                raise
            data = self._api.reconcile(
                error, lambda: self._find(event, kind), thing=f"the {kind[:-1]} of event {event.id!r}"
            )
        return self._meeting(data, event, kind)

    def get(self, meeting_id: str) -> Meeting:
        """The meeting (or webinar) as Zoom holds it now; ``interpretation`` lists each interpreter's target."""
        number = _number(meeting_id)
        for kind in ("meetings", "webinars"):
            response = self._api.request("GET", f"/{kind}/{number}", missing_ok=True)
            if response is not None:
                return self._meeting(self._api.object(response, expect=_HELD, what=f"a {kind[:-1]}"), None, kind)
        raise PlatformError(f"{self.name}: there is no meeting or webinar {number}", status=404)

    def update(self, event: Event) -> Meeting:
        """Change the meeting to the event's revision, then read it back (two calls: Zoom's PATCH answers 204)."""
        requirements(self.name, self.capabilities, event)
        meeting_wanted(self.name, event, update=True)
        number = self._meeting_id(event)
        body = self._body(event)
        kind = _kind(event)
        self._api.request("PATCH", f"/{kind}/{number}", json=body)
        return self._meeting(self._read(kind, number), event, kind)

    def delete(self, meeting_id: str) -> None:
        """Delete the meeting, or else the webinar, of that id; one already gone (404) is no error."""
        number = _number(meeting_id)
        if self._api.request("DELETE", f"/meetings/{number}", missing_ok=True) is None:
            self._api.request("DELETE", f"/webinars/{number}", missing_ok=True)

    def register(self, event: Event, registrant: Registrant) -> str | None:
        """Register ``registrant`` (Zoom keeps one registration per email); their personal join link.

        There is none when the meeting approves registrants by hand. The event must require
        registration, since its meeting has registration only then.
        """
        requirements(self.name, self.capabilities, event, register=True)
        path = self._registrants_path(event)
        data = self._api.json("POST", path, json=_person(registrant), expect=("registrant_id",), what="a registrant")
        join_url = data.get("join_url")
        return join_url if isinstance(join_url, str) and join_url else None

    def register_many(self, event: Event, registrants: Sequence[Registrant]) -> list[Registered | Refused]:
        """Register ``registrants``, 30 a call, approved at once; each with their personal join link.

        A call whose outcome is unknown is followed by a look at the meeting's registrants, and
        only those missing are sent again (:meth:`Api.register_batches`): Zoom takes 3 registration
        requests a day for one person and meeting. See :class:`~iofs_events.platforms.BulkRegistration`.
        """
        requirements(self.name, self.capabilities, event, bulk=True)
        path = self._registrants_path(event)
        batch = path.replace("/registrants", "/batch_registrants")
        return self._api.register_batches(
            registrants,
            size=_BATCH,
            send=lambda people: self._batch(batch, people),
            look=lambda people: self._held(path, [person.email for person in people]),
        )

    def registrants(self, event: Event, emails: Collection[str]) -> list[Registered]:
        """Those of ``emails`` whom the meeting (or webinar) of ``event`` has as approved registrants."""
        requirements(self.name, self.capabilities, event, bulk=True)
        return self._held(self._registrants_path(event), emails)

    def unregister(self, event: Event, registrant_ids: Collection[str]) -> None:
        """Cancel these registrations, 30 a call; a meeting or registrant already gone is no error."""
        requirements(self.name, self.capabilities, event, bulk=True)
        path = self._registrants_path(event) + "/status"
        ids = list(registrant_ids)
        for start in range(0, len(ids), _BATCH):
            body = {"action": "cancel", "registrants": [{"id": value} for value in ids[start : start + _BATCH]]}
            self._pace.wait()
            self._api.request("PUT", path, json=body, missing_ok=True)

    def close(self) -> None:
        """Release the HTTP connections."""
        self._api.close()

    # Beyond the protocol.

    def find(self, event: Event) -> Meeting | None:
        """The meeting Zoom holds for ``event``, found by the marker its agenda carries; ``None`` if none.

        For a create whose reply was lost: it lists the host's scheduled meetings (or webinars)
        once. A meeting just made may take a while to be listed.
        """
        requirements(self.name, self.capabilities, event)
        kind = _kind(event)
        data = self._find(event, kind)
        return None if data is None else self._meeting(data, event, kind)

    # Requests.

    def _fetch_token(self, client: httpx.Client) -> tuple[str, float]:
        """A token from the ``account_credentials`` grant, and its lifetime in seconds."""
        settings = self.settings
        response = client.post(
            settings.oauth_url,
            params={"grant_type": "account_credentials", "account_id": settings.account_id},
            auth=httpx.BasicAuth(settings.client_id, settings.client_secret.get_secret_value()),
        )
        return read_token(response, platform=self.name)

    def _read(self, kind: str, number: str) -> dict[str, Any]:
        """The meeting (or webinar) ``number`` as Zoom holds it."""
        return self._api.json("GET", f"/{kind}/{number}", expect=_HELD, what=f"a {kind[:-1]}")

    def _find(self, event: Event, kind: str) -> dict[str, Any] | None:
        """The full meeting whose agenda ends with ``event``'s marker, from the host's list, or ``None``.

        Zoom lists agendas cut to 250 characters, so a meeting of the same topic whose listed agenda
        lacks the marker is read in full to check.
        """
        marker = _marker(event)
        topic = _topic(event)
        token = ""
        while True:
            params: dict[str, Any] = {"type": "scheduled", "page_size": 300}
            if token:
                params["next_page_token"] = token
            page = self._api.json(
                "GET", f"{self._user}/{kind}", params=params, expect=(kind,), what=f"a list of {kind}"
            )
            for item in page[kind]:
                agenda = str(item.get("agenda") or "")
                if _has_marker(agenda, marker) or item.get("topic") == topic:
                    data = self._read(kind, _number(str(item.get("id"))))
                    if _has_marker(str(data.get("agenda") or ""), marker):
                        return data
            token = str(page.get("next_page_token") or "")
            if not token:
                return None

    def _registrants_path(self, event: Event) -> str:
        """Where the meeting's registrants are; refused without a meeting or a required registration."""
        number = self._meeting_id(event)
        if event.registration is None or not event.registration.required:
            raise PlatformError(f"{self.name}: the event does not require registration, so its meeting has none")
        return f"/{_kind(event)}/{number}/registrants"

    def _batch(self, path: str, people: list[Registrant]) -> list[Registered]:
        """One ``batch_registrants`` call: those Zoom answers as registered."""
        self._pace.wait()
        body = {"auto_approve": True, "registrants": [_person(person) for person in people]}
        data = self._api.json("POST", path, json=body, idempotent=False, expect=("registrants",), what="registrants")
        return _registrants(data["registrants"], "registrant_id")

    def _held(self, path: str, emails: Collection[str]) -> list[Registered]:
        """Those of ``emails`` whom the meeting has as approved registrants, from its list, page by page."""
        wanted = {email.lower() for email in emails}
        found: list[Registered] = []
        token = ""
        while True:
            params: dict[str, Any] = {"status": "approved", "page_size": _LISTED}
            if token:
                params["next_page_token"] = token
            self._pace.wait()
            page = self._api.json("GET", path, params=params, expect=("registrants",), what="a list of registrants")
            found += [item for item in _registrants(page["registrants"], "id") if item.email.lower() in wanted]
            token = str(page.get("next_page_token") or "")
            if not token:
                return found

    def _meeting_id(self, event: Event) -> str:
        meeting = event.online_meeting
        if meeting is None or meeting.meeting_id is None:
            raise PlatformError(f"{self.name}: the event has no meeting id yet: create its meeting first")
        return _number(meeting.meeting_id)

    # Bodies and read-backs.

    def _body(self, event: Event) -> dict[str, Any]:
        """The fields of a create or an update: topic, agenda, times, passcode and settings."""
        schedule = event.schedule
        if not isinstance(schedule, TimeSpan):
            raise PlatformError(
                f"{self.name}: the event has no start and end times yet (only dates, or no schedule): "
                "a Zoom meeting needs them"
            )
        body: dict[str, Any] = {
            "topic": _topic(event),
            "agenda": _agenda(event),
            "start_time": _utc(schedule.starts_at),
            "timezone": schedule.time_zone,
            "duration": _minutes(schedule),
        }
        meeting = event.online_meeting
        if meeting is not None and meeting.passcode is not None:
            body["password"] = meeting.passcode
        registration = event.registration
        required = registration is not None and registration.required
        settings: dict[str, Any] = {"approval_type": 0 if required else 2}
        if _kind(event) == "webinars":  # 0 lifts a limit; Zoom's own limit is 20,000 registrants
            capacity = registration.capacity if registration is not None else None
            settings["registrants_restrict_number"] = capacity if capacity is not None and capacity <= 20000 else 0
        settings["language_interpretation"] = self._interpretation(event)
        body["settings"] = settings
        return body

    def _interpretation(self, event: Event) -> dict[str, Any]:
        """``language_interpretation``: enabled with a ``floor,target`` interpreter per built-in target."""
        plan = event.languages
        if plan is None or not plan.interpretation:
            return {"enable": False}
        floor = _COUNTRIES.get(_base(plan.floor))
        interpreters = []
        if floor is not None:
            for tag in plan.interpretation:
                target = _COUNTRIES.get(_base(tag))
                if target is not None and target != floor:
                    interpreters.append({"languages": f"{floor},{target}"})
        custom = {_base(tag) for tag in self.settings.custom_languages}
        has_custom = any(_base(tag) in custom - set(_COUNTRIES) for tag in plan.spoken)
        if not interpreters and not has_custom:
            return {"enable": False}
        return {"enable": True, "interpreters": interpreters}

    def _meeting(self, data: dict[str, Any], event: Event | None, kind: str) -> Meeting:
        """The result of a read-back: the meeting's facts, and what of ``event`` Zoom did not keep."""
        settings = data.get("settings") or {}
        facts: dict[str, Any] = {
            "platform": self.name,
            "join_url": _without_passcode(_text(data.get("join_url"))),
            "meeting_id": _text(data.get("id")),
            "dial_in": _dial_in(settings.get("global_dial_in_numbers")),
            "host_url": _text(data.get("start_url")),
            "registration_url": _text(data.get("registration_url")),
        }
        passcode = _text(data.get("password"))
        registration = settings.get("approval_type") in (0, 1)
        pairs = _pairs(settings.get("language_interpretation"))
        if event is None:
            found = OnlineMeeting(**{key: value for key, value in facts.items() if value is not None})
            applied = tuple(dict.fromkeys(target for _, target in pairs))
            return Meeting(
                online_meeting=attrs.evolve(found, passcode=passcode), interpretation=applied, registration=registration
            )
        missing = []
        asked = event.online_meeting.passcode if event.online_meeting is not None else None
        if asked is not None and passcode != asked:
            missing.append("the passcode was not applied: Zoom holds another one")
        applied, words = self._applied_interpretation(event, pairs)
        missing += words
        missing += _registration_gaps(event, kind, registration, settings)
        missing += _schedule_gaps(event, data)
        found = attrs.evolve(online_meeting(event, **facts), passcode=passcode)
        return Meeting(
            online_meeting=found, interpretation=applied, registration=registration, not_applied=tuple(missing)
        )

    def _applied_interpretation(self, event: Event, pairs: list[tuple[str, str]]) -> tuple[tuple[str, ...], list[str]]:
        """The targets Zoom kept (as the event tags them), and a sentence for each one it did not."""
        plan = event.languages
        if plan is None:
            return (), []
        applied, words = [], []
        kept = {frozenset(pair) for pair in pairs}
        floor = _base(plan.floor)
        custom = {_base(tag) for tag in self.settings.custom_languages}
        gaps = set(interpretation_gaps(self.capabilities, event))
        for tag in plan.interpretation:
            name = language_name(tag, "en")
            if tag in gaps and _base(tag) in custom:
                words.append(
                    f"{name} interpretation was not set on the meeting: {name} is a custom language of the Zoom "
                    "account, which Zoom's meeting API cannot assign; the host assigns its interpreters in the meeting"
                )
            elif tag in gaps:
                words.append(
                    f"{name} interpretation was not applied: {name} is not one of Zoom's interpretation languages; "
                    "add it as a custom language on the account and set IOFS_ZOOM_CUSTOM_LANGUAGES"
                )
            elif floor not in _COUNTRIES:
                reason = (
                    "a custom language of the Zoom account, which Zoom's meeting API cannot assign; the host assigns "
                    "the interpreters in the meeting"
                    if floor in custom
                    else "not one of Zoom's interpretation languages"
                )
                words.append(
                    f"{name} interpretation was not applied: the floor language, {language_name(plan.floor, 'en')}, "
                    f"is {reason}"
                )
            elif _base(tag) == floor:
                words.append(
                    f"{name} interpretation was not applied: Zoom cannot interpret between variants of one language"
                )
            elif frozenset((floor, _base(tag))) in kept:
                applied.append(tag)
            else:
                words.append(
                    f"{name} interpretation was not applied: Zoom did not keep it "
                    "(language interpretation may be off for the account or missing from its plan)"
                )
        return tuple(applied), words


# Small pure helpers.


def _daily_cap(response: httpx.Response) -> bool:
    """Whether a 429 is Zoom's daily cap of meeting creates and updates, which waiting seconds does not lift."""
    kind = response.headers.get("X-RateLimit-Type", "")
    return kind.lower() == "daily-limit" or bool(_DAILY.search(reply_reason(response)))


def _explain(response: httpx.Response) -> str | None:
    """What a refusal of the account's policies means, and what to change: the daily cap, the passcode rules.

    Zoom's API description documents the daily cap under a ``300`` reply (and sends it as a
    ``429`` too), and says that a passcode must meet the account's minimum passcode requirements,
    which it refuses with a ``400`` (codes ``300`` or ``3000``) that does not say which rule it broke.
    """
    status = response.status_code
    path = response.request.url.path
    noun = "webinar" if "/webinars" in path else "meeting"
    if status == 429 and "registrants" in path and _daily_cap(response):
        return (
            f"Zoom takes only a few registration requests a day for one person and {noun} (3 to register, 10 to "
            "change a status); try again after 00:00 UTC"
        )
    if status in (300, 400, 429) and _daily_cap(response):
        return (
            f"the daily cap of {noun} creates and updates for this Zoom user is reached; "
            "try again tomorrow or use another host"
        )
    if status == 400 and _PASSCODE.search(reply_reason(response)):
        return (
            "the passcode does not meet the account's minimum passcode requirements (a length, letters, numbers, "
            "special characters, upper and lower case, or numbers only, set in the Zoom web portal under "
            "Settings > Security), which the API does not tell: change the event's passcode to meet them, or "
            "remove it and Zoom makes one that does"
        )
    return None


def _person(registrant: Registrant) -> dict[str, str]:
    """A registrant as Zoom takes one: email, and names cut to its 64 characters."""
    body = {"email": registrant.email, "first_name": registrant.first_name[:64]}
    if registrant.last_name:
        body["last_name"] = registrant.last_name[:64]
    return body


def _registrants(items: Any, key: str) -> list[Registered]:
    """The registrants of a reply (their id under ``key``), each with its join link; what is not one is left out."""
    found = []
    for item in [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []:
        email, registrant_id, join_url = (item.get(name) for name in ("email", key, "join_url"))
        if isinstance(email, str) and email and isinstance(registrant_id, str) and registrant_id:
            link = join_url if isinstance(join_url, str) and join_url else None
            found.append(Registered(email=email, registrant_id=registrant_id, join_url=link))
    return found


def _kind(event: Event) -> str:
    """The path segment of the event's Zoom object: ``webinars`` for a webinar, else ``meetings``."""
    return "webinars" if event.kind is EventKind.WEBINAR else "meetings"


def _number(meeting_id: str) -> str:
    """A Zoom meeting id as its digits (``875 1234 5678`` becomes ``87512345678``); anything else is refused."""
    digits = re.sub(r"[\s-]", "", meeting_id)
    if not _NUMERIC.fullmatch(digits):
        raise PlatformError(f"zoom: {meeting_id!r} is not a Zoom meeting id (digits)")
    return digits


def _base(tag: str) -> str:
    """The language of a BCP 47 tag, lower-case: ``pt-BR`` becomes ``pt``."""
    return tag.split("-")[0].lower()


def _text(value: Any) -> str | None:
    """A non-empty string of a read-back value, or ``None``."""
    return str(value) if value not in (None, "") else None


def _utc(moment: datetime) -> str:
    """``moment`` in UTC, in the ``yyyy-MM-ddTHH:mm:ssZ`` form Zoom reads as GMT."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _minutes(schedule: TimeSpan) -> int:
    """The length of the span in whole minutes, rounded up, as Zoom's ``duration`` takes it."""
    seconds = (schedule.ends_at.astimezone(UTC) - schedule.starts_at.astimezone(UTC)).total_seconds()
    return max(math.ceil(seconds / 60), 1)


def _topic(event: Event) -> str:
    """The title, cut to Zoom's 200 characters with an ellipsis when longer."""
    title = event.title
    return title if len(title) <= _TOPIC_MAX else title[: _TOPIC_MAX - 1].rstrip() + "…"


def _marker(event: Event) -> str:
    return f"{_MARKER}{event.id}"


def _has_marker(agenda: str, marker: str) -> bool:
    return marker in (line.strip() for line in agenda.splitlines())


def _agenda(event: Event) -> str:
    """The summary, cut to fit, followed by the marker line that finds the meeting again."""
    marker = _marker(event)
    summary = (event.summary or "").strip()
    room = _AGENDA_MAX - len(marker) - 2
    if len(summary) > room:
        summary = summary[: room - 1].rstrip() + "…"
    return f"{summary}\n\n{marker}" if summary else marker


def _pairs(value: Any) -> list[tuple[str, str]]:
    """The ``(from, to)`` languages (ISO 639-1) of the interpreters of an enabled ``language_interpretation``."""
    if not isinstance(value, dict) or not value.get("enable"):
        return []
    pairs = []
    for interpreter in value.get("interpreters") or []:
        codes = str(interpreter.get("languages") or "").split(",")
        languages = [_LANGUAGES.get(code.strip().upper()) for code in codes]
        if len(languages) == 2 and languages[0] is not None and languages[1] is not None:
            pairs.append((languages[0], languages[1]))
    return pairs


def _dial_in(value: Any) -> tuple[DialIn, ...]:
    """Zoom's ``global_dial_in_numbers``, each that is a valid international number, once."""
    numbers: dict[str, DialIn] = {}
    for item in value or []:
        try:
            number = DialIn(
                number=str(item.get("number") or ""), country=_text(item.get("country")), city=_text(item.get("city"))
            )
        except ValidationError:
            continue
        numbers.setdefault(number.number, number)
    return tuple(numbers.values())


def _registration_gaps(event: Event, kind: str, registration: bool, settings: dict[str, Any]) -> list[str]:
    """What of the event's registration Zoom did not apply, in words."""
    asked = event.registration
    if asked is None or not asked.required:
        return []
    if not registration:
        return ["registration was not applied: Zoom did not keep it (registration needs a licensed host)"]
    words = []
    if asked.capacity is not None and (
        kind != "webinars" or settings.get("registrants_restrict_number") != asked.capacity
    ):
        words.append(
            f"the registration capacity ({asked.capacity}) was not applied: "
            + ("Zoom did not keep it" if kind == "webinars" else "Zoom meetings have no registrant limit")
        )
    if asked.deadline is not None:
        words.append("the registration deadline was not applied: Zoom keeps registration open until the meeting")
    return words


def _schedule_gaps(event: Event, data: dict[str, Any]) -> list[str]:
    """A sentence if Zoom holds another start or length than the event's (a zone it did not know, say)."""
    schedule = event.schedule
    if not isinstance(schedule, TimeSpan):
        return []
    words = []
    start = _text(data.get("start_time"))
    try:
        held = datetime.fromisoformat(start) if start is not None else None
    except ValueError:
        held = None
    if held is not None and held.tzinfo is not None and held != schedule.starts_at:
        words.append(f"the start time was not applied: Zoom holds {_utc(held)}")
    duration = data.get("duration")
    if isinstance(duration, int) and duration != _minutes(schedule):
        words.append(f"the length was not applied: Zoom holds {duration} minutes")
    return words


def _without_passcode(url: str | None) -> str | None:
    """A join link without the ``pwd`` that Zoom may add: the passcode goes only to those who may see it."""
    if url is None:
        return None
    parts = urlsplit(url)
    query = [(name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True) if name != "pwd"]
    return urlunsplit(parts._replace(query=urlencode(query)))
