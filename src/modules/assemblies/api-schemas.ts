/**
 * The assemblies module's API shapes, in zod: the routes validate requests and responses with
 * them, and the web imports their inferred types. Pure zod, no Node import. Every text field of a
 * request is the shared text type (`platform/validation/text.ts`); bodies are strict objects.
 */
import { z } from 'zod';
import { line, paragraph, text } from '../../platform/validation/text';

export const ASSEMBLY_STATUSES = ['draft', 'computed', 'published', 'drawn'] as const;
/** Objectives of the distribution drawn from. */
export const DRAW_ALGORITHMS = ['leximin', 'maximin'] as const;
/** Every algorithm computed, LEGACY for comparison only. */
export const DISTRIBUTION_ALGORITHMS = ['leximin', 'maximin', 'legacy'] as const;
export const VOLUNTEER_STATUSES = ['pool', 'selected', 'dropped', 'replacement'] as const;

export type AssemblyStatus = (typeof ASSEMBLY_STATUSES)[number];
export type DrawAlgorithm = (typeof DRAW_ALGORITHMS)[number];
export type DistributionAlgorithm = (typeof DISTRIBUTION_ALGORITHMS)[number];
export type VolunteerStatus = (typeof VOLUNTEER_STATUSES)[number];

export const MAX_PANEL_SIZE = 5000;
const seats = z.number().int().min(0).max(MAX_PANEL_SIZE);
const isoDate = z.iso.date();
const isoDateTime = z.string();

export const quotaSchema = z.strictObject({
  feature: line(100),
  value: line(100),
  min: seats,
  max: seats,
  minFlex: seats.nullish().describe('Lowest minimum a relaxation may propose (default 0)'),
  maxFlex: seats.nullish().describe('Highest maximum a relaxation may propose (default: the panel size)'),
});
export type QuotaInput = z.infer<typeof quotaSchema>;

export const createAssemblyBody = z.strictObject({
  title: line(200),
  description: paragraph(5000, { min: 0 }).optional(),
  panelSize: z.number().int().min(1).max(MAX_PANEL_SIZE),
  quotas: z.array(quotaSchema).max(500),
  onePerHousehold: z.boolean().optional(),
  algorithm: z.enum(DRAW_ALGORITHMS).optional(),
  deletionDate: isoDate.optional().describe('Date the volunteers’ personal data is deleted (default: the retention setting from today)'),
});
export type CreateAssemblyInput = z.infer<typeof createAssemblyBody>;

export const updateAssemblyBody = createAssemblyBody.partial();
export type UpdateAssemblyInput = z.infer<typeof updateAssemblyBody>;

export const sharesBody = z.strictObject({
  shares: z.record(line(100), z.record(line(100), z.number().min(0).max(1e12))),
  tolerance: z.strictObject({ seats: z.number().min(0).max(MAX_PANEL_SIZE).optional(), relative: z.number().min(0).max(10).optional() }).optional(),
});
export type SharesInput = z.infer<typeof sharesBody>;

export const assemblyParams = z.object({ id: z.uuid() });
export const fileParams = z.object({ id: z.uuid(), file: z.enum(['distribution.json', 'announcement.json', 'draw.json']) });

export const computeBody = z.strictObject({
  compare: z.boolean().optional().describe('Also compute the other objective and LEGACY, for comparison (default true for pools within the comparison limit)'),
});
export const publishBody = z.strictObject({
  useSeed: z.boolean().optional().describe('Commit to a secret seed revealed at the draw (default true)'),
  publicSource: text({ max: 500, min: 0 }).nullish().describe('The public source of randomness announced, in words (e.g. a lottery’s result on a date)'),
});
export const drawBody = z.strictObject({
  publicValue: line(500).nullish().describe('The value the announced public source gave (required when one was announced)'),
});
export const replacementsBody = z.strictObject({
  dropouts: z.array(line(64)).min(1).max(MAX_PANEL_SIZE).describe('Pseudonyms of panel members who drop out'),
});

// ---- Responses ---------------------------------------------------------------------------------

export const problemRowSchema = z.object({
  line: z.number().int().nullable(),
  column: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});
export type ImportProblem = z.infer<typeof problemRowSchema>;

