/**
 * Tables of the acts part: council sessions, their acts (deliberations, minutes, decisions, arrêtés)
 * with the text as extracted and its summary computed once, and the original files kept as received
 * (bytes and SHA-256). A published act is never deleted: a correction is a new act (an erratum).
 */
import { sql } from 'drizzle-orm';
import { boolean, check, customType, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ActSummary } from './summarize';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

export const ACT_KINDS = ['deliberation', 'minutes', 'decision', 'arrete'] as const;
export type ActKind = (typeof ACT_KINDS)[number];
export const ACT_OUTCOMES = ['adopted', 'rejected'] as const;
export type ActOutcome = (typeof ACT_OUTCOMES)[number];
/** `ok`: a text to summarise; `needs_ocr`: a PDF without a text layer (kept, listed, not summarised); `none`: a row of an SCDL table, no file. */
export const TEXT_STATUSES = ['ok', 'needs_ocr', 'none'] as const;
export type TextStatus = (typeof TEXT_STATUSES)[number];

export const communicationSessions = pgTable(
  'communication_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    date: date('date', { mode: 'string' }).notNull(),
    body: text('body').notNull(),
    place: text('place').notNull().default(''),
    demo: boolean('demo').notNull().default(false),
    createdBy: text('created_by'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('communication_sessions_date_idx').on(t.date)],
);

/** The SCDL columns an imported table gave that the act has no field of its own for. */
export interface ScdlExtra {
  collNom?: string;
  collSiret?: string;
  matiereCode?: string;
  matiereNom?: string;
  budgetAnnee?: string;
  budgetNom?: string;
  prefId?: string;
  prefDate?: string;
  voteEffectif?: number;
  voteReel?: number;
  url?: string;
}

export const communicationActs = pgTable(
  'communication_acts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => communicationSessions.id, { onDelete: 'restrict' }),
    number: text('number').notNull().default(''),
    kind: text('kind', { enum: ACT_KINDS }).notNull().default('deliberation'),
    title: text('title').notNull(),
    topics: jsonb('topics').$type<string[]>().notNull().default([]),
    zones: jsonb('zones').$type<string[]>().notNull().default([]),
    outcome: text('outcome', { enum: ACT_OUTCOMES }),
    votesFor: integer('votes_for'),
    votesAgainst: integer('votes_against'),
    votesAbstention: integer('votes_abstention'),
    unanimous: boolean('unanimous').notNull().default(false),
    status: text('status', { enum: ['draft', 'published'] }).notNull().default('draft'),
    publishedAt: timestamptz('published_at'),
    /** The text as extracted from the file (offsets of the summary's sentences point into it). */
    text: text('text').notNull().default(''),
    textStatus: text('text_status', { enum: TEXT_STATUSES }).notNull(),
    summary: jsonb('summary').$type<ActSummary>(),
    source: text('source', { enum: ['upload', 'scdl', 'demo'] }).notNull(),
    scdl: jsonb('scdl').$type<ScdlExtra>().notNull().default({}),
    filename: text('filename'),
    mimetype: text('mimetype'),
    fileSize: integer('file_size'),
    fileSha256: text('file_sha256'),
    /** The assistant's knowledge-base document of the act (on publication). */
    knowledgeDocumentId: uuid('knowledge_document_id'),
    demo: boolean('demo').notNull().default(false),
    createdBy: text('created_by'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('communication_acts_session_idx').on(t.sessionId),
    index('communication_acts_published_idx').on(t.status, t.publishedAt),
    check('communication_acts_kind_known', sql`${t.kind} in ('deliberation', 'minutes', 'decision', 'arrete')`),
    check('communication_acts_status_known', sql`${t.status} in ('draft', 'published')`),
    check('communication_acts_outcome_known', sql`${t.outcome} is null or ${t.outcome} in ('adopted', 'rejected')`),
    check('communication_acts_published_at', sql`(${t.status} = 'published') = (${t.publishedAt} is not null)`),
  ],
);

/** The original file of an act, byte for byte, as received (downloadable as is). */
export const communicationActFiles = pgTable('communication_act_files', {
  actId: uuid('act_id')
    .primaryKey()
    .references(() => communicationActs.id, { onDelete: 'restrict' }),
  bytes: bytea('bytes').notNull(),
});

export type SessionRow = typeof communicationSessions.$inferSelect;
export type ActRow = typeof communicationActs.$inferSelect;
