import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../audit/service';
import { openDatabase, sql, type Database } from '../db/client';
import { tamperWithAuditLog } from '../testing/audit';
import { openTestDatabase, testBackend } from '../testing/db';
import { spawnTs } from './child';

/** `npm run audit:verify` as an operator runs it: a separate process reading the configured database. */
describe(`audit:verify command (${testBackend()})`, () => {
  let dataDir: string | null = null;
  let pgDatabase: (Database & { url?: string }) | null = null;
  let env: Record<string, string>;
  const ids: number[] = [];

  const open = () => (dataDir ? openDatabase({ kind: 'pglite', dataDir }) : openDatabase({ kind: 'postgres', url: pgDatabase!.url! }));

  beforeAll(async () => {
    if (testBackend() === 'pglite') {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beffroi-audit-verify-'));
      env = { BEFFROI_DATA_DIR: dataDir };
    } else {
      pgDatabase = await openTestDatabase('postgres');
      env = { DATABASE_URL: pgDatabase.url! };
    }
    const database = await open();
    try {
      await database.migrate();
      for (let i = 0; i < 5; i++) {
        const e = await database.db.transaction((tx) =>
          recordAudit(tx, { type: 'user', id: 'u-1' }, { action: 'settings.update', subjectType: 'setting', subjectId: 'organisation', after: { i } }),
        );
        ids.push(e.id);
      }
    } finally {
      await database.close();
    }
  });
  afterAll(async () => {
    await pgDatabase?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function runVerify() {
    const run = spawnTs('src/cli/audit-verify.ts', env);
    const { code } = await run.exited;
    return { code, stdout: run.stdout(), stderr: run.stderr() };
  }

  it('reports an intact chain and exits 0', async () => {
    const { code, stdout } = await runVerify();
    expect(stdout).toContain('Audit chain intact: 5 events');
    expect(code).toBe(0);
  });

  it('names the row changed directly in SQL and exits 1', async () => {
    const database = await open();
    try {
      await tamperWithAuditLog(database.db, sql`UPDATE audit_events SET after = '{"i": 42}'::jsonb WHERE id = ${ids[3]}`);
    } finally {
      await database.close();
    }
    const { code, stderr } = await runVerify();
    expect(stderr).toContain(`Audit chain BROKEN at event #${ids[3]} (hash_mismatch`);
    expect(code).toBe(1);
  });

  it('names the row after a deleted one (its predecessor no longer matches)', async () => {
    const database = await open();
    try {
      await tamperWithAuditLog(
        database.db,
        sql`UPDATE audit_events SET after = '{"i": 3}'::jsonb WHERE id = ${ids[3]}`,
        sql`DELETE FROM audit_events WHERE id = ${ids[1]}`,
      );
    } finally {
      await database.close();
    }
    const { code, stderr } = await runVerify();
    expect(stderr).toContain(`Audit chain BROKEN at event #${ids[2]} (prev_hash_mismatch`);
    expect(code).toBe(1);
  });
});
