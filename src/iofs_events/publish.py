"""Events in shared calendars over CalDAV (RFC 4791): created, updated in place, cancelled, never overwritten blindly.

:func:`publish` puts an event into a calendar collection as the calendar object of
:func:`~iofs_events.ical.to_ical` without ``METHOD`` (``method=None``), at a name made from its UID,
so the same event always lands on the same entry. It reads the entry first, then writes with a
condition that the server checks: ``If-None-Match: *`` to create (nobody made it meanwhile),
``If-Match`` with the ETag just read to update (nobody changed it meanwhile). Whatever happened
between the read and the write is refused by the server with 412, reported as a conflict, and
kept. The event's ``revision`` is the entry's ``SEQUENCE``: a newer revision replaces the entry,
the same revision with the same content leaves it alone, an older one is refused (never back), and
a cancelled event stays in the calendar marked ``STATUS:CANCELLED``, as calendar clients expect.

A calendar speaks one language: :func:`publish_languages` publishes one calendar per language,
whose URL is a template with ``{lang}`` (``https://dav.example/iofs/events-{lang}/``). The
settings, :class:`CalDavSettings`, come from ``IOFS_CALDAV_*`` variables. The caldav library
comes with the ``publish`` extra and loads only when a calendar is reached.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Self
from urllib.parse import quote, urlsplit

import attrs
import icalendar
from attrs import frozen
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings

from ._enums import EventStatus
from .exceptions import PublishError, SettingsError
from .ical import to_ical, uid
from .settings import load_settings, settings_config

if TYPE_CHECKING:
    from caldav.davclient import DAVClient
    from caldav.response import DAVResponse

    from ._event import Event

__all__ = ["CalDavSettings", "Outcome", "Published", "publish", "publish_languages"]

logger = logging.getLogger("iofs_events.publish")

_PREFIX = "IOFS_CALDAV_"
_LANG = "{lang}"
_ICALENDAR = "text/calendar; charset=utf-8"
_IGNORED = frozenset({"BEGIN", "END", "DTSTAMP", "PRODID"})  # when the entry was written, and by which version


class CalDavSettings(BaseSettings):
    """The shared calendar and how to sign in to its server, so that no address or secret lives in code.

    Read from ``IOFS_CALDAV_URL`` (the calendar collection; ``{lang}`` in it stands for the
    language of each calendar), ``IOFS_CALDAV_USERNAME`` and ``IOFS_CALDAV_PASSWORD`` (both or
    neither; never in the URL), ``IOFS_CALDAV_TIMEOUT`` (seconds) and ``IOFS_CALDAV_CA_BUNDLE``
    (a file of CA certificates to check the server's against, for a server signed by your own CA),
    or from a ``.env`` file in the working directory. The password is a ``SecretStr``.
    """

    model_config = settings_config(_PREFIX)

    url: str | None = None
    username: str | None = None
    password: SecretStr | None = None
    timeout: int = Field(default=30, gt=0)
    ca_bundle: Path | None = None

    @field_validator("url")
    @classmethod
    def _a_calendar_url(cls, url: str | None) -> str | None:
        problem = _url_problem(url) if url is not None else None
        if problem:
            raise PydanticCustomError("calendar_url", problem)
        return url

    @model_validator(mode="after")
    def _both_or_neither(self) -> Self:
        if (self.username is None) != (self.password is None):
            raise PydanticCustomError("credentials", f"set both {_PREFIX}USERNAME and {_PREFIX}PASSWORD, or neither")
        return self


class Outcome(StrEnum):
    """What publishing did to the calendar's entry (or would do, in a dry run)."""

    CREATED = "created"
    UPDATED = "updated"
    CANCELLED = "cancelled"  # the entry now says STATUS:CANCELLED; it stays in the calendar
    UNCHANGED = "unchanged"


@frozen(kw_only=True)
class Published:
    """What :func:`publish` did: the outcome, where the entry lives, and the version the server holds."""

    outcome: Outcome
    """What happened to the entry."""
    url: str
    """The URL of the entry (the calendar object resource)."""
    etag: str | None
    """The ETag of the entry as the server holds it, ``None`` when the server gave none (or nothing is stored)."""
    revision: int
    """The event's revision, the entry's ``SEQUENCE``."""
    language: str
    """The language of the calendar, a BCP 47 tag."""
    dry_run: bool = False
    """Whether nothing was written: the outcome is what publishing would do."""
    overwrote: bool = False
    """Whether a change made in the calendar to this revision was replaced (``force``)."""


def publish(
    event: Event,
    *,
    settings: CalDavSettings | None = None,
    calendar_url: str | None = None,
    language: str | None = None,
    force: bool = False,
    dry_run: bool = False,
    client: DAVClient | None = None,
) -> Published:
    """Put ``event`` into the calendar at ``calendar_url`` (default ``IOFS_CALDAV_URL``), in ``language``.

    ``language`` (default: the event's own) chooses the texts, as in ``to_ical``, and fills ``{lang}``
    in the URL. ``force`` replaces an entry that was changed in the calendar at this same revision
    (those changes are lost); a newer revision in the calendar is refused all the same. ``dry_run``
    reads the entry and says what publishing would do, writing nothing. ``client`` is a
    ``caldav.DAVClient`` of your own (its sign-in, not the settings'); else one is made from the
    settings, read from the environment when not given.

    Raises :class:`~iofs_events.PublishError` when the server refuses, fails or cannot be
    reached, and when the entry was changed by someone else (``conflict``): nothing is
    overwritten. Publishing again is safe: it reads the entry anew and does only what is left.
    """
    (published,) = publish_languages(  # consumed whole, so that the connection is closed
        event,
        (language or event.text_language,),
        settings=settings,
        calendar_url=calendar_url,
        force=force,
        dry_run=dry_run,
        client=client,
    )
    return published


def publish_languages(
    event: Event,
    languages: Sequence[str],
    *,
    settings: CalDavSettings | None = None,
    calendar_url: str | None = None,
    force: bool = False,
    dry_run: bool = False,
    client: DAVClient | None = None,
) -> Iterator[Published]:
    """Publish ``event`` into one calendar per language, as :func:`publish` does, one language after the other.

    The calendar URL has ``{lang}`` where each language's tag goes
    (``https://dav.example/iofs/events-{lang}/``). The languages are published as the iterator is
    consumed, over one connection, each yielding what was done (``list(...)`` publishes them
    all). A :class:`~iofs_events.PublishError` stops it: the languages before it are published,
    and publishing again leaves them unchanged and goes on. The URL and the settings are
    checked at once, before anything is published.
    """
    template = calendar_url
    if template is None or client is None:
        settings = settings if settings is not None else load_settings(CalDavSettings)
        template = template if template is not None else settings.url
    if template is None:
        raise SettingsError(f"{_PREFIX}URL: set it to the calendar's URL, or give the calendar URL (--calendar)")
    problem = _url_problem(template)
    if problem:
        raise SettingsError(f"the calendar URL: {problem}")
    if len(set(languages)) > 1 and _LANG not in template:
        raise SettingsError(f"the calendar URL has no {_LANG}: one calendar per language needs it where the tag goes")
    return _publish_each(event, tuple(languages), template, settings, client, force=force, dry_run=dry_run)


def _publish_each(
    event: Event,
    languages: tuple[str, ...],
    template: str,
    settings: CalDavSettings | None,
    client: DAVClient | None,
    *,
    force: bool,
    dry_run: bool,
) -> Iterator[Published]:
    with _connection(settings, template, client) as dav:
        for language in languages:
            yield _publish(dav, event, template.replace(_LANG, language), language, force=force, dry_run=dry_run)


@contextmanager
def _connection(settings: CalDavSettings | None, template: str, client: DAVClient | None) -> Iterator[DAVClient]:
    """``client`` as it is, or one made from ``settings`` for the server of ``template``, closed after."""
    if client is not None:
        yield client
        return
    assert settings is not None  # loaded by publish_languages whenever no client is given
    try:
        from caldav.davclient import DAVClient
    except ImportError:
        raise SettingsError(
            'publishing to a CalDAV calendar needs caldav, which is not installed: pip install "iofs-events[publish]"'
        ) from None
    password = settings.password.get_secret_value() if settings.password is not None else None
    server = urlsplit(template)._replace(path="/", query="", fragment="").geturl()  # each request names its URL
    dav = DAVClient(
        url=server,
        username=settings.username,
        password=password,
        timeout=settings.timeout,
        ssl_verify_cert=str(settings.ca_bundle) if settings.ca_bundle is not None else True,
        enable_rfc6764=False,  # the URL is given: no DNS look-up for the service
    )
    try:
        yield dav
    finally:
        dav.close()


class _Stored(NamedTuple):
    """The entry as the server holds it: its ETag, and its SEQUENCE and content where they can be read."""

    etag: str
    sequence: int | None
    content: tuple[Any, ...] | None


def _publish(dav: DAVClient, event: Event, calendar: str, language: str, *, force: bool, dry_run: bool) -> Published:
    """Publish ``event`` in ``language`` into ``calendar``: read the entry, decide, write with a condition."""
    entry_uid = uid(event)
    url = f"{calendar.rstrip('/')}/{quote(entry_uid, safe='')}.ics"
    data = to_ical(event, method=None, language=language)
    ours = _version(data.decode(), entry_uid)[1]
    stored = _read(dav, url, calendar, entry_uid)
    written = Published(
        outcome=Outcome.CREATED if stored is None else Outcome.UPDATED,
        url=url,
        etag=stored.etag if stored is not None else None,
        revision=event.revision,
        language=language,
        dry_run=dry_run,
    )
    if event.status is EventStatus.CANCELLED:
        written = attrs.evolve(written, outcome=Outcome.CANCELLED)
    if stored is not None:
        if stored.sequence is not None and stored.sequence > event.revision:
            raise PublishError(
                f"{calendar}: the calendar holds revision {stored.sequence} of the event, newer than this one "
                f"({event.revision}); nothing was written: publish the event's newest revision, never an older one",
                calendar=calendar,
                conflict=True,
            )
        if stored.content == ours:
            return attrs.evolve(written, outcome=Outcome.UNCHANGED)
        if stored.sequence is None or stored.sequence == event.revision:
            if not force:
                raise PublishError(
                    f"{calendar}: the calendar's entry for revision {event.revision} differs from the event: "
                    "it was changed in the calendar, or the event changed without a new revision; nothing was "
                    "written: make a new revision of the event to replace it, or publish with force "
                    "(--force), which loses the calendar's changes",
                    calendar=calendar,
                    conflict=True,
                )
            written = attrs.evolve(written, overwrote=True)
    if dry_run:
        return written
    condition = {"If-None-Match": "*"} if stored is None else {"If-Match": stored.etag}
    reply = _request(dav, "PUT", url, calendar, data.decode(), {**condition, "Content-Type": _ICALENDAR})
    if reply.status == 412:
        raise PublishError(
            f"{calendar}: someone else changed the entry while it was being published (412 Precondition "
            "Failed); nothing was overwritten: publish again, which reads their change and replaces it only "
            "with a newer revision",
            calendar=calendar,
            status=412,
            conflict=True,
        )
    if reply.status not in (200, 201, 204):
        raise _refused("PUT", reply, calendar)
    if written.overwrote:
        logger.warning("%s: replaced an entry that was changed in the calendar (force)", url)
    logger.info("%s: %s (revision %d)", url, written.outcome, event.revision)
    return attrs.evolve(written, etag=reply.headers.get("ETag"))


def _read(dav: DAVClient, url: str, calendar: str, entry_uid: str) -> _Stored | None:
    """The entry at ``url``, or ``None`` when there is none; one without a strong ETag cannot be updated safely."""
    reply = _request(dav, "GET", url, calendar)
    if reply.status == 404:
        return None
    if reply.status != 200:
        raise _refused("GET", reply, calendar)
    etag = reply.headers.get("ETag")
    if not etag or etag.startswith("W/"):
        raise PublishError(
            f"{calendar}: the server gives the entry no strong ETag, so a change made meanwhile could not be "
            "detected; nothing was written",
            calendar=calendar,
        )
    sequence, content = _version(reply.raw, entry_uid)
    return _Stored(etag, sequence, content)


def _request(
    dav: DAVClient, method: str, url: str, calendar: str, body: str = "", headers: dict[str, Any] | None = None
) -> DAVResponse:
    """The server's reply, or a :class:`PublishError` naming the calendar (never the password) when there is none."""
    from caldav.lib.error import AuthorizationError, DAVError

    try:
        return dav.request(url, method, body, headers or {})
    except AuthorizationError as error:
        what = (
            f"the server refused the sign-in: check {_PREFIX}USERNAME and {_PREFIX}PASSWORD"
            if error.status == 401
            else "the server does not let this user use this calendar"
        )
        raise PublishError(f"{calendar}: {what} ({error.status})", calendar=calendar, status=error.status) from None
    except DAVError as error:  # rate limits; caldav's other errors carry a status, or none
        raise PublishError(
            f"{calendar}: the server refused {method} ({error.status})", calendar=calendar, status=error.status
        ) from None
    except OSError as error:  # the HTTP library's errors: refused, timed out, TLS
        reason = type(error).__name__
        raise PublishError(f"{calendar}: no reply from the server ({reason})", calendar=calendar) from None


def _refused(method: str, reply: DAVResponse, calendar: str) -> PublishError:
    hint = " (is there a calendar at this URL?)" if reply.status in (404, 409) else ""
    return PublishError(
        f"{calendar}: the server refused {method} with {reply.status} {reply.reason}{hint}",
        calendar=calendar,
        status=reply.status,
    )


def _version(data: str, entry_uid: str) -> tuple[int | None, tuple[Any, ...] | None]:
    """The ``SEQUENCE`` of the entry of ``entry_uid`` in ``data``, and its content: ``None`` for what cannot be read."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
        (entry,) = (part for part in calendar.walk("VEVENT") if str(part.get("UID")) == entry_uid)
        return int(entry.get("SEQUENCE", 0)), _canonical(calendar)
    except ValueError:  # not iCalendar, no entry or several for the UID, or a SEQUENCE that is no number
        return None, None


def _canonical(component: Any) -> tuple[Any, ...]:
    """What a calendar says, whatever the order of its lines and parts, their folding, or when it was written.

    Servers rewrite what they store (Radicale reorders properties and observances and folds lines
    its own way), so the entry is compared by meaning: each property written by icalendar with
    its parameters sorted, in sorted order, and the parts likewise.
    """
    lines = sorted(
        str(component.content_line(name, value))
        for name, value in component.property_items(recursive=False)
        if name not in _IGNORED
    )
    return (component.name, tuple(lines), tuple(sorted(_canonical(part) for part in component.subcomponents)))


def _url_problem(url: str) -> str | None:
    """What is wrong with a calendar URL, never repeating it (it may hold a password)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "give the http or https URL of the calendar collection"
    if parts.username is not None or parts.password is not None:
        return f"put the user name and password in {_PREFIX}USERNAME and {_PREFIX}PASSWORD, not in the URL"
    return None
