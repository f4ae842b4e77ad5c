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
import { chapterOfNature, issueCount, MAX_ISSUES, parseAmount, sectionOfNature } from './model';
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

const totemHead = (extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<DocumentBudgetaire><EnTeteDocBudgetaire><IdColl V="21000000000001"/></EnTeteDocBudgetaire><Budget>
<EnTeteBudget><IdEtab V="21000000000001"/><Nomenclature V="M57"/>${extra}</EnTeteBudget><BlocBudget><NatDec V="01"/><Exer V="2024"/></BlocBudget>
`;
const totemTail = '</Budget></DocumentBudgetaire>';

describe('hostile TOTEM files stay bounded', () => {
  it('keeps the first 200 issues of a file full of bad lines and counts the rest', () => {
    // 50,000 lines, each with 7 unreadable amounts and no direction: 400,000 problems.
    const bad = '<LigneBudget><Nature V="6068"/><MtPrev V="x"/><CredOuv V="x"/><MtPropNouv V="x"/><MtReal V="x"/><MtBudgPrec V="x"/><MtRARPrec V="x"/><MtRAR3112 V="x"/><CaracSup V="F" Code="Section"/></LigneBudget>\n';
    const doc = parseTotem(Buffer.from(totemHead() + bad.repeat(50_000) + totemTail));
    expect(doc.refused).toHaveLength(MAX_ISSUES + 1);
    expect(doc.refused[MAX_ISSUES]).toMatchObject({ code: 'issues_truncated', params: { count: 400_000 - MAX_ISSUES } });
    expect(issueCount(doc.refused)).toBe(400_000);
    expect(JSON.stringify(doc).length).toBeLessThan(200_000);
  });

  it('refuses a document with more lines than the platform allows, whole', () => {
    const line = '<LigneBudget/>';
    const doc = parseTotem(Buffer.from(totemHead() + line.repeat(1001) + totemTail), undefined, 1000);
    expect(doc.refused).toEqual([expect.objectContaining({ code: 'too_many_lines', params: { max: 1000 } })]);
    expect(doc.lines).toEqual([]);
    // The default cap is the platform's maxRows: 100,001 empty lines are refused without a line report.
    const big = parseTotem(Buffer.from(totemHead() + line.repeat(100_001) + totemTail));
    expect(big.refused.map((r) => r.code)).toEqual(['too_many_lines']);
  });

  it('stops a read past its time budget', () => {
    const xml = totemHead() + '<LigneBudget/>'.repeat(20_000) + totemTail;
    expect(() => readXml(xml, { open() {}, close() {} }, { maxBytes: 1e8, maxDepth: 64, maxElements: 1e7, maxMs: -1 })).toThrow(/took more than/);
  });

  it('cuts a huge value in the report', () => {
    const doc = parseTotem(Buffer.from(totemHead() + `<LigneBudget><Nature V="${'9'.repeat(100_000)}"/><CodRD V="D"/></LigneBudget>` + totemTail));
    expect(doc.refused[0]!.code).toBe('value_invalid');
    expect(JSON.stringify(doc.refused).length).toBeLessThan(2000);
  });
});

describe('text from imported files goes through the platform text rules', () => {
  it('refuses control characters, lone surrogates and over-long labels, line by line; normalises to NFC', () => {
    const lines = [
      '<LigneBudget><Nature V="6068"/><ContNat V="011"/><CodRD V="D"/><MtPrev V="1"/><LibCpte V="Cafe\u0301"/><CaracSup V="F" Code="Section"/></LigneBudget>',
      '<LigneBudget><Nature V="6068"/><ContNat V="011"/><CodRD V="D"/><MtPrev V="1"/><LibCpte V="a\u0007b"/><CaracSup V="F" Code="Section"/></LigneBudget>',
      '<LigneBudget><Nature V="6068"/><ContNat V="011"/><CodRD V="D"/><MtPrev V="1"/><Operation V="x\u001by"/><CaracSup V="F" Code="Section"/></LigneBudget>',
      `<LigneBudget><Nature V="6068"/><ContNat V="011"/><CodRD V="D"/><MtPrev V="1"/><LibCpte V="${'x'.repeat(301)}"/><CaracSup V="F" Code="Section"/></LigneBudget>`,
    ];
    const doc = parseTotem(Buffer.from(totemHead() + lines.join('\n') + totemTail));
    expect(doc.lines).toHaveLength(1);
    expect(doc.lines[0]!.natureLabel).toBe('Caf\u00e9');
    expect(doc.refused.map((r) => [r.line, r.field, r.code, r.params.reason])).toEqual([
      [5, 'LibCpte', 'value_invalid', 'control_character'],
      [6, 'Operation', 'value_invalid', 'control_character'],
      [7, 'LibCpte', 'value_invalid', 'too_long'],
    ]);
  });

  it('refuses a header name with a control character', () => {
    const doc = parseTotem(Buffer.from(totemHead('<LibelleColl V="A&#x9;B"/>') + '<LigneBudget><Nature V="6068"/><ContNat V="011"/><CodRD V="D"/><MtPrev V="1"/><CaracSup V="F" Code="Section"/></LigneBudget>' + totemTail));
    expect(doc.refused).toEqual([expect.objectContaining({ field: 'LibelleColl', code: 'value_invalid', params: { field: 'LibelleColl', reason: 'control_character' } })]);
  });

  it('refuses character references outside the XML Char production', () => {
    const read = (xml: string) => readXml(xml, { open() {}, close() {} });
    for (const ref of ['&#0;', '&#x1;', '&#x1F;', '&#xD800;', '&#xDFFF;', '&#xFFFE;', '&#x110000;']) expect(() => read(`<a V="${ref}"/>`), ref).toThrow(/Bad character reference/);
    const seen: string[] = [];
    readXml('<a V="&#x9;&#xE9;&#x1F600;"/>', { open: (_n, a) => seen.push(a.V!), close() {} });
    expect(seen).toEqual(['\t\u00e9\u{1F600}']);
  });

  it('refuses SCDL text cells with control characters; repairs Windows-1252 read as Latin-1', () => {
    const withLabel = (label: string) => {
      const r = row({ chap: '011', nature: '6068', section: 'fonctionnement', rd: 'dépense', prev: '1' }).split(',');
      r[7] = label;
      return r.join(',');
    };
    const doc = csv([HEADER, withLabel('Achats\u0000'), withLabel('Achats\u0081x'), withLabel('Cloud \u0096 logiciels')].join('\n'));
    expect(doc.lines.map((l) => l.natureLabel)).toEqual(['Cloud \u2013 logiciels']);
    expect(doc.refused.map((r) => [r.line, r.field, r.code, r.params.reason])).toEqual([
      [2, 'BGT_NATURE_LABEL', 'value_invalid', 'control_character'],
      [3, 'BGT_NATURE_LABEL', 'value_invalid', 'control_character'],
    ]);
  });
});

describe('entities', () => {
  it('does not resolve an unknown entity through the object prototype', () => {
    const read = (xml: string) => readXml(xml, { open() {}, close() {} });
    for (const name of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) expect(() => read(`<a V="&${name};"/>`)).toThrow(/Unknown entity/);
  });
});

describe('amounts', () => {
  it('rounds half up beyond two decimals on the decimal string, with carry', () => {
    expect(parseAmount('1234.5699999999999')).toBe(123_457);
    expect(parseAmount('1234.564')).toBe(123_456);
    expect(parseAmount('1234.565')).toBe(123_457);
    expect(parseAmount('0.995')).toBe(100);
    expect(parseAmount('9.999')).toBe(1000);
    expect(parseAmount('99.9951')).toBe(10_000);
    expect(parseAmount('-0.005')).toBe(-1);
    expect(parseAmount('-0.004')).toBe(0);
    expect(parseAmount('12.3')).toBe(1230);
  });
  it('refuses exponent notation clearly', () => {
    for (const v of ['1e5', '1.5E3', '2e-2']) expect(parseAmount(v)).toBeNaN();
    const doc = csv([HEADER, row({ chap: '011', nature: '6068', section: 'fonctionnement', rd: 'dépense', prev: '1.5E3' })].join('\n'));
    expect(doc.refused).toEqual([expect.objectContaining({ code: 'amount_invalid', params: { value: '1.5E3', reason: 'exponent' } })]);
    expect(doc.refused[0]!.message).toContain('notation exponentielle');
  });
});
