"""Tokens for Gmail from a Google service account with domain-wide delegation, through google-auth.

Imported only for ``IOFS_SMTP_AUTH=google``: google-auth and requests come with the ``google`` extra.
"""

from __future__ import annotations

import functools
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import requests
from google.auth.exceptions import GoogleAuthError
from google.auth.transport.requests import Request
from google.oauth2 import service_account

from ..exceptions import DeliveryError, SettingsError
from ._tokens import AccessToken

if TYPE_CHECKING:
    from ..settings import SmtpSettings

SCOPE = "https://mail.google.com/"
_CUT = 600  # characters of an error that Google or google-auth gave (a page of HTML, at worst)


class GoogleTokens:
    """Tokens of a service account acting as the mailbox (``IOFS_SMTP_USERNAME``), as Workspace delegated it.

    The key is read when the provider is made, so that a bad key stops a run before its first
    message; Google is first asked at the first fetch.
    """

    def __init__(self, settings: SmtpSettings) -> None:
        info = _key(settings)
        if settings.token_url is not None:
            info["token_uri"] = settings.token_url
        try:
            self._credentials = service_account.Credentials.from_service_account_info(  # type: ignore[no-untyped-call]
                info, scopes=[settings.scope or SCOPE], subject=settings.username
            )
        except ValueError:  # a field missing, or a private key that is not one
            raise SettingsError(f"{_variable(settings)}: {_NOT_A_KEY}") from None
        self._token_uri = info["token_uri"]
        self._session = requests.Session()
        self._request = functools.partial(Request(self._session), timeout=settings.timeout)

    def fetch(self) -> AccessToken:
        """A new token for Gmail's scope, or ``DeliveryError`` with Google's reason."""
        try:
            self._credentials.refresh(self._request)
        except GoogleAuthError as error:  # google-auth wraps the errors of requests in its own
            reason = error.args[0] if error.args else error  # the first argument: the others repeat it as data
            raise DeliveryError(f"no token from {self._token_uri}: {reason}"[:_CUT]) from None
        finally:
            self._session.close()  # a token lasts an hour: no connection is kept open until the next
        expiry = self._credentials.expiry  # naive UTC, or None if Google gave no lifetime
        lifetime = (expiry - datetime.now(UTC).replace(tzinfo=None)).total_seconds() if expiry else 0.0
        return AccessToken(self._credentials.token, lifetime)


_NOT_A_KEY = "not a service account key: JSON with client_email, private_key and token_uri"


def _variable(settings: SmtpSettings) -> str:
    return "IOFS_SMTP_SERVICE_ACCOUNT_FILE" if settings.service_account_file else "IOFS_SMTP_SERVICE_ACCOUNT_INFO"


def _key(settings: SmtpSettings) -> dict[str, Any]:
    """The service account's key, from its file or from the variable that holds it; never quoted in an error."""
    if settings.service_account_file is not None:
        path = settings.service_account_file
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) else "not UTF-8"
            raise SettingsError(f"{_variable(settings)}: {path}: cannot be read: {reason}") from None
    else:
        assert settings.service_account_info is not None  # the settings require the file or the key
        text = settings.service_account_info.get_secret_value()
    try:
        info = json.loads(text)
    except ValueError:
        info = None
    if not isinstance(info, dict):
        raise SettingsError(f"{_variable(settings)}: {_NOT_A_KEY}")
    return info
