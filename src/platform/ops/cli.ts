import fs from 'node:fs';
import { ConfigError, loadConfig, type AppConfig } from '../config';
import { openDatabase, type Database } from '../db/client';

/** Config from the environment, as the server reads it; a bad value exits with the server's message. */
export function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

export function describeTarget(config: AppConfig): string {
  if (config.database.kind === 'pglite') return `embedded database at ${config.database.dataDir}`;
  const url = new URL(config.database.url);
  url.password = url.password ? '***' : '';
  return `PostgreSQL ${url.toString()}`;
}

/**
 * Opens the configured database, runs `work`, and always closes it. Unless `create`, a missing
 * embedded data directory is an error: opening it would silently create an empty database,
 * and a typo in BEFFROI_DATA_DIR would then "back up" or "verify" nothing.
 */
export async function withDatabase<T>(
  config: AppConfig,
  work: (database: Database) => Promise<T>,
  opts: { create?: boolean } = {},
): Promise<T> {
  if (config.database.kind === 'pglite' && config.database.dataDir !== 'memory://' && !opts.create) {
    const dir = config.database.dataDir;
    if (!fs.existsSync(dir) || fs.readdirSync(dir).length === 0) {
      throw new Error(`no embedded database at ${dir} (set BEFFROI_DATA_DIR to the server's data directory)`);
    }
  }
  const database = await openDatabase(config.database);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

export function parseArgs(argv: string[], flags: string[], options: string[]): { positional: string[]; flags: Set<string>; options: Map<string, string> } {
  const positional: string[] = [];
  const seen = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (flags.includes(name)) seen.add(name);
      else if (options.includes(name)) {
        const v = inline ?? argv[++i];
        if (v === undefined) throw new Error(`--${name} needs a value`);
        values.set(name, v);
      } else throw new Error(`unknown option ${a}`);
    } else positional.push(a);
  }
  return { positional, flags: seen, options: values };
}
