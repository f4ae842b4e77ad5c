/**
 * The figures of a council act or of its summary: amounts (with their scale: "1,5 M€" is
 * 1 500 000 €), percentages, dates (with their role: a date of effect, a reference to an earlier
 * text, or another), durations, vote counts, plain numbers (in digits or in words), and the
 * contact facts the assistant's answer check knows (times, phones, e-mails, URLs, addresses).
 *
 * Built on the assistant's fact extraction (`extractFacts`, `numberCandidates`): the kinds it
 * does not know (votes, scaled amounts, durations, numbers in words, OCR noise) are taken out
 * first, and their characters hidden from it.
 *
 * Codes and OCR noise: a token where digits are glued to letters (a reference "2M2292301", or an
 * OCR's confusion "2O14", "l5 avril", "1 5O0 000 €" — the whole written number goes with it), and
 * a number whose groups were broken by stray spaces ("1 5 00 000 €"), is a `code`: no figure is
 * read from inside it, so it supports nothing in a summary, and a summary that shows it must
 * show it exactly as the act does. Ordinals ("1er", "2ème"), units ("18h00", "5M€") and legal
 * references ("L2121") are not codes.
 *
 * Pure module: no I/O.
 */
import { extractFacts, numberCandidates, type DateValue, type Fact } from '../../assistant/answer-check.js';

export type FigureKind =
  | 'amount'
  | 'percent'
  | 'date'
  | 'duration'
  | 'vote'
  | 'number'
  | 'time'
  | 'phone'
  | 'email'
  | 'url'
  | 'address'
  | 'code';

export type VoteRole = 'for' | 'against' | 'abstentions' | 'not_voting' | 'voters' | 'cast' | 'unanimous' | 'majority';
export type DateRole = 'effect' | 'reference' | 'other';
export type DurationUnit = 'year' | 'month' | 'week' | 'day';

export interface Figure {
  kind: FigureKind;
  /** As written. */
  raw: string;
  start: number;
  end: number;
  /** Candidate values: euros for an amount, the percentage, the duration in its unit, the count of a vote, the number. */
  values?: number[];
  unit?: DurationUnit;
  dates?: DateValue[];
  dateRole?: DateRole;
  vote?: VoteRole;
  /** Fact of the assistant's check (time, phone, e-mail, URL, address), checked by it. */
  fact?: Fact;
}

const MASK = '\u0001';
const SP = String.raw`[ \u00A0\u202F]`;
/** A number as written in French texts: "1 500 000", "1.500.000", "1,5", "8272.02". */
const NUM = String.raw`(?:\d{1,3}(?:${SP}\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)*)`;

// ---------------------------------------------------------------------------
// Numbers in words
// ---------------------------------------------------------------------------

const NUMBER_WORDS: Record<string, number> = {
  un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10, onze: 11,
  douze: 12, treize: 13, quatorze: 14, quinze: 15, seize: 16, vingt: 20, vingts: 20, trente: 30, quarante: 40,
  cinquante: 50, soixante: 60, cent: 100, cents: 100, mille: 1000,
};
const NUMBER_WORD_SOURCE = Object.keys(NUMBER_WORDS).sort((a, b) => b.length - a.length).join('|');
const NUMBER_WORDS_RE = new RegExp(String.raw`(?<![\p{L}\d])(?:${NUMBER_WORD_SOURCE})(?:(?:[-\s]|\s?-?et-?\s?)(?:${NUMBER_WORD_SOURCE}))*(?![\p{L}\d])`, 'giu');

/** Value of a French number in words ("quarante-trois", "quatre-vingt-dix", "deux mille"), or null. */
export function numberFromWords(text: string): number | null {
  const words = text.toLowerCase().split(/[-\s]+/).filter((w) => w && w !== 'et');
  if (words.length === 0 || words.some((w) => NUMBER_WORDS[w] === undefined)) return null;
  let total = 0;
  let current = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const v = NUMBER_WORDS[w]!;
    if (v === 1000) {
      total += (current || 1) * 1000;
      current = 0;
    } else if (v === 100) {
      current = (current || 1) * 100;
    } else if (v === 20 && words[i - 1] === 'quatre') {
      current = current - 4 + 80;
    } else {
      current += v;
    }
  }
  return total + current;
}

