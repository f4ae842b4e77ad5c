/**
 * The budget part's service: importing a document (TOTEM XML or SCDL table) in one transaction with
 * its audit event, or refusing it whole with its validation report; publishing; and the residents'
 * view of a published document (by section, chapter and function, per inhabitant, voted against
 * realised, year by year).
 */
import { and, asc, desc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { recordAudit, type Actor } from '../../../platform/audit/service';
import type { Tx } from '../../../platform/db/client';
import type { ParsedTable } from '../../../platform/files/index';
import { HttpProblem, notFound } from '../../../platform/http/problem';
import type { AppContext } from '../../../platform/modules';
import type { AdminBudgetDocument, BudgetAmountRow, BudgetImportReport, PublicBudgetDocument, PublicBudgetList, PublicBudgetSummary } from './api-schemas';
import { totalsOf, type BudgetTotals } from './checks';
import { functionGroup, issueCount, MAX_BUDGET_LINES, nomenclatureFamily, type BudgetLineInput, type ParsedBudget } from './model';
import { parseScdl } from './scdl';
import { budgetDocuments, budgetLines } from './schema';
import { parseTotem } from './totem';
import type { UploadedFile } from '../../../platform/http/multipart';

export type { UploadedFile } from '../../../platform/http/multipart';

const INSERT_CHUNK = 500;

function looksLikeXml(file: UploadedFile): boolean {
  if (/\.xml$/i.test(file.filename) || /xml/i.test(file.mimetype)) return true;
  let i = 0;
  if (file.bytes[0] === 0xef && file.bytes[1] === 0xbb && file.bytes[2] === 0xbf) i = 3;
  while (i < file.bytes.length && (file.bytes[i] === 0x20 || file.bytes[i] === 0x0a || file.bytes[i] === 0x0d || file.bytes[i] === 0x09)) i++;
  return file.bytes[i] === 0x3c;
}

/** Reads the file: TOTEM when it is XML, else the SCDL table through the platform's file parser. */
export async function readBudgetFile(ctx: AppContext, file: UploadedFile): Promise<ParsedBudget> {
  if (file.bytes.byteLength > ctx.config.uploadLimit) throw new HttpProblem(413, 'file.too_large', `The file is larger than ${ctx.config.uploadLimit} bytes.`);
  if (looksLikeXml(file)) return parseTotem(file.bytes);
  const parsed = (await ctx.files.parse(file.bytes, { accept: ['csv', 'xlsx'], filename: file.filename, declaredType: file.mimetype })) as ParsedTable;
  return parseScdl(parsed.sheets[0]?.rows ?? []);
}

function reportOf(parsed: ParsedBudget, filename: string): BudgetImportReport {
  return {
    imported: false,
    replaced: false,
    documentId: null,
    format: parsed.format,
    filename,
    siret: parsed.siret,
    entityName: parsed.entityName,
    year: parsed.year,
    kind: parsed.kind,
    nomenclature: parsed.nomenclature,
    population: parsed.population,
    linesRead: parsed.linesRead,
    linesImported: 0,
    refused: parsed.refused,
    deviations: parsed.deviations,
    totals: totalsOf(parsed.lines),
  };
}

/** Stores a parsed document (a new one, or replacing the same SIRET, year and kind). Inside the caller's transaction. */
export async function storeBudget(tx: Tx, actor: Actor, parsed: ParsedBudget, filename: string, opts: { replace: boolean; demo?: boolean }): Promise<{ id: string; replaced: boolean }> {
  if (parsed.lines.length > MAX_BUDGET_LINES)
    throw new HttpProblem(422, 'communication.budget_too_many_lines', `A document has at most ${MAX_BUDGET_LINES} lines (${parsed.lines.length} given).`, { params: { max: MAX_BUDGET_LINES } });
  const [existing] = await tx
    .select({ id: budgetDocuments.id, published: budgetDocuments.published })
    .from(budgetDocuments)
    .where(and(eq(budgetDocuments.siret, parsed.siret), eq(budgetDocuments.year, parsed.year), eq(budgetDocuments.kind, parsed.kind)))
    .for('update');
  if (existing && !opts.replace)
    throw new HttpProblem(409, 'communication.budget_exists', `A ${parsed.kind} ${parsed.year} of ${parsed.siret} is already imported; import again with "replace".`, {
      params: { kind: parsed.kind, year: parsed.year, siret: parsed.siret },
      documentId: existing.id,
    });
  const values = {
    siret: parsed.siret,
    entityName: parsed.entityName,
    year: parsed.year,
    kind: parsed.kind,
    nomenclature: parsed.nomenclature,
    format: parsed.format,
    filename,
    documentPopulation: parsed.population,
    deviations: parsed.deviations,
    linesRead: parsed.linesRead,
    published: false,
    publishedAt: null,
    demo: opts.demo ?? false,
    importedBy: actor.type === 'user' ? actor.id : null,
    importedAt: new Date(),
  };
  let id: string;
  if (existing) {
    id = existing.id;
    await tx.delete(budgetLines).where(eq(budgetLines.documentId, id));
    await tx.update(budgetDocuments).set(values).where(eq(budgetDocuments.id, id));
  } else {
    const [row] = await tx.insert(budgetDocuments).values(values).returning({ id: budgetDocuments.id });
    id = row!.id;
  }
  const rows = parsed.lines.map((l) => ({ documentId: id, ...l }));
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await tx.insert(budgetLines).values(rows.slice(i, i + INSERT_CHUNK));
  const totals = totalsOf(parsed.lines);
  await recordAudit(tx, actor, {
    action: existing ? 'communication.budget_replaced' : 'communication.budget_imported',
    subjectType: 'budget_document',
    subjectId: id,
    before: existing ? { published: existing.published } : null,
    after: { filename, format: parsed.format, siret: parsed.siret, year: parsed.year, kind: parsed.kind, lines: parsed.lines.length, deviations: parsed.deviations.length, totals },
  });
  return { id, replaced: !!existing };
}

export async function importBudget(ctx: AppContext, actor: Actor, file: UploadedFile, opts: { dryRun: boolean; replace: boolean }): Promise<BudgetImportReport> {
  const parsed = await readBudgetFile(ctx, file);
  const report = reportOf(parsed, file.filename);
  if (parsed.refused.length) {
    const count = issueCount(parsed.refused);
    throw new HttpProblem(422, 'communication.budget_import_refused', `${count} problem(s) in the file; nothing was imported.`, {
      report,
      params: { count },
    });
  }
  if (opts.dryRun) return report;
  const stored = await ctx.db.transaction((tx) => storeBudget(tx, actor, parsed, file.filename, opts));
  return { ...report, imported: true, replaced: stored.replaced, documentId: stored.id, linesImported: parsed.lines.length };
}

type DocumentRow = typeof budgetDocuments.$inferSelect;
type LineRow = typeof budgetLines.$inferSelect;

async function loadDocument(ctx: AppContext, id: string): Promise<DocumentRow> {
  const [doc] = await ctx.db.select().from(budgetDocuments).where(eq(budgetDocuments.id, id));
  if (!doc) throw notFound('Budget document');
  return doc;
}

const linesOf = (ctx: AppContext, id: string): Promise<LineRow[]> => ctx.db.select().from(budgetLines).where(eq(budgetLines.documentId, id)).orderBy(asc(budgetLines.ref));

function adminView(doc: DocumentRow, lines: number, totals: BudgetTotals): AdminBudgetDocument {
  return {
    id: doc.id,
    siret: doc.siret,
    entityName: doc.entityName,
    year: doc.year,
    kind: doc.kind,
    nomenclature: doc.nomenclature,
    format: doc.format,
    filename: doc.filename,
    documentPopulation: doc.documentPopulation,
    population: doc.population,
    linesRead: doc.linesRead,
    lines,
    deviations: doc.deviations,
    published: doc.published,
    publishedAt: doc.publishedAt?.toISOString() ?? null,
    importedAt: doc.importedAt.toISOString(),
    demo: doc.demo,
    totals,
  };
}

export async function adminDocument(ctx: AppContext, id: string): Promise<AdminBudgetDocument> {
  const doc = await loadDocument(ctx, id);
  const lines = await linesOf(ctx, id);
  return adminView(doc, lines.length, totalsOf(lines as BudgetLineInput[]));
}

export async function listAdminDocuments(ctx: AppContext): Promise<{ items: AdminBudgetDocument[] }> {
  const docs = await ctx.db.select().from(budgetDocuments).orderBy(desc(budgetDocuments.year), asc(budgetDocuments.siret), asc(budgetDocuments.kind));
  const items: AdminBudgetDocument[] = [];
  for (const d of docs) {
    const lines = await linesOf(ctx, d.id);
    items.push(adminView(d, lines.length, totalsOf(lines as BudgetLineInput[])));
  }
  return { items };
}

export async function setPublished(ctx: AppContext, actor: Actor, id: string, published: boolean): Promise<AdminBudgetDocument> {
  await ctx.db.transaction(async (tx) => {
    const [doc] = await tx.select().from(budgetDocuments).where(eq(budgetDocuments.id, id)).for('update');
    if (!doc) throw notFound('Budget document');
    if (doc.published === published) return;
    await tx.update(budgetDocuments).set({ published, publishedAt: published ? new Date() : null }).where(eq(budgetDocuments.id, id));
    await recordAudit(tx, actor, {
      action: published ? 'communication.budget_published' : 'communication.budget_unpublished',
      subjectType: 'budget_document',
      subjectId: id,
      before: { published: doc.published },
      after: { published, siret: doc.siret, year: doc.year, kind: doc.kind },
    });
  });
  return adminDocument(ctx, id);
}

export async function updateDocument(ctx: AppContext, actor: Actor, id: string, body: { population: number | null }): Promise<AdminBudgetDocument> {
  await ctx.db.transaction(async (tx) => {
    const [doc] = await tx.select().from(budgetDocuments).where(eq(budgetDocuments.id, id)).for('update');
    if (!doc) throw notFound('Budget document');
    if (doc.population === body.population) return;
    await tx.update(budgetDocuments).set({ population: body.population }).where(eq(budgetDocuments.id, id));
    await recordAudit(tx, actor, { action: 'communication.budget_population_set', subjectType: 'budget_document', subjectId: id, before: { population: doc.population }, after: { population: body.population } });
  });
  return adminDocument(ctx, id);
}

export async function deleteDocument(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [doc] = await tx.select().from(budgetDocuments).where(eq(budgetDocuments.id, id)).for('update');
    if (!doc) throw notFound('Budget document');
    await tx.delete(budgetDocuments).where(eq(budgetDocuments.id, id));
    await recordAudit(tx, actor, { action: 'communication.budget_deleted', subjectType: 'budget_document', subjectId: id, before: { siret: doc.siret, year: doc.year, kind: doc.kind, published: doc.published }, after: null });
  });
}

