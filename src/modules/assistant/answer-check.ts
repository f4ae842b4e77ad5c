/**
 * Gate that a generated answer must pass before anyone sees it.
 *
 * - Every sentence of three words or more must cite at least one passage
 *   (`[1]`, `[1][3]`, `[1, 3]`, `[1-3]`), and every citation must point to an
 *   existing passage (1-based, in the order given to the model).
 * - Every checkable fact of a sentence (numbers, times, amounts, percentages,
 *   dates, phone numbers, e-mails, URLs, street addresses) must appear in at
 *   least one of the passages that sentence cites, compared after
 *   normalisation.
 *
 * Pure module: no I/O.
 */
import { findEmails, findPhoneNumbers, findStreetAddresses } from '../../platform/privacy/redact.js';

export interface AnswerPassage {
  id: string;
  text: string;
}

export interface AnswerSentence {
  /** Sentence as written in the answer (citations included, trimmed). */
  text: string;
  /** Cited passage numbers (1-based, sorted, unique; may include unknown numbers). */
  citations: number[];
  /** Offsets in the answer. */
  start: number;
  end: number;
}

export type AnswerFailureKind =
  | 'uncited_sentence'
  | 'unknown_citation'
  | 'unsupported_number'
  | 'unsupported_date'
  | 'unsupported_amount'
  | 'unsupported_phone'
  | 'unsupported_email'
  | 'unsupported_url'
  | 'unsupported_address'
  | 'empty';

export interface AnswerFailure {
  kind: AnswerFailureKind;
  /** Index in `sentences` (0-based); -1 for answer-level failures (`empty`). */
  sentence: number;
  detail: string;
}

export interface AnswerCheckResult {
  ok: boolean;
  sentences: AnswerSentence[];
  failures: AnswerFailure[];
}

/** Minimum number of words from which a sentence must carry a citation. */
export const MIN_WORDS_REQUIRING_CITATION = 3;

// ---------------------------------------------------------------------------
// Citations
// ---------------------------------------------------------------------------

const CITATION_SOURCE = String.raw`\[\s*\d{1,3}\s*(?:(?:[,;]|[-–])\s*\d{1,3}\s*)*\](?!\()`;
const CITATION_RE = new RegExp(CITATION_SOURCE, 'g');

function parseCitation(marker: string): number[] {
  const inner = marker.slice(1, -1);
  const out: number[] = [];
  for (const part of inner.split(/[,;]/)) {
    const range = /^\s*(\d+)\s*[-–]\s*(\d+)\s*$/.exec(part);
    if (range) {
      const a = Number(range[1]);
      const b = Number(range[2]);
      if (b >= a && b - a <= 50) {
        for (let i = a; i <= b; i++) out.push(i);
      } else {
        out.push(a, b);
      }
      continue;
    }
    const n = Number(part.trim());
    if (Number.isInteger(n)) out.push(n);
  }
  return out;
}

/** Removes citation markers (`[1]`, `[1][3]`, `[1, 3]`) and the spaces before them. */
export function stripCitations(text: string): string {
  return text.replace(new RegExp(String.raw`[ \t\u00A0]*(?:${CITATION_SOURCE})`, 'g'), '');
}

// ---------------------------------------------------------------------------
// Sentence splitting
// ---------------------------------------------------------------------------

/** Abbreviations after which a period does not end a sentence. */
const ABBREVIATIONS = new Set(
  [
    'm', 'mm', 'mme', 'mmes', 'mlle', 'mlles', 'dr', 'pr', 'me', 'mgr', 'st', 'ste', 'sts',
    'art', 'al', 'cf', 'p', 'pp', 'ex', 'env', 'min', 'max', 'tél', 'tel', 'fax', 'hab', 'vol',
    'chap', 'éd', 'ed', 'coll', 'janv', 'févr', 'fév', 'avr', 'juil', 'sept', 'oct', 'nov',
    'déc', 'av', 'bd', 'bld', 'boul', 'pl', 'imp', 'ch', 'rte', 'sq', 'fbg', 'all', 'rés',
    'dép', 'dept', 'réf', 'ref', 'no', 'nos', 'n°', 'vs', 'mr', 'mrs', 'ms', 'jr', 'sr', 'inc',
    'approx', 'e.g', 'i.e', 'etc', 'cad', 'c.-à-d', 'c-à-d', 'resp', 'tit', 'suiv', 'sqq',
    'ord', 'hr', 'prof', 'gén', 'gal', 'cdt', 'lt', 'cne', 'cie', 'ets', 'sté', 'fig',
  ].map((a) => a.toLowerCase()),
);

