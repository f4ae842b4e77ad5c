/**
 * iCalendar (RFC 5545) output of events, pure: CRLF line ends, content lines folded at 75 octets
 * (never inside a UTF-8 character), TEXT values escaped (backslash, semicolon, comma, line breaks),
 * times in UTC (`…Z`), a stable UID per event and a DTSTAMP.
 */

export interface IcalEvent {
  uid: string;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date | null;
  /** All day: DATE values (Paris days), DTEND exclusive. */
  allDay?: boolean;
  place: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  categories: readonly string[];
  url: string | null;
  updatedAt: Date;
}

/** TEXT escaping (RFC 5545 §3.3.11); control characters other than line breaks dropped. */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex -- dropping control characters is the point
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

/** Folds a content line: at most 75 octets per line, continuation lines start with one space (§3.1). */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      out.push(current);
      current = ' ';
      octets = 1;
      limit = 75;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

import { parisDay, parisDayStart } from './paris';

/** `20240305T180000Z` */
export function utcStamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function icalendar(events: readonly IcalEvent[], opts: { name: string; now?: Date }): string {
  const now = opts.now ?? new Date();
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Beffroi//Agenda//FR', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(opts.name)}`];
  for (const e of events) {
    lines.push('BEGIN:VEVENT', `UID:${escapeText(e.uid)}`, `DTSTAMP:${utcStamp(now)}`, `LAST-MODIFIED:${utcStamp(e.updatedAt)}`);
    if (e.allDay) {
      // RFC 5545 §3.6.1: an all-day event's DTEND is the day after its last day.
      const first = parisDay(e.startsAt);
      const after = e.endsAt && e.endsAt.getTime() > e.startsAt.getTime() ? parisDay(e.endsAt) : parisDay(parisDayStart(first, 1));
      lines.push(`DTSTART;VALUE=DATE:${first.replace(/-/g, '')}`, `DTEND;VALUE=DATE:${(after > first ? after : parisDay(parisDayStart(first, 1))).replace(/-/g, '')}`);
    } else {
      lines.push(`DTSTART:${utcStamp(e.startsAt)}`);
      if (e.endsAt) lines.push(`DTEND:${utcStamp(e.endsAt)}`);
    }
    lines.push(`SUMMARY:${escapeText(e.title)}`);
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    const location = [e.place, e.address].filter(Boolean).join(', ');
    if (location) lines.push(`LOCATION:${escapeText(location)}`);
    if (e.lat !== null && e.lng !== null) lines.push(`GEO:${e.lat.toFixed(6)};${e.lng.toFixed(6)}`);
    if (e.categories.length) lines.push(`CATEGORIES:${e.categories.map(escapeText).join(',')}`);
    if (e.url) lines.push(`URL:${e.url}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
