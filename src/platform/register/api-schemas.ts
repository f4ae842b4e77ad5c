/**
 * The public algorithm register (`GET /api/register`) in zod: the route declares it as its response
 * and the web reads the register through these types. Pure: zod only.
 */
import { z } from 'zod';

export const localizedSchema = z.object({ fr: z.string(), en: z.string() });
export type Localized = z.infer<typeof localizedSchema>;

/** One retention period as the register states it. */
export const registerRetentionSchema = z.object({
  data: localizedSchema,
  /** When the period starts, as the end of a sentence: "after the last message". */
  startsAt: localizedSchema,
  /** 0: as soon as the period starts. */
  days: z.number().int(),
  outcome: z.enum(['deleted', 'anonymised']),
});

/**
 * One entry of the public algorithm register, with the fields that public-sector algorithm
 * registers use (Etalab's guidance for French administrations, the Amsterdam/Helsinki registers,
 * the EU AI Act transparency duties).
 */
export const registerEntrySchema = z.object({
  /** Stable identifier, `<module>.<feature>`. */
  id: z.string(),
  module: z.string(),
  name: localizedSchema,
  purpose: localizedSchema,
  organisation: z.object({ name: z.string(), contact: z.string() }),
  legalBasis: localizedSchema,
  dataUsed: localizedSchema,
  dataSources: z.array(z.string()),
  method: localizedSchema,
  /** The model or provider actually configured right now, e.g. "aucun (extractif)" or "albert: mistral-small". */
  provider: z.object({
    kind: z.enum(['none', 'openai-compatible']),
    baseUrl: z.string().nullable(),
    model: z.string().nullable(),
    label: z.string(),
  }),
  humanOversight: localizedSchema,
  howToContest: localizedSchema,
  /** EU AI Act category: minimal, limited (transparency duties), high, or not an AI system. */
  riskCategory: z.enum(['not_ai', 'minimal', 'limited', 'high']),
  status: z.enum(['active', 'inactive', 'experimental']),
  lastChange: z.string().nullable(),
  retention: z
    .array(registerRetentionSchema)
    .describe('How long the personal data this algorithm works on is kept (days), from the running settings'),
});

export const registerDocumentSchema = z.object({
  generatedAt: z.string(),
  organisation: z.string(),
  entries: z.array(registerEntrySchema),
});

export type RegisterEntry = z.infer<typeof registerEntrySchema>;
export type RegisterRetention = z.infer<typeof registerRetentionSchema>;
export type RegisterDocument = z.infer<typeof registerDocumentSchema>;
