/**
 * The observatory's API shapes, in zod: the routes validate requests and responses with them and
 * the web imports their inferred types. Pure zod, no Node import. Every text field of a request is
 * the shared text type; bodies are strict objects.
 */
import { z } from 'zod';
import { line, paragraph, text, token } from '../../platform/validation/text';

// ---- Enumerations --------------------------------------------------------------------------------

export const INDICATOR_CODE = /^[A-Z][A-Z0-9_]{0,39}$/;
export const ZONING_CODE = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const ZONE_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const ANALYSIS_KEY = /^[a-f0-9]{32}$/;

/** Themes of the catalogue; `population` holds the counts other indicators are rates of. */
export const INDICATOR_THEMES = ['income', 'poverty', 'unemployment', 'housing', 'digital', 'services', 'population'] as const;
export const INDICATOR_UNITS = ['percent', 'euros', 'ratio', 'inhabitants', 'count', 'per-1000', 'km', 'minutes', 'index'] as const;
/** `neutral`: a count or context figure, never part of an index (it has no good side). */
export const INDICATOR_DIRECTIONS = ['higher-is-better', 'higher-is-worse', 'neutral'] as const;
/**
 * How a parent's (or the whole area's) value is obtained from its zones':
 * - `ratio`: Σ(value·denominator)/Σdenominator, the exact rate of the parent when the value is a
 *   rate of the denominator;
 * - `mean`: the same weighted mean, an approximation (a median of the parent is not a mean of medians);
 * - `sum`: Σ value (counts);
 * - `none`: not aggregated.
 */
export const INDICATOR_AGGREGATIONS = ['ratio', 'mean', 'sum', 'none'] as const;
export const VALUE_STATUSES = ['observed', 'missing', 'secret'] as const;

export const NORMALISATIONS = ['min-max', 'z-score', 'rank', 'distance-to-mean', 'exponential-rank'] as const;
export const WEIGHTINGS = ['equal', 'expert', 'pca'] as const;
export const AGGREGATIONS = ['arithmetic', 'geometric'] as const;
export const MISSING_POLICIES = ['exclude', 'neighbours', 'parent', 'neighbours-then-parent'] as const;
export const REVIEW_STATUSES = ['proposed', 'accepted', 'set_aside'] as const;
export const LISA_QUADRANTS = ['HH', 'LH', 'LL', 'HL'] as const;

export type IndicatorTheme = (typeof INDICATOR_THEMES)[number];
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];
export type IndicatorDirection = (typeof INDICATOR_DIRECTIONS)[number];
export type IndicatorAggregation = (typeof INDICATOR_AGGREGATIONS)[number];
export type NormalisationChoice = (typeof NORMALISATIONS)[number];
export type WeightingChoice = (typeof WEIGHTINGS)[number];
export type AggregationChoice = (typeof AGGREGATIONS)[number];
export type MissingPolicyChoice = (typeof MISSING_POLICIES)[number];
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const indicatorCodeSchema = token(40, INDICATOR_CODE).describe('Indicator code: upper-case letters, digits and underscores (MED, TP60)');
export const zoningCodeSchema = token(63, ZONING_CODE).describe('Zoning code of the territory module (communes, iris)');
export const zoneCodeSchema = token(64, ZONE_CODE).describe('Zone code: the INSEE code or the commune’s own');
export const analysisKeySchema = token(32, ANALYSIS_KEY).describe('The analysis: a hash of its parameters and of the data it read');

const bilingual = z.object({ fr: z.string(), en: z.string() });
const bilingualInput = z.strictObject({ fr: line(300), en: line(300) });
const bilingualParagraph = z.strictObject({ fr: paragraph(2000), en: paragraph(2000) });

// ---- Catalogue -----------------------------------------------------------------------------------

export const sourceViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  publisher: z.string(),
  licence: z.string(),
  url: z.string().nullable(),
  usedFor: z.string(),
});

export const indicatorViewSchema = z.object({
  code: z.string(),
  theme: z.enum(INDICATOR_THEMES),
  unit: z.enum(INDICATOR_UNITS),
  direction: z.enum(INDICATOR_DIRECTIONS),
  aggregation: z.enum(INDICATOR_AGGREGATIONS),
  name: bilingual.describe('As a title: "Taux de pauvreté"'),
  phrase: bilingual.describe('As sentences use it, article included: "le taux de pauvreté"'),
  description: bilingual,
  numerator: bilingual.nullable().describe('What is counted, for a rate'),
  denominator: bilingual.nullable().describe('What it is counted over, for a rate'),
  denominatorCode: z.string().nullable().describe('The indicator holding the denominator, which weights parents’ values'),
  sourceId: z.string().nullable(),
  /** Years with values, per zoning. */
  coverage: z.array(z.object({ zoning: z.string(), years: z.array(z.number().int()) })),
  demo: z.boolean(),
});

