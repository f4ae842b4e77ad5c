import { describe, expect, it } from 'vitest';
import { cleanlinessIndex, DEFAULT_CLEANLINESS_SCALE, gradeOf, monthlyTrend, spearman } from './cleanliness';
import { districtEquity, mannWhitneyGreater, median, normalCdf, type ResolvedReport } from './equity';

describe('cleanliness index (AVPU)', () => {
  it('counts weighted items per 100 m² and grades them', () => {
    const r = cleanlinessIndex([{ counts: { illegal_dumps: 1, cigarette_butts: 50, papers_packaging: 5 }, areaM2: 500 }])!;
    // dumps 0.2/100 m² × 10 = 2; butts 10/100 m² × 0.1 = 1; papers 1/100 m² × 1 = 1
    expect(r.index).toBe(4);
    expect(r.grade).toBe('C');
    expect(r.categories.find((c) => c.category === 'cigarette_butts')).toMatchObject({ count: 50, per100m2: 10, grade: 'A' });
    expect(r.categories.find((c) => c.category === 'illegal_dumps')).toMatchObject({ per100m2: 0.2, grade: 'B' }); // weighted: 2
  });

  it('pools surveys by summing counts and areas, and returns null without area', () => {
    const a = { counts: { glass: 2 }, areaM2: 100 };
    const b = { counts: { glass: 0 }, areaM2: 300 };
    expect(cleanlinessIndex([a, b])!.index).toBe(1); // 2 items / 400 m² = 0.5 per 100 m², weight 2
    expect(cleanlinessIndex([])).toBeNull();
  });

  it('grades on configurable thresholds', () => {
    expect(['A', 'B', 'C', 'D', 'E']).toEqual([0, 3, 5, 12, 12.1].map((v) => gradeOf(v, DEFAULT_CLEANLINESS_SCALE.thresholds)));
    expect(gradeOf(2, [0.5, 1, 1.5, 1.9])).toBe('E');
  });

  it('makes a monthly trend', () => {
    const t = monthlyTrend([
      { counts: { glass: 1 }, areaM2: 100, at: new Date('2026-02-03T10:00:00Z') },
      { counts: { glass: 3 }, areaM2: 100, at: new Date('2026-01-03T10:00:00Z') },
    ]);
    expect(t.map((x) => [x.month, x.index])).toEqual([
      ['2026-01', 6],
      ['2026-02', 2],
    ]);
  });

  it('computes Spearman’s rank correlation with ties', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
    expect(spearman([1, 1, 2, 3], [1, 2, 3, 4])).toBeCloseTo(0.949, 3);
    expect(spearman([1, 2], [1, 2])).toBeNull();
  });
});

describe('equity between districts', () => {
  it('has a correct normal distribution and Mann–Whitney test', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 3);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    // Clearly larger: small p; identical: p near 0.5 or more.
    expect(mannWhitneyGreater([10, 11, 12, 13, 14, 15, 16, 17], [1, 2, 3, 4, 5, 6, 7, 8])!).toBeLessThan(0.001);
    expect(mannWhitneyGreater([1, 2, 3], [1, 2, 3])!).toBeGreaterThan(0.4);
  });

  it('flags the district resolved markedly slower, on a planted example, and no other', () => {
    const reports: ResolvedReport[] = [];
    const plant = (district: string, days: number[], reopened = 0) =>
      days.forEach((d, i) => reports.push({ district, daysToResolve: d, reopened: i < reopened }));
    plant('A', [1, 2, 2, 3, 1, 2, 3, 2, 1, 2, 2, 3], 1);
    plant('B', [2, 1, 3, 2, 2, 1, 2, 3, 2, 2, 1, 2]);
    plant('C', [9, 12, 8, 10, 11, 9, 14, 10, 12, 9, 10, 11], 3);
    plant('D', [5, 6]); // too few resolved to test
    reports.push({ district: 'B', daysToResolve: null, reopened: false }, { district: null, daysToResolve: 40, reopened: false });
    const result = districtEquity(
      [
        { code: 'A', name: 'A', population: 10_000, medianIncome: 30_000 },
        { code: 'B', name: 'B', population: 5_000, medianIncome: 25_000 },
        { code: 'C', name: 'C', population: 8_000, medianIncome: 15_000 },
        { code: 'D', name: 'D', population: null, medianIncome: 20_000 },
      ],
      reports,
    );
    const by = Object.fromEntries(result.districts.map((d) => [d.code, d]));
    expect(by.C).toMatchObject({ reports: 12, resolved: 12, medianDaysToResolve: 10, slower: true, reopenedShare: 0.25, reportsPer1000: 1.5 });
    expect(by.C!.pValue!).toBeLessThan(0.05 / 3);
    expect(by.A).toMatchObject({ slower: false, reportsPer1000: 1.2 });
    expect(by.B).toMatchObject({ reports: 13, resolved: 12, slower: false, reportsPer1000: 2.6 });
    expect(by.D).toMatchObject({ slower: false, pValue: null, reportsPer1000: null, medianDaysToResolve: 5.5 });
    // Lower income, slower resolution.
    expect(result.incomeVsResolution.districts).toBe(4);
    expect(result.incomeVsResolution.spearman!).toBeLessThan(-0.5);
  });

  it('does not flag a district just slower by chance (ratio under 1.5)', () => {
    const reports: ResolvedReport[] = [];
    for (let i = 0; i < 30; i++) reports.push({ district: 'A', daysToResolve: 2 + (i % 3), reopened: false }, { district: 'B', daysToResolve: 3 + (i % 3), reopened: false });
    const r = districtEquity([{ code: 'A', name: null, population: null, medianIncome: null }, { code: 'B', name: null, population: null, medianIncome: null }], reports);
    expect(r.districts.find((d) => d.code === 'B')!.slower).toBe(false);
    expect(r.incomeVsResolution.spearman).toBeNull();
  });
});
