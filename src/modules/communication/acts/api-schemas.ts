/**
 * The acts part's API shapes, in zod: the routes validate requests and responses with them, and the
 * web imports their inferred types. Pure zod, no Node import.
 */
import { z } from 'zod';
import { line } from '../../../platform/validation/text';

export const ACT_KIND_VALUES = ['deliberation', 'minutes', 'decision', 'arrete'] as const;
export const ACT_OUTCOME_VALUES = ['adopted', 'rejected'] as const;
export const TEXT_STATUS_VALUES = ['ok', 'needs_ocr', 'none'] as const;

const isoDate = z.iso.date();
const count = z.number().int().min(0).max(100_000);

export const createSessionBody = z.strictObject({
  date: isoDate,
  body: line(120),
  place: line(200).optional(),
});
export type CreateSessionInput = z.infer<typeof createSessionBody>;

export const updateActBody = z.strictObject({
  number: line(60).optional(),
  title: line(500).optional(),
  kind: z.enum(ACT_KIND_VALUES).optional(),
  topics: z.array(z.string().regex(/^[a-z0-9-]{2,40}$/)).max(20).optional(),
  zones: z
    .array(z.string().regex(/^[A-Za-z0-9._-]{1,60}:[A-Za-z0-9._/-]{1,60}$/, 'Must be <zoning>:<code>'))
    .max(50)
    .optional(),
  outcome: z.enum(ACT_OUTCOME_VALUES).nullable().optional(),
  votesFor: count.nullable().optional(),
  votesAgainst: count.nullable().optional(),
  votesAbstention: count.nullable().optional(),
  unanimous: z.boolean().optional(),
});
export type UpdateActInput = z.infer<typeof updateActBody>;

export const idParams = z.object({ id: z.uuid() });
export const importFields = z.strictObject({ kind: z.enum(ACT_KIND_VALUES).optional() });
/** The SCDL import's form fields: the council's name (default "Conseil municipal"). */
export const scdlFields = z.strictObject({ body: line(120).optional() });

const readabilitySchema = z
  .object({ sentences: z.number(), words: z.number(), syllables: z.number(), longWords: z.number(), wordsPerSentence: z.number(), syllablesPerWord: z.number(), kandelMoles: z.number(), lix: z.number() })
  .nullable();

export const summarySchema = z.object({
  method: z.enum(['extractive', 'rewritten']),
  text: z.string(),
  sentences: z.array(z.object({ text: z.string(), role: z.string(), sourceStart: z.number(), sourceEnd: z.number() })),
  fallback: z.object({ reason: z.string(), detail: z.string() }).optional(),
  model: z.string().optional(),
  decisiveFigures: z.array(z.object({ kind: z.string(), raw: z.string(), sourceStart: z.number(), sourceEnd: z.number(), kept: z.boolean() })),
  check: z.object({ ok: z.boolean() }),
  readability: z.object({ summary: readabilitySchema, act: readabilitySchema }),
  compression: z.number(),
  notice: z.string(),
});
export type SummaryView = z.infer<typeof summarySchema>;

const actBase = {
  id: z.uuid(),
  sessionId: z.uuid(),
  number: z.string(),
  kind: z.enum(ACT_KIND_VALUES),
  title: z.string(),
  topics: z.array(z.string()),
  zones: z.array(z.string()),
  outcome: z.enum(ACT_OUTCOME_VALUES).nullable(),
  votesFor: z.number().nullable(),
  votesAgainst: z.number().nullable(),
  votesAbstention: z.number().nullable(),
  unanimous: z.boolean(),
  publishedAt: z.string().nullable(),
  textStatus: z.enum(TEXT_STATUS_VALUES),
  summary: summarySchema.nullable(),
  file: z.object({ filename: z.string(), mimetype: z.string(), size: z.number(), sha256: z.string() }).nullable(),
};

export const publicActSchema = z.object(actBase);
export type PublicAct = z.infer<typeof publicActSchema>;

export const adminActSchema = z.object({
  ...actBase,
  status: z.enum(['draft', 'published']),
  source: z.enum(['upload', 'scdl', 'demo']),
  knowledgeDocumentId: z.string().nullable(),
  demo: z.boolean(),
  /** Topics suggested from the act's subject and summary, for the agent to confirm. */
  suggestedTopics: z.array(z.string()),
});
export type AdminAct = z.infer<typeof adminActSchema>;

const sessionBase = { id: z.uuid(), date: z.string(), body: z.string(), place: z.string() };

export const publicSessionSchema = z.object({ ...sessionBase, acts: z.array(publicActSchema.omit({ summary: true }).extend({ summaryText: z.string().nullable() })) });
export type PublicSession = z.infer<typeof publicSessionSchema>;
export const publicSessionListSchema = z.object({ items: z.array(publicSessionSchema) });
export type PublicSessionList = z.infer<typeof publicSessionListSchema>;

export const publicActPageSchema = z.object({
  act: publicActSchema,
  session: z.object(sessionBase),
  /** The act's text as extracted: the summary's offsets point into it. */
  text: z.string(),
});
export type PublicActPage = z.infer<typeof publicActPageSchema>;

export const adminSessionSchema = z.object({ ...sessionBase, demo: z.boolean(), acts: z.array(adminActSchema) });
export type AdminSession = z.infer<typeof adminSessionSchema>;
export const adminSessionListSchema = z.object({
  items: z.array(z.object({ ...sessionBase, demo: z.boolean(), acts: z.number(), published: z.number() })),
});
export type AdminSessionList = z.infer<typeof adminSessionListSchema>;

export const fileResultSchema = z.object({
  filename: z.string(),
  status: z.enum(['summarised', 'needs_ocr', 'refused']),
  actId: z.string().nullable(),
  title: z.string().nullable(),
  code: z.string().nullable(),
  detail: z.string().nullable(),
});
export type FileResult = z.infer<typeof fileResultSchema>;
export const importFilesReportSchema = z.object({ sessionId: z.uuid(), files: z.array(fileResultSchema) });
export type ImportFilesReport = z.infer<typeof importFilesReportSchema>;

export const scdlReportSchema = z.object({
  imported: z.number(),
  /** Rows already in their session (same number, or same subject), not imported again. */
  skipped: z.number(),
  sessions: z.array(z.object({ id: z.uuid(), date: z.string(), acts: z.number(), created: z.boolean() })),
  deviations: z.array(z.object({ code: z.string(), found: z.string(), expected: z.string().optional(), lines: z.array(z.number()).optional() })),
  encoding: z.string().nullable(),
  separator: z.string().nullable(),
});
export type ScdlReport = z.infer<typeof scdlReportSchema>;

export const topicListSchema = z.object({ items: z.array(z.object({ id: z.string(), fr: z.string(), en: z.string() })) });
export type TopicList = z.infer<typeof topicListSchema>;
