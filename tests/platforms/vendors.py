"""Each adapter that calls a vendor's API, with its fake vendor, described once for the tests they must all pass."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from iofs_events.platforms import Platform
from iofs_events.platforms.google_meet import GoogleMeetPlatform, GoogleSettings
from iofs_events.platforms.teams import TeamsPlatform, TeamsSettings
from iofs_events.platforms.webex import WebexPlatform, WebexSettings
from iofs_events.platforms.zoom import ZoomPlatform, ZoomSettings
from tests.platforms import fake_google, fake_teams, fake_webex, fake_zoom
from tests.platforms.fake_api import FakeApi


@dataclass(frozen=True)
class Vendor:
    """An adapter and its fake: how to install the fake, which settings point at it, and what must stay secret."""

    name: str
    prefix: str  # of its environment variables
    install: Callable[[FakeApi], dict[str, Any]]  # the fake's routes; the adapter's settings that reach them
    build: Callable[..., Platform]  # the adapter, from its settings and HTTP options
    settings: Callable[..., Any]
    token: str | None  # the path of its token endpoint; None for a fixed token (Webex)
    create: str  # the path of the call that makes a meeting (a POST)
    api_setting: str  # the setting that holds the API's URL
    token_setting: str | None  # the setting that holds the token endpoint's URL
    secrets: tuple[str, ...]  # what was sent that must never be shown, in every form it was sent

    def platform(self, options: dict[str, Any], **http: Any) -> Platform:
        """The adapter with ``options`` as its settings (what ``install`` gave, changed as a test likes)."""
        return self.build(self.settings(**options), **http)

    def issued(self, api: FakeApi) -> list[str]:
        """The access tokens the adapter sent to the API."""
        headers = [call.headers.get("Authorization", "") for call in api.calls]
        return [header[7:] for header in headers if header.startswith("Bearer ")]


def _zoom(api: FakeApi) -> dict[str, Any]:
    return fake_zoom.FakeZoom(api).settings_options()


def _teams(api: FakeApi) -> dict[str, Any]:
    fake_teams.install(api)
    return {
        "tenant_id": fake_teams.TENANT,
        "client_id": fake_teams.CLIENT_ID,
        "client_secret": fake_teams.CLIENT_SECRET,
        "user_id": fake_teams.USER_ID,
        "graph_url": api.url + fake_teams.GRAPH,
        "login_url": api.url,
    }


def _webex(api: FakeApi) -> dict[str, Any]:
    return fake_webex.FakeWebex(api).settings_options()


def _google(api: FakeApi) -> dict[str, Any]:
    fake_google.FakeGoogle(api)
    return {
        "client_id": fake_google.CLIENT_ID,
        "client_secret": fake_google.CLIENT_SECRET,
        "refresh_token": fake_google.REFRESH_TOKEN,
        "api_url": api.url,
        "token_url": api.url + "/token",
    }


_BASIC = base64.b64encode(f"{fake_zoom.CLIENT_ID}:{fake_zoom.CLIENT_SECRET}".encode()).decode()

ZOOM = Vendor(
    name="zoom",
    prefix="IOFS_ZOOM_",
    install=_zoom,
    build=ZoomPlatform,
    settings=ZoomSettings,
    token=r"/oauth/token",
    create=r"/v2/users/me/meetings",
    api_setting="api_url",
    token_setting="oauth_url",
    secrets=(fake_zoom.CLIENT_SECRET, _BASIC),
)
TEAMS = Vendor(
    name="teams",
    prefix="IOFS_TEAMS_",
    install=_teams,
    build=TeamsPlatform,
    settings=TeamsSettings,
    token=fake_teams.TOKEN,
    create=rf"{fake_teams.MEETINGS}/createOrGet",
    api_setting="graph_url",
    token_setting="login_url",
    secrets=(fake_teams.CLIENT_SECRET,),
)
WEBEX = Vendor(
    name="webex",
    prefix="IOFS_WEBEX_",
    install=_webex,
    build=WebexPlatform,
    settings=WebexSettings,
    token=None,
    create=r"/v1/meetings",
    api_setting="api_url",
    token_setting=None,
    secrets=(fake_webex.TOKEN,),
)
GOOGLE = Vendor(
    name="google_meet",
    prefix="IOFS_GOOGLE_",
    install=_google,
    build=GoogleMeetPlatform,
    settings=GoogleSettings,
    token=r"/token",
    create=r"/calendars/primary/events",
    api_setting="api_url",
    token_setting="token_url",
    secrets=(fake_google.CLIENT_SECRET, fake_google.REFRESH_TOKEN, quote(fake_google.REFRESH_TOKEN, safe="")),
)

VENDORS = (ZOOM, TEAMS, WEBEX, GOOGLE)
WITH_TOKENS = tuple(vendor for vendor in VENDORS if vendor.token is not None)
RECONCILING = (ZOOM, WEBEX)  # no idempotency key: a lost create is looked for
