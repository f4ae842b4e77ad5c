/**
 * Mapping an OpenAgenda export (JSON: an array of events, or `{ events: [...] }`) to Beffroi events,
 * tolerantly: multilingual fields take French, else the first language; one event per timing
 * (OpenAgenda events may have several), keyed by the OpenAgenda uid and the timing's start so that
 * a re-import updates instead of duplicating; keywords matched to the commune's topics. An item
 * that cannot be read (no uid, no title, no valid timing) is reported with its index and skipped.
 * Personal data of OpenAgenda members (names, e-mails) is never read.
 */
import { characterCount, textProblem } from '../../../platform/validation/text';
import type { Topic } from '../topics';
import { parisDay, parisDayStart, parisOffsetMs } from './paris';

export interface AgendaEventInput {
  /** The OpenAgenda event's uid. */
  sourceUid: string;
  /** One per timing: `<uid>@<start, ISO>`. */
  externalUid: string;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date | null;
  /** A timing from 00:00 to 23:59 Paris time: the days, starts at 00:00 and ends at 00:00 the day after. */
  allDay: boolean;
  place: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  topics: string[];
  sourceUrl: string | null;
}

export interface ImportProblem {
  /** Position of the item in the file (0-based). */
  index: number;
  uid: string | null;
  reason: string;
}

const TEXT_REASONS: Record<string, string> = {
  control_character: 'caractère de contrôle',
  line_break: 'saut de ligne',
  unpaired_surrogate: 'caractère Unicode invalide',
  too_long: 'trop long',
  empty: 'vide',
};

/**
 * A text of the file through the platform's text rules (`textProblem`): NFC, trimmed, at most
 * `max` characters. A one-line field too long, or any field with a refused character, is a problem
 * (the item is refused); a description too long is cut at a character boundary.
 */
function checked(value: string | null, max: number, opts: { multiline?: boolean; cut?: boolean; required?: boolean } = {}): { value: string | null } | { problem: string } {
  if (value === null) return opts.required ? { problem: 'empty' } : { value: null };
  const wellFormed = textProblem(value, true) !== 'unpaired_surrogate';
  const v = wellFormed ? value.normalize('NFC').trim() : value;
  const problem = textProblem(v, !!opts.multiline);
  if (problem) return { problem };
  if (!v) return opts.required ? { problem: 'empty' } : { value: null };
  if (characterCount(v) > max) return opts.cut ? { value: Array.from(v).slice(0, max).join('').trim() } : { problem: 'too_long' };
  return { value: v };
}

const MAX_TITLE = 200;
const MAX_DESCRIPTION = 5000;

