import { recordAudit, SYSTEM_ACTOR } from '../../../platform/audit/service';
import type { SeedContext } from '../../../platform/modules';
import { bumpDataVersion } from '../catalogue';
import { observatoryIndicators, observatoryReferences, observatorySources, observatoryValues } from '../schema';
import { loadDemoFixture } from './fixture';

const CHUNK = 2000;

/**
 * The demo catalogue and values (Île-de-France communes and Lyon IRIS, from the committed fixture:
 * the same source files as the territory's demo zonings, so the same zone codes).
 */
export async function seedDemoObservatory({ tx }: SeedContext): Promise<void> {
  const fixture = loadDemoFixture();
  await tx.insert(observatorySources).values(fixture.sources.map((s) => ({ id: s.id, name: s.name, publisher: s.publisher, licence: s.licence, url: s.url, usedFor: s.usedFor, demo: true }))).onConflictDoNothing();
  await tx
    .insert(observatoryIndicators)
    .values(
      fixture.indicators.map((i) => ({
        code: i.code,
        theme: i.theme,
        unit: i.unit,
        direction: i.direction,
        aggregation: i.aggregation,
        nameFr: i.name.fr,
        nameEn: i.name.en,
        phraseFr: i.phrase.fr,
        phraseEn: i.phrase.en,
        descriptionFr: i.description.fr,
        descriptionEn: i.description.en,
        numeratorFr: i.numerator?.fr ?? null,
        numeratorEn: i.numerator?.en ?? null,
        denominatorFr: i.denominator?.fr ?? null,
        denominatorEn: i.denominator?.en ?? null,
        denominatorCode: i.denominatorCode,
        sourceId: i.sourceId,
        demo: true,
      })),
    )
    .onConflictDoNothing();
  let stored = 0;
  for (const [zoning, codes] of Object.entries(fixture.zonings)) {
    const rows = fixture.series
      .filter((s) => s.zoning === zoning)
      .flatMap((s) =>
        codes.map((code, at) => {
          const value = s.values[at] ?? null;
          return { indicatorCode: s.indicator, zoningCode: zoning, year: s.year, zoneCode: code, value, status: value === null ? 'missing' : 'observed' };
        }),
      );
    for (let i = 0; i < rows.length; i += CHUNK) await tx.insert(observatoryValues).values(rows.slice(i, i + CHUNK)).onConflictDoNothing();
    stored += rows.length;
  }
  await tx.insert(observatoryReferences).values(fixture.references.map((r) => ({ indicatorCode: r.indicator, scope: r.scope, year: r.year, value: r.value }))).onConflictDoNothing();
  const version = await bumpDataVersion(tx);
  await recordAudit(tx, SYSTEM_ACTOR, {
    action: 'observatory.demo_seeded',
    subjectType: 'observatory_catalogue',
    subjectId: 'demo',
    after: { indicators: fixture.indicators.length, series: fixture.series.length, values: stored, dataVersion: version },
  });
}
