/** The assemblies module's settings: the method's defaults and the retention of volunteers' personal data. */
import { z } from 'zod';
import type { SettingDefinition } from '../../platform/settings/service';

export const METHOD_KEY = 'assemblies.method';
export const COMPUTATION_KEY = 'assemblies.computation';
export const RETENTION_KEY = 'assemblies.retention';

export const methodSchema = z.strictObject({
  /** Objective of a new assembly's distribution: LEXIMIN (the fairest lottery) or MAXIMIN. */
  defaultAlgorithm: z.enum(['leximin', 'maximin']),
  /** Tickets of the published lottery: each panel's probability is a whole number of them. */
  ticketCount: z.number().int().min(1000).max(1_000_000_000),
  /** Draws from which LEGACY's probabilities are estimated, for the comparison. */
  legacyDraws: z.number().int().min(100).max(100_000),
});
export type MethodSetting = z.infer<typeof methodSchema>;
export const METHOD_DEFAULTS: MethodSetting = { defaultAlgorithm: 'leximin', ticketCount: 1_000_000, legacyDraws: 10_000 };

export const computationSchema = z.strictObject({
  /** Largest pool computed during the request (the solver holds the server meanwhile). */
  maxPool: z.number().int().min(10).max(100_000),
  /** Largest pool for which the other objective and LEGACY are computed too, for comparison. */
  maxPoolCompared: z.number().int().min(0).max(100_000),
  /** The solver stops after this long. */
  timeLimitSeconds: z.number().int().min(5).max(3600),
});
export type ComputationSetting = z.infer<typeof computationSchema>;
/** The benchmark's pools of up to 1,000 volunteers take seconds; 2,000 with a panel of 200 can take a minute. */
export const COMPUTATION_DEFAULTS: ComputationSetting = { maxPool: 2000, maxPoolCompared: 600, timeLimitSeconds: 120 };

export const retentionSchema = z.strictObject({
  /** A new assembly's deletion date of personal data, this many days after its creation (each assembly may set its own). */
  defaultDays: z.number().int().min(1).max(3650),
});
export type RetentionSetting = z.infer<typeof retentionSchema>;
/** An assembly sits for a few months; a year leaves time for replacements and questions about the draw. */
export const RETENTION_DEFAULTS: RetentionSetting = { defaultDays: 365 };

export const ASSEMBLIES_SETTINGS: SettingDefinition[] = [
  { key: METHOD_KEY, schema: methodSchema, defaultValue: METHOD_DEFAULTS } as SettingDefinition,
  { key: COMPUTATION_KEY, schema: computationSchema, defaultValue: COMPUTATION_DEFAULTS } as SettingDefinition,
  { key: RETENTION_KEY, schema: retentionSchema, defaultValue: RETENTION_DEFAULTS } as SettingDefinition,
];
