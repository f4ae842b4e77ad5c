/**
 * Reading a TOTEM budget document (`DocumentBudgetaire`, the XML the accounting software sends to
 * the prefecture through Actes budgétaires): its header (`EnTeteBudget`: establishment, SIRET,
 * nomenclature M14/M57), its decision (`BlocBudget`: `NatDec` 01 BP, 02 DM, 03 BS, 09 CA; `Exer`),
 * the population it states (`InformationsGenerales`, `PopTot`) and its `LigneBudget` lines: `Nature`,
 * `ContNat` (chapter), `Fonction`, `CodRD` (R/D), `OpBudg` (0 real, 1 order), amounts (`MtPrev`,
 * `CredOuv`, `MtPropNouv`, `MtReal`), section (`CaracSup Code="Section"`: F or I). Annexes
 * (patrimony, loans, staff…) are not read. Element names are TOTEM's; values are in `V` attributes.
 */
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
  PARSE_TIME_BUDGET_MS,
  sectionOfNature,
  type BudgetIssue,
  type BudgetLineInput,
  type DocumentKind,
  type ParsedBudget,
} from './model';
import { decodeXml, readXml, XmlError, type XmlLimits, XML_LIMITS } from './xml';

const NATDEC: Record<string, DocumentKind> = { '01': 'BP', '02': 'DM', '03': 'BS', '09': 'CA' };
const AMOUNTS = ['MtPrev', 'CredOuv', 'MtPropNouv', 'MtReal', 'MtBudgPrec', 'MtRARPrec', 'MtRAR3112'] as const;

interface RawLine {
  line: number;
  values: Record<string, string>;
  section: string | null;
}

class TooManyLines extends Error {}

/**
 * Bounded whatever the file: at most `maxLines` lines (else the whole file is refused, before any
 * line is checked), at most MAX_ISSUES issues kept (the rest counted), a wall-time budget.
 */
