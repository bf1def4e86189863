"""A real IMAP server on the loopback interface: Dovecot, with a throwaway configuration, for tests of reading replies.

One Dovecot runs per test session, in the foreground (``dovecot -F -c CONFIG``), from a
temporary folder that holds everything it writes: its configuration, sockets, state, log and
Maildir storage. It never reads the system's configuration, starts no system service and listens
only on 127.0.0.1, on two free ports: IMAP with STARTTLS, and IMAP over implicit TLS (IMAPS), with
the self-signed certificate of ``tests.mail.smtp_server``. Dovecot counts a loopback connection
as secure, so it also takes a login without TLS there; its log tells which logins used TLS.

Each test gets a user of its own (``imap_server`` fixture), so a fresh, empty mailbox, for the
price of two small files. A user logs in with a password (PLAIN, LOGIN), or with a fixed OAuth2
bearer token (XOAUTH2, OAUTHBEARER): Dovecot's OAuth2 mechanisms hand the token to the password
databases as a password, so a second ``passwd-file`` that maps each user to a token, restricted
to those mechanisms, stands in for the check that a real deployment asks of an identity provider
(Dovecot's ``oauth2`` passdb, which needs an HTTP introspection endpoint or signed JWTs).

Users: as root, Dovecot's own processes run as the ``dovecot`` and ``dovenull`` users that
Debian's package creates, and the mail as ``nobody``; as anyone else, everything runs as that
user (no chroot, which needs root). Load the fixtures with
``pytest_plugins = ["tests.roster.imap_server"]`` in ``conftest.py``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import grp
import imaplib
import os
import pwd
import re
import secrets
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pytest

from tests.mail.smtp_server import Certificate
from tests.real_parts import missing

HOST = "127.0.0.1"
STARTUP_TIMEOUT = 10.0  # seconds for Dovecot to listen, or to stop
APPEND_AT_ONCE = 500  # messages per APPEND command of ImapServer.append_all
_SYSTEM_BINARIES = ("/usr/sbin", "/usr/local/sbin")


@dataclass(frozen=True)
class Login:
    """A login that Dovecot accepted, as its log tells it."""

    user: str
    method: str  # PLAIN, LOGIN, XOAUTH2, OAUTHBEARER
    tls: bool


@dataclass(frozen=True)
class ImapServer:
    """One user's view of the running Dovecot: where it listens, how to log in, helpers to fill and read folders.

    ``port`` speaks IMAP and offers STARTTLS; ``tls_port`` speaks TLS from the first byte.
    ``password`` logs in by LOGIN or PLAIN, ``token`` by XOAUTH2 or OAUTHBEARER; neither works for
    the other. Dovecot counts a loopback connection as secure and lets it log in without TLS:
    :meth:`logins` tells whether a login used TLS.
    """

    host: str
    port: int
    tls_port: int
    user: str
    password: str = field(repr=False)
    token: str = field(repr=False)
    ca_file: Path
    log: Path = field(repr=False)

    def with_password(self, password: str) -> ImapServer:
        """The same user with another password, any Unicode; the helpers here log in with ASCII ones only.

        Dovecot notices a change to a password file it has open by its time of change, in seconds, and at most
        once a second: the file's time is moved on two seconds, and this waits one.
        """
        path = self.log.parent / "passwd" / self.user
        changed = path.stat().st_mtime + 2
        path.write_text(f"{self.user}:{{PLAIN}}{password}\n", encoding="utf-8")
        os.utime(path, (changed, changed))
        time.sleep(1.1)
        return dataclasses.replace(self, password=password)

    def ssl_context(self) -> ssl.SSLContext:
        """A client context that trusts the server's certificate, and checks its name (127.0.0.1) as usual."""
        return ssl.create_default_context(cafile=self.ca_file)

    @contextlib.contextmanager
    def connect(self) -> Iterator[imaplib.IMAP4_SSL]:
        """An imaplib connection over implicit TLS, logged in as this user, closed after use."""
        imap = imaplib.IMAP4_SSL(self.host, self.tls_port, ssl_context=self.ssl_context(), timeout=STARTUP_TIMEOUT)
        try:
            imap.login(self.user, self.password)
            yield imap
        finally:
            with contextlib.suppress(imaplib.IMAP4.error, OSError):
                imap.logout()

    def append(self, raw: bytes, folder: str = "INBOX", *, seen: bool = False) -> int:
        """Put the message ``raw`` into ``folder`` (made if missing) as IMAP APPEND does; return its UID."""
        return self.append_all([raw], folder, seen=seen)[0]

    def append_all(self, messages: Iterable[bytes], folder: str = "INBOX", *, seen: bool = False) -> list[int]:
        """Put ``messages`` into ``folder`` (made if missing), in order, over one connection; return their UIDs.

        One MULTIAPPEND command (RFC 3502) takes up to :data:`APPEND_AT_ONCE` messages, each a
        non-synchronizing literal (LITERAL+, RFC 7888): no round trip per message, so that
        thousands fill a folder in seconds.
        """
        listed, uids = list(messages), []
        flags = rb" (\Seen)" if seen else b""
        with self.connect() as imap:
            if folder != "INBOX":
                imap.create(_quoted(folder))  # answers NO when the folder exists: nothing to do then
            for start in range(0, len(listed), APPEND_AT_ONCE):
                tag = f"fill{start}".encode()  # not one of imaplib's tags, which are letters then a number
                literals = (flags + b" {%d+}\r\n" % len(raw) + raw for raw in listed[start : start + APPEND_AT_ONCE])
                imap.send(b"%s APPEND %s%s\r\n" % (tag, _quoted(folder).encode(), b"".join(literals)))
                line = imap.readline()
                while line and not line.startswith(tag + b" "):  # what the server says meanwhile: EXISTS, RECENT
                    line = imap.readline()
                done = re.match(rb"\S+ OK \[APPENDUID \d+ ([\d:,]+)\]", line)
                if done is None:
                    raise AssertionError(f"APPEND to {folder} failed: {line!r}")
                uids += _uid_set(done[1].decode())
        return uids

    def messages(self, folder: str = "INBOX") -> list[bytes]:
        """Every message of ``folder``, byte for byte, in UID order, without marking any as read."""
        return [raw for raw, _ in self._fetch(folder)]

    def flags(self, folder: str = "INBOX") -> list[frozenset[str]]:
        r"""The flags of every message of ``folder``, in the order of :meth:`messages` (``\Recent`` left out)."""
        return [flags for _, flags in self._fetch(folder)]

    def logins(self) -> list[Login]:
        """This user's accepted logins so far, in order, once Dovecot's log process has written them."""
        pattern = re.compile(rf"imap-login: Info: Login: user=<{re.escape(self.user)}>, method=([^,]+), (.*)")
        seen: list[Login] | None = None
        for _ in range(40):  # until two readings 50 ms apart agree, 2 s at most
            found = [
                Login(self.user, match[1], "TLS" in match[2].split(", "))
                for match in map(pattern.search, self.log.read_text(errors="replace").splitlines())
                if match
            ]
            if found == seen:
                break
            seen = found
            time.sleep(0.05)
        return found

    def _fetch(self, folder: str) -> list[tuple[bytes, frozenset[str]]]:
        with self.connect() as imap:
            status, data = imap.select(_quoted(folder), readonly=True)
            if status != "OK":
                raise AssertionError(f"no folder {folder}: {data!r}")
            _, found = imap.uid("SEARCH", "ALL")
            stored = []
            for uid in found[0].split():
                _, response = imap.uid("FETCH", uid, "(FLAGS BODY.PEEK[])")
                # One message: a (prefix, literal) pair, then the rest of the line, where FLAGS may also be.
                (prefix, raw), *rest = response
                flags = re.search(rb"FLAGS \(([^)]*)\)", b" ".join([prefix, *rest]))
                names = flags[1].decode().split() if flags else []
                stored.append((raw, frozenset(name for name in names if name != r"\Recent")))
            return stored


