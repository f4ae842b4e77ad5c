import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../audit/schema';
import { verifyAuditChain } from '../audit/service';
import { openDatabase, type Database } from '../db/client';
import { openTestDatabase } from '../testing/db';
import { instanceSecrets } from './schema';
import { deriveKey, ensureInstanceSecret, INSTANCE_SECRET } from './service';

describe('instance secret', () => {
  let database: Database & { url?: string };
  beforeAll(async () => {
    database = await openTestDatabase();
  }, 120_000);
  afterAll(() => database?.close());

  it('is created once, from 32 random bytes, even when several starts race; its value is never audited', async () => {
    // On PostgreSQL a second pool stands for a second process starting at the same moment.
    const other = database.url ? await openDatabase({ kind: 'postgres', url: database.url }) : null;
    try {
      const handles = [database.db, other?.db ?? database.db];
      const secrets = await Promise.all(Array.from({ length: 6 }, (_, i) => ensureInstanceSecret(handles[i % 2]!)));
      expect(secrets[0]).toHaveLength(32);
      for (const s of secrets) expect(s.equals(secrets[0]!)).toBe(true);
    } finally {
      await other?.close();
    }
    const rows = await database.db.select().from(instanceSecrets);
    expect(rows).toHaveLength(1);
    expect(Buffer.from(rows[0]!.value, 'base64url').equals((await ensureInstanceSecret(database.db))!)).toBe(true);

    const events = await database.db.select().from(auditEvents).where(eq(auditEvents.action, 'platform.instance_secret_created'));
    expect(events).toHaveLength(1);
    expect(events[0]!.subjectId).toBe(INSTANCE_SECRET);
    expect(JSON.stringify(events)).not.toContain(rows[0]!.value);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it('derives distinct keys per purpose', () => {
    const secret = Buffer.alloc(32, 7);
    expect(deriveKey(secret, 'a').equals(deriveKey(secret, 'a'))).toBe(true);
    expect(deriveKey(secret, 'a').equals(deriveKey(secret, 'b'))).toBe(false);
    expect(deriveKey(Buffer.alloc(32, 8), 'a').equals(deriveKey(secret, 'a'))).toBe(false);
  });
});
