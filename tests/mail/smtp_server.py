"""A real SMTP server on the loopback interface, for tests of sending mail, with faults to inject.

``SmtpServer`` runs aiosmtpd in a thread on a free port of 127.0.0.1 and keeps every message it
accepted. It can refuse a recipient with 4xx a number of times, or with 5xx; drop the connection
at given ``DATA`` commands; require a login, with a password or with a bearer token (``AUTH
XOAUTH2``, refused as Exchange Online or as Gmail does); and speak STARTTLS or implicit TLS with a
certificate made by :func:`make_certificate`. Its fixtures: ``smtp_server`` (plain, no login) and
``tls_certificate``. Load them with ``pytest_plugins = ["smtp_server"]`` in ``conftest.py``.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import ssl
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from iofs_events.settings import SmtpSettings

GMAIL_SCOPE = "https://mail.google.com/"
XOAUTH2 = re.compile(rb"user=([^\x01]+)\x01auth=Bearer ([^\x01]+)\x01\x01")  # the client's response, exactly


@dataclass(frozen=True)
class Received:
    """One message the server accepted."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    mail_options: tuple[str, ...]
    content: bytes
    login: str | None


@dataclass
class Handler:
    """The aiosmtpd hooks: faults to inject, set before or between sends, and what was received."""

    credentials: tuple[str, str] | None = None
    bearer: Callable[[str, str], bool] | None = None  # whether to accept (user, token) in AUTH XOAUTH2
    gmail_refusals: bool = False  # a refused token gets a 334 with the reason first, as Gmail does
    xoauth2_logins: list[bool] = field(default_factory=list)  # whether each AUTH XOAUTH2 was accepted
    xoauth2_temporary_failures: int = 0  # how many more AUTH XOAUTH2 to answer with 454
    temporary_refusals: dict[str, int] = field(default_factory=dict)  # recipient: how many more 451 replies
    permanent_refusals: set[str] = field(default_factory=set)
    drop_at_data: set[int] = field(default_factory=set)  # numbers (from 1) of DATA commands to hang up at
    received: list[Received] = field(default_factory=list)
    rcpt_attempts: list[str] = field(default_factory=list)
    data_commands: int = 0

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        given = (auth_data.login.decode(), auth_data.password.decode())  # a LoginPassword, for LOGIN and PLAIN
        return AuthResult(success=given == self.credentials, handled=False, auth_data=given[0])

    async def auth_XOAUTH2(self, server: Any, args: list[str]) -> AuthResult:  # noqa: N802
        """The server's side of XOAUTH2; aiosmtpd offers it because the handler has this method."""
        assert self.bearer is not None  # the mechanism is withheld from a server without one
        if self.xoauth2_temporary_failures > 0:
            self.xoauth2_temporary_failures -= 1
            self.xoauth2_logins.append(False)
            return AuthResult(success=False, handled=False, message="454 4.7.0 Temporary authentication failure")
        response = base64.b64decode(args[1]) if len(args) > 1 else await server.challenge_auth("")
        login = XOAUTH2.fullmatch(response)
        user, token = (login[1].decode(), login[2].decode()) if login else ("", "")
        accepted = login is not None and self.bearer(user, token)
        self.xoauth2_logins.append(accepted)
        if accepted:
            return AuthResult(success=True, auth_data=user)
        if self.gmail_refusals:
            await server.challenge_auth(json.dumps({"status": "401", "schemes": "Bearer", "scope": GMAIL_SCOPE}))
            return AuthResult(success=False, handled=False, message="535 5.7.8 Username and Password not accepted")
        return AuthResult(success=False, handled=False, message="535 5.7.3 Authentication unsuccessful")

    # aiosmtpd calls the hooks by these names.
    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:  # noqa: N802
        if (self.credentials is not None or self.bearer is not None) and not session.authenticated:
            return "530 5.7.0 Authentication required"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:  # noqa: N802
        self.rcpt_attempts.append(address)
        if address in self.permanent_refusals:
            return "550 5.1.1 No such mailbox here"
        if self.temporary_refusals.get(address, 0) > 0:
            self.temporary_refusals[address] -= 1
            return "451 4.7.1 Greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.data_commands += 1
        if self.data_commands in self.drop_at_data:
            server.transport.close()  # hang up without a reply; the status below is never sent
            return "421 4.4.2 Connection dropped"
        self.received.append(
            Received(
                mail_from=envelope.mail_from,
                rcpt_tos=tuple(envelope.rcpt_tos),
                mail_options=tuple(envelope.mail_options),
                content=envelope.content,
                login=session.auth_data if session.authenticated else None,
            )
        )
        return "250 OK"