const isCarriedOver = (l: Pick<LineRow, 'nature'>) => l.nature === '001' || l.nature === '002';
const measureOf = (kind: string) => (kind === 'CA' ? 'realised' : 'planned');
const amountOf = (kind: string, l: Pick<LineRow, 'planned' | 'realised'>) => (kind === 'CA' ? (l.realised ?? 0) : (l.planned ?? 0));

/**
 * The summaries of documents, summed in SQL (one GROUP BY for all of them, no line loaded): real
 * operations, carried-over results (001, 002: last year's money) left out, as in the key figures.
 */
async function summariesOf(ctx: AppContext, docs: readonly DocumentRow[]): Promise<PublicBudgetSummary[]> {
  if (!docs.length) return [];
  const sums = await ctx.db
    .select({
      documentId: budgetLines.documentId,
      direction: budgetLines.direction,
      planned: sql<string>`coalesce(sum(${budgetLines.planned}), 0)`,
      realised: sql<string>`coalesce(sum(${budgetLines.realised}), 0)`,
    })
    .from(budgetLines)
    .where(and(inArray(budgetLines.documentId, docs.map((d) => d.id)), eq(budgetLines.real, true), notInArray(budgetLines.nature, ['001', '002'])))
    .groupBy(budgetLines.documentId, budgetLines.direction);
  return docs.map((doc) => {
    const of = (direction: 'R' | 'D') => {
      const r = sums.find((x) => x.documentId === doc.id && x.direction === direction);
      return r ? Number(doc.kind === 'CA' ? r.realised : r.planned) : 0;
    };
    return { id: doc.id, siret: doc.siret, entityName: doc.entityName, year: doc.year, kind: doc.kind, receipts: of('R'), expenditure: of('D') };
  });
}

