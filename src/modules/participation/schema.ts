/**
 * The participation module's tables (migration drizzle/0012_participation.sql). Participants and
 * statements carry a number per consultation, as Pol.is's open data does (`participant`,
 * `comment-id`), so that a conversation can be imported and exported without loss.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

import { CONSULTATION_PHASES, FLAG_REASONS, ITEM_STATUSES, MODERATION_MODES, MODERATION_REASONS } from './api-schemas';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export { CONSULTATION_PHASES, FLAG_REASONS, ITEM_STATUSES, MODERATION_MODES, MODERATION_REASONS } from './api-schemas';
export type { ConsultationPhase, FlagReason, ItemStatus, ModerationMode, ModerationReason } from './api-schemas';

export const participationConsultations = pgTable(
  'participation_consultations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    question: text('question').notNull(),
    /** Markdown, rendered by the portal. */
    description: text('description').notNull().default(''),
    phase: text('phase', { enum: CONSULTATION_PHASES }).notNull().default('draft'),
    /** The dates announced; the phase changes only when someone changes it. */
    opensAt: timestamptz('opens_at'),
    closesAt: timestamptz('closes_at'),
    openedAt: timestamptz('opened_at'),
    closedAt: timestamptz('closed_at'),
    synthesisPublishedAt: timestamptz('synthesis_published_at'),
    /** The territory module's zoning the districts come from (null: the served territory's district zoning). */
    districtZoning: text('district_zoning'),
    /** Zone codes of that zoning the consultation concerns; empty: the whole territory. */
    scopeZoneCodes: jsonb('scope_zone_codes').$type<string[]>().notNull().default([]),
    moderationMode: text('moderation_mode', { enum: MODERATION_MODES }).notNull().default('before'),
    usesStatements: boolean('uses_statements').notNull().default(true),
    usesContributions: boolean('uses_contributions').notNull().default(true),
    /** Residents may propose statements (moderated). */
    participantStatements: boolean('participant_statements').notNull().default(true),
    /** Reserved for the citizens' assembly (module `assemblies`) that deliberates on this consultation. */
    assemblyId: uuid('assembly_id'),
    /** Holds data imported from Pol.is's open data: its CC BY 4.0 attribution goes with every view and export. */
    polisAttribution: boolean('polis_attribution').notNull().default(false),
    nextParticipantNumber: integer('next_participant_number').notNull().default(0),
    nextStatementNumber: integer('next_statement_number').notNull().default(0),
    nextContributionNumber: integer('next_contribution_number').notNull().default(0),
    demo: boolean('demo').notNull().default(false),
    createdBy: text('created_by'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('participation_consultations_phase_idx').on(t.phase, t.createdAt),
    check('participation_consultations_phase_known', sql`${t.phase} in ('draft', 'open', 'closed', 'synthesis_published')`),
    check('participation_consultations_moderation_known', sql`${t.moderationMode} in ('before', 'after')`),
    check('participation_consultations_some_form', sql`${t.usesStatements} OR ${t.usesContributions}`),
  ],
);

/**
 * A pseudonymous participant of one consultation. `token_hash` is a keyed hash of the browser's
 * cookie token and the consultation's id: the same browser's rows in two consultations cannot be
 * linked without the token. The e-mail, when given, is sealed; `email_key` (keyed hash) keeps one
 * confirmed participant per address and consultation.
 */
