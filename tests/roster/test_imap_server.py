"""The Dovecot of tests.roster.imap_server: TLS logins with imap-tools, by password or OAuth2, and what it stores."""

from __future__ import annotations

import email
import imaplib
import socket
import ssl
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted
from imap_tools.errors import MailboxLoginError

from tests.roster import replies
from tests.roster.imap_server import Dovecot, ImapServer, Login

FIELDS = {
    "uid": "iofs-fsg-2030@iofs.example",
    "sequence": 1,
    "dtstamp": datetime(2030, 2, 20, 8, 15, tzinfo=UTC),
    "attendee": "amina@agri.example",
    "partstat": "ACCEPTED",
    "name": "Amina Diallo-Ouédraogo",
}
MESSAGES = {
    **{shape: replies.reply(shape, **FIELDS) for shape in replies.SHAPES},
    "outlook-ru": replies.reply("outlook", **{**FIELDS, "name": "Бахыт Жумабаев"}, language="ru"),
    "broken": replies.broken("gmail", **FIELDS),
    "plain": replies.plain_email(sender="amina@agri.example", dtstamp=FIELDS["dtstamp"]),  # type: ignore[arg-type]
}


def test_login_over_implicit_tls(imap_server: ImapServer) -> None:
    with MailBox(imap_server.host, imap_server.tls_port, ssl_context=imap_server.ssl_context()).login(
        imap_server.user, imap_server.password
    ) as mailbox:
        assert [folder.name for folder in mailbox.folder.list()] == ["INBOX"]


def test_login_over_starttls(imap_server: ImapServer) -> None:
    with MailBoxStartTls(imap_server.host, imap_server.port, ssl_context=imap_server.ssl_context()).login(
        imap_server.user, imap_server.password
    ) as mailbox:
        assert mailbox.folder.get() == "INBOX"


@pytest.mark.parametrize("tls", ["implicit", "starttls"])
def test_login_with_an_oauth2_token(imap_server: ImapServer, tls: str) -> None:
    context = imap_server.ssl_context()
    mailbox = (
        MailBox(imap_server.host, imap_server.tls_port, ssl_context=context)
        if tls == "implicit"
        else MailBoxStartTls(imap_server.host, imap_server.port, ssl_context=context)
    )
    with mailbox.xoauth2(imap_server.user, imap_server.token) as logged_in:
        assert logged_in.folder.get() == "INBOX"


def test_login_with_oauthbearer(imap_server: ImapServer) -> None:
    response = f"n,a={imap_server.user},\x01auth=Bearer {imap_server.token}\x01\x01".encode()
    with imaplib.IMAP4_SSL(imap_server.host, imap_server.tls_port, ssl_context=imap_server.ssl_context()) as imap:
        assert imap.authenticate("OAUTHBEARER", lambda _: response)[0] == "OK"


def test_wrong_secrets_are_refused(imap_server: ImapServer) -> None:
    user, password, token = imap_server.user, imap_server.password, imap_server.token
    attempts: list[tuple[type[Exception], Callable[[MailBox], object]]] = [
        (MailboxLoginError, lambda mailbox: mailbox.login(user, "not the password")),
        (MailboxLoginError, lambda mailbox: mailbox.login(user, token)),  # a token is no password
        # nor a password a token; imap-tools lets imaplib's error through for a refused XOAUTH2
        (imaplib.IMAP4.error, lambda mailbox: mailbox.xoauth2(user, password)),
    ]
    for error, attempt in attempts:
        mailbox = MailBox(imap_server.host, imap_server.tls_port, ssl_context=imap_server.ssl_context())
        with pytest.raises(error, match="AUTHENTICATIONFAILED"):
            attempt(mailbox)
        mailbox.client.shutdown()
    assert imap_server.logins() == []


def test_the_log_tells_which_logins_used_tls(imap_server: ImapServer) -> None:
    # On the loopback Dovecot lets a client log in without TLS: only its log tells.
    with MailBoxUnencrypted(imap_server.host, imap_server.port).login(imap_server.user, imap_server.password):
        pass
    with MailBoxStartTls(imap_server.host, imap_server.port, ssl_context=imap_server.ssl_context()).xoauth2(
        imap_server.user, imap_server.token
    ):
        pass
    assert imap_server.logins() == [
        Login(imap_server.user, "PLAIN", tls=False),
        Login(imap_server.user, "XOAUTH2", tls=True),
    ]


def test_the_certificate_is_checked(imap_server: ImapServer) -> None:
    untrusting = ssl.create_default_context()  # the system's authorities only: the test's certificate is its own
    address = (imap_server.host, imap_server.tls_port)
    with socket.create_connection(address, timeout=5) as plain, pytest.raises(ssl.SSLCertVerificationError):
        untrusting.wrap_socket(plain, server_hostname=imap_server.host)
    with (
        socket.create_connection(address, timeout=5) as plain,
        imap_server.ssl_context().wrap_socket(plain, server_hostname=imap_server.host) as tls,
    ):
        assert tls.recv(5) == b"* OK "


def test_secrets_stay_out_of_the_repr(imap_server: ImapServer) -> None:
    shown = repr(imap_server)
    assert imap_server.user in shown
    assert imap_server.password not in shown
    assert imap_server.token not in shown


@pytest.mark.parametrize("name", MESSAGES)
def test_a_message_comes_back_byte_for_byte(imap_server: ImapServer, name: str) -> None:
    uid = imap_server.append(MESSAGES[name])
    assert imap_server.messages() == [MESSAGES[name]]
    assert imap_server.flags() == [frozenset()]  # reading it marked nothing
    with MailBox(imap_server.host, imap_server.tls_port, ssl_context=imap_server.ssl_context()).login(
        imap_server.user, imap_server.password
    ) as mailbox:
        (message,) = mailbox.fetch(mark_seen=False)
    assert message.uid == str(uid)
    assert "\\Seen" not in message.flags
    assert message.obj["Message-ID"] == email.message_from_bytes(MESSAGES[name])["Message-ID"]


def test_folders_flags_and_order(imap_server: ImapServer) -> None:
    first = imap_server.append(MESSAGES["gmail"])
    second = imap_server.append(MESSAGES["apple"], seen=True)
    filed = imap_server.append(MESSAGES["outlook"], folder="Replies/Read ones", seen=True)
    assert second > first
    assert imap_server.messages() == [MESSAGES["gmail"], MESSAGES["apple"]]
    assert imap_server.flags() == [frozenset(), frozenset({r"\Seen"})]
    assert (filed, imap_server.messages("Replies/Read ones")) == (1, [MESSAGES["outlook"]])
    assert imap_server.flags("Replies/Read ones") == [frozenset({r"\Seen"})]
    with pytest.raises(AssertionError, match="no folder Elsewhere"):
        imap_server.messages("Elsewhere")


def test_each_test_has_an_empty_mailbox_of_its_own(imap_server: ImapServer, dovecot: Dovecot) -> None:
    assert imap_server.messages() == []
    imap_server.append(MESSAGES["thunderbird"])
    other = dovecot.add_user()
    assert other.user != imap_server.user
    assert other.messages() == []
    assert imap_server.messages() == [MESSAGES["thunderbird"]]
