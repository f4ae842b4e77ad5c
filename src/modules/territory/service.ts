import { asc } from 'drizzle-orm';
import { recordAudit, SYSTEM_ACTOR } from '../../platform/audit/service';
import type { DbOrTx, Tx } from '../../platform/db/client';
import type { AppContext } from '../../platform/modules';
import { ORGANISATION_KEY, type OrganisationSetting } from '../../platform/settings/core';
import { loadDemoTerritory } from './demo/territory';
import { territoryCommunes, territorySources } from './schema';

export interface TerritoryView {
  commune: CommuneView | null;
  neighbours: CommuneView[];
  demo: boolean;
  sources: { id: string; name: string; publisher: string; licence: string }[];
}

export interface CommuneView {
  code: string;
  name: string;
  departement: string;
  population: number | null;
  populationYear: number | null;
  areaKm2: number | null;
  centroid: { lat: number; lng: number };
  indicators: Record<string, unknown>;
}

export async function getTerritory(db: DbOrTx, opts: { withBoundaries?: boolean } = {}): Promise<TerritoryView & { boundaries?: unknown }> {
  const rows = await db.select().from(territoryCommunes).orderBy(asc(territoryCommunes.name));
  const sources = await db.select().from(territorySources).orderBy(asc(territorySources.id));
  const view = (r: (typeof rows)[number]): CommuneView => ({
    code: r.code,
    name: r.name,
    departement: r.departement,
    population: r.population,
    populationYear: r.populationYear,
    areaKm2: r.areaKm2,
    centroid: r.centroid as { lat: number; lng: number },
    indicators: r.indicators as Record<string, unknown>,
  });
  const home = rows.find((r) => r.role === 'home');
  return {
    commune: home ? view(home) : null,
    neighbours: rows.filter((r) => r.role === 'neighbour').map(view),
    demo: rows.some((r) => r.demo === 1),
    sources: sources.map(({ id, name, publisher, licence }) => ({ id, name, publisher, licence })),
    ...(opts.withBoundaries
      ? {
          boundaries: {
            type: 'FeatureCollection',
            features: rows.map((r) => ({
              type: 'Feature',
              properties: { code: r.code, name: r.name, role: r.role },
              geometry: r.boundary,
            })),
          },
        }
      : {}),
  };
}

/** Loads the demo commune and its neighbours from the committed fixture, and names the organisation after it. */
export async function seedDemoTerritory(ctx: AppContext, tx: Tx) {
  const t = loadDemoTerritory();
  for (const s of t.sources) {
    await tx.insert(territorySources).values({
      id: s.id,
      name: s.name,
      publisher: s.publisher,
      licence: s.licence,
      file: s.file,
      usedFor: s.usedFor,
    });
  }
  for (const c of t.communes) {
    await tx.insert(territoryCommunes).values({
      code: c.code,
      name: c.name,
      role: c.role === 'demo' ? 'home' : 'neighbour',
      departement: c.departement,
      population: c.population2021,
      populationYear: 2021,
      areaKm2: c.areaKm2,
      centroid: c.centroid,
      boundary: c.boundary,
      indicators: {
        population2015: c.population2015,
        medianIncome2016: c.medianIncome2016,
        povertyRate2016: c.povertyRate2016,
        equipment: c.equipment,
      },
      demo: 1,
    });
  }
  await recordAudit(tx, SYSTEM_ACTOR, {
    action: 'territory.seed_demo',
    subjectType: 'territory',
    subjectId: t.demoCommuneCode,
    after: { communes: t.communes.map((c) => c.code) },
  });
  const home = t.communes.find((c) => c.role === 'demo')!;
  const org = await ctx.settings.get<OrganisationSetting>(ORGANISATION_KEY, tx);
  await ctx.settings.set(tx, SYSTEM_ACTOR, ORGANISATION_KEY, { ...org, name: `Ville de ${home.name}` });
}
