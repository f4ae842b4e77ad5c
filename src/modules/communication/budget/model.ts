/**
 * A budget document as the importers read it (TOTEM XML or the SCDL budget table), before it is
 * stored: its lines, the lines refused with their reason, and the deviations found (imported, but
 * reported). Amounts are in cents (integers), never floats.
 */

export type Direction = 'R' | 'D';
export type Section = 'F' | 'I';
/** Budget primitif, budget supplémentaire, décision modificative, compte administratif. */
export type DocumentKind = 'BP' | 'BS' | 'DM' | 'CA';
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['BP', 'BS', 'DM', 'CA'];

export interface BudgetLineInput {
  /** Line of the CSV file, or line of the `<LigneBudget>` element in the XML. */
  ref: number;
  section: Section;
  direction: Direction;
  /** Real operation (true) or order operation between sections (false). */
  real: boolean;
  chapter: string | null;
  chapterLabel: string | null;
  nature: string;
  natureLabel: string | null;
  fonction: string | null;
  fonctionLabel: string | null;
  operation: string | null;
  /** Voted credits of the document (MtPrev; else CredOuv, MtPropNouv), cents. */
  planned: number | null;
  /** Realised (accounts, MtReal), cents. */
  realised: number | null;
  /** Credits open for the year (CredOuv), cents: what realised spending may not exceed. */
  open: number | null;
}

export type IssueCode =
  | 'xml_unreadable'
  | 'not_totem'
  | 'no_budget'
  | 'header_missing'
  | 'columns_missing'
  | 'value_missing'
  | 'value_invalid'
  | 'amount_invalid'
  | 'other_document'
  | 'no_lines'
  | 'section_inferred'
  | 'section_conflict'
  | 'chapter_missing'
  | 'natdec_case'
  | 'kind_unknown'
  | 'balance'
  | 'order_transfers'
  | 'transfer_023_021'
  | 'credits_exceeded'
  | 'population_missing';

export interface BudgetIssue {
  /** File line (CSV) or element line (XML); null for the whole document. */
  line: number | null;
  /** The column or element concerned. */
  field: string | null;
  code: IssueCode;
  /** Values for the message (`budget.issue.<code>` in the pages). */
  params: Record<string, string | number>;
  /** The message in French (the report's plain text). */
  message: string;
}

export interface ParsedBudget {
  format: 'totem' | 'scdl';
  siret: string;
  entityName: string;
  year: number;
  kind: DocumentKind;
  nomenclature: string | null;
  /** Population the document states (TOTEM `PopTot`), or null. */
  population: number | null;
  lines: BudgetLineInput[];
  /** Lines (or the whole file) refused: while there is one, nothing is imported. */
  refused: BudgetIssue[];
  /** Imported, but reported: real files deviate from the norms in known ways. */
  deviations: BudgetIssue[];
  /** Lines read in the file. */
  linesRead: number;
}

/** One deviation for every line whose chapter the file left out (TOTEM does on most receipts): how many were deduced, which were not. */
export function missingChapters(missing: readonly { line: number; nature: string; chapter: string | null }[], field: string): BudgetIssue[] {
  if (!missing.length) return [];
  const deduced = missing.filter((m) => m.chapter).length;
  const unknown = missing.filter((m) => !m.chapter);
  const lines = unknown.slice(0, 10).map((m) => `${m.line} (${m.nature})`).join(', ');
  return [
    issue(null, field, 'chapter_missing', `${missing.length} ligne(s) sans chapitre : ${deduced} déduit(s) de la nature${unknown.length ? `, ${unknown.length} laissé(s) sans chapitre (lignes ${lines})` : ''}.`, {
      count: missing.length,
      deduced,
      unknown: unknown.length,
    }),
  ];
}

/** One deviation for every line whose section the file left out and that was deduced from its nature. */
export function inferredSections(lines: readonly { line: number; nature: string }[], field: string): BudgetIssue[] {
  if (!lines.length) return [];
  const first = lines.slice(0, 10).map((m) => `${m.line} (${m.nature})`).join(', ');
  return [
    issue(null, field, 'section_inferred', `${lines.length} ligne(s) sans section : section déduite de la nature (lignes ${first}${lines.length > 10 ? '…' : ''}).`, {
      count: lines.length,
      lines: first,
    }),
  ];
}

export const issue = (line: number | null, field: string | null, code: IssueCode, message: string, params: Record<string, string | number> = {}): BudgetIssue => ({
  line,
  field,
  code,
  params,
  message,
});

/** "1234.5", "1 234,50", "-12" → cents; null for an empty value; NaN when unreadable. */
export function parseAmount(raw: string | undefined | null): number | null {
  const s = (raw ?? '').trim().replace(/[\s\u00a0\u202f]/g, '');
  if (!s) return null;
  const normalised = /^-?\d+,\d{1,2}$/.test(s) ? s.replace(',', '.') : s;
  const m = /^(-?)(\d{1,13})(?:\.(\d{1,2})\d*)?$/.exec(normalised);
  if (!m) return Number.NaN;
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0') || 0);
  return m[1] ? -cents : cents;
}

/**
 * The section a nature belongs to, by its class in the M14/M57 chart of accounts: classes 1 and 2
 * (capital, fixed assets) and 001 are investment, classes 6 and 7 (charges, products) and 002 are
 * running; class 3 (stocks) depends on the chapter (040 investment, 042 running).
 */
export function sectionOfNature(nature: string, chapter: string | null): Section | null {
  if (nature === '001' || nature === '020' || nature === '021' || nature === '024') return 'I';
  if (nature === '002' || nature === '022' || nature === '023') return 'F';
  if (chapter === '040' || chapter === '041' || chapter === '020' || chapter === '021' || chapter === '024') return 'I';
  if (chapter === '042' || chapter === '043' || chapter === '022' || chapter === '023') return 'F';
  const c = nature[0];
  if (c === '1' || c === '2' || c === '4') return 'I';
  if (c === '6' || c === '7') return 'F';
  return null;
}

/**
 * The chapter of a nature when the file gives none (TOTEM leaves `ContNat` out of most receipt
 * lines): 001/002/024 are their own; classes 1, 2 and 7 group by two digits (204 apart; 1068 in 10);
 * 6419, 6459, 6479 are cost reductions (013); 739 revenue reductions (014); charges by the M14/M57
 * grouping (60–63: 011, except 631 and 633: 012; 64: 012; 65 to 68 by two digits).
 */
export function chapterOfNature(nature: string): string | null {
  if (nature === '001' || nature === '002' || nature === '024') return nature;
  if (nature.startsWith('204')) return '204';
  if (/^64[1-8]9/.test(nature)) return '013';
  if (nature.startsWith('739')) return '014';
  if (/^(631|633)/.test(nature)) return '012';
  if (/^6[0-3]/.test(nature)) return '011';
  if (nature.startsWith('64')) return '012';
  if (/^6[5-8]/.test(nature) || /^[127]\d/.test(nature)) return nature.slice(0, 2);
  return null;
}

// Labels of chapters and functions, for residents, are in the pages' messages
// (web/budget/i18n: `budget.chapters`, `budget.functions.M14|M57`), French and English.

/** The function group of a function code: its first digit, `01` kept apart. */
export function functionGroup(code: string): string {
  return code.startsWith('01') ? '01' : code[0]!;
}

export const nomenclatureFamily = (nomenclature: string | null): 'M14' | 'M57' => (nomenclature?.toUpperCase().includes('M57') ? 'M57' : 'M14');
