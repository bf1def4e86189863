"""Writing output files: atomically for regular files, through symlinks and special files, with plain modes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from iofs_events._files import write_atomically
from iofs_events.cli import main
from tests.paths import SEED


@pytest.fixture
def umask() -> Iterator[int]:
    """Set a known umask for the test, and put the previous one back after it."""
    previous = os.umask(0o027)
    yield 0o027
    os.umask(previous)


def test_a_new_file_has_the_mode_a_plain_write_gives(tmp_path: Path, umask: int) -> None:
    path = tmp_path / "feed.ics"
    write_atomically(path, b"data")
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    assert path.read_bytes() == b"data"


@pytest.mark.parametrize("mode", [0o644, 0o600, 0o664, 0o444])
def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask: int, mode: int) -> None:
    path = tmp_path / "event.jsonld"
    path.write_bytes(b"old")
    path.chmod(mode)
    write_atomically(path, b"new")
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert path.read_bytes() == b"new"


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another owner")
def test_a_replaced_file_keeps_its_owner(tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    path.write_bytes(b"old")
    os.chown(path, 4321, 4322)
    write_atomically(path, b"new")
    assert (path.stat().st_uid, path.stat().st_gid) == (4321, 4322)


def test_a_symlink_stays_a_symlink_and_its_target_is_replaced(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    target = tmp_path / "site" / "feed.ics"
    target.write_bytes(b"old")
    target.chmod(0o644)
    link = tmp_path / "feed.ics"
    link.symlink_to(Path("site") / "feed.ics")
    write_atomically(link, b"new")
    assert link.is_symlink()
    assert os.readlink(link) == str(Path("site") / "feed.ics")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert sorted(path.name for path in (tmp_path / "site").iterdir()) == ["feed.ics"]  # no temporary left


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "latest.json"
    link.symlink_to(tmp_path / "v2.json")
    write_atomically(link, b"{}")
    assert link.is_symlink()
    assert (tmp_path / "v2.json").read_bytes() == b"{}"


def test_a_fifo_is_written_through_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_atomically(fifo, b"through the pipe")
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert list(tmp_path.iterdir()) == [fifo]


@pytest.fixture
def device(tmp_path: Path) -> Path:
    """A character device of our own, the twin of the null device: never the real one, which a failure would replace."""
    if os.geteuid() != 0:
        pytest.skip("mknod needs root")
    node = tmp_path / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.stat(os.devnull).st_rdev)
    return node


def test_a_device_is_written_through_not_replaced(device: Path) -> None:
    before = device.stat()
    write_atomically(device, b"discarded")
    after = device.stat()
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    assert list(device.parent.iterdir()) == [device]


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        write_atomically(tmp_path, b"data")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "event.json"
    path.write_bytes(b"old")

    def fail(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="No space left") as raised:
        write_atomically(path, b"new")
    assert raised.value.filename == str(path), "the error names the file it was writing"
    assert path.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [path]


def test_cli_output_onto_a_full_device_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A device that refuses to be written (a twin of ``/dev/full``) is named in the error, with its reason."""
    if os.geteuid() != 0:
        pytest.skip("mknod needs root")
    full = tmp_path / "full"
    os.mknod(full, 0o666 | stat.S_IFCHR, os.stat("/dev/full").st_rdev)
    assert main(["json", str(SEED), "-o", str(full)]) == 1
    assert capsys.readouterr().err == f"iofs-events: {full}: No space left on device\n"
    assert stat.S_ISCHR(full.stat().st_mode)


def test_cli_output_onto_a_device_keeps_the_device(device: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = device.stat()
    assert main(["json", str(SEED), "-o", str(device)]) == 0
    after = device.stat()
    assert stat.S_ISCHR(after.st_mode)
    assert after.st_ino == before.st_ino


def test_a_temporary_name_already_taken_is_not_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = iter([b"\x0a\x0a\x0a\x0a", b"\x0b\x0b\x0b\x0b"])
    monkeypatch.setattr(os, "urandom", lambda _: next(names))
    (tmp_path / ".out.json.0a0a0a0a.tmp").write_bytes(b"someone else's")
    write_atomically(tmp_path / "out.json", b"ours")
    assert (tmp_path / "out.json").read_bytes() == b"ours"
    assert (tmp_path / ".out.json.0a0a0a0a.tmp").read_bytes() == b"someone else's"
    assert next(names, None) is None, "a second name was drawn"


def test_cli_output_onto_a_directory_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["json", str(SEED), "-o", str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"iofs-events: is a directory: {tmp_path}\n"
    assert list(tmp_path.iterdir()) == []


def test_cli_output_onto_dev_stdout_writes_into_the_pipe_it_is(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "iofs_events", "json", str(SEED), "-o", "/dev/stdout"]
    done = subprocess.run(command, capture_output=True, timeout=60, check=False, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout == SEED.read_bytes()
    assert list(tmp_path.iterdir()) == []