// ---------------------------------------------------------------------------
// Extraction
// ---------------------------------------------------------------------------

const ORDINAL_OR_UNIT = /^\d+(?:er|ère|ere|re|e|ème|eme|nd|nde|bis|ter|h\d{0,2}|min|km|m|m2|m²|kg|ha|kw|kwh|mw|mwh|md|mds|mrd|k|meur|keur|eur|euros?)$/iu;
const LEGAL_REFERENCE = /^[LRDA]\d{3,4}$/;
const OCR_CONFUSABLE = /\d[OoIl|]|[OoIl|]\d/;

function maskSpan(work: string[], start: number, end: number): void {
  for (let i = start; i < end; i++) work[i] = MASK;
}

/** Codes: digits glued to letters (OCR confusions with the number they touch), number groups broken by stray spaces. */
function findCodes(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}|]+/gu)) {
    const token = m[0];
    if (!/\d/.test(token) || !/[\p{L}|]/u.test(token)) continue;
    if (ORDINAL_OR_UNIT.test(token) || LEGAL_REFERENCE.test(token)) continue;
    let start = m.index;
    let end = m.index + token.length;
    // An OCR's confusion takes the whole written number with it: "1 5O0 000".
    for (; OCR_CONFUSABLE.test(token); ) {
      const left = /(?:\d{1,3}[ .,\u00A0\u202F])$/.exec(text.slice(Math.max(0, start - 4), start));
      if (!left) break;
      start -= left[0].length;
    }
    for (; OCR_CONFUSABLE.test(token); ) {
      const right = /^[ .,\u00A0\u202F][\dOo]{1,3}(?![\p{L}\d])/u.exec(text.slice(end, end + 5));
      if (!right) break;
      end += right[0].length;
    }
    spans.push({ start, end });
  }
  const broken = new RegExp(String.raw`(?<![\d.,])\d+(?:${SP}\d+)+(?=(?:[.,]\d+)?${SP}?(?:€|euros?\b|EUR\b|%))`, 'giu');
  for (const m of text.matchAll(broken)) {
    const groups = m[0].split(/[ \u00A0\u202F]/);
    if (groups.slice(1).some((g) => g.length !== 3) || (groups[0]?.length ?? 0) > 3) spans.push({ start: m.index, end: m.index + m[0].length });
  }
  return spans.sort((a, b) => a.start - b.start);
}

const SCALES: [RegExp, number][] = [
  [/^(?:md€|mds€|mrd€|milliards?)/i, 1e9],
  [/^(?:m€|meur|millions?)/i, 1e6],
  [/^(?:k€|keur|milliers?)/i, 1e3],
];
const SCALED_AMOUNT_RE = new RegExp(
  String.raw`(?<![\d.,])(${NUM})${SP}?(Md€|Mds€|Mrd€|M€|MEUR|k€|K€|KEUR|(?:milliards?|millions?|milliers?)${SP}?(?:d['’]${SP}?euros?|de${SP}euros?|€|EUR\b))`,
  'gu',
);
const VOTE_LABEL_RE =
  /(?<![\p{L}])(pour|contre|abstentions?|ne prend(?:nent)? pas part au vote|non[- ]participation|votants?|suffrages exprim[ée]s|exprim[ée]s)\s*[:=]\s*(\d{1,4})(?!\d)/giu;
