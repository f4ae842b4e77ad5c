/**
 * Importing indicator values from a CSV (UTF-8 or Latin-1, `;` `,` or tab) or XLSX file, read by
 * the platform's untrusted-file parser. All or nothing: a file with any problem (unknown zone
 * code, unparsable value, duplicate, unknown column) is refused with the report, line by line, and
 * nothing is stored; otherwise, in one transaction, each (indicator, year) of the file replaces that
 * series for the zoning, the import and its audit event are recorded, and the data version goes up.
 */
import { createHash } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { recordAudit, type Actor } from '../../../platform/audit/service';
import type { ParsedTable } from '../../../platform/files/index';
import { HttpProblem } from '../../../platform/http/problem';
import type { AppContext } from '../../../platform/modules';
import type { ImportReport } from '../api-schemas';
import { bumpDataVersion, indicatorsByCode } from '../catalogue';
import { observatoryImports, observatoryValues } from '../schema';
import { planImport } from './plan';
import type { UploadedFile } from '../../../platform/http/multipart';

export type { UploadedFile } from '../../../platform/http/multipart';

export interface ImportFields {
  zoning: string;
  indicator?: string;
  codeColumn?: string;
  dryRun: boolean;
}

const INSERT_CHUNK = 2000;
const SEPARATOR_NAMES: Record<string, string> = { ';': 'semicolon', ',': 'comma', '\t': 'tab' };

/** Called after a successful import (the module schedules the warm-up of the dashboard's analysis). */
export type AfterImport = (zoning: string) => void;

export async function importValues(ctx: AppContext, actor: Actor, file: UploadedFile, fields: ImportFields, afterImport?: AfterImport): Promise<ImportReport> {
  const zones = await ctx.services.territory.listZones(fields.zoning);
  if (!zones) throw new HttpProblem(404, 'observatory.unknown_zoning', `Unknown zoning ${fields.zoning}.`, { params: { zoning: fields.zoning } });
  const catalogue = await indicatorsByCode(ctx.db);
  if (fields.indicator && !catalogue.has(fields.indicator)) {
    throw new HttpProblem(422, 'observatory.unknown_indicator', `Indicator ${fields.indicator} is not in the catalogue.`, { params: { indicator: fields.indicator } });
  }
  const parsed = (await ctx.files.parse(file.bytes, { accept: ['csv', 'xlsx'], filename: file.filename, declaredType: file.mimetype })) as ParsedTable;
  const sheet = parsed.sheets[0]!;
  const plan = planImport(sheet.rows, {
    zones: new Set(zones.map((z) => z.code)),
    indicators: new Set(catalogue.keys()),
    indicator: fields.indicator ?? null,
    codeColumn: fields.codeColumn ?? null,
  });
  const series = [...plan.series.entries()].map(([key, cells]) => {
    const [indicator, year] = key.split('|') as [string, string];
    return { indicator, year: Number(year), zones: cells.size };
  });
  const report: ImportReport = {
    importId: null,
    imported: false,
    filename: file.filename,
    zoning: fields.zoning,
    encoding: parsed.encoding,
    separator: parsed.separator ? (SEPARATOR_NAMES[parsed.separator] ?? parsed.separator) : null,
    layout: plan.layout,
    rows: plan.rows,
    values: plan.observed,
    missing: plan.missing,
    secret: plan.secret,
    series,
    problems: plan.problems,
    problemsTotal: plan.problemsTotal,
    dataVersion: null,
  };
  if (plan.problemsTotal > 0 && !fields.dryRun) {
    throw new HttpProblem(422, 'observatory.import_invalid', `The file has ${plan.problemsTotal} problem(s): nothing was imported.`, { report, params: { count: plan.problemsTotal } });
  }
  if (fields.dryRun || plan.problemsTotal > 0) return report;

  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const { importId, version } = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(observatoryImports)
      .values({
        zoningCode: fields.zoning,
        filename: file.filename.slice(0, 255),
        sha256,
        encoding: parsed.encoding,
        separator: report.separator,
        layout: plan.layout,
        rows: plan.rows,
        values: plan.observed,
        series,
        createdBy: actor.id,
      })
      .returning({ id: observatoryImports.id });
    const importId = row!.id;
    for (const [key, cells] of plan.series) {
      const [indicator, year] = key.split('|') as [string, string];
      await tx
        .delete(observatoryValues)
        .where(and(eq(observatoryValues.indicatorCode, indicator), eq(observatoryValues.zoningCode, fields.zoning), eq(observatoryValues.year, Number(year))));
      const rows = [...cells].map(([zone, cell]) => ({
        indicatorCode: indicator,
        zoningCode: fields.zoning,
        year: Number(year),
        zoneCode: zone,
        value: cell.value,
        status: cell.status,
        importId,
      }));
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) await tx.insert(observatoryValues).values(rows.slice(i, i + INSERT_CHUNK));
    }
    const version = await bumpDataVersion(tx);
    await recordAudit(tx, actor, {
      action: 'observatory.values_imported',
      subjectType: 'observatory_import',
      subjectId: importId,
      after: { zoning: fields.zoning, filename: file.filename.slice(0, 255), sha256, encoding: parsed.encoding, separator: report.separator, rows: plan.rows, values: plan.observed, missing: plan.missing, secret: plan.secret, series, dataVersion: version },
    });
    return { importId, version };
  });
  afterImport?.(fields.zoning);
  return { ...report, importId, imported: true, dataVersion: version };
}

export async function listImports(ctx: AppContext) {
  const rows = await ctx.db.select().from(observatoryImports).orderBy(desc(observatoryImports.createdAt)).limit(200);
  return {
    items: rows.map((r) => ({
      id: r.id,
      filename: r.filename,
      zoning: r.zoningCode,
      sha256: r.sha256,
      rows: r.rows,
      values: r.values,
      series: r.series as { indicator: string; year: number; zones: number }[],
      createdAt: r.createdAt.toISOString(),
      createdBy: r.createdBy,
    })),
  };
}
