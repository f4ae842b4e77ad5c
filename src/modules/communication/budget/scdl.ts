/**
 * Reading the SCDL budget table (Socle commun des données locales, schema `scdl/budget`, 2022): one
 * row per budget line, columns `BGT_*`, rows as the platform's file parser gives them (CSV or XLSX,
 * with their line numbers). One file is one document (same `BGT_SIRET`, `BGT_ANNEE`, `BGT_NATDEC`);
 * rows of another document are refused.
 *
 * Known deviations of real files, imported and reported: `BGT_NATDEC` capitalised ("Compte
 * administratif" where the schema lists "compte administratif"), `BGT_SECTION` empty (deduced from
 * the nature, as in TOTEM's chart of accounts), `BGT_CONTNAT` empty (deduced for classes 1 and 2).
 * `BGT_CONTNAT` is read as the chapter and `BGT_NATURE` as the account, as in the files the
 * reference converter (yatotem2scdl) writes, whatever the schema's descriptions say.
 */
import type { TableRow } from '../../../platform/files/index';
import { documentDeviations } from './checks';
import {
  amountIssue,
  chapterOfNature,
  checkedText,
  inferredSections,
  issue,
  IssueList,
  MAX_BUDGET_LINES,
  missingChapters,
  parseAmount,
  sectionOfNature,
  type BudgetIssue,
  type DocumentKind,
  type ParsedBudget,
} from './model';

const NATDEC: Record<string, DocumentKind> = {
  'budget primitif': 'BP',
  'budget supplémentaire': 'BS',
  'décision modificative': 'DM',
  'compte administratif': 'CA',
};
const REQUIRED = ['BGT_NATDEC', 'BGT_ANNEE', 'BGT_SIRET', 'BGT_NATURE', 'BGT_CODRD'] as const;
const AMOUNTS = ['BGT_MTREAL', 'BGT_MTPREV', 'BGT_CREDOUV', 'BGT_MTPROPNOUV'] as const;

const fold = (s: string) => s.trim().toLowerCase().normalize('NFC');

export function parseScdl(rows: readonly TableRow[], maxLines = MAX_BUDGET_LINES): ParsedBudget {
  const refused = new IssueList();
  const result = read(rows, refused, maxLines);
  return { ...result, refused: refused.list() };
}

