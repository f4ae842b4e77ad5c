/**
 * The gate a summary passes before anyone reads it: every figure it shows (amount, percentage,
 * date, duration, vote count, number in digits or words, time, phone, e-mail, URL, address) and
 * every name it writes with a capital must be found in the act as extracted, compared after
 * normalisation ("1,5 M€" = "1 500 000 €" = "1.500.000 euros"; "15/04/2014" = "15 avril 2014";
 * "trois ans" = "3 ans"). A figure the act only has inside a code or OCR noise ("2O14",
 * "1 5 00 000 €") is not found; such a code is found only if the summary shows it exactly as the act does.
 *
 * Stricter than the assistant's check where an act needs it: an amount must be an amount of the
 * act (or a large number of one of its tables), not any number of the same value (a vote count,
 * an article number); a vote count must be the same count of the same side; unanimity must be
 * written in the act. Times and contact facts are checked by the assistant's `factSupported`.
 *
 * Pure module: no I/O.
 */
import { factSupported, indexPassage, type DateValue, type PassageIndex } from '../../assistant/answer-check.js';
import { extractFigures, type DurationUnit, type Figure, type VoteRole } from './figures.js';

export type FigureFailureKind =
  | 'unsupported_amount'
  | 'unsupported_percent'
  | 'unsupported_date'
  | 'unsupported_duration'
  | 'unsupported_vote'
  | 'unsupported_number'
  | 'unsupported_contact'
  | 'unsupported_name'
  | 'unsupported_code';

export interface FigureFailure {
  kind: FigureFailureKind;
  /** As written in the summary, with its offsets there. */
  raw: string;
  start: number;
  end: number;
}

export interface CheckedFigure extends Figure {
  found: boolean;
}

export interface FigureCheckResult {
  ok: boolean;
  /** Every figure of the summary, each with whether the act has it. */
  figures: CheckedFigure[];
  /** Figures and names of the summary not found in the act. */
  failures: FigureFailure[];
}

export interface ActFigureIndex {
  figures: Figure[];
  amounts: Set<string>;
  largeNumbers: Set<string>;
  percents: Set<string>;
  numbers: Set<string>;
  dates: DateValue[];
  durations: Set<string>;
  votes: Map<VoteRole, Set<string>>;
  codes: Set<string>;
  words: Set<string>;
  passage: PassageIndex;
}

const key = (n: number) => String(Math.round(n * 1e6) / 1e6);
const squash = (s: string) => s.replace(/[\s\u00A0\u202F]+/g, ' ').trim();

/** Lower case, no accents, no elided article: how names are compared. */
export function nameKey(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’]/, '');
}

/** Whether a number is written with thousands separators or has five digits or more (a table's amount). */
function isLargeNumber(raw: string): boolean {
  return /\d[ .\u00A0\u202F]\d{3}(?!\d)/.test(raw) || /\d{5,}/.test(raw.replace(/[ .\u00A0\u202F]/g, ''));
}

