import { describe, expect, it } from 'vitest';
import { answerByFirstPassage, rightDocumentAlone, type BenchCorpus } from './assistant-bench.js';

const corpus: BenchCorpus = {
  docs: [
    { id: 'a', title: 'A', body: '' },
    { id: 'b', title: 'B', body: '' },
  ],
  passages: [
    { id: 'a#0', docId: 'a', title: 'A', heading: null, text: '', start: 0, end: 0 },
    { id: 'a#1', docId: 'a', title: 'A', heading: null, text: '', start: 0, end: 0 },
    { id: 'b#0', docId: 'b', title: 'B', heading: null, text: '', start: 0, end: 0 },
  ],
  questions: [
    { question: 'q1', docId: 'a', answers: [], article: 0 },
    { question: 'q2', docId: 'a', answers: [], article: 0 },
    { question: 'q3', docId: 'b', answers: [], article: 1 },
    { question: 'q4', docId: 'b', answers: [], article: 1 },
  ],
};
const hits = [
  [{ id: 'a#1', score: 3 }, { id: 'b#0', score: 2 }],
  [{ id: 'b#0', score: 5 }],
  [{ id: 'b#0', score: 4 }],
  [{ id: 'a#0', score: 4 }, { id: 'b#0', score: 1 }],
];

describe('rightDocumentAlone', () => {
  it("keeps only the question's document: its ranked passages first, then the others at the best one's score", () => {
    const alone = rightDocumentAlone(corpus, hits);
    expect(alone(0)).toEqual([{ id: 'a#1', score: 3 }, { id: 'a#0', score: 3 }]);
    expect(alone(1)).toEqual([{ id: 'a#0', score: 1 }, { id: 'a#1', score: 1 }]);
    expect(alone(3)).toEqual([{ id: 'b#0', score: 1 }]);
  });
});

describe('answerByFirstPassage', () => {
  it('splits the answer figure by whether the first passage is right and solves for the share of first hits the target needs', () => {
    // First passage right for q1 and q3 (both answered), wrong for q2 (answered) and q4 (not).
    const split = answerByFirstPassage(corpus, hits, [1, 1, 1, 0], 0.8);
    expect(split.right).toEqual({ questions: 2, contains_gold: 1 });
    expect(split.wrong).toEqual({ questions: 2, contains_gold: 0.5 });
    // r·1 + (1 − r)·0.5 = 0.8 → r = 0.6.
    expect(split.recall_at_1_needed).toBeCloseTo(0.6);
    expect(split.recall_at_1_needed_perfect_window).toBeCloseTo(0.6);
  });

  it('says null when no share of first hits reaches the target', () => {
    const split = answerByFirstPassage(corpus, hits, [1, 0, 0, 0], 0.9);
    // Right side 0.5, wrong side 0: even every first passage right gives 0.5; a perfect window needs 0.9.
    expect(split.recall_at_1_needed).toBeNull();
    expect(split.recall_at_1_needed_perfect_window).toBeCloseTo(0.9);
  });
});
