"""Sending over XOAUTH2, with tokens from a real MSAL or google-auth and a token endpoint on the loopback interface."""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from iofs_events.exceptions import DeliveryError, SettingsError
from iofs_events.mail import AccessToken, Mailer, send_all
from iofs_events.settings import SmtpSettings
from tests.mail.smtp_server import Certificate, SmtpServer
from tests.mail.test_send import MESSAGES, RECIPIENTS, free_port
from tests.mail.token_endpoint import CLIENT_ID, CLIENT_SECRET, MAILBOX, TENANT, OAuthKeys, TokenEndpoint, make_keys

PFX_PASSWORD = "pfx passphrase of the app certificate"
RECIPIENT = RECIPIENTS[0]


def microsoft(endpoint: TokenEndpoint, **overrides: Any) -> dict[str, Any]:
    """The settings of an Entra app with a client secret, whose authority is the local endpoint."""
    return {
        "auth": "microsoft",
        "username": MAILBOX,
        "tenant_id": TENANT,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "login_url": endpoint.login_url,
        **overrides,
    }


def google(endpoint: TokenEndpoint, **overrides: Any) -> dict[str, Any]:
    """The settings of a service account whose key, given in the variable, names the local endpoint."""
    key = endpoint.keys.service_account(endpoint.google_token_url)
    return {"auth": "google", "username": MAILBOX, "service_account_info": json.dumps(key), **overrides}


SIGN_INS = {"microsoft": microsoft, "google": google}


@pytest.fixture(name="oauth_server")
def oauth_server_fixture(
    request: pytest.FixtureRequest, token_endpoint: TokenEndpoint, tls_certificate: Certificate
) -> Iterator[SmtpServer]:
    """A server that accepts only the tokens the endpoint issued, over STARTTLS, or TLS if the test says ``tls``."""
    security = getattr(request, "param", "starttls")
    with SmtpServer(bearer=token_endpoint.accepts, **{security: tls_certificate.server_context()}) as server:
        yield server


def mailer(server: SmtpServer, certificate: Certificate, settings: dict[str, Any], **options: Any) -> Mailer:
    return Mailer(server.settings(**settings), ssl_context=certificate.client_context(), **options)


def every_text(error: BaseException) -> str:
    """The text and repr of an error and of every error chained to it."""
    texts = []
    current: BaseException | None = error
    while current is not None:
        texts += [str(current), repr(current)]
        current = current.__cause__ or current.__context__
    return "\n".join(texts)


# A message over XOAUTH2


def write_certificate(keys: OAuthKeys, folder: Path, kind: str) -> dict[str, Any]:
    if kind == "pem":
        (folder / "app.pem").write_bytes(keys.app_pem())
        return {"certificate": folder / "app.pem"}
    (folder / "app.pfx").write_bytes(keys.app_pfx(PFX_PASSWORD))
    return {"certificate": folder / "app.pfx", "certificate_password": PFX_PASSWORD}


@pytest.mark.parametrize("oauth_server", ["starttls", "tls"], indirect=True)
@pytest.mark.parametrize("credential", ["client secret", "pem", "pfx"])
def test_a_message_goes_through_microsoft_365(
    oauth_server: SmtpServer,
    token_endpoint: TokenEndpoint,
    tls_certificate: Certificate,
    tmp_path: Path,
    credential: str,
) -> None:
    settings = microsoft(token_endpoint)
    if credential != "client secret":
        del settings["client_secret"]
        settings |= write_certificate(token_endpoint.keys, tmp_path, credential)
    with mailer(oauth_server, tls_certificate, settings) as sender:
        sender.send(MESSAGES[0])
    (received,) = oauth_server.received
    assert (received.login, received.rcpt_tos, received.content) == (MAILBOX, (RECIPIENT,), MESSAGES[0].data)
    assert oauth_server.handler.xoauth2_logins == [True]
    assert token_endpoint.api.count("GET", r"/openid-configuration$") == 1
    (grant,) = [call for call in token_endpoint.api.calls if call.method == "POST"]
    assert grant.path == f"/{TENANT}/oauth2/v2.0/token"
    assert ("client_secret=" in grant.raw.decode()) == (credential == "client secret")


