/**
 * Tables of the agenda part: events written by agents or imported from OpenAgenda (one row per
 * timing, keyed by `external_uid` for idempotent re-imports).
 */
import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const agendaEvents = pgTable(
  'communication_agenda_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    startsAt: timestamptz('starts_at').notNull(),
    endsAt: timestamptz('ends_at'),
    /** All day: starts_at is 00:00 Paris time of the first day, ends_at 00:00 of the day after the last. */
    allDay: boolean('all_day').notNull().default(false),
    place: text('place'),
    address: text('address'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    /** Topic ids (`topics.ts`). */
    topics: jsonb('topics').$type<string[]>().notNull().default([]),
    /** Territory zones as `<zoning>:<code>`; empty: the whole commune. */
    zones: jsonb('zones').$type<string[]>().notNull().default([]),
    status: text('status', { enum: ['draft', 'published'] }).notNull().default('draft'),
    source: text('source', { enum: ['agent', 'openagenda'] }).notNull().default('agent'),
    /** OpenAgenda event uid (several rows when it has several timings). */
    sourceUid: text('source_uid'),
    externalUid: text('external_uid').unique(),
    sourceUrl: text('source_url'),
    demo: boolean('demo').notNull().default(false),
    createdBy: text('created_by'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    publishedAt: timestamptz('published_at'),
  },
  (t) => [
    index('communication_agenda_events_starts').on(t.startsAt),
    index('communication_agenda_events_source_uid').on(t.sourceUid),
    check('communication_agenda_events_status', sql`${t.status} in ('draft', 'published')`),
    check('communication_agenda_events_end', sql`${t.endsAt} is null or ${t.endsAt} >= ${t.startsAt}`),
  ],
);
