import { describe, expect, it } from 'vitest';
import { ageBandOf, planSurveyImport, SurveyColumnsError } from './survey';

const rows = (lines: string[][]) => lines.map((cells, i) => ({ line: i + 1, cells }));

describe('survey imports', () => {
  const table = rows([
    ['Horodatage', 'Quartier', 'Âge', 'Que changeriez-vous ?', 'Autre remarque'],
    ['1', 'Nord', '34', 'Plus de bancs.', ''],
    ['2', 'Sud', '18-29', 'Des pistes cyclables.', 'Merci !'],
    ['3', 'Lune', '40', 'Des arbres.', ''],
    ['4', 'Nord', '70'],
    ['5', '', '', 'x'.repeat(30), ''],
  ]);
  const context = { maxLength: 25, districts: [{ code: 'N', name: 'Nord' }, { code: 'S', name: 'Sud' }], strictWidth: true };

  it('takes each non-empty cell of the picked columns with its line and column, and reports bad rows with their line', () => {
    const plan = planSurveyImport(table, { columns: ['Que changeriez-vous ?', 'Autre remarque'], districtColumn: 'Quartier', ageBandColumn: 'Âge' }, context);
    expect(plan.respondents).toBe(5);
    expect(plan.contributions).toEqual([
      { line: 2, column: 'Que changeriez-vous ?', text: 'Plus de bancs.', district: 'N', ageBand: '30-44' },
      { line: 3, column: 'Que changeriez-vous ?', text: 'Des pistes cyclables.', district: 'S', ageBand: '18-29' },
      { line: 3, column: 'Autre remarque', text: 'Merci !', district: 'S', ageBand: '18-29' },
    ]);
    expect(plan.problems.map((p) => [p.line, p.code])).toEqual([
      [4, 'unknown_district'],
      [5, 'row_width'],
      [6, 'too_long'],
    ]);
  });

  it('refuses columns that are not in the header', () => {
    expect(() => planSurveyImport(table, { columns: ['Nope'] }, context)).toThrow(SurveyColumnsError);
  });

  it('reads an age band from its id, its label or an age', () => {
    expect(ageBandOf('75 ans et plus')).toBe('75-plus');
    expect(ageBandOf('17')).toBe('under-18');
    expect(ageBandOf('45-59')).toBe('45-59');
    expect(ageBandOf('vieux')).toBeNull();
  });
});
