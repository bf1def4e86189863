"""The event's own text in more languages than its original: what can be translated, and how it is kept.

A translation mirrors the event with only its texts, one block per language::

    translations = {"fr": {"title": "...", "objectives": ["...", "..."], "agenda": [{"title": "..."}, {}]}}

Lists follow the original item by item (a list of texts has as many texts as the original, a
list of objects one object per item, ``{}`` for an item left untranslated); anything left out
stays in the original language. :data:`TRANSLATABLE` says which fields of which classes carry
text a reader reads; names of people, addresses, links and codes are not translated.
"""

from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any, NamedTuple, Union, get_args, get_origin

import attrs

from . import _checks as check
from ._agenda import AgendaSession, Speaker
from ._audience import Audience
from ._context import Deliverable, Programme, Reference, RelatedEvent
from ._parties import Organization, Person
from ._places import Venue
from ._registration import Registration
from .exceptions import FieldTypeError, ValidationError

__all__ = ["TRANSLATABLE", "Localized", "Texts", "Translations"]

TRANSLATABLE: dict[str, tuple[str, ...]] = {
    "Event": (
        "title",
        "summary",
        "background",
        "objectives",
        "audience",
        "venue",
        "organizer",
        "partners",
        "partners_note",
        "programme",
        "agenda",
        "registration",
        "contacts",
        "references",
        "related",
        "deliverables",
        "topics",
        "disclaimer",
    ),
    "Audience": ("description",),
    "Venue": ("name", "room", "street", "locality", "region"),
    "Organization": ("name", "acronym", "unit"),
    "Programme": ("name", "organization", "description"),
    "AgendaSession": ("title", "speakers", "description"),
    "Speaker": ("role", "person"),
    "Person": ("position", "organization"),
    "Registration": ("instructions",),
    "Reference": ("title", "publisher"),
    "RelatedEvent": ("title", "venue", "description"),
    "Deliverable": ("title", "description"),
}
"""For each model class, its fields that a translation may give: texts, or objects that hold texts."""

_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        Audience,
        Venue,
        Organization,
        Programme,
        AgendaSession,
        Speaker,
        Person,
        Registration,
        Reference,
        RelatedEvent,
        Deliverable,
    )
}


class Texts(Mapping[str, Any]):
    """An immutable, hashable mapping of field names to translated texts, lists and nested ``Texts``.

    Its items keep the order of the model's fields, so that documents are written the same way
    every time; equal texts are equal and hash alike whatever order they were given in.
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Any] | None = None) -> None:
        self._items: dict[str, Any] = dict(items or {})

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Texts) and self._items == other._items

    def __repr__(self) -> str:
        return f"Texts({self._items!r})"


class Translations(Texts):
    """The translations of an event, by BCP 47 language tag: each a :class:`Texts` shaped like the event."""

    def __repr__(self) -> str:
        return f"Translations({self._items!r})"

    def best(self, reader: str) -> str | None:
        """The tag of the translation a reader of ``reader`` gets: the same tag, else the same language.

        ``ar-SA`` takes an ``ar-SA`` translation, else ``ar``, else another ``ar-…``; ``None`` when
        there is none in the reader's language.
        """
        if reader in self:
            return reader
        language = reader.split("-")[0].lower()
        if language in self:
            return language
        return next((tag for tag in self if tag.split("-")[0].lower() == language), None)


class _Kind(NamedTuple):
    """What a translatable field holds: a text or texts, or an object or objects with texts of their own."""

    many: bool
    cls: str | None  # the class of the nested object, or None for text
    rule: check.Rule | None  # the rule that each text obeys, as in the original
    whole: check.Rule | None = None  # the rule of a list of texts as a whole: no repeats where the original has none


@cache
def shape(name: str) -> dict[str, _Kind]:
    """The translatable fields of model class ``name``, each with what it holds."""
    from ._event import Event

    cls = Event if name == "Event" else _CLASSES[name]
    fields = attrs.fields_dict(attrs.resolve_types(cls))
    kinds = {}
    for field_name in TRANSLATABLE[name]:
        field = fields[field_name]
        kind: Any = field.type
        if get_origin(kind) is Union or type(kind).__name__ == "UnionType":
            kind = next(arg for arg in get_args(kind) if arg is not type(None))
        many = get_origin(kind) is tuple
        item = get_args(kind)[0] if many else kind
        if item is str:
            rule: Any = field.validator
            kinds[field_name] = _Kind(many, None, rule.item, rule) if many else _Kind(many, None, rule)
        else:
            kinds[field_name] = _Kind(many, item.__name__, None)
    return kinds


# --- the texts of an event, one by one ------------------------------------------------------------


class Step(NamedTuple):
    """One step down from the event towards a text: a field of an object, and the item when it is a list."""

    owner: Any
    """The object whose field it is: the event first, then the objects inside it."""
    name: str
    """The name of the field."""
    position: int | None
    """The index of the item in the list that the field holds, or ``None`` for a field that is not a list."""
    length: int
    """How many items that list has (1 for a field that is not a list)."""


class Text(NamedTuple):
    """One text of an event that can be translated: where it is, what it says, and its translation."""

    path: str
    """Where it is in the event, as in its translation's block: ``title``, ``agenda[1].speakers[0].role``."""
    text: str
    """The text in the original language."""
    rule: check.Rule
    """The rule it obeys, which a translation of it obeys too (a title stays on one line)."""
    trail: tuple[Step, ...]
    """The steps from the event down to it; the last one is its own field."""
    translation: str | None
    """Its translation in the language asked, or ``None`` when that language has none."""


