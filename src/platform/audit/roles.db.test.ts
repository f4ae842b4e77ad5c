import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../../modules/index';
import { createApp } from '../app';
import { REPO_ROOT } from '../crash/child';
import { openDatabase, queryRows, sql, type Database } from '../db/client';
import { createJobQueue } from '../jobs/queue';
import { CORE_SETTINGS } from '../settings/core';
import { createSettingsService } from '../settings/service';
import { testBackend, testConfig, testPostgresUrl } from '../testing/db';
import { CHECKPOINTS_SETTING, createAuditCheckpoints } from './checkpoints';
import { recordAudit, SYSTEM_ACTOR, verifyAuditChain } from './service';

const quietLog = { warn() {}, error() {}, info() {}, debug() {} } as unknown as FastifyBaseLogger;

/** The SQL block of the README that follows `<!-- marker -->`, with this test's names, one statement at a time. */
function readmeStatements(marker: string, names: { owner: string; app: string; database: string }): string[] {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf(`<!-- ${marker} -->`);
  expect(at, `README marker ${marker}`).toBeGreaterThan(0);
  const block = /```sql\n([\s\S]*?)```/.exec(readme.slice(at))![1]!;
  return block
    .replace(/\bbeffroi_owner\b/g, names.owner)
    .replace(/\bbeffroi_app\b/g, names.app)
    .replace(/\bbeffroi\b/g, names.database)
    .replace(/^(\\c .*)$/m, '$1;')
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);
}

function urlFor(user: string, password: string | null, database: string): string {
  const url = new URL(testPostgresUrl());
  url.username = user;
  url.password = password ?? url.password;
  url.pathname = `/${database}`;
  return url.toString();
}

async function runAs(url: string, statements: string[]) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const s of statements) await client.query(s);
  } finally {
    await client.end();
  }
}

/** The README's PostgreSQL role setup, run as written: the application's role cannot rewrite the audit log. */
describe.runIf(testBackend() === 'postgres')('PostgreSQL roles of the README', () => {
  const suffix = randomBytes(4).toString('hex');
  const names = { owner: `bf_owner_${suffix}`, app: `bf_app_${suffix}`, database: `bf_roles_${suffix}` };
  const superuser = (database: string) => urlFor(new URL(testPostgresUrl()).username, null, database);
  let app: Database;
  let keysDir: string;

  beforeAll(async () => {
    const setup = readmeStatements('postgres-roles:setup', names);
    const connectAt = setup.findIndex((s) => s.startsWith('\\c '));
    expect(setup[connectAt]).toBe(`\\c ${names.database}`);
    await runAs(superuser(new URL(testPostgresUrl()).pathname.slice(1)), setup.slice(0, connectAt));
    await runAs(superuser(names.database), setup.slice(connectAt + 1));

    // `npm run db:migrate` as the owner.
    const owner = await openDatabase({ kind: 'postgres', url: urlFor(names.owner, 'owner-password', names.database) });
    try {
      await owner.migrate();
    } finally {
      await owner.close();
    }
    await runAs(urlFor(names.owner, 'owner-password', names.database), readmeStatements('postgres-roles:after-migrations', names));

    app = await openDatabase({ kind: 'postgres', url: urlFor(names.app, 'app-password', names.database) });
    keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beffroi-roles-keys-'));
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(keysDir, { recursive: true, force: true });
    await runAs(superuser(new URL(testPostgresUrl()).pathname.slice(1)), [
      `DROP DATABASE IF EXISTS ${names.database} WITH (FORCE)`,
      `DROP ROLE IF EXISTS ${names.app}`,
      `DROP ROLE IF EXISTS ${names.owner}`,
    ]);
  });

  it('runs the whole application as the application role', async () => {
    const b = await createApp({
      config: testConfig({ BEFFROI_KEYS_DIR: keysDir }),
      modules: MODULES,
      database: await openDatabase({ kind: 'postgres', url: urlFor(names.app, 'app-password', names.database) }),
      webRoot: null,
      logger: false,
      startWorkers: false,
    });
    try {
      const res = await b.app.inject({ method: 'GET', url: '/api/audit/checkpoints' });
      expect(res.json().checkpoints).toMatchObject([{ reason: 'start' }]);
    } finally {
      await b.close();
    }
  });

  it('lets it append events and sign checkpoints', async () => {
    await app.migrate();
    const before = (await verifyAuditChain(app.db)).checked;
    await app.db.transaction((tx) => recordAudit(tx, SYSTEM_ACTOR, { action: 'test.as_app', subjectType: 'thing' }));
    const checkpoints = createAuditCheckpoints({
      db: app.db,
      config: testConfig({ BEFFROI_KEYS_DIR: keysDir }),
      settings: createSettingsService(app.db, [...CORE_SETTINGS, CHECKPOINTS_SETTING]),
      jobs: createJobQueue(app.db, {}, quietLog),
      log: quietLog,
    });
    const { checkpoint, created } = await checkpoints.make('request');
    expect(created).toBe(true);
    expect(checkpoint.size).toBe(before + 2);
    expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true, checked: before + 2 });
  });

  it('refuses it every way of changing or removing audit events, and of lifting the guard', async () => {
    const count = async () => (await queryRows<{ n: number }>(app.db, sql`SELECT count(*)::int AS n FROM audit_events`))[0]!.n;
    const before = await count();
    const attempts = [
      'UPDATE audit_events SET action = action',
      'DELETE FROM audit_events',
      'TRUNCATE audit_events',
      'UPDATE audit_checkpoints SET size = size',
      'DELETE FROM audit_checkpoints',
      'ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only',
      'ALTER TABLE audit_events DISABLE TRIGGER ALL',
      'SET session_replication_role = replica',
      "SELECT audit_prune_before(now() + interval '1 day')",
      "INSERT INTO audit_prunes (checkpoint_id, through_event_id, through_hash, through_size, events_deleted) VALUES (1, 1, '', 1, 1)",
    ];
    for (const statement of attempts) {
      const refused = await app.db.execute(sql.raw(statement)).then(
        () => null,
        (err: { cause?: { code?: string }; code?: string }) => err.cause?.code ?? err.code,
      );
      // 42501: insufficient privilege (by the grants, or by the trigger); 42501 also for "must be owner".
      expect(refused, statement).toBe('42501');
    }
    expect(await count()).toBe(before);
  });

  it('leaves retention to the owner, through the documented function', async () => {
    const owner = await openDatabase({ kind: 'postgres', url: urlFor(names.owner, 'owner-password', names.database) });
    try {
      const total = (await verifyAuditChain(owner.db)).checked;
      const [pruned] = await queryRows<{ n: string }>(owner.db, sql`SELECT audit_prune_before(now() + interval '1 day')::text AS n`);
      expect(Number(pruned!.n)).toBe(total);
    } finally {
      await owner.close();
    }
    const after = await verifyAuditChain(app.db);
    expect(after).toMatchObject({ ok: true, checked: 1 });
    expect(after.anchor).not.toBeNull();
  });
});
