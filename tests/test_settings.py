"""SMTP settings: from the environment and a .env file, with errors that name the variable and hide secrets."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from iofs_events.exceptions import SettingsError
from iofs_events.settings import SmtpSettings, load_smtp_settings

SECRET = "correct horse battery staple"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No IOFS_SMTP_* variable from the developer's shell, and no .env but the test's own."""
    for name in os.environ:
        if name.startswith("IOFS_SMTP_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_defaults() -> None:
    settings = load_smtp_settings()
    assert settings.host == "localhost"
    assert settings.security == "starttls"
    assert settings.resolved_port == 587
    assert settings.timeout == 30
    assert settings.username is None
    assert settings.password is None
    assert settings.local_hostname is None


@pytest.mark.parametrize(("security", "port"), [("starttls", 587), ("tls", 465), ("none", 25)])
def test_port_follows_security_unless_set(security: str, port: int) -> None:
    assert load_smtp_settings(security=security).resolved_port == port
    assert load_smtp_settings(security=security, port=2525).resolved_port == 2525


def test_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "HOST": "smtp.iofs.example",
        "PORT": "2525",
        "SECURITY": "tls",
        "USERNAME": "secretariat",
        "PASSWORD": SECRET,
        "TIMEOUT": "2.5",
        "LOCAL_HOSTNAME": "events.iofs.example",
    }.items():
        monkeypatch.setenv(f"IOFS_SMTP_{name}", value)
    settings = load_smtp_settings()
    assert settings.host == "smtp.iofs.example"
    assert settings.resolved_port == 2525
    assert settings.security == "tls"
    assert settings.username == "secretariat"
    assert settings.password is not None
    assert settings.password.get_secret_value() == SECRET
    assert settings.timeout == 2.5
    assert settings.local_hostname == "events.iofs.example"
    assert SECRET not in repr(settings)
    assert SECRET not in str(settings)


def test_env_file_and_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "IOFS_SMTP_HOST=mail.from-file.example\nIOFS_SMTP_PORT=2587\nOTHER_TOOL_SETTING=ignored\n", encoding="utf-8"
    )
    monkeypatch.setenv("IOFS_SMTP_PORT", "2600")
    settings = load_smtp_settings()
    assert settings.host == "mail.from-file.example"
    assert settings.port == 2600  # the environment wins over the file
    assert load_smtp_settings(port=25).port == 25  # and arguments win over both


def test_settings_are_frozen() -> None:
    with pytest.raises(ValueError, match="frozen"):
        load_smtp_settings().host = "elsewhere"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("PORT", "submission", "IOFS_SMTP_PORT: input should be a valid integer"),
        ("PORT", "70000", "IOFS_SMTP_PORT: input should be less than or equal to 65535"),
        ("TIMEOUT", "-1.5", "IOFS_SMTP_TIMEOUT: input should be greater than 0"),
        ("SECURITY", "ssl", "IOFS_SMTP_SECURITY: input should be 'starttls', 'tls' or 'none'"),
    ],
)
def test_an_invalid_variable_is_named(monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str) -> None:
    monkeypatch.setenv(f"IOFS_SMTP_{name}", value)
    with pytest.raises(SettingsError) as caught:
        load_smtp_settings()
    assert str(caught.value).startswith(message)
    assert value not in str(caught.value)


def test_every_invalid_variable_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOFS_SMTP_PORT", "x")
    monkeypatch.setenv("IOFS_SMTP_TIMEOUT", "y")
    with pytest.raises(SettingsError, match=r"IOFS_SMTP_PORT: .*; IOFS_SMTP_TIMEOUT: "):
        load_smtp_settings()


@pytest.mark.parametrize("given", ["USERNAME", "PASSWORD"])
def test_username_and_password_come_together(monkeypatch: pytest.MonkeyPatch, given: str) -> None:
    monkeypatch.setenv(f"IOFS_SMTP_{given}", SECRET)
    with pytest.raises(SettingsError) as caught:
        load_smtp_settings()
    error = caught.value
    assert str(error) == "set both IOFS_SMTP_USERNAME and IOFS_SMTP_PASSWORD, or neither"
    assert SECRET not in repr(error)
    # pydantic's own error would show the input; it is neither the cause nor shown as the context
    assert error.__cause__ is None
    assert error.__suppress_context__


