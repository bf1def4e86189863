"""A Griffe extension that turns the reST roles of the docstrings into Markdown for the API pages.

The docstrings of iofs-events use Sphinx roles (:class:`~iofs_events.DocumentError`,
:func:`read`, :mod:`iofs_events.json`). mkdocstrings reads docstrings as Markdown, where such
roles would be shown literally. This extension rewrites each role, before rendering, into

- an autorefs cross-reference, ``[DocumentError][iofs_events.DocumentError]``, when its target
  is an object documented on the API page (the public names of ``iofs_events``,
  ``iofs_events.json``, ``iofs_events.jsonld`` and
  ``iofs_events.exceptions``), or
- a code span, ``DocumentError``, for anything else (the standard library, attrs, private
  modules), so that ``mkdocs build --strict`` never meets a link it cannot resolve.

It lives with the documentation and changes nothing in ``src``.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

# The modules whose public members docs/reference/api.md renders.
DOCUMENTED_MODULES = {"iofs_events", "iofs_events.json", "iofs_events.jsonld", "iofs_events.exceptions"}
ROLE = re.compile(r":(?:py:)?(?P<role>class|func|meth|mod|attr|data|exc|obj|const):`(?P<target>[^`]+)`")


class SphinxRoles(griffe.Extension):
    """Rewrite Sphinx roles in every docstring of the package once it is loaded."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Rewrite the docstrings of ``pkg`` and of everything it defines."""
        for obj in _walk(pkg):
            if obj.docstring is not None:
                obj.docstring.value = _rewrite_all(obj.docstring.value, obj, pkg)


def _rewrite_all(text: str, context: griffe.Object, pkg: griffe.Module) -> str:
    return ROLE.sub(lambda match: _rewrite(match, context, pkg), text)


def _walk(obj: griffe.Object) -> Any:
    yield obj
    for member in obj.members.values():
        if not member.is_alias:
            yield from _walk(member)  # type: ignore[arg-type]


def _rewrite(match: re.Match[str], context: griffe.Object, pkg: griffe.Module) -> str:
    target = match.group("target").strip()
    short = target.startswith("~")
    target = target.lstrip("~.")
    label = target.rsplit(".", 1)[-1] if short else target
    if match.group("role") in {"func", "meth"}:
        label += "()"
    module = context if context.is_module else context.module
    candidates = [target, f"{module.path}.{target}", f"{pkg.path}.{target}"]
    for candidate in candidates:
        if _documented(candidate, pkg):
            return f"[`{label}`][{candidate}]"
    return f"`{label}`"


def _documented(path: str, pkg: griffe.Module) -> bool:
    """Whether ``path`` names an object that the API page renders under that very path."""
    parts = path.split(".")
    if parts[0] != pkg.path or any(part.startswith("_") for part in parts[1:]):
        return False
    try:
        obj = pkg[".".join(parts[1:])] if len(parts) > 1 else pkg
    except (KeyError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        return False
    # The object must hang, through public names, from a module the API page documents.
    for depth in range(len(parts), 0, -1):
        prefix = ".".join(parts[:depth])
        try:
            node = pkg[".".join(parts[1:depth])] if depth > 1 else pkg
        except KeyError:
            return False
        if node.is_module:
            return prefix in DOCUMENTED_MODULES and _exported(parts[depth:], node)
    return obj is not None


def _exported(rest: list[str], module: griffe.Object) -> bool:
    """Whether the first name of ``rest`` is in the ``__all__`` of ``module`` (or nothing is left)."""
    if not rest:
        return True
    names = module.exports
    return names is not None and rest[0] in {str(name) for name in names}
