import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import type { FastifyServerOptions } from 'fastify';
import { z } from 'zod';
import type { AppConfig } from './config';
import { openDatabase, type Database } from './db/client';
import { moduleSeeds } from './db/seeds-schema';
import { HttpProblem } from './http/problem';
import { createServer } from './http/server';
import { createFileParser } from './files/parser';
import { createJobQueue, type JobHandler } from './jobs/queue';
import { databaseMaintenanceHandler, DB_MAINTENANCE_JOB, scheduleDatabaseMaintenance } from './db/maintenance';
import { RETENTION_JOB, retentionJobHandler, retentionRules, scheduleRetention } from './privacy/retention';
import { bootstrapInstanceSecret } from './secrets/service';
import { manifestProblems, orderModules, servicesVisibleTo } from './module-graph';
import type { App, AppContext, ModuleManifest, ModuleServices, Role } from './modules';
import { ROLES } from './modules';
import { PLATFORM_PORTAL_PATHS } from './portal-paths';
import { createSettingsService, type SettingDefinition, type SettingsService } from './settings/service';
import { CORE_SETTINGS, MAP_KEY } from './settings/core';
import type { MapSetting } from './settings/api-schemas';
import { basemapOrigins } from './map/basemap';
import { mapRoutes } from './map/routes';

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
  const { config } = opts;
  // Start order follows the declared dependencies; a cycle or an unknown name stops here.
  const modules = orderModules(opts.modules);
  const database = opts.database ?? (await openDatabase(config.database));
  try {
    await database.migrate();
    let settingsForPolicy: SettingsService | null = null;
    const webRoot =
      opts.webRoot === null ? undefined : (opts.webRoot ?? (fs.existsSync(DEFAULT_WEB_ROOT) ? DEFAULT_WEB_ROOT : undefined));
    const app = await createServer({
      config,
      webRoot,
      logger: opts.logger,
      crossOriginPaths: modules.flatMap((m) => m.crossOriginPaths ?? []),
      portalPaths: [...PLATFORM_PORTAL_PATHS, ...modules.flatMap((m) => m.portalPaths ?? [])],
      problemMessages: modules.flatMap((m) => (m.problemMessages ? [{ source: `module ${m.name}`, messages: m.problemMessages }] : [])),
      // The configured basemap's origins (platform.map); read once the settings exist, before any request.
      contentSources: async () => (settingsForPolicy ? basemapOrigins(await settingsForPolicy.get<MapSetting>(MAP_KEY)) : []),
    });
    // Before any module: they derive their keys from it. After the server, for its log.
    await bootstrapInstanceSecret(database.db, config, app.log);

    const settingDefs: SettingDefinition[] = [...CORE_SETTINGS, ...modules.flatMap((m) => m.settings ?? [])];
    const settings = createSettingsService(database.db, settingDefs);
    settingsForPolicy = settings;
    // Filled once the context exists: handlers are looked up when a job runs, not before.
    const handlers: Record<string, JobHandler> = {};
    // BEFFROI_WORKERS loops, each running one job at a time; at least one when a caller starts them anyway.
    const jobs = createJobQueue(database.db, handlers, app.log, { concurrency: Math.max(1, config.workers) });
    // Threads start at the first file, not here.
    const files = createFileParser({
      concurrency: config.fileParsing.threads,
      limits: { maxBytes: config.uploadLimit, timeoutMs: config.fileParsing.timeoutMs, memoryMb: config.fileParsing.memoryMb },
      onThreadError: (err) => app.log.warn({ err: err.message }, 'file parsing failed (answered as an unreadable file)'),
    });

    const allServices: Partial<ModuleServices> = {};
    const registered = new Set(modules.map((m) => m.name));
    const ctx: AppContext = {
      config,
      database,
      db: database.db,
      log: app.log,
      modules,
      settings,
      jobs,
      files,
      permissions: buildPermissions(modules),
      services: allServices as ModuleServices,
    };
    // Each module works with a context whose `services` shows only what it declared it uses.
    const contexts = new Map(modules.map((m) => [m.name, { ...ctx, services: servicesVisibleTo(m, allServices, registered) }]));
    const contextOf = (m: ModuleManifest): AppContext => contexts.get(m.name)!;
    for (const m of modules) {
      if (m.services) (allServices as Record<string, unknown>)[m.name] = m.services(contextOf(m));
    }
    handlers[DB_MAINTENANCE_JOB] = databaseMaintenanceHandler(() => ctx);
    // A rule declared outside its module's prefix, or twice, stops the start rather than a night's run.
    retentionRules(modules);
    handlers[RETENTION_JOB] = retentionJobHandler(() => ctx);
    const problems: string[] = [];
    for (const m of modules) {
      const moduleHandlers = m.jobs?.(contextOf(m)) ?? {};
      problems.push(...manifestProblems(m, Object.keys(moduleHandlers)));
      for (const kind of Object.keys(moduleHandlers)) if (handlers[kind]) problems.push(`Job kind "${kind}" is declared twice.`);
      Object.assign(handlers, moduleHandlers);
    }
    if (problems.length) throw new Error(`Module manifests break the platform's rules:\n  - ${problems.join('\n  - ')}`);
    for (const m of modules) if (m.bootstrap) await m.bootstrap(contextOf(m));
    if (config.seedDemo) await seedOnce(ctx, contextOf);

    mapRoutes(app, ctx);
    app.get(
      '/healthz',
      { schema: { hide: true, response: { 200: z.object({ status: z.literal('ok') }) } }, config: { rateLimit: false } },
      async () => ({ status: 'ok' as const }),
    );
    app.get('/readyz', { schema: { hide: true }, config: { rateLimit: false } }, async () => {
      try {
        await database.ping();
        return { status: 'ready', database: database.kind };
      } catch {
        throw new HttpProblem(503, 'not_ready', 'The database is not reachable.');
      }
    });
    for (const m of modules) if (m.routes) await app.register(async (scope) => m.routes!(scope as App, contextOf(m)));
    for (const m of modules) if (m.onStart) await m.onStart(contextOf(m));
    await scheduleDatabaseMaintenance(ctx, new Date());
    await scheduleRetention(ctx, new Date());
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
        await files.close();
        await database.close();
      },
    };
  } catch (err) {
    if (!opts.database) await database.close().catch(() => {});
    throw err;
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
async function seedOnce(ctx: AppContext, contextOf: (m: ModuleManifest) => AppContext) {
  for (const m of ctx.modules) {
    if (!m.seed) continue;
    await ctx.db.transaction(async (tx) => {
      // Processes starting together on one server: the first seeds, the others wait, then see its marker.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
      const done = await tx.select().from(moduleSeeds).where(eq(moduleSeeds.module, m.name));
      if (done.length) return;
      await m.seed!({ ctx: contextOf(m), tx });
      await tx.insert(moduleSeeds).values({ module: m.name });
    });
  }
}
