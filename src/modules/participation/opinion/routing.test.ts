import { describe, expect, it } from 'vitest';
import { chooseNextStatement, META_PRIORITY, statementPriority, UNSEEN_STATEMENT_PRIORITY } from './routing';

describe('statement priority', () => {
  it('follows Pol.is’s formula', () => {
    // ((1 − 2/12) × (1 + 1) × 9/12 × (1 + 8 × 2^−2))² = 3.75²
    expect(statementPriority({ agree: 8, pass: 1, seen: 10, extremity: 1 })).toBeCloseTo(14.0625, 12);
    expect(UNSEEN_STATEMENT_PRIORITY).toBeCloseTo(2.25 ** 2, 12);
    expect(statementPriority({ agree: 0, pass: 0, seen: 50, extremity: 0, isMeta: true })).toBe(META_PRIORITY ** 2);
  });

  it('favours statements few have seen and statements that separate the groups', () => {
    const fresh = statementPriority({ agree: 1, pass: 0, seen: 2, extremity: 0.5 });
    const worn = statementPriority({ agree: 50, pass: 0, seen: 100, extremity: 0.5 });
    expect(fresh).toBeGreaterThan(worn);
    const divisive = statementPriority({ agree: 10, pass: 2, seen: 30, extremity: 3 });
    const bland = statementPriority({ agree: 10, pass: 2, seen: 30, extremity: 0 });
    expect(divisive).toBeGreaterThan(bland);
    expect(statementPriority({ agree: 10, pass: 15, seen: 30, extremity: 1 })).toBeLessThan(statementPriority({ agree: 10, pass: 0, seen: 30, extremity: 1 }));
  });
});

describe('next statement', () => {
  const priorities = new Map<number, number>([
    [1, 1],
    [2, 3],
    [3, 6],
  ]);

  it('draws among the statements not voted on, in proportion to their priority', () => {
    // Cumulative weights 1, 4, 10 over ids 1, 2, 3.
    expect(chooseNextStatement({ shown: [3, 2, 1], voted: [], priorities, random: 0 })).toBe(1);
    expect(chooseNextStatement({ shown: [3, 2, 1], voted: [], priorities, random: 0.15 })).toBe(2);
    expect(chooseNextStatement({ shown: [3, 2, 1], voted: [], priorities, random: 0.5 })).toBe(3);
    expect(chooseNextStatement({ shown: [3, 2, 1], voted: [3], priorities, random: 0.99 })).toBe(2);
  });

  it('weights a statement the computation has not seen as a fresh one', () => {
    // Statement 4 is new: weight 5.0625 against 1.
    expect(chooseNextStatement({ shown: [1, 4], voted: [], priorities, random: 0.5 })).toBe(4);
  });

  it('accepts the result’s statement list and returns null when nothing is left', () => {
    const list = [
      { statementId: 'a', priority: 2 },
      { statementId: 'b', priority: 2 },
    ];
    expect(chooseNextStatement({ shown: ['a', 'b'], voted: ['a'], priorities: list, random: 0.3 })).toBe('b');
    expect(chooseNextStatement({ shown: ['a', 'b'], voted: ['b', 'a'], priorities: list, random: 0.3 })).toBeNull();
  });

  it('picks high-priority statements more often', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const counts = new Map<number, number>();
    for (let i = 0; i < 3000; i++) {
      const id = chooseNextStatement({ shown: [1, 2, 3], voted: [], priorities, random: random() }) as number;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect(counts.get(3)! / 3000).toBeCloseTo(0.6, 1);
    expect(counts.get(1)! / 3000).toBeCloseTo(0.1, 1);
  });
});
