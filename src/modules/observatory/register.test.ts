/**
 * The observatory's register entries describe the method from the settings in force, not from
 * the defaults: an administrator who switches to PCA weights, a geometric mean or another false
 * discovery rate must see the register say so (the register is the public's account of it).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterContext } from '../../platform/register/types';
import { observatoryRegisterEntries, REGISTER_IDS, rememberSettings } from './register';
import { DEFAULT_ANALYSIS_SETTING, DEFAULT_DASHBOARD_SETTING, type AnalysisSetting, type DashboardSetting } from './settings';

const off = { enabled: false, baseUrl: null, model: null };
const context: RegisterContext = {
  organisation: { name: 'Ville de Test', contact: 'donnees@ville.test' },
  providers: { generation: off, embeddings: off, reranking: off },
  settingsChangedAt: '2026-11-02',
  retention: [],
};

function methods(analysis: AnalysisSetting, dashboard: DashboardSetting) {
  rememberSettings(analysis, dashboard);
  const entries = observatoryRegisterEntries(context);
  const entry = (id: string) => entries.find((e) => e.id === id)!;
  return { index: entry(REGISTER_IDS.index).method, hotspots: entry(REGISTER_IDS.hotspots).method, entries };
}

// The register keeps the last settings it was told: leave it as every other test expects it.
afterEach(() => rememberSettings(DEFAULT_ANALYSIS_SETTING, DEFAULT_DASHBOARD_SETTING));

describe('the observatory’s register entries', () => {
  it('describe the default method: its indicators, min-max, equal weights, arithmetic mean, 1,000 draws, 999 permutations at an FDR of 5 %', () => {
    const { index, hotspots, entries } = methods(DEFAULT_ANALYSIS_SETTING, DEFAULT_DASHBOARD_SETTING);
    expect(entries.map((e) => e.id)).toEqual([REGISTER_IDS.index, REGISTER_IDS.hotspots]);
    expect(index.fr).toContain('zonage « communes », indicateurs MED, TP60, CHOM, FTTH ; normalisation min-max sur 0–100');
    expect(index.fr).toContain('pondérations égales ; agrégation arithmétique ; valeur manquante : moyenne des voisins, à défaut valeur du territoire parent');
    expect(index.fr).toContain('1000 tirages de Monte-Carlo (graine 2024)');
    expect(index.fr).toContain('poids perturbés de ±25 %');
    expect(index.en).toContain('min-max on 0–100 normalisation');
    expect(index.en).toContain('equal weights; arithmetic aggregation');
    expect(hotspots.fr).toContain('999 permutations conditionnelles (graines 2025 pour le Moran local, 2026 pour Gi*)');
    expect(hotspots.fr).toContain('taux de fausses découvertes de 5\u00a0%');
    expect(hotspots.en).toContain('false discovery rate of 5%');
    for (const e of entries) expect(e.lastChange).toBe('2026-11-02');
  });

  it('follow the settings: PCA weights, geometric aggregation, exponential ranks, parent imputation, other draws, seed and FDR level', () => {
    const analysis: AnalysisSetting = { draws: 500, permutations: 199, alpha: 0.1, seed: 7, weightPerturbation: 0.1 };
    const dashboard: DashboardSetting = {
      zoning: 'iris',
      areaLabel: { fr: 'Lyon', en: 'Lyon' },
      indicators: ['CHOM', 'POP_DENS', 'DIST_D201'],
      normalisation: 'exponential-rank',
      weighting: 'pca',
      aggregation: 'geometric',
      missing: 'parent',
    };
    const { index, hotspots } = methods(analysis, dashboard);
    expect(index.fr).toContain('zonage « iris », indicateurs CHOM, POP_DENS, DIST_D201 ; normalisation rang exponentiel');
    expect(index.fr).toContain('pondérations issues d’une analyse en composantes principales ; agrégation géométrique ; valeur manquante : valeur du territoire parent');
    expect(index.fr).toContain('500 tirages de Monte-Carlo (graine 7)');
    expect(index.fr).toContain('poids perturbés de ±10 %');
    expect(index.en).toContain('exponential rank normalisation');
    expect(index.en).toContain('from a principal component analysis weights; geometric aggregation; missing value: value of the parent territory');
    expect(index.en).toContain('500 Monte Carlo draws (seed 7)');
    // Nothing of the defaults is left behind.
    for (const stale of ['égales', 'arithmétique', 'min-max', 'MED', '1000 tirages', 'graine 2024', '±25']) expect(index.fr).not.toContain(stale);
    for (const stale of ['equal weights', 'arithmetic', 'min-max', 'seed 2024']) expect(index.en).not.toContain(stale);

    // The LISA permutations are drawn from the seed after the index's, Gi*'s from the next (pipeline: seed + 1, seed + 2).
    expect(hotspots.fr).toContain('199 permutations conditionnelles (graines 8 pour le Moran local, 9 pour Gi*)');
    expect(hotspots.fr).toContain('taux de fausses découvertes de 10\u00a0%');
    expect(hotspots.en).toContain('199 conditional permutations (seeds 8 for local Moran, 9 for Gi*)');
    expect(hotspots.en).toContain('false discovery rate of 10%');
    expect(hotspots.fr).not.toContain('5\u00a0%');
  });

  it('write a fractional FDR level with the decimal mark of each language', () => {
    const { hotspots } = methods({ ...DEFAULT_ANALYSIS_SETTING, alpha: 0.025 }, DEFAULT_DASHBOARD_SETTING);
    expect(hotspots.fr).toContain('taux de fausses découvertes de 2,5\u00a0%');
    expect(hotspots.en).toContain('false discovery rate of 2.5%');
  });
});
