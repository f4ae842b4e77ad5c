/**
 * The event form's times are Paris times, whatever the agent's browser zone: the commune's events
 * happen in Paris time, and the pages show them so. (The server has the same arithmetic in
 * agenda/paris.ts; web code imports no server file.)
 */
const PARTS = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Paris', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });

function offsetMs(at: number): number {
  const p = Object.fromEntries(PARTS.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) - Math.floor(at / 1000) * 1000;
}

/** `2026-03-05T18:00` in Paris time, from an ISO instant. */
export function toParisInput(iso: string | null): string {
  if (!iso) return '';
  const t = new Date(iso).getTime();
  return new Date(t + offsetMs(t)).toISOString().slice(0, 16);
}

/** The ISO instant of a `2026-03-05T18:00` read as Paris time. */
export function fromParisInput(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return '';
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  let t = wall - offsetMs(wall);
  t = wall - offsetMs(t);
  return new Date(t).toISOString();
}