export function parseTotem(bytes: Uint8Array, limits: XmlLimits = { ...XML_LIMITS, maxMs: PARSE_TIME_BUDGET_MS }, maxLines = MAX_BUDGET_LINES): ParsedBudget {
  const refused = new IssueList();
  const deviations: BudgetIssue[] = [];
  const header: Record<string, string> = {};
  const raw: RawLine[] = [];
  let root: string | null = null;
  let population: string | null = null;
  let budgets = 0;
  const path: string[] = [];
  let current: RawLine | null = null;
  try {
    const text = decodeXml(bytes, limits);
    readXml(
      text,
      {
        open(name, attributes, line) {
          root ??= name;
          const parent = path[path.length - 1];
          path.push(name);
          if (name === 'Budget' && parent === 'DocumentBudgetaire') budgets++;
          if (budgets > 1) return;
          if ((parent === 'EnTeteBudget' || parent === 'BlocBudget' || parent === 'EnTeteDocBudgetaire') && attributes.V !== undefined) header[name] ??= attributes.V;
          if (name === 'Information' && parent === 'InformationsGenerales' && attributes.Code === 'PopTot') population = attributes.V ?? null;
          if (name === 'LigneBudget' && parent === 'Budget') {
            if (raw.length >= maxLines) throw new TooManyLines();
            current = { line, values: {}, section: null };
          }
          else if (current && parent === 'LigneBudget') {
            if (name === 'CaracSup' && attributes.Code === 'Section') current.section = attributes.V ?? null;
            else if (name === 'MtSup') return;
            else if (attributes.V !== undefined) current.values[name] = attributes.V;
          }
        },
        close(name) {
          path.pop();
          if (name === 'LigneBudget' && current && path[path.length - 1] === 'Budget') {
            raw.push(current);
            current = null;
          }
        },
      },
      limits,
    );
  } catch (err) {
    if (err instanceof TooManyLines) {
      refused.push(issue(null, 'LigneBudget', 'too_many_lines', `Le document a plus de ${maxLines} lignes <LigneBudget> : refusé.`, { max: maxLines }));
      return empty(refused);
    }
    if (!(err instanceof XmlError)) throw err;
    refused.push(issue(err.line, null, 'xml_unreadable', `Fichier XML illisible : ${err.message}`, { reason: err.message }));
    return empty(refused);
  }
  if (root !== 'DocumentBudgetaire') {
    refused.push(issue(null, root, 'not_totem', `Ce n’est pas un document budgétaire TOTEM (élément racine <${root ?? '—'}>, <DocumentBudgetaire> attendu).`, { root: root ?? '' }));
    return empty(refused);
  }
  if (budgets === 0) {
    refused.push(issue(null, 'Budget', 'no_budget', 'Le document ne contient aucun élément <Budget>.'));
    return empty(refused);
  }
  if (budgets > 1) deviations.push(issue(null, 'Budget', 'other_document', `Le document contient ${budgets} budgets : seul le premier est lu.`, { count: budgets }));

  const headerProblems: BudgetIssue[] = [];
  const nomenclature = checkedText(headerProblems, null, 'Nomenclature', header.Nomenclature, 100);
  const entityNames = [checkedText(headerProblems, null, 'LibelleColl', header.LibelleColl, 200), checkedText(headerProblems, null, 'LibelleEtab', header.LibelleEtab, 200)];
  refused.push(...headerProblems);
  const siret = header.IdEtab ?? header.IdColl ?? '';
  const year = Number(header.Exer);
  const natDec = header.NatDec ?? '';
  for (const [field, ok] of [
    ['IdEtab', /^\d{14}$/.test(siret)],
    ['Exer', Number.isInteger(year) && year >= 1990 && year <= 2100],
    ['NatDec', natDec !== ''],
  ] as const) {
    if (!ok) refused.push(issue(null, field, 'header_missing', `En-tête : <${field}> absent ou invalide.`, { field }));
  }
  const kind = NATDEC[natDec];
  if (natDec && !kind) refused.push(issue(null, 'NatDec', 'kind_unknown', `Nature de décision « ${natDec} » non prise en charge (01 BP, 02 DM, 03 BS, 09 CA).`, { value: natDec }));

  const lines: BudgetLineInput[] = [];
  const noChapter: { line: number; nature: string; chapter: string | null }[] = [];
  const noSection: { line: number; nature: string }[] = [];
  for (const r of raw) {
    const v = r.values;
    const problems: BudgetIssue[] = [];
    const nature = (v.Nature ?? '').trim();
    if (!/^[0-9A-Z]{1,10}$/i.test(nature)) problems.push(issue(r.line, 'Nature', nature ? 'value_invalid' : 'value_missing', nature ? `Nature « ${nature} » invalide.` : 'Nature absente.', { value: nature }));
    const codRd = v.CodRD;
    if (codRd !== 'R' && codRd !== 'D') problems.push(issue(r.line, 'CodRD', codRd ? 'value_invalid' : 'value_missing', `CodRD « ${codRd ?? ''} » : R (recette) ou D (dépense) attendu.`, { value: codRd ?? '' }));
    const amounts: Partial<Record<(typeof AMOUNTS)[number], number | null>> = {};
    for (const a of AMOUNTS) {
      const value = parseAmount(v[a]);
      if (Number.isNaN(value)) problems.push(amountIssue(r.line, a, v[a]));
      else amounts[a] = value;
    }
    const chapter = checkedText(problems, r.line, 'ContNat', v.ContNat, 20);
    let section: 'F' | 'I' | null = r.section === 'F' || r.section === 'I' ? r.section : null;
    if (r.section && !section) problems.push(issue(r.line, 'CaracSup', 'value_invalid', `Section « ${r.section} » : F ou I attendu.`, { value: r.section }));
    if (!section && !r.section && nature) {
      section = sectionOfNature(nature, chapter);
      if (section) noSection.push({ line: r.line, nature });
      else problems.push(issue(r.line, 'CaracSup', 'value_missing', `Section absente et impossible à déduire de la nature ${nature}.`, { nature }));
    }
    const natureLabel = checkedText(problems, r.line, 'LibCpte', v.LibCpte, 300);
    const fonction = checkedText(problems, r.line, 'Fonction', v.Fonction, 20);
    const operation = checkedText(problems, r.line, 'Operation', v.Operation, 100);
    if (problems.length) {
      refused.push(...problems);
      continue;
    }
    let chap = chapter;
    if (!chap) {
      chap = chapterOfNature(nature);
      noChapter.push({ line: r.line, nature, chapter: chap });
    }
    lines.push({
      ref: r.line,
      section: section!,
      direction: codRd as 'R' | 'D',
      real: (v.OpBudg ?? '0') !== '1',
      chapter: chap,
      chapterLabel: null,
      nature,
      natureLabel,
      fonction,
      fonctionLabel: null,
      operation,
      planned: amounts.MtPrev ?? amounts.CredOuv ?? amounts.MtPropNouv ?? null,
      realised: amounts.MtReal ?? null,
      open: amounts.CredOuv ?? null,
    });
  }
  if (raw.length === 0) refused.push(issue(null, 'LigneBudget', 'no_lines', 'Le budget ne contient aucune ligne <LigneBudget>.'));
  const pop = population === null ? null : Number((population as string).replace(/[\s\u00a0\u202f]/g, ''));
  deviations.push(...inferredSections(noSection, 'CaracSup'));
  deviations.push(...missingChapters(noChapter, 'ContNat'));
  if (kind) deviations.push(...documentDeviations(kind, lines));
  return {
    format: 'totem',
    siret,
    entityName: entityNames.filter(Boolean).join(' — ') || siret,
    year,
    kind: kind ?? 'BP',
    nomenclature,
    population: pop !== null && Number.isInteger(pop) && pop > 0 ? pop : null,
    lines,
    refused: refused.list(),
    deviations,
    linesRead: raw.length,
  };
}

function empty(refused: IssueList): ParsedBudget {
  return { format: 'totem', siret: '', entityName: '', year: 0, kind: 'BP', nomenclature: null, population: null, lines: [], refused: refused.list(), deviations: [], linesRead: 0 };
}
