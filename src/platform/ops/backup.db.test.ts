import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import { recordAudit, SYSTEM_ACTOR, verifyAuditChain } from '../audit/service';
import { randomBytes } from 'node:crypto';
import { queryRows, sql, type Database, type Db } from '../db/client';
import { createJobQueue } from '../jobs/queue';
import { instanceSecrets } from '../secrets/schema';
import { INSTANCE_SECRET, instanceKeyFingerprint } from '../secrets/service';
import { CORE_SETTINGS } from '../settings/core';
import { createSettingsService } from '../settings/service';
import { openTestDatabase, testBackend } from '../testing/db';
import { createBackup, inspectBackup, restoreBackup, BackupFileError, RestoreRefusedError } from './backup';
import { listTables, readSequences } from './catalog';

const quietLog = { warn() {}, error() {}, info() {}, debug() {} } as unknown as FastifyBaseLogger;

/** Every table's rows in text form, ordered by primary key: what "same content" means. */
async function snapshot(db: Db, only?: Iterable<string>) {
  const out: Record<string, (string | null)[][]> = {};
  const wanted = only ? new Set(only) : null;
  for (const t of await listTables(db)) {
    if (wanted && !wanted.has(t.name)) continue;
    // Aliased: ORDER BY a bare name would otherwise pick the text output column over the bigint.
    const cols = sql.join(t.columns.map((c, i) => sql`${sql.identifier(c.name)}::text AS ${sql.identifier(`c${i}`)}`), sql`, `);
    const order = t.primaryKey.length ? sql` ORDER BY ${sql.join(t.primaryKey.map((k) => sql.identifier(k)), sql`, `)}` : sql``;
    const rows = await queryRows<Record<string, string | null>>(db, sql`SELECT ${cols} FROM ${sql.identifier(t.name)}${order}`);
    out[t.name] = rows.map((r) => t.columns.map((_c, i) => r[`c${i}`] ?? null));
  }
  return { tables: out, sequences: await readSequences(db) };
}

