import { MODULES } from '../../modules/index';
import { createApp, type BeffroiApp } from '../app';
import type { ModuleManifest } from '../modules';
import { openTestDatabase, testConfig } from './db';

/** The whole application on a fresh test database, without listening on a port (use `app.inject`). */
export async function createTestApp(
  opts: { modules?: readonly ModuleManifest[]; env?: Record<string, string> } = {},
): Promise<BeffroiApp> {
  const database = await openTestDatabase();
  const beffroi = await createApp({
    config: testConfig(opts.env),
    modules: opts.modules ?? MODULES,
    database,
    webRoot: null,
    logger: false,
    startWorkers: false,
  });
  return beffroi;
}
