"""The seam between mail and ical: one calendar written once, then one ATTENDEE per recipient."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
import pytest
from icalendar import Calendar

import iofs_events as ie
from iofs_events.ical import Attendee, AttendeeRole, CalendarError, InvitationCalendar, Method, to_ical

STAMP = datetime(2021, 11, 17, 9, tzinfo=UTC)
SECRETARIAT = Attendee(email="secretariat@iofs.example", name="IOFS Secretariat")
OMAR = Attendee(email="omar@agri.example.sa", name="عمر الحربي")
AIDA = Attendee(email="aida@agri.example.kz", name="Aida Nurlanovna", role=AttendeeRole.CHAIR)


@pytest.fixture(scope="module")
def event(seed: ie.Event) -> ie.Event:
    """The seed with the Secretariat's address, so that the event names its own organizer."""
    assert seed.organizer is not None
    return attrs.evolve(seed, organizer=attrs.evolve(seed.organizer, email=SECRETARIAT.email))


@pytest.mark.parametrize("attendee", [OMAR, AIDA])
def test_each_attendee_gets_the_calendar_that_to_ical_writes_for_them(event: ie.Event, attendee: Attendee) -> None:
    calendars = InvitationCalendar(event, method=Method.REQUEST, sender=SECRETARIAT, stamp=STAMP)
    expected = to_ical(event, method=Method.REQUEST, attendees=[attendee], stamp=STAMP)
    data = calendars.for_attendee(attendee)
    assert _lines(data)[-3].startswith("ATTENDEE;")
    assert _lines(data)[-2:] == ["END:VEVENT", "END:VCALENDAR"]
    assert calendars.for_attendee(attendee) == data  # the shared part is written once and reused
    assert sorted(_lines(data)) == sorted(_lines(expected))


def _lines(data: bytes) -> list[str]:
    """The unfolded content lines of a calendar."""
    return data.decode().replace("\r\n ", "").split("\r\n")[:-1]


def test_a_publish_has_no_attendee(event: ie.Event) -> None:
    calendars = InvitationCalendar(event, method=Method.PUBLISH, sender=SECRETARIAT, stamp=STAMP)
    assert calendars.for_attendee() == to_ical(event, stamp=STAMP)
    with pytest.raises(CalendarError, match="PUBLISH calendar has no attendees"):
        calendars.for_attendee(OMAR)


def test_a_request_needs_its_attendee(event: ie.Event) -> None:
    calendars = InvitationCalendar(event, method=Method.REQUEST, sender=SECRETARIAT, stamp=STAMP)
    with pytest.raises(CalendarError, match="REQUEST calendar needs its attendee"):
        calendars.for_attendee()


def test_another_sender_sends_for_the_events_organizer(event: ie.Event) -> None:
    helper = Attendee(email="events@iofs.example", name="IOFS Events Team")
    data = InvitationCalendar(event, method=Method.REQUEST, sender=helper, stamp=STAMP).for_attendee(OMAR)
    organizer = Calendar.from_ical(data).events[0]["ORGANIZER"]
    assert str(organizer) == f"mailto:{SECRETARIAT.email}"
    assert organizer.params["SENT-BY"] == f"mailto:{helper.email}"
    assert organizer.params["CN"] == "Islamic Organization for Food Security (IOFS)"


def test_without_an_organizer_address_the_sender_organizes(seed: ie.Event) -> None:
    helper = Attendee(email="events@iofs.example", name="IOFS Events Team")
    data = InvitationCalendar(seed, method=Method.REQUEST, sender=helper, stamp=STAMP).for_attendee(OMAR)
    organizer = Calendar.from_ical(data).events[0]["ORGANIZER"]
    assert str(organizer) == f"mailto:{helper.email}"
    assert "SENT-BY" not in organizer.params


def test_the_same_sender_as_the_organizer_is_not_sent_by(event: ie.Event) -> None:
    sender = Attendee(email=SECRETARIAT.email.upper())
    data = InvitationCalendar(event, method=Method.REQUEST, sender=sender, stamp=STAMP).for_attendee(OMAR)
    assert "SENT-BY" not in Calendar.from_ical(data).events[0]["ORGANIZER"].params


def test_the_rules_of_the_method_are_checked_at_once(event: ie.Event) -> None:
    with pytest.raises(CalendarError, match="no schedule yet"):
        InvitationCalendar(attrs.evolve(event, schedule=None), method=Method.REQUEST, sender=SECRETARIAT)
    with pytest.raises(CalendarError, match="cancel the event first"):
        InvitationCalendar(event, method=Method.CANCEL, sender=SECRETARIAT)
    with pytest.raises(CalendarError, match="passcode is never published"):
        InvitationCalendar(event, method=Method.PUBLISH, sender=SECRETARIAT, passcode=True)


def test_the_passcode_is_shown_only_when_asked(seed: ie.Event) -> None:
    meeting = ie.OnlineMeeting(platform="zoom", join_url="https://zoom.us/j/81234567890", passcode="fsg2021")
    event = attrs.evolve(seed, online_meeting=meeting)
    for passcode in (False, True):
        calendars = InvitationCalendar(event, method="REQUEST", sender=SECRETARIAT, stamp=STAMP, passcode=passcode)
        assert (b"fsg2021" in calendars.for_attendee(OMAR)) is passcode


def test_a_personal_join_link_replaces_the_shared_one_in_that_calendar_only(event: ie.Event) -> None:
    meeting = ie.OnlineMeeting(platform="zoom", join_url="https://zoom.us/j/81234567890")
    zoom = attrs.evolve(event, online_meeting=meeting)
    calendars = InvitationCalendar(zoom, method=Method.REQUEST, sender=SECRETARIAT, stamp=STAMP)
    mine = calendars.for_attendee(OMAR, join_url="https://zoom.us/w/81234567890?tk=omar")
    assert b"tk=omar" in mine
    assert b"https://zoom.us/j/81234567890" not in mine
    assert b"tk=omar" not in calendars.for_attendee(AIDA)  # another attendee gets the shared link
    offline = InvitationCalendar(attrs.evolve(event, online_meeting=None), method=Method.REQUEST, sender=SECRETARIAT)
    with pytest.raises(CalendarError, match="needs an online meeting"):
        offline.for_attendee(OMAR, join_url="https://x.example")
