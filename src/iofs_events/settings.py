"""Settings read from the environment and a ``.env`` file; the only module of iofs-events that imports pydantic.

Each class reads the variables of one prefix: ``IOFS_SMTP_`` for sending email, and one per
conferencing platform (``IOFS_ZOOM_``, ``IOFS_TEAMS_``, ``IOFS_WEBEX_``, ``IOFS_GOOGLE_``,
``IOFS_JITSI_``). Secrets are ``SecretStr``: their repr and str hide them. Load them with
:func:`load_settings`, whose error names every variable to set or fix, never a value.
"""

from __future__ import annotations

import re
from typing import Any, Literal, Self, TypeVar

from pydantic import Field, SecretStr, model_validator
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import ErrorDetails, PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict
from pydantic_settings import SettingsError as PydanticSettingsError

from .exceptions import SettingsError

__all__ = [
    "GoogleSettings",
    "JitsiSettings",
    "SmtpSettings",
    "TeamsSettings",
    "WebexSettings",
    "ZoomSettings",
    "load_settings",
    "load_smtp_settings",
]

_ENV_PREFIX = "IOFS_SMTP_"
_Settings = TypeVar("_Settings", bound=BaseSettings)
_DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}


def _config(prefix: str) -> SettingsConfigDict:
    """Variables of one prefix, from the environment or a ``.env`` file; others are ignored."""
    return SettingsConfigDict(
        env_prefix=prefix, env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )


class SmtpSettings(BaseSettings):
    """How to reach the SMTP server that sends invitations, so that no address or password lives in code.

    Read from ``IOFS_SMTP_HOST``, ``IOFS_SMTP_PORT``, ``IOFS_SMTP_SECURITY`` (``starttls``, ``tls``
    or ``none``; ``none`` sends a password in clear, so keep it for a relay on the same machine),
    ``IOFS_SMTP_USERNAME`` and ``IOFS_SMTP_PASSWORD`` (both or neither), ``IOFS_SMTP_TIMEOUT``
    (seconds) and ``IOFS_SMTP_LOCAL_HOSTNAME`` (the name given in ``EHLO``), or from a ``.env``
    file in the working directory. The password is a ``SecretStr``: repr and str hide it.
    """

    model_config = _config(_ENV_PREFIX)

    host: str = "localhost"
    port: int | None = Field(default=None, gt=0, le=65535)
    security: Literal["starttls", "tls", "none"] = "starttls"
    username: str | None = None
    password: SecretStr | None = None
    timeout: float = Field(default=30.0, gt=0)
    local_hostname: str | None = None

    @model_validator(mode="after")
    def _credentials_come_in_pairs(self) -> Self:
        if (self.username is None) != (self.password is None):
            raise PydanticCustomError(
                "credentials", f"set both {_ENV_PREFIX}USERNAME and {_ENV_PREFIX}PASSWORD, or neither"
            )
        return self

    @property
    def resolved_port(self) -> int:
        """The port to connect to: the one set, else 587 for ``starttls``, 465 for ``tls`` and 25 for ``none``."""
        return self.port if self.port is not None else _DEFAULT_PORTS[self.security]


def load_smtp_settings(**overrides: Any) -> SmtpSettings:
    """Read the SMTP settings from the environment and ``.env``; keyword arguments take precedence."""
    return load_settings(SmtpSettings, **overrides)


def load_settings(kind: type[_Settings], **overrides: Any) -> _Settings:
    """Read settings of ``kind`` from the environment and ``.env``; keyword arguments take precedence.

    Raises ``SettingsError`` naming each variable missing or in error (``IOFS_ZOOM_ACCOUNT_ID:
    field required``), and never the value given, which may be a secret.
    """
    prefix = str(kind.model_config.get("env_prefix", ""))
    try:
        return kind(**overrides)
    except PydanticSettingsError as error:  # a list or table that is not JSON, before any validation
        field = re.search(r'field "(\w+)"', str(error))
        name = prefix + field.group(1).upper() if field else prefix + "*"
        raise SettingsError(f'{name}: cannot be read: give a JSON value, such as ["ar"] for a list') from None
    except PydanticValidationError as error:
        problems = error.errors(include_input=False, include_url=False)
        # "from None": pydantic's own message shows the input, so it must not appear as the context either.
        raise SettingsError("; ".join(_describe(prefix, problem) for problem in problems)) from None