class _Controller(Controller):
    """Counts connections, and listens on a free port (``port=0``) that it then reports."""

    connections = 0

    def factory(self) -> Any:
        self.connections += 1
        return super().factory()

    def _trigger_server(self) -> None:
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class SmtpServer:
    """A running aiosmtpd server on 127.0.0.1, as a context manager; see the module docstring.

    ``starttls`` offers STARTTLS with that server context and refuses mail without it; ``tls``
    speaks TLS from the first byte; ``credentials`` is the one ``(user, password)`` accepted, with
    mail refused before a login; ``bearer(user, token)`` says which XOAUTH2 logins to accept, and
    without it XOAUTH2 is not offered; ``gmail_refusals`` refuses a token as Gmail does;
    ``smtputf8=False`` withholds the SMTPUTF8 extension.
    """

    def __init__(
        self,
        *,
        credentials: tuple[str, str] | None = None,
        bearer: Callable[[str, str], bool] | None = None,
        gmail_refusals: bool = False,
        starttls: ssl.SSLContext | None = None,
        tls: ssl.SSLContext | None = None,
        smtputf8: bool = True,
    ) -> None:
        self.handler = Handler(credentials=credentials, bearer=bearer, gmail_refusals=gmail_refusals)
        self.security = "tls" if tls else "starttls" if starttls else "none"
        self._controller = _Controller(
            self.handler,
            hostname="127.0.0.1",
            port=0,
            ssl_context=tls,
            tls_context=starttls,
            require_starttls=starttls is not None,
            authenticator=self.handler.authenticate,
            auth_require_tls=False,  # loopback tests log in over plain connections too
            auth_exclude_mechanism=[] if bearer else ["XOAUTH2"],
            enable_SMTPUTF8=smtputf8,
            server_hostname="smtp.test",
        )

    def __enter__(self) -> Self:
        self._controller.start()
        self._controller.connections = 0  # forget the controller's own probe
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._controller.stop()

    @property
    def port(self) -> int:
        return int(self._controller.port)

    @property
    def connections(self) -> int:
        """How many connections clients opened."""
        return int(self._controller.connections)

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def recipients(self) -> list[str]:
        """Every recipient of every accepted message, in order."""
        return [recipient for message in self.received for recipient in message.rcpt_tos]

    def settings(self, **overrides: Any) -> SmtpSettings:
        """Settings that reach this server; ``overrides`` change them."""
        return loopback_settings(self.port, **{"security": self.security, **overrides})


def loopback_settings(port: int, **overrides: Any) -> SmtpSettings:
    """Settings for a plain server on 127.0.0.1, whatever the environment says; ``overrides`` change them."""
    values: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": port,
        "security": "none",
        "username": None,
        "password": None,
        "timeout": 5.0,
        "local_hostname": "client.test",
    }
    return SmtpSettings(**(values | overrides))


@dataclass(frozen=True)
class Certificate:
    """A self-signed certificate for 127.0.0.1 and the SSL contexts that use it."""

    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, self.key)
        return context

    def client_context(self) -> ssl.SSLContext:
        """A client context that trusts this certificate, and checks the host name as usual."""
        return ssl.create_default_context(cafile=self.cert)


def make_certificate(folder: Path) -> Certificate:
    """Make a self-signed certificate for 127.0.0.1 with the ``openssl`` command; skip the test without it."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("TLS tests need the openssl command to make a certificate")
    certificate = Certificate(cert=folder / "cert.pem", key=folder / "key.pem")
    request = "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1"
    subject = "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1"
    subprocess.run(
        [openssl, *request.split(), *subject.split(), "-keyout", certificate.key, "-out", certificate.cert],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return certificate


@pytest.fixture(name="smtp_server")
def smtp_server_fixture() -> Iterator[SmtpServer]:
    """A plain server without login, stopped after the test."""
    with SmtpServer() as server:
        yield server


@pytest.fixture(name="tls_certificate", scope="session")
def tls_certificate_fixture(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    """One self-signed certificate for 127.0.0.1 per test session."""
    return make_certificate(tmp_path_factory.mktemp("tls"))
