import { z } from 'zod';
import type { SettingDefinition } from '../../platform/settings/service';
import { line, token } from '../../platform/validation/text';
import { AGGREGATIONS, INDICATOR_CODE, MISSING_POLICIES, NORMALISATIONS, WEIGHTINGS, ZONING_CODE } from './api-schemas';

export const ANALYSIS_SETTING_KEY = 'observatory.analysis';
export const DASHBOARD_SETTING_KEY = 'observatory.dashboard';

/**
 * How analyses run: Monte Carlo draws, permutations of the spatial statistics, the false
 * discovery rate, the seed (the same seed gives the same results on every machine) and the
 * perturbation of the weights. Every analysis is cached with these values in its key.
 */
export const analysisSettingSchema = z.strictObject({
  draws: z.number().int().min(100).max(5000),
  permutations: z.number().int().min(99).max(9999),
  alpha: z.number().min(0.001).max(0.2),
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  weightPerturbation: z.number().min(0).max(0.5),
});

/** What the public dashboard opens on: the zoning, the area's name, the indicators and the method. */
export const dashboardSettingSchema = z.strictObject({
  zoning: token(63, ZONING_CODE),
  areaLabel: z.strictObject({ fr: line(120), en: line(120) }),
  indicators: z.array(token(40, INDICATOR_CODE)).min(2).max(12),
  normalisation: z.enum(NORMALISATIONS),
  weighting: z.enum(WEIGHTINGS),
  aggregation: z.enum(AGGREGATIONS),
  missing: z.enum(MISSING_POLICIES),
});

export type AnalysisSetting = z.infer<typeof analysisSettingSchema>;
export type DashboardSetting = z.infer<typeof dashboardSettingSchema>;

export const DEFAULT_ANALYSIS_SETTING: AnalysisSetting = { draws: 1000, permutations: 999, alpha: 0.05, seed: 2024, weightPerturbation: 0.25 };
export const DEFAULT_DASHBOARD_SETTING: DashboardSetting = {
  zoning: 'communes',
  areaLabel: { fr: 'Île-de-France', en: 'Île-de-France' },
  indicators: ['MED', 'TP60', 'CHOM', 'FTTH'],
  normalisation: 'min-max',
  weighting: 'equal',
  aggregation: 'arithmetic',
  missing: 'neighbours-then-parent',
};

export const OBSERVATORY_SETTINGS: SettingDefinition[] = [
  { key: ANALYSIS_SETTING_KEY, schema: analysisSettingSchema, defaultValue: DEFAULT_ANALYSIS_SETTING },
  { key: DASHBOARD_SETTING_KEY, schema: dashboardSettingSchema, defaultValue: DEFAULT_DASHBOARD_SETTING },
];
