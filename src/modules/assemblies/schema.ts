/**
 * The assemblies module's tables (migration drizzle/0015_assemblies.sql): assemblies with their
 * quotas, their pool of volunteers (personal data, organisers only, anonymised at the assembly's
 * deletion date), the distributions computed for them, the public draw and the replacements.
 * No table references itself, so that a restore inserts tables in dependency order.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, date, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import type { AssemblyStatus, DistributionAlgorithm, QuotaInput, SelectionStats } from './api-schemas';
import type { DrawAnnouncement, DrawRecord, OptimalityCertificate, PublishedDistribution } from './selection/index';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const assemblies = pgTable(
  'assemblies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    panelSize: integer('panel_size').notNull(),
    quotas: jsonb('quotas').$type<QuotaInput[]>().notNull().default([]),
    onePerHousehold: boolean('one_per_household').notNull().default(false),
    /** The objective of the distribution drawn from: LEXIMIN (default) or MAXIMIN. */
    algorithm: text('algorithm', { enum: ['leximin', 'maximin'] }).notNull().default('leximin'),
    status: text('status', { enum: ['draft', 'computed', 'published', 'drawn'] }).notNull().default('draft'),
    /** Volunteers' personal data is anonymised on this date (retention rule assemblies.volunteers). */
    deletionDate: date('deletion_date', { mode: 'string' }).notNull(),
    personalDataDeletedAt: timestamptz('personal_data_deleted_at'),
    demo: boolean('demo').notNull().default(false),
    createdBy: text('created_by'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('assemblies_status_known', sql`${t.status} in ('draft', 'computed', 'published', 'drawn')`),
    check('assemblies_algorithm_known', sql`${t.algorithm} in ('leximin', 'maximin')`),
    check('assemblies_panel_size_positive', sql`${t.panelSize} > 0`),
  ],
);

/**
 * One volunteer of an assembly's pool. `pseudonym` is the only id the published files carry;
 * `external_id` (the id in the imported file), `address` and `personal` (the file's other columns:
 * name, contact…) are personal data, shown to organisers only and erased at the deletion date.
 */
export const assemblyVolunteers = pgTable(
  'assembly_volunteers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    assemblyId: uuid('assembly_id')
      .notNull()
      .references(() => assemblies.id, { onDelete: 'cascade' }),
    pseudonym: text('pseudonym').notNull(),
    externalId: text('external_id'),
    line: integer('line').notNull(),
    features: jsonb('features').$type<Record<string, string>>().notNull(),
    address: text('address'),
    personal: jsonb('personal').$type<Record<string, string>>(),
    status: text('status', { enum: ['pool', 'selected', 'dropped', 'replacement'] }).notNull().default('pool'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('assembly_volunteers_pseudonym_unique').on(t.assemblyId, t.pseudonym),
    unique('assembly_volunteers_external_id_unique').on(t.assemblyId, t.externalId),
    index('assembly_volunteers_assembly_idx').on(t.assemblyId, t.line),
    check('assembly_volunteers_status_known', sql`${t.status} in ('pool', 'selected', 'dropped', 'replacement')`),
  ],
);

/** A computed distribution, one per algorithm: LEGACY's has probabilities only (it is not drawn from). */
export const assemblyDistributions = pgTable(
  'assembly_distributions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    assemblyId: uuid('assembly_id')
      .notNull()
      .references(() => assemblies.id, { onDelete: 'cascade' }),
    algorithm: text('algorithm', { enum: ['leximin', 'maximin', 'legacy'] }).$type<DistributionAlgorithm>().notNull(),
    /** Selection probability per pseudonym. */
    probabilities: jsonb('probabilities').$type<Record<string, number>>().notNull(),
    minimum: doublePrecision('minimum').notNull(),
    gini: doublePrecision('gini').notNull(),
    certificate: jsonb('certificate').$type<OptimalityCertificate>(),
    /** The lottery in whole tickets, the file published before the draw. */
    published: jsonb('published').$type<PublishedDistribution>(),
    publishedSha256: text('published_sha256'),
    stats: jsonb('stats').$type<SelectionStats>().notNull(),
    computedBy: text('computed_by'),
    computedAt: timestamptz('computed_at').notNull().defaultNow(),
  },
  (t) => [
    unique('assembly_distributions_algorithm_unique').on(t.assemblyId, t.algorithm),
    check('assembly_distributions_algorithm_known', sql`${t.algorithm} in ('leximin', 'maximin', 'legacy')`),
  ],
);

/** The public draw: announced (distribution's SHA-256, commitment, public source), then drawn. */
export const assemblyDraws = pgTable(
  'assembly_draws',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    assemblyId: uuid('assembly_id')
      .notNull()
      .references(() => assemblies.id, { onDelete: 'cascade' }),
    distribution: jsonb('distribution').$type<PublishedDistribution>().notNull(),
    algorithm: text('algorithm', { enum: ['leximin', 'maximin'] }).notNull(),
    announcement: jsonb('announcement').$type<DrawAnnouncement>().notNull(),
    /** The secret seed and salt, sealed with the module's key until the draw reveals them. */
    secretSealed: text('secret_sealed'),
    announcedBy: text('announced_by'),
    announcedAt: timestamptz('announced_at').notNull().defaultNow(),
    record: jsonb('record').$type<DrawRecord>(),
    drawnBy: text('drawn_by'),
    drawnAt: timestamptz('drawn_at'),
  },
  (t) => [unique('assembly_draws_assembly_unique').on(t.assemblyId)],
);

/** Replacements for panel members who dropped out, drawn with a seed published with them. */
export const assemblyReplacements = pgTable(
  'assembly_replacements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    assemblyId: uuid('assembly_id')
      .notNull()
      .references(() => assemblies.id, { onDelete: 'cascade' }),
    dropouts: jsonb('dropouts').$type<string[]>().notNull(),
    replacements: jsonb('replacements').$type<string[]>().notNull(),
    panel: jsonb('panel').$type<string[]>().notNull(),
    seed: text('seed').notNull(),
    createdBy: text('created_by'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [index('assembly_replacements_assembly_idx').on(t.assemblyId, t.createdAt)],
);

export type AssemblyRow = typeof assemblies.$inferSelect;
export type VolunteerRow = typeof assemblyVolunteers.$inferSelect;
export type DistributionRow = typeof assemblyDistributions.$inferSelect;
export type DrawRow = typeof assemblyDraws.$inferSelect;
export type { AssemblyStatus };
