"""Settings read from the environment and a ``.env`` file, with pydantic-settings.

Each class reads the variables of one prefix: ``IOFS_SMTP_`` for sending email
(:class:`SmtpSettings`, here), ``IOFS_IMAP_`` for reading participants' replies
(:class:`ImapSettings`, here), and one per conferencing platform, whose class lives beside its
adapter (``IOFS_ZOOM_``: :class:`~iofs_events.platforms.zoom.ZoomSettings`, ``IOFS_TEAMS_``,
``IOFS_WEBEX_``, ``IOFS_GOOGLE_``, ``IOFS_JITSI_``; still importable from here). Secrets are
``SecretStr``: their repr and str hide them. Load them with :func:`load_settings`, whose error
names every variable to set or fix, never a value; :func:`settings_config` makes the
``model_config`` of a settings class, ours or a third-party adapter's.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal, Self, TypeVar

from pydantic import Field, SecretStr, model_validator
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import ErrorDetails, PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict
from pydantic_settings import SettingsError as PydanticSettingsError

from .exceptions import SettingsError

__all__ = ["ImapSettings", "SmtpSettings", "load_settings", "load_smtp_settings", "settings_config"]

_ENV_PREFIX = "IOFS_SMTP_"
_Settings = TypeVar("_Settings", bound=BaseSettings)
_DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
_IMAP_PREFIX = "IOFS_IMAP_"
_IMAP_PORTS = {"tls": 993, "starttls": 143}


def settings_config(prefix: str) -> SettingsConfigDict:
    """The ``model_config`` of a settings class: variables of one prefix, from the environment or ``.env``.

    Other variables are ignored and the settings are frozen. Our platform adapters' settings use
    it (``IOFS_ZOOM_``...), and so can a third party's (``model_config = settings_config("ACME_")``).
    """
    return SettingsConfigDict(
        env_prefix=prefix, env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )


class SmtpSettings(BaseSettings):
    """How to reach and sign in to the SMTP server that sends invitations, so that no address or secret lives in code.

    Read from ``IOFS_SMTP_HOST``, ``IOFS_SMTP_PORT``, ``IOFS_SMTP_SECURITY`` (``starttls``, ``tls``
    or ``none``; ``none`` sends credentials in clear, so keep it for a relay on the same machine),
    ``IOFS_SMTP_TIMEOUT`` (seconds) and ``IOFS_SMTP_LOCAL_HOSTNAME`` (the name given in ``EHLO``),
    or from a ``.env`` file in the working directory. ``IOFS_SMTP_AUTH`` chooses the sign-in:

    - ``password`` (the default): ``IOFS_SMTP_USERNAME`` and ``IOFS_SMTP_PASSWORD``, both or neither;
    - ``microsoft``: OAuth 2.0 (XOAUTH2) for Exchange Online, with a token that a Microsoft Entra
      app gets through MSAL: ``IOFS_SMTP_TENANT_ID``, ``IOFS_SMTP_CLIENT_ID``, and
      ``IOFS_SMTP_CLIENT_SECRET`` or ``IOFS_SMTP_CERTIFICATE`` (with ``IOFS_SMTP_CERTIFICATE_PASSWORD``
      if its key is encrypted); ``IOFS_SMTP_LOGIN_URL`` names another cloud's identity platform;
    - ``google``: XOAUTH2 for Google Workspace, with a token of a service account with domain-wide
      delegation, through google-auth: ``IOFS_SMTP_SERVICE_ACCOUNT_FILE`` (its JSON key) or
      ``IOFS_SMTP_SERVICE_ACCOUNT_INFO`` (the key itself); ``IOFS_SMTP_TOKEN_URL`` replaces the
      key's ``token_uri``;
    - ``xoauth2``: XOAUTH2 with tokens from a provider given in Python, ``Mailer(tokens=...)``.

    Every OAuth sign-in logs in as ``IOFS_SMTP_USERNAME``, the mailbox; ``IOFS_SMTP_SCOPE`` replaces
    the scope asked for. Secrets are ``SecretStr``: repr and str hide them.
    """

    model_config = settings_config(_ENV_PREFIX)

    host: str = "localhost"
    port: int | None = Field(default=None, gt=0, le=65535)
    security: Literal["starttls", "tls", "none"] = "starttls"
    auth: Literal["password", "microsoft", "google", "xoauth2"] = "password"
    username: str | None = None
    password: SecretStr | None = None
    tenant_id: str | None = None
    client_id: str | None = None
    client_secret: SecretStr | None = None
    certificate: Path | None = None
    certificate_password: SecretStr | None = None
    login_url: str = "https://login.microsoftonline.com"
    service_account_file: Path | None = None
    service_account_info: SecretStr | None = None
    token_url: str | None = None
    scope: str | None = None
    timeout: float = Field(default=30.0, gt=0)
    local_hostname: str | None = None

    @model_validator(mode="after")
    def _sign_in_is_complete(self) -> Self:
        problems = _sign_in_problems(self)  # first: settings of another sign-in mean a forgotten IOFS_SMTP_AUTH
        if problems:
            raise PydanticCustomError("sign_in", f"{_ENV_PREFIX}AUTH={self.auth}: " + "; ".join(problems))
        if self.auth == "password" and (self.username is None) != (self.password is None):
            raise PydanticCustomError(
                "credentials", f"set both {_ENV_PREFIX}USERNAME and {_ENV_PREFIX}PASSWORD, or neither"
            )
        return self

    @property
    def resolved_port(self) -> int:
        """The port to connect to: the one set, else 587 for ``starttls``, 465 for ``tls`` and 25 for ``none``."""
        return self.port if self.port is not None else _DEFAULT_PORTS[self.security]


# Per sign-in: the fields it requires, those of which it takes exactly one, and those it may take.
_SIGN_INS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "password": ((), (), ("username", "password")),
    "microsoft": (
        ("username", "tenant_id", "client_id"),
        ("client_secret", "certificate"),
        ("certificate_password", "login_url", "scope"),
    ),
    "google": (("username",), ("service_account_file", "service_account_info"), ("token_url", "scope")),
    "xoauth2": (("username",), (), ()),
}
_SIGN_IN_FIELDS = frozenset(name for fields in _SIGN_INS.values() for group in fields for name in group)


def _sign_in_problems(settings: SmtpSettings) -> list[str]:
    """What the chosen sign-in lacks, and what was set for another sign-in (a forgotten ``IOFS_SMTP_AUTH``)."""
    required, one_of, optional = _SIGN_INS[settings.auth]
    given = {name for name in settings.model_fields_set & _SIGN_IN_FIELDS if getattr(settings, name) is not None}
    problems = []
    missing = [name for name in required if name not in given]
    if missing:
        mailbox = f"{_ENV_PREFIX}USERNAME"
        problems.append(f"set {_names(missing, 'and')}".replace(mailbox, f"{mailbox} (the mailbox)"))
    chosen = [name for name in one_of if name in given]
    if one_of and len(chosen) != 1:
        problems.append(f"set {_names(one_of, 'or')}" + (", not both" if chosen else ""))
    if "certificate_password" in given and "certificate" not in given:
        problems.append(f"{_ENV_PREFIX}CERTIFICATE_PASSWORD is for {_ENV_PREFIX}CERTIFICATE, which is not set")
    unused = sorted(given - {*required, *one_of, *optional}, key=list(SmtpSettings.model_fields).index)
    if unused:
        problems.append(f"{_names(unused, 'and')} {'is' if len(unused) == 1 else 'are'} not used by this sign-in")
    return problems


def _names(fields: list[str] | tuple[str, ...], conjunction: str) -> str:
    """``IOFS_SMTP_TENANT_ID, IOFS_SMTP_CLIENT_ID and IOFS_SMTP_USERNAME``."""
    names = [_ENV_PREFIX + field.upper() for field in fields]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


class ImapSettings(BaseSettings):
    """How to reach and sign in to the mailbox where participants' calendar replies arrive.

    Read from ``IOFS_IMAP_HOST``, ``IOFS_IMAP_PORT``, ``IOFS_IMAP_SECURITY`` (``tls`` from the
    first byte, or ``starttls``; there is no clear-text choice: a mailbox holds people's mail),
    ``IOFS_IMAP_USERNAME``, then ``IOFS_IMAP_PASSWORD`` for a password login, or
    ``IOFS_IMAP_TOKEN`` for an OAuth 2.0 access token (``AUTHENTICATE XOAUTH2``), not both;
    ``IOFS_IMAP_FOLDER`` (the folder to read), ``IOFS_IMAP_TIMEOUT`` (seconds, for each wait)
    and ``IOFS_IMAP_CA_FILE`` (a PEM file of the certificate authorities to trust instead of the
    system's). Secrets are ``SecretStr``: repr and str hide them.
    """

    model_config = settings_config(_IMAP_PREFIX)

    host: str
    port: int | None = Field(default=None, gt=0, le=65535)
    security: Literal["tls", "starttls"] = "tls"
    username: str
    password: SecretStr | None = None
    token: SecretStr | None = None
    folder: str = Field(default="INBOX", min_length=1)
    timeout: float = Field(default=30.0, gt=0)
    ca_file: Path | None = None

    @model_validator(mode="after")
    def _one_secret(self) -> Self:
        if self.password is not None and self.token is not None:
            raise PydanticCustomError(
                "sign_in", f"set {_IMAP_PREFIX}PASSWORD or {_IMAP_PREFIX}TOKEN (an OAuth 2.0 token), not both"
            )
        if self.security == "starttls" and self.port == _IMAP_PORTS["tls"]:
            raise PydanticCustomError(
                "security", f"{_IMAP_PREFIX}PORT=993 is for TLS from the first byte: set {_IMAP_PREFIX}SECURITY=tls"
            )
        return self

    @property
    def resolved_port(self) -> int:
        """The port to connect to: the one set, else 993 for ``tls`` and 143 for ``starttls``."""
        return self.port if self.port is not None else _IMAP_PORTS[self.security]


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


_ADAPTER_SETTINGS = {
    "ZoomSettings": "zoom",
    "TeamsSettings": "teams",
    "WebexSettings": "webex",
    "GoogleSettings": "google_meet",
    "JitsiSettings": "jitsi",
}


def __getattr__(name: str) -> Any:
    """The settings class of one of our adapters, from the module of that adapter."""
    if name in _ADAPTER_SETTINGS:
        from importlib import import_module

        return getattr(import_module(f"iofs_events.platforms.{_ADAPTER_SETTINGS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
