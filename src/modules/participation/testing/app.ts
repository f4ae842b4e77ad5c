/** A test server with the territory (demo seeded) and participation; a resident's client with a cookie jar. */
import type { Role } from '../../../platform/modules';
import { answer, startModuleServer, testClient, type TestServer } from '../../../platform/testing/module-server';
import { territoryModule } from '../../territory/manifest';
import { participationModule } from '../manifest';

export type { Answer, TestServer } from '../../../platform/testing/module-server';

/** The app on a fresh database, demo seeds run (the territory's districts, the demo consultation), listening on loopback. */
export function startParticipationApp(env: Record<string, string> = {}): Promise<TestServer> {
  return startModuleServer([territoryModule, participationModule], env);
}

/** A staff member of the given role. */
export function staff(baseUrl: string, role: Role = 'agent') {
  return testClient(baseUrl, role);
}

/** A resident's browser: keeps the participant cookie it is given. */
export function resident(baseUrl: string) {
  let cookie: string | null = null;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(cookie ? { cookie: `beffroi_participant=${cookie}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.get('set-cookie');
    const m = set ? /beffroi_participant=([^;]*)/.exec(set) : null;
    if (m) cookie = m[1] || null;
    return answer(res);
  };
  return {
    get cookie() {
      return cookie;
    },
    set cookie(value: string | null) {
      cookie = value;
    },
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body ?? {}),
    put: (path: string, body: unknown) => call('PUT', path, body),
    patch: (path: string, body: unknown) => call('PATCH', path, body),
    delete: (path: string) => call('DELETE', path),
    join: (consultationId: string, body: unknown = {}) => call('POST', `/api/participation/consultations/${consultationId}/participants`, body),
    vote: (consultationId: string, statementId: string, vote: 'agree' | 'disagree' | 'pass') =>
      call('PUT', `/api/participation/consultations/${consultationId}/statements/${statementId}/vote`, { vote }),
  };
}
