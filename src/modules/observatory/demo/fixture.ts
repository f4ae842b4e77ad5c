/**
 * The observatory's demo fixture (`indicators.json.gz`), written by
 * `scripts/build-demo-observatory.ts` from the open data of `../shared/data/observatory/` and read
 * by the demo seed: the product starts without that folder and without a network.
 *
 * Values are columns: each zoning lists its zone codes once, each series gives one value per code
 * in that order (null when missing or secret).
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { INDICATOR_AGGREGATIONS, INDICATOR_CODE, INDICATOR_DIRECTIONS, INDICATOR_THEMES, INDICATOR_UNITS } from '../api-schemas';

const bilingual = z.object({ fr: z.string().min(1), en: z.string().min(1) });

const fixtureSource = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
  name: z.string().min(1),
  publisher: z.string().min(1),
  licence: z.string().min(1),
  url: z.string().url().nullable(),
  file: z.string().nullable(),
  usedFor: z.string(),
});

const fixtureIndicator = z.object({
  code: z.string().regex(INDICATOR_CODE),
  theme: z.enum(INDICATOR_THEMES),
  unit: z.enum(INDICATOR_UNITS),
  direction: z.enum(INDICATOR_DIRECTIONS),
  sourceId: z.string(),
  aggregation: z.enum(INDICATOR_AGGREGATIONS),
  denominatorCode: z.string().regex(INDICATOR_CODE).nullable(),
  name: bilingual,
  phrase: bilingual,
  description: bilingual,
  numerator: bilingual.nullable(),
  denominator: bilingual.nullable(),
});

const fixtureSeries = z.object({
  indicator: z.string(),
  zoning: z.string(),
  year: z.number().int(),
  values: z.array(z.number().nullable()),
});

export const demoFixtureSchema = z.object({
  format: z.literal(1),
  note: z.string(),
  sources: z.array(fixtureSource),
  indicators: z.array(fixtureIndicator),
  zonings: z.record(z.string(), z.array(z.string())),
  series: z.array(fixtureSeries),
  references: z.array(z.object({ indicator: z.string(), scope: z.literal('france'), year: z.number().int(), value: z.number() })),
});

export type DemoFixture = z.infer<typeof demoFixtureSchema>;
export type FixtureSource = z.infer<typeof fixtureSource>;
export type FixtureIndicator = z.infer<typeof fixtureIndicator>;
export type FixtureSeries = z.infer<typeof fixtureSeries>;

const FIXTURE_FILE = new URL('./indicators.json.gz', import.meta.url);

let cached: DemoFixture | null = null;

/** The fixture, checked: every series names a known indicator and zoning and has one value per zone. */
export function loadDemoFixture(): DemoFixture {
  if (cached) return cached;
  const fixture = demoFixtureSchema.parse(JSON.parse(zlib.gunzipSync(fs.readFileSync(fileURLToPath(FIXTURE_FILE))).toString('utf8')));
  const codes = new Set(fixture.indicators.map((i) => i.code));
  const sources = new Set(fixture.sources.map((s) => s.id));
  for (const i of fixture.indicators) {
    if (!sources.has(i.sourceId)) throw new Error(`demo fixture: indicator ${i.code} names an unknown source ${i.sourceId}`);
    if (i.denominatorCode && !codes.has(i.denominatorCode)) throw new Error(`demo fixture: indicator ${i.code} has an unknown denominator ${i.denominatorCode}`);
  }
  for (const s of fixture.series) {
    if (!codes.has(s.indicator)) throw new Error(`demo fixture: a series names an unknown indicator ${s.indicator}`);
    const zones = fixture.zonings[s.zoning];
    if (!zones) throw new Error(`demo fixture: series ${s.indicator} ${s.year} names an unknown zoning ${s.zoning}`);
    if (zones.length !== s.values.length) throw new Error(`demo fixture: series ${s.indicator} ${s.zoning} ${s.year} has ${s.values.length} values for ${zones.length} zones`);
  }
  cached = fixture;
  return fixture;
}