export const participationParticipants = pgTable(
  'participation_participants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    consultationId: uuid('consultation_id')
      .notNull()
      .references(() => participationConsultations.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    origin: text('origin', { enum: ['resident', 'polis', 'seed'] }).notNull().default('resident'),
    tokenHash: text('token_hash'),
    emailSealed: text('email_sealed'),
    emailKey: text('email_key'),
    emailConfirmedAt: timestamptz('email_confirmed_at'),
    emailConfirmationHash: text('email_confirmation_hash'),
    /** The confirmation token, sealed, until the mail job has sent it. */
    emailConfirmationSealed: text('email_confirmation_sealed'),
    emailConfirmationExpiresAt: timestamptz('email_confirmation_expires_at'),
    district: text('district'),
    ageBand: text('age_band'),
    declaredAt: timestamptz('declared_at'),
    xid: text('xid'),
    polisGroupId: integer('polis_group_id'),
    sourcePosition: integer('source_position'),
    sourceExtra: jsonb('source_extra').$type<Record<string, string>>(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('participation_participants_number_unique').on(t.consultationId, t.number),
    unique('participation_participants_token_unique').on(t.consultationId, t.tokenHash),
    unique('participation_participants_email_unique').on(t.consultationId, t.emailKey),
    index('participation_participants_consultation_idx').on(t.consultationId, t.createdAt),
    check('participation_participants_origin_known', sql`${t.origin} in ('resident', 'polis', 'seed')`),
  ],
);

export const participationImports = pgTable(
  'participation_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    consultationId: uuid('consultation_id')
      .notNull()
      .references(() => participationConsultations.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['polis', 'survey', 'interview'] }).notNull(),
    filename: text('filename').notNull(),
    format: text('format').notNull(),
    report: jsonb('report').notNull(),
    /** Pol.is: each file's header as it was, so that an export writes the same columns in the same order. */
    polisFiles: jsonb('polis_files'),
    /** Interviews: the transcript's text, which the contributions' offsets point into. */
    sourceText: text('source_text'),
    createdBy: text('created_by'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('participation_imports_consultation_idx').on(t.consultationId, t.createdAt),
    check('participation_imports_kind_known', sql`${t.kind} in ('polis', 'survey', 'interview')`),
  ],
);