export const catalogueSchema = z.object({
  dataVersion: z.number().int().describe('Goes up with every import or catalogue change: analyses are cached by it'),
  indicators: z.array(indicatorViewSchema),
  sources: z.array(sourceViewSchema),
  references: z.array(z.object({ indicator: z.string(), scope: z.literal('france'), year: z.number().int(), value: z.number() })),
});

export const indicatorParams = z.strictObject({ code: indicatorCodeSchema });

export const indicatorBody = z.strictObject({
  theme: z.enum(INDICATOR_THEMES),
  unit: z.enum(INDICATOR_UNITS),
  direction: z.enum(INDICATOR_DIRECTIONS),
  aggregation: z.enum(INDICATOR_AGGREGATIONS),
  name: bilingualInput,
  phrase: bilingualInput,
  description: bilingualParagraph,
  numerator: bilingualInput.nullable().default(null),
  denominator: bilingualInput.nullable().default(null),
  denominatorCode: indicatorCodeSchema.nullable().default(null),
  source: z
    .strictObject({
      id: token(63, /^[a-z0-9][a-z0-9-]{0,62}$/),
      name: line(300),
      publisher: line(300),
      licence: line(200),
      url: text({ max: 2000, min: 0 }).nullable().default(null),
      usedFor: text({ max: 500, min: 0 }).default(''),
    })
    .nullable()
    .default(null),
});

// ---- Values and imports --------------------------------------------------------------------------

export const valuesQuery = z.strictObject({
  zoning: zoningCodeSchema,
  indicator: indicatorCodeSchema,
  year: z.coerce.number().int().min(1900).max(2200).optional().describe('Default: the latest year with values'),
});

export const valuesSchema = z.object({
  zoning: z.string(),
  indicator: z.string(),
  year: z.number().int(),
  years: z.array(z.number().int()).describe('Every year with values for this zoning'),
  values: z.array(z.object({ code: z.string(), name: z.string(), parentCode: z.string().nullable(), value: z.number().nullable(), status: z.enum(VALUE_STATUSES) })),
});

export const importFields = z.strictObject({
  zoning: zoningCodeSchema,
  indicator: indicatorCodeSchema.optional().describe('For a wide file (one column per year): the indicator its columns hold'),
  codeColumn: line(100).optional().describe('The column of zone codes; default: the first one named code, codgeo, insee, code_insee, com, depcom, iris or code_iris'),
  dryRun: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

export const importProblemSchema = z.object({
  line: z.number().int().nullable().describe('1-based line of the file; null for the file as a whole'),
  column: z.string().nullable(),
  code: z.enum(['unknown_zone', 'unparsable_value', 'duplicate', 'missing_code', 'unknown_indicator', 'unknown_column', 'bad_year', 'one_column', 'no_rows', 'header']),
  value: z.string().nullable(),
  message: z.string(),
});

export const importReportSchema = z.object({
  importId: z.string().nullable(),
  imported: z.boolean(),
  filename: z.string(),
  zoning: z.string(),
  encoding: z.string().nullable(),
  separator: z.string().nullable(),
  layout: z.enum(['long', 'wide']).nullable(),
  rows: z.number().int(),
  values: z.number().int().describe('Values read (observed)'),
  missing: z.number().int().describe('Cells kept as missing (blank, NA, ND)'),
  secret: z.number().int().describe('Cells marked secret (s)'),
  series: z.array(z.object({ indicator: z.string(), year: z.number().int(), zones: z.number().int() })),
  problems: z.array(importProblemSchema),
  problemsTotal: z.number().int(),
  dataVersion: z.number().int().nullable(),
});

export const importListSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      filename: z.string(),
      zoning: z.string(),
      sha256: z.string(),
      rows: z.number().int(),
      values: z.number().int(),
      series: z.array(z.object({ indicator: z.string(), year: z.number().int(), zones: z.number().int() })),
      createdAt: z.string(),
      createdBy: z.string().nullable(),
    }),
  ),
});

// ---- Analyses ------------------------------------------------------------------------------------

