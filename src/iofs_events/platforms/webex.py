"""Webex Meetings through the Webex REST API, with the bearer access token of an integration or bot.

A meeting carries the event's identifier in ``integrationTags``; Webex does not deduplicate
creates, so when a create's reply is lost (or a 5xx leaves it unknown) the adapter looks the
meeting up by that tag, again with growing pauses while the listing lags, and never sends the
create again: one event never gets two meetings. Webex refuses a start before the current time,
and a passcode that breaks the site's password rules: the first is refused before any request,
the second explained.
Interpretation is ``simultaneousInterpretation`` with one channel of ISO 639-1 languages from the
floor to each target; registration is Webex's registration form (no personal join links: the
confirmation email carries the link). Registrants are registered 100 a call (``bulkInsert``;
Webex's query of registrants by email, which finds a batch whose reply was lost, answers 100 at
most), at most ``IOFS_WEBEX_REGISTRATION_RATE`` calls a second, and cancelled 100 a call
(``cancel``). ``PATCH`` cannot change interpretation or registration,
so an update sets them through their own endpoints, only when the patched meeting differs.
Every meeting returned is built from what Webex answered, and what it did not apply is reported.
"""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Unpack
from urllib.parse import quote

import attrs
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

from .._checks import countries
from .._meeting import DialIn, OnlineMeeting
from .._schedule import TimeSpan
from .._wording import language_name
from ..exceptions import CapabilityError, PlatformError, ValidationError
from ..settings import load_settings, settings_config
from ._base import Capabilities, Meeting, Refused, Registered, Registrant, meeting_wanted, requirements
from ._http import Api, HttpOptions, Pace, reply_reason

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    import httpx

    from .._event import Event
    from .._registration import Registration

logger = logging.getLogger("iofs_events.platforms")

_SHORTEST = timedelta(minutes=10)  # Webex: a meeting lasts 10 minutes to 23 hours 59 minutes
_LONGEST = timedelta(hours=23, minutes=59)
_TITLE = 128  # the characters Webex keeps of a title, and of an agenda
_AGENDA = 1300
_TAG = 64  # the longest integration tag
_HELD = ("id", "webLink")  # what a meeting Webex answers must have
_PASSWORD = re.compile(r"password", re.IGNORECASE)
_BATCH = 100  # registrants a call: the most that a query of registrants answers
_LAST_NAME = "Webex requires a registrant's last name (lastName)"


class WebexSettings(BaseSettings):
    """A Webex integration or bot token: ``IOFS_WEBEX_ACCESS_TOKEN``.

    ``IOFS_WEBEX_REGISTRATION_RATE`` is the most calls a second of a bulk registration (1 by default).
    """

    model_config = settings_config("IOFS_WEBEX_")

    access_token: SecretStr
    api_url: str = "https://webexapis.com/v1"
    timeout: float = Field(default=10.0, gt=0)
    registration_rate: float = Field(default=1.0, gt=0)


