/**
 * The check every quote goes through before it is shown, whoever produced it (the offline
 * synthesis, a model, a person's edit): a quote is a passage of one contribution, character for
 * character. A paraphrase, two passages joined by an ellipsis, a changed number or punctuation
 * mark, a different case: all refused. Pure function, no I/O.
 */
import type { Quote } from './types';

/** What is proposed as a quote: offsets may be missing (a model usually gives only the text). */
export interface QuoteCandidate {
  contributionId: string;
  text: string;
  start?: number | null;
  end?: number | null;
}

export type QuoteRejection =
  /** No contribution has that id (or none the caller allows for this quote). */
  | 'unknown-contribution'
  /** Empty or only white space. */
  | 'empty'
  /** Offsets given, but the source between them is not exactly the text. */
  | 'offsets-mismatch'
  /** No offsets given, and the text does not occur verbatim in the source. */
  | 'not-found';

export type QuoteCheck = { ok: true; quote: Quote } | { ok: false; reason: QuoteRejection };

/**
 * Splits a string into runs that NFC never merges across: a character that is not a combining
 * mark, followed by its combining marks. Composition happens within such a run (Hangul syllables
 * built from conjoining jamo are the exception; they are matched without composition).
 */
function starterRuns(s: string): { start: number; end: number }[] {
  const runs: { start: number; end: number }[] = [];
  const re = /\P{M}\p{M}*|\p{M}+/gsu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) runs.push({ start: m.index, end: m.index + m[0].length });
  return runs;
}

/**
 * Finds `needle` (already NFC) in `source` compared under NFC, and returns offsets into the
 * source as it is. Matches must start and end on whole characters-with-their-marks.
 */
function findUnderNfc(source: string, needle: string): { start: number; end: number } | null {
  if (source === source.normalize('NFC')) {
    const at = source.indexOf(needle);
    return at < 0 ? null : { start: at, end: at + needle.length };
  }
  const runs = starterRuns(source);
  let normalised = '';
  // normalised offset at the start of run r → source offset at the start of run r
  const startOf = new Map<number, number>();
  const endOf = new Map<number, number>();
  for (const run of runs) {
    startOf.set(normalised.length, run.start);
    normalised += source.slice(run.start, run.end).normalize('NFC');
    endOf.set(normalised.length, run.end);
  }
  let from = 0;
  for (;;) {
    const at = normalised.indexOf(needle, from);
    if (at < 0) return null;
    const start = startOf.get(at);
    const end = endOf.get(at + needle.length);
    if (start !== undefined && end !== undefined) return { start, end };
    from = at + 1;
  }
}

/**
 * Accepts a candidate quote only if it is verbatim in its contribution.
 *
 * - With both offsets: `source.slice(start, end) === text`, no normalisation at all.
 * - Without offsets: the text, after Unicode NFC only (no trimming, no case folding, no
 *   whitespace or punctuation changes), must occur in the source (also compared under NFC);
 *   the first occurrence gives the offsets, and the quote returned carries the source's own
 *   characters between them.
 *
 * `sourceOf` returns a contribution's text, or undefined when the id is unknown or not allowed
 * for this quote (e.g. not a member of the theme it is shown in).
 */
export function checkQuote(candidate: QuoteCandidate, sourceOf: (contributionId: string) => string | undefined): QuoteCheck {
  const source = sourceOf(candidate.contributionId);
  if (source === undefined) return { ok: false, reason: 'unknown-contribution' };
  const { text } = candidate;
  if (typeof text !== 'string' || text.trim() === '') return { ok: false, reason: 'empty' };
  const hasStart = candidate.start !== undefined && candidate.start !== null;
  const hasEnd = candidate.end !== undefined && candidate.end !== null;
  if (hasStart || hasEnd) {
    const start = candidate.start;
    const end = candidate.end;
    if (
      !Number.isInteger(start) ||
      !Number.isInteger(end) ||
      (start as number) < 0 ||
      (end as number) > source.length ||
      (start as number) >= (end as number) ||
      source.slice(start as number, end as number) !== text
    ) {
      return { ok: false, reason: 'offsets-mismatch' };
    }
    return { ok: true, quote: { contributionId: candidate.contributionId, start: start as number, end: end as number, text } };
  }
  const found = findUnderNfc(source, text.normalize('NFC'));
  if (!found) return { ok: false, reason: 'not-found' };
  return {
    ok: true,
    quote: { contributionId: candidate.contributionId, start: found.start, end: found.end, text: source.slice(found.start, found.end) },
  };
}

/** Re-checks quotes already stored (e.g. after the contributions were reloaded): keeps the valid ones. */
export function keepVerifiedQuotes(quotes: readonly Quote[], sourceOf: (contributionId: string) => string | undefined): Quote[] {
  return quotes.filter((q) => {
    const result = checkQuote(q, sourceOf);
    return result.ok;
  });
}
