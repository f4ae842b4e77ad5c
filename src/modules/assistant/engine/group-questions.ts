/**
 * Groups unanswered questions by similarity, so that editors see what to write next:
 * cosine similarity of TF-IDF vectors over the French analyzer's terms, greedy single-pass
 * clustering against each group's centroid (questions taken most frequent first, so a
 * group is seeded by its most typical wording). Pure.
 */
import type { QuestionGroup } from '../conversations/api-schemas';
import { frenchAnalyzer, type Analyzer } from '../retrieval/analyzer';

// The dashboard's shape (`conversations/api-schemas.ts`).
export type { QuestionGroup };

export interface GroupOptions {
  /** Minimum cosine similarity to join a group (default 0.35). */
  threshold?: number;
  analyzer?: Analyzer;
  /** Wordings listed per group (default 10). */
  maxQuestionsPerGroup?: number;
}

type Vector = Map<string, number>;

function cosine(a: Vector, b: Vector): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [t, v] of a) {
    na += v * v;
    const w = b.get(t);
    if (w !== undefined) dot += v * w;
  }
  for (const v of b.values()) nb += v * v;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

export function groupQuestions(questions: readonly string[], opts: GroupOptions = {}): QuestionGroup[] {
  const analyzer = opts.analyzer ?? frenchAnalyzer;
  const threshold = opts.threshold ?? 0.35;
  const maxList = opts.maxQuestionsPerGroup ?? 10;

  const byText = new Map<string, { text: string; count: number; terms: string[] }>();
  for (const q of questions) {
    const text = q.trim().replace(/\s+/g, ' ');
    if (!text) continue;
    const key = text.toLowerCase();
    const e = byText.get(key);
    if (e) e.count++;
    else byText.set(key, { text, count: 1, terms: analyzer.analyze(text) });
  }
  const distinct = [...byText.values()].sort((a, b) => b.count - a.count || a.text.localeCompare(b.text));

  const df = new Map<string, number>();
  for (const d of distinct) for (const t of new Set(d.terms)) df.set(t, (df.get(t) ?? 0) + d.count);
  const n = distinct.reduce((s, d) => s + d.count, 0);
  const vectorOf = (terms: string[]): Vector => {
    const v: Vector = new Map();
    for (const t of terms) v.set(t, (v.get(t) ?? 0) + 1);
    for (const [t, tf] of v) v.set(t, tf * Math.log(1 + n / (df.get(t) ?? 1)));
    return v;
  };

  const groups: { members: typeof distinct; centroid: Vector }[] = [];
  for (const d of distinct) {
    const v = vectorOf(d.terms);
    let best: (typeof groups)[number] | null = null;
    let bestSim = threshold;
    for (const g of groups) {
      const sim = cosine(v, g.centroid);
      if (sim >= bestSim) {
        best = g;
        bestSim = sim;
      }
    }
    if (!best || v.size === 0) {
      groups.push({ members: [d], centroid: v });
      continue;
    }
    best.members.push(d);
    for (const [t, w] of v) best.centroid.set(t, (best.centroid.get(t) ?? 0) + w * d.count);
  }

  return groups
    .map((g) => {
      const count = g.members.reduce((s, m) => s + m.count, 0);
      const termCounts = new Map<string, number>();
      for (const m of g.members) for (const t of new Set(m.terms)) termCounts.set(t, (termCounts.get(t) ?? 0) + m.count);
      // Shown as words, not stems: "coupe", not "coup"; each stem by its most frequent spelling in the group.
      const spellings = new Map<string, Map<string, number>>();
      for (const m of g.members) {
        for (const tok of analyzer.tokenize(m.text)) {
          const word = m.text.slice(tok.start, tok.end).toLocaleLowerCase('fr');
          const forms = spellings.get(tok.term) ?? new Map<string, number>();
          forms.set(word, (forms.get(word) ?? 0) + m.count);
          spellings.set(tok.term, forms);
        }
      }
      const wordOf = (term: string): string =>
        [...(spellings.get(term) ?? new Map([[term, 1]]))].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || a[0].localeCompare(b[0]))[0]![0];
      const terms = [...termCounts]
        .filter(([, c]) => c * 2 >= count)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([t]) => wordOf(t))
        .slice(0, 5);
      return {
        representative: g.members[0]!.text,
        count,
        questions: g.members.slice(0, maxList).map((m) => ({ text: m.text, count: m.count })),
        terms,
      };
    })
    .sort((a, b) => b.count - a.count || a.representative.localeCompare(b.representative));
}
