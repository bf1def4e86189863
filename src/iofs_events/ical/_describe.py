"""An event told in plain text, for calendar descriptions: every fact where a reader looks for it, in their language.

Facts that are not known yet are said to be so ("to be announced") rather than left out,
because a reader who finds nothing assumes there is nothing. The labels come from the same
message catalogues as the emails; the event's texts from its translation in the reader's
language where there is one, each kept in the original otherwise and marked so.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from .._bidi import direction
from .._enums import EventFormat, EventStatus
from .._reading import Reading, reading
from .._wording import country_name, list_text, moment_text, phone_text, semicolon

if TYPE_CHECKING:
    from pathlib import Path

    from .._event import Event


def describe(
    event: Event, *, language: str | None = None, passcode: bool = False, catalogues: Path | None = None
) -> str:
    """The whole event as plain text, as the ``DESCRIPTION`` of its calendar entry tells it.

    Every fact is where a reader looks for it, and facts not known yet are said to be so.
    ``language`` (a BCP 47 tag) is the reader's: the labels are in it, and so are the event's
    texts where a translation has them (default: the event's own language). ``passcode`` adds
    the meeting passcode, for invitations to registered participants only; ``catalogues`` is a
    folder of message catalogues of your own.
    """
    return described(reading(event, language or event.text_language, catalogues), passcode=passcode)


def described(r: Reading, *, passcode: bool) -> str:
    """:func:`describe` for a reader already worked out."""
    _, event, names = r.gettext, r.event, r.vocabulary()
    summary = r.text(event.summary, "summary") if event.summary else r.text(event.title, "title")
    sections = [f"{summary}{r.note('summary' if event.summary else 'title')}"]
    facts = [
        (_("Type:"), names[event.kind]),
        (_("Scope:"), names[event.scope] if event.scope else None),
        (_("Status:"), names[event.status] if event.status is not EventStatus.SCHEDULED else None),
        (_("When:"), r.when()),
        (_("Format:"), names[event.format]),
        (_("Venue:"), str(r.venue(event.venue, "venue")) if event.venue else None),
        *_languages(r),
    ]
    sections.append(_facts(facts))
    if event.objectives:
        items = r.texts(event.objectives, "objectives")
        sections.append(_("Objectives:") + r.note("objectives") + "".join(f"\n\u2022 {item}" for item in items))
    if event.audience is not None:
        sections.append(_audience(r))
    if event.online_meeting is not None or event.venue is None:  # a venue alone says how to attend
        sections.append(_joining(r, passcode))
    if event.registration is not None:
        sections.append(_registration(r))
    if event.contacts:
        people = [str(r.person(person, f"contacts[{index}]")) for index, person in enumerate(event.contacts)]
        sections.append(_("Contact:") + "".join(f"\n{person}" for person in people))
    who = _who(r)
    if who:
        sections.append(who)
    if event.agenda:
        titles = [r.text(session.title, f"agenda[{index}].title") for index, session in enumerate(event.agenda)]
        paths = [f"agenda[{index}].title" for index in range(len(titles))]
        sections.append(_("Agenda:") + r.note(*paths) + "".join(f"\n\u2022 {title}" for title in titles))
    if event.background:
        paragraphs = r.texts(event.background, "background")
        sections.append(_("Background:") + r.note("background") + "\n" + "\n\n".join(map(str, paragraphs)))
    for label, lines in (
        (_("Related events:"), [r.related(other, index) for index, other in enumerate(event.related)]),
        (_("Planned outputs:"), [r.deliverable(item, index) for index, item in enumerate(event.deliverables)]),
        (_("References:"), [r.reference(item, index) for index, item in enumerate(event.references)]),
    ):
        if lines:
            sections.append(label + "".join(f"\n\u2022 {line}" for line in lines))
    if event.topics:
        topics = r.line(r.texts(event.topics, "topics"))
        sections.append(_("Topics:") + f" {topics}{r.note('topics')}")
    if event.url:
        sections.append(_("More information:") + f" {r.voice.code(event.url)}")
    if event.disclaimer:
        paragraphs = r.texts(event.disclaimer, "disclaimer")
        sections.append("\n\n".join(map(str, paragraphs)) + r.note("disclaimer"))
    return "\n\n".join(sections)


def _facts(facts: list[tuple[str, str | None]]) -> str:
    return "\n".join(f"{label} {value}" for label, value in facts if value)


def _languages(r: Reading) -> list[tuple[str, str | None]]:
    plan = r.languages()
    if plan is None:
        return []
    _ = r.gettext
    return [
        (_("Language:"), plan["floor"]),
        (_("Interpretation:"), plan["interpretation"]),
        (_("Captions:"), plan["captions"]),
        (_("Sign language:"), plan["sign"]),
    ]


def _audience(r: Reading) -> str:
    audience = r.event.audience
    assert audience is not None
    _ = r.gettext
    lines = []
    if audience.description:
        lines.append(_("Audience:") + f" {r.text(audience.description, 'audience.description')}")
        lines[-1] += r.note("audience.description")
    elif audience.roles:
        roles = r.voice.text(list_text(list(audience.roles), r.locale), r.localized.original)
        lines.append(_("Audience:") + f" {roles}")
    if audience.countries:
        countries = list_text([country_name(code, r.locale) for code in audience.countries], r.locale)
        lines.append(_("Countries:") + f" {countries}")
    return "\n".join(lines)


def location(r: Reading) -> str | None:
    """Where the event happens, for ``LOCATION``: the venue, the platform and its link, or both."""
    event, _ = r.event, r.gettext
    parts = []  # the model keeps venues out of online events and meetings out of in-person ones
    if event.venue is not None:
        parts.append(str(r.venue(event.venue, "venue")))
    meeting = event.online_meeting
    if meeting is not None:
        platform = r.platform(meeting.platform) or _("the online meeting")
        online = _("Online (%(platform)s)") % {"platform": platform}
        parts.append(f"{online}: {r.voice.code(meeting.join_url)}" if meeting.join_url else online)
    elif event.format is EventFormat.ONLINE:
        parts.append(_("Online"))
    return semicolon(r.locale).join(parts) or None


def join_label(r: Reading, platform: str) -> str:
    """The label of the link that joins the meeting (``CONFERENCE;LABEL=``)."""
    name = r.platform(platform)
    return r.gettext("Join on %(platform)s") % {"platform": name} if name else r.gettext("Join the meeting")


def _joining(r: Reading, passcode: bool) -> str:
    meeting, _ = r.event.online_meeting, r.gettext
    if meeting is None:
        return _("How to join:") + " " + _("to be announced")
    platform = r.platform(meeting.platform)
    head = _("How to join (%(platform)s):") % {"platform": platform} if platform else _("How to join:")
    link = str(r.voice.code(meeting.join_url)) if meeting.join_url else _("to be announced")
    facts = [
        (_("Link:"), link),
        (_("Meeting ID:"), str(r.voice.code(meeting.meeting_id)) if meeting.meeting_id else None),
        (_("Passcode:"), str(r.voice.code(meeting.passcode)) if passcode and meeting.passcode else None),
        *((_("Dial in:"), str(r.voice.code(phone_text(number.number)))) for number in meeting.dial_in),
    ]
    return f"{head}\n{_facts(facts)}"


def _registration(r: Reading) -> str:
    registration, _ = r.event.registration, r.gettext
    assert registration is not None
    lines = [_("Registration is required.") if registration.required else _("Registration is optional.")]
    if registration.instructions:
        instructions = r.text(registration.instructions, "registration.instructions")
        lines.append(f"{instructions}{r.note('registration.instructions')}")
    url = str(r.voice.code(registration.url)) if registration.url else _("to be announced")
    deadline = registration.deadline
    facts = [
        (_("Register at:"), url),
        (_("Deadline:"), str(r.voice.mixed(moment_text(deadline, r.locale))) if deadline else None),
        (_("Places:"), str(r.voice.code(str(registration.capacity))) if registration.capacity else None),
    ]
    return "\n".join([*lines, _facts(facts)])


def _who(r: Reading) -> str:
    event, _ = r.event, r.gettext
    partners = [str(r.organization(partner, f"partners[{index}]")) for index, partner in enumerate(event.partners)]
    if event.partners_note:
        partners.append(str(r.text(event.partners_note, "partners_note")))
    facts = [
        (_("Organizer:"), str(r.organization(event.organizer, "organizer")) if event.organizer else None),
        (_("In partnership with:"), semicolon(r.locale).join(partners) or None),
        (_("Programme:"), str(r.text(event.programme.name, "programme.name")) if event.programme else None),
    ]
    return _facts(facts)


# A web address as it reads in escaped text: up to a space, an isolate or a markup character, and
# not ending in punctuation. An ampersand or apostrophe in it is escaped: one character, as read.
_ESCAPED = "&amp;|&#x27;"
_URL = re.compile(rf"https?://(?:[^\s<>\"&'\u2066-\u2069]+|{_ESCAPED})+(?:[^\s<>\"&'.,;:!?)\u2066-\u2069]|{_ESCAPED})")


def to_html(text: str, language: str = "en") -> str:
    """The plain text of :func:`describe` as simple HTML: paragraphs, bullet lists, links, in the reader's direction.

    Every piece of event text is escaped, so a title cannot inject markup.
    """
    # Escaping and linking keep every line break, so the marked text has the text's blocks and lines.
    marked = _URL.sub(_link, html.escape(text))  # each web address a link; an address never spans lines
    if "\u2022" in text:  # bullets, found by their one character (faster to find than with the space)
        body = "".join(map(_block, marked.split("\n\n")))
    else:  # paragraphs of plain lines; an empty one is left out
        body = "</p><p>".join(filter(None, marked.split("\n\n"))).replace("\n", "<br>")
        body = f"<p>{body}</p>" if body else ""
    opening = "<html><body>" if language == "en" else f'<html lang="{language}" dir="{direction(language)}"><body>'
    return f"{opening}{body}</body></html>"


def _link(match: re.Match[str]) -> str:
    url = match.group()
    return f'<a href="{url}">{url}</a>'


def _block(block: str) -> str:
    """A block of escaped lines: its bullets (``\u2022``) as a list after the paragraph of its other lines."""
    lines = block.split("\n")
    heads = "<br>".join(line for line in lines if not line.startswith("\u2022 "))
    items = "".join(f"<li>{line[2:]}</li>" for line in lines if line.startswith("\u2022 "))
    return (f"<p>{heads}</p>" if heads else "") + (f"<ul>{items}</ul>" if items else "")
