"""A real CalDAV server on the loopback interface, for tests of publishing events: Radicale, in a subprocess.

``running(folder)`` starts Radicale (from PyPI, in the ``test`` extra) on a free port of 127.0.0.1 with a
throwaway configuration and storage in ``folder``: htpasswd logins with one plain-text test user, and Radicale's
``owner_only`` rights (a user reads and writes under ``/USER/`` only, and nothing else). It waits, bounded, until
the server answers, gives a :class:`CalDavServer` (its ``url``, ``user`` and ``password``) and stops it after.
The fixture ``caldav_server`` is one for each test module. Load it with ``pytest_plugins`` in ``conftest.py``.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

__all__ = ["CalDavServer", "caldav_server_fixture", "running"]

STARTUP = 30.0  # seconds for Radicale to answer, on a loaded machine
ATTEMPTS = 3  # the free port may be taken between our look and Radicale's bind: then again, on another


@dataclass(frozen=True)
class CalDavServer:
    """A running Radicale: where it is, whom it lets in, and its log."""

    url: str  # http://127.0.0.1:PORT/
    user: str
    password: str = field(repr=False)
    log: Path

    @property
    def home(self) -> str:
        """The user's home, under which their calendars are made (``owner_only`` allows nothing else)."""
        return f"{self.url}{self.user}/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _configuration(folder: Path, port: int, realm: str) -> str:
    # Every value that matters is set here, and only this file is read (--config replaces Radicale's default paths).
    return f"""\
[server]
hosts = 127.0.0.1:{port}

[auth]
type = htpasswd
htpasswd_filename = {folder / "users"}
htpasswd_encryption = plain
realm = {realm}
# No pause after a wrong password: tests of refused logins stay fast.
delay = 0

[rights]
type = owner_only

[storage]
filesystem_folder = {folder / "collections"}

[web]
type = none

[logging]
level = info
"""


def _answers(url: str, user: str, realm: str, process: subprocess.Popen[bytes]) -> bool:
    """Whether our Radicale answers: a login request that names our realm (not another server on the same port)."""
    if process.poll() is not None:
        return False
    try:
        reply = httpx.request("PROPFIND", f"{url}{user}/", timeout=2)
    except httpx.TransportError:
        return False
    return reply.status_code == 401 and realm in reply.headers.get("www-authenticate", "")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # Radicale's own way to shut down
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    process.wait(timeout=10)


@contextmanager
def running(folder: Path, *, user: str = "publisher") -> Iterator[CalDavServer]:
    """Radicale on 127.0.0.1, with its configuration, users, storage and log in ``folder``; see the module."""
    password = secrets.token_urlsafe(12)
    realm = f"iofs-events test server {secrets.token_hex(4)}"
    (folder / "users").write_text(f"{user}:{password}\n", encoding="utf-8")
    environment = {key: value for key, value in os.environ.items() if key != "RADICALE_CONFIG"}
    for attempt in range(1, ATTEMPTS + 1):
        port = _free_port()
        url, log = f"http://127.0.0.1:{port}/", folder / f"radicale-{attempt}.log"
        (folder / "config").write_text(_configuration(folder, port, realm), encoding="utf-8")
        with log.open("wb") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "radicale", "--config", str(folder / "config")],
                stdout=output,
                stderr=subprocess.STDOUT,
                env=environment,
            )
        deadline = time.monotonic() + STARTUP
        while not (ready := _answers(url, user, realm, process)) and process.poll() is None:
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        if ready:
            break
        _stop(process)
        if "cannot create server socket" not in log.read_text(errors="replace"):
            pytest.fail(f"Radicale did not start on {url}; its log:\n{log.read_text(errors='replace')}", pytrace=False)
    else:
        pytest.fail(f"Radicale found no free port in {ATTEMPTS} attempts; the last log:\n{log.read_text()}")
    try:
        yield CalDavServer(url=url, user=user, password=password, log=log)
    finally:
        _stop(process)


@pytest.fixture(name="caldav_server", scope="module")
def caldav_server_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CalDavServer]:
    """A Radicale for the test module; each test makes calendars of its own under ``caldav_server.home``."""
    with running(tmp_path_factory.mktemp("radicale")) as server:
        yield server
