import type { FastifyInstance, FastifyBaseLogger, RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppConfig } from './config';
import type { Database, Db, Tx } from './db/client';
import type { ProblemMessages } from './http/problem-messages';
import type { FileParser } from './files/parser';
import type { JobHandler, JobQueue } from './jobs/queue';
import type { RetentionRule } from './privacy/retention';
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
  /** Untrusted files (uploads, imports) are parsed here, on parsing threads within limits (src/platform/files). */
  files: FileParser;
  /** Role → permissions, built from every manifest's declarations. */
  permissions: ReadonlyMap<Role, ReadonlySet<string>>;
  /**
   * Services that modules export to each other, keyed by module name and typed through
   * `ModuleServices`. A module sees only its own and those of the modules it declares in
   * `dependsOn`: reaching another one throws, naming the missing declaration.
   */
  services: ModuleServices;
}

/**
 * The services each module exports, by module name. A module adds its own entry by declaration
 * merging, next to its manifest:
 *
 * ```ts
 * declare module '../../platform/modules' {
 *   interface ModuleServices { assistant: AssistantServices }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by each module through declaration merging
export interface ModuleServices {}

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
  /**
   * Modules whose services this one uses (including `accounts` for staff routes, which
   * authenticate through it). Start order follows these declarations; a cycle or an unknown
   * name stops the start.
   */
  dependsOn?: readonly string[];
  permissions?: PermissionDeclaration[];
  /** Automated features the module runs; each must have a register entry with the same id. */
  automatedFeatures?: string[];
  registerEntries?: (rc: RegisterContext) => RegisterEntry[];
  /**
   * Each kind of personal data the module keeps, how long and how it goes: applied every night by
   * the platform (`src/platform/privacy/retention.ts`) and stated in the register.
   */
  retention?: readonly RetentionRule[];
  /** Background job handlers, by job kind (`<module>.<job>`), bound to the running app's context. */
  jobs?: (ctx: AppContext) => Record<string, JobHandler>;
  /** Settings the module owns, editable by admins, validated by their schema. */
  settings?: SettingDefinition[];
  routes?: (app: App, ctx: AppContext) => void | Promise<void>;
  /**
   * Route patterns, exactly as the routes declare them (`/api/assistant/tickets/:code`), of the
   * public routes that other sites of the commune may call from a browser (the embeddable
   * widget): answered with CORS headers, never with credentials. Each must be a served route.
   */
  crossOriginPaths?: string[];
  /**
   * The portal pages the module adds to the SPA, as route patterns (`/assistant/sources/:documentId`,
   * `/x/*` for a page with sub-pages): the server answers them with the SPA, and any other page
   * path with the SPA's "not found" page and a 404 status.
   */
  portalPaths?: string[];
  /**
   * The French and English messages of every problem code the module throws, keyed by code
   * (`problem-messages.ts`); a test fails when a code thrown in its sources has none.
   */
  problemMessages?: ProblemMessages;
  /** Builds the services the module exports (its `ModuleServices` entry); called once at start, after its dependencies'. */
  services?: (ctx: AppContext) => unknown;
  /** Called after migrations and services, before the server listens (e.g. warm an index). */
  onStart?: (ctx: AppContext) => Promise<void>;
  /** Demo content, run once in the seeding transaction of the first start. */
  seed?: (s: SeedContext) => Promise<void>;
  /** Seeds that every installation needs (e.g. the first administrator), run on each start and idempotent. */
  bootstrap?: (ctx: AppContext) => Promise<void>;
}
