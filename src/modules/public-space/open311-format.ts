/**
 * Open311 GeoReport v2's forms, pure: date-times in W3C's ISO 8601 profile with their offset (Paris
 * time), the query's date range (90 days at most), the error documents in XML and JSON.
 */
import { toXml, type XmlValue } from './xml';

export type Open311Format = 'xml' | 'json';

export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly extra: { headers?: Record<string, string> } = {},
  ) {
    super(description);
    this.name = 'Open311Error';
  }
}

const offsetFormatter = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Paris', timeZoneName: 'longOffset' });
const offsets = new Map<number, string>();

/** The UTC offset of Paris at that instant, as `+02:00` (cached per hour). */
function parisOffset(date: Date): string {
  const hour = Math.floor(date.getTime() / 3_600_000);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const name = offsetFormatter.formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    offset = name === 'GMT' ? '+00:00' : name.replace('GMT', '');
    if (offsets.size > 50_000) offsets.clear();
    offsets.set(hour, offset);
  }
  return offset;
}

/** `2024-07-25T14:03:00+02:00`: Paris's wall-clock time and its offset, to the second. */
export function isoWithOffset(date: Date | null): string | null {
  if (!date) return null;
  const offset = parisOffset(date);
  const sign = offset.startsWith('-') ? -1 : 1;
  const [h, m] = offset.slice(1).split(':').map(Number) as [number, number];
  const local = new Date(date.getTime() + sign * (h * 60 + m) * 60_000);
  return `${local.toISOString().slice(0, 19)}${offset}`;
}

const W3C_DATETIME = /^(\d{4})-(\d{2})-(\d{2})(T(\d{2}):(\d{2})(:(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A W3C date-time (`1994-11-05T08:15:30-05:00`, `…Z`) or a date (midnight UTC); null when not one. */
export function parseW3cDate(value: string): Date | null {
  const m = W3C_DATETIME.exec(value.trim());
  if (!m) return null;
  const d = new Date(m[4] ? value.trim() : `${value.trim()}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

export const MAX_RANGE_DAYS = 90;
const DAY = 86_400_000;

/**
 * The range a GET requests query covers: the last 90 days by default; one bound alone covers 90
 * days from or to it (the end never after now); over 90 days, or inverted, is refused.
 */
export function requestRange(start: string | undefined, end: string | undefined, now: Date): { start: Date; end: Date } {
  const s = start !== undefined ? parseW3cDate(start) : null;
  const e = end !== undefined ? parseW3cDate(end) : null;
  if (start !== undefined && !s) throw new Open311Error(400, 'start_date must be a W3C date-time, e.g. 2024-05-01T00:00:00+02:00');
  if (end !== undefined && !e) throw new Open311Error(400, 'end_date must be a W3C date-time, e.g. 2024-05-31T23:59:59+02:00');
  let from: Date;
  let to: Date;
  if (s && e) [from, to] = [s, e];
  else if (s) [from, to] = [s, new Date(Math.min(now.getTime(), s.getTime() + MAX_RANGE_DAYS * DAY))];
  else if (e) [from, to] = [new Date(e.getTime() - MAX_RANGE_DAYS * DAY), e];
  else [from, to] = [new Date(now.getTime() - MAX_RANGE_DAYS * DAY), now];
  if (to < from) throw new Open311Error(400, 'end_date is before start_date');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY) throw new Open311Error(400, `start_date and end_date may span at most ${MAX_RANGE_DAYS} days`);
  return { start: from, end: to };
}

export const CONTENT_TYPES: Record<Open311Format, string> = { xml: 'text/xml; charset=utf-8', json: 'application/json; charset=utf-8' };

/** Open311's error document: `<errors><error><code/><description/></error></errors>` or `[{code, description}]`. */
export function errorDocument(format: Open311Format, errors: readonly { code: number; description: string }[]): string {
  if (format === 'json') return JSON.stringify(errors.map((e) => ({ code: e.code, description: e.description })));
  return toXml('errors', errors.map((e) => ({ code: e.code, description: e.description })) as XmlValue);
}

export function document(format: Open311Format, root: string, value: XmlValue): string {
  return format === 'json' ? JSON.stringify(value) : toXml(root, value);
}
