"""Read iCalendar files with libical (through GObject introspection) and print what it read, as JSON.

Run with the system Python, which has the Debian packages ``gir1.2-ical-3.0`` and ``python3-gi``::

    /usr/bin/python3 tests/interop/libical_read.py calendar.ics [more.ics ...]

One file gives one result object; several give a list of them, in order, so that a test reads hundreds of
calendars with one start of the interpreter.

The calendar is parsed with ``ICalGLib.Component.new_from_string``; ``ICalGLib.restriction_check`` then
checks the iTIP rules of RFC 5546 for the calendar's METHOD, and every X-LIC-ERROR property anywhere in
the tree (parse errors and failed restrictions alike) is reported under ``"errors"``.

Times are converted with the calendar's OWN time zones only: one ``ICalGLib.Timezone`` is built from
each VTIMEZONE component (``Timezone.new()`` + ``set_component``), and a DATE-TIME with a TZID is
converted to UTC with ``Time.as_timet_with_zone(that zone)``. libical's built-in zone database is never
consulted: a TZID with no VTIMEZONE in the calendar is reported under ``"unresolved_tzids"`` (and its
times as null) rather than resolved some other way. A DATE value is reported as its date.

Output: {"method", "restriction_check_passed", "errors": [X-LIC-ERROR values], "error_details":
[{"component", "value", "type"}], "timezones": [tzid, ...], "unresolved_tzids": [...], "events":
[{"uid", "summary", "sequence", "status", "start_utc", "end_utc", "start_is_date", "tzid", "start_zone",
"end_zone", "organizer": {"value", "params"} | null, "attendees": [{"value", "params"}]}]}.
On a parse failure: {"error": message} and exit status 1 (with several files, the message begins with the
file's path).
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402

Kind = ICalGLib.ComponentKind
Prop = ICalGLib.PropertyKind


def fail(message):
    print(json.dumps({"error": message}))
    sys.exit(1)


def children(component, kind=Kind.ANY_COMPONENT):
    child = component.get_first_component(kind)
    while child is not None:
        yield child
        child = component.get_next_component(kind)


def properties(component, kind=Prop.ANY_PROPERTY):
    prop = component.get_first_property(kind)
    while prop is not None:
        yield prop
        prop = component.get_next_property(kind)


def parameters(prop):
    """Every parameter of a property, by upper-case name, as libical writes it back (quotes removed)."""
    result = {}
    param = prop.get_first_parameter(ICalGLib.ParameterKind.ANY_PARAMETER)
    while param is not None:
        text = param.as_ical_string()  # "CN=Name" or 'CN="Name, Title"'
        name, _, value = text.partition("=")
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        result[name.upper()] = value
        param = prop.get_next_parameter(ICalGLib.ParameterKind.ANY_PARAMETER)
    return result


def value_with_params(prop):
    return {"value": prop.get_value_as_string(), "params": parameters(prop)}


def collect_errors(component, found):
    kind = ICalGLib.Component.kind_to_string(component.isa())
    for prop in properties(component, Prop.XLICERROR_PROPERTY):
        found.append(
            {
                "component": kind,
                "value": prop.get_xlicerror(),
                "type": prop.get_parameter_as_string("X-LIC-ERRORTYPE"),
            }
        )
    for child in children(component):
        collect_errors(child, found)


def own_timezones(calendar):
    """One ICalGLib.Timezone per VTIMEZONE of the calendar, by TZID, built from that component alone."""
    zones = {}
    for vtimezone in children(calendar, Kind.VTIMEZONE_COMPONENT):
        zone = ICalGLib.Timezone.new()
        # set_component takes ownership of the component: hand it a copy, the calendar keeps its own.
        if not zone.set_component(vtimezone.clone()):
            fail("libical refused a VTIMEZONE component")
        zones[zone.get_tzid()] = zone
    return zones


def instant(prop, getter, zones, unresolved):
    """(UTC ISO string or date string, is_date, tzid, zone used) of a DTSTART/DTEND property."""
    if prop is None:
        return None, None, None, None
    value = getter(prop)
    tzid = prop.get_parameter_as_string("TZID")
    if value.is_date():
        return f"{value.get_year():04d}-{value.get_month():02d}-{value.get_day():02d}", True, tzid, None
    if value.is_utc():
        zone, zone_name = ICalGLib.Timezone.get_utc_timezone(), "UTC"
    elif tzid is not None:
        zone = zones.get(tzid)
        if zone is None:
            unresolved.add(tzid)
            return None, False, tzid, None
        zone_name = zone.get_tzid()
    else:
        # A floating time: no zone, read as if in UTC. Reported so a test can refuse it.
        zone, zone_name = ICalGLib.Timezone.get_utc_timezone(), "floating"
    seconds = value.as_timet_with_zone(zone)
    utc = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
    return utc.strftime("%Y-%m-%dT%H:%M:%SZ"), False, tzid, zone_name


def text_of(component, kind):
    prop = component.get_first_property(kind)
    return None if prop is None else prop.get_value_as_string()


def read_event(vevent, zones, unresolved):
    start_utc, start_is_date, tzid, start_zone = instant(
        vevent.get_first_property(Prop.DTSTART_PROPERTY), ICalGLib.Property.get_dtstart, zones, unresolved
    )
    dtend = vevent.get_first_property(Prop.DTEND_PROPERTY)
    if dtend is not None:
        end_utc, _, _, end_zone = instant(dtend, ICalGLib.Property.get_dtend, zones, unresolved)
    else:
        end_utc = end_zone = None
    sequence = vevent.get_first_property(Prop.SEQUENCE_PROPERTY)
    status = vevent.get_first_property(Prop.STATUS_PROPERTY)
    organizer = vevent.get_first_property(Prop.ORGANIZER_PROPERTY)
    return {
        "uid": text_of(vevent, Prop.UID_PROPERTY),
        "summary": text_of(vevent, Prop.SUMMARY_PROPERTY),
        "sequence": None if sequence is None else sequence.get_sequence(),
        "status": None if status is None else status.get_value_as_string(),
        "start_utc": start_utc,
        "end_utc": end_utc,
        "start_is_date": start_is_date,
        "tzid": tzid,
        "start_zone": start_zone,
        "end_zone": end_zone,
        "organizer": None if organizer is None else value_with_params(organizer),
        "attendees": [value_with_params(p) for p in properties(vevent, Prop.ATTENDEE_PROPERTY)],
    }


def read_file(path, fail):
    with open(path, encoding="utf-8", newline="") as file:
        text = file.read()
    try:
        calendar = ICalGLib.Component.new_from_string(text)
    except TypeError:  # the GI binding raises "constructor returned NULL" when libical parsed nothing
        calendar = None
    if calendar is None:
        fail("libical could not parse the text into a component")
    if calendar.isa() != Kind.VCALENDAR_COMPONENT:
        fail(f"expected a VCALENDAR, found {ICalGLib.Component.kind_to_string(calendar.isa())}")

    passed = bool(ICalGLib.restriction_check(calendar))
    details = []
    collect_errors(calendar, details)

    zones = own_timezones(calendar)
    unresolved = set()
    events = [read_event(vevent, zones, unresolved) for vevent in children(calendar, Kind.VEVENT_COMPONENT)]
    method = calendar.get_first_property(Prop.METHOD_PROPERTY)
    return {
        "method": None if method is None else method.get_value_as_string(),
        "restriction_check_passed": passed,
        "errors": [d["value"] for d in details],
        "error_details": details,
        "timezones": list(zones),
        "unresolved_tzids": sorted(unresolved),
        "events": events,
    }


def main(argv):
    paths = argv[1:]
    if not paths:
        fail("usage: libical_read.py FILE.ics [FILE.ics ...]")
    if len(paths) == 1:
        print(json.dumps(read_file(paths[0], fail), ensure_ascii=False, indent=2))
        return
    results = [read_file(path, lambda message, path=path: fail(f"{path}: {message}")) for path in paths]
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv)