const CLOSERS = `"'”’»)]*_`;

interface RawSentence {
  start: number;
  end: number;
  heading: boolean;
}

function isAbbreviationBefore(line: string, dotIndex: number): boolean {
  const before = line.slice(0, dotIndex);
  const word = /([\p{L}°][\p{L}°.-]*)$/u.exec(before);
  if (!word) return false;
  const w = word[1] as string;
  const lower = w.toLowerCase();
  // Single capital letter: initial ("J. Dupont", "article L. 2212-2").
  if (/^\p{Lu}$/u.test(w)) return true;
  if (lower === 'etc') {
    // "etc." ends the sentence when followed by a capital letter.
    const next = /^\s*(\S)/u.exec(line.slice(dotIndex + 1));
    return !(next && /\p{Lu}/u.test(next[1] as string));
  }
  return ABBREVIATIONS.has(lower) || ABBREVIATIONS.has(lower.replace(/\.$/, ''));
}

/** Splits one line's content [from, to) into sentences. */
function splitLine(answer: string, from: number, to: number, heading: boolean): RawSentence[] {
  const line = answer.slice(from, to);
  const out: RawSentence[] = [];
  let sentenceStart = 0;
  let i = 0;
  while (i < line.length) {
    const ch = line[i] as string;
    if (ch === '.' || ch === '!' || ch === '?' || ch === '…') {
      // Run of terminators ("...", "?!").
      let j = i;
      while (j < line.length && '.!?…'.includes(line[j] as string)) j++;
      // Closing quotes / brackets / emphasis.
      while (j < line.length && CLOSERS.includes(line[j] as string)) j++;
      const atEnd = j >= line.length;
      const followedBySpace = !atEnd && /\s/.test(line[j] as string);
      const followedByCitation = !atEnd && line[j] === '[';
      if (!atEnd && !followedBySpace && !followedByCitation) {
        i = j;
        continue;
      }
      if (ch === '.' && j === i + 1 && isAbbreviationBefore(line, i)) {
        i = j;
        continue;
      }
      // Absorb citations placed after the terminator: "… 9 h. [1][2] Ensuite".
      let k = j;
      for (;;) {
        const m = new RegExp(String.raw`^[ \t\u00A0]*(?:${CITATION_SOURCE})`).exec(line.slice(k));
        if (!m) break;
        k += m[0].length;
      }
      if (k < line.length && !/\s/.test(line[k] as string)) {
        i = k;
        continue;
      }
      out.push({ start: from + sentenceStart, end: from + k, heading });
      sentenceStart = k;
      i = k;
      continue;
    }
    i++;
  }
  if (sentenceStart < line.length) out.push({ start: from + sentenceStart, end: from + line.length, heading });
  return out;
}

const HEADING_RE = /^[ \t]{0,3}#{1,6}[ \t]+(?:\d+(?:\.\d+)*[.)]?[ \t]+)?/;
const BULLET_RE = /^[ \t]*(?:>[ \t]*)*(?:[-*+•·–][ \t]+|\d{1,3}[.)][ \t]+|[a-z]\)[ \t]+)?/;

/** Splits an answer into sentences (French-aware), with offsets in the answer. */
export function splitSentences(answer: string): { start: number; end: number; heading: boolean }[] {
  const raw: RawSentence[] = [];
  let lineStart = 0;
  while (lineStart <= answer.length) {
    let lineEnd = answer.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = answer.length;
    const line = answer.slice(lineStart, lineEnd);
    const headingPrefix = HEADING_RE.exec(line);
    const prefix = headingPrefix ?? BULLET_RE.exec(line);
    const contentStart = lineStart + (prefix ? prefix[0].length : 0);
    raw.push(...splitLine(answer, contentStart, lineEnd, headingPrefix !== null));
    lineStart = lineEnd + 1;
  }
  // Trim; merge citation-only fragments into the previous sentence; drop
  // fragments without any letter or digit (rules, table separators…).
  const out: RawSentence[] = [];
  for (const s of raw) {
    let { start, end } = s;
    while (start < end && /\s/.test(answer[start] as string)) start++;
    while (end > start && /\s/.test(answer[end - 1] as string)) end--;
    if (start >= end) continue;
    const text = answer.slice(start, end);
    const withoutCitations = text.replace(CITATION_RE, '');
    if (!/[\p{L}\p{N}]/u.test(withoutCitations)) {
      const previous = out[out.length - 1];
      if (previous && CITATION_RE.test(text)) previous.end = end;
      CITATION_RE.lastIndex = 0;
      continue;
    }
    out.push({ start, end, heading: s.heading });
  }
  return out;
}

