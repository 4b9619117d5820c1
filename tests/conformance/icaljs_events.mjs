// ical.js (Thunderbird's calendar engine) reads an iCalendar file from standard input and prints
// what it understood, as JSON: the METHOD and, for each VEVENT, its UID, SEQUENCE, STATUS and
// its start and end as ical.js converts them to UTC with the file's own VTIMEZONEs.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const text = readFileSync(0, "utf8");
const calendar = new ICAL.Component(ICAL.parse(text));
const utc = ICAL.Timezone.utcTimezone;
const moment = (time) => {
  if (!time) return null;
  if (time.isDate) return { date: time.toString(), zone: null };
  return { utc: time.convertToZone(utc).toString(), zone: time.zone ? time.zone.tzid : null };
};
const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    sequence: event.sequence,
    summary: event.summary,
    status: component.getFirstPropertyValue("status"),
    organizer: component.getFirstPropertyValue("organizer"),
    attendees: component.getAllProperties("attendee").map((p) => ({
      address: p.getFirstValue(),
      cn: p.getParameter("cn"),
    })),
    start: moment(event.startDate),
    end: moment(event.endDate),
  };
});
process.stdout.write(JSON.stringify({ method: calendar.getFirstPropertyValue("method"), events }));
