"""Interoperability harness: read calendars with iCalendar parsers we did not write.

* ``runners.icaljs`` / ``runners.libical``: ical.js (Thunderbird's engine, under node) and libical (through
  GObject introspection, under the system Python), each run in a subprocess that prints JSON;
  ``runners.icaljs_all`` / ``runners.libical_all`` read many files in one subprocess.
* ``python_readers.read_vobject`` / ``python_readers.read_ical``: vobject and ical, in this process.
"""