export function indexActFigures(actText: string): ActFigureIndex {
  const figures = extractFigures(actText);
  const index: ActFigureIndex = {
    figures,
    amounts: new Set(),
    largeNumbers: new Set(),
    percents: new Set(),
    numbers: new Set(),
    dates: [],
    durations: new Set(),
    votes: new Map(),
    codes: new Set(),
    words: new Set((actText.match(/[\p{L}][\p{L}\p{M}'’]*/gu) ?? []).map(nameKey)),
    passage: indexPassage(actText),
  };
  for (const f of figures) {
    const values = (f.values ?? []).map(key);
    switch (f.kind) {
      case 'amount':
        for (const v of values) {
          index.amounts.add(v);
          index.numbers.add(v);
        }
        break;
      case 'percent':
        for (const v of values) {
          index.percents.add(v);
          index.numbers.add(v);
        }
        break;
      case 'number':
        for (const v of values) {
          index.numbers.add(v);
          if (isLargeNumber(f.raw)) index.largeNumbers.add(v);
        }
        break;
      case 'date':
        for (const d of f.dates ?? []) {
          index.dates.push(d);
          if (d.day !== undefined) index.numbers.add(String(d.day));
          if (d.year !== undefined) index.numbers.add(String(d.year));
        }
        break;
      case 'duration':
        for (const v of values) {
          index.durations.add(`${f.unit}:${v}`);
          index.numbers.add(v);
        }
        break;
      case 'vote': {
        const set = index.votes.get(f.vote!) ?? new Set<string>();
        for (const v of values) {
          set.add(v);
          index.numbers.add(v);
        }
        if (values.length === 0) set.add('yes');
        index.votes.set(f.vote!, set);
        break;
      }
      case 'time':
        if (f.fact?.key) index.numbers.add(String(Number(f.fact.key.split(':')[0])));
        break;
      case 'code':
        index.codes.add(squash(f.raw));
        break;
      default:
        break;
    }
  }
  return index;
}

function dateFound(d: DateValue, index: ActFigureIndex): boolean {
  return index.dates.some(
    (p) =>
      p.month === d.month &&
      (d.day === undefined || p.day === d.day) &&
      (d.year === undefined || p.year === d.year || (p.year === undefined && index.numbers.has(String(d.year)))),
  );
}

export function figureFound(f: Figure, index: ActFigureIndex): boolean {
  const values = (f.values ?? []).map(key);
  switch (f.kind) {
    case 'amount':
      return values.some((v) => index.amounts.has(v) || index.largeNumbers.has(v));
    case 'percent':
      return values.some((v) => index.percents.has(v) || index.numbers.has(v));
    case 'number':
      return values.some((v) => index.numbers.has(v));
    case 'date':
      return (f.dates ?? []).length > 0 && (f.dates ?? []).every((d) => dateFound(d, index));
    case 'duration':
      return values.some((v) => index.durations.has(`${f.unit as DurationUnit}:${v}`));
    case 'vote': {
      const side = index.votes.get(f.vote!);
      if (!side) return false;
      return values.length === 0 ? side.size > 0 : values.some((v) => side.has(v));
    }
    case 'code':
      return index.codes.has(squash(f.raw));
    default:
      return f.fact !== undefined && factSupported(f.fact, [index.passage]);
  }
}

const FAILURE: Record<Figure['kind'], FigureFailureKind> = {
  amount: 'unsupported_amount',
  percent: 'unsupported_percent',
  date: 'unsupported_date',
  duration: 'unsupported_duration',
  vote: 'unsupported_vote',
  number: 'unsupported_number',
  time: 'unsupported_number',
  phone: 'unsupported_contact',
  email: 'unsupported_contact',
  url: 'unsupported_contact',
  address: 'unsupported_contact',
  code: 'unsupported_code',
};

/**
 * Names: a word with a capital that is not the first of its sentence (or that is, but is written
 * in capitals or followed by another capitalised word: "Jean Dupont") must be a word of the act.
 */
function nameFailures(summary: string, figures: readonly Figure[], index: ActFigureIndex): FigureFailure[] {
  const failures: FigureFailure[] = [];
  const tokens = [...summary.matchAll(/[\p{L}][\p{L}\p{M}'’-]*/gu)];
  const inFigure = (at: number) => figures.some((f) => f.start <= at && at < f.end);
  tokens.forEach((m, i) => {
    if (inFigure(m.index)) return;
    const word = m[0].replace(/[-'’]+$/, '');
    const bare = word.replace(/^(?:[ldjmnstc]|qu)['’]/i, '');
    if (!/^\p{Lu}/u.test(bare)) return;
    const before = summary.slice(0, m.index).replace(/[\s«"“(\-–—*•]+$/u, '');
    const sentenceStart = before === '' || /[.!?:;\n]$/.test(before);
    if (sentenceStart) {
      const next = tokens[i + 1];
      const allCaps = bare.length > 1 && bare === bare.toUpperCase();
      const nextIsName = next !== undefined && summary.slice(m.index + m[0].length, next.index).trim() === '' && /^\p{Lu}/u.test(next[0]);
      if (!allCaps && !nextIsName) return;
    }
    const parts = bare.split(/-/).filter(Boolean);
    if (parts.every((p) => index.words.has(nameKey(p)))) return;
    failures.push({ kind: 'unsupported_name', raw: word, start: m.index, end: m.index + word.length });
  });
  return failures;
}

/** Checks a summary against its act (the act's text as extracted, or its index). */
export function checkFigures(summary: string, act: string | ActFigureIndex): FigureCheckResult {
  const index = typeof act === 'string' ? indexActFigures(act) : act;
  const figures = extractFigures(summary).map((f) => ({ ...f, found: figureFound(f, index) }));
  const failures: FigureFailure[] = figures
    .filter((f) => !f.found)
    .map((f) => ({ kind: FAILURE[f.kind], raw: f.raw, start: f.start, end: f.end }));
  failures.push(...nameFailures(summary, figures, index));
  failures.sort((a, b) => a.start - b.start);
  return { ok: failures.length === 0, figures, failures };
}
