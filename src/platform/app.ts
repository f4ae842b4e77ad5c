import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import type { FastifyServerOptions } from 'fastify';
import { z } from 'zod';
import type { AppConfig } from './config';
import { openDatabase, type Database } from './db/client';
import { moduleSeeds } from './db/seeds-schema';
import { createServer } from './http/server';
import { createJobQueue, type JobHandler } from './jobs/queue';
import { databaseMaintenanceHandler, DB_MAINTENANCE_JOB, scheduleDatabaseMaintenance } from './db/maintenance';
import { bootstrapInstanceSecret } from './secrets/service';
import type { App, AppContext, ModuleManifest, Role } from './modules';
import { ROLES } from './modules';
import { createSettingsService, type SettingDefinition } from './settings/service';
import { CORE_SETTINGS } from './settings/core';

export interface BeffroiApp {
  app: App;
  ctx: AppContext;
  /** Stops workers, waits for in-flight requests, closes the database. */
  close(): Promise<void>;
}

export interface CreateAppOptions {
  config: AppConfig;
  modules: readonly ModuleManifest[];
  logger?: FastifyServerOptions['logger'];
  /** Serve the built SPA from this folder (default: dist/web when it exists). */
  webRoot?: string | null;
  /** Start background workers (default: config.workers > 0). */
  startWorkers?: boolean;
  /** Use this database instead of opening one from config (tests). */
  database?: Database;
}

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_WEB_ROOT = path.join(REPO_ROOT, 'dist', 'web');

export async function createApp(opts: CreateAppOptions): Promise<BeffroiApp> {
  const { config, modules } = opts;
  assertUniqueModules(modules);
  const database = opts.database ?? (await openDatabase(config.database));
  try {
    await database.migrate();
    await bootstrapInstanceSecret(database.db);
    const webRoot =
      opts.webRoot === null ? undefined : (opts.webRoot ?? (fs.existsSync(DEFAULT_WEB_ROOT) ? DEFAULT_WEB_ROOT : undefined));
    const app = await createServer({
      config,
      webRoot,
      logger: opts.logger,
      crossOriginPaths: modules.flatMap((m) => m.crossOriginPaths ?? []),
    });

    const settingDefs: SettingDefinition[] = [...CORE_SETTINGS, ...modules.flatMap((m) => m.settings ?? [])];
    const settings = createSettingsService(database.db, settingDefs);
    // Filled once the context exists: handlers are looked up when a job runs, not before.
    const handlers: Record<string, JobHandler> = {};
    const jobs = createJobQueue(database.db, handlers, app.log);

    const ctx: AppContext = {
      config,
      database,
      db: database.db,
      log: app.log,
      modules,
      settings,
      jobs,
      permissions: buildPermissions(modules),
      services: {},
    };
    for (const m of modules) if (m.services) ctx.services[m.name] = m.services(ctx);
    handlers[DB_MAINTENANCE_JOB] = databaseMaintenanceHandler(() => ctx);
    for (const m of modules) Object.assign(handlers, m.jobs?.(ctx));
    for (const m of modules) if (m.bootstrap) await m.bootstrap(ctx);
    if (config.seedDemo) await seedOnce(ctx);

    app.get(
      '/healthz',
      { schema: { hide: true, response: { 200: z.object({ status: z.literal('ok') }) } }, config: { rateLimit: false } },
      async () => ({ status: 'ok' as const }),
    );
    app.get('/readyz', { schema: { hide: true }, config: { rateLimit: false } }, async (_req, reply) => {
      try {
        await database.ping();
        return { status: 'ready', database: database.kind };
      } catch {
        return reply.status(503).type('application/problem+json').send({
          type: 'https://beffroi.org/problems/not_ready',
          title: 'Service Unavailable',
          status: 503,
          detail: 'The database is not reachable.',
        });
      }
    });
    for (const m of modules) if (m.routes) await app.register(async (scope) => m.routes!(scope as App, ctx));
    for (const m of modules) if (m.onStart) await m.onStart(ctx);
    await scheduleDatabaseMaintenance(ctx, new Date());
    await app.ready();
    if (opts.startWorkers ?? config.workers > 0) jobs.start();

    let closed = false;
    return {
      app,
      ctx,
      async close() {
        if (closed) return;
        closed = true;
        await app.close();
        await jobs.stop();
        await database.close();
      },
    };
  } catch (err) {
    if (!opts.database) await database.close().catch(() => {});
    throw err;
  }
}

function assertUniqueModules(modules: readonly ModuleManifest[]) {
  const seen = new Set<string>();
  for (const m of modules) {
    if (seen.has(m.name)) throw new Error(`Module "${m.name}" is registered twice.`);
    seen.add(m.name);
  }
}

export function buildPermissions(modules: readonly ModuleManifest[]): Map<Role, Set<string>> {
  const map = new Map<Role, Set<string>>(ROLES.map((r) => [r, new Set<string>()]));
  for (const m of modules) {
    for (const p of m.permissions ?? []) {
      map.get('admin')!.add(p.id);
      for (const r of p.roles) map.get(r)!.add(p.id);
    }
  }
  return map;
}

const SEED_LOCK_KEY = 7_264_103;

/** Runs each module's demo seed once, in one transaction with its marker row. */
async function seedOnce(ctx: AppContext) {
  for (const m of ctx.modules) {
    if (!m.seed) continue;
    await ctx.db.transaction(async (tx) => {
      // Processes starting together on one server: the first seeds, the others wait, then see its marker.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
      const done = await tx.select().from(moduleSeeds).where(eq(moduleSeeds.module, m.name));
      if (done.length) return;
      await m.seed!({ ctx, tx });
      await tx.insert(moduleSeeds).values({ module: m.name });
    });
  }
}