/** Short texts residents vote on. `text` is what is published (personal data masked); `original_text` is for moderators only. */
export const participationStatements = pgTable(
  'participation_statements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    consultationId: uuid('consultation_id')
      .notNull()
      .references(() => participationConsultations.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    authorParticipantId: uuid('author_participant_id').references(() => participationParticipants.id, { onDelete: 'set null' }),
    origin: text('origin', { enum: ['staff', 'resident', 'polis', 'seed'] }).notNull(),
    text: text('text').notNull(),
    originalText: text('original_text'),
    redactions: jsonb('redactions').$type<{ kind: string; start: number; end: number }[]>().notNull().default([]),
    status: text('status', { enum: ITEM_STATUSES }).notNull().default('pending'),
    isMeta: boolean('is_meta').notNull().default(false),
    moderationReason: text('moderation_reason', { enum: MODERATION_REASONS }),
    moderationNote: text('moderation_note'),
    moderatedBy: text('moderated_by'),
    moderatedAt: timestamptz('moderated_at'),
    fingerprint: text('fingerprint').notNull(),
    shingleBands: text('shingle_bands').array().notNull().default(sql`'{}'::text[]`),
    addressKey: text('address_key'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    sourceDatetime: text('source_datetime'),
    sourcePosition: integer('source_position'),
    sourceExtra: jsonb('source_extra').$type<Record<string, string>>(),
    /** Pol.is's exported counts need not match its votes: the difference, so that an export gives them back. */
    polisAgreesOffset: integer('polis_agrees_offset').notNull().default(0),
    polisDisagreesOffset: integer('polis_disagrees_offset').notNull().default(0),
  },
  (t) => [
    unique('participation_statements_number_unique').on(t.consultationId, t.number),
    index('participation_statements_consultation_idx').on(t.consultationId, t.status),
    index('participation_statements_bands_idx').using('gin', t.shingleBands),
    index('participation_statements_fingerprint_idx').on(t.consultationId, t.fingerprint),
    index('participation_statements_author_idx').on(t.authorParticipantId),
    index('participation_statements_moderated_idx').on(t.moderatedAt).where(sql`${t.originalText} IS NOT NULL`),
    check('participation_statements_origin_known', sql`${t.origin} in ('staff', 'resident', 'polis', 'seed')`),
    check('participation_statements_status_known', sql`${t.status} in ('pending', 'accepted', 'rejected')`),
    check(
      'participation_statements_reason_known',
      sql`${t.moderationReason} IS NULL OR ${t.moderationReason} in ('abuse', 'spam', 'personal_data', 'off_topic', 'duplicate', 'other')`,
    ),
  ],
);

/** Free-text contributions (a resident's, or imported from a survey or an interview with their source and position). */
export const participationContributions = pgTable(
  'participation_contributions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    consultationId: uuid('consultation_id')
      .notNull()
      .references(() => participationConsultations.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    participantId: uuid('participant_id').references(() => participationParticipants.id, { onDelete: 'set null' }),
    origin: text('origin', { enum: ['resident', 'survey', 'interview', 'staff', 'seed'] }).notNull(),
    text: text('text').notNull(),
    originalText: text('original_text'),
    redactions: jsonb('redactions').$type<{ kind: string; start: number; end: number }[]>().notNull().default([]),
    status: text('status', { enum: ITEM_STATUSES }).notNull().default('pending'),
    moderationReason: text('moderation_reason', { enum: MODERATION_REASONS }),
    moderationNote: text('moderation_note'),
    moderatedBy: text('moderated_by'),
    moderatedAt: timestamptz('moderated_at'),
    fingerprint: text('fingerprint').notNull(),
    shingleBands: text('shingle_bands').array().notNull().default(sql`'{}'::text[]`),
    addressKey: text('address_key'),
    /** Declared with an imported row (a survey's district column); a resident's come from their participant. */
    district: text('district'),
    ageBand: text('age_band'),
    importId: uuid('import_id').references(() => participationImports.id, { onDelete: 'set null' }),
    /** Where an imported contribution comes from: file, sheet, line and column, or offsets in a transcript. */
    sourceRef: jsonb('source_ref'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('participation_contributions_number_unique').on(t.consultationId, t.number),
    index('participation_contributions_consultation_idx').on(t.consultationId, t.status),
    index('participation_contributions_bands_idx').using('gin', t.shingleBands),
    index('participation_contributions_participant_idx').on(t.participantId),
    index('participation_contributions_address_idx').on(t.consultationId, t.addressKey, t.createdAt),
    index('participation_contributions_import_idx').on(t.importId),
    index('participation_contributions_moderated_idx').on(t.moderatedAt).where(sql`${t.originalText} IS NOT NULL`),
    check('participation_contributions_origin_known', sql`${t.origin} in ('resident', 'survey', 'interview', 'staff', 'seed')`),
    check('participation_contributions_status_known', sql`${t.status} in ('pending', 'accepted', 'rejected')`),
    check(
      'participation_contributions_reason_known',
      sql`${t.moderationReason} IS NULL OR ${t.moderationReason} in ('abuse', 'spam', 'personal_data', 'off_topic', 'duplicate', 'other')`,
    ),
  ],
);

/** A participant's report of a published item (abuse, spam, personal data), for the moderation queue. */
export const participationFlags = pgTable(
  'participation_flags',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    consultationId: uuid('consultation_id')
      .notNull()
      .references(() => participationConsultations.id, { onDelete: 'cascade' }),
    itemType: text('item_type', { enum: ['statement', 'contribution'] }).notNull(),
    itemId: uuid('item_id').notNull(),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participationParticipants.id, { onDelete: 'cascade' }),
    reason: text('reason', { enum: FLAG_REASONS }).notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    resolvedAt: timestamptz('resolved_at'),
  },
  (t) => [
    unique('participation_flags_once').on(t.itemId, t.participantId),
    index('participation_flags_item_idx').on(t.consultationId, t.itemId),
    check('participation_flags_item_known', sql`${t.itemType} in ('statement', 'contribution')`),
    check('participation_flags_reason_known', sql`${t.reason} in ('abuse', 'spam', 'personal_data')`),
  ],
);

