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

export interface Label {
  fr: string;
  en: string;
}

/**
 * The main chapters of the M14 and M57 nomenclatures (communes), with words a resident reads.
 * Chapters absent here are shown with the file's own label, else their code.
 */
export const CHAPTER_LABELS: Record<string, Label> = {
  '001': { fr: 'Solde d’investissement reporté de l’année précédente', en: 'Investment balance carried over from the previous year' },
  '002': { fr: 'Résultat de fonctionnement reporté de l’année précédente', en: 'Running result carried over from the previous year' },
  '011': { fr: 'Charges à caractère général (achats, énergie, entretien, services)', en: 'General expenses (purchases, energy, upkeep, services)' },
  '012': { fr: 'Charges de personnel', en: 'Staff costs' },
  '013': { fr: 'Atténuations de charges (remboursements sur salaires)', en: 'Cost reductions (salary refunds)' },
  '014': { fr: 'Atténuations de produits (reversements de fiscalité)', en: 'Revenue reductions (tax paid back)' },
  '016': { fr: 'Allocation personnalisée d’autonomie', en: 'Personal autonomy allowance' },
  '020': { fr: 'Dépenses imprévues (investissement)', en: 'Contingencies (investment)' },
  '021': { fr: 'Virement de la section de fonctionnement', en: 'Transfer from the running section' },
  '022': { fr: 'Dépenses imprévues (fonctionnement)', en: 'Contingencies (running)' },
  '023': { fr: 'Virement à la section d’investissement (autofinancement)', en: 'Transfer to the investment section (self-financing)' },
  '024': { fr: 'Produits des cessions (ventes de biens)', en: 'Proceeds of asset sales' },
  '040': { fr: 'Opérations d’ordre entre sections (investissement)', en: 'Book entries between sections (investment)' },
  '041': { fr: 'Opérations patrimoniales', en: 'Asset book entries' },
  '042': { fr: 'Opérations d’ordre entre sections (fonctionnement)', en: 'Book entries between sections (running)' },
  '043': { fr: 'Opérations d’ordre à l’intérieur de la section de fonctionnement', en: 'Book entries within the running section' },
  '10': { fr: 'Dotations et réserves (FCTVA, taxe d’aménagement, excédents)', en: 'Grants and reserves (VAT refund, planning tax, surpluses)' },
  '13': { fr: 'Subventions d’investissement', en: 'Investment grants' },
  '16': { fr: 'Emprunts et dettes', en: 'Loans and debt' },
  '20': { fr: 'Immobilisations incorporelles (études, logiciels)', en: 'Intangible assets (studies, software)' },
  '204': { fr: 'Subventions d’équipement versées', en: 'Capital grants paid' },
  '21': { fr: 'Immobilisations corporelles (terrains, bâtiments, matériel)', en: 'Tangible assets (land, buildings, equipment)' },
  '23': { fr: 'Travaux en cours', en: 'Works in progress' },
  '26': { fr: 'Participations', en: 'Equity holdings' },
  '27': { fr: 'Autres immobilisations financières', en: 'Other financial assets' },
  '65': { fr: 'Autres charges de gestion courante (subventions, indemnités des élus, contributions)', en: 'Other current charges (grants, councillors’ allowances, contributions)' },
  '656': { fr: 'Frais de fonctionnement des groupes d’élus', en: 'Councillors’ groups running costs' },
  '66': { fr: 'Charges financières (intérêts des emprunts)', en: 'Financial charges (loan interest)' },
  '67': { fr: 'Charges exceptionnelles', en: 'Exceptional charges' },
  '68': { fr: 'Dotations aux provisions', en: 'Provisions' },
  '70': { fr: 'Produits des services (cantine, piscine, locations…)', en: 'Service income (canteen, pool, rentals…)' },
  '73': { fr: 'Impôts et taxes', en: 'Taxes' },
  '731': { fr: 'Fiscalité locale', en: 'Local taxes' },
  '74': { fr: 'Dotations et participations (de l’État et d’autres collectivités)', en: 'Grants and contributions (from the State and other authorities)' },
  '75': { fr: 'Autres produits de gestion courante (loyers…)', en: 'Other current income (rents…)' },
  '76': { fr: 'Produits financiers', en: 'Financial income' },
  '77': { fr: 'Produits exceptionnels', en: 'Exceptional income' },
  '78': { fr: 'Reprises sur provisions', en: 'Provisions written back' },
};

/** Functions (what the money is for) of M14 (communes of 3,500 inhabitants or more vote by function) and of M57. */
export const FUNCTION_LABELS: Record<'M14' | 'M57', Record<string, Label>> = {
  M14: {
    '0': { fr: 'Services généraux', en: 'General services' },
    '01': { fr: 'Opérations non ventilables', en: 'Not allocated' },
    '1': { fr: 'Sécurité et salubrité publiques', en: 'Public safety and hygiene' },
    '2': { fr: 'Enseignement, formation', en: 'Education and training' },
    '3': { fr: 'Culture', en: 'Culture' },
    '4': { fr: 'Sport et jeunesse', en: 'Sport and youth' },
    '5': { fr: 'Interventions sociales et santé', en: 'Social support and health' },
    '6': { fr: 'Famille', en: 'Family' },
    '7': { fr: 'Logement', en: 'Housing' },
    '8': { fr: 'Aménagement, services urbains, environnement', en: 'Planning, urban services, environment' },
    '9': { fr: 'Action économique', en: 'Economic action' },
  },
  M57: {
    '0': { fr: 'Services généraux', en: 'General services' },
    '01': { fr: 'Opérations non ventilables', en: 'Not allocated' },
    '1': { fr: 'Sécurité', en: 'Safety' },
    '2': { fr: 'Enseignement, formation professionnelle et apprentissage', en: 'Education, vocational training' },
    '3': { fr: 'Culture, vie sociale, jeunesse, sports et loisirs', en: 'Culture, community life, youth, sport and leisure' },
    '4': { fr: 'Santé et action sociale', en: 'Health and social support' },
    '5': { fr: 'Aménagement des territoires et habitat', en: 'Planning and housing' },
    '6': { fr: 'Action économique', en: 'Economic action' },
    '7': { fr: 'Environnement', en: 'Environment' },
    '8': { fr: 'Transports', en: 'Transport' },
    '9': { fr: 'Fonds européens', en: 'European funds' },
  },
};

/** The function group of a function code: its first digit, `01` kept apart. */
export function functionGroup(code: string): string {
  return code.startsWith('01') ? '01' : code[0]!;
}

export const nomenclatureFamily = (nomenclature: string | null): 'M14' | 'M57' => (nomenclature?.toUpperCase().includes('M57') ? 'M57' : 'M14');

export const KIND_LABELS: Record<DocumentKind, Label> = {
  BP: { fr: 'Budget primitif', en: 'Budget (as voted)' },
  BS: { fr: 'Budget supplémentaire', en: 'Supplementary budget' },
  DM: { fr: 'Décision modificative', en: 'Budget amendment' },
  CA: { fr: 'Compte administratif', en: 'Accounts (as executed)' },
};
