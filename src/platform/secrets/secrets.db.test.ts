import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../audit/schema';
import { verifyAuditChain } from '../audit/service';
import { openDatabase, type Database, type Db } from '../db/client';
import { openTestDatabase, testConfig } from '../testing/db';
import { instanceSecrets } from './schema';
import {
  bootstrapInstanceSecret,
  deriveKey,
  INSTANCE_SECRET,
  instanceKeyFingerprint,
  InstanceKeyError,
  instanceSecret,
  type InstanceKeyConfig,
} from './service';

describe('instance secret', () => {
  const folders: string[] = [];
  const databases: Database[] = [];
  const keysDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beffroi-keys-test-'));
    folders.push(dir);
    return path.join(dir, 'keys');
  };
  const freshDatabase = async () => {
    const database = await openTestDatabase();
    databases.push(database);
    return database as Database & { url?: string };
  };
  const config = (dir: string, more: Partial<InstanceKeyConfig> = {}): InstanceKeyConfig => ({
    secret: undefined,
    keysDir: dir,
    isProduction: true,
    ...more,
  });
  const recorder = () => {
    const lines: string[] = [];
    return { lines, log: { info: (m: string) => lines.push(`info: ${m}`), warn: (m: string) => lines.push(`warn: ${m}`) } };
  };
  const keyFileOf = (dir: string) => Buffer.from(fs.readFileSync(path.join(dir, 'instance.key'), 'utf8').trim(), 'base64url');
  const marker = async (db: Db) => (await db.select().from(instanceSecrets).where(eq(instanceSecrets.name, INSTANCE_SECRET)))[0];
  const events = (db: Db, action: string) => db.select().from(auditEvents).where(eq(auditEvents.action, action));

  afterAll(async () => {
    for (const d of databases) await d.close();
    for (const f of folders) fs.rmSync(f, { recursive: true, force: true });
  });

  it('tests keep their keys in a temporary folder, never in the repository', () => {
    const dir = testConfig().keysDir;
    expect(dir.startsWith(fs.realpathSync(os.tmpdir())) || dir.startsWith(os.tmpdir())).toBe(true);
    expect(dir).not.toContain(`${path.sep}var${path.sep}keys`);
  });

  it('is generated once into a private key file outside the database, even when several starts race', async () => {
    const database = await freshDatabase();
    const dir = keysDir();
    const { lines, log } = recorder();
    // On PostgreSQL a second pool stands for a second process starting at the same moment.
    const other = database.url ? await openDatabase({ kind: 'postgres', url: database.url }) : null;
    try {
      const handles = [database.db, other?.db ?? database.db];
      const keys = await Promise.all(Array.from({ length: 6 }, (_, i) => bootstrapInstanceSecret(handles[i % 2]!, config(dir), log)));
      expect(keys[0]).toHaveLength(32);
      for (const k of keys) expect(k.equals(keys[0]!)).toBe(true);
      expect(keyFileOf(dir).equals(keys[0]!)).toBe(true);
      expect(await instanceSecret(database.db)).toEqual(keys[0]);
    } finally {
      await other?.close();
    }
    expect(fs.statSync(path.join(dir, 'instance.key')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(dir)).toEqual(['instance.key']);
    const warnings = lines.filter((l) => l.startsWith('warn: Generated the instance key'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(path.join(dir, 'instance.key'));
    expect(warnings[0]).toContain('Back it up with the database');

    // The database keeps a fingerprint only: nothing in it opens what the key seals.
    const key = keyFileOf(dir);
    const rows = await database.db.select().from(instanceSecrets);
    expect(rows).toEqual([expect.objectContaining({ name: INSTANCE_SECRET, value: null, source: 'file', fingerprint: instanceKeyFingerprint(key) })]);
    const created = await events(database.db, 'platform.instance_secret_created');
    expect(created).toHaveLength(1);
    expect(created[0]!.subjectId).toBe(INSTANCE_SECRET);
    expect(JSON.stringify(created)).not.toContain(key.toString('base64url'));
    expect((await verifyAuditChain(database.db)).ok).toBe(true);

    // The next start reads the same key and changes nothing.
    const again = recorder();
    expect((await bootstrapInstanceSecret(database.db, config(dir), again.log)).equals(key)).toBe(true);
    expect(again.lines).toEqual([]);
    expect(await events(database.db, 'platform.instance_secret_created')).toHaveLength(1);
  });

  it('moves the secret of an existing installation out of the database once, then uses the file', async () => {
    const database = await freshDatabase();
    const legacy = randomBytes(32);
    // What the previous version stored at first start.
    await database.db.insert(instanceSecrets).values({ name: INSTANCE_SECRET, value: legacy.toString('base64url') });
    const dir = keysDir();
    const { lines, log } = recorder();
    const other = database.url ? await openDatabase({ kind: 'postgres', url: database.url }) : null;
    try {
      const handles = [database.db, other?.db ?? database.db];
      const keys = await Promise.all(Array.from({ length: 4 }, (_, i) => bootstrapInstanceSecret(handles[i % 2]!, config(dir), log)));
      for (const k of keys) expect(k.equals(legacy)).toBe(true);
    } finally {
      await other?.close();
    }
    expect(keyFileOf(dir).equals(legacy)).toBe(true);
    expect(await marker(database.db)).toMatchObject({ value: null, source: 'file', fingerprint: instanceKeyFingerprint(legacy) });
    expect(await events(database.db, 'platform.instance_secret_moved')).toHaveLength(1);
    expect(lines.filter((l) => l.includes('moved out of the database'))).toHaveLength(1);
    expect(JSON.stringify(await database.db.select().from(auditEvents))).not.toContain(legacy.toString('base64url'));
  });

  it('refuses to move it over a key file that holds another key', async () => {
    const database = await freshDatabase();
    await database.db.insert(instanceSecrets).values({ name: INSTANCE_SECRET, value: randomBytes(32).toString('base64url') });
    const dir = keysDir();
    await bootstrapInstanceSecret((await freshDatabase()).db, config(dir));
    const before = fs.readFileSync(path.join(dir, 'instance.key'));
    await expect(bootstrapInstanceSecret(database.db, config(dir))).rejects.toThrow(/holds a different key/);
    expect(fs.readFileSync(path.join(dir, 'instance.key'))).toEqual(before);
    expect((await marker(database.db))!.value).not.toBeNull();
  });

  describe('a database that depends on a key it cannot find', () => {
    let database: Database;
    let dir: string;
    let key: Buffer;
    beforeAll(async () => {
      database = await freshDatabase();
      dir = keysDir();
      key = await bootstrapInstanceSecret(database.db, config(dir));
    });

    it('does not start in production when the key file is missing, and creates none', async () => {
      const empty = keysDir();
      const error = await bootstrapInstanceSecret(database.db, config(empty)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InstanceKeyError);
      expect((error as Error).message).toContain(`${path.join(empty, 'instance.key')}, which does not exist`);
      expect(fs.existsSync(empty)).toBe(false);
      expect((await marker(database.db))!.fingerprint).toBe(instanceKeyFingerprint(key));
    });

    it('does not start in production with another key', async () => {
      const another = keysDir();
      await bootstrapInstanceSecret((await freshDatabase()).db, config(another));
      await expect(bootstrapInstanceSecret(database.db, config(another))).rejects.toThrow(/is not the instance key this database was sealed with/);
      await expect(bootstrapInstanceSecret(database.db, config(dir, { secret: 'a-brand-new-secret-value' }))).rejects.toThrow(
        /BEFFROI_SECRET is not the instance key/,
      );
      expect((await marker(database.db))!.fingerprint).toBe(instanceKeyFingerprint(key));
    });

    it('does not start in production when the marker was deleted but the audit log shows a key', async () => {
      const copy = await freshDatabase();
      await bootstrapInstanceSecret(copy.db, config(keysDir()));
      await copy.db.delete(instanceSecrets);
      await expect(bootstrapInstanceSecret(copy.db, config(keysDir()))).rejects.toBeInstanceOf(InstanceKeyError);
      expect(await copy.db.select().from(instanceSecrets)).toEqual([]);
    });

    it('starts in development with a new key, says so, and records it', async () => {
      const empty = keysDir();
      const { lines, log } = recorder();
      const replaced = await bootstrapInstanceSecret(database.db, config(empty, { isProduction: false }), log);
      expect(replaced.equals(key)).toBe(false);
      expect(keyFileOf(empty).equals(replaced)).toBe(true);
      expect(lines.some((l) => l.startsWith('warn: The instance key is missing') && l.includes('Development mode'))).toBe(true);
      expect((await marker(database.db))!.fingerprint).toBe(instanceKeyFingerprint(replaced));
      expect(await events(database.db, 'platform.instance_secret_replaced')).toHaveLength(1);
      expect((await verifyAuditChain(database.db)).ok).toBe(true);
    });
  });

  it('is BEFFROI_SECRET when set, as the modules that read it directly have always used: no key file', async () => {
    const database = await freshDatabase();
    const dir = keysDir();
    const secret = 'an-operator-chosen-secret';
    const key = await bootstrapInstanceSecret(database.db, config(dir, { secret }));
    expect(key.equals(Buffer.from(secret, 'utf8'))).toBe(true);
    expect(fs.existsSync(dir)).toBe(false);
    expect(await marker(database.db)).toMatchObject({ value: null, source: 'env', fingerprint: instanceKeyFingerprint(key) });
    // Unsetting it later would silently change every key: refused, naming the variable.
    await expect(bootstrapInstanceSecret(database.db, config(dir))).rejects.toThrow(/sealed with BEFFROI_SECRET, which is not set/);
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('derives distinct keys per purpose', () => {
    const secret = Buffer.alloc(32, 7);
    expect(deriveKey(secret, 'a').equals(deriveKey(secret, 'a'))).toBe(true);
    expect(deriveKey(secret, 'a').equals(deriveKey(secret, 'b'))).toBe(false);
    expect(deriveKey(Buffer.alloc(32, 8), 'a').equals(deriveKey(secret, 'a'))).toBe(false);
  });
});
