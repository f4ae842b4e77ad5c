import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting Beffroi reads from the environment, validated once at start.
 * A bad value stops the process with a message naming the variable, rather than
 * failing later in a request.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.string().url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  BEFFROI_DATA_DIR: z.string().min(1).default('./var/pgdata'),
  BEFFROI_KEYS_DIR: z.string().min(1).default('./var/keys'),
  BEFFROI_DB_POOL: z.coerce.number().int().min(1).max(200).default(10),
  BEFFROI_ADMIN_EMAIL: z.string().email().default('admin@beffroi.local'),
  BEFFROI_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  BEFFROI_SEED_DEMO: z.enum(['true', 'false']).default('true'),
  BEFFROI_BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
  BEFFROI_UPLOAD_LIMIT: z.coerce.number().int().min(1024).default(20 * 1_048_576),
  BEFFROI_FILE_PARSE_SECONDS: z.coerce.number().min(1).max(600).default(30),
  BEFFROI_FILE_PARSE_MEMORY_MB: z.coerce.number().int().min(32).max(16_384).default(512),
  BEFFROI_FILE_PARSE_THREADS: z.coerce.number().int().min(1).max(16).default(2),
  BEFFROI_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  BEFFROI_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  BEFFROI_WORKERS: z.coerce.number().int().min(0).max(16).default(1),
  BEFFROI_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
  BEFFROI_SECRET: z.string().min(16).optional(),
  BEFFROI_WIDGET_ORIGINS: z.string().default('*'),
  /** A PMTiles basemap served by Beffroi itself (setting platform.map, basemap "pmtiles"): the file's path. */
  BEFFROI_MAP_TILES: z.string().min(1).optional(),
  WHATSAPP_APP_SECRET: z.string().min(1).optional(),
  WHATSAPP_VERIFY_TOKEN: z.string().min(1).optional(),
  WHATSAPP_ACCESS_TOKEN: z.string().min(1).optional(),
  WHATSAPP_GRAPH_URL: z
    .string()
    .url()
    .regex(/^https?:\/\//, 'must start with https:// (or http:// for a local relay)')
    .default('https://graph.facebook.com'),
  WHATSAPP_GRAPH_VERSION: z.string().regex(/^v\d+\.\d+$/, 'must look like v21.0').default('v21.0'),
  SMTP_URL: z
    .string()
    .url()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).max(320).regex(/@/, 'must be an address, e.g. "Mairie <beffroi@mairie.fr>"').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('production'),
});

export type AppConfig = {
  port: number;
  host: string;
  publicUrl: string | undefined;
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string; poolSize: number };
  /**
   * Folder of the keys that must not live in the database they protect (the instance key, the
   * audit checkpoints' signing key): outside the embedded database's data directory, so that a
   * copy of the database alone opens nothing and forges nothing.
   */
  keysDir: string;
  admin: { email: string; password: string | undefined };
  seedDemo: boolean;
  bodyLimit: number;
  uploadLimit: number;
  /** Parsing of untrusted files (src/platform/files): each parse's time and memory, and the threads parsing at once. */
  fileParsing: { timeoutMs: number; memoryMb: number; threads: number };
  trustProxy: boolean;
  rateLimitPerMinute: number;
  workers: number;
  /** HTTP processes sharing the port (PostgreSQL only: the embedded database lives in one process). */
  processes: number;
  secret: string | undefined;
  /** Origins allowed to call the public widget API from a browser; `*` for any. */
  widgetOrigins: string[] | '*';
  /** The PMTiles file served at /api/public/map/tiles.pmtiles (with Range requests), or null. */
  mapTiles: string | null;
  whatsapp: {
    appSecret: string | undefined;
    verifyToken: string | undefined;
    /** Sends replies through the Graph API when set; without it they are only in the webhook's response. Never logged. */
    accessToken: string | undefined;
    /** Base of the Graph API, without the version. */
    graphUrl: string;
    graphVersion: string;
  };
  /**
   * Outgoing e-mail (src/platform/mail): an SMTP server and the sender address, or null when
   * `SMTP_URL` is not set (then nothing is e-mailed, and what would be says so). The URL may hold
   * credentials: never logged.
   */
  mail: { smtpUrl: string; from: string } | null;
  logLevel: string;
  isProduction: boolean;
};

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  if (e.SMTP_URL && !e.MAIL_FROM) {
    throw new ConfigError(['MAIL_FROM: required with SMTP_URL (the sender address of the e-mails Beffroi sends)']);
  }
  if (e.BEFFROI_PROCESSES > 1 && !e.DATABASE_URL) {
    throw new ConfigError([
      'BEFFROI_PROCESSES: several processes need a PostgreSQL server (DATABASE_URL); the embedded database lives in one process',
    ]);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.BEFFROI_DB_POOL }
      : { kind: 'pglite', dataDir: e.BEFFROI_DATA_DIR === 'memory://' ? 'memory://' : path.resolve(e.BEFFROI_DATA_DIR) },
    keysDir: path.resolve(e.BEFFROI_KEYS_DIR),
    admin: { email: e.BEFFROI_ADMIN_EMAIL, password: e.BEFFROI_ADMIN_PASSWORD },
    seedDemo: e.BEFFROI_SEED_DEMO === 'true',
    bodyLimit: e.BEFFROI_BODY_LIMIT,
    uploadLimit: e.BEFFROI_UPLOAD_LIMIT,
    fileParsing: { timeoutMs: e.BEFFROI_FILE_PARSE_SECONDS * 1000, memoryMb: e.BEFFROI_FILE_PARSE_MEMORY_MB, threads: e.BEFFROI_FILE_PARSE_THREADS },
    trustProxy: e.BEFFROI_TRUST_PROXY === 'true',
    rateLimitPerMinute: e.BEFFROI_RATE_LIMIT_PER_MINUTE,
    workers: e.BEFFROI_WORKERS,
    processes: e.BEFFROI_PROCESSES,
    secret: e.BEFFROI_SECRET,
    mapTiles: e.BEFFROI_MAP_TILES ? path.resolve(e.BEFFROI_MAP_TILES) : null,
    widgetOrigins:
      e.BEFFROI_WIDGET_ORIGINS.trim() === '*'
        ? '*'
        : e.BEFFROI_WIDGET_ORIGINS.split(',')
            .map((o) => o.trim().replace(/\/$/, ''))
            .filter(Boolean),
    whatsapp: {
      appSecret: e.WHATSAPP_APP_SECRET,
      verifyToken: e.WHATSAPP_VERIFY_TOKEN,
      accessToken: e.WHATSAPP_ACCESS_TOKEN,
      graphUrl: e.WHATSAPP_GRAPH_URL.replace(/\/+$/, ''),
      graphVersion: e.WHATSAPP_GRAPH_VERSION,
    },
    mail: e.SMTP_URL ? { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM! } : null,
    logLevel: e.LOG_LEVEL,
    isProduction: e.NODE_ENV === 'production',
  };
}
