/** A test server with the territory and the observatory (demo seeded); its client and an analysis runner. */
import type { Role } from '../../../platform/modules';
import { startModuleServer, testClient, type Answer, type TestServer, type UploadFile } from '../../../platform/testing/module-server';
import { territoryModule } from '../../territory/manifest';
import { observatoryModule } from '../manifest';

export type { Answer, TestServer } from '../../../platform/testing/module-server';

export function startObservatoryApp(env: Record<string, string> = {}): Promise<TestServer> {
  return startModuleServer([territoryModule, observatoryModule], env);
}

/** A caller: a staff member of the given role, or a resident (no role); imports send one file in the field `file`. */
export function client(baseUrl: string, role: Role | null = null) {
  const c = testClient(baseUrl, role);
  return { ...c, upload: (path: string, file: UploadFile, fields: Record<string, string> = {}) => c.upload(path, { file }, fields) };
}

/** Runs an analysis to its end (polling while it answers 202). */
export async function analyse(baseUrl: string, body: unknown, lang = 'fr'): Promise<Answer> {
  const c = client(baseUrl);
  let res = await c.post(`/api/public/observatory/analyses?lang=${lang}`, body);
  for (let i = 0; i < 120 && res.status === 202; i++) {
    await new Promise((r) => setTimeout(r, 500));
    res = await c.get(`/api/public/observatory/analyses/${res.body.key}?lang=${lang}`);
  }
  return res;
}
