"""The package surface: exports, light import, no I/O at import time."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from types import ModuleType

import pytest

import iofs_events
from tests.paths import ROOT


def test_all_is_sorted_and_complete() -> None:
    public = {name for name in vars(iofs_events) if not name.startswith("_") and name not in {"annotations"}}
    submodules = {
        "exceptions",
        "json",
        "jsonld",
        "cli",
        "ical",
        "mail",
        "page",
        "platforms",
        "po",
        "publish",
        "roster",
        "settings",
    }
    assert sorted(iofs_events.__all__, key=str.upper) == iofs_events.__all__ or sorted(iofs_events.__all__)
    assert set(iofs_events.__all__) == (public - submodules) | {"__version__"}
    for name in iofs_events.__all__:
        assert getattr(iofs_events, name) is not None


def test_version_is_a_release_string() -> None:
    major, minor, patch = iofs_events.__version__.split(".")
    assert all(part.isdigit() for part in (major, minor, patch))


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    return result.stdout


def test_import_loads_no_heavy_or_optional_dependency() -> None:
    loaded = _run(
        """
        import sys
        import iofs_events
        print(" ".join(sorted(sys.modules)))
        """
    ).split()
    heavy = {"httpx", "jinja2", "pydantic", "cattrs", "icalendar", "babel", "phonenumbers", "langcodes", "pycountry"}
    heavy |= {"caldav", "niquests", "openpyxl"}
    assert heavy.isdisjoint(name.split(".")[0] for name in loaded)


def test_import_does_no_io() -> None:
    # An audit hook sees every file opened, socket made and process started while importing;
    # the import system's own reading of modules is not the package doing I/O.
    events = _run(
        """
        import sys

        seen = []

        def hook(event, args):
            if event == "open" and isinstance(args[0], str) and args[0].endswith((".py", ".pyc", ".so")):
                return  # the import system reading modules
            if event in {"open", "socket.connect", "socket.getaddrinfo", "subprocess.Popen"}:
                seen.append(f"{event} {args[0]!r}")

        sys.addaudithook(hook)
        import iofs_events
        print("\\n".join(seen))
        """
    )
    assert events.strip() == ""


def test_submodules_load_on_first_use() -> None:
    loaded = _run(
        """
        import sys
        import iofs_events
        before = "icalendar" in sys.modules
        print(before, iofs_events.ical.to_ical.__name__, iofs_events.json.dumps.__name__, "icalendar" in sys.modules)
        print(iofs_events.ical.from_ical.__name__, "icalendar" in sys.modules)
        """
    ).split()
    assert loaded == ["False", "to_ical", "dumps", "False", "read_ical", "True"]  # the writer needs none of icalendar
    assert {"ical", "json", "mail", "platforms"} <= set(dir(iofs_events))
    assert {"feed", "from_ical", "to_ical"} <= set(dir(iofs_events.ical))
    assert {"Composer", "Mailer", "Kind"} <= set(dir(iofs_events.mail))


def test_unknown_attributes_are_attribute_errors() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        iofs_events.nothing  # noqa: B018


def test_mail_loads_jinja_only_when_a_message_is_composed_and_icalendar_or_email_parsing_never() -> None:
    loaded = _run(
        """
        import sys
        import iofs_events.mail
        from iofs_events.mail import Composer, Recipient
        heavy = {"icalendar", "jinja2", "email.policy"}  # the standard library's header classes parse, not write
        heavy.add("iofs_events._tables")  # the reader of mailing lists, for bulk sending only
        print(*sorted(heavy & {*sys.modules, *(name.split(".")[0] for name in sys.modules)}), "|", end=" ")
        from iofs_events import json
        event = json.read("examples/events/food-security-governance-2021.json")
        message = Composer(event, sender="secretariat@iofs.example").compose(Recipient(email="omar@agri.example.sa"))
        print(*sorted(heavy & {*sys.modules, *(name.split(".")[0] for name in sys.modules)}), "|", end=" ")
        print(message.as_email()["To"], "email.policy" in sys.modules)
        """
    )
    assert loaded.split() == ["|", "jinja2", "|", "omar@agri.example.sa", "True"]


def test_the_roster_loads_the_mailbox_the_platforms_and_the_sender_only_when_they_are_used() -> None:
    loaded = _run(
        """
        import sys
        import iofs_events.roster
        from iofs_events.roster import Roster, read_people
        heavy = {"imap_tools", "smtplib", "httpx"}
        print(*sorted(heavy & {name.split(".")[0] for name in sys.modules}), "|", end=" ")
        from iofs_events.roster import read_mailbox, send_due
        print(*sorted(heavy & {name.split(".")[0] for name in sys.modules}))
        """
    )
    assert loaded.split() == ["|", "imap_tools", "smtplib"]
    assert {"read_mailbox", "register_on_platform", "send_due", "Roster"} <= set(dir(iofs_events.roster))
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        iofs_events.roster.nothing  # noqa: B018


def test_mail_loads_the_vendors_libraries_only_for_their_sign_in() -> None:
    loaded = _run(
        """
        import sys
        from iofs_events.mail import Mailer
        from iofs_events.settings import SmtpSettings

        def vendors():
            return sorted({"msal", "google", "cryptography"} & {name.split(".")[0] for name in sys.modules})

        mailbox = {"username": "events@iofs.example", "_env_file": None}
        Mailer(SmtpSettings(host="127.0.0.1", password="x", **mailbox))
        print(*vendors(), "|", end=" ")
        info = '{"client_email": "a@b.example", "private_key": "none", "token_uri": "https://x.example"}'
        try:
            Mailer(SmtpSettings(auth="google", service_account_info=info, **mailbox))
        except Exception as error:
            print(type(error).__name__, end=" ")
        print(*vendors())
        """
    )
    assert loaded.split() == ["|", "SettingsError", "cryptography", "google"]


@pytest.mark.parametrize(
    ("module", "new"),
    [(iofs_events.ical, iofs_events.ical.AttendeeRole), (iofs_events.mail, iofs_events.mail.RecipientRole)],
)
def test_the_old_role_names_are_deprecated_aliases(module: ModuleType, new: type) -> None:
    with pytest.warns(DeprecationWarning, match=rf"{module.__name__}\.Role is deprecated.*use {new.__name__}"):
        assert module.Role is new
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        module.Nothing  # noqa: B018