/** The vote that counts, one per participant and statement (1 agree, -1 disagree, 0 pass). */
export const participationVotes = pgTable(
  'participation_votes',
  {
    consultationId: uuid('consultation_id')
      .notNull()
      .references(() => participationConsultations.id, { onDelete: 'cascade' }),
    statementId: uuid('statement_id')
      .notNull()
      .references(() => participationStatements.id, { onDelete: 'cascade' }),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participationParticipants.id, { onDelete: 'cascade' }),
    value: smallint('value').notNull(),
    votedAt: timestamptz('voted_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'participation_votes_pk', columns: [t.statementId, t.participantId] }),
    index('participation_votes_consultation_idx').on(t.consultationId),
    index('participation_votes_participant_idx').on(t.participantId),
    check('participation_votes_value_known', sql`${t.value} in (-1, 0, 1)`),
  ],
);

/** Every vote cast, a changed vote once per change, in order (Pol.is's `votes.csv`). */
export const participationVoteEvents = pgTable(
  'participation_vote_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    consultationId: uuid('consultation_id')
      .notNull()
      .references(() => participationConsultations.id, { onDelete: 'cascade' }),
    statementId: uuid('statement_id')
      .notNull()
      .references(() => participationStatements.id, { onDelete: 'cascade' }),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participationParticipants.id, { onDelete: 'cascade' }),
    value: smallint('value').notNull(),
    votedAt: timestamptz('voted_at').notNull().defaultNow(),
    sourceDatetime: text('source_datetime'),
    sourceExtra: jsonb('source_extra').$type<Record<string, string>>(),
  },
  (t) => [
    index('participation_vote_events_consultation_idx').on(t.consultationId, t.id),
    index('participation_vote_events_statement_idx').on(t.statementId),
    index('participation_vote_events_participant_idx').on(t.participantId),
    check('participation_vote_events_value_known', sql`${t.value} in (-1, 0, 1)`),
  ],
);

/** The latest opinion-group computation of a consultation, with the state that seeds the next one. */
export const participationOpinionGroups = pgTable('participation_opinion_groups', {
  consultationId: uuid('consultation_id')
    .primaryKey()
    .references(() => participationConsultations.id, { onDelete: 'cascade' }),
  version: integer('version').notNull().default(1),
  computedAt: timestamptz('computed_at').notNull().defaultNow(),
  /** The last vote event the computation saw: a later one means the groups are due again. */
  lastVoteEventId: bigint('last_vote_event_id', { mode: 'number' }).notNull().default(0),
  votesCounted: integer('votes_counted').notNull(),
  participantsCounted: integer('participants_counted').notNull(),
  result: jsonb('result').notNull(),
  state: jsonb('state').notNull(),
  /** Statement number → routing priority, for choosing the next statement without reading the whole result. */
  priorities: jsonb('priorities').$type<Record<string, number>>().notNull(),
});

/** The synthesis being worked on (`synthesis`) and the one published (`published`), both plain JSON of the synthesis core. */
export const participationSyntheses = pgTable('participation_syntheses', {
  consultationId: uuid('consultation_id')
    .primaryKey()
    .references(() => participationConsultations.id, { onDelete: 'cascade' }),
  synthesis: jsonb('synthesis').notNull(),
  machineRunAt: timestamptz('machine_run_at').notNull(),
  runs: integer('runs').notNull().default(1),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  published: jsonb('published'),
  publishedAt: timestamptz('published_at'),
  publishedBy: text('published_by'),
  /** What people changed since the machine's last run, in order (each change is also in the audit log). */
  edits: jsonb('edits').$type<{ at: string; action: string; description: { fr: string; en: string }; by: string | null }[]>().notNull().default([]),
});

/** Submission counters per participant or address (keyed hashes) and window: shared by every process. */
export const participationRateCounters = pgTable(
  'participation_rate_counters',
  {
    key: text('key').notNull(),
    windowStart: timestamptz('window_start').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ name: 'participation_rate_counters_pk', columns: [t.key, t.windowStart] }), index('participation_rate_counters_window_idx').on(t.windowStart)],
);