const VOTE_NUMBER_FIRST_RE = /(?<![\d.,])(\d{1,4})\s+(voix\s+pour|votes?\s+pour|voix\s+contre|votes?\s+contre|abstentions?|votants?)(?![\p{L}])/giu;
const UNANIMITY_RE = /(?<![\p{L}])unanimit[ée](?![\p{L}])/giu;
const MAJORITY_RE = /(?<![\p{L}])(?:adopt[ée]e?s?|approuv[ée]e?s?)\s+(?:à|a)\s+la\s+majorit[ée](?![\p{L}])/giu;
const DURATION_RE = new RegExp(
  String.raw`(?<![\p{L}\d.,])(\d+(?:[.,]\d+)?|(?:${NUMBER_WORD_SOURCE})(?:(?:[-\s]|\s?-?et-?\s?)(?:${NUMBER_WORD_SOURCE}))*)${SP}?(ans|années?|mois|semaines?|jours?)(?![\p{L}])`,
  'giu',
);
const DURATION_UNITS: [RegExp, DurationUnit][] = [
  [/^an|^ann/i, 'year'],
  [/^mois/i, 'month'],
  [/^sem/i, 'week'],
  [/^jour/i, 'day'],
];

const EFFECT_BEFORE_RE =
  /(?:à|a) compter du|(?:à|a) partir du|(?:à|a) dater du|d[èe]s le|jusqu['’](?:au|à)|au plus tard le|prend(?:ra)? effet (?:le|au|du)|effet au|entre(?:ra)? en vigueur (?:le|au)|applicable (?:au|du|à partir du|le)|valable jusqu['’]au|(?:à|a) échéance du|d['’]ici (?:le|au)|(?:à|a) effet du|au titre de l['’](?:année|exercice)|pour l['’](?:année|exercice)|pour une durée .{0,40}(?:du|à compter du)/i;
const REFERENCE_BEFORE_RE =
  /(?:en date du|s[ée]ance (?:publique )?du|convoqu[ée]e? le|publi[ée]e? le|(?:loi|d[ée]cret|arr[êe]t[ée]|ordonnance|d[ée]lib[ée]ration|circulaire|directive|code)\b[^.;]{0,60}?\bdu|vu\b[^.;]{0,80}?\bdu|r[ée]union du|le conseil municipal,? en sa s[ée]ance du)/i;

function dateRole(text: string, start: number): DateRole {
  const before = text.slice(Math.max(0, start - 90), start).replace(/\s+/g, ' ');
  const near = before.slice(-45);
  if (new RegExp(`(?:${EFFECT_BEFORE_RE.source})\\s*(?:le\\s*)?$`, 'i').test(near)) return 'effect';
  if (new RegExp(`(?:${REFERENCE_BEFORE_RE.source})\\s*(?:le\\s*)?$`, 'i').test(before)) return 'reference';
  return 'other';
}

function scaleOf(unit: string): number {
  for (const [re, scale] of SCALES) if (re.test(unit)) return scale;
  return 1;
}

const roundValue = (n: number) => Math.round(n * 1e6) / 1e6;

/** All figures of a text, in order; each character belongs to at most one figure. */
export function extractFigures(text: string): Figure[] {
  // One entry per UTF-16 unit, so that offsets in the masked text are offsets in `text`.
  const workUnits = text.split('');
  const figures: Figure[] = [];
  const free = (start: number, end: number) => {
    for (let i = start; i < end; i++) if (workUnits[i] === MASK) return false;
    return true;
  };
  const take = (f: Figure) => {
    if (!free(f.start, f.end)) return;
    figures.push(f);
    maskSpan(workUnits, f.start, f.end);
  };
  const current = () => workUnits.join('');

  for (const span of findCodes(text)) take({ kind: 'code', raw: text.slice(span.start, span.end), ...span });

  let w = current();
  for (const m of w.matchAll(VOTE_LABEL_RE)) {
    const label = m[1]!.toLowerCase();
    const role: VoteRole = label.startsWith('pour')
      ? 'for'
      : label.startsWith('contre')
        ? 'against'
        : label.startsWith('abstention')
          ? 'abstentions'
          : label.startsWith('votant')
            ? 'voters'
            : label.includes('exprim')
              ? 'cast'
              : 'not_voting';
    take({ kind: 'vote', vote: role, raw: text.slice(m.index, m.index + m[0].length), start: m.index, end: m.index + m[0].length, values: [Number(m[2])] });
  }
  w = current();
  for (const m of w.matchAll(VOTE_NUMBER_FIRST_RE)) {
    const label = m[2]!.toLowerCase();
    const role: VoteRole = label.includes('pour') ? 'for' : label.includes('contre') ? 'against' : label.startsWith('abstention') ? 'abstentions' : 'voters';
    take({ kind: 'vote', vote: role, raw: text.slice(m.index, m.index + m[0].length), start: m.index, end: m.index + m[0].length, values: [Number(m[1])] });
  }
  w = current();
  for (const m of w.matchAll(UNANIMITY_RE)) take({ kind: 'vote', vote: 'unanimous', raw: m[0], start: m.index, end: m.index + m[0].length });
  for (const m of w.matchAll(MAJORITY_RE)) take({ kind: 'vote', vote: 'majority', raw: m[0], start: m.index, end: m.index + m[0].length });

  w = current();
  for (const m of w.matchAll(SCALED_AMOUNT_RE)) {
    const scale = scaleOf(m[2]!);
    const values = numberCandidates(m[1]!).map((v) => roundValue(Number(v) * scale));
    take({ kind: 'amount', raw: text.slice(m.index, m.index + m[0].length), start: m.index, end: m.index + m[0].length, values });
  }
  w = current();
  for (const m of w.matchAll(DURATION_RE)) {
    const n = /\d/.test(m[1]!) ? numberCandidates(m[1]!).map(Number) : [numberFromWords(m[1]!)].filter((v): v is number => v !== null);
    if (n.length === 0) continue;
    // "un an" and "une année" are durations too; a lone "un"/"une" elsewhere is an article.
    const unit = DURATION_UNITS.find(([re]) => re.test(m[2]!))![1];
    take({ kind: 'duration', raw: text.slice(m.index, m.index + m[0].length), start: m.index, end: m.index + m[0].length, values: n, unit });
  }

  // The assistant's extraction on what is left (hidden characters are not digits nor letters to it).
  w = current();
  for (const fact of extractFacts(w)) {
    if (!free(fact.start, fact.end)) continue;
    const raw = text.slice(fact.start, fact.end);
    const base = { raw, start: fact.start, end: fact.end };
    switch (fact.kind) {
      case 'amount':
      case 'percent':
      case 'number':
        take({ ...base, kind: fact.kind, values: (fact.values ?? []).map(Number) });
        break;
      case 'date':
        // "L. 2221-5-1" reads as an ISO date to the assistant: a year no council act dates is a reference code.
        if ((fact.dates ?? []).some((d) => d.year !== undefined && (d.year < 1800 || d.year > 2200))) take({ ...base, kind: 'code' });
        else take({ ...base, kind: 'date', dates: fact.dates ?? [], dateRole: dateRole(text, fact.start) });
        break;
      default:
        take({ ...base, kind: fact.kind, fact: { ...fact, raw } });
    }
  }

  // Numbers in words ("quarante-trois", "deux mille"), but not a lone "un"/"une" (an article) nor "neuf" (new).
  w = current();
  for (const m of w.matchAll(NUMBER_WORDS_RE)) {
    const lower = m[0].toLowerCase();
    if (lower === 'un' || lower === 'une' || lower === 'neuf' || lower === 'cent' || lower === 'cents') continue;
    const value = numberFromWords(m[0]);
    if (value === null) continue;
    const after = w.slice(m.index + m[0].length, m.index + m[0].length + 12);
    const percent = /^\s?(?:%|pour\s?cent)/i.exec(after);
    const end = m.index + m[0].length + (percent ? percent[0].length : 0);
    take({ kind: percent ? 'percent' : 'number', raw: text.slice(m.index, end), start: m.index, end, values: [value] });
  }
  return figures.sort((a, b) => a.start - b.start);
}
