import type { FastifyInstance, FastifyBaseLogger, RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppConfig } from './config';
import type { Database, Db, Tx } from './db/client';
import type { JobHandler, JobQueue } from './jobs/queue';
import type { RegisterContext, RegisterEntry } from './register/types';
import type { SettingDefinition, SettingsService } from './settings/service';

export type Role = 'admin' | 'agent' | 'moderator' | 'analyst';
export const ROLES: readonly Role[] = ['admin', 'agent', 'moderator', 'analyst'] as const;

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Everything a module's routes, jobs and seeds may use. Modules reach each other only through `services`. */
export interface AppContext {
  config: AppConfig;
  database: Database;
  db: Db;
  log: FastifyBaseLogger;
  modules: readonly ModuleManifest[];
  settings: SettingsService;
  jobs: JobQueue;
  /** Role → permissions, built from every manifest's declarations. */
  permissions: ReadonlyMap<Role, ReadonlySet<string>>;
  /** Services that modules export to each other, keyed by module name. */
  services: Record<string, unknown>;
}

export interface PermissionDeclaration {
  id: string;
  description: string;
  /** Roles that hold it by default. Admins hold every permission. */
  roles: Role[];
}

export interface SeedContext {
  ctx: AppContext;
  tx: Tx;
}

/**
 * A module registers itself through this manifest — its routes, background jobs,
 * permissions, algorithm-register entries, demo seed and the services it offers to others.
 */
export interface ModuleManifest {
  name: string;
  permissions?: PermissionDeclaration[];
  /** Automated features the module runs; each must have a register entry with the same id. */
  automatedFeatures?: string[];
  registerEntries?: (rc: RegisterContext) => RegisterEntry[];
  /** Background job handlers, by job kind (`<module>.<job>`), bound to the running app's context. */
  jobs?: (ctx: AppContext) => Record<string, JobHandler>;
  /** Settings the module owns, editable by admins, validated by their schema. */
  settings?: SettingDefinition[];
  routes?: (app: App, ctx: AppContext) => void | Promise<void>;
  /**
   * Path prefixes of public routes that other sites of the commune may call from a browser
   * (the embeddable widget): answered with CORS headers, never with credentials.
   */
  crossOriginPaths?: string[];
  /** Builds the services the module exports; called once at start, before routes. */
  services?: (ctx: AppContext) => unknown;
  /** Called after migrations and services, before the server listens (e.g. warm an index). */
  onStart?: (ctx: AppContext) => Promise<void>;
  /** Demo content, run once in the seeding transaction of the first start. */
  seed?: (s: SeedContext) => Promise<void>;
  /** Seeds that every installation needs (e.g. the first administrator), run on each start and idempotent. */
  bootstrap?: (ctx: AppContext) => Promise<void>;
}
