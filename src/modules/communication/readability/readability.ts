/**
 * Readability of a French text: Kandel–Moles and LIX.
 *
 * - Kandel & Moles (1958) adapted Flesch's reading ease to French:
 *   L = 207 − 1.015 × (words per sentence) − 73.6 × (syllables per word).
 *   Higher is easier; about 60–70 reads as plain everyday French, below 30 as very hard.
 * - LIX (Björnsson, 1968): words per sentence + 100 × (share of words longer than six letters).
 *   Lower is easier; below 40 is easy, 40–50 ordinary prose, above 60 very hard (official texts).
 *
 * Conventions (the same for an act and its summary, so that they compare):
 * - a sentence is a unit of splitSentences (the assistant's French-aware splitter: abbreviations
 *   such as "M." or "art." do not end one; a heading or list item without a full stop is one);
 * - a word is a token with a letter and no digit (elided articles stay attached: "l'école" is one
 *   word; hyphenated compounds are one word). Figures ("1 500 000", "1er", "L2121-8") are not words:
 *   how many syllables a reader spends on them depends on how they are read;
 * - syllables are counted by countSyllables (spoken syllables, mute final e not sounded).
 *
 * Pure module: no I/O.
 */
import { splitSentences } from '../../assistant/answer-check.js';
import { countSyllables } from './syllables.js';

export interface ReadabilityCounts {
  sentences: number;
  words: number;
  syllables: number;
  /** Words of more than six letters (LIX). */
  longWords: number;
}

export interface Readability extends ReadabilityCounts {
  wordsPerSentence: number;
  syllablesPerWord: number;
  kandelMoles: number;
  lix: number;
}

const TOKEN_RE = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’\-‐‑]*/gu;

/** The words of a text, as readability counts them (figures left out). */
export function readabilityWords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.normalize('NFC').matchAll(TOKEN_RE)) {
    const token = m[0].replace(/['’\-‐‑]+$/u, '');
    if (/\p{L}/u.test(token) && !/\p{N}/u.test(token)) out.push(token);
  }
  return out;
}

/** Letters of a word, without apostrophes and hyphens (LIX counts letters). */
export function letterCount(word: string): number {
  return (word.match(/\p{L}/gu) ?? []).length;
}

export function kandelMoles(counts: Pick<ReadabilityCounts, 'sentences' | 'words' | 'syllables'>): number {
  return 207 - 1.015 * (counts.words / counts.sentences) - 73.6 * (counts.syllables / counts.words);
}

export function lix(counts: Pick<ReadabilityCounts, 'sentences' | 'words' | 'longWords'>): number {
  return counts.words / counts.sentences + (100 * counts.longWords) / counts.words;
}

export function readabilityCounts(text: string): ReadabilityCounts {
  let sentences = 0;
  let words = 0;
  let syllables = 0;
  let longWords = 0;
  for (const s of splitSentences(text)) {
    const sentenceWords = readabilityWords(text.slice(s.start, s.end));
    if (sentenceWords.length === 0) continue;
    sentences++;
    for (const w of sentenceWords) {
      words++;
      syllables += countSyllables(w);
      if (letterCount(w) > 6) longWords++;
    }
  }
  return { sentences, words, syllables, longWords };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Both scores of a text (rounded to one decimal), or null for a text without a word. */
export function readability(text: string): Readability | null {
  const counts = readabilityCounts(text);
  if (counts.words === 0 || counts.sentences === 0) return null;
  return {
    ...counts,
    wordsPerSentence: round1(counts.words / counts.sentences),
    syllablesPerWord: Math.round((counts.syllables / counts.words) * 100) / 100,
    kandelMoles: round1(kandelMoles(counts)),
    lix: round1(lix(counts)),
  };
}
