/**
 * Commune vocabulary → analysed query expansions for the lexical index.
 * An entry { "CCAS": ["centre communal d'action sociale"] } makes each side
 * expand to the other (symmetric synonyms): a query mentioning "CCAS" also
 * searches the analysed terms of "centre communal d'action sociale", and vice versa.
 * Each trigger also records its first equivalent (`primary`), which the index uses in place
 * of a trigger it does not know at all (an English phrase, a spelling absent from the corpus).
 */
import { frenchAnalyzer, type Analyzer } from './analyzer.js';
import type { Expansions } from './lexical-index.js';

export type VocabularyEntries = Record<string, readonly string[]> | ReadonlyMap<string, readonly string[]>;

export interface VocabularyOptions {
  /** Weight of expansion terms relative to the user's own terms (default 0.5). */
  weight?: number;
  /** Add the reverse direction (synonyms → key), default true. */
  symmetric?: boolean;
  analyzer?: Analyzer;
}

export function buildExpansions(entries: VocabularyEntries, options: VocabularyOptions = {}): Expansions {
  const analyzer = options.analyzer ?? frenchAnalyzer;
  const weight = options.weight ?? 0.5;
  const symmetric = options.symmetric ?? true;
  const out: Expansions = new Map();
  const addRule = (trigger: string[], terms: string[], primary: string[]): void => {
    if (trigger.length === 0) return;
    const key = trigger.join(' ');
    const extra = terms.filter((t) => !trigger.includes(t));
    if (extra.length === 0) return;
    const prev = out.get(key);
    const merged = new Set([...(prev?.terms ?? []), ...extra]);
    out.set(key, { terms: [...merged], weight, primary: prev?.primary ?? primary });
  };
  const iter: [string, readonly string[]][] =
    entries instanceof Map ? [...(entries as ReadonlyMap<string, readonly string[]>)] : Object.entries(entries as Record<string, readonly string[]>);
  for (const [key, syns] of iter) {
    const k = analyzer.analyze(key);
    const group = [k, ...syns.map((s) => analyzer.analyze(s))].filter((g) => g.length > 0);
    for (let i = 0; i < group.length; i++) {
      if (i > 0 && !symmetric) break;
      // The first other side of the entry: the key's first expansion, or the key for an expansion.
      const primary = (i === 0 ? group[1] : group[0]) as string[];
      for (let j = 0; j < group.length; j++) {
        if (i === j) continue;
        addRule(group[i] as string[], group[j] as string[], primary);
      }
    }
  }
  return out;
}
