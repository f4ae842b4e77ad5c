/**
 * French syllable counter for readability scores: spoken syllables as a reader says them
 * aloud, counted from the spelling with a few rules rather than a dictionary.
 *
 * - A syllable is a run of vowel letters ("eau", "oi", "ou", "ai" are one sound). A vowel
 *   before another vowel that glides into it counts once ("tion", "ier", "cia": as-so-cia-tion).
 * - The run breaks where French spelling marks a hiatus: before a diaeresis (na-ïf, No-ël), after
 *   é followed by a sounded vowel (ré-u-nion, cré-er, thé-â-tre), before é/è/ê after a, e, o
 *   (a-é-ro-port, po-è-me), and between two o (co-o-pé-ra-tion).
 * - "y" before a vowel is a consonant (cra-yon, pa-yer); elsewhere a vowel (type, il y a).
 * - A final mute e is not sounded (com-mune, com-munes), unless it is the word's only vowel (le, les).
 *   Verb endings in -ent are counted as sounded: the spelling alone cannot tell "ils décident"
 *   from "le président", and the error is one syllable on a minority of words.
 * - Every word with a letter has at least one syllable (acronyms without vowels: CGCT).
 *
 * Pure module: no I/O.
 */

const VOWELS = new Set([...'aeiouyàâäéèêëîïôöùûüÿœæ']);
const DIAERESIS = new Set([...'ëïüÿ']);
const CLOSED_E = new Set([...'éèê']);

function isVowelAt(word: string, i: number): boolean {
  const c = word[i] as string;
  if (!VOWELS.has(c)) return false;
  if (c === 'y') {
    const next = word[i + 1];
    // "y" before a vowel is a consonant sound: cra-yon, yeux, pa-yer.
    if (next !== undefined && next !== 'y' && VOWELS.has(next)) return false;
  }
  return true;
}

/** Whether a new syllable starts at position i, inside a run of vowels. */
function breaksBefore(word: string, i: number): boolean {
  const c = word[i] as string;
  const prev = word[i - 1] as string;
  if (DIAERESIS.has(c)) return true;
  if (prev === 'é') {
    // "ée", "ées" at the end are one syllable (an-née); any other vowel after é is sounded.
    const rest = word.slice(i);
    return !(rest === 'e' || rest === 'es');
  }
  if (CLOSED_E.has(c) && (prev === 'a' || prev === 'e' || prev === 'o')) return true;
  if (c === 'o' && prev === 'o') return true;
  return false;
}

function countPart(part: string): number {
  const word = part.replace(/[^\p{L}]/gu, '');
  if (!word) return 0;
  const runs: { start: number; end: number }[] = [];
  let i = 0;
  while (i < word.length) {
    if (!isVowelAt(word, i)) {
      i++;
      continue;
    }
    let start = i;
    i++;
    while (i < word.length && isVowelAt(word, i)) {
      if (breaksBefore(word, i)) {
        runs.push({ start, end: i });
        start = i;
      }
      i++;
    }
    runs.push({ start, end: i });
  }
  if (runs.length === 0) return 1;
  const last = runs[runs.length - 1] as { start: number; end: number };
  const lastRun = word.slice(last.start, last.end);
  const tail = word.slice(last.end);
  if (runs.length > 1 && lastRun === 'e' && (tail === '' || tail === 's')) return runs.length - 1;
  return runs.length;
}

/** Spoken syllables of one French word (hyphenated compounds: the sum of their parts). */
export function countSyllables(word: string): number {
  const lower = word.normalize('NFC').toLowerCase();
  if (!/\p{L}/u.test(lower)) return 0;
  const total = lower
    .split(/[-‐‑–]/)
    .map(countPart)
    .reduce((a, b) => a + b, 0);
  return Math.max(1, total);
}