export const analysisRequestSchema = z.strictObject({
  zoning: zoningCodeSchema,
  /** Each indicator takes its latest year up to this one (its earliest when it has none before). */
  year: z.number().int().min(1900).max(2200).optional(),
  indicators: z.array(indicatorCodeSchema).min(2).max(12),
  normalisation: z.enum(NORMALISATIONS).default('min-max'),
  weighting: z.enum(WEIGHTINGS).default('equal'),
  weights: z.record(indicatorCodeSchema, z.number().min(0).max(1000)).optional().describe('Expert weights, one per indicator (rescaled to sum to 1)'),
  aggregation: z.enum(AGGREGATIONS).default('arithmetic'),
  missing: z.enum(MISSING_POLICIES).default('neighbours-then-parent'),
  within: z.array(zoneCodeSchema).max(200).optional().describe('Only the zones whose parent is one of these (e.g. départements)'),
});

export type AnalysisRequest = z.output<typeof analysisRequestSchema>;

export const analysisParams = z.strictObject({ key: analysisKeySchema });
export const analysisTerritoryParams = z.strictObject({ key: analysisKeySchema, code: zoneCodeSchema });
export const languageQuery = z.strictObject({ lang: z.enum(['fr', 'en']).optional() });

export const pendingAnalysisSchema = z.object({ key: z.string(), status: z.literal('pending') });

const interval = z.object({ lower: z.number(), median: z.number(), upper: z.number() });

export const territoryResultSchema = z.object({
  code: z.string(),
  name: z.string(),
  parentCode: z.string().nullable(),
  scored: z.boolean(),
  score: z.number().nullable(),
  rank: z.number().nullable().describe('1 = the lowest score (the most difficult situation)'),
  interval: interval.nullable().describe('5th–95th percentile of the ranks over the Monte Carlo draws'),
  missing: z.array(z.string()).describe('Indicators it lacks and nothing could fill (excluded territories)'),
  imputed: z.array(z.object({ indicator: z.string(), method: z.enum(['neighbours', 'parent']) })),
  lisa: z.object({ quadrant: z.enum(LISA_QUADRANTS).nullable(), p: z.number().nullable(), significant: z.boolean() }),
  gi: z.object({ z: z.number().nullable(), p: z.number().nullable(), significant: z.boolean(), spot: z.enum(['hot', 'cold']).nullable() }),
  cluster: z.boolean().describe('In a significant cluster of disadvantaged territories (LISA low-low or Gi* cold spot, FDR)'),
  priority: z.object({ points: z.number(), maxPoints: z.number(), order: z.number().int().nullable() }).nullable(),
  alert: z.boolean().describe('A weak signal: its change departs from its neighbours’'),
  sentence: z.string().nullable(),
});

export const analysisIndicatorSchema = z.object({
  code: z.string(),
  name: z.string(),
  unit: z.enum(INDICATOR_UNITS),
  direction: z.enum(INDICATOR_DIRECTIONS),
  year: z.number().int().describe('The vintage used'),
  previousYear: z.number().int().nullable().describe('The vintage its change is measured from (weak signals)'),
  weight: z.number(),
  observed: z.number().int(),
  imputed: z.number().int(),
});

export const priorityZoneSchema = z.object({
  code: z.string(),
  name: z.string(),
  order: z.number().int(),
  points: z.number(),
  maxPoints: z.number(),
  rank: z.number(),
  score: z.number(),
  criteria: z.array(z.object({ criterion: z.enum(['level', 'robustness', 'cluster', 'trend']), points: z.number(), maxPoints: z.number(), reason: z.string() })),
  explanation: z.string(),
});

export const alertSchema = z.object({
  code: z.string(),
  name: z.string(),
  worsening: z.boolean(),
  sentence: z.string(),
  signals: z.array(
    z.object({
      variable: z.string(),
      label: z.string(),
      change: z.number(),
      referenceChange: z.number(),
      gap: z.number(),
      z: z.number(),
      q: z.number(),
      tendency: z.enum(['worse', 'better']),
    }),
  ),
});

