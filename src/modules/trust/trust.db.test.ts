import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createApp, type BeffroiApp } from '../../platform/app';
import { openDatabase, queryRows, type Database } from '../../platform/db/client';
import { createTestApp } from '../../platform/testing/app';
import { openTestDatabase, testBackend, testConfig } from '../../platform/testing/db';
import { MODULES } from '../index';

interface RegisterBody {
  entries: { id: string; provider: { kind: string; model: string | null; baseUrl: string | null; label: string } }[];
}

async function adminSession(b: BeffroiApp) {
  const res = await b.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: 'admin@test.beffroi.fr', password: 'test-admin-password-123' },
  });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'beffroi_session')!;
  return { cookie: `${cookie.name}=${cookie.value}`, csrf: res.json().csrfToken as string };
}

describe('algorithm register follows the running configuration', () => {
  let b: BeffroiApp;
  beforeAll(async () => {
    b = await createTestApp();
  });
  afterAll(async () => b?.close());

  it('shows the provider actually configured, and switching it is audited', async () => {
    const register = async () => (await b.app.inject({ method: 'GET', url: '/api/register' })).json() as RegisterBody;
    const before = await register();
    const answers = () => before.entries.find((e) => e.id === 'assistant.answers');
    expect(answers()?.provider.kind).toBe('none');

    const auditCount = async () =>
      (await queryRows<{ n: number }>(b.ctx.db, sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'settings.update'`))[0]!.n;
    const auditsBefore = await auditCount();

    const s = await adminSession(b);
    const put = await b.app.inject({
      method: 'PUT',
      url: '/api/admin/settings/ai.providers',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: {
        value: {
          generation: { enabled: true, baseUrl: 'https://albert.example.gouv.fr/v1', model: 'mistral-small', apiKey: 'sk-secret-value' },
          embeddings: { enabled: false, baseUrl: null, model: null, apiKey: '' },
        },
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.body).not.toContain('sk-secret-value');

    const after = await register();
    const entry = after.entries.find((e) => e.id === 'assistant.answers')!;
    expect(entry.provider).toMatchObject({ kind: 'openai-compatible', model: 'mistral-small', baseUrl: 'https://albert.example.gouv.fr/v1' });
    expect(entry.provider.label).toContain('mistral-small');

    expect(await auditCount()).toBe(auditsBefore + 1);
    const [event] = await queryRows<{ after: unknown; actor_type: string }>(
      b.ctx.db,
      sql`SELECT after, actor_type FROM audit_events WHERE action = 'settings.update' ORDER BY id DESC LIMIT 1`,
    );
    expect(event!.actor_type).toBe('user');
    expect(JSON.stringify(event!.after)).not.toContain('sk-secret-value');
  });
});

describe('first and second start', () => {
  let database: Database & { url?: string };
  let dataDir: string | null = null;

  beforeAll(async () => {
    if (testBackend() === 'pglite') {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beffroi-restart-'));
    } else {
      database = await openTestDatabase();
    }
  });
  afterAll(async () => {
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    else await database.close();
  });

  async function start(): Promise<BeffroiApp> {
    const target = dataDir ? { kind: 'pglite' as const, dataDir } : { kind: 'postgres' as const, url: database.url! };
    return createApp({
      config: testConfig({ BEFFROI_SEED_DEMO: 'true' }),
      modules: MODULES,
      database: await openDatabase(target),
      webRoot: null,
      logger: false,
      startWorkers: false,
    });
  }

  async function counts(b: BeffroiApp) {
    const [row] = await queryRows<Record<string, number>>(
      b.ctx.db,
      sql`SELECT (SELECT count(*)::int FROM users) AS users,
                 (SELECT count(*)::int FROM territory_zones) AS communes,
                 (SELECT count(*)::int FROM assistant_documents) AS documents,
                 (SELECT count(*)::int FROM assistant_vocabulary) AS vocabulary,
                 (SELECT count(*)::int FROM module_seeds) AS seeds`,
    );
    return row!;
  }

  it('seeds the demo once and reuses the data on the next start', async () => {
    const first = await start();
    const c1 = await counts(first);
    expect(c1.users).toBe(1);
    expect(c1.communes).toBeGreaterThan(1);
    expect(c1.documents).toBeGreaterThanOrEqual(30);
    await first.close();

    const second = await start();
    expect(await counts(second)).toEqual(c1);
    const res = await second.app.inject({ method: 'GET', url: '/api/public/territory' });
    expect(res.json().commune.name).toBeTruthy();
    await second.close();
  });
});
