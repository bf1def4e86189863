"""The fast reader of documents: a plain Python function for each class of the model, generated once.

It checks a document's shape (objects, arrays, the JSON type of each value, no unknown key,
no ``null``) and each value's rules, and builds each instance itself, as attrs' ``__init__``
would: converters, defaults, rules, then the class's own cross-field checks. A rule of text is
called as the function that says what is wrong with a string, a rule made of others as those
others, a rule that every value read passes not at all, a converter inside attrs' ``optional``
alone (a value read is never ``None``), a default left as it is (a test holds every default to
its rule). It stops at the first problem: :func:`~iofs_events.json.from_dict` then reads the
document again with the cattrs converter of :mod:`._converter`, which builds through
``__init__`` and lists every problem with its path. So this reader has to take just what that
one takes, and say nothing of why; it does not load cattrs, which reading a valid document
never needs.

The readers of a class and of every class it holds are written as one module, which finds each
rule, converter and default it calls where the model keeps it (``fields(Event).title.validator``),
so that a run that finds the module's code in the cache (:func:`~._cache.generated`) runs it and
walks no field.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable, Iterator
from enum import Enum
from functools import cache
from typing import Any, get_args

import attrs

from . import _checks as check
from ._cache import generated
from ._values import STRUCTURED, is_exported, is_schedule, is_tuple, schedule_kind, without_none

_INLINE = (str, int, bool)  # checked in the generated code itself: no call for most values
_RAISE = "raise ShapeError"


class ShapeError(Exception):
    """A value that the fast reader does not take (its shape, JSON type or rule); the detailed reader says why."""


def read(cls: type, document: Any) -> Any:
    """``document``, parsed JSON, as an instance of ``cls``; raises at its first problem, without saying which."""
    return reader(cls)(document)


@cache
def reader(cls: type[Any]) -> Callable[[Any], Any]:
    """The function that reads an object into ``cls``, made with those of the classes it holds."""
    namespace: dict[str, Any] = {
        "ShapeError": ShapeError,
        "new": object.__new__,
        "fields": attrs.fields,
        "unwrapped": _unwrapped,
        "members": _members,
        "STRUCTURED": STRUCTURED,
        "schedule_kind": schedule_kind,
    }
    filename = f"<iofs_events read {cls.__module__}.{cls.__qualname__}>"
    exec(generated(filename, lambda: _Module(cls).source(), _sources()), namespace)
    function: Callable[[Any], Any] = namespace[_function_name(cls)]
    return function


def _sources() -> Iterator[str]:
    """The files the readers are made from: the package's modules (the model, its rules, this one), and attrs'.

    Of attrs, its package's file: a new version of attrs writes them all. A generator, so that
    a folder or file that cannot be read fails inside the cache, which then makes the readers
    without keeping them.
    """
    yield from sorted(entry.path for entry in os.scandir(os.path.dirname(__file__)) if entry.name.endswith(".py"))
    yield attrs.__file__


def _function_name(cls: type) -> str:
    return f"read_{cls.__name__}"


def _members(kind: type[Enum]) -> Callable[[Any], Enum]:
    """The function that reads a value of the enumeration ``kind``: an unknown value, or one of no str, raises."""
    return {member.value: member for member in kind}.__getitem__


def _unwrapped(converter: Any) -> Any:
    """The converter inside attrs' ``converters.optional``, for a value read (never ``None``); else ``converter``."""
    if getattr(converter, "__qualname__", None) != "optional.<locals>.optional_converter":
        return converter
    inner = inspect.getclosurevars(converter).nonlocals["converter"]
    assert not isinstance(inner, attrs.Converter), inner  # a plain function, as the model's are: called alone
    return inner


