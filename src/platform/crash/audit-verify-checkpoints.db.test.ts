import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { hashEvent } from '../audit/chain';
import type { CheckpointsDocument } from '../audit/checkpoint-document';
import { CHECKPOINTS_SETTING, createAuditCheckpoints } from '../audit/checkpoints';
import { auditEvents } from '../audit/schema';
import { recordAudit } from '../audit/service';
import { signCheckpoint } from '../audit/signed-checkpoint';
import { loadCheckpointSigningKey } from '../audit/signing-key';
import { openDatabase, sql, type Database } from '../db/client';
import { createJobQueue } from '../jobs/queue';
import { CORE_SETTINGS } from '../settings/core';
import { createSettingsService } from '../settings/service';
import { tamperWithAuditLog } from '../testing/audit';
import { openTestDatabase, testBackend, testConfig } from '../testing/db';
import { spawnTs } from './child';

const quietLog = { warn() {}, error() {}, info() {}, debug() {} } as unknown as FastifyBaseLogger;

interface Installation {
  dir: string;
  env: Record<string, string>;
  open(): Promise<Database>;
  /** The published document as a witness saved it after the second checkpoint. */
  saved: CheckpointsDocument;
  savedFile: string;
  keysDir: string;
  close(): Promise<void>;
}

/**
 * An installation whose chain holds 10 events: 5, checkpoint #1 (its own event, size 6), 3 more,
 * checkpoint #2 (size 10); a witness saved the published checkpoints then.
 */
