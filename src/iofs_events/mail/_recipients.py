"""Who receives an email: their address, name, language, clock and role."""

from __future__ import annotations

from attrs import field, frozen

from .. import _checks as check
from ._words import Honorific, RecipientRole


@frozen(kw_only=True)
class Recipient:
    """Someone an email goes to, with what makes it theirs.

    ``language`` (a BCP 47 tag such as ``ar-SA``) picks the message catalogue, the event's
    translation and the CLDR formats (English words where we have no catalogue); ``honorific``
    sets the salutation and closing; ``time_zone`` (IANA) adds the times as the recipient's clock
    shows them; ``registered`` recipients, and hosts, see the meeting passcode; ``join_url`` is
    the recipient's personal join link, when the platform gave them one: their emails and
    calendar carry it instead of the shared link. It is private: hidden from ``repr``.
    """

    email: str = field(validator=check.email)
    name: str | None = field(default=None, validator=check.optional(check.line))
    honorific: Honorific | None = field(default=None, validator=check.optional(check.member(Honorific)))
    language: str = field(default="en", converter=check.language_tag, validator=check.language)
    time_zone: str | None = field(default=None, validator=check.optional(check.time_zone))
    role: RecipientRole = field(default=RecipientRole.PARTICIPANT, validator=check.member(RecipientRole))
    registered: bool = field(default=False, validator=check.flag)
    join_url: str | None = field(default=None, repr=False, validator=check.optional(check.url))
