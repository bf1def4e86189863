"""The plain link: a meeting whose URL the organizer gives by hand (the seed's "Zoom link" case)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..exceptions import PlatformError
from ._base import Capabilities, LinkOnly, Meeting, meeting_wanted, online_meeting, requirements

if TYPE_CHECKING:
    from .._event import Event


class LinkPlatform(LinkOnly):
    """No API at all: the meeting is the link in the event, which this adapter only checks and reports."""

    name = "link"
    capabilities = Capabilities(webinars=True, interpretation=True, needs_settings=False)  # the organizer's to provide

    def __init__(self, **_: object) -> None:
        """Take no settings; unknown options are ignored, as there is nothing to configure."""

    def create(self, event: Event) -> Meeting:
        """The event's own meeting, which must give its join URL: nothing is created anywhere."""
        requirements(self.name, self.capabilities, event)
        meeting_wanted(self.name, event)
        meeting = event.online_meeting
        if meeting is None or meeting.join_url is None:
            raise PlatformError("link: a plain link is given by the organizer: set online_meeting.join_url")
        return Meeting(online_meeting=online_meeting(event, platform=meeting.platform))