function read(rows: readonly TableRow[], refused: IssueList, maxLines: number): ParsedBudget {
  const deviations: BudgetIssue[] = [];
  const header = rows[0];
  const result: ParsedBudget = { format: 'scdl', siret: '', entityName: '', year: 0, kind: 'BP', nomenclature: null, population: null, lines: [], refused: [], deviations, linesRead: 0 };
  if (!header) {
    refused.push(issue(null, null, 'no_lines', 'Le fichier est vide.'));
    return result;
  }
  if (rows.length - 1 > maxLines) {
    refused.push(issue(null, null, 'too_many_lines', `Le fichier a plus de ${maxLines} lignes : refusé.`, { max: maxLines }));
    return result;
  }
  const index = new Map(header.cells.map((c, i) => [c.trim().toUpperCase(), i]));
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (missing.length) {
    refused.push(issue(header.line, missing.join(', '), 'columns_missing', `Colonnes obligatoires absentes : ${missing.join(', ')}.`, { columns: missing.join(', ') }));
    return result;
  }
  const cell = (row: TableRow, name: string) => {
    const i = index.get(name);
    return i === undefined ? '' : (row.cells[i] ?? '').trim();
  };
  let doc: { siret: string; year: number; natdec: string } | null = null;
  let natdecCaseReported = false;
  const noChapter: { line: number; nature: string; chapter: string | null }[] = [];
  const noSection: { line: number; nature: string }[] = [];
  const body = rows.slice(1).filter((r) => r.cells.some((c) => c.trim() !== ''));
  result.linesRead = body.length;
  for (const row of body) {
    const problems: BudgetIssue[] = [];
    const natdecRaw = cell(row, 'BGT_NATDEC');
    const kind = NATDEC[fold(natdecRaw)];
    const year = Number(cell(row, 'BGT_ANNEE'));
    const siret = cell(row, 'BGT_SIRET');
    if (!kind) problems.push(issue(row.line, 'BGT_NATDEC', natdecRaw ? 'value_invalid' : 'value_missing', `BGT_NATDEC « ${natdecRaw} » : budget primitif, budget supplémentaire, décision modificative ou compte administratif attendu.`, { value: natdecRaw }));
    else if (natdecRaw !== fold(natdecRaw) && !natdecCaseReported) {
      natdecCaseReported = true;
      deviations.push(issue(row.line, 'BGT_NATDEC', 'natdec_case', `BGT_NATDEC « ${natdecRaw} » n’est pas écrit comme le schéma l’énumère (« ${fold(natdecRaw)} ») : lu quand même.`, { value: natdecRaw }));
    }
    if (!(Number.isInteger(year) && year >= 1990 && year <= 2100)) problems.push(issue(row.line, 'BGT_ANNEE', 'value_invalid', `BGT_ANNEE « ${cell(row, 'BGT_ANNEE')} » n’est pas une année.`, { value: cell(row, 'BGT_ANNEE') }));
    if (!/^\d{14}$/.test(siret)) problems.push(issue(row.line, 'BGT_SIRET', 'value_invalid', `BGT_SIRET « ${siret} » : 14 chiffres attendus.`, { value: siret }));
    if (!problems.length && kind) {
      if (!doc) {
        doc = { siret, year, natdec: kind };
        result.siret = siret;
        result.year = year;
        result.kind = kind;
        result.entityName = checkedText(problems, row.line, 'BGT_NOM', cell(row, 'BGT_NOM'), 200) ?? siret;
      } else if (doc.siret !== siret || doc.year !== year || doc.natdec !== kind) {
        problems.push(issue(row.line, 'BGT_SIRET', 'other_document', `Ligne d’un autre document (${siret}, ${year}, ${natdecRaw}) : un fichier ne porte qu’un document.`, { siret, year, kind }));
      }
    }
    const nature = cell(row, 'BGT_NATURE');
    if (!/^[0-9A-Z]{1,10}$/i.test(nature)) problems.push(issue(row.line, 'BGT_NATURE', nature ? 'value_invalid' : 'value_missing', nature ? `BGT_NATURE « ${nature} » invalide.` : 'BGT_NATURE absente.', { value: nature }));
    const codrd = fold(cell(row, 'BGT_CODRD'));
    const direction = codrd === 'recette' ? 'R' : codrd === 'dépense' || codrd === 'depense' ? 'D' : null;
    if (!direction) problems.push(issue(row.line, 'BGT_CODRD', 'value_invalid', `BGT_CODRD « ${cell(row, 'BGT_CODRD')} » : recette ou dépense attendu.`, { value: cell(row, 'BGT_CODRD') }));
    const amounts: Partial<Record<(typeof AMOUNTS)[number], number | null>> = {};
    for (const a of AMOUNTS) {
      const v = parseAmount(cell(row, a));
      if (Number.isNaN(v)) problems.push(amountIssue(row.line, a, cell(row, a)));
      else amounts[a] = v;
    }
    const chapterRaw = cell(row, 'BGT_CONTNAT') || null;
    const sectionRaw = fold(cell(row, 'BGT_SECTION'));
    let section: 'F' | 'I' | null = sectionRaw === 'fonctionnement' ? 'F' : sectionRaw === 'investissement' ? 'I' : null;
    if (sectionRaw && !section) problems.push(issue(row.line, 'BGT_SECTION', 'value_invalid', `BGT_SECTION « ${cell(row, 'BGT_SECTION')} » : fonctionnement ou investissement attendu.`, { value: cell(row, 'BGT_SECTION') }));
    else if (!section && nature) {
      section = sectionOfNature(nature, chapterRaw);
      if (section) noSection.push({ line: row.line, nature });
      else problems.push(issue(row.line, 'BGT_SECTION', 'value_missing', `Section absente et impossible à déduire de la nature ${nature}.`, { nature }));
    }
    const opbudg = fold(cell(row, 'BGT_OPBUDG'));
    if (opbudg && opbudg !== 'réel' && opbudg !== 'reel' && opbudg !== 'ordre') problems.push(issue(row.line, 'BGT_OPBUDG', 'value_invalid', `BGT_OPBUDG « ${cell(row, 'BGT_OPBUDG')} » : réel ou ordre attendu.`, { value: cell(row, 'BGT_OPBUDG') }));
    const texts = {
      chapterLabel: checkedText(problems, row.line, 'BGT_CONTNAT_LABEL', cell(row, 'BGT_CONTNAT_LABEL'), 300),
      natureLabel: checkedText(problems, row.line, 'BGT_NATURE_LABEL', cell(row, 'BGT_NATURE_LABEL'), 300),
      fonction: checkedText(problems, row.line, 'BGT_FONCTION', cell(row, 'BGT_FONCTION'), 20),
      fonctionLabel: checkedText(problems, row.line, 'BGT_FONCTION_LABEL', cell(row, 'BGT_FONCTION_LABEL'), 300),
      operation: checkedText(problems, row.line, 'BGT_OPERATION', cell(row, 'BGT_OPERATION'), 100),
      chapter: checkedText(problems, row.line, 'BGT_CONTNAT', chapterRaw, 20),
    };
    if (problems.length) {
      refused.push(...problems);
      continue;
    }
    let chapter = chapterRaw;
    if (!chapter) {
      chapter = chapterOfNature(nature);
      noChapter.push({ line: row.line, nature, chapter });
    }
    result.lines.push({
      ref: row.line,
      section: section!,
      direction: direction!,
      real: opbudg !== 'ordre',
      chapter,
      chapterLabel: (chapterRaw && texts.chapterLabel) || null,
      nature,
      natureLabel: texts.natureLabel,
      fonction: texts.fonction,
      fonctionLabel: texts.fonctionLabel,
      operation: texts.operation,
      planned: amounts.BGT_MTPREV ?? amounts.BGT_CREDOUV ?? amounts.BGT_MTPROPNOUV ?? null,
      realised: amounts.BGT_MTREAL ?? null,
      open: amounts.BGT_CREDOUV ?? null,
    });
  }
  if (body.length === 0) refused.push(issue(null, null, 'no_lines', 'Le fichier ne contient aucune ligne de budget.'));
  deviations.push(...inferredSections(noSection, 'BGT_SECTION'));
  deviations.push(...missingChapters(noChapter, 'BGT_CONTNAT'));
  if (doc) deviations.push(...documentDeviations(result.kind, result.lines));
  return result;
}
