/**
 * Tables of the budget part: budget documents (a budget voted or the accounts of one year of one
 * budget, identified by its SIRET), each with its lines and the validation report of its import.
 * Amounts are cents.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import type { BudgetIssue } from './model';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const budgetDocuments = pgTable(
  'communication_budget_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siret: text('siret').notNull(),
    entityName: text('entity_name').notNull(),
    year: integer('year').notNull(),
    /** BP, BS, DM or CA. */
    kind: text('kind', { enum: ['BP', 'BS', 'DM', 'CA'] }).notNull(),
    nomenclature: text('nomenclature'),
    format: text('format', { enum: ['totem', 'scdl'] }).notNull(),
    filename: text('filename').notNull(),
    /** Population the document states (TOTEM PopTot). */
    documentPopulation: integer('document_population'),
    /** Population an agent entered (wins over the document's). */
    population: integer('population'),
    deviations: jsonb('deviations').$type<BudgetIssue[]>().notNull().default([]),
    linesRead: integer('lines_read').notNull(),
    published: boolean('published').notNull().default(false),
    publishedAt: timestamptz('published_at'),
    demo: boolean('demo').notNull().default(false),
    importedBy: text('imported_by'),
    importedAt: timestamptz('imported_at').notNull().defaultNow(),
  },
  (t) => [
    unique('communication_budget_documents_one').on(t.siret, t.year, t.kind),
    check('communication_budget_documents_kind', sql`${t.kind} in ('BP', 'BS', 'DM', 'CA')`),
    check('communication_budget_documents_population', sql`${t.population} is null or ${t.population} > 0`),
  ],
);

export const budgetLines = pgTable(
  'communication_budget_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => budgetDocuments.id, { onDelete: 'cascade' }),
    /** Line of the file (CSV) or of the element (XML). */
    ref: integer('ref').notNull(),
    section: text('section', { enum: ['F', 'I'] }).notNull(),
    direction: text('direction', { enum: ['R', 'D'] }).notNull(),
    real: boolean('real').notNull(),
    chapter: text('chapter'),
    chapterLabel: text('chapter_label'),
    nature: text('nature').notNull(),
    natureLabel: text('nature_label'),
    fonction: text('fonction'),
    fonctionLabel: text('fonction_label'),
    operation: text('operation'),
    planned: bigint('planned', { mode: 'number' }),
    realised: bigint('realised', { mode: 'number' }),
    open: bigint('open', { mode: 'number' }),
  },
  (t) => [index('communication_budget_lines_document').on(t.documentId)],
);