/** A multilingual field: French, else English, else the first string; a plain string as it is. */
export function pickLanguage(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const o = value as Record<string, unknown>;
  for (const k of ['fr', 'en', ...Object.keys(o)]) {
    const v = o[k];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return null;
}

/** Text without HTML tags or Markdown emphasis, whitespace tidied, control characters out. */
export function plainText(value: string): string {
  return value
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/\*\*|__/g, '')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The topics whose id or label words appear in the keywords (whole words, accents ignored). */
export function topicsFor(keywords: readonly string[], topics: readonly Topic[]): string[] {
  const text = ` ${fold(keywords.join(' ')).replace(/[^a-z0-9]+/g, ' ')} `;
  const out: string[] = [];
  for (const t of topics) {
    const words = [t.id, ...fold(t.fr).split(/[^a-z0-9]+/)].filter((w) => w.length >= 5);
    if (words.some((w) => text.includes(` ${w} `) || text.includes(` ${w}s `))) out.push(t.id);
  }
  return out;
}

function date(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Paris wall-clock minutes since midnight of an instant. */
const parisMinutes = (d: Date) => {
  const local = new Date(d.getTime() + parisOffsetMs(d));
  return local.getUTCHours() * 60 + local.getUTCMinutes();
};
/** OpenAgenda writes an all-day timing as 00:00 to 23:59 (Paris time), on one day or several. */
export const isAllDay = (begin: Date, end: Date | null) => !!end && parisMinutes(begin) === 0 && parisMinutes(end) === 23 * 60 + 59;

const num = (v: unknown, min: number, max: number) => (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : null);

export function mapOpenAgenda(json: unknown, topics: readonly Topic[]): { events: AgendaEventInput[]; problems: ImportProblem[]; items: number } {
  const list = Array.isArray(json) ? json : json && typeof json === 'object' && Array.isArray((json as { events?: unknown }).events) ? (json as { events: unknown[] }).events : null;
  if (!list) return { events: [], problems: [{ index: -1, uid: null, reason: 'Ce n’est pas un export OpenAgenda : une liste d’événements (ou { "events": [...] }) est attendue.' }], items: 0 };
  const events: AgendaEventInput[] = [];
  const problems: ImportProblem[] = [];
  list.forEach((item, index) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      problems.push({ index, uid: null, reason: 'Élément qui n’est pas un événement.' });
      return;
    }
    const e = item as Record<string, unknown>;
    const uid = typeof e.uid === 'number' || (typeof e.uid === 'string' && /^[\w-]{1,64}$/.test(e.uid)) ? String(e.uid) : null;
    if (!uid) {
      problems.push({ index, uid: null, reason: 'Identifiant OpenAgenda (uid) absent.' });
      return;
    }
    const title = pickLanguage(e.title);
    if (!title) {
      problems.push({ index, uid, reason: 'Titre absent.' });
      return;
    }
    const timings = Array.isArray(e.timings) ? e.timings : [];
    const valid = timings
      .map((t) => (t && typeof t === 'object' ? { begin: date((t as { begin?: unknown }).begin), end: date((t as { end?: unknown }).end) } : null))
      .filter((t): t is { begin: Date; end: Date | null } => !!t && !!t.begin);
    if (!valid.length) {
      problems.push({ index, uid, reason: timings.length ? 'Aucun horaire lisible (timings).' : 'Aucun horaire (timings).' });
      return;
    }
    if (valid.length < timings.length) problems.push({ index, uid, reason: `${timings.length - valid.length} horaire(s) illisible(s) ignoré(s).` });
    const location = (e.location && typeof e.location === 'object' ? e.location : {}) as Record<string, unknown>;
    const keywords = (() => {
      const k = e.keywords;
      const v = Array.isArray(k) ? k : k && typeof k === 'object' ? ((k as Record<string, unknown>).fr ?? Object.values(k as object)[0]) : null;
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    })();
    const description = [pickLanguage(e.description), pickLanguage(e.longDescription)].filter((x): x is string => !!x).map(plainText);
    const link = typeof e.onlineAccessLink === 'string' && /^https?:\/\/[^\s]{1,500}$/.test(e.onlineAccessLink) ? e.onlineAccessLink : null;
    const fields = {
      title: checked(plainText(title), MAX_TITLE, { required: true }),
      description: checked([...new Set(description)].join('\n\n') || null, MAX_DESCRIPTION, { multiline: true, cut: true }),
      place: checked(pickLanguage(location.name), 200),
      address: checked(pickLanguage(location.address), 300),
    };
    const bad = Object.entries(fields).find(([, r]) => 'problem' in r) as [string, { problem: string }] | undefined;
    if (bad) {
      problems.push({ index, uid, reason: `Champ ${bad[0]} refusé (${TEXT_REASONS[bad[1].problem] ?? bad[1].problem}) : événement ignoré.` });
      return;
    }
    const text = (k: keyof typeof fields) => (fields[k] as { value: string | null }).value;
    for (const t of valid) {
      let endsAt = t.end && t.end.getTime() >= t.begin.getTime() ? t.end : null;
      let begin = t.begin;
      const allDay = isAllDay(t.begin, endsAt);
      if (allDay) {
        begin = parisDayStart(parisDay(t.begin));
        endsAt = parisDayStart(parisDay(endsAt!), 1);
      }
      events.push({
        sourceUid: uid,
        externalUid: `${uid}@${t.begin.toISOString()}`,
        title: text('title')!,
        description: text('description') ?? '',
        startsAt: begin,
        endsAt,
        allDay,
        place: text('place'),
        address: text('address'),
        lat: num(location.latitude, -90, 90),
        lng: num(location.longitude, -180, 180),
        topics: topicsFor([...keywords, title], topics),
        sourceUrl: link,
      });
    }
  });
  return { events, problems, items: list.length };
}
