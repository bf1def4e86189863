// The feed of benchmarks/peers.py written with ical-generator: events as JSON on standard input; the
// milliseconds of each run (events to string) and, if asked for, the calendar, as JSON on standard output.
import ical from "ical-generator";

const input = JSON.parse(await new Promise((resolve) => {
  let text = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => { text += chunk; });
  process.stdin.on("end", () => resolve(text));
}));

function write(events) {
  const calendar = ical({ name: input.name, prodId: "//Example//ical-generator//EN" });
  for (const event of events) {
    calendar.createEvent({
      id: event.uid,
      stamp: new Date(input.stamp),
      start: new Date(event.start),
      end: new Date(event.end),
      timezone: event.zone,
      summary: event.title,
      description: event.description,
      location: event.location,
      url: event.url,
      organizer: { name: event.organizer.name, email: event.organizer.email },
      x: [{ key: "X-CONFERENCE-URL", value: event.join_url }],
    });
  }
  return calendar.toString();
}

const times = [];
let text = "";
for (let run = 0; run < input.repeat; run += 1) {
  const start = process.hrtime.bigint();
  text = write(input.events);
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
}
process.stdout.write(JSON.stringify({ times, text: input.text ? text : null }));
