"""Tokens for Exchange Online from Microsoft Entra: MSAL's client credentials flow, with a secret or a certificate.

Imported only for ``IOFS_SMTP_AUTH=microsoft``: MSAL, requests and cryptography come with the ``microsoft`` extra.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msal
import requests
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from ..exceptions import DeliveryError, SettingsError
from ._tokens import AccessToken

if TYPE_CHECKING:
    from ..settings import SmtpSettings

SCOPE = "https://outlook.office365.com/.default"
_CUT = 600  # characters of an error that the identity platform or MSAL gave (a page of HTML, at worst)


class MicrosoftTokens:
    """App-only tokens of a Microsoft Entra app, which Exchange Online lets send as the mailboxes it was given.

    The certificate, if any, is read when the provider is made, so that a bad file or password
    stops a run before its first message; the identity platform is first asked at the first fetch.
    """

    def __init__(self, settings: SmtpSettings) -> None:
        self._settings = settings
        self._authority = f"{settings.login_url.rstrip('/')}/{settings.tenant_id}"
        self._credential = _credential(settings)
        self._secrets = [
            secret.get_secret_value()
            for secret in (settings.client_secret, settings.certificate_password)
            if secret is not None
        ]
        self._session = _Session(settings.timeout)
        self._app: Any = None  # MSAL asks the authority for its OpenID configuration when the app is made

    def fetch(self) -> AccessToken:
        """A new token for the scope of Exchange Online, or ``DeliveryError`` with the platform's reason."""
        try:
            if self._app is None:
                self._app = msal.ConfidentialClientApplication(
                    self._settings.client_id,
                    client_credential=self._credential,
                    authority=self._authority,
                    # Instance discovery would ask login.microsoftonline.com whether the authority is one of
                    # Microsoft's; it is the operator's own setting, for another cloud or a test.
                    instance_discovery=False,
                    http_client=self._session,
                )
            # MSAL keeps the tokens it got, and would give back the very one the server refused: ask anew.
            cache = self._app.token_cache
            for entry in list(cache.search(msal.TokenCache.CredentialType.ACCESS_TOKEN)):
                cache.remove_at(entry)
            reply = self._app.acquire_token_for_client(scopes=[self._settings.scope or SCOPE])
        except (OSError, ValueError, RuntimeError) as error:  # requests' errors are OSErrors, MSAL's ValueErrors
            # From None: a request error holds the request, whose body holds the client secret.
            raise DeliveryError(self._hide(f"no answer from {self._authority}: {error}")) from None
        finally:
            self._session.close()  # a token lasts an hour or so: no connection is kept open until the next
        if "access_token" not in reply:
            reason = f"{reply.get('error')}: {reply.get('error_description')}"
            raise DeliveryError(self._hide(f"{self._authority} refused to issue a token: {reason}"))
        return AccessToken(reply["access_token"], float(reply["expires_in"]))

    def _hide(self, text: str) -> str:
        """The text cut short, with any secret that an error might echo replaced by ``***``."""
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text[:_CUT]


class _Session(requests.Session):
    """A requests session whose requests time out, as MSAL's own would with ``timeout=``."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self._timeout)
        return super().request(*args, **kwargs)


def _credential(settings: SmtpSettings) -> str | dict[str, str]:
    """The client secret, or the certificate's key and certificate in PEM as MSAL takes them."""
    if settings.client_secret is not None:
        return settings.client_secret.get_secret_value()
    path = settings.certificate
    assert path is not None  # the settings require a secret or a certificate
    password = settings.certificate_password.get_secret_value().encode() if settings.certificate_password else None
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SettingsError(f"IOFS_SMTP_CERTIFICATE: {path}: cannot be read: {error.strerror}") from None
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            key: object = serialization.load_pem_private_key(data, password)
            certificate: x509.Certificate | None = x509.load_pem_x509_certificates(data)[0]
        else:
            key, certificate, _ = pkcs12.load_key_and_certificates(data, password)
    except (ValueError, TypeError):  # not the format, or the password is wrong, missing or not needed
        raise SettingsError(
            f"IOFS_SMTP_CERTIFICATE: {path}: not a PEM file with a private key and its certificate, nor a "
            "PKCS #12 (.pfx) file with both, that IOFS_SMTP_CERTIFICATE_PASSWORD opens if it is encrypted"
        ) from None
    if not isinstance(key, rsa.RSAPrivateKey) or certificate is None:
        raise SettingsError(f"IOFS_SMTP_CERTIFICATE: {path}: Microsoft Entra takes an RSA key with its certificate")
    return {
        "private_key": key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode(),
        # MSAL works out the certificate's SHA-256 thumbprint from it, which Entra knows it by.
        "public_certificate": certificate.public_bytes(serialization.Encoding.PEM).decode(),
    }
