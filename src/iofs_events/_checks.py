"""The rules that values of the model obey, as attrs validators and converters.

Each validator is a :class:`Rule`: it raises :class:`~iofs_events.exceptions.ValidationError`
(or :class:`~iofs_events.exceptions.FieldTypeError`) naming the field, and it carries the JSON
Schema of the values it accepts, so the published schema is derived from the very rules that
run. Checks backed by a heavy library (email, phone numbers, language tags, countries) import
it on first use and cache their answers, since the same values recur across many events.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime
from enum import Enum
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, runtime_checkable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from ._cache import remembered
from .exceptions import FieldTypeError, ValidationError

if TYPE_CHECKING:
    from attrs import Attribute

Check = Callable[[Any, "Attribute[Any]", Any], None]
Schema = dict[str, Any]

_E164 = re.compile(r"\+[1-9][0-9]{6,14}")
_DIGITS = frozenset("0123456789")
# C0 and C1 control characters, the Unicode line separators and the byte order mark (which
# readers drop from the start of a value); multi-line text may keep tab and line feed. None of
# them is printable (``str.isprintable``), which the check of most lines relies on.
_CONTROLS = r"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff"
_TEXT_CONTROLS = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff"
_CONTROL = re.compile(f"[{_CONTROLS}]")
_GRAPHIC = re.compile("[!-~]")  # a visible character of ASCII: a letter, digit, punctuation or symbol
_SHOWN = 60  # the characters of a value that an error message echoes

LONGEST_LINE = 1_000
"""The most characters of a line of text: a title, a name, a label."""

LONGEST_TEXT = 100_000
"""The most characters of a text that may span lines, and of any string of a document."""

MOST_ITEMS = 10_000
"""The most items of a list."""
# Unicode's Default_Ignorable_Code_Point: characters that show nothing although some are letters
# (the Hangul fillers) or marks (variation selectors): zero-width spaces and joiners, direction
# marks, the soft hyphen, tags.
_IGNORABLE = re.compile(
    r"[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    r"\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
# The same for a JSON Schema pattern, which ECMA regexes without the "u" flag can only say of the
# Basic Multilingual Plane: spaces and separators, format and ignorable characters, private use.
_INVISIBLE = (
    r"\s\u0085\u00a0\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u1680"
    r"\u17b4\u17b5\u180b-\u180f\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ue000-\uf8ff"
    r"\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb"
)
ZONED_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?)?\[[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*\]$"
)


@runtime_checkable
class Rule(Protocol):
    """An attrs validator that also describes, as JSON Schema, the values it accepts.

    ``refers`` lists the model classes whose own schemas ``schema`` points to with ``$ref``.
    A rule is the check function itself, so attrs calls it with no layer in between.
    """

    schema: Schema
    refers: tuple[type, ...]

    def __call__(self, instance: Any, attribute: Attribute[Any], value: Any, /) -> None: ...


def make_rule(check: Check, schema: Schema, refers: tuple[type, ...] = ()) -> Rule:
    """Make ``check`` a :class:`Rule` by giving it its ``schema`` and ``refers``."""
    check.schema = schema  # type: ignore[attr-defined]
    check.refers = refers  # type: ignore[attr-defined]
    return check  # type: ignore[return-value]


class Parts(NamedTuple):
    """What a rule is made of, for a reader that checks values of its own rather than through attrs.

    At most one is set: ``problem`` for a rule of text (what is wrong with a string),
    ``inner`` for :func:`optional`, ``item`` for :func:`tuple_of` (with ``unique``), ``kinds``
    for :func:`member`, ``read`` for a rule that every value read from a document passes
    (:func:`zoned`). A rule with none of them is only ever called.
    """

    problem: Callable[[str], str | None] | None
    inner: Check | None
    item: Check | None
    unique: bool
    kinds: tuple[type, ...] | None
    read: bool


def parts(rule: Check) -> Parts:
    """The :class:`Parts` of ``rule``."""
    found = {name: getattr(rule, name, None) for name in ("problem", "inner", "item", "kinds")}
    return Parts(unique=getattr(rule, "unique", False), read=getattr(rule, "read", False), **found)


def rule(schema: Schema) -> Callable[[Check], Rule]:
    """Decorate a check function to make it a :class:`Rule` with ``schema``."""
    return lambda check: make_rule(check, schema)


def text_rule(schema: Schema) -> Callable[[Callable[[str], str | None]], Rule]:
    """Decorate a function that says what is wrong with a string, if anything, to make it a :class:`Rule`."""

    def decorate(problem: Callable[[str], str | None]) -> Rule:
        def validate(_: object, attribute: Attribute[Any], value: object) -> None:
            if type(value) is not str:
                raise FieldTypeError(attribute.name, f"must be text, not {_type_name(value)}")
            reason = problem(value)
            if reason is not None:
                raise ValidationError(attribute.name, reason)

        validate.problem = problem  # type: ignore[attr-defined] # for the fast reader, which calls it alone
        return make_rule(validate, {"type": "string", **schema})

    return decorate


def shown(value: object) -> str:
    """``value`` as an error message echoes it: its ``repr``, cut after about 60 characters."""
    if isinstance(value, str) and len(value) > _SHOWN:
        return f"{value[:_SHOWN]!r}…"
    return cut(repr(value))


def cut(text: str) -> str:
    """``text`` as it is, or its first 60 characters and an ellipsis."""
    return text if len(text) <= _SHOWN + 2 else f"{text[:_SHOWN]}…"


def has_control(value: str) -> bool:
    """Whether ``value`` has a line break or another control character (tab included)."""
    return _CONTROL.search(value) is not None


def _type_name(value: object) -> str:
    return type(value).__name__


def _require(value: object, kind: type | tuple[type, ...], name: str, field: str) -> None:
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise FieldTypeError(field, f"must be {name}, not {_type_name(value)}")


# --- text -------------------------------------------------------------------------------------


def pattern(regex: str, reason: str) -> Rule:
    """Text that matches ``regex`` entirely; ``reason`` says what is expected when it does not."""
    compiled = re.compile(regex)
    return text_rule({"pattern": f"^{regex}$"})(lambda value: None if compiled.fullmatch(value) else reason)


def is_visible(character: str) -> bool:
    """Whether ``character`` shows something: a letter, mark, number, punctuation or symbol that is not ignorable.

    Spaces, controls, format characters (zero-width, direction marks), private-use and
    unassigned code points show nothing, nor do the ignorable letters and marks.
    """
    return unicodedata.category(character)[0] in "LMNPS" and not _IGNORABLE.match(character)


def _non_blank(controls: str, reason: str, longest: int) -> Callable[[str], str | None]:
    """What is wrong with text that needs a visible character, none of ``controls`` (a regex range), and a bound."""
    forbidden = re.compile(f"[{controls}]")

    def problem(value: str) -> str | None:
        if len(value) > longest:  # first: the other rules take time in proportion to the text
            return f"must have at most {longest:,} characters, not {len(value):,}"
        if value.isprintable() and "!" <= value[:1] <= "~":  # most lines: no control, and a visible first
            return None
        if not value.strip():
            return "must not be empty"
        if forbidden.search(value):
            return reason
        if _GRAPHIC.search(value) is None and not any(map(is_visible, value)):  # most text shows a Latin letter
            return "must have a visible character, not only spaces, invisible or formatting ones"
        return None

    return problem


def _non_blank_schema(controls: str, longest: int) -> Schema:
    pattern = f"^[^{controls}]*[^{controls}{_INVISIBLE}][^{controls}]*$"
    return {"minLength": 1, "maxLength": longest, "pattern": pattern}


line_problem = _non_blank(_CONTROLS, "must be a single line without control characters", LONGEST_LINE)
"""What is wrong with ``value`` as a :data:`line`, if anything."""

line = text_rule(_non_blank_schema(_CONTROLS, LONGEST_LINE))(line_problem)
"""Non-blank text on one line: titles, names, labels."""

text = text_rule(_non_blank_schema(_TEXT_CONTROLS, LONGEST_TEXT))(
    _non_blank(_TEXT_CONTROLS, "must not contain control characters", LONGEST_TEXT)
)
"""Non-blank text that may span several lines (tabs and line feeds allowed): paragraphs, descriptions."""


# --- numbers, flags, enumerations, objects -----------------------------------------------------


def integer(minimum: int, maximum: int | None = None) -> Rule:
    """A whole number (not a bool) in ``[minimum, maximum]``."""
    schema: Schema = {"type": "integer", "minimum": minimum}
    if maximum is not None:
        schema["maximum"] = maximum

    def validate(_: object, attribute: Attribute[Any], value: object) -> None:
        _require(value, int, "a whole number", attribute.name)
        assert isinstance(value, int)
        if value < minimum or (maximum is not None and value > maximum):
            bound = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
            raise ValidationError(attribute.name, f"must be {bound}")

    return make_rule(validate, schema)


@rule({"type": "boolean"})
def flag(_: object, attribute: Attribute[Any], value: object) -> None:
    """``True`` or ``False``."""
    _require(value, bool, "true or false", attribute.name)


def member(kind: type | tuple[type, ...]) -> Rule:
    """An instance of ``kind`` (a model class or an enumeration) or of one of several kinds."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    name = " or ".join(f"{'an' if cls.__name__[0] in 'AEIOU' else 'a'} {cls.__name__}" for cls in kinds)

    def validate(_: object, attribute: Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            raise FieldTypeError(attribute.name, f"must be {name}, not {_type_name(value)}")

    validate.kinds = kinds  # type: ignore[attr-defined]
    schemas = [_kind_schema(cls) for cls in kinds]
    refers = tuple(cls for cls in kinds if attrs.has(cls))
    return make_rule(validate, schemas[0] if len(schemas) == 1 else {"oneOf": schemas}, refers)


def _kind_schema(kind: type) -> Schema:
    if issubclass(kind, Enum):
        return {"enum": [member.value for member in kind]}
    assert attrs.has(kind), kind
    return {"$ref": f"#/$defs/{kind.__name__}"}


def optional(validator: Rule) -> Rule:
    """``None`` or a value that passes ``validator``; absent from documents when ``None``."""

    def validate(instance: object, attribute: Attribute[Any], value: object) -> None:
        if value is not None:
            validator(instance, attribute, value)

    validate.inner = validator  # type: ignore[attr-defined]
    return make_rule(validate, validator.schema, validator.refers)


def tuple_of(validator: Rule, *, unique: bool = False) -> Rule:
    """A tuple whose items each pass ``validator``; errors name the index (``roles[2]``)."""

    def validate(instance: object, attribute: Attribute[Any], value: object) -> None:
        _require(value, tuple, "a tuple", attribute.name)
        assert isinstance(value, tuple)
        if len(value) > MOST_ITEMS:
            raise ValidationError(attribute.name, f"must have at most {MOST_ITEMS:,} items, not {len(value):,}")
        for index, item in enumerate(value):
            try:
                validator(instance, attribute, item)
            except ValidationError as error:
                raise type(error)(f"{attribute.name}[{index}]", error.reason) from None
        if unique:
            seen: set[object] = set()  # the items of the model are hashable: frozen classes, strings, enumerations
            for index, item in enumerate(value):
                if item in seen:
                    raise ValidationError(f"{attribute.name}[{index}]", f"repeats {shown(item)}")
                seen.add(item)

    schema: Schema = {"type": "array", "items": validator.schema, "maxItems": MOST_ITEMS}
    if unique:
        schema["uniqueItems"] = True
    validate.item = validator  # type: ignore[attr-defined] # what each item obeys, for translations of them
    validate.unique = unique  # type: ignore[attr-defined]
    return make_rule(validate, schema, validator.refers)


# --- dates and times ---------------------------------------------------------------------------


def aware(value: datetime) -> datetime:
    """Converter: express ``datetime.timezone.utc`` as the IANA zone ``UTC``; leave the rest."""
    if isinstance(value, datetime) and value.tzinfo is UTC:
        return value.astimezone(ZoneInfo("UTC"))  # read from the tz database on first use
    return value


def instant(value: datetime) -> datetime:
    """``value`` in UTC, for comparisons.

    Python compares two datetimes of the same zone by their wall-clock time, which puts
    02:59 before 02:00 on the night clocks go back.
    """
    return value.astimezone(UTC)


def same_moment(value: datetime | None) -> tuple[datetime, str] | None:
    """The equality key of a datetime: its instant and its zone.

    Python finds 02:30 before and after clocks go back equal, and 10:00 in Almaty equal to
    04:00 in UTC; both pairs are written differently, so the model tells them apart.
    """
    return None if value is None else (instant(value), str(value.tzinfo))


@rule({"type": "string", "pattern": ZONED_PATTERN})
def zoned(_: object, attribute: Attribute[Any], value: object) -> None:
    """A datetime in an IANA time zone, at a local time that exists in that zone."""
    _require(value, datetime, "a datetime", attribute.name)
    assert isinstance(value, datetime)
    check_zoned(value, attribute.name)


zoned.read = True  # type: ignore[attr-defined] # documents' times are read in IANA zones, and only if they exist


def check_zoned(value: datetime, field: str) -> None:
    """Raise unless ``value`` carries a :class:`~zoneinfo.ZoneInfo` and exists in that zone."""
    zone = value.tzinfo
    if not isinstance(zone, ZoneInfo) or zone.key is None:
        if zone is None or value.utcoffset() is None:
            raise ValidationError(field, "must be time-zone-aware")
        raise ValidationError(field, "must use an IANA time zone (zoneinfo.ZoneInfo), not a fixed UTC offset")
    # Two times of one tzinfo compare by their wall clock, fold aside: a time in a gap comes back another.
    if value.astimezone(UTC).astimezone(zone) != value:
        raise ValidationError(field, f"does not exist in {zone.key} (skipped by a clock change)")


@rule({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"})
def day(_: object, attribute: Attribute[Any], value: object) -> None:
    """A calendar date (not a datetime)."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise FieldTypeError(attribute.name, f"must be a date, not {_type_name(value)}")


@text_rule({"pattern": r"^[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*$"})
def time_zone(value: str) -> str | None:
    """The name of an IANA time zone such as ``Asia/Almaty``."""
    return None if is_time_zone(value) else f"unknown time zone {shown(value)}; use an IANA name such as 'Asia/Riyadh'"


@lru_cache(maxsize=1024)
def is_time_zone(name: str) -> bool:
    """Whether ``name`` is a time zone that :mod:`zoneinfo` knows."""
    return time_zone_named(name) is not None


def time_zone_named(name: str) -> ZoneInfo | None:
    """The time zone ``name`` as :mod:`zoneinfo` knows it, or ``None`` when it knows none of that name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


# --- identifiers from the world: URLs, email, phones, languages, countries ---------------------


# A URL that url_problem takes, in one match: http(s), a host of ASCII letters, digits and
# hyphens, then a path, query and fragment of the characters RFC 3986 allows in them.
_PLAIN_URL = re.compile(
    r"[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?:[/?#][A-Za-z0-9._~!$&'()*+,;=:@/?#%-]*)?"
)


@lru_cache(maxsize=4096)
def url_problem(value: str) -> str | None:
    """What keeps ``value`` from being an absolute ``http`` or ``https`` URL, if anything."""
    if _PLAIN_URL.fullmatch(value):  # most URLs: a host of ASCII letters and digits, no port, no user
        return None
    if _CONTROL.search(value) or " " in value:
        return "must be a URL without spaces or control characters"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return "must be a well-formed URL"
    if parts.scheme.lower() not in ("http", "https"):
        return "must be an absolute http or https URL"
    if not parts.hostname:
        return "must name a host"
    return None


url = text_rule({"format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+"})(url_problem)
"""An absolute ``http`` or ``https`` URL."""


@lru_cache(maxsize=1 << 17)  # a mailing's addresses are checked as its list is read, then as each calendar is written
@remembered("email_validator", private=True)
def email_problem(value: str) -> str | None:
    """What is wrong with ``value`` as an email address (syntax and domain form; no DNS lookup), if anything."""
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as error:
        return f"is not a valid email address ({error})"
    return None


email = text_rule({"format": "email"})(email_problem)
"""An email address (syntax and domain form; no DNS lookup)."""


def e164(value: str) -> str:
    """Converter: a phone number in international form, written as E.164 (``+77018812532``).

    A value that does not parse is returned unchanged, for :func:`phone` to reject.
    """
    return _e164(value) if type(value) is str else value


@lru_cache(maxsize=4096)
def _e164(value: str) -> str:
    if _E164.fullmatch(value):
        return value
    import phonenumbers

    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_written(number: str) -> str:
    """A valid phone number in E.164 written for reading: ``+7 701 881 2532``, or ``+1 650-253-0000``."""
    layout = _phone_layout(number)
    if layout is None:
        return _phone_international(number)
    digits = iter(number[1:])
    return "".join(next(digits) if character == "#" else character for character in layout)


@remembered("phonenumbers", private=True, anonymous=True)
def _phone_layout(number: str) -> str | None:
    """Where the digits of ``number`` go in its written form (``+# ### ### ####``), which tells nothing of them.

    ``None`` when the written form does not hold the number's digits in their order.
    """
    written = _phone_international(number)
    if "".join(character for character in written if character in _DIGITS) != number[1:]:
        return None
    return "".join("#" if character in _DIGITS else character for character in written)


def _phone_international(number: str) -> str:
    import phonenumbers

    return str(
        phonenumbers.format_number(phonenumbers.parse(number, None), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    )


@text_rule({"pattern": r"^\+[1-9][0-9]{6,14}$"})
@lru_cache(maxsize=4096)
@remembered("phonenumbers", private=True)
def phone(value: str) -> str | None:
    """A valid phone number in E.164 form."""
    import phonenumbers

    try:
        if _E164.fullmatch(value) and phonenumbers.is_valid_number(phonenumbers.parse(value, None)):
            return None
    except phonenumbers.NumberParseException:  # a country code that no country has
        pass
    return f"{shown(value)} is not a valid phone number in international form, such as +7 701 881 2532"


def language_tag(value: str) -> str:
    """Converter: a BCP 47 language tag in its conventional case (``en-us`` becomes ``en-US``).

    A value that is not a valid tag is returned unchanged, for :func:`language` to reject.
    """
    return _language_tag(value) if type(value) is str else value


@lru_cache(maxsize=1024)
@remembered("langcodes")
def _language_tag(value: str) -> str:
    if not is_language_tag(value):
        return value
    import langcodes

    return str(langcodes.standardize_tag(value))


def language_tags(value: tuple[str, ...]) -> tuple[str, ...]:
    """:func:`language_tag` for each tag of a tuple."""
    return tuple(map(language_tag, value)) if isinstance(value, tuple) else value


def language_problem(value: str) -> str | None:
    """What keeps ``value`` from being a well-formed, registered BCP 47 language tag, if anything."""
    if is_language_tag(value):
        return None
    return f"{shown(value)} is not a valid BCP 47 language tag, such as 'ar' or 'fr-CA'"


#: A well-formed, registered BCP 47 language tag such as ``ar`` or ``fr-CA``.
language = text_rule({"pattern": r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"})(language_problem)


@lru_cache(maxsize=1024)
@remembered("langcodes")
def is_language_tag(value: str) -> bool:
    if "_" in value or not value.isascii():
        return False
    import langcodes

    # tag_is_valid checks the syntax (and never raises), is_valid that each subtag is registered.
    return bool(langcodes.tag_is_valid(value)) and langcodes.Language.get(value).is_valid()


def country_code(value: str) -> str:
    """Converter: an ISO 3166-1 alpha-2 code in upper case (``tr`` becomes ``TR``)."""
    return value.upper() if isinstance(value, str) and value.isascii() else value


def country_codes(value: tuple[str, ...]) -> tuple[str, ...]:
    """:func:`country_code` for each code of a tuple."""
    return tuple(map(country_code, value)) if isinstance(value, tuple) else value


@text_rule({"pattern": "^[A-Za-z]{2}$"})
def country(value: str) -> str | None:
    """An ISO 3166-1 alpha-2 country code such as ``KZ``."""
    if value in countries():
        return None
    return f"{shown(value)} is not an ISO 3166-1 alpha-2 country code, such as 'KZ'"


@cache
def countries() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code, from pycountry (loaded on first use)."""
    return frozenset(_codes("alpha_2"))


@remembered("pycountry")
def _codes(kind: str) -> list[str]:
    import pycountry

    return sorted(getattr(country, kind) for country in pycountry.countries)