def _uid_set(text: str) -> list[int]:
    """The UIDs of an IMAP sequence set such as ``4:6,9``."""
    uids: list[int] = []
    for piece in text.split(","):
        first, _, last = piece.partition(":")
        uids += range(int(first), int(last or first) + 1)
    return uids


def _quoted(folder: str) -> str:
    """A folder name as an IMAP quoted string, so that spaces survive."""
    escaped = folder.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


class Dovecot:
    """A Dovecot master process for this test session, in its own temporary folder; see the module docstring."""

    def __init__(self, binary: str, certificate: Certificate) -> None:
        self._binary = binary
        self._certificate = certificate
        self._folder = Path(tempfile.mkdtemp(prefix="iofs-dovecot-"))
        self._folder.chmod(0o755)  # Dovecot's unprivileged processes read the password files in it
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr_file: BinaryIO | None = None
        self._users = 0
        self.port = self.tls_port = 0

    @property
    def log(self) -> str:
        """What Dovecot logged so far, to explain a failure."""
        path = self._folder / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def start(self) -> None:
        """Write the configuration and start Dovecot on two free ports; try other ports if they were taken meanwhile."""
        for _ in range(3):
            self.port, self.tls_port = _free_port(), _free_port()
            self._configure()
            self._stderr_file = (self._folder / "stderr.log").open("wb")
            self._process = subprocess.Popen(
                [self._binary, "-F", "-c", str(self._folder / "dovecot.conf")],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=self._stderr_file,
            )
            if self._listening():
                return
            self.stop()
            if "Address already in use" not in self.log:
                break
        raise RuntimeError(f"Dovecot did not start; its log says:\n{self.log}{self._stderr()}")

    def stop(self) -> None:
        """Stop the master process, which stops its children, and wait for it (bounded)."""
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(STARTUP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(STARTUP_TIMEOUT)
        self._process = None
        if self._stderr_file is not None:
            self._stderr_file.close()
            self._stderr_file = None

    def remove(self) -> None:
        """Stop Dovecot and remove its folder, mail included."""
        self.stop()
        shutil.rmtree(self._folder, ignore_errors=True)

    def add_user(self) -> ImapServer:
        """A new user with an empty mailbox, a random password and a random OAuth2 token."""
        self._users += 1
        user = f"organizer{self._users}"
        password, token = secrets.token_urlsafe(16), secrets.token_urlsafe(24)
        # A file per user: Dovecot opens one when a login names it, but notices a change to a file
        # it has open at most once a second.
        (self._folder / "passwd" / user).write_text(f"{user}:{{PLAIN}}{password}\n")
        (self._folder / "tokens" / user).write_text(f"{user}:{{PLAIN}}{token}\n")
        return ImapServer(
            host=HOST,
            port=self.port,
            tls_port=self.tls_port,
            user=user,
            password=password,
            token=token,
            ca_file=self._certificate.cert,
            log=self._folder / "dovecot.log",
        )

    def _configure(self) -> None:
        folder = self._folder
        mail = folder / "mail"
        for name in ("run", "state", "mail", "passwd", "tokens"):
            (folder / name).mkdir(exist_ok=True)
        if os.geteuid() == 0:
            # Dovecot's processes keep the users of Debian's package; mail may not belong to root.
            nobody = pwd.getpwnam("nobody")
            users = ""
            uid, gid = nobody.pw_uid, nobody.pw_gid
            os.chown(mail, uid, gid)
        else:
            me = pwd.getpwuid(os.getuid())
            users = (
                f"default_internal_user = {me.pw_name}\n"
                f"default_internal_group = {grp.getgrgid(me.pw_gid).gr_name}\n"
                f"default_login_user = {me.pw_name}\n"
            )
            uid, gid = me.pw_uid, me.pw_gid
        (folder / "dovecot.conf").write_text(
            f"""\
# A throwaway Dovecot for the tests: everything it writes stays in {folder}.
instance_name = iofs-test-{folder.name}
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
protocols = imap
listen = {HOST}
shutdown_clients = yes
{users}first_valid_uid = {uid}
first_valid_gid = {gid}
# TLS before a login, except on the loopback, which Dovecot counts as secure
ssl = required
ssl_cert = <{self._certificate.cert}
ssl_key = <{self._certificate.key}
auth_mechanisms = plain login xoauth2 oauthbearer
auth_failure_delay = 0
mail_location = maildir:{mail}/%u
# a throwaway store: no fsync after each message saved
mail_fsync = never
namespace inbox {{
  inbox = yes
  separator = /
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {folder}/passwd/%u
  mechanisms = plain login
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {folder}/tokens/%u
  mechanisms = xoauth2 oauthbearer
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={mail}/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = {HOST}
    port = {self.port}
  }}
  inet_listener imaps {{
    address = {HOST}
    port = {self.tls_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
  # Dovecot's way to turn off the penalty that delays logins after a failed one, up to 15 s
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"""
        )

    def _listening(self) -> bool:
        """Wait until both ports accept a connection; false if Dovecot exits or the time runs out."""
        deadline = time.monotonic() + STARTUP_TIMEOUT
        waiting = {self.port, self.tls_port}
        while waiting and time.monotonic() < deadline:
            if self._process is None or self._process.poll() is not None:
                return False
            for port in list(waiting):
                with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
                    waiting.discard(port)
            time.sleep(0.02)
        return not waiting

    def _stderr(self) -> str:
        return (self._folder / "stderr.log").read_text(errors="replace")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def dovecot_binary() -> str | None:
    """Where the ``dovecot`` command is, looking in the system folders too (they are not on every user's PATH)."""
    path = os.pathsep.join([os.environ.get("PATH", ""), *_SYSTEM_BINARIES])
    return shutil.which("dovecot", path=path)


@contextlib.contextmanager
def running(binary: str, certificate: Certificate) -> Iterator[Dovecot]:
    """A Dovecot started from its own temporary folder, stopped and removed with its mail when the block ends."""
    server = Dovecot(binary, certificate)
    try:
        server.start()
        yield server
    finally:
        server.remove()


@pytest.fixture(name="dovecot", scope="session")
def dovecot_fixture(tls_certificate: Certificate) -> Iterator[Dovecot]:
    """One Dovecot for the test session, stopped and removed at its end."""
    binary = dovecot_binary()
    if binary is None:
        missing("Dovecot is not installed", "apt-get install -y dovecot-imapd")
    with running(binary, tls_certificate) as server:
        yield server


@pytest.fixture(name="imap_server")
def imap_server_fixture(dovecot: Dovecot) -> ImapServer:
    """The session's Dovecot, seen as a new user with an empty mailbox."""
    return dovecot.add_user()
