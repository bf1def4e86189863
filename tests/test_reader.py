"""The fast reader of documents: it takes just what the detailed reader takes, and reads it alike."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from types import CodeType
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import iofs_events.json as ijson
from iofs_events import Event, Organization, ValidationError, _cache, _reader
from iofs_events import _checks as check
from iofs_events._converter import make_converter
from iofs_events._values import structure_datetime
from tests import strategies
from tests.paths import SEED

_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2, 3000) | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=6,
)


def _body(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key != "schema_version"}


def _mutated(data: st.DataObject, document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with one to three changes: a value replaced, a key removed, or an unknown key added."""
    for _ in range(data.draw(st.integers(1, 3))):
        *parents, last = data.draw(st.sampled_from(strategies.places(document)[1:]))
        target = document
        for step in parents:
            target = target[step]
        change = data.draw(st.sampled_from(["replace", "remove", "add"]))
        if change == "remove" and isinstance(target, dict):
            del target[last]
        elif change == "add" and isinstance(target[last], dict):
            target[last][data.draw(st.sampled_from(["nothing", "host_url", "starts_at", "first_day"]))] = "x"
        else:
            target[last] = data.draw(_JSON_VALUES | st.sampled_from(_samples(document)))
    return document


def _samples(document: dict[str, Any]) -> list[Any]:
    """Values of the document itself, so that a change often puts a valid value of another field in place."""
    return [value for value in json.loads(json.dumps(document)).values() if value is not None][:20]


def _both(body: dict[str, Any]) -> tuple[Event | None, Event | None]:
    """The event each reader makes of ``body``, or ``None`` where it refuses it."""
    try:
        fast: Event | None = _reader.read(Event, body)
    except Exception:
        fast = None
    try:
        detailed: Event | None = make_converter().structure(body, Event)
    except Exception:
        detailed = None
    return fast, detailed


def _agree(body: dict[str, Any]) -> None:
    fast, detailed = _both(body)
    assert (fast is None) == (detailed is None), (fast, detailed)
    if fast is not None:
        assert fast == detailed
        assert hash(fast) == hash(detailed)
        assert ijson.dumps(fast) == ijson.dumps(detailed)  # the same zones too, which equality does not compare


@given(data=st.data())
def test_the_readers_agree_on_any_change_to_the_seed(data: st.DataObject) -> None:
    _agree(_mutated(data, _body(json.loads(SEED.read_text(encoding="utf-8")))))


@given(event=strategies.events(), data=st.data())
def test_the_readers_agree_on_any_event_and_any_change_to_it(event: Event, data: st.DataObject) -> None:
    body = _body(ijson.to_dict(event))
    fast, _ = _both(body)
    assert fast == event
    _agree(_mutated(data, body))


def test_a_document_of_the_fewest_fields_gets_the_defaults_that_init_gives() -> None:
    body = {
        "id": "x",
        "kind": "workshop",
        "title": "A title",
        "format": "online",
        "online_meeting": {"platform": "zoom"},
    }
    assert _both(body)[0] is not None
    _agree(body)


@pytest.mark.parametrize(
    "schedule",
    [
        {"starts_at": "2021-12-22T10:00:00+06:00[Asia/Almaty]", "ends_at": "2021-12-22T17:00:00+06:00[Asia/Almaty]"},
        {"first_day": "2021-12-22", "last_day": "2021-12-23"},
        {"starts_at": "2021-12-22T10:00:00+06:00[Asia/Almaty]", "first_day": "2021-12-22"},
        {"first_day": "2021-12-22"},
        {},
        [],
        "2021-12-22",
    ],
    ids=["time", "days", "mixed", "half", "empty", "array", "text"],
)
def test_a_schedule_is_told_apart_by_its_fields_as_the_detailed_reader_tells_it(schedule: Any) -> None:
    body = _body(json.loads(SEED.read_text(encoding="utf-8")))
    body["schedule"] = schedule
    _agree(body)