def test_a_secret_of_the_wrong_type_is_not_shown() -> None:
    with pytest.raises(SettingsError) as caught:
        load_smtp_settings(username="secretariat", password=123456789)
    assert str(caught.value) == "IOFS_SMTP_PASSWORD: input should be a valid string"
    assert "123456789" not in repr(caught.value)


def test_the_class_reads_the_environment_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOFS_SMTP_HOST", "relay.example")
    assert SmtpSettings().host == "relay.example"


def test_the_adapters_settings_are_also_found_here() -> None:
    from iofs_events import settings
    from iofs_events.platforms import google_meet, jitsi, teams, webex, zoom

    for module in (zoom, teams, webex, google_meet, jitsi):
        name = next(name for name in vars(module) if name.endswith("Settings") and name != "BaseSettings")
        assert getattr(settings, name) is getattr(module, name)
    with pytest.raises(AttributeError, match="no attribute 'AcmeSettings'"):
        settings.AcmeSettings  # noqa: B018


def test_a_third_party_settings_class_reads_its_own_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import SecretStr
    from pydantic_settings import BaseSettings

    from iofs_events.settings import load_settings, settings_config

    class AcmeSettings(BaseSettings):
        model_config = settings_config("ACME_")
        api_key: SecretStr

    monkeypatch.setenv("ACME_API_KEY", "s3cret")
    assert load_settings(AcmeSettings).api_key.get_secret_value() == "s3cret"
    monkeypatch.delenv("ACME_API_KEY")
    with pytest.raises(SettingsError, match="ACME_API_KEY: field required") as raised:
        load_settings(AcmeSettings)
    assert "s3cret" not in str(raised.value)


# The sign-in: a password, or OAuth 2.0 with Microsoft, Google or a provider of one's own


def test_the_sign_in_is_a_password_by_default() -> None:
    settings = load_smtp_settings()
    assert settings.auth == "password"
    assert settings.login_url == "https://login.microsoftonline.com"
    assert (settings.tenant_id, settings.client_secret, settings.certificate, settings.scope) == (None,) * 4
    assert (settings.service_account_file, settings.service_account_info, settings.token_url) == (None,) * 3


