r"""Answers to an invitation as real mail clients send them (iMIP, RFC 6047; iTIP REPLY, RFC 5546 §3.2.3), for tests.

:func:`reply` writes a whole RFC 5322 message, byte for byte as one client would, from the facts
of the answer: UID, SEQUENCE, DTSTAMP, the attendee and their PARTSTAT, and optionally a note,
a delegation, a SENT-BY, one occurrence (RECURRENCE-ID). The same facts give the same bytes.
The variants are messages that a reader of replies must leave alone or refuse:
:func:`spoofed`, :func:`uninvited`, :func:`stale`, :func:`counter`, :func:`refresh`,
:func:`plain_email` and :func:`broken`.

The shapes, what tells each apart, and where it was seen (in public code and issue threads;
nothing here is copied from them):

``outlook``: Outlook with Exchange, on premises or online.
    ``multipart/alternative`` of text/plain and text/html, quoted-printable in the sender's
    charset (``us-ascii``; ``utf-8`` in French; ``koi8-r`` in Russian), and
    ``text/calendar; charset="utf-8"; method=REPLY`` in base64; ``Content-Class:
    urn:content-classes:calendarmessage``, an empty ``X-MS-TNEF-Correlator`` (no TNEF), Thread-*
    headers. The calendar puts METHOD before PRODID (``Microsoft Exchange Server 2010``, online
    too), has **no ORGANIZER**, a VTIMEZONE named after the Windows zone (``Romance Standard
    Time``, rules from 1601), an ATTENDEE with PARTSTAT and CN only and ``MAILTO:`` in capitals,
    a SUMMARY that repeats the subject and a COMMENT, both with a LANGUAGE parameter (the COMMENT
    is ``\n`` when the attendee wrote nothing), then CLASS, PRIORITY, TRANSP, STATUS and the
    ``X-MICROSOFT-CDO-*`` properties; long lines fold with a tab. Subjects "Accepted: ",
    "Declined: ", "Tentative: "; in French "Accepté : " (a no-break space before the colon),
    "Refusé : ", "Provisoire : "; in Russian "Принято: ", "Отклонено: ", "Под вопросом: ".
    Seen in: nextcloud/server issues #53949 and #58904 (Exchange drops ORGANIZER), Exchange
    replies kept as test data by a KCalCore-based client, a booking service (MAILTO:, the
    Windows VTIMEZONE, the CDO properties) and an RSVP parser (COMMENT with LANGUAGE), a Hotmail
    reply in French kept as a fixture (the subject's encoded no-break space), a Russian Outlook's
    mail kept by a mail webhook project (koi8-r), the Content-Class that Thunderbird's and
    Z-Push's Outlook-compatible replies copy, and a parser's test saying Outlook folds with a tab.

``gmail``: Google Calendar, when the attendee answers from Gmail or Calendar.
    ``multipart/mixed`` of ``multipart/alternative`` (text/plain ``format=flowed; delsp=yes`` in
    base64, text/html quoted-printable, ``text/calendar; charset="UTF-8"; method=REPLY`` in 7bit,
    or in base64 when it is not ASCII: ours)
    and the same calendar again as an ``application/ics`` attachment ``invite.ics`` in base64;
    ``Sender: Google Calendar``, ``Reply-To`` the attendee, ``Auto-Submitted``. The calendar:
    PRODID ``-//Google Inc//Google Calendar 70.9054//EN``, CALSCALE, times in UTC and no
    VTIMEZONE, an ORGANIZER with CN, an ATTENDEE with CUTYPE, ROLE, PARTSTAT, CN (the address
    when there is no name) and ``X-NUM-GUESTS=0``; a note goes in the ATTENDEE's
    ``X-RESPONSE-COMMENT`` parameter, never COMMENT; CREATED, LAST-MODIFIED, SEQUENCE, STATUS,
    SUMMARY (the event's own). Subjects "Accepted: TITLE @ Mon Mar 4, 2030 10am - 12:30pm (CET)
    (NAME <ADDRESS>)". Seen in: a Gmail REPLY quoted in nextcloud/mail pull request #6782, real
    Google replies (with and without X-RESPONSE-COMMENT) kept by an RSVP parser's tests,
    linagora/tmail-backend issue #1064 (the calendar part's ``method=REPLY``) and test data
    imitating Gmail's subjects.

``apple``: Calendar on macOS, which hands the answer to Mail.
    ``multipart/alternative`` of text/plain ``format=flowed`` and a ``multipart/mixed`` of
    text/html, the calendar as an attachment ``iCal-DATE-TIME.ics`` (``text/calendar`` with
    ``x-unix-mode=0644``, **no method parameter** and no charset, to which we add ``utf-8`` when
    the calendar is not ASCII, quoted-printable with every line break encoded as ``=0D=0A``) and
    text/html again; ``X-Mail-Calendar-Part: Yes``, ``X-Mailer: Apple
    Mail``. The calendar: PRODID ``-//Apple Inc.//macOS …``, CALSCALE before VERSION, a VTIMEZONE
    with the IANA name, quoted CN values, ATTENDEE parameters in alphabetical order (CN, CUTYPE,
    PARTSTAT, ROLE), ``X-APPLE-TRAVEL-ADVISORY-BEHAVIOR``. Subjects "Event accepted: ", "Event
    declined: ", "Event tentatively accepted: " (the last two by analogy with the first). Seen
    in: the test data of Apple's own Calendar Server (``good_reply``: the MIME layout, the
    attachment's name and encoding, the subject and body), openradar 30309747 (the same body
    sent by Calendar on macOS 10.12), and calendars exported by Calendar (PRODID, X-APPLE-*).

``thunderbird``: Thunderbird's calendar (Lightning).
    ``multipart/mixed`` of ``multipart/alternative`` (text/plain and ``text/calendar;
    method=REPLY; charset=UTF-8``, both ``Content-transfer-encoding: 8BIT``) and the same
    calendar as an ``application/ics`` attachment ``invite.ics``, 8BIT too; headers in
    Thunderbird's own case (``MIME-version``, ``Content-type``) and its fixed boundaries. The
    calendar: PRODID ``-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN``, METHOD after VERSION,
    a VTIMEZONE with the IANA name, an ATTENDEE without RSVP (Thunderbird removes it when
    answering). Subjects "Accepted: ", "Invitation Declined: ", "Tentative: ", "Invitation
    Reply: "; the body "NAME <ADDRESS> has accepted your event invitation.". Seen in:
    Thunderbird's ``CalItipEmailTransport`` and ``calInvitationUtils`` (the message it writes)
    and its localisation files (the words).

The ``outlook`` shape knows the Windows names of a few zones only (:data:`WINDOWS_ZONES`); an
answer other than ACCEPTED, DECLINED or TENTATIVE gets a neutral subject of ours ("Reply: ").
"""

