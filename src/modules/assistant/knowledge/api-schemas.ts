/**
 * The knowledge base's API in zod: documents, versions, uploads, bulk imports, crawls, ingestion
 * jobs, vocabulary, and the public view of a cited document. The routes validate and answer with
 * these; the back-office and the source viewer read their types. Pure: zod, the shared text type
 * and the knowledge base's constants only.
 */
import { z } from 'zod';
import { httpUrl as httpUrlText, line, paragraph, token, whenValidSoFar } from '../../../platform/validation/text';
import { DOCUMENT_STATUSES, DOCUMENT_TYPES, VOCABULARY_KINDS } from './types';

export { DOCUMENT_STATUSES, DOCUMENT_TYPES, VOCABULARY_KINDS };

const isoDate = z.iso.date();
const uuid = z.uuid();
const language = token(5, /^[a-z]{2}(-[A-Z]{2})?$/);
const httpUrl = httpUrlText(2000);
const service = line(200);
const title = line(300);
// Markdown: tabs and line breaks are part of it.
const documentBody = paragraph(2_000_000);

// Responses ----------------------------------------------------------------------------------

export const documentSchema = z.object({
  id: z.string(),
  title: z.string(),
  type: z.enum(DOCUMENT_TYPES),
  service: z.string().nullable(),
  language: z.string(),
  status: z.enum(DOCUMENT_STATUSES),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  sourceUrl: z.string().nullable(),
  demo: z.boolean(),
  currentVersionId: z.string().nullable(),
  contentHash: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string(),
  validatedBy: z.string().nullable(),
  validatedAt: z.string().nullable(),
});

export const versionSummarySchema = z.object({
  id: z.string(),
  version: z.number(),
  title: z.string(),
  sourceFormat: z.string(),
  originalFilename: z.string().nullable(),
  contentHash: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  length: z.number(),
});

export const documentDetailSchema = documentSchema.extend({ body: z.string(), versions: z.array(versionSummarySchema) });
export const documentUpdatedSchema = documentDetailSchema.extend({ newVersion: z.boolean() });
export const documentPageSchema = z.object({ items: z.array(documentSchema), total: z.number(), page: z.number(), pageSize: z.number() });
export const versionSchema = versionSummarySchema.omit({ length: true }).extend({ documentId: z.string(), body: z.string() });