def test_microsoft_from_environment_variables(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name, value in {
        "HOST": "smtp.office365.com",
        "AUTH": "microsoft",
        "USERNAME": "events@iofs.example",
        "TENANT_ID": "iofs.example",
        "CLIENT_ID": "8d2e7c1a-0f5b-4a1e-9b7c-3e6f2d1c0a9b",
        "CERTIFICATE": str(tmp_path / "app.pfx"),
        "CERTIFICATE_PASSWORD": SECRET,
        "LOGIN_URL": "https://login.microsoftonline.us",
        "SCOPE": "https://outlook.office365.us/.default",
    }.items():
        monkeypatch.setenv(f"IOFS_SMTP_{name}", value)
    settings = load_smtp_settings()
    assert (settings.auth, settings.username, settings.tenant_id) == (
        "microsoft",
        "events@iofs.example",
        "iofs.example",
    )
    assert settings.certificate == tmp_path / "app.pfx"
    assert settings.certificate_password is not None
    assert settings.certificate_password.get_secret_value() == SECRET
    assert (settings.login_url, settings.scope) == (
        "https://login.microsoftonline.us",
        "https://outlook.office365.us/.default",
    )
    assert SECRET not in repr(settings)
    assert SECRET not in str(settings)


def test_google_from_a_env_file(tmp_path: Path) -> None:
    key = '{"client_email": "smtp@iofs.iam.gserviceaccount.com", "private_key": "' + SECRET + '"}'
    (tmp_path / ".env").write_text(
        f"IOFS_SMTP_AUTH=google\nIOFS_SMTP_USERNAME=events@iofs.example\nIOFS_SMTP_SERVICE_ACCOUNT_INFO='{key}'\n",
        encoding="utf-8",
    )
    settings = load_smtp_settings()
    assert settings.auth == "google"
    assert settings.service_account_info is not None
    assert settings.service_account_info.get_secret_value() == key
    assert SECRET not in repr(settings)


MAILBOX = {"USERNAME": "events@iofs.example"}
APP = {"TENANT_ID": "iofs.example", "CLIENT_ID": "8d2e7c1a"}


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        (
            {"AUTH": "microsoft"},
            "IOFS_SMTP_AUTH=microsoft: set IOFS_SMTP_USERNAME (the mailbox), IOFS_SMTP_TENANT_ID and "
            "IOFS_SMTP_CLIENT_ID; set IOFS_SMTP_CLIENT_SECRET or IOFS_SMTP_CERTIFICATE",
        ),
        (
            {"AUTH": "microsoft", **MAILBOX, **APP, "CLIENT_SECRET": SECRET, "CERTIFICATE": "app.pem"},
            "IOFS_SMTP_AUTH=microsoft: set IOFS_SMTP_CLIENT_SECRET or IOFS_SMTP_CERTIFICATE, not both",
        ),
        (
            {"AUTH": "microsoft", **MAILBOX, **APP, "CLIENT_SECRET": SECRET, "CERTIFICATE_PASSWORD": SECRET},
            "IOFS_SMTP_AUTH=microsoft: IOFS_SMTP_CERTIFICATE_PASSWORD is for IOFS_SMTP_CERTIFICATE, which is not set",
        ),
        (
            {"AUTH": "microsoft", **MAILBOX, **APP, "CLIENT_SECRET": SECRET, "PASSWORD": SECRET},
            "IOFS_SMTP_AUTH=microsoft: IOFS_SMTP_PASSWORD is not used by this sign-in",
        ),
        (
            {"AUTH": "google"},
            "IOFS_SMTP_AUTH=google: set IOFS_SMTP_USERNAME (the mailbox); "
            "set IOFS_SMTP_SERVICE_ACCOUNT_FILE or IOFS_SMTP_SERVICE_ACCOUNT_INFO",
        ),
        (
            {"AUTH": "google", **MAILBOX, "SERVICE_ACCOUNT_FILE": "key.json", **APP, "LOGIN_URL": "https://x.example"},
            "IOFS_SMTP_AUTH=google: IOFS_SMTP_TENANT_ID, IOFS_SMTP_CLIENT_ID and IOFS_SMTP_LOGIN_URL "
            "are not used by this sign-in",
        ),
        ({"AUTH": "xoauth2"}, "IOFS_SMTP_AUTH=xoauth2: set IOFS_SMTP_USERNAME (the mailbox)"),
        (
            {"AUTH": "xoauth2", **MAILBOX, "SCOPE": "https://mail.google.com/"},
            "IOFS_SMTP_AUTH=xoauth2: IOFS_SMTP_SCOPE is not used by this sign-in",
        ),
        (  # a forgotten IOFS_SMTP_AUTH: the app's secret would otherwise be ignored, and no login made
            {**MAILBOX, **APP, "CLIENT_SECRET": SECRET},
            "IOFS_SMTP_AUTH=password: IOFS_SMTP_TENANT_ID, IOFS_SMTP_CLIENT_ID and IOFS_SMTP_CLIENT_SECRET "
            "are not used by this sign-in",
        ),
        ({"AUTH": "oauth"}, "IOFS_SMTP_AUTH: input should be 'password', 'microsoft', 'google' or 'xoauth2'"),
    ],
)
def test_each_sign_in_names_what_it_lacks_and_what_it_does_not_use(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], message: str
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(f"IOFS_SMTP_{name}", value)
    with pytest.raises(SettingsError) as caught:
        load_smtp_settings()
    assert str(caught.value) == message
    assert SECRET not in repr(caught.value)
