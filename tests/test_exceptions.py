"""The hierarchy of errors and how they read."""

from __future__ import annotations

import pytest

import iofs_events
from iofs_events import (
    CapabilityError,
    DeliveryError,
    DocumentError,
    FieldTypeError,
    IofsEventsError,
    MailError,
    PageError,
    PlatformError,
    Problem,
    PublishError,
    SettingsError,
    UnknownPlatformError,
    UnreadableDocumentError,
    ValidationError,
    exceptions,
)


def test_hierarchy() -> None:
    assert IofsEventsError.__bases__ == (Exception,)
    assert ValidationError.__bases__ == (IofsEventsError, ValueError)
    assert FieldTypeError.__bases__ == (ValidationError, TypeError)
    assert DocumentError.__bases__ == (IofsEventsError, ValueError)
    assert UnreadableDocumentError.__bases__ == (DocumentError,)
    assert not issubclass(DocumentError, ValidationError)
    assert not issubclass(ValidationError, DocumentError)
    assert issubclass(UnreadableDocumentError, ValueError)
    assert not issubclass(UnreadableDocumentError, TypeError)
    assert MailError.__bases__ == (IofsEventsError, ValueError)
    assert DeliveryError.__bases__ == (IofsEventsError, OSError)
    assert PublishError.__bases__ == (IofsEventsError, OSError)
    assert PageError.__bases__ == (IofsEventsError, ValueError)
    assert SettingsError.__bases__ == (IofsEventsError, ValueError)
    assert PlatformError.__bases__ == (IofsEventsError,)
    assert CapabilityError.__bases__ == (PlatformError, ValueError)
    assert UnknownPlatformError.__bases__ == (PlatformError, LookupError)


def test_platform_errors_carry_what_went_wrong() -> None:
    assert PlatformError("zoom: POST /users/me/meetings: 500 oops", status=500).status == 500
    refused = CapabilityError("teams", ["no interpretation", "no registration"])
    assert refused.problems == ("no interpretation", "no registration")
    assert str(refused) == "teams cannot do what the event asks: no interpretation; no registration"
    assert refused.status is None


def test_calendar_error_says_which_field_would_fix_it() -> None:
    assert iofs_events.CalendarError("the event has no schedule yet").field is None
    missing = iofs_events.CalendarError("event 'x' names no organizer", field="organizer")
    assert (str(missing), missing.field) == ("event 'x' names no organizer", "organizer")


def test_delivery_error_says_whether_retrying_can_help() -> None:
    refused = DeliveryError("omar@example.org: 550 no such user", permanent=True)
    assert (str(refused), refused.permanent) == ("omar@example.org: 550 no such user", True)
    assert DeliveryError("timed out").permanent is False


def test_publish_error_says_where_and_whether_someone_else_changed_the_entry() -> None:
    conflict = PublishError(
        "https://dav.example/iofs/: changed meanwhile", calendar="https://dav.example/iofs/", status=412, conflict=True
    )
    assert (str(conflict), conflict.calendar, conflict.status, conflict.conflict) == (
        "https://dav.example/iofs/: changed meanwhile",
        "https://dav.example/iofs/",
        412,
        True,
    )
    unreachable = PublishError("no reply", calendar="https://dav.example/iofs/")
    assert (unreachable.status, unreachable.conflict) == (None, False)


def test_exported_from_the_package_and_the_module() -> None:
    for name in exceptions.__all__:
        assert getattr(iofs_events, name) is getattr(exceptions, name)
    assert set(exceptions.__all__) == {
        "CalendarError",
        "CapabilityError",
        "DeliveryError",
        "DocumentError",
        "MailError",
        "PageError",
        "PlatformError",
        "PublishError",
        "RosterError",
        "SettingsError",
        "UnknownPlatformError",
        "FieldTypeError",
        "IofsEventsError",
        "Problem",
        "UnreadableDocumentError",
        "ValidationError",
    }


def test_validation_error_names_its_field() -> None:
    error = ValidationError("agenda[2].ends_at", "must be after starts_at")
    assert error.field == "agenda[2].ends_at"
    assert error.reason == "must be after starts_at"
    assert str(error) == "agenda[2].ends_at: must be after starts_at"
    assert error.args == ("agenda[2].ends_at: must be after starts_at",)


def test_validation_error_without_a_field() -> None:
    error = ValidationError("", "must be time-zone-aware")
    assert error.field == ""
    assert str(error) == "must be time-zone-aware"


def test_field_type_error_is_caught_as_type_error_and_value_error() -> None:
    for kind in (TypeError, ValueError, ValidationError, IofsEventsError):
        with pytest.raises(kind):
            raise FieldTypeError("revision", "must be a whole number, not bool")
    error = FieldTypeError("revision", "must be a whole number, not bool")
    assert (error.field, error.reason) == ("revision", "must be a whole number, not bool")
    assert str(error) == "revision: must be a whole number, not bool"


def test_problem() -> None:
    problem = Problem("$.agenda[2].starts_at", "must be time-zone-aware")
    assert str(problem) == "$.agenda[2].starts_at: must be time-zone-aware"
    assert problem.path == "$.agenda[2].starts_at"
    assert problem.reason == "must be time-zone-aware"
    assert problem == ("$.agenda[2].starts_at", "must be time-zone-aware")
    path, reason = problem
    assert (path, reason) == (problem.path, problem.reason)
    assert hash(problem) == hash(Problem("$.agenda[2].starts_at", "must be time-zone-aware"))


def test_document_error_with_one_problem() -> None:
    error = DocumentError([Problem("$.title", "must not be empty")])
    assert str(error) == "1 problem:\n  $.title: must not be empty"
    assert error.problems == (Problem("$.title", "must not be empty"),)
    assert isinstance(error.problems, tuple)
    assert error.source is None


def test_document_error_with_several_problems_and_a_source() -> None:
    problems = (
        Problem("$.schema_version", "is required; this library writes '1.0'"),
        Problem("$.contacts[0].phone", "'+7701' is not a valid phone number"),
        Problem("$.foo", "is not a known field"),
    )
    error = DocumentError(problems, "events/workshop.json")
    assert error.source == "events/workshop.json"
    assert error.problems == problems
    assert str(error).splitlines() == [
        "events/workshop.json: 3 problems:",
        "  $.schema_version: is required; this library writes '1.0'",
        "  $.contacts[0].phone: '+7701' is not a valid phone number",
        "  $.foo: is not a known field",
    ]


def test_document_error_without_problems() -> None:
    assert str(DocumentError([])) == "0 problems:\n"


def test_unreadable_document_error() -> None:
    error = UnreadableDocumentError([Problem("$", "is not UTF-8 text (byte 12)")], "notes.json")
    assert str(error) == "notes.json: 1 problem:\n  $: is not UTF-8 text (byte 12)"
    with pytest.raises(DocumentError):
        raise error
    with pytest.raises(ValueError, match="UTF-8"):
        raise error
