/**
 * French sentence segmentation with offsets. Does not break after common
 * abbreviations ("M.", "Mme.", "art.", "n°", "cf.", "p."), initials ("J. Dupont"),
 * inside numbers ("1.5", "3,7") or URLs/e-mails (no whitespace after the dot).
 * Blank lines and list items are also boundaries.
 */

export interface Span {
  start: number;
  end: number;
}

/** Lowercase abbreviations (without the final dot) after which a period does not end a sentence. */
const ABBREVIATIONS = new Set([
  'm', 'mm', 'mme', 'mmes', 'mlle', 'mlles', 'dr', 'pr', 'me', 'mgr', 'st', 'ste', 'art', 'arts', 'al', 'cf', 'p', 'pp',
  'n', 'no', 'nº', 'n°', 'vol', 'chap', 'ch', 'éd', 'ed', 'env', 'ex', 'fig', 'tél', 'tel', 'av', 'bd', 'boul', 'r',
  'min', 'max', 'hab', 'janv', 'févr', 'fév', 'avr', 'juil', 'sept', 'oct', 'nov', 'déc', 'dép', 'dept', 'réf',
  'ref', 'coll', 'op', 'cit', 'ibid', 'resp', 'sq', 'suiv', 'vs', 'apr', 'j.-c', 'c.-à-d', 'c-à-d', 'e.g', 'i.e',
  'etc.', 'approx', 'mds', 'md', 'mio', 'mrd', 'dir', 'cgct', 'l', 'r', 'd',
]);

const TERMINATORS = /[.!?…]/;

function isSpace(c: string | undefined): boolean {
  return c !== undefined && /\s/.test(c);
}

/** Returns trimmed sentence spans covering the non-blank parts of `text`. */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let segStart = 0;
  const push = (s: number, e: number): void => {
    while (s < e && isSpace(text[s])) s++;
    while (e > s && isSpace(text[e - 1])) e--;
    if (e > s) spans.push({ start: s, end: e });
  };
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text[i] as string;
    if (c === '\n') {
      // blank line, or next line is a list item / heading → boundary
      let j = i + 1;
      while (j < n && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j++;
      const rest = text.slice(j, j + 6);
      if (text[j] === '\n' || /^(?:[-*+•–]\s|\d{1,3}[.)]\s|#{1,6}\s)/.test(rest)) {
        push(segStart, i);
        segStart = i + 1;
      }
      continue;
    }
    if (!TERMINATORS.test(c)) continue;
    // extend over runs of terminators and closing quotes/brackets
    let j = i + 1;
    while (j < n && /[.!?…»"”')\]]/.test(text[j] as string)) j++;
    if (j < n && !isSpace(text[j])) {
      i = j - 1;
      continue; // "1.5", "www.x.fr", "a.b"
    }
    if (c === '.' && j === i + 1) {
      // word before the dot
      let k = i - 1;
      while (k >= 0 && !isSpace(text[k]) && text[k] !== '(' && text[k] !== '«') k--;
      const word = text.slice(k + 1, i).toLowerCase();
      const bare = word.replace(/^[("«]+/, '').replace(/^.*['’]/, '');
      if (ABBREVIATIONS.has(bare) || /^\p{Lu}$/u.test(text.slice(k + 1, i)) || /^\p{L}(?:\.\p{L})+$/u.test(bare)) {
        // abbreviation / initial: break only if followed by a new paragraph
        continue;
      }
      // next non-space character must look like a sentence start
      let m = j;
      while (m < n && (text[m] === ' ' || text[m] === '\t' || text[m] === '\u00a0')) m++;
      const next = text[m];
      if (next !== undefined && next !== '\n' && next !== '\r' && /\p{Ll}/u.test(next)) continue;
    }
    push(segStart, j);
    segStart = j;
    i = j - 1;
  }
  push(segStart, n);
  return spans;
}