export const analysisResultSchema = z.object({
  key: z.string(),
  status: z.literal('done'),
  computedAt: z.string(),
  durationMs: z.number(),
  dataVersion: z.number().int(),
  zoningVersion: z.number().int(),
  request: analysisRequestSchema,
  language: z.enum(['fr', 'en']),
  indicators: z.array(analysisIndicatorSchema),
  weights: z.object({
    scheme: z.enum(WEIGHTINGS),
    pca: z.object({ retained: z.number().int(), eigenvalues: z.array(z.number()), varianceShares: z.array(z.number()) }).nullable(),
  }),
  summary: z.object({
    territories: z.number().int(),
    scored: z.number().int(),
    excluded: z.number().int(),
    averageScore: z.number(),
    moran: z.object({ I: z.number(), p: z.number().nullable() }).nullable().describe('Global Moran’s I of the score (permutation p-value)'),
    alpha: z.number(),
    lisaCutoff: z.number().nullable(),
    giCutoff: z.number().nullable(),
    permutations: z.number().int(),
    draws: z.number().int(),
    clusterMembers: z.number().int(),
    lisaCounts: z.record(z.string(), z.number().int()).describe('Significant territories per LISA quadrant after FDR'),
    sensitivity: z.array(z.object({ factor: z.string(), share: z.number() })),
    islands: z.array(z.string()).describe('Territories without a neighbour: no local statistic'),
  }),
  territories: z.array(territoryResultSchema),
  priority: z.object({ ruleText: z.array(z.string()), maxPoints: z.number(), zones: z.array(priorityZoneSchema) }),
  alerts: z.array(alertSchema),
  warnings: z.array(z.string()),
  method: z.string().describe('The method as run, in words'),
});

export type AnalysisResultView = z.infer<typeof analysisResultSchema>;
export type TerritoryResultView = z.infer<typeof territoryResultSchema>;

export const comparisonSchema = z.object({ value: z.number().nullable(), approximate: z.boolean() });

export const portraitSchema = z.object({
  key: z.string(),
  code: z.string(),
  name: z.string(),
  parent: z.object({ code: z.string(), name: z.string() }).nullable(),
  areaLabel: z.string().describe('The whole area analysed (the region in the demo)'),
  territory: territoryResultSchema,
  drivers: z.array(
    z.object({
      indicator: z.string(),
      name: z.string(),
      contribution: z.number().describe('Score points against the average territory (log-points for a geometric index)'),
      percentEffect: z.number().nullable(),
      normalisedValue: z.number(),
      averageNormalisedValue: z.number(),
      imputed: z.enum(['neighbours', 'parent']).nullable(),
    }),
  ),
  indicators: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      unit: z.enum(INDICATOR_UNITS),
      direction: z.enum(INDICATOR_DIRECTIONS),
      year: z.number().int(),
      value: z.number().nullable(),
      imputed: z.enum(['neighbours', 'parent']).nullable(),
      parent: comparisonSchema,
      neighbours: comparisonSchema,
      area: comparisonSchema,
      france: z.number().nullable(),
      contrast: z.enum(['below-within-above', 'above-within-below']).nullable().describe('Below its parent while the parent is above the area, or the reverse'),
    }),
  ),
  priority: z.object({ points: z.number(), maxPoints: z.number(), order: z.number().int().nullable(), explanation: z.string(), criteria: priorityZoneSchema.shape.criteria }).nullable(),
  alert: alertSchema.nullable(),
  sentence: z.string().nullable(),
  summary: z.string().describe('The portrait in words: against its parent, the area and France'),
});

export type PortraitView = z.infer<typeof portraitSchema>;

// ---- Reviews of priority zones ---------------------------------------------------------------

export const reviewParams = z.strictObject({ zoning: zoningCodeSchema, code: zoneCodeSchema });
export const reviewsQuery = z.strictObject({ zoning: zoningCodeSchema.optional() });

export const reviewBody = z.strictObject({
  status: z.enum(REVIEW_STATUSES),
  note: text({ max: 4000, min: 0, multiline: true }).nullable().default(null),
  analysisKey: analysisKeySchema.describe('The analysis that proposed the zone, kept with the decision'),
});

export const reviewSchema = z.object({
  zoning: z.string(),
  code: z.string(),
  name: z.string(),
  status: z.enum(REVIEW_STATUSES),
  note: z.string().nullable(),
  analysisKey: z.string(),
  points: z.number().nullable().describe('The zone’s points in that analysis'),
  decidedBy: z.string().nullable(),
  updatedAt: z.string(),
});

export const reviewListSchema = z.object({ items: z.array(reviewSchema) });

export type ReviewView = z.infer<typeof reviewSchema>;
export type CatalogueView = z.infer<typeof catalogueSchema>;
export type IndicatorView = z.infer<typeof indicatorViewSchema>;
export type ValuesView = z.infer<typeof valuesSchema>;
export type ImportReport = z.infer<typeof importReportSchema>;
export type ImportProblem = z.infer<typeof importProblemSchema>;
