import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** One row per module whose demo seed has run: written in the seed's own transaction. */
export const moduleSeeds = pgTable('module_seeds', {
  module: text('module').primaryKey(),
  seededAt: timestamp('seeded_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
