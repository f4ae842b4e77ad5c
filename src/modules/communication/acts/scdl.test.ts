import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../platform/files/csv';
import { resolveLimits } from '../../../platform/files/limits';
import { readDate, readScdlTable, scdlCsv, SCDL_FIELDS } from './scdl';
import { MONTPELLIER_DIR } from './test-acts';

const rows = (lines: string[], sep = ',') => lines.map((l, i) => ({ line: i + 1, cells: l.split(sep) }));
const HEADER = SCDL_FIELDS.join(',');

describe('readDate', () => {
  it('reads ISO and French dates, refuses impossible ones', () => {
    expect(readDate('2014-04-24')).toEqual({ date: '2014-04-24', format: 'iso' });
    expect(readDate('24/04/2014')).toEqual({ date: '2014-04-24', format: 'dmy' });
    expect(readDate('24-04-2014')).toEqual({ date: '2014-04-24', format: 'dmy' });
    expect(readDate('24.04.2014')).toEqual({ date: '2014-04-24', format: 'dmy' });
    expect(readDate('2014/04/24')).toEqual({ date: '2014-04-24', format: 'ymd-slash' });
    expect(readDate('2014-04-24T00:00:00')).toEqual({ date: '2014-04-24', format: 'iso' });
    expect(readDate('31/02/2014')).toBeNull();
    expect(readDate('avril 2014')).toBeNull();
  });
});

describe('readScdlTable', () => {
  it('drops a DELIB_URL that is not http(s), reporting it, and refuses a cell longer than its field takes', () => {
    const row = (subject: string, url: string) => `Ville,,D-1,2024-05-02,,,${subject},,,,,,,,,,${url}`;
    const r = readScdlTable({ rows: rows([HEADER, row('Subvention', 'javascript:alert(1)'), row('Tarifs', 'https://ville.fr/d.pdf'), row('x'.repeat(501), '')]) });
    expect(r.acts.map((a) => a.url)).toEqual([undefined, 'https://ville.fr/d.pdf']);
    expect(r.deviations).toContainEqual({ code: 'url_dropped', found: 'DELIB_URL', lines: [2] });
    expect(r.problems).toEqual([{ line: 4, code: 'too_long', column: 'DELIB_OBJET', value: '500' }]);
  });

  it('reads a conforming table without deviation', () => {
    const r = readScdlTable({ rows: rows([HEADER, 'Ville,21340172201787,D-12,2024-05-02,7.1,Subventions,Subvention au club,2024,Budget principal,,2024-05-05,35,33,30,2,1,https://ville.fr/d12.pdf']), separator: ',', encoding: 'utf-8' });
    expect(r.deviations).toEqual([]);
    expect(r.problems).toEqual([]);
    expect(r.acts).toEqual([
      {
        line: 2,
        number: 'D-12',
        date: '2024-05-02',
        title: 'Subvention au club',
        collNom: 'Ville',
        collSiret: '21340172201787',
        matiereCode: '7.1',
        matiereNom: 'Subventions',
        budgetAnnee: '2024',
        budgetNom: 'Budget principal',
        prefDate: '2024-05-05',
        voteEffectif: 35,
        voteReel: 33,
        votesFor: 30,
        votesAgainst: 2,
        votesAbstention: 1,
        url: 'https://ville.fr/d12.pdf',
      },
    ]);
  });

  it('accepts column names in another case, without accents or with spaces, and reports them', () => {
    const r = readScdlTable({ rows: rows(['delib objet;Délib_Date;delib_id;Pour', 'Objet A;02/05/2024;1;12'], ';'), separator: ';', encoding: 'windows-1252' });
    expect(r.problems).toEqual([]);
    expect(r.acts[0]).toMatchObject({ title: 'Objet A', date: '2024-05-02', number: '1', votesFor: 12 });
    const codes = r.deviations.map((d) => `${d.code}:${d.found}`);
    expect(codes).toContain('separator:;');
    expect(codes).toContain('encoding:windows-1252');
    expect(codes).toContain('column_renamed:delib objet');
    expect(codes).toContain('column_renamed:Pour');
    expect(r.deviations.find((d) => d.code === 'date_format')).toEqual({ code: 'date_format', found: 'dmy', expected: 'iso', lines: [2] });
  });

  it('reports each malformed row with its line', () => {
    const r = readScdlTable({
      rows: rows([HEADER, ',,1,2024-05-02,,,,,,,,,,,,,', ',,2,,,,Objet,,,,,,,,,,', ',,3,2024-13-01,,,Objet,,,,,,,,,,', ',,4,2024-05-02,,,Objet,,,,,,,douze,,,', ',,5,2024-05-02,,,Objet', ',,6,2024-05-02,,,Bon,,,,,,,,,,']),
    });
    expect(r.problems).toEqual([
      { line: 2, code: 'missing_subject', column: 'DELIB_OBJET' },
      { line: 3, code: 'missing_date', column: 'DELIB_DATE' },
      { line: 4, code: 'bad_date', column: 'DELIB_DATE', value: '2024-13-01' },
      { line: 5, code: 'bad_number', column: 'VOTE_POUR', value: 'douze' },
      { line: 6, code: 'wrong_width', value: '7/17' },
    ]);
    expect(r.acts.map((a) => a.line)).toEqual([7]);
  });

  it('names the essential columns missing', () => {
    expect(readScdlTable({ rows: rows(['COLL_NOM,DELIB_ID', 'Ville,1']) }).missingColumns).toEqual(['DELIB_OBJET', 'DELIB_DATE']);
  });

  it.skipIf(!existsSync(join(MONTPELLIER_DIR, 'VilleMTP_MTP_Delibs.csv')))('reads Montpellier’s own export of its deliberations', () => {
    const table = parseCsv(readFileSync(join(MONTPELLIER_DIR, 'VilleMTP_MTP_Delibs.csv')), resolveLimits());
    const r = readScdlTable({ rows: table.rows, separator: table.separator, encoding: table.encoding });
    expect(r.missingColumns).toEqual([]);
    expect(r.problems).toEqual([]);
    expect(r.acts.length).toBeGreaterThan(100);
    expect(r.acts[0]).toMatchObject({ number: '464', date: '2013-11-25' });
    expect(r.acts.some((a) => a.title.includes('_x0001_'))).toBe(false);
    expect(r.deviations.map((d) => d.code)).toEqual(expect.arrayContaining(['separator', 'column_renamed', 'date_format', 'excel_escape']));
  });
});

describe('scdlCsv', () => {
  it('writes the 17 columns in order, quotes what needs it and neutralises formulas', () => {
    const out = scdlCsv([{ COLL_NOM: 'Ville', DELIB_ID: '1', DELIB_DATE: '2024-05-02', DELIB_OBJET: 'Travaux, "voirie"\net trottoirs', VOTE_POUR: 30, VOTE_CONTRE: null, DELIB_URL: '=HYPERLINK("x")' }]);
    const [header, row, end] = out.split('\r\n');
    expect(header).toBe(HEADER);
    expect(row).toBe('Ville,,1,2024-05-02,,,"Travaux, ""voirie""\net trottoirs",,,,,,,30,,,"\'=HYPERLINK(""x"")"');
    expect(end).toBe('');
  });
});