def texts(event: Any, language: str | None = None) -> Iterator[Text]:
    """Every text of ``event`` that can be translated, in the order of the model's fields.

    Each comes with its translation into ``language`` (a tag of ``event.translations``, taken
    as it is), when the event has one. Absent facts have no text: they are not listed.
    """
    block = event.translations.get(language, Texts()) if language is not None else Texts()
    return _texts_of(event, "Event", block, (), "")


def _texts_of(obj: Any, name: str, block: Texts, trail: tuple[Step, ...], where: str) -> Iterator[Text]:
    for key, kind in shape(name).items():
        given = getattr(obj, key)
        if given is None or given == ():
            continue
        path = f"{where}.{key}" if where else key
        translated = block.get(key)
        if kind.many:
            parts = translated if translated is not None else (None,) * len(given)
            items = [
                (item, part, Step(obj, key, index, len(given)), f"{path}[{index}]")
                for index, (item, part) in enumerate(zip(given, parts, strict=True))
            ]
        else:
            items = [(given, translated, Step(obj, key, None, 1), path)]
        for item, part, step, place in items:
            if kind.cls is None:
                assert kind.rule is not None
                yield Text(place, item, kind.rule, (*trail, step), part)
            else:
                yield from _texts_of(item, kind.cls, part if part is not None else Texts(), (*trail, step), place)


def block_of(event: Any, values: Mapping[str, str]) -> tuple[Texts, tuple[str, ...]]:
    """The translation block of ``event`` that gives ``values``, translated texts by path.

    The model takes a list of texts (``objectives``) whole or not at all: one given only in
    part is left out, and the paths of such lists come second. Paths that are not texts of
    the event are ignored.
    """
    tree: dict[str, Any] = {}
    lists: dict[str, tuple[dict[str, Any], str]] = {}  # each list of texts: where it hangs, by its path
    for text in texts(event):
        value = values.get(text.path)
        if value is None:
            continue
        *steps, last = text.trail
        node = tree
        for step in steps:
            if step.position is None:
                node = node.setdefault(step.name, {})
            else:
                node = node.setdefault(step.name, [{} for _ in range(step.length)])[step.position]
        if last.position is None:
            node[last.name] = value
        else:
            node.setdefault(last.name, [None] * last.length)[last.position] = value
            lists[text.path.rpartition("[")[0]] = (node, last.name)
    partial = []
    for path, (node, name) in lists.items():
        if None in node[name]:
            del node[name]
            partial.append(path)
    return _pruned(tree) or Texts(), tuple(partial)


