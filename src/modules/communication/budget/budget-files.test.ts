/**
 * The budget importers on the real files of Crach (../shared: TOTEM XML and SCDL CSV of the 2021
 * accounts and of the 2022 budget of an annex budget) and on hostile or broken files: the same
 * totals from both formats, real-world deviations reported (capitalised BGT_NATDEC, sections and
 * chapters left out), bad lines refused with their line and reason, totals checks, and an XML
 * parser that refuses DTDs and entity tricks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../../platform/files/csv';
import { DEFAULT_FILE_LIMITS } from '../../../platform/files/index';
import { SHARED_DATA_DIR } from '../../../platform/files/testing/fixtures';
import { documentDeviations, totalsOf } from './checks';
import { chapterOfNature, parseAmount, sectionOfNature } from './model';
import { parseScdl } from './scdl';
import { parseTotem } from './totem';
import { decodeXml, readXml, XmlError } from './xml';

const DIR = path.join(SHARED_DATA_DIR, 'communication/budget-crach');
const CA = path.join(DIR, 'DOCBUDG-21560046100010-056025-CA-2021-01032022000000');
const BP = path.join(DIR, 'DOCBUDG-21560046100085-056025-BP-2022-07042022000000');
const csv = (text: string) => parseScdl(parseCsvText(text, DEFAULT_FILE_LIMITS).rows);
const HEADER =
  'BGT_NATDEC,BGT_ANNEE,BGT_SIRET,BGT_NOM,BGT_CONTNAT,BGT_CONTNAT_LABEL,BGT_NATURE,BGT_NATURE_LABEL,BGT_FONCTION,BGT_FONCTION_LABEL,BGT_OPERATION,BGT_SECTION,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL,BGT_MTBUDGPREC,BGT_MTRARPREC,BGT_MTPROPNOUV,BGT_MTPREV,BGT_CREDOUV,BGT_MTRAR3112,BGT_ARTSPE';
const row = (o: { natdec?: string; chap?: string; nature: string; fonction?: string; section?: string; op?: string; rd: string; real?: string; prev?: string; cred?: string }) =>
  [o.natdec ?? 'budget primitif', '2024', '21000000000001', 'TEST', o.chap ?? '', '', o.nature, '', o.fonction ?? '', '', '', o.section ?? '', o.op ?? 'réel', o.rd, o.real ?? '', '', '', '', o.prev ?? '', o.cred ?? '', '', ''].join(',');

describe('TOTEM XML, real files', () => {
  it('reads the 2021 accounts of Crach: header, population, 196 lines, totals', () => {
    const doc = parseTotem(fs.readFileSync(path.join(CA, 'totem.xml')));
    expect(doc.refused).toEqual([]);
    expect(doc).toMatchObject({ format: 'totem', kind: 'CA', year: 2021, siret: '21560046100010', nomenclature: 'M14-M14_COM_500_3500', population: 3446, linesRead: 196 });
    expect(doc.entityName).toContain('BUDGET PRINCIPAL');
    expect(doc.lines).toHaveLength(196);
    const t = totalsOf(doc.lines);
    // Realised running receipts and expenditure, in cents (sum of MtReal).
    expect(t.F.R.realised).toBe(389_047_815);
    expect(t.F.D.realised).toBe(237_907_390);
    expect(t.I.R.realised).toBe(123_721_713);
    expect(t.I.D.realised).toBe(105_448_059);
    // Receipts carry no ContNat in TOTEM: deduced from the nature, reported once.
    expect(doc.deviations.map((d) => d.code)).toEqual(['chapter_missing']);
    expect(doc.lines.find((l) => l.nature === '73111')).toMatchObject({ chapter: '73', section: 'F', direction: 'R' });
    expect(doc.lines.find((l) => l.nature === '6419')).toMatchObject({ chapter: '013' });
    // ISO-8859-1 decoded: no replacement character anywhere.
    expect(JSON.stringify(doc)).not.toContain('\ufffd');
  });

  it('reads the 2022 budget of the annex budget, balanced in both sections', () => {
    const doc = parseTotem(fs.readFileSync(path.join(BP, 'totem.xml')));
    expect(doc.refused).toEqual([]);
    expect(doc).toMatchObject({ kind: 'BP', year: 2022, siret: '21560046100085', linesRead: 21 });
    expect(doc.entityName).toContain('LOTISSEMENT LE BOCENO');
    const t = totalsOf(doc.lines);
    expect(t.F.R.planned).toBe(t.F.D.planned);
    expect(t.I.R.planned).toBe(t.I.D.planned);
    expect(doc.deviations.map((d) => d.code)).not.toContain('balance');
  });
});

describe('SCDL CSV, real files', () => {
  it('gives the same totals as the TOTEM file it comes from, reporting its deviations', () => {
    for (const dir of [CA, BP]) {
      const fromXml = parseTotem(fs.readFileSync(path.join(dir, 'totem.xml')));
      const fromCsv = csv(fs.readFileSync(path.join(dir, 'scdl-budget.csv'), 'utf8'));
      expect(fromCsv.refused).toEqual([]);
      expect(fromCsv.lines).toHaveLength(fromXml.lines.length);
      expect(totalsOf(fromCsv.lines)).toEqual(totalsOf(fromXml.lines));
      const codes = fromCsv.deviations.map((d) => d.code);
      expect(codes).toContain('natdec_case');
      expect(codes).toContain('section_inferred');
    }
  });

  it('deduces the section of a receipt without one (024, sales of assets, is investment)', () => {
    const doc = csv(fs.readFileSync(path.join(CA, 'scdl-budget.csv'), 'utf8'));
    expect(doc.lines.find((l) => l.nature === '024')).toMatchObject({ section: 'I', chapter: '024' });
    expect(doc.lines.find((l) => l.nature === '002')).toMatchObject({ section: 'F', chapter: '002' });
  });
});

describe('bad lines and checks', () => {
  it('refuses each bad line with its line, column and reason', () => {
    const doc = csv(
      [
        HEADER,
        row({ chap: '011', nature: '6068', section: 'fonctionnement', rd: 'dépense', prev: '100.00' }),
        row({ chap: '011', nature: '6068', section: 'fonctionnement', rd: 'débit', prev: '100.00' }),
        row({ chap: '011', nature: '6068', section: 'fonctionnement', rd: 'dépense', prev: 'cent euros' }),
        row({ nature: '', section: 'fonctionnement', rd: 'dépense', prev: '1' }),
        row({ nature: '9999', rd: 'recette', prev: '1' }),
        row({ natdec: 'budget rêvé', nature: '6068', section: 'fonctionnement', rd: 'dépense' }),
      ].join('\n'),
    );
    expect(doc.lines).toHaveLength(1);
    expect(doc.refused.map((r) => [r.line, r.field, r.code])).toEqual([
      [3, 'BGT_CODRD', 'value_invalid'],
      [4, 'BGT_MTPREV', 'amount_invalid'],
      [5, 'BGT_NATURE', 'value_missing'],
      [6, 'BGT_SECTION', 'value_missing'],
      [7, 'BGT_NATDEC', 'value_invalid'],
    ]);
  });

  it('refuses a file without the required columns, and rows of another document', () => {
    expect(csv('a,b\n1,2').refused[0]).toMatchObject({ code: 'columns_missing' });
    const other = csv([HEADER, row({ chap: '011', nature: '6068', section: 'fonctionnement', rd: 'dépense', prev: '1' }), row({ natdec: 'compte administratif', chap: '011', nature: '6068', section: 'fonctionnement', rd: 'dépense', real: '1' })].join('\n'));
    expect(other.refused).toHaveLength(1);
    expect(other.refused[0]).toMatchObject({ line: 3, code: 'other_document' });
  });

  it('reports a voted budget out of balance, order operations that do not mirror, 023 ≠ 021', () => {
    const doc = csv(
      [
        HEADER,
        row({ chap: '73', nature: '73111', section: 'fonctionnement', rd: 'recette', prev: '1000' }),
        row({ chap: '011', nature: '6068', section: 'fonctionnement', rd: 'dépense', prev: '700' }),
        row({ chap: '023', nature: '023', section: 'fonctionnement', op: 'ordre', rd: 'dépense', prev: '200' }),
        row({ chap: '042', nature: '6811', section: 'fonctionnement', op: 'ordre', rd: 'dépense', prev: '100' }),
        row({ chap: '040', nature: '28031', section: 'investissement', op: 'ordre', rd: 'recette', prev: '90' }),
        row({ chap: '021', nature: '021', section: 'investissement', op: 'ordre', rd: 'recette', prev: '150' }),
        row({ chap: '21', nature: '2183', section: 'investissement', rd: 'dépense', prev: '250' }),
      ].join('\n'),
    );
    expect(doc.refused).toEqual([]);
    const codes = doc.deviations.map((d) => d.code);
    expect(codes).toEqual(['balance', 'order_transfers', 'transfer_023_021']);
    expect(doc.deviations[0]!.params).toEqual({ section: 'I', receipts: 24_000, expenditure: 25_000, difference: -1000 });
  });

  it('reports spending beyond the open credits of a chapter in the accounts', () => {
    const lines = csv([HEADER, row({ natdec: 'compte administratif', chap: '011', nature: '6068', section: 'fonctionnement', rd: 'dépense', prev: '100', cred: '100', real: '120.50' })].join('\n')).lines;
    expect(documentDeviations('CA', lines)).toEqual([expect.objectContaining({ code: 'credits_exceeded', field: '011', params: { chapter: '011', realised: 12_050, open: 10_000 } })]);
  });

  it('reads amounts exactly, in cents', () => {
    expect(parseAmount('13615.55')).toBe(1_361_555);
    expect(parseAmount('1 234,5')).toBe(123_450);
    expect(parseAmount('-12')).toBe(-1200);
    expect(parseAmount('')).toBeNull();
    expect(parseAmount('1e5')).toBeNaN();
    expect(sectionOfNature('3555', '040')).toBe('I');
    expect(chapterOfNature('2041582')).toBe('204');
    expect(chapterOfNature('60611')).toBe('011');
  });
});

describe('hostile XML', () => {
  const read = (xml: string) => readXml(xml, { open() {}, close() {} });
  it('refuses DTDs, so no entity is ever expanded (billion laughs, external entities)', () => {
    const laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><DocumentBudgetaire V="&lol2;"/>';
    expect(() => read(laughs)).toThrow(XmlError);
    const xxe = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d V="&x;"/>';
    expect(() => read(xxe)).toThrow(/DTD/);
    expect(() => read('<d V="&x;"/>')).toThrow(/Unknown entity/);
  });
  it('stops at its limits and on broken documents', () => {
    expect(() => readXml('<a>'.repeat(100) + '</a>'.repeat(100), { open() {}, close() {} }, { maxBytes: 1e6, maxDepth: 64, maxElements: 1e6 })).toThrow(/deeper/);
    expect(() => readXml('<a>' + '<b/>'.repeat(50) + '</a>', { open() {}, close() {} }, { maxBytes: 1e6, maxDepth: 64, maxElements: 10 })).toThrow(/More than 10/);
    expect(() => decodeXml(new Uint8Array(100), { maxBytes: 10, maxDepth: 1, maxElements: 1 })).toThrow(/larger/);
    expect(() => read('<a><b></a></b>')).toThrow(/closes/);
    expect(() => read('<a>')).toThrow(/never closed/);
  });
  it('reports a broken TOTEM file as refused, not as an exception', () => {
    const doc = parseTotem(Buffer.from('<DocumentBudgetaire><Budget><LigneBudget>'));
    expect(doc.refused[0]).toMatchObject({ code: 'xml_unreadable' });
    expect(parseTotem(Buffer.from('<html/>')).refused[0]).toMatchObject({ code: 'not_totem' });
  });
  it('refuses a TOTEM line without direction or with an unreadable amount, with its element line', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<DocumentBudgetaire><EnTeteDocBudgetaire><IdColl V="21000000000001"/></EnTeteDocBudgetaire><Budget>
<EnTeteBudget><IdEtab V="21000000000001"/><Nomenclature V="M57"/></EnTeteBudget><BlocBudget><NatDec V="01"/><Exer V="2024"/></BlocBudget>
<LigneBudget><Nature V="6068"/><ContNat V="011"/><MtPrev V="10"/><CaracSup V="F" Code="Section"/></LigneBudget>
<LigneBudget><Nature V="6068"/><ContNat V="011"/><CodRD V="D"/><MtPrev V="dix"/><CaracSup V="F" Code="Section"/></LigneBudget>
</Budget></DocumentBudgetaire>`;
    const doc = parseTotem(Buffer.from(xml));
    expect(doc.refused.map((r) => [r.line, r.field, r.code])).toEqual([
      [4, 'CodRD', 'value_missing'],
      [5, 'MtPrev', 'amount_invalid'],
    ]);
  });
});