class _Module:
    """The source of the readers of a class and of every class it holds, as one module.

    It imports its classes first, then defines its functions, then binds the names they call,
    each to where the model keeps it: a rule, a converter or a default from its field.
    """

    def __init__(self, root: type) -> None:
        self.imports: dict[str, type] = {}
        self.functions: list[str] = []
        self.bindings: dict[str, str] = {}
        self.written: set[object] = set()  # the classes and schedules whose function is written
        self.function(root)

    def source(self) -> str:
        """The module's text: the imports of its classes, its functions, then the names they call."""
        imports = [f"from {one.__module__} import {one.__qualname__} as {alias}" for alias, one in self.imports.items()]
        bindings = [f"{name} = {expression}" for name, expression in self.bindings.items()]
        return "\n".join([*imports, *self.functions, *bindings]) + "\n"

    def bind(self, name: str, expression: str) -> str:
        """``name``, bound to ``expression`` when the module runs."""
        if self.bindings.setdefault(name, expression) != expression:
            raise ValueError(f"the readers would bind {name} to two things: {self.bindings[name]} and {expression}")
        return name

    def imported(self, kind: type) -> str:
        """The name of ``kind``, a class, imported from its module."""
        alias = f"cls_{kind.__name__}"
        if self.imports.setdefault(alias, kind) is not kind or kind.__qualname__ != kind.__name__:
            raise TypeError(f"{kind.__module__}.{kind.__qualname__}: the readers import one class of a name, by it")
        return alias

    def function(self, cls: type) -> str:
        """The name of the function that reads an object into ``cls``, written unless it is already.

        Required fields are read from their key (a missing one raises ``KeyError``), the others
        only when present, else given their default; ``null`` is nowhere a value, so each value's
        check also refuses it. The model's rules read their value alone (the checks across fields
        are the class's ``__attrs_post_init__``), so each value is checked as it is read.
        """
        name = _function_name(cls)
        if cls in self.written:
            return name
        self.written.add(cls)
        owner, fields = self.imported(cls), attrs.fields(attrs.resolve_types(cls))
        table = self.bind(f"{cls.__name__}_fields", f"fields({owner})")
        keys = tuple(sorted(field.name for field in fields if is_exported(field)))
        known = self.bind(f"{cls.__name__}_keys", f"frozenset({keys!r})")
        lines = [
            f"def {name}(o):",
            f"    if type(o) is not dict or not o.keys() <= {known}:",
            f"        {_RAISE}",
            f"    self = new({owner})",
        ]
        for field in fields:
            at = _Field(self, field, f"{table}.{field.name}", f"{cls.__name__}_{field.name}")
            if field.default is attrs.NOTHING:
                lines += [f"    v = o[{field.name!r}]", *at.present(field.type, "    ")]
            elif is_exported(field):
                lines += [f"    if {field.name!r} in o:", f"        v = o[{field.name!r}]"]
                lines += [*at.present(without_none(field.type), "        "), "    else:", *at.default("        ")]
            else:
                lines += at.default("    ")
            # The slot's own setter: frozen classes refuse setattr.
            lines.append(f"    {self.bind(f'{at.prefix}_set', f'{owner}.{field.name}.__set__')}(self, v)")
        if "_attrs_cached_hash" in getattr(cls, "__slots__", ()):
            set_hash = self.bind(f"{cls.__name__}_hash_set", f"{owner}._attrs_cached_hash.__set__")
            lines.append(f"    {set_hash}(self, None)")
        if hasattr(cls, "__attrs_post_init__"):
            lines.append("    self.__attrs_post_init__()")
        self.functions.append("\n".join([*lines, "    return self"]))
        return name

    def callee(self, kind: Any) -> str:
        """The name of the function that reads one value of ``kind`` not checked inline: a class, a date, a choice..."""
        if isinstance(kind, type) and issubclass(kind, Enum):
            return self.bind(f"{kind.__name__}_members", f"members({self.imported(kind)})")
        if attrs.has(kind):
            return self.function(kind)
        if is_schedule(kind):
            return self.schedule(get_args(kind))
        STRUCTURED[kind]  # a type of the model with no reader here fails as the reader is made
        return self.bind(f"{kind.__name__}_structure", f"STRUCTURED[{self.imported(kind)}]")

    def schedule(self, kinds: tuple[type, ...]) -> str:
        """The function that reads a schedule, told apart by the names of its fields as the detailed reader tells it."""
        name = f"read_{'_or_'.join(kind.__name__ for kind in kinds)}"
        if kinds in self.written:
            return name
        self.written.add(kinds)
        readers = ", ".join(f"{self.imported(kind)}: {self.function(kind)}" for kind in kinds)
        lines = [
            f"def {name}(o):",
            f"    read = {self.bind(f'{name}_readers', f'{{{readers}}}')}.get(schedule_kind(o))",
            "    if read is None:",
            f"        {_RAISE}",
            "    return read(o)",
        ]
        self.functions.append("\n".join(lines))
        return name


