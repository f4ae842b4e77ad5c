import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Random secrets this installation generated for itself at first start (keys for hashing
 * identifiers, …). They live with the data, so a backup restores them with what they protect.
 */
export const instanceSecrets = pgTable('instance_secrets', {
  name: text('name').primaryKey(),
  /** 32 random bytes, base64url. */
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