from __future__ import annotations

import base64
import binascii
import email.charset
import email.header
import email.utils
import hashlib
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

import icalendar

Shape = Literal["outlook", "gmail", "apple", "thunderbird"]
SHAPES: tuple[Shape, ...] = ("outlook", "gmail", "apple", "thunderbird")
Language = Literal["en", "fr", "ru"]

ORGANIZER = "secretariat@iofs.example"
ORGANIZER_NAME = "IOFS Secretariat"
SUMMARY = "Food Security Governance workshop"
START = datetime(2030, 3, 4, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
END = datetime(2030, 3, 4, 12, 30, tzinfo=ZoneInfo("Europe/Paris"))

CRLF = "\r\n"


@dataclass(frozen=True, kw_only=True)
class Answer:
    """Everything a reply says; the shapes differ only in how they write it.

    ``uid``, ``sequence`` and ``dtstamp`` (aware) name the revision answered; ``attendee`` (an
    address) answers ``partstat``, with ``name`` as CN. The message goes to ``organizer``, whom
    the calendar names unless ``omit_organizer`` (Outlook never does). ``sender`` is the From
    address, by default ``sent_by`` when someone answers for the attendee, else the attendee.
    ``comment`` is the attendee's note; ``delegated_to`` and ``delegated_from`` mark a
    delegation; ``recurrence_id`` answers one occurrence; ``rsvp`` keeps the invitation's
    ``RSVP=TRUE`` on the ATTENDEE, as some clients do. ``start`` and ``end`` are aware datetimes,
    or dates for an event of whole days. ``language`` is Outlook's only. ``method`` is REPLY
    except for the variants.
    """

    uid: str
    sequence: int
    dtstamp: datetime
    attendee: str
    partstat: str
    name: str | None = None
    organizer: str = ORGANIZER
    organizer_name: str = ORGANIZER_NAME
    omit_organizer: bool = False
    sender: str | None = None
    sent_by: str | None = None
    comment: str | None = None
    delegated_to: str | None = None
    delegated_from: str | None = None
    recurrence_id: datetime | date | None = None
    rsvp: bool = False
    summary: str = SUMMARY
    start: datetime | date = START
    end: datetime | date = END
    language: Language = "en"
    message_id: str | None = None
    method: str = "REPLY"

    @property
    def from_address(self) -> str:
        return self.sender or self.sent_by or self.attendee

    @property
    def cn(self) -> str:
        """The attendee's name, or their address where a client writes one in its place."""
        return self.name or self.attendee

    def digest(self, salt: str = "") -> str:
        """A hex digest of the answer, for the boundaries and identifiers that clients make at random."""
        return hashlib.sha256(f"{self!r}{salt}".encode()).hexdigest()


def reply(shape: Shape, **fields: Any) -> bytes:
    """The message that ``shape`` sends for the answer that ``fields`` describe (see :class:`Answer`).

    Required: ``uid``, ``sequence``, ``dtstamp``, ``attendee`` and ``partstat``.
    """
    return _write(shape, Answer(**fields))


def _write(shape: Shape, answer: Answer, *, spoil: Callable[[str], str] = str) -> bytes:
    """The whole message; ``spoil`` may change the calendar's text on its way in."""
    if answer.language != "en" and shape != "outlook":
        raise ValueError(f"only the outlook shape writes in another language than English, not {shape}")
    calendar, message = _SHAPES[shape]
    return message(answer, spoil(calendar(answer)).encode())


# --- The variants ---------------------------------------------------------------------------


def spoofed(shape: Shape, *, forger: str = "mallory@elsewhere.example", **fields: Any) -> bytes:
    """A reply whose From address (``forger``) is not the ATTENDEE's, the attendee's name kept as a forger would."""
    return reply(shape, **fields, sender=forger)


def uninvited(
    shape: Shape, *, attendee: str = "stranger@elsewhere.example", name: str = "Party Crasher", **fields: Any
) -> bytes:
    """A reply from someone the invitation did not name (a "party crasher", RFC 5546 §2.1.5)."""
    return reply(shape, **fields, attendee=attendee, name=name)


def stale(
    shape: Shape, *, by: Literal["sequence", "dtstamp"], sequence: int, dtstamp: datetime, **fields: Any
) -> bytes:
    """A reply to an older revision: SEQUENCE one below ``sequence``, or DTSTAMP a day before ``dtstamp``.

    ``sequence`` and ``dtstamp`` are the current revision's, as an up-to-date reply carries them.
    """
    if by == "dtstamp":
        return reply(shape, **fields, sequence=sequence, dtstamp=dtstamp - timedelta(days=1))
    if sequence < 1:
        raise ValueError("a reply to an older revision needs a current SEQUENCE of 1 or more")
    return reply(shape, **fields, sequence=sequence - 1, dtstamp=dtstamp)


def counter(
    shape: Literal["outlook", "thunderbird"], *, proposed_start: datetime, proposed_end: datetime, **fields: Any
) -> bytes:
    """A COUNTER (RFC 5546 §3.2.7): the attendee proposes another time; not a reply.

    Outlook ("New Time Proposed: ", in English only here) and Thunderbird (which leaves the
    subject empty) send them; no COUNTER by mail from the other two was found to copy.
    """
    if shape not in ("outlook", "thunderbird"):
        raise ValueError(f"the {shape} shape sends no counter-proposal")
    fields = {"partstat": "TENTATIVE", **fields, "start": proposed_start, "end": proposed_end, "method": "COUNTER"}
    return reply(shape, **fields)


def refresh(shape: Shape, **fields: Any) -> bytes:
    """A REFRESH (RFC 5546 §3.2.6): the attendee asks for the latest version; not a reply.

    No client's REFRESH was found to copy: the shape's message carries what §3.2.6 requires
    (ATTENDEE, DTSTAMP, ORGANIZER, UID), and no PARTSTAT, SEQUENCE or times.
    """
    return reply(shape, **{"partstat": "NEEDS-ACTION", "sequence": 0, **fields, "method": "REFRESH"})


def plain_email(
    *,
    sender: str,
    dtstamp: datetime,
    name: str | None = None,
    organizer: str = ORGANIZER,
    summary: str = SUMMARY,
    message_id: str = "<plain-answer@elsewhere.example>",
) -> bytes:
    """A person's own email about the invitation, with no calendar in it: no reply at all, whatever it says."""
    headers = [
        ("From", email.utils.formataddr((name or "", sender))),
        ("To", organizer),
        ("Subject", f"Re: Invitation: {summary}"),
        ("Date", email.utils.format_datetime(dtstamp)),
        ("Message-ID", message_id),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Transfer-Encoding", "8bit"),
    ]
    body = f"Dear colleagues,{CRLF}{CRLF}I accept the invitation and will attend.{CRLF}{CRLF}Kind regards{CRLF}"
    return _part(headers, body.encode())


def broken(shape: Shape, **fields: Any) -> bytes:
    """A reply in ``shape`` whose calendar stops after its ATTENDEE, on a line without a colon."""

    def cut(calendar: str) -> str:
        lines = calendar.split(CRLF)
        attendee = next(number for number, line in enumerate(lines) if line.startswith("ATTENDEE"))
        end = attendee + 1
        while lines[end][:1] in (" ", "\t"):  # the ATTENDEE's folded lines
            end += 1
        return CRLF.join([*lines[:end], "DTSTART 20300304T100000", ""])

    return _write(shape, Answer(**fields), spoil=cut)


# --- iCalendar content lines (RFC 5545 §3.1) --------------------------------------------------


def _fold(line: str, fold: str) -> str:
    """``line`` in pieces of at most 75 octets, each continued after CRLF and ``fold``, never inside a character."""
    data, pieces, limit = line.encode(), [], 75
    while len(data) > limit:
        cut = limit
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation octet: cut before its character
            cut -= 1
        pieces.append(data[:cut].decode())
        data, limit = data[cut:], 74  # the fold character takes one octet
    return (CRLF + fold).join([*pieces, data.decode()])


def _prop(name: str, value: str, *params: str, fold: str = " ") -> str:
    return _fold(";".join([name, *params]) + ":" + value, fold) + CRLF


def _param(key: str, value: str, *, quote: bool = False) -> str:
    """``KEY=value``, quoted where it must be, or always with ``quote``; RFC 5545 has no escape for quotes."""
    if '"' in value:
        raise ValueError(f"a parameter value cannot hold a double quote: {value!r}")
    return f'{key}="{value}"' if quote or any(mark in value for mark in ":;,") else f"{key}={value}"


def _text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslashes, semicolons, commas and line breaks escaped."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _zone(moment: datetime | date) -> str | None:
    """The IANA name of a datetime's zone ("UTC" for UTC); None for a date."""
    if not isinstance(moment, datetime):
        return None
    if moment.utcoffset() == timedelta(0) and not isinstance(moment.tzinfo, ZoneInfo):
        return "UTC"
    if not isinstance(moment.tzinfo, ZoneInfo):
        raise ValueError(f"times need an IANA zone (zoneinfo.ZoneInfo) or UTC, not {moment.tzinfo!r}")
    return moment.tzinfo.key


def _time(name: str, moment: datetime | date, tzid: str | None, *, zone: str | None = None, fold: str = " ") -> str:
    """DTSTART and the like: a date, a UTC time (``tzid`` None), or a local time in ``zone`` named ``tzid``."""
    if not isinstance(moment, datetime):
        return _prop(name, moment.strftime("%Y%m%d"), "VALUE=DATE", fold=fold)
    if tzid is None:
        return _prop(name, _utc(moment), fold=fold)
    local = moment.astimezone(ZoneInfo(zone or tzid)).strftime("%Y%m%dT%H%M%S")
    return _prop(name, local, _param("TZID", tzid), fold=fold)


def _iana_vtimezone(zone: str, moment: datetime) -> str:
    """The VTIMEZONE that icalendar derives from the IANA database for the year around ``moment``."""
    first = moment.date() - timedelta(days=366)
    timezone = icalendar.Timezone.from_tzid(zone, first_date=first, last_date=first + timedelta(days=2 * 366))
    timezone.pop("COMMENT")  # icalendar's own note on the dates it covers; clients write none
    return timezone.to_ical().decode()


def _delegation(a: Answer) -> list[str]:
    return [
        *([_param("DELEGATED-TO", f"mailto:{a.delegated_to}", quote=True)] if a.delegated_to else []),
        *([_param("DELEGATED-FROM", f"mailto:{a.delegated_from}", quote=True)] if a.delegated_from else []),
        *([_param("SENT-BY", f"mailto:{a.sent_by}", quote=True)] if a.sent_by else []),
    ]


def _partstat(a: Answer) -> list[str]:
    """PARTSTAT, which a REFRESH does not carry."""
    return [] if a.method == "REFRESH" else [f"PARTSTAT={a.partstat}"]


def _rsvp(a: Answer) -> list[str]:
    return ["RSVP=TRUE"] if a.rsvp else []


# --- The shapes' calendars --------------------------------------------------------------------

_LANGUAGE_TAGS: dict[Language, str] = {"en": "en-US", "fr": "fr-FR", "ru": "ru-RU"}

#: The Windows zones that the outlook shape knows: TZID and the VTIMEZONE rules Exchange writes.
WINDOWS_ZONES: dict[str, tuple[str, tuple[tuple[str, str, str, str, str], ...]]] = {
    # IANA name: (Windows name, ((kind, DTSTART, from, to, RRULE), ...))
    "Europe/Paris": (
        "Romance Standard Time",
        (
            ("STANDARD", "16010101T030000", "+0200", "+0100", "FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10"),
            ("DAYLIGHT", "16010101T020000", "+0100", "+0200", "FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3"),
        ),
    ),
    "UTC": (
        "UTC",
        (
            ("STANDARD", "16010101T000000", "+0000", "+0000", ""),
            ("DAYLIGHT", "16010101T000000", "+0000", "+0000", ""),
        ),
    ),
}

_OUTLOOK_SUBJECTS: dict[Language, dict[str, str]] = {
    "en": {
        "ACCEPTED": "Accepted: ",
        "DECLINED": "Declined: ",
        "TENTATIVE": "Tentative: ",
        "COUNTER": "New Time Proposed: ",
    },
    "fr": {"ACCEPTED": "Accepté\u00a0: ", "DECLINED": "Refusé\u00a0: ", "TENTATIVE": "Provisoire\u00a0: "},
    "ru": {"ACCEPTED": "Принято: ", "DECLINED": "Отклонено: ", "TENTATIVE": "Под вопросом: "},
}
_OUTLOOK_CHARSETS: dict[Language, str] = {"en": "us-ascii", "fr": "utf-8", "ru": "koi8-r"}


def _subject(table: dict[str, str], a: Answer, *, other: str = "Reply: ") -> str:
    """The prefix for the answer (or for the method of a variant, "Refresh: " by default), then the event's title.

    An answer the table does not word gets ``other``; a COUNTER must be worded.
    """
    key = a.method if a.method != "REPLY" else a.partstat
    if a.method == "COUNTER" and key not in table:
        raise ValueError(f"no wording for a counter-proposal in {a.language}")
    prefix = table.get(key, "Refresh: " if a.method == "REFRESH" else other)
    return prefix + a.summary if prefix else ""


def _outlook_calendar(a: Answer) -> str:
    fold, language = "\t", _LANGUAGE_TAGS[a.language]
    times = a.method != "REFRESH"
    zone = _zone(a.start) if times else None
    if zone is not None and zone not in WINDOWS_ZONES:
        raise ValueError(f"the outlook shape knows the Windows names of {sorted(WINDOWS_ZONES)} only, not {zone}")
    tzid = WINDOWS_ZONES[zone][0] if zone else None
    lines = ["BEGIN:VCALENDAR" + CRLF, _prop("METHOD", a.method), _prop("PRODID", "Microsoft Exchange Server 2010")]
    lines.append(_prop("VERSION", "2.0"))
    if zone:
        name, rules = WINDOWS_ZONES[zone]
        lines += ["BEGIN:VTIMEZONE" + CRLF, _prop("TZID", name)]
        for kind, start, offset_from, offset_to, rule in rules:
            lines += [f"BEGIN:{kind}{CRLF}", _prop("DTSTART", start), _prop("TZOFFSETFROM", offset_from)]
            lines += [_prop("TZOFFSETTO", offset_to), *([_prop("RRULE", rule)] if rule else []), f"END:{kind}{CRLF}"]
        lines.append("END:VTIMEZONE" + CRLF)
    lines.append("BEGIN:VEVENT" + CRLF)
    cn = [_param("CN", a.name)] if a.name else []
    attendee = [*_partstat(a), *_delegation(a), *_rsvp(a), *cn]
    lines.append(_prop("ATTENDEE", f"MAILTO:{a.attendee}", *attendee, fold=fold))
    if a.method in ("COUNTER", "REFRESH") and not a.omit_organizer:
        lines.append(_prop("ORGANIZER", f"MAILTO:{a.organizer}", _param("CN", a.organizer_name), fold=fold))
    comment = _text(a.comment + "\n") if a.comment else "\\n"  # Outlook's COMMENT ends with a line break
    lines.append(_prop("COMMENT", comment, f"LANGUAGE={language}", fold=fold))
    if times:
        subject = _subject(_OUTLOOK_SUBJECTS[a.language], a)
        lines.append(_prop("SUMMARY", _text(subject), f"LANGUAGE={language}", fold=fold))
        lines += [
            _time("DTSTART", a.start, tzid, zone=zone, fold=fold),
            _time("DTEND", a.end, tzid, zone=zone, fold=fold),
        ]
    lines.append(_prop("UID", a.uid, fold=fold))
    if a.recurrence_id is not None:
        lines.append(_time("RECURRENCE-ID", a.recurrence_id, tzid, zone=zone, fold=fold))
    lines += [_prop("CLASS", "PUBLIC"), _prop("PRIORITY", "5"), _prop("DTSTAMP", _utc(a.dtstamp))]
    if times:
        all_day = "FALSE" if isinstance(a.start, datetime) else "TRUE"
        lines += [_prop("TRANSP", "OPAQUE"), _prop("STATUS", "CONFIRMED"), _prop("SEQUENCE", str(a.sequence))]
        lines += [_prop("X-MICROSOFT-CDO-APPT-SEQUENCE", str(a.sequence)), _prop("X-MICROSOFT-CDO-BUSYSTATUS", "BUSY")]
        lines += [_prop("X-MICROSOFT-CDO-INTENDEDSTATUS", "BUSY"), _prop("X-MICROSOFT-CDO-ALLDAYEVENT", all_day)]
        lines += [_prop("X-MICROSOFT-CDO-IMPORTANCE", "1"), _prop("X-MICROSOFT-CDO-INSTTYPE", "0")]
        lines.append(_prop("X-MICROSOFT-DISALLOW-COUNTER", "FALSE"))
    lines += ["END:VEVENT" + CRLF, "END:VCALENDAR" + CRLF]
    return "".join(lines)


def _gmail_calendar(a: Answer) -> str:
    times = a.method != "REFRESH"
    lines = ["BEGIN:VCALENDAR" + CRLF, _prop("PRODID", "-//Google Inc//Google Calendar 70.9054//EN")]
    lines += [_prop("VERSION", "2.0"), _prop("CALSCALE", "GREGORIAN"), _prop("METHOD", a.method), "BEGIN:VEVENT" + CRLF]
    if times:
        lines += [_time("DTSTART", a.start, None), _time("DTEND", a.end, None)]
    lines.append(_prop("DTSTAMP", _utc(a.dtstamp)))
    if not a.omit_organizer:
        lines.append(_prop("ORGANIZER", f"mailto:{a.organizer}", _param("CN", a.organizer_name)))
    lines.append(_prop("UID", a.uid))
    note = [_param("X-RESPONSE-COMMENT", a.comment, quote=True)] if a.comment else []
    attendee = ["CUTYPE=INDIVIDUAL", "ROLE=REQ-PARTICIPANT", *_partstat(a), *_rsvp(a), *_delegation(a)]
    lines.append(_prop("ATTENDEE", f"mailto:{a.attendee}", *attendee, _param("CN", a.cn), "X-NUM-GUESTS=0", *note))
    if a.recurrence_id is not None:
        lines.append(_time("RECURRENCE-ID", a.recurrence_id, None))
    lines += [_prop("CREATED", _utc(a.dtstamp - timedelta(days=7))), _prop("LAST-MODIFIED", _utc(a.dtstamp))]
    if times:
        lines += [_prop("LOCATION", ""), _prop("SEQUENCE", str(a.sequence)), _prop("STATUS", "CONFIRMED")]
        lines.append(_prop("SUMMARY", _text(a.summary)))
    lines += ["END:VEVENT" + CRLF, "END:VCALENDAR" + CRLF]
    return "".join(lines)


def _apple_calendar(a: Answer) -> str:
    times = a.method != "REFRESH"
    zone = _zone(a.start) if times else None
    tzid = zone if zone != "UTC" else None
    lines = ["BEGIN:VCALENDAR" + CRLF, _prop("PRODID", "-//Apple Inc.//macOS 14.4//EN")]
    lines += [_prop("CALSCALE", "GREGORIAN"), _prop("VERSION", "2.0"), _prop("METHOD", a.method)]
    if tzid:
        lines.append(_iana_vtimezone(tzid, a.start))  # type: ignore[arg-type]  # a zone means a datetime
    lines.append("BEGIN:VEVENT" + CRLF)
    if times:
        lines += [_prop("SEQUENCE", str(a.sequence)), _time("DTSTART", a.start, tzid)]
    lines.append(_prop("UID", a.uid))
    if a.recurrence_id is not None:
        lines.append(_time("RECURRENCE-ID", a.recurrence_id, tzid))
    if not a.omit_organizer:
        lines.append(_prop("ORGANIZER", f"mailto:{a.organizer}", _param("CN", a.organizer_name, quote=True)))
    lines.append(_prop("DTSTAMP", _utc(a.dtstamp)))
    if times:
        lines.append(_prop("SUMMARY", _text(a.summary)))
    attendee = [_param("CN", a.cn, quote=True), "CUTYPE=INDIVIDUAL", *_partstat(a), "ROLE=REQ-PARTICIPANT"]
    lines.append(_prop("ATTENDEE", f"mailto:{a.attendee}", *sorted([*attendee, *_rsvp(a), *_delegation(a)])))
    if a.comment:
        lines.append(_prop("COMMENT", _text(a.comment)))
    lines.append(_prop("CREATED", _utc(a.dtstamp - timedelta(days=7))))
    if times:
        lines += [_time("DTEND", a.end, tzid), _prop("X-APPLE-TRAVEL-ADVISORY-BEHAVIOR", "AUTOMATIC")]
    lines += ["END:VEVENT" + CRLF, "END:VCALENDAR" + CRLF]
    return "".join(lines)


def _thunderbird_calendar(a: Answer) -> str:
    times = a.method != "REFRESH"
    zone = _zone(a.start) if times else None
    tzid = zone if zone != "UTC" else None
    lines = ["BEGIN:VCALENDAR" + CRLF, _prop("PRODID", "-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN")]
    lines += [_prop("VERSION", "2.0"), _prop("METHOD", a.method)]
    if tzid:
        lines.append(_iana_vtimezone(tzid, a.start))  # type: ignore[arg-type]  # a zone means a datetime
    lines += ["BEGIN:VEVENT" + CRLF, _prop("CREATED", _utc(a.dtstamp - timedelta(days=7)))]
    lines += [_prop("LAST-MODIFIED", _utc(a.dtstamp)), _prop("DTSTAMP", _utc(a.dtstamp)), _prop("UID", a.uid)]
    if times:
        lines.append(_prop("SUMMARY", _text(a.summary)))
    if not a.omit_organizer:
        lines.append(_prop("ORGANIZER", f"mailto:{a.organizer}", _param("CN", a.organizer_name)))
    cn = [_param("CN", a.name)] if a.name else []
    attendee = [*_rsvp(a), "ROLE=REQ-PARTICIPANT", *_partstat(a), *_delegation(a), *cn]
    lines.append(_prop("ATTENDEE", f"mailto:{a.attendee}", *attendee))
    if a.recurrence_id is not None:
        lines.append(_time("RECURRENCE-ID", a.recurrence_id, tzid))
    if times:
        lines += [_time("DTSTART", a.start, tzid), _time("DTEND", a.end, tzid), _prop("SEQUENCE", str(a.sequence))]
    if a.comment:
        lines.append(_prop("COMMENT", _text(a.comment)))
    if times:
        lines.append(_prop("TRANSP", "OPAQUE"))
    lines += ["END:VEVENT" + CRLF, "END:VCALENDAR" + CRLF]
    return "".join(lines)


# --- MIME -------------------------------------------------------------------------------------


def _headers(pairs: Sequence[tuple[str, str]]) -> bytes:
    return "".join(f"{name}:{' ' + value if value else ''}{CRLF}" for name, value in pairs).encode()


def _part(headers: Sequence[tuple[str, str]], body: bytes) -> bytes:
    return _headers(headers) + CRLF.encode() + body


def _multipart(boundary: str, parts: Sequence[bytes]) -> bytes:
    """The body of a multipart entity: each part after its delimiter, then the closing delimiter."""
    delimiter = f"--{boundary}{CRLF}".encode()
    return b"".join(delimiter + part + CRLF.encode() for part in parts) + f"--{boundary}--{CRLF}".encode()


def _base64(data: bytes) -> bytes:
    return base64.encodebytes(data).replace(b"\n", b"\r\n")


def _quoted_printable(data: bytes, *, text: bool = True) -> bytes:
    """Quoted-printable; with ``text`` false, line breaks too (=0D=0A), as Apple Mail writes a calendar."""
    encoded = binascii.b2a_qp(data, istext=text)
    return encoded.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def _encoded(value: str, charset: str = "utf-8", *, name: str, quoted: bool = False) -> str:
    """A header value, as RFC 2047 encoded words in ``charset`` when it is not ASCII (Q encoding with ``quoted``)."""
    if value.isascii():
        return value
    encoding = email.charset.Charset(charset)
    encoding.header_encoding = email.charset.QP if quoted else email.charset.BASE64
    return email.header.Header(value, encoding, header_name=name).encode(linesep=CRLF)


def _address(name: str | None, address: str, charset: str = "utf-8") -> str:
    return email.utils.formataddr((name or "", address), charset=charset)


def _date(a: Answer) -> str:
    return email.utils.format_datetime(a.dtstamp.astimezone(UTC))


def _outlook_charset(a: Answer, *texts: str) -> str:
    """The language's charset (us-ascii, utf-8 or koi8-r) if it can write ``texts``, else utf-8."""
    charset = _OUTLOOK_CHARSETS[a.language]
    try:
        "".join(texts).encode(charset)
    except UnicodeEncodeError:
        return "utf-8"
    return charset


def _outlook_message(a: Answer, calendar: bytes) -> bytes:
    subject = _subject(_OUTLOOK_SUBJECTS[a.language], a)
    charset = _outlook_charset(a, subject, a.name or "", a.comment or "", a.organizer_name)
    boundary = f"_000_{a.digest('boundary')[:44].upper()}_"
    text = (a.comment or "").replace("\n", CRLF) + CRLF
    page = (
        f'<html>{CRLF}<head>{CRLF}<meta http-equiv="Content-Type" content="text/html; charset={charset}">{CRLF}'
        f"</head>{CRLF}<body>{CRLF}<div>{html.escape(a.comment or '')}</div>{CRLF}</body>{CRLF}</html>{CRLF}"
    )
    parts = [
        _part(
            [("Content-Type", f'text/plain; charset="{charset}"'), ("Content-Transfer-Encoding", "quoted-printable")],
            _quoted_printable(text.encode(charset)),
        ),
        _part(
            [("Content-Type", f'text/html; charset="{charset}"'), ("Content-Transfer-Encoding", "quoted-printable")],
            _quoted_printable(page.encode(charset)),
        ),
        _part(
            [
                ("Content-Type", f'text/calendar; charset="utf-8"; method={a.method}'),
                ("Content-Transfer-Encoding", "base64"),
            ],
            _base64(calendar),
        ),
    ]
    language = _LANGUAGE_TAGS[a.language]
    headers = [
        ("From", _address(a.name, a.from_address, charset)),
        ("To", _address(a.organizer_name, a.organizer, charset)),
        ("Subject", _encoded(subject, charset, name="Subject", quoted=a.language == "fr")),
        ("Thread-Topic", _encoded(a.summary, charset, name="Thread-Topic", quoted=a.language == "fr")),
        ("Thread-Index", base64.b64encode(bytes.fromhex(a.digest("thread")[:44])).decode()),
        ("Date", _date(a)),
        ("Message-ID", a.message_id or f"<{a.digest('id')[:40].upper()}@AM0PR09MB2942.eurprd09.prod.outlook.com>"),
        ("Accept-Language", language if language == "en-US" else f"{language}, en-US"),
        ("Content-Language", language),
        ("X-MS-Has-Attach", ""),
        ("X-MS-TNEF-Correlator", ""),
        ("Content-Class", "urn:content-classes:calendarmessage"),
        ("Content-Type", f'multipart/alternative;{CRLF}\tboundary="{boundary}"'),
        ("MIME-Version", "1.0"),
    ]
    return _part(headers, CRLF.encode() + _multipart(boundary, parts))


_GMAIL_SUBJECTS = {"ACCEPTED": "Accepted: ", "DECLINED": "Declined: ", "TENTATIVE": "Tentatively Accepted: "}
_GMAIL_SAYS = {
    "ACCEPTED": "has accepted this invitation.",
    "DECLINED": "has declined this invitation.",
    "TENTATIVE": 'has replied "Maybe" to this invitation.',
}


def _clock(moment: datetime) -> str:
    """Google's short clock: 10am, 12:30pm."""
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{(moment.hour - 1) % 12 + 1}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def _gmail_when(a: Answer) -> str:
    start = a.start
    day = f"{start:%a %b} {start.day}, {start.year}"
    if not isinstance(start, datetime) or not isinstance(a.end, datetime):
        return day
    end = a.end.astimezone(start.tzinfo)
    return f"{day} {_clock(start)} - {_clock(end)} ({start.tzname()})"


def _gmail_message(a: Answer, calendar: bytes) -> bytes:
    mixed, alternative = (f"000000000000{a.digest(salt)[:16]}" for salt in ("mixed", "alternative"))
    says = f"{a.cn} {_GMAIL_SAYS.get(a.partstat, 'has replied to this invitation.')}"
    text = CRLF.join([says, "", a.summary, _gmail_when(a), *([a.comment] if a.comment else []), ""])
    page = f'<p>{html.escape(says)}</p>{CRLF}<p><span itemprop="name">{html.escape(a.summary)}</span></p>{CRLF}'
    seven_bit = calendar.isascii()
    alternatives = [
        _part(
            [
                ("Content-Type", 'text/plain; charset="UTF-8"; format=flowed; delsp=yes'),
                ("Content-Transfer-Encoding", "base64"),
            ],
            _base64(text.encode()),
        ),
        _part(
            [("Content-Type", 'text/html; charset="UTF-8"'), ("Content-Transfer-Encoding", "quoted-printable")],
            _quoted_printable(page.encode()),
        ),
        _part(
            [
                ("Content-Type", f'text/calendar; charset="UTF-8"; method={a.method}'),
                ("Content-Transfer-Encoding", "7bit" if seven_bit else "base64"),
            ],
            calendar if seven_bit else _base64(calendar),
        ),
    ]
    attachment = _part(
        [
            ("Content-Type", 'application/ics; name="invite.ics"'),
            ("Content-Disposition", 'attachment; filename="invite.ics"'),
            ("Content-Transfer-Encoding", "base64"),
        ],
        _base64(calendar),
    )
    body = _part(
        [("Content-Type", f'multipart/alternative; boundary="{alternative}"')], _multipart(alternative, alternatives)
    )
    who = f"{a.name} <{a.attendee}>" if a.name else a.attendee
    subject = f"{_subject(_GMAIL_SUBJECTS, a)} @ {_gmail_when(a)} ({who})"
    headers = [
        ("MIME-Version", "1.0"),
        ("Reply-To", a.from_address),
        ("Sender", "Google Calendar <calendar-notification@google.com>"),
        ("Auto-Submitted", "auto-generated"),
        ("Message-ID", a.message_id or f"<calendar-{a.digest('id')[:36]}@google.com>"),
        ("Date", _date(a)),
        ("Subject", _encoded(subject, name="Subject", quoted=True)),
        ("From", _address(a.name, a.from_address)),
        ("To", a.organizer),
        ("Content-Type", f'multipart/mixed; boundary="{mixed}"'),
    ]
    return _part(headers, CRLF.encode() + _multipart(mixed, [body, attachment]))


_APPLE_SUBJECTS = {
    "ACCEPTED": "Event accepted: ",
    "DECLINED": "Event declined: ",
    "TENTATIVE": "Event tentatively accepted: ",
}
_APPLE_SAYS = {"ACCEPTED": "accepted", "DECLINED": "declined", "TENTATIVE": "tentatively accepted"}


def _apple_text(content_type: str, text: str, *params: str) -> bytes:
    """A text part as Apple Mail writes it: us-ascii in 7bit when it can, else utf-8 quoted-printable."""
    if text.isascii():
        charset, encoding, data = "us-ascii", "7bit", text.encode()
    else:
        charset, encoding, data = "utf-8", "quoted-printable", _quoted_printable(text.encode())
    content_type = f";{CRLF}\t".join([content_type, f"charset={charset}", *params])
    return _part([("Content-Transfer-Encoding", encoding), ("Content-Type", content_type)], data)


def _apple_message(a: Answer, calendar: bytes) -> bytes:
    outer, inner = (f"Apple-Mail={_uuid(a.digest(salt))}" for salt in ("outer", "inner"))
    start = a.start
    when = f"{start:%B} {start.day}, {start.year}"
    if isinstance(start, datetime):
        when += f" at {start.strftime('%I:%M %p').lstrip('0')} ({_zone(start)})"
    answered = _APPLE_SAYS.get(a.partstat, "answered")
    says = f"{a.cn} has {answered} your event invitation to the event: {a.summary}, scheduled for {when}."
    name = f"iCal-{a.dtstamp:%Y%m%d-%H%M%S}.ics"
    charset = [] if calendar.isascii() else ["charset=utf-8"]  # ours: Apple's part names none for ASCII
    attachment = _part(
        [
            ("Content-Disposition", f"attachment;{CRLF}\tfilename={name}"),
            ("Content-Type", f";{CRLF}\t".join(["text/calendar", *charset, "x-unix-mode=0644", f'name="{name}"'])),
            ("Content-Transfer-Encoding", "quoted-printable"),
        ],
        _quoted_printable(calendar, text=False),
    )
    page = '<html><body style="overflow-wrap: break-word;">{}</body></html>'
    mixed = [
        _apple_text("text/html", page.format(f"<div>{html.escape(says)}</div>")),
        attachment,
        _apple_text("text/html", page.format("")),
    ]
    parts = [
        _apple_text("text/plain", says + CRLF, "format=flowed", "delsp=yes"),
        _part(
            [("Content-Type", f'multipart/mixed;{CRLF}\tboundary="{inner}"')], CRLF.encode() + _multipart(inner, mixed)
        ),
    ]
    headers = [
        ("From", _address(a.name, a.from_address)),
        ("Content-Type", f'multipart/alternative; boundary="{outer}"'),
        ("X-Mail-Calendar-Part", "Yes"),
        ("Mime-Version", "1.0 (Mac OS X Mail 16.0 \\(3774.600.62\\))"),
        ("Subject", _encoded(_subject(_APPLE_SUBJECTS, a), name="Subject")),
        ("Message-Id", a.message_id or f"<{_uuid(a.digest('id'))}@{a.from_address.rpartition('@')[2]}>"),
        ("Date", _date(a)),
        ("To", _address(a.organizer_name, a.organizer)),
        ("X-Mailer", "Apple Mail (2.3774.600.62)"),
    ]
    return _part(headers, CRLF.encode() + _multipart(outer, parts))


def _uuid(digest: str) -> str:
    return "-".join([digest[:8], digest[8:12], digest[12:16], digest[16:20], digest[20:32]]).upper()


_THUNDERBIRD_SUBJECTS = {
    "ACCEPTED": "Accepted: ",
    "DECLINED": "Invitation Declined: ",
    "TENTATIVE": "Tentative: ",
    "COUNTER": "",  # Thunderbird words neither: it sends them without subject or text
    "REFRESH": "",
}
_THUNDERBIRD_MIXED = "Boundary_(ID_qyG4ZdjoAsiZ+Jo19dCbWQ)"  # Thunderbird's own, the same in every message
_THUNDERBIRD_ALTERNATIVE = "Boundary_(ID_ryU4ZdJoASiZ+Jo21dCbwA)"


def _thunderbird_message(a: Answer, calendar: bytes) -> bytes:
    subject = _subject(_THUNDERBIRD_SUBJECTS, a, other="Invitation Reply: ")
    verb = "declined" if a.partstat == "DECLINED" else "accepted"
    who = f"{a.name} <{a.attendee}>" if a.name else a.attendee
    body = f"{who} has {verb} your event invitation." if subject else ""
    headers = [
        ("MIME-version", "1.0"),
        ("From", _address(a.name, a.from_address)),
        ("Message-ID", a.message_id or f"<{_uuid(a.digest('id')).lower()}@{a.from_address.rpartition('@')[2]}>"),
        ("To", _address(a.organizer_name, a.organizer)),
        ("Date", _date(a)),
        ("Subject", _encoded(subject, name="Subject")),
        ("Content-type", f'multipart/mixed; boundary="{_THUNDERBIRD_MIXED}"'),
    ]
    crlf = CRLF.encode()
    alternative = (
        _headers([("Content-type", f'multipart/alternative;{CRLF} boundary="{_THUNDERBIRD_ALTERNATIVE}"')])
        + crlf * 2
        + _multipart(
            _THUNDERBIRD_ALTERNATIVE,
            [
                _part(
                    [("Content-type", "text/plain; charset=UTF-8"), ("Content-transfer-encoding", "8BIT")],
                    body.encode() + crlf * 2,
                ),
                _part(
                    [
                        ("Content-type", f"text/calendar; method={a.method}; charset=UTF-8"),
                        ("Content-transfer-encoding", "8BIT"),
                    ],
                    calendar + crlf,
                ),
            ],
        )
    )
    attachment = _part(
        [
            ("Content-type", "application/ics; name=invite.ics"),
            ("Content-transfer-encoding", "8BIT"),
            ("Content-disposition", "attachment; filename=invite.ics"),
        ],
        calendar + crlf,
    )
    return _part(headers, crlf * 2 + _multipart(_THUNDERBIRD_MIXED, [alternative, attachment]))


_SHAPES: dict[Shape, tuple[Callable[[Answer], str], Callable[[Answer, bytes], bytes]]] = {
    "outlook": (_outlook_calendar, _outlook_message),
    "gmail": (_gmail_calendar, _gmail_message),
    "apple": (_apple_calendar, _apple_message),
    "thunderbird": (_thunderbird_calendar, _thunderbird_message),
}