export const importReportSchema = z.object({
  imported: z.boolean(),
  filename: z.string(),
  rows: z.number().int(),
  volunteers: z.number().int(),
  columns: z.object({ id: z.string().nullable(), features: z.array(z.string()), address: z.array(z.string()), personal: z.array(z.string()) }),
  problems: z.array(problemRowSchema),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const quotaChangeSchema = z.object({
  feature: z.string(),
  value: z.string(),
  min: z.object({ from: z.number(), to: z.number() }).nullable(),
  max: z.object({ from: z.number(), to: z.number() }).nullable(),
});
export type QuotaChange = z.infer<typeof quotaChangeSchema>;

export const feasibilitySchema = z.object({
  feasible: z.boolean(),
  message: z.string().nullable(),
  changes: z.array(quotaChangeSchema),
  relaxedQuotas: z.array(quotaSchema).nullable(),
});
export type Feasibility = z.infer<typeof feasibilitySchema>;

export const selectionStatsSchema = z.object({
  poolSize: z.number().int(),
  classCount: z.number().int(),
  panels: z.number().int(),
  seconds: z.number(),
  publishedMinimum: z.number().nullable(),
  /** LEGACY: attempts that failed (the greedy can get stuck). */
  failedAttempts: z.number().int().nullable(),
  draws: z.number().int().nullable(),
  /** LEXIMIN and MAXIMIN: whether the library's independent checker accepted the certificate of optimality. */
  certificateValid: z.boolean().nullable().optional(),
});
export type SelectionStats = z.infer<typeof selectionStatsSchema>;

export const distributionSummarySchema = z.object({
  algorithm: z.enum(DISTRIBUTION_ALGORITHMS),
  minimum: z.number(),
  gini: z.number(),
  sha256: z.string().nullable(),
  certificateBound: z.number().nullable(),
  stats: selectionStatsSchema,
  computedAt: isoDateTime,
});
export type DistributionSummary = z.infer<typeof distributionSummarySchema>;

export const drawViewSchema = z.object({
  algorithm: z.enum(DRAW_ALGORITHMS),
  distributionSha256: z.string(),
  commitment: z.string().nullable(),
  publicSource: z.string().nullable(),
  announcedAt: isoDateTime,
  drawnAt: isoDateTime.nullable(),
  seed: z.string().nullable(),
  salt: z.string().nullable(),
  publicValue: z.string().nullable(),
  ticket: z.number().int().nullable(),
  panel: z.array(z.string()).nullable(),
});
export type DrawView = z.infer<typeof drawViewSchema>;

export const replacementViewSchema = z.object({
  id: z.uuid(),
  dropouts: z.array(z.string()),
  replacements: z.array(z.string()),
  panel: z.array(z.string()),
  seed: z.string(),
  createdAt: isoDateTime,
});
export type ReplacementView = z.infer<typeof replacementViewSchema>;

export const adminAssemblySchema = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  panelSize: z.number().int(),
  quotas: z.array(quotaSchema),
  onePerHousehold: z.boolean(),
  algorithm: z.enum(DRAW_ALGORITHMS),
  status: z.enum(ASSEMBLY_STATUSES),
  deletionDate: z.string(),
  personalDataDeletedAt: isoDateTime.nullable(),
  demo: z.boolean(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  poolSize: z.number().int(),
  distributions: z.array(distributionSummarySchema),
  draw: drawViewSchema.nullable(),
  replacements: z.array(replacementViewSchema),
});
export type AdminAssembly = z.infer<typeof adminAssemblySchema>;

export const adminAssemblyListSchema = z.object({
  items: z.array(adminAssemblySchema.pick({ id: true, title: true, panelSize: true, status: true, poolSize: true, demo: true, createdAt: true, deletionDate: true })),
});
export type AdminAssemblyList = z.infer<typeof adminAssemblyListSchema>;

export const volunteerSchema = z.object({
  pseudonym: z.string(),
  externalId: z.string().nullable(),
  line: z.number().int(),
  features: z.record(z.string(), z.string()),
  address: z.string().nullable(),
  personal: z.record(z.string(), z.string()).nullable(),
  status: z.enum(VOLUNTEER_STATUSES),
  probabilities: z.record(z.string(), z.number()),
});
export type VolunteerView = z.infer<typeof volunteerSchema>;
export const volunteerListSchema = z.object({ items: z.array(volunteerSchema) });
export type VolunteerList = z.infer<typeof volunteerListSchema>;

export const publicClassSchema = z.object({ values: z.array(z.string()), members: z.number().int(), probability: z.number() });

export const publicAssemblySchema = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  panelSize: z.number().int(),
  status: z.enum(ASSEMBLY_STATUSES),
  algorithm: z.enum(DRAW_ALGORITHMS),
  poolSize: z.number().int(),
  features: z.array(z.object({ name: z.string(), values: z.array(z.object({ value: z.string(), min: z.number().int(), max: z.number().int() })) })),
  classes: z.array(publicClassSchema),
  minimum: z.number(),
  gini: z.number(),
  draw: drawViewSchema,
  replacements: z.array(replacementViewSchema),
});
export type PublicAssembly = z.infer<typeof publicAssemblySchema>;

export const publicAssemblyListSchema = z.object({
  items: z.array(publicAssemblySchema.pick({ id: true, title: true, panelSize: true, status: true, poolSize: true }).extend({ announcedAt: isoDateTime, drawnAt: isoDateTime.nullable() })),
});
export type PublicAssemblyList = z.infer<typeof publicAssemblyListSchema>;

export const verifyBody = z.strictObject({
  distribution: z.record(z.string(), z.unknown()),
  announcement: z.record(z.string(), z.unknown()),
  record: z.record(z.string(), z.unknown()),
});
export const verificationSchema = z.object({
  valid: z.boolean(),
  problems: z.array(z.string()),
  panel: z.array(z.string()).nullable(),
  distributionSha256: z.string().nullable(),
});
export type Verification = z.infer<typeof verificationSchema>;

export const importFields = z.strictObject({
  dryRun: z.enum(['true', 'false']).default('false').transform((v) => v === 'true').describe('Report only: nothing is imported'),
  sheet: line(200).optional().describe('XLSX: the sheet to read (default: the first)'),
});
