import { sql } from 'drizzle-orm';
import { check, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Which key this database's sealed values and keyed hashes depend on. The key itself lives outside
 * the database (a key file in BEFFROI_KEYS_DIR, or BEFFROI_SECRET), so that a copy of the database
 * alone opens nothing; the row keeps only its fingerprint, so that a start with a lost or different
 * key is refused rather than silently sealing with a new one.
 */
export const instanceSecrets = pgTable(
  'instance_secrets',
  {
    name: text('name').primaryKey(),
    /**
     * Only in databases from before keys left the database (and their backups): 32 random bytes,
     * base64url. Moved to the key file at the first start, then emptied.
     */
    value: text('value'),
    /** HMAC of a fixed label under the key (`instanceKeyFingerprint`): identifies the key, reveals nothing of it. */
    fingerprint: text('fingerprint'),
    /** Where the key comes from: `file` (BEFFROI_KEYS_DIR) or `env` (BEFFROI_SECRET). */
    source: text('source'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check('instance_secrets_value_or_fingerprint', sql`${t.value} IS NOT NULL OR ${t.fingerprint} IS NOT NULL`),
    check('instance_secrets_source_known', sql`${t.source} IS NULL OR ${t.source} in ('file', 'env')`),
  ],
);
