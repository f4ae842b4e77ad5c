import { describe, expect, it } from 'vitest';
import { classify, classOf, equalIntervalBreaks, jenksBreaks, quantileBreaks } from './classify';
import { PALETTES, paletteColours } from './palettes';

describe('choropleth classes', () => {
  it('cuts quantiles with the same count per class', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    const c = classify(values, 4, 'quantiles')!;
    expect(c.counts).toEqual([25, 25, 25, 25]);
    expect(quantileBreaks([1, 2, 3, 4, 5], 2)).toEqual([3]);
  });

  it('cuts equal intervals between the minimum and the maximum', () => {
    expect(equalIntervalBreaks([0, 3, 10], 5)).toEqual([2, 4, 6, 8]);
    expect(classify([0, 10, null, Number.NaN], 2, 'equal-intervals')).toMatchObject({ bounds: [0, 5, 10], counts: [1, 1] });
  });

  it('finds natural breaks between well separated groups (Jenks)', () => {
    const values = [1, 2, 3, 10, 11, 12, 30, 31, 32];
    expect(jenksBreaks(values, 3)).toEqual([3, 12]);
    // The classic example of Jenks's paper family: the optimum against every other 2-class split.
    const data = [4, 5, 9, 10, 20, 21, 22, 40];
    const [b] = jenksBreaks(data, 2);
    const cost = (cut: number) => {
      const groups = [data.filter((v) => v <= cut), data.filter((v) => v > cut)];
      return groups.reduce((s, g) => s + g.reduce((t, v) => t + (v - g.reduce((a, x) => a + x, 0) / g.length) ** 2, 0), 0);
    };
    for (const cut of data.slice(0, -1)) expect(cost(b!)).toBeLessThanOrEqual(cost(cut) + 1e-9);
  });

  it('puts a value in the first class whose upper bound it does not exceed; missing values in none', () => {
    const c = classify([1, 2, 3, 4], 2, 'equal-intervals')!;
    expect([1, 2.5, 2.6, 4, null].map((v) => classOf(v, c))).toEqual([0, 0, 1, 1, -1]);
    expect(classify([5, 5, 5], 5, 'quantiles')!.counts).toEqual([3]);
    expect(classify([null], 5, 'jenks')).toBeNull();
  });

  it('spreads palettes over k classes, light to dark, and reverses them on request', () => {
    expect(paletteColours('viridis', 3)).toEqual(['#440154', '#21918c', '#fde725']);
    expect(paletteColours('blues', 9)).toHaveLength(9);
    expect(paletteColours('rd-bu', 3, true)).toEqual(['#053061', '#f7f7f7', '#67001f']);
    for (const p of Object.values(PALETTES)) expect(new Set(p.colours).size).toBe(p.colours.length);
  });
});
