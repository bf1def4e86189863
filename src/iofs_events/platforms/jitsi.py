"""Jitsi Meet: no account and no API, so it works with no configuration at all.

The room name derives from the event's identifier, so creating the meeting twice gives the same
room; a room secret makes it unguessable from the identifier. A server that requires a JWT gets
one signed with the app's secret (HS256), valid until some hours after the event, in the host
link: a link that carries a token is a credential, kept out of every published output.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import time
from typing import TYPE_CHECKING, Any, Self

from pydantic import Field, SecretStr, model_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings

from .._schedule import DateSpan, TimeSpan
from ..settings import load_settings, settings_config
from ._base import Capabilities, LinkOnly, Meeting, meeting_wanted, online_meeting, requirements

if TYPE_CHECKING:
    from .._event import Event


class JitsiSettings(BaseSettings):
    """Jitsi Meet needs nothing: ``IOFS_JITSI_SERVER`` (default ``https://meet.jit.si``) may name another.

    ``IOFS_JITSI_ROOM_SECRET`` makes room names unguessable from event ids; ``IOFS_JITSI_APP_ID``
    and ``IOFS_JITSI_APP_SECRET`` (both or neither) sign a JWT for a server that requires one.
    """

    model_config = settings_config("IOFS_JITSI_")

    server: str = "https://meet.jit.si"
    room_secret: SecretStr | None = None
    app_id: str | None = None
    app_secret: SecretStr | None = None
    token_hours: float = Field(default=24.0, gt=0)

    @model_validator(mode="after")
    def _app_comes_in_pairs(self) -> Self:
        if (self.app_id is None) != (self.app_secret is None):
            raise PydanticCustomError("credentials", "set both IOFS_JITSI_APP_ID and IOFS_JITSI_APP_SECRET, or neither")
        return self


class JitsiPlatform(LinkOnly):
    """Rooms on a Jitsi Meet server (``https://meet.jit.si`` unless settings name another)."""

    name = "jitsi"
    capabilities = Capabilities(idempotent_create=True, needs_settings=False)

    def __init__(self, settings: JitsiSettings | None = None, **_: object) -> None:
        if settings is None:
            settings = load_settings(JitsiSettings)
        self.settings = settings

    def room(self, event: Event) -> str:
        """The room of ``event``: its identifier as a slug, and a digest that the room secret keys."""
        slug = re.sub(r"[^A-Za-z0-9]+", "-", event.id).strip("-")
        secret = self.settings.room_secret
        key = secret.get_secret_value().encode() if secret is not None else b"iofs-events"
        return f"{slug}-{hmac.new(key, event.id.encode(), hashlib.sha256).hexdigest()[:12]}"

    def create(self, event: Event) -> Meeting:
        """The room's link, and a host link with a JWT if the server needs one: the room exists once someone joins."""
        requirements(self.name, self.capabilities, event)
        meeting_wanted(self.name, event)
        room = self.room(event)
        url = f"{self.settings.server.rstrip('/')}/{room}"
        # A link with a token lets whoever holds it in: it is the host's, private like any host link.
        host = f"{url}?jwt={self._token(event, room)}" if self.settings.app_id is not None else None
        meeting = online_meeting(event, platform=self.name, join_url=url, meeting_id=room, host_url=host)
        return Meeting(online_meeting=meeting)

    def _token(self, event: Event, room: str) -> str:
        """A JWT for ``room`` (HS256, the claims of Jitsi's token authentication), valid after the event."""
        secret = self.settings.app_secret
        assert secret is not None  # the settings require app_id and app_secret together
        end = _end(event)
        claims: dict[str, Any] = {
            "aud": "jitsi",
            "iss": self.settings.app_id,
            "sub": re.sub(r"^https?://", "", self.settings.server).split("/")[0],
            "room": room,
            "exp": int(end + self.settings.token_hours * 3600),
        }
        header = {"alg": "HS256", "typ": "JWT"}
        signing = f"{_b64(header)}.{_b64(claims)}"
        signature = hmac.new(secret.get_secret_value().encode(), signing.encode(), hashlib.sha256).digest()
        return f"{signing}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"


def _b64(value: dict[str, Any]) -> str:
    data = json.dumps(value, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _end(event: Event) -> float:
    """When the event ends, as a POSIX time; now for an event without a schedule."""
    schedule = event.schedule
    if isinstance(schedule, TimeSpan):
        return schedule.ends_at.timestamp()
    if isinstance(schedule, DateSpan):
        return time.mktime(schedule.end.timetuple())
    return time.time()