@pytest.mark.parametrize("oauth_server", ["starttls", "tls"], indirect=True)
@pytest.mark.parametrize("key", ["file", "variable with another token URL"])
def test_a_message_goes_through_google_workspace(
    oauth_server: SmtpServer, token_endpoint: TokenEndpoint, tls_certificate: Certificate, tmp_path: Path, key: str
) -> None:
    settings: dict[str, Any] = {"auth": "google", "username": MAILBOX}
    if key == "file":
        path = tmp_path / "service-account.json"
        path.write_text(json.dumps(token_endpoint.keys.service_account(token_endpoint.google_token_url)))
        settings["service_account_file"] = path
    else:  # a key as downloaded, naming Google's endpoint, which the setting replaces
        downloaded = token_endpoint.keys.service_account("https://oauth2.googleapis.com/token")
        settings |= {"service_account_info": json.dumps(downloaded), "token_url": token_endpoint.google_token_url}
    with mailer(oauth_server, tls_certificate, settings) as sender:
        sender.send(MESSAGES[0])
    (received,) = oauth_server.received
    assert (received.login, received.content) == (MAILBOX, MESSAGES[0].data)
    assert oauth_server.handler.xoauth2_logins == [True]
    assert [(call.method, call.path) for call in token_endpoint.api.calls] == [("POST", "/token")]


# The token's lifetime


@pytest.mark.parametrize("sign_in", SIGN_INS)
def test_a_token_serves_every_session_while_it_lasts(
    oauth_server: SmtpServer, token_endpoint: TokenEndpoint, tls_certificate: Certificate, sign_in: str
) -> None:
    with mailer(oauth_server, tls_certificate, SIGN_INS[sign_in](token_endpoint)) as sender:
        sender.send(MESSAGES[0])
        sender.close()  # the next message opens a new session
        send_all(MESSAGES[1:], mailer=sender)
    assert oauth_server.connections == 2
    assert oauth_server.handler.xoauth2_logins == [True, True]
    assert token_endpoint.token_requests() == 1
    assert oauth_server.recipients() == RECIPIENTS


# A lifetime no longer than the margin, or none given at all (Entra always gives one).
@pytest.mark.parametrize(("sign_in", "lifetime"), [("microsoft", 60), ("google", 60), ("google", None)])
def test_a_token_about_to_expire_is_not_used_again(
    oauth_server: SmtpServer,
    token_endpoint: TokenEndpoint,
    tls_certificate: Certificate,
    sign_in: str,
    lifetime: int | None,
) -> None:
    token_endpoint.lifetime = lifetime
    with mailer(oauth_server, tls_certificate, SIGN_INS[sign_in](token_endpoint)) as sender:
        sender.send(MESSAGES[0])
        sender.close()
        sender.send(MESSAGES[1])
    assert oauth_server.handler.xoauth2_logins == [True, True]  # never refused: a new token was fetched first
    assert token_endpoint.token_requests() == 2


@pytest.mark.parametrize(("sign_in", "gmail"), [("microsoft", False), ("google", True)])
def test_a_refused_token_is_replaced_once(
    token_endpoint: TokenEndpoint,
    tls_certificate: Certificate,
    caplog: pytest.LogCaptureFixture,
    sign_in: str,
    gmail: bool,
) -> None:
    caplog.set_level(logging.INFO, logger="iofs_events.mail")
    context = tls_certificate.server_context()
    with (
        SmtpServer(bearer=token_endpoint.accepts, gmail_refusals=gmail, starttls=context) as server,
        mailer(server, tls_certificate, SIGN_INS[sign_in](token_endpoint)) as sender,
    ):
        sender.send(MESSAGES[0])
        sender.close()
        token_endpoint.revoke()  # the server no longer takes the token the mailer keeps
        sender.send(MESSAGES[1])
        assert server.handler.xoauth2_logins == [True, False, True]
        assert server.connections == 2  # the new token on the same connection
        assert server.recipients() == RECIPIENTS[:2]
    assert token_endpoint.token_requests() == 2
    refusal = "535 5.7.8 Username and Password not accepted" if gmail else "535 5.7.3 Authentication unsuccessful"
    port = server.port
    assert f"127.0.0.1:{port} refused the token of {MAILBOX}: {refusal}; trying a new one" in caplog.messages


