/**
 * The age bands a participant may declare (optional), and how they line up with the population by
 * age that the territory module publishes. Pure; no Node imports (the web shows the same list).
 */

export interface AgeBand {
  id: string;
  minAge: number;
  /** Inclusive; null for "and over". */
  maxAge: number | null;
  label: { fr: string; en: string };
}

export const AGE_BANDS: readonly AgeBand[] = [
  { id: 'under-18', minAge: 0, maxAge: 17, label: { fr: 'Moins de 18 ans', en: 'Under 18' } },
  { id: '18-29', minAge: 18, maxAge: 29, label: { fr: '18 à 29 ans', en: '18 to 29' } },
  { id: '30-44', minAge: 30, maxAge: 44, label: { fr: '30 à 44 ans', en: '30 to 44' } },
  { id: '45-59', minAge: 45, maxAge: 59, label: { fr: '45 à 59 ans', en: '45 to 59' } },
  { id: '60-74', minAge: 60, maxAge: 74, label: { fr: '60 à 74 ans', en: '60 to 74' } },
  { id: '75-plus', minAge: 75, maxAge: null, label: { fr: '75 ans et plus', en: '75 and over' } },
];

export const AGE_BAND_IDS = AGE_BANDS.map((b) => b.id) as [string, ...string[]];

export interface PopulationBand {
  minAge: number;
  maxAge: number | null;
  count: number;
}

/**
 * The population of each of our bands, from a source's bands: a band of ours is known only when
 * the source's bands inside it tile it exactly (no gap, none straddling its edges). Unknown → null.
 */
export function populationByOurBands(source: readonly PopulationBand[]): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const sorted = [...source].sort((a, b) => a.minAge - b.minAge);
  for (const band of AGE_BANDS) {
    const inside = sorted.filter((s) => s.minAge >= band.minAge && (band.maxAge === null || (s.maxAge !== null && s.maxAge <= band.maxAge)));
    let next = band.minAge;
    let total = 0;
    let tiled = inside.length > 0;
    for (const s of inside) {
      if (s.minAge !== next) {
        tiled = false;
        break;
      }
      total += s.count;
      if (s.maxAge === null) {
        next = Number.POSITIVE_INFINITY;
        break;
      }
      next = s.maxAge + 1;
    }
    const reachedEnd = band.maxAge === null ? next === Number.POSITIVE_INFINITY : next === band.maxAge + 1;
    out.set(band.id, tiled && reachedEnd ? total : null);
  }
  return out;
}