async function installation(): Promise<Installation> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beffroi-verify-checkpoints-'));
  const keysDir = path.join(dir, 'keys');
  let pg: (Database & { url?: string }) | null = null;
  let env: Record<string, string>;
  if (testBackend() === 'pglite') {
    env = { BEFFROI_DATA_DIR: path.join(dir, 'pgdata') };
  } else {
    pg = await openTestDatabase('postgres');
    env = { DATABASE_URL: pg.url! };
  }
  const open = () => (pg ? openDatabase({ kind: 'postgres', url: pg.url! }) : openDatabase({ kind: 'pglite', dataDir: env.BEFFROI_DATA_DIR! }));
  const database = await open();
  let saved: CheckpointsDocument;
  try {
    await database.migrate();
    const { db } = database;
    const checkpoints = createAuditCheckpoints({
      db,
      config: testConfig({ BEFFROI_KEYS_DIR: keysDir }),
      settings: createSettingsService(db, [...CORE_SETTINGS, CHECKPOINTS_SETTING]),
      jobs: createJobQueue(db, {}, quietLog),
      log: quietLog,
    });
    const event = (i: number) =>
      db.transaction((tx) => recordAudit(tx, { type: 'user', id: 'u-1' }, { action: 'settings.update', subjectType: 'setting', subjectId: 'organisation', after: { i } }));
    for (let i = 0; i < 5; i++) await event(i);
    await checkpoints.make('request');
    for (let i = 5; i < 8; i++) await event(i);
    await checkpoints.make('request');
    saved = await checkpoints.document();
  } finally {
    await database.close();
  }
  const savedFile = path.join(dir, 'saved.json');
  fs.writeFileSync(savedFile, JSON.stringify(saved, null, 2));
  return {
    dir,
    env,
    open,
    saved,
    savedFile,
    keysDir,
    async close() {
      await pg?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function runVerify(env: Record<string, string>, args: string[] = []) {
  const run = spawnTs('src/cli/audit-verify.ts', env, args);
  const { code } = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

async function withDatabase<T>(inst: Installation, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await inst.open();
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

describe(`audit:verify --checkpoints (${testBackend()})`, () => {
  const opened: Installation[] = [];
  const servers: http.Server[] = [];
  const fresh = async () => {
    const inst = await installation();
    opened.push(inst);
    return inst;
  };
  afterEach(async () => {
    for (const s of servers.splice(0)) await new Promise<void>((r) => s.close(() => r()));
  });
  afterAll(async () => {
    for (const inst of opened) await inst.close();
  });

  it('accepts a chain that holds every checkpoint, from a saved copy and from the published URL', async () => {
    const inst = await fresh();
    const requested: string[] = [];
    const server = http.createServer((req, res) => {
      requested.push(req.url!);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(inst.saved));
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/audit/checkpoints`;

    const { code, stdout, stderr } = await runVerify(inst.env, ['--checkpoints', inst.savedFile, `--checkpoints=${url}`]);
    expect(stderr).toBe('');
    expect(stdout).toContain('Audit chain intact: 10 events');
    expect(stdout).toContain(`Consistent with 2 signed checkpoints from ${inst.savedFile}, ${url} and the database (the latest covers 10 events`);
    expect(requested).toEqual(['/api/audit/checkpoints?limit=200']);
    expect(code).toBe(0);
  }, 120_000);

  it('names a checkpoint whose signature does not hold, and two signed checkpoints that fork', async () => {
    const inst = await fresh();
    const changed = structuredClone(inst.saved);
    const first = changed.checkpoints.find((c) => c.id === 1)!;
    first.size += 1;
    // The key itself signs a second history of the same length: both cannot be prefixes of one chain.
    const key = loadCheckpointSigningKey(inst.keysDir);
    const second = inst.saved.checkpoints.find((c) => c.id === 2)!;
    const other = signCheckpoint(key.privateKey, key.keyId, { ...second, lastHash: 'f'.repeat(64), signedAt: new Date(Date.parse(second.signedAt) + 1000).toISOString() });
    changed.checkpoints.push({ ...other, id: 3, reason: 'request' });
    const file = path.join(inst.dir, 'changed.json');
    fs.writeFileSync(file, JSON.stringify(changed));

    const { code, stderr } = await runVerify(inst.env, ['--checkpoints', file]);
    expect(stderr).toMatch(new RegExp(`^BAD SIGNATURE: checkpoint #1 \\(${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}, signed .*: 7 events through event #6, .*\\) is not signed by its key`, 'm'));
    expect(stderr).toMatch(/^FORK: checkpoint #2 \(.*10 events through event #10.*\) and checkpoint #3 \(.*10 events through event #10, hash ffffffffffffffff….*\) are both validly signed but cannot both be prefixes of one chain$/m);
    expect(stderr).toMatch(/^REWRITTEN: event #10 at position 10 has hash .* but checkpoint #3 /m);
    expect(code).toBe(1);
  }, 120_000);

  it('reports the truncation when the last three events are deleted, even with their checkpoint gone from the database', async () => {
    const inst = await fresh();
    await withDatabase(inst, (database) =>
      tamperWithAuditLog(
        database.db,
        sql`DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events ORDER BY id DESC LIMIT 3)`,
        sql`DELETE FROM audit_checkpoints WHERE id = 2`,
      ),
    );
    // What the database alone can say: a shorter chain, consistent with the checkpoint left in it.
    const alone = await runVerify(inst.env);
    expect(alone.stdout).toContain('Audit chain intact: 7 events');
    expect(alone.code).toBe(0);

    const { code, stdout, stderr } = await runVerify(inst.env, ['--checkpoints', inst.savedFile]);
    expect(stdout).toContain('Audit chain intact: 7 events');
    expect(stderr).toContain(
      `TRUNCATED: the chain holds 7 events (its last event is #7) but checkpoint #2 (${inst.savedFile}, signed ${inst.saved.checkpoints[0]!.signedAt}: 10 events through event #10, hash ${inst.saved.checkpoints[0]!.lastHash.slice(0, 16)}…) covered 10: 3 events at the end are missing`,
    );
    expect(code).toBe(1);
  }, 180_000);

  it('reports the rewrite when the whole chain was recomputed from the genesis, although the chain itself verifies', async () => {
    const inst = await fresh();
    await withDatabase(inst, async (database) => {
      const { db } = database;
      const events = await db.select().from(auditEvents).orderBy(asc(auditEvents.id));
      let prevHash = '0'.repeat(64);
      const updates = [];
      for (const [i, e] of events.entries()) {
        const after = i === 1 ? { i: 'forged' } : e.after;
        const hash = hashEvent({ ...e, after, prevHash });
        updates.push(sql`UPDATE audit_events SET after = ${after === null ? null : JSON.stringify(after)}::jsonb, prev_hash = ${prevHash}, hash = ${hash} WHERE id = ${e.id}`);
        prevHash = hash;
      }
      await tamperWithAuditLog(db, ...updates);
      const [second] = await db.select().from(auditEvents).where(eq(auditEvents.id, events[1]!.id));
      expect(second!.after).toEqual({ i: 'forged' });
    });

    const { code, stdout, stderr } = await runVerify(inst.env, ['--checkpoints', inst.savedFile]);
    expect(stdout).toContain('Audit chain intact: 10 events');
    expect(stderr).toMatch(/^REWRITTEN: event #6 at position 6 has hash [0-9a-f]{16}…, but checkpoint #1 \(.*\) signed another hash there/m);
    expect(stderr).toMatch(/^REWRITTEN: event #10 at position 10 has hash [0-9a-f]{16}…, but checkpoint #2 /m);
    expect(code).toBe(1);
  }, 120_000);
});
