"""A token endpoint on 127.0.0.1, over HTTPS, that issues tokens as Microsoft Entra and Google do for SMTP.

Built on the ``FakeApi`` of ``tests/platforms/fake_api.py``. For the tenant ``TENANT`` it serves
what MSAL asks for: the OpenID configuration (``GET /TENANT/v2.0/.well-known/openid-configuration``)
and the client credentials grant (``POST /TENANT/oauth2/v2.0/token``), with the client secret or an
assertion signed with the app's certificate. For Google it serves the JWT bearer grant of a
service account (``POST /token``), whose assertion names the mailbox as its subject. Each grant
is checked as the vendor would (secret, signature, audience, issuer, subject, scope), and refused
with the vendor's error otherwise.

Every token issued is new, kept in ``issued``, and valid until :meth:`TokenEndpoint.revoke`;
``accepts(user, token)`` is what the SMTP server's ``bearer`` asks. ``lifetime`` is the
``expires_in`` given, or none when it is ``None``. ``echo_secret`` makes a refusal quote the client
secret, as a careless server might. Fixtures: ``oauth_keys`` (the app's certificate and the
service account's key, made once) and ``token_endpoint``.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

import jwt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from tests.mail.smtp_server import GMAIL_SCOPE, Certificate
from tests.platforms.fake_api import Call, FakeApi, Reply, running

MAILBOX = "events@iofs.example"
TENANT = "iofs.example"
CLIENT_ID = "8d2e7c1a-0f5b-4a1e-9b7c-3e6f2d1c0a9b"
CLIENT_SECRET = "Qx8~client.secret-of-the-entra-app"
EXCHANGE_SCOPE = "https://outlook.office365.com/.default"
SERVICE_ACCOUNT = "smtp-sender@iofs-events.iam.gserviceaccount.com"
GOOGLE_AUDIENCE = "https://oauth2.googleapis.com/token"  # google-auth's assertions name it, whatever the token_uri
_TIME_LEEWAY = 60  # seconds of difference between clocks that a real endpoint forgives


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass(frozen=True)
class OAuthKeys:
    """The Entra app's certificate and key, and the Google service account's key."""

    app_key: rsa.RSAPrivateKey
    app_certificate: x509.Certificate
    service_account_key: rsa.RSAPrivateKey

    def app_pem(self) -> bytes:
        """The certificate and its unencrypted key in one PEM file, as ``openssl req -x509 -nodes`` leaves them."""
        key = self.app_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        return self.app_certificate.public_bytes(serialization.Encoding.PEM) + key

    def app_pfx(self, password: str) -> bytes:
        """The certificate and its key in a PKCS #12 file that ``password`` opens."""
        encryption = serialization.BestAvailableEncryption(password.encode())
        return pkcs12.serialize_key_and_certificates(b"app", self.app_key, self.app_certificate, None, encryption)

    def service_account(self, token_uri: str, key: rsa.RSAPrivateKey | None = None) -> dict[str, str]:
        """A service account key as Google's console downloads it (with another private key if ``key``)."""
        private_key = (key or self.service_account_key).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        return {
            "type": "service_account",
            "project_id": "iofs-events",
            "private_key_id": "5f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d",
            "private_key": private_key.decode(),
            "client_email": SERVICE_ACCOUNT,
            "client_id": "104711004711004711004",
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": token_uri,
        }


def make_keys() -> OAuthKeys:
    """New keys, and a self-signed certificate as an Entra app's certificate credential may be."""
    app_key = _new_key()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "iofs-events SMTP sender")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(app_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .sign(app_key, hashes.SHA256())
    )
    return OAuthKeys(app_key=app_key, app_certificate=certificate, service_account_key=_new_key())