def _pruned(value: Any) -> Any:
    """The nested data as :class:`Texts` and tuples, without empty objects; ``None`` for an object left empty."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        kept = {key: part for key, item in value.items() if (part := _pruned(item)) is not None}
        return Texts(kept) if kept else None
    # A list here holds at least one text, or it would not have been made.
    return tuple(Texts() if part is None else part for part in map(_pruned, value))


# --- building, from data ----------------------------------------------------------------------


def as_translations(value: object) -> Translations:
    """Converter: ``Translations`` from a mapping of language tags to nested mappings (as read from JSON)."""
    if isinstance(value, Translations):
        return value
    if not isinstance(value, Mapping):
        raise FieldTypeError("translations", f"must be a mapping of language tags to texts, not {type(value).__name__}")
    return Translations(
        {check.language_tag(tag) if isinstance(tag, str) else tag: _texts(texts) for tag, texts in value.items()}
    )


def _texts(value: object) -> object:
    """Mappings become :class:`Texts` and lists tuples, all the way down; the rest is checked later."""
    if isinstance(value, Texts):
        return value
    if isinstance(value, Mapping):
        return Texts({key: _texts(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_texts(item) for item in value)
    return value


# --- checking, against the shape and the original -----------------------------------------------


def check_translations(translations: Translations, original: object, language: str) -> None:
    """Raise :class:`ValidationError` at the first problem of ``translations`` of ``original`` (an event).

    A problem is a tag that is not a language, a translation in the original's ``language``, a
    field that cannot be translated or that has no original, a list not aligned with the
    original, or a text that breaks the original's rule (a title on one line, say).
    """
    for tag, texts in translations.items():
        where = f"translations.{tag}"
        check_target(tag, language, where)
        _check_object(texts, original, "Event", where)


def check_target(tag: object, original: str, where: str) -> None:
    """Raise :class:`ValidationError` at ``where`` unless ``tag`` is a language to translate ``original`` into.

    That is a registered BCP 47 tag of another language than the original's: ``en-GB`` is no
    translation of an ``en`` event.
    """
    _check_tag(tag, where)
    assert isinstance(tag, str)
    if _language(tag) == _language(original):
        raise ValidationError(where, f"is in the original's language ({original}): the event's own texts are in it")


class _Field(NamedTuple):
    """What a rule needs of the attribute it checks: the name it reports, here a path."""

    name: str


def _check_tag(tag: object, where: str) -> None:
    if not isinstance(tag, str):
        raise FieldTypeError(where, "must be a language tag")
    try:
        check.language(None, _Field(where), tag)  # type: ignore[arg-type]
    except ValidationError as error:
        raise ValidationError(where, error.reason) from None


def _check_object(texts: object, original: object, name: str, where: str) -> None:
    if not isinstance(texts, Texts):
        raise FieldTypeError(where, f"must be an object of translated texts, not {_type(texts)}")
    kinds = shape(name)
    for key, value in texts.items():
        path = f"{where}.{key}"
        kind = kinds.get(key)
        if kind is None:
            known = ", ".join(kinds)
            raise ValidationError(path, f"is not a text that can be translated here; these are: {known}")
        given = getattr(original, key)
        if given is None or given == ():
            raise ValidationError(path, "translates nothing: the original has no such text")
        if kind.many:
            _check_list(value, given, kind, path)
        else:
            _check_one(value, given, kind, path)


def _check_list(value: object, given: tuple[Any, ...], kind: _Kind, path: str) -> None:
    if not isinstance(value, tuple):
        raise FieldTypeError(path, f"must be a list, not {_type(value)}")
    if len(value) != len(given):
        raise ValidationError(path, f"has {len(value)} items where the original has {len(given)}: keep them aligned")
    for index, (item, original) in enumerate(zip(value, given, strict=True)):
        _check_one(item, original, kind, f"{path}[{index}]")
    if kind.whole is not None:
        kind.whole(None, _Field(path), value)  # type: ignore[arg-type]


def _check_one(value: object, given: object, kind: _Kind, path: str) -> None:
    if kind.cls is not None:
        _check_object(value, given, kind.cls, path)
        return
    assert kind.rule is not None
    check_text(value, kind.rule, path)


def check_text(value: object, rule: check.Rule, path: str) -> None:
    """Raise :class:`ValidationError` at ``path`` unless ``value`` is text that obeys ``rule``, the original's."""
    if type(value) is not str:
        raise FieldTypeError(path, f"must be text, not {_type(value)}")
    try:
        rule(None, _Field(path), value)  # type: ignore[arg-type]
    except ValidationError as error:
        raise type(error)(path, error.reason) from None


def _type(value: object) -> str:
    names: dict[type, str] = {tuple: "a list", Texts: "an object", str: "text"}
    return names.get(type(value), type(value).__name__)


# --- writing, as JSON data, and the schema of it --------------------------------------------------


def plain(translations: Translations) -> dict[str, Any]:
    """The JSON data of ``translations``: tags in order, and each object's keys in the model's order."""
    return {tag: _plain(translations[tag], "Event") for tag in sorted(translations)}


