"""A Griffe extension that shows an attrs field by its default, not by the call that declares it.

In the source, a field of the model reads ``title: str = field(validator=check.line)``; rendered
as it is, the API page would show the validator as the field's value, which tells a reader
nothing (the field's docstring says what it holds). This extension replaces the value of each
attribute declared with ``attrs.field(...)`` by the field's ``default``, or by nothing when the
field has none, so the page shows ``scope: Scope | None = None`` and ``title: str``: a field
without a value is one that must be given. Such a field is also labelled an instance attribute
only, since attrs leaves no class attribute behind.

It lives with the documentation and changes nothing in ``src``.
"""

from __future__ import annotations

from typing import Any

import griffe

FIELD = "attrs.field"


class AttrsFields(griffe.Extension):
    """Give each attrs field its default as its value."""

    def on_attribute_instance(self, *, attr: griffe.Attribute, **kwargs: Any) -> None:
        """Replace ``field(...)`` by the field's default, if ``attr`` is declared that way."""
        call = attr.value
        if isinstance(call, griffe.ExprCall) and _is_field(call.function):
            attr.value = _default(call)
            attr.labels.discard("class-attribute")


def _is_field(function: str | griffe.Expr) -> bool:
    return isinstance(function, griffe.ExprName) and function.canonical_path == FIELD


def _default(call: griffe.ExprCall) -> str | griffe.Expr | None:
    """The ``default=`` argument of ``call``, if it has one."""
    defaults = [
        item.value for item in call.arguments if isinstance(item, griffe.ExprKeyword) and item.name == "default"
    ]
    return defaults[0] if defaults else None