@dataclass
class TokenEndpoint:
    """The endpoint's state and record; see the module docstring."""

    api: FakeApi
    keys: OAuthKeys
    lifetime: int | None = 3600
    echo_secret: bool = False
    issued: list[str] = field(default_factory=list)
    valid: set[str] = field(default_factory=set)

    @property
    def login_url(self) -> str:
        """What ``IOFS_SMTP_LOGIN_URL`` is set to: the authority is this URL and the tenant."""
        return self.api.url

    @property
    def google_token_url(self) -> str:
        return f"{self.api.url}/token"

    @property
    def microsoft_token_url(self) -> str:
        return f"{self.api.url}/{TENANT}/oauth2/v2.0/token"

    def token_requests(self) -> int:
        return self.api.count("POST", r"/token$")

    def accepts(self, user: str, token: str) -> bool:
        return user == MAILBOX and token in self.valid

    def revoke(self) -> None:
        """Every token issued so far is no longer accepted, as after an admin revoked the app's sessions."""
        self.valid.clear()

    def issue(self, vendor: str) -> str:
        """A new token that the SMTP server accepts until it is revoked."""
        token = f"{vendor}-access-token-{len(self.issued) + 1}-{secrets.token_urlsafe(16)}"
        self.issued.append(token)
        self.valid.add(token)
        return token

    def _grant(self, vendor: str) -> Reply:
        reply: dict[str, Any] = {"access_token": self.issue(vendor), "token_type": "Bearer"}
        if self.lifetime is not None:
            reply["expires_in"] = self.lifetime
        return 200, reply

    def openid_configuration(self, call: Call) -> Reply:
        base = f"{self.api.url}/{TENANT}"
        return 200, {
            "issuer": f"{base}/v2.0",
            "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
            "token_endpoint": f"{base}/oauth2/v2.0/token",
        }

    def microsoft_token(self, call: Call) -> Reply:
        form = _form(call)
        if form.get("grant_type") != "client_credentials" or form.get("scope") != EXCHANGE_SCOPE:
            return 400, {"error": "invalid_request", "error_description": f"AADSTS900144: not a grant for SMTP: {form}"}
        if form.get("client_id") != CLIENT_ID or not self._app_proves_itself(form):
            given = form.get("client_secret", "")
            description = "AADSTS7000215: Invalid client secret provided."
            if self.echo_secret:
                description += f" The secret sent was {given}."
            return 401, {"error": "invalid_client", "error_description": description}
        return self._grant("microsoft")

    def _app_proves_itself(self, form: dict[str, str]) -> bool:
        """The client secret, or an assertion signed with the certificate whose SHA-256 thumbprint it names."""
        if "client_secret" in form:
            return form["client_secret"] == CLIENT_SECRET
        if form.get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer":
            return False
        assertion = form.get("client_assertion", "")
        der = self.keys.app_certificate.public_bytes(serialization.Encoding.DER)
        thumbprint = base64.urlsafe_b64encode(hashlib.sha256(der).digest()).rstrip(b"=").decode()
        try:
            if jwt.get_unverified_header(assertion).get("x5t#S256", "").rstrip("=") != thumbprint:
                return False
            jwt.decode(
                assertion,
                self.keys.app_certificate.public_key(),
                algorithms=["PS256"],
                audience=self.microsoft_token_url,
                issuer=CLIENT_ID,
                leeway=_TIME_LEEWAY,
                options={"require": ["exp", "jti", "sub"]},
            )
        except jwt.InvalidTokenError:
            return False
        return True

    def google_token(self, call: Call) -> Reply:
        form = _form(call)
        if form.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer":
            return 400, {"error": "unsupported_grant_type", "error_description": "Invalid grant_type."}
        try:
            claims = jwt.decode(
                form.get("assertion", ""),
                self.keys.service_account_key.public_key(),
                algorithms=["RS256"],
                audience=GOOGLE_AUDIENCE,
                issuer=SERVICE_ACCOUNT,
                leeway=_TIME_LEEWAY,
            )
        except jwt.InvalidTokenError:
            return 400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}
        if claims.get("sub") != MAILBOX or claims.get("scope") != GMAIL_SCOPE:
            return 401, {
                "error": "unauthorized_client",
                "error_description": "Client is unauthorized to retrieve access tokens using this method, "
                "or client not authorized for any of the scopes requested.",
            }
        return self._grant("google")


def _form(call: Call) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(call.raw.decode()).items()}


@pytest.fixture(name="oauth_keys", scope="session")
def oauth_keys_fixture() -> OAuthKeys:
    return make_keys()


@pytest.fixture(name="token_endpoint")
def token_endpoint_fixture(
    tls_certificate: Certificate, oauth_keys: OAuthKeys, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TokenEndpoint]:
    """The endpoint over HTTPS, with its certificate trusted by requests, which MSAL and google-auth use."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tls_certificate.cert))
    with running(tls=tls_certificate.server_context()) as api:
        endpoint = TokenEndpoint(api=api, keys=oauth_keys)
        api.route("GET", rf"/{TENANT}/v2\.0/\.well-known/openid-configuration", endpoint.openid_configuration)
        api.route("POST", rf"/{TENANT}/oauth2/v2\.0/token", endpoint.microsoft_token)
        api.route("POST", r"/token", endpoint.google_token)
        yield endpoint
