"""SHA digests from CPython's own modules where it has them, without loading OpenSSL as hashlib does.

Loading OpenSSL costs a short command more than its own work. The modules are ``_sha2``
(Python 3.12 and later) or ``_sha256``, and ``_sha1``; where they are missing, hashlib's
functions serve. A digest is the same whichever computes it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from functools import cache
from importlib import import_module
from typing import Any, cast

_MODULES = {"sha256": ("_sha2", "_sha256"), "sha1": ("_sha1",)}


@cache
def constructor(algorithm: str) -> Callable[[bytes], Any]:
    """The function that makes a ``hashlib``-like object of ``algorithm`` (``sha256`` or ``sha1``)."""
    for name in _MODULES[algorithm]:
        with suppress(ImportError):
            return cast(Callable[[bytes], Any], getattr(import_module(name), algorithm))
    import hashlib

    return cast(Callable[[bytes], Any], getattr(hashlib, algorithm))


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` in hexadecimal, as ``hashlib.sha256(data).hexdigest()``."""
    digest: str = constructor("sha256")(data).hexdigest()
    return digest


def name_uuid(name: str) -> str:
    """The UUID of ``name`` in the URL namespace (version 5), as ``str(uuid.uuid5(uuid.NAMESPACE_URL, name))``."""
    from uuid import NAMESPACE_URL, UUID

    return str(UUID(bytes=constructor("sha1")(NAMESPACE_URL.bytes + name.encode()).digest()[:16], version=5))
