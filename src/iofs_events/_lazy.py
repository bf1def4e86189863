"""Names of a package loaded with their module when first asked for.

A package lists which private module holds each name; its module ``__getattr__`` calls
:func:`loaded`, so that importing the package loads none of the heavy libraries those modules need.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import Any


def loaded(namespace: dict[str, Any], name: str, modules: Mapping[str, str]) -> Any:
    """``name`` of the package whose globals are ``namespace``, from its module in ``modules``, kept there."""
    value = getattr(import_module(f".{modules[name]}", namespace["__name__"]), name)
    namespace[name] = value
    return value
