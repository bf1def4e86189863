"""Settings read from the environment and a ``.env`` file; the only module of iofs-events that imports pydantic."""

from __future__ import annotations

from typing import Any, Literal, Self

from pydantic import Field, SecretStr, model_validator
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import ErrorDetails, PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict

from .exceptions import SettingsError

__all__ = ["SmtpSettings", "load_smtp_settings"]

_ENV_PREFIX = "IOFS_SMTP_"
_DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}


class SmtpSettings(BaseSettings):
    """How to reach the SMTP server that sends invitations, so that no address or password lives in code.

    Read from ``IOFS_SMTP_HOST``, ``IOFS_SMTP_PORT``, ``IOFS_SMTP_SECURITY`` (``starttls``, ``tls``
    or ``none``; ``none`` sends a password in clear, so keep it for a relay on the same machine),
    ``IOFS_SMTP_USERNAME`` and ``IOFS_SMTP_PASSWORD`` (both or neither), ``IOFS_SMTP_TIMEOUT``
    (seconds) and ``IOFS_SMTP_LOCAL_HOSTNAME`` (the name given in ``EHLO``), or from a ``.env``
    file in the working directory. The password is a ``SecretStr``: repr and str hide it.
    """

    model_config = SettingsConfigDict(
        env_prefix=_ENV_PREFIX, env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

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
    """Read the SMTP settings from the environment and ``.env``; keyword arguments take precedence.

    Raises ``SettingsError`` naming each variable in error (``IOFS_SMTP_PORT: input should be a valid
    integer``) and never the value given, which may be a password.
    """
    try:
        return SmtpSettings(**overrides)
    except PydanticValidationError as error:
        problems = error.errors(include_input=False, include_url=False)
        # "from None": pydantic's own message shows the input, so it must not appear as the context either.
        raise SettingsError("; ".join(map(_describe, problems))) from None


def _describe(problem: ErrorDetails) -> str:
    """``IOFS_SMTP_PORT: input should be a valid integer``; a rule across fields has no variable to name."""
    if not problem["loc"]:
        return problem["msg"]
    name = _ENV_PREFIX + "_".join(map(str, problem["loc"])).upper()
    return f"{name}: {problem['msg'][:1].lower()}{problem['msg'][1:]}"