class _Field:
    """The lines that read the value of one field of a class, and the names they call, bound in ``module``."""

    def __init__(self, module: _Module, field: attrs.Attribute[Any], path: str, prefix: str) -> None:
        self.module, self.field, self.path, self.prefix = module, field, path, prefix

    def present(self, kind: Any, indent: str) -> list[str]:
        """The lines that read ``v``, the value of the field in a document, into the value the instance holds."""
        assert self.field.validator is not None, f"{self.field.name} has no rule"  # every field of the model has one
        rule = self.rule(self.field.validator, f"{self.path}.validator", kind, "v", indent)
        return [*self.value(kind, indent), *self.converted(indent), *rule]

    def default(self, indent: str) -> list[str]:
        """The lines that put the default of the field, converted, in ``v``."""
        default: Any = self.field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type] # a class, which attrs' stubs call a function
            make = self.module.bind(f"{self.prefix}_make", f"{self.path}.default.factory")
            return [f"{indent}v = {make}({'self' if default.takes_self else ''})", *self.converted(indent)]
        value = f"{self.path}.default"
        if callable(self.field.converter):  # converted once, as the module runs: defaults are immutable
            value = f"{self.path}.converter({value})"
        return [f"{indent}v = {self.module.bind(f'{self.prefix}_default', value)}"]

    def converted(self, indent: str) -> list[str]:
        """The line that converts ``v`` as the field converts its values, if it does."""
        converter = self.field.converter
        if converter is None:
            return []
        found = f"{self.path}.converter"
        if _unwrapped(converter) is not converter:
            found = f"unwrapped({found})"
        return [f"{indent}v = {self.module.bind(f'{self.prefix}_convert', found)}(v)"]

    def rule(self, rule: Callable[..., Any], path: str, kind: Any, value: str, indent: str) -> list[str]:
        """The lines that raise unless ``value`` (a variable of ``kind``, read) passes ``rule``, found at ``path``."""
        parts, bind = check.parts(rule), self.module.bind
        if parts.inner is not None:  # optional: a value read is never None
            return self.rule(parts.inner, f"{path}.inner", kind, value, indent)
        if parts.problem is not None:
            # The value is text: the shape of every field of text was checked, and its converter keeps it text.
            problem = bind(f"{self.prefix}_problem", f"{path}.problem")
            return [f"{indent}if {problem}({value}) is not None:", f"{indent}    {_RAISE}"]
        if parts.read:  # the reader of the field's type makes only values that pass
            assert kind in STRUCTURED, f"{self.field.name}: {kind} is not read by a reader of the model's"
            return []
        if parts.kinds is not None:  # the reader makes a value of the field's type: one the rule takes
            made = get_args(kind) or (kind,)
            assert all(issubclass(one, parts.kinds) for one in made), f"{self.field.name}: {made} is not {parts.kinds}"
            return []
        if parts.item is not None:
            lines = [f"{indent}if len({value}) > {check.MOST_ITEMS}:", f"{indent}    {_RAISE}"]  # a tuple, as read
            if check.parts(parts.item).problem is not None:  # items of text: a reason for one of them is true
                problem = bind(f"{self.prefix}_problem", f"{path}.item.problem")
                lines += [f"{indent}if any(map({problem}, {value})):", f"{indent}    {_RAISE}"]
            else:  # items of the model's classes, which the reader made
                assert not self.rule(parts.item, f"{path}.item", get_args(kind)[0], "item", indent), self.field.name
            if parts.unique:
                lines += [f"{indent}if len(set({value})) != len({value}):", f"{indent}    {_RAISE}"]
            return lines
        called = bind(f"{self.prefix}_rule", path)
        return [f"{indent}{called}(self, {bind(f'{self.prefix}_field', self.path)}, {value})"]

    def value(self, kind: Any, indent: str) -> list[str]:
        """The lines that check ``v`` as ``kind`` wants it, and leave it in ``v`` as read."""
        if kind in _INLINE:  # ``type(True) is int`` is false: a boolean is never a number here
            return [f"{indent}if type(v) is not {kind.__name__}:", f"{indent}    {_RAISE}"]
        if is_tuple(kind):
            (item,) = get_args(kind)[:1]
            if item in _INLINE:
                return [
                    f"{indent}if type(v) is not list:",
                    f"{indent}    {_RAISE}",
                    f"{indent}for item in v:",
                    f"{indent}    if type(item) is not {item.__name__}:",
                    f"{indent}        {_RAISE}",
                    f"{indent}v = tuple(v)",
                ]
            return [
                f"{indent}if type(v) is not list:",
                f"{indent}    {_RAISE}",
                f"{indent}v = tuple(map({self.module.callee(item)}, v))",
            ]
        return [f"{indent}v = {self.module.callee(kind)}(v)"]