def test_a_fast_reader_failure_alone_never_loses_a_valid_event(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _reader.read(Event, _body(json.loads(SEED.read_text(encoding="utf-8"))))

    def refusing(*_: object) -> None:
        raise RuntimeError("simulated disagreement between the two readers")

    monkeypatch.setattr(_reader, "read", refusing)
    assert ijson.read(SEED) == expected


def test_a_valid_document_is_read_without_cattrs_and_a_bad_one_with_it() -> None:
    code = textwrap.dedent(
        """
        import sys
        from iofs_events import json
        from iofs_events.exceptions import DocumentError
        event = json.read(sys.argv[1])
        print("cattrs" in sys.modules, end=" ")
        try:
            json.loads('{"schema_version": "1.1", "id": "x"}')
        except DocumentError as error:
            print("cattrs" in sys.modules, *sorted(problem.path for problem in error.problems))
        """
    )
    result = subprocess.run([sys.executable, "-c", code, str(SEED)], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "True", "$.format", "$.kind", "$.title"]


_ZONES = ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Almaty", "UTC")


@given(
    st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2040, 12, 31)),
    st.sampled_from(_ZONES),
    st.booleans(),
)
@example(datetime(2021, 3, 28, 2, 30), "Europe/Berlin", False)  # skipped: clocks go from 02:00 to 03:00
@example(datetime(2021, 3, 28, 2, 30), "Europe/Berlin", True)
@example(datetime(2021, 10, 31, 2, 30), "Europe/Berlin", False)  # repeated: the first of the two
def test_every_time_read_passes_the_rule_that_the_reader_leaves_out(local: datetime, key: str, offset: bool) -> None:
    # The fast reader skips the rule ``zoned`` of a time, since the reader of times makes none that fails it.
    zone = ZoneInfo(key)
    aware = local.replace(microsecond=0, tzinfo=zone)
    text = f"{aware.isoformat() if offset else aware.replace(tzinfo=None).isoformat()}[{key}]"
    try:
        read = structure_datetime(text)
    except ValidationError:  # only a local time that the zone's clocks skip, which the rule refuses too
        with pytest.raises(ValidationError, match="skipped by a clock change"):
            check.check_zoned(aware, "starts_at")
    else:
        check.check_zoned(read, "starts_at")


def test_the_rule_of_zoned_times_says_that_every_time_read_passes_it() -> None:
    assert check.parts(check.zoned).read
    assert check.parts(check.optional(check.zoned)).inner is check.zoned


def test_a_value_read_is_converted_by_the_converter_that_optional_wraps() -> None:
    # A value read is never None: the reader calls the converter inside attrs' ``optional`` alone.
    fields = attrs.fields(Organization)
    assert _reader._unwrapped(fields.country.converter) is check.country_code
    assert _reader._unwrapped(check.language_tag) is check.language_tag
    organization = _reader.read(Organization, {"name": "IOFS", "country": "kz"})
    assert organization.country == "KZ"


def test_the_readers_are_made_again_when_a_file_they_are_made_from_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    # Their code is kept under the identity of the files that reader() gives: every class they read is in one.
    given: list[list[str]] = []

    def generated(filename: str, make: Callable[[], str], sources: Iterable[str]) -> CodeType:
        given.append(list(sources))
        return compile(make(), filename, "exec")

    monkeypatch.setattr(_reader, "generated", generated)
    _reader.reader.cache_clear()
    try:
        _reader.reader(Event)
    finally:
        _reader.reader.cache_clear()
    (sources,) = given
    assert sources == list(_reader._sources())
    classes = _reader._Module(Event).imports.values()
    assert Event in classes
    for kind in classes:
        if kind.__module__.startswith("iofs_events"):
            assert inspect.getfile(kind) in sources, kind
        else:  # the standard library's, known by the version of Python, which the identity holds too
            assert kind.__module__ in sys.stdlib_module_names, kind
    assert attrs.__file__ == sources[-1]


def test_readers_whose_files_cannot_be_found_are_made_and_read_alike(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def unreadable(_: str) -> None:
        raise PermissionError("the package's folder cannot be listed")

    monkeypatch.setenv("IOFS_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(_reader.os, "scandir", unreadable)
    _cache.folder.cache_clear()
    _reader.reader.cache_clear()
    try:
        body = _body(json.loads(SEED.read_text(encoding="utf-8")))
        assert _reader.read(Event, body) == make_converter().structure(body, Event)
    finally:
        _reader.reader.cache_clear()
        _cache.folder.cache_clear()
    assert not list(tmp_path.rglob("code-*.marshal"))


def test_the_readers_are_whole_when_python_leaves_out_assertions(tmp_path: Path) -> None:
    code = "import json, sys; from iofs_events import Event, _reader; print(_reader.read(Event, json.load(sys.stdin)))"
    body = json.dumps(_body(json.loads(SEED.read_text(encoding="utf-8"))))
    environment = {**os.environ, "IOFS_CACHE_DIR": str(tmp_path)}
    command = [sys.executable, "-O", "-c", code]
    result = subprocess.run(command, input=body, env=environment, capture_output=True, text=True, check=True)
    assert result.stdout.startswith("Event(id=" + repr(json.loads(body)["id"]))


def test_a_name_the_readers_would_bind_or_import_twice_is_refused() -> None:
    module = _reader._Module(Organization)
    assert module.bind("Organization_keys", module.bindings["Organization_keys"]) == "Organization_keys"
    with pytest.raises(ValueError, match="Organization_keys to two things"):
        module.bind("Organization_keys", "frozenset()")
    with pytest.raises(TypeError, match="one class of a name"):
        module.imported(type("Organization", (), {}))

    class Nested:
        pass

    with pytest.raises(TypeError, match="Nested"):
        module.imported(Nested)
