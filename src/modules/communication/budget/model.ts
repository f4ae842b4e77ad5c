/**
 * A budget document as the importers read it (TOTEM XML or the SCDL budget table), before it is
 * stored: its lines, the lines refused with their reason, and the deviations found (imported, but
 * reported). Amounts are in cents (integers), never floats.
 */

import { DEFAULT_FILE_LIMITS } from '../../../platform/files/limits';
import { characterCount, textProblem } from '../../../platform/validation/text';

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
  | 'population_missing'
  | 'too_many_lines'
  | 'issues_truncated';

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

/** The first `max` code points of a value (a hostile file's value may be megabytes long). */
const cut = (value: string, max: number) => (value.length <= max ? value : `${Array.from(value.slice(0, max + 1)).slice(0, max).join('')}…`);

export const issue = (line: number | null, field: string | null, code: IssueCode, message: string, params: Record<string, string | number> = {}): BudgetIssue => ({
  line,
  field: field === null ? null : cut(field, 100),
  code,
  params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? cut(v, 200) : v])),
  message: cut(message, 600),
});

/**
 * "1234.5", "1 234,50", "-12" → cents; null for an empty value; NaN when unreadable (exponent
 * notation included: `1e5` is refused, not read as 100000). Beyond two decimals the amount is
 * rounded half away from zero on the decimal string itself (no float): "1234.5699999999999" is
 * 123457 cents, "0.995" is 100.
 */
export function parseAmount(raw: string | undefined | null): number | null {
  const s = (raw ?? '').trim().replace(/[\s\u00a0\u202f]/g, '');
  if (!s) return null;
  const normalised = /^-?\d+,\d{1,2}$/.test(s) ? s.replace(',', '.') : s;
  const m = /^(-?)(\d{1,13})(?:\.(\d{1,40}))?$/.exec(normalised);
  if (!m) return Number.NaN;
  const decimals = m[3] ?? '';
  let cents = Number(m[2]) * 100 + Number(decimals.slice(0, 2).padEnd(2, '0'));
  if (decimals.length > 2 && decimals.charCodeAt(2) >= 0x35) cents += 1;
  return m[1] && cents !== 0 ? -cents : cents;
}

/** The refusal of an unreadable amount, saying why when exponent notation is the cause. */
export function amountIssue(line: number | null, field: string, raw: string | undefined): BudgetIssue {
  const value = (raw ?? '').slice(0, 100);
  const exponent = /^[\s+-]*[\d.,]+e[+-]?\d+\s*$/i.test(value);
  return issue(
    line,
    field,
    'amount_invalid',
    exponent ? `Montant ${field} « ${value} » : la notation exponentielle est refusée, écrivez le montant en chiffres.` : `Montant ${field} « ${value} » illisible.`,
    { value, reason: exponent ? 'exponent' : 'unreadable' },
  );
}

/** At most this many issues are kept in a report: the rest are counted (a hostile file may have millions). */
export const MAX_ISSUES = 200;
/** At most this many budget lines in a document (the platform's row cap for a table: `maxRows`). */
export const MAX_BUDGET_LINES = DEFAULT_FILE_LIMITS.maxRows;
/** Wall time of one TOTEM parse, in milliseconds. */
export const PARSE_TIME_BUDGET_MS = 15_000;

/**
 * A list of issues that keeps the first `MAX_ISSUES` and counts the others, so that a report
 * stays small whatever the file. `list()` ends with one `issues_truncated` issue giving the count.
 */
export class IssueList {
  private readonly kept: BudgetIssue[] = [];
  private more = 0;
  constructor(private readonly max = MAX_ISSUES) {}
  push(...items: BudgetIssue[]): void {
    for (const i of items) {
      if (this.kept.length < this.max) this.kept.push(i);
      else this.more++;
    }
  }
  get length(): number {
    return this.kept.length + this.more;
  }
  list(): BudgetIssue[] {
    if (!this.more) return [...this.kept];
    return [...this.kept, issue(null, null, 'issues_truncated', `… et ${this.more} autre(s) problème(s), non détaillé(s).`, { count: this.more })];
  }
}

/** How many issues a (possibly truncated) list stands for. */
export function issueCount(issues: readonly BudgetIssue[]): number {
  let n = 0;
  for (const i of issues) n += i.code === 'issues_truncated' ? Number(i.params.count) || 0 : 1;
  return n;
}

/**
 * A text value from an imported file through the platform's text rules (`textProblem`): NFC,
 * trimmed, one line, at most `max` characters. Empty gives null; a refused value gives its reason.
 */
export function importedText(raw: string | undefined | null, max: number): { value: string | null } | { problem: string } {
  if (raw === undefined || raw === null) return { value: null };
  if (raw.length > max * 4) return { problem: 'too_long' };
  const v = textProblem(raw, true) === 'unpaired_surrogate' ? raw : repairC1(raw).normalize('NFC').trim();
  const problem = textProblem(v, false);
  if (problem) return { problem };
  if (characterCount(v) > max) return { problem: 'too_long' };
  return { value: v || null };
}

// Windows-1252 characters of the bytes 0x80–0x9F: a C1 control character in a label is almost
// always one of them, read as ISO-8859-1 upstream (Crach's SCDL table has "M\u0096" for "–").
const CP1252 = new TextDecoder('windows-1252');
function repairC1(value: string): string {
  return value.replace(/[\u0080-\u009f]/g, (c) => {
    const r = CP1252.decode(new Uint8Array([c.charCodeAt(0)]));
    return r === c ? c : r;
  });
}

/** `importedText`, or a `value_invalid` issue pushed to `problems` (and null). */
export function checkedText(problems: BudgetIssue[], line: number | null, field: string, raw: string | undefined | null, max: number): string | null {
  const r = importedText(raw, max);
  if ('value' in r) return r.value;
  problems.push(issue(line, field, 'value_invalid', `${field} : texte refusé (${TEXT_REASONS[r.problem] ?? r.problem}).`, { field, reason: r.problem }));
  return null;
}

const TEXT_REASONS: Record<string, string> = {
  control_character: 'caractère de contrôle',
  line_break: 'saut de ligne',
  unpaired_surrogate: 'caractère Unicode invalide',
  too_long: 'trop long',
};

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