def _describe(prefix: str, problem: ErrorDetails) -> str:
    """``IOFS_SMTP_PORT: input should be a valid integer``; a rule across fields has no variable to name."""
    if not problem["loc"]:
        return problem["msg"]
    name = prefix + "_".join(map(str, problem["loc"][:1])).upper()
    return f"{name}: {problem['msg'][:1].lower()}{problem['msg'][1:]}"


class ZoomSettings(BaseSettings):
    """A Zoom Server-to-Server OAuth app: ``IOFS_ZOOM_ACCOUNT_ID``, ``_CLIENT_ID``, ``_CLIENT_SECRET``.

    ``IOFS_ZOOM_USER_ID`` is the host (``me``: the app's user); ``IOFS_ZOOM_CUSTOM_LANGUAGES``
    (a JSON list such as ``["ar"]``) names the interpretation languages the account has added as
    custom languages, since Arabic is not one of Zoom's own.
    """

    model_config = _config("IOFS_ZOOM_")

    account_id: str
    client_id: str
    client_secret: SecretStr
    user_id: str = "me"
    custom_languages: tuple[str, ...] = ()
    api_url: str = "https://api.zoom.us/v2"
    oauth_url: str = "https://zoom.us/oauth/token"
    timeout: float = Field(default=10.0, gt=0)


class TeamsSettings(BaseSettings):
    """A Microsoft Entra app with the client credentials grant, for Teams meetings through Microsoft Graph.

    ``IOFS_TEAMS_TENANT_ID``, ``_CLIENT_ID`` and ``_CLIENT_SECRET``; ``IOFS_TEAMS_USER_ID`` is the
    organizer on whose behalf meetings are made.
    """

    model_config = _config("IOFS_TEAMS_")

    tenant_id: str
    client_id: str
    client_secret: SecretStr
    user_id: str
    graph_url: str = "https://graph.microsoft.com/v1.0"
    login_url: str = "https://login.microsoftonline.com"
    timeout: float = Field(default=10.0, gt=0)


class WebexSettings(BaseSettings):
    """A Webex integration or bot token: ``IOFS_WEBEX_ACCESS_TOKEN``."""

    model_config = _config("IOFS_WEBEX_")

    access_token: SecretStr
    api_url: str = "https://webexapis.com/v1"
    timeout: float = Field(default=10.0, gt=0)


class GoogleSettings(BaseSettings):
    """A Google OAuth client and a refresh token with the Calendar scope, for Meet links on calendar events.

    ``IOFS_GOOGLE_CLIENT_ID``, ``_CLIENT_SECRET`` and ``_REFRESH_TOKEN``; ``IOFS_GOOGLE_CALENDAR_ID``
    (default ``primary``) is the calendar that holds the events.
    """

    model_config = _config("IOFS_GOOGLE_")

    client_id: str
    client_secret: SecretStr
    refresh_token: SecretStr
    calendar_id: str = "primary"
    api_url: str = "https://www.googleapis.com/calendar/v3"
    token_url: str = "https://oauth2.googleapis.com/token"
    timeout: float = Field(default=10.0, gt=0)


class JitsiSettings(BaseSettings):
    """Jitsi Meet needs nothing: ``IOFS_JITSI_SERVER`` (default ``https://meet.jit.si``) may name another.

    ``IOFS_JITSI_ROOM_SECRET`` makes room names unguessable from event ids; ``IOFS_JITSI_APP_ID``
    and ``IOFS_JITSI_APP_SECRET`` (both or neither) sign a JWT for a server that requires one.
    """

    model_config = _config("IOFS_JITSI_")

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
