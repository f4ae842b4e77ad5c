import { describe, expect, it } from 'vitest';
import { parseValue, planImport, type PlanRow } from './plan';

const rows = (text: string, separator = ';'): PlanRow[] => text.split('\n').map((line, i) => ({ line: i + 1, cells: line.split(separator) }));
const zones = new Set(['01001', '01002', '75056']);
const indicators = new Set(['MED', 'TP60']);

describe('reading a table of indicator values', () => {
  it('reads numbers as town halls and INSEE write them, and keeps missing and secret values apart', () => {
    expect(parseValue('12,5')).toEqual({ kind: 'observed', value: 12.5 });
    expect(parseValue(' 1\u00a0234,5 ')).toEqual({ kind: 'observed', value: 1234.5 });
    expect(parseValue('12.5 %')).toEqual({ kind: 'observed', value: 12.5 });
    expect(parseValue('-3e2')).toEqual({ kind: 'observed', value: -300 });
    expect(parseValue('0')).toEqual({ kind: 'observed', value: 0 });
    for (const missing of ['', 'NA', 'n/a', 'ND', 'n.d.', '-', '.']) expect(parseValue(missing)).toEqual({ kind: 'missing' });
    expect(parseValue('s')).toEqual({ kind: 'secret' });
    expect(parseValue('1.234,5').kind).toBe('invalid');
    expect(parseValue('12,5,3').kind).toBe('invalid');
    expect(parseValue('douze').kind).toBe('invalid');
  });

  it('reads a wide file of INDICATOR_YEAR columns, names ignored', () => {
    const plan = planImport(rows('CODGEO;LIBGEO;MED_2015;MED 2016;TP602016\n01001;A;20000;21000;s\n01002;B;NA;22000,5;12'), { zones, indicators });
    expect(plan.problems).toEqual([]);
    expect(plan.layout).toBe('wide');
    expect([...plan.series.keys()].sort()).toEqual(['MED|2015', 'MED|2016', 'TP60|2016']);
    expect(plan.series.get('MED|2016')!.get('01002')).toEqual({ value: 22000.5, status: 'observed', line: 3 });
    expect(plan.series.get('MED|2015')!.get('01002')).toEqual({ value: null, status: 'missing', line: 3 });
    expect(plan.series.get('TP60|2016')!.get('01001')).toEqual({ value: null, status: 'secret', line: 2 });
    expect({ observed: plan.observed, missing: plan.missing, secret: plan.secret }).toEqual({ observed: 4, missing: 1, secret: 1 });
  });

  it('says when a spreadsheet dropped a leading zero', () => {
    const plan = planImport(rows('code;MED_2016\n1001;20000'), { zones, indicators });
    expect(plan.problems).toHaveLength(1);
    expect(plan.problems[0]).toMatchObject({ line: 2, code: 'unknown_zone', value: '1001' });
    expect(plan.problems[0]!.message).toMatch(/leading zero \(01001\)/);
  });

  it('needs the indicator for columns named by year, and a code column', () => {
    expect(planImport(rows('code;2016\n01001;1'), { zones, indicators }).problems[0]).toMatchObject({ code: 'unknown_column', column: '2016' });
    expect(planImport(rows('code;2016\n01001;1'), { zones, indicators, indicator: 'MED' }).problems).toEqual([]);
    expect(planImport(rows('commune;MED_2016\n01001;1'), { zones, indicators }).problems[0]).toMatchObject({ code: 'header' });
    expect(planImport(rows('commune;MED_2016\n01001;1'), { zones, indicators, codeColumn: 'Commune' }).problems).toEqual([]);
  });

  it('reports unknown indicators and years of a long file, and keeps every problem counted past the cap', () => {
    const plan = planImport(rows('code,indicateur,annee,valeur\n01001,XYZ,2016,1\n01001,MED,16,1\n01001,MED,2016,1', ','), { zones, indicators });
    expect(plan.problems.map((p) => [p.line, p.code])).toEqual([
      [2, 'unknown_indicator'],
      [3, 'bad_year'],
    ]);
    const many = planImport(rows(['code;MED_2016', ...Array.from({ length: 30 }, (_, i) => `9${i};1`)].join('\n')), { zones, indicators, maxProblems: 10 });
    expect(many.problems).toHaveLength(10);
    expect(many.problemsTotal).toBe(30);
  });
});
