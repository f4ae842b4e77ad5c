import { z } from 'zod';

/**
 * Figures attached to a zone besides its population, each with its year and the id of its source
 * (`territory_sources`), as every figure Beffroi shows. Two kinds: a quantity (a count, a rate, an
 * amount) and a population by age band.
 */
export const ATTRIBUTE_UNITS = ['inhabitants', 'percent', 'euros', 'count', 'km2'] as const;

export const quantityAttributeSchema = z.object({
  kind: z.literal('quantity'),
  value: z.number(),
  unit: z.enum(ATTRIBUTE_UNITS),
  year: z.number().int(),
  sourceId: z.string(),
  /** An estimate (e.g. shared out by area), not a published figure. */
  estimated: z.boolean(),
});

export const ageBandSchema = z.object({
  minAge: z.number().int().min(0),
  /** Inclusive; null for "and over". */
  maxAge: z.number().int().min(0).nullable(),
  count: z.number().int().min(0),
});

export const ageBandsAttributeSchema = z.object({
  kind: z.literal('age_bands'),
  /** The bands published, in order; they may not cover every age (say so with `complete`). */
  bands: z.array(ageBandSchema),
  /** The bands cover every age, so they add up to the population. */
  complete: z.boolean(),
  year: z.number().int(),
  sourceId: z.string(),
  estimated: z.boolean(),
});

export const zoneAttributeSchema = z.discriminatedUnion('kind', [quantityAttributeSchema, ageBandsAttributeSchema]);
export const ATTRIBUTE_KEY_PATTERN = /^[a-z][a-z0-9_]*(\.[A-Za-z0-9_]+)?$/;
export const zoneAttributesSchema = z.record(z.string().regex(ATTRIBUTE_KEY_PATTERN), zoneAttributeSchema);

export type QuantityAttribute = z.infer<typeof quantityAttributeSchema>;
export type AgeBandsAttribute = z.infer<typeof ageBandsAttributeSchema>;
export type ZoneAttribute = z.infer<typeof zoneAttributeSchema>;
export type ZoneAttributes = z.infer<typeof zoneAttributesSchema>;

/** The key of the population by age band, read by `populations()` for representativeness. */
export const POPULATION_BY_AGE = 'population_by_age';

/** What the known attribute keys mean, in French and English (an unknown key is shown as is). */
export const ATTRIBUTE_LABELS: Record<string, { fr: string; en: string }> = {
  [POPULATION_BY_AGE]: { fr: 'Population par tranche d’âge', en: 'Population by age band' },
  population_previous: { fr: 'Population (recensement antérieur)', en: 'Population (earlier census)' },
  area_official: { fr: 'Superficie officielle', en: 'Official area' },
  income_median: { fr: 'Revenu disponible médian par unité de consommation', en: 'Median disposable income per consumption unit' },
  poverty_rate: { fr: 'Taux de pauvreté (seuil à 60 %)', en: 'Poverty rate (60 % threshold)' },
  unemployment_rate: { fr: 'Taux de chômage', en: 'Unemployment rate' },
  'equipment.A206': { fr: 'Bureaux de poste', en: 'Post offices' },
  'equipment.C101': { fr: 'Écoles maternelles', en: 'Nursery schools' },
  'equipment.C104': { fr: 'Écoles élémentaires', en: 'Primary schools' },
  'equipment.D201': { fr: 'Médecins généralistes', en: 'General practitioners' },
  'equipment.D301': { fr: 'Pharmacies', en: 'Pharmacies' },
  'equipment.D502': { fr: 'Établissements d’accueil du jeune enfant (crèches)', en: 'Childcare centres (crèches)' },
  'equipment.F101': { fr: 'Bassins de natation', en: 'Swimming pools' },
  'equipment.F303': { fr: 'Cinémas', en: 'Cinemas' },
};
