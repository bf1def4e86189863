"""``iofs-events page``: the site written from an event file, end to end, as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from iofs_events import EventStatus
from iofs_events import json as event_json
from iofs_events.cli import main
from tests.page.rich_results import problems
from tests.paths import EXAMPLES, SEED

TRAINING = EXAMPLES / "events" / "regional-training-2022-almaty.toml"


def test_the_command_writes_the_site_and_names_each_file(tmp_path: Path) -> None:
    import extruct

    site = tmp_path / "site"
    command = [sys.executable, "-m", "iofs_events", "page", str(TRAINING), "-o", str(site)]
    command += ["--url", "https://events.iofs.example/spd/", "--image", "https://events.iofs.example/spd/banner.png"]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=120)
    assert done.stderr == ""
    written = [Path(line) for line in done.stdout.splitlines()]
    assert written[0] == site / "page.css"
    assert written[-1] == site / "index.html"
    assert sorted(written) == sorted(path for path in site.rglob("*") if path.is_file())
    assert len(written) == 10  # the style, the index, a page and a calendar in each of four languages
    page = (site / "ar" / "index.html").read_text(encoding="utf-8")
    found = extruct.extract(page, base_url="https://events.iofs.example/spd/ar/", syntaxes=["json-ld"])
    assert problems(found["json-ld"][0]) == []
    assert b"Almaty2022" not in b"".join(path.read_bytes() for path in written)


def test_the_command_takes_languages_templates_and_a_previous_revision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    event = event_json.read(SEED)
    previous = tmp_path / "previous.json"
    event_json.write(event, previous)
    event_json.write(event.revise(status=EventStatus.RESCHEDULED), tmp_path / "event.json")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.css").write_text("body { color: #000; }\n", encoding="utf-8")
    arguments = ["page", str(tmp_path / "event.json"), "-o", str(tmp_path / "site"), "--lang", "en", "fr"]
    arguments += ["--previous", str(previous), "--templates", str(templates), "--catalogues", str(tmp_path)]
    arguments += ["--url", "https://events.iofs.example/fsg/", "--image", "https://events.iofs.example/fsg/b.png"]
    assert main(arguments) == 0
    assert len(capsys.readouterr().out.splitlines()) == 6
    assert (tmp_path / "site" / "page.css").read_text(encoding="utf-8") == "body { color: #000; }\n"
    french = (tmp_path / "site" / "fr" / "index.html").read_text(encoding="utf-8")
    assert "<strong>Cet événement a été reprogrammé.</strong></p>" in french  # the same days: nothing to say before
    assert '<meta property="og:image" content="https://events.iofs.example/fsg/b.png">' in french


def test_the_command_says_what_it_refuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    with pytest.raises(SystemExit) as stopped:
        main(["page", str(SEED), "-o", str(site), "--url", "events.iofs.example"])
    assert stopped.value.code == 2  # a usage error, naming its flag
    message = "argument --url: must be an absolute http or https URL: 'events.iofs.example'"
    assert capsys.readouterr().err.endswith(f"{message}\n")
    with pytest.raises(SystemExit) as stopped:
        main(["page", str(SEED), "-o", str(site), "--lang", "english"])
    assert stopped.value.code == 2
    message = "argument --lang: 'english' is not a valid BCP 47 language tag, such as 'ar' or 'fr-CA'"
    assert capsys.readouterr().err.endswith(f"{message}\n")
    nobody = tmp_path / "nobody.json"
    event_json.write(attrs.evolve(event_json.read(SEED), organizer=None, contacts=()), nobody)
    assert main(["page", str(nobody), "-o", str(site)]) == 1
    assert "names no organizer, and a published calendar needs one" in capsys.readouterr().err
    assert not site.exists()
    with pytest.raises(SystemExit) as stopped:
        main(["page", str(SEED)])
    assert stopped.value.code == 2  # -o is required
