import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { DOCUMENT_STATUSES, DOCUMENT_TYPES, SOURCE_FORMATS, VOCABULARY_KINDS } from './types';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A document of the commune's knowledge base. Its text lives in versions; only the
 * current version's passages exist, and only validated documents are searchable.
 */
export const assistantDocuments = pgTable(
  'assistant_documents',
  {
    id: uuid('id').primaryKey(),
    title: text('title').notNull(),
    type: text('type', { enum: DOCUMENT_TYPES }).notNull(),
    service: text('service'),
    language: text('language').notNull().default('fr'),
    status: text('status', { enum: DOCUMENT_STATUSES }).notNull().default('draft'),
    validFrom: date('valid_from', { mode: 'string' }),
    validUntil: date('valid_until', { mode: 'string' }),
    sourceUrl: text('source_url'),
    demo: boolean('demo').notNull().default(false),
    currentVersionId: uuid('current_version_id'),
    contentHash: text('content_hash'),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedBy: text('updated_by'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    validatedBy: text('validated_by'),
    validatedAt: ts('validated_at'),
  },
  (t) => [
    index('assistant_documents_status_idx').on(t.status, t.updatedAt),
    index('assistant_documents_source_url_idx').on(t.sourceUrl),
    index('assistant_documents_hash_idx').on(t.contentHash),
    check('assistant_documents_validity_chk', sql`${t.validFrom} IS NULL OR ${t.validUntil} IS NULL OR ${t.validFrom} <= ${t.validUntil}`),
  ],
);

export const assistantDocumentVersions = pgTable(
  'assistant_document_versions',
  {
    id: uuid('id').primaryKey(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => assistantDocuments.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    /** The extracted text (Markdown-like), the reference for every passage offset. */
    body: text('body').notNull(),
    sourceFormat: text('source_format', { enum: SOURCE_FORMATS }).notNull(),
    originalFilename: text('original_filename'),
    /** sha256 of the body. */
    contentHash: text('content_hash').notNull(),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('assistant_document_versions_doc_version_uq').on(t.documentId, t.version)],
);

export const assistantPassages = pgTable(
  'assistant_passages',
  {
    id: uuid('id').primaryKey(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => assistantDocuments.id, { onDelete: 'cascade' }),
    versionId: uuid('version_id')
      .notNull()
      .references(() => assistantDocumentVersions.id, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    heading: text('heading'),
    text: text('text').notNull(),
    start: integer('start').notNull(),
    end: integer('end').notNull(),
    /** The lexical index's analysed form of the passage (LexicalIndex.fromStored). */
    terms: jsonb('terms').notNull(),
  },
  (t) => [index('assistant_passages_document_idx').on(t.documentId, t.ordinal)],
);

export const assistantPassageEmbeddings = pgTable(
  'assistant_passage_embeddings',
  {
    passageId: uuid('passage_id')
      .notNull()
      .references(() => assistantPassages.id, { onDelete: 'cascade' }),
    model: text('model').notNull(),
    vector: real('vector').array().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.passageId, t.model] })],
);

export const assistantVocabulary = pgTable(
  'assistant_vocabulary',
  {
    id: uuid('id').primaryKey(),
    term: text('term').notNull(),
    expansions: text('expansions').array().notNull(),
    kind: text('kind', { enum: VOCABULARY_KINDS }).notNull(),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('assistant_vocabulary_term_uq').on(sql`lower(${t.term})`)],
);

/** One row: a counter bumped in every transaction that changes what retrieval sees. */
export const assistantIndexState = pgTable(
  'assistant_index_state',
  {
    id: integer('id').primaryKey().default(1),
    version: bigint('version', { mode: 'number' }).notNull().default(0),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [check('assistant_index_state_single_row', sql`${t.id} = 1`)],
);

/** Uploaded file bytes waiting for their ingestion job; deleted once ingested or rejected. */
export const assistantUploads = pgTable('assistant_uploads', {
  id: uuid('id').primaryKey(),
  filename: text('filename').notNull(),
  mediaType: text('media_type'),
  format: text('format', { enum: SOURCE_FORMATS }).notNull(),
  size: integer('size').notNull(),
  bytes: bytea('bytes').notNull(),
  createdBy: text('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});
