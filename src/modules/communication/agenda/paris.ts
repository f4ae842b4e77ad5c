/**
 * Days as the commune lives them: Europe/Paris, whatever the server's zone. A filter "from the
 * 15th to the 16th" means from 00:00 Paris time on the 15th to 00:00 on the 17th (CET or CEST).
 */
const PARTS = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Paris', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });

/** Paris local time minus UTC at an instant, in milliseconds (3,600,000 in winter, 7,200,000 in summer). */
export function parisOffsetMs(at: Date): number {
  const p = Object.fromEntries(PARTS.formatToParts(at).map((x) => [x.type, x.value]));
  const local = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return local - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant a Paris day (`YYYY-MM-DD`, plus `addDays`) begins. */
export function parisDayStart(day: string, addDays = 0): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const midnightUtc = Date.UTC(y, m - 1, d + addDays);
  let t = midnightUtc - parisOffsetMs(new Date(midnightUtc));
  t = midnightUtc - parisOffsetMs(new Date(t));
  return new Date(t);
}

/** The Paris calendar day of an instant, `YYYY-MM-DD`. */
export function parisDay(at: Date): string {
  return new Date(at.getTime() + parisOffsetMs(at)).toISOString().slice(0, 10);
}
