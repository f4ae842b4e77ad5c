/** A test server with the assemblies module (demo seeded), and the pool fixtures. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Role } from '../../../platform/modules';
import { startModuleServer, testClient, type TestServer } from '../../../platform/testing/module-server';
import { assembliesModule } from '../manifest';

export type { Answer, TestServer } from '../../../platform/testing/module-server';

export function startAssembliesApp(env: Record<string, string> = {}): Promise<TestServer> {
  return startModuleServer([assembliesModule], env);
}

export function staff(baseUrl: string, role: Role = 'agent') {
  return testClient(baseUrl, role);
}

/** `pool.csv` (40 volunteers, valid) or `pool-bad-row.csv` (line 14 has a district without a quota). */
export function fixture(name: 'pool.csv' | 'pool-bad-row.csv'): string {
  return readFileSync(fileURLToPath(new URL(`./${name}`, import.meta.url)), 'utf8');
}
