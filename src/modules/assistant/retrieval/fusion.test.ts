import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion } from './fusion.js';

describe('reciprocalRankFusion', () => {
  it('matches a hand-computed example with k = 60', () => {
    const fused = reciprocalRankFusion([
      ['a', 'b', 'c'],
      ['b', 'c', 'd'],
    ]);
    // a: 1/61; b: 1/62 + 1/61; c: 1/63 + 1/62; d: 1/63
    expect(fused.map((f) => f.id)).toEqual(['b', 'c', 'a', 'd']);
    expect(fused[0]?.score).toBeCloseTo(1 / 62 + 1 / 61, 12);
    expect(fused[1]?.score).toBeCloseTo(1 / 63 + 1 / 62, 12);
    expect(fused[2]?.score).toBeCloseTo(1 / 61, 12);
    expect(fused[3]?.score).toBeCloseTo(1 / 63, 12);
  });
  it('supports k and weights', () => {
    const fused = reciprocalRankFusion([['x'], ['y']], 1, [1, 3]);
    expect(fused).toEqual([
      { id: 'y', score: 1.5 },
      { id: 'x', score: 0.5 },
    ]);
  });
});
