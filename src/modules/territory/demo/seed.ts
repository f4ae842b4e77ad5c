import { and, eq, sql } from 'drizzle-orm';
import { recordAudit, SYSTEM_ACTOR } from '../../../platform/audit/service';
import type { SeedContext } from '../../../platform/modules';
import { ORGANISATION_KEY, type OrganisationSetting } from '../../../platform/settings/core';
import { insertInBatches, measuredColumns } from '../admin';
import { territorySources, territoryZoneParents, territoryZones, territoryZonings } from '../schema';
import { SERVED_TERRITORY_KEY, type ServedTerritorySetting } from '../settings';
import { decodeAttributes, decodeOutline, loadDemoFixture } from './fixture';

const DEFAULT_ORGANISATION_NAME = 'Commune de démonstration';

/**
 * The demo zonings (Île-de-France départements and communes, the Lyon IRIS, demonstration sectors
 * of the demo commune), from the committed fixture; the demo commune as the commune served; the
 * organisation named after it unless an administrator already named it.
 */
export async function seedDemoTerritory({ ctx, tx }: SeedContext): Promise<void> {
  const fixture = loadDemoFixture();
  for (const s of fixture.sources) {
    await tx
      .insert(territorySources)
      .values(s)
      .onConflictDoUpdate({
        target: territorySources.id,
        set: { name: sql`excluded.name`, publisher: sql`excluded.publisher`, licence: sql`excluded.licence`, file: sql`excluded.file`, usedFor: sql`excluded.used_for` },
      });
  }
  const idsByZoning = new Map<string, Map<string, string>>();
  const counts: Record<string, number> = {};
  for (const zoning of fixture.zonings) {
    await tx.insert(territoryZonings).values({
      code: zoning.code,
      labelFr: zoning.labelFr,
      labelEn: zoning.labelEn,
      descriptionFr: zoning.descriptionFr,
      descriptionEn: zoning.descriptionEn,
      kind: zoning.kind,
      parentCode: zoning.parentCode,
      sourceIds: zoning.sourceIds,
      demo: true,
    });
    const parentIds = zoning.parentCode ? idsByZoning.get(zoning.parentCode) : undefined;
    const rows = zoning.zones.map((z) => {
      if (z.parent && !parentIds?.get(z.parent)) throw new Error(`demo fixture: zone ${zoning.code}/${z.code} has an unknown parent ${z.parent}`);
      return {
        zoningCode: zoning.code,
        code: z.code,
        name: z.name,
        ...measuredColumns(z.outline ? decodeOutline(z.outline, zoning.decimals) : null),
        population: z.population,
        populationYear: z.population === null ? null : (zoning.population?.year ?? null),
        populationSourceId: z.population === null ? null : (zoning.population?.sourceId ?? null),
        populationEstimated: z.population !== null && (zoning.population?.estimated ?? false),
        attributes: decodeAttributes(zoning.attributeColumns, z.values),
        demo: true,
      };
    });
    const ids = new Map<string, string>();
    await insertInBatches(rows, async (batch) => {
      const inserted = await tx.insert(territoryZones).values(batch).returning({ id: territoryZones.id, code: territoryZones.code });
      for (const r of inserted) ids.set(r.code, r.id);
    });
    const links = zoning.zones.flatMap((z) => (z.parent ? [{ zoneId: ids.get(z.code)!, parentId: parentIds!.get(z.parent)! }] : []));
    await insertInBatches(links, (batch) => tx.insert(territoryZoneParents).values(batch));
    idsByZoning.set(zoning.code, ids);
    counts[zoning.code] = rows.length;
  }
  await recordAudit(tx, SYSTEM_ACTOR, {
    action: 'territory.seed_demo',
    subjectType: 'territory',
    subjectId: fixture.served.code,
    after: { zonings: counts, served: fixture.served },
  });
  const served: ServedTerritorySetting = fixture.served;
  await ctx.settings.set(tx, SYSTEM_ACTOR, SERVED_TERRITORY_KEY, served);
  const org = await ctx.settings.get<OrganisationSetting>(ORGANISATION_KEY, tx);
  if (org.name === DEFAULT_ORGANISATION_NAME) {
    const [home] = await tx
      .select({ name: territoryZones.name })
      .from(territoryZones)
      .where(and(eq(territoryZones.zoningCode, fixture.served.zoning), eq(territoryZones.code, fixture.served.code)));
    if (home) await ctx.settings.set(tx, SYSTEM_ACTOR, ORGANISATION_KEY, { ...org, name: `Ville de ${home.name}` });
  }
}