@pytest.mark.parametrize(("sign_in", "gmail"), [("microsoft", False), ("google", True)])
def test_a_token_refused_again_stops_the_run_and_names_server_and_sign_in(
    token_endpoint: TokenEndpoint,
    tls_certificate: Certificate,
    caplog: pytest.LogCaptureFixture,
    sign_in: str,
    gmail: bool,
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, MSAL's, google-auth's and urllib3's too
    sleeps: list[float] = []
    context = tls_certificate.server_context()
    with SmtpServer(bearer=lambda user, token: False, gmail_refusals=gmail, starttls=context) as server:
        with (
            mailer(server, tls_certificate, SIGN_INS[sign_in](token_endpoint), sleep=sleeps.append) as sender,
            pytest.raises(DeliveryError) as caught,
        ):
            send_all(MESSAGES, mailer=sender)
        assert server.handler.xoauth2_logins == [False, False]
        assert server.received == []
    error = caught.value
    refusal = "535 5.7.8 Username and Password not accepted" if gmail else "535 5.7.3 Authentication unsuccessful"
    assert str(error) == (
        f"{RECIPIENT}: not sent: 127.0.0.1:{server.port} refused the XOAUTH2 login of user {MAILBOX} "
        f"(IOFS_SMTP_AUTH={sign_in}): {refusal}"
    )
    assert not error.permanent
    assert sleeps == []  # not retried: another try would be refused too
    assert token_endpoint.token_requests() == 2
    assert len(token_endpoint.issued) == 2
    key = token_endpoint.keys.service_account(token_endpoint.google_token_url)["private_key"].splitlines()[1]
    for secret in [CLIENT_SECRET, key, *token_endpoint.issued]:
        for text in (every_text(error), caplog.text, repr(sender.settings), str(sender.settings)):
            assert secret not in text


def test_a_temporary_login_failure_is_retried_with_the_same_token(
    token_endpoint: TokenEndpoint, tls_certificate: Certificate
) -> None:
    context = tls_certificate.server_context()
    sleeps: list[float] = []
    with SmtpServer(bearer=token_endpoint.accepts, starttls=context) as server:
        server.handler.xoauth2_temporary_failures = 1
        with mailer(server, tls_certificate, microsoft(token_endpoint), sleep=sleeps.append) as sender:
            sender.send(MESSAGES[0])
        assert server.handler.xoauth2_logins == [False, True]
        assert server.connections == 2
    assert sleeps == [1.0]
    assert token_endpoint.token_requests() == 1


# A token endpoint that fails


@pytest.mark.parametrize("echoed", [False, True])
def test_a_wrong_client_secret_is_a_clear_error_that_shows_no_secret(
    oauth_server: SmtpServer,
    token_endpoint: TokenEndpoint,
    tls_certificate: Certificate,
    caplog: pytest.LogCaptureFixture,
    echoed: bool,
) -> None:
    caplog.set_level(logging.DEBUG)
    token_endpoint.echo_secret = echoed
    wrong = "not-the-secret-of-the-app"
    with (
        mailer(oauth_server, tls_certificate, microsoft(token_endpoint, client_secret=wrong)) as sender,
        pytest.raises(DeliveryError) as caught,
    ):
        sender.send(MESSAGES[0])
    error = caught.value
    authority = f"{token_endpoint.login_url}/{TENANT}"
    assert str(error).startswith(
        f"{RECIPIENT}: not sent: no token for user {MAILBOX} (IOFS_SMTP_AUTH=microsoft): "
        f"{authority} refused to issue a token: invalid_client: AADSTS7000215: Invalid client secret provided."
    )
    assert str(error).endswith(" The secret sent was ***.") == echoed
    assert not error.permanent
    assert oauth_server.connections == 0  # the token comes first: no session was opened for nothing
    for text in (every_text(error), caplog.text):
        assert wrong not in text


def test_a_service_account_without_delegation_is_a_clear_error(
    oauth_server: SmtpServer, token_endpoint: TokenEndpoint, tls_certificate: Certificate
) -> None:
    with (
        mailer(oauth_server, tls_certificate, google(token_endpoint, username="someone.else@iofs.example")) as sender,
        pytest.raises(DeliveryError) as caught,
    ):
        sender.send(MESSAGES[0])
    assert str(caught.value) == (
        f"{RECIPIENT}: not sent: no token for user someone.else@iofs.example (IOFS_SMTP_AUTH=google): "
        f"no token from {token_endpoint.google_token_url}: unauthorized_client: Client is unauthorized to retrieve "
        "access tokens using this method, or client not authorized for any of the scopes requested."
    )
    assert oauth_server.connections == 0


def test_a_service_account_key_that_google_does_not_know(
    oauth_server: SmtpServer, token_endpoint: TokenEndpoint, tls_certificate: Certificate
) -> None:
    stranger = json.dumps(token_endpoint.keys.service_account(token_endpoint.google_token_url, key=make_keys().app_key))
    settings = google(token_endpoint, service_account_info=stranger)
    with mailer(oauth_server, tls_certificate, settings) as sender, pytest.raises(DeliveryError) as caught:
        sender.send(MESSAGES[0])
    assert str(caught.value).endswith(": invalid_grant: Invalid JWT Signature.")
    assert "PRIVATE KEY" not in every_text(caught.value)


@pytest.mark.parametrize(
    ("sign_in", "where", "reason", "end"),
    [
        ("microsoft", "nobody listens", "no answer from https://127.0.0.1:{port}/iofs.example: ", "Connection refused"),
        (
            "microsoft",
            "another tenant",
            "no answer from {login_url}/another.example: Unable to get authority configuration",
            "double check your tenant name or GUID is correct.",
        ),
        ("google", "nobody listens", "no token from https://127.0.0.1:{port}/token: ", "Connection refused"),
    ],
)
def test_a_token_endpoint_that_does_not_answer(
    oauth_server: SmtpServer,
    token_endpoint: TokenEndpoint,
    tls_certificate: Certificate,
    sign_in: str,
    where: str,
    reason: str,
    end: str,
) -> None:
    port = free_port()
    settings = SIGN_INS[sign_in](token_endpoint)
    if where == "another tenant":
        settings["tenant_id"] = "another.example"
    elif sign_in == "microsoft":
        settings["login_url"] = f"https://127.0.0.1:{port}"
    else:
        settings["token_url"] = f"https://127.0.0.1:{port}/token"
    sleeps: list[float] = []
    with (
        mailer(oauth_server, tls_certificate, settings, sleep=sleeps.append) as sender,
        pytest.raises(DeliveryError) as caught,
    ):
        sender.send(MESSAGES[0])
    expected = reason.format(port=port, login_url=token_endpoint.login_url)
    assert f"(IOFS_SMTP_AUTH={sign_in}): {expected}" in str(caught.value)
    assert end in str(caught.value)[-80:]  # the whole reason, not cut short
    cause = caught.value.__cause__  # the provider's error, which hides the vendor's (a request error holds the request)
    assert isinstance(cause, DeliveryError)
    assert (cause.__cause__, cause.__suppress_context__) == (None, True)
    assert (sleeps, oauth_server.connections) == ([], 0)


@pytest.mark.parametrize(("sign_in", "path"), [("microsoft", rf"/{TENANT}/oauth2/v2\.0/token"), ("google", "/token")])
def test_a_token_endpoint_that_stalls_times_out(
    oauth_server: SmtpServer, token_endpoint: TokenEndpoint, tls_certificate: Certificate, sign_in: str, path: str
) -> None:
    token_endpoint.api.stall("POST", path, seconds=2)
    settings = SIGN_INS[sign_in](token_endpoint, timeout=0.3)  # IOFS_SMTP_TIMEOUT bounds the token request too
    started = time.monotonic()
    with mailer(oauth_server, tls_certificate, settings) as sender, pytest.raises(DeliveryError, match="timed out"):
        sender.send(MESSAGES[0])
    assert time.monotonic() - started < 1.5


def test_a_server_that_does_not_offer_xoauth2(token_endpoint: TokenEndpoint, tls_certificate: Certificate) -> None:
    context = tls_certificate.server_context()
    with (
        SmtpServer(credentials=("secretariat", "a password"), starttls=context) as server,
        mailer(server, tls_certificate, microsoft(token_endpoint)) as sender,
        pytest.raises(DeliveryError) as caught,
    ):
        sender.send(MESSAGES[0])
    assert str(caught.value) == (
        f"{RECIPIENT}: not sent: no session with the SMTP server 127.0.0.1:{server.port} "
        "(IOFS_SMTP_HOST, IOFS_SMTP_PORT, IOFS_SMTP_SECURITY): "
        "the server does not offer AUTH XOAUTH2 (it offers LOGIN PLAIN)"
    )


# Credentials that cannot be used stop before any message


def pkcs12_file(keys: OAuthKeys, key: Any, certificate: Any) -> bytes:
    encryption = serialization.BestAvailableEncryption(PFX_PASSWORD.encode())
    return pkcs12.serialize_key_and_certificates(b"app", key, certificate, None, encryption)


CERTIFICATES = {
    "no file": (None, None, "cannot be read: No such file or directory"),
    "not a certificate": (b"-----BEGIN NOTHING-----\n-----END NOTHING-----\n", None, "not a PEM file"),
    "a PFX with the wrong password": ("pfx", "the wrong password", "not a PEM file"),
    "a PFX without its password": ("pfx", None, "not a PEM file"),
    "a PFX without the certificate": (
        "pfx without certificate",
        PFX_PASSWORD,
        "Microsoft Entra takes an RSA key with its certificate",
    ),
    "an EC key": ("ec", None, "Microsoft Entra takes an RSA key with its certificate"),
}


@pytest.mark.parametrize("case", CERTIFICATES)
def test_a_certificate_that_cannot_be_used(
    token_endpoint: TokenEndpoint, tls_certificate: Certificate, tmp_path: Path, case: str
) -> None:
    content, password, message = CERTIFICATES[case]
    keys = token_endpoint.keys
    path = tmp_path / "app.pfx"
    if content == "pfx":
        path.write_bytes(keys.app_pfx(PFX_PASSWORD))
    elif content == "pfx without certificate":
        path.write_bytes(pkcs12_file(keys, keys.app_key, None))
    elif content == "ec":  # the certificate of the TLS tests has a P-256 key
        path.write_bytes(tls_certificate.cert.read_bytes() + tls_certificate.key.read_bytes())
    elif content is not None:
        path.write_bytes(content)
    settings = microsoft(token_endpoint, client_secret=None, certificate=path, certificate_password=password)
    with pytest.raises(SettingsError) as caught:
        Mailer(SmtpSettings(**settings))
    assert str(caught.value).startswith(f"IOFS_SMTP_CERTIFICATE: {path}: {message}")
    assert PFX_PASSWORD not in every_text(caught.value)
    assert token_endpoint.api.calls == []


SERVICE_ACCOUNT_KEYS = {
    "not JSON": "{not json",
    "not an object": "[]",
    "a field missing": json.dumps({"type": "service_account", "private_key": "x", "token_uri": "https://x"}),
    "not a private key": json.dumps(
        {
            "client_email": "a@b.example",
            "private_key": "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----\n",
            "token_uri": "https://x",
        }
    ),
}


@pytest.mark.parametrize("case", SERVICE_ACCOUNT_KEYS)
def test_a_service_account_key_that_cannot_be_used(token_endpoint: TokenEndpoint, case: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Mailer(SmtpSettings(**google(token_endpoint, service_account_info=SERVICE_ACCOUNT_KEYS[case])))
    assert str(caught.value) == (
        "IOFS_SMTP_SERVICE_ACCOUNT_INFO: not a service account key: JSON with client_email, private_key and token_uri"
    )
    assert "c2VjcmV0" not in every_text(caught.value)


@pytest.mark.parametrize(("content", "reason"), [(None, "No such file or directory"), (b"\xff\xfe{", "not UTF-8")])
def test_a_service_account_file_that_cannot_be_read(
    token_endpoint: TokenEndpoint, tmp_path: Path, content: bytes | None, reason: str
) -> None:
    path = tmp_path / "key.json"
    if content is not None:
        path.write_bytes(content)
    settings = google(token_endpoint, service_account_info=None, service_account_file=path)
    with pytest.raises(SettingsError) as caught:
        Mailer(SmtpSettings(**settings))
    assert str(caught.value) == f"IOFS_SMTP_SERVICE_ACCOUNT_FILE: {path}: cannot be read: {reason}"


# A token provider of one's own


class VaultTokens:
    """Tokens from a host system's vault: a TokenProvider as a program of its own would write one."""

    def __init__(self, endpoint: TokenEndpoint, *, sealed: bool = False) -> None:
        self.endpoint = endpoint
        self.sealed = sealed
        self.fetched = 0

    def fetch(self) -> AccessToken:
        if self.sealed:
            raise DeliveryError("the vault is sealed")
        self.fetched += 1
        return AccessToken(self.endpoint.issue("vault"), 3600)


def test_a_token_provider_of_ones_own(token_endpoint: TokenEndpoint) -> None:
    tokens = VaultTokens(token_endpoint)
    with SmtpServer(bearer=token_endpoint.accepts) as server:
        with Mailer(server.settings(auth="xoauth2", username=MAILBOX), tokens=tokens) as sender:
            send_all(MESSAGES, mailer=sender)
            sender.close()
            token_endpoint.revoke()
            sender.send(MESSAGES[0])
        assert [received.login for received in server.received] == [MAILBOX] * (len(MESSAGES) + 1)
        assert server.handler.xoauth2_logins == [True, False, True]
    assert tokens.fetched == 2


def test_the_error_of_a_provider_of_ones_own_is_named(token_endpoint: TokenEndpoint) -> None:
    with (
        SmtpServer(bearer=token_endpoint.accepts) as server,
        Mailer(
            server.settings(username=MAILBOX, password="unused"), tokens=VaultTokens(token_endpoint, sealed=True)
        ) as sender,
        pytest.raises(DeliveryError) as caught,
    ):
        sender.send(MESSAGES[0])
    assert str(caught.value) == (
        f"{RECIPIENT}: not sent: no token for user {MAILBOX} (tokens from VaultTokens): the vault is sealed"
    )


def test_an_access_token_hides_its_value() -> None:
    token = AccessToken("eyJ0eXAiOiJKV1QiLCJhbGciOi.secret", 3599.0)
    assert repr(token) == "AccessToken(expires_in=3599.0)"
    with pytest.raises(ValueError, match="value"):
        AccessToken("", 60)


def test_xoauth2_needs_a_provider_and_a_mailbox(smtp_server: SmtpServer, token_endpoint: TokenEndpoint) -> None:
    with pytest.raises(
        SettingsError, match=r"^IOFS_SMTP_AUTH=xoauth2 takes its tokens from a provider given in Python"
    ):
        Mailer(smtp_server.settings(auth="xoauth2", username=MAILBOX))
    with pytest.raises(SettingsError, match=r"^IOFS_SMTP_USERNAME: set it to the mailbox that XOAUTH2 logs in as$"):
        Mailer(smtp_server.settings(), tokens=VaultTokens(token_endpoint))


# The vendors' libraries are optional


@pytest.mark.parametrize(("sign_in", "library"), [("microsoft", "msal"), ("google", "google.auth.transport.requests")])
def test_a_missing_extra_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, token_endpoint: TokenEndpoint, sign_in: str, library: str
) -> None:
    monkeypatch.setitem(sys.modules, library, None)  # as if not installed: importing it fails
    for name in ("iofs_events.mail._microsoft", "iofs_events.mail._google"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    settings = SmtpSettings(**SIGN_INS[sign_in](token_endpoint))
    with pytest.raises(SettingsError) as caught:
        Mailer(settings)
    assert str(caught.value).endswith(f'which is not installed: pip install "iofs-events[{sign_in}]"')
    assert caught.value.__suppress_context__
