import type { AppContext, ModuleManifest } from '../../platform/modules';
import { createAnalysisService, type AnalysisService } from './analysis/service';
import { catalogue, dataVersion, valuesOf } from './catalogue';
import type { ObservatoryServices } from './contract';
import { seedDemoObservatory } from './demo/seed';
import { OBSERVATORY_PROBLEM_MESSAGES } from './problems';
import { OBSERVATORY_AUTOMATED_FEATURES, observatoryRegisterEntries, rememberSettings } from './register';
import { OBSERVATORY_PERMISSIONS, observatoryRoutes } from './routes';
import { ANALYSIS_SETTING_KEY, DASHBOARD_SETTING_KEY, OBSERVATORY_SETTINGS, type AnalysisSetting, type DashboardSetting } from './settings';

/**
 * The observatory: a living map of territorial inequalities — indicator catalogue and imports,
 * composite index with its uncertainty, hotspots, weak signals and priority zones, each explained.
 * See README.md.
 */
declare module '../../platform/modules' {
  interface ModuleServices {
    observatory: ObservatoryServices;
  }
}

export const WARM_DASHBOARD_JOB = 'observatory.warm_dashboard';

/** One analysis service (and its thread) per running app. */
const analysisServices = new WeakMap<object, AnalysisService>();
export function analysisServiceFor(ctx: AppContext): AnalysisService {
  let service = analysisServices.get(ctx.database);
  if (!service) analysisServices.set(ctx.database, (service = createAnalysisService(ctx)));
  return service;
}

/** After an import: the dashboard's analysis is computed in the background, so the next visitor finds it ready. */
function scheduleWarmUp(ctx: AppContext): void {
  void (async () => {
    const version = await dataVersion(ctx.db);
    await ctx.jobs.enqueue(ctx.db, WARM_DASHBOARD_JOB, {}, { idempotencyKey: `${WARM_DASHBOARD_JOB}:${version}`, maxAttempts: 2 });
  })().catch((err) => ctx.log.warn({ err }, 'could not schedule the observatory dashboard warm-up'));
}

export const observatoryModule: ModuleManifest = {
  name: 'observatory',
  // Staff routes authenticate through accounts; zonings, outlines and hierarchy come from territory.
  dependsOn: ['accounts', 'territory'],
  // The portal page of `web/manifest.ts`.
  portalPaths: ['/observatoire'],
  problemMessages: OBSERVATORY_PROBLEM_MESSAGES,
  permissions: [
    { id: OBSERVATORY_PERMISSIONS.manage, description: 'Edit the indicator catalogue and import indicator values', roles: ['analyst'] },
    { id: OBSERVATORY_PERMISSIONS.review, description: 'Accept, set aside and annotate proposed priority zones', roles: ['analyst'] },
  ],
  automatedFeatures: OBSERVATORY_AUTOMATED_FEATURES,
  registerEntries: observatoryRegisterEntries,
  settings: OBSERVATORY_SETTINGS,
  jobs: (ctx) => ({
    [WARM_DASHBOARD_JOB]: async () => {
      const analyses = analysisServiceFor(ctx);
      const outcome = await analyses.request(await analyses.dashboardRequest(), 10 * 60_000);
      return outcome.status === 'done' ? { key: outcome.analysis.key, durationMs: outcome.analysis.durationMs } : { key: outcome.key, pending: true };
    },
  }),
  services: (ctx): ObservatoryServices => ({
    dataVersion: () => dataVersion(ctx.db),
    catalogue: () => catalogue(ctx),
    values: (zoning, indicator, year) => valuesOf(ctx, zoning, indicator, year),
  }),
  routes: (app, ctx) => observatoryRoutes(app, ctx, analysisServiceFor(ctx), () => scheduleWarmUp(ctx)),
  onStart: async (ctx) => {
    rememberSettings(await ctx.settings.get<AnalysisSetting>(ANALYSIS_SETTING_KEY), await ctx.settings.get<DashboardSetting>(DASHBOARD_SETTING_KEY));
  },
  seed: seedDemoObservatory,
};
