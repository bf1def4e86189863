"""SHA digests without OpenSSL: the same as hashlib's and uuid's, whichever module computes them."""

from __future__ import annotations

import hashlib
import sys
import uuid
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iofs_events import _digests


@pytest.fixture
def without_cpython_modules(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As where CPython's own SHA modules are missing: hashlib serves."""
    _digests.constructor.cache_clear()
    for name in ("_sha2", "_sha256", "_sha1"):
        monkeypatch.setitem(sys.modules, name, None)
    yield
    _digests.constructor.cache_clear()


@given(st.binary(max_size=300), st.text(max_size=80))
def test_digests_are_hashlibs_and_uuids(data: bytes, name: str) -> None:
    assert _digests.sha256_hex(data) == hashlib.sha256(data).hexdigest()
    assert _digests.name_uuid(name) == str(uuid.uuid5(uuid.NAMESPACE_URL, name))


@pytest.mark.usefixtures("without_cpython_modules")
def test_hashlib_serves_where_cpythons_modules_are_missing() -> None:
    assert _digests.constructor("sha256") is hashlib.sha256
    assert _digests.constructor("sha1") is hashlib.sha1
    assert _digests.sha256_hex(b"IOFS") == hashlib.sha256(b"IOFS").hexdigest()
    assert _digests.name_uuid("IOFS") == str(uuid.uuid5(uuid.NAMESPACE_URL, "IOFS"))