def _plain(texts: Texts, name: str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, kind in shape(name).items():
        if key not in texts:
            continue
        value = texts[key]
        if kind.cls is None:
            data[key] = list(value) if kind.many else value
        else:
            data[key] = [_plain(item, kind.cls) for item in value] if kind.many else _plain(value, kind.cls)
    return data


class _TranslationsRule:
    """The rule of ``Event.translations``: a :class:`Translations`, which the event then checks against its texts.

    Its schema is worked out from the model's classes on first use, once they all exist.
    """

    refers: tuple[type, ...] = ()

    def __call__(self, instance: object, attribute: Any, value: object, /) -> None:
        """Nothing to check alone: the converter made ``Translations``, and the event checks them."""

    @property
    def schema(self) -> check.Schema:
        return schema()[0]

    @property
    def definitions(self) -> dict[str, check.Schema]:
        return schema()[1]


translations_rule = _TranslationsRule()


@cache
def schema() -> tuple[check.Schema, dict[str, check.Schema]]:
    """The JSON Schema of the ``translations`` field, and the definitions it refers to."""
    definitions: dict[str, check.Schema] = {}
    for name in TRANSLATABLE:
        properties: dict[str, check.Schema] = {}
        for key, kind in shape(name).items():
            if kind.cls is None:
                assert kind.rule is not None
                one = kind.rule.schema
            else:
                one = {"$ref": f"#/$defs/{kind.cls}Texts"}
            properties[key] = {"type": "array", "items": one} if kind.many else one
            if kind.whole is not None and "uniqueItems" in kind.whole.schema:
                properties[key]["uniqueItems"] = True
        definitions[f"{name}Texts"] = {
            "title": f"{name}Texts",
            "description": f"The texts of a {name} in one more language; what is left out stays in the original.",
            "type": "object",
            "additionalProperties": False,
            "properties": properties,
        }
    root = {
        "type": "object",
        "propertyNames": check.language.schema,
        "additionalProperties": {"$ref": "#/$defs/EventTexts"},
    }
    return root, definitions


# --- reading, in a reader's language -----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Localized:
    """An event as the reader of one language reads it: its texts in that language where a translation has them.

    ``event`` has the translated texts and, when a translation was used, no more translations of
    its own and that translation's ``text_language``; with none, it is the event itself.
    ``fallbacks`` are the paths of the texts that stay in the original language
    (``"objectives"``, ``"agenda[2].title"``), which outputs mark as such for the reader.
    """

    event: Any
    """The event with its texts in the reader's language where a translation has them."""
    reader: str
    """The reader's language, as asked (``ar-SA``)."""
    original: str
    """The language the event is written in (its ``text_language``)."""
    translated: str | None
    """The tag of the translation used (``ar``), or ``None`` when there is none for the reader."""
    fallbacks: frozenset[str]
    """The paths of the texts that stay in the original language."""

    def language_of(self, path: str) -> str:
        """The language of the text at ``path``: the translation's, or the original's."""
        if self.translated is None or path in self.fallbacks:
            return self.original
        return self.translated

    def is_fallback(self, path: str) -> bool:
        """Whether the text at ``path`` is not in the reader's language (and so is marked as the original)."""
        return _language(self.language_of(path)) != _language(self.reader)


def _language(tag: str) -> str:
    return tag.split("-")[0].lower()


def localize(event: Any, reader: str) -> Localized:
    """``event`` for a reader of ``reader`` (a BCP 47 tag): see :meth:`~iofs_events.Event.localized`."""
    original = event.text_language
    if _language(reader) == _language(original):
        return Localized(event=event, reader=reader, original=original, translated=None, fallbacks=frozenset())
    tag = event.translations.best(reader)
    fallbacks: set[str] = set()
    changed = _apply(event, event.translations[tag] if tag is not None else Texts(), "Event", "", fallbacks)
    if tag is not None:  # the event speaks the translation's language now, and has no more to give
        changed = attrs.evolve(changed, translations=Translations(), text_language=tag)
    return Localized(event=changed, reader=reader, original=original, translated=tag, fallbacks=frozenset(fallbacks))


def _apply(obj: Any, texts: Texts, name: str, where: str, fallbacks: set[str]) -> Any:
    """``obj`` with the texts of ``texts``; the paths of the texts it keeps in the original go in ``fallbacks``."""
    changes = {}
    for key, kind in shape(name).items():
        given = getattr(obj, key)
        if given is None or given == ():
            continue
        path = f"{where}.{key}" if where else key
        value = texts.get(key)
        if kind.cls is None:
            if value is None:
                fallbacks.add(path)
            else:
                changes[key] = value
        elif kind.many:
            items = value if value is not None else (Texts(),) * len(given)
            applied = tuple(
                _apply(item, part, kind.cls, f"{path}[{index}]", fallbacks)
                for index, (item, part) in enumerate(zip(given, items, strict=True))
            )
            if any(new is not old for new, old in zip(applied, given, strict=True)):
                changes[key] = applied
        else:
            applied = _apply(given, value if value is not None else Texts(), kind.cls, path, fallbacks)
            if applied is not given:
                changes[key] = applied
    return attrs.evolve(obj, **changes) if changes else obj
