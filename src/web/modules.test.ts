import { describe, expect, it } from 'vitest';
import { MODULES } from '../modules/index';
import { PLATFORM_PORTAL_PATHS } from '../platform/portal-paths';
import { WEB_MODULES } from './modules';

/**
 * The web half and the server half of each module's manifest describe the same module: the SPA
 * routes a module declares are the `portalPaths` the server answers with 200 (any other path is
 * the SPA's 404 with a 404 status), and both halves name the same modules.
 */
describe('web manifests agree with server manifests', () => {
  const server = new Map(MODULES.map((m) => [m.name, m]));

  it('every web module is a registered server module', () => {
    for (const w of WEB_MODULES) expect(server.has(w.name), w.name).toBe(true);
  });

  it("each module's portal routes are exactly the portal paths its server manifest declares", () => {
    for (const w of WEB_MODULES) {
      const routes = (w.portal?.routes ?? []).map((r) => r.path).sort();
      expect(routes, w.name).toEqual([...(server.get(w.name)!.portalPaths ?? [])].sort());
    }
    for (const m of MODULES) {
      if (m.portalPaths?.length) expect(WEB_MODULES.some((w) => w.name === m.name), `${m.name} declares portal paths but has no web manifest`).toBe(true);
    }
  });

  it('navigation entries point at declared routes, back-office pages live under /admin/', () => {
    for (const w of WEB_MODULES) {
      const portal = new Set((w.portal?.routes ?? []).map((r) => r.path));
      for (const e of [...(w.portal?.nav ?? []), ...(w.portal?.home ?? [])]) expect(portal.has(e.to), `${w.name}: ${e.to}`).toBe(true);
      const admin = new Set((w.admin?.routes ?? []).map((r) => r.path));
      for (const r of w.admin?.routes ?? []) expect(r.path.startsWith('/admin/'), r.path).toBe(true);
      for (const e of [...(w.admin?.nav ?? []), ...(w.admin?.dashboard ?? [])]) expect(admin.has(e.to), `${w.name}: ${e.to}`).toBe(true);
    }
  });

  it('no module claims a shell path', () => {
    const shell = new Set(PLATFORM_PORTAL_PATHS);
    for (const w of WEB_MODULES) for (const r of w.portal?.routes ?? []) expect(shell.has(r.path), r.path).toBe(false);
  });

  it('admin pages ask for permissions that some module declares', () => {
    const declared = new Set(MODULES.flatMap((m) => (m.permissions ?? []).map((p) => p.id)));
    for (const w of WEB_MODULES) {
      for (const r of [...(w.admin?.routes ?? []), ...(w.admin?.nav ?? [])]) {
        if (r.permission) expect(declared.has(r.permission), `${w.name}: ${r.permission}`).toBe(true);
      }
    }
  });

  it('each module ships its messages in both languages with the same keys', async () => {
    const keys = (o: unknown, prefix = ''): string[] =>
      o && typeof o === 'object'
        ? Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => keys(v, `${prefix}${k}.`))
        : [prefix.slice(0, -1)];
    for (const w of WEB_MODULES) {
      const [fr, en] = await Promise.all([w.messages('fr'), w.messages('en')]);
      expect(keys(en.default).sort(), w.name).toEqual(keys(fr.default).sort());
    }
  });
});
