import type { AppContext, ModuleManifest } from '../../platform/modules';

/**
 * The communication module is made of parts (council acts, alerts and news, budget, agenda), each in
 * its own folder with its own tables, routes, jobs, settings and pages. A part declares the same
 * things a module's manifest does; `manifest.ts` joins them into the one module the platform sees.
 * Parts call each other through plain functions of the module (a part's `services` are visible to
 * the others as `ctx.services.communication.<part>`), never through each other's tables.
 */
export type CommunicationPart = Pick<
  ModuleManifest,
  'permissions' | 'automatedFeatures' | 'registerEntries' | 'retention' | 'jobs' | 'settings' | 'portalPaths' | 'problemMessages' | 'crossOriginPaths' | 'seed' | 'bootstrap' | 'onStart'
> & {
  name: 'acts' | 'alerts' | 'budget' | 'agenda';
  routes?: ModuleManifest['routes'];
  services?: (ctx: AppContext) => object;
};

/** Joins the parts into one manifest's fields: lists concatenated, maps merged, hooks run in order. */
export function joinParts(parts: readonly CommunicationPart[]): Omit<ModuleManifest, 'name' | 'dependsOn' | 'services'> & {
  services: (ctx: AppContext) => Record<string, object>;
} {
  const list = <T>(pick: (p: CommunicationPart) => readonly T[] | undefined): T[] => parts.flatMap((p) => pick(p) ?? []);
  const hooks = <A extends unknown[]>(pick: (p: CommunicationPart) => ((...a: A) => Promise<void>) | undefined) => {
    const fns = parts.map(pick).filter((f): f is (...a: A) => Promise<void> => !!f);
    return fns.length ? async (...a: A) => { for (const f of fns) await f(...a); } : undefined;
  };
  return {
    permissions: list((p) => p.permissions),
    automatedFeatures: list((p) => p.automatedFeatures),
    registerEntries: (rc) => parts.flatMap((p) => p.registerEntries?.(rc) ?? []),
    retention: list((p) => p.retention),
    jobs: (ctx) => Object.assign({}, ...parts.map((p) => p.jobs?.(ctx) ?? {})),
    settings: list((p) => p.settings),
    portalPaths: list((p) => p.portalPaths),
    crossOriginPaths: list((p) => p.crossOriginPaths),
    problemMessages: Object.assign({}, ...parts.map((p) => p.problemMessages ?? {})),
    seed: hooks((p) => p.seed),
    bootstrap: hooks((p) => p.bootstrap),
    onStart: hooks((p) => p.onStart),
    routes: async (app, ctx) => {
      for (const p of parts) await p.routes?.(app, ctx);
    },
    services: (ctx) => Object.fromEntries(parts.filter((p) => p.services).map((p) => [p.name, p.services!(ctx)])),
  };
}
