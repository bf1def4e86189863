"""Composing emails about an event: one :class:`Composer` per event and kind, one message per recipient.

What every recipient shares is worked out once: the calendar part (per passcode visibility),
the facts of each language, the headers' sender. Each message then costs a render of two
templates, one ``ATTENDEE`` line and the MIME bytes, which is what makes bulk sending fast. A
recipient with a personal join link costs two more: the details, whose links that add the event
to a calendar carry their link instead of the shared one.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from .. import ical
from .._digests import sha256_hex
from .._facts import agenda, common, meeting, time_and_place
from .._i18n import environment, render
from .._mailbox import parse_mailbox
from .._reading import Reading, reading
from ..exceptions import CalendarError, MailError, ValidationError
from . import _clock, _mime
from ._message import Message
from ._recipients import Recipient
from ._words import Change, Kind, RecipientRole

if TYPE_CHECKING:
    from pathlib import Path

    from jinja2 import Environment
    from markupsafe import Markup

    from .._event import Event


_METHODS = {
    Kind.ANNOUNCEMENT: ical.Method.PUBLISH,
    Kind.INVITATION: ical.Method.REQUEST,
    Kind.UPDATE: ical.Method.REQUEST,
    Kind.REMINDER: ical.Method.REQUEST,
    Kind.CONFIRMATION: ical.Method.REQUEST,
    Kind.CANCELLATION: ical.Method.CANCEL,
}
_ROLES = {RecipientRole.HOST: ical.AttendeeRole.CHAIR}
_BLANKS = re.compile(r"\n{3,}")  # templates may be generous with blank lines; the text keeps one
_BREAKS = re.compile(r"[ \t\r\n\f\v]+")  # a subject is one line; no-break spaces stay
_KINDS_KEPT = 256  # renderings kept for readers of one kind (language, zone, role...): some megabytes
# What makes readers of one kind: all of a recipient but the name, put into each rendering, and
# the address, which our templates show only through a speaker's sessions.
_KIND_FIELDS = tuple(field.name for field in attrs.fields(Recipient) if field.name not in ("name", "email"))


class Bodies(NamedTuple):
    """What a template renders for one recipient: the language written, subject, plain text and HTML."""

    language: str
    subject: str
    text: str
    html: str
    private: bool  # whether the recipient sees the passcode


def changes(previous: Event, event: Event) -> tuple[Change, ...]:
    """What changed from ``previous`` to ``event`` that a participant must know: time, place, link, status."""

    def link(meeting: Any) -> tuple[object, ...]:
        fields = ("platform", "join_url", "meeting_id", "passcode", "dial_in")
        return tuple(getattr(meeting, name) for name in fields) if meeting is not None else ()

    found = {
        Change.TIME: previous.schedule != event.schedule,
        Change.PLACE: (previous.venue, previous.format) != (event.venue, event.format),
        Change.LINK: link(previous.online_meeting) != link(event.online_meeting),
        Change.STATUS: previous.status != event.status,
    }
    return tuple(change for change, changed in found.items() if changed)


class Composer:
    """Writes the emails of one kind about one event, each personal to its recipient.

    ``sender`` is ``"Name <address>"`` or an address: the ``From`` of every message and, if the
    event names no organizer email of its own, the calendar's ORGANIZER (otherwise the ORGANIZER
    is the event's, with ``SENT-BY`` the sender). An ``update`` needs the ``previous`` revision,
    to say what changed. ``stamp`` fixes the ``Date`` header and ``DTSTAMP`` (default: now).
    ``templates`` and ``catalogues`` are folders whose files come before ours.
    """

    def __init__(
        self,
        event: Event,
        *,
        sender: str,
        kind: Kind = Kind.INVITATION,
        previous: Event | None = None,
        stamp: datetime | None = None,
        templates: Path | None = None,
        catalogues: Path | None = None,
        attach: bool = True,
    ) -> None:
        self.event, self.kind, self.attach = event, Kind(kind), attach
        self.templates, self.catalogues = templates, catalogues
        self.stamp = (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        self.sender_name, self.sender = _sender(sender)
        self.method = _METHODS[self.kind]
        self.changes = self._changes(previous)
        self.previous = previous
        self._facts: dict[str, tuple[dict[str, Any], dict[str, str], dict[str, Markup]]] = {}
        self._calendars: dict[tuple[bool, str], ical.InvitationCalendar] = {}
        self._calendar_of(passcode=False, language=event.text_language)  # refuses at once what cannot be written
        self._rendered: dict[tuple[object, ...], Bodies] = {}
        self._stand_in = f"Name{os.urandom(8).hex()}"  # for each name in a shared rendering
        self._sessions: dict[str, tuple[int, ...]] = {}  # the agenda sessions of each speaker's address
        for index, session in enumerate(event.agenda):
            for speaker in session.speakers:
                address = (speaker.person.email or "").lower()
                self._sessions[address] = (*self._sessions.get(address, ()), index)

    def _changes(self, previous: Event | None) -> tuple[Change, ...]:
        if self.kind is not Kind.UPDATE:
            if previous is not None:
                raise MailError(f"only an update compares with a previous revision, not a {self.kind}")
            return ()
        if previous is None:
            raise MailError("an update says what changed: give the previous revision of the event")
        if previous.id != self.event.id or previous.revision >= self.event.revision:
            raise MailError(
                "the previous event must be an earlier revision of the same event (same id, lower revision)"
            )
        return changes(previous, self.event)

    def compose(self, recipient: Recipient, *, message_id: str | None = None) -> Message:
        """The email for ``recipient``; ``message_id`` (``<id@domain>``) fixes its Message-ID."""
        bodies = self.render(recipient)
        message_id = message_id or f"<{os.urandom(16).hex()}@{self.sender.rpartition('@')[2]}>"  # 128 random bits
        calendar = self._calendar(recipient, bodies.private)
        data = self._mime(recipient, bodies, message_id, calendar)
        key = f"{self.event.id}:{self.event.revision}:{self.kind}:{recipient.email.lower()}"
        return Message(
            sender=self.sender,
            recipient=recipient.email,
            subject=bodies.subject,
            message_id=message_id,
            key=key,
            data=data,
        )

    def render(self, recipient: Recipient) -> Bodies:
        """The subject and bodies of the email for ``recipient``, without the calendar and MIME around them.

        Our own templates show a recipient's name as it is, their address not at all (but for a
        speaker's own sessions), and the rest through what makes the kind of reader (language,
        time zone, role, registration), so readers of one kind share one rendering, in which
        each name is put in its place: rendering is most of the cost of a message. Templates of
        the user's, which may use anything of the recipient, are rendered for each.
        """
        if self.templates is not None:
            return self._render(recipient)
        sessions = self._sessions.get(recipient.email.lower(), ()) if recipient.role is RecipientRole.SPEAKER else None
        kind = (*(getattr(recipient, name) for name in _KIND_FIELDS), sessions, not recipient.name)
        bodies = self._rendered.get(kind)
        if bodies is None:
            bodies = self._render(attrs.evolve(recipient, name=self._stand_in if recipient.name else None))
            if len(self._rendered) >= _KINDS_KEPT:
                self._rendered.pop(next(iter(self._rendered)))  # the oldest kind: memory stays bounded
            self._rendered[kind] = bodies
        if recipient.name is None:
            return bodies
        from markupsafe import escape

        text = bodies.text.replace(self._stand_in, recipient.name)
        return bodies._replace(text=text, html=bodies.html.replace(self._stand_in, str(escape(recipient.name))))

    def _render(self, recipient: Recipient) -> Bodies:
        r = reading(self.event, recipient.language, self.catalogues)
        env = environment(__package__ or "", r.language, self.templates, self.catalogues)
        private = self.method is ical.Method.REQUEST and (recipient.registered or recipient.role is RecipientRole.HOST)
        shared, text_parts, html_parts = self._shared(r)
        if recipient.join_url is not None and self.event.online_meeting is not None:
            text_parts, html_parts = self._own_link(env, shared, text_parts, html_parts, recipient.join_url)
        speaker = recipient.role is RecipientRole.SPEAKER
        context = {
            **shared,
            "recipient": recipient,
            "name": r.voice.mixed(recipient.name) if recipient.name else None,
            "honorific": str(recipient.honorific) if recipient.honorific else None,
            "role": str(recipient.role),
            "local_time": _clock.local_time(r, recipient.time_zone),
            "local_deadline": _clock.local_deadline(r, recipient.time_zone),
            "meeting": meeting(
                r, passcode=private, host=recipient.role is RecipientRole.HOST, join_url=recipient.join_url
            ),
            "my_sessions": agenda(r, recipient.email) if speaker else [],
        }
        return Bodies(
            language=r.language,
            subject=_BREAKS.sub(" ", _template(env, "subject.txt", context)).strip(" "),
            text=_BLANKS.sub("\n\n", _template(env, "body.txt", context | text_parts)),
            html=_template(env, "body.html", context | html_parts),
            private=private,
        )

    def _shared(self, r: Reading) -> tuple[dict[str, Any], dict[str, str], dict[str, Markup]]:
        """What every reader of one language tag shares: the facts, and the parts rendered once for them all."""
        if r.tag not in self._facts:
            from markupsafe import Markup

            env = environment(__package__ or "", r.language, self.templates, self.catalogues)
            context = {
                **common(r),
                "kind": str(self.kind),
                "changes": [str(change) for change in self.changes],
                "previous": self._previous(r.tag),
                "recipient_language": r.locale,
                "direction": r.direction,
                "sender_name": r.voice.mixed(self.sender_name) if self.sender_name else None,
            }
            parts = ("heading", "about", "details", "footer", "small_print")
            text = {part: _template(env, f"_{part}.txt", context) for part in parts}
            html = {part: Markup(_template(env, f"_{part}.html", context)) for part in parts}
            self._facts[r.tag] = context, text, html
        return self._facts[r.tag]

    def _own_link(
        self,
        env: Environment,
        shared: dict[str, Any],
        text: dict[str, str],
        html: dict[str, Markup],
        join_url: str,
    ) -> tuple[dict[str, str], dict[str, Markup]]:
        """The shared parts with the details rendered again, their links to a calendar carrying ``join_url``.

        Only for a reader with a personal join link, who must never be given the shared one.
        """
        from markupsafe import Markup

        context = shared | {"calendar_links": ical.calendar_links(shared["event"], join_url=join_url)}
        details = _template(env, "_details.txt", context), Markup(_template(env, "_details.html", context))
        return text | {"details": details[0]}, html | {"details": details[1]}

    def _previous(self, tag: str) -> dict[str, Any] | None:
        """The time and place of the previous revision, for an update to show beside the new ones."""
        if self.previous is None:
            return None
        return time_and_place(reading(self.previous, tag, self.catalogues))

    def _calendar_of(self, *, passcode: bool, language: str) -> ical.InvitationCalendar:
        """The calendar part that every reader of ``language`` shares, with or without the passcode."""
        key = (passcode, language)
        if key not in self._calendars:
            sender = ical.Attendee(email=self.sender, name=self.sender_name)
            try:
                self._calendars[key] = ical.InvitationCalendar(
                    self.event,
                    method=self.method,
                    sender=sender,
                    stamp=self.stamp,
                    passcode=passcode,
                    language=language,
                    catalogues=self.catalogues,
                )
            except CalendarError as error:
                raise MailError(f"cannot write a {self.kind}: {error}") from None
        return self._calendars[key]

    def _calendar(self, recipient: Recipient, passcode: bool) -> bytes:
        """The calendar part of ``recipient``, in their language: the shared calendar with their ATTENDEE line."""
        calendars = self._calendar_of(passcode=passcode, language=recipient.language)
        if self.method is ical.Method.PUBLISH:
            return calendars.for_attendee(None)
        role = _ROLES.get(recipient.role, ical.AttendeeRole.REQUIRED)
        attendee = ical.Attendee(email=recipient.email, name=recipient.name, role=role)
        return calendars.for_attendee(attendee, join_url=recipient.join_url)

    def _mime(self, recipient: Recipient, bodies: Bodies, message_id: str, calendar: bytes) -> bytes:
        """The RFC 5322 bytes: mixed, holding alternative (text, HTML, calendar) and the ``.ics`` attachment."""
        seed = sha256_hex(message_id.encode())[:24]
        calendar = _mime.base64(calendar)  # once, for the alternative and the attachment
        method = str(self.method)
        alternative = _mime.multipart(
            "alternative",
            f"=_alt_{seed}",
            [
                _mime.part("text/plain; charset=utf-8", bodies.text.encode()),
                _mime.part("text/html; charset=utf-8", bodies.html.encode()),
                _mime.part_of_base64(f"text/calendar; method={method}; charset=UTF-8", calendar),
            ],
        )
        parts = [alternative]
        if self.attach:
            disposition = 'Content-Disposition: attachment; filename="invite.ics"'
            parts.append(_mime.part_of_base64('application/ics; name="invite.ics"', calendar, disposition))
        headers = b"".join(
            [
                _mime.mailbox("From", self.sender_name, self.sender),
                _mime.mailbox("To", recipient.name, recipient.email),
                _mime.header("Subject", bodies.subject),
                _mime.field("Date", _mime.date(self.stamp)),
                _mime.field("Message-ID", message_id),
                _mime.field("Content-Language", bodies.language),
                b"MIME-Version: 1.0\r\n",
            ]
        )
        return headers + _mime.multipart("mixed", f"=_mix_{seed}", parts)


def _template(env: Environment, name: str, context: dict[str, Any]) -> str:
    """Render template ``name``; a broken template, ours or a user's, is a :class:`MailError` that names it."""
    return render(env, name, context, MailError)


def _sender(text: str) -> tuple[str | None, str]:
    """Read ``"Name <address>"`` or an address, refusing anything but exactly one mailbox."""
    try:
        return parse_mailbox(text)
    except ValidationError as error:
        raise MailError(f"the sender {error.reason}") from None


def compose(
    event: Event, recipient: Recipient, *, sender: str, kind: Kind = Kind.INVITATION, **options: Any
) -> Message:
    """One email about ``event`` for ``recipient``; for many recipients, use one :class:`Composer`."""
    return Composer(event, sender=sender, kind=kind, **options).compose(recipient)
