"""The vocabularies of emails: what a message is about, what changed, and the part its reader plays."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """What an email is about, and so which iTIP method its calendar part carries."""

    ANNOUNCEMENT = "announcement"
    INVITATION = "invitation"
    UPDATE = "update"
    REMINDER = "reminder"
    CONFIRMATION = "confirmation"  # a place became free for someone who was waiting: they are registered
    CANCELLATION = "cancellation"


class Change(StrEnum):
    """What an update tells its reader has changed."""

    TIME = "time"
    PLACE = "place"
    LINK = "link"
    STATUS = "status"


class RecipientRole(StrEnum):
    """The part a recipient plays at the event; hosts get the host link, speakers their sessions."""

    PARTICIPANT = "participant"
    SPEAKER = "speaker"
    INTERPRETER = "interpreter"
    HOST = "host"


class Honorific(StrEnum):
    """How a recipient is addressed: the salutation and closing of each language follow it.

    Without one, a letter uses the forms that suit anyone ("Madame, Monsieur," in French).
    """

    EXCELLENCY = "excellency"
    DR = "dr"
    PROF = "prof"
    MR = "mr"
    MS = "ms"