export async function publicList(ctx: AppContext): Promise<PublicBudgetList> {
  const docs = await ctx.db.select().from(budgetDocuments).where(eq(budgetDocuments.published, true)).orderBy(desc(budgetDocuments.year), asc(budgetDocuments.siret), asc(budgetDocuments.kind));
  return { items: await summariesOf(ctx, docs) };
}

/**
 * Grouped amounts of real operations. Carried-over results (001, 002) are left out: they are last
 * year's money, not this year's receipts or spending.
 */
function grouped(
  amount: (l: LineRow) => number,
  lines: readonly LineRow[],
  keyOf: (l: LineRow) => { code: string; label: string | null } | null,
  perInhabitant: (n: number) => number | null,
  bySection = true,
): BudgetAmountRow[] {
  const map = new Map<string, BudgetAmountRow>();
  for (const l of lines) {
    if (!l.real || isCarriedOver(l)) continue;
    const k = keyOf(l);
    if (!k) continue;
    const key = `${bySection ? l.section : 'FI'}-${l.direction}-${k.code}`;
    const row = map.get(key) ?? { key, code: k.code, label: k.label, section: bySection ? l.section : null, direction: l.direction, amount: 0, perInhabitant: null };
    row.amount += amount(l);
    row.label ??= k.label;
    map.set(key, row);
  }
  return [...map.values()].filter((r) => r.amount !== 0).map((r) => ({ ...r, perInhabitant: perInhabitant(r.amount) })).sort((a, b) => b.amount - a.amount);
}

