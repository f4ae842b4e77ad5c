/** A test server with the territory (demo seeded: Vincennes and its demo sectors) and public space; its client. */
import type { Role } from '../../../platform/modules';
import { startModuleServer, testClient, type TestServer, type UploadFile } from '../../../platform/testing/module-server';
import { territoryModule } from '../../territory/manifest';
import { publicSpaceModule } from '../manifest';

export type { Answer, TestServer } from '../../../platform/testing/module-server';

export function startPublicSpaceApp(env: Record<string, string> = {}): Promise<TestServer> {
  return startModuleServer([territoryModule, publicSpaceModule], { BEFFROI_RATE_LIMIT_PER_MINUTE: '100000', ...env });
}

/** A caller: a resident (no role) or a staff member of the given role; an upload sends one file in the field named. */
export function client(baseUrl: string, role: Role | null = null) {
  const c = testClient(baseUrl, role);
  return { ...c, upload: (path: string, field: string, file: UploadFile) => c.upload(path, { [field]: file }) };
}

/** A point inside the demo commune (Vincennes, near its town hall) and one outside (Paris, Notre-Dame). */
export const INSIDE = { lng: 2.4395, lat: 48.8474 };
export const OUTSIDE = { lng: 2.3499, lat: 48.853 };
