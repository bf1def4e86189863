"""A Griffe extension that turns the reST roles of the docstrings into Markdown for the API pages.

The docstrings of iofs-events use Sphinx roles (:class:`~iofs_events.DocumentError`,
:func:`read`, :mod:`iofs_events.json`). mkdocstrings reads docstrings as Markdown, where such
roles would be shown literally. This extension rewrites each role, before rendering, into

- an autorefs cross-reference, ``[DocumentError][iofs_events.DocumentError]``, when its target
  is an object that docs/reference/api.md documents: an object the page renders with ``:::``,
  or a public member of one (``iofs_events.ical.to_ical``, ``iofs_events.Event.revise``), or
- a code span, ``DocumentError``, for anything else (the standard library, attrs, private
  modules), so that ``mkdocs build --strict`` never meets a link it cannot resolve.

A role names its target as Sphinx allows: in full, or relative to the class, the module or
the package of the docstring. The public path is the one linked: ``:class:`Recipient``` in
``iofs_events.mail._compose`` links to ``iofs_events.mail.Recipient``. The list of what the page
renders is read from the page itself, so the two cannot drift apart.

It lives with the documentation and changes nothing in ``src``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import griffe

API_PAGE = Path(__file__).parents[1] / "reference" / "api.md"
ROLE = re.compile(r":(?:py:)?(?P<role>class|func|meth|mod|attr|data|exc|obj|const):`(?P<target>[^`]+)`")
RENDERED = re.compile(r"^::: *(?P<path>[\w.]+)", re.MULTILINE)


class SphinxRoles(griffe.Extension):
    """Rewrite Sphinx roles in every docstring of the package once it is loaded."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Rewrite the docstrings of ``pkg`` and of everything it defines."""
        rendered = set(RENDERED.findall(API_PAGE.read_text(encoding="utf-8")))
        for obj in _walk(pkg):
            if obj.docstring is not None:
                obj.docstring.value = _rewrite_all(obj.docstring.value, obj, pkg, rendered)


def _rewrite_all(text: str, context: griffe.Object, pkg: griffe.Module, rendered: set[str]) -> str:
    return ROLE.sub(lambda match: _rewrite(match, context, pkg, rendered), text)


def _walk(obj: griffe.Object) -> Any:
    yield obj
    for member in obj.members.values():
        if not member.is_alias:
            yield from _walk(member)  # type: ignore[arg-type]


def _rewrite(match: re.Match[str], context: griffe.Object, pkg: griffe.Module, rendered: set[str]) -> str:
    target = match.group("target").strip()
    short = target.startswith("~")
    target = target.lstrip("~.")
    label = target.rsplit(".", 1)[-1] if short else target
    if match.group("role") in {"func", "meth"}:
        label += "()"
    scopes = [path for path in map(_public, _scopes(context)) if path is not None]
    for candidate in [target, *(f"{scope}.{target}" for scope in scopes)]:
        if _documented(candidate, pkg, rendered):
            return f"[`{label}`][{candidate}]"
    return f"`{label}`"


def _scopes(obj: griffe.Object) -> Any:
    """The classes and modules that enclose ``obj`` (``obj`` too, if it is one), innermost first."""
    scope: griffe.Object | None = obj if obj.is_class or obj.is_module else obj.parent
    while scope is not None:
        yield scope
        scope = scope.parent


def _public(obj: griffe.Object) -> str | None:
    """The path under which ``obj`` is public, if any: ``iofs_events.mail._send.Mailer`` is ``iofs_events.mail.Mailer``.

    A private module's names are those of the package that re-exports them; a private class has none.
    """
    if obj.is_module:
        return ".".join(part for part in obj.path.split(".") if not part.startswith("_"))
    parent = _public(obj.parent) if obj.parent is not None and not obj.name.startswith("_") else None
    return None if parent is None else f"{parent}.{obj.name}"


def _documented(path: str, pkg: griffe.Module, rendered: set[str]) -> bool:
    """Whether ``path`` names an object that the API page renders under that very path."""
    parts = path.split(".")
    if parts[0] != pkg.path or any(part.startswith("_") for part in parts[1:]):
        return False
    chain: list[griffe.Object | griffe.Alias] = [pkg]
    try:
        for part in parts[1:]:
            chain.append(chain[-1].members[part])
    except (KeyError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        return False
    # The nearest object that the page renders, then public members down to the target.
    for depth in range(len(parts), 0, -1):
        if ".".join(parts[:depth]) in rendered:
            return all(member.is_public for member in chain[depth:])
    return False