export async function publicDocument(ctx: AppContext, id: string): Promise<PublicBudgetDocument> {
  const doc = await loadDocument(ctx, id);
  if (!doc.published) throw notFound('Budget document');
  const lines = await linesOf(ctx, id);
  const population = doc.population ?? doc.documentPopulation;
  const perInhabitant = (cents: number) => (population ? Math.round(cents / population) : null);
  const sections = (['F', 'I'] as const).flatMap((section) =>
    (['R', 'D'] as const).map((direction) => {
      const amount = lines.filter((l) => l.real && l.section === section && l.direction === direction && !isCarriedOver(l)).reduce((s, l) => s + amountOf(doc.kind, l), 0);
      return { section, direction, amount, perInhabitant: perInhabitant(amount) };
    }),
  );
  const docAmount = (l: LineRow) => amountOf(doc.kind, l);
  const byChapter = grouped(docAmount, lines, (l) => ({ code: l.chapter ?? '', label: l.chapterLabel }), perInhabitant);
  const byFunction = grouped(docAmount, lines, (l) => (l.fonction ? { code: functionGroup(l.fonction), label: null } : null), perInhabitant, false);

  const siblings = await ctx.db
    .select()
    .from(budgetDocuments)
    .where(and(eq(budgetDocuments.siret, doc.siret), eq(budgetDocuments.published, true)))
    .orderBy(asc(budgetDocuments.year), sql`CASE ${budgetDocuments.kind} WHEN 'BP' THEN 0 WHEN 'BS' THEN 1 WHEN 'DM' THEN 2 ELSE 3 END`);
  // The evolution compares like with like: budgets voted (BP) and accounts (CA). A DM or a BS is a
  // change to the year's budget, not a budget of its own: left out of the chart.
  const evolution = await summariesOf(
    ctx,
    siblings.filter((s) => s.kind === 'BP' || s.kind === 'CA'),
  );

  // Voted against realised, by chapter. "Voted" is what the council finally allowed for the year:
  // the accounts' open credits (CredOuv: BP + BS + DM) when the accounts carry them, else the
  // budget voted (BP) alone, and the page says which.
  let comparison: PublicBudgetDocument['comparison'] = null;
  const budget = siblings.find((s) => s.year === doc.year && s.kind === 'BP');
  const accounts = siblings.find((s) => s.year === doc.year && s.kind === 'CA');
  if (accounts) {
    const aLines = accounts.id === doc.id ? lines : await linesOf(ctx, accounts.id);
    const chapterKey = (l: LineRow) => ({ code: l.chapter ?? '', label: l.chapterLabel });
    const hasOpen = aLines.some((l) => l.real && !isCarriedOver(l) && l.open !== null);
    let voted: BudgetAmountRow[] | null = null;
    if (hasOpen) voted = grouped((l) => l.open ?? 0, aLines, chapterKey, () => null);
    else if (budget) voted = grouped((l) => l.planned ?? 0, budget.id === doc.id ? lines : await linesOf(ctx, budget.id), chapterKey, () => null);
    if (voted) {
      const realised = grouped((l) => l.realised ?? 0, aLines, chapterKey, () => null);
      const keys = new Map<string, { code: string; label: string | null; section: 'F' | 'I' | null; direction: 'R' | 'D'; voted: number; realised: number }>();
      for (const r of voted) keys.set(r.key, { code: r.code, label: r.label, section: r.section, direction: r.direction, voted: r.amount, realised: 0 });
      for (const r of realised) {
        const k = keys.get(r.key) ?? { code: r.code, label: r.label, section: r.section, direction: r.direction, voted: 0, realised: 0 };
        k.realised = r.amount;
        keys.set(r.key, k);
      }
      comparison = {
        budgetId: hasOpen ? null : budget!.id,
        accountsId: accounts.id,
        votedSource: hasOpen ? 'open' : 'budget',
        rows: [...keys.entries()].map(([key, v]) => ({ key, ...v })).sort((a, b) => a.key.localeCompare(b.key)),
      };
    }
  }
  const fr = sections.find((s) => s.section === 'F' && s.direction === 'R')!.amount;
  const fd = sections.find((s) => s.section === 'F' && s.direction === 'D')!.amount;
  return {
    id: doc.id,
    siret: doc.siret,
    entityName: doc.entityName,
    year: doc.year,
    kind: doc.kind,
    nomenclature: doc.nomenclature,
    family: nomenclatureFamily(doc.nomenclature),
    measure: measureOf(doc.kind),
    population,
    populationSource: doc.population ? 'entered' : doc.documentPopulation ? 'document' : null,
    totals: totalsOf(lines as BudgetLineInput[]),
    sections,
    selfFinancing: fr - fd,
    byChapter,
    byFunction,
    comparison,
    evolution,
    deviations: doc.deviations,
    source: `${doc.filename} (${doc.format === 'totem' ? 'TOTEM XML' : 'SCDL budget'})`,
  };
}
