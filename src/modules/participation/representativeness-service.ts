/** Representativeness of a consultation's participants: their declarations against the territory's populations. */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/modules';
import { AGE_BANDS, populationByOurBands } from './age-bands';
import type { Representativeness } from './api-schemas';
import { districtsOf, queryAll, type ConsultationRow } from './common';
import { compareWithPopulation } from './representativeness';
import { REPRESENTATIVENESS_KEY, type RepresentativenessSetting } from './settings';

const METHOD = {
  fr:
    'Parmi les participants qui ont indiqué leur quartier (ou leur tranche d’âge), la part de chaque quartier est comparée à sa part de la population des quartiers concernés (recensement, module territoire). ' +
    'Un groupe est signalé sous-représenté quand sa part est inférieure à {ratio} fois sa part de la population et que l’écart est net (test z d’une proportion, z < −1,96). ' +
    'Rien n’est signalé en dessous de {min} déclarations. Les déclarations sont facultatives : ceux qui n’ont rien indiqué ne sont pas comptés.',
  en:
    'Among the participants who gave their district (or age band), the share of each district is compared with its share of the population of the districts concerned (census, territory module). ' +
    'A group is flagged under-represented when its share is below {ratio} times its share of the population and the gap is clear (one-proportion z test, z < −1.96). ' +
    'Nothing is flagged below {min} declarations. Declarations are optional: those who gave none are not counted.',
};

export async function representativenessOf(ctx: AppContext, c: ConsultationRow): Promise<Representativeness> {
  const options = await ctx.settings.get<RepresentativenessSetting>(REPRESENTATIVENESS_KEY);
  const districts = await districtsOf(ctx, c);
  const scope = c.scopeZoneCodes.length ? districts.zones.filter((z) => c.scopeZoneCodes.includes(z.code)) : districts.zones;
  const populations = districts.zoning ? await ctx.services.territory.populations(districts.zoning, scope.map((z) => z.code)) : [];
  const byCode = new Map(populations.map((p) => [p.code, p]));

  const rows = await queryAll<{ district: string | null; age_band: string | null; n: string }>(
    ctx.db,
    sql`SELECT district, age_band, count(*) AS n FROM participation_participants WHERE consultation_id = ${c.id} GROUP BY district, age_band`,
  );
  const total = rows.reduce((s, r) => s + Number(r.n), 0);
  const scopeCodes = new Set(scope.map((z) => z.code));
  const byDistrict = new Map<string, number>();
  const byAge = new Map<string, number>();
  let districtUndeclared = 0;
  let ageUndeclared = 0;
  for (const r of rows) {
    const n = Number(r.n);
    if (r.district && scopeCodes.has(r.district)) byDistrict.set(r.district, (byDistrict.get(r.district) ?? 0) + n);
    else if (!r.district) districtUndeclared += n;
    if (r.age_band) byAge.set(r.age_band, (byAge.get(r.age_band) ?? 0) + n);
    else ageUndeclared += n;
  }

  const districtGroups = scope.map((z) => ({ value: z.code, label: z.name, population: byCode.get(z.code)?.population ?? null }));
  // Our bands from each zone's published bands; a band unknown in one zone is unknown overall.
  const ageTotals = new Map<string, number | null>(AGE_BANDS.map((b) => [b.id, scope.length ? 0 : null]));
  for (const z of scope) {
    const bands = byCode.get(z.code)?.byAge?.bands ?? [];
    const ours = populationByOurBands(bands);
    for (const b of AGE_BANDS) {
      const v = ours.get(b.id) ?? null;
      const t = ageTotals.get(b.id) ?? null;
      ageTotals.set(b.id, v === null || t === null ? null : t + v);
    }
  }
  const ageGroups = AGE_BANDS.map((b) => ({ value: b.id, label: b.label.fr, population: ageTotals.get(b.id) ?? null }));

  const districtsCompared = compareWithPopulation(districtGroups, byDistrict, districtUndeclared, options);
  const agesCompared = compareWithPopulation(ageGroups, byAge, ageUndeclared, options);
  const years = populations.map((p) => p.year).filter((y): y is number => y !== null);
  const fill = (text: string) => text.replace('{ratio}', String(options.ratio)).replace('{min}', String(options.minDeclarations));
  return {
    consultationId: c.id,
    participants: total,
    districtZoning: districts.zoning,
    districts: districtsCompared,
    ageBands: agesCompared,
    population: {
      year: years.length ? Math.max(...years) : null,
      sourceIds: [...new Set(populations.map((p) => p.sourceId).filter((s): s is string => s !== null))],
      estimated: populations.some((p) => p.estimated),
    },
    method: { fr: fill(METHOD.fr), en: fill(METHOD.en) },
    underRepresented: [
      ...districtsCompared.groups.filter((g) => g.underRepresented).map((g) => ({ dimension: 'district' as const, value: g.value, label: g.label })),
      ...agesCompared.groups.filter((g) => g.underRepresented).map((g) => ({ dimension: 'ageBand' as const, value: g.value, label: g.label })),
    ],
  };
}
