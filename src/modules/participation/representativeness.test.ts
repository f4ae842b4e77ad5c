import { describe, expect, it } from 'vitest';
import { populationByOurBands } from './age-bands';
import { compareWithPopulation } from './representativeness';

describe('representativeness', () => {
  it('flags a district whose share of participants is clearly below its share of the population', () => {
    const groups = [
      { value: 'A', label: 'A', population: 5000 },
      { value: 'B', label: 'B', population: 5000 },
    ];
    const result = compareWithPopulation(groups, new Map([['A', 80], ['B', 20]]), 7, { ratio: 0.75, minDeclarations: 30 });
    expect(result.declared).toBe(100);
    expect(result.undeclared).toBe(7);
    expect(result.groups.find((g) => g.value === 'B')).toMatchObject({ share: 0.2, populationShare: 0.5, underRepresented: true });
    expect(result.groups.find((g) => g.value === 'A')).toMatchObject({ overRepresented: true, underRepresented: false });
  });

  it('flags nothing on too few declarations, or when a population is unknown', () => {
    const few = compareWithPopulation([{ value: 'A', label: 'A', population: 10 }, { value: 'B', label: 'B', population: 10 }], new Map([['A', 9], ['B', 1]]), 0, { ratio: 0.75, minDeclarations: 30 });
    expect(few.groups.some((g) => g.underRepresented)).toBe(false);
    const unknown = compareWithPopulation([{ value: 'A', label: 'A', population: null }], new Map([['A', 50]]), 0);
    expect(unknown.comparable).toBe(false);
    expect(unknown.groups[0]!.ratio).toBeNull();
  });

  it('maps published age bands onto ours only when they tile them exactly', () => {
    const ours = populationByOurBands([
      { minAge: 0, maxAge: 14, count: 100 },
      { minAge: 15, maxAge: 17, count: 30 },
      { minAge: 18, maxAge: 29, count: 200 },
      { minAge: 30, maxAge: 64, count: 500 },
      { minAge: 65, maxAge: null, count: 150 },
    ]);
    expect(ours.get('under-18')).toBe(130);
    expect(ours.get('18-29')).toBe(200);
    expect(ours.get('30-44')).toBeNull();
    expect(ours.get('75-plus')).toBeNull();
  });
});