function countWords(text: string): number {
  const cleaned = stripCitations(text).replace(/[*_`#>|]/g, ' ');
  return (cleaned.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? []).length;
}

// ---------------------------------------------------------------------------
// Fact extraction
// ---------------------------------------------------------------------------

export type FactKind = 'url' | 'email' | 'phone' | 'address' | 'date' | 'time' | 'amount' | 'percent' | 'number';

export interface DateValue {
  day?: number;
  month: number;
  year?: number;
}

export interface Fact {
  kind: FactKind;
  raw: string;
  start: number;
  end: number;
  /** Normalised key (url, email, phone, address, time). */
  key?: string;
  /** Candidate numeric values (amount, percent, number), canonical strings. */
  values?: string[];
  /** Dates (several for "du 12 au 15 mars"). */
  dates?: DateValue[];
}

const FILL = '\u0001';

const MONTHS: [RegExp, number][] = [
  [/^(?:janvier|janv\.?|january|jan\.?)$/i, 1],
  [/^(?:février|fevrier|févr\.?|fevr\.?|fév\.?|fev\.?|february|feb\.?)$/i, 2],
  [/^(?:mars|march|mar\.?)$/i, 3],
  [/^(?:avril|avr\.?|april|apr\.?)$/i, 4],
  [/^(?:mai|may)$/i, 5],
  [/^(?:juin|june|jun\.?)$/i, 6],
  [/^(?:juillet|juil\.?|july|jul\.?)$/i, 7],
  [/^(?:août|aout|august|aug\.?)$/i, 8],
  [/^(?:septembre|sept\.?|september|sep\.?)$/i, 9],
  [/^(?:octobre|oct\.?|october)$/i, 10],
  [/^(?:novembre|nov\.?|november)$/i, 11],
  [/^(?:décembre|decembre|déc\.?|dec\.?|december)$/i, 12],
];
const MONTH_SOURCE =
  'janvier|janv\\.?|january|jan\\.?|février|fevrier|févr\\.?|fevr\\.?|fév\\.?|fev\\.?|february|feb\\.?|mars|march|mar\\.|avril|avr\\.?|april|apr\\.?|mai|may|juin|june|jun\\.?|juillet|juil\\.?|july|jul\\.?|août|aout|august|aug\\.?|septembre|sept\\.?|september|sep\\.?|octobre|oct\\.?|october|novembre|nov\\.?|november|décembre|decembre|déc\\.?|dec\\.?|december';

function monthNumber(word: string): number | undefined {
  for (const [re, n] of MONTHS) if (re.test(word)) return n;
  return undefined;
}

function normaliseYear(y: string): number {
  const n = Number(y);
  if (y.length === 2) return n < 70 ? 2000 + n : 1900 + n;
  return n;
}

/** Canonical string of a finite number ("35", "3.5"). */
function canonical(n: number): string {
  return String(Math.round(n * 1e6) / 1e6);
}

/** All plausible numeric values of a written number ("1.250" → 1250 and 1.25). */
export function numberCandidates(raw: string): string[] {
  const s = raw.replace(/[\u00A0\u202F\u2009 ']/g, ' ').trim();
  const out = new Set<string>();
  const compact = s.replace(/ /g, '');
  // Thousands separated by spaces: "1 250 000", "1 250,50".
  if (/^\d{1,3}(?: \d{3})+(?:[.,]\d+)?$/.test(s)) {
    out.add(canonical(Number(compact.replace(',', '.'))));
    return [...out];
  }
  if (/^\d+$/.test(compact)) return [canonical(Number(compact))];
  const m = /^(\d+)([.,])(\d+)$/.exec(compact);
  if (m) {
    const [, a, , b] = m as unknown as [string, string, string, string];
    out.add(canonical(Number(`${a}.${b}`)));
    if (b.length === 3) out.add(canonical(Number(a + b))); // thousands separator
    return [...out];
  }
  // Mixed separators: "1.250,50" or "1,250.50".
  const mixed = /^(\d{1,3}(?:([.,])\d{3})+)([.,])(\d+)$/.exec(compact);
  if (mixed && mixed[2] !== mixed[3]) {
    const intPart = (mixed[1] as string).replace(/[.,]/g, '');
    out.add(canonical(Number(`${intPart}.${mixed[4]}`)));
    return [...out];
  }
  const groups = /^\d{1,3}(?:([.,])\d{3})+$/.exec(compact);
  if (groups) {
    out.add(canonical(Number(compact.replace(/[.,]/g, ''))));
    return [...out];
  }
  const digits = compact.replace(/\D/g, '');
  if (digits) out.add(canonical(Number(digits)));
  return [...out];
}

/** Canonical phone digits: national French form for +33 / 0033 numbers. */
export function normalisePhone(raw: string): string {
  let digits = raw.replace(/\D/g, '');
  const international = /^\s*(?:\+|00)/.test(raw);
  if (digits.startsWith('00')) digits = digits.slice(2);
  if (international && digits.startsWith('33')) {
    let rest = digits.slice(2);
    if (rest.startsWith('0') && rest.length === 10) rest = rest.slice(1);
    return `0${rest}`;
  }
  return international ? `+${digits}` : digits;
}

/** Normalised URL: no scheme, no "www.", lower-case host, no trailing slash or punctuation. */
export function normaliseUrl(raw: string): string {
  let u = raw.replace(/&amp;/g, '&').trim();
  u = trimUrlTail(u);
  u = u.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  u = u.replace(/^www\./i, '');
  const cut = u.search(/[/?#]/);
  const host = (cut < 0 ? u : u.slice(0, cut)).toLowerCase().replace(/\.$/, '');
  let rest = cut < 0 ? '' : u.slice(cut);
  rest = rest.replace(/#$/, '').replace(/\/+$/, '');
  if (rest === '/' || rest === '?') rest = '';
  return host + rest;
}

function urlHost(normalised: string): string {
  const cut = normalised.search(/[/?#]/);
  return cut < 0 ? normalised : normalised.slice(0, cut);
}

function trimUrlTail(u: string): string {
  let s = u;
  for (;;) {
    const last = s[s.length - 1];
    if (last === undefined) return s;
    if ('.,;:!?»"\'*_>'.includes(last)) {
      s = s.slice(0, -1);
      continue;
    }
    if (last === ')' || last === ']' || last === '}') {
      const open = last === ')' ? '(' : last === ']' ? '[' : '{';
      const opens = s.split(open).length - 1;
      const closes = s.split(last).length - 1;
      if (closes > opens) {
        s = s.slice(0, -1);
        continue;
      }
    }
    return s;
  }
}

const STREET_ABBREVIATIONS: [RegExp, string][] = [
  [/\bav(?:e)?\b\.?/g, 'avenue'],
  [/\b(?:bd|bld|boul)\b\.?/g, 'boulevard'],
  [/\bpl\b\.?/g, 'place'],
  [/\bimp\b\.?/g, 'impasse'],
  [/\bch\b\.?/g, 'chemin'],
  [/\brte\b\.?/g, 'route'],
  [/\bsq\b\.?/g, 'square'],
  [/\ball\b\.?/g, 'allee'],
  [/\bfbg\b\.?/g, 'faubourg'],
  [/\bres\b\.?/g, 'residence'],
  [/\blot\b\./g, 'lotissement'],
  [/\bst\b\.?/g, 'saint'],
  [/\bste\b\.?/g, 'sainte'],
  [/\bgal\b\.?/g, 'general'],
  [/\bmal\b\.?/g, 'marechal'],
];

/** Lower-case, accent-free, abbreviation-expanded, punctuation-free text. */
export function normaliseForAddress(text: string): string {
  let s = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’']/g, ' ');
  for (const [re, full] of STREET_ABBREVIATIONS) s = s.replace(re, full);
  s = s.replace(/(\d)\s*(bis|ter|quater)\b/g, '$1 $2');
  return ` ${s.replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
}

const NUM = String.raw`(?:\d{1,3}(?:[ \u00A0\u202F]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)*)`;

interface Extractor {
  kind: FactKind;
  find: (work: string) => { start: number; end: number; fact: Omit<Fact, 'kind' | 'raw' | 'start' | 'end'> }[];
}

function regexExtractor(
  kind: FactKind,
  re: RegExp,
  build: (m: RegExpExecArray) => Omit<Fact, 'kind' | 'raw' | 'start' | 'end'> | null,
  span?: (m: RegExpExecArray) => { start: number; end: number },
): Extractor {
  return {
    kind,
    find(work) {
      const out: ReturnType<Extractor['find']> = [];
      re.lastIndex = 0;
      for (let m = re.exec(work); m; m = re.exec(work)) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        const fact = build(m);
        if (!fact) continue;
        const sp = span ? span(m) : { start: m.index, end: m.index + m[0].length };
        out.push({ ...sp, fact });
      }
      return out;
    },
  };
}

// eslint-disable-next-line no-control-regex -- \u0001 marks characters already consumed by another fact
const URL_RE = /(?:\b[a-z][a-z0-9+.-]*:\/\/|\bwww\.)[^\s<>"\u0001`]+/gi;
const BARE_DOMAIN_RE =
  // eslint-disable-next-line no-control-regex -- \u0001 marks characters already consumed by another fact
  /(?<![\p{L}\p{N}@.\-/])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:fr|com|org|net|eu|info|io|bzh|re|gp|mq|gf|yt|pm|nc|pf|be|ch|lu|de|uk|es|it|gov|edu|paris|alsace|corsica)(?![\p{L}\p{N}-])(?:\/[^\s<>"\u0001`]*)?/giu;

const DATE_LIST_RE = new RegExp(
  String.raw`(?<![\d.,/])(\d{1,2})(?:er|ᵉʳ)?((?:\s*(?:,|et|au|à|-|–|and|to)\s*\d{1,2}(?:er|ᵉʳ)?)*)\s+(${MONTH_SOURCE})(?![\p{L}])(?:\s+(\d{4}))?(?!\d)`,
  'giu',
);
const DATE_EN_RE = new RegExp(
  String.raw`(?<![\p{L}])(${MONTH_SOURCE})\s+(\d{1,2})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(\d{4}))?(?!\d)`,
  'giu',
);
const DATE_MONTH_YEAR_RE = new RegExp(String.raw`(?<![\p{L}])(${MONTH_SOURCE})\s+(\d{4})(?!\d)`, 'giu');
const DATE_NUMERIC_RE = /(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.-]?\d)/g;
const DATE_ISO_RE = /(?<![\d/.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])/g;

const TIME_RE =
  /(?<![\d.,:])([01]?\d|2[0-4])\s?(?:h|H|heures?|heure)(?![\p{L}])(?:\s?([0-5]\d)(?!\d)(?:\s?(?:min|mn)\b)?)?/gu;
const TIME_COLON_RE = /(?<![\d.,:])([01]?\d|2[0-3]):([0-5]\d)(?!\d)(?:\s?([ap])\.?m\.?(?![\p{L}]))?/giu;
const TIME_AMPM_RE = /(?<![\d.,:])(1[0-2]|0?\d)\s?([ap])\.?m\.?(?![\p{L}])/giu;

const AMOUNT_RE = new RegExp(
  String.raw`(?<![\d.,])(${NUM})\s?(?:€|euros?\b|EUR\b|eur\b)|(?:€|EUR\b)\s?(${NUM})(?![\d])`,
  'giu',
);
const PERCENT_RE = new RegExp(String.raw`(?<![\d.,])(${NUM})\s?(?:%|pour\s?cent\b|percent\b|pourcents?\b)`, 'giu');
const NUMBER_RE = new RegExp(String.raw`(?<![\d.,])${NUM}(?:er|ᵉʳ|e|ème|eme)?`, 'gu');

function timeKey(h: number, m: number): string {
  return `${h}:${String(m).padStart(2, '0')}`;
}

const EXTRACTORS: Extractor[] = [
  regexExtractor('url', URL_RE, (m) => {
    const trimmed = trimUrlTail(m[0]);
    if (trimmed.length < 5) return null;
    return { key: normaliseUrl(trimmed) };
  }, (m) => ({ start: m.index, end: m.index + trimUrlTail(m[0]).length })),
  {
    kind: 'email',
    find: (work) => findEmails(work).map((r) => ({ start: r.start, end: r.end, fact: { key: work.slice(r.start, r.end).toLowerCase() } })),
  },
  regexExtractor('url', BARE_DOMAIN_RE, (m) => ({ key: normaliseUrl(trimUrlTail(m[0])) }), (m) => ({
    start: m.index,
    end: m.index + trimUrlTail(m[0]).length,
  })),
  {
    kind: 'phone',
    find: (work) =>
      findPhoneNumbers(work).map((r) => ({ start: r.start, end: r.end, fact: { key: normalisePhone(work.slice(r.start, r.end)) } })),
  },
  {
    kind: 'address',
    find: (work) =>
      findStreetAddresses(work).map((r) => ({ start: r.start, end: r.end, fact: { key: normaliseForAddress(work.slice(r.start, r.end)).trim() } })),
  },
  regexExtractor('date', DATE_ISO_RE, (m) => {
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (month < 1 || month > 12 || day < 1 || day > 31) return null;
    return { dates: [{ day, month, year: Number(m[1]) }] };
  }),
  regexExtractor('date', DATE_NUMERIC_RE, (m) => {
    let day = Number(m[1]);
    let month = Number(m[3]);
    // French order (d/m/y); fall back to m/d/y when the day cannot be a month.
    if (month > 12 && day <= 12) [day, month] = [month, day];
    if (month < 1 || month > 12 || day < 1 || day > 31) return null;
    return { dates: [{ day, month, year: normaliseYear(m[4] as string) }] };
  }),
  regexExtractor('date', DATE_LIST_RE, (m) => {
    const month = monthNumber(m[3] as string);
    if (month === undefined) return null;
    const year = m[4] !== undefined ? Number(m[4]) : undefined;
    const days = [m[1] as string, ...((m[2] ?? '').match(/\d{1,2}/g) ?? [])].map(Number);
    if (days.some((d) => d < 1 || d > 31)) return null;
    return { dates: days.map((day) => (year === undefined ? { day, month } : { day, month, year })) };
  }),
  regexExtractor('date', DATE_EN_RE, (m) => {
    const month = monthNumber(m[1] as string);
    const day = Number(m[2]);
    if (month === undefined || day < 1 || day > 31) return null;
    // "mars 12" in French is unusual; only accept when the month word is English-like or a year follows.
    return { dates: [m[3] !== undefined ? { day, month, year: Number(m[3]) } : { day, month }] };
  }),
  regexExtractor('date', DATE_MONTH_YEAR_RE, (m) => {
    const month = monthNumber(m[1] as string);
    if (month === undefined) return null;
    return { dates: [{ month, year: Number(m[2]) }] };
  }),
  regexExtractor('time', TIME_COLON_RE, (m) => {
    let h = Number(m[1]);
    const ampm = m[3]?.toLowerCase();
    if (ampm === 'p' && h < 12) h += 12;
    if (ampm === 'a' && h === 12) h = 0;
    return { key: timeKey(h, Number(m[2])) };
  }),
  regexExtractor('time', TIME_AMPM_RE, (m) => {
    let h = Number(m[1]);
    const ampm = (m[2] as string).toLowerCase();
    if (ampm === 'p' && h < 12) h += 12;
    if (ampm === 'a' && h === 12) h = 0;
    return { key: timeKey(h, 0) };
  }),
  regexExtractor('time', TIME_RE, (m) => ({ key: timeKey(Number(m[1]), m[2] !== undefined ? Number(m[2]) : 0) })),
  regexExtractor('amount', AMOUNT_RE, (m) => ({ values: numberCandidates((m[1] ?? m[2]) as string) })),
  regexExtractor('percent', PERCENT_RE, (m) => ({ values: numberCandidates(m[1] as string) })),
  regexExtractor('number', NUMBER_RE, (m) => ({ values: numberCandidates(m[0].replace(/(?:er|ᵉʳ|e|ème|eme)$/u, '')) })),
];

/**
 * Extracts checkable facts from a text, most specific first; each character
 * belongs to at most one fact.
 */
export function extractFacts(text: string): Fact[] {
  let work = text;
  const facts: Fact[] = [];
  for (const extractor of EXTRACTORS) {
    const accepted = extractor
      .find(work)
      .filter((f) => !work.slice(f.start, f.end).includes(FILL))
      .sort((a, b) => a.start - b.start);
    if (accepted.length === 0) continue;
    const pieces: string[] = [];
    let cursor = 0;
    for (const f of accepted) {
      if (f.start < cursor) continue; // overlapping match of the same extractor
      facts.push({ kind: extractor.kind, raw: text.slice(f.start, f.end), start: f.start, end: f.end, ...f.fact });
      pieces.push(work.slice(cursor, f.start), FILL.repeat(f.end - f.start));
      cursor = f.end;
    }
    pieces.push(work.slice(cursor));
    work = pieces.join('');
  }
  return facts.sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------------------
// Passage index
// ---------------------------------------------------------------------------

export interface PassageIndex {
  numbers: Set<string>;
  amounts: Set<string>;
  percents: Set<string>;
  times: Set<string>;
  dates: DateValue[];
  phones: Set<string>;
  emails: Set<string>;
  urls: Set<string>;
  hosts: Set<string>;
  addressText: string;
}

/** The checkable facts of one passage, for factSupported. */
export function indexPassage(text: string): PassageIndex {
  const index: PassageIndex = {
    numbers: new Set(),
    amounts: new Set(),
    percents: new Set(),
    times: new Set(),
    dates: [],
    phones: new Set(),
    emails: new Set(),
    urls: new Set(),
    hosts: new Set(),
    addressText: normaliseForAddress(text),
  };
  // Numbers count only where they are written as numbers: digits inside
  // phone numbers, URLs or e-mails do not support a bare number of the answer.
  for (const f of extractFacts(text)) {
    switch (f.kind) {
      case 'amount':
        for (const v of f.values ?? []) index.amounts.add(v);
        break;
      case 'percent':
        for (const v of f.values ?? []) index.percents.add(v);
        break;
      case 'number':
        for (const v of f.values ?? []) index.numbers.add(v);
        break;
      case 'time':
        if (f.key) {
          index.times.add(f.key);
          index.numbers.add(f.key.split(':')[0] as string);
        }
        break;
      case 'date':
        index.dates.push(...(f.dates ?? []));
        for (const d of f.dates ?? []) {
          if (d.day !== undefined) index.numbers.add(String(d.day));
          if (d.year !== undefined) index.numbers.add(String(d.year));
        }
        break;
      case 'phone':
        if (f.key) index.phones.add(f.key);
        break;
      case 'email':
        if (f.key) index.emails.add(f.key);
        break;
      case 'url':
        if (f.key) {
          index.urls.add(f.key);
          index.hosts.add(urlHost(f.key));
        }
        break;
      case 'address':
        break;
    }
  }
  return index;
}

function dateSupported(d: DateValue, indexes: PassageIndex[]): boolean {
  return indexes.some((idx) =>
    idx.dates.some(
      (p) =>
        p.month === d.month &&
        (d.day === undefined || p.day === d.day) &&
        (d.year === undefined || p.year === d.year || (p.year === undefined && idx.numbers.has(String(d.year)))),
    ),
  );
}

function addressSupported(key: string, indexes: PassageIndex[]): boolean {
  const tokens = key.split(' ').filter(Boolean);
  return indexes.some((idx) => {
    if (idx.addressText.includes(` ${tokens.join(' ')} `)) return true;
    // Street part verbatim, and the remaining tokens (postcode, town) present.
    for (let n = tokens.length - 1; n >= 3; n--) {
      if (idx.addressText.includes(` ${tokens.slice(0, n).join(' ')} `)) {
        return tokens.slice(n).every((t) => idx.addressText.includes(` ${t} `));
      }
    }
    return false;
  });
}

/** Whether a fact of an answer is found in at least one of the indexed passages. */
export function factSupported(f: Fact, indexes: PassageIndex[]): boolean {
  if (indexes.length === 0) return false;
  switch (f.kind) {
    case 'url':
      return indexes.some((i) => i.urls.has(f.key ?? '') || (!/[/?#]/.test(f.key ?? '') && i.hosts.has(f.key ?? '')));
    case 'email':
      return indexes.some((i) => i.emails.has(f.key ?? ''));
    case 'phone':
      return indexes.some((i) => i.phones.has(f.key ?? ''));
    case 'address':
      return addressSupported(f.key ?? '', indexes);
    case 'date':
      return (f.dates ?? []).every((d) => dateSupported(d, indexes));
    case 'time':
      return indexes.some((i) => i.times.has(f.key ?? ''));
    case 'amount':
      return (f.values ?? []).some((v) => indexes.some((i) => i.amounts.has(v) || i.numbers.has(v)));
    case 'percent':
      return (f.values ?? []).some((v) => indexes.some((i) => i.percents.has(v) || i.numbers.has(v)));
    case 'number':
      return (f.values ?? []).some((v) => indexes.some((i) => i.numbers.has(v)));
  }
}

const FAILURE_KIND: Record<FactKind, AnswerFailureKind> = {
  url: 'unsupported_url',
  email: 'unsupported_email',
  phone: 'unsupported_phone',
  address: 'unsupported_address',
  date: 'unsupported_date',
  time: 'unsupported_number',
  amount: 'unsupported_amount',
  percent: 'unsupported_number',
  number: 'unsupported_number',
};

// ---------------------------------------------------------------------------
// Gate
// ---------------------------------------------------------------------------

/**
 * Checks a generated answer against the passages it was generated from.
 * `passages` are numbered 1..n in the given order.
 */
export function checkAnswer(answer: string, passages: readonly AnswerPassage[]): AnswerCheckResult {
  const failures: AnswerFailure[] = [];
  const raw = splitSentences(answer);
  const indexCache = new Map<number, PassageIndex>();
  const getIndex = (n: number): PassageIndex => {
    let idx = indexCache.get(n);
    if (!idx) {
      idx = indexPassage((passages[n - 1] as AnswerPassage).text);
      indexCache.set(n, idx);
    }
    return idx;
  };
  const isKnown = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= passages.length;

  const sentences: AnswerSentence[] = raw.map((s) => {
    const text = answer.slice(s.start, s.end);
    const citations = [...new Set([...text.matchAll(CITATION_RE)].flatMap((m) => parseCitation(m[0])))].sort((a, b) => a - b);
    return { text, citations, start: s.start, end: s.end };
  });

  if (sentences.length === 0) {
    failures.push({ kind: 'empty', sentence: -1, detail: 'answer has no content' });
    return { ok: false, sentences, failures };
  }

  const citedAnywhere = [...new Set(sentences.flatMap((s) => s.citations.filter(isKnown)))];

  sentences.forEach((sentence, i) => {
    const heading = (raw[i] as { heading: boolean }).heading;
    const words = countWords(sentence.text);
    if (sentence.citations.length === 0 && !heading && words >= MIN_WORDS_REQUIRING_CITATION) {
      failures.push({ kind: 'uncited_sentence', sentence: i, detail: `sentence has ${words} words and no citation` });
    }
    for (const c of sentence.citations) {
      if (!isKnown(c)) {
        failures.push({
          kind: 'unknown_citation',
          sentence: i,
          detail: `[${c}] does not exist (${passages.length} passage${passages.length === 1 ? '' : 's'})`,
        });
      }
    }
    const sources = heading && sentence.citations.length === 0 ? citedAnywhere : sentence.citations.filter(isKnown);
    const indexes = sources.map(getIndex);
    // Markdown images are never acceptable: they are fetched automatically by
    // the client and are the classic exfiltration channel.
    for (const img of sentence.text.matchAll(/!\[[^\]]*\]\(([^)\s]*)[^)]*\)/g)) {
      failures.push({ kind: 'unsupported_url', sentence: i, detail: `markdown image not allowed: ${img[1] ?? ''}` });
    }
    // Blank citation markers (same length) so offsets stay aligned.
    const body = sentence.text.replace(CITATION_RE, (m) => ' '.repeat(m.length));
    for (const fact of extractFacts(body)) {
      if (!factSupported(fact, indexes)) {
        failures.push({
          kind: FAILURE_KIND[fact.kind],
          sentence: i,
          detail: `"${fact.raw.trim()}" (${fact.kind}) not found in ${
            sources.length ? `cited passage${sources.length > 1 ? 's' : ''} ${sources.map((n) => `[${n}]`).join('')}` : 'any cited passage'
          }`,
        });
      }
    }
  });

  return { ok: failures.length === 0, sentences, failures };
}
