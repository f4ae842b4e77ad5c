/**
 * The pool of volunteers: its import from CSV or XLSX (read by the platform's untrusted-file
 * parser; every problem reported with its line and nothing stored while there is one), the
 * organisers' list with each volunteer's probabilities, and the export of the panel.
 */
import { randomBytes } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { recordAudit, type Actor } from '../../platform/audit/service';
import type { ParsedTable } from '../../platform/files/index';
import { HttpProblem } from '../../platform/http/problem';
import type { AppContext } from '../../platform/modules';
import type { ImportReport, VolunteerList } from './api-schemas';
import { assertEditable, assertPersonalDataKept, loadAssembly } from './assemblies';
import { planPoolImport } from './pool-import';
import { assemblies, assemblyDistributions, assemblyVolunteers } from './schema';
import type { UploadedFile } from '../../platform/http/multipart';

export type { UploadedFile } from '../../platform/http/multipart';

const INSERT_CHUNK = 1000;

/** A short random pseudonym per volunteer: the only id the published files carry. */
function pseudonyms(n: number): string[] {
  const out = new Set<string>();
  while (out.size < n) out.add(`v-${randomBytes(5).toString('hex')}`);
  return [...out];
}

export async function importPool(ctx: AppContext, actor: Actor, id: string, file: UploadedFile, options: { dryRun: boolean; sheet?: string | null }): Promise<ImportReport> {
  const assembly = await loadAssembly(ctx.db, id);
  assertEditable(assembly);
  assertPersonalDataKept(assembly);
  if (assembly.quotas.length === 0) throw new HttpProblem(409, 'assemblies.no_quotas', 'Set the quotas before importing the pool.');
  const parsed = (await ctx.files.parse(file.bytes, { accept: ['csv', 'xlsx'], filename: file.filename, declaredType: file.mimetype })) as ParsedTable;
  const sheet = (options.sheet ? parsed.sheets.find((s) => s.name === options.sheet) : null) ?? parsed.sheets[0];
  const plan = planPoolImport(sheet?.rows ?? [], assembly.quotas);
  if (plan.problems.length === 0 && plan.volunteers.length < assembly.panelSize) {
    plan.problems.push({
      line: null,
      column: null,
      code: 'pool_too_small',
      message: `Le fichier compte ${plan.volunteers.length} volontaires pour une assemblée de ${assembly.panelSize} personnes.`,
    });
  }
  const report: ImportReport = { imported: false, filename: file.filename, rows: plan.rows, volunteers: plan.volunteers.length, columns: plan.columns, problems: plan.problems };
  if (plan.problems.length) {
    throw new HttpProblem(422, 'assemblies.import_rows_invalid', `${plan.problems.length} problem(s) in the file; nothing was imported.`, {
      report,
      params: { count: plan.problems.length },
    });
  }
  if (options.dryRun) return report;
  await ctx.db.transaction(async (tx) => {
    const current = await loadAssembly(tx, id, { forUpdate: true });
    assertEditable(current);
    await tx.delete(assemblyVolunteers).where(eq(assemblyVolunteers.assemblyId, id));
    await tx.delete(assemblyDistributions).where(eq(assemblyDistributions.assemblyId, id));
    const names = pseudonyms(plan.volunteers.length);
    const rows = plan.volunteers.map((v, i) => ({ assemblyId: id, pseudonym: names[i]!, externalId: v.externalId, line: v.line, features: v.features, address: v.address, personal: v.personal }));
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await tx.insert(assemblyVolunteers).values(rows.slice(i, i + INSERT_CHUNK));
    await tx.update(assemblies).set({ status: 'draft', updatedAt: new Date() }).where(eq(assemblies.id, id));
    // Counts and columns only: the audit log never holds a volunteer's personal data.
    await recordAudit(tx, actor, {
      action: 'assemblies.pool_imported',
      subjectType: 'assembly',
      subjectId: id,
      before: { status: current.status },
      after: { filename: file.filename, rows: plan.rows, volunteers: plan.volunteers.length, columns: plan.columns },
    });
  });
  return { ...report, imported: true };
}

export async function listVolunteers(ctx: AppContext, id: string): Promise<VolunteerList> {
  await loadAssembly(ctx.db, id);
  const rows = await ctx.db.select().from(assemblyVolunteers).where(eq(assemblyVolunteers.assemblyId, id)).orderBy(asc(assemblyVolunteers.line));
  const distributions = await ctx.db.select({ algorithm: assemblyDistributions.algorithm, probabilities: assemblyDistributions.probabilities }).from(assemblyDistributions).where(eq(assemblyDistributions.assemblyId, id));
  return {
    items: rows.map((v) => ({
      pseudonym: v.pseudonym,
      externalId: v.externalId,
      line: v.line,
      features: v.features,
      address: v.address,
      personal: v.personal,
      status: v.status,
      probabilities: Object.fromEntries(distributions.map((d) => [d.algorithm, d.probabilities[v.pseudonym] ?? 0])),
    })),
  };
}

const csvCell = (s: string) => {
  // A cell starting like a formula is neutralised (spreadsheets would run it).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The panel (members drawn and replacements, dropouts marked) as CSV, with the personal data organisers need to contact them. */
export async function exportPanel(ctx: AppContext, actor: Actor, id: string): Promise<{ filename: string; body: string }> {
  const assembly = await loadAssembly(ctx.db, id);
  assertPersonalDataKept(assembly);
  if (assembly.status !== 'drawn') throw new HttpProblem(409, 'assemblies.not_drawn', 'The draw has not taken place yet.');
  const rows = await ctx.db.select().from(assemblyVolunteers).where(eq(assemblyVolunteers.assemblyId, id)).orderBy(asc(assemblyVolunteers.line));
  const members = rows.filter((v) => v.status !== 'pool');
  const features = [...new Set(assembly.quotas.map((q) => q.feature))];
  const personal = [...new Set(members.flatMap((v) => Object.keys(v.personal ?? {})))].sort((a, b) => a.localeCompare(b, 'fr'));
  const header = ['statut', 'pseudonyme', 'identifiant', 'ligne', ...features, 'adresse', ...personal];
  const lines = [header.map(csvCell).join(';')];
  for (const v of members) {
    lines.push([v.status, v.pseudonym, v.externalId ?? '', String(v.line), ...features.map((f) => v.features[f] ?? ''), v.address ?? '', ...personal.map((p) => v.personal?.[p] ?? '')].map(csvCell).join(';'));
  }
  await ctx.db.transaction((tx) =>
    recordAudit(tx, actor, { action: 'assemblies.panel_exported', subjectType: 'assembly', subjectId: id, after: { members: members.length } }),
  );
  return { filename: `assemblee-${id.slice(0, 8)}-panel.csv`, body: `\uFEFF${lines.join('\r\n')}\r\n` };
}
