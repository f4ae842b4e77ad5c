/**
 * Import of reports from DansMaRue's open-data CSV (a commune moving its history over, and the
 * benchmark): each row's type and subtype go to the category of the same name under the type's
 * code (or the type's "other" category), its position must be in the territory, its district is
 * located with the territory's synchronous locator; rows are inserted in batches, in one
 * transaction with one audit event (counts, file hash), as historical reports (`archived` unless
 * asked otherwise) that notify no one.
 */
import { createHash } from 'node:crypto';
import { recordAudit, type Actor } from '../../platform/audit/service';
import { refuseFile } from '../../platform/files/index';
import { HttpProblem } from '../../platform/http/problem';
import type { AppContext } from '../../platform/modules';
import type { ImportResult, ReportStatus } from './api-schemas';
import { categoryCatalogue, noteReportsChanged } from './common';
import { DANSMARUE_TYPE_CODES, otherCode, readDansMaRueRow } from './dansmarue';
import { cellOf } from './geo';
import type { UploadedFile } from './places';
import { BASE_POINTS } from './priority';
import { publicSpaceReports } from './schema';

const BATCH = 500;

export async function importDansMaRue(ctx: AppContext, actor: Actor, file: UploadedFile, opts: { status: ReportStatus; skipOutside: boolean }): Promise<ImportResult> {
  const started = Date.now();
  const parsed = await ctx.files.parse(file.bytes, { accept: ['csv'], filename: file.filename, declaredType: file.mimetype, limits: { maxRows: 1_000_000, maxCells: 30_000_000 } });
  if (parsed.kind !== 'table') throw refuseFile.unsupportedType(['csv']);
  const rows = parsed.sheets[0]?.rows ?? [];
  const header = (rows[0]?.cells ?? []).map((h) => h.trim().toLowerCase());
  if (!header.includes('geo_point_2d') || !header.includes('type') || !header.includes('datedecl')) {
    throw new HttpProblem(422, 'public_space.dansmarue_columns_missing', 'Not a DansMaRue export (columns type, soustype, datedecl, geo_point_2d).');
  }
  const catalogue = await categoryCatalogue(ctx);
  const byName = new Map<string, string>();
  for (const c of catalogue.rows) if (c.parentCode) byName.set(`${c.parentCode}|${c.nameFr}`, c.code);
  const served = await ctx.services.territory.servedTerritory();
  const districtZoning = served.districtZoning?.code ?? null;
  const locator = districtZoning ? await ctx.services.territory.locator(districtZoning) : null;
  const problems: { line: number; message: string }[] = [];
  let skipped = 0;
  const values: (typeof publicSpaceReports.$inferInsert)[] = [];
  for (const row of rows.slice(1)) {
    if (row.cells.every((c) => c.trim() === '')) continue;
    const r = readDansMaRueRow(header, row.cells);
    const refuse = (message: string) => {
      skipped++;
      if (problems.length < 100) problems.push({ line: row.line, message });
    };
    if (typeof r === 'string') {
      refuse(r);
      continue;
    }
    const typeCode = DANSMARUE_TYPE_CODES[r.type]!;
    const code = byName.get(`${typeCode}|${r.subtype}`) ?? (catalogue.byCode.has(otherCode(typeCode)) ? otherCode(typeCode) : null);
    if (!code) {
      refuse(`no category for "${r.type} / ${r.subtype}"`.slice(0, 120));
      continue;
    }
    const point = { lng: r.lng, lat: r.lat };
    if (opts.skipOutside && (await ctx.services.territory.isInsideTerritory(point)) === false) {
      refuse('outside the territory');
      continue;
    }
    const zone = locator?.zoneAt(point) ?? null;
    const category = catalogue.byCode.get(code)!;
    const requestedAt = new Date(`${r.declaredOn}T12:00:00+02:00`);
    values.push({
      categoryCode: code,
      status: opts.status,
      description: '',
      lng: r.lng,
      lat: r.lat,
      cell: cellOf(point),
      positionSource: 'map',
      address: r.address?.slice(0, 300) ?? null,
      districtZoning: zone ? districtZoning : null,
      districtCode: zone?.code ?? null,
      districtVersion: zone?.version ?? null,
      priorityScore: BASE_POINTS[category.defaultPriority],
      priorityLevel: category.defaultPriority,
      priorityFactors: [{ kind: 'category', label: category.nameFr, points: BASE_POINTS[category.defaultPriority], distanceM: null }],
      source: 'import',
      requestedAt,
      updatedAt: requestedAt,
      closedAt: opts.status === 'archived' ? requestedAt : null,
    });
  }
  if (values.length === 0 && skipped > 0) {
    throw new HttpProblem(422, 'public_space.import_nothing', 'No row could be imported.', { problems, params: { skipped } });
  }
  await ctx.db.transaction(async (tx) => {
    for (let i = 0; i < values.length; i += BATCH) await tx.insert(publicSpaceReports).values(values.slice(i, i + BATCH));
    await recordAudit(tx, actor, {
      action: 'public-space.reports_imported',
      subjectType: 'public_space_report',
      after: { format: 'dansmarue', imported: values.length, skipped, status: opts.status, sha256: createHash('sha256').update(file.bytes).digest('hex'), file: file.filename },
    });
  });
  noteReportsChanged();
  return { imported: values.length, skipped, problems, seconds: (Date.now() - started) / 1000 };
}

