// Read iCalendar files with ical.js (the calendar engine of Thunderbird) and print what it read, as JSON.
//
//   node tests/interop/icaljs_read.mjs calendar.ics [more.ics ...]
//
// One file gives one result object; several give a list of them, in order, so that a test reads hundreds of
// calendars with one start of node.
// Every VTIMEZONE of the calendar is registered with ICAL.TimezoneService, so a TZID resolves to the
// calendar's own definition, as in Thunderbird. ical.js 2.x also looks TZIDs up in the parsed tree first;
// a TZID found in neither place makes ical.js fall back silently to a floating time, which is why the
// zone actually used is reported too ("start_zone", "end_zone": "floating" means the TZID did not resolve).
//
// Output: {"method", "prodid", "version", "calendar": {other calendar properties: name -> value, a list
// when a name repeats}, "events": [...], "timezones": [tzid, ...]}. Instants are ISO 8601 in UTC ("...Z",
// whole seconds), computed by ical.js; a DATE value is reported as its date ("2021-12-22"). "start"/"end"
// are the iCalendar text of the value ("20400715T100000"). On a parse error: {"error": message}, exit 1
// (with several files, the message begins with the file's path).

import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function fail(message) {
  process.stdout.write(JSON.stringify({ error: String(message) }) + "\n");
  process.exit(1);
}

// The iCalendar text of one decoded value (Time, Duration, Period, Recur, UtcOffset, Binary) or the value itself.
function text(value) {
  if (value === null || value === undefined) return null;
  if (typeof value.toICALString === "function") return value.toICALString();
  if (typeof value === "object") return value.toString();
  return value;
}

// The value of a property: the single value, or a list for multi-valued properties (CATEGORIES, RDATE, ...).
function propValue(prop) {
  const values = prop.getValues().map(text);
  return values.length === 1 ? values[0] : values;
}

function firstValue(component, name) {
  const prop = component.getFirstProperty(name);
  return prop ? propValue(prop) : null;
}

// Parameters by upper-case name, read through Property.getParameter.
function params(prop) {
  const result = {};
  for (const name of Object.keys(prop.toJSON()[1])) {
    result[name.toUpperCase()] = prop.getParameter(name);
  }
  return result;
}

function valueWithParams(prop) {
  return { value: propValue(prop), params: params(prop) };
}

function iso(time) {
  if (!time) return null;
  if (time.isDate) {
    const pad = (n, width = 2) => String(n).padStart(width, "0");
    return `${pad(time.year, 4)}-${pad(time.month)}-${pad(time.day)}`;
  }
  return new Date(time.toUnixTime() * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function zoneName(time) {
  if (!time || time.isDate) return null;
  return time.zone ? time.zone.tzid : null;
}

function readEvent(vevent) {
  const event = new ICAL.Event(vevent);
  const start = event.startDate;
  const end = start ? event.endDate : null;
  const dtstart = vevent.getFirstProperty("dtstart");
  const x = {};
  const languages = {};
  for (const prop of vevent.getAllProperties()) {
    const name = prop.name.toUpperCase();
    if (name.startsWith("X-")) {
      x[name] = propValue(prop);
    }
    const language = prop.getParameter("language");
    if (language !== undefined && language !== null) {
      languages[name] = language;
    }
  }
  const sequence = vevent.getFirstPropertyValue("sequence");
  return {
    uid: firstValue(vevent, "uid"),
    summary: firstValue(vevent, "summary"),
    sequence: sequence === null ? null : Number(sequence),
    status: firstValue(vevent, "status"),
    dtstamp: iso(vevent.getFirstPropertyValue("dtstamp")),
    recurrence_id: firstValue(vevent, "recurrence-id"),
    rrule: firstValue(vevent, "rrule"),
    start_utc: iso(start),
    end_utc: iso(end),
    start_is_date: start ? start.isDate : null,
    start: firstValue(vevent, "dtstart"),
    end: firstValue(vevent, "dtend"),
    duration: firstValue(vevent, "duration"),
    tzid: dtstart ? (dtstart.getParameter("tzid") ?? null) : null,
    start_zone: zoneName(start),
    end_zone: zoneName(end),
    organizer: vevent.getFirstProperty("organizer") ? valueWithParams(vevent.getFirstProperty("organizer")) : null,
    attendees: vevent.getAllProperties("attendee").map(valueWithParams),
    location: firstValue(vevent, "location"),
    description: firstValue(vevent, "description"),
    url: firstValue(vevent, "url"),
    categories: vevent.getAllProperties("categories").flatMap((p) => p.getValues().map(text)),
    conference: vevent.getAllProperties("conference").map(valueWithParams),
    related_to: vevent.getAllProperties("related-to").map(propValue),
    alarms: vevent.getAllSubcomponents("valarm").map((alarm) => ({
      action: firstValue(alarm, "action"),
      trigger: firstValue(alarm, "trigger"),
    })),
    x,
    languages,
  };
}

function readFile(path, fail) {
  let root;
  try {
    const jcal = ICAL.parse(readFileSync(path, "utf8"));
    // ICAL.parse returns one component, or a list of them when the text holds several.
    if (Array.isArray(jcal) && Array.isArray(jcal[0])) {
      fail(`expected one VCALENDAR, found ${jcal.length} components`);
    }
    root = new ICAL.Component(jcal);
  } catch (error) {
    fail(error && error.message ? error.message : error);
  }
  if (root.name !== "vcalendar") fail(`expected a VCALENDAR, found ${root.name.toUpperCase()}`);

  const timezones = [];
  for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
    const zone = new ICAL.Timezone(vtimezone);
    ICAL.TimezoneService.register(zone, zone.tzid);
    timezones.push(zone.tzid);
  }

  const calendar = {};
  const repeated = new Set();
  for (const prop of root.getAllProperties()) {
    const name = prop.name.toUpperCase();
    if (name === "METHOD" || name === "PRODID" || name === "VERSION") continue;
    const value = propValue(prop);
    if (!(name in calendar)) {
      calendar[name] = value;
    } else {
      if (!repeated.has(name)) {
        calendar[name] = [calendar[name]];
        repeated.add(name);
      }
      calendar[name].push(value);
    }
  }

  let events;
  try {
    events = root.getAllSubcomponents("vevent").map(readEvent);
  } catch (error) {
    fail(error && error.message ? error.message : error);
  }

  return {
    method: firstValue(root, "method"),
    prodid: firstValue(root, "prodid"),
    version: firstValue(root, "version"),
    calendar,
    events,
    timezones,
  };
}

function main() {
  const paths = process.argv.slice(2);
  if (!paths.length) fail("usage: node icaljs_read.mjs FILE.ics [FILE.ics ...]");
  if (paths.length === 1) {
    process.stdout.write(JSON.stringify(readFile(paths[0], fail), null, 2) + "\n");
    return;
  }
  const results = paths.map((path) => readFile(path, (message) => fail(`${path}: ${message}`)));
  process.stdout.write(JSON.stringify(results) + "\n");
}

main();
