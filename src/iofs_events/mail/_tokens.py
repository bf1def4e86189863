"""Access tokens for the XOAUTH2 login: what a provider gives, how a Mailer keeps it, which provider to use."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Protocol

from attrs import field, frozen, validators

from ..exceptions import SettingsError

if TYPE_CHECKING:
    from ..settings import SmtpSettings

__all__ = ["AccessToken", "TokenProvider"]

_MARGIN = 60.0  # seconds: a token that expires sooner is not used, lest it expire between fetch and login


@frozen
class AccessToken:
    """An OAuth 2.0 access token, and for how many seconds from now it is valid; the repr hides the token."""

    value: str = field(repr=False, validator=validators.min_len(1))
    expires_in: float


class TokenProvider(Protocol):
    """Where a :class:`Mailer` gets the access tokens it logs in with (``AUTH XOAUTH2``).

    ``fetch`` gets a new token each time it is called: the mailer keeps the token for its lifetime
    less a minute, across its sessions, and calls ``fetch`` again when it has expired or the server
    refused it. When no token can be had, ``fetch`` raises
    :class:`~iofs_events.DeliveryError` with a text that holds no secret.
    """

    def fetch(self) -> AccessToken:
        """A new access token for the mailbox that the mailer logs in as."""


class CachedToken:
    """The token of one provider, fetched when first needed and kept until it is about to expire or refused."""

    def __init__(self, provider: TokenProvider) -> None:
        self._provider = provider
        self._value: str | None = None
        self._expires = 0.0

    def get(self) -> str:
        """The token, fetched again once it is about to expire or was forgotten."""
        if self._value is None or time.monotonic() >= self._expires:
            token = self._provider.fetch()
            self._value, self._expires = token.value, time.monotonic() + max(token.expires_in - _MARGIN, 0)
        return self._value

    def forget(self) -> None:
        """Drop the token, after the server refused it, so that the next :meth:`get` fetches a new one."""
        self._value = None


def provider_for(settings: SmtpSettings) -> TokenProvider | None:
    """The provider that ``IOFS_SMTP_AUTH`` names, or ``None`` for a password (or no login).

    The vendors' libraries are optional extras, imported here only: a missing one is a
    ``SettingsError`` that says what to install.
    """
    if settings.auth == "password":
        return None
    if settings.auth == "xoauth2":
        raise SettingsError(
            "IOFS_SMTP_AUTH=xoauth2 takes its tokens from a provider given in Python, Mailer(tokens=...); "
            "for Microsoft 365 or Google Workspace, set IOFS_SMTP_AUTH=microsoft or google"
        )
    if settings.auth == "microsoft":
        try:
            from ._microsoft import MicrosoftTokens
        except ImportError:
            raise SettingsError(_missing_extra("microsoft", "MSAL")) from None
        return MicrosoftTokens(settings)
    try:
        from ._google import GoogleTokens
    except ImportError:
        raise SettingsError(_missing_extra("google", "google-auth with requests")) from None
    return GoogleTokens(settings)


def _missing_extra(extra: str, library: str) -> str:
    return f'IOFS_SMTP_AUTH={extra} needs {library}, which is not installed: pip install "iofs-events[{extra}]"'