export const vocabularySchema = z.object({
  id: z.string(),
  term: z.string(),
  expansions: z.array(z.string()),
  kind: z.enum(VOCABULARY_KINDS),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const vocabularyListSchema = z.object({ items: z.array(vocabularySchema) });

export const jobAcceptedSchema = z.object({ jobId: z.number(), status: z.string() });
export const uploadAcceptedSchema = jobAcceptedSchema.extend({ uploadId: z.string() });
export const importAcceptedSchema = jobAcceptedSchema.extend({ documents: z.number() });

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;

export const jobSchema = z.object({
  id: z.number(),
  kind: z.string(),
  status: z.enum(JOB_STATUSES),
  /** As the job reports it: `{ done, total }` for most. */
  progress: z.unknown(),
  /** What the job did (counts), when it succeeded. */
  result: z.unknown(),
  /** Why it failed: a problem code and the job's own detail (in French). */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  attempts: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export const jobListSchema = z.object({ jobs: z.array(jobSchema) });

/** What an upload may be, for the import page to say before anyone picks a file. */
export const UPLOAD_FORMATS = ['pdf', 'docx', 'html', 'markdown', 'text'] as const;
export const uploadPolicySchema = z.object({
  /** The largest file accepted, in bytes (`BEFFROI_UPLOAD_LIMIT`). */
  maxBytes: z.number().int(),
  /** The kinds of document read, by their content (a file's name only tells text formats apart). */
  formats: z.array(z.enum(UPLOAD_FORMATS)),
});

/** A validated document as the assistant cites it (the source viewer). */
export const citedDocumentSchema = z.object({
  id: z.string(),
  versionId: z.string(),
  title: z.string(),
  body: z.string(),
  sourceUrl: z.string().nullable(),
  type: z.enum(DOCUMENT_TYPES),
  service: z.string().nullable(),
  updatedAt: z.string(),
  demo: z.boolean(),
});

// Requests -----------------------------------------------------------------------------------

const withValidity = <T extends z.ZodType<{ validFrom?: string | null; validUntil?: string | null }>>(s: T) =>
  s.refine((d) => !d.validFrom || !d.validUntil || d.validFrom <= d.validUntil, {
    message: 'validUntil must not precede validFrom',
    params: { code: 'knowledge.invalid_validity' },
    path: ['validUntil'],
    // Two dates are compared only once each is a date.
    ...whenValidSoFar,
  });

export const documentsQuery = z.strictObject({
  status: z.enum(DOCUMENT_STATUSES).optional(),
  type: z.enum(DOCUMENT_TYPES).optional(),
  // Empty means no filter, as before.
  service: line(200, { min: 0 }).optional(),
  q: line(200).optional(),
  demo: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const createDocumentBody = withValidity(
  z.strictObject({
    title,
    body: documentBody,
    type: z.enum(DOCUMENT_TYPES),
    service: service.nullable().default(null),
    status: z.enum(['draft', 'validated']).default('draft'),
    validFrom: isoDate.nullable().default(null),
    validUntil: isoDate.nullable().default(null),
    sourceUrl: httpUrl.nullable().default(null),
    language: language.default('fr'),
  }),
);

export const updateDocumentBody = withValidity(
  z
    .strictObject({
      title,
      body: documentBody,
      type: z.enum(DOCUMENT_TYPES),
      service: service.nullable(),
      validFrom: isoDate.nullable(),
      validUntil: isoDate.nullable(),
      sourceUrl: httpUrl.nullable(),
      language,
    })
    .partial(),
);

/** The fields sent with an uploaded file (multipart): checked by the route itself. */
export const uploadFields = withValidity(
  z.strictObject({
    title: title.optional(),
    type: z.enum(DOCUMENT_TYPES).default('page'),
    service: service.optional(),
    status: z.enum(['draft', 'validated']).default('draft'),
    validFrom: isoDate.optional(),
    validUntil: isoDate.optional(),
    sourceUrl: httpUrl.optional(),
    language: language.default('fr'),
    documentId: uuid.optional(),
  }),
);

/** One document of a bulk JSON import. */
export const importItemSchema = z
  .strictObject({
    title: line(300),
    body: paragraph(2_000_000),
    type: z.enum(DOCUMENT_TYPES),
    service: line(200).nullish(),
    sourceUrl: httpUrl.nullish(),
    validFrom: isoDate.nullish(),
    validUntil: isoDate.nullish(),
    language: language.default('fr'),
  })
  .refine((d) => !d.validFrom || !d.validUntil || d.validFrom <= d.validUntil, {
    message: 'validUntil must not precede validFrom',
    path: ['validUntil'],
    ...whenValidSoFar,
  });

export const importBody = z.union([
  z.array(importItemSchema).min(1).max(5000),
  z.strictObject({ status: z.enum(['draft', 'validated']).default('draft'), documents: z.array(importItemSchema).min(1).max(5000) }),
]);

export const crawlBody = z.strictObject({
  url: httpUrl,
  mode: z.enum(['sitemap', 'crawl']).default('crawl'),
  maxPages: z.number().int().min(1).max(5000).default(100),
  maxDepth: z.number().int().min(0).max(10).default(3),
  status: z.enum(['draft', 'validated']).default('draft'),
  service: service.nullable().default(null),
});

export const jobsQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });
export const jobParams = z.strictObject({ id: z.coerce.number().int().positive() });
export const idParams = z.strictObject({ id: uuid });
export const versionParams = z.strictObject({ id: uuid, versionId: uuid });
export const citedDocumentQuery = z.strictObject({ version: uuid.optional() });

export const vocabularyBody = z.strictObject({
  term: line(100),
  expansions: z.array(line(200)).min(1).max(50),
  kind: z.enum(VOCABULARY_KINDS),
});

export type DocumentType = (typeof DOCUMENT_TYPES)[number];
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
export type VocabularyKind = (typeof VOCABULARY_KINDS)[number];
export type AdminDocument = z.infer<typeof documentSchema>;
export type VersionSummary = z.infer<typeof versionSummarySchema>;
export type AdminDocumentDetail = z.infer<typeof documentDetailSchema>;
export type AdminDocumentUpdated = z.infer<typeof documentUpdatedSchema>;
export type DocumentPage = z.infer<typeof documentPageSchema>;
export type DocumentVersion = z.infer<typeof versionSchema>;
export type VocabularyEntry = z.infer<typeof vocabularySchema>;
export type VocabularyList = z.infer<typeof vocabularyListSchema>;
export type JobAccepted = z.infer<typeof jobAcceptedSchema>;
export type UploadAccepted = z.infer<typeof uploadAcceptedSchema>;
export type ImportAccepted = z.infer<typeof importAcceptedSchema>;
export type JobStatus = (typeof JOB_STATUSES)[number];
export type Job = z.infer<typeof jobSchema>;
export type JobList = z.infer<typeof jobListSchema>;
export type CitedDocument = z.infer<typeof citedDocumentSchema>;
export type UploadFormat = (typeof UPLOAD_FORMATS)[number];
export type UploadPolicy = z.infer<typeof uploadPolicySchema>;
export type CreateDocumentBody = z.input<typeof createDocumentBody>;
export type UpdateDocumentBody = z.input<typeof updateDocumentBody>;
export type ImportBody = z.input<typeof importBody>;
export type CrawlBody = z.input<typeof crawlBody>;
export type VocabularyBody = z.input<typeof vocabularyBody>;