async function auditCount(db: Db) {
  return (await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM audit_events`))[0]!.n;
}

/** Tables that no migration creates (so the target needs them too), with every awkward type and key. */
async function createExoticTables(db: Db) {
  await db.execute(sql`CREATE TABLE test_parents (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, label text NOT NULL)`);
  await db.execute(sql`CREATE TABLE test_children (
    id serial PRIMARY KEY,
    parent_id bigint NOT NULL REFERENCES test_parents(id),
    big bigint, amount numeric(20, 6), ratio double precision, at_local timestamp, at_zoned timestamptz,
    doc jsonb, tags text[], raw bytea, note text, day date, flag boolean,
    doubled integer GENERATED ALWAYS AS (id * 2) STORED
  )`);
  await db.execute(sql`CREATE TABLE test_tree (id integer PRIMARY KEY, parent_id integer REFERENCES test_tree(id))`);
}

describe(`backup and restore (${testBackend()})`, () => {
  let source: Database;
  let dir: string;
  let file: string;
  /** The source installation's instance key: the backup's secrets are sealed with it. */
  const instanceKey = randomBytes(32);
  const secrets = { instanceKey, settings: CORE_SETTINGS };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beffroi-backup-'));
    file = path.join(dir, 'backup.jsonl.gz');
    source = await openTestDatabase();
    const { db } = source;
    await createExoticTables(db);

    const settings = createSettingsService(db, CORE_SETTINGS);
    await db.transaction((tx) =>
      settings.set(tx, { type: 'user', id: 'u-1', requestId: 'r-1' }, 'organisation', {
        name: 'Commune de Test-sur-Seine',
        contactEmail: 'mairie@test.fr',
        contactUrl: null,
        dpoEmail: null,
      }),
    );
    await db.transaction((tx) =>
      settings.set(tx, SYSTEM_ACTOR, 'ai.providers', {
        generation: { enabled: true, baseUrl: 'https://albert.example/v1', model: 'mistral-small', apiKey: 'sk-secret' },
        embeddings: { enabled: false, baseUrl: null, model: null, apiKey: '' },
      }),
    );
    for (let i = 0; i < 30; i++) {
      await db.transaction((tx) =>
        recordAudit(tx, SYSTEM_ACTOR, { action: 'test.event', subjectType: 'thing', subjectId: i, after: { i, text: 'é\n"ü"\u2028' } }),
      );
    }
    const queue = createJobQueue(db, { 'test.done': async () => ({ ok: true }) }, quietLog);
    await queue.enqueue(db, 'test.done', { a: 1 }, { idempotencyKey: 'k1' });
    await queue.drain();
    await queue.enqueue(db, 'test.later', { b: [1, 2, 3] }, { runAt: new Date('2031-01-01T00:00:00Z') });

    await db.execute(sql`INSERT INTO test_parents (label) VALUES ('un'), ('deux'), ('trois')`);
    await db.execute(sql`DELETE FROM test_parents WHERE label = 'trois'`);
    await db.execute(sql`
      INSERT INTO test_children (parent_id, big, amount, ratio, at_local, at_zoned, doc, tags, raw, note, day, flag) VALUES
        (1, 9007199254740993, 123456789.123456, 0.1, '2024-02-29 12:34:56.789012', '2024-02-29 12:34:56.789012+05:30',
         '{"z": 1, "a": [null, {"k": "v"}], "big": 12345678901234567890}', ARRAY['a,b', 'c"d', NULL], '\\x00ff10',
         E'line1\\nline2\\ttab \\u00e9', '2024-01-01', true),
        (2, -9223372036854775808, NULL, 'NaN', NULL, NULL, 'null', '{}', NULL, '', NULL, false),
        (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`);
    await db.execute(sql`INSERT INTO test_tree (id, parent_id) VALUES (3, NULL), (1, 2), (2, 3)`);
    await db.execute(sql`UPDATE test_tree SET parent_id = 1 WHERE id = 3`);
  });

  afterAll(async () => {
    await source?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a consistent, self-describing dump', async () => {
    const summary = await createBackup(source, file, secrets);
    expect(summary.file).toBe(file);
    const { header, totalRows } = await inspectBackup(file);
    expect(header.format).toBe('beffroi-backup');
    expect(header.backend).toBe(testBackend());
    expect(header.lastMigration).not.toBeNull();
    expect(header.migrations.length).toBeGreaterThan(0);
    const counts = Object.fromEntries(header.tables.map((t) => [t.name, t.rowCount]));
    expect(counts).toMatchObject({ audit_events: 32, settings: 2, jobs: 2, test_parents: 2, test_children: 3, test_tree: 3 });
    expect(totalRows).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
    // Parents are dumped before the tables that reference them.
    const names = header.tables.map((t) => t.name);
    expect(names.indexOf('test_parents')).toBeLessThan(names.indexOf('test_children'));
    // Generated columns are left to the server.
    expect(header.tables.find((t) => t.name === 'test_children')!.columns.map((c) => c.name)).not.toContain('doubled');
  });

  it("seals the settings' secrets: the file shows no API key in clear, and a restore with the same key gives it back", async () => {
    const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
    expect(text).not.toContain('sk-secret');
    const { header } = await inspectBackup(file);
    expect(header.version).toBe(2);
    expect(header.instanceKey).toEqual({ fingerprint: instanceKeyFingerprint(instanceKey) });
    expect(header.sealedSecrets).toEqual([{ setting: 'ai.providers', path: ['generation', 'apiKey'] }]);

    const target = await openTestDatabase();
    try {
      await createExoticTables(target.db);
      await restoreBackup(target, file, { instanceKey });
      const restored = createSettingsService(target.db, CORE_SETTINGS);
      expect(await restored.get('ai.providers')).toMatchObject({
        generation: { baseUrl: 'https://albert.example/v1', apiKey: 'sk-secret' },
        embeddings: { apiKey: '' },
      });
    } finally {
      await target.close();
    }
  });

  it("refuses to back up with a key that is not the database's, or while the database still holds its secret", async () => {
    const other = await openTestDatabase();
    const out = path.join(dir, 'refused.jsonl.gz');
    try {
      await other.db.insert(instanceSecrets).values({ name: INSTANCE_SECRET, fingerprint: instanceKeyFingerprint(randomBytes(32)), source: 'file' });
      await expect(createBackup(other, out, secrets)).rejects.toThrow(/instance key configured here is not this database's/);
      await other.db.update(instanceSecrets).set({ value: randomBytes(32).toString('base64url') });
      await expect(createBackup(other, out, secrets)).rejects.toThrow(/still holds its instance secret/);
      expect(fs.existsSync(out)).toBe(false);
    } finally {
      await other.close();
    }
  });

  it('restores into a fresh database with identical content, sequences and a valid audit chain', async () => {
    const target = await openTestDatabase();
    try {
      await createExoticTables(target.db);
      const restored = await restoreBackup(target, file, { instanceKey });
      expect(restored.auditEvents).toBe(32);
      // Only the source's tables: migrations that other modules add later leave extra, empty tables.
      const before = await snapshot(source.db);
      const after = await snapshot(target.db, Object.keys(before.tables));
      expect(after.tables).toEqual(before.tables);
      expect(after.sequences).toEqual(before.sequences);
      expect(await verifyAuditChain(target.db)).toMatchObject({ ok: true, checked: 32 });

      // The application carries on where the source stopped: sequences, chain and identity columns.
      const next = await target.db.transaction((tx) => recordAudit(tx, SYSTEM_ACTOR, { action: 'after.restore', subjectType: 'x' }));
      const lastSourceId = Number(before.tables.audit_events!.at(-1)![0]);
      expect(next.id).toBe(lastSourceId + 1);
      expect(await verifyAuditChain(target.db)).toMatchObject({ ok: true, checked: 33 });
      const [parent] = await queryRows<{ id: string }>(target.db, sql`INSERT INTO test_parents (label) VALUES ('quatre') RETURNING id::text`);
      expect(parent!.id).toBe('4');
      const [child] = await queryRows<{ doubled: number }>(target.db, sql`SELECT doubled FROM test_children WHERE id = 1`);
      expect(child!.doubled).toBe(2);
    } finally {
      await target.close();
    }
  });

  it('refuses a non-empty target without force, and replaces it with force', async () => {
    const target = await openTestDatabase();
    try {
      await createExoticTables(target.db);
      await target.db.transaction((tx) => recordAudit(tx, SYSTEM_ACTOR, { action: 'target.own', subjectType: 'x' }));
      await expect(restoreBackup(target, file, { instanceKey })).rejects.toBeInstanceOf(RestoreRefusedError);
      expect(await auditCount(target.db)).toBe(1);

      await restoreBackup(target, file, { force: true, instanceKey });
      const sourceTables = (await snapshot(source.db)).tables;
      expect((await snapshot(target.db, Object.keys(sourceTables))).tables).toEqual(sourceTables);
    } finally {
      await target.close();
    }
  });

  describe('damaged files leave the target unchanged', () => {
    let target: Database;
    let targetBefore: Awaited<ReturnType<typeof snapshot>>;

    beforeAll(async () => {
      target = await openTestDatabase();
      await createExoticTables(target.db);
      await target.db.transaction((tx) => recordAudit(tx, SYSTEM_ACTOR, { action: 'target.own', subjectType: 'x' }));
      await target.db.execute(sql`INSERT INTO test_parents (label) VALUES ('cible')`);
      targetBefore = await snapshot(target.db);
    });
    afterAll(async () => {
      await target.close();
    });

    const lines = () => zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n').filter(Boolean);
    const writeVariant = (name: string, content: Buffer) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, content);
      return p;
    };

    it.each([
      ['a truncated gzip stream', () => writeVariant('cut.gz', fs.readFileSync(file).subarray(0, Math.floor(fs.statSync(file).size / 2)))],
      ['a file cut at a line boundary (no end marker)', () => writeVariant('cut-lines.gz', zlib.gzipSync(lines().slice(0, 10).join('\n') + '\n'))],
      ['a corrupted gzip body', () => {
        const bytes = Buffer.from(fs.readFileSync(file));
        for (let i = 40; i < 60; i++) bytes[i] = bytes[i]! ^ 0xff;
        return writeVariant('flipped.gz', bytes);
      }],
      ['a line that is not JSON', () => {
        const l = lines();
        l[5] = '{"t": "audit_events", "r": [';
        return writeVariant('bad-json.gz', zlib.gzipSync(l.join('\n')));
      }],
      ['a row missing from a table', () => {
        const l = lines();
        const i = l.findIndex((x) => x.startsWith('{"t":"settings"'));
        l.splice(i, 1);
        return writeVariant('missing-row.gz', zlib.gzipSync(l.join('\n')));
      }],
      ['not a gzip file at all', () => writeVariant('plain.txt', Buffer.from('hello\n'))],
    ])('rejects %s before touching the target', async (_label, make) => {
      await expect(restoreBackup(target, make(), { force: true, instanceKey })).rejects.toBeInstanceOf(BackupFileError);
      expect(await snapshot(target.db)).toEqual(targetBefore);
    });

    it('rolls back when a value cannot be inserted halfway through', async () => {
      const l = lines();
      const i = l.findLastIndex((x) => x.startsWith('{"t":"test_children"'));
      const row = JSON.parse(l[i]!);
      row.r[2] = 'not-a-bigint';
      l[i] = JSON.stringify(row);
      const p = writeVariant('bad-value.gz', zlib.gzipSync(l.join('\n') + '\n'));
      await expect(restoreBackup(target, p, { force: true, instanceKey })).rejects.toThrow(/bigint/);
      expect(await snapshot(target.db)).toEqual(targetBefore);
    });

    it('rolls back when the restored audit chain does not verify', async () => {
      const l = lines();
      const i = l.findIndex((x) => x.startsWith('{"t":"audit_events"'));
      const row = JSON.parse(l[i + 3]!);
      row.r[4] = 'tampered.action';
      l[i + 3] = JSON.stringify(row);
      const p = writeVariant('tampered.gz', zlib.gzipSync(l.join('\n') + '\n'));
      await expect(restoreBackup(target, p, { force: true, instanceKey })).rejects.toThrow(/audit chain is BROKEN at event #4/);
      expect(await snapshot(target.db)).toEqual(targetBefore);
    });

    it('refuses a backup without the instance key it was made with, or with another one, before touching the target', async () => {
      await expect(restoreBackup(target, file, { force: true })).rejects.toThrow(/needs the instance key it was made with/);
      await expect(restoreBackup(target, file, { force: true, instanceKey: randomBytes(32) })).rejects.toThrow(
        /not the one this backup was made with/,
      );
      expect(await snapshot(target.db)).toEqual(targetBefore);
    });

    it('refuses a sealed secret that does not open, or that was moved to another field', async () => {
      const l = lines();
      const i = l.findIndex((x) => x.startsWith('{"t":"settings"') && x.includes('ai.providers'));
      const row = JSON.parse(l[i]!);
      const valueAt = JSON.parse(l[0]!).tables.find((t: { name: string }) => t.name === 'settings').columns.findIndex((c: { name: string }) => c.name === 'value');
      const value = JSON.parse(row.r[valueAt]);
      const sealed = value.generation.apiKey as string;

      const garbled = structuredClone(value);
      garbled.generation.apiKey = `${sealed.slice(0, -4)}AAAA`;
      const moved = structuredClone(value);
      moved.embeddings.apiKey = sealed;
      moved.generation.apiKey = 'plain';
      const header = JSON.parse(l[0]!);
      header.sealedSecrets = [{ setting: 'ai.providers', path: ['embeddings', 'apiKey'] }];

      for (const [name, v, h] of [['garbled.gz', garbled, l[0]!], ['moved.gz', moved, JSON.stringify(header)]] as const) {
        const variant = [...l];
        variant[0] = h;
        variant[i] = JSON.stringify({ ...row, r: row.r.map((x: string | null, j: number) => (j === valueAt ? JSON.stringify(v) : x)) });
        const p = writeVariant(name, zlib.gzipSync(variant.join('\n') + '\n'));
        await expect(restoreBackup(target, p, { force: true, instanceKey })).rejects.toThrow(/does not open with this instance key/);
      }
      expect(await snapshot(target.db)).toEqual(targetBefore);
    });

    /**
     * The same backup as version 1 wrote it (no sealing, no key): crafted from it, a header that the
     * previous restore trusted reaches its SQL. Version 2 headers go through the same checks.
     */
    const asVersion1 = (l: string[]) => {
      const header = JSON.parse(l[0]!);
      header.version = 1;
      delete header.instanceKey;
      delete header.sealedSecrets;
      return [JSON.stringify(header), ...l.slice(1)];
    };
    const craft = (name: string, change: (header: any, rows: string[]) => string[] | void, version: 1 | 2 = 1) => {
      const l = version === 1 ? asVersion1(lines()) : lines();
      const header = JSON.parse(l[0]!);
      const rows = l.slice(1);
      const changedRows = change(header, rows) ?? rows;
      return writeVariant(name, zlib.gzipSync([JSON.stringify(header), ...changedRows].join('\n') + '\n'));
    };
    const column = (header: any, table: string, name: string) =>
      header.tables.find((t: { name: string }) => t.name === table).columns.find((c: { name: string }) => c.name === name);

    it.each([
      ['SQL in a column type', /settings\.value is of type .* in the backup but "jsonb" in the target/, (h: any) => {
        column(h, 'settings', 'value').type = `jsonb || '{"injected": true}'::jsonb`;
      }],
      ['a column type that differs from the target', /test_children\.big is of type "text" in the backup but "bigint"/, (h: any) => {
        column(h, 'test_children', 'big').type = 'text';
      }],
      ['an unknown table', /table pwned of the backup does not exist in the target/, (h: any) => {
        h.tables.push({ name: 'pwned', columns: [{ name: 'x', type: 'text' }], rowCount: 0 });
      }],
      ['SQL in a table name', /does not exist in the target/, (h: any, rows: string[]) => {
        const evil = 'settings"; DROP TABLE users; --';
        h.tables.find((t: { name: string }) => t.name === 'test_tree').name = evil;
        return rows.map((r) => (r.startsWith('{"t":"test_tree"') ? r.replace('"t":"test_tree"', `"t":${JSON.stringify(evil)}`) : r));
      }],
      ['an unknown column', /column settings\.injected of the backup does not exist in the target/, (h: any, rows: string[]) => {
        h.tables.find((t: { name: string }) => t.name === 'settings').columns.push({ name: 'injected', type: 'text' });
        return rows.map((r) => {
          if (!r.startsWith('{"t":"settings"')) return r;
          const row = JSON.parse(r);
          row.r.push('x');
          return JSON.stringify(row);
        });
      }],
      ['a sequence the target does not have', /sequence pwned_seq of the backup does not exist in the target/, (h: any) => {
        h.sequences.push({ name: 'pwned_seq', lastValue: '1', isCalled: true });
      }],
    ])('refuses a crafted header with %s, naming it, before touching the target', async (_label, message, change) => {
      for (const version of [1, 2] as const) {
        const p = craft(`crafted-v${version}.gz`, change, version);
        const error = await restoreBackup(target, p, { force: true, instanceKey }).catch((e: unknown) => e);
        expect(error, `version ${version}`).toBeInstanceOf(RestoreRefusedError);
        expect((error as Error).message).toMatch(message);
        expect(await snapshot(target.db)).toEqual(targetBefore);
      }
    });

    it.each([
      ['a table listed twice', /header lists table settings twice/, (h: any) => {
        h.tables.push(structuredClone(h.tables.find((t: { name: string }) => t.name === 'settings')));
      }],
      ['a column listed twice', /header lists column settings\.key twice/, (h: any) => {
        const settings = h.tables.find((t: { name: string }) => t.name === 'settings');
        settings.columns[1] = { ...settings.columns[0] };
      }],
      ['a row count that is not a number', /header is malformed at tables\.\d+\.rowCount/, (h: any) => {
        h.tables[0].rowCount = '1; DROP TABLE users';
      }],
      ['a sequence value that is not a number', /header is malformed at sequences\.\d+\.lastValue/, (h: any) => {
        h.sequences[0].lastValue = "1'::bigint); DROP TABLE users; --";
      }],
      ['an unexpected field', /header is malformed/, (h: any) => {
        h.sql = 'DROP TABLE users';
      }],
    ])('refuses a malformed header with %s before touching the target', async (_label, message, change) => {
      for (const version of [1, 2] as const) {
        const p = craft(`malformed-v${version}.gz`, change, version);
        const error = await restoreBackup(target, p, { force: true, instanceKey }).catch((e: unknown) => e);
        expect(error, `version ${version}`).toBeInstanceOf(BackupFileError);
        expect((error as Error).message).toMatch(message);
        expect(await snapshot(target.db)).toEqual(targetBefore);
      }
    });
  });
});
