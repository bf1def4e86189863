"""The cache folder: what one run keeps for the next, trusted only when it is its user's, never personal data."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import orjson
import pytest

from iofs_events import _cache, _wording
from iofs_events import _checks as check
from iofs_events._version import __version__
from iofs_events._wording import list_text
from tests.paths import ROOT, SEED

OURS = "orjson test_cache.py"  # the answers that this file's functions get from orjson


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh cache folder, with nothing of the session's answers in memory."""
    monkeypatch.setenv("IOFS_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(_cache, "_all", _cache._Kept())
    _cache.folder.cache_clear()
    _cache._answers.cache_clear()
    yield tmp_path / __version__
    _cache.folder.cache_clear()
    _cache._answers.cache_clear()


def test_the_folder_is_the_variable_s_one_for_each_version(cache: Path) -> None:
    assert _cache.folder() == cache


@pytest.mark.parametrize(
    ("platform", "variables", "expected"),
    [
        ("linux", {"XDG_CACHE_HOME": "/xdg"}, "/xdg/iofs-events"),
        ("linux", {}, "~/.cache/iofs-events"),
        ("darwin", {}, "~/Library/Caches/iofs-events"),
        ("win32", {"LOCALAPPDATA": "/local"}, "/local/iofs-events/Cache"),
        ("win32", {}, "~/AppData/Local/iofs-events/Cache"),
    ],
)
def test_the_command_s_folder_is_the_platform_s_cache_folder_by_default(
    monkeypatch: pytest.MonkeyPatch, platform: str, variables: dict[str, str], expected: str
) -> None:
    for name in ("IOFS_CACHE_DIR", "XDG_CACHE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(_cache, "_by_default", False)
    _cache.folder.cache_clear()
    try:
        assert _cache.folder() is None, "a program that imports the library keeps nothing unless asked"
        _cache.use_by_default()
        assert _cache.folder() == Path(expected).expanduser() / __version__
    finally:
        _cache.folder.cache_clear()


def test_the_command_keeps_its_findings_in_the_user_s_cache_folder(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "IOFS_CACHE_DIR"} | {"XDG_CACHE_HOME": str(tmp_path)}
    environment["HOME"] = str(tmp_path)
    command = [sys.executable, "-m", "iofs_events", "validate", str(SEED)]
    subprocess.run(command, env=environment, check=True, capture_output=True)
    assert (tmp_path / "iofs-events" / __version__ / "answers.json").is_file()
    library = [sys.executable, "-c", f"import iofs_events.json as j; j.read({str(SEED)!r})"]
    other = tmp_path / "library"
    subprocess.run(library, env=environment | {"XDG_CACHE_HOME": str(other)}, check=True, capture_output=True)
    assert not other.exists(), "a program that imports the library writes no cache of its own accord"


def test_an_empty_variable_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOFS_CACHE_DIR", "")
    _cache.folder.cache_clear()
    try:
        assert _cache.folder() is None
        _cache.write("kept", b"data")
        assert _cache.read("kept") is None
    finally:
        _cache.folder.cache_clear()


def test_files_are_kept_for_their_owner_alone(cache: Path) -> None:
    assert _cache.read("kept") is None
    _cache.write("kept", b"data")
    assert _cache.read("kept") == b"data"
    assert (cache / "kept").stat().st_mode & 0o777 == 0o600
    assert cache.stat().st_mode & 0o777 == 0o700
    assert [path.name for path in cache.iterdir()] == ["kept"]  # no temporary file left


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners and modes")
def test_a_file_others_could_have_written_is_ignored(cache: Path) -> None:
    _cache.write("kept", b"data")
    (cache / "kept").chmod(0o666)
    assert _cache.read("kept") is None


def test_on_windows_the_profile_s_folder_is_trusted(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _cache.write("kept", b"data")
    monkeypatch.delattr(os, "getuid", raising=False)
    assert _cache.read("kept") == b"data"


def test_a_folder_that_cannot_be_written_is_no_error(cache: Path) -> None:
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(b"a file where the folder should be")
    _cache.write("kept", b"data")
    assert _cache.read("kept") is None


def _file(path: str) -> list[object]:
    status = os.stat(path)
    return [status.st_size, status.st_mtime_ns]


def test_answers_of_another_version_of_our_own_check_are_dropped(cache: Path) -> None:
    """While developing, a check changes within one version of the package: its file's identity is part of the key."""
    calls: list[str] = []
    check = _check(calls, "yes")
    check("ar")  # type: ignore[operator]
    _cache._all.save()
    kept = orjson.loads((cache / "answers.json").read_bytes())
    kept[OURS]["identity"][-1] += 1  # the check's file changed since
    (cache / "answers.json").write_bytes(orjson.dumps(kept))
    _cache._all.loaded = False
    _cache._answers.cache_clear()
    check("ar")  # type: ignore[operator]
    assert calls == ["ar", "ar"]


def _check(calls: list[str], answer: str | None, library: str = "orjson") -> object:
    @_cache.remembered(library)
    def shout(value: str) -> str | None:
        calls.append(value)
        return answer and value.upper()

    return shout


def test_answers_are_kept_for_the_next_run(cache: Path) -> None:
    calls: list[str] = []
    check = _check(calls, "yes")
    assert check("ar") == "AR"  # type: ignore[operator]
    assert check("ar") == "AR"  # type: ignore[operator]
    assert calls == ["ar"]
    _cache._all.save()
    next_run = _cache._Kept()
    next_run.load()
    assert next_run.sections[OURS]["answers"] == {"_check.<locals>.shout:ar": "AR"}
    assert next_run.sections[OURS]["identity"] == [*_cache.identity("orjson"), __file__, *_file(__file__)]


def test_the_next_run_answers_from_the_cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    check = _check(calls, "yes")
    check("ar")  # type: ignore[operator]
    _cache._all.save()
    monkeypatch.setattr(_cache, "_all", _cache._Kept())  # the next run
    _cache._answers.cache_clear()
    assert check("ar") == "AR"  # type: ignore[operator]
    assert _check(calls, None, "attrs")("ar") is None  # type: ignore[operator] # another library's: answers anew
    assert calls == ["ar", "ar"]
    _cache._all.save()
    before = (cache / "answers.json").stat().st_mtime_ns
    _cache._all.save()  # nothing new: nothing written
    assert (cache / "answers.json").stat().st_mtime_ns == before


def test_answers_of_another_version_of_the_library_are_dropped(cache: Path) -> None:
    stale = {OURS: {"identity": ["another version"], "answers": {"_check.<locals>.shout:ar": "stale"}}}
    _cache.write("answers.json", orjson.dumps(stale))
    calls: list[str] = []
    assert _check(calls, "yes")("ar") == "AR"  # type: ignore[operator]
    assert calls == ["ar"]


@pytest.mark.parametrize("kept", [b"not json", b"[]", b'{"orjson test_cache.py": {"identity": 1, "answers": []}}'])
def test_answers_that_cannot_be_read_are_found_again(cache: Path, kept: bytes) -> None:
    _cache.write("answers.json", kept)
    calls: list[str] = []
    assert _check(calls, "yes")("ar") == "AR"  # type: ignore[operator]
    assert calls == ["ar"]


def test_private_values_are_kept_as_digests_of_valid_ones(cache: Path) -> None:
    @_cache.remembered("orjson", private=True)
    def problem(value: str) -> str | None:
        return None if "@" in value else "is not an address"

    assert problem("aida@agri.example.kz") is None
    assert problem("not an address") == "is not an address"
    _cache._all.save()
    written = (cache / "answers.json").read_bytes()
    assert b"aida" not in written
    assert b"not an address" not in written
    (key,) = orjson.loads(written)[OURS]["answers"]
    assert key.endswith(":" + _cache._digest("aida@agri.example.kz"))


def test_anonymous_answers_of_private_values_are_kept_under_digests(cache: Path) -> None:
    calls: list[str] = []

    @_cache.remembered("orjson", private=True, anonymous=True)
    def layout(value: str) -> str:
        calls.append(value)
        return "".join("#" if character.isdigit() else character for character in value)

    assert layout("+7 701 881 2532") == "+# ### ### ####"
    _cache._all.save()
    written = (cache / "answers.json").read_bytes()
    assert b"701" not in written
    assert orjson.loads(written)[OURS]["answers"] == {
        f"{layout.__qualname__}:{_cache._digest('+7 701 881 2532')}": "+# ### ### ####"
    }
    _cache._all.loaded = False
    _cache._answers.cache_clear()
    assert layout("+7 701 881 2532") == "+# ### ### ####"
    assert calls == ["+7 701 881 2532"]


def test_a_phone_number_is_written_from_its_kept_layout_without_its_digits_in_the_cache(cache: Path) -> None:
    assert check.phone_written("+16502530000") == "+1 650-253-0000"
    assert check.phone_written("+998712000000") == "+998 71 200 00 00"
    _cache._all.save()
    written = (cache / "answers.json").read_bytes()
    assert b"6502530000" not in written
    assert b"712000000" not in written
    assert sorted(orjson.loads(written)["phonenumbers _checks.py"]["answers"].values()) == [
        "+# ###-###-####",
        "+### ## ### ## ##",
    ]


def test_a_written_form_with_digits_of_its_own_is_used_as_it_is(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A library that wrote a trunk prefix (``+44 (0)20``) would give a layout that misplaces digits: none is kept."""
    import phonenumbers

    monkeypatch.setattr(phonenumbers, "format_number", lambda number, _: "+44 (0)20 7946 0000")
    assert check.phone_written("+442079460000") == "+44 (0)20 7946 0000"
    assert check.phone_written("+442079460000") == "+44 (0)20 7946 0000"


def test_answers_of_several_arguments_are_kept_under_them_as_text(cache: Path) -> None:
    calls: list[tuple[date, str]] = []

    @_cache.remembered("orjson")
    def weekday(day: date, reader: str) -> str:
        calls.append((day, reader))
        return f"{day:%A} ({reader})"

    assert weekday(date(2021, 12, 22), "fr") == "Wednesday (fr)"
    assert weekday(date(2021, 12, 22), reader="ar") == "Wednesday (ar)"
    _cache._all.save()
    assert orjson.loads((cache / "answers.json").read_bytes())[OURS]["answers"] == {
        f"{weekday.__qualname__}:2021-12-22\x1ffr": "Wednesday (fr)",
        f"{weekday.__qualname__}:2021-12-22\x1freader=ar": "Wednesday (ar)",
    }
    _cache._all.loaded = False
    _cache._answers.cache_clear()
    assert weekday(date(2021, 12, 22), "fr") == "Wednesday (fr)"
    assert weekday(date(2021, 12, 22), reader="ar") == "Wednesday (ar)"
    assert calls == [(date(2021, 12, 22), "fr"), (date(2021, 12, 22), "ar")]


def test_each_file_keeps_its_own_answers_of_a_library(cache: Path) -> None:
    """Two files that ask one library keep their answers apart: neither drops the other's."""
    check.phone_written("+16502530000")
    _check([], "yes", "phonenumbers")("ar")  # type: ignore[operator]
    _cache._all.save()
    kept = orjson.loads((cache / "answers.json").read_bytes())
    assert list(kept["phonenumbers _checks.py"]["answers"].values()) == ["+# ###-###-####"]
    assert kept["phonenumbers test_cache.py"]["answers"] == {"_check.<locals>.shout:ar": "AR"}


def test_names_listed_in_a_reader_s_language_never_reach_the_cache(cache: Path) -> None:
    from babel.lists import format_list

    names = ["Aisha Rahman", "عمر الحربي", "Айдана Нурланова", "Aminata Diallo"]
    _wording._list_layout.cache_clear()  # the layouts that earlier tests asked for, kept in memory
    for reader in ("en", "ar", "fr", "ru", "fr-SN"):
        for count in range(len(names) + 1):
            assert list_text(names[:count], reader) == format_list(names[:count], locale=reader.replace("-", "_"))
    _cache._all.save()
    written = (cache / "answers.json").read_bytes().decode()
    assert not any(part in written for name in names for part in name.split())
    kept = orjson.loads(written)["babel _wording.py"]["answers"]
    assert kept["_list_layout:3\x1fen"] == "\x000\x00, \x001\x00, and \x002\x00"


def test_answers_stop_being_kept_when_there_are_too_many(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_cache, "_MOST_ANSWERS", 1)
    calls: list[str] = []
    check = _check(calls, "yes")
    check("ar"), check("fr"), check("fr")  # type: ignore[operator]
    assert calls == ["ar", "fr", "fr"]


def test_without_a_cache_every_answer_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOFS_CACHE_DIR", "")
    _cache.folder.cache_clear()
    _cache._answers.cache_clear()
    try:
        calls: list[str] = []
        check = _check(calls, "yes")
        check("ar"), check("ar")  # type: ignore[operator]
        assert calls == ["ar", "ar"]
    finally:
        _cache.folder.cache_clear()
        _cache._answers.cache_clear()


def test_a_library_that_is_not_installed_is_known_by_its_name() -> None:
    assert _cache.identity("no_such_library_here") == ["no_such_library_here"]


def test_a_second_run_checks_the_seed_without_the_libraries_of_the_first(tmp_path: Path) -> None:
    """The promise end to end: the same answers and calendars, without Babel or the checks' libraries."""
    code = (
        "import sys; from iofs_events.json import read; from iofs_events.ical import to_ical;"
        "event = read(sys.argv[1]); [to_ical(event, language=tag) for tag in ('en', 'ar', 'fr', 'ru')];"
        "print(*sorted({'babel', 'langcodes', 'phonenumbers', 'pycountry', 'importlib.resources'} & set(sys.modules)))"
    )
    runs = _two_runs_with_the_seed(code, tmp_path)
    first = ["babel", "importlib.resources", "langcodes", "phonenumbers", "pycountry"]  # the libraries find their data
    assert runs == [first, []]


def test_a_catalogue_is_compiled_once_and_read_back_while_unchanged(cache: Path, tmp_path: Path) -> None:
    from iofs_events import _i18n

    folder = tmp_path / "catalogues" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text('msgid "Workshop"\nmsgstr "Atelier maison"\n', encoding="utf-8")
    catalogues = tmp_path / "catalogues"
    try:
        assert _i18n.translations("fr", catalogues).gettext("Workshop") == "Atelier maison"
        (kept,) = cache.glob("catalogue-fr-*.mo")
        _i18n.translations.cache_clear()
        assert _i18n.translations("fr", catalogues).gettext("Workshop") == "Atelier maison"  # read back
        assert list(cache.glob("catalogue-fr-*.mo")) == [kept]
        _i18n.translations.cache_clear()
        (folder / "messages.po").write_text('msgid "Workshop"\nmsgstr "Atelier changé"\n', encoding="utf-8")
        assert _i18n.translations("fr", catalogues).gettext("Workshop") == "Atelier changé"  # compiled again
    finally:
        _i18n.translations.cache_clear()


def test_templates_are_compiled_once_and_read_back(cache: Path, seed: object) -> None:
    from iofs_events import _i18n as mail_i18n
    from iofs_events.mail import Composer, Recipient

    def bodies() -> tuple[str, str]:
        mail_i18n.environment.cache_clear()
        rendered = Composer(seed, sender="events@iofs.example").render(Recipient(email="a@b.example", language="fr"))
        return rendered.text, rendered.html

    try:
        first = bodies()
        kept = sorted(cache.glob("template-*.jinja"))
        assert kept
        assert bodies() == first  # from the compiled templates kept
        assert sorted(cache.glob("template-*.jinja")) == kept
    finally:
        mail_i18n.environment.cache_clear()


class _Maker:
    """A maker of a module's source that counts its calls."""

    def __init__(self, source: str = "answer = 42\n") -> None:
        self.source, self.calls = source, 0

    def __call__(self) -> str:
        self.calls += 1
        return self.source


def _run(code: object) -> object:
    namespace: dict[str, object] = {}
    exec(code, namespace)  # type: ignore[arg-type]
    return namespace["answer"]


def test_generated_code_is_made_and_compiled_once_and_read_back(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "model.py"
    source.write_text("# the model\n")
    make = _Maker()
    first = _cache.generated("<generated>", make, [str(source)])
    (kept,) = cache.glob("code-*.marshal")
    compiles: list[str] = []
    monkeypatch.setattr(_cache, "compile", lambda *arguments: compiles.append("compile"), raising=False)
    again = _cache.generated("<generated>", make, [str(source)])
    assert (make.calls, compiles) == (1, [])
    assert again == first
    assert _run(again) == 42
    assert list(cache.glob("code-*.marshal")) == [kept]


def test_generated_code_is_made_again_when_a_source_changes(cache: Path, tmp_path: Path) -> None:
    source = tmp_path / "model.py"
    source.write_text("# the model\n")
    _cache.generated("<generated>", _Maker(), [str(source)])
    source.write_text("# the model, changed\n")
    make = _Maker("answer = 43\n")
    assert _run(_cache.generated("<generated>", make, [str(source)])) == 43
    assert make.calls == 1
    assert len(list(cache.glob("code-*.marshal"))) == 2  # another source, another file
    assert _run(_cache.generated("<other>", make, [str(source)])) == 43  # another module, made apart
    assert make.calls == 2


def test_generated_code_of_sources_that_cannot_be_found_is_made_each_time(cache: Path, tmp_path: Path) -> None:
    make = _Maker()
    for _ in range(2):
        assert _run(_cache.generated("<generated>", make, [str(tmp_path / "missing.py")])) == 42
    assert make.calls == 2
    assert not list(cache.glob("code-*.marshal"))


@pytest.mark.parametrize("kept", [b"", b"\xff\x00", marshal.dumps(42)], ids=["empty", "garbage", "no code"])
def test_code_that_cannot_be_read_back_is_made_again(cache: Path, kept: bytes) -> None:
    _cache.generated("<generated>", _Maker(), [])
    (path,) = cache.glob("code-*.marshal")
    path.write_bytes(kept)
    make = _Maker()
    assert _run(_cache.generated("<generated>", make, [])) == 42
    assert make.calls == 1
    assert marshal.loads(path.read_bytes()) == compile(make.source, "<generated>", "exec")  # written again


def test_without_a_cache_code_is_made_each_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOFS_CACHE_DIR", "")
    _cache.folder.cache_clear()
    try:
        make = _Maker()
        for _ in range(2):
            assert _run(_cache.generated("<generated>", make, [])) == 42
        assert make.calls == 2
    finally:
        _cache.folder.cache_clear()


def test_a_warm_check_of_the_seed_makes_no_reader(tmp_path: Path) -> None:
    code = textwrap.dedent(
        """
        import builtins, sys
        import attrs
        compiled, original = [], builtins.compile
        walked, resolve = [], attrs.resolve_types

        def compiling(source, name, *more, **named):
            compiled.append(name)
            return original(source, name, *more, **named)

        def resolving(cls, *more, **named):
            walked.append(cls.__name__)
            return resolve(cls, *more, **named)

        builtins.compile, attrs.resolve_types = compiling, resolving
        from iofs_events.json import read
        read(sys.argv[1])
        print(*[name for name in compiled if name.startswith("<iofs_events read")], len(walked))
        """
    )
    runs = _two_runs_with_the_seed(code, tmp_path)
    assert runs[0][:3] == ["<iofs_events", "read", "iofs_events._event.Event>"]  # one module for the whole model
    assert int(runs[0][3]) > 10
    assert runs[1] == ["0"]  # read back: no class of the model walked, no code compiled


def test_a_warm_check_of_the_seed_loads_no_openssl(tmp_path: Path) -> None:
    code = "import sys; from iofs_events.json import read; read(sys.argv[1]); print('_hashlib' in sys.modules)"
    runs = _two_runs_with_the_seed(code, tmp_path)
    assert runs[1] == ["False"]


def _two_runs_with_the_seed(code: str, cache: Path) -> list[list[str]]:
    """What ``code`` prints, as words, in two fresh interpreters one after the other, given the seed and ``cache``."""
    environment = {**os.environ, "IOFS_CACHE_DIR": str(cache)}
    command = [sys.executable, "-c", code, str(SEED)]
    return [
        subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, check=True).stdout.split()
        for _ in range(2)
    ]