class WebexPlatform:
    """Meetings on Webex (``https://webexapis.com/v1`` unless settings name another API URL)."""

    name = "webex"
    capabilities = Capabilities(  # a lost create: looked up
        registration=True, bulk_registration=True, dial_in=True, interpretation=True
    )
    registration_batch = _BATCH

    def __init__(
        self,
        settings: WebexSettings | None = None,
        **http: Unpack[HttpOptions],
    ) -> None:
        if settings is None:
            settings = load_settings(WebexSettings)
        self.settings = settings
        token = settings.access_token
        self._api = Api(
            self.name,
            settings.api_url,
            timeout=settings.timeout,
            **http,
            headers={"Authorization": f"Bearer {token.get_secret_value()}"},
            explain=_explain,
            secrets=(token,),
        )
        self._pace = Pace(settings.registration_rate, sleep=self._api.sleep)

    def create(self, event: Event, *, look_first: bool = False) -> Meeting:
        """Schedule the meeting of ``event``; one whose reply is lost is looked for, never sent twice.

        A create that may have reached Webex without an answer (a lost reply, a timeout, a 5xx, a
        reply that makes no sense) is looked for by the event's tag, with growing pauses while
        the listing lags (:meth:`Api.reconcile`); not found, :class:`PlatformError` says that it
        may exist. With ``look_first``, the meeting an earlier attempt made is looked for before
        creating, and returned ``adopted`` if found.
        """
        requirements(self.name, self.capabilities, event)
        meeting_wanted(self.name, event)
        span = self._ahead(event)
        pairs = self._pairs(event)
        body = self._changes(event, span)
        tag = _tag(event)
        body["integrationTags"] = [tag]
        if pairs:
            body["simultaneousInterpretation"] = _interpretation(pairs)
        rules = _required_registration(event)
        if rules is not None:
            body["registration"] = _form(rules)
        found = self._find(tag, span) if look_first else None
        if found is not None:
            logger.warning("%s: event %r already has meeting %s: adopted", self.name, event.id, found["id"])
            return attrs.evolve(self._meeting(event, found), adopted=True)
        try:
            held = self._api.json("POST", "/meetings", json=body, idempotent=False, expect=_HELD, what="a meeting")
        except PlatformError as error:
            if not error.uncertain:
                raise
            thing = f"the meeting of event {event.id!r}"
            held = self._api.reconcile(error, lambda: self._find(tag, span), thing=thing)
        return self._meeting(event, held)

    def find(self, event: Event) -> Meeting | None:
        """The meeting Webex holds for ``event``, found by its tag around the event's times; ``None`` if none.

        For a create whose reply was lost: it lists the meetings once. A meeting just made may
        take a while to be listed.
        """
        requirements(self.name, self.capabilities, event)
        held = self._find(_tag(event), _span(event))
        return None if held is None else self._meeting(event, held)

    def get(self, meeting_id: str) -> Meeting:
        """The meeting as Webex holds it now."""
        held = self._api.json("GET", f"/meetings/{_quote(meeting_id)}", expect=_HELD, what="a meeting")
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
        meeting_wanted(self.name, event, update=True)
        meeting_id = _quote(self._meeting_id(event))
        span = self._ahead(event)
        pairs = self._pairs(event)
        path = f"/meetings/{meeting_id}"
        patched = self._api.json(
            "PATCH",
            path,
            json=self._changes(event, span),
            headers={"Content-Type": "application/json-patch+json"},
            expect=_HELD,
            what="a meeting",
        )
        if _channels(patched) != {frozenset(pair) for pair in pairs}:
            self._api.json("PUT", f"{path}/simultaneousInterpretation", json=_interpretation(pairs))
        current = patched.get("registration")
        rules = _required_registration(event)
        if rules is not None:
            if not current or (rules.capacity is not None and current.get("maxRegisterNum") != rules.capacity):
                self._api.json("PUT", f"{path}/registration", json=_form(rules))
        elif current:
            self._api.request("DELETE", f"{path}/registration", missing_ok=True)
        return self._meeting(event, self._api.json("GET", path, expect=_HELD, what="a meeting"))

    def delete(self, meeting_id: str) -> None:
        """Delete the meeting; one already gone (404, 410) is not an error."""
        self._api.request("DELETE", f"/meetings/{_quote(meeting_id)}", missing_ok=True)

    def register(self, event: Event, registrant: Registrant) -> str | None:
        """Register ``registrant``; ``None``, as Webex emails the join link instead of returning one."""
        requirements(self.name, self.capabilities, event, register=True)
        path = self._registrants_path(event)
        if registrant.last_name is None:
            raise PlatformError(f"{self.name}: {_LAST_NAME}")
        self._api.json("POST", path, json=_person(registrant), expect=("id",), what="a registrant")
        return None

    def register_many(self, event: Event, registrants: Sequence[Registrant]) -> list[Registered | Refused]:
        """Register ``registrants``, 100 a call; Webex emails each their join link, so none is returned.

        Those without a last name, which Webex requires, are :class:`Refused` without a call. A
        call whose outcome is unknown, or that Webex refuses with a ``409`` because someone is
        registered already, is followed by a query of the batch's registrants, and only those
        missing are sent again (:meth:`Api.register_batches`).
        """
        requirements(self.name, self.capabilities, event, bulk=True)
        path = self._registrants_path(event)
        named = [registrant for registrant in registrants if registrant.last_name is not None]
        sent = iter(
            self._api.register_batches(
                named,
                size=_BATCH,
                send=lambda people: self._insert(path, people),
                look=lambda people: self._held(path, [person.email for person in people]),
            )
        )
        return [
            next(sent) if registrant.last_name is not None else Refused(email=registrant.email, reason=_LAST_NAME)
            for registrant in registrants
        ]

    def registrants(self, event: Event, emails: Collection[str]) -> list[Registered]:
        """Those of ``emails`` whom the meeting of ``event`` has as registrants, approved or waiting for approval."""
        requirements(self.name, self.capabilities, event, bulk=True)
        return self._held(self._registrants_path(event), emails)

    def unregister(self, event: Event, registrant_ids: Collection[str]) -> None:
        """Cancel these registrations, 100 a call, without an email from Webex; a meeting already gone is no error."""
        requirements(self.name, self.capabilities, event, bulk=True)
        path = self._registrants_path(event) + "/cancel"
        ids = list(registrant_ids)
        for start in range(0, len(ids), _BATCH):
            body = {"sendEmail": False, "registrants": [{"id": value} for value in ids[start : start + _BATCH]]}
            self._pace.wait()
            self._api.request("POST", path, json=body, missing_ok=True)

    def close(self) -> None:
        """Release the HTTP connections."""
        self._api.close()

    def _registrants_path(self, event: Event) -> str:
        """Where the registrants of the meeting of ``event`` are; refused without a meeting or a registration form."""
        meeting_id = _quote(self._meeting_id(event))
        if _required_registration(event) is None:
            raise PlatformError(
                f"{self.name}: the event does not require registration, so its meeting has no registration form"
            )
        return f"/meetings/{meeting_id}/registrants"

    def _insert(self, path: str, people: list[Registrant]) -> list[Registered]:
        """One ``bulkInsert`` call, Webex emailing each their link: those Webex answers as registered."""
        self._pace.wait()
        body = {"items": [{**_person(person), "sendEmail": True} for person in people]}
        data = self._api.json(
            "POST", f"{path}/bulkInsert", json=body, idempotent=False, expect=("items",), what="registrants"
        )
        return _registrants(data["items"])

    def _held(self, path: str, emails: Collection[str]) -> list[Registered]:
        """Those of ``emails`` whom the meeting has as registrants, approved or pending: queried 100 at a time."""
        wanted = list(dict.fromkeys(email.lower() for email in emails))
        keys = set(wanted)
        found: list[Registered] = []
        for start in range(0, len(wanted), _BATCH):
            self._pace.wait()
            data = self._api.json(
                "POST",
                f"{path}/query",
                params={"max": _BATCH},
                json={"emails": wanted[start : start + _BATCH]},
                expect=("items",),
                what="a list of registrants",
            )
            found += [item for item in _registrants(data["items"]) if item.email.lower() in keys]
        return found

    def _find(self, tag: str, span: TimeSpan) -> dict[str, Any] | None:
        """The meeting series tagged ``tag`` around the event's time, if Webex holds one."""
        day = timedelta(days=1)
        params = {
            "integrationTag": tag,
            "meetingType": "meetingSeries",
            "from": _utc(span.starts_at - day),
            "to": _utc(span.ends_at + day),
        }
        items = self._api.json("GET", "/meetings", params=params, expect=("items",), what="a list of meetings")["items"]
        return next((item for item in items if tag in (item.get("integrationTags") or ())), None)

    def _ahead(self, event: Event) -> TimeSpan:
        """The event's times, which Webex takes only from the current minute on (its start, and so its end)."""
        span = _span(event)
        now = self._api.now().replace(second=0, microsecond=0)
        if span.starts_at < now:
            start = span.starts_at.isoformat(timespec="seconds")
            raise PlatformError(
                f"{self.name}: the event starts at {start}, and a Webex meeting's start and end cannot be before the "
                "current date and time: move the event, or give it no Webex meeting"
            )
        return span

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


