/**
 * Topics residents follow and that acts, news and events are filed under. The commune edits the list
 * (setting `communication.topics`); ids are stable, labels are shown in French and English.
 */
import { z } from 'zod';
import { line } from '../../platform/validation/text';
import type { SettingDefinition } from '../../platform/settings/service';

export const TOPICS_KEY = 'communication.topics';

export const topicSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{2,40}$/),
  fr: line(80, { min: 2 }),
  en: line(80, { min: 2 }),
});
export type Topic = z.infer<typeof topicSchema>;
export const topicsSchema = z
  .array(topicSchema)
  .min(1)
  .max(60)
  .refine((list) => new Set(list.map((t) => t.id)).size === list.length, { message: 'duplicate topic id' });

/** A starting list close to the usual headings of a town hall's website and of its council's agenda. */
export const DEFAULT_TOPICS: Topic[] = [
  { id: 'urbanisme', fr: 'Urbanisme et logement', en: 'Planning and housing' },
  { id: 'travaux-voirie', fr: 'Travaux et voirie', en: 'Roadworks and streets' },
  { id: 'mobilite', fr: 'Transports et mobilité', en: 'Transport and mobility' },
  { id: 'environnement', fr: 'Environnement et propreté', en: 'Environment and cleanliness' },
  { id: 'education', fr: 'Écoles, enfance et jeunesse', en: 'Schools, children and youth' },
  { id: 'solidarite', fr: 'Solidarité et santé', en: 'Social support and health' },
  { id: 'culture', fr: 'Culture et patrimoine', en: 'Culture and heritage' },
  { id: 'sport', fr: 'Sport', en: 'Sport' },
  { id: 'associations', fr: 'Vie associative', en: 'Community associations' },
  { id: 'securite', fr: 'Sécurité et tranquillité', en: 'Safety' },
  { id: 'economie', fr: 'Commerce et économie', en: 'Shops and economy' },
  { id: 'finances', fr: 'Budget et finances', en: 'Budget and finances' },
  { id: 'institutions', fr: 'Conseil municipal et institutions', en: 'Council and institutions' },
  { id: 'participation', fr: 'Participation citoyenne', en: 'Public participation' },
];

export const TOPICS_SETTING: SettingDefinition<Topic[]> = { key: TOPICS_KEY, schema: topicsSchema, defaultValue: DEFAULT_TOPICS };