def _person(registrant: Registrant) -> dict[str, str]:
    """A registrant as Webex takes one: first name, last name (required: checked before) and email."""
    assert registrant.last_name is not None
    return {"firstName": registrant.first_name, "lastName": registrant.last_name, "email": registrant.email}


def _registrants(items: Any) -> list[Registered]:
    """The registrants of a reply that hold a place or wait for approval; what is not one is left out."""
    found = []
    for item in [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []:
        email, registrant_id = item.get("email"), item.get("id")
        held = item.get("status") in (None, "approved", "pending")
        if held and isinstance(email, str) and email and isinstance(registrant_id, str) and registrant_id:
            found.append(Registered(email=email, registrant_id=registrant_id))
    return found


def _explain(response: httpx.Response) -> str | None:
    """What a refusal means and what to change: a token refused, or a passcode that breaks the site's rules.

    Webex's API description says that a meeting's password must conform to the site's password
    complexity settings, which the site's administrator sets and the API does not tell.
    """
    if response.status_code == 401:
        return "the access token was refused (invalid or expired): set a valid one in IOFS_WEBEX_ACCESS_TOKEN"
    if response.status_code == 400 and _PASSWORD.search(reply_reason(response)):
        return (
            "the passcode breaks the password rules of the Webex site (a minimum length, letters, numbers, special "
            "characters, mixed case, words not allowed, set by its administrator in Site Administration under "
            "Security > Password management), which the API does not tell: change the event's passcode to follow "
            "them, or remove it and Webex makes one that does"
        )
    return None


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
